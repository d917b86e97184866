//go:build !gofuzz

package fuzz

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strconv"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
)

// Outcomes returns the parse outcome signatures of data read as one side: one
// string per message, saying what the strict parser made of it. For a
// response: its kind, status, response code, data type, the kinds of its
// FETCH items and the violations the lenient parser reports; for a command:
// its kind, UID, its FETCH item and search key kinds; for a failure: where in
// the grammar it failed (the error's Expected) and whether it was a limit.
// Offsets and contents are left out, so inputs that exercise the parser the
// same way share their signatures.
func Outcomes(data []byte, side Side) []string {
	var out []string
	if side == ServerSide {
		lp := parser.NewParser(parser.Options{Lenient: true})
		var lr parser.Response
		rr := parser.NewResponseReader(bytes.NewReader(data), nil, parser.ReaderOptions{})
		var r parser.Response
		for range maxMessages {
			err := rr.Next(&r)
			if err != nil {
				if err != io.EOF {
					out = append(out, errSignature(err))
				}
				var pe *parser.Error
				if !errors.As(err, &pe) {
					return out
				}
				continue
			}
			sig := r.Kind.String() + " " + r.Status.String() + " " + r.Code.String() + " " + r.Type.String()
			for it := r.Fetch(); it.Next(); {
				sig += " " + it.Item().Kind.String()
			}
			if lp.ParseResponse(r.Raw, &lr) == nil {
				for _, v := range lr.Violations() {
					sig += " !" + v.Kind.String()
				}
			}
			out = append(out, sig)
		}
		return out
	}
	p := parser.NewParser(parser.Options{})
	cr := parser.NewCommandReader(bytes.NewReader(data), p)
	cr.GuessExchanges(true)
	var c parser.Command
	for calls := 0; len(out) < maxMessages && calls < 4*maxMessages; calls++ {
		m, err := cr.Next()
		if err != nil {
			if err != io.EOF {
				out = append(out, errSignature(err))
			}
			return out
		}
		if m.Kind != parser.ReadCommand {
			out = append(out, m.Kind.String())
			continue
		}
		if err := p.ParseCommand(m.Bytes, &c); err != nil {
			out = append(out, errSignature(err))
			continue
		}
		sig := c.Kind.String() + " uid=" + strconv.FormatBool(c.UID)
		for it := c.FetchItems(); it.Next(); {
			sig += " " + it.Att().Kind.String()
		}
		for it := c.SearchKeys(); it.Next(); {
			sig += " " + it.Key().Kind.String()
		}
		out = append(out, sig)
	}
	return out
}

func errSignature(err error) string {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return "error " + pe.Expected + " limit=" + strconv.FormatBool(errors.Is(err, parser.ErrLimit))
	}
	return "error " + err.Error()
}

// Minimize returns the inputs worth keeping, in their given order: taking
// the inputs from smallest to largest, an input is kept only if one of its
// parse outcome signatures (Outcomes, as side) is new, so the smallest input
// showing each outcome survives. The criterion is parse outcomes, not code
// coverage: it is cheap, deterministic and independent of the fuzzing
// engine, and it keeps every distinct error site and message shape.
func Minimize(inputs []corpus.Input, side Side) []corpus.Input {
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(inputs[order[a]].Data) < len(inputs[order[b]].Data) })
	seen := map[string]bool{}
	keep := make([]bool, len(inputs))
	for _, i := range order {
		for _, sig := range Outcomes(inputs[i].Data, side) {
			if !seen[sig] {
				seen[sig] = true
				keep[i] = true
			}
		}
	}
	var out []corpus.Input
	for i, in := range inputs {
		if keep[i] {
			out = append(out, in)
		}
	}
	return out
}
