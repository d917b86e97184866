package parser

import "math"

// maxCmdMarks is how many FETCH items or search keys ParseCommand records
// for the iterators of one command. A command with more is walked by
// scanning its bytes again, as it would be without a record.
const maxCmdMarks = 64

// cmdMark records one fetch-att or search-key that ParseCommand validated.
type cmdMark struct {
	// start and end delimit the element in Command.Raw; for a search key
	// that takes operands (NOT, OR, FUZZY, a group) that includes them.
	start, end int32
	// next is the index of the mark after this element and every mark
	// inside it: a walk steps over a nested search key in one load.
	next int32
	// kind is the FetchAttKind or SearchKeyKind.
	kind uint8
	// det is 1 + the index of a FETCH item's attDetail, or 0.
	det uint8
}

// maxAttDetails is how many FETCH items with a section or modifiers one
// command records in detail; a command with more is walked by scanning.
const maxAttDetails = 8

// attDetail records the parts of a FETCH item with a section (or
// PREVIEW's modifiers), as offsets in Command.Raw, so that the iterator
// builds its FetchAtt without reading the section again.
type attDetail struct {
	nameEnd            int32
	secStart, secEnd   int32
	partEnd            int32 // secStart when there is no section-part
	specStart, specEnd int32 // equal when there is no specifier
	fields, fieldsEnd  int32 // the header-list, inside its parens
	fieldsTi           int32 // 1 + the header-list's entry in cmdIndex.lists, or 0
	origin, size       uint32
	hasFields, partial bool
	peek               bool
}

// cmdIndex is the record that ParseCommand keeps of a FETCH's items or a
// search program's keys, in the order they appear, so that FetchItems,
// SearchKeys and SearchKey.Keys step from mark to mark instead of reading
// (and, for nested keys, re-reading at every level) the bytes again.
//
// ParseCommand resets only n and raw, never the marks themselves, so that
// the record costs nothing on commands that have no items or keys.
type cmdIndex struct {
	// raw is the command the offsets count in. An iterator uses the
	// record only when the Command's Raw is still these bytes (the same
	// memory), so a Command whose fields were changed after parsing is
	// walked by scanning.
	raw []byte
	lim *Limits
	// n counts the marks; full is set when there was no room for one, and
	// the record is then not used.
	n    int32
	full bool
	// nd counts the details.
	nd     int32
	mark   [maxCmdMarks]cmdMark
	detail [maxAttDetails]attDetail
	// lists is the walk record of the header-lists of FETCH items and of
	// STORE's flag list (see recordAtomList), so that Value.List steps
	// through their elements without scanning them again.
	lists listSpans
}

// reset starts the record of command b.
//
// It does what x.lists.record(b) would, its pointers stored in a run with
// x's own, so that one test of the write barrier covers them.
func (x *cmdIndex) reset(b []byte, lim *Limits) {
	x.raw = b
	x.lim = lim
	x.lists.msg = b
	x.n, x.nd, x.lists.n = 0, 0, 0
	x.full = len(b) > math.MaxInt32
	if x.full {
		x.lists.n, x.lists.msg = maxListSpans, nil // full, and matching no bytes
	}
}

// open reserves the mark of an element that starts at start, and returns
// its index for close, or -1 when nothing is being recorded.
func (x *cmdIndex) open(start int) int32 {
	if x == nil || x.full {
		return -1
	}
	if x.n >= maxCmdMarks {
		x.full = true
		return -1
	}
	i := x.n
	x.mark[i].start = int32(start)
	x.n++
	return i
}

// close completes mark i, from open, with its end and kind; the marks
// recorded since open are the ones inside it.
func (x *cmdIndex) close(i int32, end int, kind uint8) {
	if i < 0 || x.full {
		return
	}
	m := &x.mark[i]
	m.end, m.next, m.kind, m.det = int32(end), x.n, kind, 0
}

// setMark writes mark i of an element at start to end, of the given kind,
// whose marks inside end before x.n, one field a statement (the fast
// paths write a mark per key or item).
func (x *cmdIndex) setMark(i int32, start, end int, kind uint8) {
	m := &x.mark[i&(maxCmdMarks-1)]
	m.start = int32(start)
	m.end = int32(end)
	m.next = x.n
	m.kind = kind
	m.det = 0
}

// closeAtt completes mark i of FETCH item a, validated from the mark's
// start to end, with a's parts when it has a section or modifiers.
func (x *cmdIndex) closeAtt(i int32, end int, a *fetchParts) {
	x.close(i, end, uint8(a.Kind))
	if i < 0 || x.full {
		return
	}
	switch a.Kind {
	case FetchBodySection, FetchBinary, FetchBinarySize:
	case FetchPreview:
		if a.Modifiers.Form == FormNone {
			return
		}
	default:
		return
	}
	if x.nd >= maxAttDetails {
		x.full = true
		return
	}
	m := &x.mark[i]
	d := &x.detail[x.nd]
	x.nd++
	m.det = uint8(x.nd)
	start := m.start
	*d = attDetail{nameEnd: start + int32(len(a.Name)), peek: a.Peek}
	if a.Kind == FetchPreview {
		d.fields, d.fieldsEnd = int32(a.Modifiers.Off), int32(a.Modifiers.Off+len(a.Modifiers.Raw))
		return
	}
	d.secStart = d.nameEnd + 1 // after "["
	d.secEnd = d.secStart + int32(len(a.Section))
	d.partEnd = d.secStart + int32(len(a.Part))
	if len(a.Specifier) > 0 {
		// The specifier ends the section but for a header-list.
		d.specStart = d.partEnd
		if len(a.Part) > 0 {
			d.specStart++ // the "." after the part
		}
		d.specEnd = d.specStart + int32(len(a.Specifier))
	}
	if a.Fields.Form != FormNone {
		d.hasFields = true
		d.fields, d.fieldsEnd = int32(a.Fields.Off), int32(a.Fields.Off+len(a.Fields.Raw))
		if a.Fields.spans == &x.lists {
			d.fieldsTi = a.Fields.ti // recorded by headerList
		}
	}
	d.partial, d.origin, d.size = a.Partial, a.Origin, a.Size
}

// valid reports whether the record describes command raw.
func (x *cmdIndex) valid(raw []byte) bool {
	return !x.full && x.n > 0 && len(raw) > 0 && len(x.raw) == len(raw) && &x.raw[0] == &raw[0]
}

// scanner returns a trusted scanner over the command at offset p, for
// re-reading one validated element.
func (x *cmdIndex) scanner(p int) scanner {
	s := newScanner(x.raw, 0, x.lim)
	s.p, s.trusted = p, true
	return s
}

// val builds the Value of x.raw[off:end], as a trusted scanner would.
func (x *cmdIndex) val(f Form, off, end int) Value {
	return Value{Form: f, Raw: x.raw[off:end], Off: off, lim: x.lim, trusted: true}
}

// listRecord returns x.lists when s reads the command x records (so that
// offsets in s are offsets in x.raw), else nil.
func (x *cmdIndex) listRecord(s *scanner) *listSpans {
	if x.full || s.base != 0 || len(s.b) != len(x.raw) || len(s.b) == 0 || &s.b[0] != &x.raw[0] {
		return nil
	}
	return &x.lists
}

// recordAtomList records on x.lists the validated list whose elements are
// x.raw[start:end] (inside its parens), when each element is one that a
// scanning walk reads as a FormAtom: an atom without "[" that is neither
// NIL nor a number, or a flag ("\" atom), as header-fld-names and flags
// almost always are. It returns 1 + the list's entry index, for
// Value.ti, or 0 when the list was not recorded (another element, or no
// room), and is then walked by scanning.
func (x *cmdIndex) recordAtomList(start, end int) int32 {
	t := &x.lists
	top := t.n
	if x.full || start < 0 || start > end || end >= len(x.raw) || top >= maxListSpans {
		return 0
	}
	b := x.raw[:end]
	j := top + 1
	for p := start; p < end; {
		q := p
		if b[q] == '\\' {
			q++
		}
		a := q
		digits := true
		for q < len(b) && charClass[b[q]]&cAtom != 0 && b[q] != '[' {
			digits = digits && b[q]-'0' <= 9
			q++
		}
		if q == a || (q < len(b) && b[q] != ' ') || j >= maxListSpans ||
			(a == p && (digits || q-p == 3 && equalFoldASCII(b[p:q], "NIL"))) {
			return 0
		}
		t.span[j] = tapeEntry{off: int32(p), end: int32(q), next: int32(j + 1), form: FormAtom}
		j++
		p = q + 1
		if q+1 == end {
			return 0 // a trailing SP: not a list ParseCommand accepted
		}
	}
	t.span[top] = tapeEntry{off: int32(start), end: int32(end), next: int32(j), form: FormList}
	t.n = j
	return int32(top + 1)
}
