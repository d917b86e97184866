// Package defective is a small IMAP server with three planted defects, the
// target that proves the network fuzzer finds, minimises and replays what it
// should. It is a test fixture: it answers just enough of IMAP4rev1 (LOGIN,
// AUTHENTICATE PLAIN, SELECT, EXAMINE, FETCH, SEARCH, APPEND, IDLE, CLOSE,
// NOOP, CAPABILITY, LOGOUT) over a mailbox of three messages, stores
// nothing, and accepts any login.
//
// The defects, each switchable in Options:
//   - Crash: after login, a command holding a NUL inside a quoted string
//     makes the server drop the connection without BYE.
//   - Hang: a SEARCH whose parentheses nest deeper than 50 makes the server
//     stop answering on that connection (it keeps reading, so the client's
//     writes do not block, but sends nothing more).
//   - BadFetch: a FETCH outside the selected state is answered with a
//     malformed FETCH response (an unclosed parenthesised list).
//
// A fourth defect, not in All, needs two commands on one connection:
//   - Sequence: a FETCH on a connection that sent an ENABLE before (in any
//     state, answered or not) drops the connection without BYE. It proves
//     that a finding made on a reused connection is replayed and minimised
//     with the inputs that came before it.
package defective

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	"github.com/imapstress/imapstress/parser"
)

// Options selects the planted defects. The zero value plants none.
type Options struct {
	Crash, Hang, BadFetch bool
	Sequence              bool
}

// All plants the three single-command defects.
var All = Options{Crash: true, Hang: true, BadFetch: true}

// Messages is the number of messages in every mailbox.
const Messages = 3

// Server is a running defective server.
type Server struct {
	ln    net.Listener
	opts  Options
	wg    sync.WaitGroup
	mu    sync.Mutex
	conn  map[net.Conn]struct{}
	conns int // accepted so far
}

// Start listens on addr ("127.0.0.1:0" for a free port) and serves.
func Start(addr string, opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, opts: opts, conn: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Addr is the listening address.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Conns is the number of connections accepted so far.
func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Close stops listening, closes every connection and waits for them.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.mu.Lock()
	for c := range s.conn {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conn[c] = struct{}{}
		s.conns++
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serve(c)
			c.Close()
			s.mu.Lock()
			delete(s.conn, c)
			s.mu.Unlock()
		}()
	}
}

type state int

const (
	notAuth state = iota
	authed
	selected
)

type session struct {
	s            *Server
	c            net.Conn
	w            *bufio.Writer
	st           state
	cmd          parser.Command
	p            *parser.Parser
	inAuth, idle bool
	authTag      string
	enabled      bool // an ENABLE came on this connection (the Sequence defect)
}

func (s *Server) serve(c net.Conn) {
	ss := &session{s: s, c: c, w: bufio.NewWriter(c), p: parser.NewParser(parser.Options{})}
	ss.send("* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE AUTH=PLAIN] defective ready\r\n")
	rd := parser.NewCommandReader(c, ss.p)
	rd.SetMaxBuffer(1 << 20)
	for {
		if ss.w.Flush() != nil {
			return
		}
		m, err := rd.Next()
		if err != nil {
			var pe *parser.Error
			if errors.As(err, &pe) {
				ss.send(fmt.Sprintf("* BYE cannot frame that: %s\r\n", oneLine(pe.Error())))
				ss.w.Flush()
			}
			return
		}
		switch m.Kind {
		case parser.ReadContinue:
			ss.send("+ go ahead\r\n")
			continue
		case parser.ReadAuthLine:
			rd.EndExchange()
			ss.inAuth = false
			if bytes.Equal(bytes.TrimRight(m.Bytes, "\r\n"), []byte("*")) {
				ss.send(ss.authTag + " BAD cancelled\r\n")
				continue
			}
			ss.st = authed
			ss.send(ss.authTag + " OK authenticated\r\n")
			continue
		case parser.ReadDone:
			if !ss.idle {
				rd.EndExchange()
				ss.send("* BAD DONE without IDLE\r\n")
				continue
			}
			ss.idle = false
			ss.send(ss.authTag + " OK IDLE done\r\n")
			continue
		}
		if ss.idle {
			// a command while idling ends the IDLE, as some servers do
			ss.idle = false
			rd.EndExchange()
			ss.send(ss.authTag + " BAD expected DONE\r\n")
			continue
		}
		if !ss.handle(m.Bytes, rd) {
			ss.w.Flush()
			return
		}
		if !ss.idle && !ss.inAuth {
			rd.EndExchange() // a refused IDLE or AUTHENTICATE opened no exchange
		}
	}
}

// oneLine makes s safe for a response's text: printable ASCII only.
func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}

// validTag reports whether t is a tag a server may echo: ASTRING-CHAR
// without "+", in RFC 9051 terms.
func validTag(t []byte) bool {
	for _, c := range t {
		if c <= 0x20 || c >= 0x7f || strings.IndexByte("(){%*\"\\+", c) >= 0 {
			return false
		}
	}
	return len(t) > 0
}

func (ss *session) send(s string) { ss.w.WriteString(s) }

// handle answers one command; false ends the connection.
func (ss *session) handle(raw []byte, rd *parser.CommandReader) bool {
	if ss.s.opts.Crash && ss.st != notAuth && nulInQuoted(raw) {
		return false // the planted crash: no BYE, just gone
	}
	switch commandName(raw) {
	case "ENABLE":
		ss.enabled = true
	case "FETCH":
		if ss.s.opts.Sequence && ss.enabled {
			return false // the planted sequence crash
		}
	}
	tag := "*"
	if i := bytes.IndexAny(raw, " \r\n"); i > 0 && validTag(raw[:i]) {
		tag = string(raw[:i])
	}
	if ss.s.opts.Hang && ss.st == selected && commandName(raw) == "SEARCH" && depth(raw) > 50 {
		ss.w.Flush()
		io.Copy(io.Discard, ss.c) // the planted hang: read on, answer nothing
		return false
	}
	if tag == "*" {
		ss.send("* BAD invalid tag\r\n")
		return true
	}
	if err := ss.p.ParseCommand(raw, &ss.cmd); err != nil {
		ss.send(tag + " BAD " + oneLine(err.Error()) + "\r\n")
		return true
	}
	c := &ss.cmd
	name := strings.ToUpper(string(c.Name))
	switch name {
	case "CAPABILITY":
		ss.send("* CAPABILITY IMAP4rev1 LITERAL+ IDLE AUTH=PLAIN\r\n")
	case "NOOP", "CHECK":
	case "LOGOUT":
		ss.send("* BYE bye\r\n" + tag + " OK LOGOUT done\r\n")
		return false
	case "LOGIN":
		if ss.st != notAuth {
			ss.send(tag + " BAD already logged in\r\n")
			return true
		}
		ss.st = authed
	case "AUTHENTICATE":
		if ss.st != notAuth {
			ss.send(tag + " BAD already logged in\r\n")
			return true
		}
		if c.InitialResponse != nil {
			ss.st = authed
			break
		}
		ss.inAuth, ss.authTag = true, tag
		ss.send("+ \r\n")
		return true
	case "SELECT", "EXAMINE":
		if ss.st == notAuth {
			ss.send(tag + " BAD log in first\r\n")
			return true
		}
		ss.st = selected
		ss.send(fmt.Sprintf("* %d EXISTS\r\n* FLAGS (\\Seen)\r\n", Messages))
		if name == "EXAMINE" {
			ss.send(tag + " OK [READ-ONLY] done\r\n")
			return true
		}
		ss.send(tag + " OK [READ-WRITE] done\r\n")
		return true
	case "CLOSE", "UNSELECT":
		if ss.st != selected {
			ss.send(tag + " BAD nothing selected\r\n")
			return true
		}
		ss.st = authed
	case "FETCH":
		if ss.st != selected {
			if ss.s.opts.BadFetch {
				ss.send("* 1 FETCH (FLAGS (\\Seen)\r\n") // the planted malformed response
			}
			ss.send(tag + " BAD no mailbox selected\r\n")
			return true
		}
		for it := c.Seq.Ranges(); it.Next(); {
			r := it.Range()
			lo, hi := r.First, r.Last
			if lo == parser.SeqStar {
				lo = Messages
			}
			if hi == parser.SeqStar {
				hi = Messages
			}
			if lo > hi {
				lo, hi = hi, lo
			}
			for n := lo; n <= min(hi, Messages); n++ {
				ss.send(fmt.Sprintf("* %d FETCH (FLAGS (\\Seen))\r\n", n))
			}
		}
	case "SEARCH":
		if ss.st != selected {
			ss.send(tag + " BAD no mailbox selected\r\n")
			return true
		}
		ss.send("* SEARCH 1 2 3\r\n")
	case "APPEND":
		if ss.st == notAuth {
			ss.send(tag + " BAD log in first\r\n")
			return true
		}
	case "IDLE":
		if ss.st == notAuth {
			ss.send(tag + " BAD log in first\r\n")
			return true
		}
		ss.idle, ss.authTag = true, tag
		ss.send("+ idling\r\n")
		return true
	default:
		ss.send(tag + " BAD not here\r\n")
		return true
	}
	ss.send(tag + " OK done\r\n")
	return true
}

// nulInQuoted reports whether a quoted string in the command's lines (not
// its literals) holds a NUL.
func nulInQuoted(b []byte) bool {
	in, esc := false, false
	for _, c := range b {
		switch {
		case esc:
			esc = false
			if c == 0 && in {
				return true
			}
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case c == 0 && in:
			return true
		case c == '\n':
			in = false
		}
	}
	return false
}

// depth is the deepest parenthesis nesting in b outside quoted strings.
func depth(b []byte) int {
	d, most, in := 0, 0, false
	for i, c := range b {
		switch {
		case c == '"' && (i == 0 || b[i-1] != '\\'):
			in = !in
		case in:
		case c == '(':
			d++
			most = max(most, d)
		case c == ')':
			d = max(d-1, 0)
		}
	}
	return most
}

// commandName is the command's name in upper case, after the tag (and
// after "UID ").
func commandName(raw []byte) string {
	f := bytes.Fields(bytes.SplitN(raw, []byte("\n"), 2)[0])
	if len(f) < 2 {
		return ""
	}
	n := strings.ToUpper(string(f[1]))
	if n == "UID" && len(f) > 2 {
		n = strings.ToUpper(string(f[2]))
	}
	return n
}
