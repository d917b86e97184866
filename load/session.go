package load

import (
	"context"
	"errors"
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
	id   int // 1-based; fills the --user template
	run  *runner
	rec  Recorder
	rng  *rand.Rand
	Conn // the connection, its handshake and the mailbox state it saw

	ring           []slot
	mask           uint64
	low            uint64 // no command below this tag number is in flight
	inflight       int
	msn, expunging int
	samples        []Sample
	sent           uint64 // open model: commands scheduled so far
	pending        Cmd
	hasPending     bool
	phaseStart     int64 // open model: when this session's schedule starts
	scheduled      bool  // open model: commands go out on the schedule now
	connected, up  bool
	rp             *replayState // with Config.Replay: the place in the recording
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
	s.init(r.dialConfig(), r.parser, &r.pools, r.tlsConfig)
	s.epoch, s.onSetup, s.wtimeout = r.start, s.setupDone, r.cfg.Timeout
	if r.cfg.Replay != nil {
		s.replayInit()
	}
	return s
}

func (s *session) flush() {
	if s.tolerated > 0 {
		s.run.violations.Add(s.tolerated)
		s.tolerated = 0
	}
	s.samples = s.rec.handOver(s.samples)
}

func (s *session) sample(c Cmd, o Outcome, intended, written, done int64) {
	s.samples = append(s.samples, Sample{Cmd: c, Outcome: o, Scheduled: s.scheduled,
		Response: done - intended, Service: done - written, Lag: written - intended})
	if len(s.samples) == cap(s.samples) {
		s.flush()
	}
}

// loop runs the session until the run stops: wait for the measured phase,
// run the workload, log out; on failure count it, back off and reconnect.
// err is the outcome of the session's first open.
func (s *session) loop(ctx context.Context, err error) {
	backoff := 50 * time.Millisecond
	s.run.prepared(err == nil)
	for first := true; ; first = false {
		if !first {
			err = s.open(ctx, true)
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
	s.reset()
	for i := range s.ring {
		s.ring[i] = slot{}
	}
	s.inflight, s.msn, s.expunging, s.hasPending = 0, 0, 0, false
}

// open connects through the Conn's handshake (dial, greeting, TLS, login,
// ENABLE, SELECT) and fills the mailbox.
//
// queue says whether to wait for one of the run's Opening slots (a
// reconnect); a session's first open runs on an opener, which is one.
func (s *session) open(ctx context.Context, queue bool) error {
	cfg := &s.run.cfg
	if s.run.stopping() {
		return errStopped
	}
	s.cfg.User = cfg.user(s.id)
	if len(cfg.Sources) > 0 {
		s.cfg.Source = cfg.Sources[s.id%len(cfg.Sources)]
	}
	if queue {
		select {
		case s.run.opening <- struct{}{}:
		case <-s.run.stop:
			return errStopped
		}
	}
	err := s.handshake(ctx)
	if queue {
		<-s.run.opening
	}
	if err != nil {
		return err
	}
	if !s.connected {
		s.run.opened(s.now())
	}
	for cfg.Fill > 0 && s.exists < uint32(cfg.Fill) {
		if err := s.appendOne(-1); err != nil {
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

// setupDone records the outcome of a command run alone (setup, fill,
// IDLE-less exclusive commands, LOGOUT).
func (s *session) setupDone(c Cmd, o Outcome, intended, written int64) {
	switch o {
	case OutcomeConn:
		s.samples = append(s.samples, Sample{Cmd: c, Outcome: o})
		s.flush()
	case OutcomeTimeout:
		t := s.now() - int64(s.run.cfg.Timeout)
		s.record1(c, o, t, t)
	default:
		s.record1(c, o, intended, written)
	}
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

// untagged checks an untagged response during the workload (the Conn has
// already applied it to the session state): an unexpected BYE is errBye.
func (s *session) untagged(r *parser.Response) error {
	if r.Status == parser.StatusBYE && !s.loggingOut {
		return errBye
	}
	return nil
}

func (s *session) logout() {
	if s.conn == nil {
		return
	}
	s.loggingOut = true
	s.simple(CmdLogout, "LOGOUT")
}

// appendOne APPENDs one generated message alone: in the fill phase
// (intended -1, now), or as a scheduled command that needs the connection
// to itself.
func (s *session) appendOne(intended int64) error {
	msg := s.run.messages[s.rng.IntN(len(s.run.messages))]
	form := s.literalForm(len(msg))
	return s.command(CmdAppend, len(msg)+512, intended, func(seq uint64) {
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
