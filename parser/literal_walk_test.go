package parser

import (
	"reflect"
	"strings"
	"testing"
)

// TestBodyLiteralFromRecord walks FETCH responses whose items hold
// literals, in the forms FetchItemIter reads from the record (BODY[] and a
// "{n}" literal) and around them, and checks that each item equals what the
// general readers (fetchItemName, scalar) give, field by field.
func TestBodyLiteralFromRecord(t *testing.T) {
	items := []string{
		"BODY[] {5}\r\nhello", "body[] {5}\r\nhello", "BODY[] {0}\r\n", "BODY[] {05}\r\nhe\r\nl", "BODY[]<0> {5}\r\nhello",
		"BODY[1] {5}\r\nhello", "BODY[TEXT] {2}\r\nhi", "BODY[] \"quoted\"", "BODY[] NIL", "BINARY[] ~{2}\r\n\x00\x01",
		"RFC822 {3}\r\nabc", "RFC822.TEXT {3}\r\nabc", "UID 7", "FLAGS (\\Seen)", "BODY[HEADER.FIELDS (A B)] {2}\r\nab",
	}
	var msgs []string
	for i, a := range items {
		for _, b := range items[i:] {
			msgs = append(msgs, "* 1 FETCH ("+a+" "+b+")\r\n", "* 1 FETCH ("+a+" UID 3 "+b+")\r\n")
		}
		msgs = append(msgs, "* 1 FETCH ("+a+")\r\n")
	}
	// More items than the record keeps (maxItemSpans).
	msgs = append(msgs, "* 1 FETCH ("+strings.Repeat("BODY[] {1}\r\nx ", maxItemSpans+2)+"UID 1)\r\n")
	taken := 0
	for _, lenient := range []bool{false, true} {
		p := NewParser(Options{Lenient: lenient})
		for _, m := range msgs {
			var r Response
			if err := p.ParseResponse([]byte(m), &r); err != nil {
				t.Fatalf("%q: %v", m, err)
			}
			var rec, gen FetchItemIter
			r.WalkFetch(&rec)
			r.WalkFetch(&gen)
			gen.spans = nil // the general readers only
			for k := 0; ; k++ {
				n := rec.n
				var name, at, e int
				if n < len(rec.spans) {
					sp := rec.spans[n]
					name, at, e = int(sp.name)-rec.s.base, int(sp.start)-rec.s.base, int(sp.end)-rec.s.base
					if sp.kind == FetchBodySection {
						probe := rec
						if probe.bodyLiteral(n, name, at, e) {
							taken++
						}
					}
				}
				more, want := rec.Next(), gen.Next()
				if more != want {
					t.Fatalf("%q item %d: Next %v from the record, %v from the readers", m, k, more, want)
				}
				if !more {
					break
				}
				// (Apart from the mark of the items read from the record,
				// which only they carry: see itemMark.)
				a, b := *rec.Item(), *gen.Item()
				a.mark, b.mark = itemMark{}, itemMark{}
				if !reflect.DeepEqual(a, b) || rec.s.p != gen.s.p {
					t.Fatalf("%q item %d:\n%+v (at %d) from the record\n%+v (at %d) from the readers", m, k, *rec.Item(), rec.s.p, *gen.Item(), gen.s.p)
				}
			}
			if rec.Err() != nil || gen.Err() != nil {
				t.Fatalf("%q: errors %v, %v", m, rec.Err(), gen.Err())
			}
		}
	}
	if taken < 100 {
		t.Errorf("bodyLiteral took %d items; the test does not reach it", taken)
	}
}

// TestBodyLiteralBenchInput checks that BenchmarkFetchBatchBody4K's BODY[]
// items are read from the record, so that the benchmark measures that.
func TestBodyLiteralBenchInput(t *testing.T) {
	var r Response
	if err := (&Parser{}).ParseResponse([]byte(fetchMessage(3, 4096)), &r); err != nil {
		t.Fatal(err)
	}
	var it FetchItemIter
	r.WalkFetch(&it)
	found := false
	for {
		n := it.n
		if n < len(it.spans) && it.spans[n].kind == FetchBodySection {
			sp := it.spans[n]
			probe := it
			found = probe.bodyLiteral(n, int(sp.name)-it.s.base, int(sp.start)-it.s.base, int(sp.end)-it.s.base)
			break
		}
		if !it.Next() {
			break
		}
	}
	if !found {
		t.Error("the BODY[] literal of the benchmark input is not read from the record")
	}
}
