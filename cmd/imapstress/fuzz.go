package main

import (
	"fmt"
	"os"
)

// runFuzz implements "imapstress fuzz".
func runFuzz(args []string) int {
	fmt.Fprintln(os.Stderr, "imapstress fuzz: not implemented yet")
	return 1
}
