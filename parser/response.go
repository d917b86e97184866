package parser

import "encoding/binary"

// Kind tells the three kinds of server response apart.
type Kind uint8

// The kinds of response.
const (
	KindNone         Kind = iota // not parsed
	KindUntagged                 // "*" ...: untagged status or data
	KindTagged                   // tag SP status: a command's completion
	KindContinuation             // "+" ...: a continuation request
)

var kindNames = [...]string{"none", "untagged", "tagged", "continuation"}

// String returns "untagged", "tagged" or "continuation".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// Status is the condition of a status response.
type Status uint8

// The statuses. StatusNone marks data responses and continuations.
const (
	StatusNone Status = iota
	StatusOK
	StatusNO
	StatusBAD
	StatusPREAUTH
	StatusBYE
)

var statusNames = [...]string{"", "OK", "NO", "BAD", "PREAUTH", "BYE"}

// String returns the status as sent on the wire ("OK", ...), or "" for
// StatusNone.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "Status(?)"
}

// DataType names an untagged data response.
type DataType uint8

// The data responses of RFC 9051, RFC 3501 and the common extensions.
const (
	DataNone       DataType = iota // a status response or a continuation
	DataCapability                 // CAPABILITY (RFC 9051)
	DataFlags                      // FLAGS
	DataExists                     // n EXISTS
	DataRecent                     // n RECENT (RFC 3501)
	DataExpunge                    // n EXPUNGE
	DataFetch                      // n FETCH
	DataList                       // LIST, with LIST-EXTENDED data
	DataLsub                       // LSUB (RFC 3501)
	DataStatus                     // STATUS mailbox (...)
	DataSearch                     // SEARCH, with CONDSTORE (MODSEQ n)
	DataESearch                    // ESEARCH (RFC 4731, RFC 9051)
	DataSort                       // SORT (RFC 5256)
	DataThread                     // THREAD (RFC 5256)
	DataNamespace                  // NAMESPACE (RFC 2342)
	DataEnabled                    // ENABLED (RFC 5161)
	DataID                         // ID (RFC 2971)
	DataQuota                      // QUOTA (RFC 9208)
	DataQuotaRoot                  // QUOTAROOT (RFC 9208)
	DataMetadata                   // METADATA (RFC 5464)
	DataACL                        // ACL (RFC 4314)
	DataListRights                 // LISTRIGHTS (RFC 4314)
	DataMyRights                   // MYRIGHTS (RFC 4314)
	DataVanished                   // VANISHED [(EARLIER)] (RFC 7162)
	DataUnknown                    // any other atom; its arguments are generic values
)

var dataNames = [...]string{
	DataNone: "", DataCapability: "CAPABILITY", DataFlags: "FLAGS", DataExists: "EXISTS",
	DataRecent: "RECENT", DataExpunge: "EXPUNGE", DataFetch: "FETCH", DataList: "LIST",
	DataLsub: "LSUB", DataStatus: "STATUS", DataSearch: "SEARCH", DataESearch: "ESEARCH",
	DataSort: "SORT", DataThread: "THREAD", DataNamespace: "NAMESPACE", DataEnabled: "ENABLED",
	DataID: "ID", DataQuota: "QUOTA", DataQuotaRoot: "QUOTAROOT", DataMetadata: "METADATA",
	DataACL: "ACL", DataListRights: "LISTRIGHTS", DataMyRights: "MYRIGHTS",
	DataVanished: "VANISHED", DataUnknown: "unknown",
}

// String returns the data response's name in upper case, "unknown" for
// DataUnknown and "" for DataNone.
func (d DataType) String() string {
	if int(d) < len(dataNames) {
		return dataNames[d]
	}
	return "DataType(?)"
}

// MaxStreamed is how many streamed or skipped literals a Response records.
const MaxStreamed = 4

// StreamedLiteral records a literal that a ResponseReader handed to its
// literal handler (or skipped) instead of holding it. In Raw the literal
// appears as an empty literal at Offset: its header with every digit of
// the size turned to "0", so "{1000}" CRLF becomes "{0000}" CRLF (and
// "~{300}" "~{000}"), the same length as what the server sent.
type StreamedLiteral struct {
	// Offset is the position of the placeholder's "{" (or "~") in Raw.
	Offset int
	// Size is the size the server announced.
	Size int64
}

// Response is one parsed server response. ParseResponse fills it; every
// byte slice aliases the message, so a Response is valid only as long as
// the message bytes are unchanged (for a ResponseReader: until the next
// call to Next). A Response may be reused: ParseResponse resets it.
//
// Nested data is not decoded up front: ParseResponse validates the whole
// message and the accessors (Fetch, List, Capabilities, Code accessors, ...)
// then walk the bytes again on demand, without allocating.
type Response struct {
	// Raw is the whole message, CRLF and literals included.
	Raw []byte
	// Kind tells untagged, tagged and continuation responses apart.
	Kind Kind
	// Tag is the tag of a tagged response, nil otherwise.
	Tag []byte
	// Status is the condition of a status response (OK, NO, BAD, PREAUTH,
	// BYE), StatusNone for data and continuations.
	Status Status

	// Code is the response code of a status response or continuation
	// ("[UIDNEXT 5]"), CodeNone without one. CodeName is its name as sent
	// and CodeArg the bytes after the name and its SP, up to the "]" (nil
	// when there are none). The typed accessors (UIDNext, CopyUID, ...)
	// read CodeArg.
	Code     Code
	CodeName []byte
	CodeArg  []byte
	// Text is the human-readable text of a status response, or the text
	// or base64 of a continuation request, without the CRLF. It may be
	// empty.
	Text []byte

	// Num is the message number of EXISTS, RECENT, EXPUNGE and FETCH.
	Num uint32
	// Type is the data response's type: DataNone for status responses
	// and continuations, DataUnknown for names this package does not know.
	Type DataType
	// Name is the data response's name as sent ("FETCH", "list", ...).
	Name []byte
	// Data holds the data response's arguments: the bytes after the name
	// and its SP, up to but not including the final CRLF. Data is nil when
	// there are none.
	Data []byte

	// Streamed lists, in order, the literals that a ResponseReader
	// streamed or skipped instead of holding (see StreamedLiteral); at
	// most MaxStreamed are recorded, NStreamed counts them all.
	Streamed  [MaxStreamed]StreamedLiteral
	NStreamed int

	viol       violations
	dataOff    int // offset of Data in Raw
	codeArgOff int // offset of CodeArg in Raw
	lim        *Limits
	lenient    bool
	valid      bool // ParseResponse succeeded: re-walks may trust the bytes
	items      [maxItemSpans]itemSpan
	nitems     int
	lists      listSpans
}

// Violations returns the deviations a lenient parser tolerated in this
// response, at most MaxViolations of them, in order of offset. The slice
// aliases r.
func (r *Response) Violations() []Violation {
	n := r.viol.n
	if n > MaxViolations {
		n = MaxViolations
	}
	return r.viol.list[:n]
}

// ViolationCount returns how many deviations were tolerated, which may be
// more than Violations holds.
func (r *Response) ViolationCount() int { return r.viol.n }

// DataOffset returns the offset of Data within Raw.
func (r *Response) DataOffset() int { return r.dataOff }

// Args returns an iterator over the data arguments as generic values
// (atoms, numbers, strings, NIL, lists), whatever the data type. It is the
// way to read a DataUnknown response.
func (r *Response) Args() ListIter {
	return r.dataValue().List()
}

// dataValue returns Data as the inside of a list, for walking.
func (r *Response) dataValue() Value {
	// The first entry of the walk record, when the data was recorded as a
	// list (ESEARCH): tapeList checks that it describes these bytes.
	return Value{Form: FormList, Raw: r.Data, Off: r.dataOff, lim: r.limits(), spans: r.walkSpans(), lenient: r.lenient, trusted: r.valid, ti: 1}
}

func (r *Response) limits() *Limits {
	if r.lim == nil {
		return &defaultLimits
	}
	return r.lim
}

// scanner returns a scanner over b, a sub-slice of Raw starting at offset
// off, in the response's mode, for the accessors' re-walks.
func (r *Response) scanner(b []byte, off int) scanner {
	s := newScanner(b, off, r.limits())
	s.lenient = r.lenient
	s.trusted = r.valid
	s.spans = r.walkSpans()
	return s
}

// reset empties r for parsing b. It clears every field but the fixed
// record arrays that a count guards (violations, FETCH item spans, list
// spans), whose stale entries are never read: zeroing the whole Response,
// about 900 bytes, cost more than parsing a short tagged completion.
// TestResponseResetClearsAll checks that no field is forgotten.
func (r *Response) reset(b []byte, lim *Limits, lenient bool) {
	// The pointer fields in one statement: the compiler checks for the
	// write barrier once per run of pointer stores.
	r.Raw, r.Tag, r.CodeName, r.CodeArg, r.Text, r.Name, r.Data, r.lim, r.lists.msg = b, nil, nil, nil, nil, nil, nil, lim, nil
	r.Kind, r.Status, r.Code, r.Num, r.Type = 0, 0, 0, 0, 0
	r.Streamed, r.NStreamed = [MaxStreamed]StreamedLiteral{}, 0
	r.viol.n, r.viol.lastSP = 0, 0
	r.dataOff, r.codeArgOff = 0, 0
	r.lenient, r.valid = lenient, false
	r.nitems = 0
	r.lists.n = 0
}

// walkSpans returns the list extents a trusted re-walk may use, or nil.
func (r *Response) walkSpans() *listSpans {
	if !r.valid || r.lists.n == 0 {
		return nil
	}
	return &r.lists
}

// ParseResponse parses b, which must hold exactly one complete server
// response as FrameResponse delimits it (its line, every literal it
// announces, and the final CRLF), into r. It validates the whole message
// against the grammar of its type in one pass, so an error names the first
// offending byte; on success the accessors of r walk the data without
// failing. r's slices alias b.
//
// With Options.Lenient, the deviations listed under ViolationKind are
// accepted and recorded in r.Violations.
func (p *Parser) ParseResponse(b []byte, r *Response) error {
	r.reset(b, p.limits(), p.lenient)
	if taggedStatus(b, r) {
		r.lists.record(b)
		r.valid = true
		return nil
	}
	return p.parseGeneral(b, r)
}

// parseGeneral is ParseResponse's path for every response that
// taggedStatus does not take, on a Response that reset has emptied.
func (p *Parser) parseGeneral(b []byte, r *Response) error {
	s := newScanner(b, 0, r.lim)
	s.lenient = p.lenient
	s.vs = &r.viol
	s.rec = r.lists.record(b)
	if err := parseResponse(&s, r); err != nil {
		return err
	}
	if !s.eof() {
		return s.errExpected("end of message")
	}
	r.valid = true
	return nil
}

// parseResponse reads response = continue-req / response-data /
// response-tagged (RFC 9051 section 9).
func parseResponse(s *scanner, r *Response) error {
	switch s.peek() {
	case '+':
		s.p++
		r.Kind = KindContinuation
		if s.eat(' ') {
			if err := respText(s, r); err != nil {
				return err
			}
		} else if !s.lenient || !s.atCRLF() {
			return s.errExpected("SP")
		} else {
			s.violation(ViolEmptyContinuation, s.p)
		}
		return lineEnd(s)
	case '*':
		s.p++
		r.Kind = KindUntagged
		if !s.eat(' ') { // (eat is inlined, sp is a call)
			return s.sp()
		}
		if charClass[s.peek()]&cDigit != 0 {
			return messageData(s, r)
		}
		name := s.run(cAtom)
		if len(name) == 0 {
			return s.errExpected("status or data name")
		}
		if st := statusOf(name); st != StatusNone {
			r.Status = st
			return statusRest(s, r)
		}
		if isMessageDataName(name) {
			// EXISTS, RECENT, EXPUNGE and FETCH follow a number.
			return s.errAt(s.p-len(name), "a number before EXISTS, RECENT, EXPUNGE or FETCH")
		}
		r.Name = name
		r.Type = dataTypeOf(name)
		return dataArgs(s, r)
	}
	r.Kind = KindTagged
	tag := s.run(cTag)
	if len(tag) == 0 {
		return s.errExpected(`tag, "*" or "+"`)
	}
	r.Tag = tag
	if err := s.sp(); err != nil {
		return err
	}
	start := s.p
	st := statusOf(s.run(cAtom))
	if st != StatusOK && st != StatusNO && st != StatusBAD {
		return s.errAt(start, `"OK", "NO" or "BAD"`)
	}
	r.Status = st
	return statusRest(s, r)
}

// taggedStatus parses b when it is a tagged completion in its common
// form, tag SP ("OK" / "NO" / "BAD") SP text CRLF with a text that does not
// start with "[" (no response code) and CRLF as b's last two octets, and
// reports whether it did. Anything else, malformed or not, is left to
// parseResponse, which starts again from b's first octet, so every error
// and violation is its own.
//
// A completion is short (about twenty octets) and streams of them are a
// client's common case: the general path runs the character-class loop
// over every octet and sets up a scanner. Here the tag is the only
// per-octet loop; the status is one 32-bit load folded to lower case
// (an octet ORed with 0x20 equals a lower-case letter only when it is
// that letter in either case), and the text, which RFC 9051 lets hold
// any octet but NUL, CR and LF, is checked eight octets at a time by
// textWords.
func taggedStatus(b []byte, r *Response) bool {
	t := 0
	for t < len(b) && charClass[b[t]]&cTag != 0 {
		t++
	}
	// The status word and the SP after it start at t+1; the text at p.
	if t == 0 || t+5 > len(b) || b[t] != ' ' {
		return false
	}
	w := binary.LittleEndian.Uint32(b[t+1 : t+5])
	var st Status
	p := t + 4
	switch {
	case w&0xffffff|0x2020 == 'o'|'k'<<8|' '<<16:
		st = StatusOK
	case w&0xffffff|0x2020 == 'n'|'o'<<8|' '<<16:
		st = StatusNO
	case w|0x202020 == 'b'|'a'<<8|'d'<<16|' '<<24:
		st, p = StatusBAD, t+5
	default:
		return false
	}
	end := len(b) - 2
	if end < p || b[end] != '\r' || b[end+1] != '\n' || (p < end && b[p] == '[') {
		return false
	}
	if end < 8 && !textOctets(b[p:end]) || end >= 8 && !textWords(b, p, end) {
		return false
	}
	r.Kind, r.Tag, r.Status, r.Text = KindTagged, b[:t], st, b[p:end]
	return true
}

// textWords reports whether b[p:end] holds no octet below 0x0e, reading
// words of eight octets (the last one overlapping the one before): text
// with none of them holds no NUL, CR or LF, the octets TEXT-CHAR excludes.
// One subtraction tests a whole word against all three; the other control
// octets below 0x0e (TAB, ...) are rare in status texts, and a text that
// has one is left to the general path, which allows them. A text shorter
// than a word is read in the word that ends where it does, whose first
// octets belong to what precedes it in b (a tag, a status and SPs, none
// below 0x0e). It needs end >= 8.
func textWords(b []byte, p, end int) bool {
	const low = 0x0e0e0e0e0e0e0e0e
	var acc uint64
	for ; p+8 < end; p += 8 {
		x := loadWord(b, p)
		acc |= (x - low) &^ x
	}
	x := loadWord(b, end-8)
	return (acc|(x-low)&^x)&tops8 == 0
}

// textOctets reports whether b holds no octet below 0x0e, octet by octet:
// textWords for the texts of lines shorter than a word.
func textOctets(b []byte) bool {
	for _, c := range b {
		if c < 0x0e {
			return false
		}
	}
	return true
}

// statusRest reads what follows the status: SP resp-text CRLF.
func statusRest(s *scanner, r *Response) error {
	if !s.eat(' ') {
		if s.lenient && s.atCRLF() {
			s.violation(ViolMissingText, s.p)
			return lineEnd(s)
		}
		return s.errExpected("SP")
	}
	if err := respText(s, r); err != nil {
		return err
	}
	return lineEnd(s)
}

// respText reads resp-text = ["[" resp-text-code "]" SP] [text].
func respText(s *scanner, r *Response) error {
	if s.peek() == '[' {
		s.p++
		if err := respTextCode(s, r); err != nil {
			return err
		}
		if !s.eat(']') {
			return s.errExpected(`"]"`)
		}
		if !s.eat(' ') {
			if s.lenient && s.atCRLF() {
				s.violation(ViolMissingText, s.p)
				return nil
			}
			return s.errExpected("SP after response code")
		}
	}
	r.Text = s.run(cText)
	return nil
}

// lineEnd reads the CRLF that ends the message's last line.
func lineEnd(s *scanner) error {
	at := s.p
	bare, err := s.crlf(s.lenient)
	if err != nil {
		return err
	}
	if bare {
		s.violation(ViolBareLF, at)
	}
	return nil
}

// statusOf maps a status name to its Status, StatusNone for other names.
func statusOf(b []byte) Status {
	switch len(b) {
	case 2:
		if equalFoldASCII(b, "OK") {
			return StatusOK
		}
		if equalFoldASCII(b, "NO") {
			return StatusNO
		}
	case 3:
		if equalFoldASCII(b, "BAD") {
			return StatusBAD
		}
		if equalFoldASCII(b, "BYE") {
			return StatusBYE
		}
	case 7:
		if equalFoldASCII(b, "PREAUTH") {
			return StatusPREAUTH
		}
	}
	return StatusNone
}

// upperName copies an atom of up to len(buf) bytes into buf in upper case,
// for switching on names without allocating; it returns "" for longer atoms.
func upperName(buf *[24]byte, b []byte) []byte {
	if len(b) > len(buf) {
		return nil
	}
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(b)]
}

// dataTypeOf maps a data name to its DataType.
func dataTypeOf(name []byte) DataType {
	var buf [24]byte
	switch string(upperName(&buf, name)) {
	case "CAPABILITY":
		return DataCapability
	case "FLAGS":
		return DataFlags
	case "LIST":
		return DataList
	case "LSUB":
		return DataLsub
	case "STATUS":
		return DataStatus
	case "SEARCH":
		return DataSearch
	case "ESEARCH":
		return DataESearch
	case "SORT":
		return DataSort
	case "THREAD":
		return DataThread
	case "NAMESPACE":
		return DataNamespace
	case "ENABLED":
		return DataEnabled
	case "ID":
		return DataID
	case "QUOTA":
		return DataQuota
	case "QUOTAROOT":
		return DataQuotaRoot
	case "METADATA":
		return DataMetadata
	case "ACL":
		return DataACL
	case "LISTRIGHTS":
		return DataListRights
	case "MYRIGHTS":
		return DataMyRights
	case "VANISHED":
		return DataVanished
	}
	return DataUnknown
}

// isMessageDataName reports whether name is one of the data names that
// follow a message number, so that "* FETCH" is refused rather than taken
// for an unknown data response.
func isMessageDataName(name []byte) bool {
	return equalFoldASCII(name, "EXISTS") || equalFoldASCII(name, "RECENT") ||
		equalFoldASCII(name, "EXPUNGE") || equalFoldASCII(name, "FETCH")
}

// messageData reads message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP
// msg-att)) and mailbox-data's number SP ("EXISTS" / "RECENT").
func messageData(s *scanner, r *Response) error {
	var n uint32
	ok := false
	if p := s.p; p >= 0 && p <= len(s.b)-8 {
		// A message number of one to seven digits (none overflows) from
		// one word, as s.number reads it; anything else by s.number.
		if d, k := digitRun8(loadWord(s.b, p)); k > 0 && k < 8 {
			n, s.p, ok = digitsValue(d, k), p+k, true
		}
	}
	if !ok {
		var err error
		if n, err = s.number(); err != nil {
			return err
		}
	}
	r.Num = n
	if !s.eat(' ') {
		return s.sp()
	}
	start := s.p
	if b := s.b; start >= 0 && start <= len(b)-8 &&
		binary.LittleEndian.Uint64(b[start:start+8])&0xffffffffffff|0x2020202020 == 'f'|'e'<<8|'t'<<16|'c'<<24|'h'<<32|' '<<40 {
		// "FETCH" and SP, the commonest by far, from one load (or-ing
		// 0x20 folds the letters only, and not the SP): the same name
		// and position as the general path below.
		r.Name, r.Type, s.p = b[start:start+5], DataFetch, start+5
		if n == 0 {
			return s.errAt(2, "nz-number")
		}
		return fetchArgs(s, r)
	}
	name := s.run(cAtom)
	r.Name = name
	switch {
	case equalFoldASCII(name, "EXISTS"):
		r.Type = DataExists
	case equalFoldASCII(name, "RECENT"):
		r.Type = DataRecent
	case equalFoldASCII(name, "EXPUNGE"):
		r.Type = DataExpunge
	case equalFoldASCII(name, "FETCH"):
		r.Type = DataFetch
	default:
		return s.errAt(start, `"EXISTS", "RECENT", "EXPUNGE" or "FETCH"`)
	}
	if r.Type != DataExists && r.Type != DataRecent && n == 0 {
		return s.errAt(2, "nz-number")
	}
	if r.Type != DataFetch {
		return lineEnd(s)
	}
	return dataArgs(s, r)
}

// fetchArgs is dataArgs for a FETCH response in strict mode whose name is
// followed by SP "(", the common case: the same steps (Data's offset,
// validateFetch, the CRLF, Data) without the calls to validateData and
// lineEnd, the CRLF read in place, or lineEnd for its error. Anything else
// goes to dataArgs.
func fetchArgs(s *scanner, r *Response) error {
	b, p := s.b, s.p
	if s.lenient || p < 0 || p+1 >= len(b) || b[p] != ' ' || b[p+1] != '(' {
		return dataArgs(s, r)
	}
	s.p, r.dataOff = p+1, p+1
	if err := validateFetch(s, r); err != nil {
		return err
	}
	end := s.p
	if q := end; q >= 0 && q+1 < len(b) && b[q] == '\r' && b[q+1] == '\n' {
		s.p = q + 2
	} else if err := lineEnd(s); err != nil {
		return err
	}
	if end > r.dataOff {
		r.Data = b[r.dataOff:end]
	}
	return nil
}

// dataArgs reads [SP arguments] CRLF of a data response: it records Data,
// validates the arguments by the data type's grammar and reads the CRLF.
// The validators start after the SP, or at the CRLF when there are no
// arguments, and stop before the CRLF.
func dataArgs(s *scanner, r *Response) error {
	if s.eat(' ') {
		if s.atCRLF() {
			if !s.lenient {
				return s.errExpected("data after SP")
			}
			s.violation(ViolTrailingSpace, s.p-1)
		}
	} else if !s.atCRLF() {
		return s.errExpected("SP")
	}
	r.dataOff = s.p
	if err := validateData(s, r); err != nil {
		return err
	}
	end := s.p
	if s.lenient && end > r.dataOff && s.vs.lastSP == s.base+end && s.atCRLF() {
		end-- // a tolerated trailing space (not a literal's last octet)
	}
	if err := lineEnd(s); err != nil {
		return err
	}
	if end > r.dataOff {
		r.Data = s.b[r.dataOff:end]
	}
	return nil
}
