package parser_test

import (
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// A client building a whole envelope, as go-imap's client does: the four
// strings in one call, and every address of the six lists in one walk,
// each field read through the iterator.
func ExampleEnvelope_WalkAddresses() {
	msg := []byte(`* 1 FETCH (ENVELOPE ("Mon, 7 Feb 1994 21:52:25 -0800" "Minutes" ` +
		`(("Ann" NIL "ann" "example.org")) NIL NIL ((NIL NIL "team" NIL)("Bo" NIL "bo" "example.net")(NIL NIL NIL NIL)) ` +
		`((NIL NIL "cy" "example.com")) NIL NIL "<1@example.org>"))` + "\r\n")
	var (
		p   parser.Parser
		r   parser.Response
		it  parser.EnvelopeAddressIter
		es  parser.EnvelopeScalars
		buf []byte
	)
	if err := p.ParseResponse(msg, &r); err != nil {
		fmt.Println(err)
		return
	}
	items := r.Fetch()
	for items.Next() {
		if items.Item().Kind != parser.FetchEnvelope {
			continue
		}
		e := items.Item().Envelope()
		e.Scalars(&es)
		fmt.Printf("subject %s, message-id %s\n", es.Subject.AppendString(buf[:0]), es.MessageID.AppendString(buf[:0]))
		e.WalkAddresses(&it)
		for it.Next() {
			switch a := it.Address(); {
			case a.IsGroupStart():
				fmt.Printf("%v: group %s:\n", it.List(), it.MailboxScalar().AppendString(buf[:0]))
			case a.IsGroupEnd():
				fmt.Printf("%v: end of group\n", it.List())
			default:
				fmt.Printf("%v: %s@%s\n", it.List(), it.MailboxScalar().AppendString(buf[:0]), it.HostScalar().AppendString(buf[:0]))
			}
		}
		if err := it.Err(); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// subject Minutes, message-id <1@example.org>
	// env-from: ann@example.org
	// env-to: group team:
	// env-to: bo@example.net
	// env-to: end of group
	// env-cc: cy@example.com
}
