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
	// Scheduled says the command went out on the open model's schedule:
	// only those count in the schedule lag (not LOGIN, SELECT, the fill's
	// APPENDs or LOGOUT, which run when the session needs them).
	Scheduled bool
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
	all     *hdr.Histogram // every command's response time (built by Snapshot.All)
	counts  [numCmds][numOutcomes]int64
	used    bool
	allOK   bool // all holds the merge of resp
}

// add records x.
func (s *histSet) add(x *Sample, open bool) {
	s.used, s.allOK = true, false
	s.counts[x.Cmd][x.Outcome]++
	if !x.Outcome.measured() {
		return
	}
	if s.resp[x.Cmd] == nil {
		s.resp[x.Cmd] = newHist()
	}
	s.resp[x.Cmd].RecordValue(clamp(x.Response))
	if !open {
		return
	}
	if s.service[x.Cmd] == nil {
		s.service[x.Cmd] = newHist()
	}
	s.service[x.Cmd].RecordValue(clamp(x.Service))
	if x.Scheduled {
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
//
// A session hands its batches over whole (handOver): the shard keeps the
// slices, not copies, and gives back an empty one from its free list, so
// recording a sample costs no copy and no growing of a large buffer.
type shard struct {
	mu          sync.Mutex
	active      []Sample
	spare       []Sample
	chunks      [][]Sample // batches handed over in this interval
	free        [][]Sample // emptied batches, for handOver to give out
	spareChunks [][]Sample // the other list of chunks, swapped in each interval
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

// handOver gives the shard batch (which the caller must no longer use)
// and returns an empty slice with at least batch's capacity for the next.
func (r Recorder) handOver(batch []Sample) []Sample {
	if len(batch) == 0 {
		return batch
	}
	sh := r.s
	sh.mu.Lock()
	sh.chunks = append(sh.chunks, batch)
	var next []Sample
	if n := len(sh.free); n > 0 {
		next, sh.free = sh.free[n-1], sh.free[:n-1]
	}
	sh.mu.Unlock()
	if cap(next) < cap(batch) {
		next = make([]Sample, 0, cap(batch))
	}
	return next
}

// Interval swaps out every shard's samples, records them into the interval
// view (which it first clears), merges that into the running total, and
// returns the interval view. (A sample is recorded once: merging a
// histogram walks its 17,000 counters, about 50 us, which is less than
// recording a second copy of each sample from a few thousand commands a
// second up.) Only one goroutine may call Interval, Total and Reset, and
// the returned view is valid until the next call.
func (m *Metrics) Interval() *Snapshot {
	m.interval.clear()
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		full := sh.active
		sh.active, sh.spare = sh.spare[:0], nil
		chunks := sh.chunks
		sh.chunks, sh.spareChunks = sh.spareChunks[:0], nil
		sh.mu.Unlock()
		for j := range full {
			m.interval.add(&full[j], m.open)
		}
		for _, c := range chunks {
			for j := range c {
				m.interval.add(&c[j], m.open)
			}
		}
		sh.mu.Lock()
		if sh.spare == nil {
			sh.spare = full[:0]
		}
		for _, c := range chunks {
			sh.free = append(sh.free, c[:0])
		}
		clear(chunks)
		sh.spareChunks = chunks[:0]
		sh.mu.Unlock()
	}
	m.total.merge(&m.interval)
	return &Snapshot{set: &m.interval}
}

// merge adds src into s.
func (s *histSet) merge(src *histSet) {
	if !src.used {
		return
	}
	s.used, s.allOK = true, false
	for c := range numCmds {
		for o := range numOutcomes {
			s.counts[c][o] += src.counts[c][o]
		}
		mergeCopy(&s.resp[c], src.resp[c])
		mergeCopy(&s.service[c], src.service[c])
	}
	mergeCopy(&s.lag, src.lag)
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
	s.used, s.allOK = false, false
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
	if !s.set.allOK {
		reset(s.set.all)
		for _, h := range s.set.resp {
			if h != nil && h.TotalCount() > 0 {
				s.set.all.Merge(h)
			}
		}
		s.set.allOK = true
	}
	return s.set.all
}

func nonEmpty(h *hdr.Histogram) *hdr.Histogram {
	if h == nil || h.TotalCount() == 0 {
		return nil
	}
	return h
}
