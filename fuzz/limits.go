package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"

	"github.com/imapstress/imapstress/parser"
)

// LimitsConfig is the parser configuration of the Limits target: small
// limits, so that inputs that break them stay small and each execution
// fast. The mechanism is the same at the default limits; TestLimitsDefaults
// runs it there too.
func LimitsConfig() parser.Limits {
	return parser.Limits{MaxLine: 4096, MaxLiteral: 32 << 10, MaxLiterals: 16, MaxDepth: 16, MaxArgs: 1024}
}

// limitsMaxBuffer is the readers' buffer cap in the Limits target.
const limitsMaxBuffer = 64 << 10

// hostile is one input crafted by Limits.
type hostile struct {
	what string
	data []byte
	// nestAt and nestEnd are where a nesting run starts and ends, -1
	// for the other kinds.
	nestAt, nestEnd int
	// literal is set for a literal announcement beyond MaxLiteral.
	literal bool
	// incomplete is set for a literal within the limit whose data never
	// comes: framing must ask for more, and the readers end with
	// io.ErrUnexpectedEOF without holding the announced size.
	incomplete bool
}

// craftHostile builds the hostile inputs of Limits from base: its first
// line (without CR, LF) as a head, made into a line longer than MaxLine,
// given a literal announcement of a size beyond MaxLiteral (several forms),
// a literal within MaxLiteral whose data never arrives, and a list nesting
// run deeper than MaxDepth.
func craftHostile(base []byte, lim parser.Limits) []hostile {
	head := base
	if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
		head = head[:i]
	}
	if len(head) > 256 {
		head = head[:256]
	}
	if len(head) == 0 {
		head = []byte("* OK")
	}
	var out []hostile
	// A long line: the head repeated past MaxLine, then CRLF.
	long := make([]byte, 0, lim.MaxLine+len(head)+2)
	for len(long) <= lim.MaxLine {
		long = append(long, head...)
	}
	out = append(out, hostile{what: "line longer than MaxLine", data: append(long, "\r\n"...), nestAt: -1})
	for _, size := range []string{
		strconv.FormatInt(lim.MaxLiteral+1, 10),
		"4294967296", "9223372036854775807", "18446744073709551616",
		"1000000000000000000000000000000000000000",
	} {
		for _, form := range []string{"{%s}", "{%s+}"} {
			ann := fmt.Sprintf(form, size)
			msg := append(append(append([]byte(nil), head...), ' '), ann...)
			out = append(out, hostile{what: "literal " + ann, data: append(msg, "\r\nxyz\r\n"...), nestAt: -1, literal: true})
		}
	}
	pending := append(append([]byte(nil), head...), fmt.Sprintf(" {%d}\r\n", lim.MaxLiteral)...)
	out = append(out, hostile{what: "literal at MaxLiteral without its data", data: pending, nestAt: -1, incomplete: true, literal: true})
	depth := lim.MaxDepth + 8
	nest := append(append([]byte(nil), head...), ' ')
	at := len(nest)
	nest = append(nest, bytes.Repeat([]byte("("), depth)...)
	nest = append(nest, 'x')
	nest = append(nest, bytes.Repeat([]byte(")"), depth)...)
	out = append(out, hostile{what: "nesting deeper than MaxDepth", data: append(nest, "\r\n"...), nestAt: at, nestEnd: len(nest)})
	return out
}

// Limits is the body of the limits target. From data it crafts hostile
// inputs (craftHostile) and runs each through framing and parsing of both
// directions and through both streaming readers, with the limits of
// LimitsConfig. A line longer than MaxLine and a literal larger than
// MaxLiteral must end in an error wrapping parser.ErrLimit; a nesting run
// deeper than MaxDepth must end in a limit error unless a syntax error came
// first, within MaxDepth bytes of its start; a pending literal must leave
// framing asking for more. The bytes allocated by the whole run (measured
// with runtime.ReadMemStats) must stay below a bound proportional to the
// input, far below what the announced sizes would cost. It returns 1 when
// every check ran.
func Limits(data []byte) (int, error) {
	lim := LimitsConfig()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	inputs := craftHostile(data, lim)
	total := 0
	for _, h := range inputs {
		total += len(h.data)
		if err := checkHostile(h, lim); err != nil {
			return 0, fmt.Errorf("%s, from %q: %w", h.what, trimmed(h.data), err)
		}
	}
	runtime.ReadMemStats(&after)
	bound := uint64(4*total + len(inputs)*(2*limitsMaxBuffer+64<<10))
	if got := after.TotalAlloc - before.TotalAlloc; got > bound {
		return 0, fmt.Errorf("allocated %d bytes for %d bytes of hostile input (bound %d)", got, total, bound)
	}
	return 1, nil
}

func trimmed(b []byte) []byte {
	if len(b) > 120 {
		return b[:120]
	}
	return b
}

// checkHostile runs one crafted input through every entry point.
func checkHostile(h hostile, lim parser.Limits) error {
	p := parser.NewParser(parser.Options{Limits: lim})
	lp := parser.NewParser(parser.Options{Limits: lim, Lenient: true})
	var r parser.Response
	var c parser.Command
	for _, pp := range []*parser.Parser{p, lp} {
		// Server side. A status response's text may hold anything, "{n}"
		// and parentheses included: accepting it is right.
		n, err := pp.FrameResponse(h.data)
		text := err == nil && h.literal && n == bytes.IndexByte(h.data, '\n')+1
		if err == nil {
			err = pp.ParseResponse(h.data[:n], &r)
		}
		// A literal announcement that framing took for text (a status
		// response or continuation) is not a literal.
		if !text && !(err == nil && (r.Status != parser.StatusNone || r.Kind == parser.KindContinuation)) {
			if e := judge(h, "response", err); e != nil {
				return e
			}
		}
		// Client side. An unknown command's arguments are opaque bytes.
		f, err := pp.FrameCommand(h.data)
		if err == nil {
			err = pp.ParseCommand(h.data[:f.N], &c)
		}
		if !(err == nil && c.Kind == parser.CmdUnknown) {
			if e := judge(h, "command", err); e != nil {
				return e
			}
		}
	}
	rr := parser.NewResponseReader(bytes.NewReader(h.data), p, parser.ReaderOptions{BufferSize: 512, MaxBuffer: limitsMaxBuffer})
	err := rr.Next(&r)
	text := h.literal && err != nil && rr.Offset() == int64(bytes.IndexByte(h.data, '\n')+1)
	if !text && !(err == nil && (r.Status != parser.StatusNone || r.Kind == parser.KindContinuation)) {
		if e := judge(h, "ResponseReader", readerErr(err)); e != nil {
			return e
		}
	}
	cr := parser.NewCommandReader(bytes.NewReader(h.data), p)
	cr.SetMaxBuffer(limitsMaxBuffer)
	var m parser.ReadMsg
	for range 2 * lim.MaxLiterals {
		if m, err = cr.Next(); err != nil || m.Kind != parser.ReadContinue {
			break
		}
	}
	if err == nil && m.Kind == parser.ReadCommand {
		if err = p.ParseCommand(m.Bytes, &c); err == nil && c.Kind == parser.CmdUnknown {
			return nil
		}
	}
	return judge(h, "CommandReader", readerErr(err))
}

// readerErr maps a reader's end of stream inside a message to the framing
// error a whole buffer gives.
func readerErr(err error) error {
	if err == io.ErrUnexpectedEOF {
		return parser.ErrIncomplete
	}
	return err
}

// judge says whether err is an acceptable outcome for h.
func judge(h hostile, where string, err error) error {
	if h.incomplete {
		if err == nil {
			return fmt.Errorf("%s: accepted", where)
		}
		if err == parser.ErrIncomplete || errors.Is(err, parser.ErrLimit) {
			return nil
		}
		var pe *parser.Error
		if errors.As(err, &pe) && pe.Offset < len(h.data)-2 {
			return nil // a syntax error in the head
		}
		return fmt.Errorf("%s: %v, want a request for more bytes", where, err)
	}
	if errors.Is(err, parser.ErrLimit) {
		return nil
	}
	if h.nestAt >= 0 {
		var pe *parser.Error
		if errors.As(err, &pe) && (pe.Offset <= h.nestAt+LimitsConfig().MaxDepth || pe.Offset >= h.nestEnd) {
			// Refused before the nesting could count, or after it
			// (the head left a quoted string open, for instance).
			return nil
		}
		if err == nil {
			return fmt.Errorf("%s: accepted", where)
		}
	}
	return fmt.Errorf("%s: %v, want a limit error", where, err)
}
