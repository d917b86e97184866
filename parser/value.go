package parser

// Form tells how a value appeared on the wire.
type Form uint8

// The forms of a value.
const (
	FormNone     Form = iota // no value
	FormAtom                 // an atom (ASTRING-CHARs, flags such as \Seen)
	FormNumber               // all digits
	FormQuoted               // a quoted string; Raw keeps its escapes
	FormLiteral              // {n} or {n+}; Raw is the literal data
	FormLiteral8             // ~{n}; Raw is the literal data, NUL allowed
	FormNIL                  // the atom NIL
	FormList                 // a parenthesised list; Raw is what is inside
)

var formNames = [...]string{"none", "atom", "number", "quoted", "literal", "literal8", "NIL", "list"}

// String returns the form's name.
func (f Form) String() string {
	if int(f) < len(formNames) {
		return formNames[f]
	}
	return "Form(?)"
}

// Value is one element of IMAP data as sent: a scalar (atom, number,
// string, NIL) or a parenthesised list, whose elements are read lazily with
// List. Raw aliases the message.
type Value struct {
	// Raw holds the atom or number, the quoted string's inner bytes with
	// escapes, the literal's data, or the bytes between a list's parens.
	Raw []byte
	// Off is the offset of Raw[0] within the message, for error offsets.
	Off int
	lim *Limits
	// spans holds the list extents recorded when the message was
	// validated (nil when there are none); see listSpans.
	spans *listSpans
	// Form tells how the value was sent. (It is declared after the
	// pointers so that the small fields share one word: a Value is 56
	// bytes.)
	Form    Form
	lenient bool
	trusted bool // Raw was validated by ParseResponse
	// ti is 1 + the index of the value's entry in spans, or 0.
	ti int32
}

// val builds a Value of b[p:p+len(raw)] that remembers the scanner's limits
// and mode, so that walking it later applies the same rules.
func (s *scanner) val(f Form, raw []byte, p int) Value {
	return Value{Form: f, Raw: raw, Off: s.base + p, lim: s.lim, spans: s.spans, lenient: s.lenient, trusted: s.trusted}
}

// IsNIL reports whether v is NIL.
func (v Value) IsNIL() bool { return v.Form == FormNIL }

// IsString reports whether v is a string (quoted or literal).
func (v Value) IsString() bool { return v.Scalar().IsString() }

// AppendString appends v's string value to dst: a quoted string with its
// escapes removed, a literal's or atom's bytes as they are, nothing for NIL
// or a list.
func (v Value) AppendString(dst []byte) []byte { return v.Scalar().AppendString(dst) }

// EqualFold reports whether v's string value equals s, ignoring ASCII
// case, without allocating.
func (v Value) EqualFold(s string) bool { return equalFoldForm(v.Form, v.Raw, s) }

// equalFoldForm is EqualFold of a value of form f whose Raw is raw.
func equalFoldForm(f Form, raw []byte, s string) bool {
	if f == FormQuoted {
		i := 0
		for j := 0; j < len(raw); j++ {
			c := raw[j]
			if c == '\\' && j+1 < len(raw) {
				j++
				c = raw[j]
			}
			if i >= len(s) || lower(c) != lower(s[i]) {
				return false
			}
			i++
		}
		return i == len(s)
	}
	if f == FormList || len(raw) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower(raw[i]) != lower(s[i]) {
			return false
		}
	}
	return true
}

// Number returns v as a number64, and false if v is not a number.
func (v Value) Number() (uint64, bool) {
	if v.Form != FormNumber {
		return 0, false
	}
	var n uint64
	if len(v.Raw) <= 16 {
		// Sixteen octets cannot overflow, whatever they are: the check
		// below would never fire.
		for _, c := range v.Raw {
			n = n*10 + uint64(c-'0')
		}
		return n, true
	}
	for _, c := range v.Raw {
		d := uint64(c - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// Scalar returns v's octets and form, as the views' ...Scalar accessors
// give them.
func (v Value) Scalar() Scalar { return Scalar{Raw: v.Raw, Form: v.Form} }

// Scalar is a field as sent, its octets and form, without the rest of a
// Value (offset, limits, mode, walk record): what a client reading a
// string, NIL or number needs. The views' ...Scalar accessors
// (Envelope.SubjectScalar, Address.MailboxScalar,
// BodyStructure.SubtypeScalar, PairIter.KeyScalar, ...) return one where
// the Value accessors return a Value; Raw and Form are the same. They are
// cheaper: a Scalar is four words, which Go returns in registers and keeps
// out of memory when the accessor is inlined, where a 56-byte Value is
// written field by field (three pointers with write-barrier checks) and
// read back. Use the Value accessors for an offset, or to walk a list.
type Scalar struct {
	// Raw is as in Value: the atom or number, the quoted string's inner
	// octets with escapes, the literal's data, what is inside a list's
	// parens; nil for a field that is not there.
	Raw []byte
	// Form tells how the field was sent, FormNone when it is not there.
	Form Form
}

// IsNIL reports whether s is NIL.
func (s Scalar) IsNIL() bool { return s.Form == FormNIL }

// IsString reports whether s is a string (quoted or literal).
func (s Scalar) IsString() bool {
	return s.Form == FormQuoted || s.Form == FormLiteral || s.Form == FormLiteral8
}

// AppendString appends s's string value to dst: a quoted string with its
// escapes removed, a literal's or atom's octets as they are, nothing for
// NIL or a list.
func (s Scalar) AppendString(dst []byte) []byte {
	switch s.Form {
	case FormQuoted:
		return appendUnquoted(dst, s.Raw)
	case FormList, FormNIL, FormNone:
		return dst
	}
	return append(dst, s.Raw...)
}

// EqualFold reports whether s's string value equals x, ignoring ASCII
// case, as Value.EqualFold does.
func (s Scalar) EqualFold(x string) bool { return equalFoldForm(s.Form, s.Raw, x) }

// Number returns s as a number64, and false if s is not a number, as
// Value.Number does.
func (s Scalar) Number() (uint64, bool) { return Value{Raw: s.Raw, Form: s.Form}.Number() }

// List returns an iterator over the elements of a list value. For any other
// form the iterator yields nothing.
func (v Value) List() ListIter {
	var it ListIter
	v.initList(&it)
	return it
}

// initList sets *it, which must be zero, to iterate over v's elements as
// List does. The views call it on the iterator inside them, so that no
// ListIter is built and then copied.
func (v *Value) initList(it *ListIter) {
	if v.Form != FormList {
		it.done = true
		return
	}
	lim := v.lim
	if lim == nil {
		lim = &defaultLimits
	}
	it.s.lim, it.s.lenient = lim, v.lenient
	if t, i, ok := v.tapeList(); ok {
		it.t, it.tj, it.tend = t, int32(i+1), t.span[i].next
		return
	}
	it.s.b, it.s.base = v.Raw, v.Off
	it.s.trusted = v.trusted
	it.s.spans = v.spans
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appendUnquoted appends the quoted-string body q with escapes removed.
func appendUnquoted(dst, q []byte) []byte {
	for i := 0; i < len(q); i++ {
		if q[i] == '\\' && i+1 < len(q) {
			i++
		}
		dst = append(dst, q[i])
	}
	return dst
}

// ListIter walks the elements of a list, one Value at a time:
//
//	for it := v.List(); it.Next(); {
//		e := it.Value()
//	}
//	if err := it.Err(); err != nil { ... }
//
// Elements are separated by SP, except that a parenthesised list may follow
// another list directly, as body parts in a multipart BODYSTRUCTURE,
// addresses in an ENVELOPE and threads in THREAD do.
type ListIter struct {
	s       scanner
	cur     Value
	err     error
	started bool
	done    bool
	// t, when not nil, is the walk record of a validated list: the
	// elements are its entries from tj (their indexes step by next) up
	// to tend, and s holds only the limits and mode.
	t        *listSpans
	tj, tend int32
}

// Next advances to the next element and reports whether there is one.
func (it *ListIter) Next() bool {
	if it.t != nil {
		j := it.tj
		if j >= it.tend || j < 0 || int(j) >= it.t.n {
			return false
		}
		it.t.set(&it.cur, int(j), it.s.lim, it.s.lenient)
		it.tj = it.t.after(j, it.tend)
		return true
	}
	if it.done {
		return false
	}
	if it.s.eof() {
		it.done = true
		return false
	}
	if it.started {
		if !(it.cur.Form == FormList && it.s.peek() == '(') {
			if err := it.s.sp(); err != nil {
				it.err, it.done = err, true
				return false
			}
			if it.s.eof() && it.s.lenient {
				// A trailing space (tolerated deviation).
				it.done = true
				return false
			}
		}
	} else {
		it.started = true
	}
	if it.s.trusted && !it.s.lenient && it.fast() {
		return true
	}
	v, err := it.s.value()
	if err != nil {
		it.err, it.done = err, true
		return false
	}
	it.cur = v
	return true
}

// listWalk walks a list's elements for the typed iterators (AddressIter,
// BodyIter), which keep their own current element: it is a ListIter
// without one, and with the scanner's state in its own fields, so that
// it is about half a ListIter's size. An iterator is built and copied
// once per list walked (six address lists an envelope), and those copies
// cost more than the walk through the record that follows. Scanning (a
// Value without its record) rebuilds a ListIter for each element.
type listWalk struct {
	// t, when not nil, is the walk record: the elements are its entries
	// from tj up to tend.
	t        *listSpans
	tj, tend int32
	lim      *Limits
	// The scanner of a walk without the record.
	b         []byte
	base, p   int
	spans     *listSpans
	lookahead int
	err       error
	lenient   bool
	trusted   bool
	started   bool
	done      bool
	prev      Form // the previous element's form: a list may follow a list
	// shaped tells a walk through the record of a list within a body
	// that ParseResponse validated (lazyList.shaped, itemMark): of a
	// multipart's parts (BodyIter: each single part's type and subtype
	// are one string entry each) or of a part's parameters (PairIter:
	// pairs of string entries).
	shaped bool
}

// init sets w, which must be zero, to walk v's elements as v.List does.
func (w *listWalk) init(v *Value) {
	if v.Form != FormList {
		w.done = true
		return
	}
	lim := v.lim
	if lim == nil {
		lim = &defaultLimits
	}
	w.lim, w.lenient = lim, v.lenient
	// tapeList, in line: a walk is set up per address list and per
	// parameter list.
	if t := v.spans; t != nil {
		if i := int(v.ti) - 1; uint(i) < uint(t.n) && t.holds(i, v) {
			w.t, w.tj, w.tend = t, int32(i+1), t.span[uint(i)%maxListSpans].next
			return
		}
	}
	w.b, w.base, w.trusted, w.spans = v.Raw, v.Off, v.trusted, v.spans
}

// from sets w, which must be zero, to walk what it has not yet walked.
func (w *listWalk) from(it *ListIter) {
	w.t, w.tj, w.tend, w.lim, w.lenient = it.t, it.tj, it.tend, it.s.lim, it.s.lenient
	w.b, w.base, w.p, w.spans, w.lookahead = it.s.b, it.s.base, it.s.p, it.s.spans, it.s.lookahead
	w.trusted, w.started, w.done, w.err, w.prev = it.s.trusted, it.started, it.done, it.err, it.cur.Form
}

// scan reads the next element of a walk without the record into *dst, as
// ListIter.Next does, and reports whether there is one; with dst2 not
// nil, it reads one more into *dst2 and reports whether both were there
// (a pair, read with one ListIter).
func (w *listWalk) scan(dst, dst2 *Value) bool {
	if w.done {
		return false
	}
	var it ListIter
	it.s.b, it.s.p, it.s.base, it.s.lim = w.b, w.p, w.base, w.lim
	it.s.lenient, it.s.trusted, it.s.spans, it.s.lookahead = w.lenient, w.trusted, w.spans, w.lookahead
	it.started, it.cur.Form = w.started, w.prev
	ok := it.Next()
	if ok {
		*dst = it.cur
		if dst2 != nil {
			if ok = it.Next(); ok {
				*dst2 = it.cur
			}
		}
	}
	w.p, w.lookahead, w.started, w.done, w.err, w.prev = it.s.p, it.s.lookahead, it.started, it.done, it.err, it.cur.Form
	return ok
}

// fast reads the next element of a trusted walk when it is a quoted
// string, a list or NIL, building the Value in place; it reports false for
// anything else, leaving the position unchanged.
func (it *ListIter) fast() bool {
	s := &it.s
	b, p := s.b, s.p
	if p >= len(b) {
		return false
	}
	var e int
	f := FormQuoted
	switch b[p] {
	case '"':
		e = skipQuotedTrusted(b, p+1)
	case '(':
		e = s.listEnd(p)
		f = FormList
	case 'N', 'n':
		if p+3 <= len(b) && (b[p+1]|0x20) == 'i' && (b[p+2]|0x20) == 'l' && (p+3 == len(b) || charClass[b[p+3]]&tokenClass == 0) {
			it.cur = Value{Form: FormNIL, Raw: b[p : p+3], Off: s.base + p, lim: s.lim, spans: s.spans, trusted: true}
			s.p = p + 3
			return true
		}
		return it.fastAtom()
	default:
		return it.fastAtom()
	}
	if e < 0 {
		return false
	}
	it.cur = Value{Form: f, Raw: b[p+1 : e-1], Off: s.base + p + 1, lim: s.lim, spans: s.spans, trusted: true}
	s.p = e
	return true
}

// fastAtom reads the next element of a trusted walk when it is an atom or
// a number without a section (as the header-fld-names of a FETCH
// header-list and the flags of STORE are): the token that scalar would
// read, built in place; and a flag ("\Seen", "\*"). It reports false for
// anything else (a "[", a leading "~"), leaving the position unchanged.
func (it *ListIter) fastAtom() bool {
	s := &it.s
	b, p := s.b, s.p
	switch b[p] {
	case '~':
		return false // perhaps a literal8
	case '\\':
		// A flag: "\" atom or "\*", as scalar reads it.
		i := p + 1
		if i < len(b) && b[i] == '*' {
			i++
		} else {
			for i < len(b) && charClass[b[i]]&cAtom != 0 {
				i++
			}
			if i == p+1 {
				return false
			}
		}
		it.cur = Value{Form: FormAtom, Raw: b[p:i], Off: s.base + p, lim: s.lim, spans: s.spans, trusted: true}
		s.p = i
		return true
	}
	i := p
	for i < len(b) && plainToken[b[i]] {
		i++
	}
	if i == p || (i < len(b) && b[i] == '[') {
		return false
	}
	t := b[p:i]
	f := FormAtom
	if len(t) == 3 && equalFoldASCII(t, "NIL") {
		f = FormNIL
	} else if allDigits(t) {
		f = FormNumber
	}
	it.cur = Value{Form: f, Raw: t, Off: s.base + p, lim: s.lim, spans: s.spans, trusted: true}
	s.p = i
	return true
}

// Value returns the current element.
func (it *ListIter) Value() Value { return it.cur }

// Err returns the error that stopped the iteration, if any.
func (it *ListIter) Err() error { return it.err }

// tokenClass is what a bare token in generic data may hold: ASTRING-CHARs,
// and the "\" and "*" of flags such as \Seen and \*, and list wildcards.
const tokenClass = cAString | cList

// scalar reads one non-list value: a quoted string, a literal, NIL, a number
// or an atom-like token (flags included).
func (s *scanner) scalar() (Value, error) {
	switch c := s.peek(); c {
	case '"':
		off := s.p + 1
		q, err := s.quoted()
		return s.val(FormQuoted, q, off), err
	case '~':
		if s.p+1 >= len(s.b) || s.b[s.p+1] != '{' {
			break
		}
		fallthrough
	case '{':
		d, form, err := s.literal()
		f := FormLiteral
		if form == LiteralBinary {
			f = FormLiteral8
		}
		return s.val(f, d, s.p-len(d)), err
	}
	start := s.p
	if s.eat('\\') {
		if !s.eat('*') {
			if _, err := s.atom(); err != nil {
				return Value{}, err
			}
		}
		return s.val(FormAtom, s.b[start:s.p], start), nil
	}
	t := s.token()
	if len(t) == 0 {
		return Value{}, s.errExpected("value")
	}
	v := s.val(FormAtom, t, start)
	if len(t) == 3 && equalFoldASCII(t, "NIL") {
		v.Form = FormNIL
	} else if allDigits(t) {
		v.Form = FormNumber
	}
	return v, nil
}

// token reads a bare token: a run of tokenClass bytes, where a "[" also
// takes in everything up to its "]", so that a FETCH item such as
// BODY[HEADER.FIELDS (DATE FROM)]<0> is one token in a generic walk. A "["
// whose "]" does not close with balanced parens and quotes on the line ends
// the token there, as the trusted re-walks (skipList) read it.
func (s *scanner) token() []byte {
	b, p := s.b, s.p
	i := p
	for i < len(b) && charClass[b[i]]&tokenClass != 0 {
		// Four plain token bytes (not "[") at a time: most tokens are
		// short, but sequence sets and long atoms are not.
		for i+4 <= len(b) && plainToken[b[i]] && plainToken[b[i+1]] && plainToken[b[i+2]] && plainToken[b[i+3]] {
			i += 4
		}
		if i >= len(b) || charClass[b[i]]&tokenClass == 0 {
			break
		}
		if b[i] == '[' {
			if j := sectionEnd(b, i); j > 0 {
				i = j
				continue
			}
		}
		i++
	}
	s.p = i
	return b[p:i]
}

// sectionEnd returns the index just past the "]" that closes the "[" at
// b[i], with balanced parens, SPs and quoted strings inside, or 0 when there
// is none on the line.
func sectionEnd(b []byte, i int) int {
	depth := 0
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case ']':
			if depth == 0 {
				return j + 1
			}
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return 0
			}
			depth--
		case '"':
			for j++; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				} else if b[j] == '\r' || b[j] == '\n' {
					return 0
				}
			}
		case '\r', '\n', '{':
			return 0
		}
	}
	return 0
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// value reads one value, a parenthesised list included, checking MaxDepth
// and MaxArgs. A list is scanned without recursion. Inside a list, elements
// are separated by SP, and a list may directly follow a list.
func (s *scanner) value() (Value, error) {
	if s.peek() != '(' {
		return s.scalar()
	}
	open := s.p
	if s.trusted && !s.lenient {
		if e := s.listEnd(open); e >= 0 {
			s.p = e
			return s.val(FormList, s.b[open+1:e-1], open+1), nil
		}
	}
	s.p++
	depth, elems := 1, 0
	expectClose := true // just after "(": an element or ")" may follow
	for {
		c := s.peek()
		wasList := false
		if c == ')' && expectClose {
			s.p++
			depth--
			if depth == 0 {
				return s.val(FormList, s.b[open+1:s.p-1], open+1), nil
			}
			wasList = true
		} else if c == '(' {
			depth++
			if depth > s.lim.MaxDepth {
				return Value{}, s.errLimit(s.p, "nesting within MaxDepth")
			}
			s.p++
			expectClose = true
			continue
		} else {
			if _, err := s.scalar(); err != nil {
				return Value{}, err
			}
		}
		elems++
		if elems > s.lim.MaxArgs {
			return Value{}, s.errLimit(s.p, "list within MaxArgs")
		}
		// After an element: SP and another element, or ")", or after a
		// list another list.
		if s.eat(' ') {
			expectClose = false
			if s.peek() == ')' {
				if !s.lenient {
					return Value{}, s.errExpected("value after SP")
				}
				s.violation(ViolTrailingSpace, s.p-1)
				expectClose = true
			}
			continue
		}
		if wasList && s.peek() == '(' {
			continue
		}
		if s.peek() != ')' {
			return Value{}, s.errExpected(`SP or ")"`)
		}
		expectClose = true
	}
}

// structural marks the bytes that skipList must look at.
var structural = [256]bool{'(': true, ')': true, '"': true, '{': true}

// skipList returns the offset just past the list that opens at b[p],
// trusting that it was validated: it follows only parens, quoted strings
// and literals. It returns -1 when the bytes are not a well-formed list.
func skipList(b []byte, p int) int {
	depth := 0
	for p < len(b) {
		for p < len(b) && !structural[b[p]] {
			p++
		}
		if p >= len(b) {
			break
		}
		switch b[p] {
		case '(':
			depth++
			p++
		case ')':
			depth--
			p++
			if depth == 0 {
				return p
			}
		case '"':
			if p = skipQuotedTrusted(b, p+1); p < 0 {
				return -1
			}
		case '{':
			if p = skipLiteralTrusted(b, p); p < 0 {
				return -1
			}
		}
	}
	return -1
}

// skipLiteralTrusted returns the offset just past the literal whose "{"
// is at b[p], or -1.
func skipLiteralTrusted(b []byte, p int) int {
	p++
	var n int
	start := p
	for p < len(b) && b[p]-'0' <= 9 && p-start < 18 {
		n = n*10 + int(b[p]-'0')
		p++
	}
	if p < len(b) && b[p] == '+' {
		p++
	}
	if p == start || p+3 > len(b) || b[p] != '}' {
		return -1
	}
	p += 3 // "}" CRLF
	if n > len(b)-p {
		return -1
	}
	return p + n
}

// plainToken marks the tokenClass bytes other than "[", which token may
// step over without looking further.
var plainToken = func() (t [256]bool) {
	for c := range t {
		t[c] = charClass[c]&tokenClass != 0 && c != '['
	}
	return t
}()
