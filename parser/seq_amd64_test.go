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
	// The decoder starts after a "," at 8 or more: the word before
	// each separator must lie within the set.
	st := 9 + strings.IndexByte(long[8:], ',')
	k0 := strings.Count(long[:st], ",")
	var dst [70]SeqRange
	var scratch [seqScratch]uint64
	for _, room := range []int{1, 2, 3, 17, 64, 70} {
		clear(dst[:])
		last, n := seqDecodeAVX2(b, st, dst[:room], &scratch)
		if n != min(room, seqScratchRanges) || b[last] != ',' || strings.Count(long[st:last+1], ",") != n {
			t.Errorf("seqDecodeAVX2 room %d: last %d, n %d", room, last, n)
		}
		if fmt.Sprint(dst[:n]) != fmt.Sprint(want[k0:k0+n]) || dst[n] != (SeqRange{}) {
			t.Errorf("seqDecodeAVX2 room %d: %v, want %v and then nothing", room, dst[:n+1], want[k0:k0+n])
		}
	}
	// A zero (or an empty number) ends the decode at the range before
	// it, last unknown (-1); the decode starts at 10, after "4:5,".
	for _, tt := range []struct {
		at, fault string
		n         int
	}{
		{"9:10", "0:10", 3},
		{"10:11", "10:00", 4},
		{"8", "0", 2},
		{"12", "", 5},
	} {
		set := "1:2,3,4:5,6:7,123456:7,8,9:10,10:11,12,13:14,15,16:17,18:19,20,21:22,23:24,25,26:27,28,29:30,31:32,33:34"
		set = strings.Replace(set, ","+tt.at+",", ","+tt.fault+",", 1)
		if last, n := seqDecodeAVX2([]byte(set), 10, dst[:], &scratch); n != tt.n || last != -1 {
			t.Errorf("%q: seqDecodeAVX2 gives last %d n %d, want -1 and %d", set, last, n, tt.n)
		}
	}
	// A window that breaks a rule is declined whole: both kernels stop
	// at the last "," before it (the third window).
	long, _ = longSet(60)
	st = 9 + strings.IndexByte(long[8:], ',')
	c := st + 150 + strings.IndexByte(long[st+150:], ',')
	for _, set := range []string{
		long[:st+150] + "x" + long[st+151:],    // not a digit, "," or ":"
		long[:c] + ":" + long[c+1:],            // a second ":" (or a third number)
		long[:c] + ",123456789," + long[c+1:],  // nine digits
		long[:c] + ",1234567890," + long[c+1:], // ten
	} {
		wantLast := strings.LastIndexByte(set[:st+128], ',')
		wantN := strings.Count(set[st:st+128], ",")
		if strings.Contains(set, "123456789") {
			// The decoder reads a number of nine digits or more as
			// 0, and stops at the range before it.
			wantLast, wantN = -1, strings.Count(set[st:c+1], ",")
		}
		if last, n := seqDecodeAVX2([]byte(set), st, dst[:], &scratch); n != wantN || last != wantLast {
			t.Errorf("%q: seqDecodeAVX2 gives last %d n %d, want %d and %d", set, last, n, wantLast, wantN)
		}
		if strings.Contains(set, ",123456789,") {
			continue // seqCheckAVX2 takes nine digits
		}
		wantLast = strings.LastIndexByte(set[:128], ',') + 1
		wantN = strings.Count(set[:128], ",")
		if last, n := seqCheckAVX2([]byte(set), 0, 1<<20); n != wantN || last != wantLast {
			t.Errorf("%q: seqCheckAVX2 gives last %d n %d, want %d and %d", set, last, n, wantLast, wantN)
		}
	}
}

// TestNumKernelDirect calls the SEARCH kernel itself: it must take the
// windows of a long run, fill dst, and stop before a number of nine
// digits at the start of its window.
func TestNumKernelDirect(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	var b strings.Builder
	var want []uint32
	for i := 1; i < 300; i++ {
		v := uint32(i * 7919 % 99999989)
		fmt.Fprintf(&b, "%d ", v)
		want = append(want, v)
	}
	run := []byte(b.String())
	q := 1 + strings.IndexByte(b.String()[8:], ' ') + 8
	k0 := strings.Count(b.String()[:q], " ")
	var dst [70]uint32
	for _, room := range []int{1, 5, 64, 70} {
		clear(dst[:])
		next, n := numDecodeAVX2(run, q, dst[:room])
		if n != min(room, 64) || run[next-1] != ' ' || strings.Count(b.String()[q:next], " ") != n {
			t.Errorf("room %d: next %d, n %d", room, next, n)
		}
		if fmt.Sprint(dst[:n]) != fmt.Sprint(want[k0:k0+n]) || dst[n] != 0 {
			t.Errorf("room %d: %v, want %v and then nothing", room, dst[:n+1], want[k0:k0+n])
		}
	}
	long := b.String()[:q+100] + " 123456789 " + b.String()[q+100:]
	next, n := numDecodeAVX2([]byte(long), q, dst[:])
	if wantNext := strings.LastIndexByte(long[:q+64], ' ') + 1; next != wantNext || n != strings.Count(long[q:next], " ") {
		t.Errorf("a nine-digit number in the second window: next %d n %d, want next %d", next, n, wantNext)
	}
}
