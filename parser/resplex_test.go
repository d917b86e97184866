package parser

import (
	"fmt"
	"strconv"
	"testing"
)

// TestReadNumber checks readNumber on both of its paths (with eight bytes
// to spare and without) against strconv.
func TestReadNumber(t *testing.T) {
	for _, s := range []string{"1", "42 ", "1234567,", "12345678", "123456789)", "4294967295", "4294967296", "99999999999", "x", ""} {
		for _, pad := range []string{"", "        "} {
			b := []byte(s + pad)
			n, p, ok := readNumber(b, 0)
			j := 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			want, err := strconv.ParseUint(s[:j], 10, 32)
			if wantOK := j > 0 && err == nil; ok != wantOK || (ok && (uint64(n) != want || p != j)) {
				t.Errorf("readNumber(%q) = %d, %d, %v; want %d, %d, %v", b, n, p, ok, want, j, wantOK)
			}
		}
	}
}

// TestFrameResponseFastPath checks that FrameResponse, whose common case
// skips frameLines, frames every prefix of the table inputs exactly as
// frameLines does, with default and with tiny line limits, strict and
// lenient.
func TestFrameResponseFastPath(t *testing.T) {
	var inputs []string
	for _, c := range allCases() {
		inputs = append(inputs, c.in)
	}
	for _, c := range fetchCases {
		inputs = append(inputs, c.in)
	}
	inputs = append(inputs, "* OK [ALERT] {5}\r\n", "* 1 FETCH (BODY[] {5}\r\nhello)\r\n", "A1 OK x\n", "\r\n", "\n", "}\r\n", "* 12345678901234567890 EXISTS\r\n")
	for _, lim := range []Limits{{}, {MaxLine: 8}, {MaxLine: 20}} {
		for _, lenient := range []bool{false, true} {
			p := NewParser(Options{Limits: lim, Lenient: lenient})
			for _, in := range inputs {
				for n := 0; n <= len(in); n++ {
					b := []byte(in[:n])
					got, gotErr := p.FrameResponse(b)
					r, wantErr := frameLines(b, p.limits(), frameResponse, lenient, nil)
					want := r.n
					if wantErr != nil {
						want = 0
					}
					if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
						t.Fatalf("FrameResponse(%q) limits %+v lenient %v = %d, %v; frameLines says %d, %v", b, lim, lenient, got, gotErr, want, wantErr)
					}
				}
			}
		}
	}
}

// TestLongNumbers checks the validators that skip computing short numbers
// at the edges: ten digits and more, leading zeros, zero.
func TestLongNumbers(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" for valid, else the error's expectation at offset 9
	}{
		{"4294967295", ""},
		{"4294967296", "number below 2^32"},
		{"99999999999999999999", "number below 2^32"},
		{"00000000001", ""},
		{"0000000000", "nz-number"},
		{"000000001", ""},
		{"0", "nz-number"},
	}
	for _, c := range cases {
		for _, msg := range []string{"* SEARCH " + c.in + "\r\n", "* ESEARCH ALL 1:" + c.in + "\r\n"} {
			var r Response
			err := (&Parser{}).ParseResponse([]byte(msg), &r)
			if c.want == "" {
				if err != nil {
					t.Errorf("%q: %v", msg, err)
				}
				continue
			}
			e, ok := err.(*Error)
			if !ok || e.Expected != c.want || e.Offset != len(msg)-2-len(c.in) {
				t.Errorf("%q: error %v, want %q at offset %d", msg, err, c.want, len(msg)-2-len(c.in))
			}
		}
	}
}
