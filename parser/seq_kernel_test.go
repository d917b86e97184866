package parser

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// setKernels turns the assembly kernels on or off for the rest of t (on
// only where they were on: the processor has AVX2), restoring them after.
// Tests that call it must not run in parallel.
func setKernels(t testing.TB, on bool) {
	orig := useAVX2
	t.Cleanup(func() { useAVX2 = orig })
	useAVX2 = on && orig
}

// kernelSetInputs returns long sequence sets shaped for the kernels'
// windows of 64 octets: runs of ranges "a:b" or single numbers (or both)
// with numbers of one length or mixed lengths, and the same with an odd
// octet, a long number, a zero, a leading zero, "*" or a doubled
// separator written in near a window's end (offsets 56 to 72 of some
// window, from the set's start or from a later start).
func kernelSetInputs() []string {
	r := rand.New(rand.NewPCG(11, 12))
	num := func(digits int) string {
		s := strconv.Itoa(1 + r.IntN(9))
		for len(s) < digits {
			s += strconv.Itoa(r.IntN(10))
		}
		return s
	}
	// A run of 160 digits leaves a window without a separator, where
	// the decoder's distance from the last separator reaches its most.
	faults := []string{"x", " ", "0", "00", "0:1", "123456789", "1234567890", "4294967296", "*", "$", ",,", "::", "1:2:3", ":", ",", "\x00", "\xba", "01", "00000001",
		strings.Repeat("12345678", 20), "9:" + strings.Repeat("9", 130) + ",1"}
	var out []string
	for range 1500 {
		var b strings.Builder
		fixed := 1 + r.IntN(8)
		shape := r.IntN(3) // 0 ranges, 1 singles, 2 both
		k := 20 + r.IntN(200)
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			d := fixed
			if r.IntN(3) == 0 {
				d = 1 + r.IntN(8)
			}
			b.WriteString(num(d))
			if shape == 0 || shape == 2 && r.IntN(2) == 0 {
				b.WriteByte(':')
				b.WriteString(num(d))
			}
		}
		s := b.String()
		if r.IntN(4) != 0 {
			f := faults[r.IntN(len(faults))]
			at := 64*r.IntN(1+len(s)/64) + 56 + r.IntN(17)
			if r.IntN(2) == 0 {
				at = r.IntN(len(s))
			}
			if at < len(s) {
				s = s[:at] + f + s[min(len(s), at+r.IntN(2)*len(f)):]
			}
		}
		out = append(out, s)
	}
	return out
}

// TestSeqKernelsMatchPortable runs every differential input of the
// sequence-set tests, the corpus runs and kernelSetInputs through the
// validation and the batch walk with the kernels on and off: the same
// sets, errors, offsets and ranges.
func TestSeqKernelsMatchPortable(t *testing.T) {
	ins := append(seqBatchInputs(t), kernelSetInputs()...)
	for i, in := range ins {
		b := []byte(in + " UID\r\n")
		count := strings.Count(in, ",") + 1
		maxArgs := []int{DefaultMaxArgs, count, count - 1, count / 2, 3}[i%5]
		lim := Limits{MaxArgs: max(1, maxArgs)}.Resolved()
		validate := func(on bool, star bool) string {
			setKernels(t, on)
			s := newScanner(b, 0, &lim)
			set, err := s.seqSet(star, true)
			return fmt.Sprintf("set=%q err=%v p=%d", set.Raw, err, s.p)
		}
		walk := func(on bool, size int) string {
			setKernels(t, on)
			return fmt.Sprint(walkBatch(t, []byte(in), size))
		}
		for _, star := range []bool{true, false} {
			if got, want := validate(true, star), validate(false, star); got != want {
				t.Fatalf("%q max %d star %v: kernels give\n%s\nportable code\n%s", in, lim.MaxArgs, star, got, want)
			}
		}
		size := []int{1, 5, 64, 100}[i%4]
		if got, want := walk(true, size), walk(false, size); got != want {
			t.Fatalf("%q: batches of %d give with kernels\n%s\nwithout\n%s", in, size, got, want)
		}
	}
}

// FuzzSeqKernels holds the kernels to the portable code on any bytes: a
// sequence set validated (strict, with "*") and walked in batches, with
// the kernels on and off. Its seeds are long sets, where the kernels'
// windows start; the corpus of native fuzzing mutates them.
func FuzzSeqKernels(f *testing.F) {
	long, _ := longSet(40)
	f.Add([]byte(long))
	f.Add([]byte(long[:100] + "0" + long[100:]))
	f.Add([]byte(long[:70] + ",," + long[70:]))
	f.Add([]byte(long[:64] + "1234567890" + long[64:]))
	f.Fuzz(func(t *testing.T, data []byte) {
		run := func(on bool) string {
			setKernels(t, on)
			s := newScanner(data, 0, &defaultLimits)
			set, err := s.seqSet(true, false)
			var buf [7]SeqRange
			it := SeqSet{Raw: data}.Ranges()
			var got []SeqRange
			for n := it.NextBatch(buf[:]); n > 0; n = it.NextBatch(buf[:]) {
				got = append(got, buf[:n]...)
			}
			return fmt.Sprintf("set=%q err=%v p=%d ranges=%v", set.Raw, err, s.p, got)
		}
		if got, want := run(true), run(false); got != want {
			t.Fatalf("%q: kernels give\n%s\nportable code\n%s", data, got, want)
		}
	})
}

// TestNumKernelMatchesPortable walks the SEARCH and SORT inputs of the
// word-at-a-time tests and long random runs (numbers of one to ten
// digits, some runs of one length) through NextBatch with the kernels on
// and off, also after their bytes were changed (the kernel must then only
// end, as the portable code does).
func TestNumKernelMatchesPortable(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	ins := appendNumberRuns(numberListInputs(), r, 300, 600)
	for range 100 {
		var b strings.Builder
		d := 1 + r.IntN(8)
		for i := 0; i < 50+r.IntN(400); i++ {
			fmt.Fprintf(&b, "%d ", 1+r.IntN(9)*int(pow10(d-1))+r.IntN(int(pow10(d-1))))
		}
		ins = append(ins, strings.TrimSuffix(b.String(), " "))
	}
	for i, in := range ins {
		raw := []byte("* SEARCH " + in + "\r\n")
		var resp Response
		if NewParser(Options{}).ParseResponse(raw, &resp) != nil {
			continue
		}
		size := []int{32, 33, 64, 100, 1000}[i%5]
		walk := func(on bool) string {
			setKernels(t, on)
			return fmt.Sprint(batchNumbers(t, resp.SearchNumbers(), size))
		}
		if got, want := walk(true), walk(false); got != want {
			t.Fatalf("%q NextBatch(%d): kernels give\n%s\nportable code\n%s", raw, size, got, want)
		}
		for k := 0; k < 4 && len(resp.Data) > 0; k++ {
			const odd = "0 x(\x00\xff9"
			resp.Data[r.IntN(len(resp.Data))] = odd[r.IntN(len(odd))]
		}
		setKernels(t, true)
		it := resp.SearchNumbers()
		var dst [64]uint32
		for n := 0; it.NextBatch(dst[:]) > 0; n++ {
			if n > len(resp.Data) {
				t.Fatalf("%q: more batches than octets", resp.Data)
			}
		}
	}
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// TestSearchKernelMatchesPortable holds the SEARCH validation windows with
// the kernel to searchWindows, directly and through ParseResponse (the
// same errors, offsets and numbers, strict and lenient), on the inputs of
// the word-at-a-time tests and long runs with an odd octet written near a
// window's end.
func TestSearchKernelMatchesPortable(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	ins := appendNumberRuns(numberListInputs(), r, 300, 600)
	odd := []string{"x", "  ", " 0", "0", "12345678901", "1234567890", "\x00", "(", "\xb0", " "}
	for range 1000 {
		in := ins[r.IntN(len(ins))]
		if len(in) < 70 {
			continue
		}
		at := 64*r.IntN(1+len(in)/64) + 56 + r.IntN(17)
		if at < len(in) {
			ins = append(ins, in[:at]+odd[r.IntN(len(odd))]+in[at+r.IntN(2):])
		}
	}
	for _, in := range ins {
		w := []byte("7 " + in)
		setKernels(t, true)
		k, spaces, last, prev := searchWindowsAny(w)
		if k2, spaces2, last2, prev2 := searchWindows(w); k != k2 || spaces != spaces2 || last != last2 || prev != prev2 {
			t.Fatalf("%q: kernel gives %d %d %d %#x, searchWindows %d %d %d %#x", w, k, spaces, last, prev, k2, spaces2, last2, prev2)
		}
		for _, lenient := range []bool{false, true} {
			parse := func(on bool) string {
				setKernels(t, on)
				var resp Response
				err := NewParser(Options{Lenient: lenient}).ParseResponse([]byte("* SEARCH "+in+"\r\n"), &resp)
				return fmt.Sprintf("err=%v data=%q", err, resp.Data)
			}
			if got, want := parse(true), parse(false); got != want {
				t.Fatalf("%q lenient=%v: kernels give %s, portable code %s", in, lenient, got, want)
			}
		}
	}
}
