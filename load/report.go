package load

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Stats summarises one command (or all of them) for the report. Latencies
// are response times in microseconds.
type Stats struct {
	Count    int64   `json:"count"`
	OK       int64   `json:"ok"`
	No       int64   `json:"no"`
	Bad      int64   `json:"bad"`
	Timeout  int64   `json:"timeout"`
	Bye      int64   `json:"bye"`
	Conn     int64   `json:"conn"`
	Protocol int64   `json:"protocol"`
	Rate     float64 `json:"rate_per_s"`
	P50      float64 `json:"p50_us"`
	P90      float64 `json:"p90_us"`
	P99      float64 `json:"p99_us"`
	P999     float64 `json:"p999_us"`
	Max      float64 `json:"max_us"`
	// Service-time percentiles (open model only), microseconds.
	ServiceP50 float64 `json:"service_p50_us,omitempty"`
	ServiceP99 float64 `json:"service_p99_us,omitempty"`
}

// SessionStats counts sessions.
type SessionStats struct {
	Target      int `json:"target"`
	Established int `json:"established"`
	Failed      int `json:"failed"`
	// Reconnects counts sessions reopened after a failure.
	Reconnects int `json:"reconnects"`
}

// Report is the outcome of a run (or of merged interval logs): what the
// percentile table, --json, --hgrm and --plot show.
type Report struct {
	Config   any               `json:"config,omitempty"`
	Duration float64           `json:"duration_s"`
	Sessions SessionStats      `json:"sessions"`
	Total    Stats             `json:"total"`
	Commands map[string]*Stats `json:"commands"`
	Errors   map[string]int64  `json:"errors"`
	Lag      *Stats            `json:"schedule_lag,omitempty"`
	Prepare  *PrepareStats     `json:"prepare,omitempty"`
	// Generator is what the run cost imapstress itself.
	Generator *GeneratorStats `json:"generator,omitempty"`
	// StartLate is how many seconds after Config.StartAt the measured run
	// began, when preparation took longer than the wait.
	StartLate float64 `json:"start_late_s,omitempty"`
	// Copies lists the copies of a merged sharded run (see Merge).
	Copies []CopyStats `json:"copies,omitempty"`
	hists  map[string]*hdr.Histogram
	order  []string
}

// GeneratorStats is the generator's own cost during the measured run: CPU
// time from getrusage, and resident memory from /proc/self/statm measured
// at the end of the run, while every session is still open, after a forced
// garbage collection has returned free memory to the system.
type GeneratorStats struct {
	CPUUser       float64 `json:"cpu_user_s"`
	CPUSys        float64 `json:"cpu_sys_s"`
	CPUPerCommand float64 `json:"cpu_ns_per_command"`
	RSSBytes      int64   `json:"rss_bytes"`
	BaseRSSBytes  int64   `json:"base_rss_bytes"`
	RSSPerSession int64   `json:"rss_per_session_bytes"`
	SessionsAtRSS int     `json:"sessions_at_rss"`
}

// PrepareStats describes the preparation phase (connect, log in, --fill),
// which is reported apart from the measured run.
type PrepareStats struct {
	Duration float64           `json:"duration_s"`
	Commands map[string]*Stats `json:"commands"`
	// Opened is the number of sessions that connected, logged in and
	// selected on their first attempt; OpenSeconds is when the last of
	// them was done, from the start of the run (before --fill), and
	// OpenRate the one over the other: the connection opening rate.
	Opened      int     `json:"opened"`
	OpenSeconds float64 `json:"open_s"`
	OpenRate    float64 `json:"open_rate_per_s"`
	// CPUPerSession is the generator's CPU time (user and system) in the
	// preparation, over the sessions: what opening one costs it, in
	// microseconds, whatever else the machine is doing.
	CPUPerSession float64 `json:"cpu_us_per_session"`
}

// Histogram returns the response-time histogram (nanoseconds) of the named
// command, or nil.
func (r *Report) Histogram(name string) *hdr.Histogram { return r.hists[name] }

// Names lists the commands in the report in table order.
func (r *Report) Names() []string { return r.order }

func us(ns int64) float64 { return float64(ns) / 1e3 }

func fillLatency(st *Stats, h *hdr.Histogram) {
	if h == nil || h.TotalCount() == 0 {
		return
	}
	st.P50 = us(h.ValueAtQuantile(50))
	st.P90 = us(h.ValueAtQuantile(90))
	st.P99 = us(h.ValueAtQuantile(99))
	st.P999 = us(h.ValueAtQuantile(99.9))
	st.Max = us(h.Max())
}

// newReport builds a report from a snapshot covering d.
func newReport(s *Snapshot, d time.Duration) *Report {
	r := &Report{
		Duration: d.Seconds(),
		Commands: map[string]*Stats{},
		Errors:   map[string]int64{},
		hists:    map[string]*hdr.Histogram{},
	}
	all := newHist()
	for c := range numCmds {
		st := &Stats{
			OK: s.Count(c, OutcomeOK), No: s.Count(c, OutcomeNo), Bad: s.Count(c, OutcomeBad),
			Timeout: s.Count(c, OutcomeTimeout), Bye: s.Count(c, OutcomeBye),
			Conn: s.Count(c, OutcomeConn), Protocol: s.Count(c, OutcomeProtocol),
		}
		h := s.Response(c)
		if h != nil {
			st.Count = h.TotalCount()
			all.Merge(h)
		}
		if st.Count == 0 && st.Bye+st.Conn+st.Protocol == 0 {
			continue
		}
		fillLatency(st, h)
		if sv := s.Service(c); sv != nil {
			st.ServiceP50 = us(sv.ValueAtQuantile(50))
			st.ServiceP99 = us(sv.ValueAtQuantile(99))
		}
		if d > 0 {
			st.Rate = float64(st.Count) / d.Seconds()
		}
		name := c.String()
		r.Commands[name] = st
		r.order = append(r.order, name)
		if h != nil {
			r.hists[name] = h
		}
		r.Total.OK += st.OK
		r.Total.No += st.No
		r.Total.Bad += st.Bad
		r.Total.Timeout += st.Timeout
		r.Total.Bye += st.Bye
		r.Total.Conn += st.Conn
		r.Total.Protocol += st.Protocol
	}
	r.Total.Count = all.TotalCount()
	fillLatency(&r.Total, all)
	if d > 0 {
		r.Total.Rate = float64(r.Total.Count) / d.Seconds()
	}
	if lag := s.Lag(); lag != nil {
		r.Lag = &Stats{Count: lag.TotalCount()}
		fillLatency(r.Lag, lag)
	}
	return r
}

// ErrorRate is the share of commands that did not end OK or NO: BAD,
// timeouts, BYE, connection failures and protocol violations over all.
func (r *Report) ErrorRate() float64 {
	t := r.Total
	all := t.Count + t.Bye + t.Conn + t.Protocol
	if all == 0 {
		return 0
	}
	return float64(t.Bad+t.Timeout+t.Bye+t.Conn+t.Protocol) / float64(all)
}

// WriteTable prints the percentile table: one row per command, then the
// total, in the units a reader scans fastest (us, ms or s per cell).
func (r *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	if r.Prepare != nil {
		fmt.Fprintf(&b, "preparation (%.1fs, not in the figures below):", r.Prepare.Duration)
		for _, name := range sortedKeys(r.Prepare.Commands) {
			st := r.Prepare.Commands[name]
			fmt.Fprintf(&b, " %s %d (p99 %s)", name, st.Count, fmtUS(st.P99))
		}
		if p := r.Prepare; p.Opened > 0 {
			fmt.Fprintf(&b, "\nopened %d sessions (connect, login, select) in %.2fs: %.0f/s; generator cpu %.0f us per session",
				p.Opened, p.OpenSeconds, p.OpenRate, p.CPUPerSession)
		}
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "%-12s %9s %9s %6s %6s %6s %9s %9s %9s %9s %9s %9s\n",
		"command", "count", "ok", "no", "bad", "errors", "rate/s", "p50", "p90", "p99", "p99.9", "max")
	row := func(name string, st *Stats) {
		fmt.Fprintf(&b, "%-12s %9d %9d %6d %6d %6d %9.1f %9s %9s %9s %9s %9s\n", name, st.Count, st.OK, st.No,
			st.Bad, st.Timeout+st.Bye+st.Conn+st.Protocol, st.Rate,
			fmtUS(st.P50), fmtUS(st.P90), fmtUS(st.P99), fmtUS(st.P999), fmtUS(st.Max))
	}
	for _, name := range r.order {
		row(name, r.Commands[name])
	}
	row("total", &r.Total)
	if r.Lag != nil {
		fmt.Fprintf(&b, "schedule lag (actual minus intended send): p50 %s  p99 %s  max %s\n",
			fmtUS(r.Lag.P50), fmtUS(r.Lag.P99), fmtUS(r.Lag.Max))
	}
	if r.Sessions.Target > 0 {
		fmt.Fprintf(&b, "sessions: %d target, %d established, %d failed, %d reconnects; duration %.1fs\n",
			r.Sessions.Target, r.Sessions.Established, r.Sessions.Failed, r.Sessions.Reconnects, r.Duration)
	}
	if g := r.Generator; g != nil && g.CPUUser+g.CPUSys > 0 {
		fmt.Fprintf(&b, "generator: cpu %.2fs user %.2fs sys, %.0f ns/command", g.CPUUser, g.CPUSys, g.CPUPerCommand)
		if g.RSSBytes > 0 {
			fmt.Fprintf(&b, "; rss %.1f MiB, %.1f KiB per session over the %.1f MiB base",
				float64(g.RSSBytes)/(1<<20), float64(g.RSSPerSession)/1024, float64(g.BaseRSSBytes)/(1<<20))
		}
		b.WriteString("\n")
	}
	if len(r.Errors) > 0 {
		b.WriteString("errors:")
		for _, k := range sortedKeys(r.Errors) {
			fmt.Fprintf(&b, " %s=%d", k, r.Errors[k])
		}
		b.WriteString("\n")
	}
	r.writeCopies(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// fmtUS formats microseconds with a unit that keeps three or four digits.
func fmtUS(v float64) string {
	switch {
	case v == 0:
		return "-"
	case v < 1000:
		return fmt.Sprintf("%.0fus", v)
	case v < 1e6:
		return fmt.Sprintf("%.2fms", v/1e3)
	default:
		return fmt.Sprintf("%.2fs", v/1e6)
	}
}

// WriteJSON writes the report as one JSON object in DESIGN.md's schema.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteHgrm writes one percentile-distribution file per command into dir
// (created if missing), named COMMAND.hgrm, in the format HdrHistogram's
// plotter reads (values in milliseconds).
func (r *Report) WriteHgrm(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range r.order {
		h := r.hists[name]
		if h == nil {
			continue
		}
		f, err := os.Create(filepath.Join(dir, name+".hgrm"))
		if err != nil {
			return err
		}
		_, err = h.PercentilesPrint(f, 5, 1e6)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("hgrm %s: %w", name, err)
		}
	}
	return nil
}
