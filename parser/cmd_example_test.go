package parser_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/imapstress/imapstress/parser"
)

// ParseCommand fills a caller-owned Command; nested parts are walked on
// demand, without allocating.
func ExampleParser_ParseCommand() {
	var p parser.Parser
	var c parser.Command
	msg := []byte("a7 UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (From Subject)]<0.512>) (CHANGEDSINCE 42)\r\n")
	if err := p.ParseCommand(msg, &c); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %v uid=%v seq=%s\n", c.Tag, c.Kind, c.UID, c.Seq.Raw)
	items := c.FetchItems()
	for items.Next() {
		a := items.Att()
		fmt.Printf("  %s peek=%v specifier=%s partial=%v<%d.%d>", a.Name(), a.Peek, a.Specifier(), a.Partial, a.Origin, a.Size)
		fields := a.HeaderFields()
		for fields.Next() {
			fmt.Printf(" field=%s", fields.Value().Raw)
		}
		fmt.Println()
	}
	since, _ := c.ChangedSince()
	fmt.Println("changedsince", since)

	msg = []byte("a8 SEARCH OR (FROM alice SINCE 1-Feb-2024) NOT SEEN\r\n")
	if err := p.ParseCommand(msg, &c); err != nil {
		fmt.Println(err)
		return
	}
	var walk func(it parser.SearchIter, depth int)
	walk = func(it parser.SearchIter, depth int) {
		for it.Next() {
			k := it.Key()
			fmt.Printf("%s%v", strings.Repeat("  ", depth), k.Kind)
			if arg := k.Arg(); arg.Raw != nil {
				fmt.Printf(" %s", arg.Raw)
			}
			fmt.Println()
			walk(k.Keys(), depth+1)
		}
	}
	walk(c.SearchKeys(), 0)

	// Errors say where, what was expected and what was found.
	err := p.ParseCommand([]byte("a9 STORE 1 FLAGS (\\Seen\r\n"), &c)
	fmt.Println(err)
	// Output:
	// a7 FETCH uid=true seq=1:*
	//   UID peek=false specifier= partial=false<0.0>
	//   FLAGS peek=false specifier= partial=false<0.0>
	//   BODY.PEEK peek=true specifier=HEADER.FIELDS partial=true<0.512> field=From field=Subject
	// changedsince 42
	// OR
	//   group
	//     FROM alice
	//     SINCE 1-Feb-2024
	//   NOT
	//     SEEN
	// imap: at offset 23: expected SP or ")", found end of line
}

// A server reads commands with a CommandReader, answers "+" when a
// synchronizing literal waits, and tells it when an AUTHENTICATE exchange
// is over.
func ExampleCommandReader() {
	client := strings.NewReader("a1 LOGIN {5}\r\nalice secret\r\n" +
		"a2 AUTHENTICATE PLAIN\r\nAGFsaWNlAHNlY3JldA==\r\n" +
		"a3 IDLE\r\nDONE\r\n")
	r := parser.NewCommandReader(client, nil)
	var p parser.Parser
	var c parser.Command
	for {
		m, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			break
		}
		switch m.Kind {
		case parser.ReadContinue:
			fmt.Printf("send \"+ ready\" for %d bytes\n", m.LiteralSize)
		case parser.ReadAuthLine:
			fmt.Printf("SASL response %q\n", strings.TrimSpace(string(m.Bytes)))
			r.EndExchange() // PLAIN takes one step: the tagged OK ends it
		case parser.ReadDone:
			fmt.Println("IDLE ends")
		case parser.ReadCommand:
			if err := p.ParseCommand(m.Bytes, &c); err != nil {
				fmt.Println(err)
				continue
			}
			fmt.Printf("command %s %v at offset %d\n", c.Tag, c.Kind, m.Offset)
		}
	}
	// Output:
	// command a1 LOGIN at offset 0
	// command a2 AUTHENTICATE at offset 28
	// SASL response "AGFsaWNlAHNlY3JldA=="
	// command a3 IDLE at offset 73
	// IDLE ends
}

// AppendCommand writes a parsed (and perhaps changed) command back: the
// round trip that the fuzzers rely on.
func ExampleAppendCommand() {
	var p parser.Parser
	var c parser.Command
	if err := p.ParseCommand([]byte("a1 SELECT \"Sent Items\" (CONDSTORE)\r\n"), &c); err != nil {
		fmt.Println(err)
		return
	}
	c.Tag = []byte("z9")
	c.Mailbox = parser.Value{Form: parser.FormLiteral, Raw: []byte("Entwürfe")}
	out := parser.AppendCommand(nil, &c, parser.StringOpts{Literal: parser.LiteralNonSync})
	fmt.Printf("%q\n", out)
	// Output:
	// "z9 SELECT {9+}\r\nEntwürfe (CONDSTORE)\r\n"
}

// A hostile server or a test writes responses with a ResponseBuilder.
func ExampleResponseBuilder() {
	var b parser.ResponseBuilder
	b.Capability("IMAP4rev2", "LITERAL+", "IDLE")
	b.BeginFetch(1)
	b.Atom("UID")
	b.Number(7)
	b.Atom("BODY[]")
	b.String("Subject: x\r\n\r\nhi\r\n")
	b.Close()
	b.End()
	b.BeginStatus("a1", parser.StatusOK)
	b.Code("HIGHESTMODSEQ")
	b.Number(715)
	b.EndCode()
	b.Text("FETCH done")
	b.End()
	fmt.Printf("%q\n", b.Buf)
	// Output:
	// "* CAPABILITY IMAP4rev2 LITERAL+ IDLE\r\n* 1 FETCH (UID 7 BODY[] {18}\r\nSubject: x\r\n\r\nhi\r\n)\r\na1 OK [HIGHESTMODSEQ 715] FETCH done\r\n"
}
