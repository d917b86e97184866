package parser_test

import (
	"fmt"
	"time"

	"github.com/imapstress/imapstress/parser"
)

// A client reuses one CommandBuilder for every command it sends. A
// command with a synchronizing literal goes out in parts: after each part
// whose Wait is true, the client waits for the server's "+".
func ExampleCommandBuilder() {
	var b parser.CommandBuilder
	b.BeginN("a", 1, "UID FETCH")
	b.SeqRange(1, 100)
	b.SeqMore(200, 0)
	b.Open()
	b.Atom("UID")
	b.Atom("FLAGS")
	b.Section("BODY.PEEK", "HEADER.FIELDS (From Subject)", 0, 512)
	b.Close()
	b.End()

	b.BeginN("a", 2, "LOGIN")
	b.AString("alice")
	b.AString(`pa ss"word`)
	b.End()

	date := time.Date(2024, time.March, 5, 9, 30, 0, 0, time.FixedZone("", 3600))
	b.Append("a3", "Sent Items", []string{`\Seen`}, date, []byte("Subject: hi\r\n\r\nhello\r\n"), parser.LiteralSync)

	for sp := parser.SyncParts(b.Buf); sp.Next(); {
		fmt.Printf("write %q\n", sp.Part())
		if sp.Wait() {
			fmt.Println("wait for +")
		}
	}
	// Output:
	// write "a1 UID FETCH 1:100,200:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (From Subject)]<0.512>)\r\na2 LOGIN alice \"pa ss\\\"word\"\r\na3 APPEND \"Sent Items\" (\\Seen) \" 5-Mar-2024 09:30:00 +0100\" {22}\r\n"
	// wait for +
	// write "Subject: hi\r\n\r\nhello\r\n\r\n"
}
