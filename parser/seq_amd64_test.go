//go:build amd64 && !purego

package parser

import (
	"fmt"
	"strings"
	"testing"
)

// TestSeqKernelsDirect calls the kernels themselves, so that the
// differential tests cannot pass with kernels that decline everything:
// each must take the windows of a long well-formed set, stop where the
// rules say, and give the right ranges.
func TestSeqKernelsDirect(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	long, want := longSet(300)
	b := []byte(long)
	last, n := seqCheckAVX2(b, 0, 1<<20)
	if n < 280 || b[last-1] != ',' || strings.Count(long[:last], ",") != n {
		t.Errorf("seqCheckAVX2 of %d ranges: last %d, n %d", len(want), last, n)
	}
	if _, n := seqCheckAVX2(b, 0, 5); n > 5 {
		t.Errorf("seqCheckAVX2 with room 5: %d ranges", n)
	}
	var dst [70]SeqRange
	var scratch [seqScratch]uint64
	for _, room := range []int{1, 2, 3, 17, 64, 70} {
		clear(dst[:])
		last, n := seqDecodeAVX2(b, 0, dst[:room], &scratch)
		if n != min(room, seqScratchRanges) || b[last] != ',' || strings.Count(long[:last+1], ",") != n {
			t.Errorf("seqDecodeAVX2 room %d: last %d, n %d", room, last, n)
		}
		if fmt.Sprint(dst[:n]) != fmt.Sprint(want[:n]) || dst[n] != (SeqRange{}) {
			t.Errorf("seqDecodeAVX2 room %d: %v, want %v and then nothing", room, dst[:n+1], want[:n])
		}
	}
	// A zero ends the decode at the range before it, last unknown (-1).
	for _, tt := range []struct {
		at, fault string
		n         int
	}{
		{"9:10", "0:10", 6},
		{"10:11", "10:00", 7},
		{"8", "0", 5},
	} {
		set := "1:2,3,4:5,6:7,123456:7,8,9:10,10:11,12,13:14,15,16:17,18:19,20,21:22,23:24,25,26:27,28,29:30,31:32,33:34"
		set = strings.Replace(set, ","+tt.at+",", ","+tt.fault+",", 1)
		if last, n := seqDecodeAVX2([]byte(set), 0, dst[:], &scratch); n != tt.n || last != -1 {
			t.Errorf("%q: seqDecodeAVX2 gives last %d n %d, want -1 and %d", set, last, n, tt.n)
		}
	}
	// A window that breaks a rule is declined whole: both kernels stop
	// at the last "," before it (the window at 128 here).
	long, _ = longSet(60)
	c := 150 + strings.IndexByte(long[150:], ',')
	for _, set := range []string{
		long[:150] + "x" + long[151:],          // not a digit, "," or ":"
		long[:c] + ":" + long[c+1:],            // a second ":" (or a third number)
		long[:c] + ",," + long[c+1:],           // an empty number
		long[:c] + ",123456789," + long[c+1:],  // nine digits
		long[:c] + ",1234567890," + long[c+1:], // ten
	} {
		wantLast := strings.LastIndexByte(set[:128], ',')
		wantN := strings.Count(set[:128], ",")
		if last, n := seqDecodeAVX2([]byte(set), 0, dst[:], &scratch); n != wantN || last != wantLast {
			t.Errorf("%q: seqDecodeAVX2 gives last %d n %d, want %d and %d", set, last, n, wantLast, wantN)
		}
		if strings.Contains(set, ",123456789,") {
			continue // seqCheckAVX2 takes nine digits
		}
		if last, n := seqCheckAVX2([]byte(set), 0, 1<<20); n != wantN || last != wantLast+1 {
			t.Errorf("%q: seqCheckAVX2 gives last %d n %d, want %d and %d", set, last, n, wantLast+1, wantN)
		}
	}
}
