package load

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/imapstress/imapstress/parser"
)

// DialConfig configures Dial: where to connect and how far to take the
// session (greeting only, logged in, or a mailbox selected or examined).
type DialConfig struct {
	// Addr is the server, host:port. Required.
	Addr string
	// TLS connects with implicit TLS; StartTLS upgrades with STARTTLS;
	// Insecure skips certificate verification; ServerName is the TLS
	// server name (default the host of Addr).
	TLS, StartTLS, Insecure bool
	ServerName              string
	// User and Pass log in after the greeting; an empty User leaves the
	// session not authenticated.
	User, Pass string
	// Auth is "login" (LOGIN, the default) or "plain" (AUTHENTICATE PLAIN,
	// with SASL-IR when the server has it).
	Auth string
	// Mailbox, when set, is selected after login (examined if ReadOnly).
	Mailbox  string
	ReadOnly bool
	// Timeout bounds connecting and each setup command; default 10s.
	Timeout time.Duration
	// Lenient accepts the deviations real servers are known for.
	Lenient bool
	// MaxResponse bounds one server response in memory; default 16 MiB.
	MaxResponse int
	// Trace, when set, sees every plaintext byte in both directions as it
	// is written or read (fromServer tells which). The slice is only valid
	// during the call.
	Trace func(fromServer bool, p []byte)
}

// Conn is one IMAP connection driven by a single goroutine: a small,
// reusable piece of the session machinery (dial, TLS or STARTTLS, greeting,
// CAPABILITY, LOGIN or AUTHENTICATE PLAIN, SELECT or EXAMINE, tag-matched
// command exchange), for tools that need one connection under precise
// control rather than a load run: the network fuzzer and the replayer.
// Every byte the server sends goes through the strict (or lenient) parser;
// a response it rejects is a *ProtocolError.
//
// Conn keeps the session state it sees: capabilities, whether a mailbox is
// selected and read-only, the message count (EXISTS less EXPUNGE), and
// whether the server said BYE. It is not safe for concurrent use.
type Conn struct {
	cfg   DialConfig
	plain net.Conn // the TCP connection
	pools bufPools
	wire
	b parser.CommandBuilder

	caps     capSet
	seq      uint64
	selected bool
	readOnly bool
	exists   uint32
	bye      bool
	consumed int64 // server stream bytes of the responses parsed so far
}

// traceConn reports every byte read or written to a Trace function.
type traceConn struct {
	net.Conn
	fn func(fromServer bool, p []byte)
}

func (t traceConn) Read(p []byte) (int, error) {
	n, err := t.Conn.Read(p)
	if n > 0 {
		t.fn(true, p[:n])
	}
	return n, err
}

func (t traceConn) Write(p []byte) (int, error) {
	n, err := t.Conn.Write(p)
	if n > 0 {
		t.fn(false, p[:n])
	}
	return n, err
}

// Dial connects to cfg.Addr and takes the session as far as cfg asks: the
// greeting, CAPABILITY when the greeting had none, STARTTLS, login, and
// SELECT or EXAMINE. Any step that fails closes the connection and returns
// an error naming the step.
func Dial(ctx context.Context, cfg DialConfig) (*Conn, error) {
	if cfg.Addr == "" {
		return nil, errors.New("load: dial: no server address")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxResponse <= 0 {
		cfg.MaxResponse = 16 << 20
	}
	if cfg.Auth == "" {
		cfg.Auth = "login"
	}
	c := &Conn{cfg: cfg, seq: 1}
	c.wire = wire{p: parser.NewParser(parser.Options{Lenient: cfg.Lenient}), pools: &c.pools, limit: cfg.MaxResponse}
	if err := c.open(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (c *Conn) wrap(nc net.Conn) net.Conn {
	if c.cfg.Trace == nil {
		return nc
	}
	return traceConn{nc, c.cfg.Trace}
}

func (c *Conn) tlsConfig() *tls.Config {
	name := c.cfg.ServerName
	if name == "" {
		name, _, _ = net.SplitHostPort(c.cfg.Addr)
	}
	return &tls.Config{ServerName: name, InsecureSkipVerify: c.cfg.Insecure}
}

func (c *Conn) open(ctx context.Context) error {
	d := net.Dialer{Timeout: c.cfg.Timeout}
	nc, err := d.DialContext(ctx, "tcp", c.cfg.Addr)
	if err != nil {
		return &setupError{"connect", err}
	}
	c.plain = nc
	c.conn = c.wrap(nc)
	c.SetDeadline(time.Now().Add(c.cfg.Timeout))
	if c.cfg.TLS {
		tc := tls.Client(nc, c.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return &setupError{"tls", err}
		}
		c.conn = c.wrap(tc)
	}
	r, err := c.Next()
	if err != nil {
		return &setupError{"greeting", err}
	}
	if r.Kind != parser.KindUntagged || (r.Status != parser.StatusOK && r.Status != parser.StatusPREAUTH) {
		return &setupError{"greeting", fmt.Errorf("server greeted with %q", head(r.Raw, 80))}
	}
	preauth := r.Status == parser.StatusPREAUTH
	c.learn(r)
	if c.caps == 0 {
		if err := c.simple("capability", "CAPABILITY"); err != nil {
			return err
		}
	}
	if c.cfg.StartTLS && !c.cfg.TLS {
		if err := c.simple("starttls", "STARTTLS"); err != nil {
			return err
		}
		if c.buffered() > 0 {
			return &setupError{"starttls", errors.New("server sent data after STARTTLS OK before the handshake")}
		}
		tc := tls.Client(c.plain, c.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return &setupError{"tls", err}
		}
		c.conn, c.caps = c.wrap(tc), 0
		if err := c.simple("capability", "CAPABILITY"); err != nil {
			return err
		}
	}
	if c.cfg.User != "" && !preauth {
		if err := c.login(); err != nil {
			return err
		}
	}
	if c.cfg.Mailbox != "" {
		name := "SELECT"
		if c.cfg.ReadOnly {
			name = "EXAMINE"
		}
		if err := c.simple("select", name, c.cfg.Mailbox); err != nil {
			return err
		}
		c.selected, c.readOnly = true, c.readOnly || c.cfg.ReadOnly
	}
	c.SetDeadline(time.Time{})
	return nil
}

func (c *Conn) login() error {
	if c.cfg.Auth == "plain" {
		ir := base64.StdEncoding.EncodeToString([]byte("\x00" + c.cfg.User + "\x00" + c.cfg.Pass))
		if c.caps&capSASLIR != 0 {
			return c.simple("login", "AUTHENTICATE", "PLAIN", ir)
		}
		tag := c.NextTag()
		if err := c.Write([]byte(tag + " AUTHENTICATE PLAIN\r\n")); err != nil {
			return &setupError{"login", err}
		}
		if st, err := c.AwaitContinuation(tag); err != nil {
			return &setupError{"login", err}
		} else if st != parser.StatusNone {
			return &setupError{"login", fmt.Errorf("AUTHENTICATE answered %s", st)}
		}
		return c.setupStatus("login", "AUTHENTICATE", tag, []byte(ir+"\r\n"))
	}
	c.b.Reset()
	tag := c.NextTag()
	c.b.Begin(tag, "LOGIN")
	c.b.AString(c.cfg.User)
	c.b.AString(c.cfg.Pass)
	c.b.End()
	return c.setupStatus("login", "LOGIN", tag, c.b.Buf)
}

// simple sends one command with astring arguments and requires OK.
func (c *Conn) simple(step, name string, args ...string) error {
	c.b.Reset()
	tag := c.NextTag()
	c.b.Begin(tag, name)
	for _, a := range args {
		c.b.AString(a)
	}
	c.b.End()
	return c.setupStatus(step, name, tag, c.b.Buf)
}

func (c *Conn) setupStatus(step, name, tag string, cmd []byte) error {
	st, text, err := c.Exec(tag, cmd, time.Now().Add(c.cfg.Timeout), nil)
	if err != nil {
		return &setupError{step, err}
	}
	if st != parser.StatusOK {
		return &setupError{step, fmt.Errorf("%s answered %s %s", name, st, text)}
	}
	return nil
}

// NextTag returns a fresh tag of the form "A<n>", the form the load
// engine uses.
func (c *Conn) NextTag() string {
	t := fmt.Sprintf("A%d", c.seq)
	c.seq++
	return t
}

// SetDeadline sets the read and write deadline of the connection; the zero
// time means none.
func (c *Conn) SetDeadline(t time.Time) error {
	if c.conn == nil {
		return net.ErrClosed
	}
	return c.conn.SetDeadline(t)
}

// Write sends raw bytes as they are, in one write.
func (c *Conn) Write(p []byte) error {
	if c.conn == nil {
		return net.ErrClosed
	}
	_, err := c.conn.Write(p)
	return err
}

// Next reads the next response and updates the session state from it. The
// response aliases the read buffer and is valid until the next call. A
// response the parser rejects is returned as a *ProtocolError, after which
// the stream may be out of step.
func (c *Conn) Next() (*parser.Response, error) {
	if c.conn == nil {
		return nil, net.ErrClosed
	}
	r, err := c.next()
	if err != nil {
		return nil, err
	}
	c.consumed += int64(len(r.Raw))
	c.learn(r)
	return r, nil
}

// Consumed is the number of bytes of the server's stream taken by the
// responses Next returned so far. After a *ProtocolError, the rejected
// message starts there.
func (c *Conn) Consumed() int64 { return c.consumed }

// Exec sends cmd, one complete command whose tag is tag, waiting for a
// continuation request before each synchronizing literal's data, then reads
// responses until the tagged completion, all before deadline. Each response
// before the completion is passed to each (when not nil). It returns the
// completion's status and text (the text aliases the read buffer); a server
// that refuses a literal with a tagged response ends the exchange there.
func (c *Conn) Exec(tag string, cmd []byte, deadline time.Time, each func(*parser.Response)) (parser.Status, []byte, error) {
	c.SetDeadline(deadline)
	parts := parser.SyncParts(cmd)
	for parts.Next() {
		if err := c.Write(parts.Part()); err != nil {
			return parser.StatusNone, nil, err
		}
		if parts.Wait() {
			for {
				r, err := c.Next()
				if err != nil {
					return parser.StatusNone, nil, err
				}
				if r.Kind == parser.KindContinuation {
					break
				}
				if r.Kind == parser.KindTagged && string(r.Tag) == tag {
					return r.Status, r.Text, nil
				}
				if each != nil {
					each(r)
				}
			}
		}
	}
	for {
		r, err := c.Next()
		if err != nil {
			return parser.StatusNone, nil, err
		}
		if r.Kind == parser.KindTagged && string(r.Tag) == tag {
			return r.Status, r.Text, nil
		}
		if each != nil {
			each(r)
		}
	}
}

// AwaitContinuation reads until a continuation request (StatusNone) or the
// tagged completion of tag (its status), whichever comes first, within the
// deadline already set.
func (c *Conn) AwaitContinuation(tag string) (parser.Status, error) {
	for {
		r, err := c.Next()
		if err != nil {
			return parser.StatusNone, err
		}
		if r.Kind == parser.KindContinuation {
			return parser.StatusNone, nil
		}
		if r.Kind == parser.KindTagged && string(r.Tag) == tag {
			return r.Status, nil
		}
	}
}

// learn applies one response to the session state.
func (c *Conn) learn(r *parser.Response) {
	switch r.Type {
	case parser.DataExists:
		c.exists = r.Num
	case parser.DataExpunge:
		if c.exists > 0 {
			c.exists--
		}
	case parser.DataCapability:
		c.learnCaps(r)
	}
	if r.Status == parser.StatusBYE {
		c.bye = true
	}
	if r.Status != parser.StatusNone {
		c.learnCaps(r)
		switch r.Code {
		case parser.CodeReadOnly:
			c.readOnly = true
		case parser.CodeReadWrite:
			c.readOnly = false
		}
	}
}

func (c *Conn) learnCaps(r *parser.Response) {
	it := r.Capabilities()
	first := true
	for it.Next() {
		if first {
			c.caps, first = 0, false
		}
		c.caps |= capNames[strings.ToUpper(string(it.Atom()))]
	}
}

// SetSelected records the outcome of a SELECT, EXAMINE, CLOSE or UNSELECT
// that the caller sent itself: selected or not, and read-only or not.
func (c *Conn) SetSelected(selected, readOnly bool) {
	c.selected, c.readOnly = selected, readOnly
	if !selected {
		c.exists = 0
	}
}

// Selected reports whether a mailbox is selected, and ReadOnly whether it
// was examined or reported READ-ONLY.
func (c *Conn) Selected() bool { return c.selected }

// ReadOnly reports whether the selected mailbox is read-only.
func (c *Conn) ReadOnly() bool { return c.readOnly }

// Exists is the number of messages in the selected mailbox as the server
// last said (EXISTS less the EXPUNGEs since).
func (c *Conn) Exists() uint32 { return c.exists }

// Bye reports whether the server has sent BYE on this connection.
func (c *Conn) Bye() bool { return c.bye }

// HasCap reports whether the server announced the capability name (one of
// LITERAL+, LITERAL-, SASL-IR, STARTTLS, LOGINDISABLED, AUTH=PLAIN, ENABLE,
// CONDSTORE, IDLE, MOVE, IMAP4rev2; others are not tracked).
func (c *Conn) HasCap(name string) bool {
	b, ok := capNames[strings.ToUpper(name)]
	return ok && c.caps&b != 0
}

// Close closes the connection without LOGOUT.
func (c *Conn) Close() error {
	if c.conn == nil {
		return nil
	}
	err := c.conn.Close()
	c.conn = nil
	if c.rbuf != nil {
		c.pools.put(c.rbuf)
		c.rbuf, c.r, c.w = nil, 0, 0
	}
	return err
}
