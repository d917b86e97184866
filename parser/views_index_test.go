package parser

import (
	"fmt"
	"strings"
	"testing"
)

// full renders v with its form and offset, so that two reads of the same
// field compare exactly.
func full(v Value) string { return fmt.Sprintf("%s@%d%q", v.Form, v.Off, v.Raw) }

// renderViewsOf reads v through every view, as if it were each kind of
// list: an envelope, an address list, a body, a list of pairs. A view
// given a list of another kind must still read it element by element as
// a scan does.
func renderViewsOf(v Value, depth int) string {
	var s strings.Builder
	e := EnvelopeOf(v)
	fmt.Fprintf(&s, "env %s %s %s %s %s |", full(e.Value()), full(e.Date()), full(e.Subject()), full(e.InReplyTo()), full(e.MessageID()))
	for _, l := range [...]AddressList{e.From(), e.Sender(), e.ReplyTo(), e.To(), e.Cc(), e.Bcc(), {v}} {
		if !allLists(l.Value) {
			// A list with other elements is no address list: through
			// the record its walk stops at the first of them, and a
			// scan reads it as an address of no fields (as before the
			// views indexed the record).
			continue
		}
		it := l.Addresses()
		for it.Next() {
			a := it.Address()
			fmt.Fprintf(&s, " addr %s %s %s %s %v %v", full(a.Name()), full(a.ADL()), full(a.Mailbox()), full(a.Host()), a.IsGroupStart(), a.IsGroupEnd())
		}
		fmt.Fprintf(&s, " err=%v |", it.Err())
	}
	b := BodyStructureOf(v)
	s.WriteString(renderBodyFull(&b, depth))
	p := PairsOf(v)
	for p.Next() {
		fmt.Fprintf(&s, " pair %s=%s", full(p.Key()), full(p.Value()))
	}
	fmt.Fprintf(&s, " err=%v", p.Err())
	return s.String()
}

// allLists reports whether every element of v is a list.
func allLists(v Value) bool {
	v.spans, v.ti = nil, 0
	it := v.List()
	for it.Next() {
		if it.Value().Form != FormList {
			return false
		}
	}
	return true
}

// renderBodyFull renders every field of b, and its parts.
func renderBodyFull(b *BodyStructure, depth int) string {
	var s strings.Builder
	fmt.Fprintf(&s, " body multipart=%v %s", b.Multipart, full(b.Value()))
	for _, f := range [...]Value{b.Type(), b.Subtype(), b.Params(), b.ID(), b.Description(), b.Encoding(), b.Size(), b.Lines(),
		b.EnvelopeValue(), b.BodyValue(), b.MD5(), b.Disposition(), b.Language(), b.Location(), b.Extensions()} {
		s.WriteString(" " + full(f))
	}
	if depth < 3 {
		it := b.Parts()
		for it.Next() {
			s.WriteString(" part{" + renderBodyFull(it.Part(), depth+1) + "}")
		}
		if b.EnvelopeValue().Form == FormList {
			inner := b.Body()
			s.WriteString(" inner{" + renderBodyFull(&inner, depth+1) + "}")
		}
	}
	return s.String()
}

// TestViewsIndexMatchScan checks that the views, which find their fields'
// record entries when built (the envelope's ten, an address's four, a
// body's first ones), read every recorded list exactly as they read the
// same list without its record, whatever kind of list it is: an empty
// one, an address of other than four strings, a body whose type is not
// TEXT, a list of lists given as addresses.
func TestViewsIndexMatchScan(t *testing.T) {
	inputs := []string{fetchMessage(7, 0), manyParts(3),
		`* 1 FETCH (BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 0 0) ENVELOPE (NIL NIL ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL))` + "\r\n",
		`* 2 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 10 ("d" "s" NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) 2 NIL ("inline" ("a" "b")) ("en" "de") "loc" (1 (2 "x")) NIL))` + "\r\n",
		`* 3 FETCH (BODY (("Text" "x" NIL NIL NIL "b" 1 1)("tExt\"" "y" NIL NIL NIL "b" 1)("\\" "y" NIL NIL NIL "b" 1)("Texu" "y" NIL NIL NIL "b" 1)("message" "rfc823" NIL NIL NIL "b" 1) "mixed"))` + "\r\n",
		`* 4 FETCH (BODY ("MESSAGE" "GLOBAL" NIL NIL NIL "7BIT" 10 ("d" "s" NIL NIL NIL NIL NIL NIL NIL NIL) ("IMAGE" "PNG" NIL NIL NIL "BASE64" 1) 2))` + "\r\n",
	}
	for _, c := range fetchCases {
		if c.want != "" {
			inputs = append(inputs, c.in)
		}
	}
	lists := 0
	for k, in := range inputs {
		var r Response
		if err := NewParser(Options{}).ParseResponse([]byte(in), &r); err != nil {
			if k < 6 {
				t.Errorf("%q: %v", in, err)
			}
			continue
		}
		tp := &r.lists
		for i := 0; i < tp.n; i++ {
			if e := tp.span[i]; e.form != FormList || e.next <= int32(i) {
				continue
			}
			var v Value
			tp.set(&v, i, r.limits(), false)
			scan := v
			scan.spans, scan.ti = nil, 0
			lists++
			if got, want := renderViewsOf(v, 0), renderViewsOf(scan, 0); got != want {
				t.Errorf("%q entry %d (%q): through the record\n%s\nwant\n%s", in, i, v.Raw, got, want)
			}
		}
	}
	// An empty list, which no valid response records.
	var empty listSpans
	empty.record([]byte("()"))
	empty.span[0] = tapeEntry{off: 1, end: 1, next: 1, form: FormList}
	empty.n = 1
	var v Value
	empty.set(&v, 0, nil, false)
	scan := v
	scan.spans, scan.ti = nil, 0
	if got, want := renderViewsOf(v, 0), renderViewsOf(scan, 0); got != want {
		t.Errorf("empty list: through the record\n%s\nwant\n%s", got, want)
	}
	if lists < 100 {
		t.Errorf("only %d recorded lists were read", lists)
	}
}
