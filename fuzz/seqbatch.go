package fuzz

import (
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// SeqBatch is the body of the sequence-set walk target. It walks data as a
// sequence set with SeqIter.Next and Range, then again with
// SeqIter.NextBatch in batches of 1 to 64 ranges (the size taken from
// data's length), and fails when the two walks give different ranges or
// a batch is short before the end. It returns 1 when the walk found a
// range.
func SeqBatch(data []byte) (int, error) {
	var want []parser.SeqRange
	it := parser.SeqSet{Raw: data}.Ranges()
	for it.Next() {
		want = append(want, it.Range())
	}
	var buf [64]parser.SeqRange
	size := 1 + len(data)%len(buf)
	it = parser.SeqSet{Raw: data}.Ranges()
	got := 0
	for {
		n := it.NextBatch(buf[:size])
		for i, r := range buf[:n] {
			if got+i >= len(want) || r != want[got+i] {
				return 0, fmt.Errorf("set %q: batches of %d give %v as range %d, Next gives %v", data, size, r, got+i, want)
			}
		}
		got += n
		if n < size {
			break
		}
	}
	if got != len(want) {
		return 0, fmt.Errorf("set %q: batches of %d give %d ranges, Next %d", data, size, got, len(want))
	}
	if got == 0 {
		return 0, nil
	}
	return 1, nil
}
