package fuzz

import (
	"errors"
	"fmt"
	"io"

	"github.com/imapstress/imapstress/parser"
)

// driveServer plays the server side of a session over a CommandReader the
// way a server (or a transcript reader) does, with choices taken from ctl:
// it answers or refuses synchronizing literals (Reject), ends AUTHENTICATE
// exchanges itself (EndExchange), runs in lockstep, and streams literals
// above a threshold to a handler that reads part of each. Nothing is
// compared; the checks are that every command the reader hands over
// parses or fails with an error that says where, that stream offsets never
// go backwards, and that a streamed literal's body yields exactly its size.
func driveServer(r io.Reader, ctl byte) error {
	p := parser.NewParser(parser.Options{})
	cr := parser.NewCommandReader(r, p)
	cr.SetLockstep(ctl&1 != 0)
	var handlerErr error
	if ctl&2 != 0 {
		cr.SetLiteralHandler(8, func(info parser.LiteralInfo, body io.Reader) error {
			want := info.Size
			if ctl&4 != 0 {
				want = min(info.Size, 3) // leave the rest unread
			}
			n, err := io.CopyN(io.Discard, body, want)
			// A stream that ends inside the literal gives less.
			short := err == io.EOF || err == io.ErrUnexpectedEOF
			if handlerErr == nil && ((err != nil && !short) || (n != want && !short)) {
				handlerErr = fmt.Errorf("literal of %d bytes at %d: body gave %d bytes (%v)", info.Size, info.Offset, n, err)
			}
			return nil
		})
	}
	var c parser.Command
	var last int64 = -1
	for calls := 0; calls < 4*maxMessages+4*parser.DefaultMaxLiterals; calls++ {
		m, err := cr.Next()
		if err != nil {
			var pe *parser.Error
			if err == io.EOF || err == io.ErrUnexpectedEOF || errors.As(err, &pe) {
				return handlerErr
			}
			return fmt.Errorf("CommandReader: unexpected error %T %v", err, err)
		}
		if m.Offset < last {
			return fmt.Errorf("CommandReader: message at %d after one at %d", m.Offset, last)
		}
		last = m.Offset
		switch m.Kind {
		case parser.ReadContinue:
			if ctl&8 != 0 && calls%2 == 1 {
				cr.Reject()
			}
		case parser.ReadAuthLine:
			if ctl&16 != 0 {
				cr.EndExchange()
			}
		case parser.ReadCommand:
			if err := p.ParseCommand(m.Bytes, &c); err != nil {
				if e := checkParseError(err, len(m.Bytes)); e != nil {
					return fmt.Errorf("CommandReader command at %d %q: %w", m.Offset, m.Bytes, e)
				}
			} else if _, err := AppendCommandCanon(nil, &c); err != nil {
				return fmt.Errorf("CommandReader command at %d %q: walk after a successful parse: %w", m.Offset, m.Bytes, err)
			}
		}
	}
	return handlerErr
}
