//go:build !gofuzz

package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
)

// SideOf returns the side a seed path holds by its folder: ClientSide under
// commands/, ServerSide under responses/; elsewhere (crashers/) by a
// "response" or "command" in the file name; 0 when it cannot tell (and for
// sessions/, which hold both sides in the session file format).
func SideOf(p string) Side {
	for _, el := range strings.Split(path.Dir(strings.ReplaceAll(p, "\\", "/")), "/") {
		switch el {
		case "commands":
			return ClientSide
		case "responses":
			return ServerSide
		case "sessions":
			return 0
		}
	}
	base := path.Base(p)
	switch {
	case strings.Contains(base, "response"):
		return ServerSide
	case strings.Contains(base, "command"):
		return ClientSide
	}
	return 0
}

// StreamResult is what parsing one byte stream gave.
type StreamResult struct {
	// Side is the direction parsed.
	Side Side
	// Messages counts the messages parsed without error, in strict mode.
	Messages int
	// Errors are the strict parser's errors, at most a few, their
	// offsets mapped into the file.
	Errors []OffsetError
	// LenientErrors counts the lenient parser's errors; Violations the
	// deviations it tolerated.
	LenientErrors, Violations int
}

// OffsetError is one error of a stream, at a byte offset of the file.
type OffsetError struct {
	Offset int64
	Err    error
}

func (e OffsetError) String() string {
	return "offset " + strconv.FormatInt(e.Offset, 10) + ": " + e.Err.Error()
}

// CheckResult is the verdict on one seed file.
type CheckResult struct {
	// Path is the file's name as given.
	Path string
	// Expect is what the name promises.
	Expect corpus.Expect
	// Streams are the streams parsed: one for commands/ and responses/,
	// two for a session (client, server).
	Streams []StreamResult
	// Problem is empty when the file keeps its promise, else why not.
	Problem string
}

// maxCheckErrors bounds the errors kept per stream.
const maxCheckErrors = 4

// CheckSeed parses one seed and judges it against the promise of its name
// (corpus/README.md): a valid seed parses without error or violation, a
// bad- seed fails somewhere (a parse or limit error, or a stream that ends
// inside a message), a lenient- seed fails in strict mode and parses in
// lenient mode with at least one violation, a stress- seed is parsed to its
// end whatever the outcome. side is the seed's direction; 0 reads data as a
// session file.
func CheckSeed(name string, data []byte, side Side) CheckResult {
	res := CheckResult{Path: name, Expect: corpus.ExpectOf(name)}
	if side == 0 {
		s, err := corpus.ReadSession(data)
		if err != nil {
			res.Problem = "not a session file: " + err.Error()
			return res
		}
		for _, d := range [...]struct {
			dir  corpus.Direction
			side Side
		}{{corpus.Client, ClientSide}, {corpus.Server, ServerSide}} {
			st := checkStream(s.Stream(d.dir), d.side)
			for i := range st.Errors {
				if off, ok := s.FileOffset(d.dir, int(st.Errors[i].Offset)); ok {
					st.Errors[i].Offset = int64(off)
				}
			}
			res.Streams = append(res.Streams, st)
		}
	} else {
		res.Streams = []StreamResult{checkStream(data, side)}
	}
	res.Problem = judgeSeed(res)
	return res
}

func judgeSeed(res CheckResult) string {
	var errs, lenErrs, viol = 0, 0, 0
	for _, st := range res.Streams {
		errs += len(st.Errors)
		lenErrs += st.LenientErrors
		viol += st.Violations
	}
	first := func() string {
		for _, st := range res.Streams {
			if len(st.Errors) > 0 {
				return st.Side.String() + " " + st.Errors[0].String()
			}
		}
		return ""
	}
	switch res.Expect {
	case corpus.Valid:
		if errs > 0 {
			return "valid seed fails: " + first()
		}
		if viol > 0 {
			return fmt.Sprintf("valid seed needs %d lenient violations", viol)
		}
	case corpus.Invalid:
		if errs == 0 {
			return "bad- seed parses without error"
		}
	case corpus.Lenient:
		if errs == 0 {
			return "lenient- seed parses in strict mode"
		}
		if lenErrs > 0 {
			return "lenient- seed fails in lenient mode too: " + first()
		}
		if viol == 0 {
			return "lenient- seed parses in lenient mode without a violation"
		}
	case corpus.Stress:
		// Hostile input: parsing it to the end, without a panic, hang or
		// runaway memory, is the promise; errors of any kind are allowed
		// (the ambiguity seeds are refused by the grammar).
	}
	return ""
}

// checkStream parses a stream of one side with the streaming reader, strict
// and lenient, and counts what it saw.
func checkStream(data []byte, side Side) StreamResult {
	st := StreamResult{Side: side}
	for _, lenient := range []bool{false, true} {
		p := parser.NewParser(parser.Options{Lenient: lenient})
		each := func(err error, viol int, off int64) {
			switch {
			case err == nil:
				if !lenient {
					st.Messages++
				}
				st.Violations += viol
			case lenient:
				st.LenientErrors++
			case len(st.Errors) < maxCheckErrors:
				st.Errors = append(st.Errors, OffsetError{off, err})
			}
		}
		if side == ServerSide {
			readAllResponses(data, p, each)
		} else {
			readAllCommands(data, p, each)
		}
	}
	return st
}

// maxCheckMessages bounds the messages read from one stream.
const maxCheckMessages = 1 << 16

// readAllResponses calls each for every response of data: its error (nil
// when it parsed), its violation count and the stream offset of the error.
func readAllResponses(data []byte, p *parser.Parser, each func(err error, viol int, off int64)) {
	rr := parser.NewResponseReader(bytes.NewReader(data), p, parser.ReaderOptions{})
	var r parser.Response
	for range maxCheckMessages {
		err := rr.Next(&r)
		if err == io.EOF {
			return
		}
		off := rr.Offset()
		var pe *parser.Error
		if errors.As(err, &pe) {
			off = int64(pe.Offset)
		}
		if err == nil {
			each(nil, r.ViolationCount(), 0)
			continue
		}
		each(err, 0, off)
		if pe == nil {
			return
		}
	}
}

// readAllCommands is readAllResponses for commands, through a
// CommandReader that guesses the end of AUTHENTICATE exchanges and answers
// every synchronizing literal.
func readAllCommands(data []byte, p *parser.Parser, each func(err error, viol int, off int64)) {
	cr := parser.NewCommandReader(bytes.NewReader(data), p)
	cr.GuessExchanges(true)
	var c parser.Command
	for range maxCheckMessages {
		m, err := cr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *parser.Error
			off := int64(len(data))
			if errors.As(err, &pe) {
				off = int64(pe.Offset)
			}
			each(err, 0, off)
			return
		}
		if m.Kind != parser.ReadCommand {
			continue
		}
		if err := p.ParseCommand(m.Bytes, &c); err != nil {
			var pe *parser.Error
			off := m.Offset
			if errors.As(err, &pe) {
				off += int64(pe.Offset)
			}
			each(err, 0, off)
			continue
		}
		each(nil, 0, 0)
	}
}

// CheckDir checks every input of the seed folder dir (read as go-fuzz
// reads a folder: recursively, any file names, except Go, Markdown, the
// dictionary and internal/ and testdata/) and returns the results,
// sorted by path. The side of each file comes from its folder (SideOf);
// side, when not 0, overrides it for files outside commands/, responses/
// and sessions/. Files whose side cannot be told are checked as both.
func CheckDir(dir string, side Side) ([]CheckResult, error) {
	inputs, err := corpus.ReadDir(corpus.GoFuzz, dir)
	if err != nil {
		return nil, err
	}
	var out []CheckResult
	for _, in := range inputs {
		full := path.Join(dir, in.Path)
		if notSeed(in.Path) {
			continue
		}
		s := SideOf(full)
		inSessions := strings.Contains("/"+full, "/sessions/")
		switch {
		case s != 0 || inSessions:
			out = append(out, CheckSeed(full, in.Data, s))
		case side != 0:
			out = append(out, CheckSeed(full, in.Data, side))
		default:
			for _, sd := range []Side{ServerSide, ClientSide} {
				r := CheckSeed(full, in.Data, sd)
				r.Path += " (" + sd.String() + ")"
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// notSeed reports whether a file under a corpus folder is not a seed: Go
// source, documentation, the dictionary, and the corpus package's internal/
// and testdata/ folders.
func notSeed(p string) bool {
	switch path.Ext(p) {
	case ".go", ".md", ".dict", ".sh":
		return true
	}
	p = "/" + p
	return strings.Contains(p, "/internal/") || strings.Contains(p, "/testdata/")
}
