package fuzz

import (
	"fmt"
	"strconv"

	"github.com/imapstress/imapstress/parser"
)

// checkTreeBatch compares the FETCH batch accessors with the views on
// every ENVELOPE, BODY and BODYSTRUCTURE item of r: FetchItem.WalkEnvelope
// and EnvelopeAddressIter.NextBatch against Envelope, WalkAddresses, Next
// and the Address view; FetchItem.WalkBodyTree and BodyPartIter.NextBatch
// against a recursive walk of the BodyStructure views. Every field is
// compared by form, offset and octets, and so is the walk's error. size
// (1 to 8) is how many addresses, parts and pairs a batch holds, so that
// batches end everywhere.
func checkTreeBatch(r *parser.Response, size int) error {
	items := r.Fetch()
	for items.Next() {
		f := items.Item()
		switch f.Kind {
		case parser.FetchEnvelope:
			var es parser.EnvelopeScalars
			var it parser.EnvelopeAddressIter
			f.WalkEnvelope(&es, &it)
			e := f.Envelope()
			var want parser.EnvelopeScalars
			e.Scalars(&want)
			got := batchAddresses(scalarsText(nil, &es), &it, size)
			if ref := refAddresses(scalarsText(nil, &want), &e); string(got) != string(ref) {
				return fmt.Errorf("ENVELOPE at %d: batches of %d give\n%s\nthe views\n%s", f.Value.Off, size, got, ref)
			}
		case parser.FetchBody, parser.FetchBodyStructure:
			var it parser.BodyPartIter
			f.WalkBodyTree(&it)
			got := batchParts(nil, &it, size)
			b := f.BodyStructure()
			num := 0
			if ref := refParts(nil, &b, 0, -1, &num, size); string(got) != string(ref) {
				return fmt.Errorf("%s at %d: batches of %d give\n%s\nthe views\n%s", f.Kind, f.Value.Off, size, got, ref)
			}
		}
	}
	return nil
}

func scalarsText(dst []byte, es *parser.EnvelopeScalars) []byte {
	for _, s := range [...]parser.Scalar{es.Date, es.Subject, es.InReplyTo, es.MessageID} {
		dst = fmt.Appendf(dst, "%s %q %v|", s.Form, s.Raw, s.Raw == nil)
	}
	return dst
}

// fieldText renders a field by form, offset and octets; spanText renders
// a Span read back as s the same way.
func fieldText(dst []byte, v parser.Value) []byte {
	if v.Form == parser.FormNone {
		return append(dst, " -"...)
	}
	return fmt.Appendf(dst, " %s@%d %q %v", v.Form, v.Off, v.Raw, v.Raw == nil)
}

func spanText(dst []byte, sp parser.Span, s parser.Scalar) []byte {
	if sp.Form == parser.FormNone && s.Form == parser.FormNone && s.Raw == nil {
		return append(dst, " -"...)
	}
	return fmt.Appendf(dst, " %s@%d %q %v", s.Form, sp.Off, s.Raw, s.Raw == nil)
}

func refAddresses(dst []byte, e *parser.Envelope) []byte {
	var it parser.EnvelopeAddressIter
	e.WalkAddresses(&it)
	for it.Next() {
		a := it.Address()
		dst = append(dst, it.List().String()...)
		for _, v := range [...]parser.Value{a.Name(), a.ADL(), a.Mailbox(), a.Host()} {
			dst = fieldText(dst, v)
		}
		dst = fmt.Appendf(dst, " %v %v;", a.IsGroupStart(), a.IsGroupEnd())
	}
	return fmt.Appendf(dst, " err=%v", it.Err())
}

func batchAddresses(dst []byte, it *parser.EnvelopeAddressIter, size int) []byte {
	var buf [8]parser.EnvelopeAddress
	for n := it.NextBatch(buf[:size]); n > 0; n = it.NextBatch(buf[:size]) {
		for i := range buf[:n] {
			a := &buf[i]
			dst = append(dst, a.List.String()...)
			for _, sp := range [...]parser.Span{a.Name, a.ADL, a.Mailbox, a.Host} {
				dst = spanText(dst, sp, it.Scalar(sp))
			}
			dst = fmt.Appendf(dst, " %v %v;", a.IsGroupStart(), a.IsGroupEnd())
		}
	}
	return fmt.Appendf(dst, " err=%v", it.Err())
}

// refParts renders b's tree depth first through the views, each part's
// first maxParams pairs, as BodyPartIter walks it.
func refParts(dst []byte, b *parser.BodyStructure, depth, parent int, num *int, maxParams int) []byte {
	me := *num
	*num++
	message := !b.Multipart && b.EnvelopeValue().Form == parser.FormList
	dst = fmt.Appendf(dst, "{%d %d %v %v", depth, parent, b.Multipart, message)
	for _, v := range [...]parser.Value{b.Type(), b.Subtype(), b.ID(), b.Description(), b.Encoding(), b.Size(), b.Lines(), b.Value()} {
		dst = fieldText(dst, v)
	}
	p := parser.PairsOf(b.Params())
	n := 0
	for ; p.Next(); n++ {
		if n == maxParams {
			n++
			break
		}
		dst = fieldText(fieldText(dst, p.Key()), p.Value())
	}
	dst = append(dst, " cut="+strconv.FormatBool(n > maxParams)+"}"...)
	if depth+1 >= parser.DefaultMaxDepth {
		return dst
	}
	if b.Multipart {
		it := b.Parts()
		for it.Next() {
			dst = refParts(dst, it.Part(), depth+1, me, num, maxParams)
		}
	} else if message {
		inner := b.Body()
		dst = refParts(dst, &inner, depth+1, me, num, maxParams)
	}
	return dst
}

func batchParts(dst []byte, it *parser.BodyPartIter, size int) []byte {
	var parts [8]parser.BodyPart
	var params [8]parser.BodyParam
	for n := it.NextBatch(parts[:size], params[:size]); n > 0; n = it.NextBatch(parts[:size], params[:size]) {
		for i := range parts[:n] {
			p := &parts[i]
			dst = fmt.Appendf(dst, "{%d %d %v %v", p.Depth, p.Parent, p.Multipart, p.Message)
			for _, sp := range [...]parser.Span{p.Type, p.Subtype, p.ID, p.Description, p.Encoding, p.Size, p.Lines, p.List} {
				dst = spanText(dst, sp, it.Scalar(sp))
			}
			for _, q := range p.Params(params[:size]) {
				dst = spanText(spanText(dst, q.Key, it.Scalar(q.Key)), q.Value, it.Scalar(q.Value))
			}
			dst = append(dst, " cut="+strconv.FormatBool(p.ParamsCut)+"}"...)
		}
	}
	return dst
}
