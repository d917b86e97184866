package netfuzz

import (
	"strings"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		in         string
		tag, name  string
		args       []string
		restPrefix string
	}{
		{"a1 LOGIN fred \"pass word\"\r\n", "a1", "LOGIN", []string{"fred", `"pass word"`}, "\r\n"},
		{"a2 UID FETCH 1:* (FLAGS BODY[HEADER.FIELDS (A B)])\r\nnext", "a2", "UID FETCH", []string{"1:*", "(FLAGS BODY[HEADER.FIELDS (A B)])"}, "\r\nnext"},
		{"a3 APPEND INBOX {5}\r\nhe lo\r\n", "a3", "APPEND", []string{"INBOX", "{5}\r\nhe lo"}, "\r\n"},
		{"a4 NOOP", "a4", "NOOP", nil, ""},
		{"\r\n", "", "", nil, "\r\n"},
		{"a5 SEARCH (((", "a5", "SEARCH", []string{"((("}, ""},
	}
	for _, tt := range tests {
		c := splitCommand([]byte(tt.in))
		if string(c.tag) != tt.tag || string(c.name) != tt.name || !strings.HasPrefix(string(c.rest), tt.restPrefix) {
			t.Errorf("splitCommand(%q) = tag %q name %q rest %q, want %q %q %q", tt.in, c.tag, c.name, c.rest, tt.tag, tt.name, tt.restPrefix)
		}
		if len(c.args) != len(tt.args) {
			t.Errorf("splitCommand(%q): %d args %q, want %q", tt.in, len(c.args), c.args, tt.args)
			continue
		}
		for i := range c.args {
			if string(c.args[i]) != tt.args[i] {
				t.Errorf("splitCommand(%q) arg %d = %q, want %q", tt.in, i, c.args[i], tt.args[i])
			}
		}
		if got := string(c.bytes()); got != tt.in {
			t.Errorf("splitCommand(%q).bytes() = %q, want the input back", tt.in, got)
		}
	}
}

func TestAnnouncesLiteral(t *testing.T) {
	for in, want := range map[string]bool{
		"a APPEND INBOX {9223372036854775808}\r\n": true,
		"a LOGIN {5+}\r\n":                         true,
		"a LOGIN {5-}\n":                           true,
		"a LOGIN {}\r\n":                           false,
		"a LOGIN x}\r\n":                           false,
		"a NOOP\r\n":                               false,
	} {
		if got := announcesLiteral([]byte(in)); got != want {
			t.Errorf("announcesLiteral(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestResponseName(t *testing.T) {
	for in, want := range map[string]string{
		"* 1 FETCH (FLAGS (\\Seen)\r\n": "FETCH",
		"* THREAD \r\n":                 "THREAD",
		"a1 BAD oops\r\n":               "tagged BAD",
		"+ go on\r\n":                   "continuation",
		"":                              "empty",
		"F1\xa0I BAD x\r\n":             "tagged BAD",
		"a1 \x01\r\n":                   "unknown",
	} {
		if got := responseName([]byte(in)); got != want {
			t.Errorf("responseName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindingRoundTrip(t *testing.T) {
	f := &Finding{Class: ClassHang, Location: "SEARCH", Detail: "line one\nline two",
		Input:      Input{State: InIdle, Writes: []Write{{Data: []byte("F1 SEARCH \"\x00\xff\"\r\n")}, {Data: []byte("abc\r\n"), Split: 2}}},
		Transcript: []byte("S: * OK hi\r\nC: a NOOP\r\n")}
	g, err := UnmarshalFinding(MarshalFinding(f))
	if err != nil {
		t.Fatal(err)
	}
	if g.Key() != f.Key() || g.Input.State != f.Input.State || g.Detail != f.Detail || len(g.Input.Writes) != 2 {
		t.Fatalf("round trip: got %+v, want %+v", g, f)
	}
	for i, w := range f.Input.Writes {
		if string(g.Input.Writes[i].Data) != string(w.Data) || g.Input.Writes[i].Split != w.Split {
			t.Errorf("write %d: got %+v, want %+v", i, g.Input.Writes[i], w)
		}
	}
	if _, err := UnmarshalFinding([]byte("C: a NOOP\r\n")); err == nil {
		t.Error("a session file without the finding header was accepted")
	}
}

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:143": true, "[::1]:143": true, "127.1.2.3:10143": true,
		"192.0.2.1:143": false, "[2001:db8::1]:143": false, "nohost": false,
	} {
		err := CheckLoopback(addr, false)
		if (err == nil) != ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok=%v", addr, err, ok)
		}
		if err != nil && ok == false && strings.Contains(addr, ":143") && !strings.Contains(err.Error(), "--allow-remote") && !strings.Contains(err.Error(), "missing port") {
			t.Errorf("CheckLoopback(%q) = %v: does not say how to override", addr, err)
		}
	}
	if err := CheckLoopback("192.0.2.1:143", true); err != nil {
		t.Errorf("--allow-remote: %v", err)
	}
}

// TestGenerateDeterministic: input n depends only on the seed and n.
func TestGenerateDeterministic(t *testing.T) {
	g := newGenerator(AllStates())
	for n := uint64(1); n <= 50; n++ {
		a, b := g.generate(3, n), g.generate(3, n)
		if string(MarshalFinding(&Finding{Input: a})) != string(MarshalFinding(&Finding{Input: b})) {
			t.Fatalf("input %d differs between two generations with the same seed", n)
		}
	}
	if string(MarshalFinding(&Finding{Input: g.generate(3, 1)})) == string(MarshalFinding(&Finding{Input: g.generate(4, 1)})) {
		t.Error("seeds 3 and 4 gave the same first input")
	}
}
