package load

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/imapstress/imapstress/parser"
)

// DialConfig configures Dial: where to connect and how far to take the
// session (greeting only, logged in, or a mailbox selected or examined).
type DialConfig struct {
	// Addr is the server, host:port. Required.
	Addr string
	// Source, when set, is the local address to connect from.
	Source net.IP
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
	// CondStore sends ENABLE CONDSTORE after login when the server
	// announces both ENABLE and CONDSTORE.
	CondStore bool
	// Mailbox, when set, is selected after login (examined if ReadOnly).
	Mailbox  string
	ReadOnly bool
	// NoPipelinedLogin sends the login, ENABLE and SELECT one at a time,
	// each after the completion of the one before. By default they go out
	// together in one write when no synchronizing literal is needed (see
	// Conn), which saves a round trip or two per connection.
	NoPipelinedLogin bool
	// Timeout bounds connecting and each setup command; default 10s.
	Timeout time.Duration
	// Lenient accepts the deviations real servers are known for.
	Lenient bool
	// MaxResponse bounds one server response in memory; default 16 MiB.
	MaxResponse int
	// TagPrefix starts every tag NextTag and the setup commands use: one
	// to eight letters A-Z; default "A".
	TagPrefix string
	// Trace, when set, sees every plaintext byte in both directions as it
	// is written or read (fromServer tells which). The slice is only valid
	// during the call.
	Trace func(fromServer bool, p []byte)
}

func (cfg *DialConfig) defaults() error {
	if cfg.Addr == "" {
		return errors.New("load: dial: no server address")
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
	if cfg.TagPrefix == "" {
		cfg.TagPrefix = "A"
	}
	return checkTagPrefix(cfg.TagPrefix)
}

// Conn is one IMAP connection driven by a single goroutine, and the one
// implementation of the session machinery: dial, TLS or STARTTLS,
// greeting, CAPABILITY, LOGIN or AUTHENTICATE PLAIN, ENABLE, SELECT or
// EXAMINE, framing every response with the parser, and matching
// completions to tags. The load engine's sessions are built on it (adding
// the pipelined workload and the metrics); tools that need one connection
// under precise control, the network fuzzer and the replayer, use it
// through Dial. Every byte the server sends goes through the strict (or
// lenient) parser; a response it rejects is a *ProtocolError.
//
// Conn keeps the session state it sees: capabilities, whether a mailbox is
// selected and read-only, the message count (EXISTS less EXPUNGE), UIDNEXT,
// and whether the server said BYE. It is not safe for concurrent use.
type Conn struct {
	cfg       DialConfig
	tlsConfig *tls.Config
	plain     net.Conn // the TCP connection
	wire
	b parser.CommandBuilder

	// For the load engine: setup commands' outcomes go to onSetup (when
	// set), with times in ns since epoch.
	epoch   time.Time
	onSetup func(c Cmd, o Outcome, intended, written int64)

	caps            capSet
	seq             uint64 // the next tag number
	selected        bool
	readOnly        bool
	exists, uidNext uint32
	bye             bool
	loggingOut      bool  // a BYE is expected
	tolerated       int64 // deviations the lenient parser accepted, not yet collected
	consumed        int64 // server stream bytes of the responses parsed so far
	rdl, wdl        time.Time
	wtimeout        time.Duration // when set, writes move their deadline on by themselves
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
// greeting, CAPABILITY when the greeting had none, STARTTLS, login, ENABLE,
// and SELECT or EXAMINE. Any step that fails closes the connection and
// returns an error naming the step.
func Dial(ctx context.Context, cfg DialConfig) (*Conn, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	c := &Conn{}
	c.init(cfg, parser.NewParser(parser.Options{Lenient: cfg.Lenient}), &bufPools{}, nil)
	if err := c.handshake(ctx); err != nil {
		c.Close()
		return nil, err
	}
	c.SetDeadline(time.Time{})
	return c, nil
}

// init prepares a Conn whose config has its defaults; tc, when not nil, is
// the TLS configuration to share.
func (c *Conn) init(cfg DialConfig, p *parser.Parser, pools *bufPools, tc *tls.Config) {
	c.cfg, c.seq, c.epoch = cfg, 1, time.Now()
	c.wire = wire{p: p, pools: pools, limit: cfg.MaxResponse}
	if tc == nil {
		name := cfg.ServerName
		if name == "" {
			name, _, _ = net.SplitHostPort(cfg.Addr)
		}
		tc = &tls.Config{ServerName: name, InsecureSkipVerify: cfg.Insecure}
	}
	c.tlsConfig = tc
}

func (c *Conn) wrap(nc net.Conn) net.Conn {
	if c.cfg.Trace == nil {
		return nc
	}
	return traceConn{nc, c.cfg.Trace}
}

// now is the time since the epoch in nanoseconds (monotonic).
func (c *Conn) now() int64 { return int64(time.Since(c.epoch)) }

// handshake dials and takes the connection as far as the config asks.
func (c *Conn) handshake(ctx context.Context) error {
	cfg := &c.cfg
	t0 := c.now()
	// No TCP keepalive: commands have their own timeouts, and the four
	// setsockopt calls it costs are a tenth of a connection's syscalls.
	d := net.Dialer{Timeout: cfg.Timeout, KeepAlive: -1}
	if cfg.Source != nil {
		d.LocalAddr = &net.TCPAddr{IP: cfg.Source}
	}
	nc, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return &setupError{"connect", err}
	}
	c.plain = nc
	c.conn = c.wrap(nc)
	c.setDeadline(time.Now().Add(cfg.Timeout))
	if cfg.TLS {
		tc := tls.Client(nc, c.tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return &setupError{"tls", err}
		}
		c.conn = c.wrap(tc)
	}
	r, err := c.read()
	if err != nil {
		return &setupError{"greeting", err}
	}
	if r.Kind != parser.KindUntagged || (r.Status != parser.StatusOK && r.Status != parser.StatusPREAUTH) {
		return &setupError{"greeting", fmt.Errorf("server greeted with %q", head(r.Raw, 80))}
	}
	preauth := r.Status == parser.StatusPREAUTH
	c.setupDone(CmdConnect, OutcomeOK, t0, t0)
	if c.caps == 0 {
		if err := c.simple(CmdCapability, "CAPABILITY"); err != nil {
			return err
		}
	}
	if cfg.StartTLS && !cfg.TLS {
		if err := c.simple(CmdStartTLS, "STARTTLS"); err != nil {
			return err
		}
		if c.buffered() > 0 {
			return &setupError{"starttls", errors.New("server sent data after STARTTLS OK before the handshake")}
		}
		c.release()
		tc := tls.Client(c.plain, c.tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return &setupError{"tls", err}
		}
		c.conn, c.caps = c.wrap(tc), 0
		if err := c.simple(CmdCapability, "CAPABILITY"); err != nil {
			return err
		}
	}
	selected := false
	if cfg.User != "" && !preauth {
		c.caps &^= capIMAP4rev2 // learn the post-login set
		if cfg.Mailbox != "" && !cfg.NoPipelinedLogin {
			var err error
			if selected, err = c.loginSelect(); err != nil {
				return err
			}
		}
		if !selected {
			if err := c.login(); err != nil {
				return err
			}
		}
	}
	if cfg.CondStore && !selected && c.caps&capEnable != 0 && c.caps&capCondStore != 0 {
		if err := c.simple(CmdEnable, "ENABLE", "CONDSTORE"); err != nil {
			return err
		}
	}
	if cfg.Mailbox != "" && !selected {
		k, name := CmdSelect, "SELECT"
		if cfg.ReadOnly {
			k, name = CmdExamine, "EXAMINE"
		}
		if err := c.simple(k, name, cfg.Mailbox); err != nil {
			return err
		}
	}
	c.release()
	return nil
}

func (c *Conn) login() error {
	cfg := &c.cfg
	if cfg.Auth == "plain" {
		ir := base64.StdEncoding.EncodeToString([]byte("\x00" + cfg.User + "\x00" + cfg.Pass))
		if c.caps&capSASLIR != 0 {
			return c.simple(CmdAuthenticate, "AUTHENTICATE", "PLAIN", ir)
		}
		return c.command(CmdAuthenticate, smallCommand, -1, func(seq uint64) {
			c.b.BeginN(cfg.TagPrefix, seq, "AUTHENTICATE")
			c.b.Atom("PLAIN")
			c.b.End()
		}, []byte(ir+"\r\n"))
	}
	return c.simple(CmdLogin, "LOGIN", cfg.User, cfg.Pass)
}

// simple runs one command with astring arguments alone; anything but OK
// is a *setupError.
func (c *Conn) simple(k Cmd, name string, args ...string) error {
	return c.command(k, smallCommand, -1, func(seq uint64) {
		c.b.BeginN(c.cfg.TagPrefix, seq, name)
		for _, a := range args {
			c.b.AString(a)
		}
		c.b.End()
	}, nil)
}

// setupWhat names a failed setup command in the report's errors.
var setupWhat = [numCmds]string{CmdLogin: "login", CmdAuthenticate: "login", CmdSelect: "select",
	CmdExamine: "select", CmdStartTLS: "starttls", CmdCapability: "capability", CmdEnable: "enable"}

// command runs one command alone, within Timeout: build encodes it with
// tag number seq into c.b, whose buffer starts with room for size bytes
// (rounded up to a pool size); cont, when not nil, answers the first
// continuation request. The outcome goes to onSetup, timed from intended
// (ns since the epoch; negative for now). A completion other than OK is a
// *setupError whose what is "setup" for a workload command.
func (c *Conn) command(k Cmd, size int, intended int64, build func(seq uint64), cont []byte) error {
	seq := c.seq
	c.seq++
	c.b.Buf = c.pools.get(size)[:0]
	build(seq)
	buf := c.b.Buf
	defer c.pools.put(buf)
	c.setDeadline(time.Now().Add(c.cfg.Timeout))
	t0 := c.now()
	if intended < 0 || intended > t0 {
		intended = t0
	}
	r, err := c.exchange(buf[:bytes.IndexByte(buf, ' ')], buf, cont, true, nil)
	return c.finish(k, r, err, intended, t0)
}

// finish ends a command run alone or in the pipelined login: it records
// the outcome and turns a failure or a completion other than OK into the
// error the session reports.
func (c *Conn) finish(k Cmd, r *parser.Response, err error, intended, written int64) error {
	if err != nil {
		var pe *ProtocolError
		var ne net.Error
		switch {
		case errors.As(err, &pe) || errors.Is(err, errBye):
			return err
		case errors.As(err, &ne) && ne.Timeout():
			c.setupDone(k, OutcomeTimeout, 0, 0)
			return &setupError{"timeout", fmt.Errorf("%s: %w", k, err)}
		}
		c.setupDone(k, OutcomeConn, 0, 0)
		return &setupError{"closed", fmt.Errorf("%s: %w", k, err)}
	}
	o := statusOutcome(r.Status)
	c.completed(k, r)
	c.setupDone(k, o, intended, written)
	if o != OutcomeOK {
		what := setupWhat[k]
		if what == "" {
			what = "setup"
		}
		return &setupError{what, fmt.Errorf("%s answered %s %s", k, r.Status, r.Text)}
	}
	return nil
}

// loginSelect sends the login (LOGIN, or AUTHENTICATE PLAIN with SASL-IR),
// ENABLE CONDSTORE (when asked for and the server announces ENABLE before
// login: the post-login capabilities are not known yet) and SELECT or
// EXAMINE in one write, then reads their completions in order: one round
// trip instead of two or three, and one write and read on each side. The
// server runs them in order (RFC 9051 section 5.5: each depends on the
// state the one before leaves); a failed login fails the rest, and the
// session reports the login. It reports false, having sent nothing, when
// the commands cannot go out together (a synchronizing literal, or the
// server refuses LOGIN).
func (c *Conn) loginSelect() (bool, error) {
	cfg := &c.cfg
	if c.caps&capLoginDisabled != 0 || (cfg.Auth == "plain" && c.caps&capSASLIR == 0) {
		return false, nil
	}
	var ks [3]Cmd
	n := 0
	first := c.seq
	c.b.Buf = c.pools.get(smallCommand)[:0]
	begin := func(k Cmd, name string) {
		c.b.BeginN(cfg.TagPrefix, c.seq, name)
		c.seq++
		ks[n] = k
		n++
	}
	if cfg.Auth == "plain" {
		begin(CmdAuthenticate, "AUTHENTICATE")
		c.b.Atom("PLAIN")
		c.b.Atom(base64.StdEncoding.EncodeToString([]byte("\x00" + cfg.User + "\x00" + cfg.Pass)))
	} else {
		begin(CmdLogin, "LOGIN")
		c.b.AString(cfg.User)
		c.b.AString(cfg.Pass)
	}
	c.b.End()
	if cfg.CondStore && c.caps&capEnable != 0 {
		begin(CmdEnable, "ENABLE")
		c.b.Atom("CONDSTORE")
		c.b.End()
	}
	if cfg.ReadOnly {
		begin(CmdExamine, "EXAMINE")
	} else {
		begin(CmdSelect, "SELECT")
	}
	c.b.Mailbox(cfg.Mailbox)
	c.b.End()
	buf := c.b.Buf
	defer c.pools.put(buf)
	if parts := parser.SyncParts(buf); parts.Next() && parts.Wait() {
		c.seq = first
		return false, nil
	}
	c.setDeadline(time.Now().Add(cfg.Timeout))
	t0 := c.now()
	if err := c.write(buf); err != nil {
		return true, c.finish(ks[0], nil, err, t0, t0)
	}
	var tag [32]byte
	for i, k := range ks[:n] {
		t := strconv.AppendUint(append(tag[:0], cfg.TagPrefix...), first+uint64(i), 10)
		r, err := c.until(t, false, true, nil)
		if err := c.finish(k, r, err, t0, t0); err != nil {
			return true, err
		}
	}
	return true, nil
}

// completed applies the completion r of command k to the session state:
// what SELECT and EXAMINE change.
func (c *Conn) completed(k Cmd, r *parser.Response) {
	if k == CmdSelect || k == CmdExamine {
		c.selected = r.Status == parser.StatusOK
		c.readOnly = c.selected && (k == CmdExamine || r.Code == parser.CodeReadOnly)
	}
}

func (c *Conn) setupDone(k Cmd, o Outcome, intended, written int64) {
	if c.onSetup != nil {
		c.onSetup(k, o, intended, written)
	}
}

// exchange sends cmd, one complete command tagged tag, waiting for a
// continuation request before each synchronizing literal's data and
// answering the first one with cont when cont is not nil, then reads
// responses until the completion of tag, which it returns (aliasing the
// read buffer). Every other response goes to each (when not nil). strict
// makes a BYE (unless logging out), a stray continuation request or a
// completion of another tag end the exchange with an error.
func (c *Conn) exchange(tag, cmd, cont []byte, strict bool, each func(*parser.Response)) (*parser.Response, error) {
	parts := parser.SyncParts(cmd)
	for parts.Next() {
		if err := c.write(parts.Part()); err != nil {
			return nil, err
		}
		if parts.Wait() {
			if r, err := c.until(tag, true, strict, each); err != nil || r.Kind == parser.KindTagged {
				return r, err
			}
		}
	}
	if cont != nil {
		if r, err := c.until(tag, true, strict, each); err != nil || r.Kind == parser.KindTagged {
			return r, err
		}
		if err := c.write(cont); err != nil {
			return nil, err
		}
	}
	return c.until(tag, false, strict, each)
}

// until reads until the completion of tag or, with cont, a continuation
// request, and returns it; other responses go to each.
func (c *Conn) until(tag []byte, cont, strict bool, each func(*parser.Response)) (*parser.Response, error) {
	for {
		r, err := c.read()
		if err != nil {
			return nil, err
		}
		switch {
		case r.Kind == parser.KindContinuation && cont:
			return r, nil
		case r.Kind == parser.KindTagged && bytes.Equal(r.Tag, tag):
			return r, nil
		case !strict:
		case r.Kind == parser.KindContinuation:
			return nil, &ProtocolError{Err: errors.New("unexpected continuation request"), Context: head(r.Raw, 128)}
		case r.Kind == parser.KindTagged:
			return nil, &ProtocolError{Err: fmt.Errorf("completion tag %q, expected %q", r.Tag, tag), Context: head(r.Raw, 128)}
		case r.Status == parser.StatusBYE && !c.loggingOut:
			return nil, errBye
		}
		if each != nil {
			each(r)
		}
	}
}

// read returns the next response and updates the session state from it.
func (c *Conn) read() (*parser.Response, error) {
	r, err := c.next()
	if err != nil {
		return nil, err
	}
	c.learn(r)
	return r, nil
}

// learn applies one response to the session state.
func (c *Conn) learn(r *parser.Response) {
	c.consumed += int64(len(r.Raw))
	if n := r.ViolationCount(); n > 0 {
		c.tolerated += int64(n)
	}
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
	if r.Status == parser.StatusNone {
		return
	}
	if r.Status == parser.StatusBYE {
		c.bye = true
	}
	switch r.Code {
	case parser.CodeCapability:
		c.learnCaps(r)
	case parser.CodeUIDNext:
		if n, ok := r.UIDNext(); ok {
			c.uidNext = n
		}
	case parser.CodeAppendUID:
		if _, uids, ok := r.AppendUID(); ok {
			it := uids.Ranges()
			for it.Next() {
				rg := it.Range()
				if hi := max(rg.First, rg.Last); hi != parser.SeqStar && hi >= c.uidNext {
					c.uidNext = hi + 1
				}
			}
		}
	case parser.CodeReadOnly:
		c.readOnly = true
	case parser.CodeReadWrite:
		c.readOnly = false
	}
}

func (c *Conn) learnCaps(r *parser.Response) {
	it := r.Capabilities()
	first := true
	for it.Next() {
		if first {
			c.caps, first = 0, false
		}
		a := it.Atom()
		var up [32]byte
		if len(a) > len(up) {
			continue
		}
		c.caps |= capNames[string(upper(up[:0], a))] // no allocation: the compiler looks up without converting
	}
}

func upper(dst, a []byte) []byte {
	for _, ch := range a {
		if 'a' <= ch && ch <= 'z' {
			ch -= 'a' - 'A'
		}
		dst = append(dst, ch)
	}
	return dst
}

// setDeadline sets both deadlines.
func (c *Conn) setDeadline(t time.Time) error {
	c.rdl, c.wdl = t, t
	return c.conn.SetDeadline(t)
}

// deadline sets the read deadline unless it is already close. (The load
// engine's reads wait for the oldest command's timeout or, in the open
// model, for the next send; writes have their own deadline, see write.)
func (c *Conn) deadline(t time.Time) {
	if c.rdl.IsZero() || !t.After(c.rdl.Add(-5*time.Millisecond)) || t.After(c.rdl.Add(5*time.Millisecond)) {
		c.conn.SetReadDeadline(t)
		c.rdl = t
	}
}

// write writes b. With wtimeout set (the load engine) it writes within
// that long, moving the deadline only when less than half of it is left,
// so most writes cost no timer update; otherwise within the deadline set.
func (c *Conn) write(b []byte) error {
	if c.wtimeout > 0 {
		now := time.Now()
		if c.wdl.Sub(now) < c.wtimeout/2 {
			c.wdl = now.Add(c.wtimeout)
			c.conn.SetWriteDeadline(c.wdl)
		}
	}
	_, err := c.conn.Write(b)
	return err
}

// NextTag returns a fresh tag: the tag prefix ("A" by default) and a
// sequence number, the form the load engine uses.
func (c *Conn) NextTag() string {
	t := c.cfg.TagPrefix + strconv.FormatUint(c.seq, 10)
	c.seq++
	return t
}

// SetDeadline sets the read and write deadline of the connection; the zero
// time means none.
func (c *Conn) SetDeadline(t time.Time) error {
	if c.conn == nil {
		return net.ErrClosed
	}
	return c.setDeadline(t)
}

// Write sends raw bytes as they are, in one write.
func (c *Conn) Write(p []byte) error {
	if c.conn == nil {
		return net.ErrClosed
	}
	return c.write(p)
}

// Next reads the next response and updates the session state from it. The
// response aliases the read buffer and is valid until the next call. A
// response the parser rejects is returned as a *ProtocolError, after which
// the stream may be out of step.
func (c *Conn) Next() (*parser.Response, error) {
	if c.conn == nil {
		return nil, net.ErrClosed
	}
	return c.read()
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
	if err := c.SetDeadline(deadline); err != nil {
		return parser.StatusNone, nil, err
	}
	r, err := c.exchange([]byte(tag), cmd, nil, false, each)
	if err != nil {
		return parser.StatusNone, nil, err
	}
	return r.Status, r.Text, nil
}

// AwaitContinuation reads until a continuation request (StatusNone) or the
// tagged completion of tag (its status), whichever comes first, within the
// deadline already set.
func (c *Conn) AwaitContinuation(tag string) (parser.Status, error) {
	if c.conn == nil {
		return parser.StatusNone, net.ErrClosed
	}
	r, err := c.until([]byte(tag), true, false, nil)
	if err != nil {
		return parser.StatusNone, err
	}
	if r.Kind == parser.KindContinuation {
		return parser.StatusNone, nil
	}
	return r.Status, nil
}

// SetSelected records the outcome of a SELECT, EXAMINE, CLOSE or UNSELECT
// that the caller sent itself: selected or not, and read-only or not.
func (c *Conn) SetSelected(selected, readOnly bool) {
	c.selected, c.readOnly = selected, readOnly
	if !selected {
		c.exists = 0
	}
}

// Selected reports whether a mailbox is selected.
func (c *Conn) Selected() bool { return c.selected }

// ReadOnly reports whether the selected mailbox is read-only: examined, or
// reported READ-ONLY.
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
	var up [32]byte
	if len(name) > len(up) {
		return false
	}
	b, ok := capNames[string(upper(up[:0], []byte(name)))]
	return ok && c.caps&b != 0
}

// Close closes the connection without LOGOUT.
func (c *Conn) Close() error {
	var err error
	if c.conn != nil {
		err = c.conn.Close()
		c.conn, c.plain = nil, nil
	}
	c.drop()
	return err
}

// reset closes the connection and forgets its state, keeping the config
// and the tag sequence, so that the Conn can go through handshake again.
func (c *Conn) reset() {
	c.Close()
	c.caps, c.selected, c.readOnly, c.exists, c.uidNext = 0, false, false, 0, 0
	c.bye, c.loggingOut, c.consumed = false, false, 0
	c.rdl, c.wdl = time.Time{}, time.Time{}
}
