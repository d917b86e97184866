//go:build linux && amd64 && !purego

package parser

import (
	"strings"
	"testing"
)

// TestTapeScanKernelStaysInBounds places values flush against pages that
// may not be read, after b's end and before its start, every prefix of
// them (every length up to 400), and runs the assembly scan: a read past
// b's end (or before its start) faults. It checks the results against
// tapeScan too.
func TestTapeScanKernelStaysInBounds(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	mid := advGuarded(t)
	msg := fetchMessage(7, 0)
	env := msg[strings.Index(msg, "ENVELOPE ")+9:]
	body := msg[strings.Index(msg, "BODYSTRUCTURE ")+14:]
	long := strings.Repeat("a", 70)
	srcs := []struct {
		v   string
		env bool
	}{
		{env, true}, {body, false},
		{`(NIL "` + long + `" NIL NIL NIL NIL NIL NIL NIL "` + long + `")`, true},
		{`("` + long + `" "PLAIN" NIL NIL NIL "7BIT" 123456789 12345678)`, false},
		{`(NIL "` + long + "\x01" + long + `" NIL NIL NIL NIL NIL NIL NIL "` + strings.Repeat("b", 31) + `")`, true},
		{`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED")`, false},
	}
	var goRec, kRec listSpans
	for _, src := range srcs {
		st := uint(stBodyStart)
		if src.env {
			st = stEnvDate
		}
		for n := 0; n <= min(400, len(src.v)); n++ {
			for _, b := range [][]byte{mid[len(mid)-n:], mid[:n]} {
				copy(b, src.v)
				goRec.n, kRec.n = 0, 0
				p1, n1 := tapeScan(b, 0, &goRec, st, 100)
				p2, n2 := tapeScanAny(b, 0, &kRec, st, 100)
				if p1 != p2 || n1 != n2 {
					t.Fatalf("%q: kernel %d %d, tapeScan %d %d", b, p2, n2, p1, n1)
				}
			}
		}
	}
}
