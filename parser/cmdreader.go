package parser

import (
	"bytes"
	"errors"
	"io"
)

// ReadKind tells what a CommandReader returned.
type ReadKind uint8

// The kinds of what a CommandReader reads.
const (
	// ReadCommand is a complete command, literals included.
	ReadCommand ReadKind = iota
	// ReadContinue reports a command stopped at a synchronizing literal
	// whose data the client will send only after the server's "+". The
	// server answers "+" (and calls Next again) or refuses the command
	// with a tagged NO or BAD and calls Reject.
	ReadContinue
	// ReadAuthLine is one line answering an AUTHENTICATE challenge (the
	// SASL response in base64, or "*" to cancel).
	ReadAuthLine
	// ReadDone is the DONE line that ends IDLE.
	ReadDone
)

var readKindNames = [...]string{"command", "continue", "auth-line", "done"}

// String returns the kind's name.
func (k ReadKind) String() string {
	if int(k) < len(readKindNames) {
		return readKindNames[k]
	}
	return "ReadKind(?)"
}

// ReadMsg is one message read by a CommandReader.
type ReadMsg struct {
	Kind ReadKind
	// Bytes is the whole message, CRLF and literals included; for
	// ReadContinue, the command so far, up to the literal's data. It
	// aliases the reader's buffer and is valid until the next call.
	Bytes []byte
	// Offset is the stream offset of Bytes[0].
	Offset int64
	// LiteralSize is the size of the literal awaiting "+", for
	// ReadContinue.
	LiteralSize int64
	// Streamed counts the literal bytes of a ReadCommand that were handed
	// to the literal handler (see SetLiteralHandler) instead of being
	// held; each such literal appears in Bytes as an empty literal.
	Streamed int64
}

// readerMode is what a CommandReader expects next.
type readerMode uint8

const (
	modeCommand readerMode = iota
	modeAuth               // after AUTHENTICATE: lines answering challenges
	modeIdle               // after IDLE: DONE
)

// CommandReader frames the client commands of one connection, the server
// side of a session, reading from an io.Reader into one reusable buffer.
// It knows the session state that framing depends on: after an
// AUTHENTICATE command it frames each line as a ReadAuthLine until the
// server calls EndExchange (or the client cancels with "*"); after IDLE it
// frames DONE as ReadDone. It reports a synchronizing literal whose data
// has not arrived as ReadContinue, exactly once, so the server can answer
// "+" at the right moment.
//
// The buffer grows as a command needs, up to MaxLine plus MaxLiteral of the
// parser's limits (or the bound set with SetMaxBuffer); a larger command is
// an ErrLimit error. Errors are sticky: after one, the stream cannot be
// trusted to be in step and every call returns it again.
type CommandReader struct {
	r          io.Reader
	p          *Parser
	buf        []byte
	start, end int   // unread bytes are buf[start:end]
	off        int64 // stream offset of buf[start]
	max        int
	mode       readerMode
	hint       frameHint  // where framing of the current message resumes
	hintStart  int        // c.start when hint was recorded
	hintMode   readerMode // c.mode when hint was recorded
	acked      int        // LiteralAt already reported by ReadContinue, or -1
	guess      bool
	lockstep   bool
	scratch    [512]byte // for discarding streamed literal data
	err        error
	// Literal streaming (SetLiteralHandler).
	litThreshold int64
	onLiteral    func(LiteralInfo, io.Reader) error
	removed      int64 // bytes taken out of the current command by streaming
	streamed     int64 // literal data bytes among them
}

// SetLiteralHandler makes the reader hand every literal larger than
// threshold bytes to h as it arrives instead of holding it, so that an
// APPEND of 50 MB costs no 50 MB: body yields exactly info.Size bytes, and
// whatever h leaves unread is discarded; an error from h ends the reader.
// A nil h skips such literals. In the command that Next then returns, the
// literal appears as an empty one, "{0}" (or "~{0}"), and ReadMsg.Streamed
// counts the bytes taken out. A synchronizing literal is still reported as
// ReadContinue first, so that the server can answer "+" (or refuse it).
func (c *CommandReader) SetLiteralHandler(threshold int64, h func(info LiteralInfo, body io.Reader) error) {
	c.litThreshold, c.onLiteral = threshold, h
}

// SetLockstep makes the reader report ReadContinue at every synchronizing
// literal, even when its data has already arrived. It is for reading a
// transcript, where all the client's bytes are at hand and the server's
// side says whether each literal was accepted ("+": call Next) or refused
// (a tagged NO or BAD: call Reject, and the bytes after the announcement
// are read as the next command, since the client never sent the literal).
func (c *CommandReader) SetLockstep(on bool) { c.lockstep = on }

// GuessExchanges makes the reader end an AUTHENTICATE exchange by itself
// at the first line holding an SP, which no SASL response (base64, or "*")
// does. It is for reading transcripts and command files, where no server
// calls EndExchange; a server should not use it.
func (c *CommandReader) GuessExchanges(on bool) { c.guess = on }

// NewCommandReader returns a reader of client commands from r, framed and
// limited by p (nil for a strict parser with default limits).
func NewCommandReader(r io.Reader, p *Parser) *CommandReader {
	if p == nil {
		p = &Parser{}
	}
	lim := p.limits()
	max := noLimit
	if int64(lim.MaxLine) < int64(noLimit)-lim.MaxLiteral {
		max = lim.MaxLine + int(lim.MaxLiteral)
	}
	return &CommandReader{r: r, p: p, buf: make([]byte, 4096), max: max, acked: -1}
}

// SetMaxBuffer bounds the buffer, and so the largest command the reader
// holds, to n bytes.
func (c *CommandReader) SetMaxBuffer(n int) {
	if n > 0 {
		c.max = n
	}
}

// EndExchange returns the reader to reading commands. A server calls it
// when it sends the tagged completion of an AUTHENTICATE, or refuses an
// IDLE, since only the server knows when those exchanges end.
func (c *CommandReader) EndExchange() { c.mode = modeCommand }

// Reject drops the command that stopped at a synchronizing literal (the
// last ReadContinue): the server refused it, so the client sends neither
// the literal nor the rest of the command.
func (c *CommandReader) Reject() {
	if c.acked >= 0 {
		c.start += c.acked
		c.off += int64(c.acked)
		c.acked = -1
	}
}

// Next reads the next message. It returns io.EOF at the end of the stream
// between messages, io.ErrUnexpectedEOF inside one, and an *Error with
// stream offsets when the input breaks a limit or the framing rules (past
// a streamed literal, offsets count it as the empty literal it became).
func (c *CommandReader) Next() (ReadMsg, error) {
	if c.err != nil {
		return ReadMsg{}, c.err
	}
	for {
		b := c.buf[c.start:c.end]
		if c.start != c.hintStart || c.mode != c.hintMode {
			// The hint holds only while the same message is framed the
			// same way from the same place.
			c.hint, c.hintStart, c.hintMode = frameHint{}, c.start, c.mode
		}
		if c.mode != modeCommand {
			n, err := c.p.frameLine(b, &c.hint)
			if err == ErrIncomplete {
				if err := c.fill(); err != nil {
					return ReadMsg{}, err
				}
				continue
			}
			if err != nil {
				return ReadMsg{}, c.fail(err)
			}
			line := b[:n]
			msg := ReadMsg{Kind: ReadAuthLine, Bytes: line, Offset: c.off}
			switch {
			case c.mode == modeAuth && c.guess && bytes.IndexByte(line, ' ') >= 0:
				// A command: the exchange ended without EndExchange.
				c.mode = modeCommand
			case c.mode == modeAuth:
				if isLine(line, "*") {
					c.mode = modeCommand
				}
				c.consume(n)
				return msg, nil
			case isLine(line, "DONE"):
				msg.Kind = ReadDone
				c.mode = modeCommand
				c.consume(n)
				return msg, nil
			}
			// In IDLE but not DONE, or a guessed end of AUTHENTICATE:
			// frame it as a command.
		}
		f, err := c.p.frameCommand(b, &c.hint)
		if err == nil && c.lockstep {
			if at, size := nextSyncLiteral(b[:f.N], c.acked); at >= 0 {
				c.acked = at
				return ReadMsg{Kind: ReadContinue, Bytes: b[:at], Offset: c.off, LiteralSize: size}, nil
			}
		}
		if err == nil {
			msg := ReadMsg{Kind: ReadCommand, Bytes: b[:f.N], Offset: c.off, Streamed: c.streamed}
			c.acked = -1
			switch {
			case commandNameIs(b, "AUTHENTICATE"):
				c.mode = modeAuth
			case commandNameIs(b, "IDLE"):
				c.mode = modeIdle
			}
			c.consume(f.N)
			return msg, nil
		}
		if err != ErrIncomplete {
			return ReadMsg{}, c.fail(err)
		}
		if f.Continue && f.LiteralAt > c.acked {
			c.acked = f.LiteralAt
			return ReadMsg{Kind: ReadContinue, Bytes: b[:f.LiteralAt], Offset: c.off, LiteralSize: f.LiteralSize}, nil
		}
		if f.LiteralAt >= 0 && c.litThreshold > 0 && f.LiteralSize > c.litThreshold {
			c.hint = frameHint{} // streaming rewrites the buffered bytes
			if err := c.streamLiteral(f); err != nil {
				return ReadMsg{}, err
			}
			continue
		}
		if err := c.fill(); err != nil {
			return ReadMsg{}, err
		}
	}
}

// nextSyncLiteral returns where the data of the first synchronizing
// literal ({n} or ~{n}) of the framed command cmd begins, if it begins after
// offset after, and its size; -1 when there is none.
func nextSyncLiteral(cmd []byte, after int) (int, int64) {
	for i := 0; i < len(cmd); {
		j := bytes.IndexByte(cmd[i:], '\n')
		if j < 0 {
			break
		}
		lf := i + j
		eol := lf
		if lf > i && cmd[lf-1] == '\r' {
			eol = lf - 1
		}
		size, form, _, ok, err := literalAtEnd(cmd, i, eol, &noLimits)
		if err != nil || !ok {
			break
		}
		data := lf + 1
		if form != LiteralNonSync && data > after {
			return data, size
		}
		i = data + clampSkip(size, len(cmd)-data)
	}
	return -1, 0
}

// isLine reports whether line is w followed by CRLF (or a bare LF),
// ignoring case.
func isLine(line []byte, w string) bool {
	n := len(line) - 1
	if n >= 0 && line[n] == '\n' {
		if n > 0 && line[n-1] == '\r' {
			n--
		}
		return equalFoldASCII(line[:n], w)
	}
	return false
}

func (c *CommandReader) consume(n int) {
	c.start += n
	c.off += int64(n) + c.removed
	c.removed, c.streamed = 0, 0
	if c.start == c.end {
		c.start, c.end = 0, 0
	}
}

// streamLiteral hands the literal that framing stopped at to the literal
// handler (or skips it), then replaces its header and data in the buffer
// by an empty literal, keeping whatever followed it.
func (c *CommandReader) streamLiteral(f CommandFrame) error {
	dataAt := c.start + f.LiteralAt
	open := dataAt - 3 // the header ends with "}" CRLF
	for open > c.start && c.buf[open] != '{' {
		open--
	}
	if open > c.start && c.buf[open-1] == '~' {
		open--
	}
	take := min(int64(c.end-dataAt), f.LiteralSize)
	body := cmdLiteral{c: c, buf: c.buf[dataAt : dataAt+int(take)], remaining: f.LiteralSize - take}
	if c.onLiteral != nil {
		info := LiteralInfo{
			Offset: c.off + c.removed + int64(f.LiteralAt),
			Size:   f.LiteralSize,
			Form:   f.LiteralForm,
			Prefix: c.buf[c.start:dataAt],
		}
		if err := c.onLiteral(info, &body); err != nil {
			c.err = err
			return err
		}
	}
	for body.remaining > 0 || len(body.buf) > 0 {
		if _, err := body.Read(c.scratch[:]); err != nil {
			c.err = err
			return err
		}
	}
	placeholder := "{0}\r\n"
	if f.LiteralForm == LiteralBinary {
		placeholder = "~{0}\r\n"
	}
	n := copy(c.buf[open:], placeholder)
	m := copy(c.buf[open+n:], c.buf[dataAt+int(take):c.end])
	c.removed += int64(dataAt-open-n) + f.LiteralSize
	c.streamed += f.LiteralSize
	c.end = open + n + m
	// The empty literal's data starts right after its header: mark it
	// acknowledged, so that lockstep mode does not report it again.
	c.acked = open + n - c.start
	return nil
}

// cmdLiteral is the body of a streamed literal: first the bytes already
// buffered, then the rest straight from the connection.
type cmdLiteral struct {
	c         *CommandReader
	buf       []byte
	remaining int64 // bytes still to come from the connection
}

// Read implements io.Reader.
func (l *cmdLiteral) Read(p []byte) (int, error) {
	if len(l.buf) > 0 {
		n := copy(p, l.buf)
		l.buf = l.buf[n:]
		return n, nil
	}
	if l.remaining == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > l.remaining {
		p = p[:l.remaining]
	}
	for tries := 0; tries < 100; tries++ {
		n, err := l.c.r.Read(p)
		l.remaining -= int64(n)
		if err == io.EOF {
			if l.remaining > 0 {
				return n, io.ErrUnexpectedEOF
			}
			err = nil
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
	return 0, io.ErrNoProgress
}

// fail makes err sticky, with its offset counted from the stream's start.
func (c *CommandReader) fail(err error) error {
	var pe *Error
	if errors.As(err, &pe) {
		e := *pe
		e.Offset += int(c.off)
		err = &e
	}
	c.err = err
	return err
}

// fill reads more bytes, making room first by moving the unread bytes
// down or growing the buffer up to the bound.
func (c *CommandReader) fill() error {
	if c.end == len(c.buf) {
		if c.start > 0 {
			copy(c.buf, c.buf[c.start:c.end])
			c.end -= c.start
			c.start = 0
		} else {
			if len(c.buf) >= c.max {
				return c.fail(&Error{Offset: c.end, Expected: "command within the reader's buffer bound", Found: "a longer command", Err: ErrLimit})
			}
			n := 2 * len(c.buf)
			if n > c.max {
				n = c.max
			}
			nb := make([]byte, n)
			copy(nb, c.buf[:c.end])
			c.buf = nb
		}
	}
	for tries := 0; tries < 100; tries++ {
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if n > 0 {
			return nil
		}
		if err == io.EOF {
			if c.start == c.end {
				c.err = io.EOF
			} else {
				c.err = io.ErrUnexpectedEOF
			}
			return c.err
		}
		if err != nil {
			c.err = err
			return err
		}
	}
	c.err = io.ErrNoProgress
	return c.err
}
