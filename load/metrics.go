package load

import (
	"sync"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram range: 1 us to 60 s at 3 significant digits, values in
// nanoseconds (the unit HdrHistogram's log tools assume by default).
const (
	histMin    = int64(time.Microsecond)
	histMax    = int64(60 * time.Second)
	histDigits = 3
)

func newHist() *hdr.Histogram { return hdr.New(histMin, histMax, histDigits) }

// clamp brings v into the histogram's range: RecordValue fails, and its
// error path allocates, for values outside it.
func clamp(v int64) int64 {
	return min(max(v, histMin), histMax)
}

// Outcome is how a command ended.
type Outcome uint8

// Outcomes. OK, NO and BAD are the tagged status; Timeout means no
// completion within --timeout; Bye, Conn and Protocol mean the command was in
// flight when the server said BYE, the connection failed, or the server's
// bytes broke the protocol.
const (
	OutcomeOK Outcome = iota
	OutcomeNo
	OutcomeBad
	OutcomeTimeout
	OutcomeBye
	OutcomeConn
	OutcomeProtocol
	numOutcomes
)

var outcomeNames = [numOutcomes]string{"ok", "no", "bad", "timeout", "bye", "conn", "protocol"}

// String returns the outcome's report name, such as "ok" or "timeout".
func (o Outcome) String() string {
	if o < numOutcomes {
		return outcomeNames[o]
	}
	return "outcome?"
}

// measured reports whether an outcome carries a latency: the server
// answered, or we gave up waiting. Only those go into the histograms, so a
// command's histogram count equals ok+no+bad+timeout.
func (o Outcome) measured() bool { return o <= OutcomeTimeout }

// Sample is one finished command, as a session hands it to a Recorder.
type Sample struct {
	Cmd     Cmd
	Outcome Outcome
	// Response is the time from the intended send time to the completion,
	// Service from the actual write to the completion, Lag from the
	// intended to the actual send; all in nanoseconds. In the closed model
	// intended and actual coincide.
	Response, Service, Lag int64
}

// histSet is one interval's (or a whole run's) worth of metrics. Histograms
// are allocated on first use: about 140 KB each.
type histSet struct {
	resp    [numCmds]*hdr.Histogram
	service [numCmds]*hdr.Histogram
	lag     *hdr.Histogram
	all     *hdr.Histogram // every command's response time, for the live line
	counts  [numCmds][numOutcomes]int64
	used    bool
}

// add records x; all says whether into the all-commands histogram too
// (the interval's, for the live line; the run's total has no use for it).
func (s *histSet) add(x *Sample, open, all bool) {
	s.used = true
	s.counts[x.Cmd][x.Outcome]++
	if !x.Outcome.measured() {
		return
	}
	if s.resp[x.Cmd] == nil {
		s.resp[x.Cmd] = newHist()
	}
	s.resp[x.Cmd].RecordValue(clamp(x.Response))
	if all {
		if s.all == nil {
			s.all = newHist()
		}
		s.all.RecordValue(clamp(x.Response))
	}
	if open {
		if s.service[x.Cmd] == nil {
			s.service[x.Cmd] = newHist()
		}
		s.service[x.Cmd].RecordValue(clamp(x.Service))
		if s.lag == nil {
			s.lag = newHist()
		}
		// Lag is often zero; the histogram's floor of 1 us stands for it.
		s.lag.RecordValue(clamp(x.Lag))
	}
}

// shard collects the samples of the sessions assigned to it: they append
// under the mutex, one batch per read, and the collector swaps the buffer
// out each interval and records the samples into the interval's
// histograms itself. So RecordValue has one caller, recording never waits
// on a histogram merge, and no histogram exists per shard: merging
// 140 KB histograms shard by shard each second cost more CPU (about 1 ms
// per histogram) than recording the samples once.
type shard struct {
	mu     sync.Mutex
	active []Sample
	spare  []Sample
}

// Metrics collects samples from many sessions and keeps per-command
// histograms for each interval and for the whole run. Create with
// NewMetrics; Recorder gives each session its writer.
type Metrics struct {
	shards []shard
	open   bool

	// Owned by the collector (Interval's caller).
	interval histSet
	total    histSet
}

// NewMetrics makes a Metrics with n shards (at least 1). open says whether
// service time and schedule lag are recorded besides response time.
func NewMetrics(n int, open bool) *Metrics {
	return &Metrics{shards: make([]shard, max(n, 1)), open: open}
}

// Recorder is a session's handle for recording into its shard.
type Recorder struct {
	s *shard
}

// Recorder returns the recorder for session i.
func (m *Metrics) Recorder(i int) Recorder {
	return Recorder{s: &m.shards[i%len(m.shards)]}
}

// Record adds a batch of samples under one lock.
func (r Recorder) Record(batch []Sample) {
	if len(batch) == 0 {
		return
	}
	r.s.mu.Lock()
	r.s.active = append(r.s.active, batch...)
	r.s.mu.Unlock()
}

// Interval swaps out every shard's samples, records them into the interval
// view (which it first clears), merges that into the running total, and
// returns the interval view. (Each sample is recorded into both rather
// than merging histograms: a merge walks all 17,000 counters.) Only one goroutine may call
// Interval, Total and Reset, and the returned view is valid until the next
// call.
func (m *Metrics) Interval() *Snapshot {
	m.interval.clear()
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		full := sh.active
		sh.active, sh.spare = sh.spare[:0], nil
		sh.mu.Unlock()
		for j := range full {
			m.interval.add(&full[j], m.open, true)
			m.total.add(&full[j], m.open, false)
		}
		sh.mu.Lock()
		if sh.spare == nil {
			sh.spare = full[:0]
		}
		sh.mu.Unlock()
	}
	return &Snapshot{set: &m.interval}
}

// Total returns everything merged by Interval so far.
func (m *Metrics) Total() *Snapshot { return &Snapshot{set: &m.total} }

// ResetTotal forgets the running total, for example after a preparation
// phase that is reported apart.
func (m *Metrics) ResetTotal() { m.total = histSet{} }

func mergeCopy(dst **hdr.Histogram, src *hdr.Histogram) {
	if src == nil || src.TotalCount() == 0 {
		return
	}
	if *dst == nil {
		*dst = newHist()
	}
	(*dst).Merge(src)
}

func (s *histSet) clear() {
	for c := range numCmds {
		s.counts[c] = [numOutcomes]int64{}
		reset(s.resp[c])
		reset(s.service[c])
	}
	reset(s.lag)
	reset(s.all)
	s.used = false
}

// reset clears h unless it is nil or already empty (a reset writes all of
// its 17,000 counters).
func reset(h *hdr.Histogram) {
	if h != nil && h.TotalCount() > 0 {
		h.Reset()
	}
}

// Snapshot is a read-only view of merged metrics: an interval, a run's
// total, or the merge of interval logs.
type Snapshot struct{ set *histSet }

// Response returns the response-time histogram of c, or nil if none was
// recorded. Values are nanoseconds.
func (s *Snapshot) Response(c Cmd) *hdr.Histogram { return nonEmpty(s.set.resp[c]) }

// Service returns the service-time histogram of c (open model only), or nil.
func (s *Snapshot) Service(c Cmd) *hdr.Histogram { return nonEmpty(s.set.service[c]) }

// Lag returns the schedule-lag histogram (open model only), or nil.
func (s *Snapshot) Lag() *hdr.Histogram { return nonEmpty(s.set.lag) }

// Count returns how many commands c ended with outcome o.
func (s *Snapshot) Count(c Cmd, o Outcome) int64 { return s.set.counts[c][o] }

// All returns the response times of every command in one histogram. The
// result may be empty, never nil; it must not be modified.
func (s *Snapshot) All() *hdr.Histogram {
	if s.set.all == nil {
		s.set.all = newHist()
	}
	return s.set.all
}

func nonEmpty(h *hdr.Histogram) *hdr.Histogram {
	if h == nil || h.TotalCount() == 0 {
		return nil
	}
	return h
}
