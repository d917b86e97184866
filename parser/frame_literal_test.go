package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestFrameLiteralsMatchesFrameLines holds FrameResponse, whose fast path
// frames lines ending with "{n}" literals and a last line itself, to the
// general frameLines on variations of that shape, each cut at every
// length from the first line's end (with other limits, at the last few):
// the same length, or the same error (offset and limit) or
// ErrIncomplete.
func TestFrameLiteralsMatchesFrameLines(t *testing.T) {
	firsts := []string{"* 1 FETCH (BODY[] ", "* 12 FETCH (UID 5 BODY[1] ", "* LIST () \"/\" ", "* OK x ", "* ok x ", "* NO ", "* BYE ",
		"* PREAUTH ", "* BAD ", "a1 OK ", "+ ", "* ", "*  ", "** ", "* 1 FETCH (BINARY[] ~", "* 1 FETCH (X ~ ", "{"}
	announces := []string{"{5}", "{05}", "{0}", "{5+}", "{}", "{x}", "5}", "{5}}", "{999999999999999999}", "{9999999999999999999}",
		"{99999999999999999999}", "{12345678901234567890123}", "{6}"}
	datas := []string{"hello", "hel\r\n"}
	lasts := []string{")\r\n", "\r\n", "\n", ")\n", ") {2}\r\nab)\r\n", ")}\r\n", "}\r\n", ") {1}\r\n", ")", ")\r",
		" X {2}\r\nab Y {1}\r\nc)\r\n", " X {2+}\r\nab)\r\n", " X ~{2}\r\nab)\r\n", " X {2}\n\nab)\r\n", "{2}\r\nab)\r\n", "x}\r\n",
		" X {9}\r\nab)\r\n"}
	limits := []Options{{}, {Lenient: true}, {Limits: Limits{MaxLine: 24}}, {Limits: Limits{MaxLine: 40}}, {Limits: Limits{MaxLiteral: 4}},
		{Limits: Limits{MaxLiterals: 1}}, {Limits: Limits{MaxLiterals: 2}}, {Limits: Limits{MaxNonSyncLiteral: 3}}}
	fast := 0
	for _, f := range firsts {
		for _, a := range announces {
			for _, d := range datas {
				for _, l := range lasts {
					msg := f + a + "\r\n" + d + l
					for _, opt := range limits {
						p := NewParser(opt)
						all := []byte(msg + "* 2 EXISTS\r\n")
						// Every cut from the first line's end (before it, no
						// LF: incomplete either way), with other limits the
						// last few.
						for cut := len(f + a); cut <= len(msg)+3; cut++ {
							if opt != (Options{}) && cut < len(msg)-1 {
								cut = len(msg) - 1
							}
							in := all[:cut]
							n, err := p.FrameResponse(in)
							r, werr := frameLines(in, p.limits(), frameResponse, p.lenient, nil)
							if got, want := frameOutcome(n, err), frameOutcome(r.n, werr); got != want {
								t.Fatalf("%q (%+v): FrameResponse %s, frameLines %s", in, opt, got, want)
							}
							if lf := bytesIndexLF(in); lf >= 2 && in[lf-1] == '\r' && in[lf-2] == '}' && n > 0 && frameLiterals(in, lf, p.limits()) == n {
								fast++
							}
						}
					}
				}
			}
		}
	}
	if fast < 50 {
		t.Errorf("the fast path framed %d inputs; the test does not reach it", fast)
	}
	for _, m := range []string{"* 1 FETCH (BODY[] {2}\r\nab)\r\n", "* 1 FETCH (A {2}\r\nab B {1}\r\nc)\r\n", "* 1 FETCH (A {2}\r\nab B {1}\r\nc C {0}\r\n)\r\n"} {
		if n := frameLiterals([]byte(m), bytesIndexLF([]byte(m)), &defaultLimits); n != len(m) {
			t.Errorf("frameLiterals(%q) = %d, want %d", m, n, len(m))
		}
	}
}

// bytesIndexLF returns the index of the first LF in b, or 0.
func bytesIndexLF(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return 0
}

// frameOutcome renders a framing result for comparison.
func frameOutcome(n int, err error) string {
	if err == nil {
		return fmt.Sprint("n=", n)
	}
	var pe *Error
	if errors.As(err, &pe) {
		return fmt.Sprintf("error at %d (%s; limit %v)", pe.Offset, pe.Expected, errors.Is(err, ErrLimit))
	}
	return err.Error()
}

// TestLiteralBefore holds literalBefore's word path to a byte loop on the
// octets before a "}": digit runs of every length up to 20, after every
// octet value (those at 0x8a and above carry in the digit test), with
// and without room for a whole word.
func TestLiteralBefore(t *testing.T) {
	ref := func(b []byte, c int) (int, int64) {
		k := c - 1
		for k >= 0 && b[k] >= '0' && b[k] <= '9' {
			k--
		}
		if n := c - 1 - k; n == 0 || n > 18 {
			return -1, 0
		}
		var v int64
		for _, d := range b[k+1 : c] {
			v = v*10 + int64(d-'0')
		}
		return k, v
	}
	digits := "90817263545362718091"
	for pad := 0; pad <= 9; pad++ {
		for n := 0; n <= 20; n++ {
			for c := 0; c < 256; c++ {
				b := []byte(strings.Repeat("7", pad) + string(rune(0)) + digits[:n] + "}")
				b[pad] = byte(c)
				at := len(b) - 1
				k, v := literalBefore(b, at)
				wk, wv := ref(b, at)
				if k != wk || (k >= 0 && v != wv) {
					t.Fatalf("literalBefore(%q) = %d, %d; want %d, %d", b, k, v, wk, wv)
				}
			}
		}
	}
}
