package parser

// lazyList is a list Value read element by element on demand, the
// representation behind the lazy views (Envelope, Address, BodyStructure).
// When the list was recorded in the walk record of the message it aliases
// (see listSpans), its entry is looked up once, when the view is built, and
// element k is then found by stepping over k entries (one load each, a
// nested list included) and built only when asked for. Otherwise (a Value
// kept past its message, built by hand, or in a message whose record
// filled up) each element is found by scanning the list's bytes from the
// start.
type lazyList struct {
	v Value      // the list itself
	t *listSpans // v's walk record, or nil to scan v
	i int32      // v's entry in t
}

// set makes l the view of list v.
func (l *lazyList) set(v Value) {
	l.v = v
	l.t, l.i = nil, 0
	if t, i, ok := v.tapeList(); ok {
		l.t, l.i = t, int32(i)
	}
}

// setEntry makes l the view of the list recorded at entry j of t, which
// must be a complete list entry (form FormList, next > j).
func (l *lazyList) setEntry(t *listSpans, j int32, lim *Limits, lenient bool) {
	t.set(&l.v, int(j), lim, lenient)
	l.t, l.i = t, j
}

// entry returns the record index of element k (counting from 0), or -1
// when the list has fewer elements. l.t must not be nil.
func (l *lazyList) entry(k int) int32 {
	t := l.t
	j, end := l.i+1, t.span[l.i].next
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
	if l.t != nil {
		if j := l.entry(k); j >= 0 {
			l.t.set(&v, int(j), l.v.lim, l.v.lenient)
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
			return l.t.span[j].form
		}
		return FormNone
	}
	v := l.elem(k)
	return v.Form
}

// equalFold reports whether element k is a string or atom equal to s,
// ignoring ASCII case.
func (l *lazyList) equalFold(k int, s string) bool {
	if l.t != nil {
		j := l.entry(k)
		if j < 0 {
			return false
		}
		e := &l.t.span[j]
		return Value{Form: e.form, Raw: l.t.msg[e.off:e.end]}.EqualFold(s)
	}
	v := l.elem(k)
	return v.EqualFold(s)
}

// iter sets *it, which must be zero, to walk the list's elements.
func (l *lazyList) iter(it *ListIter) {
	if l.t != nil {
		lim := l.v.lim
		if lim == nil {
			lim = &defaultLimits
		}
		it.s.lim, it.s.lenient = lim, l.v.lenient
		it.t, it.tj, it.tend = l.t, l.i+1, l.t.span[l.i].next
		return
	}
	l.v.initList(it)
}
