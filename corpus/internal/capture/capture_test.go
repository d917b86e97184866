package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/internal/target"
)

func TestSplitSyncLiterals(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"a1 NOOP\r\n", []string{"a1 NOOP\r\n"}},
		{"a1 LOGIN {3}\r\nabc {2}\r\nde\r\n", []string{"a1 LOGIN {3}\r\n", "abc {2}\r\n", "de\r\n"}},
		{"a1 LOGIN {3+}\r\nabc x\r\n", []string{"a1 LOGIN {3+}\r\nabc x\r\n"}},
		{"a1 APPEND x ~{4}\r\n}\r\n\r\n\r\n", []string{"a1 APPEND x ~{4}\r\n", "}\r\n\r\n\r\n"}},
		{"a1 X {}\r\n", []string{"a1 X {}\r\n"}},
	} {
		if got := splitSyncLiterals(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitSyncLiterals(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAnnounced(t *testing.T) {
	for line, want := range map[string]int{
		"* 1 FETCH (BODY[] {12}\r\n": 12,
		"a1 LOGIN {3+}\r\n":          3,
		"* 1 FETCH (BINARY[] ~{0}\n": 0,
		"* OK done\r\n":              -1,
		"* OK {x}\r\n":               -1,
		"* OK {99999999999}\r\n":     -1,
	} {
		n, ok := announced([]byte(line))
		if (want < 0) == ok || (ok && n != want) {
			t.Errorf("announced(%q) = %d, %v; want %d", line, n, ok, want)
		}
	}
}

// TestCaptureGoImap runs the whole capture against the embedded target
// into a temporary corpus and checks what it wrote.
func TestCaptureGoImap(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 2, Messages: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	out := t.TempDir()
	for _, sub := range []string{"responses", "sessions"} {
		if err := os.Mkdir(filepath.Join(out, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	stale := filepath.Join(out, "responses", "goimap-stale.txt")
	if err := os.WriteFile(stale, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &capturer{addr: srv.Addr(), user: "user1", pass: "pass", user2: "user2", prefix: "goimap", out: out,
		timeout: 10 * time.Second, responses: map[string][]byte{}, sessions: map[string][]byte{}}
	c.run()
	if err := c.write(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale capture file was kept")
	}
	resp, _ := filepath.Glob(filepath.Join(out, "responses", "*goimap-*.txt"))
	sess, _ := filepath.Glob(filepath.Join(out, "sessions", "*goimap-session-*.txt"))
	if len(resp) < 100 || len(sess) < 8 {
		t.Errorf("%d response and %d session files, want at least 100 and 8; problems: %v", len(resp), len(sess), c.problems)
	}
	greeting, err := os.ReadFile(filepath.Join(out, "responses", "goimap-greeting.txt"))
	if err != nil || !strings.HasPrefix(string(greeting), "* OK ") {
		t.Errorf("greeting %q, %v", greeting, err)
	}
	for _, f := range sess {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := corpus.ReadSession(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(s.Client) == 0 || len(s.Server) == 0 {
			t.Errorf("%s: a stream is empty", f)
		}
	}
}
