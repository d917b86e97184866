package parser

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
// names, through the views' Scalar accessors and list walks set up in
// place (WalkFrom, WalkParams, WalkParts). walkFetchItemValues reads the
// same fields through the Value accessors.
func walkFetchItem(f *FetchItem) int { return walkItem(f, false) }

func walkFetchItemValues(f *FetchItem) int { return walkItem(f, true) }

func walkItem(f *FetchItem, values bool) int {
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
		if values {
			n += walkEnvelopeValues(&e)
		} else {
			n += walkEnvelope(&e)
		}
	case FetchBody, FetchBodyStructure:
		b := f.BodyStructure()
		if values {
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
