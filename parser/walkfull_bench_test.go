package parser

import "testing"

// The "full" walks read every field the batch accessors fill: the
// envelope's four strings and every address's four fields; every part's
// type, subtype, id, description, encoding, size and lines, and every
// parameter's name and value. walkFullIter reads them through the
// iterators and their in-line accessors, walkFullTree through NextBatch;
// TestFullWalksAgree holds the two to the same checksum.

func scalarLen(s Scalar) int { return len(s.Raw) + int(s.Form) }

func walkFullIter(r *Response) int { return walkFull(r, false) }

func walkFullTree(r *Response) int { return walkFull(r, true) }

// walkFull walks the items of r with the batch accessors when tree is
// set, else with the iterators.
func walkFull(r *Response, tree bool) int {
	n := 0
	var items FetchItemIter
	r.WalkFetch(&items)
	for items.Next() {
		f := items.Item()
		switch k := f.Kind; {
		case k == FetchEnvelope && tree:
			var es EnvelopeScalars
			var it EnvelopeAddressIter
			f.WalkEnvelope(&es, &it)
			n += walkFullAddressesTree(&es, &it)
		case k == FetchEnvelope:
			e := f.Envelope()
			n += walkFullEnvelopeIter(&e)
		case (k == FetchBody || k == FetchBodyStructure) && tree:
			var it BodyPartIter
			f.WalkBodyTree(&it)
			n += walkFullBodyTree(&it)
		case k == FetchBody || k == FetchBodyStructure:
			b := f.BodyStructure()
			n += walkFullBodyIter(&b, 0)
		}
	}
	return n
}

func walkFullEnvelopeIter(e *Envelope) int {
	var es EnvelopeScalars
	e.Scalars(&es)
	n := scalarLen(es.Date) + scalarLen(es.Subject) + scalarLen(es.InReplyTo) + scalarLen(es.MessageID)
	var it EnvelopeAddressIter
	e.WalkAddresses(&it)
	for it.Next() {
		n += scalarLen(it.NameScalar()) + scalarLen(it.ADLScalar()) + scalarLen(it.MailboxScalar()) + scalarLen(it.HostScalar()) + int(it.List())
	}
	return n
}

func walkFullBodyIter(b *BodyStructure, depth int) int {
	n := depth + scalarLen(b.TypeScalar()) + scalarLen(b.SubtypeScalar()) + scalarLen(b.IDScalar()) + scalarLen(b.DescriptionScalar()) +
		scalarLen(b.EncodingScalar()) + scalarLen(b.SizeScalar()) + scalarLen(b.LinesScalar())
	var p PairIter
	b.WalkParams(&p)
	for p.Next() {
		n += scalarLen(p.KeyScalar()) + scalarLen(p.ValueScalar())
	}
	if b.Multipart {
		var it BodyIter
		b.WalkParts(&it)
		for it.Next() {
			n += walkFullBodyIter(it.Part(), depth+1)
		}
	} else if b.EnvelopeValue().Form == FormList {
		e := b.Envelope()
		n += walkFullEnvelopeIter(&e)
		inner := b.Body()
		n += walkFullBodyIter(&inner, depth+1)
	}
	return n
}

func walkFullAddressesTree(es *EnvelopeScalars, it *EnvelopeAddressIter) int {
	n := scalarLen(es.Date) + scalarLen(es.Subject) + scalarLen(es.InReplyTo) + scalarLen(es.MessageID)
	var buf [8]EnvelopeAddress
	for k := it.NextBatch(buf[:]); k > 0; k = it.NextBatch(buf[:]) {
		for i := range buf[:k] {
			a := &buf[i]
			n += scalarLen(it.Scalar(a.Name)) + scalarLen(it.Scalar(a.ADL)) + scalarLen(it.Scalar(a.Mailbox)) + scalarLen(it.Scalar(a.Host)) + int(a.List)
		}
	}
	return n
}

func walkFullBodyTree(it *BodyPartIter) int {
	n := 0
	var parts [8]BodyPart
	var params [8]BodyParam
	for k := it.NextBatch(parts[:], params[:]); k > 0; k = it.NextBatch(parts[:], params[:]) {
		for i := range parts[:k] {
			p := &parts[i]
			n += p.Depth + scalarLen(it.Scalar(p.Type)) + scalarLen(it.Scalar(p.Subtype)) + scalarLen(it.Scalar(p.ID)) + scalarLen(it.Scalar(p.Description)) +
				scalarLen(it.Scalar(p.Encoding)) + scalarLen(it.Scalar(p.Size)) + scalarLen(it.Scalar(p.Lines))
			for _, q := range p.Params(params[:]) {
				n += scalarLen(it.Scalar(q.Key)) + scalarLen(it.Scalar(q.Value))
			}
			if p.Message {
				e := it.Envelope(p)
				var es EnvelopeScalars
				var ai EnvelopeAddressIter
				e.Scalars(&es)
				e.WalkAddresses(&ai)
				n += walkFullAddressesTree(&es, &ai)
			}
		}
	}
	return n
}

// BenchmarkFetchBatchWalkOnlyFullIter and ...FullTree walk every field of
// the FETCH batch's envelopes and bodies (the walks above), through the
// iterators and through the batch accessors.
func BenchmarkFetchBatchWalkOnlyFullIter(b *testing.B) { benchWalkOnly(b, fetchBatch(0), walkFullIter) }

// BenchmarkFetchBatchWalkOnlyFullTree: see BenchmarkFetchBatchWalkOnlyFullIter.
func BenchmarkFetchBatchWalkOnlyFullTree(b *testing.B) { benchWalkOnly(b, fetchBatch(0), walkFullTree) }

// TestFullWalksAgree checks that the two full walks give the same checksum.
func TestFullWalksAgree(t *testing.T) {
	var p Parser
	var r Response
	if a, err := parseWalk(&p, fetchBatch(0), &r, walkFullIter); err != nil {
		t.Fatal(err)
	} else if b, _ := parseWalk(&p, fetchBatch(0), &r, walkFullTree); a != b {
		t.Errorf("full walks: iterators %d, batches %d", a, b)
	}
}
