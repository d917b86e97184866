//go:build !gofuzz

package fuzz

import (
	"strings"
	"testing"
)

// seqBatchSeeds returns sequence sets for FuzzSeqBatch: the edge cases of
// a number (0, leading zeros, the largest 32-bit number and one more, "*",
// "$"), empty and trailing separators, and long sets whose numbers of 7 to
// 10 digits cross the words and windows NextBatch reads.
func seqBatchSeeds() [][]byte {
	seeds := []string{
		"", "0", "1", "01:002", "4294967295", "4294967296", "1:4294967295,2", "1:4294967296,2",
		"*", "*:5,7", "$", "$,1", ",", "1,", "1:", "1,,2", "1:2:3,4", "1 2", "12345,1:0,3",
	}
	var long strings.Builder
	for i := 1; i <= 40; i++ {
		if i > 1 {
			long.WriteByte(',')
		}
		long.WriteString(strings.Repeat("12345678", 2)[:1+i%8])
		long.WriteByte(':')
		long.WriteString(strings.Repeat("9", 1+i%5))
	}
	l := long.String()
	for _, mid := range []string{"1234567", "12345678", "123456789", "4294967295", "4294967296", "0", "00", "*", "$", ":", ","} {
		seeds = append(seeds, l, l+","+mid+","+l, l+","+mid+":"+mid+","+l, l+mid+l)
	}
	out := make([][]byte, len(seeds))
	for i, s := range seeds {
		out[i] = []byte(s)
	}
	return out
}

func FuzzSeqBatch(f *testing.F) {
	addSeeds(f, seqBatchSeeds())
	f.Fuzz(func(t *testing.T, data []byte) { run(t, SeqBatch, data) })
}
