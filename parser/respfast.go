package parser

import (
	"encoding/binary"
	"math/bits"
)

// The fast path of ENVELOPE and BODY/BODYSTRUCTURE validation.
//
// Real servers send these values in one narrow form: plain quoted strings
// (no escape), NIL, small numbers and parenthesised lists, strict syntax.
// The fast path takes exactly that form in two phases, as JSON parsers
// such as simdjson do:
//
//   - tapeScan reads the whole value in one loop that switches on each
//     token's first octet and appends the token to the walk record: no
//     call per token, the position and the record's count in locals. It
//     checks the separators (one SP between elements, none after "(" or
//     before ")", and only ")(" without one) but not the grammar.
//   - tapeEnvelope and tapeBody then check the recorded shape against the
//     grammar (an envelope has ten fields of given forms, an address four
//     nstrings, a part its body-fields ...) by reading the record, which
//     is small and in cache.
//
// At anything outside that form (an escape, a literal, a message/rfc822
// part, body extensions, lenient mode, a limit, a syntax error, a full walk
// record) the fast path gives up, and the caller runs the general validator
// from the start of the value. Errors, their offsets and every unusual form
// therefore stay the general validator's; the fast path only ever accepts
// what the general one accepts, and records the same walk entries
// (TestFastPathMatchesGeneral checks both).

// Octet masks for reading eight octets of a quoted string at once.
const (
	swarLo = 0x0101010101010101
	swarHi = 0x8080808080808080
)

// tapeScan reads the list value that opens at b[p] and appends its
// elements to t after t's last entry, in the order and with the extents
// the general validator records them (see listSpans), for a scanner whose
// base is 0. It returns the position after the closing ")" and the
// record's new count, without setting t.n, or -1 when the value is not in
// the common form.
//
// Each element is read where it starts, by its first octet; after it come
// either SP and the next element, or ")" closing one list or more, after
// each of which may stand "(" (the parts of a multipart body and the
// addresses of an address list follow each other so; tapeBody and
// tapeEnvelope check where). An SP after "(" or before ")" is refused.
func tapeScan(b []byte, p int, t *listSpans) (int, int) {
	n := uint(t.n)
	if p >= len(b) || b[p] != '(' {
		return -1, 0
	}
	sp := &t.span
	// The lists still open are chained through their entries' next
	// fields, which hold the enclosing list's index until the list
	// closes: no stack, and no depth limit, to keep in registers.
	root := n
	cur := n
	// Each element's path ends with the position of the next element and
	// its first octet in c: reading that octet with the element, from
	// bytes already loaded or checked, saves a load and a bounds check
	// per element.
	c := byte('(')
	for {
		// b[p] == c starts an element.
		if n >= maxListSpans-1 {
			// The general path decides what a full record holds.
			return -1, 0
		}
		if c == '"' {
			// A plain quoted string: eight octets at a time while they
			// hold no DQUOTE, backslash or octet below 0x0e (NUL, CR and
			// LF among them). In each mask the lowest set bit is exact,
			// so the first octet that stops the scan is found.
			i := p + 1
			j := i // where the scan goes on when the window below does not do
			if i+19 <= len(b) {
				// Most strings end within sixteen octets: two words with
				// no loop and no bounds checks, and the octets after the
				// closing DQUOTE (SP and the next element, or ")") within
				// the same window.
				w := (*[19]byte)(b[i : i+19])
				k := 16
				if m := quotedStops(binary.LittleEndian.Uint64(w[:8])); m != 0 {
					k = bits.TrailingZeros64(m) >> 3
				} else if m = quotedStops(binary.LittleEndian.Uint64(w[8:16])); m != 0 {
					k = 8 + bits.TrailingZeros64(m)>>3
				}
				if k < 16 && w[k] == '"' {
					sp[n] = tapeEntry{off: int32(i), end: int32(i + k), next: int32(n + 1), form: FormQuoted}
					n++
					if sep := w[k+1]; sep == ' ' {
						p, c = i+k+2, w[k+2]
						continue
					} else if sep == ')' {
						p = i + k + 1
						goto closing
					}
					return -1, 0
				}
				j = i + k
			}
			// Longer strings, strings near the end of b, and strings with
			// control octets: in line, since a call here would make the
			// compiler save registers on every string's path.
			for w := b[j:]; len(w) >= 8; w = w[8:] {
				if m := quotedStops(binary.LittleEndian.Uint64(w)); m != 0 {
					j += bits.TrailingZeros64(m) >> 3
					break
				}
				j += 8
			}
			// The control octets other than NUL, CR and LF stop the
			// eight-octet reads: go on one by one.
			for j < len(b) && quotedPlain8[b[j]] != 0 {
				j++
			}
			if j >= len(b) || b[j] != '"' {
				return -1, 0
			}
			sp[n] = tapeEntry{off: int32(i), end: int32(j), next: int32(n + 1), form: FormQuoted}
			n++
			p = j + 1
		} else if c|0x20 == 'n' {
			if p+8 <= len(b) {
				// NIL, and SP and the next element's first octet or ")",
				// from one load.
				x := binary.LittleEndian.Uint64(b[p:])
				if x&0xffffff|0x202020 != 'n'|'i'<<8|'l'<<16 {
					return -1, 0
				}
				sp[n] = tapeEntry{off: int32(p), end: int32(p + 3), next: int32(n + 1), form: FormNIL}
				n++
				if sep := byte(x >> 24); sep == ' ' {
					p, c = p+4, byte(x>>32)
					continue
				} else if sep == ')' {
					p += 3
					goto closing
				}
				return -1, 0
			}
			if p+3 > len(b) || b[p+1]|0x20 != 'i' || b[p+2]|0x20 != 'l' {
				return -1, 0
			}
			sp[n] = tapeEntry{off: int32(p), end: int32(p + 3), next: int32(n + 1), form: FormNIL}
			n++
			p += 3
		} else if c == '(' {
			sp[n] = tapeEntry{off: int32(p + 1), end: int32(p + 1), next: int32(cur), form: FormList}
			cur = n
			n++
			p++
			if p >= len(b) {
				return -1, 0
			}
			if c = b[p]; c != ')' {
				continue // the list's first element
			}
			// An empty list: closed below.
			goto closing
		} else if c-'0' <= 9 {
			// Up to nine digits: below 2^32 and 2^63 alike.
			i := p + 1
			for i < len(b) && b[i]-'0' <= 9 {
				i++
			}
			if i-p > 9 {
				return -1, 0
			}
			sp[n] = tapeEntry{off: int32(p), end: int32(i), next: int32(n + 1), form: FormNumber}
			n++
			p = i
		} else {
			return -1, 0
		}
		// After a scalar: SP and the next element, or ")".
		if p >= len(b) {
			return -1, 0
		}
		if c = b[p]; c == ' ' {
			p++
			if p >= len(b) {
				return -1, 0
			}
			c = b[p]
			continue
		}
		if c != ')' {
			return -1, 0
		}
	closing:
		// b[p] is ")": close lists while ")" follows, then SP and the
		// next element, or "(" and the next list.
		for {
			e := &sp[cur%maxListSpans]
			parent := uint(e.next)
			e.end = int32(p)
			e.next = int32(n)
			p++
			if cur == root {
				return p, int(n)
			}
			cur = parent
			if p >= len(b) {
				return -1, 0
			}
			c = b[p]
			if c == ')' {
				continue
			}
			if c == ' ' {
				p++
				if p >= len(b) {
					return -1, 0
				}
				c = b[p]
			} else if c != '(' {
				return -1, 0
			}
			break
		}
	}
}

// quotedStops returns, for eight octets of a quoted string (the first in
// the low byte), a mask with the high bit set in the octets that stop a
// plain string: DQUOTE, backslash, and octets below 0x0e (NUL, CR and LF
// among them). Each of the three is the classic test for a zero octet,
// (v - 0x01..) &^ v, on x^DQUOTE, x^backslash and x-0x0e..; since the
// octets compared with are below 0x80, the three v have the high bits of
// x, so one &^ x serves all three. Only the lowest set bit is exact (a
// borrow may set bits above it), which is the one the callers use.
func quotedStops(x uint64) uint64 {
	q := x ^ ('"' * swarLo)
	e := x ^ ('\\' * swarLo)
	return ((q - swarLo) | (e - swarLo) | (x - 0x0e*swarLo)) &^ x & swarHi
}

// quotedEnd returns the index of the first octet at or after b[i] that
// stops a plain quoted string (see quotedStops), or where the eight-octet
// reads end near the end of b, from where the caller goes on one by one.
func quotedEnd(b []byte, i int) int {
	for w := b[i:]; len(w) >= 8; w = w[8:] {
		if m := quotedStops(binary.LittleEndian.Uint64(w)); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	return i
}

// formIs classifies the forms of walk-record entries for tapeEnvelope and
// tapeBody: a table lookup is cheaper than comparing a form with each of
// the forms a grammar element may take.
var formIs = func() (t [256]uint8) {
	t[FormQuoted] = isNString | isString
	t[FormNIL] = isNString
	return t
}()

// The bits of formIs.
const (
	isNString = 1 << iota // an nstring: a quoted string or NIL
	isString              // a string: a quoted string
)

// tapeEnvelope checks that entries i and on of t, from tapeScan, are an
// envelope (RFC 9051 "envelope"): ten fields, of which the third to the
// eighth are NIL or address lists and the others nstrings.
func tapeEnvelope(b []byte, t *listSpans, i int, lim *Limits) bool {
	sp := &t.span
	end := int(sp[i].next)
	j := i + 1
	// env-date SP env-subject
	if end-j < 10 || formIs[sp[j].form]&formIs[sp[j+1].form]&isNString == 0 {
		return false
	}
	j += 2
	for k := 0; k < 6; k++ {
		// env-from ... env-bcc: NIL, or "(" 1*address ")" after an SP,
		// each address "(" four nstrings ")" right after the previous
		// one.
		if j >= end {
			return false
		}
		e := &sp[j]
		if e.form != FormList {
			if e.form != FormNIL {
				return false
			}
			j++
			continue
		}
		if b[int(e.off)-2] != ' ' {
			return false
		}
		aend := int(e.next)
		a := j + 1
		if a >= aend || aend > end {
			return false
		}
		for n := 0; a < aend; n++ {
			if n >= lim.MaxArgs || a+5 > aend {
				return false
			}
			x := (*[5]tapeEntry)(sp[a : a+5]) // one bounds check for five entries
			if x[0].form != FormList || int(x[0].next) != a+5 || (n > 0 && b[int(x[0].off)-2] != ')') {
				return false
			}
			if formIs[x[1].form]&formIs[x[2].form]&formIs[x[3].form]&formIs[x[4].form]&isNString == 0 {
				return false
			}
			a += 5
		}
		j = aend
	}
	// env-in-reply-to SP env-message-id
	return j+2 == end && formIs[sp[j].form]&formIs[sp[j+1].form]&isNString != 0
}

// tapeBody checks that entries i and on of t, from tapeScan, are a body
// (RFC 9051 "body") at nesting depth depth, without message/rfc822 parts
// and body extensions.
func tapeBody(b []byte, t *listSpans, i, depth int, lim *Limits) bool {
	if depth > lim.MaxDepth {
		return false
	}
	sp := &t.span
	end := int(sp[i].next)
	j := i + 1
	if j >= end {
		return false
	}
	if sp[j].form == FormList {
		// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart],
		// the parts with no SP between them.
		for n := 0; j < end && sp[j].form == FormList; n++ {
			if n >= lim.MaxArgs || (n > 0 && b[int(sp[j].off)-2] != ')') {
				return false
			}
			if !tapeBody(b, t, j, depth+1, lim) {
				return false
			}
			j = int(sp[j].next)
		}
		if j >= end || sp[j].form != FormQuoted {
			return false
		}
		j++
		if j < end {
			// body-ext-mpart = body-fld-param [SP body-fld-dsp ...]
			if j = tapeParam(t, j, end); j < 0 {
				return false
			}
			j = tapeExtTail(b, t, j, end)
		}
		return j == end
	}
	// body-type-1part: media type and subtype, body-fields, and for TEXT
	// the lines.
	if end-j < 7 {
		return false
	}
	x := (*[3]tapeEntry)(sp[j : j+3])
	if formIs[x[0].form]&formIs[x[1].form]&isString == 0 {
		return false
	}
	mt := b[int(x[0].off):int(x[0].end)]
	if len(mt) == 7 && equalFoldASCII(mt, "MESSAGE") {
		return false // message/rfc822 and message/global: the general path
	}
	if x[2].form == FormNIL {
		j += 3
	} else if j = tapeParam(t, j+2, end); j < 0 {
		return false
	}
	if end-j < 4 {
		return false
	}
	// body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
	y := (*[4]tapeEntry)(sp[j : j+4])
	if formIs[y[0].form]&formIs[y[1].form]&isNString == 0 || y[2].form != FormQuoted || y[3].form != FormNumber {
		return false
	}
	j += 4
	if len(mt) == 4 && equalFoldASCII(mt, "TEXT") {
		if j >= end || sp[j].form != FormNumber {
			return false
		}
		j++
	}
	if j < end {
		// body-ext-1part = body-fld-md5 [SP body-fld-dsp ...]
		if formIs[sp[j].form]&isNString == 0 {
			return false
		}
		j = tapeExtTail(b, t, j+1, end)
	}
	return j == end
}

// tapeParam checks body-fld-param = "(" string SP string *(SP string SP
// string) ")" / nil at entry j (j < end) and returns the entry after it,
// or -1.
func tapeParam(t *listSpans, j, end int) int {
	sp := &t.span
	e := &sp[j]
	if e.form == FormNIL {
		return j + 1
	}
	next := int(e.next)
	if e.form != FormList || next > end || next-j < 3 || (next-j)&1 == 0 {
		return -1
	}
	for k := j + 1; k < next; k += 2 {
		x := (*[2]tapeEntry)(sp[k : k+2])
		if formIs[x[0].form]&formIs[x[1].form]&isString == 0 {
			return -1
		}
	}
	return next
}

// tapeExtTail checks [body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
// from entry j up to end, and returns the entry after them, or -1 when
// they are malformed or followed by body-extensions (left to the general
// path).
func tapeExtTail(b []byte, t *listSpans, j, end int) int {
	if j < 0 || j >= end {
		return j
	}
	sp := &t.span
	if end-j == 3 {
		// The commonest tail, NIL SP nstring SP nstring, at once.
		x := (*[3]tapeEntry)(sp[j : j+3])
		if x[0].form == FormNIL && formIs[x[1].form]&formIs[x[2].form]&isNString != 0 {
			return end
		}
	}
	// body-fld-dsp = "(" string SP body-fld-param ")" / nil
	e := &sp[j]
	if e.form == FormList {
		next := int(e.next)
		if b[int(e.off)-2] != ' ' || next-j < 3 || sp[j+1].form != FormQuoted || tapeParam(t, j+2, next) != next {
			return -1
		}
		j = next
	} else if e.form != FormNIL {
		return -1
	} else {
		j++
	}
	if j >= end {
		return j
	}
	// body-fld-lang = nstring / "(" string *(SP string) ")"
	e = &sp[j]
	if e.form == FormList {
		next := int(e.next)
		if b[int(e.off)-2] != ' ' || next-j < 2 {
			return -1
		}
		for k := j + 1; k < next; k++ {
			if sp[k].form != FormQuoted {
				return -1
			}
		}
		j = next
	} else if formIs[e.form]&isNString == 0 {
		return -1
	} else {
		j++
	}
	if j >= end {
		return j
	}
	// body-fld-loc = nstring; any body-extension after it is the general
	// path's.
	if formIs[sp[j].form]&isNString == 0 || j+1 != end {
		return -1
	}
	return j + 1
}

// fastEnvelope validates and records the envelope at s.p by the fast
// path, and returns the position after it, or -1 when the general
// validator must read it.
func fastEnvelope(s *scanner) int {
	t := s.rec
	if s.lenient || t == nil || s.base != 0 {
		return -1
	}
	p, n := tapeScan(s.b, s.p, t)
	if p < 0 || !tapeEnvelope(s.b, t, t.n, s.lim) {
		return -1
	}
	t.n = n
	return p
}

// fastBody validates and records the body at s.p (nesting depth 1) by the
// fast path, and returns the position after it, or -1 when the general
// validator must read it.
func fastBody(s *scanner) int {
	t := s.rec
	if s.lenient || t == nil || s.base != 0 {
		return -1
	}
	p, n := tapeScan(s.b, s.p, t)
	if p < 0 || !tapeBody(s.b, t, t.n, 1, s.lim) {
		return -1
	}
	t.n = n
	return p
}
