package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// roundTrip parses msg, encodes the parsed form, parses that again and
// reports any difference in structure (as AppendJSON renders it). It also
// checks that encoding is stable: the second encoding equals the first.
func roundTrip(p *Parser, msg []byte, o StringOpts) error {
	var c1, c2 Command
	if err := p.ParseCommand(msg, &c1); err != nil {
		return err
	}
	enc := AppendCommand(nil, &c1, o)
	if err := p.ParseCommand(enc, &c2); err != nil {
		return errors.New("re-encoded command does not parse: " + err.Error() + "\n" + strings.ToValidUTF8(string(enc), "?"))
	}
	j1, j2 := c1.AppendJSON(nil), c2.AppendJSON(nil)
	if !bytes.Equal(j1, j2) {
		return errors.New("structure changed:\n  " + string(j1) + "\n  " + string(j2))
	}
	if enc2 := AppendCommand(nil, &c2, o); !bytes.Equal(enc, enc2) {
		return errors.New("encoding unstable:\n  " + string(enc) + "\n  " + string(enc2))
	}
	return nil
}

func TestCommandRoundTrip(t *testing.T) {
	var p Parser
	for _, o := range []StringOpts{{}, {Literal: LiteralNonSync}} {
		for _, tt := range commandTests {
			if err := roundTrip(&p, []byte(tt.in), o); err != nil {
				t.Errorf("%q (literal %v): %v", tt.in, o.Literal, err)
			}
		}
	}
}

func TestAppendCommandAllocs(t *testing.T) {
	var p Parser
	var c Command
	msg := []byte("a2 UID SEARCH RETURN (MIN COUNT) OR (FROM alice SINCE 1-Jan-2024) NOT (SEEN HEADER X-A {3+}\r\nb c)\r\n")
	if err := p.ParseCommand(msg, &c); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 1024)
	n := testing.AllocsPerRun(100, func() { buf = AppendCommand(buf[:0], &c, StringOpts{}) })
	if n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
	if !bytes.Contains(buf, []byte("HEADER X-A {3}\r\nb c")) {
		t.Errorf("encoded %q", buf)
	}
}

// commandStream frames and parses every command of a client stream as a
// server would (AUTHENTICATE and IDLE exchanges guessed, see
// GuessExchanges), round-tripping each one. It returns how many commands
// parsed and the first error.
func commandStream(t *testing.T, b []byte, opt Options, check bool) (n int, first error) {
	p := NewParser(opt)
	r := NewCommandReader(bytes.NewReader(b), p)
	r.GuessExchanges(true)
	var c Command
	for i := 0; i < 1<<20; i++ {
		m, err := r.Next()
		if err == io.EOF {
			return n, first
		}
		if err != nil {
			if first == nil {
				first = err
			}
			return n, first
		}
		if m.Kind != ReadCommand {
			continue
		}
		if err := p.ParseCommand(m.Bytes, &c); err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		n++
		if check {
			if err := roundTrip(p, m.Bytes, StringOpts{}); err != nil {
				t.Errorf("round trip of %.60q: %v", m.Bytes, err)
			}
		}
	}
	return n, first
}

// commandCorpusDisagreements lists corpus files whose name promises an
// outcome that this parser, reading the RFCs, does not give; each says why.
// The test checks that they still disagree, so a fix to either side shows.
var commandCorpusDisagreements = map[string]string{}

// TestCorpusCommands parses every file of corpus/commands by the outcome
// its name promises (corpus/README.md), and round-trips every command of
// the valid ones.
func TestCorpusCommands(t *testing.T) {
	dir := filepath.Join("..", "corpus", "commands")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		t.Skip("no corpus/commands")
	}
	if err != nil {
		t.Fatal(err)
	}
	valid := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, "README") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if why, ok := commandCorpusDisagreements[name]; ok {
			if _, err := commandStream(t, b, Options{}, false); (err == nil) != strings.HasPrefix(name, "bad-") {
				t.Errorf("%s: now agrees with its name; drop it from commandCorpusDisagreements (%s)", name, why)
			}
			continue
		}
		switch {
		case strings.HasPrefix(name, "bad-"):
			if n, err := commandStream(t, b, Options{}, false); err == nil {
				t.Errorf("%s: accepted (%d commands), want an error", name, n)
			}
		case strings.HasPrefix(name, "lenient-"):
			if _, err := commandStream(t, b, Options{}, false); err == nil {
				t.Errorf("%s: accepted in strict mode", name)
			}
		case strings.HasPrefix(name, "stress-"):
			commandStream(t, b, Options{}, false)
		default:
			n, err := commandStream(t, b, Options{}, true)
			if err != nil || n == 0 {
				t.Errorf("%s: %d commands, error %v", name, n, err)
			}
			valid++
		}
	}
	t.Logf("%d files, %d valid", len(entries), valid)
}

// twoReads returns b in two reads, cut at k.
type twoReads struct {
	b []byte
	k int
}

func (r *twoReads) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	end := len(r.b)
	if r.k > 0 {
		end = r.k
	}
	n := copy(p, r.b[:end])
	r.b = r.b[n:]
	r.k -= n
	return n, nil
}

// readerTrace lists what a CommandReader makes of r, ReadContinue left out
// (whether it shows depends on where the bytes were cut, by design).
func readerTrace(r io.Reader) []string {
	cr := NewCommandReader(r, nil)
	cr.GuessExchanges(true)
	var out []string
	for i := 0; i < 1<<16; i++ {
		m, err := cr.Next()
		if err != nil {
			if err != io.EOF {
				out = append(out, "error: "+err.Error())
			}
			return out
		}
		if m.Kind != ReadContinue {
			out = append(out, m.Kind.String()+" "+strconv.FormatInt(m.Offset, 10)+" "+string(m.Bytes))
		}
	}
	return out
}

// TestCorpusCommandsEveryBoundary cuts every file of corpus/commands at
// every byte into two reads and checks that the CommandReader frames the
// same messages, at the same offsets, with the same errors.
func TestCorpusCommandsEveryBoundary(t *testing.T) {
	dir := filepath.Join("..", "corpus", "commands")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		t.Skip("no corpus/commands")
	}
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || len(b) > 4096 {
			continue // the test is quadratic in the size: the few files over 4 KiB are left out
		}
		files++
		want := strings.Join(readerTrace(bytes.NewReader(b)), "\n")
		for k := 1; k < len(b); k++ {
			if got := strings.Join(readerTrace(&twoReads{b: b, k: k}), "\n"); got != want {
				t.Errorf("%s cut at %d:\n%s\nwant\n%s", e.Name(), k, got, want)
				break
			}
		}
	}
	t.Logf("%d files split at every byte", files)
}

// FuzzCommandRoundTrip checks, for every input the strict parser accepts
// as one command, that encoding its parsed form and parsing that gives the
// same structure (see roundTrip), with both literal forms.
func FuzzCommandRoundTrip(f *testing.F) {
	for _, tt := range commandTests {
		f.Add([]byte(tt.in))
	}
	if entries, err := os.ReadDir(filepath.Join("..", "corpus", "commands")); err == nil {
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join("..", "corpus", "commands", e.Name())); err == nil && len(b) < 4096 {
				f.Add(b)
			}
		}
	}
	var p Parser
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := p.FrameCommand(b)
		if err != nil {
			return
		}
		var c Command
		if p.ParseCommand(b[:fr.N], &c) != nil {
			return
		}
		for _, o := range []StringOpts{{}, {Literal: LiteralNonSync, UTF8: true}} {
			if err := roundTrip(&p, b[:fr.N], o); err != nil {
				t.Fatalf("%q: %v", b[:fr.N], err)
			}
		}
	})
}

// FuzzWalkUnvalidated walks FETCH items and search keys over bytes that
// never went through ParseCommand (a caller may set Command fields by
// hand): the iterators must stop, not panic or loop.
func FuzzWalkUnvalidated(f *testing.F) {
	f.Add([]byte(`OR (FROM "a\"b" SINCE 1-Jan-2024) NOT (SEEN {3}` + "\r\nabc)"))
	f.Add([]byte(`UID BODY.PEEK[1.HEADER.FIELDS (a "b)" {1}` + "\r\n" + `c)]<0.5>`))
	var p Parser
	var c Command
	if err := p.ParseCommand([]byte("a SEARCH ALL\r\n"), &c); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c.Kind = CmdSearch
		c.Keys = Value{Form: FormList, Raw: b}
		steps := 0
		var walk func(it SearchIter, depth int)
		walk = func(it SearchIter, depth int) {
			for it.Next() && steps < 100000 && depth < 100 {
				steps++
				k := it.Key()
				walk(k.Keys(), depth+1)
			}
		}
		walk(c.SearchKeys(), 0)
		// The in-place walk reads each key when asked (Kind, Arg, Descend,
		// Key in a different order than the value walk): the same keys.
		var want, got bytes.Buffer
		steps = 0
		var values func(it SearchIter, depth int)
		values = func(it SearchIter, depth int) {
			for it.Next() && steps < 100000 && depth < 100 {
				steps++
				k := it.Key()
				a := k.Arg()
				fmt.Fprintf(&want, "%v %q %v %q (", k.Kind, k.Raw, a.Form, a.Raw)
				values(k.Keys(), depth+1)
				want.WriteString(")")
			}
		}
		values(c.SearchKeys(), 0)
		steps = 0
		var inPlace func(it *SearchIter, depth int)
		inPlace = func(it *SearchIter, depth int) {
			var sub SearchIter
			for it.Next() && steps < 100000 && depth < 100 {
				steps++
				var a Value
				if steps%2 == 0 {
					it.Descend(&sub) // the key read first by Descend, or by Arg
				}
				a = it.Arg()
				kind := it.Kind()
				fmt.Fprintf(&got, "%v %q %v %q (", kind, it.Key().Raw, a.Form, a.Raw)
				it.Descend(&sub)
				inPlace(&sub, depth+1)
				got.WriteString(")")
			}
		}
		var keys SearchIter
		keys.Reset(&c)
		inPlace(&keys, 0)
		if want.String() != got.String() {
			t.Fatalf("%q: in-place walk %s, value walk %s", b, got.String(), want.String())
		}
		c.Kind = CmdFetch
		c.Items = Value{Form: FormList, Raw: b}
		for it := c.FetchItems(); it.Next() && steps < 200000; steps++ {
			for l := it.Att().HeaderFields(); l.Next(); {
			}
			for l := it.Att().Fields().List(); l.Next(); {
			}
		}
		// Flags without a record: every other element read, on an
		// iterator set in place, gives what the value walk gives.
		c.Kind = CmdStore
		want.Reset()
		got.Reset()
		fl := c.Flags()
		for i := 0; fl.Next(); i++ {
			if v := fl.Value(); i%2 == 0 {
				fmt.Fprintf(&want, "%v %q %d,", v.Form, v.Raw, v.Off)
			}
		}
		fmt.Fprintf(&want, "%v", fl.Err())
		var flags ElemIter
		flags.ResetFlags(&c)
		for i := 0; flags.Next(); i++ {
			if i%2 == 0 {
				v := flags.Value()
				fmt.Fprintf(&got, "%v %q %d,", v.Form, v.Raw, v.Off)
			}
		}
		fmt.Fprintf(&got, "%v", flags.Err())
		if want.String() != got.String() {
			t.Fatalf("%q: flags in place %s, value walk %s", b, got.String(), want.String())
		}
	})
}
