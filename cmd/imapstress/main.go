// Command imapstress is the IMAP stress, fuzz and parse toolkit.
//
// It has one subcommand per job; run "imapstress help" for the list.
package main

import (
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(os.Stderr, usage)
		return 0
	}
	fmt.Fprintf(os.Stderr, "imapstress: unknown subcommand %q\n\n%s\n", args[0], usage)
	return 1
}

const usage = `usage: imapstress <command> [flags]

commands:
  load     run a load test (no --addr: against the embedded target server)
  serve    run the embedded target server
  parse    parse server responses or client commands and print their structure
  fuzz     network fuzzers: fuzz server, fuzz client, fuzz replay
  corpus   convert, minimize, check corpus folders
  report   merge histogram logs and print the percentile table

Run "imapstress <command> --help" for a command's flags.`
