// Command imapstress is the IMAP stress, fuzz and parse toolkit.
//
// It has one subcommand per job; run "imapstress help" for the list. The
// subcommands only parse flags and wire the library packages together: all
// logic lives in parser/, load/, fuzz/ and corpus/.
package main

import (
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run dispatches to a subcommand and returns the process exit code:
// 0 success, 1 the job could not be done, 2 a threshold was breached or a
// fuzzer found something.
func run(args []string) int {
	if len(args) == 0 {
		// The newcomer's first command: a demo load run against the
		// embedded target server.
		return runLoad(nil)
	}
	switch args[0] {
	case "load":
		return runLoad(args[1:])
	case "serve":
		return runServe(args[1:])
	case "parse":
		return runParse(args[1:])
	case "fuzz":
		return runFuzz(args[1:])
	case "corpus":
		return runCorpus(args[1:])
	case "report":
		return runReport(args[1:])
	case "record":
		return runRecord(args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(os.Stdout, usage)
		return 0
	}
	fmt.Fprintf(os.Stderr, "imapstress: unknown command %q\n\n%s\n", args[0], usage)
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
  record   a recording proxy that writes each connection as a session file

Run "imapstress <command> --help" for a command's flags.`
