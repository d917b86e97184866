package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/imapstress/imapstress/fuzz/netfuzz"
)

const fuzzUsage = `usage: imapstress fuzz <server|client|replay> [flags]

  fuzz server --addr HOST:PORT   attack a live IMAP server; findings go to --out
  fuzz replay FILE --addr HOST:PORT   replay a saved finding, say whether it reproduces
  fuzz client --listen 127.0.0.1:PORT   a hostile server for IMAP clients

Run "imapstress fuzz <command> --help" for its flags.`

// runFuzz implements "imapstress fuzz".
func runFuzz(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, fuzzUsage)
		return 1
	}
	switch args[0] {
	case "server":
		return runFuzzServer(args[1:])
	case "replay":
		return runFuzzReplay(args[1:])
	case "client":
		return runFuzzClient(args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Println(fuzzUsage)
		return 0
	}
	fmt.Fprintf(os.Stderr, "imapstress fuzz: unknown command %q\n\n%s\n", args[0], fuzzUsage)
	return 1
}

// serverFlags are the flags shared by "fuzz server" and "fuzz replay".
func serverFlags(fs *flag.FlagSet, cfg *netfuzz.Config) *string {
	fs.StringVar(&cfg.Addr, "addr", "", "server `host:port` (loopback only unless --allow-remote)")
	fs.BoolVar(&cfg.AllowRemote, "allow-remote", false, "allow a server outside 127.0.0.0/8 and ::1 (fuzzing can crash it)")
	fs.BoolVar(&cfg.TLS, "tls", false, "implicit TLS")
	fs.BoolVar(&cfg.StartTLS, "starttls", false, "upgrade with STARTTLS before logging in")
	fs.BoolVar(&cfg.Insecure, "insecure", false, "do not verify the server's certificate")
	fs.StringVar(&cfg.User, "user", "user1", "login name")
	fs.StringVar(&cfg.Pass, "pass", "pass", "password")
	fs.StringVar(&cfg.Mailbox, "mailbox", "INBOX", "mailbox to select or examine")
	fs.DurationVar(&cfg.Deadline, "deadline", 2*time.Second, "time the server has to answer the probe after an input before it counts as a hang")
	fs.DurationVar(&cfg.Timeout, "timeout", 5*time.Second, "bound on connecting and each setup command")
	return fs.String("states", "", "comma-separated states to fuzz in (default all): "+strings.Join(stateNames(), ","))
}

func stateNames() []string {
	var s []string
	for _, st := range netfuzz.AllStates() {
		s = append(s, st.String())
	}
	return s
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func runFuzzServer(args []string) int {
	fs := flag.NewFlagSet("fuzz server", flag.ContinueOnError)
	var cfg netfuzz.Config
	states := serverFlags(fs, &cfg)
	fs.IntVar(&cfg.Workers, "workers", 2, "sessions in parallel")
	fs.IntVar(&cfg.SessionInputs, "session-inputs", 100, "most inputs sent on one connection before a new one (1: a new connection per input)")
	fs.DurationVar(&cfg.Duration, "duration", time.Minute, "length of the run (0: until --max-execs)")
	fs.Int64Var(&cfg.MaxExecs, "max-execs", 0, "stop after this many inputs (0: no bound)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed: input n depends only on the seed and n")
	fs.StringVar(&cfg.Out, "out", "findings", "directory for the findings, one session file each")
	fs.IntVar(&cfg.Minimize, "minimize", 200, "executions spent minimising each finding (-1: none)")
	quiet := fs.Bool("quiet", false, "no live line")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: imapstress fuzz server --addr HOST:PORT [flags]\n\nExit status 2 when anything was found.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "imapstress fuzz server: unexpected argument %q\n", fs.Arg(0))
		return 1
	}
	if err := parseStates(*states, &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "imapstress fuzz server:", err)
		return 1
	}
	if !*quiet {
		cfg.Live = os.Stderr
		if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			cfg.LiveInPlace = true
		}
	}
	cfg.Log = os.Stderr
	ctx, cancel := signalContext()
	defer cancel()
	sum, err := netfuzz.Run(ctx, cfg)
	if sum != nil {
		sum.WriteTo(os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "imapstress fuzz server:", err)
		return 1
	}
	if sum.Found() {
		return 2
	}
	return 0
}

func parseStates(s string, cfg *netfuzz.Config) error {
	if s == "" {
		return nil
	}
	for _, name := range strings.Split(s, ",") {
		st, err := netfuzz.ParseState(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		cfg.States = append(cfg.States, st)
	}
	return nil
}

func runFuzzReplay(args []string) int {
	fs := flag.NewFlagSet("fuzz replay", flag.ContinueOnError)
	var cfg netfuzz.Config
	serverFlags(fs, &cfg)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: imapstress fuzz replay FILE... --addr HOST:PORT [flags]\n\nExit status 2 when a finding reproduces, 0 when none does.")
		fs.PrintDefaults()
	}
	// Flags may come after the file names.
	var files []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return 0
			}
			return 1
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) == 0 {
		fs.Usage()
		return 1
	}
	ctx, cancel := signalContext()
	defer cancel()
	rc := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "imapstress fuzz replay:", err)
			return 1
		}
		r, err := netfuzz.Replay(ctx, cfg, data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "imapstress fuzz replay: %s: %v\n", name, err)
			return 1
		}
		fmt.Printf("%s: %s\n", name, r)
		if r.Reproduced() {
			rc = 2
		}
	}
	return rc
}

func runFuzzClient(args []string) int {
	fs := flag.NewFlagSet("fuzz client", flag.ContinueOnError)
	var cfg netfuzz.HostileConfig
	listen := fs.String("listen", "127.0.0.1:1143", "loopback `address` to listen on")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed of the attacks")
	fs.StringVar(&cfg.Out, "out", "", "directory to record each connection in, as a session file")
	fs.DurationVar(&cfg.Silence, "silence", 5*time.Second, "a client silent this long counts as having stopped answering")
	duration := fs.Duration("duration", 0, "stop after this long (0: until interrupted)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: imapstress fuzz client --listen 127.0.0.1:PORT [flags]\n\nA hostile IMAP server: point the client under test at it. It accepts any login.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	cfg.Log = os.Stderr
	h, err := netfuzz.ListenHostile(*listen, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "imapstress fuzz client:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "fuzz client: hostile server on %s; any user and password log in\n", h.Addr())
	ctx, cancel := signalContext()
	defer cancel()
	if *duration > 0 {
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	<-ctx.Done()
	h.Close()
	s := h.Stats()
	fmt.Printf("fuzz client: %d connections: %d dropped by the client, %d silent clients, %d logged out\n", s.Conns, s.Dropped, s.Silent, s.Logout)
	for name, n := range s.Attacks {
		fmt.Printf("  %-24s %d\n", name, n)
	}
	return 0
}
