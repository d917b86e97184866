package load

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/imapstress/imapstress/load/mailgen"
	"github.com/imapstress/imapstress/parser"
)

// Config describes a load run. Zero fields take the defaults documented
// on each; Run validates the rest.
type Config struct {
	// Addr is the server, host:port. Required.
	Addr string `json:"addr"`
	// TLS connects with implicit TLS; StartTLS upgrades with STARTTLS;
	// Insecure skips certificate verification.
	TLS      bool `json:"tls,omitempty"`
	StartTLS bool `json:"starttls,omitempty"`
	Insecure bool `json:"insecure,omitempty"`
	// ServerName is the TLS server name; default the host of Addr.
	ServerName string `json:"-"`
	// User is the login name; a %d in it is replaced by the session's
	// number, 1 to Sessions. Default "user%d".
	User string `json:"user"`
	// Pass is the password; default "pass".
	Pass string `json:"-"`
	// Auth is "login" (LOGIN, the default) or "plain" (AUTHENTICATE PLAIN,
	// with SASL-IR when the server has it).
	Auth string `json:"auth"`
	// Sessions is the number of concurrent sessions; default 50.
	Sessions int `json:"sessions"`
	// Ramp spreads the session starts evenly over this long; default 0
	// (as fast as they connect).
	Ramp time.Duration `json:"ramp_ns"`
	// Duration is the length of the measured run; default 10s.
	Duration time.Duration `json:"duration_ns"`
	// Pipeline is the most commands in flight per session; default 1.
	Pipeline int `json:"pipeline"`
	// Rate, when positive, selects the open model: this many commands per
	// second over all sessions, on Pacer's schedule (default
	// ConstantRate(Rate)). Zero is the closed model.
	Rate  float64 `json:"rate,omitempty"`
	Pacer Pacer   `json:"-"`
	// Mix is the weighted workload; default ParseMix(DefaultMix).
	Mix []MixEntry `json:"mix"`
	// Mailbox is selected by every session; default "INBOX".
	Mailbox string `json:"mailbox"`
	// Timeout bounds each command, connecting and logging in; default 10s.
	Timeout time.Duration `json:"timeout_ns"`
	// Fill is how many messages each session's mailbox must hold before
	// the measured run; it APPENDs the difference. Default 50; negative
	// for none.
	Fill int `json:"fill"`
	// IdleTime is how long an IDLE command waits before DONE; default 1s.
	IdleTime time.Duration `json:"idle_ns"`
	// Sources are local addresses to connect from, in turn, so that one
	// machine can open more sessions to one port than one address has
	// ephemeral ports.
	Sources []net.IP `json:"sources,omitempty"`
	// Lenient accepts the protocol deviations that real servers are known
	// for and counts them instead of dropping the session.
	Lenient bool `json:"lenient,omitempty"`
	// MaxResponse bounds one server response in memory; default 64 MiB.
	MaxResponse int `json:"-"`
	// Seed makes the workload reproducible; default 1.
	Seed uint64 `json:"seed"`
	// Shards is the number of metric shards; default 2*GOMAXPROCS.
	Shards int `json:"-"`
	// Live, when set, receives a status line each second; LiveInPlace
	// rewrites it in place (for a terminal).
	Live        io.Writer `json:"-"`
	LiveInPlace bool      `json:"-"`
	// HdrLog, when set, receives the interval log of the measured run.
	HdrLog io.Writer `json:"-"`
	// Violations, when set, receives the first few protocol violations
	// with the bytes around them.
	Violations io.Writer `json:"-"`
}

func (c *Config) user(i int) string {
	if strings.Contains(c.User, "%d") {
		return strings.Replace(c.User, "%d", fmt.Sprint(i), 1)
	}
	return c.User
}

func (c *Config) defaults() error {
	if c.Addr == "" {
		return errors.New("load: no server address")
	}
	if c.User == "" {
		c.User = "user%d"
	}
	if c.Pass == "" {
		c.Pass = "pass"
	}
	switch c.Auth {
	case "":
		c.Auth = "login"
	case "login", "plain":
	default:
		return fmt.Errorf("load: auth %q: want login or plain", c.Auth)
	}
	if c.Sessions <= 0 {
		c.Sessions = 50
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.Pipeline <= 0 {
		c.Pipeline = 1
	}
	if c.Pipeline > 4096 {
		return fmt.Errorf("load: pipeline %d: at most 4096", c.Pipeline)
	}
	if c.Rate > 0 && c.Pacer == nil {
		c.Pacer = ConstantRate(c.Rate)
	}
	if c.Mix == nil {
		c.Mix, _ = ParseMix(DefaultMix)
	}
	if c.Mailbox == "" {
		c.Mailbox = "INBOX"
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Fill == 0 {
		c.Fill = 50
	}
	if c.IdleTime <= 0 {
		c.IdleTime = time.Second
	}
	if c.MaxResponse <= 0 {
		c.MaxResponse = 1 << maxBufShift
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Shards <= 0 {
		c.Shards = 2 * runtime.GOMAXPROCS(0)
	}
	return nil
}

// runner is the shared state of one run.
type runner struct {
	cfg       Config
	metrics   *Metrics
	parser    *parser.Parser
	pools     bufPools
	tlsConfig *tls.Config
	messages  [][]byte
	cumWeight []int

	start        time.Time
	measureStart atomic.Int64 // ns since start
	measure      chan struct{}
	stop         chan struct{}
	stopFlag     atomic.Bool
	endAt        atomic.Int64

	preparedN   atomic.Int64
	prepDone    chan struct{}
	established atomic.Int64
	reconnects  atomic.Int64
	violations  atomic.Int64
	lastErr     atomic.Value

	mu        sync.Mutex
	errs      map[string]int64
	shownViol int
}

func (r *runner) stopping() bool { return r.stopFlag.Load() }
func (r *runner) endNS() int64   { return r.endAt.Load() }

// prepared is called once per session after its first attempt to open.
func (r *runner) prepared(ok bool) {
	if r.preparedN.Add(1) == int64(r.cfg.Sessions) {
		close(r.prepDone)
	}
}

func (r *runner) countError(what string) {
	r.mu.Lock()
	r.errs[what]++
	r.mu.Unlock()
}

func (r *runner) reportViolation(session int, pe *ProtocolError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cfg.Violations != nil && r.shownViol < 5 {
		r.shownViol++
		fmt.Fprintf(r.cfg.Violations, "session %d: %v\n", session, pe)
	}
}

func (r *runner) pickMix(rng *rand.Rand) Cmd {
	n := rng.IntN(r.cumWeight[len(r.cumWeight)-1])
	for i, w := range r.cumWeight {
		if n < w {
			return r.cfg.Mix[i].Cmd
		}
	}
	return r.cfg.Mix[len(r.cfg.Mix)-1].Cmd
}

// Run performs a load run: a preparation phase (sessions connect at the
// ramp's pace, log in, select and fill their mailboxes), then the measured
// run of cfg.Duration, then logout. It returns the report when the run ends
// or ctx is cancelled (the report then covers what was measured); an error
// only when the run could not be done at all.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if err := raiseFileLimit(cfg.Sessions + 64); err != nil {
		return nil, err
	}
	r := &runner{
		cfg:      cfg,
		metrics:  NewMetrics(cfg.Shards, cfg.Rate > 0),
		parser:   parser.NewParser(parser.Options{Lenient: cfg.Lenient}),
		measure:  make(chan struct{}),
		stop:     make(chan struct{}),
		prepDone: make(chan struct{}),
		errs:     map[string]int64{},
	}
	host, _, _ := net.SplitHostPort(cfg.Addr)
	if cfg.ServerName != "" {
		host = cfg.ServerName
	}
	r.tlsConfig = &tls.Config{ServerName: host, InsecureSkipVerify: cfg.Insecure}
	total := 0
	for _, m := range cfg.Mix {
		total += m.Weight
		r.cumWeight = append(r.cumWeight, total)
	}
	if total == 0 {
		return nil, errors.New("load: the mix has no command with a positive weight")
	}
	gen := mailgen.New(cfg.Seed)
	gen.MaxSize = maxMessage / 2
	for range 64 {
		r.messages = append(r.messages, gen.Append(nil))
	}

	r.start = time.Now()
	r.endAt.Store(1<<62 - 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	go func() { // start sessions at the ramp's pace
		for i := 1; i <= cfg.Sessions; i++ {
			if cfg.Ramp > 0 {
				at := r.start.Add(cfg.Ramp * time.Duration(i-1) / time.Duration(cfg.Sessions))
				if d := time.Until(at); d > 0 {
					select {
					case <-time.After(d):
					case <-r.stop:
					}
				}
			}
			if r.stopping() {
				// Not started: count it as prepared so the phase can end.
				r.prepared(false)
				continue
			}
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				newSession(r, i).loop(ctx)
			}(i)
		}
	}()

	rep, err := r.collect(ctx, &wg)
	return rep, err
}

// collect is the run's clock: each second it swaps the metric shards out,
// logs the interval and prints the live line; it moves from preparation to
// the measured run and ends the run.
func (r *runner) collect(ctx context.Context, wg *sync.WaitGroup) (*Report, error) {
	cfg := &r.cfg
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var logw *LogWriter
	var prep *Report
	measuring := false
	var measureStart time.Time
	last := r.start
	var end <-chan time.Time
	stopRun := func() {
		if !r.stopFlag.Swap(true) {
			close(r.stop)
		}
	}
	interval := func(now time.Time) error {
		snap := r.metrics.Interval()
		r.live(snap, now, measuring)
		var err error
		if measuring && logw != nil {
			err = logw.WriteInterval(snap, last, now)
		}
		last = now
		return err
	}
	var logErr error
	startMeasuring := func(now time.Time) {
		if err := interval(now); err != nil && logErr == nil {
			logErr = err
		}
		prep = newReport(r.metrics.Total(), now.Sub(r.start))
		r.metrics.ResetTotal()
		measuring, measureStart = true, now
		r.measureStart.Store(int64(now.Sub(r.start)))
		r.endAt.Store(int64(now.Sub(r.start) + cfg.Duration))
		if cfg.HdrLog != nil {
			var err error
			if logw, err = NewLogWriter(cfg.HdrLog, now); err != nil && logErr == nil {
				logErr = err
			}
		}
		close(r.measure)
		end = time.After(cfg.Duration)
	}
	prepDone := r.prepDone
loop:
	for {
		select {
		case now := <-tick.C:
			if err := interval(now); err != nil && logErr == nil {
				logErr = err
			}
		case <-prepDone:
			prepDone = nil
			startMeasuring(time.Now())
		case <-end:
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	stopRun()
	if !measuring {
		// Interrupted during preparation: report what there is.
		measuring, measureStart = true, time.Now()
		close(r.measure)
	}
	// In-flight commands get --timeout to finish, then sessions log out.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	wait := time.NewTimer(cfg.Timeout + 2*time.Second)
	select {
	case <-done:
	case <-wait.C:
	}
	wait.Stop()
	now := time.Now()
	if err := interval(now); err != nil && logErr == nil {
		logErr = err
	}
	if cfg.Live != nil && cfg.LiveInPlace {
		fmt.Fprintln(cfg.Live)
	}
	d := min(now.Sub(measureStart), cfg.Duration+cfg.Timeout)
	rep := newReport(r.metrics.Total(), d)
	rep.Config = cfg
	if prep != nil {
		rep.Prepare = &PrepareStats{Duration: prep.Duration, Commands: prep.Commands}
	}
	est := int(r.established.Load())
	rep.Sessions = SessionStats{Target: cfg.Sessions, Established: est, Failed: cfg.Sessions - est,
		Reconnects: int(r.reconnects.Load())}
	r.mu.Lock()
	for k, v := range r.errs {
		rep.Errors[k] = v
	}
	r.mu.Unlock()
	if v := r.violations.Load(); v > 0 {
		rep.Errors["protocol_tolerated"] = v
	}
	if logErr != nil {
		return rep, fmt.Errorf("load: interval log: %w", logErr)
	}
	return rep, nil
}

// live prints the status line for one interval.
func (r *runner) live(s *Snapshot, now time.Time, measuring bool) {
	w := r.cfg.Live
	if w == nil {
		return
	}
	all := s.All()
	var errs int64
	for c := range numCmds {
		for o := OutcomeBad; o < numOutcomes; o++ {
			errs += s.Count(c, o)
		}
	}
	phase := "prepare"
	if measuring {
		phase = "run"
	}
	line := fmt.Sprintf("[%6.1fs %-7s] sessions %d/%d  cmds/s %d  p50 %s  p99 %s  errors %d",
		now.Sub(r.start).Seconds(), phase, r.established.Load(), r.cfg.Sessions, all.TotalCount(),
		fmtUS(us(all.ValueAtQuantile(50))), fmtUS(us(all.ValueAtQuantile(99))), errs)
	if last, ok := r.lastErr.Load().(string); ok && errs > 0 {
		line += "  last: " + truncate(last, 60)
	}
	if r.cfg.LiveInPlace {
		fmt.Fprintf(w, "\r\033[K%s", line)
	} else {
		fmt.Fprintln(w, line)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
