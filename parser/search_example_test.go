package parser_test

import (
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// A client that keeps the numbers of a long SEARCH response reads them a
// batch at a time into an array on its stack.
func ExampleNumIter_NextBatch() {
	var p parser.Parser
	var r parser.Response
	if err := p.ParseResponse([]byte("* SEARCH 2 84 882 4294967295 (MODSEQ 917162500)\r\n"), &r); err != nil {
		fmt.Println(err)
		return
	}
	var buf [64]uint32
	sum := uint64(0)
	it := r.SearchNumbers()
	for k := it.NextBatch(buf[:]); k > 0; k = it.NextBatch(buf[:]) {
		for _, n := range buf[:k] {
			fmt.Println(n)
			sum += uint64(n)
		}
	}
	modseq, _ := r.SearchModSeq()
	fmt.Println("sum", sum, "modseq", modseq)
	// Output:
	// 2
	// 84
	// 882
	// 4294967295
	// sum 4294968263 modseq 917162500
}
