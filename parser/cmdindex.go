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
	mark [maxCmdMarks]cmdMark
}

// reset starts the record of command b.
func (x *cmdIndex) reset(b []byte, lim *Limits) {
	x.raw, x.lim, x.n, x.full = b, lim, 0, len(b) > math.MaxInt32
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
	m.end, m.next, m.kind = int32(end), x.n, kind
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

// fetchAtt fills a, which must be zero, from mark i.
func (x *cmdIndex) fetchAtt(i int32, a *FetchAtt) {
	m := &x.mark[i]
	start, end := int(m.start), int(m.end)
	switch k := FetchAttKind(m.kind); k {
	case FetchBodySection, FetchBinary, FetchBinarySize, FetchPreview:
		// Sections and modifiers: read the item again (it is short).
		s := x.scanner(start)
		_ = fetchAttMode(&s, a, true)
	default:
		a.Kind, a.Raw, a.Off, a.Name = k, x.raw[start:end], start, x.raw[start:end]
	}
}

// searchKey fills k, which must be zero, from mark i.
func (x *cmdIndex) searchKey(i int32, k *SearchKey) {
	m := &x.mark[i]
	b := x.raw
	start, end := int(m.start), int(m.end)
	kind := SearchKeyKind(m.kind)
	k.Kind, k.Raw, k.Off = kind, b[start:end], start
	switch kind {
	case SearchSeqSet:
		k.Seq = SeqSet{Raw: k.Raw}
		return
	case SearchGroup:
		k.x, k.first, k.stop = x, i+1, m.next
		return
	}
	a := start // the end of the name, then the start of the argument
	for a < end && b[a] != ' ' {
		a++
	}
	k.Name = b[start:a]
	a++
	switch searchKeys[kind].arg {
	case argNone:
	case argNot, argOr, argFuzzy:
		k.x, k.first, k.stop = x, i+1, m.next
	case argAString:
		k.Arg = x.astring(a, end)
	case argDate:
		if b[a] == '"' {
			k.Arg = x.val(FormQuoted, a+1, end-1)
		} else {
			k.Arg = x.val(FormAtom, a, end)
		}
	case argNumber, argNzNumber:
		k.Arg = x.val(FormNumber, a, end)
		k.Number, _ = k.Arg.Number()
	case argSeq:
		k.Seq = SeqSet{Raw: b[a:end]}
	case argFlag, argObjectID, argFilter:
		k.Arg = x.val(FormAtom, a, end)
	default:
		// HEADER and MODSEQ: read the key again.
		*k = SearchKey{}
		s := x.scanner(start)
		_ = searchKeyInto(&s, 0, true, k)
	}
}

// astring returns the Value of the validated astring x.raw[a:end]: an
// atom, a quoted string or a literal.
func (x *cmdIndex) astring(a, end int) Value {
	switch x.raw[a] {
	case '"':
		return x.val(FormQuoted, a+1, end-1)
	case '{':
		p := a
		for x.raw[p] != '\n' {
			p++
		}
		return x.val(FormLiteral, p+1, end)
	}
	return x.val(FormAtom, a, end)
}
