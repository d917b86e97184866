package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/imapstress/imapstress/internal/inspect"
	"github.com/imapstress/imapstress/parser"
	"github.com/imapstress/imapstress/parser/parsefmt"
)

const parseUsage = `usage: imapstress parse (--responses | --commands | --session) [--json] [--lenient] FILE...

Parse files ("-" for stdin) of server responses, client commands, or session
transcripts (C: / S: records, see corpus/README.md), print one line per
message (--json: one JSON object), and report every error with its byte
offset. Exit status 1 if any message failed.
`

// runParse implements "imapstress parse".
func runParse(args []string) int {
	return parseMain(args, os.Stdin, os.Stdout, os.Stderr)
}

func parseMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	responses := fs.Bool("responses", false, "the files hold server responses")
	commands := fs.Bool("commands", false, "the files hold client commands")
	session := fs.Bool("session", false, "the files are session transcripts (both directions)")
	jsonOut := fs.Bool("json", false, "print one JSON object per message")
	lenient := fs.Bool("lenient", false, "accept known server deviations and list each one")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), parseUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	modes := 0
	for _, m := range []bool{*responses, *commands, *session} {
		if m {
			modes++
		}
	}
	if modes != 1 || fs.NArg() == 0 {
		fs.Usage()
		return 1
	}
	opt := inspect.Options{
		JSON:   *jsonOut,
		Parser: parser.NewParser(parser.Options{Lenient: *lenient}),
		Out:    stdout,
		Err:    stderr,
	}
	failed := false
	for _, name := range fs.Args() {
		var data []byte
		var err error
		if name == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintln(stderr, "imapstress parse:", err)
			failed = true
			continue
		}
		var st inspect.Stats
		switch {
		case *responses:
			// parsefmt streams through parser.ResponseReader and prints
			// FETCH items, ENVELOPE and BODYSTRUCTURE as nested JSON.
			res, err := parsefmt.Responses(stdout, stderr, name, bytes.NewReader(data), parsefmt.Options{JSON: *jsonOut, Lenient: *lenient})
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", name, err)
				failed = true
			}
			st = inspect.Stats{Messages: res.Messages, Errors: res.Failed}
		case *commands:
			st = inspect.Commands(name, data, opt)
		default:
			st, err = inspect.Session(name, data, opt)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", name, err)
				failed = true
				continue
			}
		}
		if st.Errors > 0 {
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
}
