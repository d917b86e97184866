package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/imapstress/imapstress/internal/target"
)

// runServe implements "imapstress serve": the embedded target server, for
// trying the tool by hand.
func runServe(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:1143", "listening address")
	users := fs.Int("users", 100, "number of accounts user1..userN, password \"pass\"")
	messages := fs.Int("messages", 20, "messages in each INBOX at start")
	tls := fs.Bool("tls", false, "serve implicit TLS (self-signed); STARTTLS is offered otherwise")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the server to `FILE` when it stops (SIGINT/SIGTERM)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: imapstress serve [--addr host:port] [--users N] [--messages N] [--tls] [--cpuprofile FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	srv, err := target.Start(target.Options{Addr: *addr, Users: *users, Messages: *messages, ImplicitTLS: *tls})
	if err != nil {
		fmt.Fprintln(os.Stderr, "imapstress serve:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "imapstress serve: listening on %s, users user1..user%d, password %q\n", srv.Addr(), *users, target.Password)
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "imapstress serve:", err)
			srv.Close()
			return 1
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "imapstress serve:", err)
			f.Close()
			srv.Close()
			return 1
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fmt.Fprintln(os.Stderr, "imapstress serve:", err)
			}
		}()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() { <-sig; srv.Close() }()
	if err := srv.Wait(); err != nil {
		fmt.Fprintln(os.Stderr, "imapstress serve:", err)
		return 1
	}
	return 0
}
