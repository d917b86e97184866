package corpus

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestMarshalNative(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", "go test fuzz v1\n[]byte(\"\")\n"},
		{"a1 NOOP\r\n", "go test fuzz v1\n[]byte(\"a1 NOOP\\r\\n\")\n"},
		{"\x00\xff\"\\", "go test fuzz v1\n[]byte(\"\\x00\\xff\\\"\\\\\")\n"},
		{"Gr\u00fc\u00dfe \u2709", "go test fuzz v1\n[]byte(\"Gr\u00fc\u00dfe \u2709\")\n"},
		{"\t\x7f", "go test fuzz v1\n[]byte(\"\\t\\x7f\")\n"},
	} {
		if got := string(MarshalNative([]byte(tc.in))); got != tc.want {
			t.Errorf("MarshalNative(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUnmarshalNativeForms(t *testing.T) {
	for _, tc := range []struct {
		line string
		want any
	}{
		{`[]byte("a\r\n\x00")`, []byte("a\r\n\x00")},
		{"[]byte(`raw\\n`)", []byte(`raw\n`)},
		{`[]uint8("u8")`, []byte("u8")},
		{`string("s\u00e9")`, "s\u00e9"},
		{`int(-42)`, -42},
		{`int8(-128)`, int8(-128)},
		{`int16(0x7fff)`, int16(32767)},
		{`int32(-5)`, int32(-5)},
		{`int64(9223372036854775807)`, int64(math.MaxInt64)},
		{`uint(7)`, uint(7)},
		{`uint8(255)`, uint8(255)},
		{`uint16(65535)`, uint16(65535)},
		{`uint32(4294967295)`, uint32(math.MaxUint32)},
		{`uint64(18446744073709551615)`, uint64(math.MaxUint64)},
		{`byte('a')`, byte('a')},
		{`byte('\x00')`, byte(0)},
		{`byte(200)`, byte(200)},
		{`rune('\u2709')`, '\u2709'},
		{`rune(-1)`, int32(-1)},
		{`bool(true)`, true},
		{`bool(false)`, false},
		{`float64(1.5)`, 1.5},
		{`float64(-0.25)`, -0.25},
		{`float64(3)`, 3.0},
		{`float32(2.5)`, float32(2.5)},
		{`float64(+Inf)`, math.Inf(1)},
		{`float64(-Inf)`, math.Inf(-1)},
		{`math.Float64frombits(0x3ff0000000000000)`, 1.0},
		{`math.Float32frombits(0x40200000)`, float32(2.5)},
	} {
		vals, err := UnmarshalNative([]byte("go test fuzz v1\n" + tc.line + "\n"))
		if err != nil {
			t.Errorf("%s: %v", tc.line, err)
			continue
		}
		if len(vals) != 1 || !reflect.DeepEqual(vals[0], tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.line, vals, tc.want)
		}
	}
	vals, err := UnmarshalNative([]byte("go test fuzz v1\r\nfloat64(NaN)\n\n  int(1)  \n"))
	if err != nil || len(vals) != 2 || !math.IsNaN(vals[0].(float64)) || vals[1] != 1 {
		t.Errorf("NaN and int with CRLF header and blank lines: %v %v", vals, err)
	}
}

func TestUnmarshalNativeErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
	}{
		{"", 1},
		{"go test fuzz v1", 1},
		{"go test fuzz v2\n[]byte(\"\")\n", 1},
		{"go test fuzz v1\n\n", 2},
		{"go test fuzz v1\n[]byte(\"\")\nnot go(\n", 3},
		{"go test fuzz v1\n[4]byte(\"abcd\")\n", 2},
		{"go test fuzz v1\n[]int(\"a\")\n", 2},
		{"go test fuzz v1\n[]byte(1)\n", 2},
		{"go test fuzz v1\nint8(128)\n", 2},
		{"go test fuzz v1\nuint(-1)\n", 2},
		{"go test fuzz v1\nbyte('\u2709')\n", 2},
		{"go test fuzz v1\nbool(1)\n", 2},
		{"go test fuzz v1\nint(1.5)\n", 2},
		{"go test fuzz v1\ncomplex128(1)\n", 2},
		{"go test fuzz v1\nstrings.Repeat(\"a\")\n", 2},
		{"go test fuzz v1\nmath.Sqrt(4)\n", 2},
		{"go test fuzz v1\nint(1, 2)\n", 2},
		{"go test fuzz v1\nfloat64(\"x\")\n", 2},
		{"go test fuzz v1\nint(!1)\n", 2},
	} {
		_, err := UnmarshalNative([]byte(tc.file))
		var ne *NativeError
		if !errors.As(err, &ne) {
			t.Errorf("%q: err = %v, want *NativeError", tc.file, err)
			continue
		}
		if ne.Line != tc.line {
			t.Errorf("%q: error on line %d, want %d (%v)", tc.file, ne.Line, tc.line, err)
		}
	}
}

func TestNativeInput(t *testing.T) {
	if got, err := NativeInput([]byte("go test fuzz v1\nstring(\"x\")\n")); err != nil || string(got) != "x" {
		t.Errorf("string value: %q, %v", got, err)
	}
	for _, bad := range []string{
		"go test fuzz v1\n[]byte(\"a\")\n[]byte(\"b\")\n",
		"go test fuzz v1\nint(1)\n",
		"nonsense",
	} {
		if _, err := NativeInput([]byte(bad)); err == nil {
			t.Errorf("NativeInput(%q) succeeded", bad)
		}
	}
}

// TestNativeRoundTripCorpus: every seed survives raw -> native -> raw, and
// the native file is the same after a second encoding.
func TestNativeRoundTripCorpus(t *testing.T) {
	for _, s := range All() {
		file := MarshalNative(s.Data)
		back, err := NativeInput(file)
		if err != nil {
			t.Fatalf("%s: %v", s.Path, err)
		}
		if !bytes.Equal(back, s.Data) {
			t.Fatalf("%s: raw -> native -> raw changed the bytes", s.Path)
		}
		if !bytes.Equal(MarshalNative(back), file) {
			t.Fatalf("%s: native -> raw -> native changed the file", s.Path)
		}
	}
}

// TestNativeTestdataWrittenByUs checks that the files in
// testdata/fuzz/FuzzNativeDecode, which go test itself reads when it runs
// FuzzNativeDecode, are exactly what MarshalNative writes and named as go
// test names them: so go test's own decoder accepts our encoding.
func TestNativeTestdataWrittenByUs(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzNativeDecode")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 3 {
		t.Fatalf("%d files in %s, want at least 3", len(entries), dir)
	}
	for _, e := range entries {
		file, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		data, err := NativeInput(file)
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if name, want := FileFor(Native, data); name != e.Name() || !bytes.Equal(want, file) {
			t.Errorf("%s: MarshalNative would write %s with different bytes", e.Name(), name)
		}
	}
}

// FuzzNativeDecode checks that decoding never panics and that any input
// survives the native encoding. Its seed files in testdata were written by
// MarshalNative and are decoded by go test's own reader.
func FuzzNativeDecode(f *testing.F) {
	f.Add([]byte("go test fuzz v1\nint(1)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = UnmarshalNative(data)
		back, err := NativeInput(MarshalNative(data))
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("round trip of %q: %q, %v", data, back, err)
		}
	})
}
