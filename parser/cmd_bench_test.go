package parser

import (
	"bytes"
	"strconv"
	"testing"
)

// typicalCommands is a pipelined stream of what a mail client sends most:
// header and body fetches, flag updates, a search with nested keys, and
// NOOP, 100 commands in all.
func typicalCommands() []byte {
	var b []byte
	for i := 0; i < 20; i++ {
		tag := func(k int) string { return "a" + strconv.Itoa(50*i+k) }
		uid := strconv.Itoa(4000 + i)
		b = append(b, tag(1)+" UID FETCH 1:100 (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (From To Cc Subject Date Message-ID)])\r\n"...)
		b = append(b, tag(2)+" UID FETCH "+uid+" (UID BODY.PEEK[]<0.65536>)\r\n"...)
		b = append(b, tag(3)+" UID STORE "+uid+" +FLAGS.SILENT (\\Seen)\r\n"...)
		b = append(b, tag(4)+" UID SEARCH OR (FROM \"alice@example.org\" SINCE 1-Jan-2024) NOT (SEEN OR DELETED SUBJECT urgent)\r\n"...)
		b = append(b, tag(5)+" NOOP\r\n"...)
	}
	return b
}

// parseStreamWalk frames and parses every command of b and walks its FETCH
// items (each one's kind, peek, partial and header-list), its search keys
// at every level (each one's kind and argument) and its flags, as a
// server would; it returns a count so that the work cannot be
// optimised away. It declares its iterators once and sets them in place
// (Reset, Descend, HeaderFields), as the package doc advises: none is
// copied per command, item or key.
func parseStreamWalk(p *Parser, b []byte, c *Command) int {
	n := 0
	var items FetchIter
	var fl, flags ElemIter
	var keys SearchIter
	for off := 0; off < len(b); {
		f, err := p.FrameCommand(b[off:])
		if err != nil {
			panic(err)
		}
		if err := p.ParseCommand(b[off:off+f.N], c); err != nil {
			panic(err)
		}
		// A server dispatches on the command's kind, so each command
		// sets up only the iterator its kind can have.
		switch c.Kind {
		case CmdFetch:
			items.Reset(c)
			for items.Next() {
				items.HeaderFields(&fl)
				for fl.Next() {
					n++
				}
				n += int(items.Kind())
				if items.Peek() {
					n++
				}
				if _, size, ok := items.Partial(); ok {
					n += int(size)
				}
			}
		case CmdSearch, CmdSort, CmdThread:
			keys.Reset(c)
			n += walkKeys(&keys)
		case CmdStore:
			flags.ResetFlags(c)
			for flags.Next() {
				n++
			}
		}
		off += f.N
	}
	return n
}

// walkKeys walks it and every key nested in its keys.
func walkKeys(it *SearchIter) int {
	n := 0
	var sub SearchIter
	for it.Next() {
		n += 1 + len(it.Arg().Raw)
		if it.Descend(&sub) {
			n += walkKeys(&sub)
		}
	}
	return n
}

// parseStreamWalkValues is parseStreamWalk with the iterators' value API
// (FetchItems, Att, SearchKeys, Key, Keys, Flags): the same walk, each
// iterator and element a copy. TestWalkForms holds the two to the same
// count.
func parseStreamWalkValues(p *Parser, b []byte, c *Command) int {
	n := 0
	for off := 0; off < len(b); {
		f, err := p.FrameCommand(b[off:])
		if err != nil {
			panic(err)
		}
		if err := p.ParseCommand(b[off:off+f.N], c); err != nil {
			panic(err)
		}
		switch c.Kind {
		case CmdFetch:
			items := c.FetchItems()
			for items.Next() {
				a := items.Att()
				fl := a.HeaderFields()
				for fl.Next() {
					n++
				}
				n += int(a.Kind)
				if a.Peek {
					n++
				}
				if a.Partial {
					n += int(a.Size)
				}
			}
		case CmdSearch, CmdSort, CmdThread:
			n += walkKeyValues(c.SearchKeys())
		case CmdStore:
			flags := c.Flags()
			for flags.Next() {
				n++
			}
		}
		off += f.N
	}
	return n
}

func walkKeyValues(it SearchIter) int {
	n := 0
	for it.Next() {
		k := it.Key()
		n += 1 + len(k.Arg().Raw) + walkKeyValues(k.Keys())
	}
	return n
}

func BenchmarkParseCommands(b *testing.B) { benchParseStream(b, parseStreamWalk) }

// benchParseStream frames, parses and walks the typical stream with walk
// in each op.
func benchParseStream(b *testing.B, walk func(*Parser, []byte, *Command) int) {
	stream := typicalCommands()
	var p Parser
	var c Command
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		walk(&p, stream, &c)
	}
}

// BenchmarkParseCommandsNoWalk frames and parses the typical stream
// without walking it: BenchmarkParseCommands minus this is the walk's
// share, this minus BenchmarkFrameCommands the validation's.
func BenchmarkParseCommandsNoWalk(b *testing.B) {
	stream := typicalCommands()
	var p Parser
	var c Command
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		for off := 0; off < len(stream); {
			f, err := p.FrameCommand(stream[off:])
			if err != nil {
				b.Fatal(err)
			}
			if err := p.ParseCommand(stream[off:off+f.N], &c); err != nil {
				b.Fatal(err)
			}
			off += f.N
		}
	}
}

// BenchmarkParseCommandsValues is BenchmarkParseCommands with the walk
// written with the iterators' value API (parseStreamWalkValues).
func BenchmarkParseCommandsValues(b *testing.B) { benchParseStream(b, parseStreamWalkValues) }

// TestWalkForms checks that both forms of the walk visit the same items,
// keys and flags of the typical stream, and allocate nothing.
func TestWalkForms(t *testing.T) {
	stream := typicalCommands()
	var p Parser
	var c Command
	a, b := parseStreamWalk(&p, stream, &c), parseStreamWalkValues(&p, stream, &c)
	if a != b || a == 0 {
		t.Errorf("in-place walk counted %d, value walk %d", a, b)
	}
	if n := testing.AllocsPerRun(20, func() { parseStreamWalkValues(&p, stream, &c) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

func TestTypicalCommandsAllocs(t *testing.T) {
	stream := typicalCommands()
	var p Parser
	var c Command
	want := 0
	if n := testing.AllocsPerRun(20, func() { want = parseStreamWalk(&p, stream, &c) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
	if want == 0 {
		t.Error("walked nothing")
	}
}

func appendCommand64K() []byte {
	msg := bytes.Repeat([]byte("All work and no play makes Jack a dull boy.\r\n"), 65536/45+1)[:65536]
	b := []byte("a1 APPEND INBOX (\\Seen) \" 5-Mar-2024 09:30:00 +0100\" {65536+}\r\n")
	b = append(b, msg...)
	return append(b, "\r\n"...)
}

func BenchmarkParseAppend64K(b *testing.B) {
	cmd := appendCommand64K()
	var p Parser
	var c Command
	b.SetBytes(int64(len(cmd)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		f, err := p.FrameCommand(cmd)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.ParseCommand(cmd[:f.N], &c); err != nil {
			b.Fatal(err)
		}
		for it := c.Messages(); it.Next(); {
			_ = it.Message().Data
		}
	}
}

// encodeTypical writes the commands of typicalCommands with a
// CommandBuilder.
func encodeTypical(cb *CommandBuilder) {
	for i := 0; i < 20; i++ {
		uid := uint32(4000 + i)
		t := uint64(5 * i)
		cb.BeginN("a", t*10+1, "UID FETCH")
		cb.SeqRange(1, 100)
		cb.Open()
		cb.Atom("UID")
		cb.Atom("FLAGS")
		cb.Atom("INTERNALDATE")
		cb.Atom("RFC822.SIZE")
		cb.Section("BODY.PEEK", "HEADER.FIELDS (From To Cc Subject Date Message-ID)", 0, 0)
		cb.Close()
		cb.End()
		cb.BeginN("a", t*10+2, "UID FETCH")
		cb.SeqRange(uid, uid)
		cb.Open()
		cb.Atom("UID")
		cb.Section("BODY.PEEK", "", 0, 65536)
		cb.Close()
		cb.End()
		cb.BeginN("a", t*10+3, "UID STORE")
		cb.SeqRange(uid, uid)
		cb.Atom("+FLAGS.SILENT")
		cb.Flags(`\Seen`)
		cb.End()
		cb.BeginN("a", t*10+4, "UID SEARCH")
		cb.Atom("OR")
		cb.Open()
		cb.Atom("FROM")
		cb.String("alice@example.org")
		cb.Atom("SINCE")
		cb.Atom("1-Jan-2024")
		cb.Close()
		cb.Atom("NOT")
		cb.Open()
		cb.Atom("SEEN")
		cb.Atom("OR")
		cb.Atom("DELETED")
		cb.Atom("SUBJECT")
		cb.AString("urgent")
		cb.Close()
		cb.End()
		cb.BeginN("a", t*10+5, "NOOP")
		cb.End()
	}
}

func TestEncodeTypical(t *testing.T) {
	var cb CommandBuilder
	encodeTypical(&cb)
	if want := typicalCommands(); !bytes.Equal(cb.Buf, want) {
		t.Fatalf("encoded stream differs:\n%.300q\n%.300q", cb.Buf, want)
	}
	if n := testing.AllocsPerRun(20, func() { cb.Reset(); encodeTypical(&cb) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

func BenchmarkEncodeCommands(b *testing.B) {
	var cb CommandBuilder
	encodeTypical(&cb)
	b.SetBytes(int64(len(cb.Buf)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		cb.Reset()
		encodeTypical(&cb)
	}
}

// BenchmarkEncodeParsedCommands re-encodes parsed commands with
// AppendCommand, the fuzzers' round-trip path.
func BenchmarkEncodeParsedCommands(b *testing.B) {
	stream := typicalCommands()
	var p Parser
	cmds := make([]Command, 0, 100)
	for off := 0; off < len(stream); {
		f, _ := p.FrameCommand(stream[off:])
		var c Command
		if err := p.ParseCommand(stream[off:off+f.N], &c); err != nil {
			b.Fatal(err)
		}
		cmds = append(cmds, c)
		off += f.N
	}
	buf := make([]byte, 0, 2*len(stream))
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		buf = buf[:0]
		for i := range cmds {
			buf = AppendCommand(buf, &cmds[i], StringOpts{})
		}
	}
}

func BenchmarkEncodeAppend64K(b *testing.B) {
	cmd := appendCommand64K()
	var p Parser
	var c Command
	f, _ := p.FrameCommand(cmd)
	if err := p.ParseCommand(cmd[:f.N], &c); err != nil {
		b.Fatal(err)
	}
	it := c.Messages()
	it.Next()
	msg := it.Message().Data.Raw
	cb := CommandBuilder{Opts: StringOpts{Literal: LiteralNonSync}}
	flags := []string{`\Seen`}
	b.SetBytes(int64(len(cmd)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		cb.Reset()
		cb.Begin("a1", "APPEND")
		cb.Mailbox("INBOX")
		cb.Flags(flags...)
		cb.Atom(`" 5-Mar-2024 09:30:00 +0100"`)
		cb.LiteralBytes(msg, LiteralNonSync)
		cb.End()
	}
}

// BenchmarkFrameCommands frames the typical stream only, as a server's
// read loop does before it parses.
func BenchmarkFrameCommands(b *testing.B) {
	stream := typicalCommands()
	var p Parser
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		for off := 0; off < len(stream); {
			f, err := p.FrameCommand(stream[off:])
			if err != nil {
				b.Fatal(err)
			}
			off += f.N
		}
	}
}
