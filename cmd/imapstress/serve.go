package main

import (
	"fmt"
	"os"
)

// runServe implements "imapstress serve".
func runServe(args []string) int {
	fmt.Fprintln(os.Stderr, "imapstress serve: not implemented yet")
	return 1
}
