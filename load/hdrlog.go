package load

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// The interval log is HdrHistogram's standard format: one line per command
// per interval, tagged with the command name (Tag=FETCH, Tag=UID_FETCH),
// values in nanoseconds. The open model adds service times tagged
// COMMAND-service and the schedule lag tagged schedule-lag. Outcome counts,
// which a histogram cannot hold, ride along in comment lines that
// HdrHistogram's own tools skip:
//
//	#imapstress-counts Tag=FETCH ok=120 no=0 bad=0 timeout=0 bye=0 conn=0 protocol=0
const countsPrefix = "#imapstress-counts "

const (
	serviceSuffix = "-service"
	lagTag        = "schedule-lag"
)

// LogWriter writes an interval log while a run goes.
type LogWriter struct {
	w     *bufio.Writer
	lw    *hdr.HistogramLogWriter
	start time.Time
}

// NewLogWriter starts an interval log on w for a run that began at start.
func NewLogWriter(w io.Writer, start time.Time) (*LogWriter, error) {
	bw := bufio.NewWriter(w)
	lw := hdr.NewHistogramLogWriter(bw)
	ms := start.UnixMilli()
	lw.SetBaseTime(ms)
	err := errors.Join(
		lw.OutputComment("[Logged with imapstress; values in nanoseconds; one tag per command]"),
		lw.OutputLogFormatVersion(),
		lw.OutputStartTime(ms),
		lw.OutputBaseTime(ms),
		lw.OutputLegend(),
		bw.Flush(),
	)
	if err != nil {
		return nil, err
	}
	return &LogWriter{w: bw, lw: lw, start: start}, nil
}

// WriteInterval logs one interval [from, to) of s and flushes.
func (l *LogWriter) WriteInterval(s *Snapshot, from, to time.Time) error {
	put := func(h *hdr.Histogram, tag string) error {
		if h == nil {
			return nil
		}
		h.SetTag(tag)
		h.SetStartTimeMs(from.UnixMilli())
		h.SetEndTimeMs(to.UnixMilli())
		return l.lw.OutputIntervalHistogram(h)
	}
	for c := range numCmds {
		name := c.String()
		var sum int64
		for o := range numOutcomes {
			sum += s.Count(c, o)
		}
		if sum == 0 {
			continue
		}
		fmt.Fprintf(l.w, "%sTag=%s", countsPrefix, name)
		for o := range numOutcomes {
			fmt.Fprintf(l.w, " %s=%d", o, s.Count(c, o))
		}
		l.w.WriteByte('\n')
		if err := errors.Join(put(s.Response(c), name), put(s.Service(c), name+serviceSuffix)); err != nil {
			return err
		}
	}
	if err := put(s.Lag(), lagTag); err != nil {
		return err
	}
	return l.w.Flush()
}

// ReadLogs reads interval logs written by LogWriter (or any HdrHistogram
// interval log whose tags are imapstress command names), merges them per
// command, and returns the report. The duration is the span from the
// earliest interval start to the latest interval end over all files, so two
// copies run side by side report their combined rate.
func ReadLogs(paths ...string) (*Report, error) {
	set := new(histSet)
	var first, last int64 = 1 << 62, 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if err := readCounts(data, set, p); err != nil {
			return nil, err
		}
		rd := hdr.NewHistogramLogReader(bytes.NewReader(data))
		for i := 0; ; i++ {
			h, err := rd.NextIntervalHistogram()
			if err != nil {
				return nil, fmt.Errorf("%s: histogram %d: %w", p, i+1, err)
			}
			if h == nil {
				break
			}
			first, last = min(first, h.StartTimeMs()), max(last, h.EndTimeMs())
			tag := h.Tag()
			switch {
			case tag == lagTag:
				mergeCopy(&set.lag, h)
			case strings.HasSuffix(tag, serviceSuffix):
				if c, ok := ParseCmd(strings.TrimSuffix(tag, serviceSuffix)); ok {
					mergeCopy(&set.service[c], h)
				}
			default:
				c, ok := ParseCmd(tag)
				if !ok {
					return nil, fmt.Errorf("%s: histogram %d: tag %q is not an imapstress command", p, i+1, tag)
				}
				mergeCopy(&set.resp[c], h)
			}
			set.used = true
		}
	}
	d := time.Duration(0)
	if last > first {
		d = time.Duration(last-first) * time.Millisecond
	}
	return newReport(&Snapshot{set: set}, d), nil
}

// readCounts adds the outcome-count comment lines of one log to set.
func readCounts(data []byte, set *histSet, path string) error {
	for n, line := range strings.Split(string(data), "\n") {
		rest, ok := strings.CutPrefix(line, countsPrefix)
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		tag, ok := strings.CutPrefix(fields[0], "Tag=")
		c, known := ParseCmd(tag)
		if !ok || !known {
			return fmt.Errorf("%s:%d: counts line: expected Tag=COMMAND, found %q", path, n+1, fields[0])
		}
		for _, f := range fields[1:] {
			k, v, _ := strings.Cut(f, "=")
			idx := -1
			for i, name := range outcomeNames {
				if name == k {
					idx = i
				}
			}
			x, err := strconv.ParseInt(v, 10, 64)
			if idx < 0 || err != nil || x < 0 {
				return fmt.Errorf("%s:%d: counts line: expected outcome=N, found %q", path, n+1, f)
			}
			set.counts[c][idx] += x
		}
	}
	return nil
}
