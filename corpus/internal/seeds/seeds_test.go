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

// dictUnquote reads one dictionary line the way libFuzzer does: an optional
// name=, then a double-quoted value with \\, \" and \xNN escapes.
func dictUnquote(line string) (string, bool) {
	if _, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, `"`) {
		line = v
	}
	if len(line) < 2 || line[0] != '"' || line[len(line)-1] != '"' {
		return "", false
	}
	in := line[1 : len(line)-1]
	var out []byte
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\\' {
			if c == '"' {
				return "", false
			}
			out = append(out, c)
			continue
		}
		if i+1 >= len(in) {
			return "", false
		}
		switch in[i+1] {
		case '\\', '"':
			out = append(out, in[i+1])
			i++
		case 'x':
			if i+3 >= len(in) {
				return "", false
			}
			var v byte
			for _, h := range []byte(in[i+2 : i+4]) {
				v <<= 4
				switch {
				case h >= '0' && h <= '9':
					v |= h - '0'
				case h >= 'A' && h <= 'F':
					v |= h - 'A' + 10
				case h >= 'a' && h <= 'f':
					v |= h - 'a' + 10
				default:
					return "", false
				}
			}
			out = append(out, v)
			i += 3
		default:
			return "", false
		}
	}
	return string(out), true
}

func TestDictSyntaxAndContent(t *testing.T) {
	got := map[string]bool{}
	for n, line := range strings.Split(string(Dict()), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, ok := dictUnquote(line)
		if !ok {
			t.Fatalf("line %d: %q is not a valid dictionary entry", n+1, line)
		}
		if got[v] {
			t.Errorf("line %d: %q listed twice", n+1, v)
		}
		got[v] = true
	}
	for _, want := range []string{"FETCH", "BODY.PEEK[", "HEADER.FIELDS.NOT", "~{", "+}", "{", "}", "\r\n", "\x00", `\Seen`, "\"", "\\", "UIDVALIDITY", "ESEARCH", "VANISHED", "BINARY.SIZE["} {
		if !got[want] {
			t.Errorf("dictionary lacks %q", want)
		}
	}
}
