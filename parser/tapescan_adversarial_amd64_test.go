//go:build amd64 && !purego

package parser

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestTapeEntryLayout holds tapeEntry to the layout tapescan_amd64.s
// writes and reads (16 octets an entry: off at 0, end at 4, next at 8,
// form at 12, one octet), which no compile-time check in the Go file
// covers: a field added or widened would have the kernel write entries
// at the wrong places.
func TestTapeEntryLayout(t *testing.T) {
	typ := reflect.TypeOf(tapeEntry{})
	if typ.Size() != 16 {
		t.Fatalf("tapeEntry is %d octets; tapescan_amd64.s steps 16", typ.Size())
	}
	for _, f := range []struct {
		name       string
		off, bytes uintptr
	}{{"off", 0, 4}, {"end", 4, 4}, {"next", 8, 4}, {"form", 12, 1}} {
		sf, ok := typ.FieldByName(f.name)
		if !ok || sf.Offset != f.off || sf.Type.Size() != f.bytes {
			t.Errorf("tapeEntry.%s: want %d octets at %d as tapescan_amd64.s has it (got %+v)", f.name, f.bytes, f.off, sf)
		}
	}
}

// TestTapeScanKernelChecksItsArguments calls the kernel outside
// tapeScanAny's promises (p from 1 to len(b), n below maxListSpans-1, cur
// below n, st below shapeStates), with nil, empty, short and long b, on
// a record inside a larger array: it refuses a start past b's end or a
// full record without writing the record, and whatever it is given it
// writes only inside the record it is passed (the entries around it stay
// as they were). Starts before b are TestTapeScanKernelNegativeStart's
// (they need an unreadable page before b).
func TestTapeScanKernelChecksItsArguments(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	val := `("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)` + strings.Repeat(" ", 70)
	var big, fill [maxListSpans + 2]tapeEntry
	tapeFill((*[maxListSpans]tapeEntry)(fill[:maxListSpans]))
	fill[maxListSpans], fill[maxListSpans+1] = fill[0], fill[1]
	sp := (*[maxListSpans]tapeEntry)(big[1 : maxListSpans+1])
	fill[1] = tapeEntry{off: 1, end: 99 << 8, next: -1, form: FormList} // sp[0], as tapeOpen writes it
	reset := func() { big = fill }
	for _, b := range [][]byte{nil, {}, []byte(val[:1]), []byte(val[:39]), []byte(val[:64]), []byte(val)} {
		for _, p := range []int{len(b) + 1, len(b) + 2, len(b) + 64, len(b) + 65, math.MaxInt64} {
			reset()
			if end, n := tapeScanAVX2(b, p, sp, 1, 0, stBodyStart); end != -1 || n != 0 {
				t.Errorf("%d octets from %d: %d, %d; want -1, 0", len(b), p, end, n)
			}
			if big != fill {
				t.Errorf("%d octets from %d: the record was written", len(b), p)
			}
		}
	}
	b := []byte(val)
	for _, n := range []int{-1, maxListSpans - 1, maxListSpans, maxListSpans + 1, 1 << 40, math.MinInt64, math.MaxInt64} {
		reset()
		if end, cnt := tapeScanAVX2(b, 1, sp, n, 0, stBodyStart); end != -1 || cnt != 0 {
			t.Errorf("n %d: %d, %d; want -1, 0", n, end, cnt)
		}
		if big != fill {
			t.Errorf("n %d: the record was written", n)
		}
	}
	// cur and st out of range, and n at the record's last free entry:
	// whatever comes of it, only the record is written.
	for _, cur := range []int{-1, 1, 2, maxListSpans - 1, maxListSpans, 1 << 40, math.MinInt64} {
		for _, st := range []uint{stBodyStart, stEnvDate, shapeStates, shapeStates + stBodyStart, math.MaxUint64} {
			for _, n := range []int{1, maxListSpans - 2} {
				reset()
				tapeScanAVX2(b, 1, sp, n, cur, st)
				if big[0] != fill[0] || big[maxListSpans+1] != fill[maxListSpans+1] {
					t.Errorf("n %d, cur %d, st %d: wrote outside the record", n, cur, st)
				}
			}
		}
	}
	// The control: the same call within the promises takes the value.
	reset()
	if end, n := tapeScanAVX2(b, 1, sp, 1, 0, stBodyStart); end != 39 || n != 9 {
		t.Errorf("the value itself: %d, %d; want 39, 9", end, n)
	}
}

// TestTapeScanKernelOwnListOnly gives the kernel a cur that is not the
// value's own list as tapeOpen records it (next -1, before n): a list
// entry that names an enclosing list, whose state after it (end's low
// octet) is outside the automaton (229, 165, 101), as only a caller's
// record can hold, or an entry at or past n, which the loop's first
// entry overwrites. Closing such a list would take that octet (or a
// string's end) as the state and index shapeNext with it, up to 191
// octets past the table; the kernel refuses them at its entry and writes
// nothing. A value's own entry with such a state octet is taken: the
// loop ends at its ")" and never uses it.
func TestTapeScanKernelOwnListOnly(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	b := []byte(`("h")("a" NIL "m" "h")) ` + strings.Repeat(" ", 70))
	var sp, want [maxListSpans]tapeEntry
	for _, state := range []int32{stAddrMore, 192 + stAddrMore, 128 + stAddrMore, 64 + stAddrMore} {
		for _, c := range []struct{ n, cur int }{{2, 1}, {2, 2}, {2, 3}, {1, 1}} {
			tapeFill(&sp)
			sp[0] = tapeEntry{off: 0, end: 10 << 8, next: -1, form: FormList}
			sp[1] = tapeEntry{off: 1, end: 10<<8 | state, next: 0, form: FormList}
			sp[2] = tapeEntry{off: 1, end: 10<<8 | state, next: -1, form: FormList}
			want = sp
			if end, n := tapeScanAVX2(b, 1, &sp, c.n, c.cur, stAddrHost); end != -1 || n != 0 {
				t.Errorf("state %d, n %d, cur %d: %d, %d; want -1, 0", state, c.n, c.cur, end, n)
			}
			if sp != want {
				t.Errorf("state %d, n %d, cur %d: refused, but wrote the record", state, c.n, c.cur)
			}
		}
		// The value's own list with that state octet, and an address
		// list inside it closed by ")(".
		tapeFill(&sp)
		sp[0] = tapeEntry{off: 0, end: 10<<8 | state, next: -1, form: FormList}
		v := []byte(`(("h" NIL "m" "h")("a" NIL "m" "h"))` + strings.Repeat(" ", 70))
		if end, n := tapeScanAVX2(v, 1, &sp, 1, 0, stAddrFirst); end != 36 || n != 11 {
			t.Errorf("state %d in the value's own entry: %d, %d; want 36, 11", state, end, n)
		}
	}
}
