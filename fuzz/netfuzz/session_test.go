package netfuzz

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/fuzz/netfuzz/internal/defective"
	"github.com/imapstress/imapstress/parser"
)

// TestSessionReuse: a run keeps connections between inputs, and a run with
// SessionInputs 1 makes one connection per input.
func TestSessionReuse(t *testing.T) {
	const execs = 300
	tests := []struct {
		sessionInputs      int
		minConns, maxConns int
	}{
		// one per input, one for the login check before the run, and a
		// few liveness probes after findings (none expected here)
		{1, execs + 1, execs + 10},
		// one per state and worker to start with, then one after each
		// input that ended its connection (LOGOUT, a state change, an
		// unfinished literal): well under the inputs
		{100, 2, 2 * execs / 3},
	}
	for _, tt := range tests {
		srv, err := defective.Start("127.0.0.1:0", defective.Options{})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := Run(context.Background(), Config{Addr: srv.Addr(), Workers: 2, MaxExecs: execs, Duration: time.Minute,
			Deadline: time.Second, Seed: 3, Minimize: -1, SessionInputs: tt.sessionInputs})
		conns := srv.Conns()
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("SessionInputs %d: %d connections for %d inputs", tt.sessionInputs, conns, sum.Execs)
		if sum.Execs != execs {
			t.Errorf("SessionInputs %d: ran %d inputs, want %d", tt.sessionInputs, sum.Execs, execs)
		}
		if sum.Found() {
			t.Errorf("SessionInputs %d: findings on a server without defects: %v", tt.sessionInputs, sum.sortedKeys())
		}
		if conns < tt.minConns || conns > tt.maxConns {
			t.Errorf("SessionInputs %d: %d connections for %d inputs, want %d to %d", tt.sessionInputs, conns, execs, tt.minConns, tt.maxConns)
		}
	}
}

// TestFindingNeedsEarlierInput: the Sequence defect (FETCH after ENABLE on
// one connection) found on a reused connection is not reproduced by its
// input alone, so it is replayed after the input before it, minimised to
// the two commands, saved, and replays from the file.
func TestFindingNeedsEarlierInput(t *testing.T) {
	srv, err := defective.Start("127.0.0.1:0", defective.Options{Sequence: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	f := &fuzzer{cfg: Config{Addr: srv.Addr(), Deadline: time.Second, Out: t.TempDir(), Minimize: 50}, seen: map[string]bool{}}
	if err := f.cfg.defaults(false); err != nil {
		t.Fatal(err)
	}
	f.x = executor{cfg: &f.cfg, p: parser.NewParser(parser.Options{})}
	s, err := f.x.open(ctx, Selected)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	first := Input{State: Selected, Writes: []Write{{Data: []byte("F1 NOOP\r\n")}, {Data: []byte("F2 ENABLE CONDSTORE\r\n")}}}
	if fd, keep := f.x.exec(s, first); fd != nil || !keep {
		t.Fatalf("first input: finding %v, keep %v; want none, and the connection kept", fd, keep)
	}
	second := Input{State: Selected, Writes: []Write{{Data: []byte("F1 FETCH 1 FLAGS\r\n")}}}
	fd, keep := f.x.exec(s, second)
	if fd == nil || fd.Class != ClassCrash || keep {
		t.Fatalf("second input: finding %v, keep %v; want a crash, and the connection dropped", fd, keep)
	}
	if fd.priorRuns != 1 || len(fd.prior) != 1 {
		t.Fatalf("finding made after %d inputs with %d remembered, want 1 and 1", fd.priorRuns, len(fd.prior))
	}
	if g, err := f.x.run(ctx, second); err != nil || g != nil {
		t.Fatalf("the second input alone on a new connection: %v, %v; want no finding", g, err)
	}
	f.found(ctx, fd)
	if len(f.sum.Findings) != 1 {
		t.Fatalf("%d findings recorded, want 1", len(f.sum.Findings))
	}
	got := f.sum.Findings[0]
	var writes []string
	for _, w := range got.Input.Writes {
		writes = append(writes, string(w.Data))
	}
	n := len(writes)
	if strings.Contains(got.Detail, "not reproduced") || n < 2 || n > 3 ||
		!strings.HasPrefix(writes[n-1], "F1 FETCH") || !strings.Contains(writes[0], "ENABLE") {
		t.Errorf("saved input %q (%s), want ENABLE first, FETCH last, at most 3 writes", writes, got.Detail)
	}
	data, err := os.ReadFile(got.Path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Replay(ctx, Config{Addr: srv.Addr(), Deadline: time.Second}, data)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Reproduced() {
		t.Errorf("replay of %s: %s", got.Path, r)
	}
}

func TestProbeTagFor(t *testing.T) {
	tests := []struct {
		tags []string
		want string
	}{
		{nil, "ZZ9"},
		{[]string{"F1", "F2"}, "ZZ9"},
		{[]string{"F1", "ZZ9", "F2", "ZZ9"}, "ZZ10"},
		{[]string{"ZZ10", "ZZ9"}, "ZZ11"},
	}
	for _, tt := range tests {
		var cmds []sent
		for _, tag := range tt.tags {
			cmds = append(cmds, sent{tag: tag, name: "NOOP"})
		}
		if got := probeTagFor(cmds); got != tt.want {
			t.Errorf("probeTagFor(%q) = %q, want %q", tt.tags, got, tt.want)
		}
	}
}

func TestIdleOpen(t *testing.T) {
	tests := []struct {
		st     State
		stream string
		want   bool
	}{
		{InIdle, "", true},
		{InIdle, "DONE\r\n", false},
		{InIdle, "done\r\nF1 NOOP\r\n", false},
		{Selected, "F1 NOOP\r\n", false},
		{Selected, "F1 IDLE\r\n", true},
		{Selected, "F1 IDLE\r\nDONE\r\nF2 IDLE\r\n", true},        // the second IDLE is open
		{InIdle, "DONE\r\nZZ9 NOOP\r\nA4 IDLE\r\nF1 X\r\n", true}, // an earlier input's exchange, opened again
		{Selected, "F1 IDLE\r\nDONE\r\n", false},
	}
	for _, tt := range tests {
		if got := idleOpen(tt.st, []byte(tt.stream)); got != tt.want {
			t.Errorf("idleOpen(%s, %q) = %v, want %v", tt.st, tt.stream, got, tt.want)
		}
	}
}

// TestTracerWindow: the tracer finds a rejected response by its stream
// offset across executions on one connection, and not once dropped.
func TestTracerWindow(t *testing.T) {
	tr := newTracer()
	tr.trace(true, []byte("* OK hi\r\nA1 OK done\r\n"))
	if got := string(tr.serverFrom(9)); got != "A1 OK done\r\n" {
		t.Errorf("serverFrom(9) = %q", got)
	}
	tr.begin(21) // the next execution: everything so far was parsed
	tr.trace(true, []byte("* 1 FETCH (\r\n"))
	if got := string(tr.serverFrom(21)); got != "* 1 FETCH (\r\n" {
		t.Errorf("after begin, serverFrom(21) = %q", got)
	}
	if got := tr.serverFrom(9); got != nil {
		t.Errorf("serverFrom(9) after it was dropped = %q, want nil", got)
	}
	if got := string(tr.bytes()); got != "S: * 1 FETCH (\r\n" {
		t.Errorf("transcript of the second execution = %q", got)
	}
}

// TestCorpusFindingsRead: the network fuzzer's findings kept in
// corpus/crashers (named *-netfuzz.txt) stay replayable finding files.
func TestCorpusFindingsRead(t *testing.T) {
	n := 0
	for _, s := range corpus.Seeds(corpus.Crashers) {
		if !strings.HasSuffix(s.Path, "-netfuzz.txt") {
			continue
		}
		n++
		f, err := UnmarshalFinding(s.Data)
		if err != nil {
			t.Errorf("%s: %v", s.Path, err)
			continue
		}
		if f.Class == ClassNone || f.Location == "" || len(f.Input.Writes) == 0 {
			t.Errorf("%s: class %s, location %q, %d writes; want a finding with its input", s.Path, f.Class, f.Location, len(f.Input.Writes))
		}
	}
	if n == 0 {
		t.Error("no *-netfuzz.txt findings in corpus/crashers")
	}
}
