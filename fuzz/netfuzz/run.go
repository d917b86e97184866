package netfuzz

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/imapstress/imapstress/parser"
)

// Config describes a server fuzzing run. Zero fields take the documented
// defaults.
type Config struct {
	// Addr is the server, host:port. Required. It must be on loopback
	// (127.0.0.0/8 or ::1) unless AllowRemote is set.
	Addr        string
	AllowRemote bool
	// TLS, StartTLS and Insecure are as for load: implicit TLS, STARTTLS,
	// no certificate verification.
	TLS, StartTLS, Insecure bool
	// User and Pass log in; default "user1" and "pass".
	User, Pass string
	// Mailbox is selected or examined; default "INBOX".
	Mailbox string
	// States are the states inputs start in; default all.
	States []State
	// Workers is the number of sessions in parallel; default 2.
	Workers int
	// SessionInputs is the most inputs one connection runs: a worker
	// keeps a connection per state and sends it the next input in that
	// state while it stays healthy (the probe completed, no BYE, no change
	// of state), which spares a dial, login and SELECT per input. Default
	// 100; 1 makes a new connection for every input. A finding made on a
	// reused connection is run again on a new one, alone and then after
	// the inputs that came before it there, before it is minimised.
	SessionInputs int
	// Duration bounds the run; MaxExecs bounds the number of inputs
	// (0: no bound). At least one must be set.
	Duration time.Duration
	MaxExecs int64
	// Deadline is how long the server has to complete the probe after an
	// input; past it the executor waits 4 times as long again (AuthDeadline
	// for a login) before it counts a hang. Default 2s.
	Deadline time.Duration
	// AuthDeadline replaces Deadline, once, when the command in flight is
	// a LOGIN or AUTHENTICATE: servers delay failed logins on purpose.
	// Default 20s.
	AuthDeadline time.Duration
	// Timeout bounds connecting and each setup command; default 5s.
	Timeout time.Duration
	// Seed makes the inputs reproducible: input n depends only on Seed and
	// n. Default 1.
	Seed uint64
	// Out, when set, is the directory the findings are saved in, one
	// session file each.
	Out string
	// Minimize bounds the executions spent minimising one finding;
	// default 200, negative for no minimisation.
	Minimize int
	// Live, when set, receives a status line each second; LiveInPlace
	// rewrites it in place. Log, when set, receives a line per new finding.
	Live        io.Writer
	LiveInPlace bool
	Log         io.Writer
	// OnFinding, when set, is called with each new finding once it is
	// minimised and saved; returning true ends the run.
	OnFinding func(*Finding) (stop bool)
}

func (c *Config) defaults(run bool) error {
	if c.Addr == "" {
		return errors.New("netfuzz: no server address")
	}
	if err := CheckLoopback(c.Addr, c.AllowRemote); err != nil {
		return err
	}
	if c.User == "" {
		c.User = "user1"
	}
	if c.Pass == "" {
		c.Pass = "pass"
	}
	if c.Mailbox == "" {
		c.Mailbox = "INBOX"
	}
	if len(c.States) == 0 {
		c.States = AllStates()
	}
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.SessionInputs <= 0 {
		c.SessionInputs = 100
	}
	if run && c.Duration <= 0 && c.MaxExecs <= 0 {
		return errors.New("netfuzz: need a duration or a maximum number of executions")
	}
	if c.Deadline <= 0 {
		c.Deadline = 2 * time.Second
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Second
	}
	if c.AuthDeadline <= 0 {
		c.AuthDeadline = 20 * time.Second
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Minimize == 0 {
		c.Minimize = 200
	}
	return nil
}

// CheckLoopback returns an error unless addr's host is a loopback address
// (or a name resolving only to loopback addresses), or allowRemote is set.
// Fuzzing sends hostile input that can crash a server: it must not reach
// someone else's by a typo.
func CheckLoopback(addr string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("netfuzz: address %q: %v", addr, err)
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return fmt.Errorf("netfuzz: address %q: %v", addr, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("netfuzz: refusing %s: %s is not a loopback address (127.0.0.0/8 or ::1), and fuzzing sends hostile input that can crash a server; pass --allow-remote if the server is yours to break", addr, ip)
		}
	}
	return nil
}

// Summary is the outcome of a run.
type Summary struct {
	Execs       int64
	Elapsed     time.Duration
	SetupErrors int64
	// Counts counts every finding by class, duplicates included.
	Counts [numClasses]int64
	// Findings are the distinct findings, minimised, in the order found.
	Findings []*Finding
	// LastSetupError is the most recent failure to reach a state.
	LastSetupError string
}

// Found reports whether the run found anything.
func (s *Summary) Found() bool { return len(s.Findings) > 0 }

// Count returns the number of findings of class c, duplicates included.
func (s *Summary) Count(c Class) int64 { return s.Counts[c] }

// WriteTo writes the end-of-run summary.
func (s *Summary) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	rate := float64(s.Execs) / max(s.Elapsed.Seconds(), 1e-9)
	fmt.Fprintf(&b, "fuzz server: %d execs in %.1fs (%.0f/s), %d setup errors\n", s.Execs, s.Elapsed.Seconds(), rate, s.SetupErrors)
	if s.LastSetupError != "" {
		fmt.Fprintf(&b, "  last setup error: %s\n", s.LastSetupError)
	}
	for c := ClassCrash; c < numClasses; c++ {
		if s.Counts[c] > 0 {
			fmt.Fprintf(&b, "  %-9s %d\n", c, s.Counts[c])
		}
	}
	if len(s.Findings) == 0 {
		b.WriteString("no findings\n")
	}
	for i, f := range s.Findings {
		fmt.Fprintf(&b, "finding %d: %s at %s, state %s, %d writes, %d bytes", i+1, f.Class, f.Location, f.Input.State, len(f.Input.Writes), f.Input.Size())
		if f.Path != "" {
			fmt.Fprintf(&b, ", saved %s", f.Path)
		}
		b.WriteString("\n")
		for _, l := range strings.Split(f.Detail, "\n") {
			fmt.Fprintf(&b, "    %s\n", l)
		}
		for _, w := range f.Input.Writes {
			fmt.Fprintf(&b, "    C: %s\n", clipQuote(w.Data, 160))
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func clipQuote(b []byte, n int) string {
	if len(b) > n {
		return fmt.Sprintf("%q... (%d bytes)", b[:n], len(b))
	}
	return fmt.Sprintf("%q", b)
}

// fuzzer is the shared state of one run.
type fuzzer struct {
	cfg   Config
	x     executor
	gen   *generator
	execs atomic.Int64
	setup atomic.Int64
	stop  atomic.Bool

	mu       sync.Mutex
	sum      Summary
	seen     map[string]bool
	failures [numStates]int // consecutive setup failures per state
}

// Run fuzzes the server at cfg.Addr until Duration passes, MaxExecs inputs
// ran, the server stops accepting logins, or ctx is done, and returns what
// it found. Run returns an error only when the run could not be done (bad
// configuration, or no state could be reached at all).
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	if err := cfg.defaults(true); err != nil {
		return nil, err
	}
	if cfg.Out != "" {
		if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
			return nil, err
		}
	}
	f := &fuzzer{cfg: cfg, seen: map[string]bool{}}
	f.x = executor{cfg: &f.cfg, p: parser.NewParser(parser.Options{})}
	f.gen = newGenerator(cfg.States)
	if err := f.x.alive(ctx); err != nil {
		return nil, fmt.Errorf("netfuzz: cannot log in to %s before fuzzing: %w", cfg.Addr, err)
	}
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Duration)
		defer cancel()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.work(ctx)
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-tick.C:
			f.live(time.Since(start))
		}
	}
	if cfg.Live != nil && cfg.LiveInPlace {
		fmt.Fprintln(cfg.Live)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sum.Execs = f.execs.Load()
	f.sum.SetupErrors = f.setup.Load()
	f.sum.Elapsed = time.Since(start)
	if f.sum.Execs == 0 && f.sum.SetupErrors > 0 {
		return &f.sum, fmt.Errorf("netfuzz: no input ran: %s", f.sum.LastSetupError)
	}
	return &f.sum, nil
}

func (f *fuzzer) live(elapsed time.Duration) {
	if f.cfg.Live == nil {
		return
	}
	f.mu.Lock()
	var parts []string
	for c := ClassCrash; c < numClasses; c++ {
		if f.sum.Counts[c] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, f.sum.Counts[c]))
		}
	}
	uniq := len(f.sum.Findings)
	f.mu.Unlock()
	n := f.execs.Load()
	line := fmt.Sprintf("fuzz server %4.0fs  execs %d  %.0f/s  findings %d [%s]  setup errors %d",
		elapsed.Seconds(), n, float64(n)/max(elapsed.Seconds(), 1e-9), uniq, strings.Join(parts, ", "), f.setup.Load())
	if f.cfg.LiveInPlace {
		fmt.Fprintf(f.cfg.Live, "\r\x1b[K%s", line)
	} else {
		fmt.Fprintln(f.cfg.Live, line)
	}
}

func (f *fuzzer) work(ctx context.Context) {
	var pool [numStates]*session // this worker's connections, one per state
	defer func() {
		for _, s := range pool {
			if s != nil {
				s.close()
			}
		}
	}()
	for ctx.Err() == nil && !f.stop.Load() {
		n := f.execs.Add(1)
		if f.cfg.MaxExecs > 0 && n > f.cfg.MaxExecs {
			f.execs.Add(-1)
			return
		}
		in := f.gen.generate(f.cfg.Seed, uint64(n))
		if !f.enabled(in.State) {
			in.State = Authenticated
		}
		s := pool[in.State]
		if s == nil {
			var err error
			if s, err = f.x.open(ctx, in.State); err != nil {
				f.execs.Add(-1)
				f.setupFailed(in.State, err)
				if ctx.Err() == nil {
					time.Sleep(10 * time.Millisecond)
				}
				continue
			}
			f.setupOK(in.State)
			pool[in.State] = s
		}
		fd, keep := f.x.exec(s, in)
		if !keep {
			s.close()
			pool[in.State] = nil
		}
		if fd != nil {
			f.found(ctx, fd)
		}
	}
}

// enabled reports whether st can still be reached: a state whose setup
// failed 5 times in a row (a server without IDLE, say) is dropped.
func (f *fuzzer) enabled(st State) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failures[st] < 5
}

func (f *fuzzer) setupFailed(st State, err error) {
	f.setup.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[st]++
	f.sum.LastSetupError = fmt.Sprintf("state %s: %v", st, err)
	if f.failures[Authenticated] >= 5 {
		f.stop.Store(true) // not even a login works
	}
}

func (f *fuzzer) setupOK(st State) {
	f.mu.Lock()
	if f.failures[st] < 5 {
		f.failures[st] = 0
	}
	f.mu.Unlock()
}

// found counts a finding; a new one (by key) is minimised, saved and
// followed by the liveness probe.
func (f *fuzzer) found(ctx context.Context, fd *Finding) {
	f.mu.Lock()
	f.sum.Counts[fd.Class]++
	key := fd.Key()
	if f.seen[key] {
		f.mu.Unlock()
		return
	}
	f.seen[key] = true
	f.mu.Unlock()

	if fd.Class == ClassCrash || fd.Class == ClassHang {
		if err := f.x.alive(context.WithoutCancel(ctx)); err != nil {
			dead := &Finding{Class: ClassDead, Location: "after " + key,
				Detail: fmt.Sprintf("liveness probe (new connection and login) failed after the input below: %v", err),
				Input:  fd.withPrior(), Transcript: fd.Transcript}
			f.record(dead)
			f.stop.Store(true)
			return
		}
	}
	// Replaying and minimising take a bounded time, and outlive the run's
	// end (or an interrupt) by at most a few seconds.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second+20*f.cfg.Deadline)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		time.AfterFunc(3*time.Second+f.cfg.Deadline, cancel)
	})
	defer stop()
	fd, ok := f.x.reproduce(mctx, fd)
	f.mu.Lock()
	f.seen[fd.Key()] = true // a crash replayed after earlier inputs may be located anew
	f.mu.Unlock()
	if ok && f.cfg.Minimize > 0 {
		fd = f.x.minimize(mctx, fd, f.cfg.Minimize)
	}
	f.record(fd)
}

func (f *fuzzer) record(fd *Finding) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fd.Class == ClassDead {
		f.sum.Counts[ClassDead]++
	}
	if f.cfg.Out != "" {
		name := fmt.Sprintf("%03d-%s-%s.txt", len(f.sum.Findings)+1, fd.Class, slug(fd.Location))
		path := filepath.Join(f.cfg.Out, name)
		if err := os.WriteFile(path, MarshalFinding(fd), 0o644); err == nil {
			fd.Path = path
		} else {
			fd.Detail += "\n(not saved: " + err.Error() + ")"
		}
	}
	f.sum.Findings = append(f.sum.Findings, fd)
	if f.cfg.OnFinding != nil && f.cfg.OnFinding(fd) {
		f.stop.Store(true)
	}
	if f.cfg.Log != nil {
		fmt.Fprintf(f.cfg.Log, "found %s at %s (state %s, %d writes after minimising)", fd.Class, fd.Location, fd.Input.State, len(fd.Input.Writes))
		if fd.Path != "" {
			fmt.Fprintf(f.cfg.Log, ": %s", fd.Path)
		}
		fmt.Fprintln(f.cfg.Log)
	}
}

// slug makes a location safe for a file name.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 48 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// sortedKeys is for tests and the summary: the finding keys in order.
func (s *Summary) sortedKeys() []string {
	var k []string
	for _, f := range s.Findings {
		k = append(k, f.Key())
	}
	sort.Strings(k)
	return k
}
