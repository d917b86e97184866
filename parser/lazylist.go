package parser

// lazyList is a list Value read element by element on demand, the
// representation behind the lazy views (Envelope, Address, BodyStructure).
// When the list was recorded in the walk record of the message it aliases
// (see listSpans), its entry is looked up once, when the view is built,
// and so are the record indexes of its first elements (up to len(pos), as
// many as the view is likely to read): a field read then indexes pos and
// builds the Value from that entry, with no stepping. An element past the
// known ones is found by stepping over entries from the last known one
// (one load each, a nested list included). Otherwise (a Value kept past its
// message, built by hand, or in a message whose record filled up) each
// element is found by scanning the list's bytes from the start.
//
// The positions are found when the view is built, never when a field is
// read, so that reading a view changes nothing in it: views may be read
// from several goroutines at once, as before.
type lazyList struct {
	t *listSpans // the list's walk record, or nil to scan v
	i int32      // the list's entry in t
	// n is how many elements' entries pos holds (0 when t is nil).
	n int8
	// vset tells whether v holds the list. A view built by an iterator
	// from the record leaves v unset (building a 56-byte Value per
	// address or part that no caller reads cost more than the fields
	// read), and Value builds it from entry i when asked.
	vset    bool
	lenient bool
	// shaped tells the list of a body part of a BODY or BODYSTRUCTURE
	// item as ParseResponse validated it (see itemMark), read through
	// its record; its walks inherit it (listWalk.shaped).
	shaped bool
	lim    *Limits
	pos    [lazyPos]int16
	v      Value // the list itself, when vset
}

// lazyPos is how many element positions a lazyList keeps: an envelope's
// ten fields, a body part's fields up to its body-fld-octets.
const lazyPos = 10

// set makes l the view of list *v. (A Value is passed on the stack, not
// in registers: by pointer it is not copied to the call's arguments.) A
// list the record holds is not copied into l.v either, as the iterators'
// views are not: Value builds it from the entry, the same Value (the
// record's bytes are v's, and only a validated response has a record).
func (l *lazyList) set(v *Value, want int) {
	l.n, l.shaped = 0, false
	l.lim, l.lenient = v.lim, v.lenient
	if t := v.spans; t != nil {
		if i := int(v.ti) - 1; uint(i) < uint(t.n) && t.holds(i, v) { // tapeList, in line
			l.t, l.i, l.vset = t, int32(i), false
			l.fill(want)
			return
		}
	}
	l.v, l.vset = *v, true
	l.t, l.i = nil, 0
}

// setEnvelope makes l the view of entry i of t, an envelope as
// ParseResponse validated it (see itemMark), as set(v, 10) does for its
// Value v: the date and subject are the two entries after i, each
// address list is one entry or a list the record holds whole, so its
// next entry is the field after it, and the last two fields follow the
// bcc list. (fill checks each step, for any list.)
func (l *lazyList) setEnvelope(t *listSpans, i int32, lim *Limits, lenient bool) {
	l.t, l.i, l.vset, l.shaped = t, i, false, false
	l.lim, l.lenient = lim, lenient
	j := i + 1
	l.pos[0], l.pos[1] = int16(j), int16(j+1)
	j += 2
	for k := 2; k < 8; k++ {
		l.pos[k] = int16(j)
		j = t.span[uint32(j)%maxListSpans].next
	}
	l.pos[8], l.pos[9] = int16(j), int16(j+1)
	l.n = 10
}

// fill records the entries of the list's first want elements (at most
// lazyPos) in pos, and how many there are in n, continuing from the
// elements already known.
func (l *lazyList) fill(want int) {
	n := int(l.n)
	if want > lazyPos {
		want = lazyPos
	}
	if n >= want {
		return
	}
	t := l.t
	j, end := l.i+1, t.span[uint32(l.i)%maxListSpans].next
	if n > 0 {
		j = t.after(int32(l.pos[n-1]), end)
	}
	for ; n < want && j < end; n++ {
		l.pos[n] = int16(j)
		j = t.after(j, end)
	}
	l.n = int8(n)
}

// list returns the list itself.
func (l *lazyList) list() (v Value) {
	if l.vset {
		return l.v
	}
	if l.t != nil {
		l.t.set(&v, int(l.i), l.lim, l.lenient)
	}
	return v
}

// entry returns the record index of element k (counting from 0), or -1
// when the list has fewer elements. l.t must not be nil.
func (l *lazyList) entry(k int) int32 {
	if uint(k) < uint(l.n) {
		return int32(l.pos[k])
	}
	return l.entryFar(k)
}

// entryFar is entry for an element past the known ones: it steps from
// the last known one.
func (l *lazyList) entryFar(k int) int32 {
	t := l.t
	if k < 0 {
		return -1
	}
	j, end := l.i+1, t.span[uint32(l.i)%maxListSpans].next
	if n := int(l.n); n > 0 {
		j, k = t.after(int32(l.pos[n-1]), end), k-n
	}
	for ; k > 0 && j < end; k-- {
		j = t.after(j, end)
	}
	if j >= end {
		return -1
	}
	return j
}

// elem returns element k of the list, or the zero Value (FormNone) when the
// list has fewer elements or is not a list.
func (l *lazyList) elem(k int) (v Value) {
	if uint(k) < uint(l.n) {
		l.t.set(&v, int(l.pos[k]), l.lim, l.lenient)
		return v
	}
	return l.elemFar(k)
}

// elemTo sets *dst, which must be zero, to element k of the list, as
// elem returns it. The views' field methods call it on their own result:
// inlined, the result is then set in the caller's variable, not built in
// elem's and copied out.
func (l *lazyList) elemTo(dst *Value, k int) {
	if uint(k) < uint(l.n) {
		l.t.set(dst, int(l.pos[k]), l.lim, l.lenient)
		return
	}
	*dst = l.elemFar(k)
}

// scalar returns element k's Raw and Form, as elem gives them. The
// result goes back in registers: nothing is stored, where elemTo writes
// a 56-byte Value (three pointers behind write-barrier checks) that the
// caller then reads back.
func (l *lazyList) scalar(k int) Scalar {
	if uint(k) < uint(l.n) {
		t := l.t
		e := &t.span[uint16(l.pos[k])%maxListSpans]
		return Scalar{Raw: t.msg[e.off:e.end], Form: e.form}
	}
	return l.scalarFar(k)
}

// scalarAt returns entry j's Raw and Form, as scalar does for an element
// whose entry is known.
func (t *listSpans) scalarAt(j int16) Scalar {
	e := &t.span[uint16(j)%maxListSpans]
	return Scalar{Raw: t.msg[e.off:e.end], Form: e.form}
}

// scalarFar is scalar for an element whose entry is not known. Kept out
// of line, it leaves scalar without a stack frame of its own Value.
//
//go:noinline
func (l *lazyList) scalarFar(k int) Scalar {
	v := l.elemFar(k)
	return Scalar{Raw: v.Raw, Form: v.Form}
}

// walkElem sets *w, which must be zero, to walk the elements of element k
// of the list, as w.init(&v) does with v = elem(k): an element recorded
// as a complete list is walked from its entry, without building its
// Value and checking that the Value's bytes are the record's (they are:
// the list's own record holds it).
func (l *lazyList) walkElem(w *listWalk, k int) {
	if uint(k) < uint(l.n) {
		t := l.t
		j := int32(l.pos[k])
		e := &t.span[uint32(j)%maxListSpans]
		if e.form != FormList {
			// NIL or another scalar: w.init would find no list.
			w.done = true
			return
		}
		if e.next > j && e.off <= e.end && uint(e.end) < uint(len(t.msg)) {
			lim := l.lim
			if lim == nil {
				lim = &defaultLimits
			}
			w.lim, w.lenient, w.shaped = lim, l.lenient, l.shaped
			w.t, w.tj, w.tend = t, j+1, e.next
			return
		}
	}
	v := l.elem(k)
	w.init(&v)
}

// elemFar is elem for an element whose entry is not known: past the known
// ones, or in a list without a record.
func (l *lazyList) elemFar(k int) (v Value) {
	if l.t != nil {
		if j := l.entryFar(k); j >= 0 {
			l.t.set(&v, int(j), l.lim, l.lenient)
		}
		return v
	}
	if k < 0 {
		return v
	}
	it := l.v.List()
	for it.Next() {
		if k == 0 {
			return it.Value()
		}
		k--
	}
	return v
}

// form returns the form of element k, FormNone when there is none.
func (l *lazyList) form(k int) Form {
	if l.t != nil {
		if j := l.entry(k); j >= 0 {
			return l.t.span[uint32(j)%maxListSpans].form
		}
		return FormNone
	}
	v := l.elemFar(k)
	return v.Form
}

// equalFold reports whether element k is a string or atom equal to s,
// ignoring ASCII case. s must hold no backslash.
func (l *lazyList) equalFold(k int, s string) bool {
	if l.t != nil {
		return l.t.equalFoldAt(l.entry(k), s)
	}
	v := l.elemFar(k)
	return v.EqualFold(s)
}

// equalFoldAt is equalFold for entry j of t; it reports false for j < 0
// (no element). s must hold no backslash.
func (t *listSpans) equalFoldAt(j int32, s string) bool {
	if j < 0 {
		return false
	}
	e := &t.span[uint32(j)%maxListSpans]
	raw := t.msg[e.off:e.end]
	if len(raw) != len(s) || e.form == FormList {
		// Only a quoted string with escapes can equal a shorter s;
		// its first octet, when not an escape, must match.
		return len(raw) > len(s) && e.form == FormQuoted && len(s) > 0 && (raw[0] == '\\' || lower(raw[0]) == lower(s[0])) &&
			Value{Form: e.form, Raw: raw}.EqualFold(s)
	}
	// Same length: an escape would make the string shorter than s, and
	// its backslash matches no octet of s, so comparing the raw octets
	// gives EqualFold's answer.
	for i := 0; i < len(s); i++ {
		if lower(raw[i]) != lower(s[i]) {
			return false
		}
	}
	return true
}

// walk sets *w, which must be zero, to walk the list's elements.
func (l *lazyList) walk(w *listWalk) {
	if l.t != nil {
		lim := l.lim
		if lim == nil {
			lim = &defaultLimits
		}
		w.lim, w.lenient, w.shaped = lim, l.lenient, l.shaped
		w.t, w.tj, w.tend = l.t, l.i+1, l.t.span[uint32(l.i)%maxListSpans].next
		return
	}
	w.init(&l.v)
}
