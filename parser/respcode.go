package parser

// Code names a response code (RFC 9051 "resp-text-code" and the codes of
// RFC 5530, UIDPLUS, CONDSTORE and other extensions).
type Code uint8

// The response codes. CodeUnknown is any other atom, with optional text.
const (
	CodeNone                 Code = iota
	CodeAlert                     // ALERT
	CodeBadCharset                // BADCHARSET [SP "(" charset ... ")"]
	CodeCapability                // CAPABILITY SP capability-data
	CodeParse                     // PARSE
	CodePermanentFlags            // PERMANENTFLAGS SP "(" [flag-perm *(SP flag-perm)] ")"
	CodeReadOnly                  // READ-ONLY
	CodeReadWrite                 // READ-WRITE
	CodeTryCreate                 // TRYCREATE
	CodeUIDNext                   // UIDNEXT SP nz-number
	CodeUIDValidity               // UIDVALIDITY SP nz-number
	CodeUnseen                    // UNSEEN SP nz-number
	CodeAppendUID                 // APPENDUID SP nz-number SP uid-set (RFC 4315)
	CodeCopyUID                   // COPYUID SP nz-number SP uid-set SP uid-set (RFC 4315)
	CodeUIDNotSticky              // UIDNOTSTICKY (RFC 4315)
	CodeHighestModSeq             // HIGHESTMODSEQ SP mod-sequence-value (RFC 7162)
	CodeNoModSeq                  // NOMODSEQ (RFC 7162)
	CodeModified                  // MODIFIED SP sequence-set (RFC 7162)
	CodeClosed                    // CLOSED (RFC 7162)
	CodeUnavailable               // UNAVAILABLE (RFC 5530)
	CodeAuthenticationFailed      // AUTHENTICATIONFAILED (RFC 5530)
	CodeAuthorizationFailed       // AUTHORIZATIONFAILED (RFC 5530)
	CodeExpired                   // EXPIRED (RFC 5530)
	CodePrivacyRequired           // PRIVACYREQUIRED (RFC 5530)
	CodeContactAdmin              // CONTACTADMIN (RFC 5530)
	CodeNoPerm                    // NOPERM (RFC 5530)
	CodeInUse                     // INUSE (RFC 5530)
	CodeExpungeIssued             // EXPUNGEISSUED (RFC 5530)
	CodeCorruption                // CORRUPTION (RFC 5530)
	CodeServerBug                 // SERVERBUG (RFC 5530)
	CodeClientBug                 // CLIENTBUG (RFC 5530)
	CodeCannot                    // CANNOT (RFC 5530)
	CodeLimit                     // LIMIT (RFC 5530)
	CodeOverQuota                 // OVERQUOTA (RFC 5530)
	CodeAlreadyExists             // ALREADYEXISTS (RFC 5530)
	CodeNonExistent               // NONEXISTENT (RFC 5530)
	CodeHasChildren               // HASCHILDREN (RFC 9051)
	CodeNotSaved                  // NOTSAVED (RFC 5182)
	CodeUnknownCTE                // UNKNOWN-CTE (RFC 3516)
	CodeUseAttr                   // USEATTR (RFC 6154)
	CodeCompressionActive         // COMPRESSIONACTIVE (RFC 4978)
	CodeTooBig                    // TOOBIG (RFC 4469)
	CodeMetadata                  // METADATA SP (LONGENTRIES n / MAXSIZE n / TOOMANY / NOPRIVATE) (RFC 5464)
	CodeUnknown                   // any other atom [SP text]
)

// codeNames lists each code's name, indexed by Code.
var codeNames = [...]string{
	CodeNone: "", CodeAlert: "ALERT", CodeBadCharset: "BADCHARSET", CodeCapability: "CAPABILITY",
	CodeParse: "PARSE", CodePermanentFlags: "PERMANENTFLAGS", CodeReadOnly: "READ-ONLY",
	CodeReadWrite: "READ-WRITE", CodeTryCreate: "TRYCREATE", CodeUIDNext: "UIDNEXT",
	CodeUIDValidity: "UIDVALIDITY", CodeUnseen: "UNSEEN", CodeAppendUID: "APPENDUID",
	CodeCopyUID: "COPYUID", CodeUIDNotSticky: "UIDNOTSTICKY", CodeHighestModSeq: "HIGHESTMODSEQ",
	CodeNoModSeq: "NOMODSEQ", CodeModified: "MODIFIED", CodeClosed: "CLOSED",
	CodeUnavailable: "UNAVAILABLE", CodeAuthenticationFailed: "AUTHENTICATIONFAILED",
	CodeAuthorizationFailed: "AUTHORIZATIONFAILED", CodeExpired: "EXPIRED",
	CodePrivacyRequired: "PRIVACYREQUIRED", CodeContactAdmin: "CONTACTADMIN", CodeNoPerm: "NOPERM",
	CodeInUse: "INUSE", CodeExpungeIssued: "EXPUNGEISSUED", CodeCorruption: "CORRUPTION",
	CodeServerBug: "SERVERBUG", CodeClientBug: "CLIENTBUG", CodeCannot: "CANNOT", CodeLimit: "LIMIT",
	CodeOverQuota: "OVERQUOTA", CodeAlreadyExists: "ALREADYEXISTS", CodeNonExistent: "NONEXISTENT",
	CodeHasChildren: "HASCHILDREN", CodeNotSaved: "NOTSAVED", CodeUnknownCTE: "UNKNOWN-CTE",
	CodeUseAttr: "USEATTR", CodeCompressionActive: "COMPRESSIONACTIVE", CodeTooBig: "TOOBIG",
	CodeMetadata: "METADATA", CodeUnknown: "unknown",
}

// String returns the code's name as sent ("UIDNEXT"), "unknown" for
// CodeUnknown and "" for CodeNone.
func (c Code) String() string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "Code(?)"
}

// codeOf maps a code name to its Code.
func codeOf(name []byte) Code {
	var buf [24]byte
	u := upperName(&buf, name)
	if u == nil {
		return CodeUnknown
	}
	for c := CodeAlert; c < CodeUnknown; c++ {
		if codeNames[c] == string(u) {
			return c
		}
	}
	return CodeUnknown
}

// respTextCode reads resp-text-code after its "[", up to but not
// including the "]", and fills Code, CodeName and CodeArg.
func respTextCode(s *scanner, r *Response) error {
	name := s.run(cAtom)
	if len(name) == 0 {
		return s.errExpected("response code")
	}
	r.CodeName = name
	r.Code = codeOf(name)
	return respTextCodeArgs(s, r)
}

// respTextCodeArgs reads the arguments of r.Code, if it has any, and
// records them as r.CodeArg.
func respTextCodeArgs(s *scanner, r *Response) error {
	start := s.p
	if err := codeArgs(s, r.Code); err != nil {
		return err
	}
	if s.p > start {
		// Drop the SP that separates the name from the arguments.
		r.CodeArg = s.b[start+1 : s.p]
		r.codeArgOff = start + 1
	}
	return nil
}

// codeArgs reads [SP arguments] of response code c by its grammar.
func codeArgs(s *scanner, c Code) error {
	switch c {
	case CodeBadCharset:
		if !s.eat(' ') {
			return nil
		}
		return parenList(s, "charset", elemAString)
	case CodeCapability:
		if err := s.sp(); err != nil {
			return err
		}
		return capabilityData(s, false)
	case CodePermanentFlags:
		if err := s.sp(); err != nil {
			return err
		}
		return flagList(s, true)
	case CodeUIDNext, CodeUIDValidity, CodeUnseen:
		if err := s.sp(); err != nil {
			return err
		}
		_, err := s.nzNumber()
		return err
	case CodeAppendUID, CodeCopyUID:
		if err := s.sp(); err != nil {
			return err
		}
		if _, err := s.nzNumber(); err != nil {
			return err
		}
		n := 1
		if c == CodeCopyUID {
			n = 2
		}
		for k := 0; k < n; k++ {
			if err := s.sp(); err != nil {
				return err
			}
			if _, err := s.seqSet(false, false); err != nil {
				return err
			}
		}
		return nil
	case CodeHighestModSeq:
		if err := s.sp(); err != nil {
			return err
		}
		_, err := s.number64()
		return err
	case CodeModified:
		if err := s.sp(); err != nil {
			return err
		}
		_, err := s.seqSet(false, false)
		return err
	case CodeUnknown, CodeMetadata:
		// atom [SP 1*<any TEXT-CHAR except "]">]
		if !s.eat(' ') {
			return nil
		}
		start := s.p
		for s.p < len(s.b) && charClass[s.b[s.p]]&cText != 0 && s.b[s.p] != ']' {
			s.p++
		}
		if s.p == start {
			return s.errExpected(`text after response code`)
		}
		return nil
	}
	// The codes without arguments.
	return nil
}

// codeScanner returns a scanner over CodeArg.
func (r *Response) codeScanner() scanner { return r.scanner(r.CodeArg, r.codeArgOff) }

// codeNumber returns the number argument of code c.
func (r *Response) codeNumber(c Code) (uint64, bool) {
	if r.Code != c {
		return 0, false
	}
	s := r.codeScanner()
	n, err := s.number64()
	return n, err == nil
}

// UIDNext returns the argument of [UIDNEXT n].
func (r *Response) UIDNext() (uint32, bool) {
	n, ok := r.codeNumber(CodeUIDNext)
	return uint32(n), ok
}

// UIDValidity returns the argument of [UIDVALIDITY n].
func (r *Response) UIDValidity() (uint32, bool) {
	n, ok := r.codeNumber(CodeUIDValidity)
	return uint32(n), ok
}

// Unseen returns the argument of [UNSEEN n].
func (r *Response) Unseen() (uint32, bool) {
	n, ok := r.codeNumber(CodeUnseen)
	return uint32(n), ok
}

// HighestModSeq returns the argument of [HIGHESTMODSEQ n].
func (r *Response) HighestModSeq() (uint64, bool) {
	return r.codeNumber(CodeHighestModSeq)
}

// AppendUID returns the arguments of [APPENDUID uidvalidity uid-set].
func (r *Response) AppendUID() (uidValidity uint32, uids SeqSet, ok bool) {
	if r.Code != CodeAppendUID {
		return 0, SeqSet{}, false
	}
	s := r.codeScanner()
	v, err := s.nzNumber()
	if err != nil || !s.eat(' ') {
		return 0, SeqSet{}, false
	}
	return v, SeqSet{Raw: s.b[s.p:]}, true
}

// CopyUID returns the arguments of [COPYUID uidvalidity source-uids
// destination-uids].
func (r *Response) CopyUID() (uidValidity uint32, src, dst SeqSet, ok bool) {
	if r.Code != CodeCopyUID {
		return 0, SeqSet{}, SeqSet{}, false
	}
	s := r.codeScanner()
	v, err := s.nzNumber()
	if err != nil || !s.eat(' ') {
		return 0, SeqSet{}, SeqSet{}, false
	}
	a, err := s.seqSet(false, false)
	if err != nil || !s.eat(' ') {
		return 0, SeqSet{}, SeqSet{}, false
	}
	return v, a, SeqSet{Raw: s.b[s.p:]}, true
}

// Modified returns the set of [MODIFIED sequence-set].
func (r *Response) Modified() (SeqSet, bool) {
	if r.Code != CodeModified {
		return SeqSet{}, false
	}
	return SeqSet{Raw: r.CodeArg}, true
}

// PermanentFlags returns the flags of [PERMANENTFLAGS (...)], "\*"
// included.
func (r *Response) PermanentFlags() (AtomIter, bool) {
	if r.Code != CodePermanentFlags || len(r.CodeArg) < 2 {
		return AtomIter{}, false
	}
	return r.atoms(r.CodeArg[1:len(r.CodeArg)-1], r.codeArgOff+1), true
}

// BadCharsets returns the charsets listed by [BADCHARSET (...)]; the list
// may be empty.
func (r *Response) BadCharsets() ListIter {
	if r.Code != CodeBadCharset || len(r.CodeArg) < 2 {
		return ListIter{done: true}
	}
	return Value{Form: FormList, Raw: r.CodeArg[1 : len(r.CodeArg)-1], Off: r.codeArgOff + 1, lim: r.limits(), spans: r.walkSpans(), lenient: r.lenient, trusted: r.valid}.List()
}
