package target

import (
	"net"
	"sync"
	"time"
)

// go-imap's server flushes its writer after every response line, so a
// SELECT costs one write(2) per untagged response. batchConn holds those
// writes back until the server next reads (it has said all it has to say
// until the client speaks again), closes, or has writeLimit bytes pending;
// while a read is blocked on the socket, writes go out at once, so updates
// sent during IDLE are not delayed. The bytes on the wire and their order
// are unchanged; only how many writes carry them changes.

// writeLimit is how many bytes a connection holds back at most.
const writeLimit = 16 << 10

// batchListener wraps every accepted connection in a batchConn.
type batchListener struct {
	net.Listener
	pool *sync.Pool // of *[]byte with len 0, shared by the connections
}

func newBatchListener(ln net.Listener) *batchListener {
	return &batchListener{Listener: ln, pool: &sync.Pool{New: func() any {
		b := make([]byte, 0, 4096)
		return &b
	}}}
}

// Accept returns the next connection, wrapped.
func (l *batchListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &batchConn{Conn: c, pool: l.pool}, nil
}

// batchConn is a net.Conn whose writes are held back until the next Read or
// Close. Deadlines are applied to the socket only when it is used: go-imap
// sets and clears the write deadline around every response, which costs
// timer updates for nothing when nothing is written.
type batchConn struct {
	net.Conn
	pool *sync.Pool

	mu       sync.Mutex // guards the fields below; taken before wmu
	pending  *[]byte    // bytes written but not sent, from pool; nil if none
	reading  bool       // a Read is in progress: send writes at once
	wdl      time.Time  // write deadline last asked for
	lastWdl  time.Time  // last non-zero write deadline asked for
	rdl      time.Time  // read deadline last asked for
	rApplied time.Time  // read deadline set on Conn

	wmu      sync.Mutex // serializes writes to Conn
	wApplied time.Time  // write deadline set on Conn; guarded by wmu
}

// Write queues p, or sends it with whatever is queued if a Read is in
// progress or the queue would exceed writeLimit.
func (c *batchConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if !c.reading && (c.pending == nil || len(*c.pending)+len(p) <= writeLimit) && len(p) <= writeLimit {
		if c.pending == nil {
			c.pending = c.pool.Get().(*[]byte)
		}
		*c.pending = append(*c.pending, p...)
		c.mu.Unlock()
		return len(p), nil
	}
	pending, dl := c.takeLocked()
	c.wmu.Lock()
	c.mu.Unlock()
	defer c.wmu.Unlock()
	if pending == nil {
		if err := c.applyWriteDeadline(dl); err != nil {
			return 0, err
		}
		return c.Conn.Write(p)
	}
	bufs := net.Buffers{*pending, p}
	err := c.send(&bufs, dl)
	c.release(pending)
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

// Read sends what is queued, then reads.
func (c *batchConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	c.reading = true
	if !c.rdl.Equal(c.rApplied) {
		if err := c.Conn.SetReadDeadline(c.rdl); err != nil {
			c.reading = false
			c.mu.Unlock()
			return 0, err
		}
		c.rApplied = c.rdl
	}
	pending, dl := c.takeLocked()
	if pending == nil {
		c.mu.Unlock()
	} else {
		c.wmu.Lock()
		c.mu.Unlock()
		bufs := net.Buffers{*pending}
		err := c.send(&bufs, dl)
		c.wmu.Unlock()
		c.release(pending)
		if err != nil {
			c.mu.Lock()
			c.reading = false
			c.mu.Unlock()
			return 0, err
		}
	}
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.reading = false
	c.mu.Unlock()
	return n, err
}

// Close sends what is queued, unless another write is blocked on the socket
// (closing is what unblocks it), and closes the connection.
func (c *batchConn) Close() error {
	if c.mu.TryLock() {
		pending, dl := c.takeLocked()
		if pending != nil && c.wmu.TryLock() {
			bufs := net.Buffers{*pending}
			c.send(&bufs, dl) // the peer may be gone; Close reports what matters
			c.wmu.Unlock()
		}
		c.release(pending)
		c.mu.Unlock()
	}
	return c.Conn.Close()
}

// SetDeadline records both deadlines.
func (c *batchConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// SetReadDeadline records t for the next Read, or applies it at once if a
// Read is in progress.
func (c *batchConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rdl = t
	if !c.reading {
		return nil
	}
	c.rApplied = t
	return c.Conn.SetReadDeadline(t)
}

// SetWriteDeadline records t for the writes that follow. Queued bytes are
// sent under the deadline in force when they were written: the current one,
// or if it was cleared since, the last one set.
func (c *batchConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.wdl = t
	if !t.IsZero() {
		c.lastWdl = t
	}
	c.mu.Unlock()
	return nil
}

// takeLocked removes the queue and returns it with the deadline to send it
// under. c.mu must be held.
func (c *batchConn) takeLocked() (*[]byte, time.Time) {
	dl := c.wdl
	if dl.IsZero() && c.pending != nil {
		dl = c.lastWdl
	}
	p := c.pending
	c.pending = nil
	return p, dl
}

// send writes bufs under deadline dl. c.wmu must be held.
func (c *batchConn) send(bufs *net.Buffers, dl time.Time) error {
	if err := c.applyWriteDeadline(dl); err != nil {
		return err
	}
	_, err := bufs.WriteTo(c.Conn)
	return err
}

// applyWriteDeadline sets dl on the socket if it is not set already. c.wmu
// must be held.
func (c *batchConn) applyWriteDeadline(dl time.Time) error {
	if dl.Equal(c.wApplied) {
		return nil
	}
	if err := c.Conn.SetWriteDeadline(dl); err != nil {
		return err
	}
	c.wApplied = dl
	return nil
}

// release returns a queue buffer to the pool.
func (c *batchConn) release(p *[]byte) {
	if p == nil || cap(*p) > writeLimit {
		return
	}
	*p = (*p)[:0]
	c.pool.Put(p)
}
