package load

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"time"

	"github.com/imapstress/imapstress/parser"
)

// Capabilities the session acts on.
type capSet uint32

const (
	capLiteralPlus capSet = 1 << iota
	capLiteralMinus
	capSASLIR
	capStartTLS
	capLoginDisabled
	capAuthPlain
	capEnable
	capCondStore
	capIdle
	capMove
	capIMAP4rev2
)

var capNames = map[string]capSet{
	"LITERAL+": capLiteralPlus, "LITERAL-": capLiteralMinus, "SASL-IR": capSASLIR,
	"STARTTLS": capStartTLS, "LOGINDISABLED": capLoginDisabled, "AUTH=PLAIN": capAuthPlain,
	"ENABLE": capEnable, "CONDSTORE": capCondStore, "IDLE": capIdle, "MOVE": capMove,
	"IMAP4REV2": capIMAP4rev2,
}

// slot is the state of one command in flight, in the session's ring at the
// index given by its tag's sequence number.
type slot struct {
	seq      uint64
	cmd      Cmd
	class    cmdClass
	live     bool
	intended int64 // ns since the run's start
	written  int64
}

// Session-level failures, counted in Report.Errors.
var (
	errTimeout = errors.New("command timed out")
	errBye     = errors.New("server said BYE")
	errStopped = errors.New("run stopped")
)

// session is one connection's worth of state. It is driven by one
// goroutine: writes and reads alternate, so no state is shared.
type session struct {
	id  int // 1-based; fills the --user template
	run *runner
	rec Recorder
	rng *rand.Rand
	wire
	b parser.CommandBuilder

	caps            capSet
	selected        bool
	readOnly        bool
	exists, uidNext uint32
	loggingOut      bool
	bye             bool
	ring            []slot
	mask            uint64
	seq             uint64 // next tag number
	low             uint64 // no command below this tag number is in flight
	nextDue         int64  // for exchange: the intended time of the next command, 0 for now
	intended        int64  // for exchange: the intended time of the command in progress
	inflight        int
	msn, expunging  int
	samples         []Sample
	sent            uint64 // open model: commands scheduled so far
	pending         Cmd
	hasPending      bool
	dl              time.Time // current read deadline
	wdl             time.Time // current write deadline
	phaseStart      int64     // open model: when this session's schedule starts
	connected, up   bool
	rp              *replayState // with Config.Replay: the place in the recording
}

func newSession(r *runner, id int) *session {
	depth := uint64(1)
	for depth < uint64(r.cfg.Pipeline)+1 {
		depth <<= 1
	}
	s := &session{
		id:      id,
		run:     r,
		rec:     r.metrics.Recorder(id),
		rng:     rand.New(rand.NewPCG(r.cfg.Seed, uint64(id))),
		ring:    make([]slot, depth),
		mask:    depth - 1,
		samples: make([]Sample, 0, depth),
	}
	s.wire = wire{p: r.parser, pools: &r.pools, limit: r.cfg.MaxResponse}
	s.seq = 1
	if r.cfg.Replay != nil {
		s.replayInit()
	}
	return s
}

// now is the time since the run's start in nanoseconds (monotonic).
func (s *session) now() int64 { return int64(time.Since(s.run.start)) }

func (s *session) flush() {
	s.rec.Record(s.samples)
	s.samples = s.samples[:0]
}

func (s *session) sample(c Cmd, o Outcome, intended, written, done int64) {
	s.samples = append(s.samples, Sample{Cmd: c, Outcome: o, Response: done - intended, Service: done - written, Lag: written - intended})
	if len(s.samples) == cap(s.samples) {
		s.flush()
	}
}

// loop runs the session until the run stops: connect and prepare, wait for
// the measured phase, run the workload, log out; on failure count it, back
// off and reconnect.
func (s *session) loop(ctx context.Context) {
	backoff := 50 * time.Millisecond
	first := true
	for {
		err := s.open(ctx)
		if first {
			first = false
			s.run.prepared(err == nil)
		}
		if err == nil {
			s.up = true
			s.run.openNow.Add(1)
			if !s.connected {
				s.connected = true
				s.run.established.Add(1)
			}
			select {
			case <-s.run.measure:
				err = s.workload()
			case <-s.run.stop:
				err = errStopped
			}
			if err == nil || errors.Is(err, errStopped) {
				s.logout()
				s.close()
				return
			}
		}
		s.fail(err)
		s.close()
		select {
		case <-s.run.stop:
			return
		default:
		}
		s.run.reconnects.Add(1)
		// Back off with jitter so that a restarted server is not hit by
		// every session in the same millisecond.
		d := backoff/2 + time.Duration(s.rng.Int64N(int64(backoff)))
		backoff = min(backoff*2, 2*time.Second)
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-s.run.stop:
			t.Stop()
			return
		}
	}
}

// fail counts a session failure and the commands it left in flight.
func (s *session) fail(err error) {
	var o Outcome
	var pe *ProtocolError
	var ne net.Error
	switch {
	case errors.Is(err, errStopped):
		return
	case errors.As(err, &pe):
		o = OutcomeProtocol
		s.run.countError("protocol")
		s.run.reportViolation(s.id, pe)
	case errors.Is(err, errTimeout):
		o = OutcomeTimeout // already counted per command
		s.run.countError("timeout")
	case errors.Is(err, errBye) || s.bye:
		o = OutcomeBye
		s.run.countError("bye")
	case errors.As(err, &ne) && ne.Timeout():
		o = OutcomeTimeout
		s.run.countError("timeout")
	default:
		o = OutcomeConn
		var se *setupError
		if errors.As(err, &se) {
			s.run.countError(se.what)
		} else {
			s.run.countError("closed")
		}
	}
	if o != OutcomeTimeout {
		for i := range s.ring {
			if sl := &s.ring[i]; sl.live {
				s.samples = append(s.samples, Sample{Cmd: sl.cmd, Outcome: o})
				if len(s.samples) == cap(s.samples) {
					s.flush()
				}
			}
		}
	}
	s.flush()
	s.run.lastErr.Store(err.Error())
}

// setupError is a failure before the workload: dialling, greeting, TLS,
// login or select. what names it in the report's errors.
type setupError struct {
	what string
	err  error
}

func (e *setupError) Error() string { return e.what + ": " + e.err.Error() }
func (e *setupError) Unwrap() error { return e.err }

func (s *session) close() {
	if s.up {
		s.up = false
		s.run.openNow.Add(-1)
	}
	if s.conn != nil {
		s.conn.Close()
		s.conn = nil
	}
	if s.rbuf != nil {
		s.pools.put(s.rbuf)
		s.rbuf, s.r, s.w = nil, 0, 0
	}
	for i := range s.ring {
		s.ring[i] = slot{}
	}
	s.inflight, s.msn, s.expunging = 0, 0, 0
	s.selected, s.readOnly, s.bye, s.loggingOut, s.hasPending = false, false, false, false, false
	s.caps, s.dl, s.wdl = 0, time.Time{}, time.Time{}
}

// open dials, reads the greeting, learns the capabilities, starts TLS,
// logs in, enables, selects and fills the mailbox.
func (s *session) open(ctx context.Context) error {
	cfg := &s.run.cfg
	t0 := s.now()
	d := net.Dialer{Timeout: cfg.Timeout}
	if len(cfg.Sources) > 0 {
		d.LocalAddr = &net.TCPAddr{IP: cfg.Sources[s.id%len(cfg.Sources)]}
	}
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return &setupError{"connect", err}
	}
	if cfg.TLS {
		tc := tls.Client(conn, s.run.tlsConfig)
		tc.SetDeadline(time.Now().Add(cfg.Timeout))
		if err := tc.Handshake(); err != nil {
			conn.Close()
			return &setupError{"tls", err}
		}
		conn = tc
	}
	s.conn = conn
	s.deadline(time.Now().Add(cfg.Timeout))
	r, err := s.next()
	if err != nil {
		return &setupError{"greeting", err}
	}
	if r.Kind != parser.KindUntagged || (r.Status != parser.StatusOK && r.Status != parser.StatusPREAUTH) {
		return &setupError{"greeting", fmt.Errorf("server greeted with %q", head(r.Raw, 80))}
	}
	preauth := r.Status == parser.StatusPREAUTH
	s.learnCaps(r)
	s.record1(CmdConnect, OutcomeOK, t0, t0)
	if s.caps == 0 {
		if err := s.simple(CmdCapability, "CAPABILITY"); err != nil {
			return err
		}
	}
	if cfg.StartTLS && !cfg.TLS {
		if err := s.simple(CmdStartTLS, "STARTTLS"); err != nil {
			return err
		}
		if s.buffered() > 0 {
			return &setupError{"starttls", errors.New("server sent data after STARTTLS OK before the handshake")}
		}
		s.release()
		tc := tls.Client(s.conn, s.run.tlsConfig)
		if err := tc.Handshake(); err != nil {
			return &setupError{"tls", err}
		}
		s.conn, s.caps = tc, 0
		if err := s.simple(CmdCapability, "CAPABILITY"); err != nil {
			return err
		}
	}
	if !preauth {
		s.caps &^= capIMAP4rev2 // learn the post-login set
		if err := s.login(); err != nil {
			return err
		}
	}
	if s.caps&capEnable != 0 && s.caps&capCondStore != 0 {
		if err := s.simple(CmdEnable, "ENABLE", "CONDSTORE"); err != nil {
			return err
		}
	}
	if err := s.simple(CmdSelect, "SELECT", cfg.Mailbox); err != nil {
		return err
	}
	for cfg.Fill > 0 && s.exists < uint32(cfg.Fill) {
		if err := s.appendOne(); err != nil {
			return err
		}
		select {
		case <-s.run.stop:
			return errStopped
		default:
		}
	}
	s.release()
	return nil
}

func (s *session) login() error {
	cfg := &s.run.cfg
	user := cfg.user(s.id)
	if cfg.Auth == "plain" {
		ir := base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + cfg.Pass))
		if s.caps&capSASLIR != 0 {
			return s.simple(CmdAuthenticate, "AUTHENTICATE", "PLAIN", ir)
		}
		return s.exchange(CmdAuthenticate, func(seq uint64) {
			s.b.BeginN(s.run.cfg.TagPrefix, seq, "AUTHENTICATE")
			s.b.Atom("PLAIN")
			s.b.End()
		}, []byte(ir+"\r\n"))
	}
	return s.exchange(CmdLogin, func(seq uint64) {
		s.b.BeginN(s.run.cfg.TagPrefix, seq, "LOGIN")
		s.b.AString(user)
		s.b.AString(cfg.Pass)
		s.b.End()
	}, nil)
}

// simple sends one command with atom or astring arguments and waits for
// its completion; anything but OK is a setup error.
func (s *session) simple(c Cmd, name string, args ...string) error {
	return s.exchange(c, func(seq uint64) {
		s.b.BeginN(s.run.cfg.TagPrefix, seq, name)
		for _, a := range args {
			s.b.AString(a)
		}
		s.b.End()
	}, nil)
}

// exchange sends one command alone, answers one continuation with cont (or
// follows the synchronizing literals of the encoded command), and waits for
// the completion within --timeout.
func (s *session) exchange(c Cmd, build func(seq uint64), cont []byte) error {
	seq := s.seq
	s.seq++
	s.b.Buf = s.pools.get(1 << minBufShift)[:0]
	build(seq)
	buf := s.b.Buf
	defer func() { s.pools.put(buf) }()
	s.deadline(time.Now().Add(s.run.cfg.Timeout))
	t0 := s.now()
	s.intended = t0
	if s.nextDue > 0 { // a scheduled command (open model): latency counts from its due time
		s.intended, s.nextDue = min(s.nextDue, t0), 0
	}
	parts := parser.SyncParts(buf)
	for parts.Next() {
		if err := s.write(parts.Part()); err != nil {
			return &setupError{"closed", err}
		}
		if parts.Wait() {
			done, err := s.awaitCont(seq, c, t0)
			if err != nil || done {
				return err
			}
		}
	}
	if cont != nil {
		done, err := s.awaitCont(seq, c, t0)
		if err != nil || done {
			return err
		}
		if err := s.write(cont); err != nil {
			return &setupError{"closed", err}
		}
	}
	return s.awaitTagged(seq, c, t0)
}

// awaitCont reads until a continuation request (false) or the command's
// completion (true, with the error for a non-OK).
func (s *session) awaitCont(seq uint64, c Cmd, t0 int64) (bool, error) {
	for {
		r, err := s.next()
		if err != nil {
			return true, s.setupErr(c, err)
		}
		if r.Kind == parser.KindContinuation {
			return false, nil
		}
		if r.Kind == parser.KindTagged {
			return true, s.completeSetup(r, seq, c, t0)
		}
		if err := s.untagged(r); err != nil {
			return true, s.setupErr(c, err)
		}
	}
}

func (s *session) awaitTagged(seq uint64, c Cmd, t0 int64) error {
	for {
		r, err := s.next()
		if err != nil {
			return s.setupErr(c, err)
		}
		switch r.Kind {
		case parser.KindTagged:
			return s.completeSetup(r, seq, c, t0)
		case parser.KindContinuation:
			return s.setupErr(c, &ProtocolError{Err: errors.New("unexpected continuation request"), Context: head(r.Raw, 128)})
		}
		if err := s.untagged(r); err != nil {
			return s.setupErr(c, err)
		}
	}
}

func (s *session) setupErr(c Cmd, err error) error {
	var pe *ProtocolError
	if errors.As(err, &pe) || errors.Is(err, errBye) {
		return err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		s.record1(c, OutcomeTimeout, s.now()-int64(s.run.cfg.Timeout), s.now()-int64(s.run.cfg.Timeout))
		return errTimeout
	}
	s.samples = append(s.samples, Sample{Cmd: c, Outcome: OutcomeConn})
	s.flush()
	return &setupError{"closed", err}
}

func (s *session) completeSetup(r *parser.Response, seq uint64, c Cmd, t0 int64) error {
	if got, ok := tagSeq(r.Tag); !ok || got != seq {
		return &ProtocolError{Err: fmt.Errorf("completion tag %q, expected A%d", r.Tag, seq), Context: head(r.Raw, 128)}
	}
	o := statusOutcome(r.Status)
	s.learnCaps(r)
	s.learnCode(r, c)
	s.record1(c, o, s.intended, t0)
	if o != OutcomeOK {
		what := map[Cmd]string{CmdLogin: "login", CmdAuthenticate: "login", CmdSelect: "select", CmdStartTLS: "starttls"}[c]
		if what == "" {
			what = "setup"
		}
		return &setupError{what, fmt.Errorf("%s answered %s %s", c, r.Status, r.Text)}
	}
	return nil
}

func (s *session) record1(c Cmd, o Outcome, intended, written int64) {
	s.sample(c, o, intended, written, s.now())
	s.flush()
}

func statusOutcome(st parser.Status) Outcome {
	switch st {
	case parser.StatusOK:
		return OutcomeOK
	case parser.StatusNO:
		return OutcomeNo
	}
	return OutcomeBad
}

// tagSeq parses a tag of ours: the letters of Config.TagPrefix ("A" by
// default) and a decimal sequence number.
func tagSeq(tag []byte) (uint64, bool) {
	p := 0
	for p < len(tag) && p < 8 && tag[p] >= 'A' && tag[p] <= 'Z' {
		p++
	}
	if p == 0 || len(tag) == p || len(tag)-p > 20 {
		return 0, false
	}
	var n uint64
	for _, c := range tag[p:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

func (s *session) learnCaps(r *parser.Response) {
	it := r.Capabilities()
	first := true
	for it.Next() {
		if first {
			s.caps, first = 0, false
		}
		a := it.Atom()
		var up [32]byte
		if len(a) > len(up) {
			continue
		}
		u := up[:len(a)]
		for i, c := range a {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			u[i] = c
		}
		s.caps |= capNames[string(u)] // no allocation: the compiler looks up without converting
	}
}

// learnCode updates the mailbox state from a response code.
func (s *session) learnCode(r *parser.Response, c Cmd) {
	switch r.Code {
	case parser.CodeUIDNext:
		if n, ok := r.UIDNext(); ok {
			s.uidNext = n
		}
	case parser.CodeAppendUID:
		if _, uids, ok := r.AppendUID(); ok {
			for it := uids.Ranges(); it.Next(); {
				rg := it.Range()
				if hi := max(rg.First, rg.Last); hi != parser.SeqStar && hi >= s.uidNext {
					s.uidNext = hi + 1
				}
			}
		}
	case parser.CodeReadOnly:
		s.readOnly = true
	case parser.CodeReadWrite:
		s.readOnly = false
	}
	if r.Kind == parser.KindTagged && (c == CmdSelect || c == CmdExamine) {
		s.selected = r.Status == parser.StatusOK
		if c == CmdExamine {
			s.readOnly = true
		}
	}
}

// untagged applies an untagged response to the session's view of the
// mailbox. It returns errBye for an unexpected BYE.
func (s *session) untagged(r *parser.Response) error {
	if n := r.ViolationCount(); n > 0 {
		s.run.violations.Add(int64(n))
	}
	switch r.Type {
	case parser.DataExists:
		s.exists = r.Num
	case parser.DataExpunge:
		if s.exists > 0 {
			s.exists--
		}
	case parser.DataCapability:
		s.learnCaps(r)
	}
	if r.Status == parser.StatusBYE {
		s.bye = true
		if !s.loggingOut {
			return errBye
		}
	}
	if r.Status != parser.StatusNone {
		s.learnCode(r, CmdNoop)
		s.learnCaps(r)
	}
	return nil
}

// deadline sets the read deadline unless it is already close. (Reads wait
// for the oldest command's timeout or, in the open model, for the next
// send; writes have their own deadline, see write.)
func (s *session) deadline(t time.Time) {
	if s.dl.IsZero() || !t.After(s.dl.Add(-5*time.Millisecond)) || t.After(s.dl.Add(5*time.Millisecond)) {
		s.conn.SetReadDeadline(t)
		s.dl = t
	}
}

// write writes b within --timeout; the write deadline is moved only when
// less than half of it is left, so most writes cost no timer update.
func (s *session) write(b []byte) error {
	now := time.Now()
	if s.wdl.Sub(now) < s.run.cfg.Timeout/2 {
		s.wdl = now.Add(s.run.cfg.Timeout)
		s.conn.SetWriteDeadline(s.wdl)
	}
	_, err := s.conn.Write(b)
	return err
}

func (s *session) logout() {
	if s.conn == nil {
		return
	}
	s.loggingOut = true
	s.simple(CmdLogout, "LOGOUT")
}

// appendOne APPENDs one generated message during the fill phase.
func (s *session) appendOne() error {
	msg := s.run.messages[s.rng.IntN(len(s.run.messages))]
	form := s.literalForm(len(msg))
	return s.exchange(CmdAppend, func(seq uint64) {
		s.b.BeginN(s.run.cfg.TagPrefix, seq, "APPEND")
		s.b.Mailbox(s.run.cfg.Mailbox)
		s.b.Flags(`\Seen`)
		s.b.LiteralHeader(int64(len(msg)), form)
		s.b.RawBytes(msg)
		s.b.End()
	}, nil)
}

func (s *session) literalForm(n int) parser.LiteralForm {
	if s.caps&capLiteralPlus != 0 || (s.caps&capLiteralMinus != 0 && n <= parser.LiteralMinusMax) {
		return parser.LiteralNonSync
	}
	return parser.LiteralSync
}
