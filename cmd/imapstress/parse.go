package main

import (
	"flag"
	"fmt"
	"io"
	"os"

<<<<<<< HEAD
	"github.com/imapstress/imapstress/parser/parsefmt"
)

// parseMode is one kind of input "imapstress parse" reads. Each mode has
// its flag (--responses, and beside it --commands, --session) and a
// function that parses one named stream.
type parseMode struct {
	flag  string
	usage string
	run   func(out, errw io.Writer, name string, r io.Reader, opt parsefmt.Options) (parsefmt.Result, error)
}

// parseModes lists the modes; a new input kind is one more entry.
var parseModes = []parseMode{
	{"responses", "the files hold server responses", parsefmt.Responses},
}

// runParse implements "imapstress parse": it parses each FILE ("-" for
// stdin) in the chosen mode, prints every message, reports every error
// with file and offset, and exits 1 if any message failed.
func runParse(args []string) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: imapstress parse --responses [--json] [--lenient] FILE... (- for stdin)")
		fs.PrintDefaults()
	}
	selected := make([]bool, len(parseModes))
	for i, m := range parseModes {
		fs.BoolVar(&selected[i], m.flag, false, m.usage)
	}
	var opt parsefmt.Options
	fs.BoolVar(&opt.JSON, "json", false, "print one JSON object per message")
	fs.BoolVar(&opt.Lenient, "lenient", false, "accept known server deviations and list each violation")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	var mode *parseMode
	for i := range parseModes {
		if selected[i] {
			if mode != nil {
				fmt.Fprintln(os.Stderr, "imapstress parse: choose one input kind")
				return 1
			}
			mode = &parseModes[i]
		}
	}
	if mode == nil || fs.NArg() == 0 {
		fs.Usage()
		return 1
	}
	failed := false
	for _, name := range fs.Args() {
		if !parseOne(mode, name, opt) {
=======
	"github.com/imapstress/imapstress/internal/inspect"
	"github.com/imapstress/imapstress/parser"
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
			st = inspect.Responses(name, data, opt)
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
>>>>>>> main
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
<<<<<<< HEAD
}

// parseOne parses one named input ("-" is stdin) and reports whether
// every message in it parsed.
func parseOne(mode *parseMode, name string, opt parsefmt.Options) bool {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "imapstress parse:", err)
			return false
		}
		defer f.Close()
		r = f
	}
	res, err := mode.run(os.Stdout, os.Stderr, name, r, opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "imapstress parse:", err)
		return false
	}
	return res.Failed == 0
=======
>>>>>>> main
}
