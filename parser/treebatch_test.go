package parser

import (
	"fmt"
	"strings"
	"testing"
)

// The batch accessors (EnvelopeAddressIter.NextBatch, BodyPartIter) are
// held to the views and iterators field by field: every field's form,
// offset and octets (nil and empty told apart), every list and group
// marker, every part's place in the tree and every parameter, and the
// walk's error, whatever the sizes of the caller's slices. checkTreeOf
// runs them on every list recorded for a response (read as an envelope
// and as a body, through the record and without it) and on every FETCH
// item; TestScalarAccessorsMatchValues calls it on the corpus (strict
// and lenient) and the FETCH tables, FuzzScalarAccessors on its inputs,
// TestMutatedResponses on the mutants.

// offv renders a Value's form, offset and octets.
func offv(v Value) string {
	if v.Form == FormNone {
		return "-"
	}
	return fmt.Sprintf("%s@%d %q %v", v.Form, v.Off, v.Raw, v.Raw == nil)
}

// offs renders a Span read back as s.
func offs(sp Span, s Scalar) string {
	if sp.Form == FormNone && s.Form == FormNone && s.Raw == nil {
		return "-"
	}
	return fmt.Sprintf("%s@%d %q %v", s.Form, sp.Off, s.Raw, s.Raw == nil)
}

// renderAddressesRef renders e's addresses as Next and the Address view
// give them.
func renderAddressesRef(e *Envelope) string {
	var s strings.Builder
	var it EnvelopeAddressIter
	e.WalkAddresses(&it)
	for it.Next() {
		a := it.Address()
		fmt.Fprintf(&s, " %v<%s|%s|%s|%s>%v%v", it.List(), offv(a.Name()), offv(a.ADL()), offv(a.Mailbox()), offv(a.Host()), a.IsGroupStart(), a.IsGroupEnd())
	}
	fmt.Fprintf(&s, " err=%v", it.Err())
	return s.String()
}

// renderAddressesBatch renders the addresses of a walk set up in it with
// NextBatch, size at a time.
func renderAddressesBatch(t *testing.T, it *EnvelopeAddressIter, size int) string {
	var s strings.Builder
	var buf [64]EnvelopeAddress
	for k := it.NextBatch(buf[:size]); k > 0; k = it.NextBatch(buf[:size]) {
		if k < size && it.NextBatch(buf[k:size]) != 0 {
			t.Errorf("a short batch of %d of %d, and more after it", k, size)
		}
		for i := range buf[:k] {
			a := &buf[i]
			fmt.Fprintf(&s, " %v<%s|%s|%s|%s>%v%v", a.List, offs(a.Name, it.Scalar(a.Name)), offs(a.ADL, it.Scalar(a.ADL)),
				offs(a.Mailbox, it.Scalar(a.Mailbox)), offs(a.Host, it.Scalar(a.Host)), a.IsGroupStart(), a.IsGroupEnd())
		}
		// After a full batch the current address is the last one
		// written; a short batch ends the walk.
		if last := &buf[k-1]; k == size && it.List() != last.List || it.MailboxScalar().Form != last.Mailbox.Form ||
			offv(it.Address().Host()) != offs(last.Host, it.Scalar(last.Host)) {
			t.Errorf("after a batch of %d: current address %v %s, last written %v %s", k, it.List(), offv(it.Address().Host()), last.List, offs(last.Host, it.Scalar(last.Host)))
		}
	}
	if k := it.NextBatch(buf[:size]); k != 0 {
		t.Errorf("%d addresses after the end", k)
	}
	fmt.Fprintf(&s, " err=%v", it.Err())
	return s.String()
}

// renderPartRef renders one part as the view gives it, with its first
// maxParams pairs.
func renderPartRef(b *BodyStructure, depth, parent, maxParams int) string {
	var s strings.Builder
	fmt.Fprintf(&s, "{%d %d %v %v", depth, parent, b.Multipart, !b.Multipart && b.EnvelopeValue().Form == FormList)
	for _, v := range [...]Value{b.Type(), b.Subtype(), b.ID(), b.Description(), b.Encoding(), b.Size(), b.Lines(), b.Value()} {
		s.WriteString(" " + offv(v))
	}
	p := PairsOf(b.Params())
	n := 0
	for p.Next() {
		if n == maxParams {
			n++
			break
		}
		fmt.Fprintf(&s, " %s=%s", offv(p.Key()), offv(p.Value()))
		n++
	}
	fmt.Fprintf(&s, " cut=%v}", n > maxParams)
	return s.String()
}

// renderTreeRef renders b's tree depth first through the views, as
// BodyPartIter walks it.
func renderTreeRef(s *strings.Builder, b *BodyStructure, depth, parent int, num *int, maxParams int) {
	me := *num
	*num++
	s.WriteString(renderPartRef(b, depth, parent, maxParams))
	if depth+1 >= DefaultMaxDepth {
		return
	}
	if b.Multipart {
		it := b.Parts()
		for it.Next() {
			renderTreeRef(s, it.Part(), depth+1, me, num, maxParams)
		}
	} else if b.EnvelopeValue().Form == FormList {
		e := b.Envelope()
		s.WriteString(" env" + renderAddressesRef(&e))
		inner := b.Body()
		renderTreeRef(s, &inner, depth+1, me, num, maxParams)
	}
}

// renderTreeBatch renders the walk set up in it with NextBatch, nparts
// parts and nparams pairs at a time; views tells it to check View and
// Envelope on every part too.
func renderTreeBatch(t *testing.T, it *BodyPartIter, nparts, nparams int, views bool) string {
	var s strings.Builder
	var parts [64]BodyPart
	var params [64]BodyParam
	for k := it.NextBatch(parts[:nparts], params[:nparams]); k > 0; k = it.NextBatch(parts[:nparts], params[:nparams]) {
		for i := range parts[:k] {
			p := &parts[i]
			var w strings.Builder
			fmt.Fprintf(&w, "{%d %d %v %v", p.Depth, p.Parent, p.Multipart, p.Message)
			for _, f := range [...]Span{p.Type, p.Subtype, p.ID, p.Description, p.Encoding, p.Size, p.Lines, p.List} {
				w.WriteString(" " + offs(f, it.Scalar(f)))
			}
			for _, q := range p.Params(params[:nparams]) {
				fmt.Fprintf(&w, " %s=%s", offs(q.Key, it.Scalar(q.Key)), offs(q.Value, it.Scalar(q.Value)))
			}
			fmt.Fprintf(&w, " cut=%v}", p.ParamsCut)
			s.WriteString(w.String())
			if views {
				v := it.View(p)
				if got, want := renderPartRef(&v, p.Depth, p.Parent, 64), w.String(); got != want && !p.ParamsCut {
					t.Errorf("View of part %s gives %s", want, got)
				}
			}
			if p.Message {
				e := it.Envelope(p)
				s.WriteString(" env" + renderAddressesRef(&e))
			}
		}
	}
	return s.String()
}

// treeSizes are the sizes of the slices given to NextBatch: parts and
// pairs at a time.
var treeSizes = [...][2]int{{64, 64}, {1, 0}, {1, 1}, {2, 1}, {3, 2}, {5, 3}}

// checkTreeOf compares the batch accessors with the views on v, read as
// an envelope and as a body.
func checkTreeOf(t *testing.T, name string, v Value) {
	t.Helper()
	e := EnvelopeOf(v)
	want := renderAddressesRef(&e)
	for _, size := range [...]int{64, 1, 2, 3, 5} {
		var it EnvelopeAddressIter
		e.WalkAddresses(&it)
		if got := renderAddressesBatch(t, &it, size); got != want {
			t.Errorf("%s: %q as an envelope, batches of %d:\n%s\nwant\n%s", name, v.Raw, size, got, want)
		}
	}
	b := BodyStructureOf(v)
	checkBodyTree(t, name, &b, func(it *BodyPartIter) { b.WalkTree(it) })
}

// checkBodyTree compares the parts the walks set up by walk give with
// b's views, at every size.
func checkBodyTree(t *testing.T, name string, b *BodyStructure, walk func(*BodyPartIter)) {
	t.Helper()
	for k, size := range treeSizes {
		var want strings.Builder
		num := 0
		renderTreeRef(&want, b, 0, -1, &num, size[1])
		var it BodyPartIter
		walk(&it)
		if got := renderTreeBatch(t, &it, size[0], size[1], k == 0); got != want.String() {
			v := b.Value()
			t.Errorf("%s: %q as a body, batches of %d parts and %d pairs:\n%s\nwant\n%s", name, v.Raw, size[0], size[1], got, want.String())
		}
		// A walk over stays over.
		if n := it.NextBatch(make([]BodyPart, 1), nil); n != 0 {
			t.Errorf("%s: %d parts after the end", name, n)
		}
	}
}

// checkTreeItems compares WalkEnvelope and WalkBodyTree with the views of
// every FETCH item of r.
func checkTreeItems(t *testing.T, name string, r *Response) {
	t.Helper()
	items := r.Fetch()
	for items.Next() {
		f := items.Item()
		var es EnvelopeScalars
		var it EnvelopeAddressIter
		f.WalkEnvelope(&es, &it)
		e := f.Envelope()
		var want EnvelopeScalars
		e.Scalars(&want)
		if f.Kind != FetchEnvelope {
			want = EnvelopeScalars{}
		}
		if g, w := sc(es.Date)+sc(es.Subject)+sc(es.InReplyTo)+sc(es.MessageID), sc(want.Date)+sc(want.Subject)+sc(want.InReplyTo)+sc(want.MessageID); g != w {
			t.Errorf("%s: %s: WalkEnvelope's strings %s, want %s", name, f.Name, g, w)
		}
		if got, want := renderAddressesBatch(t, &it, 2), renderAddressesRef(&e); got != want {
			t.Errorf("%s: %s: WalkEnvelope's addresses\n%s\nwant\n%s", name, f.Name, got, want)
		}
		if f.Kind == FetchBody || f.Kind == FetchBodyStructure {
			b := f.BodyStructure()
			checkBodyTree(t, name+" "+string(f.Name), &b, func(it *BodyPartIter) { f.WalkBodyTree(it) })
		} else {
			var bt BodyPartIter
			f.WalkBodyTree(&bt)
			if n := bt.NextBatch(make([]BodyPart, 4), nil); n != 0 {
				t.Errorf("%s: %s: WalkBodyTree gives %d parts", name, f.Name, n)
			}
		}
	}
}

// TestTreeBatchTables checks the batch accessors on hand-made bodies and
// envelopes with known answers, beside the differential checks.
func TestTreeBatchTables(t *testing.T) {
	msg := fetchMessage(5, 0)
	var p Parser
	var r Response
	if err := p.ParseResponse([]byte(msg), &r); err != nil {
		t.Fatal(err)
	}
	items := r.Fetch()
	var got []string
	for items.Next() {
		f := items.Item()
		if f.Kind != FetchBodyStructure {
			continue
		}
		var it BodyPartIter
		var parts [2]BodyPart
		var params [8]BodyParam
		f.WalkBodyTree(&it)
		for k := it.NextBatch(parts[:], params[:]); k > 0; k = it.NextBatch(parts[:], params[:]) {
			for i := range parts[:k] {
				q := &parts[i]
				var keys []string
				for _, kv := range q.Params(params[:]) {
					keys = append(keys, string(it.Scalar(kv.Key).Raw)+"="+string(it.Scalar(kv.Value).Raw))
				}
				got = append(got, fmt.Sprintf("%d^%d %s/%s %s %s %v", q.Depth, q.Parent, it.Scalar(q.Type).Raw, it.Scalar(q.Subtype).Raw,
					it.Scalar(q.Size).Raw, it.Scalar(q.Lines).Raw, keys))
			}
		}
	}
	want := []string{
		"0^-1 /MIXED   [BOUNDARY=b1]",
		"1^0 /ALTERNATIVE   [BOUNDARY=b2]",
		"2^1 TEXT/PLAIN 1152 23 [CHARSET=UTF-8]",
		"2^1 TEXT/HTML 2320 41 [CHARSET=UTF-8]",
		"1^0 APPLICATION/PDF 4554  [NAME=report.pdf]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("parts:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTreeBatchAllocs checks that the batch walks allocate nothing,
// through the record and without it.
func TestTreeBatchAllocs(t *testing.T) {
	var p Parser
	var r Response
	in := []byte(scalarInputs()[4]) // a message/rfc822 part
	if err := p.ParseResponse(in, &r); err != nil {
		t.Fatal(err)
	}
	for _, walk := range []func(*Response) int{walkAllTree, walkFullTree} {
		if n := testing.AllocsPerRun(50, func() { walk(&r) }); n != 0 {
			t.Errorf("%v allocations per walk", n)
		}
	}
	items := r.Fetch()
	items.Next()
	v := items.Item().Value
	v.spans, v.ti = nil, 0 // without the record
	b := BodyStructureOf(v)
	var parts [2]BodyPart
	var params [2]BodyParam
	if n := testing.AllocsPerRun(50, func() {
		var it BodyPartIter
		b.WalkTree(&it)
		for it.NextBatch(parts[:], params[:]) > 0 {
		}
	}); n != 0 {
		t.Errorf("%v allocations per walk without the record", n)
	}
}

// TestTreeBatchDeep walks bodies nested deeper than the record walk's
// stack (bodyTreeDepth), which go on through the views, and a message
// part's body, against the views.
func TestTreeBatchDeep(t *testing.T) {
	leaf := `("TEXT" "PLAIN" ("A" "1" "B" "2") NIL NIL "7BIT" 1 1)`
	for _, depth := range []int{bodyTreeDepth - 1, bodyTreeDepth, bodyTreeDepth + 1, 40} {
		body := leaf
		for i := 0; i < depth; i++ {
			body = "(" + body + leaf + ` "MIXED" ("BOUNDARY" "x"))`
		}
		msg := `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 10 ("d" "s" (("n" NIL "m" "h")) NIL NIL NIL NIL NIL NIL NIL) ` + body + " 2)"
		for _, in := range []string{"* 1 FETCH (BODY " + body + ")\r\n", "* 1 FETCH (BODYSTRUCTURE (" + msg + leaf + ` "MIXED"))` + "\r\n"} {
			var r Response
			if err := NewParser(Options{}).ParseResponse([]byte(in), &r); err != nil {
				t.Fatalf("depth %d: %v", depth, err)
			}
			checkTreeItems(t, fmt.Sprintf("depth %d", depth), &r)
		}
	}
}
