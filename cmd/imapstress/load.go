package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/imapstress/imapstress/internal/target"
	"github.com/imapstress/imapstress/load"
)

// runLoad implements "imapstress load". Without --addr it starts the
// embedded target server on loopback and loads it: with no flags at all,
// a 10-second, 50-session pipelined demo.
func runLoad(args []string) int {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	var cfg load.Config
	fs.StringVar(&cfg.Addr, "addr", "", "server `host:port`; empty starts the embedded target server")
	fs.BoolVar(&cfg.TLS, "tls", false, "implicit TLS")
	fs.BoolVar(&cfg.StartTLS, "starttls", false, "upgrade with STARTTLS before logging in")
	fs.BoolVar(&cfg.Insecure, "insecure", false, "do not verify the server's certificate")
	fs.StringVar(&cfg.User, "user", "user%d", "login name; %d is the session number (1..N)")
	fs.StringVar(&cfg.Pass, "pass", "pass", "password")
	fs.StringVar(&cfg.Auth, "auth", "login", "login (LOGIN) or plain (AUTHENTICATE PLAIN)")
	fs.IntVar(&cfg.Sessions, "sessions", 50, "concurrent sessions")
	fs.DurationVar(&cfg.Ramp, "ramp", 0, "spread session starts over this long")
	fs.IntVar(&cfg.Opening, "opening", 256, "most sessions connecting and logging in at once")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "length of the measured run")
	fs.IntVar(&cfg.Pipeline, "pipeline", 8, "commands in flight per session")
	fs.Float64Var(&cfg.Rate, "rate", 0, "open model: commands per second over all sessions (0: closed model)")
	mix := fs.String("mix", load.DefaultMix, "workload `name=weight,...`; names: "+strings.Join(load.MixNames(), " "))
	fs.StringVar(&cfg.Mailbox, "mailbox", "INBOX", "mailbox each session selects")
	fs.DurationVar(&cfg.Timeout, "timeout", 10*time.Second, "per-command timeout")
	fs.IntVar(&cfg.Fill, "fill", 50, "APPEND until each mailbox holds this many messages before the run (-1: none)")
	fs.DurationVar(&cfg.IdleTime, "idle-time", time.Second, "how long IDLE waits before DONE")
	sources := fs.String("source", "", "comma-separated local `addresses` to connect from, in turn")
	fs.BoolVar(&cfg.Lenient, "lenient", false, "accept known server quirks and count them")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed of the workload")
	jsonPath := fs.String("json", "", "write the report as JSON to `FILE` (- for stdout)")
	hdrLog := fs.String("hdr-log", "", "write the HdrHistogram interval log to `FILE`")
	hgrm := fs.String("hgrm", "", "write one percentile-distribution file per command into `DIR`")
	plotPath := fs.String("plot", "", "draw latency by percentile into `FILE.png`")
	threshold := fs.String("threshold", "", "conditions such as p99<50ms,errors<0.1%; a breach exits 2")
	quiet := fs.Bool("quiet", false, "no live line")
	fs.BoolVar(&cfg.MeasureRSS, "measure-rss", false, "report the generator's resident memory per session (forces a GC before and at the end)")
	cpuProfile := fs.String("cpuprofile", "", "write the generator's CPU profile to `FILE`")
	users := fs.Int("users", 0, "embedded target only: accounts to create (default: one per session)")
	shard := fs.String("shard", "", "run copy `I/N` of a sharded run: 1/N of --rate and --sessions (which are totals), its own users, tag prefix and seed; without it, the index comes from $"+load.EnvJobIndex+" (0-based, a Kubernetes Indexed Job) when set")
	shards := fs.Int("shards", 0, "N for $"+load.EnvJobIndex+" (default: $"+load.EnvShards+")")
	replay := fs.String("replay", "", "replay the session files in `DIR` (imapstress record) instead of the mix")
	replaySpeed := fs.Float64("replay-speed", 1, "with --replay: scale the recorded pace by this factor (2: twice as fast)")
	replayLoop := fs.Bool("replay-loop", false, "with --replay: start a recording over when it is done")
	startAt := fs.String("start-at", "", "start the measured run at `TIME` (RFC 3339 or Unix seconds), after preparing; a copy ready late says so and starts at once")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: imapstress load [flags]\n\nWithout --addr, runs against the embedded target server.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "imapstress load:", err)
		return 1
	}
	mixSet := false
	fs.Visit(func(f *flag.Flag) { mixSet = mixSet || f.Name == "mix" })
	if cfg.Addr == "" && !mixSet {
		*mix = target.Mix // see target.Mix for why MOVE and EXPUNGE are left out
	}
	var err error
	if cfg.Mix, err = load.ParseMix(*mix); err != nil {
		return fail(err)
	}
	thresholds, err := load.ParseThresholds(*threshold)
	if err != nil {
		return fail(err)
	}
	for _, s := range strings.Split(*sources, ",") {
		if s = strings.TrimSpace(s); s != "" {
			ip := net.ParseIP(s)
			if ip == nil {
				return fail(fmt.Errorf("--source %q is not an IP address", s))
			}
			cfg.Sources = append(cfg.Sources, ip)
		}
	}
	embedded := cfg.Addr == ""
	if embedded {
		n := *users
		if n <= 0 {
			n = max(cfg.Sessions, 1)
		}
		srv, err := target.Start(target.Options{Users: n, ImplicitTLS: cfg.TLS})
		if err != nil {
			return fail(err)
		}
		defer srv.Close()
		cfg.Addr, cfg.Insecure = srv.Addr(), true
		cfg.Messages = target.Messages(cfg.Seed+1, 64)
		fmt.Fprintf(os.Stderr, "imapstress load: embedded target server on %s (%d users)\n", cfg.Addr, n)
	}
	if *replay != "" {
		rp, err := load.LoadReplay(*replay, *replaySpeed, *replayLoop)
		if err != nil {
			return fail(err)
		}
		rp.Apply(&cfg)
		fmt.Fprintln(os.Stderr, "imapstress load:", rp.Summary())
	}
	if err := applyShard(&cfg, *shard, *shards, *startAt); err != nil {
		return fail(err)
	}
	if !*quiet {
		cfg.Live = os.Stderr
		if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			cfg.LiveInPlace = true
		}
	}
	cfg.Violations = os.Stderr
	if *hdrLog != "" {
		f, err := os.Create(*hdrLog)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		cfg.HdrLog = f
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := load.Run(ctx, cfg)
	if rep == nil {
		return fail(err)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "imapstress load:", err)
	}
	if rep.StartLate > 0 {
		fmt.Fprintf(os.Stderr, "imapstress load: started %.3fs after --start-at: preparation took longer\n", rep.StartLate)
	}
	if embedded {
		// getrusage and RSS would include the in-process target server.
		rep.Generator = nil
	}
	code := finishReport("imapstress load", rep, *jsonPath, *hgrm, *plotPath, thresholds)
	if code == 0 && rep.Sessions.Established == 0 {
		fmt.Fprintln(os.Stderr, "imapstress load: no session could be established")
		return 1
	}
	return code
}
