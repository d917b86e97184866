package main

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/imapstress/imapstress/corpus"
)

// conn is one recorded IMAP connection: every byte sent and received also
// goes to a session file.
type conn struct {
	nc      net.Conn
	r       *bufio.Reader
	w       io.Writer
	flusher interface{ Flush() error } // set after COMPRESS
	session *corpus.SessionWriter
	file    *bytes.Buffer // the session file being written
	prefix  string        // tag prefix
	n       int           // tags issued
	timeout time.Duration
}

// dial connects to addr and reads nothing yet.
func dial(addr, tagPrefix, comment string, timeout time.Duration) (*conn, error) {
	nc, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	file := &bytes.Buffer{}
	sw := corpus.NewSessionWriter(file)
	if err := sw.Comment(comment); err != nil {
		return nil, err
	}
	return &conn{nc: nc, r: bufio.NewReader(nc), w: nc, session: sw, file: file, prefix: tagPrefix, timeout: timeout}, nil
}

// close ends the connection and returns the session file.
func (c *conn) close() []byte {
	_ = c.nc.Close()
	_ = c.session.Close()
	return c.file.Bytes()
}

// send writes raw client bytes.
func (c *conn) send(b []byte) error {
	if err := c.session.Write(corpus.Client, b); err != nil {
		return err
	}
	_ = c.nc.SetWriteDeadline(time.Now().Add(c.timeout))
	if _, err := c.w.Write(b); err != nil {
		return err
	}
	if c.flusher != nil {
		return c.flusher.Flush()
	}
	return nil
}

// readMessage reads one server message: a line, and for each literal it
// announces at its end the literal's bytes and the rest of the line.
func (c *conn) readMessage() ([]byte, error) {
	_ = c.nc.SetReadDeadline(time.Now().Add(c.timeout))
	var msg []byte
	for {
		line, err := c.r.ReadBytes('\n')
		msg = append(msg, line...)
		if err != nil {
			_ = c.session.Write(corpus.Server, msg)
			return msg, fmt.Errorf("reading a response: %w (after %q)", err, tail(msg))
		}
		n, ok := announced(line)
		if !ok {
			break
		}
		lit := make([]byte, n)
		if _, err := io.ReadFull(c.r, lit); err != nil {
			return msg, fmt.Errorf("reading a %d-byte literal: %w", n, err)
		}
		msg = append(msg, lit...)
	}
	return msg, c.session.Write(corpus.Server, msg)
}

// announced returns N if line ends with a literal announcement {N} or
// {N+} before its CRLF.
func announced(line []byte) (int, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	if !strings.HasSuffix(s, "}") {
		return 0, false
	}
	open := strings.LastIndexByte(s, '{')
	if open < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s[open+1:len(s)-1], "+"))
	if err != nil || n < 0 || n > 64<<20 {
		return 0, false
	}
	return n, true
}

func tail(b []byte) []byte {
	if len(b) > 60 {
		return b[len(b)-60:]
	}
	return b
}

// nextTag returns a fresh tag.
func (c *conn) nextTag() string {
	c.n++
	return c.prefix + strconv.Itoa(c.n)
}

// command sends "TAG text" CRLF and returns every server byte up to and
// including the tagged completion. A synchronizing literal in text
// ("{N}" CRLF) is sent only after the server's "+" continuation request;
// the continuation requests are part of the returned bytes.
func (c *conn) command(text string) (tag string, resp []byte, err error) {
	tag = c.nextTag()
	parts := splitSyncLiterals(tag + " " + text + "\r\n")
	for i, p := range parts {
		if err := c.send([]byte(p)); err != nil {
			return tag, resp, err
		}
		if i == len(parts)-1 {
			break
		}
		// Wait for the continuation request (or an early completion).
		for {
			m, err := c.readMessage()
			resp = append(resp, m...)
			if err != nil {
				return tag, resp, err
			}
			if bytes.HasPrefix(m, []byte("+")) {
				break
			}
			if bytes.HasPrefix(m, []byte(tag+" ")) {
				return tag, resp, nil // refused before the literal
			}
		}
	}
	more, err := c.until(tag)
	return tag, append(resp, more...), err
}

// until reads messages until the completion tagged tag.
func (c *conn) until(tag string) ([]byte, error) {
	var resp []byte
	for i := 0; i < 100000; i++ {
		m, err := c.readMessage()
		resp = append(resp, m...)
		if err != nil {
			return resp, err
		}
		if bytes.HasPrefix(m, []byte(tag+" ")) {
			return resp, nil
		}
	}
	return resp, fmt.Errorf("no completion for %s after 100000 responses", tag)
}

// splitSyncLiterals cuts a command after each synchronizing literal
// announcement "{N}" CRLF, where the client must wait for "+".
func splitSyncLiterals(cmd string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(cmd); {
		j := strings.Index(cmd[i:], "}\r\n")
		if j < 0 {
			break
		}
		end := i + j
		open := strings.LastIndexByte(cmd[i:end], '{')
		if open < 0 {
			i = end + 3
			continue
		}
		// "{N}" and "~{N}" synchronize; "{N+}" does not parse here.
		n, err := strconv.Atoi(cmd[i+open+1 : end])
		if err != nil {
			i = end + 3
			continue
		}
		cut := end + 3
		parts = append(parts, cmd[start:cut])
		start = cut
		i = cut + n
	}
	return append(parts, cmd[start:])
}

// startTLS upgrades the connection after a STARTTLS OK; the session file
// goes on recording the plaintext IMAP bytes inside TLS.
func (c *conn) startTLS() error {
	tc := tls.Client(c.nc, &tls.Config{InsecureSkipVerify: true, ServerName: "localhost"}) // loopback test server with a self-signed certificate
	_ = tc.SetDeadline(time.Now().Add(c.timeout))
	if err := tc.Handshake(); err != nil {
		return err
	}
	c.nc = tc
	c.r = bufio.NewReader(tc)
	c.w = tc
	return nil
}

// compress switches both directions to DEFLATE after a COMPRESS OK
// (RFC 4978); the session file records the uncompressed bytes.
func (c *conn) compress() error {
	fw, err := flate.NewWriter(c.nc, flate.DefaultCompression)
	if err != nil {
		return err
	}
	c.w = fw
	c.flusher = fw
	c.r = bufio.NewReader(flate.NewReader(c.nc))
	return nil
}
