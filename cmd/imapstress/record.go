package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/imapstress/imapstress/load/record"
)

// runRecord implements "imapstress record": a recording proxy.
func runRecord(args []string) int {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:1143", "where clients connect, `host:port`")
	var o record.Options
	fs.StringVar(&o.Upstream, "upstream", "", "the server, `host:port` (required)")
	fs.BoolVar(&o.TLSUpstream, "tls-upstream", false, "connect to the server with implicit TLS")
	insecure := fs.Bool("insecure", false, "with --tls-upstream: do not verify the server's certificate")
	fs.StringVar(&o.Dir, "out", ".", "write one session file per connection into `DIR`")
	fs.BoolVar(&o.KeepCredentials, "keep-credentials", false, "write LOGIN passwords and AUTHENTICATE data unmasked")
	quiet := fs.Bool("quiet", false, "do not print a line per connection")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: imapstress record --upstream host:port [flags]

A transparent proxy: point a client at --listen; every byte is forwarded
unaltered, each connection is written to DIR as a session file (corpus
format, with "#@" timestamps), both directions are checked by the parser and
violations are printed. Recording stops (forwarding goes on) after STARTTLS
or COMPRESS. The files are input for "parse --session" and "load --replay".`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "imapstress record:", err)
		return 1
	}
	if o.Upstream == "" {
		fs.Usage()
		return 1
	}
	if o.TLSUpstream {
		host, _, _ := net.SplitHostPort(o.Upstream)
		o.TLSConfig = &tls.Config{ServerName: host, InsecureSkipVerify: *insecure}
	}
	o.OnViolation = func(v record.Violation) { fmt.Fprintln(os.Stderr, "imapstress record: violation:", v.Error()) }
	if !*quiet {
		o.OnSession = func(s record.Summary) {
			if s.Err != nil {
				fmt.Fprintln(os.Stderr, "imapstress record:", s.Err)
			}
			if s.Path != "" {
				fmt.Fprintf(os.Stderr, "imapstress record: %s: client %d bytes, server %d bytes, %d violations, %d credentials masked\n",
					s.Path, s.Client, s.Server, s.Violations, s.Masked)
			}
		}
	}
	p, err := record.New(o)
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(os.Stderr, "imapstress record: listening on %s, forwarding to %s, writing to %s\n", ln.Addr(), o.Upstream, o.Dir)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := p.Serve(ctx, ln); err != nil {
		return fail(err)
	}
	return 0
}
