package main

import (
	"fmt"
	"os"
)

// runCorpus implements "imapstress corpus".
func runCorpus(args []string) int {
	fmt.Fprintln(os.Stderr, "imapstress corpus: not implemented yet")
	return 1
}
