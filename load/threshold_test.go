package load

import (
	"strings"
	"testing"
)

func TestThresholds(t *testing.T) {
	rep := &Report{
		Total: Stats{Count: 1000, OK: 990, Bad: 5, Timeout: 5, Rate: 500, P50: 800, P99: 40_000, Max: 90_000},
		Commands: map[string]*Stats{
			"FETCH": {Count: 100, OK: 100, P99: 60_000, P999: 70_000},
		},
	}
	tests := []struct {
		expr   string
		breach string // "" when it must hold; else a substring of the message
	}{
		{"p99<50ms", ""},
		{"p99<30ms", "p99<30ms breached: 40.00ms"},
		{"p50<=800us", ""},
		{"max<1s", ""},
		{"errors<2%", ""},
		{"errors<0.5%", "1.000%"},
		{"errors<=10", ""},
		{"errors<10", "breached: 10"},
		{"rate>=500", ""},
		{"rate>600", "500.0/s"},
		{"FETCH.p99<50ms", "FETCH.p99<50ms breached: 60.00ms"},
		{"fetch.p99.9<100ms", ""},
		{"UID_FETCH.count>0", "breached: 0"},
	}
	for _, tc := range tests {
		ts, err := ParseThresholds(tc.expr)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		got := CheckThresholds(rep, ts)
		switch {
		case tc.breach == "" && len(got) != 0:
			t.Errorf("%s: breach %q, want none", tc.expr, got)
		case tc.breach != "" && (len(got) != 1 || !strings.Contains(got[0], tc.breach)):
			t.Errorf("%s: breaches %q, want one containing %q", tc.expr, got, tc.breach)
		}
	}
}

func TestParseThresholdsErrors(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"p99", "expected METRIC<VALUE"},
		{"p98<5ms", "unknown metric"},
		{"p99<fast", "needs a duration"},
		{"errors<-1", "non-negative"},
		{"NOPE.p99<1ms", "unknown command"},
	} {
		_, err := ParseThresholds(tc.expr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.expr, err, tc.want)
		}
	}
}

func TestParseMix(t *testing.T) {
	mix, err := ParseMix("fetch=3, uid-fetch , noop=0")
	if err != nil {
		t.Fatal(err)
	}
	if len(mix) != 2 || mix[0].Cmd != CmdFetch || mix[0].Weight != 3 || mix[1].Cmd != CmdUIDFetch || mix[1].Weight != 1 {
		t.Errorf("mix %+v", mix)
	}
	for _, tc := range []struct{ in, want string }{
		{"fetch=3,bogus=1", "unknown command \"bogus\"; valid: append, capability"},
		{"fetch=x", "non-negative integer"},
		{"fetch,fetch", "given twice"},
		{"noop=0", "no command with a positive weight"},
	} {
		_, err := ParseMix(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
	if _, err := ParseMix(DefaultMix); err != nil {
		t.Errorf("DefaultMix: %v", err)
	}
}

func TestCanPipeline(t *testing.T) {
	tests := []struct {
		cmd                      Cmd
		inflight, msn, expunging int
		want                     bool
	}{
		{CmdSelect, 0, 0, 0, true},
		{CmdSelect, 1, 0, 0, false},
		{CmdFetch, 3, 3, 0, true},
		{CmdFetch, 1, 0, 1, false},
		{CmdExpunge, 2, 1, 0, false},
		{CmdExpunge, 2, 0, 0, true},
		{CmdUIDFetch, 2, 0, 2, true},
		{CmdMove, 1, 1, 0, false},
		{CmdIdle, 1, 0, 0, false},
	}
	for _, tc := range tests {
		if got := canPipeline(tc.cmd, tc.inflight, tc.msn, tc.expunging); got != tc.want {
			t.Errorf("%s with %d in flight (%d msn, %d expunging): %v, want %v", tc.cmd, tc.inflight, tc.msn, tc.expunging, got, tc.want)
		}
	}
}

func TestConstantRate(t *testing.T) {
	r := ConstantRate(1000) // 10 sessions: each every 10 ms, staggered by 1 ms
	if got := r.Due(0, 10, 0); got != 0 {
		t.Errorf("first due %v", got)
	}
	if got := r.Due(3, 10, 2); got.Microseconds() != 23000 {
		t.Errorf("session 3 command 2 due %v, want 23ms", got)
	}
}
