package parser

import (
	"errors"
	"testing"
)

func TestFrameResponse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opt     Options
		n       int // expected length; 0 with errOff<0 means ErrIncomplete
		errOff  int // expected error offset, -1 for none
		isLimit bool
	}{
		{"tagged", "a1 OK done\r\nrest", Options{}, 12, -1, false},
		{"status text ending like a literal", "* OK see {5}\r\nx", Options{}, 14, -1, false},
		{"continuation ending like a literal", "+ {3}\r\n", Options{}, 7, -1, false},
		{"literal", "* 1 FETCH (BODY[] {5}\r\nhello)\r\nX", Options{}, 31, -1, false},
		{"two literals", "* 1 FETCH (A {1}\r\nx B {2}\r\nyz)\r\n", Options{}, 32, -1, false},
		{"literal8", "* 1 FETCH (BINARY[] ~{2}\r\n\x00\x01)\r\n", Options{}, 31, -1, false},
		{"incomplete line", "* 1 EXISTS", Options{}, 0, -1, false},
		{"incomplete literal", "* 1 FETCH (BODY[] {5}\r\nhel", Options{}, 0, -1, false},
		{"bare LF strict", "* 1 EXISTS\n", Options{}, 0, 10, false},
		{"bare LF lenient", "* 1 EXISTS\n", Options{Lenient: true}, 11, -1, false},
		{"literal too big", "* 1 FETCH (BODY[] {99999999999}\r\n", Options{}, 0, 18, true},
		{"literal size overflows 64 bits", "* 1 FETCH (X {99999999999999999999}\r\n", Options{}, 0, 14, true},
		{"line too long", "* SEARCH 1 2 3 4 5 6 7 8 9\r\n", Options{Limits: Limits{MaxLine: 10}}, 0, 10, true},
		{"too many literals", "* X {1}\r\na {1}\r\nb {1}\r\nc\r\n", Options{Limits: Limits{MaxLiterals: 2}}, 0, 18, true},
		{"literal8 with plus", "* X ~{2+}\r\nab\r\n", Options{}, 0, 7, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewParser(tt.opt)
			n, err := p.FrameResponse([]byte(tt.in))
			if tt.errOff >= 0 {
				var pe *Error
				if !errors.As(err, &pe) {
					t.Fatalf("got n=%d err=%v, want *Error at %d", n, err, tt.errOff)
				}
				if pe.Offset != tt.errOff {
					t.Errorf("error offset %d, want %d (%v)", pe.Offset, tt.errOff, err)
				}
				if errors.Is(err, ErrLimit) != tt.isLimit {
					t.Errorf("errors.Is(err, ErrLimit) = %v, want %v", !tt.isLimit, tt.isLimit)
				}
				return
			}
			if tt.n == 0 {
				if err != ErrIncomplete {
					t.Fatalf("got n=%d err=%v, want ErrIncomplete", n, err)
				}
				return
			}
			if err != nil || n != tt.n {
				t.Fatalf("got n=%d err=%v, want n=%d", n, err, tt.n)
			}
		})
	}
}

func TestValueWalk(t *testing.T) {
	msg := []byte(`(a "q\"x" {3}` + "\r\n" + `lit NIL 42 (\Seen \*) () ((x)))`)
	s := newScanner(msg, 0, &defaultLimits)
	v, err := s.value()
	if err != nil {
		t.Fatal(err)
	}
	if v.Form != FormList || !s.eof() {
		t.Fatalf("form %v, eof %v", v.Form, s.eof())
	}
	var forms []Form
	var got []string
	for it := v.List(); it.Next(); {
		e := it.Value()
		forms = append(forms, e.Form)
		got = append(got, string(e.AppendString(nil)))
	}
	want := []Form{FormAtom, FormQuoted, FormLiteral, FormNIL, FormNumber, FormList, FormList, FormList}
	if len(forms) != len(want) {
		t.Fatalf("forms %v, want %v", forms, want)
	}
	for i := range want {
		if forms[i] != want[i] {
			t.Errorf("element %d: form %v, want %v", i, forms[i], want[i])
		}
	}
	if got[1] != `q"x` || got[2] != "lit" {
		t.Errorf("strings %q", got)
	}
}

func TestValueErrors(t *testing.T) {
	tests := []struct {
		in      string
		off     int
		isLimit bool
	}{
		{`(a  b)`, 3, false},
		{`(a b `, 5, false},
		{`(a )`, 3, false},
		{`"ab` + "\x00" + `"`, 3, false},
		{`"a\x"`, 3, false},
		{`((((x))))`, 3, true}, // MaxDepth 3 below
		{`{3}` + "\r\n" + "a\x00c", 6, false},
		{`4294967296`, -1, false},
	}
	lim := Limits{MaxDepth: 3}.Resolved()
	for _, tt := range tests {
		s := newScanner([]byte(tt.in), 0, &lim)
		_, err := s.value()
		if tt.off < 0 {
			if err != nil {
				t.Errorf("%q: %v", tt.in, err)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%q: err %v, want *Error", tt.in, err)
			continue
		}
		if pe.Offset != tt.off || errors.Is(err, ErrLimit) != tt.isLimit {
			t.Errorf("%q: %v; want offset %d limit %v", tt.in, err, tt.off, tt.isLimit)
		}
	}
}

func TestNumbers(t *testing.T) {
	s := newScanner([]byte("4294967295 4294967296 9223372036854775807 9223372036854775808"), 0, &defaultLimits)
	if n, err := s.number(); err != nil || n != 4294967295 {
		t.Fatalf("number: %d %v", n, err)
	}
	s.sp()
	if _, err := s.number(); err == nil {
		t.Fatal("2^32 accepted as number")
	}
	s = newScanner([]byte("9223372036854775807 9223372036854775808"), 0, &defaultLimits)
	if n, err := s.number64(); err != nil || n != 1<<63-1 {
		t.Fatalf("number64: %d %v", n, err)
	}
	s.sp()
	if _, err := s.number64(); err == nil {
		t.Fatal("2^63 accepted as number64")
	}
}
