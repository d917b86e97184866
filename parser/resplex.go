package parser

// Fast paths of the response validator for the elements that fill FETCH
// data: plain quoted strings, NIL, numbers and item names. Each handles
// only the common, unambiguous form and leaves everything else (escapes,
// literals, lenient recovery, errors) to the general scanner methods, so
// that error offsets and messages stay theirs.

// quotedPlain8 marks (with 1) the QUOTED-CHARs that need no escape: every octet but
// NUL, CR, LF, DQUOTE and backslash.
var quotedPlain8 = func() (t [256]uint8) {
	for c := range t {
		if charClass[c]&cQuoted != 0 {
			t[c] = 1
		}
	}
	return t
}()

// itemNameChar marks the bytes of a FETCH item name before its section:
// ATOM-CHARs other than "[".
var itemNameChar = func() (t [256]bool) {
	for c := range t {
		t[c] = charClass[c]&cAtom != 0 && c != '['
	}
	return t
}()

// plainQuotedEnd returns the index of the first byte after b[p] that is
// not a QUOTED-CHAR needing no escape (len(b) if there is none): the
// quoted string opening at b[p] is plain when a DQUOTE stands there.
func plainQuotedEnd(b []byte, p int) int {
	i := p + 1
	for i+4 <= len(b) {
		w := b[i : i+4] // one bounds check for four bytes
		if quotedPlain8[w[0]]&quotedPlain8[w[1]]&quotedPlain8[w[2]]&quotedPlain8[w[3]] == 0 {
			break
		}
		i += 4
	}
	for i < len(b) && quotedPlain8[b[i]] != 0 {
		i++
	}
	return i
}

// plainQuoted validates, at s.p, a quoted string that needs none of the
// general path (see plainQuotedEnd; in lenient mode the closing quote must
// also be one that may close a string), and returns the index of its
// closing DQUOTE, having stepped past it; otherwise it returns -1 and
// leaves s unchanged.
func (s *scanner) plainQuoted() int {
	b, p := s.b, s.p
	if p >= len(b) || b[p] != '"' {
		return -1
	}
	i := plainQuotedEnd(b, p)
	if i >= len(b) || b[i] != '"' || (s.lenient && i+1 < len(b) && !quoteMayEnd(b[i+1])) {
		return -1
	}
	s.p = i + 1
	return i
}

// atNIL reports whether the atom NIL (any case) stands at b[p], not
// followed by another ATOM-CHAR.
func atNIL(b []byte, p int) bool {
	return p+3 <= len(b) && b[p]|0x20 == 'n' && b[p+1]|0x20 == 'i' && b[p+2]|0x20 == 'l' && (p+3 == len(b) || !isAtomChar(b[p+3]))
}

// fits32 reports whether the digits d make a number below 2^32. The
// validators call it only for runs of ten digits or more: shorter ones
// always fit, so their loops need not compute the value.
func fits32(d []byte) bool {
	var v uint64
	for _, c := range d {
		if v = v*10 + uint64(c-'0'); v > 0xffffffff {
			return false
		}
	}
	return true
}
