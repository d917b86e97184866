package seeds

import (
	"bytes"
	"strings"
	"testing"
)

func TestAllDeterministicAndWellFormed(t *testing.T) {
	a, b := All(), All()
	if len(a) != len(b) {
		t.Fatalf("All() returned %d then %d seeds", len(a), len(b))
	}
	if len(a) < 300 {
		t.Fatalf("All() returned %d seeds, want at least 300", len(a))
	}
	seen := map[string]bool{}
	for i, s := range a {
		if s.Path != b[i].Path || !bytes.Equal(s.Data, b[i].Data) {
			t.Fatalf("seed %d differs between calls: %s vs %s", i, s.Path, b[i].Path)
		}
		if seen[s.Path] {
			t.Errorf("duplicate path %s", s.Path)
		}
		seen[s.Path] = true
		dir, name, ok := strings.Cut(s.Path, "/")
		if !ok || (dir != "commands" && dir != "responses" && dir != "sessions") {
			t.Errorf("%s: not below commands/, responses/ or sessions/", s.Path)
		}
		if !strings.HasSuffix(name, ".txt") || sanitize(strings.TrimSuffix(name, ".txt")) != strings.TrimSuffix(name, ".txt") {
			t.Errorf("%s: name is not lower-case [a-z0-9.-] with .txt", s.Path)
		}
		if len(s.Data) == 0 {
			t.Errorf("%s: empty", s.Path)
		}
		// Valid inputs end with CRLF; only hostile ones may not.
		hostile := strings.HasPrefix(name, "bad-") || strings.HasPrefix(name, "lenient-") || strings.HasPrefix(name, "stress-")
		if !hostile && !bytes.HasSuffix(s.Data, []byte("\r\n")) {
			t.Errorf("%s: valid seed does not end with CRLF", s.Path)
		}
	}
}

func TestResponseKind(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"* 172 EXISTS", "exists"},
		{"* OK [UNSEEN 12] Message 12 is first unseen", "untagged-ok-unseen"},
		{"A142 OK [READ-WRITE] SELECT completed", "tagged-ok-read-write"},
		{"+ Ready", "continuation"},
		{"* 12 FETCH (FLAGS (\\Seen))", "fetch"},
		{"a1 NO text", "tagged-no"},
		{"", "continuation-empty"},
	} {
		if got := responseKind(tc.line); got != tc.want {
			t.Errorf("responseKind(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestCommandKind(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"A1 SELECT INBOX\r\n", "select"},
		{"a1 uid fetch 1 flags\r\n", "uid-fetch"},
		{"DONE\r\n", "continuation"},
	} {
		if got := commandKind(tc.line); got != tc.want {
			t.Errorf("commandKind(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}
