package fuzz

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// GoIMAP is the client side of github.com/emersion/go-imap/v2 as a
// ResponseParser: each message is fed to a fresh imapclient.Client over an
// in-memory connection, after a greeting, and the verdict is whether the
// client's reader took it without error. A tagged message must carry the tag
// GoIMAPTag (the client rejects tags it did not send): Differential rewrites
// it. go-imap v2 needs a waiting command to take a continuation request, so
// continuations are not fed to it (Verdict.Skip).
//
// A panic inside go-imap's reader (which it recovers and reports as an
// error) and a reader that neither finishes nor fails within Timeout are
// reported in Verdict.Crash.
type GoIMAP struct {
	// Timeout bounds how long one message may take; zero means 10 s.
	Timeout time.Duration
}

// GoIMAPTag is the tag of the one command GoIMAP has pending when it is fed
// a tagged response: the first tag imapclient generates.
const GoIMAPTag = "T1"

// goIMAPGreeting is what GoIMAP feeds before the message. Its CAPABILITY
// code keeps the client from asking for capabilities.
const goIMAPGreeting = "* OK [CAPABILITY IMAP4rev1 IMAP4rev2] differential\r\n"

// Name returns "go-imap v2".
func (GoIMAP) Name() string { return "go-imap v2" }

// ParseResponse feeds msg to a new go-imap v2 client and reports what its
// reader made of it.
func (g GoIMAP) ParseResponse(msg []byte) Verdict {
	if len(msg) > 0 && msg[0] == '+' {
		return Verdict{Skip: "go-imap v2 takes a continuation request only while a command waits for one"}
	}
	if GoIMAPCapabilityHang(msg) {
		return Verdict{Skip: "go-imap v2 loops forever on a \"(\" in a capability list (corpus/crashers/*-goimap-hang.txt)"}
	}
	return goimapNoSkip(msg, g.Timeout)
}

// goimapNoSkip feeds msg to go-imap v2 without the known-hang check.
func goimapNoSkip(msg []byte, timeout time.Duration) Verdict {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	conn := newFeedConn()
	c := imapclient.New(conn, nil)
	// Close waits for the client's reader; after a hang it never returns,
	// so on that path only the connection is closed (the reader's
	// goroutine is lost: the hang is reported as a finding).
	hung := false
	defer func() {
		if hung {
			conn.Close()
		} else {
			c.Close()
		}
	}()
	conn.feed([]byte(goIMAPGreeting))
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	greeted := make(chan error, 1)
	go func() { greeted <- c.WaitGreeting() }()
	select {
	case err := <-greeted:
		if err != nil {
			return Verdict{Crash: "go-imap v2 refused the greeting: " + err.Error()}
		}
	case <-timer.C:
		hung = true
		return Verdict{Crash: "go-imap v2 did not read the greeting within " + timeout.String()}
	}
	if len(msg) > 0 && msg[0] != '*' {
		c.Noop() // tag T1: the tagged response completes it
	}
	conn.feed(msg)
	conn.end()
	select {
	case <-c.Closed():
	case <-timer.C:
		hung = true
		return Verdict{Crash: "go-imap v2 hung: its reader did not finish within " + timeout.String()}
	}
	err := c.Close()
	switch {
	case err == nil, errors.Is(err, net.ErrClosed):
		return Verdict{Accept: true}
	case strings.Contains(err.Error(), "panic"):
		return Verdict{Crash: err.Error()}
	}
	return Verdict{Reason: err.Error(), Offset: -1}
}

// GoIMAPCapabilityHang reports whether msg may send go-imap v2's reader
// into an endless loop: v2.0.0-beta.8's readCapabilities skips extra spaces
// with "for dec.SP() {}", and Decoder.SP reports true without consuming
// anything when the next byte is "(", so a "(" in a CAPABILITY or ENABLED
// data response or in a [CAPABILITY ...] response code spins the client's
// reader goroutine forever at full CPU (reproducers in corpus/crashers/).
// The check is conservative: any "(" after the word on the first line.
func GoIMAPCapabilityHang(msg []byte) bool {
	line := msg
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	for _, word := range [...]string{"CAPABILITY", "ENABLED"} {
		if i := indexFold(line, word); i >= 0 && bytes.IndexByte(line[i:], '(') >= 0 {
			return true
		}
	}
	return false
}

// indexFold is bytes.Index ignoring ASCII case.
func indexFold(b []byte, word string) int {
	for i := 0; i+len(word) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(word)], []byte(word)) {
			return i
		}
	}
	return -1
}

// feedConn is an in-memory net.Conn whose reads return the chunks handed to
// feed, then io.EOF after end; writes are discarded.
type feedConn struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    bytes.Buffer
	ended  bool
	closed bool
}

func newFeedConn() *feedConn {
	c := &feedConn{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *feedConn) feed(b []byte) {
	c.mu.Lock()
	c.buf.Write(b)
	c.mu.Unlock()
	c.cond.Broadcast()
}

func (c *feedConn) end() {
	c.mu.Lock()
	c.ended = true
	c.mu.Unlock()
	c.cond.Broadcast()
}

func (c *feedConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.buf.Len() == 0 && !c.ended && !c.closed {
		c.cond.Wait()
	}
	if c.closed {
		return 0, net.ErrClosed
	}
	if c.buf.Len() == 0 {
		return 0, io.EOF
	}
	return c.buf.Read(p)
}

func (c *feedConn) Write(p []byte) (int, error) { return len(p), nil }

func (c *feedConn) Close() error {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cond.Broadcast()
	return nil
}

func (c *feedConn) LocalAddr() net.Addr              { return feedAddr{} }
func (c *feedConn) RemoteAddr() net.Addr             { return feedAddr{} }
func (c *feedConn) SetDeadline(time.Time) error      { return nil }
func (c *feedConn) SetReadDeadline(time.Time) error  { return nil }
func (c *feedConn) SetWriteDeadline(time.Time) error { return nil }

type feedAddr struct{}

func (feedAddr) Network() string { return "memory" }
func (feedAddr) String() string  { return "differential" }
