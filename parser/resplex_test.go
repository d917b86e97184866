package parser

import (
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
