package parser

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// cmdSnapshot copies c with the parts of its record that a parse did not
// write (past the counts) cleared, so that two parses can be compared.
func cmdSnapshot(c *Command) Command {
	s := *c
	x := &s.idx
	if n := int(x.n); n >= 0 && n <= maxCmdMarks {
		clear(x.mark[n:])
	}
	if n := int(x.nd); n >= 0 && n <= maxAttDetails {
		clear(x.detail[n:])
	}
	if n := x.lists.n; n >= 0 && n <= maxListSpans {
		clear(x.lists.span[n:])
	}
	return s
}

// fastVsGeneralCommand parses b with the fast paths and with the general
// path alone, into the same Command (so that the pointers into its record
// compare equal), and describes any difference.
func fastVsGeneralCommand(p *Parser, b []byte, c *Command) string {
	// The iterators are defined on a successful parse only.
	errG := p.parseCommandMode(b, c, false)
	general := cmdSnapshot(c)
	walkG := ""
	if errG == nil {
		walkG = walkCommand(c)
	}
	c.Raw = nil // the next parse starts from a cleared Command, as this one may not have
	errF := p.parseCommandMode(b, c, true)
	fast := cmdSnapshot(c)
	walkF := ""
	if errF == nil {
		walkF = walkCommand(c)
	}
	if fmt.Sprint(errG) != fmt.Sprint(errF) {
		return fmt.Sprintf("%q: general error %v, fast error %v", b, errG, errF)
	}
	if errG == nil && !reflect.DeepEqual(general, fast) {
		return fmt.Sprintf("%q: the fast path's Command differs:\ngeneral %+v\nfast    %+v", b, general, fast)
	}
	if walkG != walkF {
		return fmt.Sprintf("%q: walks differ:\ngeneral %s\nfast    %s", b, walkG, walkF)
	}
	if errF == nil {
		var st inPlaceIters
		if w := walkCommandInPlace(c, &st); w != walkF {
			return fmt.Sprintf("%q: in-place walk differs:\nin place %s\nvalues   %s", b, w, walkF)
		}
	}
	return ""
}

// walkCommand describes what the iterators of c yield.
func walkCommand(c *Command) string {
	var w bytes.Buffer
	items := c.FetchItems()
	for items.Next() {
		a := items.Att()
		fmt.Fprintf(&w, "att %v %q %d %v %v %d %d %q %q %q [", a.Kind, a.Raw, a.Off, a.Peek, a.Partial, a.Origin, a.Size, a.Name(), a.Section(), a.Specifier())
		fl := a.HeaderFields()
		for fl.Next() {
			v := fl.Value()
			fmt.Fprintf(&w, "%v %q %d,", v.Form, v.Raw, v.Off)
		}
		w.WriteString("]\n")
	}
	var keys func(it SearchIter)
	keys = func(it SearchIter) {
		for it.Next() {
			k := it.Key()
			a := k.Arg()
			fmt.Fprintf(&w, "key %v %q %d %v %q (", k.Kind, k.Raw, k.Off, a.Form, a.Raw)
			keys(k.Keys())
			w.WriteString(")\n")
		}
	}
	keys(c.SearchKeys())
	fl := c.Flags()
	for fl.Next() {
		fmt.Fprintf(&w, "flag %q,", fl.Value().Raw)
	}
	return w.String()
}

// inPlaceIters are iterators kept across commands, for walkCommandInPlace.
type inPlaceIters struct {
	items     FetchIter
	fl, flags ElemIter
	keys      SearchIter
}

// walkCommandInPlace is walkCommand with the iterators set in place
// (Reset, HeaderFields, Descend, ResetFlags) and reused from st, whatever
// they walked before; it describes the walk in the same words.
func walkCommandInPlace(c *Command, st *inPlaceIters) string {
	var w bytes.Buffer
	// Each iterator set in place must be the one the value API returns.
	same := func(what string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			fmt.Fprintf(&w, "%s set in place: %+v, want %+v\n", what, got, want)
		}
	}
	st.items.Reset(c)
	same("FetchIter", st.items, c.FetchItems())
	for st.items.Next() {
		a := st.items.Att()
		origin, size, partial := st.items.Partial()
		fmt.Fprintf(&w, "att %v %q %d %v %v %d %d %q %q %q [", st.items.Kind(), a.Raw, a.Off, st.items.Peek(), partial, origin, size, a.Name(), a.Section(), a.Specifier())
		st.items.HeaderFields(&st.fl)
		same("ElemIter of a header-list", st.fl, a.HeaderFields())
		for st.fl.Next() {
			v := st.fl.Value()
			fmt.Fprintf(&w, "%v %q %d,", v.Form, v.Raw, v.Off)
		}
		w.WriteString("]\n")
	}
	var keys func(it *SearchIter)
	keys = func(it *SearchIter) {
		var sub SearchIter
		for it.Next() {
			k := it.Key()
			a := it.Arg()
			fmt.Fprintf(&w, "key %v %q %d %v %q (", it.Kind(), k.Raw, k.Off, a.Form, a.Raw)
			it.Descend(&sub)
			same("SearchIter of operands", sub, k.Keys())
			keys(&sub)
			w.WriteString(")\n")
		}
	}
	st.keys.Reset(c)
	same("SearchIter", st.keys, c.SearchKeys())
	keys(&st.keys)
	st.flags.ResetFlags(c)
	same("ElemIter of flags", st.flags, c.Flags())
	for st.flags.Next() {
		fmt.Fprintf(&w, "flag %q,", st.flags.Value().Raw)
	}
	if st.flags.Err() != nil || st.fl.Err() != nil {
		w.WriteString("error")
	}
	return w.String()
}

// TestWalkInPlace holds the in-place iterators to the value ones, on
// every fast-path input that parses, with the command's record and (on a
// copy of its bytes, so that the record does not describe them) without.
func TestWalkInPlace(t *testing.T) {
	var p Parser
	var c Command
	var st inPlaceIters
	walked := 0
	for _, b := range fastPathInputs(t) {
		if p.ParseCommand(b, &c) != nil {
			continue
		}
		want := walkCommand(&c)
		if got := walkCommandInPlace(&c, &st); got != want {
			t.Fatalf("%q: in-place walk differs:\n got %s\nwant %s", b, got, want)
		}
		scan := c
		scan.Raw = bytes.Clone(c.Raw)
		if got := walkCommandInPlace(&scan, &st); got != want {
			t.Fatalf("%q: in-place walk without the record differs:\n got %s\nwant %s", b, got, want)
		}
		if got := walkCommand(&scan); got != want {
			t.Fatalf("%q: walk without the record differs:\n got %s\nwant %s", b, got, want)
		}
		if want != "" {
			walked++
		}
	}
	if walked < 100 {
		t.Errorf("only %d commands had anything to walk", walked)
	}
}

// fastPathInputs returns commands for the fast-path comparison: the
// typical stream, the command tables, variants of the shapes the fast
// paths take, and the command corpus.
func fastPathInputs(t *testing.T) [][]byte {
	var in [][]byte
	var p Parser
	stream := typicalCommands()
	for off := 0; off < len(stream); {
		f, err := p.FrameCommand(stream[off:])
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, stream[off:off+f.N])
		off += f.N
	}
	for _, tt := range commandTests {
		in = append(in, []byte(tt.in))
	}
	for _, tt := range commandErrorTests {
		in = append(in, []byte(tt.in))
	}
	for _, s := range []string{
		"a FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY RFC822 RFC822.HEADER RFC822.TEXT MODSEQ EMAILID THREADID SAVEDATE)\r\n",
		"a FETCH $ (body.peek[header] BODY[TEXT] Body[] BODY.PEEK[HEADER.FIELDS.NOT (Received Bcc X-Y)]<10.20>)\r\n",
		"a UID FETCH 1,2:3,*:5 (BODY[HEADER.FIELDS (nil Nil2 1abc ~x a[b] \"q\")])\r\n",
		"a FETCH 1 (BODY[HEADER.FIELDSX (A)])\r\n", "a FETCH 1 (BODY[HEADER.FIELDS.NO (A)])\r\n",
		"a FETCH 1 (BODY.PEEK[]<0.0>)\r\n", "a FETCH 1 (BODY.PEEK[]<4294967296.1>)\r\n",
		"a FETCH 1 (BODY.PEEK[]<00000000001.1>)\r\n", "a FETCH 1 (BODY[MIME])\r\n", "a FETCH 1 (BODY[1.MIME])\r\n",
		"a FETCH 1 (UID[] FLAGS)\r\n", "a FETCH 1 (UID<1> FLAGS)\r\n", "a FETCH 1 (UID FLAGS) (CHANGEDSINCE 5)\r\n",
		"a FETCH 0 (UID)\r\n", "a FETCH 4294967296 (UID)\r\n", "a FETCH 00 (UID)\r\n", "a FETCH 0000000 (UID)\r\n",
		"a FETCH 0001:4294967295,12345678,1234567:01,9999999 (UID)\r\n", "a FETCH 99999999999 (UID)\r\n",
		"a UID STORE 4294967295 FLAGS (\\Seen)\r\n", "a STORE 1 +FLAGS (123)\r\n", "a STORE 1 +FLAGS (\\123 12a a12 Nil nil1 \\NIL)\r\n",
		"a STORE 1 FLAGS (a[b)\r\n", "a STORE 1 FLAGS (\\)\r\n", "a STORE 1 FLAGS (\\Seen \\Flagged\x80)\r\n", "a FETCH 1234567\xff (UID)\r\n", "a FETCH 7", "a FETCH 1 ()\r\n", "a FETCH 1 (UID )\r\n",
		"a FETCH 1 (X-FOO UID)\r\n", "a FETCH 1 (BODY.PEEK UID)\r\n", "a FETCH 1 (BINARY.PEEK[1] UID)\r\n",
		"a fetch 1 (uid)\r\n", "a FETCH 1 (UID)\n", "a FETCH 1 (UID)\r\n\r\n",
		"a SEARCH FROM \"a\tb\" SUBJECT \"0123456789abcdefghij\x80\xff\"\r\n", "a SEARCH FROM \"x\\\\y\"\r\n",
		"a SEARCH FROM \"abcdefghijklmnop\r\n", "a SEARCH FROM \"\" TO \"\x01\x0e\"\r\n", "a SEARCH TO \"ab",
		"a SEARCH CC x\r\n", "a SEARCH CHARSET UTF-8 ALL\r\n", "a SEARCH RETURN (MIN) ALL\r\n", "a SEARCH RECENT\r\n",
		"a SEARCH OLD OLDER 5\r\n", "a SEARCH ON 1-Jan-2024 SENTON \"2-feb-2024\" BEFORE 31-Dec-1999\r\n",
		"a SEARCH UID 1:5,7 1:* $ KEYWORD $Junk UNKEYWORD foo LARGER 100\r\n",
		"a SEARCH NOT (OR A B)\r\n", "a SEARCH HEADER X-Foo bar\r\n", "a SEARCH SUBJECT {3+}\r\nabc\r\n",
		"a SEARCH SUBJECT \"a\\\"b\"\r\n", "a SEARCH FROM ~x\r\n", "a SEARCH ((SEEN))\r\n", "a SEARCH (SEEN\r\n",
		"a SEARCH SEEN]\r\n", "a SEARCH SEENX\r\n", "a SEARCH SAVEDATESUPPORTED\r\n", "a SEARCH  ALL\r\n",
		"a SEARCH ALL \r\n", "a SEARCH SINCE 1-Jan-24\r\n", "a SEARCH OR SEEN\r\n", "a SEARCH NOT\r\n",
		"a NOOP\r\n", "a UID NOOP\r\n", "a UID\r\n", "a UID FETCH\r\n", "a NOOP \r\n", "a STORE 1 FLAGS (\\Seen)\r\n",
		"a UID STORE 1 -FLAGS.SILENT (\\Seen $x)\r\n", "a STORE 1 +FLAGS.SILENT\r\n", "a STORE 1 FLAGS.SILENTX (a)\r\n",
		"a STORE 1 FLAGS.SILEN (a)\r\n", "a STORE 1 FLAGS \\Seen\r\n", "a STORE 1 (UNCHANGEDSINCE 5) FLAGS (a)\r\n",
		"a STORE 1 FLAGS (a) \r\n", "a STORE 1 *FLAGS (a)\r\n", "a STORE 1 FLAGS (NIL)\r\n", "a CAPABILITY\r\n", "a LOGOUT\r\n", "a X-NEW arg\r\n",
		"a GETQUOTAROOT INBOX\r\n", "a UNSUBSCRIBE x\r\n", "tag{ NOOP\r\n", "a NOOP\x00\r\n",
	} {
		in = append(in, []byte(s))
	}
	// Each hot name, cut short and followed by more name octets.
	for _, n := range []string{"UID", "FLAGS", "BODY.PEEK[]", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE"} {
		in = append(in, []byte("a FETCH 1 (FLAGS "+n+")\r\n"), []byte("a FETCH 1 (FLAGS "+n+"x)\r\n"),
			[]byte("a FETCH 1 (FLAGS "+n[:len(n)-1]+")\r\n"), []byte("a FETCH 1 ("+n+"-1 UID)\r\n"))
	}
	for _, n := range []string{"SEEN", "UNSEEN", "FROM x", "SUBJECT x", "SINCE 1-Jan-2000", "OR ALL ALL", "NOT ALL", "DELETED", "ALL", "UID 1"} {
		in = append(in, []byte("a SEARCH "+n+"\r\n"), []byte("a SEARCH "+n+"x\r\n"), []byte("a SEARCH x"+n+"\r\n"),
			[]byte("a SEARCH "+n[:len(n)-1]+"\r\n"), []byte("a SEARCH ("+n+")\r\n"))
	}
	if entries, err := os.ReadDir(filepath.Join("..", "corpus", "commands")); err == nil {
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join("..", "corpus", "commands", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for off := 0; off < len(b) && len(in) < 100000; {
				f, err := p.FrameCommand(b[off:])
				if err != nil {
					in = append(in, b[off:min(len(b), off+300)])
					break
				}
				in = append(in, b[off:off+f.N])
				off += f.N
			}
		}
	}
	return in
}

// TestCommandFastMatchesGeneral holds the fast paths of cmdfast.go to the
// general grammar code: for every input, and for variants with one octet
// changed or cut short, both give the same error or the same Command and
// the same walk, with default and with small limits.
func TestCommandFastMatchesGeneral(t *testing.T) {
	in := fastPathInputs(t)
	parsers := []*Parser{{}, NewParser(Options{Limits: Limits{MaxDepth: 2, MaxArgs: 2}})}
	var c Command
	fast := 0
	for i, b := range in {
		for _, p := range parsers {
			if d := fastVsGeneralCommand(p, b, &c); d != "" {
				t.Fatal(d)
			}
		}
		if headFast(b) >= 0 {
			fast++
		}
		if len(b) > 400 {
			continue
		}
		step := 1 // every position of some inputs, about four of the others
		if i%32 != 0 {
			step = 1 + len(b)/4
		}
		m := make([]byte, len(b))
		for at := 0; at < len(b); at += step {
			for _, x := range []byte(" ()[]<>.:,*$\"\\\r\n0A{~") {
				copy(m, b)
				m[at] = x
				if d := fastVsGeneralCommand(parsers[i%2], m, &c); d != "" {
					t.Fatal(d)
				}
			}
			if d := fastVsGeneralCommand(parsers[0], b[:at], &c); d != "" {
				t.Fatal(d)
			}
		}
	}
	if fast < len(in)/2 {
		t.Errorf("the fast head took only %d of %d commands", fast, len(in))
	}
	t.Logf("fast head took %d of %d commands", fast, len(in))
}

// FuzzCommandFastPath compares the fast paths with the general path on
// any input (go test -fuzz FuzzCommandFastPath ./parser).
func FuzzCommandFastPath(f *testing.F) {
	stream := typicalCommands()
	var p Parser
	for off := 0; off < len(stream) && off < 700; {
		fr, err := p.FrameCommand(stream[off:])
		if err != nil {
			f.Fatal(err)
		}
		f.Add(stream[off : off+fr.N])
		off += fr.N
	}
	small := NewParser(Options{Limits: Limits{MaxDepth: 2, MaxArgs: 2}})
	var c Command
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, p := range []*Parser{{}, small} {
			if d := fastVsGeneralCommand(p, b, &c); d != "" {
				t.Fatal(d)
			}
		}
	})
}

// TestAlnumRun checks the word-at-a-time letter and digit count against
// a loop, for every octet at every position after a run.
func TestAlnumRun(t *testing.T) {
	isAlnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
	var b [8]byte
	for n := 0; n <= 8; n++ {
		for x := 0; x < 256; x++ {
			for i := range b {
				b[i] = "aZ09zA9q"[i]
			}
			if n < 8 {
				b[n] = byte(x)
			}
			for i := n + 1; i < 8; i++ {
				b[i] = byte(x * i)
			}
			want := 0
			for want < 8 && isAlnum(b[want]) {
				want++
			}
			if got := alnumRun(binary.LittleEndian.Uint64(b[:])); got != want {
				t.Fatalf("%q: alnumRun %d, want %d", b, got, want)
			}
		}
	}
}

// headFast reports whether parseFast reads the head (tag SP name, or tag
// SP "UID" SP name) of command b itself, as it does: -1 when it does not
// (it then hands b to the general path from the start).
func headFast(b []byte) int {
	p := 0
	for p < len(b) && charClass[b[p]]&cTag != 0 {
		p++
	}
	if p == 0 || p >= len(b) || b[p] != ' ' {
		return -1
	}
	id, n := hotCommand(load8(b, p+1))
	if id < 0 {
		id, n = commandFast.match(b, p+1, false)
	}
	if id < 0 || uint8(id) != fastUID {
		return id
	}
	if p += 1 + n; p >= len(b) || b[p] != ' ' {
		return -1
	}
	if id, _ = hotCommand(load8(b, p+1)); id < 0 {
		id, _ = commandFast.match(b, p+1, false)
	}
	switch CommandKind(id) {
	case CmdCopy, CmdMove, CmdFetch, CmdSearch, CmdStore, CmdExpunge, CmdSort, CmdThread:
		return id
	}
	return -1
}
