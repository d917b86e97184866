package parser

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sc renders a Scalar so that two reads of the same field compare
// exactly: its form and octets (nil and empty told apart).
func sc(s Scalar) string { return fmt.Sprintf("%s %q %v", s.Form, s.Raw, s.Raw == nil) }

// The ways renderScalars sets up its walks.
const (
	walksReturned = iota // iterators returned by the views (From().Addresses(), ...)
	walksInPlace         // the Walk... methods, one iterator of each kind reset for every list
	walksBatch           // walksInPlace, with the batch and in-line accessors where there are some
)

// renderScalars reads v through every view as renderViewsOf does, with
// the cheap accessors (the ...Scalar methods) when cheap is set, and
// otherwise with the Value accessors, taking each Value's Scalar; how
// says how the walks are set up (walksReturned, ...). All must agree.
func renderScalars(v Value, cheap bool, how int, depth int) string {
	var s strings.Builder
	e := EnvelopeOf(v)
	var it AddressIter
	switch {
	case how == walksBatch:
		var es EnvelopeScalars
		e.Scalars(&es)
		fmt.Fprintf(&s, "env %s %s %s %s |", sc(es.Date), sc(es.Subject), sc(es.InReplyTo), sc(es.MessageID))
		// On an iterator used before.
		var all EnvelopeAddressIter
		e.WalkAddresses(&all)
		for all.Next() {
		}
		s.WriteString(renderAddresses(&e, &all))
	case cheap:
		fmt.Fprintf(&s, "env %s %s %s %s |", sc(e.DateScalar()), sc(e.SubjectScalar()), sc(e.InReplyToScalar()), sc(e.MessageIDScalar()))
	default:
		fmt.Fprintf(&s, "env %s %s %s %s |", sc(e.Date().Scalar()), sc(e.Subject().Scalar()), sc(e.InReplyTo().Scalar()), sc(e.MessageID().Scalar()))
	}
	for k := 0; k < 6 && how != walksBatch; k++ {
		switch {
		case how == walksInPlace:
			[...]func(*AddressIter){e.WalkFrom, e.WalkSender, e.WalkReplyTo, e.WalkTo, e.WalkCc, e.WalkBcc}[k](&it)
		default:
			it = [...]func() AddressList{e.From, e.Sender, e.ReplyTo, e.To, e.Cc, e.Bcc}[k]().Addresses()
		}
		for it.Next() {
			a := it.Address()
			if cheap {
				fmt.Fprintf(&s, " addr %s %s %s %s", sc(a.NameScalar()), sc(a.ADLScalar()), sc(a.MailboxScalar()), sc(a.HostScalar()))
			} else {
				fmt.Fprintf(&s, " addr %s %s %s %s", sc(a.Name().Scalar()), sc(a.ADL().Scalar()), sc(a.Mailbox().Scalar()), sc(a.Host().Scalar()))
			}
			fmt.Fprintf(&s, " %v %v", a.IsGroupStart(), a.IsGroupEnd())
		}
		fmt.Fprintf(&s, " err=%v |", it.Err())
	}
	b := BodyStructureOf(v)
	s.WriteString(renderBodyScalars(&b, cheap, how, depth))
	return s.String()
}

// renderAddresses renders the six address lists of e as renderScalars
// does, walked with one e.WalkAddresses and read with the iterator's
// in-line accessors, which must give what the Address view gives.
func renderAddresses(e *Envelope, it *EnvelopeAddressIter) string {
	var s strings.Builder
	e.WalkAddresses(it)
	list := EnvFrom
	for it.Next() {
		for ; list < it.List() && list < EnvBcc; list++ {
			s.WriteString(" err=<nil> |")
		}
		if it.List() != list {
			fmt.Fprintf(&s, " in list %v", it.List())
		}
		a := it.Address()
		fields := fmt.Sprintf(" addr %s %s %s %s", sc(it.NameScalar()), sc(it.ADLScalar()), sc(it.MailboxScalar()), sc(it.HostScalar()))
		s.WriteString(fields)
		if view := fmt.Sprintf(" addr %s %s %s %s", sc(a.NameScalar()), sc(a.ADLScalar()), sc(a.MailboxScalar()), sc(a.HostScalar())); view != fields {
			s.WriteString(" the view gives" + view)
		}
		fmt.Fprintf(&s, " %v %v", a.IsGroupStart(), a.IsGroupEnd())
	}
	for ; list < EnvBcc; list++ {
		s.WriteString(" err=<nil> |")
	}
	fmt.Fprintf(&s, " err=%v |", it.Err())
	return s.String()
}

// renderBodyScalars renders the scalar fields and parameters of b and its
// parts, as renderScalars does.
func renderBodyScalars(b *BodyStructure, cheap bool, how int, depth int) string {
	var s strings.Builder
	fmt.Fprintf(&s, " body multipart=%v", b.Multipart)
	var fields [9]Scalar
	if cheap {
		fields = [...]Scalar{b.TypeScalar(), b.SubtypeScalar(), b.IDScalar(), b.DescriptionScalar(), b.EncodingScalar(),
			b.SizeScalar(), b.LinesScalar(), b.MD5Scalar(), b.LocationScalar()}
	} else {
		fields = [...]Scalar{b.Type().Scalar(), b.Subtype().Scalar(), b.ID().Scalar(), b.Description().Scalar(), b.Encoding().Scalar(),
			b.Size().Scalar(), b.Lines().Scalar(), b.MD5().Scalar(), b.Location().Scalar()}
	}
	for _, f := range fields {
		s.WriteString(" " + sc(f))
	}
	var p PairIter
	switch {
	case how != walksReturned:
		// What an earlier walk leaves in the iterator must not show.
		for p = PairsOf(b.Params()); p.Next(); {
		}
		b.WalkParams(&p)
	default:
		p = PairsOf(b.Params())
	}
	for p.Next() {
		if cheap {
			fmt.Fprintf(&s, " param %s=%s", sc(p.KeyScalar()), sc(p.ValueScalar()))
		} else {
			fmt.Fprintf(&s, " param %s=%s", sc(p.Key().Scalar()), sc(p.Value().Scalar()))
		}
	}
	fmt.Fprintf(&s, " err=%v", p.Err())
	if depth < 3 {
		var it BodyIter
		if how != walksReturned {
			b.WalkParts(&it)
		} else {
			it = b.Parts()
		}
		for it.Next() {
			s.WriteString(" part{" + renderBodyScalars(it.Part(), cheap, how, depth+1) + "}")
		}
		if b.EnvelopeValue().Form == FormList {
			inner := b.Body()
			s.WriteString(" inner{" + renderBodyScalars(&inner, cheap, how, depth+1) + "}")
		}
	}
	return s.String()
}

// checkScalarsOf compares the cheap accessors with the Value accessors on
// every list recorded for r, through the record and without it, and
// returns how many lists it read.
func checkScalarsOf(t *testing.T, name string, r *Response) int {
	t.Helper()
	// WalkFetch, on an iterator that walked the items before, gives what
	// Fetch gives.
	var it FetchItemIter
	r.WalkFetch(&it)
	for it.Next() {
	}
	r.WalkFetch(&it)
	if got, want := renderItems(&it), renderItems(ptr(r.Fetch())); got != want {
		t.Errorf("%s: WalkFetch\n%s\nwant\n%s", name, got, want)
	}
	// The items from their recorded extents are the items a scan of the
	// bytes reads.
	scan := r.Fetch()
	scan.spans, scan.whole = nil, false
	if got, want := renderItems(ptr(r.Fetch())), renderItems(&scan); got != want {
		t.Errorf("%s: items from the record\n%s\nscanned\n%s", name, got, want)
	}
	// The three forms of the benchmarks' walk read the same fields.
	if a, b, c := walkFetchForm(r, walkFetchItem), walkFetchForm(r, walkFetchItemEach), walkFetchForm(r, walkFetchItemValues); a != b || a != c {
		t.Errorf("%s: walk checksums: batch %d, each %d, values %d", name, a, b, c)
	}
	checkTreeItems(t, name, r)
	tp := &r.lists
	lists := 0
	for i := 0; i < tp.n; i++ {
		if e := tp.span[i]; e.form != FormList || e.next <= int32(i) {
			continue
		}
		var v Value
		tp.set(&v, i, r.limits(), r.lenient)
		scan := v
		scan.spans, scan.ti = nil, 0
		for _, x := range [...]Value{v, scan} {
			checkTreeOf(t, name, x)
			want := renderScalars(x, false, walksReturned, 0)
			if got := renderScalars(x, true, walksReturned, 0); got != want {
				t.Errorf("%s: entry %d (%q), record %v: cheap accessors\n%s\nwant\n%s", name, i, x.Raw, x.spans != nil, got, want)
			}
			if got := renderScalars(x, true, walksInPlace, 0); got != want {
				t.Errorf("%s: entry %d (%q), record %v: cheap accessors, walks set in place\n%s\nwant\n%s", name, i, x.Raw, x.spans != nil, got, want)
			}
			if got := renderScalars(x, true, walksBatch, 0); got != want {
				t.Errorf("%s: entry %d (%q), record %v: batch accessors\n%s\nwant\n%s", name, i, x.Raw, x.spans != nil, got, want)
			}
		}
		lists++
	}
	return lists
}

// scalarInputs returns the FETCH responses TestScalarAccessorsMatchValues
// reads besides the corpus: the first eight must parse.
func scalarInputs() []string {
	inputs := []string{fetchMessage(7, 0), fetchMessage(8, 4096), manyParts(3),
		`* 1 FETCH (BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 0 0) ENVELOPE (NIL NIL ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL))` + "\r\n",
		`* 2 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 10 ("d" "s" NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) 2 NIL ("inline" ("a" "b")) ("en" "de") "loc" (1 (2 "x")) NIL))` + "\r\n",
		`* 3 FETCH (BODY (("Text" "x" NIL NIL NIL "b" 1 1)("tExt\"" "y" NIL NIL NIL "b" 1)("\\" "y" NIL NIL NIL "b" 1)("Texu" "y" NIL NIL NIL "b" 1)("message" "rfc823" NIL NIL NIL "b" 1) "mixed"))` + "\r\n",
		`* 4 FETCH (BODY ("MESSAGE" "GLOBAL" NIL NIL NIL "7BIT" 10 ("d" "s" NIL NIL NIL NIL NIL NIL NIL NIL) ("IMAGE" "PNG" NIL NIL NIL "BASE64" 1) 2))` + "\r\n",
		`* 5 FETCH (ENVELOPE ({3}` + "\r\n" + `abc "s\"q" (("n" NIL {1}` + "\r\n" + `m "h")) NIL NIL NIL NIL NIL NIL "<id>") BODY ("TEXT" {5}` + "\r\n" + `PLAIN ("A" {1}` + "\r\n" + `b) NIL NIL "7BIT" 1 1 NIL NIL NIL {3}` + "\r\n" + `loc))` + "\r\n",
	}
	for _, c := range fetchCases {
		if c.want != "" {
			inputs = append(inputs, c.in)
		}
	}
	return inputs
}

// FuzzScalarAccessors compares the cheap accessors with the Value
// accessors, as TestScalarAccessorsMatchValues does, on any response that
// parses, strict or lenient.
func FuzzScalarAccessors(f *testing.F) {
	for _, in := range scalarInputs() {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, lenient := range []bool{false, true} {
			var r Response
			if NewParser(Options{Lenient: lenient}).ParseResponse(b, &r) == nil {
				checkScalarsOf(t, "input", &r)
			}
		}
	})
}

// TestScalarAccessorsMatchValues checks that the cheap accessors give
// exactly the Raw and Form the Value accessors give, on every list
// recorded while parsing the corpus (corpus/responses, strict and
// lenient), the FETCH test tables and the views' own edge cases, each
// read as every kind of view.
func TestScalarAccessorsMatchValues(t *testing.T) {
	inputs := scalarInputs()
	lists, marked := 0, 0
	for k, in := range inputs {
		for _, lenient := range []bool{false, true} {
			var r Response
			if err := NewParser(Options{Lenient: lenient}).ParseResponse([]byte(in), &r); err != nil {
				if k < 8 {
					t.Errorf("%q: %v", in, err)
				}
				continue
			}
			lists += checkScalarsOf(t, fmt.Sprintf("input %d", k), &r)
			marked += checkShapedEnvelopes(t, fmt.Sprintf("input %d", k), &r)
		}
	}
	files := 0
	dir := filepath.Join("..", "corpus", "responses")
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), "README") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files++
		for _, lenient := range []bool{false, true} {
			rr := NewResponseReader(bytes.NewReader(b), NewParser(Options{Lenient: lenient}), ReaderOptions{})
			var r Response
			for i := 0; i < 1<<20; i++ {
				err := rr.Next(&r)
				if err == io.EOF {
					break
				}
				if err != nil {
					if _, ok := err.(*Error); !ok {
						break
					}
					continue
				}
				lists += checkScalarsOf(t, e.Name(), &r)
				marked += checkShapedEnvelopes(t, e.Name(), &r)
			}
		}
	}
	if lists < 1000 {
		t.Errorf("only %d recorded lists were read (%d corpus files)", lists, files)
	}
	if marked < 100 {
		t.Errorf("only %d ENVELOPE items were walked as validated", marked)
	}
	t.Logf("%d lists compared, %d corpus files, %d envelopes walked as validated", lists, files, marked)
}

func ptr[T any](v T) *T { return &v }

// renderItems renders every item an iterator yields, and its error.
func renderItems(it *FetchItemIter) string {
	var s strings.Builder
	for it.Next() {
		f := it.Item()
		fmt.Fprintf(&s, " %d %q [%q %v %q %v %d %s] %d %v %s", f.Kind, f.Name, f.Section.Raw, f.Section.Raw == nil, f.Section.Part, f.Section.Part == nil,
			f.Section.Text, full(f.Section.Fields), f.Origin, f.HasOrigin, full(f.Value))
	}
	fmt.Fprintf(&s, " err=%v", it.Err())
	return s.String()
}
