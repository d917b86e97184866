package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestParseLayout(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Layout
		ok   bool
	}{
		{"gofuzz", GoFuzz, true}, {"go-fuzz", GoFuzz, true}, {"Native", Native, true}, {"afl", 0, false},
	} {
		got, err := ParseLayout(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseLayout(%q) = %v, %v", tc.in, got, err)
		}
	}
	if GoFuzz.String() != "gofuzz" || Native.String() != "native" || Layout(7).String() != "layout(7)" {
		t.Error("Layout.String")
	}
}

func TestGoFuzzName(t *testing.T) {
	// The SHA-1 of "abc", as go-fuzz would name that input.
	if got := GoFuzzName([]byte("abc")); got != "a9993e364706816aba3e25717850c26c9cd0d89d" {
		t.Errorf("GoFuzzName(abc) = %s", got)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadDirGoFuzzSkips(t *testing.T) {
	dir := t.TempDir()
	sha := GoFuzzName([]byte("crash"))
	writeFiles(t, dir, map[string]string{
		"seed-a.txt":    "a1 NOOP\r\n",
		"sub/seed-b":    "* OK\r\n",
		"dup":           "a1 NOOP\r\n",
		sha:             "crash",
		sha + ".quoted": "\"crash\"",
		sha + ".output": "panic: ...",
		"README.md":     "docs",
		".hidden":       "x",
	})
	got, err := ReadDir(GoFuzz, dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, in := range got {
		paths = append(paths, in.Path)
	}
	want := []string{sha, "dup", "sub/seed-b"} // "dup" comes first in walk order; "seed-a.txt" repeats it
	if len(paths) != len(want) {
		t.Fatalf("read %v, want %v", paths, want)
	}
	for i := range want {
		if paths[i] != want[i] {
			t.Fatalf("read %v, want %v", paths, want)
		}
	}
}

// TestConvertRoundTrip converts the embedded commands seed folder
// raw -> native -> gofuzz -> native and checks every step byte for byte.
func TestConvertRoundTrip(t *testing.T) {
	src := t.TempDir()
	var want [][]byte
	for _, s := range Seeds(Commands, Responses) {
		if err := os.WriteFile(filepath.Join(src, s.Kind.String()+"-"+s.Name()), s.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		want = append(want, s.Data)
	}
	native, gofuzz, native2 := t.TempDir(), t.TempDir(), t.TempDir()
	if _, _, err := Convert(GoFuzz, src, Native, native); err != nil {
		t.Fatal(err)
	}
	read, written, err := Convert(Native, native, GoFuzz, gofuzz)
	if err != nil {
		t.Fatal(err)
	}
	if read != written {
		t.Errorf("native -> gofuzz read %d, wrote %d", read, written)
	}
	if _, _, err := Convert(GoFuzz, gofuzz, Native, native2); err != nil {
		t.Fatal(err)
	}
	// Every file of the gofuzz folder is named by its SHA-1, and the set of
	// contents is the set of distinct seeds.
	got, err := ReadDir(GoFuzz, gofuzz)
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[string]bool{}
	for _, w := range want {
		distinct[string(w)] = true
	}
	if len(got) != len(distinct) {
		t.Fatalf("%d inputs after the round trip, want %d distinct seeds", len(got), len(distinct))
	}
	for _, in := range got {
		if in.Path != GoFuzzName(in.Data) {
			t.Errorf("%s: not named by its SHA-1", in.Path)
		}
		if !distinct[string(in.Data)] {
			t.Errorf("%s: content is no seed", in.Path)
		}
	}
	// The two native folders are identical, file for file.
	if a, b := dirContents(t, native), dirContents(t, native2); len(a) != len(b) {
		t.Fatalf("native folders have %d and %d files", len(a), len(b))
	} else {
		for name, data := range a {
			if !bytes.Equal(b[name], data) {
				t.Errorf("native file %s differs after the round trip", name)
			}
		}
	}
	// Converting again writes nothing new.
	if _, written, err := Convert(GoFuzz, gofuzz, Native, native2); err != nil || written != 0 {
		t.Errorf("second conversion wrote %d files, %v", written, err)
	}
}

func dirContents(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

func TestReadDirErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"0123456789abcdef": "go test fuzz v1\nint(5)\n"})
	if _, err := ReadDir(Native, dir); err == nil {
		t.Error("a native file with an int value was accepted as an input")
	}
	if _, err := ReadDir(Native, filepath.Join(dir, "missing")); err == nil {
		t.Error("reading a missing native folder succeeded")
	}
	if _, err := ReadDir(GoFuzz, filepath.Join(dir, "missing")); err == nil {
		t.Error("reading a missing go-fuzz folder succeeded")
	}
	if _, err := ReadDir(Layout(9), dir); err == nil {
		t.Error("unknown layout accepted")
	}
	if _, err := WriteDir(Layout(9), dir, nil); err == nil {
		t.Error("unknown layout accepted for writing")
	}
}

func TestFileFor(t *testing.T) {
	name, file := FileFor(GoFuzz, []byte("abc"))
	if name != GoFuzzName([]byte("abc")) || string(file) != "abc" {
		t.Errorf("gofuzz: %s %q", name, file)
	}
	name, file = FileFor(Native, []byte("abc"))
	if name != NativeName(file) || len(name) != 16 || string(file) != "go test fuzz v1\n[]byte(\"abc\")\n" {
		t.Errorf("native: %s %q", name, file)
	}
}
