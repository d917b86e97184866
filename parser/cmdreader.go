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
	// Streamed counts the literal bytes of a ReadCommand (for
	// ReadContinue, of the command so far) that were handed to the literal
	// handler (see SetLiteralHandler) instead of being held; each such
	// literal appears in Bytes as an empty literal whose header keeps its
	// length. Offset plus len(Bytes) plus Streamed is where the message
	// ends in the stream.
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
// parser's limits (or the bound set with SetMaxBuffer); a larger command
// (not counting the data of streamed literals) is an ErrLimit error.
// Errors are sticky: after one, the stream cannot be trusted to be in
// step and every call returns it again.
//
// Literals above the threshold of SetLiteralHandler are streamed in the
// order they come in the command, whether they arrived whole or in
// pieces, so what the handler sees (which literals, in which order, at
// which offsets, with which prefix) and what Next returns do not depend on
// how the stream was cut into reads. A streamed literal stays in the
// command as an empty literal with its header at its length, the size's
// digits turned to "0" ("{1000}" becomes "{0000}", "{12+}" becomes
// "{00+}", "~{300}" becomes "~{000}"): MaxLine counts the bytes of a
// command outside its literals' data as the client sent them, header
// bytes included, whether its literals are held or streamed. Error
// offsets from Next are stream offsets, counting streamed literals as
// sent; offsets within ReadMsg.Bytes (such as those of a ParseCommand
// error) count a streamed literal as the empty one it became (add the
// sizes of the literals streamed before a position, as the handler saw
// them, to get its stream offset).
type CommandReader struct {
	r          io.Reader
	p          *Parser
	buf        []byte
	start, end int   // unread bytes are buf[start:end]
	off        int64 // stream offset of buf[start]
	max        int
	mode       readerMode
	hint       frameHint  // where framing of the current message resumes
	lineHint   frameHint  // the same for single-line framing (IDLE, AUTHENTICATE)
	hintStart  int        // c.start when the hints were recorded
	hintMode   readerMode // c.mode when the hints were recorded
	acked      int        // LiteralAt already reported by ReadContinue, or -1
	syncFront  int        // in lockstep, hint.at when no ReadContinue was due, or -1
	guess      bool
	lockstep   bool
	scratch    [512]byte // for discarding streamed literal data
	err        error
	// Literal streaming (SetLiteralHandler).
	litThreshold int64
	onLiteral    func(LiteralInfo, io.Reader) error
	streamed     int64      // literal data bytes taken out of the current command
	heldAt       int        // where in the current command streamHeld resumes
	lit          cmdLiteral // the body handed to the literal handler
}

// SetLiteralHandler makes the reader hand every literal larger than
// threshold bytes to h instead of holding it, so that an APPEND of 50 MB
// costs no 50 MB: body yields exactly info.Size bytes, and whatever h
// leaves unread is discarded; an error from h ends the reader. A nil h
// skips such literals. The literals of a command reach h in their order in
// it, each as soon as its header has arrived and the reader would
// otherwise wait for more bytes or hand the command over. In the command
// that Next then returns, the literal appears as an empty one with its
// header's size digits zeroed ("{300}" becomes "{000}"), and
// ReadMsg.Streamed counts the bytes taken out. A synchronizing literal is
// still reported as ReadContinue first, so that the server can answer "+"
// (or refuse it). A threshold of 0 or less holds every literal.
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
	return &CommandReader{r: r, p: p, buf: make([]byte, 4096), max: max, acked: -1, syncFront: -1}
}

// SetMaxBuffer bounds the buffer, and so the largest command the reader
// holds (without the data of streamed literals), to n bytes. Called before
// the first Next, it also bounds a buffer smaller than the initial 4096
// bytes.
func (c *CommandReader) SetMaxBuffer(n int) {
	if n > 0 {
		c.max = n
		if len(c.buf) > n && c.end <= n {
			c.buf = c.buf[:n]
		}
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
		c.off += int64(c.acked) + c.streamed
		c.acked, c.streamed, c.heldAt, c.syncFront = -1, 0, 0, -1
	}
}

// Next reads the next message. It returns io.EOF at the end of the stream
// between messages, io.ErrUnexpectedEOF inside one, and an *Error with
// stream offsets when the input breaks a limit or the framing rules (past
// a streamed literal too: its data counts as sent).
func (c *CommandReader) Next() (ReadMsg, error) {
	if c.err != nil {
		return ReadMsg{}, c.err
	}
	for {
		b := c.buf[c.start:c.end]
		if c.start != c.hintStart || c.mode != c.hintMode {
			// The hints hold only while the same message is framed the
			// same way from the same place.
			c.hint, c.lineHint, c.hintStart, c.hintMode = frameHint{}, frameHint{}, c.start, c.mode
		}
		if c.mode != modeCommand {
			n, err := c.p.frameLine(b, &c.lineHint)
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
		if err == nil {
			if c.lockstep {
				if at, size := nextSyncLiteral(b[:f.N], c.acked); at >= 0 {
					return c.continueAt(at, size)
				}
			}
			n, err := c.streamHeld(f.N)
			if err != nil {
				return ReadMsg{}, err
			}
			b = c.buf[c.start:c.end]
			msg := ReadMsg{Kind: ReadCommand, Bytes: b[:n], Offset: c.off, Streamed: c.streamed}
			c.acked = -1
			switch {
			case commandNameIs(b, "AUTHENTICATE"):
				c.mode = modeAuth
			case commandNameIs(b, "IDLE"):
				c.mode = modeIdle
			}
			c.consume(n)
			return msg, nil
		}
		if err != ErrIncomplete {
			return ReadMsg{}, c.failStreaming(err)
		}
		if c.lockstep && c.hint.at != c.syncFront {
			// Every synchronizing literal framing has passed, not only
			// the one it stopped at, whose data arrived with its header
			// or not; scanned once per line framing stops in.
			upTo := c.hint.at
			if f.LiteralAt >= 0 {
				upTo = f.LiteralAt
			}
			if at, size := nextSyncLiteral(b[:upTo], c.acked); at >= 0 {
				return c.continueAt(at, size)
			}
			c.syncFront = c.hint.at
		}
		if f.Continue && f.LiteralAt > c.acked {
			return c.continueAt(f.LiteralAt, f.LiteralSize)
		}
		// Stream, in order, the literals above the threshold whose
		// headers framing has passed: up to the line it stopped in, and
		// the literal it stopped at when that one is streamed too.
		upTo := c.hint.at
		if f.LiteralAt >= 0 && c.litThreshold > 0 && f.LiteralSize > c.litThreshold {
			upTo = f.LiteralAt
		}
		if _, err := c.streamHeld(upTo); err != nil {
			return ReadMsg{}, err
		}
		if c.end-c.start < len(b) {
			continue // streaming made room, and may have completed the command
		}
		if err := c.fill(); err != nil {
			return ReadMsg{}, err
		}
	}
}

// continueAt reports the synchronizing literal whose data starts at
// offset at of the current command as ReadContinue, after streaming the
// literals above the threshold before it, as they would have been had the
// command arrived in pieces.
func (c *CommandReader) continueAt(at int, size int64) (ReadMsg, error) {
	before := c.streamed
	// Up to the literal's header line, not through it: its data waits
	// for the server's "+".
	if _, err := c.streamHeld(at - 1); err != nil {
		return ReadMsg{}, err
	}
	at -= int(c.streamed - before)
	c.acked = at
	return ReadMsg{Kind: ReadContinue, Bytes: c.buf[c.start : c.start+at], Offset: c.off, LiteralSize: size, Streamed: c.streamed}, nil
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
	c.off += int64(n) + c.streamed
	c.streamed, c.heldAt, c.syncFront = 0, 0, -1
	c.hint, c.lineHint = frameHint{}, frameHint{}
	if c.start == c.end {
		c.start, c.end = 0, 0
	}
	c.hintStart = c.start
}

// streamHeld streams, in command order, the literals above the threshold
// whose header lines end before offset n of the current command: those
// that arrived whole, and the last one also when only part of its data
// has (n is then where its data starts). It resumes where its previous
// call for this command stopped (heldAt), so each line is scanned once,
// and it moves the framing hint and the acknowledged literal back by the
// data it removes. It returns n moved back likewise.
func (c *CommandReader) streamHeld(n int) (int, error) {
	if c.litThreshold <= 0 {
		return n, nil
	}
	lim := c.p.limits()
	i := c.heldAt
	defer func() { c.heldAt = i }()
	for i < n {
		j := bytes.IndexByte(c.buf[c.start+i:c.start+n], '\n')
		if j < 0 {
			break
		}
		lf := c.start + i + j
		eol := lf
		if lf > c.start+i && c.buf[lf-1] == '\r' {
			eol = lf - 1
		}
		size, form, _, ok, err := literalAtEnd(c.buf, c.start+i, eol, lim)
		if err != nil || !ok {
			break // the command's last line (framing has checked it)
		}
		data := lf + 1 - c.start
		if size <= c.litThreshold {
			i = data + clampSkip(size, c.end-c.start-data)
			continue
		}
		if data != n && int64(c.end-c.start-data) < size {
			break // only the literal that framing stopped at may be partial
		}
		removed, err := c.streamAt(data, size, form)
		if err != nil {
			return 0, err
		}
		n -= removed
		i = data
	}
	return n, nil
}

// streamAt hands the literal whose data starts at offset data of the
// current command to the literal handler (or skips it): the bytes already
// buffered, then the rest from the stream. It zeroes the size digits of
// its header and moves the bytes buffered after the literal up to its
// data's place, so the literal becomes an empty one of the same header
// length. It returns how many buffered bytes it removed.
func (c *CommandReader) streamAt(data int, size int64, form LiteralForm) (int, error) {
	at := c.start + data
	take := int(min(int64(c.end-at), size))
	c.lit = cmdLiteral{c: c, buf: c.buf[at : at+take], remaining: size - int64(take)}
	if c.onLiteral != nil {
		info := LiteralInfo{
			Offset: c.off + c.streamed + int64(data),
			Size:   size,
			Form:   form,
			Prefix: c.buf[c.start:at],
		}
		if err := c.onLiteral(info, &c.lit); err != nil {
			c.err = err
			return 0, err
		}
	}
	if err := c.lit.drain(c.buf[at:]); err != nil {
		c.err = err
		return 0, err
	}
	// The header ends with "}" and CRLF (or a bare LF when lenient).
	for k := at - 2; k > c.start && c.buf[k] != '{'; k-- {
		if c.buf[k] >= '1' && c.buf[k] <= '9' {
			c.buf[k] = '0'
		}
	}
	c.end = at + copy(c.buf[at:], c.buf[at+take:c.end])
	c.streamed += size
	c.hint.shift(data, take)
	c.syncFront = -1
	if c.acked > data {
		c.acked -= take
	}
	return take, nil
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

// drain discards what the handler left unread: the buffered part at once,
// the rest read into free, the buffer from the literal's first data byte
// on (all of it free once the buffered part is dropped, since the literal
// then reaches past the buffer's end), or the reader's scratch when that
// is larger.
func (l *cmdLiteral) drain(free []byte) error {
	l.buf = nil
	if len(free) < len(l.c.scratch) {
		free = l.c.scratch[:]
	}
	for l.remaining > 0 {
		if _, err := l.Read(free); err != nil {
			return err
		}
	}
	return nil
}

// fail makes err sticky, with its offset, a position in the current
// command, turned into a stream offset. Every literal streamed so far lies
// before any position framing can fail at, so adding their sizes is
// enough.
func (c *CommandReader) fail(err error) error {
	var pe *Error
	if errors.As(err, &pe) {
		e := *pe
		e.Offset += int(c.off + c.streamed)
		err = &e
	}
	c.err = err
	return err
}

// failStreaming is fail for a framing error, which it reports after
// streaming the literals above the threshold before the error's position,
// as they would have been had the command arrived in pieces, so that what
// the handler sees does not depend on how the stream was cut.
func (c *CommandReader) failStreaming(err error) error {
	err = c.fail(err)
	var pe *Error
	if errors.As(err, &pe) {
		if at := pe.Offset - int(c.off+c.streamed); at > 0 && at <= c.end-c.start {
			if _, serr := c.streamHeld(at); serr != nil {
				return serr
			}
			c.err = err
		}
	}
	return err
}

// fill reads more bytes, making room first by moving the unread bytes
// down or growing the buffer up to the bound.
func (c *CommandReader) fill() error {
	if c.end == len(c.buf) {
		if c.start > 0 {
			copy(c.buf, c.buf[c.start:c.end])
			c.end -= c.start
			if c.hintStart == c.start {
				c.hintStart = 0 // the hints count from the command's start
			}
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
