package parser

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func renderSet(s SeqSet) string {
	var parts []string
	for it := s.Ranges(); it.Next(); {
		r := it.Range()
		parts = append(parts, fmt.Sprintf("%d-%d", r.First, r.Last))
	}
	return strings.Join(parts, ",")
}

func TestParseSeqSet(t *testing.T) {
	tests := []struct {
		in     string
		uid    bool
		want   string // ranges with * as 0, or "" for an error
		errOff int
	}{
		{"1", false, "1-1", 0},
		{"1:5,7", false, "1-5,7-7", 0},
		{"5:1", false, "5-1", 0},
		{"*", false, "0-0", 0},
		{"1:*", false, "1-0", 0},
		{"*:4,9", false, "0-4,9-9", 0},
		{"$", false, "", -1},
		{"4294967295", true, "4294967295-4294967295", 0},
		{"3:15,27,29:103", true, "3-15,27-27,29-103", 0},
		{"0", false, "", 0},
		{"1:0", false, "", 2},
		{"4294967296", false, "", 0},
		{"1,", false, "", 2},
		{"1:", false, "", 2},
		{",1", false, "", 0},
		{"1 2", false, "", 1},
		{"1:2:3", false, "", 3},
		{"1:*", true, "", 2},
		{"$", true, "", 0},
		{"$,1", false, "", 1},
	}
	for _, tt := range tests {
		parse := ParseSeqSet
		if tt.uid {
			parse = ParseUIDSet
		}
		s, err := parse([]byte(tt.in))
		if tt.want == "" && tt.errOff >= 0 {
			var pe *Error
			if !errors.As(err, &pe) || pe.Offset != tt.errOff {
				t.Errorf("%q: err %v, want offset %d", tt.in, err, tt.errOff)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if tt.errOff < 0 {
			if !s.IsSaved() {
				t.Errorf("%q: not saved", tt.in)
			}
			continue
		}
		if got := renderSet(s); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSeqSetHelpers(t *testing.T) {
	s, err := ParseSeqSet([]byte("7:5,10,20:*"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Count(22); got != 3+1+3 {
		t.Errorf("Count = %d", got)
	}
	for n, want := range map[uint32]bool{4: false, 5: true, 7: true, 10: true, 11: false, 22: true, 23: false} {
		if s.Contains(n, 22) != want {
			t.Errorf("Contains(%d) = %v", n, !want)
		}
	}
	if lo, hi := (SeqRange{First: SeqStar, Last: 3}).Bounds(9); lo != 3 || hi != 9 {
		t.Errorf("Bounds = %d, %d", lo, hi)
	}
	// A hand-built malformed set stops the iterator without panicking.
	if got := renderSet(SeqSet{Raw: []byte("1,x,3")}); got != "1-1" {
		t.Errorf("malformed walk: %s", got)
	}
}

func TestSeqSetLimit(t *testing.T) {
	lim := Limits{MaxArgs: 3}.Resolved()
	s := newScanner([]byte("1,2,3,4"), 0, &lim)
	if _, err := s.seqSet(true, false); !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v, want ErrLimit", err)
	}
}

// walkNext returns the ranges of raw as Next and Range give them.
func walkNext(raw []byte) []SeqRange {
	var out []SeqRange
	it := SeqSet{Raw: raw}.Ranges()
	for it.Next() {
		out = append(out, it.Range())
	}
	return out
}

// walkBatch returns the ranges of raw as NextBatch gives them, size at a
// time, and fails t when a call breaks NextBatch's contract: a short batch
// before the end, or Range not the last range of a batch.
func walkBatch(t *testing.T, raw []byte, size int) []SeqRange {
	t.Helper()
	var out []SeqRange
	buf := make([]SeqRange, size)
	it := SeqSet{Raw: raw}.Ranges()
	for i := 0; i <= len(raw); i++ {
		n := it.NextBatch(buf)
		out = append(out, buf[:n]...)
		if n > 0 && it.Range() != buf[n-1] {
			t.Fatalf("%q size %d: Range %v after a batch ending %v", raw, size, it.Range(), buf[n-1])
		}
		if n < size {
			if more := it.NextBatch(buf); more != 0 {
				t.Fatalf("%q size %d: a batch of %d before the end, then %d more", raw, size, n, more)
			}
			return out
		}
	}
	t.Fatalf("%q size %d: more batches than octets", raw, size)
	return nil
}

// longSet returns k ranges "a:b" (every third a single number) of numbers
// with 1 to 8 digits, so that they span many windows of NextBatch, and the
// ranges they name.
func longSet(k int) (string, []SeqRange) {
	var b strings.Builder
	var want []SeqRange
	for i := 0; i < k; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		first := uint32(i*7919%99999989 + 1)
		last := uint32(i*37 + 1)
		if i%3 == 2 {
			last = first
			fmt.Fprintf(&b, "%d", first)
		} else {
			fmt.Fprintf(&b, "%d:%d", first, last)
		}
		want = append(want, SeqRange{First: first, Last: last})
	}
	return b.String(), want
}

func TestSeqIterNextBatch(t *testing.T) {
	long, longWant := longSet(200)
	r := func(a, b uint32) SeqRange { return SeqRange{First: a, Last: b} }
	tests := []struct {
		name string
		in   string
		want []SeqRange
	}{
		{"empty", "", nil},
		{"one", "1", []SeqRange{r(1, 1)}},
		{"ranges", "1:5,7,9:3", []SeqRange{r(1, 5), r(7, 7), r(9, 3)}},
		{"star", "*:4,9,2:*", []SeqRange{r(0, 4), r(9, 9), r(2, 0)}},
		{"leading zeros", "01:002,0003", []SeqRange{r(1, 2), r(3, 3)}},
		{"largest", "4294967295:1", []SeqRange{r(4294967295, 1)}},
		{"too large", "1,4294967296,3", []SeqRange{r(1, 1)}},
		{"zero", "1,0,3", []SeqRange{r(1, 1)}},
		{"two colons", "1:2:3,4", []SeqRange{r(1, 2)}},
		{"junk after", "1,2x,3", []SeqRange{r(1, 1), r(2, 2)}},
		{"empty range", "1,,3", []SeqRange{r(1, 1)}},
		{"trailing comma", "1,2,", []SeqRange{r(1, 1), r(2, 2)}},
		{"saved", "$", nil},
		{"long", long, longWant},
		// The same long set with an unusual range at 100 (the windows
		// hand it to Next and go on) or a bad one (the walk stops).
		{"long star", strings.Replace(long, ",", ",*:7,", 1), append([]SeqRange{longWant[0], r(0, 7)}, longWant[1:]...)},
		{"long nine digits", long + ",123456789:987654321," + long, append(append(append([]SeqRange(nil), longWant...), r(123456789, 987654321)), longWant...)},
		{"long zero", long + ",0," + long, longWant},
		{"long colons", long + ":5," + long, longWant},
		{"long space", long + " " + long, longWant},
	}
	for _, tt := range tests {
		if got := walkNext([]byte(tt.in)); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Fatalf("%s: Next gives %v, want %v", tt.name, got, tt.want)
		}
		for _, size := range []int{1, 2, 3, 31, 32, 33, 64, 1000} {
			if got := walkBatch(t, []byte(tt.in), size); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s: batches of %d give %v, want %v", tt.name, size, got, tt.want)
			}
		}
	}
	// An empty dst takes nothing and leaves the walk where it was.
	it := SeqSet{Raw: []byte("1,2")}.Ranges()
	if it.NextBatch(nil) != 0 || !it.Next() || it.Range() != r(1, 1) {
		t.Errorf("NextBatch(nil) moved the iterator")
	}
}

// seqBatchInputs returns sets for the differential tests of NextBatch:
// seqSetInputs (short and long sets, each possibly mutated), long sets
// with one octet changed in many places, and the runs of sequence-set
// octets found in the corpus.
func seqBatchInputs(t *testing.T) []string {
	ins := seqSetInputs()
	r := rand.New(rand.NewPCG(7, 8))
	odd := []byte{'0', '9', ' ', ':', ',', '*', '$', 'x', 0, 0x80, 0xba, 0xff, 0x2f, 0x3a, 0x2c}
	long, _ := longSet(300)
	for range 400 {
		b := []byte(long)
		for j := 1 + r.IntN(3); j > 0; j-- {
			b[r.IntN(len(b))] = odd[r.IntN(len(odd))]
		}
		// Numbers of 7 to 10 digits across word and window ends.
		i := r.IntN(len(b) - 12)
		copy(b[i:], strconv.FormatUint(r.Uint64N(1<<33), 10))
		ins = append(ins, string(b))
	}
	for _, dir := range []string{"responses", "commands"} {
		entries, err := os.ReadDir(filepath.Join("..", "corpus", dir))
		if err != nil {
			t.Logf("corpus/%s: %v", dir, err)
			continue
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join("..", "corpus", dir, e.Name()))
			if err != nil || e.IsDir() {
				continue
			}
			for _, run := range seqOctetRuns(b) {
				ins = append(ins, run)
			}
		}
	}
	return ins
}

// seqOctetRuns returns the runs of digits, ":", ",", "*" and "$" in b that
// hold a ":" or ",".
func seqOctetRuns(b []byte) []string {
	var out []string
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && strings.IndexByte("0123456789:,*$", b[j]) >= 0 {
			j++
		}
		if j > i && bytes.ContainsAny(b[i:j], ":,") {
			out = append(out, string(b[i:j]))
		}
		i = j + 1
	}
	return out
}

// TestSeqIterNextBatchMatchesNext holds NextBatch to Next on short, long,
// mutated and corpus sets, in batches of every size around a window's
// ranges, mixed with calls of Next, and on sets that are a slice of a
// longer buffer (NextBatch must not read past the set's end).
func TestSeqIterNextBatchMatchesNext(t *testing.T) {
	ins := seqBatchInputs(t)
	if len(ins) < 5000 {
		t.Fatalf("only %d inputs", len(ins))
	}
	for i, in := range ins {
		want := walkNext([]byte(in))
		if want == nil {
			want = []SeqRange{}
		}
		size := []int{1, 2, 7, 31, 32, 33, 64, 100}[i%8]
		if got := walkBatch(t, []byte(in), size); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%q: batches of %d give\n%v, Next gives\n%v", in, size, got, want)
		}
		// Within a longer buffer that goes on with more ranges.
		buf := []byte(in + ",1:2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35")
		if got := walkBatch(t, buf[:len(in)], 64); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%q in a longer buffer: batches give\n%v, Next gives\n%v", in, got, want)
		}
		// Next and NextBatch by turns.
		var got []SeqRange
		it := SeqSet{Raw: []byte(in)}.Ranges()
		var b [5]SeqRange
		for turn := 0; ; turn++ {
			if turn%2 == 0 {
				if !it.Next() {
					break
				}
				got = append(got, it.Range())
				continue
			}
			n := it.NextBatch(b[:1+turn%5])
			if n == 0 {
				break
			}
			got = append(got, b[:n]...)
		}
		if got == nil {
			got = []SeqRange{}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%q: Next and NextBatch by turns give\n%v, Next gives\n%v", in, got, want)
		}
	}
}

// TestSeqIterNextBatchAllocs: walking a set in batches allocates nothing.
func TestSeqIterNextBatchAllocs(t *testing.T) {
	long, _ := longSet(500)
	set := SeqSet{Raw: []byte(long)}
	sum := uint32(0)
	if n := testing.AllocsPerRun(20, func() {
		var buf [64]SeqRange
		it := set.Ranges()
		for k := it.NextBatch(buf[:]); k > 0; k = it.NextBatch(buf[:]) {
			for _, r := range buf[:k] {
				sum += r.Last
			}
		}
	}); n != 0 {
		t.Errorf("%v allocations per walk", n)
	}
	if sum == 0 {
		t.Error("empty walk")
	}
}
