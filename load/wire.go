package load

import (
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/imapstress/imapstress/parser"
)

// Buffers (and the parsed-response struct, about 9 KB) come from pools
// and are held only while data is in flight, so an idle session costs no
// buffer at all. A read buffer starts small and doubles whenever a read
// fills it, and the next one is half as large after a spell in which no
// read did: a session that gets a few short answers holds 4 KiB,
// one that streams bodies reads in large chunks.
const (
	minBufShift  = 12      // 4 KiB: the first read buffer
	readBufMax   = 1 << 16 // the read buffer stops growing here unless a message needs more
	writeBufSize = 1 << 14 // what a batch of commands is encoded into
	smallCommand = 1 << 12 // what a command sent alone is encoded into, unless it says more
	maxBufShift  = 26      // 64 MiB: beyond this a message is an error
)

type bufPools struct {
	sizes [maxBufShift - minBufShift + 1]sync.Pool
	resp  sync.Pool
}

func (p *bufPools) get(n int) []byte {
	shift := minBufShift
	for shift < maxBufShift && 1<<shift < n {
		shift++
	}
	if b, ok := p.sizes[shift-minBufShift].Get().(*[]byte); ok {
		return (*b)[:cap(*b)]
	}
	return make([]byte, 1<<shift)
}

func (p *bufPools) put(b []byte) {
	c := cap(b)
	for shift := minBufShift; shift <= maxBufShift; shift++ {
		if c == 1<<shift {
			b = b[:c]
			p.sizes[shift-minBufShift].Put(&b)
			return
		}
	}
}

func (p *bufPools) getResponse() *parser.Response {
	if r, ok := p.resp.Get().(*parser.Response); ok {
		return r
	}
	return new(parser.Response)
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
	rbuf  []byte           // nil while idle
	r, w  int              // unread data is rbuf[r:w]
	resp  *parser.Response // nil while idle, like rbuf
	size  int              // the size of the next read buffer
	full  bool             // a read filled the buffer since it was taken
	limit int
	fills uint64 // reads from the connection so far
}

func (w *wire) buffered() int { return w.w - w.r }

// release returns the read buffer to the pool when it holds no data.
func (w *wire) release() {
	if w.rbuf != nil && w.r == w.w {
		w.drop()
	}
}

// drop returns the read buffer and the response struct to the pools,
// whatever the buffer holds.
func (w *wire) drop() {
	if w.rbuf != nil {
		w.pools.put(w.rbuf)
		w.rbuf, w.r, w.w = nil, 0, 0
		if !w.full && w.size > 1<<minBufShift {
			w.size /= 2
		}
		w.full = false
	}
	if w.resp != nil {
		w.pools.resp.Put(w.resp)
		w.resp = nil
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
				if err := w.p.ParseResponse(msg, w.resp); err != nil {
					return nil, protocolError(err, msg)
				}
				return w.resp, nil
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
		w.rbuf = w.pools.get(max(w.size, 1<<minBufShift))
		if w.resp == nil {
			w.resp = w.pools.getResponse()
		}
	case len(w.rbuf) < w.size: // recent reads filled it: read more at a time
		nb := w.pools.get(w.size)
		n := copy(nb, w.rbuf[w.r:w.w])
		w.pools.put(w.rbuf)
		w.rbuf, w.r, w.w = nb, 0, n
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
	if w.w == len(w.rbuf) {
		w.full = true
		if len(w.rbuf) < readBufMax {
			w.size = 2 * len(w.rbuf) // more was waiting: read more at a time
		}
	}
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
