package load_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/imapstress/imapstress/internal/target"
	"github.com/imapstress/imapstress/load"
)

// checkRun asserts what issue 5's proof asks of a healthy run, and that the
// JSON report and the interval log agree on every command's counts.
func checkRun(t *testing.T, rep *load.Report, log []byte, sessions int) {
	t.Helper()
	if rep.Sessions.Established != sessions || rep.Sessions.Failed != 0 {
		t.Errorf("sessions %+v, want all %d established", rep.Sessions, sessions)
	}
	for _, k := range []string{"protocol", "connect", "closed", "timeout", "bye", "protocol_tolerated"} {
		if rep.Errors[k] != 0 {
			t.Errorf("errors[%s] = %d, want 0 (all errors: %v)", k, rep.Errors[k], rep.Errors)
		}
	}
	if p := rep.Prepare; p == nil || p.Opened != sessions || p.OpenRate <= 0 || p.CPUPerSession <= 0 {
		t.Errorf("preparation %+v: want %d sessions opened, with a rate and a CPU cost", p, sessions)
	}
	if rep.Total.Count < int64(sessions) {
		t.Errorf("only %d commands in the run", rep.Total.Count)
	}
	for name, st := range rep.Commands {
		if st.OK+st.No+st.Bad+st.Timeout != st.Count {
			t.Errorf("%s: ok %d + no %d + bad %d + timeout %d != count %d", name, st.OK, st.No, st.Bad, st.Timeout, st.Count)
		}
		if st.Bad != 0 {
			t.Errorf("%s: %d BAD: the workload sent a command the server rejected", name, st.Bad)
		}
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Sessions struct{ Target, Established int }
		Commands map[string]struct{ Count, OK, No, Bad int64 }
		Total    struct {
			Count int64
			P99   float64 `json:"p99_us"`
		}
	}
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, js.Bytes())
	}
	if decoded.Sessions.Target != sessions || decoded.Total.Count != rep.Total.Count || decoded.Total.P99 <= 0 {
		t.Errorf("JSON sessions %+v total %+v", decoded.Sessions, decoded.Total)
	}
	path := filepath.Join(t.TempDir(), "run.hlog")
	if err := os.WriteFile(path, log, 0o644); err != nil {
		t.Fatal(err)
	}
	merged, err := load.ReadLogs(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, st := range decoded.Commands {
		m := merged.Commands[name]
		if m == nil {
			t.Errorf("%s: in the JSON (%d) but not in the interval log", name, st.Count)
			continue
		}
		if r := rep.Commands[name]; m.P99 != r.P99 || m.Max != r.Max {
			t.Errorf("%s: p99/max %v/%v in the report, %v/%v in the interval log", name, r.P99, r.Max, m.P99, m.Max)
		}
		if m.Count != st.Count || m.OK != st.OK || m.No != st.No || m.Bad != st.Bad {
			t.Errorf("%s: JSON count/ok/no/bad %d/%d/%d/%d, interval log %d/%d/%d/%d",
				name, st.Count, st.OK, st.No, st.Bad, m.Count, m.OK, m.No, m.Bad)
		}
	}
	if len(merged.Commands) != len(decoded.Commands) {
		t.Errorf("interval log has %d commands, JSON %d", len(merged.Commands), len(decoded.Commands))
	}
}

// testLog sends the live line and violations to the test log, so that a
// failure shows how the run went.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestRunEmbedded(t *testing.T) {
	const sessions = 200
	srv, err := target.Start(target.Options{Users: sessions, Messages: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	mix, err := load.ParseMix(target.Mix)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	rep, err := load.Run(context.Background(), load.Config{
		Addr: srv.Addr(), Sessions: sessions, Pipeline: 8, Duration: 10 * time.Second,
		Mix: mix, Fill: 20, HdrLog: &log, Timeout: 60 * time.Second, Messages: target.Messages(2, 32),
		Live: testLog{t}, Violations: testLog{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkRun(t, rep, log.Bytes(), sessions)
}

// TestRunDovecot runs against the Dovecot that "make test" starts with
// scripts/dovecot.sh. It skips without one, except under CI=true.
func TestRunDovecot(t *testing.T) {
	addr := os.Getenv("IMAPSTRESS_DOVECOT_ADDR")
	if addr == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("IMAPSTRESS_DOVECOT_ADDR is not set under CI=true: run the tests with make test, which starts Dovecot")
		}
		t.Skip("no Dovecot: set IMAPSTRESS_DOVECOT_ADDR (make test does, via scripts/dovecot.sh)")
	}
	const sessions = 200
	var log bytes.Buffer
	rep, err := load.Run(context.Background(), load.Config{
		Addr: addr, Sessions: sessions, Pipeline: 8, Duration: 10 * time.Second,
		Fill: 20, HdrLog: &log, Timeout: 60 * time.Second, Auth: "plain",
		Live: testLog{t}, Violations: testLog{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkRun(t, rep, log.Bytes(), sessions)
	if rep.Commands["AUTHENTICATE"] == nil && rep.Prepare.Commands["AUTHENTICATE"] == nil {
		t.Errorf("no AUTHENTICATE recorded with Auth plain")
	}
}

// TestServerKilled stops the server in the middle of a run: the run must end
// on time with a report that counts the failures, not hang.
func TestServerKilled(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 20, Messages: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	time.AfterFunc(2*time.Second, func() { srv.Close() })
	rep, err := load.Run(ctx, load.Config{
		Addr: srv.Addr(), Sessions: 20, Pipeline: 4, Duration: 4 * time.Second, Fill: -1, Timeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("the run outlived its duration: %v", ctx.Err())
	}
	if rep.Sessions.Established != 20 {
		t.Errorf("established %d, want 20 before the server went", rep.Sessions.Established)
	}
	if rep.Errors["connect"] == 0 || rep.Errors["closed"]+rep.Errors["bye"] == 0 {
		t.Errorf("errors %v: want refused reconnects and dropped sessions counted", rep.Errors)
	}
	if rep.Total.Count == 0 || rep.Sessions.Reconnects == 0 {
		t.Errorf("total %d commands, %d reconnects", rep.Total.Count, rep.Sessions.Reconnects)
	}
}

// TestOpenModel runs on a fixed schedule with a pipeline deeper than one:
// no command may time out or drop its session, and every measured command
// must carry a service time and a schedule lag.
func TestOpenModel(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 10, Messages: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rep, err := load.Run(context.Background(), load.Config{
		Addr: srv.Addr(), Sessions: 10, Pipeline: 8, Rate: 100, Duration: 3 * time.Second, Fill: -1,
		Mix:     []load.MixEntry{{Cmd: load.CmdNoop, Weight: 3}, {Cmd: load.CmdUIDFetch, Weight: 1}},
		Timeout: 60 * time.Second, Live: testLog{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 0 || rep.Sessions.Reconnects != 0 {
		t.Errorf("errors %v, %d reconnects: want none", rep.Errors, rep.Sessions.Reconnects)
	}
	// The schedule lag counts the scheduled commands, not the LOGOUTs.
	if lo := rep.Commands["LOGOUT"]; lo == nil || rep.Lag == nil || rep.Lag.Count != rep.Total.Count-lo.Count {
		t.Errorf("schedule lag %+v for %d commands and LOGOUT %+v", rep.Lag, rep.Total.Count, lo)
	}
	if st := rep.Commands["NOOP"]; st == nil || st.ServiceP50 <= 0 || st.ServiceP50 > st.P50 {
		t.Errorf("NOOP %+v: want a service time no larger than the response time", st)
	}
}

// TestTLS runs short sessions over STARTTLS with AUTHENTICATE PLAIN and
// over implicit TLS.
func TestTLS(t *testing.T) {
	for _, tc := range []struct {
		name     string
		implicit bool
		cfg      load.Config
		want     []string // commands the preparation must have recorded
	}{
		{"starttls", false, load.Config{StartTLS: true, Auth: "plain"}, []string{"STARTTLS", "AUTHENTICATE"}},
		{"tls", true, load.Config{TLS: true}, []string{"LOGIN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := target.Start(target.Options{Users: 3, Messages: 2, ImplicitTLS: tc.implicit})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			cfg := tc.cfg
			cfg.Addr, cfg.Insecure, cfg.Sessions, cfg.Duration = srv.Addr(), true, 3, 500*time.Millisecond
			cfg.Fill, cfg.Timeout, cfg.Mix = -1, 60*time.Second, []load.MixEntry{{Cmd: load.CmdNoop, Weight: 1}}
			rep, err := load.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Sessions.Established != 3 || len(rep.Errors) != 0 {
				t.Errorf("sessions %+v, errors %v", rep.Sessions, rep.Errors)
			}
			for _, name := range tc.want {
				if st := rep.Prepare.Commands[name]; st == nil || st.OK != 3 {
					t.Errorf("%s in preparation: %+v, want 3 OK", name, st)
				}
			}
		})
	}
	// Verification on: the self-signed certificate must be refused.
	srv, err := target.Start(target.Options{Users: 1, Messages: -1, ImplicitTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rep, err := load.Run(context.Background(), load.Config{Addr: srv.Addr(), TLS: true, Sessions: 1, Duration: 300 * time.Millisecond, Fill: -1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions.Established != 0 || rep.Errors["tls"] == 0 {
		t.Errorf("unverifiable certificate: sessions %+v, errors %v; want tls errors", rep.Sessions, rep.Errors)
	}
}

// TestSources connects from two loopback addresses in turn, then from one
// that cannot work.
func TestSources(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 4, Messages: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rep, err := load.Run(context.Background(), load.Config{
		Addr: srv.Addr(), Sessions: 4, Duration: time.Second, Fill: -1, Timeout: 60 * time.Second,
		Sources: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv4(127, 0, 0, 2)},
		Mix:     []load.MixEntry{{Cmd: load.CmdNoop, Weight: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions.Established != 4 || len(rep.Errors) != 0 {
		t.Errorf("sessions %+v, errors %v", rep.Sessions, rep.Errors)
	}
	// A source address this machine does not have (TEST-NET-1) must make
	// every connection fail: the sources are really used.
	rep, err = load.Run(context.Background(), load.Config{
		Addr: srv.Addr(), Sessions: 2, Duration: 500 * time.Millisecond, Fill: -1, Timeout: 5 * time.Second,
		Sources: []net.IP{net.IPv4(192, 0, 2, 1)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions.Established != 0 || rep.Errors["connect"] == 0 {
		t.Errorf("from 192.0.2.1: sessions %+v, errors %v; want only connect errors", rep.Sessions, rep.Errors)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	for _, cfg := range []load.Config{
		{},
		{Addr: "127.0.0.1:1", Auth: "cram"},
		{Addr: "127.0.0.1:1", Pipeline: 100000},
		{Addr: "127.0.0.1:1", Sessions: 1 << 30},
	} {
		if _, err := load.Run(context.Background(), cfg); err == nil {
			t.Errorf("Run(%+v): no error", cfg)
		}
	}
}

// Run against the embedded target server: five sessions, one second.
func ExampleRun() {
	srv, err := target.Start(target.Options{Users: 5})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	rep, err := load.Run(context.Background(), load.Config{
		Addr: srv.Addr(), Sessions: 5, Pipeline: 4, Duration: time.Second, Mix: []load.MixEntry{{Cmd: load.CmdNoop, Weight: 1}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sessions established:", rep.Sessions.Established)
	fmt.Println("NOOPs all OK:", rep.Commands["NOOP"].OK == rep.Commands["NOOP"].Count)
	// Output:
	// sessions established: 5
	// NOOPs all OK: true
}
