//go:build linux && amd64 && !purego

package parser

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestSeqKernelsStayInBounds places sets flush against a page that may not
// be read, after the set and before it, for every length up to 400, and
// runs the kernels and the paths that call them: a read past the set's end
// (or before its start) faults.
func TestSeqKernelsStayInBounds(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	mid := advGuarded(t)
	// Sets of long and of short numbers (separators in every last
	// octets of a window), from several starts.
	long, _ := longSet(100)
	var short strings.Builder
	for i := 1; short.Len() < 500; i++ {
		fmt.Fprintf(&short, "%d:%d,%d,", i%97+1, i%13+1, i%7+1)
	}
	var srcs []string
	for k := 0; k < 6; k++ {
		for _, s := range []string{long, short.String()} {
			srcs = append(srcs, s[strings.IndexByte(s[k*5:], ',')+k*5+1:])
		}
	}
	var dst [64]SeqRange
	var scratch [seqScratch]uint64
	var nums [64]uint32
	for n := 0; n <= 400; n++ {
		// Flush against the end of the middle page, then its start.
		for i, src := range srcs {
			b := mid[len(mid)-n:]
			if i%2 == 1 {
				b = mid[:n]
			}
			copy(b, src)
			if n > 0 {
				seqCheckAVX2(b, 0, 1<<20)
			}
			if st := 9 + bytes.IndexByte(b[min(n, 8):], ','); st >= 9 && n-st >= seqWindow {
				seqDecodeAVX2(b, st, dst[:], &scratch)
			}
			if _, err := ParseSeqSet(b); err != nil && n > 0 && b[n-1] != ',' && b[n-1] != ':' {
				t.Errorf("%q: %v", b, err)
			}
			if q := 9 + bytes.IndexByte(b[min(n, 8):], ','); q >= 9 && n-q >= seqWindow {
				// The same octets as a SEARCH run: SP for each
				// separator.
				sp := bytes.Map(func(r rune) rune {
					if r == ',' || r == ':' {
						return ' '
					}
					return r
				}, b)
				copy(b, sp)
				numDecodeAVX2(b, q, nums[:])
				searchCheckAVX2(b)
				copy(b, src)
			}
			it := SeqSet{Raw: b}.Ranges()
			for it.NextBatch(dst[:]) > 0 {
			}
		}
	}
}
