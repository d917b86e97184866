//go:build !gofuzz

package fuzz

import (
	"strings"
	"testing"

	"github.com/imapstress/imapstress/corpus"
)

// brokenPromises are seeds known to break the promise of their name, with
// why; they are reported to the corpus' owners rather than skipped silently.
var brokenPromises = map[string]string{
	"sessions/dovecot-session-battery.txt": "the capture includes a deliberately malformed command, C75 FETCH 1 (FLAGS, that Dovecot answers BAD, in a file named as valid",
}

// TestSeedsKeepPromises checks every embedded seed against the promise of
// its name, as "imapstress corpus check" does.
func TestSeedsKeepPromises(t *testing.T) {
	for _, s := range corpus.All() {
		if why, ok := brokenPromises[s.Path]; ok {
			if r := CheckSeed(s.Path, s.Data, 0); r.Problem == "" {
				t.Errorf("%s: listed as breaking its promise (%s), but keeps it now", s.Path, why)
			}
			continue
		}
		side := SideOf(s.Path)
		if s.Kind == corpus.Crashers && side == 0 {
			continue // a crasher for both sides: no promise per side
		}
		if s.Kind == corpus.Sessions {
			side = 0
		}
		if r := CheckSeed(s.Path, s.Data, side); r.Problem != "" {
			t.Errorf("%s: %s", s.Path, r.Problem)
		}
	}
}

func TestCheckSeedVerdicts(t *testing.T) {
	tests := []struct {
		name, data string
		side       Side
		problem    string // a substring of the expected problem, "" for none
	}{
		{"responses/ok.txt", "* OK hi\r\n", ServerSide, ""},
		{"responses/bad-x.txt", "* OK hi\r\n", ServerSide, "parses without error"},
		{"responses/bad-y.txt", "* 0 FETCH (UID 1)\r\n", ServerSide, ""},
		{"responses/z.txt", "* 0 FETCH (UID 1)\r\n", ServerSide, "valid seed fails: responses offset 2"},
		{"responses/lenient-a.txt", "a1 OK\r\n", ServerSide, ""},
		{"responses/lenient-b.txt", "a1 OK x\r\n", ServerSide, "parses in strict mode"},
		{"commands/c.txt", "a1 NOOP\r\na2 FETCH 1 (UID\r\n", ClientSide, "valid seed fails: commands offset 24"},
		{"commands/stress-d.txt", "a1 LOGIN {99999999999}\r\n", ClientSide, ""},
		{"commands/stress-e.txt", "a1 FETCH 1 (UID\r\n", ClientSide, ""},
		{"sessions/s.txt", "C: a1 NOOP\r\nS: a1 OK done\r\n", 0, ""},
		{"sessions/t.txt", "C: a1 NOOP\r\nS: a1 OK\r\n", 0, "valid seed fails: responses offset 20"},
	}
	for _, tc := range tests {
		r := CheckSeed(tc.name, []byte(tc.data), tc.side)
		if tc.problem == "" && r.Problem != "" || tc.problem != "" && !strings.Contains(r.Problem, tc.problem) {
			t.Errorf("%s %q: problem %q, want %q", tc.name, tc.data, r.Problem, tc.problem)
		}
	}
}

func TestMinimize(t *testing.T) {
	in := []corpus.Input{
		{Path: "a", Data: []byte("* OK hello there\r\n")},
		{Path: "b", Data: []byte("* OK hi\r\n")},                         // same outcome as a, smaller: kept
		{Path: "c", Data: []byte("* 1 FETCH (UID 1)\r\n")},               // new
		{Path: "d", Data: []byte("* 2 FETCH (UID 9)\r\n* OK x\r\n")},     // nothing new
		{Path: "e", Data: []byte("* 1 FETCH (UID x)\r\n")},               // a new error site
		{Path: "f", Data: []byte("* 3 FETCH (UID 2)\r\n* 4 EXISTS\r\n")}, // EXISTS is new
	}
	var got []string
	for _, k := range Minimize(in, ServerSide) {
		got = append(got, k.Path)
	}
	if want := "b c e f"; strings.Join(got, " ") != want {
		t.Errorf("kept %v, want %s", got, want)
	}
}
