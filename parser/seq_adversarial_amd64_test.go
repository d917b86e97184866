//go:build amd64 && !purego

package parser

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The kernels' own contracts (seq_amd64.go), held on the systematic
// inputs of seq_adversarial_test.go: what a kernel accepts is well formed
// by the parser's rules and by a strconv reference, its counts match its
// positions and stay within room, it writes nothing past len(dst) nor past
// its scratch, and on well-formed sets it takes every whole window.

// advStarts returns where a kernel may start in b: 0 and the octet after
// each of the first "," (or SP) and of the last few, at most nine.
func advStarts(b []byte, sep byte) []int {
	starts := []int{0}
	var after []int
	for i, c := range b {
		if c == sep {
			after = append(after, i+1)
		}
	}
	if len(after) > 8 {
		after = append(after[:5], after[len(after)-3:]...)
	}
	return append(starts, after...)
}

// TestSeqCheckAVX2Contract: for every start and room, seqCheckAVX2 returns
// a position after a "," (or its start), the ranges before it are a
// uid-set that ParseUIDSet and the reference accept, there are n of them,
// n is within room, and it read no window past len(b). On a set of
// numbers of one to nine digits without leading zeros (which its rules
// take) it accepts every whole window.
func TestSeqCheckAVX2Contract(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	sets := advSets()
	taken := 0
	for _, set := range sets {
		b := []byte(set)
		for _, p := range advStarts(b, ',') {
			if len(b)-p < seqWindow {
				continue
			}
			for _, room := range []int{0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 1 << 30} {
				last, n := seqCheckAVX2(b, p, room)
				if n == 0 {
					if last != p {
						t.Fatalf("%q from %d room %d: n 0 but last %d", set, p, room, last)
					}
					continue
				}
				taken++
				if n > room || last <= p || last > p+(len(b)-p)/seqWindow*seqWindow || b[last-1] != ',' {
					t.Fatalf("%q from %d room %d: last %d n %d", set, p, room, last, n)
				}
				acc := set[p : last-1]
				if c := strings.Count(acc, ",") + 1; c != n {
					t.Fatalf("%q from %d room %d: n %d, but %d ranges before %d", set, p, room, n, c, last)
				}
				if _, err := ParseUIDSet([]byte(acc)); err != nil {
					t.Fatalf("%q from %d room %d: accepted %q, which ParseUIDSet rejects: %v", set, p, room, acc, err)
				}
				if _, ok := advRefSet(acc, false); !ok {
					t.Fatalf("%q from %d room %d: accepted %q, which the reference rejects", set, p, room, acc)
				}
			}
		}
	}
	// Well-formed sets of short numbers: every whole window is taken.
	for _, u := range advUnits() {
		if strings.ContainsAny(u, "*") || strings.HasPrefix(u, "0") || strings.Contains(u, ",0") || strings.Contains(u, ":0") {
			continue
		}
		if a, b, _ := strings.Cut(u, ":"); len(a) > 9 || len(b) > 9 {
			continue
		}
		base := strings.Repeat(u+",", 400/(len(u)+1)+1)
		for _, p := range advStarts([]byte(base), ',')[:4] {
			end := p + (len(base)-p)/seqWindow*seqWindow
			want := strings.LastIndexByte(base[:end], ',') + 1
			if last, n := seqCheckAVX2([]byte(base), p, 1<<30); last != want || n != strings.Count(base[p:last], ",") {
				t.Errorf("%q from %d: last %d n %d, want every window (last %d)", base, p, last, n, want)
			}
		}
	}
	if taken < 1000 {
		t.Fatalf("the kernel took ranges in only %d calls", taken)
	}
}

// TestSeqDecodeAVX2Contract: for every start after a "," (8 or more) and
// every dst size, seqDecodeAVX2 writes at most min(len(dst), 64) ranges
// and nothing past them or past its scratch, its ranges are those of the
// strconv reference for the set's first n ranges from the start, and last
// is the n-th "," (or -1, after which the next range holds a number that
// is zero, empty or of nine digits or more).
func TestSeqDecodeAVX2Contract(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	var dst [80]SeqRange
	var scratch [seqScratch + 16]uint64
	sizes := []int{1, 2, 3, 31, 32, 33, 63, 64, 65, 80}
	taken := 0
	for _, set := range advSets() {
		b := []byte(set)
		for _, st := range advStarts(b, ',')[1:] {
			if st < 8 || len(b)-st < seqWindow {
				continue
			}
			for _, size := range sizes {
				for i := range dst {
					dst[i] = SeqRange{advSentinel, advSentinel}
				}
				for i := range scratch {
					scratch[i] = advSentinel
				}
				last, n := seqDecodeAVX2(b, st, dst[:size], (*[seqScratch]uint64)(scratch[:seqScratch]))
				for i := seqScratch; i < len(scratch); i++ {
					if scratch[i] != advSentinel {
						t.Fatalf("%q from %d size %d: scratch[%d] written", set, st, size, i)
					}
				}
				for i := n; i < len(dst); i++ {
					if dst[i] != (SeqRange{advSentinel, advSentinel}) {
						t.Fatalf("%q from %d size %d: n %d but dst[%d] written (%v)", set, st, size, n, i, dst[i])
					}
				}
				if n < 0 || n > min(size, seqScratchRanges) {
					t.Fatalf("%q from %d size %d: n %d", set, st, size, n)
				}
				if n == 0 {
					continue
				}
				taken++
				parts := strings.Split(set[st:], ",")
				if len(parts) <= n {
					t.Fatalf("%q from %d size %d: n %d, but only %d ranges end in a \",\"", set, st, size, n, len(parts)-1)
				}
				ref, ok := advRefSet(strings.Join(parts[:n], ","), false)
				if !ok || !slices.Equal(ref, dst[:n]) {
					t.Fatalf("%q from %d size %d: %v, reference %v (%v)", set, st, size, dst[:n], ref, ok)
				}
				wantLast := st + len(strings.Join(parts[:n], ","))
				if last != wantLast && last != -1 {
					t.Fatalf("%q from %d size %d: last %d, want %d (the %d-th \",\") or -1", set, st, size, last, wantLast, n)
				}
				if last == -1 {
					// It stopped at a number it reads as 0: the next
					// range has one that is 0, empty, or of nine
					// digits or more.
					next := parts[n]
					zero := false
					for _, x := range strings.Split(next, ":") {
						if v, err := strconv.ParseUint(x, 10, 64); err == nil && v == 0 || x == "" || len(x) > 8 {
							zero = true
						}
					}
					if !zero {
						t.Fatalf("%q from %d size %d: last -1 after %d ranges, but the next is %q", set, st, size, n, next)
					}
				}
			}
		}
	}
	if taken < 1000 {
		t.Fatalf("the kernel wrote ranges in only %d calls", taken)
	}
}

// TestNumDecodeAVX2Contract: on the validated runs of advRuns, from every
// number's start (8 or more) and every dst size, numDecodeAVX2 writes at
// most min(len(dst), 64) numbers and nothing past them, next is q or the
// octet after an SP, and the numbers are strconv's of b[q:next].
func TestNumDecodeAVX2Contract(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	var dst [80]uint32
	sizes := []int{1, 2, 3, 31, 32, 33, 63, 64, 65, 80}
	taken := 0
	for _, run := range advRuns() {
		for _, lenient := range []bool{false, true} {
			var r Response
			if NewParser(Options{Lenient: lenient}).ParseResponse([]byte("* SEARCH "+run+"\r\n"), &r) != nil {
				continue
			}
			b := r.Data[:searchRunEnd(r.Data)]
			for _, q := range advStarts(b, ' ')[1:] {
				if q < 8 || len(b)-q < seqWindow || b[q] == ' ' {
					continue
				}
				for _, size := range sizes {
					for i := range dst {
						dst[i] = advSentinel
					}
					next, n := numDecodeAVX2(b, q, dst[:size])
					for i := n; i < len(dst); i++ {
						if dst[i] != advSentinel {
							t.Fatalf("%q from %d size %d: n %d but dst[%d] written", b, q, size, n, i)
						}
					}
					if n < 0 || n > min(size, 64) || next < q || next > len(b) || (n == 0) != (next == q) {
						t.Fatalf("%q from %d size %d: next %d n %d", b, q, size, next, n)
					}
					if n == 0 {
						continue
					}
					taken++
					if b[next-1] != ' ' {
						t.Fatalf("%q from %d size %d: next %d not after an SP", b, q, size, next)
					}
					var ref []uint32
					for _, f := range strings.Split(string(b[q:next-1]), " ") {
						v, err := strconv.ParseUint(f, 10, 32)
						if err != nil {
							t.Fatalf("%q from %d size %d: took %q", b, q, size, f)
						}
						ref = append(ref, uint32(v))
					}
					if !slices.Equal(ref, dst[:n]) {
						t.Fatalf("%q from %d size %d: %v, reference %v", b, q, size, dst[:n], ref)
					}
				}
			}
		}
	}
	if taken < 1000 {
		t.Fatalf("the kernel wrote numbers in only %d calls", taken)
	}
}

// TestSearchWindowsAnyMatches holds searchWindowsAny (the kernel) to
// searchWindows on every length of w: "7 " and advRuns' runs, cut at every
// length from 2 to 300.
func TestSearchWindowsAnyMatches(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	kernels := advKernels(t)
	kernels(true)
	checked := 0
	runs := advRuns()
	for i, run := range runs {
		w := []byte("7 " + run)
		if i%7 != 0 {
			// Every length for every seventh run; the whole run
			// for the rest.
			checked++
			k, spaces, last, prev := searchWindowsAny(w)
			k2, spaces2, last2, prev2 := searchWindows(w)
			if k != k2 || spaces != spaces2 || last != last2 || prev != prev2 {
				t.Fatalf("%q: kernel gives %d %d %d %#x, searchWindows %d %d %d %#x", w, k, spaces, last, prev, k2, spaces2, last2, prev2)
			}
			continue
		}
		for n := 2; n <= len(w) && n <= 300; n++ {
			checked++
			k, spaces, last, prev := searchWindowsAny(w[:n])
			k2, spaces2, last2, prev2 := searchWindows(w[:n])
			if k != k2 || spaces != spaces2 || last != last2 || prev != prev2 {
				t.Fatalf("%q: kernel gives %d %d %d %#x, searchWindows %d %d %d %#x", w[:n], k, spaces, last, prev, k2, spaces2, last2, prev2)
			}
		}
	}
	if checked < 10000 {
		t.Fatalf("only %d inputs", checked)
	}
}

// TestSeqDecodeScratchBound gives seqDecodeAVX2 runs of windows that hold
// digits only (no separator), after ranges and after an open ":", with its
// scratch inside a larger array: nothing past the scratch may change.
// (seqreview finding 3: since 338bfae each such window stored a word,
// without bound, past the scratch into the caller's frame.)
func TestSeqDecodeScratchBound(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	var dst [64]SeqRange
	var scratch [seqScratch + 256]uint64
	for _, pre := range []string{"1234567,", "1234567,1,2,3:4,", "1234567,5:"} {
		for _, windows := range []int{1, 2, 3, 135, 137, 200} {
			for _, post := range []string{"", ",1", ":1,2", strings.Repeat(",7", 70)} {
				b := []byte(pre + strings.Repeat("9", windows*seqWindow+len(pre)%7) + post)
				for i := range scratch {
					scratch[i] = advSentinel
				}
				for _, size := range []int{1, 64} {
					seqDecodeAVX2(b, 8, dst[:size], (*[seqScratch]uint64)(scratch[:seqScratch]))
					for i := seqScratch; i < len(scratch); i++ {
						if scratch[i] != advSentinel {
							t.Fatalf("%d windows of digits after %q: scratch[%d] written past the scratch", windows, pre, i)
						}
					}
				}
			}
		}
	}
}

// TestNumDecodeNoRoom gives numDecodeAVX2 a dst of length 0 over a backing
// array with room: it writes nothing and returns q and 0.
func TestNumDecodeNoRoom(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	b := []byte(strings.Repeat("1234 ", 40))
	var backing [64]uint32
	for i := range backing {
		backing[i] = 0xdeadbeef
	}
	next, n := numDecodeAVX2(b, 10, backing[:0])
	if next != 10 || n != 0 {
		t.Errorf("numDecodeAVX2 with no room = %d, %d; want 10, 0", next, n)
	}
	for i, v := range backing {
		if v != 0xdeadbeef {
			t.Fatalf("backing[%d] written: %#x", i, v)
		}
	}
	// The same call with room decodes, so the test above is not vacuous.
	if _, n := numDecodeAVX2(b, 10, backing[:3]); n != 3 || backing[0] != 1234 {
		t.Errorf("numDecodeAVX2 with room 3 = %d numbers, first %d; want 3, 1234", n, backing[0])
	}
}

// TestKernelsCheckTheirArguments calls each kernel outside its callers'
// promises (nil and short slices, a start below 8 or negative, no room):
// each checks them on lengths, reads nothing and returns its "nothing
// done" values, where a pointer compare would wrap on a nil slice.
func TestKernelsCheckTheirArguments(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	long := []byte(strings.Repeat("12:34,", 40))
	var dst [8]SeqRange
	var nums [8]uint32
	var scratch [seqScratch]uint64
	for _, c := range []struct {
		b []byte
		p int
	}{{nil, 0}, {nil, 8}, {long[:63], 0}, {long[:70], 7}, {long, -6}, {long, len(long) - 63}, {long, len(long)}} {
		if last, n := seqCheckAVX2(c.b, c.p, 10); last != c.p || n != 0 {
			t.Errorf("seqCheckAVX2(%d octets, %d) = %d, %d; want %d, 0", len(c.b), c.p, last, n, c.p)
		}
		if c.p >= 8 || c.b == nil {
			if last, n := seqDecodeAVX2(c.b, c.p, dst[:], &scratch); last != c.p-1 || n != 0 {
				t.Errorf("seqDecodeAVX2(%d octets, %d) = %d, %d; want %d, 0", len(c.b), c.p, last, n, c.p-1)
			}
		}
		if next, n := numDecodeAVX2(c.b, c.p, nums[:]); next != c.p || n != 0 {
			t.Errorf("numDecodeAVX2(%d octets, %d) = %d, %d; want %d, 0", len(c.b), c.p, next, n, c.p)
		}
	}
	// A start below 8 and an empty dst, on a set the kernel would take.
	if last, n := seqDecodeAVX2(long, 6, dst[:], &scratch); last != 5 || n != 0 {
		t.Errorf("seqDecodeAVX2 from 6 = %d, %d; want 5, 0", last, n)
	}
	if last, n := seqDecodeAVX2(long, 12, dst[:0], &scratch); last != 11 || n != 0 {
		t.Errorf("seqDecodeAVX2 with no room = %d, %d; want 11, 0", last, n)
	}
	if _, n := seqDecodeAVX2(long, 12, dst[:], &scratch); n == 0 {
		t.Error("seqDecodeAVX2 from 12 with room decoded nothing: the refusals above prove nothing")
	}
	for _, w := range [][]byte{nil, long[:1], long[:64]} {
		if k, spaces, _ := searchCheckAVX2(w); k != 0 || spaces != 0 {
			t.Errorf("searchCheckAVX2(%d octets) = %d, %d; want 0, 0", len(w), k, spaces)
		}
	}
}
