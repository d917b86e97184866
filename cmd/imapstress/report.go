package main

import (
	"fmt"
	"os"
)

// runReport implements "imapstress report".
func runReport(args []string) int {
	fmt.Fprintln(os.Stderr, "imapstress report: not implemented yet")
	return 1
}
