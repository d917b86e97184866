package main

import (
	"fmt"
	"os"
)

// runParse implements "imapstress parse".
func runParse(args []string) int {
	fmt.Fprintln(os.Stderr, "imapstress parse: not implemented yet")
	return 1
}
