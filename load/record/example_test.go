package record_test

import (
	"context"
	"log"
	"os/signal"
	"syscall"

	"github.com/imapstress/imapstress/load/record"
)

// A recording proxy on port 1143 in front of a server on 993: point the
// client at 127.0.0.1:1143, stop with Ctrl-C, find one file per connection
// in ./sessions.
func Example() {
	p, err := record.New(record.Options{
		Upstream:    "imap.example.com:993",
		TLSUpstream: true,
		Dir:         "sessions",
		OnViolation: func(v record.Violation) { log.Print(v) },
		OnSession:   func(s record.Summary) { log.Printf("%s: %d violations", s.Path, s.Violations) },
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT)
	defer stop()
	if err := p.ListenAndServe(ctx, "127.0.0.1:1143"); err != nil {
		log.Fatal(err)
	}
}
