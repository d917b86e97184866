package netfuzz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/load"
	"github.com/imapstress/imapstress/parser"
)

// probeTag is the tag of the probe command sent after every input; its
// tagged completion proves the server is still answering.
const probeTag = "ZZ9"

// maxPad is the most literal data the executor sends on an input's behalf
// to complete a literal the input announced but did not finish; with more
// missing, the hang oracle is off for that input.
const maxPad = 64 << 10

// After an input that announced more literal data than it sends, no hang
// can be told from a server rightly waiting for the rest, so the executor
// listens only for a while: settleRTTs times the server's usual time to
// complete the probe, within [minSettle, Deadline] (maxSettle before the
// first probe).
const (
	settleRTTs = 8
	minSettle  = 20 * time.Millisecond
	maxSettle  = 250 * time.Millisecond
)

// errSetup wraps failures to reach the input's state: counted, not found.
type setupErr struct{ err error }

func (e *setupErr) Error() string { return "setup: " + e.err.Error() }
func (e *setupErr) Unwrap() error { return e.err }

// executor runs inputs against one server.
type executor struct {
	cfg *Config
	p   *parser.Parser
	rtt atomic.Int64 // moving average of the probe's round trip, ns
}

// observe adds one probe round trip to the moving average.
func (x *executor) observe(d time.Duration) {
	for {
		old := x.rtt.Load()
		v := int64(d)
		if old > 0 {
			v = old + (v-old)/16
		}
		if x.rtt.CompareAndSwap(old, v) {
			return
		}
	}
}

// settle is how long to listen after an input whose literal the server
// may still be waiting for.
func (x *executor) settle() time.Duration {
	rtt := time.Duration(x.rtt.Load())
	if rtt == 0 {
		return min(maxSettle, x.cfg.Deadline)
	}
	return min(max(settleRTTs*rtt, minSettle), x.cfg.Deadline)
}

// dialConfig is the load.DialConfig that takes a session to state st.
func (x *executor) dialConfig(st State, trace func(bool, []byte)) load.DialConfig {
	dc := load.DialConfig{
		Addr: x.cfg.Addr, TLS: x.cfg.TLS, StartTLS: x.cfg.StartTLS, Insecure: x.cfg.Insecure,
		User: x.cfg.User, Pass: x.cfg.Pass, Timeout: x.cfg.Timeout, MaxResponse: 4 << 20, Trace: trace,
	}
	switch st {
	case NotAuthenticated, InAuthenticate:
		dc.User = ""
	case Selected, InIdle:
		dc.Mailbox = x.cfg.Mailbox
	case Examined:
		dc.Mailbox, dc.ReadOnly = x.cfg.Mailbox, true
	}
	return dc
}

// session is one connection taken to a state. A worker keeps it for the
// next input in the same state while it stays healthy, instead of dialling
// and logging in again for every input; it remembers what it sent for its
// last inputs, so that a finding that needs them can be replayed on a new
// connection.
type session struct {
	st     State
	c      *load.Conn
	tr     *tracer
	prefix []byte // the client's bytes of the exchange left open for the next input
	runs   int    // inputs run on the connection
	// history holds, for each of the last historyInputs inputs, what the
	// session sent: the input's writes, the tail, and the exchange it
	// opened again for the next input.
	history [][]Write
}

// historyInputs is how many earlier inputs a session remembers.
const historyInputs = 8

func (s *session) close() {
	if s.c != nil {
		s.c.Close()
		s.c = nil
	}
}

// priorWrites is what the session sent before its current input, oldest
// first: for each input it remembers, the input and its tail.
func (s *session) priorWrites() [][]Write {
	return append([][]Write(nil), s.history...)
}

// open dials and takes a new session into st.
func (x *executor) open(ctx context.Context, st State) (*session, error) {
	s := &session{st: st, tr: newTracer()}
	c, err := load.Dial(ctx, x.dialConfig(st, s.tr.trace))
	if err != nil {
		return nil, &setupErr{err}
	}
	s.c = c
	if s.prefix, err = x.openExchange(c, st); err != nil {
		c.Close()
		return nil, &setupErr{err}
	}
	return s, nil
}

// openExchange starts the exchange that st is inside of (APPEND,
// AUTHENTICATE, IDLE), waits for the server's continuation request, and
// returns the client's bytes of it; nil for the other states.
func (x *executor) openExchange(c *load.Conn, st State) ([]byte, error) {
	var prefix string
	switch st {
	case InAppend:
		prefix = c.NextTag() + " APPEND " + x.cfg.Mailbox + " {" + strconv.Itoa(len(appendBody)) + "}\r\n"
	case InAuthenticate:
		prefix = c.NextTag() + " AUTHENTICATE PLAIN\r\n"
	case InIdle:
		prefix = c.NextTag() + " IDLE\r\n"
	default:
		return nil, nil
	}
	tag := prefix[:strings.IndexByte(prefix, ' ')]
	c.SetDeadline(time.Now().Add(x.cfg.Timeout))
	if err := c.Write([]byte(prefix)); err != nil {
		return nil, err
	}
	if s, err := c.AwaitContinuation(tag); err != nil || s != parser.StatusNone {
		if err == nil {
			err = fmt.Errorf("%s answered %s instead of a continuation request", strings.Fields(prefix)[1], s)
		}
		return nil, err
	}
	return []byte(prefix), nil
}

// sent is one command of the input as our framing sees it.
type sent struct {
	tag, name string
	done      bool
}

// frameInput cuts the client stream into commands, as a server would (as
// far as framing can tell without the server's answers), and returns the
// commands and how many literal bytes are missing at the end (-1 when too
// many to send).
func (x *executor) frameInput(stream []byte) ([]sent, int) {
	var out []sent
	b := stream
	for len(b) > 0 {
		f, err := x.p.FrameCommand(b)
		if err == nil {
			out = append(out, sentOf(b[:f.N]))
			b = b[f.N:]
			continue
		}
		if errors.Is(err, parser.ErrIncomplete) {
			out = append(out, sentOf(b))
			if f.LiteralAt >= 0 {
				missing := int64(f.LiteralAt) + f.LiteralSize - int64(len(b))
				if missing > maxPad {
					return out, -1
				}
				return out, int(max(missing, 0))
			}
			return out, 0
		}
		i := bytes.IndexByte(b, '\n')
		out = append(out, sentOf(b))
		if i < 0 {
			break
		}
		if announcesLiteral(b[:i+1]) {
			// a size our framing refuses: the server may accept it and
			// wait for more data than we will ever send
			return out, -1
		}
		b = b[i+1:]
	}
	return out, 0
}

func sentOf(b []byte) sent {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i+1]
	}
	b = b[:min(len(b), 256)]
	c := splitCommand(b)
	return sent{tag: string(c.tag), name: commandName(b)}
}

// tracer writes the transcript of one execution, and keeps the recent
// server stream so that a rejected response can be shown.
type tracer struct {
	buf    bytes.Buffer
	sw     *corpus.SessionWriter
	server []byte // the server's stream from offset base on
	base   int64
}

// traceWindow bounds the server bytes a tracer keeps.
const traceWindow = 1 << 20

func newTracer() *tracer {
	t := &tracer{}
	t.sw = corpus.NewSessionWriter(&t.buf)
	return t
}

func (t *tracer) trace(fromServer bool, p []byte) {
	d := corpus.Direction('C')
	if fromServer {
		d = corpus.Direction('S')
		t.server = append(t.server, p...)
		if len(t.server) > 2*traceWindow {
			drop := len(t.server) - traceWindow
			t.server = append(t.server[:0], t.server[drop:]...)
			t.base += int64(drop)
		}
	}
	t.sw.Write(d, p)
}

// begin starts the transcript of the next execution on the same
// connection; consumed is the server stream offset parsed so far.
func (t *tracer) begin(consumed int64) {
	if n := consumed - t.base; n > 0 && n <= int64(len(t.server)) {
		t.server = append(t.server[:0], t.server[n:]...)
		t.base = consumed
	}
	t.buf.Reset()
	t.sw = corpus.NewSessionWriter(&t.buf)
}

// serverFrom returns the server's bytes from stream offset n on, or nil
// when they are no longer kept.
func (t *tracer) serverFrom(n int64) []byte {
	if n < t.base || n-t.base > int64(len(t.server)) {
		return nil
	}
	return t.server[n-t.base:]
}

func (t *tracer) bytes() []byte {
	t.sw.Close()
	return append([]byte(nil), t.buf.Bytes()...)
}

// run executes one input on a new connection and returns the finding, nil
// when the server behaved, or a *setupErr when the state could not be
// reached.
func (x *executor) run(ctx context.Context, in Input) (*Finding, error) {
	s, err := x.open(ctx, in.State)
	if err != nil {
		return nil, err
	}
	defer s.close()
	f, _ := x.exec(s, in)
	return f, nil
}

// exec runs one input on s and reports whether s can take another: the
// server completed the probe, said no BYE, stayed in s's state, and the
// exchange of the state (APPEND, AUTHENTICATE, IDLE) could be opened again.
func (x *executor) exec(s *session, in Input) (*Finding, bool) {
	if s.runs > 0 {
		s.tr.begin(s.c.Consumed())
		s.tr.sw.Comment(fmt.Sprintf("connection reused: %d inputs ran on it before this one", s.runs))
	}
	s.tr.sw.Comment("fuzz input in state " + in.State.String())
	f, tail, healthy := x.attack(s.c, s.prefix, in, s.tr)
	s.runs++
	if f != nil {
		f.Input = in
		f.Transcript = s.tr.bytes()
		if s.runs > 1 {
			f.prior, f.priorRuns = s.priorWrites(), s.runs-1
		}
		return f, false
	}
	if !healthy || s.runs >= x.cfg.SessionInputs {
		return nil, false
	}
	wrote := append(append([]Write(nil), in.Writes...), Write{Data: tail})
	prefix, err := x.openExchange(s.c, s.st)
	if err != nil {
		return nil, false
	}
	s.prefix = prefix
	if prefix != nil {
		wrote = append(wrote, Write{Data: prefix})
	}
	s.history = append(s.history, wrote)
	if len(s.history) > historyInputs {
		s.history = append(s.history[:0], s.history[1:]...)
	}
	return nil, true
}

// probeTagFor returns the probe's tag: probeTag, or a variant of it when
// the input uses that tag itself (an input made of earlier inputs with
// their probes).
func probeTagFor(cmds []sent) string {
	for n := 9; ; n++ {
		t := "ZZ" + strconv.Itoa(n)
		used := false
		for _, s := range cmds {
			used = used || s.tag == t
		}
		if !used {
			return t
		}
	}
}

// idleOpen reports whether the stream leaves an IDLE open: st is InIdle or
// a line starts an IDLE, and no DONE line came after it.
func idleOpen(st State, stream []byte) bool {
	open := st == InIdle
	for _, l := range bytes.Split(stream, []byte("\n")) {
		switch {
		case bytes.EqualFold(bytes.TrimRight(l, "\r"), []byte("DONE")):
			open = false
		case commandName(l) == "IDLE":
			open = true
		}
	}
	return open
}

// changesState lists the commands whose success (or, for SELECT and
// EXAMINE, any completion but BAD) leaves the session in another state or
// the byte stream in another form.
var changesState = map[string]bool{"SELECT": true, "EXAMINE": true, "CLOSE": true, "UNSELECT": true,
	"LOGIN": true, "AUTHENTICATE": true, "LOGOUT": true, "STARTTLS": true, "COMPRESS": true, "UNAUTHENTICATE": true}

// attack sends the input and the probe and applies the oracle. It returns
// the finding, the tail it sent after the input, and whether the session
// is fit for another input: the probe completed and nothing changed the
// session's state.
func (x *executor) attack(c *load.Conn, prefix []byte, in Input, tr *tracer) (*Finding, []byte, bool) {
	stream := append([]byte(nil), prefix...)
	for _, w := range in.Writes {
		stream = append(stream, w.Data...)
	}
	cmds, pad := x.frameInput(stream)
	if len(prefix) > 0 && len(cmds) > 0 {
		cmds[0].name = strings.Fields(string(prefix))[1] // the open exchange
	}
	probe := probeTagFor(cmds)
	// The tail brings the server back to reading commands, with as little
	// as possible (an empty line alone makes some servers hang up): the
	// literal data the input still owes, a line end, DONE for an IDLE the
	// input did not end; then the probe.
	tail := make([]byte, 0, max(pad, 0)+32)
	for range max(pad, 0) {
		tail = append(tail, 'x')
	}
	if end := append(stream[max(len(stream)-1, 0):], tail...); len(end) > 0 && end[len(end)-1] != '\n' {
		tail = append(tail, "\r\n"...)
	}
	if idleOpen(in.State, stream) {
		tail = append(tail, "DONE\r\n"...)
	}
	tail = append(tail, probe+" NOOP\r\n"...)
	// Writing gets the setup timeout; the hang deadline starts once
	// everything is written, so a slow reader is not taken for a hang.
	c.SetDeadline(time.Now().Add(x.cfg.Timeout))
	var werr error
	for _, w := range in.Writes {
		if w.Split > 0 && w.Split < len(w.Data) {
			if werr = c.Write(w.Data[:w.Split]); werr != nil {
				break
			}
			time.Sleep(2 * time.Millisecond)
			werr = c.Write(w.Data[w.Split:])
		} else {
			werr = c.Write(w.Data)
		}
		if werr != nil {
			break
		}
	}
	if werr == nil {
		werr = c.Write(tail)
	}
	written := time.Now()
	waited := x.cfg.Deadline
	if pad < 0 {
		// The input announced more literal data than we send: the server
		// may rightly wait for it, so there is no hang to find, only what
		// it says about the commands before. Listen briefly.
		waited = x.settle()
	}
	c.SetDeadline(time.Now().Add(waited))
	// culprit is the command the server failed on: the first one still
	// waiting for its completion, preferring those with a valid tag and a
	// name (a line with neither never gets a completion of its own).
	culprit := func() string {
		for _, s := range cmds {
			if !s.done && s.name != "?" && validTag(s.tag) {
				return s.name
			}
		}
		for _, s := range cmds {
			if !s.done {
				return s.name
			}
		}
		return "probe"
	}
	selected := c.Selected()
	changed := false
	last := ""  // the last response during the attack, summarised
	badTo := "" // the command the last response rejected with a tagged BAD
	extended := false
	for {
		r, err := c.Next()
		if err != nil {
			var pe *load.ProtocolError
			var ne net.Error
			switch {
			case errors.As(err, &pe):
				msg := tr.serverFrom(c.Consumed())
				return &Finding{Class: ClassViolation, Location: responseName(msg) + " response: " + violationWhere(pe),
					Detail: fmt.Sprintf("server output our strict parser rejects, answering %s: %v\nthe response: %s", culprit(), pe.Err, clipQuote(firstLine(msg), 200))}, tail, false
			case c.Bye():
				return nil, tail, false
			case errors.As(err, &ne) && ne.Timeout():
				if pad < 0 {
					return nil, tail, false
				}
				if !extended {
					// Wait once more before calling it a hang: a slow
					// answer (a burst of THREADs on a loaded machine) is
					// not one, and servers delay failed logins on purpose
					// (Dovecot's auth_failure_delay and penalty).
					extended = true
					more := 4 * x.cfg.Deadline
					if n := culprit(); n == "LOGIN" || n == "AUTHENTICATE" || in.State == InAuthenticate {
						more = max(more, x.cfg.AuthDeadline)
					}
					c.SetDeadline(time.Now().Add(more))
					waited += more
					continue
				}
				where := culprit()
				if badTo != "" {
					// Stuck right after rejecting a command: in its error
					// recovery (skipping the rest of a line or literal),
					// not in the next command, which it never read.
					where = "after BAD to " + badTo
				}
				return &Finding{Class: ClassHang, Location: where,
					Detail: fmt.Sprintf("no tagged completion of the probe %q within %v", probe+" NOOP", waited)}, tail, false
			default:
				where := "no answer to " + culprit()
				if last != "" {
					where = "after " + last
				}
				how := "closed"
				if errors.Is(err, syscall.ECONNRESET) {
					// A server that closes with our bytes unread makes the
					// kernel send a reset, which discards a BYE it sent.
					// Whether our next bytes were sent before the close is
					// a race, so the Detail says so and the Location (a
					// finding's identity, which a replay must match) does
					// not.
					how = "reset"
				}
				return &Finding{Class: ClassCrash, Location: where,
					Detail: fmt.Sprintf("connection %s without BYE (%v) while %s was in flight", how, err, culprit())}, tail, false
			}
		}
		last, badTo = summarize(r), ""
		switch {
		case r.Kind == parser.KindTagged:
			tag := string(r.Tag)
			if tag == probe {
				// A command that may have changed the state without our
				// seeing its completion (a tag the server read otherwise),
				// or commands after a literal our framing could not follow
				// (pad < 0), make the session's state unknown.
				for _, s := range cmds {
					changed = changed || !s.done && changesState[s.name]
				}
				healthy := !changed && !c.Bye() && pad >= 0
				if pad >= 0 {
					x.observe(time.Since(written))
				}
				return nil, tail, healthy
			}
		match:
			for i := range cmds {
				if !cmds[i].done && cmds[i].tag == tag {
					cmds[i].done = true
					name := cmds[i].name
					if changesState[name] && r.Status != parser.StatusBAD {
						changed = true
					}
					if r.Status == parser.StatusBAD {
						badTo = name
					}
					switch name {
					case "SELECT", "EXAMINE":
						// OK selects, NO deselects; BAD was never run
						if r.Status == parser.StatusOK || r.Status == parser.StatusNO {
							selected = r.Status == parser.StatusOK
							c.SetSelected(selected, name == "EXAMINE")
						}
					case "CLOSE", "UNSELECT":
						if r.Status == parser.StatusOK {
							selected = false
							c.SetSelected(false, false)
						}
					}
					break match
				}
			}
		case r.Type == parser.DataFetch:
			if !selected {
				return &Finding{Class: ClassState, Location: culprit() + ": FETCH while no mailbox is selected",
					Detail: fmt.Sprintf("untagged FETCH outside the selected state: %q", clip(r.Raw, 200))}, tail, false
			}
			if r.Num > c.Exists() || r.Num == 0 {
				return &Finding{Class: ClassState, Location: culprit() + ": FETCH number above EXISTS",
					Detail: fmt.Sprintf("FETCH for message %d when the mailbox holds %d: %q", r.Num, c.Exists(), clip(r.Raw, 200))}, tail, false
			}
		}
	}
}

// summarize names a response for a crash's location: its kind, status or
// type, and text, with numbers blurred so that one cause gives one key.
func summarize(r *parser.Response) string {
	var b strings.Builder
	switch r.Kind {
	case parser.KindTagged:
		b.WriteString("tagged ")
	case parser.KindContinuation:
		b.WriteString("continuation")
	}
	if r.Status != parser.StatusNone {
		b.WriteString(r.Status.String())
	} else if r.Kind != parser.KindContinuation {
		b.WriteString(strings.ToUpper(string(clip(r.Name, 20))))
	}
	if len(r.CodeName) > 0 {
		// The code says enough: the text often quotes the input.
		b.WriteString(" [" + strings.ToUpper(string(clip(r.CodeName, 20))) + "]")
	} else if len(r.Text) > 0 {
		b.WriteString(" ")
		for _, ch := range clip(r.Text, 60) {
			switch {
			case ch >= '0' && ch <= '9':
				ch = '#'
			case ch < 0x20 || ch > 0x7e:
				ch = '?'
			}
			b.WriteByte(ch)
		}
	}
	return b.String()
}

func clip(b []byte, n int) []byte { return b[:min(len(b), n)] }

// violationWhere names the grammar element the parser wanted.
func violationWhere(pe *load.ProtocolError) string {
	var e *parser.Error
	if errors.As(pe.Err, &e) {
		if errors.Is(e, parser.ErrLimit) {
			return "limit " + e.Expected
		}
		return "expected " + e.Expected
	}
	return pe.Err.Error()
}

// alive is the liveness probe: a new connection that logs in.
func (x *executor) alive(ctx context.Context) error {
	c, err := load.Dial(ctx, x.dialConfig(Authenticated, nil))
	if err != nil {
		return err
	}
	return c.Close()
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

// responseName names a server message by its first words: the data name
// ("FETCH"), the status ("OK", "tagged BAD"), or "continuation".
func responseName(msg []byte) string {
	f := bytes.Fields(firstLine(clip(msg, 256)))
	switch {
	case len(f) == 0:
		return "empty"
	case f[0][0] == '+':
		return "continuation"
	case string(f[0]) != "*":
		if len(f) > 1 && isWord(f[1]) {
			return "tagged " + strings.ToUpper(string(f[1]))
		}
		return "unknown"
	case len(f) > 2 && isNumber(f[1]) && isWord(f[2]):
		return strings.ToUpper(string(f[2]))
	case len(f) > 1 && isWord(f[1]):
		return strings.ToUpper(string(f[1]))
	}
	return "untagged"
}

func isWord(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '-' || c >= '0' && c <= '9') {
			return false
		}
	}
	return len(b) > 0 && len(b) < 32
}

func isNumber(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// validTag reports whether t can be a tag: ASTRING-CHAR except "+".
func validTag(t string) bool {
	for i := 0; i < len(t); i++ {
		if c := t[i]; c <= 0x20 || c >= 0x7f || strings.IndexByte("(){%*\"\\+", c) >= 0 {
			return false
		}
	}
	return t != ""
}

// announcesLiteral reports whether line ends with a literal announcement
// "{digits}" or "{digits+}" (or "-") before its line end.
func announcesLiteral(line []byte) bool {
	l := bytes.TrimRight(line, "\r\n")
	if len(l) < 3 || l[len(l)-1] != '}' {
		return false
	}
	l = bytes.TrimRight(l[:len(l)-1], "+-")
	i := len(l)
	for i > 0 && l[i-1] >= '0' && l[i-1] <= '9' {
		i--
	}
	return i < len(l) && i > 0 && l[i-1] == '{'
}
