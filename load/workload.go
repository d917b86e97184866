package load

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/imapstress/imapstress/parser"
)

// workload runs the measured phase: it keeps up to Pipeline commands in
// flight (closed model) or sends on the pacer's schedule (open model),
// writing every command that can go out in one write and parsing every
// response that one read brought before writing again. It returns nil when
// the run stops and nothing is left in flight.
func (s *session) workload() error {
	cfg := &s.run.cfg
	// The schedule survives reconnects: commands due while the session was
	// down go out late, and their latency counts the outage.
	s.phaseStart = int64(s.run.measureStart.Load())
	s.scheduled = cfg.Rate > 0
	defer func() { s.scheduled = false }()
	s.rdl = time.Time{}
	for {
		stopping := s.run.stopping()
		if stopping && s.inflight == 0 {
			return nil
		}
		if !stopping {
			if err := s.send(); err != nil {
				return err
			}
		}
		if s.inflight == 0 {
			if s.bye {
				return errBye
			}
			s.release()
			if cfg.Rate > 0 {
				if !s.sleepUntil(s.due()) {
					return nil
				}
			}
			continue
		}
		if err := s.receive(); err != nil {
			return err
		}
	}
}

// due is when the next scheduled command is intended to go out (open
// model), in ns since the run's start.
func (s *session) due() int64 {
	if s.rp != nil {
		return s.replayDue()
	}
	return s.phaseStart + int64(s.run.cfg.Pacer.Due(s.id-1, s.run.cfg.Sessions, s.sent))
}

// sleepUntil waits until t (ns since start) or the end of the run; it
// reports false when the run ended.
func (s *session) sleepUntil(t int64) bool {
	d := time.Duration(t - s.now())
	if d <= 0 {
		return true
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-s.run.stop:
		return false
	}
}

// send encodes every command that may go out now into one buffer and
// writes it. Exclusive commands (IDLE, SELECT, a synchronizing APPEND) run
// on their own once the pipeline has drained.
func (s *session) send() error {
	cfg := &s.run.cfg
	var buf []byte
	var first uint64
	n := 0
	// One clock read per batch: in the closed model a command is intended
	// when it is written; in the open model it is due when scheduled.
	var now int64
	if cfg.Rate > 0 {
		now = s.now()
	}
	for s.inflight < cfg.Pipeline {
		var intended int64
		if cfg.Rate > 0 {
			d := s.due()
			if d > now {
				break
			}
			intended = d
		}
		if !s.hasPending {
			s.pending, s.hasPending = s.pick(), true
		}
		c := s.pending
		if !canPipeline(c, s.inflight, s.msn, s.expunging) {
			break
		}
		if c == CmdIdle || (c == CmdAppend && s.literalForm(maxMessage) == parser.LiteralSync) {
			if s.inflight > 0 || n > 0 {
				break
			}
			s.hasPending = false
			s.sent++
			if cfg.Rate == 0 {
				intended = s.now()
			}
			return s.alone(c, intended)
		}
		s.hasPending = false
		s.sent++
		if buf == nil {
			buf = s.pools.get(writeBufSize)[:0]
			first = s.seq
		}
		s.b.Buf = buf
		seq := s.seq
		s.seq++
		s.encode(c, seq)
		buf = s.b.Buf
		sl := &s.ring[seq&s.mask]
		*sl = slot{seq: seq, cmd: c, class: cmdClasses[c], live: true, intended: intended}
		s.track(sl, +1)
		n++
		if cmdClasses[c]&classExclusive != 0 {
			break
		}
	}
	if n == 0 {
		return nil
	}
	w := s.now()
	err := s.write(buf)
	s.pools.put(buf)
	for seq := first; seq < first+uint64(n); seq++ {
		sl := &s.ring[seq&s.mask]
		sl.written = w
		if cfg.Rate == 0 {
			sl.intended = w
		}
	}
	return err
}

// track adds (+1) or removes (-1) a command from the in-flight counts.
func (s *session) track(sl *slot, d int) {
	s.inflight += d
	if sl.class&classMSN != 0 {
		s.msn += d
	}
	if sl.class&classExpunges != 0 {
		s.expunging += d
	}
}

// receive reads until at least one read's worth of responses has been
// handled, then returns so that the window can be refilled in one write.
func (s *session) receive() error {
	cfg := &s.run.cfg
	var oldest, done int64
	fills := s.fills - 1
	for first := true; ; first = false {
		if first || s.buffered() == 0 {
			// The deadline: the oldest command's timeout, or the next
			// scheduled send in the open model when the window has
			// room. (Set again only before a read from the socket.)
			oldest = s.oldest()
			limit := oldest + int64(cfg.Timeout)
			if cfg.Rate > 0 && s.inflight < cfg.Pipeline && !s.run.stopping() {
				limit = min(limit, s.due())
			}
			s.deadline(s.run.start.Add(time.Duration(limit)))
		}
		r, err := s.read()
		if s.fills != fills {
			// Responses that came in one read completed together: one
			// clock read per read, not per response.
			fills, done = s.fills, s.now()
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				if s.now() >= oldest+int64(cfg.Timeout) {
					return s.timedOut()
				}
				s.flush()
				return nil // time to send
			}
			return err
		}
		if err := s.handle(r, done); err != nil {
			return err
		}
		// Refill once a read's responses are handled, but in the closed
		// model only when a quarter of the window is free: fewer, larger
		// writes (and so reads) are what syscalls per command come down to.
		if s.buffered() == 0 && (cfg.Rate > 0 || s.inflight <= cfg.Pipeline-max(1, cfg.Pipeline/4) || s.hasPending) {
			s.flush()
			return nil
		}
	}
}

// oldest returns the write time of the oldest command in flight. Tags are
// issued in order and mostly complete in order, so advancing the low-water
// mark past completed slots costs O(1) amortized, not a scan of the ring.
// (A command that was encoded but not yet written has written 0, which
// only makes the deadline earlier.)
func (s *session) oldest() int64 {
	for s.low < s.seq && !(s.ring[s.low&s.mask].live && s.ring[s.low&s.mask].seq == s.low) {
		s.low++
	}
	if s.low == s.seq {
		return s.now()
	}
	return s.ring[s.low&s.mask].written
}

// timedOut counts every command in flight past its timeout; the session is
// then reconnected, since a late answer would arrive out of context.
func (s *session) timedOut() error {
	now := s.now()
	for i := range s.ring {
		if sl := &s.ring[i]; sl.live {
			o := OutcomeConn // younger commands are lost with the connection
			if now-sl.written >= int64(s.run.cfg.Timeout) {
				o = OutcomeTimeout
			}
			s.sample(sl.cmd, o, sl.intended, sl.written, now)
			sl.live = false
		}
	}
	s.flush()
	return errTimeout
}

// handle processes one response during the workload; done is when it
// arrived.
func (s *session) handle(r *parser.Response, done int64) error {
	switch r.Kind {
	case parser.KindTagged:
		seq, ok := tagSeq(r.Tag)
		sl := &s.ring[seq&s.mask]
		if !ok || !sl.live || sl.seq != seq {
			return &ProtocolError{Err: fmt.Errorf("completion for tag %q, which is not in flight", r.Tag), Context: head(r.Raw, 128)}
		}
		s.completed(sl.cmd, r)
		s.sample(sl.cmd, statusOutcome(r.Status), sl.intended, sl.written, done)
		sl.live = false
		s.track(sl, -1)
		return nil
	case parser.KindContinuation:
		return &ProtocolError{Err: errors.New("continuation request with no literal or IDLE pending"), Context: head(r.Raw, 128)}
	}
	return s.untagged(r)
}

// alone runs an exclusive command that needs the connection to itself:
// IDLE (enter, wait, DONE) or an APPEND with a synchronizing literal.
func (s *session) alone(c Cmd, intended int64) error {
	if c == CmdAppend {
		err := s.appendOne(intended)
		if err != nil {
			var se *setupError
			if errors.As(err, &se) && se.what == "setup" {
				return nil // a NO or BAD was counted; the session goes on
			}
		}
		return err
	}
	cfg := &s.run.cfg
	seq := s.seq
	s.seq++
	buf := s.pools.get(smallCommand)[:0]
	s.b.Buf = buf
	s.b.BeginN(s.run.cfg.TagPrefix, seq, "IDLE")
	s.b.End()
	s.deadline(time.Now().Add(cfg.Timeout))
	w0 := s.now()
	err := s.write(s.b.Buf)
	s.pools.put(buf)
	if err != nil {
		return err
	}
	sl := &s.ring[seq&s.mask]
	*sl = slot{seq: seq, cmd: CmdIdle, class: classExclusive, live: true, intended: intended, written: w0}
	s.track(sl, +1)
	for {
		r, err := s.read()
		if err != nil {
			return err
		}
		if r.Kind == parser.KindContinuation {
			break
		}
		if err := s.handle(r, s.now()); err != nil {
			return err
		}
		if !sl.live {
			s.flush()
			return nil // refused with NO or BAD
		}
	}
	entered := s.now()
	if s.buffered() == 0 {
		s.release()
	}
	s.sleepUntil(min(entered+int64(cfg.IdleTime), s.run.endNS()))
	d0 := s.now()
	if err := s.write([]byte("DONE\r\n")); err != nil {
		return err
	}
	// The idle wait itself is not latency: shift the times so that the
	// sample measures entering plus leaving.
	s.deadline(time.Now().Add(cfg.Timeout))
	shift := d0 - entered
	sl.intended += shift
	sl.written += shift
	for sl.live {
		r, err := s.read()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return s.timedOut()
			}
			return err
		}
		if err := s.handle(r, s.now()); err != nil {
			return err
		}
	}
	s.flush()
	return nil
}

// maxMessage bounds the size of generated APPEND messages.
const maxMessage = 128 << 10

// pick chooses the next workload command from the mix, replacing it by one
// that is valid in the session's state: SELECT when nothing (or a
// read-only mailbox) is selected and the command needs more, APPEND when
// the mailbox is empty.
func (s *session) pick() Cmd {
	if s.rp != nil {
		return s.replayPick()
	}
	c := s.run.pickMix(s.rng)
	switch {
	case !s.selected && c != CmdSelect && c != CmdExamine && c != CmdStatus && c != CmdList &&
		c != CmdNoop && c != CmdCapability && c != CmdAppend:
		return CmdSelect
	case s.readOnly && (c == CmdStore || c == CmdUIDStore || c == CmdExpunge || c == CmdMove):
		return CmdSelect
	case s.exists == 0 && (c == CmdFetch || c == CmdUIDFetch || c == CmdStore || c == CmdUIDStore ||
		c == CmdCopy || c == CmdMove):
		return CmdAppend
	case c == CmdIdle && s.caps&capIdle == 0, c == CmdMove && s.caps&capMove == 0:
		return CmdNoop
	}
	return c
}

// msnRange picks lo:hi message numbers, a few messages wide.
func (s *session) msnRange(width uint32) (uint32, uint32) {
	lo := 1 + uint32(s.rng.IntN(int(s.exists)))
	return lo, min(lo+width-1, s.exists)
}

// uid picks a UID that is likely to exist.
func (s *session) uid() uint32 {
	top := s.uidNext
	if top <= 1 {
		top = s.exists + 1
	}
	return 1 + uint32(s.rng.IntN(int(max(top-1, 1))))
}

var folders = []string{"Archive", "Sent", "Trash", "Drafts"}

// encode writes workload command c with tag number seq into s.b.
func (s *session) encode(c Cmd, seq uint64) {
	if s.rp != nil {
		s.replayEncode(seq)
		return
	}
	b := &s.b
	cfg := &s.run.cfg
	switch c {
	case CmdNoop:
		b.BeginN(s.run.cfg.TagPrefix, seq, "NOOP")
	case CmdCapability:
		b.BeginN(s.run.cfg.TagPrefix, seq, "CAPABILITY")
	case CmdStatus:
		b.BeginN(s.run.cfg.TagPrefix, seq, "STATUS")
		b.Mailbox(folders[s.rng.IntN(len(folders))])
		b.Open()
		b.Atom("MESSAGES")
		b.Atom("UIDNEXT")
		b.Atom("UNSEEN")
		b.Close()
	case CmdList:
		b.BeginN(s.run.cfg.TagPrefix, seq, "LIST")
		b.String("")
		if s.rng.IntN(2) == 0 {
			b.ListMailbox("*")
		} else {
			b.ListMailbox("%")
		}
	case CmdSelect:
		b.BeginN(s.run.cfg.TagPrefix, seq, "SELECT")
		b.Mailbox(cfg.Mailbox)
	case CmdExamine:
		b.BeginN(s.run.cfg.TagPrefix, seq, "EXAMINE")
		b.Mailbox(cfg.Mailbox)
	case CmdFetch, CmdUIDFetch:
		if c == CmdFetch {
			b.BeginN(s.run.cfg.TagPrefix, seq, "FETCH")
			lo, hi := s.msnRange(uint32(1 + s.rng.IntN(20)))
			b.SeqRange(lo, hi)
		} else {
			b.BeginN(s.run.cfg.TagPrefix, seq, "UID FETCH")
			u := s.uid()
			b.SeqRange(u, u+uint32(s.rng.IntN(20)))
		}
		b.Open()
		b.Atom("UID")
		switch s.rng.IntN(8) {
		case 0, 1: // a client syncing flags
			b.Atom("FLAGS")
		case 2: // the message list
			b.Atom("FLAGS")
			b.Atom("INTERNALDATE")
			b.Atom("RFC822.SIZE")
			b.Atom("ENVELOPE")
		case 3:
			b.Atom("BODYSTRUCTURE")
		case 4: // what a client shows in the message list
			b.Section("BODY.PEEK", "HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID CONTENT-TYPE)", 0, 0)
		case 5: // opening one message
			b.Section("BODY.PEEK", "", 0, 0)
		case 6: // a preview
			b.Section("BODY.PEEK", "1", 0, 2048)
		default:
			b.Section("BODY.PEEK", "TEXT", 0, 1024)
		}
		b.Close()
	case CmdSearch, CmdUIDSearch:
		if c == CmdSearch {
			b.BeginN(s.run.cfg.TagPrefix, seq, "SEARCH")
		} else {
			b.BeginN(s.run.cfg.TagPrefix, seq, "UID SEARCH")
		}
		switch s.rng.IntN(6) {
		case 0:
			b.Atom("UNSEEN")
		case 1:
			b.Atom("FLAGGED")
			b.Atom("SINCE")
			b.Date(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		case 2:
			b.Atom("FROM")
			b.AString(firstName(s.rng.IntN(8)))
		case 3:
			b.Atom("OR")
			b.Atom("SUBJECT")
			b.AString("report")
			b.Atom("LARGER")
			b.Number(20000)
		case 4:
			b.Atom("TEXT")
			b.AString("meeting")
		default:
			if c == CmdUIDSearch {
				b.Atom("UID")
				b.SeqRange(s.uid(), 0)
			} else {
				lo, hi := s.msnRange(50)
				b.SeqRange(lo, hi)
			}
			b.Atom("NOT")
			b.Atom("DELETED")
		}
	case CmdStore, CmdUIDStore:
		if c == CmdStore {
			b.BeginN(s.run.cfg.TagPrefix, seq, "STORE")
			lo, hi := s.msnRange(uint32(1 + s.rng.IntN(3)))
			b.SeqRange(lo, hi)
		} else {
			b.BeginN(s.run.cfg.TagPrefix, seq, "UID STORE")
			u := s.uid()
			b.SeqRange(u, u+uint32(s.rng.IntN(3)))
		}
		switch s.rng.IntN(8) {
		case 0, 1, 2:
			b.Atom("+FLAGS.SILENT")
			b.Flags(`\Seen`)
		case 3:
			b.Atom("-FLAGS.SILENT")
			b.Flags(`\Seen`)
		case 4:
			b.Atom("+FLAGS")
			b.Flags(`\Flagged`)
		case 5:
			b.Atom("-FLAGS")
			b.Flags(`\Flagged`)
		case 6:
			b.Atom("+FLAGS.SILENT")
			b.Flags(`\Answered`, `$Forwarded`)
		default: // for EXPUNGE to find something
			b.Atom("+FLAGS.SILENT")
			b.Flags(`\Deleted`)
		}
	case CmdCopy:
		b.BeginN(s.run.cfg.TagPrefix, seq, "COPY")
		lo, hi := s.msnRange(uint32(1 + s.rng.IntN(3)))
		b.SeqRange(lo, hi)
		b.Mailbox("Archive")
	case CmdMove:
		b.BeginN(s.run.cfg.TagPrefix, seq, "MOVE")
		lo, _ := s.msnRange(1)
		b.SeqRange(lo, lo)
		b.Mailbox("Trash")
	case CmdExpunge:
		b.BeginN(s.run.cfg.TagPrefix, seq, "EXPUNGE")
	case CmdAppend:
		msg := s.run.messages[s.rng.IntN(len(s.run.messages))]
		b.BeginN(s.run.cfg.TagPrefix, seq, "APPEND")
		b.Mailbox(cfg.Mailbox)
		if s.rng.IntN(2) == 0 {
			b.Flags(`\Seen`)
		}
		b.LiteralHeader(int64(len(msg)), s.literalForm(len(msg)))
		b.RawBytes(msg)
	default:
		b.BeginN(s.run.cfg.TagPrefix, seq, "NOOP")
	}
	b.End()
}

func firstName(i int) string {
	return [...]string{"anna", "grace", "liam", "eve", "priya", "olu", "noor", "jose"}[i%8]
}
