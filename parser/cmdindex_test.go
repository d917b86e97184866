package parser

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCommandReset checks that ParseCommand leaves nothing of an earlier
// command behind: Command.reset must clear every field but the record's
// marks, so a field added to Command and forgotten there fails here.
func TestCommandReset(t *testing.T) {
	var p Parser
	var c Command
	v := reflect.ValueOf(&c).Elem()
	for i := 0; i < v.NumField(); i++ {
		if f := v.Type().Field(i); f.IsExported() {
			fillNonZero(t, f.Name, v.Field(i))
		}
	}
	if err := p.ParseCommand([]byte("a NOOP\r\n"), &c); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		switch f.Name {
		case "Raw", "Tag", "Name", "Kind", "lim", "idx":
			continue
		}
		if !v.Field(i).IsZero() {
			t.Errorf("field %s kept %v after ParseCommand", f.Name, v.Field(i))
		}
	}
	if string(c.Tag) != "a" || c.Kind != CmdNoop {
		t.Errorf("tag %q kind %v", c.Tag, c.Kind)
	}
}

// fillNonZero sets an exported field of Command to a non-zero value.
func fillNonZero(t *testing.T, name string, f reflect.Value) {
	switch f.Kind() {
	case reflect.Slice:
		f.Set(reflect.ValueOf([]byte("x")))
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Int:
		f.SetInt(7)
	case reflect.Uint8:
		f.SetUint(2)
	case reflect.Struct:
		// Value and SeqSet: their Raw.
		f.FieldByName("Raw").Set(reflect.ValueOf([]byte("x")))
	default:
		t.Fatalf("field %s: kind %v not handled", name, f.Kind())
	}
}

// TestIndexedWalks checks that the walks driven by ParseCommand's record
// yield what the walks that read the bytes yield, key by key and item by
// item, nested keys included.
func TestIndexedWalks(t *testing.T) {
	cmds := []string{
		"a UID SEARCH OR (FROM \"alice@example.org\" SINCE 1-Jan-2024) NOT (SEEN OR DELETED SUBJECT urgent)\r\n",
		"a SEARCH CHARSET UTF-8 HEADER \"X-A\" {3}\r\nabc 1:*,5 $ UID 4:7 LARGER 100 ON \"2-Feb-2024\" NOT NOT (ALL (NEW) FUZZY TEXT x)\r\n",
		"a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338 KEYWORD $Junk OLDER 5 EMAILID M6d99ac3275bb4e FILTER on-the-go SMALLER 9\r\n",
		"a SORT (DATE) UTF-8 OR TO bob CC {1+}\r\nc\r\n",
		"a THREAD REFERENCES UTF-8 (((((ALL)))))\r\n",
		"a UID FETCH 1:100 (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (From To Cc Subject Date Message-ID)])\r\n",
		"a FETCH 1 (BODY[1.2.MIME]<0.10> BINARY.PEEK[1]<5.6> BINARY.SIZE[2] PREVIEW (LAZY) X-GM-MSGID ENVELOPE BODY BODYSTRUCTURE MODSEQ)\r\n",
		"a FETCH 1 BODY.PEEK[]<0.65536>\r\n",
		"a FETCH 1 (BODY[1.2.HEADER.FIELDS.NOT (A \"B\" {1}\r\nC)] BODY[TEXT] BODY[1] BINARY[] PREVIEW BODY[3.HEADER]<1.2>)\r\n",
		"a FETCH 1 (BODY[1] BODY[2] BODY[3] BODY[4] BODY[5] BODY[6] BODY[7] BODY[8] BODY[9] BODY[10] UID)\r\n",
		"a FETCH 1:* FULL\r\n",
		"a UID STORE 4001 +FLAGS.SILENT (\\Seen)\r\n",
		"a STORE 1 FLAGS (\\Seen $Junk NIL 123 \\Answered)\r\n",
		"a STORE 1 FLAGS ()\r\n",
		"a FETCH 1 (BODY[HEADER.FIELDS (NIL 1 X-A)] BODY[HEADER.FIELDS (\"A\" B)] BODY[HEADER.FIELDS (A] B)])\r\n",
	}
	var p Parser
	for _, in := range cmds {
		var c Command
		if err := p.ParseCommand([]byte(in), &c); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !c.idx.valid(c.Raw) && c.Kind != CmdFetch && c.Kind != CmdStore {
			t.Errorf("%q: no record", in)
		}
		scan := c
		scan.idx.full = true // walk by reading the bytes
		if got, want := dumpKeys(c.SearchKeys()), dumpKeys(scan.SearchKeys()); got != want {
			t.Errorf("%q: indexed keys\n%s\nscanned\n%s", in, got, want)
		}
		if got, want := dumpAtts(c.FetchItems()), dumpAtts(scan.FetchItems()); got != want {
			t.Errorf("%q: indexed items\n%s\nscanned\n%s", in, got, want)
		}
		if got, want := recordedFlags(&c), scannedFlags(&c); c.Kind == CmdStore && got != want {
			t.Errorf("%q: recorded flags %s, scanned %s", in, got, want)
		}
	}
	// The typical lists are walked through the record.
	var c Command
	if err := p.ParseCommand([]byte(cmds[5]), &c); err != nil {
		t.Fatal(err)
	}
	for it := c.FetchItems(); it.Next(); {
		if f := it.Att().Fields(); f.Form == FormList && f.spans == nil {
			t.Errorf("%q: header-list %q not recorded", cmds[5], f.Raw)
		}
	}
	if err := p.ParseCommand([]byte(cmds[11]), &c); err != nil {
		t.Fatal(err)
	}
	if c.Items.spans == nil {
		t.Errorf("%q: flags not recorded", cmds[11])
	}
}

func dumpKeys(it SearchIter) string {
	var b []byte
	for it.Next() {
		k := it.Key()
		b = append(b, formatKey(&k)...)
		b = append(b, '{')
		b = append(b, dumpKeys(k.Keys())...)
		b = append(b, "}\n"...)
	}
	return string(b)
}

func formatKey(k *SearchKey) string {
	return k.Kind.String() + " raw=" + string(k.Raw) + " off=" + itoa(k.Off) + " name=" + string(k.Name()) +
		" arg=" + fmtValue(k.Arg()) + " num=" + itoa(int(k.Number())) + " field=" + fmtValue(k.Field()) +
		" type=" + string(k.EntryType()) + " seq=" + string(k.Seq().Raw)
}

func dumpAtts(it FetchIter) string {
	var b []byte
	for it.Next() {
		a := it.Att()
		fields := a.Fields()
		l := fields.List()
		b = append(b, a.Kind.String()+" raw="+string(a.Raw)+" off="+itoa(a.Off)+" name="+string(a.Name())+
			" macro="+string(a.Macro())+" sec="+string(a.Section())+" part="+string(a.Part())+" spec="+string(a.Specifier())+
			" fields="+fmtValue(fields)+dumpList(&l)+" mods="+fmtValue(a.Modifiers())+" partial="+itoa(int(a.Origin))+"."+itoa(int(a.Size))+"\n"...)
		if a.Peek {
			b = append(b, "peek\n"...)
		}
		for f := a.HeaderFields(); f.Next(); {
			b = append(b, " field "+fmtValue(f.Value())...)
		}
	}
	return string(b)
}

// elemWalk is what ListIter and ElemIter have in common.
type elemWalk interface {
	Next() bool
	Value() Value
	Err() error
}

// dumpList formats the elements of a list walk.
func dumpList(it elemWalk) string {
	b := []byte{'['}
	for it.Next() {
		b = append(b, fmtValue(it.Value())...)
		b = append(b, ' ')
	}
	if it.Err() != nil {
		b = append(b, it.Err().Error()...)
	}
	return string(append(b, ']'))
}

// recordedFlags walks STORE's flags with Flags.
func recordedFlags(c *Command) string {
	it := c.Flags()
	return dumpList(&it)
}

// scannedFlags walks STORE's flags without the walk record, with a
// ListIter and with an ElemIter, and returns the ListIter's walk, or both
// when they differ.
func scannedFlags(c *Command) string {
	if c.Kind != CmdStore {
		return ""
	}
	v := c.Items
	v.spans, v.ti = nil, 0
	l := v.List()
	e := newElemIter(&v, true)
	a, b := dumpList(&l), dumpList(&e)
	if a != b {
		return a + " (ElemIter: " + b + ")"
	}
	return a
}

func fmtValue(v Value) string {
	return v.Form.String() + ":" + string(v.Raw) + "@" + itoa(v.Off)
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// TestTrustedListAtoms checks that a trusted walk of validated lists
// (STORE's flags, a header-list) yields the values an untrusted walk
// reads: same forms, bytes and offsets.
func TestTrustedListAtoms(t *testing.T) {
	lists := []string{
		`\Seen \* $Junk NIL nil 123 NILS N ~x a[1] \Answered`,
		`From To Cc Subject Date Message-ID X-Spam-Score 0`,
		`"q" (a b) NIL x`,
	}
	for _, l := range lists {
		v := Value{Form: FormList, Raw: []byte(l), Off: 3}
		tv := v
		tv.trusted = true
		var want, got []string
		for it := v.List(); it.Next(); {
			want = append(want, fmtValue(it.Value()))
		}
		for it := tv.List(); it.Next(); {
			got = append(got, fmtValue(it.Value()))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: trusted %q, untrusted %q", l, got, want)
		}
	}
}

// TestCommandReuse parses every command of the tables into a Command that
// holds each other command (valid or not) first, and checks that the
// result equals a parse into a fresh Command: the selective reset leaves
// nothing behind.
func TestCommandReuse(t *testing.T) {
	var ins []string
	for _, tt := range commandTests {
		ins = append(ins, tt.in)
	}
	for _, tt := range commandErrorTests {
		ins = append(ins, tt.in)
	}
	var p Parser
	for _, first := range ins {
		for _, in := range ins {
			var fresh, reused Command
			errFresh := p.ParseCommand([]byte(in), &fresh)
			_ = p.ParseCommand([]byte(first), &reused)
			errReused := p.ParseCommand([]byte(in), &reused)
			if (errFresh == nil) != (errReused == nil) {
				t.Fatalf("%q after %q: error %v, fresh %v", in, first, errReused, errFresh)
			}
			if d := commandDiff(&fresh, &reused); d != "" {
				t.Fatalf("%q after %q: field %s differs", in, first, d)
			}
		}
	}
}

// commandDiff names the first field, exported or messages, in which a and
// b differ, or returns "".
func commandDiff(a, b *Command) string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := 0; i < va.NumField(); i++ {
		f := va.Type().Field(i)
		if !f.IsExported() && f.Name != "messages" {
			continue
		}
		if f.IsExported() {
			x, y := va.Field(i).Interface(), vb.Field(i).Interface()
			if v, ok := x.(Value); ok {
				// The walk record a list points to is the Command's own;
				// walks through it are checked by TestIndexedWalks.
				w := y.(Value)
				v.spans, v.ti, w.spans, w.ti = nil, 0, nil, 0
				x, y = v, w
			}
			if !reflect.DeepEqual(x, y) {
				return f.Name
			}
			continue
		}
		if fmtValue(a.messages) != fmtValue(b.messages) {
			return f.Name
		}
	}
	return ""
}

// TestIndexedWalksCorpus is TestIndexedWalks over every command of
// corpus/commands that parses: the walks driven by the record and the
// walks that read the bytes must agree on every key and item.
func TestIndexedWalksCorpus(t *testing.T) {
	dir := filepath.Join("..", "corpus", "commands")
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var p Parser
	walked := 0
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off < len(b); {
			fr, err := p.FrameCommand(b[off:])
			if err != nil {
				break
			}
			var c Command
			msg := b[off : off+fr.N]
			off += fr.N
			if p.ParseCommand(msg, &c) != nil {
				continue
			}
			scan := c
			scan.idx.full = true
			if got, want := dumpKeys(c.SearchKeys()), dumpKeys(scan.SearchKeys()); got != want {
				t.Errorf("%s %q: indexed keys\n%s\nscanned\n%s", f.Name(), msg, got, want)
			}
			if got, want := dumpAtts(c.FetchItems()), dumpAtts(scan.FetchItems()); got != want {
				t.Errorf("%s %q: indexed items\n%s\nscanned\n%s", f.Name(), msg, got, want)
			}
			if got, want := recordedFlags(&c), scannedFlags(&c); c.Kind == CmdStore && got != want {
				t.Errorf("%s %q: recorded flags %s, scanned %s", f.Name(), msg, got, want)
			}
			walked++
		}
	}
	if walked < 100 {
		t.Errorf("walked %d commands, want the corpus (at least 100)", walked)
	}
}

// TestStaleKeyNoPanic keeps a nested search key across a new, shorter
// parse into the same Command and walks it: misuse, which may yield
// garbage but must not panic.
func TestStaleKeyNoPanic(t *testing.T) {
	var p Parser
	var c Command
	if err := p.ParseCommand([]byte("a SEARCH NOT (FROM a TO b SUBJECT c BODY d TEXT e OR (SEEN) (ALL))\r\n"), &c); err != nil {
		t.Fatal(err)
	}
	it := c.SearchKeys()
	it.Next()
	k := it.Key()
	if err := p.ParseCommand([]byte("b SEARCH ALL\r\n"), &c); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(SearchIter)
	walk = func(it SearchIter) {
		for it.Next() && n < 1000 {
			n++
			k := it.Key()
			walk(k.Keys())
		}
	}
	walk(k.Keys())
}

// TestElemIterHandBuilt walks flags of a STORE whose Items were set by
// hand (not validated): the well-formed elements come out, and a malformed
// one stops the walk with an error at its offset.
func TestElemIterHandBuilt(t *testing.T) {
	tests := []struct {
		items string
		want  string // dumpList's output
		off   int    // the error's offset, -1 for none
	}{
		{`\Seen $Junk`, `[atom:\Seen@0 atom:$Junk@6 ]`, -1},
		{`\Seen "a b" {1}` + "\r\nx", `[atom:\Seen@0 quoted:a b@7 literal:x@17 ]`, -1},
		{`\Seen (x)`, `[atom:\Seen@0 `, 6},
		{`\Seen `, `[atom:\Seen@0 `, 6},
		{`\Seen  $Junk`, `[atom:\Seen@0 `, 6},
		{`(x)`, `[`, 0},
		{``, `[]`, -1},
	}
	for _, tt := range tests {
		c := Command{Kind: CmdStore, Items: Value{Form: FormList, Raw: []byte(tt.items)}}
		it := c.Flags()
		got := dumpList(&it)
		err := it.Err()
		var pe *Error
		switch {
		case tt.off < 0 && err != nil:
			t.Errorf("%q: error %v", tt.items, err)
		case tt.off >= 0 && !errors.As(err, &pe):
			t.Errorf("%q: error %v, want one at %d", tt.items, err, tt.off)
		case tt.off >= 0 && pe.Offset != tt.off:
			t.Errorf("%q: error at %d (%v), want %d", tt.items, pe.Offset, err, tt.off)
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q: walked %s, want %s", tt.items, got, tt.want)
		}
	}
}

// TestStaleFetchAttNoPanic keeps FETCH items across a new, shorter parse
// into the same Command and reads every part of them: misuse, which may
// yield garbage but must not panic.
func TestStaleFetchAttNoPanic(t *testing.T) {
	var p Parser
	var c Command
	if err := p.ParseCommand([]byte("a FETCH 1 (BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.10> PREVIEW (LAZY) BINARY[3] UID)\r\n"), &c); err != nil {
		t.Fatal(err)
	}
	var kept []FetchAtt
	for it := c.FetchItems(); it.Next(); {
		kept = append(kept, it.Att())
	}
	if len(kept) != 4 {
		t.Fatalf("%d items, want 4", len(kept))
	}
	if err := p.ParseCommand([]byte("b FETCH 1 (BODY[]<0.1>)\r\n"), &c); err != nil {
		t.Fatal(err)
	}
	for _, a := range kept {
		_, _, _, _ = a.Name(), a.Macro(), a.Section(), a.Part()
		_, _, _ = a.Specifier(), a.Fields(), a.Modifiers()
		for it := a.HeaderFields(); it.Next(); {
			_ = it.Value()
		}
	}
}
