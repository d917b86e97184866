//go:build !gofuzz

package fuzz

import (
	"bytes"
	"testing"
)

// seedSide adds the seeds of one side (nil for both) to f, each behind
// prefix.
func seedSide(f *testing.F, prefix []byte, sides ...Side) {
	for _, s := range SeedInputs() {
		for _, side := range sides {
			if s.Side == side {
				f.Add(append(append([]byte(nil), prefix...), s.Data...))
			}
		}
	}
}

// run reports a body's failure.
func run(t *testing.T, body func([]byte) (int, error), data []byte) {
	t.Helper()
	if _, err := body(data); err != nil {
		t.Fatalf("input %q: %v", trim(data), err)
	}
}

func trim(b []byte) []byte {
	if len(b) > 512 {
		return b[:512]
	}
	return b
}

// truncations returns variants of a seed's first line that reach the
// grammar's error paths: the line cut before each SP (at most 24), and cut
// after it with a stray byte in place of the next token. They are derived
// from the corpus, so the error branches are seeded without hand-written
// bad- files for each.
func truncations(data []byte) [][]byte {
	line := data
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	var out [][]byte
	for i, n := 0, 0; i < len(line) && n < 24; i++ {
		if line[i] != ' ' {
			continue
		}
		n++
		out = append(out, append(append([]byte(nil), line[:i]...), "\r\n"...))
		for _, junk := range []string{")\r\n", "\x01\r\n", "\"\r\n", "((\r\n", "{1}\r\n"} {
			out = append(out, append(append([]byte(nil), line[:i+1]...), junk...))
		}
	}
	return out
}

// seedTruncations adds the truncations of the seeds of one side.
func seedTruncations(f *testing.F, side Side) {
	for _, s := range SeedInputs() {
		if s.Side == side && len(s.Data) < 4096 {
			for _, v := range truncations(s.Data) {
				f.Add(v)
			}
		}
	}
}

func FuzzResponses(f *testing.F) {
	seedSide(f, nil, ServerSide)
	seedTruncations(f, ServerSide)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, Responses, data) })
}

func FuzzCommands(f *testing.F) {
	seedSide(f, nil, ClientSide)
	seedTruncations(f, ClientSide)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, Commands, data) })
}

func FuzzStreamSplit(f *testing.F) {
	// Each seed twice: cut into single bytes with the default reader
	// options (larger seeds into 64-byte chunks: the readers reframe a
	// message from its start after each read, so single bytes cost time
	// quadratic in the message), and cut 7, 3, 32 and 32 bytes at a time
	// with literal streaming, a 16-byte initial buffer, and every option
	// of the server driver (driveServer).
	for _, s := range SeedInputs() {
		ctl := []byte{0, 0, 0, 0}
		if len(s.Data) > 4096 {
			ctl = []byte{63, 63, 63, 63}
		}
		f.Add(append(ctl, s.Data...))
		f.Add(append([]byte{0x86, 0x02, 0x9f, 0x5f}, s.Data...))
	}
	f.Fuzz(func(t *testing.T, data []byte) { run(t, StreamSplit, data) })
}

func FuzzRoundTrip(f *testing.F) {
	seedSide(f, nil, ServerSide, ClientSide)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, RoundTrip, data) })
}
