package parser

import "bytes"

// SectionText names the text part of a section (RFC 9051 "section-text").
type SectionText uint8

// The section texts.
const (
	SectionAll             SectionText = iota // no text specifier: "[]" or "[1.2]"
	SectionHeader                             // HEADER
	SectionHeaderFields                       // HEADER.FIELDS (...)
	SectionHeaderFieldsNot                    // HEADER.FIELDS.NOT (...)
	SectionTextPart                           // TEXT
	SectionMIME                               // MIME (after a part number)
)

var sectionTextNames = [...]string{"", "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT", "MIME"}

// String returns the specifier as sent, "" for SectionAll.
func (t SectionText) String() string {
	if int(t) < len(sectionTextNames) {
		return sectionTextNames[t]
	}
	return "SectionText(?)"
}

// Section is the "[...]" of BODY[...], BINARY[...] and BINARY.SIZE[...].
type Section struct {
	// Raw is what stands between the brackets.
	Raw []byte
	// Part is the section-part, such as "1.2.3", nil when absent.
	Part []byte
	// Text is the section-text, SectionAll when absent.
	Text SectionText
	// Fields is the header-list of HEADER.FIELDS (.NOT): a list Value of
	// astrings.
	Fields Value
}

// Parts returns an iterator over the numbers of the section-part, as a
// SeqIter whose ranges each hold one number (First == Last).
func (s Section) Parts() PartIter { return PartIter{b: s.Part} }

// PartIter walks the numbers of a section-part ("1.2.3").
type PartIter struct {
	b   []byte
	p   int
	cur uint32
}

// Next advances to the next part number.
func (it *PartIter) Next() bool {
	if it.p >= len(it.b) {
		return false
	}
	if it.p > 0 {
		if it.b[it.p] != '.' {
			it.p = len(it.b)
			return false
		}
		it.p++
	}
	n, p, ok := readNumber(it.b, it.p)
	if !ok {
		it.p = len(it.b)
		return false
	}
	it.cur, it.p = n, p
	return true
}

// Part returns the current part number.
func (it *PartIter) Part() uint32 { return it.cur }

// FetchItem is one item of a FETCH response.
type FetchItem struct {
	// Kind is the item's kind, the same enumeration as the command
	// side's FetchAtt uses.
	Kind FetchAttKind
	// Name is the item as sent, section and origin included, such as
	// "BODY[HEADER.FIELDS (FROM)]<0>".
	Name []byte
	// Section is the section of BODY[...], BINARY[...] and
	// BINARY.SIZE[...].
	Section Section
	// Origin is the <origin> of a partial BODY[...] or BINARY[...];
	// HasOrigin tells whether there was one.
	Origin    uint32
	HasOrigin bool
	// Value is the item's value: a number, a string or NIL, or a list
	// (FLAGS, ENVELOPE, BODY, BODYSTRUCTURE, MODSEQ, EMAILID, THREADID).
	Value Value
	// mark names the value as ParseResponse validated it (see
	// itemMark), for Envelope and BodyStructure.
	mark itemMark
}

// itemMark names an item's value as ParseResponse validated it: entry
// ti-1 of record t, while t held message gen, is the value of an item of
// kind kind. FetchItemIter sets it for the items it reads from their
// record. A view of an ENVELOPE, BODY or BODYSTRUCTURE so marked may
// trust its shape, as the grammar has it: an envelope's address lists
// are NIL or lists of addresses of four strings or NILs, one record entry
// each (EnvelopeAddressIter.Next then skips its checks of each address);
// a body part's type and subtype are strings, its parameters NIL or a
// list of pairs of strings (BodyIter.Next and PairIter.Next skip theirs).
// The mark names the record, message, entry and kind, so that no other
// Value can pass for the validated one: not one set in the item by hand,
// nor one from another item, message or Response.
type itemMark struct {
	t    *listSpans
	gen  uint64 // (64 bits: a count that never wraps)
	ti   int32
	kind FetchAttKind
}

// validated reports whether v, whose view found its record entry in t
// (nil when it did not), is the value m names, validated as an item of
// kind k.
func (m *itemMark) validated(k FetchAttKind, t *listSpans, v *Value) bool {
	return m.kind == k && m.ti != 0 && m.ti == v.ti && t != nil && t == m.t && t.gen == m.gen
}

// Number returns the item's number: UID, RFC822.SIZE, BINARY.SIZE, and the
// value inside MODSEQ's parentheses.
func (f *FetchItem) Number() (uint64, bool) {
	if f.Kind == FetchModSeq {
		return f.modSeq()
	}
	// The Raw and Form only: f.Value.Number() copied the whole Value
	// first, with wide loads of what FetchItemIter.Next has just stored.
	return Value{Raw: f.Value.Raw, Form: f.Value.Form}.Number()
}

// modSeq returns the number inside MODSEQ's parentheses. It is out of
// line: its ListIter made Number's stack frame 512 bytes.
func (f *FetchItem) modSeq() (uint64, bool) {
	it := f.Value.List()
	if !it.Next() {
		return 0, false
	}
	return it.Value().Number()
}

// Flags returns the flags of a FLAGS item.
func (f *FetchItem) Flags() AtomIter {
	if f.Kind != FetchFlags || f.Value.Form != FormList {
		return AtomIter{}
	}
	return AtomIter{b: f.Value.Raw, off: f.Value.Off}
}

// ObjectID returns the object identifier of EMAILID and THREADID, nil for
// THREADID NIL.
func (f *FetchItem) ObjectID() []byte {
	if f.Value.Form != FormList {
		return nil
	}
	return f.Value.Raw
}

// Envelope returns the view of an ENVELOPE item.
func (f *FetchItem) Envelope() (e Envelope) {
	if f.Kind == FetchEnvelope {
		v := &f.Value
		if t := v.spans; f.mark.validated(FetchEnvelope, t, v) {
			// The envelope as ParseResponse validated it (see
			// itemMark), when its record entry holds these bytes
			// (tapeList): its ten fields are found without the checks
			// of fill.
			if i := int(v.ti) - 1; uint(i) < uint(t.n) && t.holds(i, v) {
				e.l.setEnvelope(t, int32(i), v.lim, v.lenient)
				e.shaped = true
				return e
			}
		}
		// EnvelopeOf(f.Value), without copying the Value to pass it.
		e.l.set(v, 10)
	}
	return e
}

// BodyStructure returns the view of a BODY or BODYSTRUCTURE item.
func (f *FetchItem) BodyStructure() (b BodyStructure) {
	if f.Kind == FetchBody || f.Kind == FetchBodyStructure {
		// BodyStructureOf(f.Value), without copying the Value to pass
		// it.
		b.l.set(&f.Value, 0)
		b.classify()
		b.l.shaped = f.mark.validated(f.Kind, b.l.t, &f.Value)
	}
	return b
}

// FetchItemIter walks the items of a FETCH response:
//
//	for it := r.Fetch(); it.Next(); {
//		item := it.Item()
//	}
type FetchItemIter struct {
	s     scanner
	item  FetchItem
	err   error
	done  bool
	spans []itemSpan // value extents recorded by ParseResponse
	n     int        // items read
	// whole tells that spans describe the bytes walked: Data still
	// aliases the message they were recorded in, at the same offset, and
	// holds every span (see walkFetch).
	whole bool
	// sect tells that item's Section or origin may be set, or its
	// Value's limits, record or mode be other than the scanner's: the
	// items read from their record have no section and the scanner's
	// Value fields, and set them only then (resetItem).
	sect bool
}

// Fetch returns an iterator over the items of a FETCH response; for any
// other response it yields nothing.
func (r *Response) Fetch() (it FetchItemIter) {
	r.walkFetch(&it)
	return it
}

// WalkFetch sets *it to walk the items of a FETCH response, as *it =
// r.Fetch() does, but in place: the iterator is 360 bytes, which Fetch
// builds in its result and the caller copies.
func (r *Response) WalkFetch(it *FetchItemIter) {
	*it = FetchItemIter{}
	r.walkFetch(it)
}

// walkFetch sets *it, which must be zero, as Fetch returns it.
func (r *Response) walkFetch(it *FetchItemIter) {
	if r.Type != DataFetch || len(r.Data) < 2 {
		it.done = true
		return
	}
	// The scanner field by field, in place, as r.scanner builds it:
	// building it apart and copying it in cost as much again.
	s := &it.s
	s.b, s.base, s.lim = r.Data[1:len(r.Data)-1], r.dataOff+1, r.limits()
	s.lenient, s.trusted, s.spans = r.lenient, r.valid, r.walkSpans()
	// The item's Value carries the scanner's limits, record and mode
	// whatever the item: set here once, the recorded paths of Next need
	// not store them (two pointers behind a write-barrier check) per
	// item. Next's other paths set the whole Value, and set sect so
	// that the next recorded item sets them again.
	v := &it.item.Value
	v.lim, v.spans, v.lenient, v.trusted = s.lim, s.spans, s.lenient, s.trusted
	it.item.mark = itemMark{t: s.spans}
	if s.spans != nil {
		it.item.mark.gen = s.spans.gen
	}
	if r.valid {
		it.spans = r.items[:r.nitems]
		// The items' extents are trusted as the walk record's entries
		// are (listSpans.holds): when the bytes walked are the memory
		// they were recorded in, at the same offset, ParseResponse
		// validated them, so Next need not check each item's octets
		// again. The spans are in order, so the last one's end bounds
		// them all.
		if n := r.nitems; n > 0 && len(s.b) > 0 {
			m, base := r.lists.msg, s.base
			it.whole = base < len(m) && &m[base] == &s.b[0] && int(r.items[n-1].end)-base <= len(s.b)
		}
	}
}

// maxItemSpans is how many FETCH item values ParseResponse remembers the
// extent of, so that FetchItemIter need not scan them again.
const maxItemSpans = 16

// itemSpan is the extent of one FETCH item's value within Raw.
type itemSpan struct {
	start, end int32
	// ti is 1 + the index of the value's entry in the walk record, or
	// 0 when the value is not recorded.
	ti int32
	// name is the offset of the item's name; when plain is set the name
	// has no section or origin, runs up to the SP before start, and is
	// of kind kind.
	name  int32
	kind  FetchAttKind
	plain bool
}

// Next advances to the next item and reports whether there is one.
func (it *FetchItemIter) Next() bool {
	if it.done {
		return false
	}
	s := &it.s
	n := it.n
	if it.whole && uint(n) < uint(len(it.spans)) {
		if sp := &it.spans[n]; sp.plain && itemForm[sp.kind] != FormNone {
			// A plain item whose kind has one form of value, from its
			// record (see walkFetch): the name runs up to the SP before
			// the value, and the value's Raw is inside its parens or
			// quotes, or the whole number. Nothing is read from the
			// octets.
			b, base := s.b, s.base
			name, p, e := int(sp.name)-base, int(sp.start)-base, int(sp.end)-base
			f, lo, hi, ti := itemForm[sp.kind], p+1, e-1, sp.ti
			if f == FormNumber {
				lo, hi, ti = p, e, 0
			}
			it.n = n + 1
			s.p = e
			item := &it.item
			item.Kind = sp.kind
			item.Name = b[name : p-1]
			if it.sect {
				it.resetItem()
			}
			v := &item.Value
			v.Raw = b[lo:hi]
			v.Off = base + lo
			v.Form, v.ti = f, ti
			item.mark.ti, item.mark.kind = ti, sp.kind // (see itemMark)
			return true
		}
	}
	if n < len(it.spans) {
		// The item as validated, from its record: its name runs from
		// the SP after the previous item (or the start) up to the SP
		// before its value, and the value's extent is known, so neither
		// is read again.
		sp := it.spans[n] // a copy, kept in registers
		b, base, at := s.b, s.base, s.p
		if at > 0 {
			at++ // the SP between items
		}
		if name, p, e := int(sp.name)-base, int(sp.start)-base, int(sp.end)-base; sp.plain && name == at && p > name && e > p && e <= len(b) &&
			b[p-1] == ' ' && (s.p == 0 || b[s.p] == ' ') {
			// The value's form from its first octet, as spanValue
			// finds it.
			f, lo, hi, ti := FormList, p+1, e-1, sp.ti
			switch c := b[p]; {
			case c == '(' && e-p >= 2 && b[e-1] == ')':
			case c == '"' && e-p >= 2 && b[e-1] == '"':
				f = FormQuoted
			case c-'0' <= 9 && (e-p <= 8 && p <= len(b)-8 && digitRunAt(b, p) >= e-p || allDigits(b[p:e])):
				// (A number of up to eight octets, UID and RFC822.SIZE
				// among them, from one word when b holds eight from p.)
				f, lo, hi, ti = FormNumber, p, e, 0
			default:
				f = FormNone
			}
			if f != FormNone {
				it.n = n + 1
				s.p = e
				// One field at a time: a tuple assignment built the
				// 112-byte Section in a temporary and copied it.
				item := &it.item
				item.Kind = sp.kind
				item.Name = b[name : p-1]
				if it.sect {
					it.resetItem()
				}
				v := &item.Value
				v.Raw = b[lo:hi]
				v.Off = s.base + lo
				v.Form, v.ti = f, ti
				return true
			}
		} else if sp.kind == FetchBodySection && it.bodyLiteral(n, name, p, e) {
			return true
		}
	}
	if s.eof() {
		it.done = true
		return false
	}
	if s.p > 0 {
		if err := s.sp(); err != nil {
			it.err, it.done = err, true
			return false
		}
		if s.eof() { // tolerated trailing space
			it.done = true
			return false
		}
	}
	it.n++
	it.sect = true
	if err := fetchItemName(s, &it.item); err != nil {
		it.err, it.done = err, true
		return false
	}
	if err := s.sp(); err != nil {
		it.err, it.done = err, true
		return false
	}
	if n < len(it.spans) {
		sp := it.spans[n]
		if p, e := int(sp.start)-s.base, int(sp.end)-s.base; p == s.p && e <= len(s.b) && it.spanValue(p, e, sp.ti) {
			return true
		}
	}
	v, err := s.value()
	if err != nil {
		it.err, it.done = err, true
		return false
	}
	it.item.Value = v
	return true
}

// resetItem clears the section and origin an earlier item set, and sets
// the Value's limits, record and mode that the recorded paths do not
// store (see walkFetch), after an item read by the other paths.
func (it *FetchItemIter) resetItem() {
	item, s := &it.item, &it.s
	item.Section = Section{}
	item.HasOrigin, item.Origin = false, 0
	v := &item.Value
	v.lim, v.spans, v.lenient, v.trusted = s.lim, s.spans, s.lenient, s.trusted
	it.sect = false
}

// bodyLiteral builds the current item, the n-th, from its record when it
// is BODY[] and a literal whose name starts at b[name] and value spans
// b[p:e], as fetchItemName and scalar read them (see literalItem). (Apart
// from Next, whose registers the common items need.)
func (it *FetchItemIter) bodyLiteral(n, name, p, e int) bool {
	s := &it.s
	b := s.b
	if name != s.p+min(s.p, 1) || p-name != 7 || e <= p || e > len(b) || (s.p != 0 && b[s.p] != ' ') {
		return false
	}
	d := literalItem(b, p, e)
	if d == 0 {
		return false
	}
	it.n = n + 1
	s.p = e
	item := &it.item
	item.Kind = FetchBodySection
	item.Name = b[name : p-1]
	item.Section = Section{Raw: b[name+5 : name+5]}
	item.HasOrigin, item.Origin = false, 0
	it.sect = true
	v := &item.Value
	v.Raw = b[d:e]
	v.Off = s.base + d
	v.lim, v.spans = s.lim, s.spans
	v.Form, v.lenient, v.trusted, v.ti = FormLiteral, s.lenient, s.trusted, 0
	return true
}

// spanValue builds the current item's value from its recorded extent
// b[p:e] when it is a list or a quoted string, without scanning it.
func (it *FetchItemIter) spanValue(p, e int, ti int32) bool {
	s := &it.s
	b := s.b
	if e-p < 1 {
		return false
	}
	// The raw bytes are b[lo:hi]: inside the parens or quotes, or the
	// whole number.
	f, lo, hi := FormList, p+1, e-1
	switch {
	case e-p >= 2 && b[p] == '(' && b[e-1] == ')':
	case e-p >= 2 && b[p] == '"' && b[e-1] == '"':
		f = FormQuoted
	case b[p]-'0' <= 9 && allDigits(b[p:e]):
		f, lo, hi, ti = FormNumber, p, e, 0
	default:
		return false
	}
	// Field by field: a Value built whole and then copied made the copy
	// wait on the stores that built it.
	v := &it.item.Value
	v.Raw = b[lo:hi]
	v.Off = s.base + lo
	v.lim, v.spans = s.lim, s.spans
	v.Form, v.lenient, v.trusted, v.ti = f, s.lenient, s.trusted, ti
	s.p = e
	return true
}

// Item returns the current item. The pointer stays valid until the next
// call to Next; the item is the iterator's, for reading (Next sets only
// the fields that differ from the previous item's).
func (it *FetchItemIter) Item() *FetchItem { return &it.item }

// Err returns the error that stopped the walk; nil after ParseResponse
// succeeded.
func (it *FetchItemIter) Err() error { return it.err }

// fetchItemName reads an item name with its section and origin into f.
func fetchItemName(s *scanner, f *FetchItem) error {
	b, start := s.b, s.p
	i := start
	for i < len(b) && itemNameChar[b[i]] {
		i++
	}
	s.p = i
	name := b[start:i]
	if len(name) == 0 {
		return s.errExpected("FETCH item name")
	}
	f.Kind = fetchKindOf(name)
	f.Section = Section{}
	f.HasOrigin, f.Origin = false, 0
	if s.peek() == '[' {
		switch f.Kind {
		case FetchBody:
			f.Kind = FetchBodySection
		case FetchBinary, FetchBinarySize:
		default:
			if f.Kind != FetchUnknown {
				return s.errExpected("SP")
			}
		}
		s.p++
		if f.Kind == FetchUnknown {
			// An extension's section: skip to the "]", parens balanced
			// and no quote or literal inside, so that the generic walk
			// of the arguments (Response.Args) reads the same bytes.
			at, depth := s.p, 0
		scan:
			for ; s.p < len(s.b); s.p++ {
				switch c := s.b[s.p]; {
				case c == ']' && depth == 0:
					break scan
				case c == '(':
					depth++
				case c == ')':
					if depth == 0 {
						return s.errExpected(`"]"`)
					}
					depth--
				case c == '"' || c == '{' || charClass[c]&cText == 0:
					return s.errExpected(`"]"`)
				}
			}
			f.Section.Raw = s.b[at:s.p]
		} else if err := section(s, &f.Section, f.Kind == FetchBinary || f.Kind == FetchBinarySize); err != nil {
			return err
		}
		if err := s.expect(']', `"]"`); err != nil {
			return err
		}
		if s.peek() == '<' && f.Kind != FetchBinarySize {
			s.p++
			n, err := s.number()
			if err != nil {
				return err
			}
			if err := s.expect('>', `">"`); err != nil {
				return err
			}
			f.Origin, f.HasOrigin = n, true
		}
	} else if f.Kind == FetchBinary || f.Kind == FetchBinarySize {
		return s.errExpected(`"["`)
	}
	f.Name = s.b[start:s.p]
	return nil
}

// fetchKindOf maps an item name (without section) to its kind. BINARY
// and BINARY.SIZE are reported as such; BODY becomes FetchBodySection when
// a section follows.
func fetchKindOf(name []byte) FetchAttKind {
	switch len(name) {
	case 3:
		if equalFoldASCII(name, "UID") {
			return FetchUID
		}
	case 4:
		if equalFoldASCII(name, "BODY") {
			return FetchBody
		}
	case 5:
		if equalFoldASCII(name, "FLAGS") {
			return FetchFlags
		}
	case 6:
		if equalFoldASCII(name, "RFC822") {
			return FetchRFC822
		}
		if equalFoldASCII(name, "MODSEQ") {
			return FetchModSeq
		}
		if equalFoldASCII(name, "BINARY") {
			return FetchBinary
		}
	case 7:
		if equalFoldASCII(name, "EMAILID") {
			return FetchEmailID
		}
		if equalFoldASCII(name, "PREVIEW") {
			return FetchPreview
		}
	case 8:
		if equalFoldASCII(name, "ENVELOPE") {
			return FetchEnvelope
		}
		if equalFoldASCII(name, "THREADID") {
			return FetchThreadID
		}
		if equalFoldASCII(name, "SAVEDATE") {
			return FetchSaveDate
		}
	case 11:
		if equalFoldASCII(name, "RFC822.SIZE") {
			return FetchRFC822Size
		}
		if equalFoldASCII(name, "RFC822.TEXT") {
			return FetchRFC822Text
		}
		if equalFoldASCII(name, "BINARY.SIZE") {
			return FetchBinarySize
		}
	case 12:
		if equalFoldASCII(name, "INTERNALDATE") {
			return FetchInternalDate
		}
	case 13:
		if equalFoldASCII(name, "RFC822.HEADER") {
			return FetchRFC822Header
		}
		if equalFoldASCII(name, "BODYSTRUCTURE") {
			return FetchBodyStructure
		}
	}
	return FetchUnknown
}

// section reads section-spec (or, for BINARY, only a section-part) up to
// the "]".
func section(s *scanner, sec *Section, partOnly bool) error {
	start := s.p
	if charClass[s.peek()]&cDigit != 0 {
		for {
			if _, err := s.nzNumber(); err != nil {
				return err
			}
			if !(s.peek() == '.' && s.p+1 < len(s.b) && charClass[s.b[s.p+1]]&cDigit != 0) {
				break
			}
			s.p++
		}
		sec.Part = s.b[start:s.p]
		if partOnly || s.peek() == ']' {
			sec.Raw = s.b[start:s.p]
			return nil
		}
		if err := s.expect('.', `"." or "]"`); err != nil {
			return err
		}
	} else if partOnly || s.peek() == ']' {
		sec.Raw = s.b[start:s.p]
		return nil
	}
	switch {
	case s.keyword("HEADER.FIELDS.NOT"):
		sec.Text = SectionHeaderFieldsNot
	case s.keyword("HEADER.FIELDS"):
		sec.Text = SectionHeaderFields
	case s.keyword("HEADER"):
		sec.Text = SectionHeader
	case s.keyword("TEXT"):
		sec.Text = SectionTextPart
	case sec.Part != nil && s.keyword("MIME"):
		sec.Text = SectionMIME
	default:
		return s.errExpected("section-text")
	}
	if sec.Text == SectionHeaderFields || sec.Text == SectionHeaderFieldsNot {
		if err := s.sp(); err != nil {
			return err
		}
		open := s.p
		if err := parenList(s, "header-fld-name", elemAString); err != nil {
			return err
		}
		sec.Fields = s.val(FormList, s.b[open+1:s.p-1], open+1)
	}
	sec.Raw = s.b[start:s.p]
	return nil
}

// validateFetch reads msg-att = "(" msg-att-item *(SP msg-att-item) ")",
// validating each item's value by its grammar.
func validateFetch(s *scanner, r *Response) error {
	if !s.eat('(') {
		return s.errExpected(`"(" (msg-att)`)
	}
	// The common items first, then the general loop from where the fast
	// one stopped.
	n, p, stop := fetchItemsFast(s, r)
	s.p, r.nitems = p, n
	switch stop {
	case fastStopClosed:
		return nil
	case fastStopSep:
		more, err := spOrEnd(s, ')')
		if err != nil {
			return err
		}
		if !more {
			return s.expect(')', `SP or ")"`)
		}
	}
	for ; ; n++ {
		if n >= s.lim.MaxArgs {
			return s.errLimit(s.p, "FETCH items within MaxArgs")
		}
		name := s.p
		var at int
		var kind FetchAttKind
		plain := true
		// The names and values servers send most are read in one step
		// each (see fastItem); anything else, and
		// every error, by the general readers.
		if k, p, e := fastItem(s.b, name, s.lim); p >= 0 {
			kind, at = k, p
			plain = k != FetchBodySection
			if e >= 0 {
				s.p = e
			} else {
				s.p = p
			}
		} else {
			var f FetchItem // (here, so that the fast path need not clear it)
			if err := fetchItemName(s, &f); err != nil {
				return err
			}
			if err := s.sp(); err != nil {
				return err
			}
			kind, at = f.Kind, s.p
			plain = at-1-name == len(f.Name) && bytes.IndexByte(f.Name, '[') < 0
		}
		rec := r.lists.n
		if s.p == at {
			if err := fetchValue(s, kind); err != nil {
				return err
			}
		}
		ti := int32(0)
		if r.lists.n > rec && int(r.lists.span[rec].off) == at+1 {
			ti = int32(rec + 1) // the value's own entry in the walk record
		}
		if n < maxItemSpans {
			// Field by field: a composite literal is built on the stack
			// and copied.
			it := &r.items[n]
			it.start, it.end, it.ti, it.name, it.kind, it.plain = int32(at), int32(s.p), ti, int32(name), kind, plain
			r.nitems = n + 1
		}
		// SP and the next item, or the closing ")".
		if p := s.p; p+1 < len(s.b) {
			if c := s.b[p]; c == ')' {
				s.p = p + 1
				return nil
			} else if c == ' ' && s.b[p+1] != ')' && s.b[p+1] != '\r' && s.b[p+1] != '\n' {
				s.p = p + 1
				continue
			}
		}
		more, err := spOrEnd(s, ')')
		if err != nil {
			return err
		}
		if !more {
			return s.expect(')', `SP or ")"`)
		}
	}
}

// itemForm is the form of a validated item's value by the item's kind,
// where its grammar allows one form only, in either mode: a UID or
// RFC822.SIZE is digits (nz-number, number64), FLAGS, ENVELOPE, BODY and
// BODYSTRUCTURE a list, INTERNALDATE a quoted string. It is FormNone for
// the others (an nstring, a MODSEQ list of a number, an unknown item).
// (256 entries: indexed by a kind, it needs no bounds check.)
var itemForm = [256]Form{
	FetchUID: FormNumber, FetchRFC822Size: FormNumber, FetchFlags: FormList, FetchEnvelope: FormList,
	FetchBody: FormList, FetchBodyStructure: FormList, FetchInternalDate: FormQuoted,
}

// fetchValue validates the value of an item of kind k.
func fetchValue(s *scanner, k FetchAttKind) error {
	var err error
	switch k {
	case FetchFlags:
		return flagList(s, false)
	case FetchUID:
		_, err = s.nzNumber()
	case FetchRFC822Size:
		_, err = s.number64()
	case FetchBinarySize:
		_, err = s.number()
	case FetchInternalDate:
		_, err = dateTime(s)
	case FetchSaveDate:
		if !s.keyword("NIL") {
			_, err = dateTime(s)
		}
	case FetchRFC822, FetchRFC822Header, FetchRFC822Text, FetchBodySection, FetchPreview:
		if s.peek() == '~' {
			return s.errExpected("nstring (literal8 only in BINARY[])")
		}
		_, err = s.nstring()
	case FetchBinary:
		_, err = s.nstring8()
	case FetchEnvelope:
		if p := fastEnvelope(s); p >= 0 {
			s.p = p
			return nil
		}
		return envelope(s)
	case FetchBody, FetchBodyStructure:
		if p := fastBody(s); p >= 0 {
			s.p = p
			return nil
		}
		return body(s, 1)
	case FetchModSeq:
		if err = s.expect('(', `"("`); err == nil {
			if _, err = s.number64(); err == nil {
				err = s.expect(')', `")"`)
			}
		}
	case FetchThreadID:
		if s.keyword("NIL") {
			return nil
		}
		fallthrough
	case FetchEmailID:
		if err = s.expect('(', `"("`); err == nil {
			if err = objectID(s); err == nil {
				err = s.expect(')', `")"`)
			}
		}
	default:
		_, err = s.value()
	}
	return err
}

// objectID reads objectid = 1*255(ALPHA / DIGIT / "_" / "-") (RFC 8474).
func objectID(s *scanner) error {
	start := s.p
	for s.p < len(s.b) {
		c := s.b[s.p]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			break
		}
		s.p++
	}
	if s.p == start || s.p-start > 255 {
		return s.errAt(start, "objectid")
	}
	return nil
}
