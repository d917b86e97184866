package fuzz

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// maxMessages bounds how many messages of one input a target looks at, so
// that the cost of an execution stays proportional to a small input.
const maxMessages = 64

// checkParseError verifies that err, returned for a message of n bytes, is
// an *parser.Error that says where: an offset inside the message (or just
// past it) and a named expectation.
func checkParseError(err error, n int) error {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		return fmt.Errorf("error %q (%T) is not a *parser.Error", err, err)
	}
	if pe.Offset < 0 || pe.Offset > n {
		return fmt.Errorf("error %q: offset %d outside the message of %d bytes", err, pe.Offset, n)
	}
	if pe.Expected == "" {
		return fmt.Errorf("error %q at offset %d names nothing it expected", err, pe.Offset)
	}
	return nil
}

// Responses is the body of the response target. It frames the server
// responses in data one after the other, parses each with a strict and a
// lenient parser, and walks every accessor and iterator of each accepted
// response (AppendResponseCanon). It fails when framing or parsing returns an
// error that does not say where, when an accepted response's walk fails,
// when the lenient parser rejects or reports violations in a response the
// strict parser accepts or renders it differently, when Raw is not the
// framed message, when the response's AppendJSON is not valid JSON, or when
// the FETCH batch accessors (WalkEnvelope, WalkBodyTree, NextBatch) give
// other fields than the views (checkTreeBatch). It returns 1 when at least
// one response parsed.
func Responses(data []byte) (int, error) {
	strict := parser.NewParser(parser.Options{})
	lenient := parser.NewParser(parser.Options{Lenient: true})
	var r, lr parser.Response
	var canon, lcanon []byte
	score := 0
	for off, i := 0, 0; off < len(data) && i < maxMessages; i++ {
		b := data[off:]
		n, err := strict.FrameResponse(b)
		if err == parser.ErrIncomplete {
			break
		}
		if err != nil {
			if e := checkParseError(err, len(b)); e != nil {
				return score, fmt.Errorf("framing the response at %d: %w", off, e)
			}
			break
		}
		if n <= 0 || n > len(b) {
			return score, fmt.Errorf("framing the response at %d: length %d of %d bytes", off, n, len(b))
		}
		msg := b[:n]
		err = strict.ParseResponse(msg, &r)
		lerr := lenient.ParseResponse(msg, &lr)
		if err != nil {
			if e := checkParseError(err, n); e != nil {
				return score, fmt.Errorf("response at %d %q: %w", off, msg, e)
			}
		} else {
			if !bytes.Equal(r.Raw, msg) {
				return score, fmt.Errorf("response at %d: Raw %q is not the message %q", off, r.Raw, msg)
			}
			if canon, err = AppendResponseCanon(canon[:0], &r); err != nil {
				return score, fmt.Errorf("response at %d %q: walk after a successful parse: %w", off, msg, err)
			}
			if j := r.AppendJSON(nil); !json.Valid(j) {
				return score, fmt.Errorf("response at %d %q: AppendJSON wrote invalid JSON %s", off, msg, j)
			}
			if e := checkTreeBatch(&r, 1+len(msg)%8); e != nil {
				return score, fmt.Errorf("response at %d %q: %w", off, msg, e)
			}
			if lerr != nil {
				return score, fmt.Errorf("response at %d %q: strict accepts, lenient rejects: %v", off, msg, lerr)
			}
			if lr.ViolationCount() != 0 {
				return score, fmt.Errorf("response at %d %q: strict accepts, lenient reports %v", off, msg, lr.Violations())
			}
			score = 1
		}
		if lerr == nil {
			var werr error
			if lcanon, werr = AppendResponseCanon(lcanon[:0], &lr); werr != nil {
				return score, fmt.Errorf("response at %d %q: lenient walk after a successful parse: %w", off, msg, werr)
			}
			if e := checkViolations(&lr, n); e != nil {
				return score, fmt.Errorf("response at %d %q: %w", off, msg, e)
			}
			if e := checkTreeBatch(&lr, 1+(len(msg)+3)%8); e != nil {
				return score, fmt.Errorf("lenient response at %d %q: %w", off, msg, e)
			}
		} else if e := checkParseError(lerr, n); e != nil {
			return score, fmt.Errorf("lenient response at %d %q: %w", off, msg, e)
		}
		if err == nil && lerr == nil && !bytes.Equal(canon, lcanon) {
			return score, fmt.Errorf("response at %d %q: strict and lenient parses differ:\n%s\n%s", off, msg, canon, lcanon)
		}
		off += n
	}
	return score, lenientFrames(lenient, data)
}

// lenientFrames parses data as responses with the lenient parser and its
// own framing (which tolerates a bare LF), checking only that nothing it
// accepts fails its walk.
func lenientFrames(p *parser.Parser, data []byte) error {
	var r parser.Response
	var canon []byte
	for off, i := 0, 0; off < len(data) && i < maxMessages; i++ {
		n, err := p.FrameResponse(data[off:])
		if err != nil {
			return nil
		}
		if p.ParseResponse(data[off:off+n], &r) == nil {
			if _, err := AppendResponseCanon(canon[:0], &r); err != nil {
				return fmt.Errorf("lenient response at %d %q: walk after a successful parse: %w", off, data[off:off+n], err)
			}
		}
		off += n
	}
	return nil
}

func checkViolations(r *parser.Response, n int) error {
	vs := r.Violations()
	if r.ViolationCount() < len(vs) || len(vs) > parser.MaxViolations {
		return fmt.Errorf("violation count %d with %d recorded", r.ViolationCount(), len(vs))
	}
	for i, v := range vs {
		if v.Kind.String() == "" {
			return fmt.Errorf("violation %d of kind %d has no name", i, v.Kind)
		}
		if v.Kind == parser.ViolNone || v.Offset < 0 || v.Offset > n {
			return fmt.Errorf("violation %d: %v at offset %d of %d bytes", i, v.Kind, v.Offset, n)
		}
		if i > 0 && v.Offset < vs[i-1].Offset {
			return fmt.Errorf("violations out of offset order: %v", vs)
		}
	}
	return nil
}

// Commands is the body of the command target: the command side of
// Responses. It frames the client commands in data one after the other,
// parses each with a strict and a lenient parser and walks every iterator of
// each accepted command (AppendCommandCanon). It fails when an error does not
// say where, when an accepted command's walk fails, or when the lenient
// parser disagrees with a strict acceptance. It returns 1 when at least one
// command parsed.
func Commands(data []byte) (int, error) {
	strict := parser.NewParser(parser.Options{})
	lenient := parser.NewParser(parser.Options{Lenient: true})
	var c, lc parser.Command
	var canon, lcanon []byte
	score := 0
	for off, i := 0, 0; off < len(data) && i < maxMessages; i++ {
		b := data[off:]
		f, err := strict.FrameCommand(b)
		if err == parser.ErrIncomplete {
			if f.LiteralAt >= 0 && (f.LiteralAt > len(b) || f.LiteralSize < 0) {
				return score, fmt.Errorf("framing the command at %d: pending literal at %d of %d bytes, size %d", off, f.LiteralAt, len(b), f.LiteralSize)
			}
			break
		}
		if err != nil {
			if e := checkParseError(err, len(b)); e != nil {
				return score, fmt.Errorf("framing the command at %d: %w", off, e)
			}
			break
		}
		n := f.N
		if n <= 0 || n > len(b) {
			return score, fmt.Errorf("framing the command at %d: length %d of %d bytes", off, n, len(b))
		}
		msg := b[:n]
		err = strict.ParseCommand(msg, &c)
		lerr := lenient.ParseCommand(msg, &lc)
		if err != nil {
			if e := checkParseError(err, n); e != nil {
				return score, fmt.Errorf("command at %d %q: %w", off, msg, e)
			}
		} else {
			if !bytes.Equal(c.Raw, msg) {
				return score, fmt.Errorf("command at %d: Raw %q is not the message %q", off, c.Raw, msg)
			}
			if canon, err = AppendCommandCanon(canon[:0], &c); err != nil {
				return score, fmt.Errorf("command at %d %q: walk after a successful parse: %w", off, msg, err)
			}
			if j := c.AppendJSON(nil); !json.Valid(j) {
				return score, fmt.Errorf("command at %d %q: AppendJSON wrote invalid JSON %s", off, msg, j)
			}
			if lerr != nil {
				return score, fmt.Errorf("command at %d %q: strict accepts, lenient rejects: %v", off, msg, lerr)
			}
			if lcanon, err = AppendCommandCanon(lcanon[:0], &lc); err != nil {
				return score, fmt.Errorf("command at %d %q: lenient walk after a successful parse: %w", off, msg, err)
			}
			if !bytes.Equal(canon, lcanon) {
				return score, fmt.Errorf("command at %d %q: strict and lenient parses differ:\n%s\n%s", off, msg, canon, lcanon)
			}
			score = 1
		}
		if lerr != nil {
			if e := checkParseError(lerr, n); e != nil {
				return score, fmt.Errorf("lenient command at %d %q: %w", off, msg, e)
			}
		}
		off += n
	}
	return score, nil
}
