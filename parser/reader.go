package parser

import (
	"bytes"
	"errors"
	"io"
)

// DefaultReaderBuffer is the initial size of a ResponseReader's buffer.
const DefaultReaderBuffer = 4096

// DefaultMaxBuffer caps a ResponseReader's buffer unless
// ReaderOptions.MaxBuffer says otherwise: one maximal line plus 16 MiB of
// literals.
const DefaultMaxBuffer = DefaultMaxLine + 16<<20

// LiteralInfo describes a literal that a ResponseReader streams to
// ReaderOptions.OnLiteral instead of holding it.
type LiteralInfo struct {
	// Offset is the stream offset of the literal's first data byte.
	Offset int64
	// Size is the announced size.
	Size int64
	// Form tells {n}, {n+} and ~{n} apart.
	Form LiteralForm
	// Prefix is the message up to and including the literal's header,
	// such as "* 3 FETCH (UID 7 BODY[] {52428800}\r\n", so the handler can
	// tell which item the literal belongs to. It is valid only during the
	// call.
	Prefix []byte
}

// ReaderOptions configures a ResponseReader. The zero value holds every
// literal in the buffer, which grows from DefaultReaderBuffer up to
// DefaultMaxBuffer.
type ReaderOptions struct {
	// BufferSize is the initial buffer size; 0 means DefaultReaderBuffer.
	BufferSize int
	// MaxBuffer caps the buffer, which must hold one whole message minus
	// its streamed literals; 0 means DefaultMaxBuffer. A longer message is
	// an error wrapping ErrLimit.
	MaxBuffer int
	// LiteralThreshold, when positive, makes every literal larger than it
	// be handed to OnLiteral (or skipped, without OnLiteral) instead of
	// being held: as it arrives when the message is not yet complete, or
	// from the buffer when it came whole with its header, so what is
	// streamed does not depend on how the stream was cut into reads. In
	// the Response, such a literal appears as an empty literal at its
	// place, its header kept at its length with the size's digits turned
	// to "0" ("{1000}" becomes "{0000}"), and Response.Streamed records
	// where and how big it was. The parser's MaxLiteral still applies to
	// the announced size, and MaxLine counts the header as sent.
	LiteralThreshold int64
	// OnLiteral receives a streamed literal's data, the literals of a
	// message in their order in it: body yields exactly info.Size bytes;
	// whatever the handler leaves unread is discarded. An error from it is
	// returned by Next and ends the reader. Nil means skip.
	OnLiteral func(info LiteralInfo, body io.Reader) error
}

// ResponseReader reads server responses from a stream, one per Next call,
// through one reusable buffer that grows only up to ReaderOptions.MaxBuffer.
// Large literals can be streamed or skipped (ReaderOptions.LiteralThreshold)
// so that memory stays bounded whatever sizes the server announces.
//
// Error offsets (in *Error) count from the start of the stream, streamed
// literals included: an error in a message after a streamed literal has
// the offset it has in the bytes the server sent, the same as without
// streaming, and so do errors after a resynchronisation that skipped a
// message holding streamed literals. (Violations and Value offsets within
// a Response count in Raw, where a streamed literal is empty; add the
// sizes in Response.Streamed before a position to get its stream offset.)
// After an *Error the offending message (or, when it could not be framed,
// the offending line) has been skipped, so that the next call to Next
// resynchronises at the next line. A literal streamed before the error is
// not read again: resynchronisation goes on after it. Other errors (from
// the underlying reader or OnLiteral) are sticky.
type ResponseReader struct {
	r          io.Reader
	p          *Parser
	opt        ReaderOptions
	buf        []byte
	start, end int   // unread bytes are buf[start:end]
	off        int64 // stream offset of buf[start]
	pending    int   // length of the message returned last, consumed on Next
	pendingRem int64 // bytes of streamed literals in that message
	skipLine   bool  // discard through the next LF before framing
	err        error // sticky error
	streamed   [MaxStreamed]StreamedLiteral
	nstreamed  int
	removed    int64  // bytes removed from the current message by streaming
	holes      []hole // where in the current message they were removed
	lit        literalBody
	scratch    [512]byte // for discarding literal data when the buffer is full
	msgOff     int64     // stream offset of the message returned last
	hint       frameHint // where framing of the current message resumes
	heldAt     int       // where in the current message streamHeld resumes
}

// MessageOffset returns the stream offset of the first byte of the message
// that Next returned last.
func (rr *ResponseReader) MessageOffset() int64 { return rr.msgOff }

// NewResponseReader returns a reader of the responses in r, parsed by p
// (nil means a strict parser with default limits).
func NewResponseReader(r io.Reader, p *Parser, opt ReaderOptions) *ResponseReader {
	if p == nil {
		p = &Parser{}
	}
	if opt.BufferSize <= 0 {
		opt.BufferSize = DefaultReaderBuffer
	}
	if opt.MaxBuffer <= 0 {
		opt.MaxBuffer = DefaultMaxBuffer
	}
	if opt.BufferSize > opt.MaxBuffer {
		opt.BufferSize = opt.MaxBuffer
	}
	return &ResponseReader{r: r, p: p, opt: opt, holes: make([]hole, 0, min(p.limits().MaxLiterals, 4096))}
}

// hole records stream bytes that streaming a literal removed from the
// buffer: at is the position, relative to the message start, just past
// the placeholder, and size the number of bytes removed there.
type hole struct {
	at   int
	size int64
}

// Offset returns the stream offset of the next unread byte: after Next
// returned a response, the offset just past it.
func (rr *ResponseReader) Offset() int64 { return rr.off + int64(rr.pending) + rr.pendingRem }

// Next reads and parses the next response into resp, whose slices alias
// the reader's buffer until the following call. It returns io.EOF at a
// clean end of stream, io.ErrUnexpectedEOF when the stream ends inside a
// message, and an *Error for a message that breaks the grammar or a limit.
func (rr *ResponseReader) Next(resp *Response) error {
	rr.consume()
	if rr.err != nil {
		return rr.err
	}
	lim := rr.p.limits()
	for {
		if rr.skipLine {
			if !rr.discardLine() {
				if err := rr.fill(0); err != nil {
					return err
				}
				continue
			}
		}
		data := rr.buf[rr.start:rr.end]
		fr, err := frameLines(data, lim, frameResponse, rr.p.lenient, &rr.hint)
		switch {
		case err == nil:
			rr.hint = frameHint{}
			if rr.opt.LiteralThreshold > 0 && fr.literals > 0 {
				n, err := rr.streamHeld(fr.n)
				if err != nil {
					return err
				}
				fr.n = n
				data = rr.buf[rr.start:rr.end]
			}
			rr.heldAt = 0
			msg := data[:fr.n]
			perr := rr.p.ParseResponse(msg, resp)
			resp.NStreamed = rr.nstreamed
			resp.Streamed = rr.streamed
			rr.pending, rr.pendingRem = fr.n, rr.removed
			rr.msgOff = rr.off
			if perr != nil {
				return rr.streamError(perr)
			}
			return nil
		case err == ErrIncomplete:
			if fr.litAt >= 0 && rr.opt.LiteralThreshold > 0 && fr.litSize > rr.opt.LiteralThreshold {
				// Stream in message order: first the literals above the
				// threshold that arrived whole before this one, then
				// this one. Streaming it before them would record it
				// first (Streamed, OnLiteral order) and leave its hole
				// and offset behind the bytes later removed before it.
				// The hint stays valid: streamHeld moves it back by the
				// data removed before it, and this literal's data comes
				// after the start of its header's line, where framing
				// resumes.
				if _, err := rr.streamHeld(fr.litAt); err != nil {
					return err
				}
				continue
			}
			// Grow toward a pending literal's size only as its data
			// arrives (at most doubling what is held): an announcement
			// alone must not cost its size in memory.
			need := 0
			if fr.litAt >= 0 && fr.litSize < int64(rr.opt.MaxBuffer) {
				need = min(fr.litAt+int(fr.litSize)+2, 2*(rr.end-rr.start)+DefaultReaderBuffer)
			}
			if err := rr.fill(need); err != nil {
				return err
			}
		default:
			rr.hint = frameHint{}
			rr.skipLine = true
			serr := rr.streamError(err)
			var pe *Error
			if rr.opt.LiteralThreshold > 0 && fr.literals > 0 && errors.As(err, &pe) && pe.Offset > 0 && pe.Offset <= len(data) {
				// Stream the literals above the threshold that arrived
				// whole before the error, as they would have been had
				// they arrived in pieces, so that resynchronising does
				// not depend on how reads cut the stream.
				if _, err := rr.streamHeld(pe.Offset); err != nil {
					return err
				}
			}
			rr.heldAt = 0
			return serr
		}
	}
}

// consume drops the message returned by the previous call.
func (rr *ResponseReader) consume() {
	rr.hint = frameHint{}
	rr.heldAt = 0
	rr.start += rr.pending
	rr.off += int64(rr.pending) + rr.pendingRem
	rr.pending, rr.pendingRem = 0, 0
	rr.nstreamed = 0
	if !rr.skipLine {
		// Otherwise the holes are those of the message that failed to
		// frame, which discardLine drops, counting them into off.
		rr.removed = 0
		rr.holes = rr.holes[:0]
	}
	if rr.start == rr.end {
		rr.start, rr.end = 0, 0
	}
}

// streamError turns an error's message offset into a stream offset.
func (rr *ResponseReader) streamError(err error) error {
	var pe *Error
	if !errors.As(err, &pe) {
		return err
	}
	off := int64(pe.Offset) + rr.off
	for _, h := range rr.holes {
		if h.at <= pe.Offset {
			off += h.size
		}
	}
	e := *pe
	e.Offset = int(off)
	return &e
}

// discardLine drops buffered bytes through the next LF and reports
// whether it found one.
func (rr *ResponseReader) discardLine() bool {
	for i := rr.start; i < rr.end; i++ {
		if rr.buf[i] == '\n' {
			rr.dropBuffered(i + 1 - rr.start)
			rr.skipLine = false
			return true
		}
	}
	rr.dropBuffered(rr.end - rr.start)
	rr.start, rr.end = 0, 0
	return false
}

// dropBuffered drops the first n buffered bytes of the current message,
// counting into the stream offset the streamed literals they held.
func (rr *ResponseReader) dropBuffered(n int) {
	rr.hint = frameHint{}
	rr.heldAt = 0
	rr.off += int64(n)
	rr.start += n
	k := 0
	for _, h := range rr.holes {
		if h.at <= n {
			rr.off += h.size
			continue
		}
		rr.holes[k] = hole{at: h.at - n, size: h.size}
		k++
	}
	rr.holes = rr.holes[:k]
	rr.nstreamed, rr.removed = 0, 0
	for _, h := range rr.holes {
		rr.removed += h.size
	}
}

// fill reads more bytes, first making room: it moves the unread bytes to
// the front and grows the buffer (to at least need bytes of message when
// need > 0) up to MaxBuffer.
func (rr *ResponseReader) fill(need int) error {
	if rr.start > 0 {
		copy(rr.buf, rr.buf[rr.start:rr.end])
		rr.end -= rr.start
		rr.start = 0
	}
	if rr.end == len(rr.buf) || need > len(rr.buf) {
		if len(rr.buf) >= rr.opt.MaxBuffer {
			rr.skipLine = true
			// Reported at the message's start, which does not depend on
			// how the stream was cut into reads.
			return rr.streamError(&Error{Offset: 0, Expected: "message within the reader's MaxBuffer", Found: "a longer message", Err: ErrLimit})
		}
		size := 2 * len(rr.buf)
		if size < rr.opt.BufferSize {
			size = rr.opt.BufferSize
		}
		if size < need {
			size = need
		}
		if size > rr.opt.MaxBuffer {
			size = rr.opt.MaxBuffer
		}
		nb := make([]byte, size)
		copy(nb, rr.buf[:rr.end])
		rr.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := rr.r.Read(rr.buf[rr.end:])
		rr.end += n
		if n > 0 {
			return nil
		}
		if err != nil {
			if err == io.EOF && rr.end > rr.start {
				err = io.ErrUnexpectedEOF
			}
			rr.err = err
			return err
		}
	}
	rr.err = io.ErrNoProgress
	return rr.err
}

// streamHeld streams, in message order, the literals above the threshold
// in the first n bytes of the message that starts the buffer, so that
// what is streamed does not depend on how the stream was cut into reads:
// those that arrived whole, and the last one also when only its header
// has (n is then where its data starts). It resumes where its previous
// call for this message stopped (heldAt), so each byte is scanned once,
// and moves the framing hint back by the data it removes before it. It
// returns the message's new length.
func (rr *ResponseReader) streamHeld(n int) (int, error) {
	lim := rr.p.limits()
	i, end := rr.start+rr.heldAt, rr.start+n
	defer func() { rr.heldAt = i - rr.start }()
	for i < end {
		j := bytes.IndexByte(rr.buf[i:end], '\n')
		if j < 0 {
			break
		}
		lf := i + j
		eol := lf
		if lf > i && rr.buf[lf-1] == '\r' {
			eol = lf - 1
		}
		size, form, _, ok, err := literalAtEnd(rr.buf, i, eol, lim)
		if err != nil || !ok || (i == rr.start && isStatusLine(rr.buf[i:lf])) {
			break // as framing: "{n}" ending a first status line is text
		}
		data := lf + 1
		if size <= rr.opt.LiteralThreshold {
			i = data + int(size)
			continue
		}
		before := rr.end
		if err := rr.streamAt(data, size, form); err != nil {
			return 0, err
		}
		removed := before - rr.end
		end -= removed
		i = rr.start + rr.holes[len(rr.holes)-1].at
		rr.hint.shift(i-rr.start, removed)
	}
	return end - rr.start, nil
}

// streamAt hands the literal whose data starts at buf[dataAt] to OnLiteral
// (or skips it): the bytes already buffered, then the rest from the
// stream. It replaces the literal's header and data by an empty literal,
// moving any bytes buffered after the literal up behind it.
func (rr *ResponseReader) streamAt(dataAt int, size int64, form LiteralForm) error {
	// The header ends with "}" CRLF; find its "{" (and "~").
	open := dataAt - 3
	for open > rr.start && rr.buf[open] != '{' {
		open--
	}
	if open > rr.start && rr.buf[open-1] == '~' {
		open--
	}
	buffered := min(int64(rr.end-dataAt), size)
	tail := dataAt + int(buffered) // first byte after what is buffered of the literal
	rr.lit = literalBody{rr: rr, dataAt: tail, bufAt: dataAt, buffered: buffered, remaining: size}
	if h := rr.opt.OnLiteral; h != nil {
		info := LiteralInfo{
			Offset: rr.off + int64(dataAt-rr.start) + rr.removed,
			Size:   size,
			Form:   form,
			Prefix: rr.buf[rr.start:dataAt],
		}
		if err := h(info, &rr.lit); err != nil {
			rr.err = err
			return err
		}
	}
	if err := rr.lit.drain(); err != nil {
		rr.err = err
		return err
	}
	// Replace header and data by the placeholder: the header, its size
	// zeroed in place, so that the line keeps its length (MaxLine counts
	// it as sent) and only the data is removed.
	for k := open; k < dataAt; k++ {
		if rr.buf[k] >= '1' && rr.buf[k] <= '9' {
			rr.buf[k] = '0'
		}
	}
	n := dataAt - open
	rr.end = dataAt + copy(rr.buf[dataAt:], rr.buf[tail:rr.end])
	if rr.nstreamed < MaxStreamed {
		rr.streamed[rr.nstreamed] = StreamedLiteral{Offset: open - rr.start, Size: size}
	}
	rr.nstreamed++
	removed := size
	rr.removed += removed
	// Framing counts every literal, placeholders included, against
	// MaxLiterals before one is streamed, so this only guards the
	// invariant. The holes grow past their initial capacity (4096) only
	// for a MaxLiterals above it.
	if len(rr.holes) >= rr.p.limits().MaxLiterals {
		rr.err = rr.streamError(&Error{Offset: open - rr.start, Expected: "streamed literals within MaxLiterals", Found: "one more literal", Err: ErrLimit})
		return rr.err
	}
	rr.holes = append(rr.holes, hole{at: open + n - rr.start, size: removed})
	return nil
}

// literalBody is the io.Reader a literal handler reads: first the bytes
// already buffered, then the underlying stream, exactly remaining bytes.
type literalBody struct {
	rr        *ResponseReader
	dataAt    int
	bufAt     int
	buffered  int64
	remaining int64
}

// Read implements io.Reader.
func (l *literalBody) Read(p []byte) (int, error) {
	if l.remaining == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > l.remaining {
		p = p[:l.remaining]
	}
	if l.buffered > 0 {
		n := copy(p, l.rr.buf[l.bufAt:l.bufAt+int(min(l.buffered, int64(len(p))))])
		l.bufAt += n
		l.buffered -= int64(n)
		l.remaining -= int64(n)
		return n, nil
	}
	n, err := l.rr.r.Read(p)
	l.remaining -= int64(n)
	if err == io.EOF && l.remaining > 0 {
		err = io.ErrUnexpectedEOF
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// drain discards what the handler left unread, reading through the
// buffer's free tail.
func (l *literalBody) drain() error {
	l.remaining -= l.buffered
	l.buffered = 0
	rr := l.rr
	// Everything from the literal's first data byte on is free: the
	// placeholder that replaces the header is no longer than it.
	scratch := rr.buf[l.dataAt:]
	if len(scratch) < len(rr.scratch) {
		scratch = rr.scratch[:]
	}
	zero := 0
	for l.remaining > 0 {
		s := scratch
		if int64(len(s)) > l.remaining {
			s = s[:l.remaining]
		}
		n, err := rr.r.Read(s)
		l.remaining -= int64(n)
		if err != nil && l.remaining > 0 {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		if n == 0 {
			if zero++; zero > 100 {
				return io.ErrNoProgress
			}
		} else {
			zero = 0
		}
	}
	return nil
}
