package parser_test

import (
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// A client that keeps every field of a message's envelope and body reads
// them a batch at a time: the addresses into one array, the body's parts,
// depth first, into another, their parameters into a third. The arrays are
// the caller's, reused from message to message.
func ExampleBodyPartIter_NextBatch() {
	msg := []byte(`* 1 FETCH (ENVELOPE ("Mon, 7 Feb 1994 21:52:25 -0800" "Minutes" ` +
		`(("Ann" NIL "ann" "example.org")) NIL NIL ((NIL NIL "cy" "example.com")("Bo" NIL "bo" "example.net")) NIL NIL NIL "<1@example.org>") ` +
		`BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 120 4)` +
		`("APPLICATION" "PDF" ("NAME" "a.pdf") NIL NIL "BASE64" 4096) "MIXED" ("BOUNDARY" "b1")))` + "\r\n")
	var (
		p      parser.Parser
		r      parser.Response
		es     parser.EnvelopeScalars
		ai     parser.EnvelopeAddressIter
		addrs  [16]parser.EnvelopeAddress
		bi     parser.BodyPartIter
		parts  [16]parser.BodyPart
		params [16]parser.BodyParam
	)
	if err := p.ParseResponse(msg, &r); err != nil {
		fmt.Println(err)
		return
	}
	items := r.Fetch()
	for items.Next() {
		f := items.Item()
		switch f.Kind {
		case parser.FetchEnvelope:
			f.WalkEnvelope(&es, &ai)
			fmt.Printf("subject %s\n", es.Subject.Raw)
			for n := ai.NextBatch(addrs[:]); n > 0; n = ai.NextBatch(addrs[:]) {
				for _, a := range addrs[:n] {
					fmt.Printf("%v: %s@%s\n", a.List, ai.Scalar(a.Mailbox).Raw, a.Host.Scalar(r.Raw).Raw)
				}
			}
		case parser.FetchBodyStructure:
			f.WalkBodyTree(&bi)
			for n := bi.NextBatch(parts[:], params[:]); n > 0; n = bi.NextBatch(parts[:], params[:]) {
				for _, part := range parts[:n] {
					fmt.Printf("%*s%s/%s size %s", 2*part.Depth, "", bi.Scalar(part.Type).Raw, bi.Scalar(part.Subtype).Raw, bi.Scalar(part.Size).Raw)
					for _, kv := range part.Params(params[:]) {
						fmt.Printf(" %s=%s", bi.Scalar(kv.Key).Raw, bi.Scalar(kv.Value).Raw)
					}
					fmt.Println()
				}
			}
		}
	}
	// Output:
	// subject Minutes
	// env-from: ann@example.org
	// env-to: cy@example.com
	// env-to: bo@example.net
	// /MIXED size  BOUNDARY=b1
	//   TEXT/PLAIN size 120 CHARSET=UTF-8
	//   APPLICATION/PDF size 4096 NAME=a.pdf
}
