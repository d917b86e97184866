package parser

import (
	"fmt"
	"strings"
	"testing"
)

// envelopeOfFetch parses a FETCH response with an ENVELOPE item and
// returns its view.
func envelopeOfFetch(t *testing.T, p *Parser, r *Response, in string) Envelope {
	t.Helper()
	if err := p.ParseResponse([]byte(in), r); err != nil {
		t.Fatalf("%q: %v", in, err)
	}
	it := r.Fetch()
	for it.Next() {
		if it.Item().Kind == FetchEnvelope {
			return it.Item().Envelope()
		}
	}
	t.Fatalf("%q: no ENVELOPE item", in)
	return Envelope{}
}

// renderBatch renders what Envelope.Scalars and one WalkAddresses read:
// the four strings, then each address as list:mailbox@host (name).
func renderBatch(e *Envelope, it *EnvelopeAddressIter) string {
	var s strings.Builder
	var es EnvelopeScalars
	e.Scalars(&es)
	for _, f := range [...]Scalar{es.Date, es.Subject, es.InReplyTo, es.MessageID} {
		if f.IsNIL() {
			s.WriteString("NIL|")
		} else {
			fmt.Fprintf(&s, "%s|", f.Raw)
		}
	}
	e.WalkAddresses(it)
	for it.Next() {
		fmt.Fprintf(&s, " %v:%s@%s", it.List(), it.MailboxScalar().Raw, it.HostScalar().Raw)
		if n := it.NameScalar(); !n.IsNIL() {
			fmt.Fprintf(&s, " (%s)", n.Raw)
		}
		if !it.ADLScalar().IsNIL() {
			s.WriteString(" adl")
		}
	}
	if err := it.Err(); err != nil {
		fmt.Fprintf(&s, " err=%v", err)
	}
	return s.String()
}

// TestEnvelopeBatch checks Envelope.Scalars and WalkAddresses (with the
// iterator's in-line accessors and List) on envelopes with every list
// empty, NIL, one address, several, groups and literals, through the walk
// record and without it (a copy of the envelope's Value, as a caller keeps
// it past its message).
func TestEnvelopeBatch(t *testing.T) {
	cases := []struct {
		name, env, want string
	}{
		{"all NIL", `(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`, "NIL|NIL|NIL|NIL|"},
		{"from only", `("d" "s" (("A" NIL "a" "x.org")) NIL NIL NIL NIL NIL NIL "<m>")`,
			"d|s|NIL|<m>| env-from:a@x.org (A)"},
		{"every list", `("d" "s" ((NIL NIL "f" "h")) ((NIL NIL "s" "h")) ((NIL NIL "r" "h")) ((NIL NIL "t" "h")) ((NIL NIL "c" "h")) ((NIL NIL "b" "h")) "<i>" "<m>")`,
			"d|s|<i>|<m>| env-from:f@h env-sender:s@h env-reply-to:r@h env-to:t@h env-cc:c@h env-bcc:b@h"},
		{"bcc only", `(NIL NIL NIL NIL NIL NIL NIL ((NIL NIL "b" "h")("B" "@r" "b2" "h2")) NIL NIL)`,
			"NIL|NIL|NIL|NIL| env-bcc:b@h env-bcc:b2@h2 (B) adl"},
		{"group", `("d" NIL NIL NIL NIL ((NIL NIL "team" NIL)(NIL NIL "x" "h")(NIL NIL NIL NIL)) ((NIL NIL "y" "h")) NIL NIL NIL)`,
			"d|NIL|NIL|NIL| env-to:team@NIL env-to:x@h env-to:NIL@NIL env-cc:y@h"},
		{"literals", "({3}\r\nabc \"s\\\"q\" ((\"n\" NIL {1}\r\nm \"h\")) NIL NIL ((NIL NIL \"t\" \"h\")) NIL NIL NIL \"<id>\")",
			`abc|s\"q|NIL|<id>| env-from:m@h (n) env-to:t@h`},
	}
	var p Parser
	var r Response
	var it AddressIter
	var all EnvelopeAddressIter
	for _, c := range cases {
		e := envelopeOfFetch(t, &p, &r, "* 1 FETCH (ENVELOPE "+c.env+")\r\n")
		if got := renderBatch(&e, &all); got != c.want {
			t.Errorf("%s: got\n%s\nwant\n%s", c.name, got, c.want)
		}
		v := e.Value()
		v.spans, v.ti = nil, 0 // scanned: no record
		scan := EnvelopeOf(v)
		if got := renderBatch(&scan, &all); got != c.want {
			t.Errorf("%s, without the record: got\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
	// Lists that are not an envelope: a short one has no address lists
	// past its end, and a scanned one yields what the six walks yield.
	for _, in := range []string{`("d" "s" ((NIL NIL "a" "h")))`, `("d")`, `()`, `("d" "s" "x" ((NIL NIL "a" "h")) ("y"))`} {
		v := Value{Form: FormList, Raw: []byte(in[1 : len(in)-1]), Off: 1}
		e := EnvelopeOf(v)
		var each strings.Builder
		for k, walk := range [...]func(*AddressIter){e.WalkFrom, e.WalkSender, e.WalkReplyTo, e.WalkTo, e.WalkCc, e.WalkBcc} {
			walk(&it)
			for it.Next() {
				fmt.Fprintf(&each, " %v:%s@%s", EnvList(k+1), it.Address().MailboxScalar().Raw, it.Address().HostScalar().Raw)
			}
		}
		var one strings.Builder
		e.WalkAddresses(&all)
		for all.Next() {
			fmt.Fprintf(&one, " %v:%s@%s", all.List(), all.MailboxScalar().Raw, all.HostScalar().Raw)
		}
		if one.String() != each.String() {
			t.Errorf("%s: WalkAddresses%s, the six walks%s", in, one.String(), each.String())
		}
	}
	if s := EnvList(0).String(); s != "EnvList(?)" {
		t.Errorf("EnvList(0) is %q", s)
	}
}

// TestEnvelopeBatchAllocs checks that the batch accessors allocate
// nothing, through the record and without it.
func TestEnvelopeBatchAllocs(t *testing.T) {
	var p Parser
	var r Response
	e := envelopeOfFetch(t, &p, &r, fetchMessage(3, 0))
	v := e.Value()
	v.spans, v.ti = nil, 0
	scan := EnvelopeOf(v)
	var it EnvelopeAddressIter
	var es EnvelopeScalars
	n := 0
	allocs := testing.AllocsPerRun(20, func() {
		for _, x := range [...]*Envelope{&e, &scan} {
			x.Scalars(&es)
			n += len(es.Subject.Raw)
			x.WalkAddresses(&it)
			for it.Next() {
				n += len(it.MailboxScalar().Raw) + len(it.NameScalar().Raw)
			}
		}
	})
	if allocs != 0 || n == 0 {
		t.Errorf("%v allocations per run (read %d octets), want 0", allocs, n)
	}
}

// checkShapedEnvelopes walks every ENVELOPE item of r that FetchItemIter
// marks as ParseResponse validated it (envMark) both ways: trusting its
// shape (EnvelopeAddressIter.Next's shaped path) and checking every
// address as for any other envelope. Every list, field and address view
// must agree. It returns how many envelopes were marked.
func checkShapedEnvelopes(t *testing.T, name string, r *Response) int {
	t.Helper()
	marked := 0
	var fi FetchItemIter
	r.WalkFetch(&fi)
	for fi.Next() {
		f := fi.Item()
		if f.Kind != FetchEnvelope {
			continue
		}
		e := f.Envelope()
		if !e.shaped {
			continue
		}
		marked++
		plain := e
		plain.shaped = false
		var a, b EnvelopeAddressIter
		if got, want := renderAddresses(&e, &a), renderAddresses(&plain, &b); got != want {
			t.Errorf("%s: shaped envelope walk\n%s\nwant\n%s", name, got, want)
		}
		if got, want := renderBatch(&e, &a), renderBatch(&plain, &b); got != want {
			t.Errorf("%s: shaped envelope batch\n%s\nwant\n%s", name, got, want)
		}
	}
	return marked
}

// TestEnvelopeMarkNotBelieved checks that only the ENVELOPE item's own
// value, from the message it was validated in, is walked as validated:
// not a value set in the item by hand, from another item or another
// Response, nor the item kept past its message. Each walk gives what the
// views give.
func TestEnvelopeMarkNotBelieved(t *testing.T) {
	in := []byte(fetchMessage(3, 0))
	var p Parser
	var r, r2 Response
	if err := p.ParseResponse(in, &r); err != nil {
		t.Fatal(err)
	}
	if err := p.ParseResponse(in, &r2); err != nil {
		t.Fatal(err)
	}
	item := func(r *Response, k FetchAttKind) FetchItem {
		it := r.Fetch()
		for it.Next() {
			if it.Item().Kind == k {
				return *it.Item()
			}
		}
		t.Fatalf("no item of kind %v", k)
		return FetchItem{}
	}
	env, body := item(&r, FetchEnvelope), item(&r, FetchBodyStructure)
	walk := func(f *FetchItem) (string, bool) {
		e := f.Envelope()
		var it EnvelopeAddressIter
		return renderAddresses(&e, &it), e.shaped
	}
	want, shaped := walk(&env)
	if !shaped {
		t.Fatal("the ENVELOPE item read from its record is not marked")
	}
	viewOf := func(v Value) string {
		e := EnvelopeOf(v)
		var it EnvelopeAddressIter
		return renderAddresses(&e, &it)
	}
	if v := viewOf(env.Value); v != want {
		t.Errorf("marked walk\n%s\nview\n%s", want, v)
	}
	other := env
	other.Value = body.Value // another item's list
	byHand := FetchItem{Kind: FetchEnvelope, Value: env.Value}
	fromR2 := env
	fromR2.Value = item(&r2, FetchEnvelope).Value // another Response's
	for _, c := range []struct {
		name string
		f    FetchItem
	}{{"another item's value", other}, {"built by hand", byHand}, {"another Response's value", fromR2}} {
		got, shaped := walk(&c.f)
		if shaped {
			t.Errorf("%s: marked", c.name)
		}
		if v := viewOf(c.f.Value); got != v {
			t.Errorf("%s: walk\n%s\nview\n%s", c.name, got, v)
		}
	}
	// Kept past its message: r parses the same bytes again, in place.
	if err := p.ParseResponse(in, &r); err != nil {
		t.Fatal(err)
	}
	if got, shaped := walk(&env); shaped || got != want {
		t.Errorf("kept past its message: marked %v, walk\n%s\nwant\n%s", shaped, got, want)
	}
}
