package load

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
)

// Replay is a workload drawn from recorded sessions (imapstress record, or
// any session file of corpus/README.md): instead of picking commands from
// the mix, each session sends the client commands of one recording, in
// order, at the recorded pace scaled by Speed.
//
// What is rewritten: every tag (to the engine's own, unique ones); the user
// (the engine logs in as its own users, so the recording's LOGIN or
// AUTHENTICATE is not sent); message numbers and UIDs in the sequence set
// of FETCH, STORE, COPY, MOVE and UID EXPUNGE (mapped onto the messages the
// target's mailbox holds when the command goes out: number n becomes
// 1+(n-1) mod EXISTS, UID u becomes 1+(u-1) mod (UIDNEXT-1), "*" stays);
// synchronizing literals (sent as LITERAL+ literals, so that commands can
// be pipelined). IDLE runs as the engine's IDLE.
//
// What is not replayed, but counted and named (Replay.Skipped, and
// "replay_skipped_*" in the report's errors for what is found out only at
// run time): LOGIN, AUTHENTICATE and LOGOUT (the engine does its own),
// STARTTLS and COMPRESS (the engine's flags decide), commands the engine
// does not measure (ID, NAMESPACE, CLOSE, CREATE, ...: they change state the
// engine does not track, or have no metric), commands our parser refuses,
// and literals the target cannot take without a continuation.
type Replay struct {
	// Speed scales the recorded pace: 2 replays twice as fast, 0.5 at half
	// speed. Default 1.
	Speed float64
	// Loop restarts a session's recording when it is done (after a pause
	// of one second); without it the session idles until the run ends.
	Loop bool
	// Files lists the recordings read, in the order sessions draw them:
	// session i replays Files[(i-1) mod len(Files)].
	Files []string
	// Commands counts the recorded commands that will be replayed, by
	// report name; Skipped those that will not, by name and reason.
	Commands map[string]int
	Skipped  map[string]int

	scripts []replayScript
}

// replayScript is one recording's replayable commands.
type replayScript struct {
	steps []replayStep
	span  time.Duration // the last step's time
}

// replayStep is one recorded command.
type replayStep struct {
	at   time.Duration // since the first command of the recording
	cmd  Cmd
	text []byte // after the tag and its SP: CRLF, literals (as {n+}) included
	// seqOff and seqLen locate the sequence set in text (seqLen 0: none).
	seqOff, seqLen int
	uid            bool
	sync           bool  // had synchronizing literals
	maxLiteral     int64 // the largest of them
}

// replayKinds maps the recorded commands that are replayed to the engine's
// metrics.
var replayKinds = map[parser.CommandKind]struct{ plain, uid Cmd }{
	parser.CmdCapability: {CmdCapability, CmdCapability},
	parser.CmdNoop:       {CmdNoop, CmdNoop},
	parser.CmdSelect:     {CmdSelect, CmdSelect},
	parser.CmdExamine:    {CmdExamine, CmdExamine},
	parser.CmdStatus:     {CmdStatus, CmdStatus},
	parser.CmdList:       {CmdList, CmdList},
	parser.CmdFetch:      {CmdFetch, CmdUIDFetch},
	parser.CmdSearch:     {CmdSearch, CmdUIDSearch},
	parser.CmdStore:      {CmdStore, CmdUIDStore},
	parser.CmdCopy:       {CmdCopy, CmdCopy},
	parser.CmdMove:       {CmdMove, CmdMove},
	parser.CmdAppend:     {CmdAppend, CmdAppend},
	parser.CmdExpunge:    {CmdExpunge, CmdExpunge},
	parser.CmdIdle:       {CmdIdle, CmdIdle},
}

// LoadReplay reads every session file in dir (not recursively; files that
// are not session files are an error) and prepares them for replay.
func LoadReplay(dir string, speed float64, loop bool) (*Replay, error) {
	if speed <= 0 || math.IsNaN(speed) || math.IsInf(speed, 0) {
		return nil, fmt.Errorf("replay: speed %v: want a positive factor", speed)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	rp := &Replay{Speed: speed, Loop: loop, Commands: map[string]int{}, Skipped: map[string]int{}}
	p := parser.NewParser(parser.Options{Lenient: true})
	for _, e := range ents {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") || strings.HasPrefix(e.Name(), "README") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("replay: %w", err)
		}
		s, err := corpus.ReadSession(data)
		if err != nil {
			return nil, fmt.Errorf("replay: %s: %w", path, err)
		}
		sc := rp.script(p, s)
		if len(sc.steps) == 0 {
			continue
		}
		rp.Files = append(rp.Files, path)
		rp.scripts = append(rp.scripts, sc)
	}
	if len(rp.scripts) == 0 {
		return nil, fmt.Errorf("replay: no replayable command in the session files of %s", dir)
	}
	return rp, nil
}

// script turns one recording into replay steps, counting what it skips.
func (rp *Replay) script(p *parser.Parser, s *corpus.Session) replayScript {
	var sc replayScript
	var cmd parser.Command
	var first time.Duration
	started := false
	// The client stream, message by message, with the time of the record
	// each message ends in. Server records only end an AUTHENTICATE
	// exchange (its tagged completion).
	inAuth, inIdle := false, false
	var authTag []byte
	var at time.Duration // a record without a stamp keeps the last one's time
	for _, r := range s.Records {
		if r.Timed {
			at = r.At
		}
		if r.From != corpus.Client {
			if inAuth && bytes.HasPrefix(r.Data, authTag) {
				inAuth = false
			}
			continue
		}
		for b := r.Data; len(b) > 0; {
			if inAuth || inIdle {
				// SASL lines and DONE: the engine does its own login
				// and IDLE.
				n, err := p.FrameLine(b)
				if err != nil {
					n = len(b)
				}
				inIdle = false
				b = b[n:]
				continue
			}
			f, err := p.FrameCommand(b)
			n := f.N
			if err != nil {
				n = len(b)
				if i := bytes.IndexByte(b, '\n'); i >= 0 && !errors.Is(err, parser.ErrIncomplete) {
					n = i + 1
				}
				rp.Skipped["unparsable"]++
				b = b[n:]
				continue
			}
			msg := b[:n]
			b = b[n:]
			if err := p.ParseCommand(msg, &cmd); err != nil {
				rp.Skipped["unparsable"]++
				continue
			}
			name := string(bytes.ToUpper(cmd.Name))
			if cmd.UID {
				name = "UID " + name
			}
			switch cmd.Kind {
			case parser.CmdLogin, parser.CmdLogout:
				rp.Skipped[name+" (the engine's own)"]++
				continue
			case parser.CmdAuthenticate:
				rp.Skipped[name+" (the engine's own)"]++
				inAuth, authTag = true, append(append(authTag[:0], cmd.Tag...), ' ')
				continue
			case parser.CmdStartTLS, parser.CmdCompress:
				rp.Skipped[name+" (set by flags)"]++
				continue
			}
			kinds, ok := replayKinds[cmd.Kind]
			if !ok {
				rp.Skipped[name+" (not measured)"]++
				continue
			}
			st := replayStep{cmd: kinds.plain, uid: cmd.UID}
			if cmd.UID {
				st.cmd = kinds.uid
			}
			if cmd.Kind == parser.CmdIdle {
				inIdle = true
			}
			if !started {
				first, started = at, true
			}
			st.at = max(at-first, sc.span)
			st.text = replayText(msg[len(cmd.Tag)+1:], &st)
			if len(cmd.Seq.Raw) > 0 {
				rest := msg[len(cmd.Tag)+1:]
				if i := bytes.Index(rest, cmd.Seq.Raw); i >= 0 && i == cmd.ArgsOff-len(cmd.Tag)-1 {
					st.seqOff, st.seqLen = i, len(cmd.Seq.Raw)
				}
			}
			sc.steps = append(sc.steps, st)
			sc.span = st.at
			rp.Commands[st.cmd.String()]++
		}
	}
	return sc
}

// replayText copies a command (after its tag) with every synchronizing
// literal {n} turned into {n+}, noting in st that it had them. A literal8
// (~{n}) has no non-synchronizing form and is left as it is (the step is
// then skipped at run time).
func replayText(cmd []byte, st *replayStep) []byte {
	var out []byte
	for sp := parser.SyncParts(cmd); sp.Next(); {
		part := sp.Part()
		if !sp.Wait() {
			out = append(out, part...)
			continue
		}
		st.sync = true
		open := bytes.LastIndexByte(part, '{')
		if open < 0 || !bytes.HasSuffix(part, []byte("}\r\n")) || (open > 0 && part[open-1] == '~') {
			st.maxLiteral = math.MaxInt64 // not convertible
			out = append(out, part...)
			continue
		}
		n, _ := strconv.ParseInt(string(part[open+1:len(part)-3]), 10, 64)
		st.maxLiteral = max(st.maxLiteral, n)
		out = append(out, part[:len(part)-3]...)
		out = append(out, "+}\r\n"...)
	}
	return out
}

// Apply makes cfg replay rp: it selects the open model with rp's pacing
// (the recorded times scaled by Speed). cfg.Rate becomes the recordings'
// average command rate, for the report only.
func (rp *Replay) Apply(cfg *Config) {
	cfg.Replay = rp
	cfg.Pacer = replayPacer{}
	n, span := 0, time.Duration(0)
	for _, sc := range rp.scripts {
		n += len(sc.steps)
		span += sc.span
	}
	sessions := max(cfg.Sessions, 1)
	if span <= 0 {
		span = time.Second
	}
	cfg.Rate = float64(n) / (span.Seconds() / rp.Speed) * float64(sessions) / float64(len(rp.scripts))
}

// Summary says what will be replayed and what not, in one line.
func (rp *Replay) Summary() string {
	var b strings.Builder
	n := 0
	for _, v := range rp.Commands {
		n += v
	}
	fmt.Fprintf(&b, "replaying %d commands from %d recordings at %gx:", n, len(rp.Files), rp.Speed)
	for _, k := range sortedKeys(rp.Commands) {
		fmt.Fprintf(&b, " %s=%d", k, rp.Commands[k])
	}
	if len(rp.Skipped) > 0 {
		b.WriteString("; not replayed:")
		keys := make([]string, 0, len(rp.Skipped))
		for k := range rp.Skipped {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%d", k, rp.Skipped[k])
		}
	}
	return b.String()
}

// replayPacer stands in for the Pacer while replaying; the session's
// replay cursor decides the times (see session.replayDue).
type replayPacer struct{}

// Due implements Pacer; a replaying session does not call it.
func (replayPacer) Due(int, int, uint64) time.Duration { return 0 }

// replayState is a session's place in its recording.
type replayState struct {
	sc    *replayScript
	cur   int // next step to pick
	pend  int // the picked step not yet sent
	loops int
	done  bool
}

// replayLoopGap is the pause between two passes of a looping recording.
const replayLoopGap = time.Second

func (s *session) replayInit() {
	rp := s.run.cfg.Replay
	s.rp = &replayState{sc: &rp.scripts[(s.id-1)%len(rp.scripts)]}
}

// replayDue is when the next step is intended to go out, ns since the
// run's start; far in the future when the recording is done.
func (s *session) replayDue() int64 {
	st := s.rp
	i := st.pend
	if !s.hasPending {
		s.replayWrap()
		i = st.cur
	}
	if st.done || i >= len(st.sc.steps) {
		return 1<<62 - 1
	}
	at := st.sc.steps[i].at + time.Duration(st.loops)*(st.sc.span+replayLoopGap)
	return s.phaseStart + int64(float64(at)/s.run.cfg.Replay.Speed)
}

// replayWrap starts the recording over when it is done and Loop is set,
// or marks it done.
func (s *session) replayWrap() {
	st := s.rp
	if st.done || st.cur < len(st.sc.steps) {
		return
	}
	if !s.run.cfg.Replay.Loop {
		st.done = true
		return
	}
	st.cur = 0
	st.loops++
}

// replayPick picks the next step that can go out on this connection,
// counting the ones that cannot; NOOP stands in once the recording is done
// (its due time is never reached, so it is not sent).
func (s *session) replayPick() Cmd {
	st := s.rp
	for s.replayWrap(); !st.done; s.replayWrap() {
		step := &st.sc.steps[st.cur]
		st.pend = st.cur
		st.cur++
		if step.sync && !(s.caps&capLiteralPlus != 0 ||
			(s.caps&capLiteralMinus != 0 && step.maxLiteral <= parser.LiteralMinusMax)) {
			s.run.countError("replay_skipped_" + step.cmd.String() + "_sync_literal")
			continue
		}
		if step.cmd == CmdIdle && s.caps&capIdle == 0 {
			s.run.countError("replay_skipped_IDLE_not_supported")
			continue
		}
		return step.cmd
	}
	return CmdNoop
}

// replayEncode writes the picked step with tag number seq into s.b,
// mapping its sequence set onto the selected mailbox.
func (s *session) replayEncode(seq uint64) {
	step := &s.rp.sc.steps[s.rp.pend]
	b := s.b.Buf
	b = append(b, s.run.cfg.TagPrefix...)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, ' ')
	if step.seqLen == 0 {
		s.b.Buf = append(b, step.text...)
		return
	}
	b = append(b, step.text[:step.seqOff]...)
	b = s.mapSeqSet(b, step.text[step.seqOff:step.seqOff+step.seqLen], step.uid)
	s.b.Buf = append(b, step.text[step.seqOff+step.seqLen:]...)
}

// mapSeqSet appends the recorded sequence set raw with every number mapped
// onto the mailbox as the session sees it now.
func (s *session) mapSeqSet(dst, raw []byte, uid bool) []byte {
	top := s.exists
	if uid {
		top = s.uidNext - 1
		if s.uidNext <= 1 {
			top = s.exists
		}
	}
	if top == 0 {
		return append(dst, '*')
	}
	m := func(n uint32) uint32 {
		if n == parser.SeqStar {
			return n
		}
		return 1 + (n-1)%top
	}
	for i, part := range bytes.Split(raw, []byte{','}) {
		if i > 0 {
			dst = append(dst, ',')
		}
		lo, hi, isRange := bytes.Cut(part, []byte{':'})
		a, ok1 := seqNum(lo)
		if !ok1 {
			dst = append(dst, part...) // "$" (SEARCHRES): as recorded
			continue
		}
		if !isRange {
			dst = parser.AppendSeqNumber(dst, m(a))
			continue
		}
		z, ok2 := seqNum(hi)
		if !ok2 {
			dst = append(dst, part...)
			continue
		}
		x, y := m(a), m(z)
		if x != parser.SeqStar && y != parser.SeqStar && x > y {
			x, y = y, x
		}
		dst = parser.AppendSeqRange(dst, x, y)
	}
	return dst
}

// seqNum reads a seq-number: digits, or "*" (parser.SeqStar).
func seqNum(b []byte) (uint32, bool) {
	if len(b) == 1 && b[0] == '*' {
		return parser.SeqStar, true
	}
	n, err := strconv.ParseUint(string(b), 10, 32)
	return uint32(n), err == nil && n > 0
}
