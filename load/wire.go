package load

import (
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/imapstress/imapstress/parser"
)

// Buffers come from size-classed pools and are held only while data is in
// flight, so an idle session costs no buffer at all.
const (
	minBufShift = 14 // 16 KiB: one read usually holds many responses
	maxBufShift = 26 // 64 MiB: beyond this a message is an error
)

type bufPools [maxBufShift - minBufShift + 1]sync.Pool

func (p *bufPools) get(n int) []byte {
	shift := minBufShift
	for shift < maxBufShift && 1<<shift < n {
		shift++
	}
	if b, ok := p[shift-minBufShift].Get().(*[]byte); ok {
		return (*b)[:cap(*b)]
	}
	return make([]byte, 1<<shift)
}

func (p *bufPools) put(b []byte) {
	c := cap(b)
	for shift := minBufShift; shift <= maxBufShift; shift++ {
		if c == 1<<shift {
			b = b[:c]
			p[shift-minBufShift].Put(&b)
			return
		}
	}
}

// ProtocolError is a server response our parser rejected, with the bytes
// around the failure.
type ProtocolError struct {
	Err     error  // the parser's error, with its offset
	Context []byte // up to 64 bytes either side of the offset
}

func (e *ProtocolError) Error() string {
	return fmt.Sprintf("protocol violation: %v; near %q", e.Err, e.Context)
}

func (e *ProtocolError) Unwrap() error { return e.Err }

// wire frames and parses what a server sends, through our parser: every
// byte the server sends passes FrameResponse and ParseResponse.
type wire struct {
	conn  net.Conn
	p     *parser.Parser
	pools *bufPools
	rbuf  []byte // nil while idle
	r, w  int    // unread data is rbuf[r:w]
	resp  parser.Response
	limit int
	fills uint64 // reads from the connection so far
}

func (w *wire) buffered() int { return w.w - w.r }

// release returns the read buffer to the pool when it holds no data.
func (w *wire) release() {
	if w.rbuf != nil && w.r == w.w {
		w.pools.put(w.rbuf)
		w.rbuf, w.r, w.w = nil, 0, 0
	}
}

// next returns the next response, reading from the connection as needed.
// The response aliases the read buffer and is valid until the next call.
func (w *wire) next() (*parser.Response, error) {
	for {
		if w.w > w.r {
			n, err := w.p.FrameResponse(w.rbuf[w.r:w.w])
			if err == nil {
				msg := w.rbuf[w.r : w.r+n]
				w.r += n
				if err := w.p.ParseResponse(msg, &w.resp); err != nil {
					return nil, protocolError(err, msg)
				}
				return &w.resp, nil
			}
			if !errors.Is(err, parser.ErrIncomplete) {
				return nil, protocolError(err, w.rbuf[w.r:w.w])
			}
		}
		if err := w.fill(); err != nil {
			return nil, err
		}
	}
}

// fill reads more bytes, first making room: compacting, or growing the
// buffer up to the limit.
func (w *wire) fill() error {
	switch {
	case w.rbuf == nil:
		w.rbuf = w.pools.get(1 << minBufShift)
	case w.r > 0:
		n := copy(w.rbuf, w.rbuf[w.r:w.w])
		w.r, w.w = 0, n
	case w.w == len(w.rbuf):
		if len(w.rbuf)*2 > w.limit {
			return &ProtocolError{Err: fmt.Errorf("response exceeds %d bytes", w.limit), Context: head(w.rbuf, 128)}
		}
		nb := w.pools.get(len(w.rbuf) * 2)
		copy(nb, w.rbuf[:w.w])
		w.pools.put(w.rbuf)
		w.rbuf = nb
	}
	n, err := w.conn.Read(w.rbuf[w.w:])
	w.w += n
	w.fills++
	if n > 0 {
		return nil
	}
	if err == nil {
		err = errors.New("read returned nothing")
	}
	return err
}

func head(b []byte, n int) []byte { return append([]byte(nil), b[:min(n, len(b))]...) }

// protocolError wraps a parser error with the bytes around its offset.
func protocolError(err error, msg []byte) error {
	off := 0
	var pe *parser.Error
	if errors.As(err, &pe) {
		off = pe.Offset
	}
	off = min(max(off, 0), len(msg))
	lo, hi := max(off-64, 0), min(off+64, len(msg))
	return &ProtocolError{Err: err, Context: append([]byte(nil), msg[lo:hi]...)}
}
