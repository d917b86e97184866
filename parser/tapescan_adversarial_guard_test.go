//go:build linux && amd64 && !purego

package parser

import (
	"math"
	"strings"
	"testing"
)

// tapeEdgeValues are values whose last element, of every kind tapeScan
// reads, stands at the value's end: quoted strings with and without the
// octets that stop one (escape, controls, 8-bit, UTF-8), NIL in three
// cases, numbers of 1 to 11 digits, lists, runs of ")" and of ")(" and
// strings of 30 to 200 octets around the kernel's windows (32 and 64
// octets, a tail copy of 64 and then 128), and long values. Every
// prefix of each is a value cut short at its last element.
func tapeEdgeValues() (vals []string, env []bool) {
	add := func(v string, e bool) { vals, env = append(vals, v), append(env, e) }
	envOf := func(last string) string { return `(NIL "s" NIL NIL NIL NIL NIL NIL NIL ` + last + `)` }
	for _, s := range []string{"", "a", "\x01", "a\\\"b", "\r", "\n", "\x00", "\x7f", "\x80\xff", "é", "\x0e\x1f",
		strings.Repeat("q", 30), strings.Repeat("q", 31), strings.Repeat("q", 32), strings.Repeat("q", 33),
		strings.Repeat("q", 63), strings.Repeat("q", 64), strings.Repeat("q", 65), strings.Repeat("q", 40) + "\x01" + strings.Repeat("q", 30),
		strings.Repeat("q", 127), strings.Repeat("q", 128), strings.Repeat("q", 129), strings.Repeat("q", 100) + "\\" + strings.Repeat("q", 90)} {
		add(envOf(`"`+s+`"`), true)
	}
	for _, nil3 := range []string{"NIL", "nil", "NIl", "nIL"} {
		add(envOf(nil3), true)
	}
	for d := 1; d <= 11; d++ {
		add(`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5 `+strings.Repeat("7", d)+`)`, false)
		add(`("IMAGE" "PNG" NIL NIL NIL "BASE64" `+strings.Repeat("9", d)+`)`, false)
	}
	add(`(NIL "s" (("a" NIL "b" "c")("d" NIL "e" "f")) NIL NIL NIL NIL NIL NIL NIL)`, true)
	add(`((("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("TEXT" "HTML" NIL NIL NIL "7BIT" 2 2) "ALTERNATIVE")("IMAGE" "PNG" ("NAME" "x") NIL NIL "BASE64" 9) "MIXED")`, false)
	add(`("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 1 1 NIL ("INLINE" ("FILENAME" "a")) ("EN" "DE") "loc")`, false)
	add(`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)))))))`, false)
	// Long values: their first elements are read from b itself, not the
	// tail copy of its last 128 octets.
	add(`(NIL "`+strings.Repeat("v", 150)+`" (("a" NIL "b" "c")("d" NIL "e" "f")) NIL NIL NIL NIL NIL NIL "`+strings.Repeat("w", 60)+`")`, true)
	add(`("TEXT" "PLAIN" ("CHARSET" "UTF-8" "NAME" "`+strings.Repeat("n", 90)+`") NIL NIL "QUOTED-PRINTABLE" 123456789 12345678 NIL NIL NIL NIL)`, false)
	add(`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "X") "Y")`, false)
	return vals, env
}

// TestTapeScanKernelGuardedEdges runs every prefix of tapeEdgeValues
// flush against an unreadable page after b's end, and starting right
// after one, with the value at b's start and after a few octets, through
// tapeScanAny with the kernels on and through tapeScan, and compares the
// results and the whole records (tapeCompare). A read outside b faults.
func TestTapeScanKernelGuardedEdges(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	setKernels(t, true)
	page := advGuarded(t)
	vals, env := tapeEdgeValues()
	var c tapeComparer
	for i, v := range vals {
		st := uint(stBodyStart)
		if env[i] {
			st = stEnvDate
		}
		for _, lead := range []int{0, 3} {
			full := strings.Repeat("x", lead) + v
			for n := lead; n <= len(full); n++ {
				for _, atEnd := range []bool{true, false} {
					b := page[:n:n]
					if atEnd {
						b = page[len(page)-n:]
					}
					copy(b, full)
					for _, lim := range []struct{ depth, pre int }{{100, 0}, {2, 0}, {100, 505}} {
						if d := c.compare(b, lead, st, lim.depth, lim.pre); d != "" {
							t.Fatal(d)
						}
					}
				}
			}
		}
	}
}

// TestTapeScanKernelNegativeStart calls the kernel itself with a start
// before b (outside tapeScanAny's promise of 1 to len(b)), on b right
// after an unreadable page, long and short: it must refuse without
// reading b[p] (a read faults) and without writing the record.
func TestTapeScanKernelNegativeStart(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	page := advGuarded(t)
	v := `("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)` + strings.Repeat(" ", 100)
	var sp, want [maxListSpans]tapeEntry
	tapeFill(&sp)
	want = sp
	for _, n := range []int{0, 1, 40, 63, 64, 65, 100, 140} {
		b := page[:n:n]
		copy(b, v)
		for _, p := range []int{-1, -2, -8, -33, -63, -64, -65, -4096, -1 << 40, math.MinInt64} {
			if end, cnt := tapeScanAVX2(b, p, &sp, 1, 0, stBodyStart); end != -1 || cnt != 0 {
				t.Errorf("tapeScanAVX2(%d octets, p %d) = %d, %d; want -1, 0", n, p, end, cnt)
			}
			if sp != want {
				t.Fatalf("tapeScanAVX2(%d octets, p %d) wrote the record", n, p)
			}
		}
	}
}

// TestTapeScanKernelGuardedResponses runs FETCH responses whose ENVELOPE
// or BODYSTRUCTURE is each of tapeEdgeValues, whole and cut at every
// octet (then closed by ")\r\n"), flush against an unreadable page after
// their end and starting right after one, through ParseResponse with the
// kernels on and off: the same error, or the same items. This is the
// path a server's bytes take to the kernel.
func TestTapeScanKernelGuardedResponses(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	page := advGuarded(t)
	vals, env := tapeEdgeValues()
	msg := fetchMessage(7, 0)
	p := NewParser(Options{})
	var r Response
	parse := func(b []byte, on bool) string {
		orig := useAVX2
		useAVX2 = on
		err := p.ParseResponse(b, &r)
		useAVX2 = orig
		if err != nil {
			return "error: " + err.Error()
		}
		var out strings.Builder
		for it := r.Fetch(); it.Next(); {
			f := it.Item()
			out.WriteString(f.Kind.String() + "=" + string(f.Value.Raw) + ";")
		}
		return out.String()
	}
	var ins []string
	for i, v := range vals {
		item := "BODYSTRUCTURE "
		if env[i] {
			item = "ENVELOPE "
		}
		for n := 0; n <= len(v); n++ {
			ins = append(ins, "* 1 FETCH (UID 5 "+item+v[:n]+")\r\n")
		}
	}
	for n := len(msg) - 3; n >= len(msg)-400; n-- {
		ins = append(ins, msg[:n]+")\r\n")
	}
	taken := 0
	for _, in := range ins {
		for _, atEnd := range []bool{true, false} {
			b := page[:len(in):len(in)]
			if atEnd {
				b = page[len(page)-len(in):]
			}
			copy(b, in)
			on, off := parse(b, true), parse(b, false)
			if on != off {
				t.Fatalf("%q: kernels on %s, off %s", in, on, off)
			}
			if !strings.HasPrefix(on, "error: ") {
				taken++
			}
		}
	}
	if taken < len(vals) {
		t.Fatalf("only %d responses parsed: the comparisons prove little", taken)
	}
}
