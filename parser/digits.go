package parser

import (
	"encoding/binary"
	"math/bits"
)

// Numbers eight octets at a time. SEARCH, SORT and ESEARCH ALL responses
// are long runs of short numbers, and a byte-at-a-time loop pays a compare,
// a branch and a multiply per digit plus a mispredicted exit per number.
// Loading the eight octets that start a number as one little-endian word
// finds its length with one mask and one trailing-zero count, and turns its
// digits into a value with three multiplies. Only what the word alone
// decides is done here: a number that may be longer than the word, one that
// starts with "0" (it may be all zeros), and the last few octets of a
// buffer go to the byte loops, which stay the reference for every error.

const (
	// zeros8 is "0" in every octet: x ^ zeros8 turns digits into 0 to 9.
	zeros8 = 0x3030303030303030
	// tops8 is the top bit of every octet.
	tops8 = 0x8080808080808080
)

// loadWord returns b[p:p+8] as a little-endian word (b[p] in the low octet).
// The caller checks p+8 <= len(b).
func loadWord(b []byte, p int) uint64 { return binary.LittleEndian.Uint64(b[p : p+8]) }

// digitRun8 returns x's octets with "0" taken from each (d), and how many
// of them, from the low octet on, are digits before the first that is not
// (n, 0 to 8). An octet is a digit when its d is at most 9: d+0x76 sets
// the top bit from 10 up, and an octet at 0x80 or above has it set
// already. An octet at 0x8a or above carries into the next one, but only
// the lowest flag is read, and below it every octet is a digit, which
// carries nothing.
func digitRun8(x uint64) (d uint64, n int) {
	d = x ^ zeros8
	nd := (d + 0x7676767676767676 | d) & tops8
	return d, bits.TrailingZeros64(nd) >> 3
}

// digitsValue returns the value of the first n digits (1 to 8) of d, as
// digitRun8 returns them: digitsDecode of d aligned by digitsAlign,
// written out (composed of the two, NumIter.Next compiled to about two
// more instructions a number).
func digitsValue(d uint64, n int) uint32 {
	d <<= (64 - 8*uint(n)) & 63
	d = (d * (10<<8 + 1) >> 8) & 0x00ff00ff00ff00ff
	d = (d * (100<<16 + 1) >> 16) & 0x0000ffff0000ffff
	return uint32(d * (10000<<32 + 1) >> 32)
}

// digitsAlign shifts the first n digits (1 to 8) of d to the top of the
// word, dropping the octets past them and leaving zeros (leading zeros of
// the number) below them.
func digitsAlign(d uint64, n int) uint64 { return d << ((64 - 8*uint(n)) & 63) }

// digitsDecode returns the value of the eight digits of d, d's octets
// being digit values with the first (most significant) in the low octet,
// as digitsAlign leaves them; 0 for 0. Each multiply adds ten times an
// octet to the next one up (2561 = 10<<8 + 1), a hundred times a pair to
// the next pair, ten thousand times a quad to the next, and the shift
// brings the sum down. No sum carries into its neighbour (99, 9999), and
// eight digits are below 10^8, within 32 bits.
func digitsDecode(d uint64) uint32 {
	d = (d * (10<<8 + 1) >> 8) & 0x00ff00ff00ff00ff
	d = (d * (100<<16 + 1) >> 16) & 0x0000ffff0000ffff
	return uint32(d * (10000<<32 + 1) >> 32)
}

// searchRun checks, a word at a time, the run of "SP nz-number" that
// follows a number of a SEARCH or SORT response, from the SP at b[p]; n
// numbers were counted before it. It returns the position of the last SP
// of the words it accepted and how many numbers lie before that SP (p and
// n when it accepted none), for the byte loop of searchData to go on from
// there: that loop reads the number after this SP again, with the CRLF,
// "(MODSEQ", the limits and every error.
//
// A word is accepted when each of its octets is a digit or SP, each octet
// after an SP is a digit 1 to 9 (no doubled SP, no number starting with
// "0", so none is zero), and no run of digits may reach ten (the only way
// to exceed 2^32): a word without an SP, or a run of ten across two words,
// which covers the octets 3 to 10 or 5 to 12 of the pair, stops the loop.
// The words are read at fixed steps, so the loop is bound by its
// instructions, not by the latency of finding where each number ends.
func searchRun(b []byte, p, n, maxArgs int) (int, int) {
	// Each word holds at most four SPs, so stopping short of end keeps
	// the count within maxArgs, as the byte loop would have checked it.
	end := len(b)
	if room := maxArgs - n; room < len(b) {
		end = max(p, min(end, p+2*room-2))
	}
	w := b[p:end]
	// The first octet is an SP that follows a number, so p > 0.
	k, spaces, last, prev := searchWindowsAny(b[p-1 : end])
	// The word loop goes on from the last window only if that window's
	// last word holds an SP (see searchWords); the first window starts
	// at an SP.
	if k == 0 || prev != 0 {
		k2, spaces2, prev2 := searchWords(w[k:], prev)
		if spaces2 != 0 {
			// The last SP is in the last word accepted, which ends
			// at k+k2.
			last, spaces = k+k2-1-bits.LeadingZeros64(prev2)>>3, spaces+spaces2
		}
	}
	if spaces == 0 {
		return p, n
	}
	return p + last, n + spaces - 1
}

// searchWindows is searchRun's first loop: it checks w from w[1], an SP
// (w[0] is the last digit of the number before it), a window of 64
// octets at a time by searchWords' rules, and returns how many octets
// after w[0] it accepted (a multiple of 64), the SPs among them, the
// position of the last from w[1], and the SP flags (0x10 in each SP octet)
// of the last word accepted.
//
// searchWindow tests the eight words of a window with no branch, and
// packs the window's SPs into a mask, one bit per octet. Whether a run of
// digits reaches ten is read from that mask: its bits ORed with the mask
// shifted by 1, 2 and 4 and then 8 leave a bit clear only where the ten
// octets that end there hold no SP, the bits of the previous window
// carried in at each step. Where a window fails, the word loop of
// searchWords goes on from its start, so the run stops in the same word.
func searchWindows(w []byte) (k, spaces, last int, prev uint64) {
	// The mask of the previous window, and the same ORed with itself
	// shifted by one and then two: what the shifts carry into the next
	// window. Before w[1] (an SP) they may be taken as all SPs.
	pm, pa1, pa2 := ^uint64(0), ^uint64(0), ^uint64(0)
	for ; k+65 <= len(w); k += 64 {
		m, cnt, ok := searchWindow((*[65]byte)(w[k:k+65]), 0x1010101010101010, zeros8, 0x7676767676767676, 0x0f0f0f0f0f0f0f0f, 0x0010204081020408)
		// c has a bit clear where the ten octets ending there hold no
		// SP: a run of ten digits.
		a1 := m | m<<1 | pm>>63
		a2 := a1 | a1<<2 | pa1>>62
		a4 := a2 | a2<<4 | pa2>>60
		if c := a4 | a1<<8 | pa1>>56; !ok || ^c != 0 {
			break
		}
		pm, pa1, pa2 = m, a1, a2
		spaces += cnt
	}
	if k > 0 {
		last = k - 1 - bits.LeadingZeros64(pm)
		prev = ^binary.LittleEndian.Uint64(w[k-7:k+1]) & 0x1010101010101010
	}
	return k, spaces, last, prev
}

// searchWindow checks the window x[1:65] for searchWindows (x[0] is the
// octet before it): every octet a digit or SP, each SP exactly SP, each
// octet after an SP a digit 1 to 9. It returns the window's SPs as a mask
// (bit i for x[1+i]), how many, and whether the window passed.
//
// The constants come in as arguments (b4 is 0x10 in every octet, z "0",
// c76 0x76, low 0x0f, pack digitFlags' multiplier), and the function is
// not inlined: the compiler does not keep a constant in a register but
// rebuilds it with a ten-octet move at each of its uses, eight a window.
//
//go:noinline
func searchWindow(x *[65]byte, b4, z, c76, low, pack uint64) (m uint64, cnt int, ok bool) {
	sp0, d0, f0 := searchWord(x[0:], b4, z, c76, low)
	sp1, d1, f1 := searchWord(x[8:], b4, z, c76, low)
	sp2, d2, f2 := searchWord(x[16:], b4, z, c76, low)
	sp3, d3, f3 := searchWord(x[24:], b4, z, c76, low)
	sp4, d4, f4 := searchWord(x[32:], b4, z, c76, low)
	sp5, d5, f5 := searchWord(x[40:], b4, z, c76, low)
	sp6, d6, f6 := searchWord(x[48:], b4, z, c76, low)
	sp7, d7, f7 := searchWord(x[56:], b4, z, c76, low)
	m = sp0*pack>>56 | sp1*pack>>56<<8 | sp2*pack>>56<<16 | sp3*pack>>56<<24 |
		sp4*pack>>56<<32 | sp5*pack>>56<<40 | sp6*pack>>56<<48 | sp7*pack>>56<<56
	sps := sp0 + sp1 + sp2 + sp3 + sp4 + sp5 + sp6 + sp7
	digits := d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7
	bad := f0 | f1 | f2 | f3 | f4 | f5 | f6 | f7
	return m, int(sps >> 4 * 0x0101010101010101 >> 56), digits&tops8|bad == 0
}

// searchWord checks the word at b[1:9] for searchWindow (b[0] is the
// octet before it): it returns the word's SP flags (0x10 in each SP
// octet, if it holds only digits and SPs), a word whose top bits (tops8)
// are set for octets that are neither, and one that is not zero if an SP
// is not exactly SP or the octet after an SP is SP or "0".
func searchWord(b []byte, b4, z, c76, low uint64) (sp, digits, bad uint64) {
	v := binary.LittleEndian.Uint64(b[1:9])
	sp = ^v & b4
	// Every octet a digit or SP: with 0x10 set, SP is "0", and each
	// octet is a digit (an octet at 0x8a or above carries into the next,
	// but it is caught itself).
	t := (v | b4) ^ z
	// nz has 0x10 in the octets whose low four bits are not zero: an SP
	// must have none (not "!" to ")"), and the octet after an SP (after
	// has 0x10 there) must have some (not SP, not "0").
	nz := v&low + low
	after := ^binary.LittleEndian.Uint64(b[0:8]) & b4
	return sp, t + c76 | t, after ^ (sp^after)&nz
}

// searchWords is searchRun's word loop, on its own so that its values
// stay in registers: it returns how many octets of w it accepted, the SPs
// among them, and the SP flags (0x10 in each SP octet) of the last word
// accepted (prev when it accepted none). prev holds the flags of the word
// before w: 0 when w starts at an SP, else those of a word that holds an
// SP, for its checks of a run of ten digits across two words to hold.
func searchWords(w []byte, prev uint64) (k, spaces int, last uint64) {
	const (
		ones = 0x0101010101010101
		b4   = 0x10 * ones // 0x10: set in a digit, clear in SP
		low  = 0x0f * ones
	)
	// Two words a step while both pass, sharing the loop's bounds test;
	// the loop below goes on one word at a time from the first pair that
	// does not.
	for ; k+16 <= len(w); k += 16 {
		x0 := binary.LittleEndian.Uint64(w[k : k+8])
		x1 := binary.LittleEndian.Uint64(w[k+8 : k+16])
		sp0, sp1 := ^x0&b4, ^x1&b4
		t0, t1 := (x0|sp0)^zeros8, (x1|sp1)^zeros8
		bad := ((t0+0x7676767676767676)|t0|(t1+0x7676767676767676)|t1)&tops8 | x0&(sp0-sp0>>4) | x1&(sp1-sp1>>4) |
			(sp0<<8|prev>>56)&^(x0&low+low) | (sp1<<8|sp0>>56)&^(x1&low+low)
		if bad != 0 || min(sp0, prev>>24|sp0<<40, prev>>40|sp0<<24, sp1, sp0>>24|sp1<<40, sp0>>40|sp1<<24) == 0 {
			break
		}
		spaces += int((sp0>>4 + sp1>>4) * ones >> 56)
		prev = sp1
	}
	for ; k+8 <= len(w); k += 8 {
		x := binary.LittleEndian.Uint64(w[k : k+8])
		sp := ^x & b4 // the SPs, if x holds only digits and SPs
		// Every octet a digit or SP: with 0x10 added to those that lack
		// it, each octet is a digit (an octet at 0x8a or above carries
		// into the next, but it is caught itself), and those that lacked
		// it have nothing in their low four bits (SP, not "!" to ")").
		t := (x | sp) ^ zeros8
		bad := (t+0x7676767676767676|t)&tops8 | x&(sp-sp>>4)
		// The octet after an SP is 1 to 9: its low four bits are not
		// zero (SP and "0" have none; 0x0f added to them sets 0x10 in
		// no other octet and carries nowhere).
		bad |= (sp<<8 | prev>>56) &^ (x&low + low)
		// A run of digits that may reach ten: a word without SP, or
		// octets 3 to 10 or 5 to 12 of the two words without one.
		if bad != 0 || min(sp, prev>>24|sp<<40, prev>>40|sp<<24) == 0 {
			break
		}
		spaces += int(sp >> 4 * ones >> 56) // the octets summed in the top one
		prev = sp
	}
	return k, spaces, prev
}

// numWindow is how many octets numBatch reads for one batch: eight words.
const numWindow = 64

// numBuf is how many numbers a window holds at most: one and an SP in
// every two octets.
const numBuf = numWindow / 2

// searchRunEnd returns where the run of numbers of validated SEARCH or
// SORT data ends: at the "(" of a "(MODSEQ n)" that ends it (the only
// octet other than digits and single SPs that searchData lets in before
// it), or at the end. Such data ends with ")" (or, lenient, ") "), so the
// search from the end is short.
func searchRunEnd(b []byte) int {
	n := len(b)
	if n > 0 && b[n-1] == ' ' {
		n--
	}
	if n == 0 || b[n-1] != ')' {
		return len(b)
	}
	for i := n - 1; i >= 0; i-- {
		if b[i] == '(' {
			return i
		}
	}
	return 0
}

// numBatch decodes the numbers of the window of numWindow octets at it.p
// (the first digit of a number, in validated data whose run of numbers
// and single SPs, it.b[:it.run], holds the window and a word more) into
// it.buf, up to the last SP of the window; it.p moves to the number after
// that SP. It reports false, having changed nothing, when the window
// holds no SP (possible only in bytes changed after validation).
//
// Walking number by number is bound by latency: where a number ends is
// known only once its word is loaded and tested, and the next load waits
// for that. Here the SPs of the whole window are found first, from words
// at fixed steps (a digit has 0x10 set, SP does not; one multiply packs
// the eight flags of a word into an octet), and each number's start and
// length then come from the SP mask, whose next bit is two instructions
// away, so the loads and multiplies of successive numbers overlap.
func numBatch(it *NumIter) bool {
	q := it.p
	w := (*[numWindow + 8]byte)(it.b[q : q+numWindow+8])
	m := ^(digitFlags(w[0:]) | digitFlags(w[8:])<<8 | digitFlags(w[16:])<<16 | digitFlags(w[24:])<<24 |
		digitFlags(w[32:])<<32 | digitFlags(w[40:])<<40 | digitFlags(w[48:])<<48 | digitFlags(w[56:])<<56)
	if m == 0 {
		return false
	}
	var k, s uint
	for ; m != 0; m &= m - 1 {
		e := uint(bits.TrailingZeros64(m))
		if n := e - s; n-1 < 8 {
			it.buf[k%numBuf] = digitsValue(binary.LittleEndian.Uint64(w[s%numWindow:])^zeros8, int(n))
		} else {
			it.buf[k%numBuf] = longValue(w[s%numWindow : e%numWindow])
		}
		k++
		s = e + 1
	}
	it.p, it.n = q+int(s), k
	return true
}

// numWindows decodes the numbers of validated data into dst from dst[k],
// a window of numWindow octets at a time, for NextBatch: from it.p (the
// first digit of a number, or the SP before it) for as long as the
// validated run, it.b[:it.run], holds a whole window, its numbers have at
// most eight digits, and dst has room for numBuf more. It moves it.p to
// the first number it did not write and returns the new count; Next
// takes over from there.
//
// The windows are read at fixed steps, whatever their numbers: a number
// may begin in one window and end in the next, and is read when its SP is.
// So where a window starts does not wait for the previous window's last
// number, and the loads of one window overlap the decoding of the last.
func numWindows(it *NumIter, dst []uint32, k int) int {
	// The AVX2 kernel first (seq_amd64.s), where it is built; the
	// windows below go on from where it stopped.
	k = numKernel(it, dst, k)
	b, q := it.b[:it.run], it.p
	if q < len(b) && b[q] == ' ' {
		q++
	}
	// s is where the current number begins, from q; the word before a
	// number's end begins up to eight octets before the window, so the
	// first window starts at 8 or after.
	s := 0
	for q >= 8 && q+numWindow <= len(b) && len(dst)-k >= numBuf {
		j, last := decodeWindow((*[numWindow + 8]byte)(b[q-8:q+numWindow]), (*[numBuf]uint32)(dst[k:k+numBuf]), s,
			0x00ff00ff00ff00ff, 0x0000ffff0000ffff, 10000<<32+1, &lowDigits)
		if j == 0 {
			break
		}
		k, s, q = k+j, last-numWindow, q+numWindow
	}
	it.p = q + s
	return k
}

// decodeWindow decodes into d the numbers that end at the SPs of a window
// of numWindow octets, w[8:], the first of which begins at s (from the
// window's start; 0 or below), when each has one to eight digits. It
// returns how many it wrote and where the number after the last SP
// begins; 0 and 0 when the window holds no SP or a longer number, which
// are left to Next.
//
// As in numBatch, the window's SPs come first, from words at fixed steps.
// Each number is then read from the word that ends where it ends (its
// SP's position is the mask's next bit), its digits at the top of that
// word; the octets below them (the SP before it and the previous number)
// are masked off with a table entry, which also takes "0" from the
// digits. Aligning a word that starts at the number instead would take a
// shift by a variable count (four instructions on amd64 v1).
//
// The three 64-bit constants of digitsDecode and the table come in as
// arguments, and the function is not inlined: the compiler does not keep
// a constant in a register, but rebuilds it with a ten-octet move at each
// use in the loop; as arguments they stay in registers.
//
//go:noinline
func decodeWindow(w *[numWindow + 8]byte, d *[numBuf]uint32, s int, mask1, mask2, mul3 uint64, low *[16]uint64) (int, int) {
	m := ^(digitFlags(w[8:]) | digitFlags(w[16:])<<8 | digitFlags(w[24:])<<16 | digitFlags(w[32:])<<24 |
		digitFlags(w[40:])<<32 | digitFlags(w[48:])<<40 | digitFlags(w[56:])<<48 | digitFlags(w[64:])<<56)
	if m == 0 {
		return 0, 0
	}
	var j uint
	ws := w[:] // taken once, so that the loops have no nil test of w
	_, _ = d[0], low[0]
	p := uint(s)
	e := uint(bits.TrailingZeros64(m))
	// Numbers of one length, as a sorted SEARCH result holds within a
	// decade, put the window's SPs at a fixed period: then each number
	// is at a fixed step from the last, with the same mask, and the loop
	// needs neither the mask's next bit nor a table entry per number.
	// periodic has nothing for a step past 9, a number past 8 digits.
	if step := e - p + 1; m == periodic[step%16]<<(e%64) {
		mask := low[(step-1)%16]
		for ; e < 64; e += step {
			x := binary.LittleEndian.Uint64(ws[e:e+8]) & mask
			x = (x * (10<<8 + 1) >> 8) & mask1
			x = (x * (100<<16 + 1) >> 16) & mask2
			d[j%numBuf] = uint32(x * mul3 >> 32)
			j++
		}
		return int(j), int(e - step + 1)
	}
	// A number of more than eight digits is left to Next: the first
	// (which began before the window, at s) or another.
	if e-p > 8 || m&^spsWithin8(m) != 0 {
		return 0, 0
	}
	// The next bit is found at the end of the loop, into e, which the
	// loop carries. BSF (amd64 v1) keeps its destination when its source
	// is 0, so it waits for what that register held last: found at the
	// top of the loop, it was given the register of the previous
	// number's value, and each number waited for the last one's three
	// multiplies (twice the time for the same instructions).
	for {
		x := binary.LittleEndian.Uint64(ws[e%64:]) & low[(e-p)%16]
		x = (x * (10<<8 + 1) >> 8) & mask1
		x = (x * (100<<16 + 1) >> 16) & mask2
		d[j%numBuf] = uint32(x * mul3 >> 32)
		j++
		p = e + 1
		if m &= m - 1; m == 0 {
			break
		}
		e = uint(bits.TrailingZeros64(m))
	}
	return int(j), int(p)
}

// periodic[k] has every k-th bit set from bit 0, for k from 2 to 9 (the
// SPs of a window of numbers of k-1 digits); 0 for the other k.
var periodic = func() (t [16]uint64) {
	for k := 2; k <= 9; k++ {
		for i := 0; i < 64; i += k {
			t[k] |= 1 << i
		}
	}
	return t
}()

// spsWithin8 returns, for an SP mask m of a window (bit i set when octet i
// is SP) whose octet before the window is SP too, a mask with bit i set
// when one of the octets i-9 to i-1 is SP: an SP of m outside it ends a
// number of nine digits or more.
func spsWithin8(m uint64) uint64 {
	p := m<<1 | 1 // bit i: octet i-1 is SP
	r := p | p<<1
	r |= r << 2
	r |= r << 4
	return r | p<<8
}

// lowDigits[n] keeps the low four bits (a digit's value) of the top n
// octets of a word, n from 1 to 8; the entries past 8 are there so that an
// index below 16 needs no check.
var lowDigits = [16]uint64{0, 0x0f << 56, 0x0f0f << 48, 0x0f0f0f << 40, 0x0f0f0f0f << 32,
	0x0f0f0f0f0f << 24, 0x0f0f0f0f0f0f << 16, 0x0f0f0f0f0f0f0f << 8, 0x0f0f0f0f0f0f0f0f}

// digitFlags returns one bit per octet of the word at b[0:8], set for an
// octet with 0x10 set: in a run of digits and SPs, the digits. The
// multiply moves bit 8i+4 to bit 56+i; no two of its terms meet there or
// carry into it.
func digitFlags(b []byte) uint64 {
	return binary.LittleEndian.Uint64(b) & 0x1010101010101010 * 0x0010204081020408 >> 56
}

// longValue returns the value of the digits b, at least nine, for
// numBatch; it wraps past 2^32, which validated data does not reach.
func longValue(b []byte) uint32 {
	var n uint32
	for _, c := range b {
		n = n*10 + uint32(c-'0')
	}
	return n
}

// seqWindows checks the ranges of a sequence set from b[p], the first
// octet of a range, a window of 64 octets at a time, for at most room
// ranges. It returns the position after the last "," it accepted and how
// many ranges lie before it (p and 0 when it accepted none), for seqSet's
// loops to go on from there: they read the range after that "," again,
// with "*", the end of the set, the limits and every error.
//
// The word-per-range loop is bound by latency: where a range ends is known
// only once its words are loaded and tested, and the next range's load
// waits for that. Here the octets that are not digits come first, from
// eight words at fixed steps packed into one mask, and the rules are
// checked from it: each number has one to nine digits (below 2^32) that do
// not start with "0" (so not zero), each separator is ":" or ",", one ":"
// a range at most. The lengths come from the mask alone (no run of ten
// digits, within the window or across its start); the loop over the
// separators (seqWindowSeps) reads only each separator and the octet
// after it. Anything else ends the run at the last "," accepted: a window
// whose mask holds a run of ten digits is left whole to the loops.
func seqWindows(b []byte, p, room int) (int, int) {
	// The first number starts with a digit 1 to 9; a "0" first is left
	// to the loops.
	if b[p]-'1' >= 9 {
		return p, 0
	}
	// colon says whether the current range has had its ":"; trail is
	// how many digits end the previous window.
	last, n, colon, trail, ok := p, 0, false, 0, true
	// The window and one octet more, the one after a separator. A
	// window holds at most 32 ranges, so while room-n is at least that
	// the loop need not count them against room.
	for q := p; ok && q+seqWindow+1 <= len(b) && room-n >= seqWindow/2; q += seqWindow {
		w := (*[seqWindow + 1]byte)(b[q : q+seqWindow+1])
		m := nonDigits(w[0:]) | nonDigits(w[8:])<<8 | nonDigits(w[16:])<<16 | nonDigits(w[24:])<<24 |
			nonDigits(w[32:])<<32 | nonDigits(w[40:])<<40 | nonDigits(w[48:])<<48 | nonDigits(w[56:])<<56
		// No run of ten digits: r2, then r, marks the octets that
		// start a run of two, four, eight digits; with r2 eight
		// octets on, ten.
		dig := ^m
		r2 := dig & (dig >> 1)
		r := r2 & (r2 >> 2)
		r &= r >> 4
		if r&(r2>>8) != 0 || trail+bits.TrailingZeros64(m) >= 10 {
			break
		}
		last, n, colon, ok = seqWindowSeps(w, m, q, last, n, colon)
		trail = bits.LeadingZeros64(m)
	}
	return last, n
}

// seqWindowSeps is seqWindows' loop over the separators of the window w at
// q, whose octets that are not digits are m, on its own so that its few
// values stay in registers. It takes and returns seqWindows' last, n and
// colon, and false when a rule failed.
func seqWindowSeps(w *[seqWindow + 1]byte, m uint64, q, last, n int, colon bool) (int, int, bool, bool) {
	for ; m != 0; m &= m - 1 {
		t := bits.TrailingZeros64(m)
		// After a separator comes a digit 1 to 9: no empty number, no
		// "0" first.
		if w[t+1]-'1' >= 9 {
			return last, n, colon, false
		}
		if c := w[t]; c == ',' {
			n++
			last, colon = q+t+1, false
		} else if c == ':' && !colon {
			colon = true
		} else {
			return last, n, colon, false
		}
	}
	return last, n, colon, true
}

// seqWindow is how many octets seqWindows reads for one mask.
const seqWindow = 64

// nonDigits returns one bit per octet of the word at b[0:8], set for an
// octet that is not a digit (and, past an octet at 0x8a or above, maybe
// for a digit, which seqWindows then rejects as a separator). The
// multiply moves bit 8i+4 to bit 56+i, as in digitFlags.
func nonDigits(b []byte) uint64 {
	d := binary.LittleEndian.Uint64(b) ^ zeros8
	return ((d + 0x7676767676767676 | d) & tops8) >> 3 * 0x0010204081020408 >> 56
}
