//go:build !gofuzz

package fuzz

import (
	"runtime"
	"testing"

	"github.com/imapstress/imapstress/parser"
)

func FuzzLimits(f *testing.F) {
	seen := map[string]bool{}
	var seeds [][]byte
	for _, s := range SeedInputs() {
		// Limits uses the first line only: one seed per distinct line.
		line := s.Data
		if len(line) > 256 {
			line = line[:256]
		}
		if !seen[string(line)] {
			seen[string(line)] = true
			seeds = append(seeds, line)
		}
	}
	addSeeds(f, seeds)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, Limits, data) })
}

// TestLimitsDefaults runs the Limits checks at the parser's default limits
// on a few heads, with the allocation bound of the target.
func TestLimitsDefaults(t *testing.T) {
	lim := parser.Limits{}.Resolved()
	for _, head := range []string{"* 1 FETCH (BODYSTRUCTURE ", "a1 SEARCH", "* LIST () \"/\"", "a1 APPEND INBOX", "* OK [CAPABILITY IMAP4rev1] hi"} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		total := 0
		for _, h := range craftHostile([]byte(head), lim) {
			total += len(h.data)
			if err := checkHostile(h, lim); err != nil {
				t.Errorf("%q: %s: %v", head, h.what, err)
			}
		}
		runtime.ReadMemStats(&after)
		// The long line (1 MiB) is held by each reader once, in a buffer
		// that doubles: a few times its size, nothing like MaxLiteral.
		if got := after.TotalAlloc - before.TotalAlloc; got > uint64(16*total) {
			t.Errorf("%q: allocated %d bytes for %d bytes of input", head, got, total)
		}
	}
}
