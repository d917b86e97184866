package parser_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/imapstress/imapstress/parser"
)

func ExampleParser_ParseResponse() {
	var p parser.Parser // strict, default limits
	var r parser.Response
	msg := []byte("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n")
	if err := p.ParseResponse(msg, &r); err != nil {
		fmt.Println(err)
		return
	}
	v, src, dst, _ := r.CopyUID()
	fmt.Println(r.Kind, string(r.Tag), r.Status, r.Code, v, string(src.Raw), string(dst.Raw))
	// Output: tagged A004 OK COPYUID 38505 304,319:320 3956:3958
}

func ExampleResponseReader() {
	stream := "* OK [CAPABILITY IMAP4rev2] ready\r\n* 2 EXISTS\r\na1 NO [TRYCREATE] no mailbox\r\n"
	rr := parser.NewResponseReader(strings.NewReader(stream), nil, parser.ReaderOptions{})
	var r parser.Response
	for {
		err := rr.Next(&r)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(r.Kind, r.Status, r.Code, r.Type, r.Num)
	}
	// Output:
	// untagged OK CAPABILITY  0
	// untagged   EXISTS 2
	// tagged NO TRYCREATE  0
}

// The FETCH views are lazy: each field is read from the message when its
// method is called. Declaring an iterator before its loop (rather than in
// the for statement) keeps Go from copying it at every iteration.
func ExampleResponse_Fetch() {
	msg := []byte(`* 12 FETCH (UID 4827 ENVELOPE ("Tue, 1 Sep 2026 10:00:00 +0000" "Minutes" ` +
		`(("Ann" NIL "ann" "example.org")) NIL NIL ((NIL NIL "team" NIL)("Bo" NIL "bo" "example.net")(NIL NIL NIL NIL)) NIL NIL NIL "<1@x>") ` +
		`BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 310 12)` +
		`("APPLICATION" "PDF" ("NAME" "m.pdf") NIL NIL "BASE64" 8120 NIL ("attachment" ("FILENAME" "m.pdf")) NIL) "MIXED"))` + "\r\n")
	var p parser.Parser
	var r parser.Response
	if err := p.ParseResponse(msg, &r); err != nil {
		fmt.Println(err)
		return
	}
	it := r.Fetch()
	for it.Next() {
		f := it.Item()
		switch f.Kind {
		case parser.FetchUID:
			uid, _ := f.Number()
			fmt.Println("uid", uid)
		case parser.FetchEnvelope:
			e := f.Envelope()
			fmt.Printf("subject %s\n", e.Subject().AppendString(nil))
			to := e.To().Addresses()
			for to.Next() {
				a := to.Address()
				switch {
				case a.IsGroupStart():
					fmt.Printf("to group %s:\n", a.Mailbox().AppendString(nil))
				case a.IsGroupEnd():
					fmt.Println("end of group")
				default:
					fmt.Printf("to %s@%s\n", a.Mailbox().AppendString(nil), a.Host().AppendString(nil))
				}
			}
		case parser.FetchBodyStructure:
			b := f.BodyStructure()
			fmt.Printf("multipart/%s\n", b.Subtype().AppendString(nil))
			parts := b.Parts()
			for parts.Next() {
				part := parts.Part()
				fmt.Printf("  %s/%s %s bytes", part.Type().AppendString(nil), part.Subtype().AppendString(nil), part.Size().Raw)
				d := part.Disposition()
				if d.Form == parser.FormList {
					dsp := d.List()
					dsp.Next()
					fmt.Printf(" (%s)", dsp.Value().AppendString(nil))
				}
				fmt.Println()
			}
		}
	}
	// Output:
	// uid 4827
	// subject Minutes
	// to group team:
	// to bo@example.net
	// end of group
	// multipart/MIXED
	//   TEXT/PLAIN 310 bytes
	//   APPLICATION/PDF 8120 bytes (attachment)
}

// A client's hot loop: one FETCH iterator and one address iterator, set up
// in place for each response and list, and each field read as a Scalar.
// It reads what ExampleResponse_Fetch reads, without copying an iterator
// or building a Value per field.
func ExampleResponse_WalkFetch() {
	msgs := [][]byte{
		[]byte(`* 1 FETCH (UID 7 ENVELOPE (NIL "Hello" (("Ann" NIL "ann" "example.org")) NIL NIL ` +
			`(("Bo" NIL "bo" "example.net")(NIL NIL "cy" "example.com")) NIL NIL NIL NIL))` + "\r\n"),
		[]byte(`* 2 FETCH (UID 9 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))` + "\r\n"),
	}
	var (
		p     parser.Parser
		r     parser.Response
		items parser.FetchItemIter
		to    parser.AddressIter
		buf   []byte
	)
	for _, msg := range msgs {
		if err := p.ParseResponse(msg, &r); err != nil {
			fmt.Println(err)
			return
		}
		r.WalkFetch(&items)
		for items.Next() {
			f := items.Item()
			switch f.Kind {
			case parser.FetchUID:
				uid, _ := f.Number()
				fmt.Println("uid", uid)
			case parser.FetchEnvelope:
				e := f.Envelope()
				if s := e.SubjectScalar(); s.IsNIL() {
					fmt.Println("no subject")
				} else {
					fmt.Printf("subject %s\n", s.AppendString(buf[:0]))
				}
				e.WalkTo(&to)
				for to.Next() {
					a := to.Address()
					fmt.Printf("to %s@%s\n", a.MailboxScalar().AppendString(buf[:0]), a.HostScalar().AppendString(buf[:0]))
				}
			}
		}
		if err := items.Err(); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// uid 7
	// subject Hello
	// to bo@example.net
	// to cy@example.com
	// uid 9
	// no subject
}
