package parsefmt_test

import (
	"os"
	"strings"

	"github.com/imapstress/imapstress/parser/parsefmt"
)

func ExampleResponses() {
	stream := "* 2 EXISTS\r\n* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n* OK [UIDNEXT x] bad\r\na1 OK done\r\n"
	parsefmt.Responses(os.Stdout, os.Stdout, "capture.txt", strings.NewReader(stream), parsefmt.Options{})
	// Output:
	// 0 untagged EXISTS 2
	// 12 untagged FETCH 1 (UID=7 FLAGS=(\Seen))
	// capture.txt: offset 59: expected number, found "x] bad"
	// 67 tagged a1 OK "done"
}
