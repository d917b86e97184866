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
	faults := []string{"x", " ", "0", "00", "0:1", "123456789", "1234567890", "4294967296", "*", "$", ",,", "::", "1:2:3", ":", ",", "\x00", "\xba", "01", "00000001"}
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
