package parser

import (
	"reflect"
	"testing"
)

// withoutRecords returns r with the count-guarded record arrays zeroed,
// which reset deliberately leaves stale, and the walk record's message
// count, which counts on across messages (see envMark).
func withoutRecords(r Response) Response {
	r.viol.list = [MaxViolations]Violation{}
	r.items = [maxItemSpans]itemSpan{}
	r.lists.span = [maxListSpans]tapeEntry{}
	r.lists.gen = 0
	return r
}

// TestResponseResetClearsAll parses every table case into a Response that
// held the previous case, and checks that the result equals parsing into a
// fresh Response, field by field (unexported ones included), apart from the
// stale entries past the counts. A field added to Response and forgotten in
// reset fails here.
func TestResponseResetClearsAll(t *testing.T) {
	var cases []respCase
	cases = append(cases, statusCases...)
	cases = append(cases, dataCases...)
	for _, c := range fetchCases {
		cases = append(cases, respCase{name: c.name, in: c.in, want: c.want})
	}
	cases = append(cases, respCase{name: "bench fetch", in: fetchMessage(3, 64), want: "x"})
	var reused Response
	for i, c := range cases {
		p := NewParser(Options{Lenient: c.lenient})
		// Fill reused with the previous case, parsed the other way too,
		// so that lenient violations and errors leave their traces.
		prev := cases[(i+len(cases)-1)%len(cases)]
		_ = NewParser(Options{Lenient: !c.lenient}).ParseResponse([]byte(prev.in), &reused)
		reused.Streamed[1] = StreamedLiteral{Offset: 9, Size: 9}
		reused.NStreamed = 2
		in := []byte(c.in)
		var fresh Response
		errFresh := p.ParseResponse(in, &fresh)
		errReused := p.ParseResponse(in, &reused)
		if !reflect.DeepEqual(errFresh, errReused) {
			t.Errorf("%s: error %v after reuse, %v fresh", c.name, errReused, errFresh)
		}
		if !reflect.DeepEqual(withoutRecords(fresh), withoutRecords(reused)) {
			t.Errorf("%s: reused Response differs from a fresh one:\n%+v\n%+v", c.name, withoutRecords(reused), withoutRecords(fresh))
		}
		if got, want := reused.Violations(), fresh.Violations(); !reflect.DeepEqual(got, want) && len(want) > 0 {
			t.Errorf("%s: violations %v after reuse, want %v", c.name, got, want)
		}
	}
}
