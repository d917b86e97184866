package netfuzz

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/imapstress/imapstress/load"
)

// deadlineConn gives every read and write of go-imap's client a deadline,
// so that a client waiting forever shows up as a timeout.
type deadlineConn struct {
	net.Conn
	d time.Duration
}

func (c deadlineConn) Read(p []byte) (int, error) {
	c.Conn.SetReadDeadline(time.Now().Add(c.d))
	return c.Conn.Read(p)
}

// goIMAPSession is one go-imap v2 client session: what a mail client does.
func goIMAPSession(addr string) error {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	c := imapclient.New(deadlineConn{nc, 2 * time.Second}, nil)
	defer c.Close()
	if err := c.Login("user", "pass").Wait(); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		return fmt.Errorf("select: %w", err)
	}
	opts := &imap.FetchOptions{UID: true, Flags: true, RFC822Size: true, BodyStructure: &imap.FetchItemBodyStructure{},
		BodySection: []*imap.FetchItemBodySection{{}}}
	if _, err := c.Fetch(imap.SeqSetNum(1, 2, 3), opts).Collect(); err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	if _, err := c.Search(&imap.SearchCriteria{}, nil).Wait(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if err := c.Noop().Wait(); err != nil {
		return fmt.Errorf("noop: %w", err)
	}
	return c.Logout().Wait()
}

// TestHelperGoIMAPClient is not a test: TestHostileGoIMAPClient runs it in
// a child process, so that a panic in go-imap's reader goroutine is seen
// as the child's exit instead of killing the test binary.
func TestHelperGoIMAPClient(t *testing.T) {
	addr := os.Getenv("IMAPSTRESS_HOSTILE_ADDR")
	if addr == "" {
		t.Skip("helper process for TestHostileGoIMAPClient")
	}
	for i := range 20 {
		start := time.Now()
		err := goIMAPSession(addr)
		fmt.Printf("session %d: %v after %v\n", i+1, err, time.Since(start).Round(time.Millisecond))
	}
}

// TestHostileGoIMAPClient drives go-imap v2's client against the hostile
// server, 20 sessions in a child process, and reports what it does: the
// error each session ended with, and a panic or a hang if there is one.
// The test checks the hostile server's side: every connection recorded,
// attacks made.
func TestHostileGoIMAPClient(t *testing.T) {
	out := t.TempDir()
	h, err := ListenHostile("127.0.0.1:0", HostileConfig{Seed: 3, Out: out, Silence: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperGoIMAPClient$", "-test.v")
	cmd.Env = append(os.Environ(), "IMAPSTRESS_HOSTILE_ADDR="+h.Addr())
	output, runErr := cmd.CombinedOutput()
	h.Close()
	report := string(output)
	switch {
	case ctx.Err() != nil:
		t.Logf("FINDING: go-imap v2's client hung (killed after 90s)")
	case strings.Contains(report, "panic:"):
		t.Logf("FINDING: go-imap v2's client panicked")
	case runErr != nil:
		t.Logf("go-imap client process: %v", runErr)
	}
	t.Logf("go-imap v2 client against the hostile server:\n%s", clipString(report, 6000))
	s := h.Stats()
	t.Logf("hostile server: %+v", s)
	if s.Conns == 0 {
		t.Fatal("the hostile server saw no connection")
	}
	files, _ := filepath.Glob(filepath.Join(out, "conn-*.txt"))
	if int64(len(files)) != s.Conns {
		t.Errorf("%d connections but %d session files", s.Conns, len(files))
	}
	if s.Attacks["honest"] == s.sum() {
		t.Errorf("no attack made: %v", s.Attacks)
	}
}

func (s HostileStats) sum() int64 {
	var n int64
	for _, v := range s.Attacks {
		n += v
	}
	return n
}

func clipString(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// TestHostileLoadRun runs our own load generator against the hostile
// server: it must end on time without a panic, with memory bounded, and
// count the bad responses as errors.
func TestHostileLoadRun(t *testing.T) {
	h, err := ListenHostile("127.0.0.1:0", HostileConfig{Seed: 5, Silence: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	rep, err := load.Run(context.Background(), load.Config{Addr: h.Addr(), User: "u%d", Pass: "p", Sessions: 4,
		Duration: 2 * time.Second, Timeout: time.Second, Fill: -1, Pipeline: 2, MaxResponse: 8 << 20})
	close(done)
	if err != nil {
		t.Fatalf("load against the hostile server: %v", err)
	}
	t.Logf("load errors: %v; hostile server: %+v; peak heap %d MiB", rep.Errors, h.Stats(), peak.Load()>>20)
	var errs int64
	for _, n := range rep.Errors {
		errs += n
	}
	if errs == 0 {
		t.Errorf("no error counted against a hostile server: %v", rep.Errors)
	}
	if p := peak.Load(); p > 512<<20 {
		t.Errorf("peak heap %d MiB, want bounded (under 512 MiB)", p>>20)
	}
}

// TestHostileConn runs load.Conn (the session machinery the fuzzer uses)
// against the hostile server: every bad response is an error value, never
// a panic, and each session ends within its deadline.
func TestHostileConn(t *testing.T) {
	h, err := ListenHostile("127.0.0.1:0", HostileConfig{Seed: 9, Silence: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var protocol, other, ok int
	for range 30 {
		c, err := load.Dial(context.Background(), load.DialConfig{Addr: h.Addr(), User: "u", Pass: "p",
			Mailbox: "INBOX", Timeout: time.Second, MaxResponse: 1 << 20})
		if err != nil {
			other++
			continue
		}
		for j, cmd := range []string{"FETCH 1:3 (UID FLAGS BODY[])", "SEARCH ALL", "NOOP", "LIST \"\" *", "STATUS INBOX (MESSAGES)"} {
			tag := fmt.Sprintf("T%d", j)
			_, _, err := c.Exec(tag, []byte(tag+" "+cmd+"\r\n"), time.Now().Add(time.Second), nil)
			var pe *load.ProtocolError
			switch {
			case errors.As(err, &pe):
				protocol++
			case err != nil:
				other++
			default:
				ok++
			}
			if err != nil {
				break
			}
		}
		c.Close()
	}
	t.Logf("load.Conn against the hostile server: %d ok, %d protocol errors, %d other errors", ok, protocol, other)
	if protocol == 0 {
		t.Errorf("no protocol error counted in 30 hostile sessions")
	}
}
