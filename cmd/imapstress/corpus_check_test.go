package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCorpusCheckAndMinimize(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("responses/ok.txt", "* OK hi\r\n")
	write("responses/ok2.txt", "* OK hello there\r\n")
	write("responses/bad-parses.txt", "* 3 EXISTS\r\n")
	write("commands/broken.txt", "a1 NOOP\r\na2 FETCH 1 (UID\r\n")
	var out, errb bytes.Buffer
	code := corpusMain([]string{"check", dir}, &out, &errb)
	got := out.String()
	if code != 1 || !strings.Contains(got, "4 files checked, 2 break their promise") ||
		!strings.Contains(got, "bad-parses.txt (invalid): bad- seed parses without error") ||
		!strings.Contains(got, "commands offset 24:") {
		t.Errorf("check: exit %d, output:\n%s%s", code, got, errb.String())
	}
	out.Reset()
	dst := filepath.Join(dir, "min")
	code = corpusMain([]string{"minimize", "--side", "responses", filepath.Join(dir, "responses"), dst}, &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "3 inputs read, 2 kept") {
		t.Errorf("minimize: exit %d, output %q %q", code, out.String(), errb.String())
	}
}
