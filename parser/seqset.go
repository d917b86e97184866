package parser

import (
	"encoding/binary"
	"math/bits"
)

// SeqSet is a sequence-set or uid-set as sent (RFC 9051 "sequence-set",
// "uid-set", "seq-last-command"): Raw aliases the message, and Ranges walks
// it without allocating. A SeqSet handed out by the parser has been
// validated; one built by hand is walked as far as it is well formed.
type SeqSet struct {
	Raw []byte
}

// SeqStar is how a range reports the "*" of a sequence set: the largest
// number in use. Message numbers and UIDs are never 0, so 0 is free for it.
const SeqStar uint32 = 0

// SeqRange is one element of a sequence set, as sent: a single number has
// First == Last, and either bound may be SeqStar. RFC 9051 allows the bounds
// in either order ("4:2" means "2:4").
type SeqRange struct {
	First, Last uint32
}

// Bounds returns the range in ascending order with "*" replaced by max.
func (r SeqRange) Bounds(max uint32) (lo, hi uint32) {
	lo, hi = r.First, r.Last
	if lo == SeqStar {
		lo = max
	}
	if hi == SeqStar {
		hi = max
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	return lo, hi
}

// IsSaved reports whether the set is "$", the saved search result of RFC
// 5182 (SEARCHRES).
func (s SeqSet) IsSaved() bool { return len(s.Raw) == 1 && s.Raw[0] == '$' }

// Ranges returns an iterator over the set's ranges. "$" yields none.
func (s SeqSet) Ranges() SeqIter { return SeqIter{b: s.Raw} }

// Contains reports whether n is in the set, with "*" standing for max.
func (s SeqSet) Contains(n, max uint32) bool {
	it := s.Ranges()
	for it.Next() {
		lo, hi := it.Range().Bounds(max)
		if n >= lo && n <= hi {
			return true
		}
	}
	return false
}

// Count returns how many numbers the set names, counting overlapping
// ranges twice, with "*" standing for max.
func (s SeqSet) Count(max uint32) uint64 {
	var n uint64
	it := s.Ranges()
	for it.Next() {
		lo, hi := it.Range().Bounds(max)
		n += uint64(hi-lo) + 1
	}
	return n
}

// SeqIter walks the ranges of a SeqSet, one at a time:
//
//	it := set.Ranges()
//	for it.Next() {
//		r := it.Range()
//	}
//
// or, faster on a long set such as the ALL of an ESEARCH response, a
// batch at a time with NextBatch.
type SeqIter struct {
	b []byte
	p int
	// The current range is the aligned words of its short numbers
	// decoded (w1, w2; see digitsDecode) plus cur: Next keeps the words
	// and Range, inlined in the caller, decodes them, which keeps the
	// multiplies off the chain from one range's position to the next. A
	// range read by the byte loop is in cur, with w1 and w2 0 (which
	// decode to 0).
	w1, w2 uint64
	cur    SeqRange
}

// Next advances to the next range and reports whether there is one. It
// stops at the first byte that does not belong to a well-formed set.
func (it *SeqIter) Next() bool {
	b, p := it.b, it.p
	if p >= len(b) {
		return false
	}
	if p > 0 {
		if b[p] != ',' {
			it.p = len(b)
			return false
		}
		p++
	}
	// A range of numbers of one to seven digits is read a word per
	// number (see digits.go), the ":" from the first word; "*", "0",
	// longer numbers and the last octets of the set are read by
	// seqNumber.
	if p+16 <= len(b) {
		// A number whose first digit is 1 to 9 is not zero; "0" first
		// is left to seqNumber.
		x := loadWord(b, p)
		if d, k := digitRun8(x); uint(k-1) < 7 && byte(d) != 0 {
			d2, k2, q := d, k, p+k
			ok := true
			if byte(x>>(8*uint(k)&63)) == ':' {
				d2, k2 = digitRun8(loadWord(b, q+1))
				ok = uint(k2-1) < 7 && byte(d2) != 0
				q += 1 + k2
			}
			if ok {
				it.w1, it.w2 = digitsAlign(d, k), digitsAlign(d2, k2)
				it.cur, it.p = SeqRange{}, q
				return true
			}
		}
	}
	it.p = p
	first, ok := it.seqNumber()
	if !ok {
		it.p = len(it.b)
		return false
	}
	last := first
	if it.p < len(it.b) && it.b[it.p] == ':' {
		it.p++
		if last, ok = it.seqNumber(); !ok {
			it.p = len(it.b)
			return false
		}
	}
	it.w1, it.w2, it.cur = 0, 0, SeqRange{First: first, Last: last}
	return true
}

// NextBatch writes the ranges that follow into dst, as many as fit, and
// returns how many it wrote: the ranges that Next and Range would give,
// one call of Next per range, so that it stops where Next stops. It
// returns 0 at the end (or for an empty dst). As with NumIter.NextBatch
// and io.Reader's Read, a caller loops until it returns 0: a short batch
// does not promise the end (today's SeqIter fills dst while ranges
// remain; NumIter may not). Next and NextBatch may be mixed; afterwards
// Range returns the last range written.
//
//	var buf [64]parser.SeqRange
//	it := set.Ranges()
//	for n := it.NextBatch(buf[:]); n > 0; n = it.NextBatch(buf[:]) {
//		for _, r := range buf[:n] {
//			...
//		}
//	}
//
// A loop over Next is bound by latency: where a range ends is known only
// once its words are loaded and tested, and the next range waits for
// that (and, through the iterator, for a store and a load). NextBatch
// finds the separators of 64 octets at a time first (seqBatch) and reads
// each number from its separator's position, so successive numbers do
// not wait for each other; what the windows do not settle (the last
// octets of the set, "*", numbers of nine digits or more, anything
// malformed) is read by Next.
func (it *SeqIter) NextBatch(dst []SeqRange) int {
	k := 0
	windows := true
	for k < len(dst) {
		if windows {
			p, n := seqBatchAny(it.b, it.p, dst[k:])
			if n > 0 {
				it.p = p
				k += n
				continue
			}
			// Nothing accepted: the window is odd or too close
			// to the end. Next reads one range; windows are tried
			// again after it only if there is room for them.
			windows = false
		}
		if !it.Next() {
			break
		}
		dst[k] = it.Range()
		k++
		windows = len(it.b)-it.p >= seqBatchMin
	}
	if k > 0 {
		it.w1, it.w2, it.cur = 0, 0, dst[k-1]
	}
	return k
}

// seqBatchMin is how many octets from the iterator's position seqBatch
// needs: the "," before a range, a window of 64 and a word of slack.
const seqBatchMin = 1 + seqWindow + 8

// seqBatch decodes, for SeqIter.NextBatch, the ranges from p (0, or the
// "," after the previous range) that end at a "," within windows of 64
// octets, into dst, while there is room in it. It returns the position of
// the last "," it accepted and how many ranges it wrote (p and 0 when it
// accepted none); Next goes on from there.
//
// Each window's octets that are not digits come first, packed into one
// mask from eight words at fixed steps (nonDigits, as seqWindows does).
// Each separator's number is then the word that ends at the separator,
// its octets before the number masked off, decoded with three multiplies
// (digitsDecode); its length is the distance from the previous separator.
// So the loads and multiplies of successive numbers overlap, where Next
// waits for one number's length before it can load the next. A number
// must have one to eight digits and not be 0, a separator must be "," or
// the one ":" of a range; anything else stops the batch at the range it
// is in, for Next to read.
func seqBatch(b []byte, p int, dst []SeqRange) (int, int) {
	st := p // the first octet of the current number
	if p > 0 {
		if p >= len(b) || b[p] != ',' {
			return p, 0
		}
		st++
	}
	// The word that ends at a separator starts up to eight octets
	// before the window.
	if st < 8 {
		return p, 0
	}
	// Positions are relative to the window's start q: s is the current
	// number's first octet. first is the number before the current
	// range's ":", 0 before it (no number read here is 0).
	k, q, s, first := 0, st, 0, uint32(0)
	for ; q+seqWindow <= len(b); q += seqWindow {
		w := (*[seqWindow + 8]byte)(b[q-8 : q+seqWindow])
		m := sepFlags(w[8:]) | sepFlags(w[16:])<<8 | sepFlags(w[24:])<<16 | sepFlags(w[32:])<<24 |
			sepFlags(w[40:])<<32 | sepFlags(w[48:])<<40 | sepFlags(w[56:])<<48 | sepFlags(w[64:])<<56
		var n int
		var ok bool
		s, first, n, ok = seqWindowRanges(w, m, s, first, dst[k:])
		k += n
		if !ok {
			break
		}
		s -= seqWindow
	}
	return q + seqLast(b, q, s, first), k
}

// seqWindowRanges is seqBatch's loop over the separators of one window,
// w[8:], whose flags are m, on its own so that its values stay in
// registers. s and first are seqBatch's; it returns them, how many
// ranges it wrote into dst, and false if it stopped before the window's
// end.
func seqWindowRanges(w *[seqWindow + 8]byte, m uint64, s int, first uint32, dst []SeqRange) (int, uint32, int, bool) {
	k := 0
	for m != 0 {
		t := bits.TrailingZeros64(m)
		// w[t:t+8] ends at the separator: the number is its top n
		// octets, the octets below them masked off (a table ran
		// faster here than a shift pair through CX).
		n := t - s
		v := digitsDecode((binary.LittleEndian.Uint64(w[t:]) ^ zeros8) & topOctets[(n-1)&7])
		if uint(n-1) >= 8 || v == 0 {
			return s, first, k, false
		}
		c, s0 := w[t+8], s
		m &= m - 1
		s = t + 1
		if c == ':' && first == 0 && m != 0 {
			// The common range "a:b": its "," is the next
			// separator, read in the same step.
			t = bits.TrailingZeros64(m)
			n = t - s
			last := digitsDecode((binary.LittleEndian.Uint64(w[t:]) ^ zeros8) & topOctets[(n-1)&7])
			if uint(n-1) >= 8 || last == 0 || w[t+8] != ',' || uint(k) >= uint(len(dst)) {
				return s, v, k, false
			}
			dst[k] = SeqRange{First: v, Last: last}
			k++
			m &= m - 1
			s = t + 1
			continue
		}
		if c == ',' {
			if uint(k) >= uint(len(dst)) {
				return s0, first, k, false
			}
			f := v
			if first != 0 {
				f = first
			}
			dst[k] = SeqRange{First: f, Last: v}
			k++
			first = 0
		} else if c != ':' || first != 0 {
			return s0, first, k, false
		} else {
			first = v
		}
	}
	return s, first, k, true
}

// seqLast returns, for seqBatch, where the last "," it accepted is
// relative to q, given the current number's start s (relative to q) and
// whether the current range has had its ":" (first != 0): the octet
// before s, or the one before the number before that ":".
func seqLast(b []byte, q, s int, first uint32) int {
	s--
	if first != 0 {
		for s--; b[q+s] != ','; s-- {
		}
	}
	return s
}

// topOctets[i] keeps the top i+1 octets of a word.
var topOctets = [8]uint64{
	0xff00000000000000, 0xffff000000000000, 0xffffff0000000000, 0xffffffff00000000,
	0xffffffffff000000, 0xffffffffffff0000, 0xffffffffffffff00, 0xffffffffffffffff,
}

// sepFlags returns one bit per octet of the word at b[0:8], set for an
// octet that is not a digit (and, past an octet at 0x8a or above, maybe
// for a digit, which seqBatch then rejects as a separator). The
// multiply moves bit 8i+7 to bit 56+i; no two of its terms meet in the
// top octet or carry into it.
func sepFlags(b []byte) uint64 {
	d := binary.LittleEndian.Uint64(b) ^ zeros8
	return (d + 0x7676767676767676 | d) & tops8 * 0x0002040810204081 >> 56
}

func (it *SeqIter) seqNumber() (uint32, bool) {
	if it.p < len(it.b) && it.b[it.p] == '*' {
		it.p++
		return SeqStar, true
	}
	n, p, ok := readNumber(it.b, it.p)
	it.p = p
	return n, ok && n != 0
}

// Range returns the current range.
func (it *SeqIter) Range() SeqRange {
	return SeqRange{First: digitsDecode(it.w1) + it.cur.First, Last: digitsDecode(it.w2) + it.cur.Last}
}

// seqSet reads a sequence-set (star set) or a uid-set (no "*"), or with
// dollar set also the "$" of RFC 5182. Every number must be a non-zero
// 32-bit number; the number of ranges is capped by MaxArgs.
func (s *scanner) seqSet(star, dollar bool) (SeqSet, error) {
	start := s.p
	if dollar && s.eat('$') {
		return SeqSet{Raw: s.b[start:s.p]}, nil
	}
	b, p := s.b, s.p
	n, maxArgs, windows := 0, s.lim.MaxArgs, true
	for {
		// The common range, "a," or "a:b," with numbers that do not
		// start with "0" (so are not zero) and are short enough to stay
		// below 2^32, is checked a window at a time (seqWindows), then,
		// in the last 66 octets, a word per number; "*", the last range
		// and anything unusual are left to the loop below.
		// After an unusual range, windows are tried again only once the
		// word loop found a run of common ranges, so that a set of many
		// unusual ones does not pay a window for each.
		var ranges int
		if windows && p+seqWindow <= len(b) {
			p, ranges = seqSetWindows(b, p, maxArgs-n)
			n += ranges
		}
		// A range takes two octets at least, so while p is at most
		// stop, n stays below maxArgs: one test a range for both.
		stop := len(b) - 16
		if room := maxArgs - n; room <= len(b)/2 {
			stop = min(stop, p+2*room-2)
		}
		p, ranges = seqWordRanges(b, p, stop)
		n += ranges
		windows = ranges >= 4
		for k := 0; k < 2; k++ {
			if p < len(b) && b[p] == '*' {
				if !star {
					return SeqSet{}, s.errAt(p, "nz-number (no \"*\" in a uid-set)")
				}
				p++
			} else {
				at := p
				var nz byte // the digits ORed: non-zero unless all are "0"
				for p < len(b) && b[p]-'0' <= 9 {
					nz |= b[p] - '0'
					p++
				}
				if p == at {
					s.p = p
					return SeqSet{}, s.errExpected("number")
				}
				if p-at >= 10 && !fits32(b[at:p]) {
					return SeqSet{}, s.errAt(at, "number below 2^32")
				}
				if nz == 0 {
					return SeqSet{}, s.errAt(at, "nz-number")
				}
			}
			if k == 1 || p >= len(b) || b[p] != ':' {
				break
			}
			p++
		}
		n++
		if n > maxArgs {
			return SeqSet{}, s.errLimit(p, "sequence set within MaxArgs")
		}
		if p >= len(b) || b[p] != ',' {
			s.p = p
			return SeqSet{Raw: b[start:p]}, nil
		}
		p++
	}
}

// ParseSeqSet validates b as a whole sequence-set, "*" and "$" allowed,
// and returns it. Errors carry offsets within b.
func ParseSeqSet(b []byte) (SeqSet, error) { return parseWholeSet(b, true, true) }

// ParseUIDSet validates b as a whole uid-set: nz-numbers and ranges, no
// "*" and no "$".
func ParseUIDSet(b []byte) (SeqSet, error) { return parseWholeSet(b, false, false) }

func parseWholeSet(b []byte, star, dollar bool) (SeqSet, error) {
	s := newScanner(b, 0, &defaultLimits)
	set, err := s.seqSet(star, dollar)
	if err != nil {
		return SeqSet{}, err
	}
	if !s.eof() {
		return SeqSet{}, s.errExpected(`"," or end of sequence set`)
	}
	return set, nil
}

// seqWordRanges is seqSet's word-per-range loop, on its own so that its
// few values and constants stay in registers: it checks ranges from b[p]
// while p is at most stop and returns where it stopped and how many
// ranges it accepted.
func seqWordRanges(b []byte, p, stop int) (int, int) {
	n := 0
	for p <= stop {
		x := loadWord(b, p)
		d, k := digitRun8(x)
		if uint(k-1) >= 7 || byte(d) == 0 {
			break
		}
		q := p + k
		if byte(x>>(8*uint(k)&63)) == ':' {
			if d, k = digitRun8(loadWord(b, q+1)); uint(k-1) >= 7 || byte(d) == 0 {
				break
			}
			q += 1 + k
		}
		if b[q] != ',' {
			break
		}
		n++
		p = q + 1
	}
	return p, n
}

// The sizes of the AVX2 decode kernel (seq_amd64.s): it writes at most
// seqScratchRanges ranges a call, and keeps the words of their numbers
// (two a range, and one more for a range left half read) in a scratch
// array that it converts eight at a time.
const (
	seqScratchRanges = 64
	seqScratch       = 2*seqScratchRanges + 8
)

// nthComma returns the position of the n-th "," after p (0, or a ","),
// for seqBatchAny when the kernel stopped at a zero: the ranges before it
// are well formed, so their n "," are there.
func nthComma(b []byte, p, n int) int {
	if p > 0 {
		p++
	}
	for ; p < len(b); p++ {
		if b[p] == ',' {
			if n--; n == 0 {
				break
			}
		}
	}
	return p
}
