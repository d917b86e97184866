package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/imapstress/imapstress/corpus"
)

func TestCorpusConvertCommand(t *testing.T) {
	src := t.TempDir()
	inputs := []string{"a1 NOOP\r\n", "* 1 EXISTS\r\n", "\x00\xff"}
	for i, in := range inputs {
		if err := os.WriteFile(filepath.Join(src, "seed"+string(rune('a'+i))), []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	native := filepath.Join(t.TempDir(), "testdata", "fuzz", "FuzzX")
	back := t.TempDir()
	var out, errOut bytes.Buffer
	if code := corpusMain([]string{"convert", "--from", "gofuzz", "--to", "native", src, native}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if want := "3 inputs read from " + src + " (gofuzz), 3 files written to " + native + " (native)\n"; out.String() != want {
		t.Errorf("stdout %q, want %q", out.String(), want)
	}
	if code := corpusMain([]string{"convert", "-from=native", "-to=gofuzz", "-quiet", native, back}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, in := range inputs {
		data, err := os.ReadFile(filepath.Join(back, corpus.GoFuzzName([]byte(in))))
		if err != nil || string(data) != in {
			t.Errorf("input %q after the round trip: %q, %v", in, data, err)
		}
	}
}

func TestCorpusCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string // in stdout+stderr
	}{
		{nil, 1, "commands:"},
		{[]string{"help"}, 0, "convert"},
		{[]string{"frob"}, 1, `unknown command "frob"`},
		{[]string{"convert", "--help"}, 0, "go test fuzz v1"},
		{[]string{"convert", "--from", "gofuzz", "a", "b"}, 1, "need --from, --to, SRC and DST"},
		{[]string{"convert", "--from", "afl", "--to", "native", "a", "b"}, 1, `unknown corpus layout "afl"`},
		{[]string{"convert", "--from", "native", "--to", "zip", "a", "b"}, 1, "--to"},
		{[]string{"convert", "--from", "native", "--to", "gofuzz", "/nonexistent/dir", "b"}, 1, "reading native corpus"},
		{[]string{"convert", "--bogus"}, 1, "flag provided but not defined"},
		{[]string{"check"}, 1, "usage: imapstress corpus check"},
		{[]string{"minimize"}, 1, "need --side"},
	} {
		var out, errOut bytes.Buffer
		code := corpusMain(tc.args, &out, &errOut)
		if code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.want) {
			t.Errorf("%v: exit %d, output %q; want exit %d and %q", tc.args, code, out.String()+errOut.String(), tc.code, tc.want)
		}
	}
}
