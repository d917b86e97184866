//go:build !gofuzz

package fuzz

import (
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

func FuzzResponses(f *testing.F) {
	seedSide(f, nil, ServerSide)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, Responses, data) })
}

func FuzzCommands(f *testing.F) {
	seedSide(f, nil, ClientSide)
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
