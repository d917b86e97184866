package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/imapstress/imapstress/corpus"
)

// corpusSub is one "imapstress corpus" subcommand.
type corpusSub struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// corpusSubs lists the corpus subcommands in the order help shows them.
func corpusSubs() []corpusSub {
	return []corpusSub{
		{"convert", "convert a fuzz corpus folder between the go-fuzz and the native layout", runCorpusConvert},
		{"check", "parse every seed and report those that break their promised outcome", runCorpusCheck},
		{"minimize", "keep only the inputs that add a new parse outcome", runCorpusMinimize},
	}
}

const corpusUsage = `usage: imapstress corpus <command> [flags] [args]

Work on fuzz corpus folders and on the seed corpus in corpus/.

commands:
%s
Run "imapstress corpus <command> --help" for a command's flags.
`

// runCorpus implements "imapstress corpus".
func runCorpus(args []string) int {
	return corpusMain(args, os.Stdout, os.Stderr)
}

func corpusMain(args []string, stdout, stderr io.Writer) int {
	subs := corpusSubs()
	list := ""
	for _, s := range subs {
		list += fmt.Sprintf("  %-9s %s\n", s.name, s.summary)
	}
	if len(args) == 0 {
		fmt.Fprintf(stderr, corpusUsage, list)
		return 1
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprintf(stdout, corpusUsage, list)
		return 0
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "imapstress corpus: unknown command %q\n\n"+corpusUsage, args[0], list)
	return 1
}

const convertUsage = `usage: imapstress corpus convert --from gofuzz|native --to gofuzz|native SRC DST

Reads every input of the corpus folder SRC and writes it into DST (created if
missing), one file per distinct input, byte-exact.

Layouts:
  gofuzz  go-fuzz's layout: one raw input per file, named by the hex SHA-1 of
          its content. Reading accepts any file names and walks subfolders, so
          a seed folder such as corpus/responses is a gofuzz SRC; go-fuzz's
          <sha1>.quoted and <sha1>.output files and README files are skipped.
  native  go test's layout, testdata/fuzz/FuzzX: one file per input in the
          "go test fuzz v1" encoding, []byte("...") with strconv quoting, named
          like go test names them. Only files holding one []byte or string
          value can be read.

Files already in DST are kept; an input whose file exists with the same
bytes is not written again. The conversion raw -> native -> raw gives back
the same bytes.

Examples:
  imapstress corpus convert --from gofuzz --to native corpus/responses fuzz/testdata/fuzz/FuzzResponse
  imapstress corpus convert --from native --to gofuzz fuzz/testdata/fuzz/FuzzResponse /tmp/gofuzz-work/corpus

Flags:
`

// runCorpusConvert implements "imapstress corpus convert".
func runCorpusConvert(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "layout of SRC: gofuzz or native")
	to := fs.String("to", "", "layout to write DST in: gofuzz or native")
	quiet := fs.Bool("quiet", false, "print nothing on success")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), convertUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		return 1
	}
	if fs.NArg() != 2 || *from == "" || *to == "" {
		fmt.Fprintln(stderr, "imapstress corpus convert: need --from, --to, SRC and DST")
		fs.Usage()
		return 1
	}
	src, dst := fs.Arg(0), fs.Arg(1)
	fromL, err := corpus.ParseLayout(*from)
	if err != nil {
		fmt.Fprintln(stderr, "imapstress corpus convert: --from:", err)
		return 1
	}
	toL, err := corpus.ParseLayout(*to)
	if err != nil {
		fmt.Fprintln(stderr, "imapstress corpus convert: --to:", err)
		return 1
	}
	read, written, err := corpus.Convert(fromL, src, toL, dst)
	if err != nil {
		fmt.Fprintln(stderr, "imapstress corpus convert:", err)
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "%d inputs read from %s (%v), %d files written to %s (%v)\n", read, src, fromL, written, dst, toL)
	}
	return 0
}
