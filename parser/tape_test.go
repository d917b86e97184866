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

// deepValues renders every value of it, lists recursively, with form and
// offset, so that two walks of the same bytes can be compared exactly.
func deepValues(it ListIter, depth int) string {
	var s strings.Builder
	for it.Next() {
		v := it.Value()
		fmt.Fprintf(&s, "%s@%d", v.Form, v.Off)
		if v.Form == FormList && depth < 50 {
			s.WriteString("(" + deepValues(v.List(), depth+1) + ")")
		} else {
			fmt.Fprintf(&s, "%q", v.Raw)
		}
		s.WriteByte(' ')
	}
	if it.Err() != nil {
		s.WriteString("ERR " + it.Err().Error())
	}
	return s.String()
}

// renderDeep renders r's FETCH items through the views and through a deep
// generic walk.
func renderDeep(r *Response) string {
	out := renderFetch(r)
	for it := r.Fetch(); it.Next(); {
		f := it.Item()
		out += fmt.Sprintf("\n%s %s@%d", f.Name, f.Value.Form, f.Value.Off)
		if f.Value.Form == FormList {
			out += "(" + deepValues(f.Value.List(), 0) + ")"
		}
		b := f.BodyStructure()
		for p := PairsOf(b.Params()); p.Next(); {
			out += " " + string(p.Key().Raw) + "=" + string(p.Value().Raw)
		}
	}
	out += "\nargs " + deepValues(r.Args(), 0)
	if e, ok := r.ESearch(); ok {
		out += fmt.Sprintf("\nesearch tag=%q uid=%v", e.Tag.Raw, e.UID)
		for it := e.Items(); it.Next(); {
			out += fmt.Sprintf(" %s=%s@%d%q", it.Key().Raw, it.Value().Form, it.Value().Off, it.Value().Raw)
		}
	}
	return out
}

// manyParts returns a FETCH with a BODYSTRUCTURE of n parts, more than the
// walk record holds when n is large.
func manyParts(n int) string {
	var b strings.Builder
	b.WriteString("* 1 FETCH (UID 1 BODYSTRUCTURE (")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `("TEXT" "PLAIN" ("CHARSET" "UTF-8" "X" "%d") NIL NIL "7BIT" %d 1 NIL ("inline" NIL) ("en" "de") NIL (1 (2 "x") NIL))`, i, i)
	}
	b.WriteString(` "MIXED" ("BOUNDARY" "b") NIL NIL NIL) ENVELOPE ("d" "s" NIL NIL NIL (("a" NIL "b" "c")("d" NIL "e" {1}` + "\r\nf" + `)) NIL NIL NIL NIL))` + "\r\n")
	return b.String()
}

// TestTapeWalkMatchesScan checks that walking a FETCH response through the
// walk record ParseResponse keeps gives exactly what scanning the bytes
// again gives: the same values, forms, offsets and views.
func TestTapeWalkMatchesScan(t *testing.T) {
	type input struct {
		name    string
		in      []byte
		lenient bool
	}
	var inputs []input
	for _, c := range append(append([]respCase{}, statusCases...), dataCases...) {
		if c.want != "" {
			inputs = append(inputs, input{c.name, []byte(c.in), c.lenient})
		}
	}
	inputs = append(inputs, input{"esearch", esearchResponse(), false})
	for _, c := range fetchCases {
		if c.want != "" {
			inputs = append(inputs, input{c.name, []byte(c.in), false}, input{c.name + " lenient", []byte(c.in), true})
		}
	}
	inputs = append(inputs, input{"bench", []byte(fetchMessage(5, 10)), false},
		input{"many parts", []byte(manyParts(3)), false}, input{"too many parts", []byte(manyParts(60)), false})
	dir := filepath.Join("..", "corpus", "responses")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || e.IsDir() || strings.HasPrefix(e.Name(), "bad-") {
			continue
		}
		lenient := strings.HasPrefix(e.Name(), "lenient-")
		{
			rr := NewResponseReader(bytes.NewReader(b), NewParser(Options{Lenient: lenient}), ReaderOptions{})
			var r Response
			for i, taken := 0, 0; i < 10000 && taken < 3; i++ { // three a file
				if err := rr.Next(&r); err == io.EOF || (err != nil && !isParseErr(err)) {
					break
				} else if err == nil && (r.Type == DataFetch || r.Type == DataESearch) {
					taken++
					inputs = append(inputs, input{fmt.Sprintf("%s#%d", e.Name(), i), append([]byte(nil), r.Raw...), lenient})
				}
			}
		}
	}
	recorded := 0
	for _, c := range inputs {
		var r Response
		if err := NewParser(Options{Lenient: c.lenient}).ParseResponse(c.in, &r); err != nil {
			continue
		}
		if r.lists.n > 0 {
			recorded++
		}
		withTape := renderDeep(&r)
		r.lists.n = 0
		scanned := renderDeep(&r)
		if withTape != scanned {
			t.Errorf("%s: walk through the record differs from a scan:\n%s\nwant\n%s", c.name, withTape, scanned)
		}
	}
	if recorded < 20 {
		t.Errorf("only %d inputs had a walk record", recorded)
	}
}

func isParseErr(err error) bool { _, ok := err.(*Error); return ok }

// TestTapeStaleValue checks that a view kept from an earlier message is not
// given the record of the message parsed into the same Response since.
func TestTapeStaleValue(t *testing.T) {
	var p Parser
	var r Response
	first := []byte(fetchMessage(1, 0))
	if err := p.ParseResponse(first, &r); err != nil {
		t.Fatal(err)
	}
	var env Value
	for it := r.Fetch(); it.Next(); {
		if it.Item().Kind == FetchEnvelope {
			env = it.Item().Value
		}
	}
	want := deepValues(env.List(), 0)
	second := []byte(manyParts(2))
	if err := p.ParseResponse(second, &r); err != nil {
		t.Fatal(err)
	}
	if got := deepValues(env.List(), 0); got != want {
		t.Errorf("stale envelope walks as\n%s\nwant\n%s", got, want)
	}
}
