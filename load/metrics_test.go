package load

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// record feeds n samples of cmd with response times 1..n ms through shard
// recorders spread over sessions.
func record(m *Metrics, cmd Cmd, o Outcome, n int) {
	for i := 1; i <= n; i++ {
		ms := int64(i) * int64(time.Millisecond)
		m.Recorder(i).Record([]Sample{{Cmd: cmd, Outcome: o, Scheduled: true, Response: ms, Service: ms / 2, Lag: ms / 2}})
	}
}

func TestMetricsIntervalsAndTotal(t *testing.T) {
	m := NewMetrics(3, true)
	record(m, CmdFetch, OutcomeOK, 100)
	record(m, CmdFetch, OutcomeNo, 10)
	record(m, CmdNoop, OutcomeConn, 4) // not measured: counted, no latency
	iv := m.Interval()
	if got := iv.Response(CmdFetch).TotalCount(); got != 110 {
		t.Errorf("interval FETCH count %d, want 110", got)
	}
	if iv.Response(CmdNoop) != nil {
		t.Errorf("connection failures must not enter the histogram")
	}
	if got := iv.Count(CmdNoop, OutcomeConn); got != 4 {
		t.Errorf("NOOP conn count %d, want 4", got)
	}
	record(m, CmdFetch, OutcomeOK, 50)
	record(m, CmdFetch, OutcomeTimeout, 1)
	// A setup command is not on the schedule: service time, no lag.
	m.Recorder(1).Record([]Sample{{Cmd: CmdLogin, Outcome: OutcomeOK, Response: 5e6, Service: 5e6, Lag: 3e6}})
	iv = m.Interval()
	if got := iv.Response(CmdFetch).TotalCount(); got != 51 {
		t.Errorf("second interval FETCH count %d, want 51 (intervals must not accumulate)", got)
	}
	tot := m.Total()
	tests := []struct {
		name      string
		got, want int64
	}{
		{"total FETCH histogram", tot.Response(CmdFetch).TotalCount(), 161},
		{"total FETCH ok", tot.Count(CmdFetch, OutcomeOK), 150},
		{"total FETCH no", tot.Count(CmdFetch, OutcomeNo), 10},
		{"total FETCH timeout", tot.Count(CmdFetch, OutcomeTimeout), 1},
		{"total service", tot.Service(CmdFetch).TotalCount(), 161},
		{"total lag", tot.Lag().TotalCount(), 161},
		{"total LOGIN service", tot.Service(CmdLogin).TotalCount(), 1},
		{"max within 0.1%", tot.Response(CmdFetch).Max() / int64(time.Millisecond), 100},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, tc.got, tc.want)
		}
	}
}

func TestClamp(t *testing.T) {
	m := NewMetrics(1, false)
	m.Recorder(0).Record([]Sample{
		{Cmd: CmdNoop, Response: -5},
		{Cmd: CmdNoop, Response: 0},
		{Cmd: CmdNoop, Response: int64(time.Hour)},
	})
	h := m.Interval().Response(CmdNoop)
	if h.TotalCount() != 3 {
		t.Fatalf("count %d, want 3: out-of-range values must be clamped, not dropped", h.TotalCount())
	}
	if h.Max() < histMax-histMax/1000 || h.Min() > histMin {
		t.Errorf("min %d max %d, want the range ends %d and %d", h.Min(), h.Max(), histMin, histMax)
	}
	if m.Total().Service(CmdNoop) != nil {
		t.Errorf("closed model must not record service time")
	}
}

func TestReportAndLogRoundTrip(t *testing.T) {
	m := NewMetrics(2, false)
	start := time.Unix(1_700_000_000, 0)
	var log bytes.Buffer
	lw, err := NewLogWriter(&log, start)
	if err != nil {
		t.Fatal(err)
	}
	for sec := range 3 {
		record(m, CmdUIDFetch, OutcomeOK, 200)
		record(m, CmdStore, OutcomeBad, 3)
		from := start.Add(time.Duration(sec) * time.Second)
		if err := lw.WriteInterval(m.Interval(), from, from.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	rep := newReport(m.Total(), 3*time.Second)
	dir := t.TempDir()
	path := filepath.Join(dir, "run.hlog")
	if err := os.WriteFile(path, log.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	merged, err := ReadLogs(path, path) // the same log twice: counts double
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"UID_FETCH", "STORE"} {
		a, b := rep.Commands[name], merged.Commands[name]
		if a == nil || b == nil {
			t.Fatalf("%s missing: run %v, merged %v", name, a, b)
		}
		if b.Count != 2*a.Count || b.OK != 2*a.OK || b.Bad != 2*a.Bad {
			t.Errorf("%s: merged count/ok/bad %d/%d/%d, want twice %d/%d/%d", name, b.Count, b.OK, b.Bad, a.Count, a.OK, a.Bad)
		}
		if a.P99 != b.P99 {
			t.Errorf("%s: p99 %v after merging, %v before", name, b.P99, a.P99)
		}
	}
	if merged.Duration != 3 {
		t.Errorf("merged duration %v s, want 3", merged.Duration)
	}
	if rep.Total.Count != 609 || rep.Commands["STORE"].Bad != 9 {
		t.Errorf("total count %d, STORE bad %d; want 609 and 9", rep.Total.Count, rep.Commands["STORE"].Bad)
	}
	var table bytes.Buffer
	rep.WriteTable(&table)
	for _, want := range []string{"UID_FETCH", "STORE", "total", "p99.9"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	if err := rep.WriteHgrm(dir); err != nil {
		t.Fatal(err)
	}
	hgrm, err := os.ReadFile(filepath.Join(dir, "UID_FETCH.hgrm"))
	if err != nil || !bytes.Contains(hgrm, []byte("Total count    =          600")) {
		t.Errorf("hgrm: %v\n%s", err, hgrm)
	}
	png := filepath.Join(dir, "p.png")
	if err := rep.WritePlot(png, "test"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(png); !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("plot is not a PNG")
	}
}

func TestReadLogsErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.hlog")
	os.WriteFile(bad, []byte("#imapstress-counts Tag=NOPE ok=1\n"), 0o644)
	if _, err := ReadLogs(bad); err == nil || !strings.Contains(err.Error(), "bad.hlog:1") {
		t.Errorf("unknown tag: error %v, want one naming the file and line", err)
	}
	if _, err := ReadLogs(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("missing file: no error")
	}
}
