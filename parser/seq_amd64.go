//go:build amd64 && !purego

package parser

import "encoding/binary"

// The sequence-set kernels of seq_amd64.s: AVX2 for the classification of
// 64 octets at a time and the decimal conversion, BMI1/BMI2 for the bit
// loops. seqSetWindows and seqBatchAny call them when useAVX2 is set, and
// leave what they decline to the portable code (digits.go, seqset.go).

// seqCheckAVX2 checks the ranges of a sequence set from b[p], the first
// octet of a range, 64 octets at a time, by seqWindows' rules, for at most
// room ranges. It returns the position after the last "," it accepted and
// how many ranges lie before it (p and 0 when it accepted none). It reads
// only whole windows of 64 octets within b, and does nothing for a p that
// is negative or leaves no whole window.
//
//go:noescape
func seqCheckAVX2(b []byte, p, room int) (last, n int)

// seqDecodeAVX2 decodes, for SeqIter.NextBatch, the ranges of b from st,
// the first octet of a range, into dst (at most seqScratchRanges of them),
// using scratch for the numbers' words. It returns the position of the
// last "," it accepted and how many ranges it wrote; last is -1 when it
// stopped at a number that is 0 (seqBatchAny then finds that ","). It
// reads only whole windows of 64 octets within b, and the eight octets
// before each number's separator. For st below 8, no whole window from
// st, or an empty dst it does nothing and returns st-1 and 0.
//
//go:noescape
func seqDecodeAVX2(b []byte, st int, dst []SeqRange, scratch *[seqScratch]uint64) (last, n int)

// seqSetWindows is seqWindows with the AVX2 kernel in front: the kernel
// checks whole windows while they pass, and seqWindows goes on from where
// it stopped (the window it declined, with the precise rules and the
// ranges of that window), so that the accept set and every offset stay
// those of the portable loops.
func seqSetWindows(b []byte, p, room int) (int, int) {
	n := 0
	if useAVX2 {
		p, n = seqCheckAVX2(b, p, room)
		if p+seqWindow+1 > len(b) {
			return p, n
		}
	}
	q, m := seqWindows(b, p, room-n)
	return q, n + m
}

// seqBatchAny is seqBatch with the AVX2 kernel in front: what the kernel
// does not take (the first range of a set, whose word would begin before
// the set; a set too short for a window; an odd window; a zero) is left
// to seqBatch and Next, which give the same ranges.
func seqBatchAny(b []byte, p int, dst []SeqRange) (int, int) {
	if useAVX2 && len(dst) > 0 {
		st := p + 1
		if st >= 8 && p < len(b) && b[p] == ',' && len(b)-st >= seqWindow {
			var scratch [seqScratch]uint64
			last, n := seqDecodeAVX2(b, st, dst, &scratch)
			if n > 0 {
				if last < 0 {
					last = nthComma(b, p, n)
				}
				return last, n
			}
		}
	}
	return seqBatch(b, p, dst)
}

// numDecodeAVX2 decodes, for NumIter.NextBatch, the numbers of a validated
// SEARCH or SORT run b from q, the first digit of a number (8 or more),
// into dst, at most 64 of them, through a scratch in its frame. It returns
// the first digit of the first number it did not write (q when none) and
// how many it wrote. It reads only whole windows of 64 octets within b and
// the eight octets before each SP; for q below 8, no whole window from q,
// or an empty dst it does nothing and returns q and 0.
//
//go:noescape
func numDecodeAVX2(b []byte, q int, dst []uint32) (next, n int)

// numKernel decodes for numWindows, with the AVX2 kernel, the numbers of
// the validated run from it.p into dst from dst[k], while the kernel takes
// whole windows, and returns the new count; numWindows goes on from where
// it stopped (a number of nine or ten digits, the run's last window, dst
// full).
func numKernel(it *NumIter, dst []uint32, k int) int {
	if !useAVX2 {
		return k
	}
	b, q := it.b[:it.run], it.p
	if q < len(b) && b[q] == ' ' {
		q++
	}
	for q >= 8 && len(b)-q >= seqWindow && k < len(dst) {
		next, n := numDecodeAVX2(b, q, dst[k:])
		if n == 0 {
			break
		}
		k, q, it.p = k+n, next, next
	}
	return k
}

// searchCheckAVX2 is searchWindows' loop with AVX2 (see seq_amd64.s): the
// octets accepted after w[0], the SPs among them and the position of the
// last; it stops at the window where searchWindows stops.
//
//go:noescape
func searchCheckAVX2(w []byte) (k, spaces, last int)

// searchWindowsAny is searchWindows through the AVX2 kernel where it can
// run: the same results, the SP flags of the last word accepted taken
// from the octets as searchWindows takes them.
func searchWindowsAny(w []byte) (k, spaces, last int, prev uint64) {
	if !useAVX2 {
		return searchWindows(w)
	}
	if k, spaces, last = searchCheckAVX2(w); k > 0 {
		prev = ^binary.LittleEndian.Uint64(w[k-7:k+1]) & 0x1010101010101010
	} else {
		last = 0
	}
	return k, spaces, last, prev
}
