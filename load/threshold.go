package load

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Threshold is one pass/fail condition on a report, such as p99<50ms.
type Threshold struct {
	Command string  // "" for the total, else a command name such as "FETCH"
	Metric  string  // p50, p90, p99, p999, max, rate, errors, count
	Op      string  // <, <=, >, >=
	Value   float64 // microseconds for latencies, a fraction for errors given in %, else a number
	Percent bool    // errors given as a percentage
	Text    string  // the expression as written
}

// ParseThresholds parses a comma-separated list of conditions:
//
//	[COMMAND.]METRIC OP VALUE
//
// METRIC is p50, p90, p99, p999, max (VALUE a duration such as 50ms), rate
// (commands per second), count, or errors (a count, or a share of all
// commands when written with %). COMMAND is a report name such as FETCH or
// UID_FETCH; without it the condition applies to the total. Example:
// "p99<50ms,errors<0.1%,FETCH.p999<200ms,rate>=1000".
func ParseThresholds(s string) ([]Threshold, error) {
	var out []Threshold
	for _, expr := range strings.Split(s, ",") {
		expr = strings.TrimSpace(expr)
		if expr == "" {
			continue
		}
		i := strings.IndexAny(expr, "<>")
		if i <= 0 {
			return nil, fmt.Errorf("threshold %q: expected METRIC<VALUE or METRIC>VALUE", expr)
		}
		t := Threshold{Text: expr, Op: expr[i : i+1]}
		lhs, rhs := expr[:i], expr[i+1:]
		if strings.HasPrefix(rhs, "=") {
			t.Op += "="
			rhs = rhs[1:]
		}
		lhs, rhs = strings.TrimSpace(lhs), strings.TrimSpace(rhs)
		if cmd, metric, ok := strings.Cut(lhs, "."); ok {
			c, known := ParseCmd(cmd)
			if !known {
				return nil, fmt.Errorf("threshold %q: unknown command %q", expr, cmd)
			}
			t.Command, lhs = c.String(), metric
		}
		t.Metric = strings.ToLower(lhs)
		switch t.Metric {
		case "p50", "p90", "p99", "p999", "p99.9", "max":
			if t.Metric == "p99.9" {
				t.Metric = "p999"
			}
			d, err := time.ParseDuration(rhs)
			if err != nil {
				return nil, fmt.Errorf("threshold %q: %s needs a duration such as 50ms, found %q", expr, t.Metric, rhs)
			}
			t.Value = float64(d) / float64(time.Microsecond)
		case "errors", "rate", "count":
			num := rhs
			if t.Metric == "errors" && strings.HasSuffix(rhs, "%") {
				t.Percent, num = true, strings.TrimSuffix(rhs, "%")
			}
			v, err := strconv.ParseFloat(num, 64)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("threshold %q: expected a non-negative number, found %q", expr, rhs)
			}
			if t.Percent {
				v /= 100
			}
			t.Value = v
		default:
			return nil, fmt.Errorf("threshold %q: unknown metric %q; valid: p50 p90 p99 p999 max rate count errors", expr, lhs)
		}
		out = append(out, t)
	}
	return out, nil
}

// Check evaluates t on r. It returns a description of the breach, or "" when
// the condition holds.
func (t Threshold) Check(r *Report) string {
	st := &r.Total
	if t.Command != "" {
		st = r.Commands[t.Command]
		if st == nil {
			st = &Stats{}
		}
	}
	var v float64
	var shown string
	switch t.Metric {
	case "p50", "p90", "p99", "p999", "max":
		v = map[string]float64{"p50": st.P50, "p90": st.P90, "p99": st.P99, "p999": st.P999, "max": st.Max}[t.Metric]
		shown = fmtUS(v)
	case "rate":
		v, shown = st.Rate, fmt.Sprintf("%.1f/s", st.Rate)
	case "count":
		v, shown = float64(st.Count), strconv.FormatInt(st.Count, 10)
	case "errors":
		n := st.Bad + st.Timeout + st.Bye + st.Conn + st.Protocol
		v, shown = float64(n), strconv.FormatInt(n, 10)
		if t.Percent {
			all := st.Count + st.Bye + st.Conn + st.Protocol
			v = 0
			if all > 0 {
				v = float64(n) / float64(all)
			}
			shown = fmt.Sprintf("%.3f%%", v*100)
		}
	}
	ok := false
	switch t.Op {
	case "<":
		ok = v < t.Value
	case "<=":
		ok = v <= t.Value
	case ">":
		ok = v > t.Value
	case ">=":
		ok = v >= t.Value
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("threshold %s breached: %s", t.Text, shown)
}

// CheckThresholds evaluates every threshold and returns the breaches.
func CheckThresholds(r *Report, ts []Threshold) []string {
	var out []string
	for _, t := range ts {
		if msg := t.Check(r); msg != "" {
			out = append(out, msg)
		}
	}
	return out
}
