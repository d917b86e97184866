package main

import (
	"flag"
	"fmt"
	"io"
	"os"

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
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
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
}
