package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/fuzz"
)

const checkUsage = `usage: imapstress corpus check [--side responses|commands] [-v] DIR...

Parses every file under each DIR (recursively) and reports the files that
break the promise of their name (corpus/README.md): a plain name must parse
without error or violation, bad- must fail somewhere, lenient- must fail in
strict mode and parse in lenient mode with a violation, stress- must be
parsed to its end. Files under commands/ are client commands, under
responses/ server responses, under sessions/ session files; elsewhere the
name ("response", "command") or --side tells, else both sides are checked.
Errors are reported with their byte offset in the file. Exit status 1 when a
file breaks its promise.

Flags:
`

// parseSide reads a --side value.
func parseSide(s string) (fuzz.Side, error) {
	switch s {
	case "":
		return 0, nil
	case "responses", "server":
		return fuzz.ServerSide, nil
	case "commands", "client":
		return fuzz.ClientSide, nil
	}
	return 0, fmt.Errorf("unknown side %q (want responses or commands)", s)
}

// runCorpusCheck implements "imapstress corpus check".
func runCorpusCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sideName := fs.String("side", "", "side of files outside commands/, responses/ and sessions/: responses or commands")
	verbose := fs.Bool("v", false, "also list the files that keep their promise, with their errors")
	fs.Usage = func() { fmt.Fprint(fs.Output(), checkUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		return 1
	}
	side, err := parseSide(*sideName)
	if err != nil || fs.NArg() == 0 {
		if err != nil {
			fmt.Fprintln(stderr, "imapstress corpus check: --side:", err)
		}
		fs.Usage()
		return 1
	}
	files, broken := 0, 0
	for _, dir := range fs.Args() {
		results, err := fuzz.CheckDir(dir, side)
		if err != nil {
			fmt.Fprintln(stderr, "imapstress corpus check:", err)
			return 1
		}
		for _, r := range results {
			files++
			if r.Problem != "" {
				broken++
				fmt.Fprintf(stdout, "FAIL %s (%v): %s\n", r.Path, r.Expect, r.Problem)
			} else if *verbose {
				fmt.Fprintf(stdout, "ok   %s (%v)\n", r.Path, r.Expect)
			}
			if r.Problem != "" || *verbose {
				for _, st := range r.Streams {
					for _, e := range st.Errors {
						fmt.Fprintf(stdout, "     %s %s\n", st.Side, e)
					}
				}
			}
		}
	}
	fmt.Fprintf(stdout, "%d files checked, %d break their promise\n", files, broken)
	if broken > 0 {
		return 1
	}
	return 0
}

const minimizeUsage = `usage: imapstress corpus minimize --side responses|commands [--from L] [--to L] SRC DST

Reads the fuzz corpus SRC and writes to DST only the inputs that add a new
parse outcome: from the smallest input to the largest, an input is kept when
one of its messages has a signature no smaller input had (for a response its
kind, status, response code, data type, FETCH item kinds and lenient
violations; for a command its kind, UID form, FETCH item and search key
kinds; for an error where in the grammar it failed and whether it was a
limit). The criterion is parse outcomes, not code coverage: it is cheap and
the same for go-fuzz and native corpora. Layouts as for convert (default
gofuzz).

Flags:
`

// runCorpusMinimize implements "imapstress corpus minimize".
func runCorpusMinimize(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus minimize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sideName := fs.String("side", "", "what the inputs are: responses or commands")
	from := fs.String("from", "gofuzz", "layout of SRC: gofuzz or native")
	to := fs.String("to", "gofuzz", "layout to write DST in: gofuzz or native")
	fs.Usage = func() { fmt.Fprint(fs.Output(), minimizeUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		return 1
	}
	side, err := parseSide(*sideName)
	if err != nil || side == 0 || fs.NArg() != 2 {
		fmt.Fprintln(stderr, "imapstress corpus minimize: need --side responses|commands, SRC and DST")
		fs.Usage()
		return 1
	}
	fromL, err := corpus.ParseLayout(*from)
	if err != nil {
		fmt.Fprintln(stderr, "imapstress corpus minimize: --from:", err)
		return 1
	}
	toL, err := corpus.ParseLayout(*to)
	if err != nil {
		fmt.Fprintln(stderr, "imapstress corpus minimize: --to:", err)
		return 1
	}
	inputs, err := corpus.ReadDir(fromL, fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "imapstress corpus minimize:", err)
		return 1
	}
	kept := fuzz.Minimize(inputs, side)
	written, err := corpus.WriteDir(toL, fs.Arg(1), kept)
	if err != nil {
		fmt.Fprintln(stderr, "imapstress corpus minimize:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d inputs read, %d kept (new parse outcomes), %d files written to %s\n", len(inputs), len(kept), written, fs.Arg(1))
	return 0
}
