//go:build !gofuzz

package fuzz

import (
	"bytes"
	"os"
	"strconv"
	"testing"
)

// seedLimitEnv names the environment variable that caps how many seeds a
// fuzz target adds (an even stride through them). Unset or 0 means all.
// A plain go test runs every seed as a regression input either way; the cap
// is for short mutation passes (make fuzz-short), where measuring the
// baseline coverage of thousands of seeds would take longer than the
// mutation itself.
const seedLimitEnv = "IMAPSTRESS_FUZZ_SEEDS"

// addSeeds adds inputs to f, or an even sample of at most
// $IMAPSTRESS_FUZZ_SEEDS of them.
func addSeeds(f *testing.F, inputs [][]byte) {
	limit := 0
	if v := os.Getenv(seedLimitEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			f.Fatalf("%s=%q: want a count of seeds (0 for all)", seedLimitEnv, v)
		}
		limit = n
	}
	for _, in := range sampleSeeds(inputs, limit) {
		f.Add(in)
	}
}

// sampleSeeds returns at most limit of inputs (all when limit is 0), taken
// at an even stride so that every kind of seed in the ordered list is
// represented.
func sampleSeeds(inputs [][]byte, limit int) [][]byte {
	if limit <= 0 || len(inputs) <= limit {
		return inputs
	}
	out := make([][]byte, 0, limit)
	for i := 0; i < limit; i++ {
		out = append(out, inputs[i*len(inputs)/limit])
	}
	return out
}

// sideSeeds returns the seeds of the given sides, each behind prefix.
func sideSeeds(prefix []byte, sides ...Side) [][]byte {
	var out [][]byte
	for _, s := range SeedInputs() {
		for _, side := range sides {
			if s.Side == side {
				out = append(out, append(append([]byte(nil), prefix...), s.Data...))
			}
		}
	}
	return out
}

// seedSide adds the seeds of the given sides to f, each behind prefix.
func seedSide(f *testing.F, prefix []byte, sides ...Side) {
	addSeeds(f, sideSeeds(prefix, sides...))
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

// truncatedSeeds returns the truncations of the seeds of one side.
func truncatedSeeds(side Side) [][]byte {
	var out [][]byte
	for _, s := range SeedInputs() {
		if s.Side == side && len(s.Data) < 4096 {
			out = append(out, truncations(s.Data)...)
		}
	}
	return out
}

func FuzzResponses(f *testing.F) {
	addSeeds(f, append(sideSeeds(nil, ServerSide), truncatedSeeds(ServerSide)...))
	f.Fuzz(func(t *testing.T, data []byte) { run(t, Responses, data) })
}

func FuzzCommands(f *testing.F) {
	addSeeds(f, append(sideSeeds(nil, ClientSide), truncatedSeeds(ClientSide)...))
	f.Fuzz(func(t *testing.T, data []byte) { run(t, Commands, data) })
}

func FuzzStreamSplit(f *testing.F) {
	// Each seed twice: cut into single bytes with the default reader
	// options (larger seeds into 64-byte chunks: the readers reframe a
	// message from its start after each read, so single bytes cost time
	// quadratic in the message), and cut 7, 3, 32 and 32 bytes at a time
	// with literal streaming, a 16-byte initial buffer, and every option
	// of the server driver (driveServer).
	var seeds [][]byte
	for _, s := range SeedInputs() {
		ctl := []byte{0, 0, 0, 0}
		if len(s.Data) > 4096 {
			ctl = []byte{63, 63, 63, 63}
		}
		seeds = append(seeds, append(ctl, s.Data...), append([]byte{0x86, 0x02, 0x9f, 0x5f}, s.Data...))
	}
	addSeeds(f, seeds)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, StreamSplit, data) })
}

func FuzzRoundTrip(f *testing.F) {
	seedSide(f, nil, ServerSide, ClientSide)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, RoundTrip, data) })
}

func TestSampleSeeds(t *testing.T) {
	in := make([][]byte, 10)
	for i := range in {
		in[i] = []byte{byte(i)}
	}
	if got := sampleSeeds(in, 0); len(got) != 10 {
		t.Errorf("limit 0 kept %d of 10", len(got))
	}
	if got := sampleSeeds(in, 20); len(got) != 10 {
		t.Errorf("limit 20 kept %d of 10", len(got))
	}
	got := sampleSeeds(in, 4)
	var idx []byte
	for _, g := range got {
		idx = append(idx, g[0])
	}
	if want := []byte{0, 2, 5, 7}; !bytes.Equal(idx, want) {
		t.Errorf("limit 4 kept %v, want %v", idx, want)
	}
}
