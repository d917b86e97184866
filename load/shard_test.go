package load_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/internal/target"
	"github.com/imapstress/imapstress/load"
	"github.com/imapstress/imapstress/load/record"
	"github.com/imapstress/imapstress/parser"
)

// shardMix avoids FETCH: go-imap's server writes address lists with a SP
// between the addresses, which our strict parser refuses, and a refused
// response ends the session.
const shardMix = "noop=4,uid-search=3,search=1,status=2,uid-store=2,store=1,list=1"

// TestShardedRun is issue 7's proof: three copies with --shard 1/3..3/3 and
// a common start time against one target, through a recording proxy that
// shows who logged in. The merged report's counts are the sums of the
// three JSON reports, the thresholds are evaluated on the merged
// histograms, and no user is logged in by two copies.
func TestShardedRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three load copies for 3 seconds")
	}
	const sessions, copies = 24, 3
	srv, err := target.Start(target.Options{Users: sessions, Messages: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	recDir, dir := t.TempDir(), t.TempDir()
	proxy, err := record.New(record.Options{Upstream: srv.Addr(), Dir: recDir})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pctx, stopProxy := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- proxy.Serve(pctx, ln) }()

	startAt := time.Now().Add(1500 * time.Millisecond)
	reps := make([]*load.Report, copies)
	errs := make([]error, copies)
	var wg sync.WaitGroup
	for i := range copies {
		cfg := load.Config{
			Addr: ln.Addr().String(), Sessions: sessions, Rate: 240, Duration: 3 * time.Second,
			Pipeline: 2, Mix: mustMix(t, shardMix), Fill: -1, Timeout: 5 * time.Second, StartAt: startAt,
		}
		if err := (load.Shard{I: i + 1, N: copies}).Apply(&cfg); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("copy-%d.hdr", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cfg.HdrLog = f
		wg.Add(1)
		go func() {
			defer wg.Done()
			reps[i], errs[i] = load.Run(context.Background(), cfg)
		}()
	}
	wg.Wait()
	stopProxy()
	if err := <-served; err != nil {
		t.Fatal(err)
	}

	var sumCount, sumOK int64
	perCmd := map[string]int64{}
	for i, rep := range reps {
		if errs[i] != nil || rep == nil {
			t.Fatalf("copy %d: %v", i+1, errs[i])
		}
		if rep.Sessions.Established != sessions/copies || rep.Sessions.Failed != 0 || rep.Sessions.Reconnects != 0 {
			t.Errorf("copy %d: sessions %+v", i+1, rep.Sessions)
		}
		if len(rep.Errors) != 0 || rep.ErrorRate() != 0 {
			t.Errorf("copy %d: errors %v, error rate %v", i+1, rep.Errors, rep.ErrorRate())
		}
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("copy-%d.json", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteJSON(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		// Sum what the JSON files say, as a user would.
		data, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		var js struct {
			Total    struct{ Count, OK int64 }
			Commands map[string]struct{ Count int64 }
		}
		if err := json.Unmarshal(data, &js); err != nil {
			t.Fatal(err)
		}
		sumCount += js.Total.Count
		sumOK += js.Total.OK
		for name, st := range js.Commands {
			perCmd[name] += st.Count
		}
	}

	merged, err := load.Merge(dir)
	if err != nil {
		t.Fatal(err)
	}
	if merged.Total.Count != sumCount || merged.Total.OK != sumOK || sumCount < sessions {
		t.Errorf("merged total %d (ok %d), sum of the JSONs %d (ok %d)", merged.Total.Count, merged.Total.OK, sumCount, sumOK)
	}
	for name, n := range perCmd {
		if st := merged.Commands[name]; st == nil || st.Count != n {
			t.Errorf("%s: merged %v, sum of the JSONs %d", name, st, n)
		}
	}
	if merged.Sessions.Established != sessions || len(merged.Copies) != copies {
		t.Errorf("merged sessions %+v, %d copies", merged.Sessions, len(merged.Copies))
	}
	for i, c := range merged.Copies {
		if want := fmt.Sprintf("%d/%d", i+1, copies); c.Shard != want || c.Count != reps[i].Total.Count {
			t.Errorf("copy line %d: %+v, want shard %s count %d", i, c, want, reps[i].Total.Count)
		}
	}
	// The thresholds see the merged histogram: the same as merging the
	// copies' own histograms in memory, and a bound just under its p99
	// breaches while one at it passes.
	own := hdr.Import(reps[0].Histogram("NOOP").Export())
	for _, rep := range reps[1:] {
		own.Merge(rep.Histogram("NOOP"))
	}
	if m := merged.Histogram("NOOP"); m.TotalCount() != own.TotalCount() || m.ValueAtQuantile(99) != own.ValueAtQuantile(99) || m.Max() != own.Max() {
		t.Errorf("merged NOOP histogram: %d commands, p99 %d, max %d; the copies' merged in memory: %d, %d, %d",
			m.TotalCount(), m.ValueAtQuantile(99), m.Max(), own.TotalCount(), own.ValueAtQuantile(99), own.Max())
	}
	us := merged.Commands["NOOP"].P99
	for _, tc := range []struct {
		expr   string
		breach bool
	}{
		{fmt.Sprintf("NOOP.p99<=%.0fus", math.Ceil(us)), false},
		{fmt.Sprintf("NOOP.p99<%.0fus", math.Floor(us)), true},
		{"errors<1%", false},
		{fmt.Sprintf("count>=%d", sumCount), false},
		{fmt.Sprintf("count>%d", sumCount), true},
	} {
		ts, err := load.ParseThresholds(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(load.CheckThresholds(merged, ts)) > 0; got != tc.breach {
			t.Errorf("threshold %s on the merged report: breach %v, want %v", tc.expr, got, tc.breach)
		}
	}

	// Who logged in: the recorded LOGIN commands, by tag prefix (copy).
	byCopy := loginsByTagPrefix(t, recDir)
	seen := map[string]string{}
	for prefix, users := range byCopy {
		for u := range users {
			if other, dup := seen[u]; dup {
				t.Errorf("user %s logged in by copies %s and %s", u, other, prefix)
			}
			seen[u] = prefix
		}
	}
	if len(byCopy) != copies || len(seen) != sessions {
		t.Errorf("logins: %d copies, %d distinct users; want %d and %d (%v)", len(byCopy), len(seen), copies, sessions, byCopy)
	}
	for i, prefix := range []string{"A", "B", "C"} {
		for n := i*sessions/copies + 1; n <= (i+1)*sessions/copies; n++ {
			if !byCopy[prefix][fmt.Sprintf("user%d", n)] {
				t.Errorf("copy %s did not log in as user%d", prefix, n)
			}
		}
	}
}

// loginsByTagPrefix reads the recorded sessions and returns, for each tag
// prefix, the set of users that LOGIN commands with that prefix named.
func loginsByTagPrefix(t *testing.T, dir string) map[string]map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recordings in %s: %v", dir, err)
	}
	p := parser.NewParser(parser.Options{})
	out := map[string]map[string]bool{}
	var cmd parser.Command
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := corpus.ReadSession(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range s.Records {
			if r.From != corpus.Client || p.ParseCommand(r.Data, &cmd) != nil || cmd.Kind != parser.CmdLogin {
				continue
			}
			prefix := strings.TrimRight(string(cmd.Tag), "0123456789")
			if out[prefix] == nil {
				out[prefix] = map[string]bool{}
			}
			out[prefix][string(cmd.User.AppendString(nil))] = true
		}
	}
	return out
}

func mustMix(t *testing.T, s string) []load.MixEntry {
	t.Helper()
	m, err := load.ParseMix(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
