package parser

import (
	"encoding/binary"
	"math/bits"
)

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

// Octets packed little-endian, for comparing an item name with one load.
// fold8 has 0x20 in every octet: or-ed into letters it folds their case,
// and only the two cases of a letter fold to its lower case.
const fold8 = 0x2020202020202020

// The commonest FETCH item names with the SP after them, in lower case,
// packed little-endian, and the case-folding masks (0x20 on letters only:
// folding an SP, a digit or a "." would let a control octet through).
const (
	nameUID   = uint64('u' | 'i'<<8 | 'd'<<16 | ' '<<24) // "UID "
	foldUID   = 0x00202020
	nameFlags = uint64('f' | 'l'<<8 | 'a'<<16 | 'g'<<24 | 's'<<32 | ' '<<40) // "FLAGS "
	foldFlags = 0x002020202020
	nameBody  = uint64('b' | 'o'<<8 | 'd'<<16 | 'y'<<24 | ' '<<32) // "BODY "
	foldBody  = 0x0020202020
	// "BODY[] ", the whole message.
	nameBodyAll = uint64('b' | 'o'<<8 | 'd'<<16 | 'y'<<24 | '['<<32 | ']'<<40 | ' '<<48)
	foldBodyAll = 0x00000020202020
	// "ENVELOPE" and then an SP.
	nameEnvelope = uint64('e' | 'n'<<8 | 'v'<<16 | 'e'<<24 | 'l'<<32 | 'o'<<40 | 'p'<<48 | 'e'<<56)
	// "BODYSTRUCTURE ": its first eight octets and its last eight.
	nameBodyStru = uint64('b' | 'o'<<8 | 'd'<<16 | 'y'<<24 | 's'<<32 | 't'<<40 | 'r'<<48 | 'u'<<56)
	nameRucture  = uint64('r' | 'u'<<8 | 'c'<<16 | 't'<<24 | 'u'<<32 | 'r'<<40 | 'e'<<48 | ' '<<56)
	// "INTERNALDATE ": its first eight octets and its last eight.
	nameInternal = uint64('i' | 'n'<<8 | 't'<<16 | 'e'<<24 | 'r'<<32 | 'n'<<40 | 'a'<<48 | 'l'<<56)
	nameNalDate  = uint64('n' | 'a'<<8 | 'l'<<16 | 'd'<<24 | 'a'<<32 | 't'<<40 | 'e'<<48 | ' '<<56)
	// "RFC822.SIZE ": its first eight octets and its last eight.
	nameRFC822S = uint64('r' | 'f'<<8 | 'c'<<16 | '8'<<24 | '2'<<32 | '2'<<40 | '.'<<48 | 's'<<56)
	foldRFC822S = 0x2000000000202020
	name22Size  = uint64('2' | '2'<<8 | '.'<<16 | 's'<<24 | 'i'<<32 | 'z'<<40 | 'e'<<48 | ' '<<56)
	fold22Size  = 0x0020202020000000
	foldLast7   = 0x0020202020202020 // seven letters and an SP
)

// fastItem reads, at b[p], one of the FETCH item names servers send most
// (UID, FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY, BODYSTRUCTURE,
// BODY[]) followed by SP, with a load or two and no loop, and then the
// common form of its value: a UID of one to nine digits not starting with
// "0", an RFC822.SIZE of one to eighteen digits, a FLAGS list of plain
// flags, an INTERNALDATE of the fixed form, a BODY[] literal "{n}" CRLF
// within lim.MaxLiteral with no NUL. It returns the item's kind, the
// position after the SP (at) and the position after the value (e), or at
// -1 for any other name, which fetchItemName reads, and e -1 for any other
// value (ENVELOPE and BODY among them), which fetchValue reads. Each form
// is one the general readers accept, in lenient mode too, ending at the
// same octet.
//
// The name's case also picks the value's reader: a name reader and a value
// reader called one after the other cost a second call and a second
// dispatch on the kind, about 20 instructions an item.
func fastItem(b []byte, p int, lim *Limits) (k FetchAttKind, at, e int) {
	if p < 0 || p > len(b)-8 {
		return 0, -1, -1
	}
	x := binary.LittleEndian.Uint64(b[p : p+8]) // (no check left, and no masked slice)
	switch x&0xff | 0x20 {
	case 'u':
		if x&0xffffffff|foldUID == nameUID {
			return FetchUID, p + 4, fastNumberItem(b, p+4, true)
		}
	case 'f':
		if x&0xffffffffffff|foldFlags == nameFlags {
			return FetchFlags, p + 6, fastFlagList(b, p+6)
		}
	case 'e':
		if x|fold8 == nameEnvelope && p+8 < len(b) && b[p+8] == ' ' {
			return FetchEnvelope, p + 9, -1
		}
	case 'b':
		if x&0xffffffffff|foldBody == nameBody {
			return FetchBody, p + 5, -1
		}
		if x&0xffffffffffffff|foldBodyAll == nameBodyAll {
			return FetchBodySection, p + 7, fastLiteral(b, p+7, lim)
		}
		if x|fold8 == nameBodyStru && p <= len(b)-14 && binary.LittleEndian.Uint64(b[p+6:p+14])|foldLast7 == nameRucture {
			return FetchBodyStructure, p + 14, -1
		}
	case 'i':
		if x|fold8 == nameInternal && p <= len(b)-13 && binary.LittleEndian.Uint64(b[p+5:p+13])|foldLast7 == nameNalDate {
			return FetchInternalDate, p + 13, fastDateTime(b, p+13)
		}
	case 'r':
		if x|foldRFC822S == nameRFC822S && p <= len(b)-12 && binary.LittleEndian.Uint64(b[p+4:p+12])|fold22Size == name22Size {
			return FetchRFC822Size, p + 12, fastNumberItem(b, p+12, false)
		}
	}
	return 0, -1, -1
}

// fastNumberItem reads, at b[p], a UID (uid set) of one to nine digits not
// starting with "0", or an RFC822.SIZE of one to eighteen digits, and
// returns the position after it, or -1.
func fastNumberItem(b []byte, p int, uid bool) int {
	if p >= 0 && p <= len(b)-8 {
		// The number's octets as one word: UIDs and sizes are short, and
		// a run of fewer than eight digits is decided by it.
		if _, n := digitRun8(loadWord(b, p)); n < 8 {
			if n == 0 || (uid && b[p] == '0') {
				return -1
			}
			return p + n
		}
	}
	most := 18
	if uid {
		if p < 0 || p >= len(b) || b[p] == '0' {
			return -1
		}
		most = 9
	}
	i := p
	for i < len(b) && b[i]-'0' <= 9 {
		i++
	}
	if i == p || i-p > most {
		return -1
	}
	return i
}

// fastFlagList reads flag-list = "(" [flag *(SP flag)] ")" at b[p] where
// each flag is an atom or "\" atom, and returns the position after it, or
// -1 (for "\*", an SP before ")", and every error).
func fastFlagList(b []byte, p int) int {
	if p >= len(b) || b[p] != '(' {
		return -1
	}
	p++
	if p < len(b) && b[p] == ')' {
		return p + 1
	}
	for p < len(b) {
		if b[p] == '\\' {
			p++
		}
		i := p
		// Most flags are letters after the first octet ("\Seen",
		// "$Forwarded"): eight octets at a time while they are, from
		// the second octet on. A flag that ends at the first other
		// octet needs no table lookup but its first octet's.
		if charClass[b[p]]&cAtom != 0 {
			i++
			for i >= 0 && i <= len(b)-8 {
				if m := letterStops(loadWord(b, i)); m != 0 {
					i += bits.TrailingZeros64(m) >> 3
					break
				}
				i += 8
			}
			if i < len(b) {
				if c := b[i]; c == ')' {
					return i + 1
				} else if c == ' ' {
					p = i + 1
					continue
				}
			}
		}
		for i+4 <= len(b) {
			w := (*[4]byte)(b[i : i+4]) // one bounds check for four octets
			if charClass[w[0]]&charClass[w[1]]&charClass[w[2]]&charClass[w[3]]&cAtom == 0 {
				break
			}
			i += 4
		}
		for i < len(b) && charClass[b[i]]&cAtom != 0 {
			i++
		}
		if i == p || i >= len(b) {
			return -1
		}
		if b[i] == ')' {
			return i + 1
		}
		if b[i] != ' ' {
			return -1
		}
		p = i + 1
	}
	return -1
}

// letterStops returns, for eight octets (the first in the low byte), a
// mask with the high bit set in every octet that is not an ASCII letter.
// Or-ing 0x20 folds a letter's case (and "@", "[" to "`", "{", which are
// not letters either); with the high bit cleared, adding 0x1f sets it
// from "a" up and adding 0x05 from "{" up, with no carry between octets.
// An octet at 0x80 or above keeps its own high bit. Every octet's bit is
// exact.
func letterStops(x uint64) uint64 {
	y := (x | fold8) &^ tops8
	return (^(y + 0x1f1f1f1f1f1f1f1f) | (y + 0x0505050505050505) | x) & tops8
}

// digitRunAt returns how many of the eight octets from b[p] are digits
// before the first that is not (0 to 8). The caller checks p+8 <= len(b).
func digitRunAt(b []byte, p int) int {
	_, n := digitRun8(loadWord(b, p))
	return n
}

// fastDateTime reads the fixed form of date-time = DQUOTE date-day-fixed
// "-" date-month "-" date-year SP time SP zone DQUOTE at b[p], 28 octets
// such as "17-Jul-2026 02:44:25 -0700" with its quotes, and returns the
// position after it, or -1.
//
// It reads four words, each against a template with "0" where a digit
// stands: x ^ template leaves 0 in each fixed octet and 0 to 9 in each
// digit, and one carry test checks that for all eight octets at once (see
// digitRun8), one mask that the fixed ones are 0. The month and the zone's
// sign are masked out and checked apart. Fifteen table lookups, one a
// digit, cost twice as many instructions.
func fastDateTime(b []byte, p int) int {
	if p < 0 || p > len(b)-28 {
		return -1
	}
	w := (*[28]byte)(b[p : p+28])
	head := binary.LittleEndian.Uint64(w[0:8])
	if w[1] == ' ' { // date-day-fixed = (SP DIGIT) / 2DIGIT
		head = head&^(0xff<<8) | '0'<<8
	}
	d0 := (head ^ dtT0) &^ (0xffffff << 32)
	d1 := binary.LittleEndian.Uint64(w[8:16]) ^ dtT1
	d2 := (binary.LittleEndian.Uint64(w[16:24]) ^ dtT2) &^ (0xff << 48)
	d3 := (binary.LittleEndian.Uint64(w[20:28]) ^ dtT3) &^ (0xff << 16)
	const over9 = 0x7676767676767676 // sets an octet's top bit from 10 up
	bad := ((d0+over9)|d0|(d1+over9)|d1|(d2+over9)|d2|(d3+over9)|d3)&tops8 |
		d0&dtF0 | d1&dtF1 | d2&dtF2 | d3&dtF3
	if bad != 0 || (w[22] != '+' && w[22] != '-') || !isMonth(uint32(head>>32)&0xffffff) {
		return -1
	}
	return p + 28
}

// fastDateTime's templates of the date-time's octets 0-7, 8-15, 16-23 and
// 20-27 ("0" for each digit; the month's octets and the zone's sign, left
// as 0, are masked out), and the masks of their fixed octets.
const (
	dtT0 = uint64('"' | '0'<<8 | '0'<<16 | '-'<<24 | '-'<<56)
	dtT1 = uint64('0' | '0'<<8 | '0'<<16 | '0'<<24 | ' '<<32 | '0'<<40 | '0'<<48 | ':'<<56)
	dtT2 = uint64('0' | '0'<<8 | ':'<<16 | '0'<<24 | '0'<<32 | ' '<<40 | '0'<<56)
	dtT3 = uint64('0' | ' '<<8 | '0'<<24 | '0'<<32 | '0'<<40 | '0'<<48 | '"'<<56)
	dtF0 = 0xff | 0xff<<24 | 0xff<<56
	dtF1 = 0xff<<32 | 0xff<<56
	dtF2 = 0xff<<16 | 0xff<<40
	dtF3 = 0xff<<8 | 0xff<<56
)

// isMonth reports whether the three octets m (the first in the low byte)
// are a date-month in any case. A switch on the folded octets compiles to
// a few comparisons; the letters are the only octets that fold to letters.
func isMonth(m uint32) bool {
	switch m | 0x202020 {
	case 'j' | 'a'<<8 | 'n'<<16, 'f' | 'e'<<8 | 'b'<<16, 'm' | 'a'<<8 | 'r'<<16, 'a' | 'p'<<8 | 'r'<<16,
		'm' | 'a'<<8 | 'y'<<16, 'j' | 'u'<<8 | 'n'<<16, 'j' | 'u'<<8 | 'l'<<16, 'a' | 'u'<<8 | 'g'<<16,
		's' | 'e'<<8 | 'p'<<16, 'o' | 'c'<<8 | 't'<<16, 'n' | 'o'<<8 | 'v'<<16, 'd' | 'e'<<8 | 'c'<<16:
		return true
	}
	return false
}

// fastLiteral reads a synchronizing literal "{n}" CRLF and its n octets
// at b[p], with n of one to eighteen digits and within lim.MaxLiteral and
// no NUL in the data, and returns the position after the data, or -1.
func fastLiteral(b []byte, p int, lim *Limits) int {
	if p >= len(b) || b[p] != '{' {
		return -1
	}
	i := p + 1
	var n int64
	for i < len(b) && b[i]-'0' <= 9 {
		n = n*10 + int64(b[i]-'0')
		i++
	}
	if i == p+1 || i-p-1 > 18 || n > lim.MaxLiteral || i+2 >= len(b) || b[i] != '}' || b[i+1] != '\r' || b[i+2] != '\n' {
		return -1
	}
	data := i + 3
	if int64(len(b)-data) < n || indexByteWide(b[data:data+int(n)], 0) >= 0 {
		return -1
	}
	return data + int(n)
}
