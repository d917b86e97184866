package parser

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestDigitsWord checks digitRun8 and digitsValue against a byte loop and
// strconv on words of digits followed by every octet value.
func TestDigitsWord(t *testing.T) {
	for n := 0; n <= 8; n++ {
		for c := 0; c < 256; c++ {
			var w [8]byte
			for i := range w {
				w[i] = byte('1' + (i*7+n)%9)
			}
			w[0] = '9'
			if n < 8 {
				w[n] = byte(c)
			}
			want := 0
			for want < 8 && w[want] >= '0' && w[want] <= '9' {
				want++
			}
			_, got := digitRun8(binary.LittleEndian.Uint64(w[:]))
			if got != want {
				t.Fatalf("digitRun8(%q) = %d, want %d", w, got, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := 1 + r.IntN(8)
		var w [8]byte
		for i := range w {
			w[i] = byte(r.IntN(256))
		}
		for i := 0; i < n; i++ {
			w[i] = byte('0' + r.IntN(10))
		}
		if n < 8 {
			w[n] = ' '
		}
		d, k := digitRun8(binary.LittleEndian.Uint64(w[:]))
		want, _ := strconv.ParseUint(string(w[:n]), 10, 32)
		if k != n || uint64(digitsValue(d, k)) != want {
			t.Fatalf("%q: run %d value %d, want %d %d", w, k, digitsValue(d, k), n, want)
		}
	}
}

// refSearchData is searchData as it was before its word-at-a-time part:
// the reference the differential test holds it to.
func refSearchData(s *scanner) error {
	b := s.b
	p := s.p
	n := 0
	for p < len(b) && b[p] != '\r' && b[p] != '\n' {
		if b[p] == '(' {
			s.p = p
			return searchModSeq(s)
		}
		start := p
		var nz byte
		for p < len(b) && b[p]-'0' <= 9 {
			nz |= b[p] - '0'
			p++
		}
		if p-start >= 10 && !fits32(b[start:p]) {
			return s.errAt(start, "number below 2^32")
		}
		if p == start || nz == 0 {
			return s.errAt(start, "nz-number")
		}
		if n++; n > s.lim.MaxArgs {
			return s.errLimit(p, "numbers within MaxArgs")
		}
		if p >= len(b) || b[p] != ' ' {
			s.p = p
			if !s.atCRLF() {
				return s.errExpected("SP or CRLF")
			}
			return nil
		}
		p++
		if p >= len(b) || b[p] == '\r' || b[p] == '\n' {
			s.p = p
			if !s.lenient {
				return s.errExpected("number after SP")
			}
			s.violation(ViolTrailingSpace, p-1)
			return nil
		}
	}
	s.p = p
	return nil
}

// refNumbers walks b as NumIter did before its word-at-a-time part.
func refNumbers(b []byte) []uint32 {
	var out []uint32
	p := 0
	for {
		for p < len(b) && b[p] == ' ' {
			p++
		}
		start := p
		var n uint64
		for p < len(b) && b[p]-'0' <= 9 && n <= 0xffffffff {
			n = n*10 + uint64(b[p]-'0')
			p++
		}
		if p == start || n > 0xffffffff {
			return out
		}
		out = append(out, uint32(n))
	}
}

// numberListInputs returns SEARCH-like argument lists: well-formed runs
// of numbers of every length, and the same with one octet changed, an
// octet inserted or removed, or the end cut, so that each check of the
// word-at-a-time paths is met at every position of a word.
// appendNumberRuns appends n runs of 20 to 20+maxLen-1 random non-zero
// numbers (of every length up to ten digits), a quarter of them ended by
// "(MODSEQ 98765)": number lists long enough for several of NumIter's
// windows.
func appendNumberRuns(ins []string, r *rand.Rand, n, maxLen int) []string {
	for range n {
		var b strings.Builder
		for i, k := 0, 20+r.IntN(maxLen); i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.FormatUint(1+r.Uint64N(uint64(1)<<(1+r.IntN(32))-1), 10))
		}
		if r.IntN(4) == 0 {
			b.WriteString(" (MODSEQ 98765)")
		}
		ins = append(ins, b.String())
	}
	return ins
}

func numberListInputs() []string {
	r := rand.New(rand.NewPCG(3, 4))
	var out []string
	num := func(digits int) string {
		var b strings.Builder
		for i := 0; i < digits; i++ {
			c := byte('0' + r.IntN(10))
			if i == 0 && r.IntN(8) != 0 {
				c = byte('1' + r.IntN(9))
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	odd := []byte{'0', '9', ' ', '\r', '\n', '(', ')', ':', ',', '*', 'x', 0, 0x80, 0xb0, 0x2f, 0x3a, 0x10, 0x29}
	// list draws a run of lo to lo+span-1 numbers of at most 1 to
	// maxDigits digits, a sixth of them ended by "(MODSEQ 12345)", and
	// mutates it.
	list := func(maxDigits, lo, span int) string {
		var b strings.Builder
		maxLen := 1 + r.IntN(maxDigits)
		for i, k := 0, lo+r.IntN(span); i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(num(1 + r.IntN(maxLen)))
		}
		if r.IntN(6) == 0 {
			b.WriteString(" (MODSEQ 12345)")
		}
		return string(mutateOdd(r, []byte(b.String()), odd))
	}
	for range 4000 {
		out = append(out, list(11, 1, 40))
	}
	// Runs of several windows of 64 octets (searchWindows, numWindows),
	// mostly of numbers of one to ten digits, mutated likewise.
	for range 1500 {
		out = append(out, list(10, 40, 200))
	}
	out = append(out, "4294967295 4294967296", "1 4294967295", "1 4294967296", "1 9999999999 2",
		"1 0000000001 2", "1 00000000000000000001 2", "1 2  3", "1 2 ", "1 2 3 0 4")
	// The same faults at the boundaries of the first windows: the
	// windows start at the first SP, after "12".
	for _, at := range []int{63, 64, 65, 127, 128, 129} {
		for _, fault := range []string{" 0", "  ", " 1234567890", " 4294967296", " 123456789", "x", " 00000001"} {
			var b strings.Builder
			b.WriteString("12")
			for b.Len() < at+2 {
				b.WriteString(" 7")
			}
			s := b.String()[:at+2]
			s = strings.TrimRight(s, " ") + fault
			for i := 0; i < 40; i++ {
				s += " 4567"
			}
			out = append(out, s)
		}
	}
	return out
}

// TestSearchDataMatchesByteLoop holds searchData, whose common case reads
// a word at a time, to the byte loop it replaced: same error (offset,
// text), same end position and same violations, strict and lenient, with
// MaxArgs at and around the number of numbers.
func TestSearchDataMatchesByteLoop(t *testing.T) {
	for _, in := range numberListInputs() {
		b := []byte(in + "\r\n")
		count := strings.Count(in, " ") + 1
		for _, maxArgs := range []int{DefaultMaxArgs, count, count - 1, count - 5, 1, 3, 9} {
			if maxArgs < 1 {
				continue
			}
			lim := Limits{MaxArgs: maxArgs}.Resolved()
			for _, lenient := range []bool{false, true} {
				run := func(f func(*scanner) error) string {
					s := newScanner(b, 100, &lim)
					s.lenient = lenient
					var vs violations
					s.vs = &vs
					err := f(&s)
					return fmt.Sprintf("err=%v p=%d viol=%v", err, s.p, vs.list[:min(vs.n, MaxViolations)])
				}
				if got, want := run(searchData), run(refSearchData); got != want {
					t.Fatalf("%q max %d lenient %v:\n got %s\nwant %s", b, maxArgs, lenient, got, want)
				}
			}
		}
	}
}

// TestNumIterMatchesByteLoop holds NumIter to the byte loop it replaced,
// on validated and on hand-built bytes.
func TestNumIterMatchesByteLoop(t *testing.T) {
	for _, in := range numberListInputs() {
		for _, b := range [][]byte{[]byte(in), []byte(" " + in), []byte(in + "  ")} {
			it := NumIter{b: b}
			var got []uint32
			for it.Next() {
				got = append(got, it.Number())
			}
			if want := refNumbers(b); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%q: got %v, want %v", b, got, want)
			}
		}
	}
}

// refSeqSet is scanner.seqSet as it was before its word-at-a-time part.
func refSeqSet(s *scanner, star, dollar bool) (SeqSet, error) {
	start := s.p
	if dollar && s.eat('$') {
		return SeqSet{Raw: s.b[start:s.p]}, nil
	}
	b, p := s.b, s.p
	n := 0
	for {
		for k := 0; k < 2; k++ {
			if p < len(b) && b[p] == '*' {
				if !star {
					return SeqSet{}, s.errAt(p, "nz-number (no \"*\" in a uid-set)")
				}
				p++
			} else {
				at := p
				var nz byte
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
		if n > s.lim.MaxArgs {
			return SeqSet{}, s.errLimit(p, "sequence set within MaxArgs")
		}
		if p >= len(b) || b[p] != ',' {
			s.p = p
			return SeqSet{Raw: b[start:p]}, nil
		}
		p++
	}
}

// refRanges walks b as SeqIter did before its word-at-a-time part.
func refRanges(b []byte) []SeqRange {
	var out []SeqRange
	p := 0
	num := func() (uint32, bool) {
		if p < len(b) && b[p] == '*' {
			p++
			return SeqStar, true
		}
		n, q, ok := readNumber(b, p)
		p = q
		return n, ok && n != 0
	}
	for p < len(b) {
		if p > 0 {
			if b[p] != ',' {
				break
			}
			p++
		}
		first, ok := num()
		if !ok {
			break
		}
		last := first
		if p < len(b) && b[p] == ':' {
			p++
			if last, ok = num(); !ok {
				break
			}
		}
		out = append(out, SeqRange{First: first, Last: last})
	}
	return out
}

// seqSetInputs returns sequence sets: well-formed ones with numbers of
// every length, "*" and "$", and the same with one octet changed, an octet
// inserted or removed, or the end cut.
func seqSetInputs() []string {
	r := rand.New(rand.NewPCG(5, 6))
	var out []string
	num := func() string {
		if r.IntN(20) == 0 {
			return "*"
		}
		digits := 1 + r.IntN(1+r.IntN(11))
		var b strings.Builder
		for i := 0; i < digits; i++ {
			c := byte('0' + r.IntN(10))
			if i == 0 && r.IntN(8) != 0 {
				c = byte('1' + r.IntN(9))
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	odd := []byte{'0', '9', ' ', '\r', ':', ',', '*', '$', 'x', 0, 0x80, 0xba, 0x2c, 0x3a, 0x2f}
	for range 4000 {
		var b strings.Builder
		// Up to 30 ranges, or a long run for seqWindows' windows of
		// 64 octets.
		k := 1 + r.IntN(30)
		if r.IntN(4) == 0 {
			k = 1 + r.IntN(300)
		}
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(num())
			if r.IntN(2) == 0 {
				b.WriteByte(':')
				b.WriteString(num())
			}
		}
		s := []byte(b.String())
		out = append(out, string(mutateOdd(r, s, odd)))
	}
	return append(out, "$", "1:2:3,4", "1,,2", "1:4294967295,2", "1:4294967296,2", "12345,1:0,3")
}

// TestSeqSetMatchesByteLoop holds seqSet, whose common case reads a word
// per number, to the byte loop it replaced, and SeqIter to its old walk,
// on validated and on hand-built bytes.
func TestSeqSetMatchesByteLoop(t *testing.T) {
	for _, in := range seqSetInputs() {
		b := []byte(in + " UID\r\n")
		count := strings.Count(in, ",") + 1
		for _, maxArgs := range []int{DefaultMaxArgs, count, count - 1, count - 4, 1, 2} {
			if maxArgs < 1 {
				continue
			}
			lim := Limits{MaxArgs: maxArgs}.Resolved()
			for _, mode := range [][2]bool{{true, true}, {false, false}, {true, false}} {
				run := func(f func(*scanner, bool, bool) (SeqSet, error)) string {
					s := newScanner(b, 7, &lim)
					set, err := f(&s, mode[0], mode[1])
					return fmt.Sprintf("set=%q err=%v p=%d", set.Raw, err, s.p)
				}
				got := run(func(s *scanner, star, dollar bool) (SeqSet, error) { return s.seqSet(star, dollar) })
				if want := run(refSeqSet); got != want {
					t.Fatalf("%q max %d star/dollar %v:\n got %s\nwant %s", b, maxArgs, mode, got, want)
				}
			}
		}
		for _, raw := range []string{in, in + ",", in + " 1:2,3"} {
			var got []SeqRange
			it := SeqSet{Raw: []byte(raw)}.Ranges()
			for it.Next() {
				got = append(got, it.Range())
			}
			if want := refRanges([]byte(raw)); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%q: ranges %v, want %v", raw, got, want)
			}
		}
	}
}

// TestNumIterBatchMatchesByteLoop holds the numbers of validated SEARCH and
// SORT responses, which NumIter decodes a window at a time, to the byte
// loop, strict and lenient, with runs long enough for several windows;
// and walks such responses after their bytes were changed, which must end
// without a panic.
func TestNumIterBatchMatchesByteLoop(t *testing.T) {
	ins := numberListInputs()
	r := rand.New(rand.NewPCG(5, 6))
	ins = appendNumberRuns(ins, r, 300, 400)
	batches := 0
	for _, in := range ins {
		for _, name := range []string{"SEARCH", "SORT"} {
			for _, lenient := range []bool{false, true} {
				raw := []byte("* " + name + " " + in + "\r\n")
				var resp Response
				if NewParser(Options{Lenient: lenient}).ParseResponse(raw, &resp) != nil {
					continue
				}
				it := resp.SearchNumbers()
				if it.run >= numWindow+8 {
					batches++
				}
				var got []uint32
				for it.Next() {
					got = append(got, it.Number())
				}
				if want := refNumbers(resp.Data); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%q lenient=%v: got %v, want %v", raw, lenient, got, want)
				}
				// Bytes changed after validation: anything but a panic
				// or an endless walk.
				for k := 0; k < 4 && len(resp.Data) > 0; k++ {
					const odd = "0 x(\x00\xff"
					resp.Data[r.IntN(len(resp.Data))] = odd[r.IntN(len(odd))]
				}
				it = resp.SearchNumbers()
				for i := 0; it.Next(); i++ {
					if i > len(resp.Data) {
						t.Fatalf("%q: more numbers than octets", resp.Data)
					}
				}
			}
		}
	}
	if batches < 100 {
		t.Fatalf("only %d inputs long enough for a batch", batches)
	}
}

// mutateOdd leaves s as it is (one time in five) or mutates it once:
// an octet replaced by one of odd, one of odd inserted, an octet deleted,
// or s cut short.
func mutateOdd(r *rand.Rand, s, odd []byte) []byte {
	switch r.IntN(5) {
	case 1:
		s[r.IntN(len(s))] = odd[r.IntN(len(odd))]
	case 2:
		i := r.IntN(len(s) + 1)
		s = append(s[:i], append([]byte{odd[r.IntN(len(odd))]}, s[i:]...)...)
	case 3:
		i := r.IntN(len(s))
		s = append(s[:i], s[i+1:]...)
	case 4:
		s = s[:r.IntN(len(s)+1)]
	}
	return s
}

// batchNumbers walks it with NextBatch and a dst of size numbers, and
// fails t unless every batch but the last holds 1 to size numbers and the
// calls after the end keep returning 0.
func batchNumbers(t *testing.T, it NumIter, size int) []uint32 {
	t.Helper()
	var out []uint32
	dst := make([]uint32, size)
	for {
		k := it.NextBatch(dst)
		if k < 0 || k > size {
			t.Fatalf("NextBatch(%d) returned %d", size, k)
		}
		if k == 0 {
			break
		}
		out = append(out, dst[:k]...)
	}
	if k := it.NextBatch(dst); k != 0 || it.Next() {
		t.Fatalf("NextBatch(%d) after the end: %d numbers, Next %v", size, k, it.Next())
	}
	return out
}

// mixedNumbers walks it alternating Next and NextBatch(size), so that
// NextBatch starts with numbers that Next decoded and has not handed out.
func mixedNumbers(it NumIter, size int) []uint32 {
	var out []uint32
	dst := make([]uint32, size)
	for i := 0; ; i++ {
		if i%2 == 0 {
			if !it.Next() {
				return out
			}
			out = append(out, it.Number())
			continue
		}
		k := it.NextBatch(dst)
		if k == 0 {
			return out
		}
		out = append(out, dst[:k]...)
	}
}

// TestNumIterNextBatch checks the numbers NextBatch gives for SEARCH and
// SORT responses, with batches smaller and larger than a window's.
func TestNumIterNextBatch(t *testing.T) {
	long := func(n int, f func(i int) uint32) (string, []uint32) {
		var b strings.Builder
		var want []uint32
		for i := 0; i < n; i++ {
			v := f(i)
			b.WriteString(" ")
			b.WriteString(strconv.FormatUint(uint64(v), 10))
			want = append(want, v)
		}
		return b.String(), want
	}
	type row struct {
		in      string
		lenient bool
		want    []uint32
	}
	rows := []row{
		{"* SEARCH\r\n", false, nil},
		{"* SEARCH 2 84 882\r\n", false, []uint32{2, 84, 882}},
		{"* SORT 5 3 (MODSEQ 917162500)\r\n", false, []uint32{5, 3}},
		{"* SEARCH 7 8 \r\n", true, []uint32{7, 8}},
		{"* SEARCH 4294967295 1 99999999 100000000 123456789 007\r\n", false, []uint32{4294967295, 1, 99999999, 100000000, 123456789, 7}},
	}
	// Runs of several windows: short and eight-digit numbers, numbers
	// of nine and ten digits among them (which the windows leave to
	// Next), and a MODSEQ after the run.
	for _, f := range []func(int) uint32{
		func(i int) uint32 { return uint32(i*3 + 1) },
		func(i int) uint32 { return uint32(i + 1) },
		func(i int) uint32 { return uint32(10000000 + i*7919%90000000) },
		func(i int) uint32 { return []uint32{1, 22, 333, 4444, 55555, 666666, 7777777, 88888888}[i%8] },
		func(i int) uint32 {
			if i%37 == 5 {
				return 4294967295 - uint32(i)
			}
			return uint32(i*101 + 1)
		},
	} {
		s, want := long(700, f)
		rows = append(rows, row{"* SEARCH" + s + "\r\n", false, want},
			row{"* SORT" + s + " (MODSEQ 1)\r\n", false, want}, row{"* SEARCH" + s + " \r\n", true, want})
	}
	for _, c := range rows {
		var r Response
		if err := NewParser(Options{Lenient: c.lenient}).ParseResponse([]byte(c.in), &r); err != nil {
			t.Fatalf("%.60q: %v", c.in, err)
		}
		for _, size := range []int{1, 2, 3, 31, 32, 33, 64, 100, 4096} {
			if got := batchNumbers(t, r.SearchNumbers(), size); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("%.60q NextBatch(%d):\n got %v\nwant %v", c.in, size, got, c.want)
			}
			if got := mixedNumbers(r.SearchNumbers(), size); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("%.60q Next and NextBatch(%d):\n got %v\nwant %v", c.in, size, got, c.want)
			}
		}
	}
}

// TestNumIterNextBatchMatchesNext holds NextBatch to Next on the inputs of
// the word-at-a-time tests and on long random runs, strict and lenient,
// validated and hand-built; and walks validated responses whose bytes were
// changed afterwards, which must end without a panic.
func TestNumIterNextBatchMatchesNext(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ins := numberListInputs()
	ins = appendNumberRuns(ins, r, 300, 600)
	sizes := []int{1, 5, 32, 33, 64, 200}
	windows := 0
	for _, in := range ins {
		for _, name := range []string{"SEARCH", "SORT"} {
			for _, lenient := range []bool{false, true} {
				raw := []byte("* " + name + " " + in + "\r\n")
				var resp Response
				if NewParser(Options{Lenient: lenient}).ParseResponse(raw, &resp) != nil {
					continue
				}
				var want []uint32
				for it := resp.SearchNumbers(); it.Next(); {
					want = append(want, it.Number())
				}
				if it := resp.SearchNumbers(); it.run >= 8+numWindow {
					windows++
				}
				size := sizes[r.IntN(len(sizes))]
				if got := batchNumbers(t, resp.SearchNumbers(), size); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%q lenient=%v NextBatch(%d):\n got %v\nwant %v", raw, lenient, size, got, want)
				}
				if got := mixedNumbers(resp.SearchNumbers(), size); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%q lenient=%v mixed NextBatch(%d):\n got %v\nwant %v", raw, lenient, size, got, want)
				}
				// Bytes changed after validation: anything but a panic
				// or an endless walk.
				for k := 0; k < 4 && len(resp.Data) > 0; k++ {
					const odd = "0 x(\x00\xff9"
					resp.Data[r.IntN(len(resp.Data))] = odd[r.IntN(len(odd))]
				}
				it := resp.SearchNumbers()
				var dst [64]uint32
				for n := 0; ; n++ {
					k := it.NextBatch(dst[:1+r.IntN(64)])
					if k == 0 {
						break
					}
					if n > len(resp.Data) {
						t.Fatalf("%q: more batches than octets", resp.Data)
					}
				}
			}
		}
		for _, b := range []string{in, " " + in, in + "  "} {
			want := refNumbers([]byte(b))
			if got := batchNumbers(t, NumIter{b: []byte(b)}, 64); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("hand-built %q: got %v, want %v", b, got, want)
			}
		}
	}
	if windows < 200 {
		t.Fatalf("only %d inputs long enough for a window", windows)
	}
}

// TestNumIterNextBatchAllocs: walking a SEARCH response through NextBatch
// allocates nothing.
func TestNumIterNextBatchAllocs(t *testing.T) {
	var p Parser
	var r Response
	if err := p.ParseResponse(searchResponse(), &r); err != nil {
		t.Fatal(err)
	}
	sum := uint32(0)
	allocs := testing.AllocsPerRun(20, func() {
		var buf [64]uint32
		it := r.SearchNumbers()
		for k := it.NextBatch(buf[:]); k > 0; k = it.NextBatch(buf[:]) {
			for _, v := range buf[:k] {
				sum += v
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per walk, want 0", allocs)
	}
	if sum == 0 {
		t.Error("no numbers walked")
	}
}

// FuzzNextBatch holds NextBatch to Next on "* SEARCH " + data, strict and
// lenient, with a batch of 1 to 256 numbers, and on data as a hand-built
// iterator.
func FuzzNextBatch(f *testing.F) {
	seeds := []string{"0", "1", "007 10", "4294967295", "4294967296", "1 4294967295 2", "1 2 ", "1 2  3",
		"1 2 (MODSEQ 5)", "1 2 (MODSEQ 5) ", "99999999 100000000 123456789 9", "1 00000000000000000001 2"}
	var b strings.Builder
	for i := 1; i < 400; i++ {
		b.WriteString(strconv.Itoa(i * 997 % 123456789))
		b.WriteByte(' ')
	}
	seeds = append(seeds, b.String()+"1", b.String()+"1 (MODSEQ 77)", b.String()+"1234567890 1")
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i*37))
	}
	kernelsOn := useAVX2
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		n := 1 + int(size)
		for _, lenient := range []bool{false, true} {
			var r Response
			if NewParser(Options{Lenient: lenient}).ParseResponse([]byte("* SEARCH "+string(data)+"\r\n"), &r) != nil {
				continue
			}
			var want []uint32
			for it := r.SearchNumbers(); it.Next(); {
				want = append(want, it.Number())
			}
			if got := batchNumbers(t, r.SearchNumbers(), n); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("lenient=%v NextBatch(%d):\n got %v\nwant %v", lenient, n, got, want)
			}
			// The same with the assembly kernels off (see
			// TestNumKernelMatchesPortable).
			setKernels(t, false)
			got := batchNumbers(t, r.SearchNumbers(), n)
			useAVX2 = kernelsOn
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("lenient=%v NextBatch(%d) without kernels:\n got %v\nwant %v", lenient, n, got, want)
			}
		}
		want := refNumbers(data)
		if got := batchNumbers(t, NumIter{b: data}, n); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("hand-built NextBatch(%d):\n got %v\nwant %v", n, got, want)
		}
	})
}
