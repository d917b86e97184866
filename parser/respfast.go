package parser

// The fast path of ENVELOPE and BODY/BODYSTRUCTURE validation.
//
// Real servers send these values in one narrow form: plain quoted strings
// (no escape), NIL, small numbers and parenthesised lists, strict syntax.
// fastRec validates and records exactly that form with the position in a
// local variable and no error values; at the first byte outside it (an
// escape, a literal, a message/rfc822 part, body extensions, lenient mode,
// a limit, a syntax error, a full walk record) it gives up, and the caller
// runs the general validator from the start of the value. Errors, their
// offsets and every unusual form therefore stay the general validator's;
// the fast path only ever accepts what the general one accepts, and
// records the same walk entries (TestFastPathMatchesGeneral checks both).

// fastRec is the state of one fast-path attempt: the message, the walk
// record (nil when nothing is recorded) and its count, kept locally until
// the attempt succeeds.
type fastRec struct {
	b    []byte
	t    *listSpans
	n    int
	base int
	lim  *Limits
}

// newFastRec starts a fast-path attempt at s, or reports false when the
// scanner's mode rules it out.
func newFastRec(s *scanner) (fastRec, bool) {
	if s.lenient {
		return fastRec{}, false
	}
	f := fastRec{b: s.b, t: s.rec, base: s.base, lim: s.lim}
	if f.t != nil {
		f.n = f.t.n
	}
	return f, true
}

// commit makes the attempt's entries part of the walk record.
func (f *fastRec) commit() {
	if f.t != nil {
		f.t.n = f.n
	}
}

// add records an element whose Raw is b[off:end] and returns its index
// (0 when nothing is recorded), or -1 when the record is full.
func (f *fastRec) add(off, end int, form Form) int {
	t := f.t
	if t == nil {
		return 0
	}
	i := f.n
	if i >= maxListSpans-1 {
		// The general path decides what a full record holds.
		return -1
	}
	t.span[i] = tapeEntry{off: int32(f.base + off), end: int32(f.base + end), next: int32(i + 1), form: form}
	f.n = i + 1
	return i
}

// open records a list whose "(" is at b[p]; close ends it at b[p] (its
// ")").
func (f *fastRec) open(p int) int { return f.add(p+1, p+1, FormList) }

func (f *fastRec) close(i, p int) {
	if f.t != nil {
		e := &f.t.span[i]
		e.end = int32(f.base + p)
		e.next = int32(f.n)
	}
}

// closeAt ends list span (from open) at the ")" that must stand at b[p],
// and returns the position after it, or -1.
func (f *fastRec) closeAt(span, p int) int {
	if p < 0 || p >= len(f.b) || f.b[p] != ')' {
		return -1
	}
	f.close(span, p)
	return p + 1
}

// nstring reads NIL or a plain quoted string at b[p] and returns the
// position after it, or -1.
func (f *fastRec) nstring(p int) int {
	b := f.b
	if p < 0 {
		return -1
	}
	if p < len(b) && b[p] == '"' {
		return f.str(p)
	}
	if atNIL(b, p) && f.add(p, p+3, FormNIL) >= 0 {
		return p + 3
	}
	return -1
}

// str reads a plain quoted string at b[p].
func (f *fastRec) str(p int) int {
	b := f.b
	if p < 0 || p >= len(b) || b[p] != '"' {
		return -1
	}
	i := plainQuotedEnd(b, p)
	if i >= len(b) || b[i] != '"' || f.add(p+1, i, FormQuoted) < 0 {
		return -1
	}
	return i + 1
}

// sp reads the SP at b[p].
func (f *fastRec) sp(p int) int {
	if p >= 0 && p < len(f.b) && f.b[p] == ' ' {
		return p + 1
	}
	return -1
}

// number reads up to 9 digits (so below 2^32 and 2^63 alike) at b[p].
func (f *fastRec) number(p int) int {
	b := f.b
	if p < 0 {
		return -1
	}
	i := p
	for i < len(b) && i-p < 10 && b[i]-'0' <= 9 {
		i++
	}
	if i == p || i-p > 9 || f.add(p, i, FormNumber) < 0 {
		return -1
	}
	return i
}

// envelope reads an envelope at b[p] (RFC 9051 "envelope").
func (f *fastRec) envelope(p int) int {
	span, p := f.openAt(p)
	for i := 0; i < 10 && p >= 0; i++ {
		if i > 0 {
			p = f.sp(p)
			if p < 0 {
				return -1
			}
		}
		if i >= 2 && i <= 7 {
			p = f.addressList(p)
		} else {
			p = f.nstring(p)
		}
	}
	return f.closeAt(span, p)
}

// addressList reads NIL or "(" 1*address ")".
func (f *fastRec) addressList(p int) int {
	b := f.b
	span, p, done := f.listOrNIL(p)
	if done {
		return p
	}
	for n := 0; ; n++ {
		if n > 0 && p < len(b) && b[p] == ')' {
			f.close(span, p)
			return p + 1
		}
		if n >= f.lim.MaxArgs {
			return -1
		}
		var addr int
		addr, p = f.openAt(p)
		for i := 0; i < 4 && p >= 0; i++ {
			if i > 0 {
				if p = f.sp(p); p < 0 {
					return -1
				}
			}
			p = f.nstring(p)
		}
		if p = f.closeAt(addr, p); p < 0 {
			return -1
		}
	}
}

// openAt opens the list whose "(" must stand at b[p] and returns its
// span and the position after the "(", or -1 for the position (which the
// readers that follow pass on).
func (f *fastRec) openAt(p int) (span, next int) {
	if p < 0 || p >= len(f.b) || f.b[p] != '(' {
		return 0, -1
	}
	if span = f.open(p); span < 0 {
		return 0, -1
	}
	return span, p + 1
}

// listOrNIL reads NIL at b[p] (done, with p past it or -1), or opens
// the list whose "(" stands there (p past the "(").
func (f *fastRec) listOrNIL(p int) (span, next int, done bool) {
	if p < 0 || p >= len(f.b) || f.b[p] != '(' {
		return 0, f.nil(p), true
	}
	if span = f.open(p); span < 0 {
		return 0, -1, true
	}
	return span, p + 1, false
}

// nil reads NIL at b[p].
func (f *fastRec) nil(p int) int {
	if p >= 0 && atNIL(f.b, p) && f.add(p, p+3, FormNIL) >= 0 {
		return p + 3
	}
	return -1
}

// body reads body = "(" (body-type-1part / body-type-mpart) ")", without
// message/rfc822 parts and body extensions.
func (f *fastRec) body(p, depth int) int {
	b := f.b
	if depth > f.lim.MaxDepth {
		return -1
	}
	span, p := f.openAt(p)
	if p < 0 {
		return -1
	}
	if p < len(b) && b[p] == '(' {
		for n := 0; p < len(b) && b[p] == '('; n++ {
			if n >= f.lim.MaxArgs {
				return -1
			}
			if p = f.body(p, depth+1); p < 0 {
				return -1
			}
		}
		if p = f.sp(p); p < 0 {
			return -1
		}
		if p = f.str(p); p < 0 {
			return -1
		}
		if p < len(b) && b[p] == ' ' {
			if p = f.param(p + 1); p < 0 {
				return -1
			}
			if p = f.extTail(p); p < 0 {
				return -1
			}
		}
	} else {
		typ := p
		if p = f.str(p); p < 0 {
			return -1
		}
		mt := b[typ+1 : p-1]
		if p = f.sp(p); p < 0 {
			return -1
		}
		if p = f.str(p); p < 0 {
			return -1
		}
		if equalFoldASCII(mt, "MESSAGE") {
			return -1 // message/rfc822 and message/global: the general path
		}
		p = f.sp(p)
		if p >= 0 {
			p = f.param(p)
		}
		for i := 0; i < 3 && p >= 0; i++ {
			if p = f.sp(p); p >= 0 {
				if i < 2 {
					p = f.nstring(p)
				} else {
					p = f.str(p)
				}
			}
		}
		if p >= 0 {
			if p = f.sp(p); p >= 0 {
				p = f.number(p)
			}
		}
		if p >= 0 && equalFoldASCII(mt, "TEXT") {
			if p = f.sp(p); p >= 0 {
				p = f.number(p)
			}
		}
		if p < 0 {
			return -1
		}
		if p < len(b) && b[p] == ' ' {
			if p = f.nstring(p + 1); p < 0 {
				return -1
			}
			if p = f.extTail(p); p < 0 {
				return -1
			}
		}
	}
	return f.closeAt(span, p)
}

// param reads body-fld-param = "(" string SP string *(SP string SP
// string) ")" / nil.
func (f *fastRec) param(p int) int {
	b := f.b
	span, p, done := f.listOrNIL(p)
	if done {
		return p
	}
	for {
		if p = f.str(p); p < 0 {
			return -1
		}
		if p = f.sp(p); p < 0 {
			return -1
		}
		if p = f.str(p); p < 0 {
			return -1
		}
		if p >= len(b) {
			return -1
		}
		if b[p] == ')' {
			f.close(span, p)
			return p + 1
		}
		if b[p] != ' ' {
			return -1
		}
		p++
	}
}

// extTail reads [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]],
// giving up on any body-extension after them.
func (f *fastRec) extTail(p int) int {
	b := f.b
	if p >= len(b) || b[p] != ' ' {
		return p
	}
	p++
	// body-fld-dsp = "(" string SP body-fld-param ")" / nil
	if p < len(b) && b[p] == '(' {
		var span int
		span, p = f.openAt(p)
		if p = f.str(p); p < 0 {
			return -1
		}
		if p = f.sp(p); p < 0 {
			return -1
		}
		if p = f.closeAt(span, f.param(p)); p < 0 {
			return -1
		}
	} else if p = f.nil(p); p < 0 {
		return -1
	}
	if p >= len(b) || b[p] != ' ' {
		return p
	}
	p++
	// body-fld-lang = nstring / "(" string *(SP string) ")"
	if p < len(b) && b[p] == '(' {
		var span int
		span, p = f.openAt(p)
		for {
			if p = f.str(p); p < 0 || p >= len(b) {
				return -1
			}
			if b[p] == ')' {
				break
			}
			if p = f.sp(p); p < 0 {
				return -1
			}
		}
		f.close(span, p)
		p++
	} else if p = f.nstring(p); p < 0 {
		return -1
	}
	if p >= len(b) || b[p] != ' ' {
		return p
	}
	if p = f.nstring(p + 1); p < 0 {
		return -1
	}
	if p < len(b) && b[p] == ' ' {
		return -1 // body-extension: the general path
	}
	return p
}
