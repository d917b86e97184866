package parser

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// This file holds the kernels of seq_amd64.s (and the portable loops they
// stand in front of) to systematic hostile inputs rather than random ones:
// every fault token written at every offset of sets whose windows of 64
// octets start at the set's start or at a ",", with the numbers at their
// edges, through the public results (ParseResponse's accept or reject,
// its error and offset, every NextBatch with every dst size), with the
// kernels on and off and against an independent reference.

// advNumbers are the numbers whose digits the kernels convert or decline
// at an edge: 8 digits (the most a kernel converts), 9 and 10 (the
// portable loops'), the largest 32-bit number and the first past it,
// leading zeros, and zero.
var advNumbers = []string{
	"1", "9", "10", "99999999", "100000000", "123456789", "999999999", "1000000000",
	"4294967295", "4294967296", "9999999999", "12345678901", "01", "00000001", "000000001", "0", "00",
}

// advFaults are written into sets and runs at every offset: octets that
// are no digit or separator (NUL, 0x80, 0xff, "x", SP), doubled and stray
// separators, "*", "$", a third number in a range, and the numbers above.
var advFaults = append([]string{
	"x", "\x00", "\x80", "\xff", " ", ",", ":", ",,", "::", ",:", ":,", "*", "$", "1:2:3", "*:*", "(", ")",
}, advNumbers...)

// advUnits returns the ranges that the base sets repeat: single numbers
// and "a:b" ranges of one to ten digits, and the edge numbers alone, in
// ranges and beside "*".
func advUnits() []string {
	var units []string
	for d := 1; d <= 10; d++ {
		n := strings.Repeat("7", d)
		units = append(units, n, n+":"+n[:1+d/2], "1:"+n)
	}
	for _, n := range advNumbers {
		units = append(units, n, n+":1", "2:"+n)
	}
	return append(units, "*", "*:3", "3:*")
}

// advSets returns the sequence sets of the systematic tests: for each
// unit, the unit repeated to 200 octets, cut to the lengths around one,
// two and three windows (and ending in a separator), and with each fault
// written over, or in front of, every offset up to 140 (the faults taken
// in turn, so that each offset meets several).
func advSets() []string {
	var out []string
	units := advUnits()
	for ui, u := range units {
		base := strings.Repeat(u+",", 200/(len(u)+1)+1)
		base = base[:len(base)-1]
		for _, n := range []int{1, 2, 7, 8, 9, 31, 32, 33, 63, 64, 65, 72, 73, 127, 128, 129, 191, 192, 193} {
			if n <= len(base) {
				out = append(out, base[:n])
			}
		}
		// A set of two, three or four windows and one more octet, so that
		// the last range starts in a window that does not fit.
		for _, n := range []int{129, 193, 257} {
			if n <= len(base) {
				out = append(out, base[:n-1]+"1")
			}
		}
		// Every offset for a third of the units, every third for the
		// rest (from a different start), to keep the test quick.
		step := 1
		if ui%3 != 0 {
			step = 3
		}
		for at := ui % step; at < 140 && at < len(base); at += step {
			f := advFaults[(at*7+ui)%len(advFaults)]
			if (at+ui)%2 == 0 {
				out = append(out, base[:at]+f+base[min(len(base), at+len(f)):])
			} else {
				out = append(out, base[:at]+f+base[at:])
			}
		}
	}
	return out
}

// advRefSet parses set by RFC 9051's sequence-set (star) or uid-set rules
// with strconv (leading zeros allowed, as the parser allows them), as a check that shares no code with the parser: it returns
// the ranges, or false when set is not well formed.
func advRefSet(set string, star bool) ([]SeqRange, bool) {
	num := func(s string) (uint32, bool) {
		if s == "*" {
			return SeqStar, star
		}
		// The parser takes leading zeros ("007"), as Dovecot does;
		// the value must not be 0.
		if s == "" {
			return 0, false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
		}
		v, err := strconv.ParseUint(s, 10, 32)
		return uint32(v), err == nil && v != 0
	}
	var out []SeqRange
	for _, r := range strings.Split(set, ",") {
		a, b, colon := strings.Cut(r, ":")
		first, ok := num(a)
		if !ok {
			return nil, false
		}
		last := first
		if colon {
			if last, ok = num(b); !ok {
				return nil, false
			}
		}
		out = append(out, SeqRange{First: first, Last: last})
	}
	return out, true
}

// advKernels is setKernels for a test that flips the kernels many times:
// one Cleanup restores them, and the function it returns turns them on
// (where the processor has them) or off.
func advKernels(t *testing.T) func(on bool) {
	orig := useAVX2
	t.Cleanup(func() { useAVX2 = orig })
	return func(on bool) { useAVX2 = on && orig }
}

// advParseResponse renders ParseResponse's result for in: the error
// (offset, expected, found) or the response's fields.
func advParseResponse(in []byte, lenient bool) string {
	var r Response
	if err := NewParser(Options{Lenient: lenient}).ParseResponse(in, &r); err != nil {
		return "err " + err.Error()
	}
	return summary(&r)
}

// advParseCommand renders ParseCommand's result for in.
func advParseCommand(in []byte) string {
	var c Command
	if err := NewParser(Options{}).ParseCommand(in, &c); err != nil {
		return "err " + err.Error()
	}
	return fmt.Sprintf("seq=%q", c.Seq.Raw)
}

// advSentinel fills the ranges and numbers past what a kernel may write.
const advSentinel = 0xdeadbeef

// advWalkSizes are the dst sizes of the batch walks: the smallest, one
// around a window's ranges and numbers (32), one around the kernels'
// limit of 64 a call, and larger.
var advWalkSizes = []int{1, 2, 3, 31, 32, 33, 63, 64, 65}

// TestSeqSetsAdversarial runs advSets through every place a response or a
// command carries a sequence set, and through the batch walk with every
// dst size, with the kernels on and off: the same accept or reject, error
// offset and message, and ranges; and the ranges those of advRefSet.
func TestSeqSetsAdversarial(t *testing.T) {
	sets := advSets()
	kernels := advKernels(t)
	places := []struct {
		name       string
		pre, post  string
		command    bool
		star, uids bool // whether the place takes "*"
	}{
		{name: "ESEARCH ALL", pre: "* ESEARCH (TAG \"a\") UID ALL ", post: "\r\n"},
		{name: "ESEARCH ALL then COUNT", pre: "* ESEARCH (TAG \"a\") ALL ", post: " COUNT 3\r\n"},
		{name: "VANISHED", pre: "* VANISHED (EARLIER) ", post: "\r\n"},
		{name: "COPYUID", pre: "a OK [COPYUID 7 ", post: " 1:2] done\r\n"},
		{name: "UID FETCH", pre: "a UID FETCH ", post: " (FLAGS)\r\n", command: true, star: true},
		{name: "STORE", pre: "a STORE ", post: " +FLAGS (\\Seen)\r\n", command: true, star: true},
	}
	var walks int
	for i, set := range sets {
		for _, pl := range places {
			in := []byte(pl.pre + set + pl.post)
			run := func(on bool) string {
				kernels(on)
				if pl.command {
					return advParseCommand(in)
				}
				return advParseResponse(in, i%2 == 1)
			}
			if got, want := run(true), run(false); got != want {
				t.Fatalf("%s %q: kernels give\n%s\nportable code\n%s", pl.name, in, got, want)
			}
		}
		// The set alone, strict, with MaxArgs at the set's ranges and
		// around them (the kernels count their ranges against it).
		count := strings.Count(set, ",") + 1
		for _, maxArgs := range []int{count, count - 1, 32, 1} {
			lim := Limits{MaxArgs: max(1, maxArgs)}.Resolved()
			b := []byte(set)
			run := func(on bool) string {
				kernels(on)
				s := newScanner(b, 0, &lim)
				got, err := s.seqSet(true, true)
				return fmt.Sprintf("set=%q err=%v p=%d", got.Raw, err, s.p)
			}
			if got, want := run(true), run(false); got != want {
				t.Fatalf("%q MaxArgs %d: kernels give\n%s\nportable code\n%s", set, lim.MaxArgs, got, want)
			}
		}
		// The batch walk of the set as a hand-built SeqSet (well formed
		// or not: it stops where Next stops), every dst size.
		var want []SeqRange
		for it := (SeqSet{Raw: []byte(set)}).Ranges(); it.Next(); {
			want = append(want, it.Range())
		}
		for _, on := range []bool{true, false} {
			kernels(on)
			for _, size := range advWalkSizes {
				if got := walkBatch(t, []byte(set), size); !slices.Equal(got, want) {
					t.Fatalf("%q kernels %v NextBatch(%d):\n got %v\nwant %v", set, on, size, got, want)
				}
				walks++
			}
		}
		// A set ParseSeqSet accepts has advRefSet's ranges, and the
		// reference accepts exactly what ParseSeqSet does.
		_, err := ParseSeqSet([]byte(set))
		ref, ok := advRefSet(set, true)
		if (err == nil) != ok && !strings.HasPrefix(set, "$") {
			t.Fatalf("%q: ParseSeqSet error %v, reference accepts: %v", set, err, ok)
		}
		if ok && !slices.Equal(want, ref) {
			t.Fatalf("%q: Next gives %v, reference %v", set, want, ref)
		}
	}
	if len(sets) < 3000 || walks < 50000 {
		t.Fatalf("only %d sets, %d walks", len(sets), walks)
	}
}

// advRuns returns the SEARCH runs of the systematic tests: numbers of one
// to ten digits and the edge numbers, repeated to 200 octets, cut around
// one to three windows, and with a fault written over or in front of every
// offset up to 140.
func advRuns() []string {
	var units []string
	for d := 1; d <= 11; d++ {
		units = append(units, strings.Repeat("8", d))
	}
	units = append(units, advNumbers...)
	units = append(units, "1 22 333 4444 55555 666666 7777777 88888888 999999999")
	faults := []string{"x", "\x00", "\x80", "\xff", " ", "  ", "0", "00", " 0", "(", ")", "(MODSEQ 5)", " (MODSEQ 5)",
		"99999999", "100000000", "4294967295", "4294967296", "1234567890", "12345678901", "01", ",", ":"}
	var out []string
	for ui, u := range units {
		base := strings.Repeat(u+" ", 200/(len(u)+1)+1)
		base = base[:len(base)-1]
		for _, n := range []int{1, 2, 8, 9, 63, 64, 65, 66, 127, 128, 129, 130, 191, 192, 193} {
			if n <= len(base) {
				out = append(out, base[:n], base[:n]+" (MODSEQ 12)")
			}
		}
		for at := 0; at < 140 && at < len(base); at++ {
			f := faults[(at*5+ui)%len(faults)]
			if (at+ui)%2 == 0 {
				out = append(out, base[:at]+f+base[min(len(base), at+len(f)):])
			} else {
				out = append(out, base[:at]+f+base[at:])
			}
		}
	}
	return out
}

// refNumbersOf returns the numbers of a well-formed SEARCH run, with
// strconv (and "(MODSEQ n)" left off).
func refNumbersOf(run string) []uint32 {
	if i := strings.IndexByte(run, '('); i >= 0 {
		run = run[:i]
	}
	var out []uint32
	for _, f := range strings.Fields(run) {
		v, err := strconv.ParseUint(f, 10, 32)
		if err != nil {
			return nil
		}
		out = append(out, uint32(v))
	}
	return out
}

// TestSearchRunsAdversarial runs advRuns through SEARCH and SORT,
// strict and lenient, with the kernels on and off: the same accept or
// reject, error and data; every NextBatch size gives Next's numbers with
// the kernels on and off, and those are the reference's.
func TestSearchRunsAdversarial(t *testing.T) {
	runs := advRuns()
	kernels := advKernels(t)
	walks := 0
	for i, run := range runs {
		for _, name := range []string{"SEARCH", "SORT"} {
			lenient := i%2 == 1
			in := []byte("* " + name + " " + run + "\r\n")
			parse := func(on bool) string {
				kernels(on)
				return advParseResponse(in, lenient)
			}
			if got, want := parse(true), parse(false); got != want {
				t.Fatalf("%q lenient=%v: kernels give\n%s\nportable code\n%s", in, lenient, got, want)
			}
			var r Response
			if NewParser(Options{Lenient: lenient}).ParseResponse(in, &r) != nil {
				continue
			}
			var want []uint32
			for it := r.SearchNumbers(); it.Next(); {
				want = append(want, it.Number())
			}
			if ref := refNumbersOf(run); !lenient && !slices.Equal(ref, want) {
				t.Fatalf("%q: Next gives %v, reference %v", in, want, ref)
			}
			for _, on := range []bool{true, false} {
				kernels(on)
				for _, size := range advWalkSizes {
					if got := batchNumbers(t, r.SearchNumbers(), size); !slices.Equal(got, want) {
						t.Fatalf("%q kernels %v NextBatch(%d):\n got %v\nwant %v", in, on, size, got, want)
					}
					walks++
				}
			}
		}
	}
	if len(runs) < 3000 || walks < 30000 {
		t.Fatalf("only %d runs, %d walks", len(runs), walks)
	}
}

// TestSeqNextBatchLongDigits walks hand-built sets with runs of digits
// from one octet to a few thousand (no separator for many windows) with
// NextBatch, kernels on and off: the same ranges as Next, nothing
// written past dst. (seqreview finding 3: the decode kernel wrote past its
// scratch into the stack on such runs.)
func TestSeqNextBatchLongDigits(t *testing.T) {
	kernels := advKernels(t)
	var buf [70]SeqRange
	for _, pre := range []string{"1234567,", "1,2,3,4,5,6,7,8,9,10:11,", "1,2,3,4,5,6,7,8,9,10:"} {
		for _, n := range []int{9, 10, 63, 64, 65, 128, 129, 64 * 140, 64*200 + 3} {
			for _, post := range []string{"", ",1", ":1,2", strings.Repeat(",7", 70)} {
				raw := []byte(pre + strings.Repeat("9", n) + post)
				var want []SeqRange
				for it := (SeqSet{Raw: raw}).Ranges(); it.Next(); {
					want = append(want, it.Range())
				}
				for _, on := range []bool{true, false} {
					kernels(on)
					for _, size := range []int{1, 3, 64, 65} {
						for i := size; i < len(buf); i++ {
							buf[i] = SeqRange{advSentinel, advSentinel}
						}
						var got []SeqRange
						it := SeqSet{Raw: raw}.Ranges()
						for k := it.NextBatch(buf[:size]); k > 0; k = it.NextBatch(buf[:size]) {
							got = append(got, buf[:k]...)
						}
						if !slices.Equal(got, want) {
							t.Fatalf("%q... kernels %v NextBatch(%d): %v, want %v", raw[:40], on, size, got, want)
						}
						for i := size; i < len(buf); i++ {
							if buf[i] != (SeqRange{advSentinel, advSentinel}) {
								t.Fatalf("%q... NextBatch(%d) wrote dst[%d]", raw[:40], size, i)
							}
						}
					}
				}
			}
		}
	}
}
