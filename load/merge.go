package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// CopyStats is one copy's line in a merged report: its own rate beside the
// total, so that a copy that could not keep up (a lagging generator, not a
// slow server) shows.
type CopyStats struct {
	// Name is the copy's file name without extension ("copy-1" for
	// copy-1.hdr and copy-1.json).
	Name string `json:"name"`
	// Shard is the copy's --shard, from its JSON ("" without one).
	Shard string `json:"shard,omitempty"`
	// Duration is the copy's measured run, seconds: from its JSON, else
	// the span of its interval log.
	Duration float64 `json:"duration_s"`
	// Count is the commands completed with a response time measured,
	// Errors those that failed (BAD, timeout, BYE, connection, protocol).
	Count  int64 `json:"count"`
	Errors int64 `json:"errors"`
	// Rate is Count over Duration.
	Rate float64 `json:"rate_per_s"`
	// LagP99 is the p99 of the copy's schedule lag (open model),
	// microseconds: a generator falling behind its schedule.
	LagP99 float64 `json:"schedule_lag_p99_us,omitempty"`
	// Sessions and StartLate are from the copy's JSON.
	Sessions  SessionStats `json:"sessions"`
	StartLate float64      `json:"start_late_s,omitempty"`
}

// copyJSON is the part of a --json report that Merge reads.
type copyJSON struct {
	Config struct {
		Shard string `json:"shard"`
	} `json:"config"`
	Duration  float64          `json:"duration_s"`
	Sessions  SessionStats     `json:"sessions"`
	Errors    map[string]int64 `json:"errors"`
	StartLate float64          `json:"start_late_s"`
}

// Merge combines the results of copies of one run (see Shard) into one
// report. paths are interval logs (load --hdr-log) and JSON reports (load
// --json), or folders, whose files are all read (not recursively); a file
// starting with "{" is taken as JSON, one starting with "#[" (the
// header HdrHistogram writes) as an interval log, and in a folder any other
// file is skipped. Files are paired by name without
// extension: copy-1.hdr and copy-1.json are one copy.
//
// Latencies and counts per command come from the merged histograms of the
// interval logs, never from per-copy percentiles, which cannot be combined:
// so every copy needs its interval log, and a JSON without one is an error.
// The JSONs add what a log does not hold: sessions, connection errors, the
// shard and the start delay. The duration is the span of all intervals,
// so the total rate is the copies' combined rate. Report.Copies lists each
// copy with its own rate.
func Merge(paths ...string) (*Report, error) {
	type copyFiles struct{ log, js string }
	byName := map[string]*copyFiles{}
	var names []string
	add := func(path string, fromDir bool) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		t := bytes.TrimSpace(data)
		isJSON := len(t) > 0 && t[0] == '{'
		if !isJSON && !isIntervalLog(t) {
			if fromDir {
				return nil // not ours: skip
			}
			return fmt.Errorf("merge: %s is neither an interval log nor a JSON report", path)
		}
		stem := strings.TrimSuffix(path, filepath.Ext(path))
		cf := byName[stem]
		if cf == nil {
			cf = &copyFiles{}
			byName[stem] = cf
			names = append(names, stem)
		}
		slot := &cf.log
		if isJSON {
			slot = &cf.js
		}
		if *slot != "" {
			return fmt.Errorf("%s and %s: two files for copy %s", *slot, path, filepath.Base(stem))
		}
		*slot = path
		return nil
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			if err := add(p, false); err != nil {
				return nil, err
			}
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if e.Type().IsRegular() {
				if err := add(filepath.Join(p, e.Name()), true); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("merge: no files in %s", strings.Join(paths, " "))
	}
	sort.Strings(names)
	var logs []string
	for _, n := range names {
		cf := byName[n]
		if cf.log == "" {
			return nil, fmt.Errorf("merge: %s has no interval log beside it (%s.hdr, written by --hdr-log): percentiles can only be merged from histograms", cf.js, n)
		}
		logs = append(logs, cf.log)
	}
	merged, err := ReadLogs(logs...)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		cf := byName[n]
		one, err := ReadLogs(cf.log)
		if err != nil {
			return nil, err
		}
		t := one.Total
		cs := CopyStats{Name: filepath.Base(n), Duration: one.Duration, Count: t.Count,
			Errors: t.Bad + t.Timeout + t.Bye + t.Conn + t.Protocol}
		if one.Lag != nil {
			cs.LagP99 = one.Lag.P99
		}
		if cf.js != "" {
			data, err := os.ReadFile(cf.js)
			if err != nil {
				return nil, err
			}
			var cj copyJSON
			if err := json.Unmarshal(data, &cj); err != nil {
				return nil, fmt.Errorf("merge: %s: %w", cf.js, err)
			}
			cs.Shard, cs.Sessions, cs.StartLate = cj.Config.Shard, cj.Sessions, cj.StartLate
			if cj.Duration > 0 {
				cs.Duration = cj.Duration
			}
			s := &merged.Sessions
			s.Target += cj.Sessions.Target
			s.Established += cj.Sessions.Established
			s.Failed += cj.Sessions.Failed
			s.Reconnects += cj.Sessions.Reconnects
			for k, v := range cj.Errors {
				merged.Errors[k] += v
			}
		}
		if cs.Duration > 0 {
			cs.Rate = float64(cs.Count) / cs.Duration
		}
		merged.Copies = append(merged.Copies, cs)
	}
	return merged, nil
}

// writeCopies adds the per-copy lines to the table of a merged report.
func (r *Report) writeCopies(b *strings.Builder) {
	if len(r.Copies) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%d copies (figures above are from their merged histograms):\n", len(r.Copies))
	fmt.Fprintf(b, "%-16s %6s %9s %9s %6s %9s %9s %9s %7s\n",
		"copy", "shard", "duration", "count", "errors", "rate/s", "lag p99", "sessions", "late")
	var sum float64
	for _, c := range r.Copies {
		late := "-"
		if c.StartLate > 0 {
			late = fmt.Sprintf("%.2fs", c.StartLate)
		}
		fmt.Fprintf(b, "%-16s %6s %8.1fs %9d %6d %9.1f %9s %9d %7s\n", c.Name, c.Shard, c.Duration,
			c.Count, c.Errors, c.Rate, fmtUS(c.LagP99), c.Sessions.Established, late)
		sum += c.Rate
	}
	fmt.Fprintf(b, "%-16s %6s %9s %9s %6s %9.1f   (sum of the copies' rates; total rate above: %.1f)\n",
		"all", "", "", "", "", sum, r.Total.Rate)
}

// isIntervalLog reports whether data starts like an HdrHistogram interval
// log: its header comments ("#[Logged with ...]", "#[StartTime: ...]").
func isIntervalLog(data []byte) bool {
	return bytes.HasPrefix(data, []byte("#["))
}
