package main

import (
	"fmt"
	"os"
)

// runLoad implements "imapstress load".
func runLoad(args []string) int {
	fmt.Fprintln(os.Stderr, "imapstress load: not implemented yet")
	return 1
}
