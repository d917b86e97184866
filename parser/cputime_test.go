package parser

import (
	"syscall"
	"testing"
	"time"
)

// processCPU returns the CPU time (user plus system) the process has used,
// over all its threads.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuMeter reports "cpu-ns/op", the process CPU time per iteration, beside
// a benchmark's wall-clock ns/op. On a shared machine, where a benchmark
// may get a fraction of a core, CPU time is the steadier figure to compare
// two parsers by; it counts every thread, so a peer's reader goroutine and
// garbage collector are included.
type cpuMeter struct {
	b     *testing.B
	start time.Duration
}

func startCPU(b *testing.B) cpuMeter { return cpuMeter{b: b, start: processCPU()} }

func (m cpuMeter) stop() {
	if m.b.N > 0 {
		m.b.ReportMetric(float64(processCPU()-m.start)/float64(m.b.N), "cpu-ns/op")
	}
}
