package netfuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
)

// HostileConfig configures the hostile server of "fuzz client".
type HostileConfig struct {
	// Seed makes the attacks reproducible: connection n's answers depend
	// only on Seed, n and what the client sends. Default 1.
	Seed uint64
	// Out, when set, is the directory each connection is recorded in, as
	// a session file (conn-000001.txt, ...) with a header saying what the
	// server did and how the client ended.
	Out string
	// Silence is how long a client may send nothing before it counts as
	// having stopped answering and is disconnected; default 5s.
	Silence time.Duration
	// Drip is the pause between bytes of a slowly dripped response;
	// default 2ms.
	Drip time.Duration
	// Log, when set, receives a line per connection.
	Log io.Writer
}

// Attack kinds of the hostile server.
const (
	atkNone         = iota // an honest answer
	atkLiteralLie          // a literal announcing more or fewer bytes than follow
	atkDeepBody            // BODYSTRUCTURE nested thousands deep
	atkHugeNumber          // numbers beyond 32 and 64 bits
	atkTags                // completions out of order, unknown tags, completion first
	atkUnsolicited         // EXPUNGE, EXISTS, FETCH, BYE nobody asked for
	atkDrip                // the answer one byte at a time
	atkMidLiteral          // disconnect inside a literal
	atkCorpus              // a response seed from the corpus, mutated
	atkContinuation        // a continuation request nobody asked for
	numAttacks
)

var attackNames = [numAttacks]string{"honest", "literal-lie", "deep-bodystructure", "huge-number",
	"tags", "unsolicited", "slow-drip", "mid-literal-disconnect", "corpus-mutated", "continuation"}

// HostileStats counts what the hostile server did and saw.
type HostileStats struct {
	// Conns is the number of connections accepted.
	Conns int64
	// Attacks counts the answers by attack name ("honest" included).
	Attacks map[string]int64
	// Dropped counts clients that closed the connection before LOGOUT;
	// Silent those that sent nothing for Silence; Logout those that said
	// LOGOUT.
	Dropped, Silent, Logout int64
}

// Hostile is a running hostile IMAP server: it greets, accepts any login,
// and answers every command with responses generated from the session
// state and the response corpus, then mutated (lying literal sizes, deep
// BODYSTRUCTURE, huge numbers, out-of-order and unknown tags, unsolicited
// data, slow drip, disconnects inside a literal). It is for testing
// clients: a client must survive each connection without a panic, a hang
// or unbounded memory.
type Hostile struct {
	cfg   HostileConfig
	ln    net.Listener
	wg    sync.WaitGroup
	n     atomic.Uint64
	seeds [][]byte

	mu      sync.Mutex
	stats   HostileStats
	conns   map[net.Conn]struct{}
	closing bool
}

// ListenHostile starts a hostile server on addr, which must be a loopback
// address: the server is for local clients under test.
func ListenHostile(addr string, cfg HostileConfig) (*Hostile, error) {
	if err := CheckLoopback(addr, false); err != nil {
		return nil, err
	}
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.Silence <= 0 {
		cfg.Silence = 5 * time.Second
	}
	if cfg.Drip <= 0 {
		cfg.Drip = 2 * time.Millisecond
	}
	if cfg.Out != "" {
		if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	h := &Hostile{cfg: cfg, ln: ln, conns: map[net.Conn]struct{}{}}
	h.stats.Attacks = map[string]int64{}
	for _, s := range corpus.Seeds(corpus.Responses) {
		if len(s.Data) < 16<<10 && !bytes.HasPrefix(s.Data, []byte("+")) {
			h.seeds = append(h.seeds, s.Data)
		}
	}
	h.wg.Add(1)
	go h.accept()
	return h, nil
}

// Addr is the listening address.
func (h *Hostile) Addr() string { return h.ln.Addr().String() }

// Stats returns a copy of the counters.
func (h *Hostile) Stats() HostileStats {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.stats
	s.Attacks = map[string]int64{}
	for k, v := range h.stats.Attacks {
		s.Attacks[k] = v
	}
	return s
}

// Close stops accepting, closes every connection and waits for them.
func (h *Hostile) Close() error {
	err := h.ln.Close()
	h.mu.Lock()
	h.closing = true
	for c := range h.conns {
		c.Close()
	}
	h.mu.Unlock()
	h.wg.Wait()
	return err
}

func (h *Hostile) accept() {
	defer h.wg.Done()
	for {
		c, err := h.ln.Accept()
		if err != nil {
			return
		}
		h.mu.Lock()
		if h.closing {
			h.mu.Unlock()
			c.Close()
			return
		}
		h.conns[c] = struct{}{}
		h.stats.Conns++
		h.mu.Unlock()
		n := h.n.Add(1)
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			h.serve(c, n)
			c.Close()
			h.mu.Lock()
			delete(h.conns, c)
			h.mu.Unlock()
		}()
	}
}

// hconn is one hostile connection.
type hconn struct {
	h        *Hostile
	c        net.Conn
	rng      *rand.Rand
	tr       *tracer
	b        parser.ResponseBuilder
	did      []string
	exists   uint32
	selected bool
}

// write sends p, recorded.
func (hc *hconn) write(p []byte) error {
	hc.tr.trace(true, p)
	_, err := hc.c.Write(p)
	return err
}

// recordingReader records the client's bytes.
type recordingReader struct{ hc *hconn }

func (r recordingReader) Read(p []byte) (int, error) {
	r.hc.c.SetReadDeadline(time.Now().Add(r.hc.h.cfg.Silence))
	n, err := r.hc.c.Read(p)
	if n > 0 {
		r.hc.tr.trace(false, p[:n])
	}
	return n, err
}

func (h *Hostile) serve(c net.Conn, n uint64) {
	hc := &hconn{h: h, c: c, rng: rand.New(rand.NewPCG(h.cfg.Seed, n)), tr: newTracer(), exists: 3}
	end := hc.run()
	h.mu.Lock()
	switch end {
	case "dropped":
		h.stats.Dropped++
	case "silent":
		h.stats.Silent++
	case "logout":
		h.stats.Logout++
	}
	h.mu.Unlock()
	last := "nothing"
	if len(hc.did) > 0 {
		last = hc.did[len(hc.did)-1]
	}
	note := fmt.Sprintf("client %s after %d answers; last answer: %s", end, len(hc.did), last)
	if h.cfg.Log != nil {
		fmt.Fprintf(h.cfg.Log, "fuzz client: connection %d from %s: %s\n", n, c.RemoteAddr(), note)
	}
	if h.cfg.Out != "" {
		var hdr bytes.Buffer
		fmt.Fprintf(&hdr, "# imapstress fuzz client: hostile server connection %d (seed %d)\n# %s\n# answers: %s\n\n",
			n, h.cfg.Seed, note, strings.Join(hc.did, ", "))
		hdr.Write(hc.tr.bytes())
		os.WriteFile(filepath.Join(h.cfg.Out, fmt.Sprintf("conn-%06d.txt", n)), hdr.Bytes(), 0o644)
	}
}

// run serves one connection and says how it ended: "dropped", "silent",
// "logout", or "disconnected" (by us, as an attack).
func (hc *hconn) run() string {
	if hc.write([]byte("* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE AUTH=PLAIN SASL-IR] hostile server ready\r\n")) != nil {
		return "dropped"
	}
	rd := parser.NewCommandReader(recordingReader{hc}, nil)
	rd.SetMaxBuffer(1 << 20)
	var authTag string
	for {
		m, err := rd.Next()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return "silent"
			}
			return "dropped"
		}
		var werr error
		switch m.Kind {
		case parser.ReadContinue:
			werr = hc.write([]byte("+ go on\r\n"))
		case parser.ReadAuthLine:
			rd.EndExchange()
			werr = hc.write([]byte(authTag + " OK authenticated\r\n"))
		case parser.ReadDone:
			werr = hc.write([]byte(authTag + " OK IDLE done\r\n"))
		default:
			c := splitCommand(m.Bytes)
			tag, name := string(c.tag), commandName(m.Bytes)
			if !validTag(tag) {
				werr = hc.write([]byte("* BAD no tag\r\n"))
				break
			}
			switch name {
			case "LOGOUT":
				hc.write([]byte("* BYE bye\r\n" + tag + " OK LOGOUT done\r\n"))
				return "logout"
			case "AUTHENTICATE":
				if len(c.args) > 1 {
					werr = hc.write([]byte(tag + " OK authenticated\r\n"))
					break
				}
				authTag = tag
				werr = hc.write([]byte("+ \r\n"))
				if werr != nil {
					return "dropped"
				}
				continue
			case "IDLE":
				authTag = tag
				if werr = hc.write([]byte("+ idling\r\n")); werr != nil {
					return "dropped"
				}
				continue
			}
			var gone bool
			gone, werr = hc.answer(tag, name)
			if gone {
				return "disconnected"
			}
		}
		if werr != nil {
			return "dropped"
		}
	}
}

// answer answers one command, honestly or with an attack; gone reports
// that the attack closed the connection.
func (hc *hconn) answer(tag, name string) (gone bool, err error) {
	atk := atkNone
	switch name {
	case "LOGIN", "CAPABILITY", "STARTTLS":
		// logging in always works, so that clients reach the attacks
	default:
		if hc.rng.IntN(4) > 0 {
			atk = 1 + hc.rng.IntN(numAttacks-1)
		}
	}
	hc.did = append(hc.did, name+":"+attackNames[atk])
	hc.h.mu.Lock()
	hc.h.stats.Attacks[attackNames[atk]]++
	hc.h.mu.Unlock()

	b := &hc.b
	b.Reset()
	switch name {
	case "CAPABILITY":
		b.BeginData("CAPABILITY")
		b.Atom("IMAP4rev1")
		b.Atom("LITERAL+")
		b.Atom("IDLE")
		b.End()
	case "SELECT", "EXAMINE":
		hc.selected = true
		b.NumData(hc.exists, "EXISTS")
		b.NumData(0, "RECENT")
		b.Raw("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n* OK [UIDVALIDITY 1] ok\r\n* OK [UIDNEXT 4] ok\r\n")
	case "FETCH", "UID FETCH":
		for n := uint32(1); n <= hc.exists; n++ {
			b.BeginFetch(n)
			b.Atom("UID")
			b.Number(uint64(n))
			b.Atom("FLAGS")
			b.Flags(`\Seen`)
			b.Atom("RFC822.SIZE")
			b.Number(20)
			b.Atom("BODY[]")
			b.Literal("Subject: x\r\n\r\nhello\r\n", parser.LiteralSync)
			b.Close()
			b.End()
		}
	case "SEARCH", "UID SEARCH":
		b.Raw("* SEARCH 1 2 3\r\n")
	case "LIST":
		b.Raw("* LIST () \"/\" INBOX\r\n")
	case "STATUS":
		b.Raw("* STATUS INBOX (MESSAGES 3 UIDNEXT 4)\r\n")
	}
	honest := append([]byte(nil), b.Buf...)
	status := []byte(tag + " OK " + strings.ToLower(name) + " done\r\n")
	rng := hc.rng
	var out []byte
	switch atk {
	case atkNone:
		out = append(honest, status...)
	case atkLiteralLie:
		body := "Subject: x\r\n\r\nhello\r\n"
		size := len(body) + []int{-5, -1, 1, 5, 1000}[rng.IntN(5)]
		out = fmt.Appendf(nil, "* 1 FETCH (UID 1 BODY[] {%d}\r\n%s)\r\n", size, body)
		out = append(out, status...)
	case atkDeepBody:
		d := []int{64, 65, 1000, 100000}[rng.IntN(4)]
		out = append([]byte("* 1 FETCH (BODYSTRUCTURE "), bytes.Repeat([]byte("("), d)...)
		out = append(out, `"text" "plain" NIL NIL NIL "7bit" 5 1`...)
		out = append(out, bytes.Repeat([]byte(` "mixed")`), d)...)
		out = append(append(out, ")\r\n"...), status...)
	case atkHugeNumber:
		v := extremeNumbers[rng.IntN(len(extremeNumbers))]
		out = []byte([]string{
			"* " + v + " EXISTS\r\n",
			"* " + v + " FETCH (UID " + v + " RFC822.SIZE " + v + ")\r\n",
			"* OK [UIDNEXT " + v + "] x\r\n",
			"* 1 FETCH (BODY[] {" + v + "}\r\n",
			"* SEARCH " + v + " " + v + "\r\n",
		}[rng.IntN(5)])
		out = append(append(out, honest...), status...)
	case atkTags:
		switch rng.IntN(3) {
		case 0: // completion before the data
			out = append(append([]byte(nil), status...), honest...)
		case 1: // an unknown tag first
			out = append(append([]byte("zz"+strconv.Itoa(rng.IntN(1000))+" OK what\r\n"), honest...), status...)
		default: // the completion twice
			out = append(append(honest, status...), status...)
		}
	case atkUnsolicited:
		out = []byte([]string{"* 2 EXPUNGE\r\n", "* 1000 EXISTS\r\n", "* 7 FETCH (FLAGS (\\Deleted))\r\n",
			"* BYE not really\r\n", "* 0 EXPUNGE\r\n", "* OK [ALERT] hello\r\n", "* CAPABILITY IMAP4rev1\r\n"}[rng.IntN(7)])
		out = append(append(out, honest...), status...)
	case atkDrip:
		out = append(honest, status...)
		out = out[:min(len(out), 300)]
		if len(out) < len(honest)+len(status) {
			out = append(out, "\r\n"...)
		}
		for i := range out {
			if err := hc.write(out[i : i+1]); err != nil {
				return false, err
			}
			time.Sleep(hc.h.cfg.Drip)
		}
		return false, nil
	case atkMidLiteral:
		hc.write([]byte("* 1 FETCH (BODY[] {1000}\r\nSubject: cut"))
		return true, nil
	case atkCorpus:
		s := append([]byte(nil), hc.h.seeds[rng.IntN(len(hc.h.seeds))]...)
		for range 1 + rng.IntN(3) {
			if len(s) == 0 {
				break
			}
			p := rng.IntN(len(s))
			switch rng.IntN(3) {
			case 0:
				s[p] ^= 1 << rng.IntN(8)
			case 1:
				s = append(s[:p:p], append([]byte{specialBytes[rng.IntN(len(specialBytes))]}, s[p:]...)...)
			default:
				s = s[:p]
			}
		}
		if len(s) == 0 || s[len(s)-1] != '\n' {
			s = append(s, "\r\n"...)
		}
		out = append(append(s, honest...), status...)
	case atkContinuation:
		out = append(append([]byte("+ surprise\r\n"), honest...), status...)
	}
	return false, hc.write(out)
}
