package parser

import "bytes"

// Character classes of RFC 9051 section 9 (formal syntax), one bit each.
const (
	cAtom    = 1 << iota // ATOM-CHAR: CHAR except atom-specials
	cAString             // ASTRING-CHAR: ATOM-CHAR / resp-specials
	cTag                 // tag: ASTRING-CHAR except "+"
	cText                // TEXT-CHAR (any CHAR except CR and LF), and UTF-8 octets
	cQuoted              // QUOTED-CHAR that needs no escape, and UTF-8 octets
	cList                // list-char: ATOM-CHAR / list-wildcards / resp-specials
	cDigit               // DIGIT
)

// charClass maps each octet to its class bits. It is computed once and
// never written afterwards.
var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		var k uint8
		isCTL := c < 0x20 || c == 0x7f
		if c >= 0x80 {
			// 8-bit octets: allowed in quoted strings and text as UTF-8
			// (RFC 9051, RFC 6855), never in atoms.
			t[c] = cText | cQuoted
			continue
		}
		atomSpecial := isCTL || c == '(' || c == ')' || c == '{' || c == ' ' ||
			c == '%' || c == '*' || c == '"' || c == '\\' || c == ']'
		if !atomSpecial {
			k |= cAtom | cAString | cList
			if c != '+' {
				k |= cTag
			}
		}
		if c == ']' {
			k |= cAString | cTag | cList
		}
		if c == '%' || c == '*' {
			k |= cList
		}
		if c != 0 && c != '\r' && c != '\n' {
			k |= cText
			if c != '"' && c != '\\' {
				k |= cQuoted
			}
		}
		if c >= '0' && c <= '9' {
			k |= cDigit
		}
		t[c] = k
	}
	return t
}()

// isAtomChar reports whether c is an ATOM-CHAR.
func isAtomChar(c byte) bool { return charClass[c]&cAtom != 0 }

// scanner reads RFC 9051 grammar elements from one framed message. It is a
// small value kept on the caller's stack; nothing it does allocates except
// building an *Error.
type scanner struct {
	b    []byte // the bytes being scanned
	p    int    // current position in b
	base int    // offset of b[0] within the whole message, for errors
	lim  *Limits
	// lenient accepts the known server deviations (see ViolationKind);
	// vs, when not nil, records each one. Iterators that re-walk a message
	// already validated keep lenient and leave vs nil.
	lenient bool
	vs      *violations
	// trusted marks a re-walk of bytes that ParseResponse validated:
	// lists and strings are then skipped by their delimiters alone. On
	// bytes that were not validated it yields garbage, never a panic.
	trusted bool
	// rec, when not nil, is where validation records list extents;
	// spans, in a trusted re-walk, is where they are looked up.
	rec, spans *listSpans
	// lookahead counts the bytes oddQuotesAhead has read for this
	// scanner, so that hostile input cannot make lenient recovery
	// quadratic.
	lookahead int
}

// newScanner returns a scanner over b whose error offsets are counted from
// base. lim must have been through Limits.Resolved.
func newScanner(b []byte, base int, lim *Limits) scanner {
	return scanner{b: b, base: base, lim: lim}
}

// errExpected builds the error for "expected X here". Kept out of line: errors are the
// cold path, and inlining one would keep the hot helpers that build it
// (expect, sp) from being inlined themselves.
//
//go:noinline
func (s *scanner) errExpected(expected string) error {
	return &Error{Offset: s.base + s.p, Expected: expected, Found: foundAt(s.b, s.p)}
}

// errAt builds an error at position p of b. Kept out of line: errors are the
// cold path, and inlining one would keep the hot helpers that build it
// (expect, sp) from being inlined themselves.
//
//go:noinline
func (s *scanner) errAt(p int, expected string) error {
	return &Error{Offset: s.base + p, Expected: expected, Found: foundAt(s.b, p)}
}

// errLimit builds a limit error at position p. Kept out of line: errors are the
// cold path, and inlining one would keep the hot helpers that build it
// (expect, sp) from being inlined themselves.
//
//go:noinline
func (s *scanner) errLimit(p int, what string) error {
	return &Error{Offset: s.base + p, Expected: what, Found: foundAt(s.b, p), Err: ErrLimit}
}

// Offset returns the position of the scanner within the whole message.
func (s *scanner) offset() int { return s.base + s.p }

// eof reports whether the scanner is at the end of its bytes.
func (s *scanner) eof() bool { return s.p >= len(s.b) }

// peek returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	if s.p < len(s.b) {
		return s.b[s.p]
	}
	return 0
}

// eat consumes c if it is next.
func (s *scanner) eat(c byte) bool {
	if s.p < len(s.b) && s.b[s.p] == c {
		s.p++
		return true
	}
	return false
}

// expect consumes c or fails with "expected name".
func (s *scanner) expect(c byte, name string) error {
	if p := s.p; p < len(s.b) && s.b[p] == c {
		s.p = p + 1
		return nil
	}
	return s.errExpected(name)
}

// sp consumes one SP.
func (s *scanner) sp() error { return s.expect(' ', "SP") }

// atCRLF reports whether CRLF (or the end of the bytes) is next.
func (s *scanner) atCRLF() bool {
	return s.p >= len(s.b) || s.b[s.p] == '\r' || s.b[s.p] == '\n'
}

// crlf consumes the CRLF that ends a line. With lenient set, a bare LF is
// accepted and reported through the returned flag.
func (s *scanner) crlf(lenient bool) (bareLF bool, err error) {
	if s.p+1 < len(s.b) && s.b[s.p] == '\r' && s.b[s.p+1] == '\n' {
		s.p += 2
		return false, nil
	}
	if lenient && s.p < len(s.b) && s.b[s.p] == '\n' {
		s.p++
		return true, nil
	}
	return false, s.errExpected("CRLF")
}

// keyword consumes kw (upper case ASCII) case-insensitively, when it is
// followed by a byte that cannot continue an atom.
func (s *scanner) keyword(kw string) bool {
	n := len(kw)
	if s.p+n > len(s.b) {
		return false
	}
	for i := 0; i < n; i++ {
		c := s.b[s.p+i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != kw[i] {
			return false
		}
	}
	if s.p+n < len(s.b) && isAtomChar(s.b[s.p+n]) {
		return false
	}
	s.p += n
	return true
}

// run consumes a maximal run of bytes of class k and returns it.
func (s *scanner) run(k uint8) []byte {
	b, p := s.b, s.p
	i := p
	for i < len(b) && charClass[b[i]]&k != 0 {
		i++
	}
	s.p = i
	return b[p:i]
}

// atom reads 1*ATOM-CHAR.
func (s *scanner) atom() ([]byte, error) {
	a := s.run(cAtom)
	if len(a) == 0 {
		return nil, s.errExpected("atom")
	}
	return a, nil
}

// number reads a number: 1*DIGIT that fits in 32 bits (RFC 9051 "number").
func (s *scanner) number() (uint32, error) {
	b, start := s.b, s.p
	i := start
	var n uint64
	for i < len(b) && b[i]-'0' <= 9 {
		n = n*10 + uint64(b[i]-'0')
		if n > 0xffffffff {
			return 0, s.errAt(start, "number below 2^32")
		}
		i++
	}
	if i == start {
		return 0, s.errExpected("number")
	}
	s.p = i
	return uint32(n), nil
}

// nzNumber reads a non-zero 32-bit number.
func (s *scanner) nzNumber() (uint32, error) {
	start := s.p
	n, err := s.number()
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, s.errAt(start, "nz-number")
	}
	return n, nil
}

// number64 reads 1*DIGIT that fits in 63 bits (RFC 9051 "number64").
func (s *scanner) number64() (uint64, error) {
	start := s.p
	var n uint64
	for s.p < len(s.b) && charClass[s.b[s.p]]&cDigit != 0 {
		d := uint64(s.b[s.p] - '0')
		if n > (1<<63-1-d)/10 {
			return 0, s.errAt(start, "number64 below 2^63")
		}
		n = n*10 + d
		s.p++
	}
	if s.p == start {
		return 0, s.errExpected("number64")
	}
	return n, nil
}

// quoted reads a quoted string and returns its raw inner bytes, escapes
// still in place. NUL, CR and LF are rejected, as is a backslash that does
// not escape DQUOTE or backslash.
func (s *scanner) quoted() ([]byte, error) {
	if !s.eat('"') {
		return nil, s.errExpected("DQUOTE")
	}
	start := s.p
	if s.trusted && !s.lenient {
		if e := skipQuotedTrusted(s.b, start); e >= 0 {
			s.p = e
			return s.b[start : e-1], nil
		}
	}
	embedded := false
	b := s.b
	for {
		// The common bytes first, in a tight loop.
		i := s.p
		for i < len(b) && charClass[b[i]]&cQuoted != 0 {
			i++
		}
		s.p = i
		if i >= len(b) {
			break
		}
		c := b[i]
		switch c {
		case '"':
			if s.lenient && s.p+1 < len(s.b) && (!quoteMayEnd(s.b[s.p+1]) || (embedded && s.oddQuotesAhead(s.p+1))) {
				// An unescaped DQUOTE inside the string: recoverable
				// when what follows cannot follow a closing quote, or,
				// once the string is known to hold one, when the rest
				// of the line holds an odd number of quotes.
				s.violation(ViolUnescapedQuote, s.p)
				s.p++
				embedded = true
				continue
			}
			r := s.b[start:s.p]
			s.p++
			return r, nil
		case '\\':
			if s.p+1 < len(s.b) && (s.b[s.p+1] == '"' || s.b[s.p+1] == '\\') {
				s.p += 2
				continue
			}
			return nil, s.errAt(s.p+1, `quoted-specials after "\"`)
		}
		return nil, s.errExpected("QUOTED-CHAR or DQUOTE")
	}
	return nil, s.errExpected("DQUOTE")
}

// skipQuotedTrusted returns the offset just past the DQUOTE that closes the
// quoted string whose content starts at b[p], or -1. Strings in IMAP are
// short, so a byte loop beats a call to bytes.IndexByte.
func skipQuotedTrusted(b []byte, p int) int {
	for p < len(b) {
		switch b[p] {
		case '"':
			return p + 1
		case '\\':
			p++
		}
		p++
	}
	return -1
}

// quoteMayEnd reports whether c may follow the DQUOTE that closes a quoted
// string in any IMAP grammar: SP, a closing paren or bracket, or the line's
// end.
func quoteMayEnd(c byte) bool {
	return c == ' ' || c == ')' || c == ']' || c == '\r' || c == '\n' || c == '('
}

// maxLookahead caps the bytes one scanner reads ahead for lenient quote
// recovery; past it, a quote that may close a string does.
const maxLookahead = 1 << 20

// oddQuotesAhead reports whether s.b[i:], up to the end of its line, holds
// an odd number of unescaped DQUOTEs, within the scanner's lookahead
// budget.
func (s *scanner) oddQuotesAhead(i int) bool {
	b := s.b
	n := 0
	for j := i; j < len(b); j++ {
		if s.lookahead++; s.lookahead > maxLookahead {
			return false
		}
		switch b[j] {
		case '\\':
			j++
		case '"':
			n++
		case '\r', '\n':
			return n%2 == 1
		}
	}
	return n%2 == 1
}

// violation records a tolerated deviation at position p when a recorder
// is attached.
func (s *scanner) violation(k ViolationKind, p int) {
	if s.vs != nil {
		s.vs.add(k, s.base+p)
	}
}

// LiteralForm tells how a literal was announced.
type LiteralForm uint8

// The literal forms.
const (
	LiteralSync    LiteralForm = iota // {n}: the client waits for "+"
	LiteralNonSync                    // {n+}: LITERAL+ / LITERAL-
	LiteralBinary                     // ~{n}: BINARY literal8, may hold NUL
)

// literalHeader reads "{" number64 ["+"] "}" CRLF, or the literal8 form
// "~{" number64 "}" CRLF, and returns the announced size.
func (s *scanner) literalHeader() (int64, LiteralForm, error) {
	form := LiteralSync
	start := s.p
	if s.eat('~') {
		form = LiteralBinary
	}
	if !s.eat('{') {
		return 0, form, s.errExpected("literal")
	}
	n, err := s.number64()
	if err != nil {
		return 0, form, err
	}
	if s.eat('+') {
		if form == LiteralBinary {
			return 0, form, s.errAt(s.p-1, `"}"`)
		}
		form = LiteralNonSync
	}
	if !s.eat('}') {
		return 0, form, s.errExpected(`"}"`)
	}
	if int64(n) > s.lim.MaxLiteral {
		return 0, form, s.errLimit(start, "literal within MaxLiteral")
	}
	if form == LiteralNonSync && int64(n) > s.lim.MaxNonSyncLiteral {
		return 0, form, s.errLimit(start, "{n+} literal within MaxNonSyncLiteral")
	}
	if s.p+1 < len(s.b) && s.b[s.p] == '\r' && s.b[s.p+1] == '\n' {
		s.p += 2
	} else {
		return 0, form, s.errExpected("CRLF after literal size")
	}
	return int64(n), form, nil
}

// literal reads a literal: its header and its data. CHAR8 excludes NUL
// except in literal8.
func (s *scanner) literal() ([]byte, LiteralForm, error) {
	n, form, err := s.literalHeader()
	if err != nil {
		return nil, form, err
	}
	if int64(len(s.b)-s.p) < n {
		return nil, form, s.errAt(len(s.b), "literal data")
	}
	data := s.b[s.p : s.p+int(n)]
	if form != LiteralBinary && !s.trusted {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return nil, form, s.errAt(s.p+i, "CHAR8 (NUL is only allowed in literal8)")
		}
	}
	s.p += int(n)
	return data, form, nil
}

// literalItem returns where the data of the literal at b[p:e] starts, when
// b[p-3:p] is "[] " (the caller checked the item is a 6-octet BODY[...])
// and b[p:e] a "{n}" literal as ParseResponse recorded it; 0 otherwise.
// FetchItemIter reads a BODY[] item through it, from the record, where
// fetchItemName and scalar read the name, its empty section and the
// literal's header again (about 700 instructions a literal, against some
// 200 this way). The size is not read again: validation found the data to
// end at e. b holds b[p-3:p+1]: the caller checked p >= 7 and e > p.
func literalItem(b []byte, p, e int) int {
	if b[p-1] != ' ' || b[p-2] != ']' || b[p-3] != '[' || b[p] != '{' {
		return 0
	}
	i := p + 1
	for i < e && b[i]-'0' <= 9 {
		i++
	}
	if i+3 > e || b[i] != '}' || b[i+1] != '\r' || b[i+2] != '\n' {
		return 0
	}
	return i + 3
}

// str reads a string: a quoted string or a literal (RFC 9051 "string").
func (s *scanner) str() (Value, error) {
	switch s.peek() {
	case '"', '{':
		return s.scalar()
	case '~':
		return Value{}, s.errLiteral8()
	}
	return Value{}, s.errExpected("string")
}

// nstring8 reads NIL, a string or a literal8: the value of BINARY[]
// (RFC 3516, RFC 9051) and of a METADATA entry (RFC 5464).
func (s *scanner) nstring8() (Value, error) {
	if s.peek() == '~' {
		return s.scalar()
	}
	return s.nstring()
}

// errLiteral8 refuses a literal8 where the grammar wants a string: RFC
// 3516 and RFC 9051 allow "~{n}" only for BINARY data and APPEND (and RFC
// 5464 metadata values), which read it with scalar directly.
func (s *scanner) errLiteral8() error { return s.errLiteral8For("string") }

// errLiteral8For is errLiteral8 where the grammar wants what (such as
// "body-extension") rather than a string.
func (s *scanner) errLiteral8For(what string) error {
	return s.errExpected(what + " (literal8 is only allowed in BINARY, APPEND and METADATA values)")
}

// astring reads an astring: 1*ASTRING-CHAR or a string.
func (s *scanner) astring() (Value, error) {
	switch s.peek() {
	case '"', '{':
		return s.scalar()
	case '~':
		if s.p+1 < len(s.b) && s.b[s.p+1] == '{' {
			return Value{}, s.errLiteral8()
		}
	}
	start := s.p
	a := s.run(cAString)
	if len(a) == 0 {
		return Value{}, s.errExpected("astring")
	}
	return s.val(FormAtom, a, start), nil
}

// nstring reads NIL or a string.
func (s *scanner) nstring() (Value, error) {
	if s.keyword("NIL") {
		return s.val(FormNIL, s.b[s.p-3:s.p], s.p-3), nil
	}
	switch s.peek() {
	case '"', '{':
		return s.scalar()
	case '~':
		return Value{}, s.errLiteral8()
	}
	return Value{}, s.errExpected("nstring")
}

// skipQuotedFast validates a quoted string at s.p that holds no escape, in
// one tight loop, and reports whether it did; otherwise s is unchanged and
// the caller takes the full path (escapes, errors, lenient recovery).
func (s *scanner) skipQuotedFast() bool {
	b, p := s.b, s.p
	i := p + 1
	for i < len(b) && charClass[b[i]]&cQuoted != 0 {
		i++
	}
	if i >= len(b) || b[i] != '"' {
		return false
	}
	if s.lenient && i+1 < len(b) && !quoteMayEnd(b[i+1]) {
		return false
	}
	s.p = i + 1
	return true
}

// skipNString validates an nstring without building a Value.
func (s *scanner) skipNString() error {
	if s.p < len(s.b) && s.b[s.p] == '"' && s.skipQuotedFast() {
		return nil
	}
	_, err := s.nstring()
	return err
}

// skipStr validates a string without building a Value.
func (s *scanner) skipStr() error {
	if s.p < len(s.b) && s.b[s.p] == '"' && s.skipQuotedFast() {
		return nil
	}
	_, err := s.str()
	return err
}
