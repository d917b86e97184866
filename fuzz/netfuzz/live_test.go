package netfuzz

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/imapstress/imapstress/internal/target"
)

// logFindings writes the summary to the test log, for the report.
func logFindings(t *testing.T, sum *Summary) {
	var sb strings.Builder
	sum.WriteTo(&sb)
	t.Log(sb.String())
}

// TestFuzzGoIMAPServer is a bounded run against the embedded go-imap v2
// server. What it finds is logged (go-imap v2 hangs up without BYE after
// many errors); the test requires the run to do its executions and the
// server to stay alive.
func TestFuzzGoIMAPServer(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 2, Messages: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	const execs = 3000
	sum, err := Run(context.Background(), Config{Addr: srv.Addr(), Workers: 2, MaxExecs: execs,
		Duration: 3 * time.Minute, Deadline: time.Second, Seed: 7, Minimize: -1, Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	logFindings(t, sum)
	if sum.Execs != execs {
		t.Errorf("ran %d inputs, want %d", sum.Execs, execs)
	}
	if sum.Count(ClassDead) > 0 {
		t.Errorf("go-imap v2 stopped accepting logins: %v", sum.sortedKeys())
	}
}

// TestFuzzDovecot is a bounded run against the private Dovecot that "make
// test" starts (IMAPSTRESS_DOVECOT_ADDR), in every state: scripts/dovecot.sh
// turns off the per-address auth penalty that failed logins would raise
// for every other test logging in from 127.0.0.1. What it finds is logged;
// the test requires the executions and Dovecot to keep accepting logins.
func TestFuzzDovecot(t *testing.T) {
	addr := os.Getenv("IMAPSTRESS_DOVECOT_ADDR")
	if addr == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("IMAPSTRESS_DOVECOT_ADDR is not set under CI=true: run the tests with make test")
		}
		t.Skip("IMAPSTRESS_DOVECOT_ADDR not set (make test starts Dovecot)")
	}
	// Each input goes to a connection kept in its state (SessionInputs),
	// so the run is a few thousand inputs in a minute or two. Every new
	// hang costs the hang wait (5 deadlines) a few times over while it is
	// replayed and minimised, so the minimising is brief, and the run is
	// bounded by time as well. The deadline is not shorter: THREAD, SORT
	// and SEARCH TEXT over the thousand messages the run appends take
	// seconds on a loaded machine, and would be taken for hangs.
	const execs = 3000
	sum, err := Run(context.Background(), Config{Addr: addr, User: "user11999", Workers: 4, MaxExecs: execs,
		Duration: 150 * time.Second, Deadline: time.Second, Seed: 7, Minimize: 5, Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	logFindings(t, sum)
	if sum.Execs < 100 {
		t.Errorf("ran %d inputs in %v, want at least 100", sum.Execs, sum.Elapsed)
	}
	if sum.Count(ClassDead) > 0 {
		t.Errorf("Dovecot stopped accepting logins: %v", sum.sortedKeys())
	}
}
