package load_test

import (
	"context"
	"maps"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/imapstress/imapstress/internal/target"
	"github.com/imapstress/imapstress/load"
	"github.com/imapstress/imapstress/load/record"
)

// TestRecordThenReplay is issue 7's second proof: go-imap v2's client
// against the embedded target through the recording proxy, then the
// recording replayed by the engine, which must send the same command mix
// (and have every command succeed on the target).
func TestRecordThenReplay(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 3, Messages: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	done := make(chan record.Summary, 1)
	proxy, err := record.New(record.Options{Upstream: srv.Addr(), Dir: dir, OnSession: func(s record.Summary) { done <- s }})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- proxy.Serve(ctx, ln) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()

	c, err := imapclient.DialInsecure(ln.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Login("user1", target.Password).Wait())
	_, err = c.Select("INBOX", nil).Wait()
	must(err)
	// No ENVELOPE: go-imap's server writes address lists our strict
	// parser refuses (a SP between addresses).
	_, err = c.Fetch(imap.SeqSetNum(1, 2, 3), &imap.FetchOptions{Flags: true, UID: true}).Collect()
	must(err)
	_, err = c.Fetch(imap.UIDSetNum(2, 4), &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
	must(err)
	_, err = c.UIDSearch(&imap.SearchCriteria{Body: []string{"e"}}, nil).Wait()
	must(err)
	must(c.Store(imap.SeqSetNum(2), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagFlagged}}, nil).Close())
	_, err = c.Status("Sent", &imap.StatusOptions{NumMessages: true}).Wait()
	must(err)
	must(c.Noop().Wait())
	must(c.Logout().Wait())
	c.Close()
	select {
	case s := <-done:
		if s.Err != nil || s.Violations != 0 {
			t.Fatalf("recording: %+v", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the proxy did not finish the recording")
	}

	rp, err := load.LoadReplay(dir, 4, false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"SELECT": 1, "FETCH": 1, "UID_FETCH": 1, "UID_SEARCH": 1, "STORE": 1, "STATUS": 1, "NOOP": 1}
	if !maps.Equal(rp.Commands, want) {
		t.Errorf("replayable commands %v, want %v", rp.Commands, want)
	}
	if rp.Skipped["LOGIN (the engine's own)"] != 1 || rp.Skipped["LOGOUT (the engine's own)"] != 1 || len(rp.Skipped) != 2 {
		t.Errorf("skipped %v, want LOGIN and LOGOUT once each", rp.Skipped)
	}

	cfg := load.Config{Addr: srv.Addr(), Sessions: 2, Duration: 2 * time.Second, Fill: -1, Pipeline: 4, Timeout: 5 * time.Second}
	rp.Apply(&cfg)
	var viol strings.Builder
	cfg.Violations = &viol
	rep, err := load.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if viol.Len() > 0 || len(rep.Errors) > 0 {
		t.Errorf("errors %v, violations:\n%s", rep.Errors, viol.String())
	}
	delete(rep.Commands, "LOGOUT") // the engine's own, at the end
	got := map[string]int{}
	for name, st := range rep.Commands {
		got[name] = int(st.Count)
		if st.OK != st.Count {
			t.Errorf("%s: %d of %d OK", name, st.OK, st.Count)
		}
	}
	// Two sessions, one recording: each replays it once.
	for k := range want {
		want[k] *= 2
	}
	if !maps.Equal(got, want) {
		t.Errorf("replayed mix %v, want %v", got, want)
	}
	for k := range rep.Errors {
		if strings.HasPrefix(k, "replay_skipped") {
			t.Errorf("skipped at run time: %s=%d", k, rep.Errors[k])
		}
	}
}

// TestReplayMapsMessages replays a hand-written recording whose message
// numbers and UIDs are beyond what the target's mailbox holds, with a
// synchronizing literal, and checks every command succeeds.
func TestReplayMapsMessages(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 1, Messages: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	rec := "#@ 0.0\nS: * OK ready\r\n" +
		"#@ 0.1\nC: x1 LOGIN someone {6}\r\nsecret\r\n" +
		"S: x1 OK\r\n" +
		"C: x0 AUTHENTICATE PLAIN\r\nS: + \r\nC: AHNvbWVvbmUAeHh4eA==\r\nS: x0 OK\r\n" +
		"C: x9 IDLE\r\nS: + idling\r\nC: DONE\r\nS: x9 OK\r\n" +
		"#@ 0.2\nC: x2 SELECT INBOX\r\n" +
		"#@ 0.3\nC: x3 FETCH 4000:4010,77,* (FLAGS)\r\n" +
		"#@ 0.4\nC: x4 UID FETCH 90000:* (UID)\r\n" +
		"#@ 0.5\nC: x5 UID STORE 12345 +FLAGS.SILENT (\\Seen)\r\n" +
		"#@ 0.6\nC: x6 APPEND Drafts {5}\r\nhello\r\n" +
		"#@ 0.7\nC: x7 ID NIL\r\n" +
		"#@ 0.8\nC: x8 LOGOUT\r\n"
	if err := os.WriteFile(filepath.Join(dir, "s.txt"), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	rp, err := load.LoadReplay(dir, 10, false)
	if err != nil {
		t.Fatal(err)
	}
	wantSkipped := map[string]int{"ID (not measured)": 1, "LOGIN (the engine's own)": 1,
		"AUTHENTICATE (the engine's own)": 1, "LOGOUT (the engine's own)": 1}
	if !maps.Equal(rp.Skipped, wantSkipped) {
		t.Errorf("skipped %v, want %v (the SASL line and DONE are no commands)", rp.Skipped, wantSkipped)
	}
	cfg := load.Config{Addr: srv.Addr(), Sessions: 1, Duration: 2 * time.Second, Fill: -1, Timeout: 5 * time.Second, IdleTime: 100 * time.Millisecond}
	rp.Apply(&cfg)
	var viol strings.Builder
	cfg.Violations = &viol
	rep, err := load.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if viol.Len() > 0 || len(rep.Errors) > 0 {
		t.Errorf("errors %v, violations:\n%s", rep.Errors, viol.String())
	}
	delete(rep.Commands, "LOGOUT") // the engine's own, at the end
	want := map[string]int64{"IDLE": 1, "SELECT": 1, "FETCH": 1, "UID_FETCH": 1, "UID_STORE": 1, "APPEND": 1}
	for name, n := range want {
		st := rep.Commands[name]
		if st == nil || st.Count != n || st.OK != n {
			t.Errorf("%s: %+v, want %d OK", name, st, n)
		}
	}
	if len(rep.Commands) != len(want) {
		t.Errorf("commands %v", rep.Commands)
	}
}
