package parser_test

import (
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// A server's loop keeps its iterators across commands and sets them in
// place: no iterator, FetchAtt or SearchKey is copied per command, item
// or key, and Next costs no call through the command's record.
func ExampleFetchIter_Reset() {
	var p parser.Parser
	var c parser.Command
	var items parser.FetchIter
	var fields, flags parser.ElemIter
	var keys parser.SearchIter
	var walk func(it *parser.SearchIter, depth int)
	walk = func(it *parser.SearchIter, depth int) {
		var sub parser.SearchIter
		for it.Next() {
			fmt.Printf("%*s%v %q\n", 2*depth, "", it.Kind(), it.Arg().Raw)
			if it.Descend(&sub) {
				walk(&sub, depth+1)
			}
		}
	}
	for _, cmd := range []string{
		"a1 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From Subject)]<0.2048>)\r\n",
		"a2 UID SEARCH OR (FROM \"alice\" SINCE 1-Jan-2024) NOT SEEN\r\n",
		"a3 UID STORE 7 +FLAGS.SILENT (\\Seen \\Flagged)\r\n",
	} {
		if err := p.ParseCommand([]byte(cmd), &c); err != nil {
			fmt.Println(err)
			return
		}
		switch c.Kind {
		case parser.CmdFetch:
			items.Reset(&c)
			for items.Next() {
				origin, size, partial := items.Partial()
				fmt.Println(items.Kind(), items.Peek(), partial, origin, size)
				items.HeaderFields(&fields)
				for fields.Next() {
					fmt.Printf("  field %s\n", fields.Value().Raw)
				}
			}
		case parser.CmdSearch:
			keys.Reset(&c)
			walk(&keys, 0)
		case parser.CmdStore:
			flags.ResetFlags(&c)
			for flags.Next() {
				fmt.Printf("flag %s\n", flags.Value().Raw)
			}
		}
	}
	// Output:
	// FLAGS false false 0 0
	// BODY[] true true 0 2048
	//   field From
	//   field Subject
	// OR ""
	//   group ""
	//     FROM "alice"
	//     SINCE "1-Jan-2024"
	//   NOT ""
	//     SEEN ""
	// flag \Seen
	// flag \Flagged
}
