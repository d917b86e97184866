package main

import (
	"fmt"
	"os"
)

// runRecord implements "imapstress record".
func runRecord(args []string) int {
	fmt.Fprintln(os.Stderr, "imapstress record: not implemented yet")
	return 1
}
