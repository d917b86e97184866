package target

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeConn records what batchConn sends to the socket: each Write call and
// each write deadline set. Read blocks until feed has data or the conn is
// closed.
type fakeConn struct {
	net.Conn // nil; only the methods below are used

	mu        sync.Mutex
	writes    []string
	deadlines []time.Time
	wrote     chan struct{} // one token per Write
	feed      chan []byte
	closed    bool
}

func newFakeConn() *fakeConn {
	return &fakeConn{wrote: make(chan struct{}, 100), feed: make(chan []byte, 1)}
}

func (f *fakeConn) Write(p []byte) (int, error) {
	f.mu.Lock()
	f.writes = append(f.writes, string(p))
	f.mu.Unlock()
	f.wrote <- struct{}{}
	return len(p), nil
}

func (f *fakeConn) Read(p []byte) (int, error) {
	b, ok := <-f.feed
	if !ok {
		return 0, io.EOF
	}
	return copy(p, b), nil
}

func (f *fakeConn) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func (f *fakeConn) SetReadDeadline(time.Time) error { return nil }

func (f *fakeConn) SetWriteDeadline(t time.Time) error {
	f.mu.Lock()
	f.deadlines = append(f.deadlines, t)
	f.mu.Unlock()
	return nil
}

func (f *fakeConn) sent() ([]string, []time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.writes...), append([]time.Time(nil), f.deadlines...)
}

func newTestBatchConn(f *fakeConn) *batchConn {
	return &batchConn{Conn: f, pool: newBatchListener(nil).pool}
}

func TestBatchConnHoldsWritesUntilRead(t *testing.T) {
	d1 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	d2 := d1.Add(time.Second)
	big := strings.Repeat("x", writeLimit+1)
	tests := []struct {
		name      string
		do        func(c *batchConn)
		writes    []string // sent before the Read
		after     []string // sent by the Read
		deadlines []time.Time
	}{
		{
			name: "lines of one response go out together",
			do: func(c *batchConn) {
				c.SetWriteDeadline(d1)
				c.Write([]byte("* 3 EXISTS\r\n"))
				c.SetWriteDeadline(time.Time{})
				c.SetWriteDeadline(d2)
				c.Write([]byte("a OK done\r\n"))
				c.SetWriteDeadline(time.Time{})
			},
			after:     []string{"* 3 EXISTS\r\na OK done\r\n"},
			deadlines: []time.Time{d2},
		},
		{
			name: "a write beyond the limit goes out after what is queued",
			do: func(c *batchConn) {
				c.SetWriteDeadline(d1)
				c.Write([]byte("* 1 FETCH "))
				c.Write([]byte(big))
				c.Write([]byte("\r\n"))
			},
			writes:    []string{"* 1 FETCH ", big},
			after:     []string{"\r\n"},
			deadlines: []time.Time{d1},
		},
		{
			name:  "nothing written, nothing sent",
			do:    func(c *batchConn) { c.SetWriteDeadline(d1); c.SetWriteDeadline(time.Time{}) },
			after: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeConn()
			c := newTestBatchConn(f)
			tc.do(c)
			if got, _ := f.sent(); !equalStrings(got, tc.writes) {
				t.Fatalf("before Read: sent %q, want %q", got, tc.writes)
			}
			f.feed <- []byte("x")
			if _, err := c.Read(make([]byte, 8)); err != nil {
				t.Fatal(err)
			}
			got, dls := f.sent()
			if want := append(append([]string(nil), tc.writes...), tc.after...); !equalStrings(got, want) {
				t.Errorf("after Read: sent %q, want %q", got, want)
			}
			if len(dls) != len(tc.deadlines) {
				t.Fatalf("deadlines set %v, want %v", dls, tc.deadlines)
			}
			for i := range dls {
				if !dls[i].Equal(tc.deadlines[i]) {
					t.Errorf("deadline %d: %v, want %v", i, dls[i], tc.deadlines[i])
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBatchConnWritesAtOnceWhileReading(t *testing.T) {
	f := newFakeConn()
	c := newTestBatchConn(f)
	c.Write([]byte("+ idling\r\n"))
	readDone := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 8))
		readDone <- err
	}()
	// The Read sends "+ idling", then blocks: a write now (an update during
	// IDLE) must reach the socket without waiting for the Read to end.
	select {
	case <-f.wrote:
	case <-time.After(10 * time.Second):
		t.Fatal("queued write not sent by Read")
	}
	for range 1000 { // wait, bounded, until the Read is blocked
		c.mu.Lock()
		r := c.reading
		c.mu.Unlock()
		if r {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := c.Write([]byte("* 4 EXISTS\r\n")); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.sent(); !equalStrings(got, []string{"+ idling\r\n", "* 4 EXISTS\r\n"}) {
		t.Errorf("sent %q during Read", got)
	}
	f.feed <- []byte("DONE\r\n")
	if err := <-readDone; err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("* BYE\r\n"))
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := f.sent()
	if len(got) != 3 || got[2] != "* BYE\r\n" || !f.closed {
		t.Errorf("Close: sent %q, closed %v; want the BYE sent and the conn closed", got, f.closed)
	}
}

// TestIdleUpdate checks over real sockets that an update reaches a session in
// IDLE while the server is blocked reading DONE, and that STARTTLS works
// with writes held back.
func TestIdleUpdate(t *testing.T) {
	srv, err := Start(Options{Users: 1, Messages: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dial := func() (net.Conn, *bufio.Reader) {
		c, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(c)
		if g, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(g, "* OK") {
			t.Fatalf("greeting %q, %v", g, err)
		}
		return c, r
	}
	idler, ir := dial()
	defer idler.Close()
	exchange(t, idler, ir, "s", "STARTTLS")
	tc := tls.Client(idler, &tls.Config{InsecureSkipVerify: true})
	ir = bufio.NewReader(tc)
	exchange(t, tc, ir, "a", "LOGIN user1 pass")
	exchange(t, tc, ir, "b", "SELECT INBOX")
	tc.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(tc, "c IDLE\r\n"); err != nil {
		t.Fatal(err)
	}
	if line, err := ir.ReadString('\n'); err != nil || !strings.HasPrefix(line, "+") {
		t.Fatalf("IDLE: %q, %v", line, err)
	}

	other, or := dial()
	defer other.Close()
	exchange(t, other, or, "a", "LOGIN user1 pass")
	msg := "Subject: x\r\n\r\nbody\r\n"
	exchange(t, other, or, "b", "APPEND INBOX {"+itoa(len(msg))+"+}\r\n"+msg)

	line, err := ir.ReadString('\n')
	if err != nil || line != "* 3 EXISTS\r\n" {
		t.Fatalf("during IDLE: %q, %v; want * 3 EXISTS", line, err)
	}
	if _, err := io.WriteString(tc, "DONE\r\n"); err != nil {
		t.Fatal(err)
	}
	if line, err := ir.ReadString('\n'); err != nil || !strings.HasPrefix(line, "c OK") {
		t.Fatalf("after DONE: %q, %v", line, err)
	}
}
