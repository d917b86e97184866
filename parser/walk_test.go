package parser

import "testing"

// walkResponse visits every accessor and iterator of r and returns a count
// of what it saw, so that tests and benchmarks exercise the whole walk.
func walkResponse(r *Response) int {
	n := 0
	for it := r.Capabilities(); it.Next(); {
		n += len(it.Atom())
	}
	for it := r.Flags(); it.Next(); {
		n += len(it.Atom())
	}
	for it := r.Fetch(); it.Next(); {
		n += walkFetchItem(it.Item()) + walkFetchItemValues(it.Item())
	}
	for it := r.Args(); it.Next(); {
		n++
	}
	return n
}

// walkFetchItem reads what a client reads of a FETCH item: its number,
// its flags, the envelope's subject, date, message-id and every address's
// mailbox and host, and every body part's type, subtype and parameter
// names, through the batch and in-line accessors (Envelope.Scalars, one
// Envelope.WalkAddresses for the six address lists, EnvelopeAddressIter's
// MailboxScalar and HostScalar) and the list walks set up in place
// (WalkParams, WalkParts). walkFetchItemEach reads the same fields as
// session 6's walk did, one Scalar call per field and one walk per
// address list, and walkFetchItemValues through the Value accessors.
// TestFetchWalksAgree holds the three to the same checksum.
func walkFetchItem(f *FetchItem) int { return walkItem(f, walkFormBatch) }

func walkFetchItemEach(f *FetchItem) int { return walkItem(f, walkFormEach) }

// walkFetchItemTree reads the same fields through the batch accessors:
// EnvelopeAddressIter.NextBatch for the addresses and the depth-first
// BodyPartIter.NextBatch for the body's parts.
func walkFetchItemTree(f *FetchItem) int {
	n := 1
	switch f.Kind {
	case FetchFlags:
		it := f.Flags()
		for it.Next() {
			n++
		}
	case FetchUID, FetchRFC822Size, FetchModSeq, FetchBinarySize:
		v, _ := f.Number()
		n += int(v & 1)
	case FetchEnvelope:
		var es EnvelopeScalars
		var it EnvelopeAddressIter
		f.WalkEnvelope(&es, &it)
		n += walkAddressesTree(&es, &it)
	case FetchBody, FetchBodyStructure:
		n += walkBodyTree(f)
	case FetchBodySection, FetchBinary:
		for it := f.Section.Parts(); it.Next(); {
			n++
		}
		n += len(f.Value.Raw)
	}
	return n
}

func walkFetchItemValues(f *FetchItem) int { return walkItem(f, walkFormValues) }

// The forms of the walk.
const (
	walkFormBatch  = iota // batch and in-line accessors
	walkFormEach          // a Scalar call per field, a walk per address list
	walkFormValues        // the Value accessors
)

func walkItem(f *FetchItem, form int) int {
	n := 1
	switch f.Kind {
	case FetchFlags:
		it := f.Flags()
		for it.Next() {
			n++
		}
	case FetchUID, FetchRFC822Size, FetchModSeq, FetchBinarySize:
		v, _ := f.Number()
		n += int(v & 1)
	case FetchEnvelope:
		e := f.Envelope()
		switch form {
		case walkFormBatch:
			n += walkEnvelope(&e)
		case walkFormEach:
			n += walkEnvelopeEach(&e)
		default:
			n += walkEnvelopeValues(&e)
		}
	case FetchBody, FetchBodyStructure:
		b := f.BodyStructure()
		if form == walkFormValues {
			n += walkBodyValues(&b, 0)
		} else {
			n += walkBody(&b, 0)
		}
	case FetchBodySection, FetchBinary:
		for it := f.Section.Parts(); it.Next(); {
			n++
		}
		n += len(f.Value.Raw)
	}
	return n
}

func walkEnvelope(e *Envelope) int {
	var s EnvelopeScalars
	e.Scalars(&s)
	n := len(s.Subject.Raw) + len(s.Date.Raw) + len(s.MessageID.Raw)
	var it EnvelopeAddressIter
	e.WalkAddresses(&it)
	for it.Next() {
		n += len(it.MailboxScalar().Raw) + len(it.HostScalar().Raw)
	}
	return n
}

// walkEnvelopeTree is walkEnvelope with the addresses read a batch at a
// time.
func walkEnvelopeTree(e *Envelope) int {
	var s EnvelopeScalars
	var it EnvelopeAddressIter
	e.Scalars(&s)
	e.WalkAddresses(&it)
	return walkAddressesTree(&s, &it)
}

// walkAddressesTree is walkEnvelopeTree's reading of s and it.
func walkAddressesTree(s *EnvelopeScalars, it *EnvelopeAddressIter) int {
	n := len(s.Subject.Raw) + len(s.Date.Raw) + len(s.MessageID.Raw)
	var buf [8]EnvelopeAddress
	for k := it.NextBatch(buf[:]); k > 0; k = it.NextBatch(buf[:]) {
		for i := range buf[:k] {
			n += len(it.Scalar(buf[i].Mailbox).Raw) + len(it.Scalar(buf[i].Host).Raw)
		}
	}
	return n
}

// walkBodyTree reads what walkBody reads, every part's subtype and a
// single part's type and parameter names, and a message part's envelope,
// from the parts of a BODY or BODYSTRUCTURE item's tree a batch at a
// time.
func walkBodyTree(f *FetchItem) int {
	var it BodyPartIter
	var parts [8]BodyPart
	var params [8]BodyParam
	n := 0
	f.WalkBodyTree(&it)
	for k := it.NextBatch(parts[:], params[:]); k > 0; k = it.NextBatch(parts[:], params[:]) {
		for i := range parts[:k] {
			p := &parts[i]
			n += len(it.Scalar(p.Subtype).Raw)
			if p.Multipart {
				continue
			}
			n += len(it.Scalar(p.Type).Raw)
			for _, q := range p.Params(params[:]) {
				n += len(it.Scalar(q.Key).Raw)
			}
			if p.Message {
				e := it.Envelope(p)
				n += walkEnvelopeTree(&e)
			}
		}
	}
	return n
}

func walkEnvelopeEach(e *Envelope) int {
	n := len(e.SubjectScalar().Raw) + len(e.DateScalar().Raw) + len(e.MessageIDScalar().Raw)
	var it AddressIter
	e.WalkFrom(&it)
	n += walkAddresses(&it)
	e.WalkSender(&it)
	n += walkAddresses(&it)
	e.WalkReplyTo(&it)
	n += walkAddresses(&it)
	e.WalkTo(&it)
	n += walkAddresses(&it)
	e.WalkCc(&it)
	n += walkAddresses(&it)
	e.WalkBcc(&it)
	n += walkAddresses(&it)
	return n
}

func walkAddresses(it *AddressIter) int {
	n := 0
	for it.Next() {
		a := it.Address()
		n += len(a.MailboxScalar().Raw) + len(a.HostScalar().Raw)
	}
	return n
}

func walkBody(b *BodyStructure, depth int) int {
	n := len(b.SubtypeScalar().Raw)
	if depth > 100 {
		return n
	}
	if b.Multipart {
		var it BodyIter
		b.WalkParts(&it)
		for it.Next() {
			n += walkBody(it.Part(), depth+1)
		}
	} else {
		n += len(b.TypeScalar().Raw)
		var it PairIter
		b.WalkParams(&it)
		for it.Next() {
			n += len(it.KeyScalar().Raw)
		}
		if b.EnvelopeValue().Form == FormList {
			e := b.Envelope()
			n += walkEnvelope(&e)
			inner := b.Body()
			n += walkBody(&inner, depth+1)
		}
	}
	return n
}

func walkEnvelopeValues(e *Envelope) int {
	n := len(e.Subject().Raw) + len(e.Date().Raw) + len(e.MessageID().Raw)
	for _, l := range [...]AddressList{e.From(), e.Sender(), e.ReplyTo(), e.To(), e.Cc(), e.Bcc()} {
		it := l.Addresses()
		for it.Next() {
			a := it.Address()
			n += len(a.Mailbox().Raw) + len(a.Host().Raw)
		}
	}
	return n
}

func walkBodyValues(b *BodyStructure, depth int) int {
	n := len(b.Subtype().Raw)
	if depth > 100 {
		return n
	}
	if b.Multipart {
		it := b.Parts()
		for it.Next() {
			n += walkBodyValues(it.Part(), depth+1)
		}
	} else {
		n += len(b.Type().Raw)
		it := PairsOf(b.Params())
		for it.Next() {
			n += len(it.Key().Raw)
		}
		if b.EnvelopeValue().Form == FormList {
			e := b.Envelope()
			n += walkEnvelopeValues(&e)
			inner := b.Body()
			n += walkBodyValues(&inner, depth+1)
		}
	}
	return n
}

// walkFetchForm walks the items of r with walk, as walkAll does.
func walkFetchForm(r *Response, walk func(*FetchItem) int) int {
	n := 0
	var it FetchItemIter
	r.WalkFetch(&it)
	for it.Next() {
		n += walk(it.Item())
	}
	return n
}

// TestFetchWalksAgree checks that the three forms of the FETCH walk
// (walkFetchItem, which the benchmarks use, walkFetchItemEach and
// walkFetchItemValues) give the same checksum on the benchmarks' inputs.
// checkScalarsOf compares them on the corpus and the FETCH tables too
// (TestScalarAccessorsMatchValues).
func TestFetchWalksAgree(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		want int
	}{
		{"FetchBatch", fetchBatch(0), 25784},
		{"FetchBatchBody4K", fetchBatch(4096), 435484},
	} {
		var p Parser
		var r Response
		sums := [4]int{}
		for rest := c.in; len(rest) > 0; {
			n, err := p.FrameResponse(rest)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.ParseResponse(rest[:n], &r); err != nil {
				t.Fatal(err)
			}
			for k, walk := range [...]func(*FetchItem) int{walkFetchItem, walkFetchItemEach, walkFetchItemValues, walkFetchItemTree} {
				sums[k] += walkFetchForm(&r, walk)
			}
			rest = rest[n:]
		}
		if sums[0] != c.want || sums[1] != c.want || sums[2] != c.want || sums[3] != c.want {
			t.Errorf("%s checksums: batch %d, each %d, values %d, tree %d, want %d", c.name, sums[0], sums[1], sums[2], sums[3], c.want)
		}
	}
}
