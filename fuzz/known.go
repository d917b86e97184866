package fuzz

import (
	"bytes"
	"strings"
)

// KnownDifference names the documented difference between our parser and
// go-imap v2 that explains a disagreement on msg, or returns "". The list,
// with why each difference exists and an example, is KnownDifferences;
// differential_test.go checks every example against both parsers, so an
// entry that stops being true fails the tests. (The list lives outside the
// test file because the go-fuzz build of Differential needs it too.)
func KnownDifference(msg []byte, ours, theirs Verdict) string {
	for _, d := range KnownDifferences() {
		if d.OurAccept == ours.Accept && d.Match(msg, ours, theirs) {
			return d.Name
		}
	}
	return ""
}

// Difference is one documented way our parser and go-imap v2 disagree on
// whether a response is valid.
type Difference struct {
	// Name is a short name.
	Name string
	// Why says which side follows the RFC and why the other does not.
	Why string
	// OurAccept is our parser's verdict; go-imap's is the opposite.
	OurAccept bool
	// Match recognises a disagreement of this kind, from the message and
	// the reasons the refusing side gave.
	Match func(msg []byte, ours, theirs Verdict) bool
	// Example is a response that shows it (with the tag rewritten to
	// GoIMAPTag, as Compare does).
	Example string
}

func theirReason(s string) func([]byte, Verdict, Verdict) bool {
	return func(_ []byte, _, theirs Verdict) bool { return strings.Contains(theirs.Reason, s) }
}

func ourReason(s string) func([]byte, Verdict, Verdict) bool {
	return func(_ []byte, ours, _ Verdict) bool { return strings.Contains(ours.Reason, s) }
}

func withNUL(f func([]byte, Verdict, Verdict) bool) func([]byte, Verdict, Verdict) bool {
	return func(msg []byte, ours, theirs Verdict) bool {
		return bytes.IndexByte(msg, 0) >= 0 && f(msg, ours, theirs)
	}
}

// inResponseCode reports whether our parser refused the message inside its
// response code: between the "[" that follows the status and just past the
// first "]" after it.
func inResponseCode(msg []byte, ours, _ Verdict) bool {
	line := msg
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	open := bytes.IndexByte(line, '[')
	if open < 0 || ours.Offset < open {
		return false
	}
	end := bytes.IndexByte(line[open:], ']')
	if end < 0 {
		return true
	}
	return ours.Offset <= open+end+2
}

// atByte reports whether our parser refused the message at a byte c.
func atByte(c byte) func([]byte, Verdict, Verdict) bool {
	return func(msg []byte, ours, _ Verdict) bool {
		return ours.Offset >= 0 && ours.Offset < len(msg) && msg[ours.Offset] == c
	}
}

// afterTrailingSP reports whether our parser refused the message at the end
// of a line that a space precedes.
func afterTrailingSP(msg []byte, ours, _ Verdict) bool {
	o := ours.Offset
	if o <= 0 || o >= len(msg) || (msg[o-1] != ' ' && msg[o] != ' ') {
		return false
	}
	// One trailing space or several ("* ESEARCH  "), our error at the
	// space ("* 0 RECENT ") or after it (found by go test -fuzz on
	// Differential).
	for o < len(msg) && msg[o] == ' ' {
		o++
	}
	return o < len(msg) && (msg[o] == '\r' || msg[o] == '\n')
}

// oddStringList reports whether off is the ")" that closes a list holding
// only an odd number of plain quoted strings, one SP between each.
func oddStringList(m []byte, off int) bool {
	if off <= 0 || off >= len(m) || m[off] != ')' {
		return false
	}
	open := bytes.LastIndexByte(m[:off], '(')
	if open < 0 {
		return false
	}
	n := 0
	for i := open + 1; i < off; {
		if n > 0 {
			if m[i] != ' ' {
				return false
			}
			i++
		}
		if i >= off || m[i] != '"' {
			return false
		}
		end := bytes.IndexByte(m[i+1:off], '"')
		if end < 0 || bytes.IndexByte(m[i+1:i+1+end], '\\') >= 0 {
			return false
		}
		i += end + 2
		n++
	}
	return n%2 == 1
}

func startsWith(prefix string, f func([]byte, Verdict, Verdict) bool) func([]byte, Verdict, Verdict) bool {
	return func(msg []byte, ours, theirs Verdict) bool {
		return bytes.HasPrefix(msg, []byte(prefix)) && f(msg, ours, theirs)
	}
}

// KnownDifferences returns the documented differences, go-imap v2
// v2.0.0-beta.8 against our strict parser with default limits.
func KnownDifferences() []Difference {
	return []Difference{
		// go-imap v2 refuses what we accept.
		{Name: "goimap-unsupported-response", OurAccept: true,
			Why:     "go-imap v2 fails the connection on a data response it does not implement (LSUB, VANISHED, LISTRIGHTS, any extension); RFC 9051 section 7 lets a client ignore responses it does not know, so go-imap is too strict",
			Match:   theirReason("unsupported response type"),
			Example: "* VANISHED 405,407,410,425\r\n"},
		{Name: "goimap-unsupported-fetch-item", OurAccept: true,
			Why:     "go-imap v2 fails on FETCH items it does not implement (PREVIEW, SAVEDATE, EMAILID, THREADID, RFC822.HEADER, RFC822.TEXT, X- items); they are valid RFC 3501, RFC 8970, RFC 8514 and RFC 8474 items",
			Match:   theirReason("unsupported msg-att name"),
			Example: "* 1 FETCH (EMAILID (M6d99ac3275bb4e))\r\n"},
		{Name: "goimap-appenduid-set", OurAccept: true,
			Why:     "go-imap v2 reads one UID in [APPENDUID], but RFC 4315 (with MULTIAPPEND) sends a uid-set; go-imap is wrong",
			Match:   startsWith(GoIMAPTag+" OK [APPENDUID ", theirReason("expected ']'")),
			Example: "T1 OK [APPENDUID 38505 3955:3956] APPEND completed\r\n"},
		{Name: "goimap-binary-partial", OurAccept: true,
			Why:     `go-imap v2 does not read the "<origin>" of BINARY[section]<origin> in a FETCH response (RFC 3516 msg-att-static); go-imap is wrong`,
			Match:   theirReason(`expected SP, got "<"`),
			Example: "* 1 FETCH (BINARY[1]<0> ~{2}\r\n\x00\x01)\r\n"},
		{Name: "goimap-esearch", OurAccept: true,
			Why:     "go-imap v2 refuses ESEARCH responses without a search correlator and with some return data (RFC 4731, RFC 9051 section 7.3.4 examples); go-imap is wrong",
			Match:   startsWith("* ESEARCH", theirReason("")),
			Example: "* ESEARCH COUNT 18 ALL 1:17,21\r\n"},
		{Name: "goimap-id-nil-value", OurAccept: true,
			Why:     "go-imap v2 refuses an ID response whose field values include NIL; RFC 2971 allows an nstring; go-imap is wrong",
			Match:   theirReason("in id"),
			Example: "* ID (\"name\" \"Dovecot\" \"os\" NIL)\r\n"},
		{Name: "goimap-sort-modseq", OurAccept: true,
			Why:     "go-imap v2 does not read the (MODSEQ n) that RFC 7162 section 3.1.5 adds to SORT responses",
			Match:   startsWith("* SORT", theirReason("expected number")),
			Example: "* SORT 5 3 (MODSEQ 1234)\r\n"},
		{Name: "goimap-empty-param-key", OurAccept: true,
			Why: `go-imap v2 reads an empty attribute name ("") in a body parameter list as if the list ended there, so it refuses ("" "0") and takes ("") (see goimap-odd-param-list); an attribute is a string, and "" is one (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, t Verdict) bool {
				return theirReason("key without value")(m, o, t) && bytes.Contains(m, []byte(`""`))
			},
			Example: "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"\" \"0\") NIL NIL \"7BIT\" 0 0))\r\n"},

		{Name: "goimap-mutf7-mailbox", OurAccept: true,
			Why:     "go-imap v2 decodes mailbox names as modified UTF-7 and refuses names that are not; the grammar takes any astring (RFC 3501 section 5.1.3 only recommends the encoding), so we keep the bytes",
			Match:   theirReason("utf7"),
			Example: "* ACL & fred rwipslxetad\r\n"},

		// go-imap v2 accepts what we refuse.
		{Name: "goimap-zero-nz-number", OurAccept: false,
			Why:     "go-imap v2 takes 0 where the grammar says nz-number (message numbers of EXISTS/EXPUNGE/FETCH, UIDs, UIDVALIDITY); we refuse it",
			Match:   ourReason("nz-number"),
			Example: "* 0 EXPUNGE\r\n"},
		{Name: "goimap-lax-response-code", OurAccept: false,
			Why:     `go-imap v2 reads only the codes it uses (CAPABILITY, PERMANENTFLAGS, UIDNEXT, UIDVALIDITY, APPENDUID, COPYUID, HIGHESTMODSEQ) and skips any other "[...]" to its "]" unchecked, 8-bit atoms, missing arguments and missing text included; we check every code of RFC 9051, RFC 5530 and the extensions by its grammar`,
			Match:   inResponseCode,
			Example: "T1 OK [MODIFIED x] done\r\n"},
		{Name: "goimap-optional-sp-before-list", OurAccept: false,
			Why:     `go-imap v2 treats the SP before a "(" as optional everywhere (its Decoder.SP); the grammar requires it`,
			Match:   func(m []byte, o, t Verdict) bool { return ourReason("expected SP,")(m, o, t) && atByte('(')(m, o, t) },
			Example: "* 1 FETCH(UID 26)\r\n"},
		{Name: "goimap-sp-between-lists", OurAccept: false,
			Why: "go-imap v2 takes an SP between the addresses of an ENVELOPE address list and between the parts of a multipart body, where the grammar puts none (go-imap's own server sends it); we refuse it",
			Match: func(m []byte, o, _ Verdict) bool {
				return o.Offset >= 0 && o.Offset+1 < len(m) && m[o.Offset] == ' ' && m[o.Offset+1] == '('
			},
			Example: "* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\" \"b\") (NIL NIL \"c\" \"d\")) NIL NIL NIL NIL NIL NIL NIL))\r\n"},
		{Name: "goimap-8bit-atom", OurAccept: false,
			Why:     "go-imap v2 takes octets above 0x7f as ATOM-CHARs (capabilities, flags, atoms); ATOM-CHAR is 7-bit CHAR, so we refuse them (found by go-fuzz's sonar on Differential)",
			Match:   func(m []byte, o, _ Verdict) bool { return o.Offset >= 0 && o.Offset < len(m) && m[o.Offset] >= 0x80 },
			Example: "* ENABLED CONDSTORE QRESYNC\xef00\r\n"},
		{Name: "goimap-id-odd-list", OurAccept: false,
			Why: "go-imap v2 takes an ID parameter list with a field and no value; id-params-list pairs each field with a value (found by go-fuzz on Differential)",
			Match: func(m []byte, o, t Verdict) bool {
				return bytes.HasPrefix(m, []byte("* ID (")) && ourReason("expected SP")(m, o, t)
			},
			Example: "* ID (\"name\")\r\n"},
		{Name: "goimap-lax-date-time", OurAccept: false,
			Why:     `go-imap v2 reads date-time with Go's time.Parse, which takes a one-digit day without its leading space; date-day-fixed is (SP DIGIT) / 2DIGIT (found by go test -fuzz on Differential)`,
			Match:   ourReason("date-day-fixed"),
			Example: "* 1 FETCH (INTERNALDATE \"1-May-2020 10:00:00 +0000\")\r\n"},
		{Name: "goimap-numbered-status", OurAccept: false,
			Why: `go-imap v2 takes a status response after a message number ("* 0 OK", "* 5 NO x"); resp-cond-state and resp-cond-bye have no number, and message-data after one is only EXPUNGE or FETCH (EXISTS, RECENT) (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, t Verdict) bool {
				if !ourReason(`expected "EXISTS", "RECENT", "EXPUNGE" or "FETCH"`)(m, o, t) || o.Offset < 0 || o.Offset > len(m) {
					return false
				}
				rest := m[o.Offset:]
				for _, w := range []string{"OK", "NO", "BAD", "BYE", "PREAUTH"} {
					if bytes.HasPrefix(rest, []byte(w)) && len(rest) > len(w) && (rest[len(w)] == ' ' || rest[len(w)] == '\r') {
						return true
					}
				}
				return false
			},
			Example: "* 0 OK\r\n"},
		{Name: "goimap-empty-capability", OurAccept: false,
			Why:     "go-imap v2 takes CAPABILITY data with no capability at all; capability-data requires at least IMAP4rev1 or IMAP4rev2 (found by go test -fuzz on Differential)",
			Match:   ourReason("expected capability"),
			Example: "* CAPABILITY\r\n"},
		{Name: "goimap-message-data-without-number", OurAccept: false,
			Why:     "go-imap v2 takes EXISTS, RECENT and EXPUNGE without their message number; message-data and mailbox-data require it",
			Match:   ourReason("a number before"),
			Example: "* EXPUNGE\r\n"},
		{Name: "depth-limit", OurAccept: false,
			Why:     "our default MaxDepth (64) refuses deeper lists and body structures, a configured limit; go-imap v2's own limit is higher",
			Match:   ourReason("within MaxDepth"),
			Example: "* THREAD " + strings.Repeat("(1 ", 70) + "1" + strings.Repeat(")", 70) + "\r\n"},
		{Name: "goimap-any-escape", OurAccept: false,
			Why:     `go-imap v2 takes any character after "\" in a quoted string; RFC 9051 allows only "\\" and "\""`,
			Match:   ourReason(`quoted-specials after "\"`),
			Example: "* LIST () \"/\" \"a\\bc\"\r\n"},
		{Name: "goimap-nul-in-quoted", OurAccept: false,
			Why:     "go-imap v2 takes NUL inside a quoted string; QUOTED-CHAR excludes it",
			Match:   withNUL(ourReason("QUOTED-CHAR")),
			Example: "* 1 FETCH (ENVELOPE (\"date\x00\" NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"},
		{Name: "goimap-nul-in-text", OurAccept: false,
			Why:     "go-imap v2 takes NUL in resp-text; TEXT-CHAR excludes it",
			Match:   withNUL(ourReason("expected CRLF")),
			Example: "* OK hello\x00world\r\n"},
		{Name: "goimap-nul-in-literal", OurAccept: false,
			Why:     "go-imap v2 takes NUL in a literal ({n}); a literal is *CHAR8, which excludes NUL, and only literal8 (~{n}) may carry it (found by go test -fuzz on Differential)",
			Match:   withNUL(ourReason("NUL is only allowed in literal8")),
			Example: "* 1 FETCH (BODY[] {3}\r\na\x00b)\r\n"},
		{Name: "missing-text", OurAccept: false,
			Why: "go-imap v2 tolerates a status response without text (servers do send it, go-imap issues 500 and 502); the grammar requires SP text, so our strict parser refuses it and the lenient one reports ViolMissingText",
			Match: func(m []byte, o, t Verdict) bool {
				return ourReason("expected SP")(m, o, t) && strings.Contains(o.Reason, "end of line")
			},
			Example: "T1 OK\r\n"},
		{Name: "trailing-space", OurAccept: false,
			Why:     "go-imap v2 tolerates spaces before the CRLF of CAPABILITY, SEARCH, ESEARCH and RECENT data; the grammar allows none, so our strict parser refuses them, and the lenient one accepts a single trailing space (the deviation servers are known for) and reports ViolTrailingSpace",
			Match:   afterTrailingSP,
			Example: "* SEARCH 1 2 3 \r\n"},
		{Name: "goimap-empty-fetch", OurAccept: false,
			Why:     `go-imap v2 takes "FETCH ()", but msg-att holds at least one item`,
			Match:   ourReason("expected FETCH item name"),
			Example: "* 1 FETCH ()\r\n"},
		{Name: "goimap-brace-in-atom", OurAccept: false,
			Why: `go-imap v2 reads a "{" that starts no valid literal as part of an atom (a LIST mailbox "{A", METADATA "{0A"); "{" is an atom-special, so we read a literal and refuse its size or want its "}" (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, t Verdict) bool {
				if o.Offset <= 0 || o.Offset > len(m) || !(ourReason("number64")(m, o, t) || ourReason(`expected "}"`)(m, o, t)) {
					return false
				}
				// The "{" that opened the would-be literal, then digits
				// (and a "+", as in "{00+0").
				i := o.Offset - 1
				for i > 0 && (m[i] >= '0' && m[i] <= '9' || m[i] == '+') {
					i--
				}
				return m[i] == '{'
			},
			Example: "* LIST () \"/\" {A\r\n"},
		{Name: "goimap-empty-list", OurAccept: false,
			Why: `go-imap v2 takes "()" where the grammar wants a non-empty list or NIL, such as body parameters (body-fld-param) (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return o.Offset > 0 && o.Offset < len(m) && m[o.Offset] == ')' && m[o.Offset-1] == '('
			},
			Example: "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" () NIL NIL \"7BIT\" 0))\r\n"},
		{Name: "goimap-no-sp-before-list", OurAccept: false,
			Why: `go-imap v2 takes a parenthesised list straight after a string with no SP between them, as a multipart's parameters after its subtype ("MIXED"("A" "B")); body-ext-mpart wants SP before body-fld-param (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return strings.Contains(o.Reason, `expected ")"`) && o.Offset > 0 && o.Offset < len(m) && m[o.Offset] == '(' && m[o.Offset-1] == '"'
			},
			Example: "* 1 FETCH (BODY ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0) \"MIXED\"(\"A\" \"B\")))\r\n"},
		{Name: "goimap-text-no-lines", OurAccept: false,
			Why: `go-imap v2 takes a TEXT body part that ends after its size, without body-fld-lines; body-type-text requires SP body-fld-lines (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return strings.Contains(o.Reason, "expected SP") && o.Offset > 0 && o.Offset < len(m) && m[o.Offset] == ')' &&
					m[o.Offset-1] >= '0' && m[o.Offset-1] <= '9' && bytes.Contains(bytes.ToUpper(m), []byte(`"TEXT"`))
			},
			Example: "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 12))\r\n"},
		{Name: "goimap-loose-time", OurAccept: false,
			Why:     `go-imap v2 parses date-time with Go's time package, which takes a one-digit hour ("9:00:00"); the grammar's time is 2DIGIT ":" 2DIGIT ":" 2DIGIT (found by go test -fuzz on Differential)`,
			Match:   ourReason("expected time"),
			Example: "* 1 FETCH (INTERNALDATE \"01-Nov-2026 9:00:00 +0000\")\r\n"},
		{Name: "goimap-space-after-paren", OurAccept: false,
			Why: `go-imap v2 skips a space right after a list's "(" ("FLAGS ( \Seen)"); no list in the grammar starts with SP (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return o.Offset > 0 && o.Offset < len(m) && m[o.Offset] == ' ' && m[o.Offset-1] == '('
			},
			Example: "* FLAGS ( \\Seen)\r\n"},
		{Name: "goimap-thread-no-sp", OurAccept: false,
			Why: `go-imap v2 takes a nested thread list straight after a message number with no SP ("(1(2)(3))"); thread-members wants SP before a thread-list (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return bytes.HasPrefix(m, []byte("* THREAD ")) && o.Offset > 0 && o.Offset < len(m) && m[o.Offset] == '(' && m[o.Offset-1] >= '0' && m[o.Offset-1] <= '9'
			},
			Example: "* THREAD (1(2)(3))\r\n"},
		{Name: "goimap-double-space", OurAccept: false,
			Why: `go-imap v2 reads two or more SPs where the grammar has one ("* ESEARCH  UID"); we want the element after the first (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return o.Offset > 0 && o.Offset < len(m) && m[o.Offset] == ' ' && m[o.Offset-1] == ' '
			},
			Example: "* ESEARCH  UID COUNT 2\r\n"},
		{Name: "goimap-cr-delimiter", OurAccept: false,
			Why: `go-imap v2 takes a CR as a LIST hierarchy delimiter ("\r"); the delimiter is a QUOTED-CHAR, which excludes CR (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return strings.Contains(o.Reason, "hierarchy delimiter") && o.Offset+1 < len(m) && m[o.Offset] == '"' && m[o.Offset+1] == '\r'
			},
			Example: "* LIST () \"\r\" INBOX\r\n"},
		{Name: "goimap-odd-param-list", OurAccept: false,
			Why: `go-imap v2 takes a FETCH body parameter list whose last attribute is an empty string with no value (it refuses other odd lists: it reads "" as the end of the list, see goimap-empty-param-key); body-fld-param is attribute/value pairs, so we want a SP and a value where the list closes (found by go test -fuzz on Differential)`,
			Match: func(m []byte, o, _ Verdict) bool {
				return bytes.Contains(m, []byte(" FETCH ")) && oddStringList(m, o.Offset) && bytes.HasSuffix(m[:o.Offset], []byte(`""`))
			},
			Example: "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"\") NIL NIL \"7BIT\" 0))\r\n"},
	}
}
