package parser

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMutatedResponses mutates every table input and corpus response file
// at random (fixed seed, bounded count), parses each variant strictly and
// leniently, and, whenever one parses, walks every view of it and renders
// it as JSON. Nothing may panic: the trusted re-walks rely on the
// validation, so this checks the two agree on the inputs a fuzzer would
// try first.
func TestMutatedResponses(t *testing.T) {
	var inputs [][]byte
	for _, c := range append(append(allCases(), statusCases...), dataCases...) {
		inputs = append(inputs, []byte(c.in))
	}
	for _, c := range fetchCases {
		inputs = append(inputs, []byte(c.in))
	}
	inputs = append(inputs, []byte(fetchMessage(3, 10)))
	// Found by fuzz.FuzzResponses: the trusted walk read NIL% as NIL.
	inputs = append(inputs, []byte("* 1 FETCH (0000 NIL%)\r\n"), []byte("* X (a NIL] NIL\\x NIL)\r\n"),
		[]byte("* 1 FETCH (B000000000000[0)00000000000000000000000000000000] 0)\r\n"),
		[]byte("* 1 FETCH (X[(a]) 1 Y[\"] 1)\r\n"))
	dir := filepath.Join("..", "corpus", "responses")
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "stress-") || e.IsDir() {
				continue
			}
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && len(b) < 8192 {
				inputs = append(inputs, b)
			}
		}
	}
	rng := rand.New(rand.NewSource(2))
	alphabet := []byte("()[]{}<>\"\\ \r\n~+*:,.0123456789NILnilABCxyz\x00\x80")
	parsers := []*Parser{{}, NewParser(Options{Lenient: true})}
	var r Response
	var dst []byte
	parsed := 0
	for _, in := range inputs {
		for k := 0; k < 40; k++ {
			m := append([]byte(nil), in...)
			for j := rng.Intn(3); j >= 0 && len(m) > 0; j-- {
				i := rng.Intn(len(m))
				switch rng.Intn(3) {
				case 0:
					m[i] = alphabet[rng.Intn(len(alphabet))]
				case 1:
					m = append(m[:i], m[i+1:]...)
				default:
					m = append(m[:i], append([]byte{alphabet[rng.Intn(len(alphabet))]}, m[i:]...)...)
				}
			}
			for _, p := range parsers {
				rest := m
				for len(rest) > 0 {
					n, err := p.FrameResponse(rest)
					if err != nil {
						break
					}
					if p.ParseResponse(rest[:n], &r) == nil {
						parsed++
						for it := r.Args(); it.Next(); {
							walkValue(t, it.Value(), 0)
						}
						walkAll(&r)
						checkTreeItems(t, "mutant", &r)
						walkResponse(&r)
						walkViews(&r)
						dst = r.AppendJSON(dst[:0])
					}
					rest = rest[n:]
				}
			}
		}
	}
	if parsed == 0 {
		t.Fatal("no mutant parsed: the test exercised nothing")
	}
}

// TestLenientQuoteRecoveryIsBounded feeds a long line of strings that each
// hold an unescaped quote: lenient recovery must stay linear (it would
// take minutes if each string scanned the rest of the line).
func TestLenientQuoteRecoveryIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("* ID (")
	for i := 0; i < 20000; i++ {
		b.WriteString(`"a"b" "c" `)
	}
	b.WriteString(`"x" "y")` + "\r\n")
	var r Response
	// The result does not matter, only that it comes back; the test's
	// own timeout bounds it.
	NewParser(Options{Lenient: true}).ParseResponse([]byte(b.String()), &r)
}

// walkValue walks v and every list inside it; a walk of validated bytes
// must not fail.
func walkValue(t *testing.T, v Value, depth int) {
	if v.Form != FormList || depth > 100 {
		return
	}
	it := v.List()
	for it.Next() {
		walkValue(t, it.Value(), depth+1)
	}
	if it.Err() != nil {
		t.Fatalf("walk of a validated list %q failed: %v", v.Raw, it.Err())
	}
}
