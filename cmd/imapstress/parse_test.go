package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.txt", "a1 NOOP\r\na2 UID FETCH 1:* (FLAGS)\r\n")
	bad := write("bad.txt", "a1 NOOP\r\na2 FETCH\r\n")
	sess := write("s.txt", "C: a1 NOOP\r\nS: a1 OK done\r\n")
	resp := write("r.txt", "* 1 EXISTS\r\na1 OK done\r\n")
	tests := []struct {
		args     []string
		stdin    string
		code     int
		contains string
	}{
		{[]string{"--commands", good}, "", 0, "command a2 UID FETCH 1:* (FLAGS)"},
		{[]string{"--commands", "--json", good}, "", 0, `"command":"FETCH","uid":true`},
		{[]string{"--commands", bad, good}, "", 1, "command a1 NOOP"},
		{[]string{"--commands", "-"}, "a1 LOGOUT\r\n", 0, "command a1 LOGOUT"},
		{[]string{"--session", sess}, "", 0, `S tagged a1 OK "done"`},
		{[]string{"--responses", resp}, "", 0, "0 untagged EXISTS 1"},
		{[]string{"--commands"}, "", 1, ""},
		{[]string{good}, "", 1, ""},
		{[]string{"--commands", "--session", good}, "", 1, ""},
		{[]string{"--commands", filepath.Join(dir, "missing")}, "", 1, ""},
	}
	for _, tt := range tests {
		var out, errs bytes.Buffer
		code := parseMain(tt.args, strings.NewReader(tt.stdin), &out, &errs)
		if code != tt.code || !strings.Contains(out.String(), tt.contains) {
			t.Errorf("%v: exit %d (want %d)\nout: %s\nerr: %s", tt.args, code, tt.code, out.String(), errs.String())
		}
	}
	var out, errs bytes.Buffer
	parseMain([]string{"--commands", bad}, nil, &out, &errs)
	if !strings.Contains(errs.String(), "bad.txt: offset 17: expected SP") {
		t.Errorf("error report: %q", errs.String())
	}
}
