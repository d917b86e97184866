package parser_test

import (
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// A long sequence set, such as the ALL of an ESEARCH response, is read
// fastest a batch of ranges at a time.
func ExampleSeqIter_NextBatch() {
	set, err := parser.ParseUIDSet([]byte("1:5,11:15,21,30:25"))
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf [64]parser.SeqRange
	it := set.Ranges()
	for n := it.NextBatch(buf[:]); n > 0; n = it.NextBatch(buf[:]) {
		for _, r := range buf[:n] {
			lo, hi := r.Bounds(0)
			fmt.Println(lo, hi)
		}
	}
	// Output:
	// 1 5
	// 11 15
	// 21 21
	// 25 30
}
