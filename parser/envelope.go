package parser

// Envelope is a lazy view of an ENVELOPE (RFC 9051 "envelope"): each
// field is read from the message when its method is called (from the walk
// record ParseResponse kept, when there is one), so that a caller pays only
// for the fields it reads. Strings may be NIL; read them with
// Value.AppendString. A field the server did not send is the zero Value.
type Envelope struct {
	l lazyList
}

// EnvelopeOf returns the view of v, an envelope list as validated by
// ParseResponse.
func EnvelopeOf(v Value) (e Envelope) {
	e.l.set(&v, 10)
	return e
}

// Value returns the envelope list itself.
func (e *Envelope) Value() Value { return e.l.list() }

// Date returns env-date.
func (e *Envelope) Date() (v Value) {
	e.l.elemTo(&v, 0)
	return v
}

// Subject returns env-subject.
func (e *Envelope) Subject() (v Value) {
	e.l.elemTo(&v, 1)
	return v
}

// From returns env-from.
func (e *Envelope) From() (l AddressList) {
	e.l.elemTo(&l.Value, 2)
	return l
}

// Sender returns env-sender.
func (e *Envelope) Sender() (l AddressList) {
	e.l.elemTo(&l.Value, 3)
	return l
}

// ReplyTo returns env-reply-to.
func (e *Envelope) ReplyTo() (l AddressList) {
	e.l.elemTo(&l.Value, 4)
	return l
}

// To returns env-to.
func (e *Envelope) To() (l AddressList) {
	e.l.elemTo(&l.Value, 5)
	return l
}

// Cc returns env-cc.
func (e *Envelope) Cc() (l AddressList) {
	e.l.elemTo(&l.Value, 6)
	return l
}

// Bcc returns env-bcc.
func (e *Envelope) Bcc() (l AddressList) {
	e.l.elemTo(&l.Value, 7)
	return l
}

// InReplyTo returns env-in-reply-to.
func (e *Envelope) InReplyTo() (v Value) {
	e.l.elemTo(&v, 8)
	return v
}

// MessageID returns env-message-id.
func (e *Envelope) MessageID() (v Value) {
	e.l.elemTo(&v, 9)
	return v
}

// DateScalar returns env-date's octets and form: Date().Scalar(), without
// building the Value.
func (e *Envelope) DateScalar() Scalar { return e.l.scalar(0) }

// SubjectScalar returns env-subject's octets and form.
func (e *Envelope) SubjectScalar() Scalar { return e.l.scalar(1) }

// InReplyToScalar returns env-in-reply-to's octets and form.
func (e *Envelope) InReplyToScalar() Scalar { return e.l.scalar(8) }

// MessageIDScalar returns env-message-id's octets and form.
func (e *Envelope) MessageIDScalar() Scalar { return e.l.scalar(9) }

// WalkFrom sets *it to walk env-from's addresses, as *it =
// e.From().Addresses() does, but in place and without building the list's
// Value: a returned iterator (over 200
// bytes) is built in a temporary and copied, and a client walking the six
// lists resets one iterator instead. So do WalkSender, WalkReplyTo,
// WalkTo, WalkCc and WalkBcc for theirs.
func (e *Envelope) WalkFrom(it *AddressIter) { e.walkAddresses(it, 2) }

// WalkSender sets *it to walk env-sender's addresses.
func (e *Envelope) WalkSender(it *AddressIter) { e.walkAddresses(it, 3) }

// WalkReplyTo sets *it to walk env-reply-to's addresses.
func (e *Envelope) WalkReplyTo(it *AddressIter) { e.walkAddresses(it, 4) }

// WalkTo sets *it to walk env-to's addresses.
func (e *Envelope) WalkTo(it *AddressIter) { e.walkAddresses(it, 5) }

// WalkCc sets *it to walk env-cc's addresses.
func (e *Envelope) WalkCc(it *AddressIter) { e.walkAddresses(it, 6) }

// WalkBcc sets *it to walk env-bcc's addresses.
func (e *Envelope) WalkBcc(it *AddressIter) { e.walkAddresses(it, 7) }

// walkAddresses sets *it to walk the addresses of field k.
func (e *Envelope) walkAddresses(it *AddressIter, k int) {
	*it = AddressIter{}
	e.l.walkElem(&it.w, k)
}

// AddressList is an envelope address list: NIL, or a list of addresses.
type AddressList struct {
	Value
}

// Addresses returns an iterator over the list's addresses, group markers
// included (RFC 9051 section 7.5.2: a group starts with an address whose
// host is NIL and whose mailbox is the group's name, and ends with one
// whose host and mailbox are both NIL).
func (l AddressList) Addresses() (it AddressIter) {
	it.w.init(&l.Value)
	return it
}

// Address is a lazy view of one address of an envelope: each field is NIL
// or a string, read when its method is called.
type Address struct {
	l lazyList
}

// Name returns addr-name, the display name.
func (a *Address) Name() (v Value) {
	a.l.elemTo(&v, 0)
	return v
}

// ADL returns addr-adl, the obsolete source route.
func (a *Address) ADL() (v Value) {
	a.l.elemTo(&v, 1)
	return v
}

// Mailbox returns addr-mailbox: the local part, or a group's name.
func (a *Address) Mailbox() (v Value) {
	a.l.elemTo(&v, 2)
	return v
}

// Host returns addr-host: the domain, NIL for a group marker.
func (a *Address) Host() (v Value) {
	a.l.elemTo(&v, 3)
	return v
}

// NameScalar returns addr-name's octets and form: Name().Scalar(),
// without building the Value. So do ADLScalar, MailboxScalar and
// HostScalar for theirs.
func (a *Address) NameScalar() Scalar { return a.l.scalar(0) }

// ADLScalar returns addr-adl's octets and form.
func (a *Address) ADLScalar() Scalar { return a.l.scalar(1) }

// MailboxScalar returns addr-mailbox's octets and form.
func (a *Address) MailboxScalar() Scalar { return a.l.scalar(2) }

// HostScalar returns addr-host's octets and form.
func (a *Address) HostScalar() Scalar { return a.l.scalar(3) }

// IsGroupStart reports whether a marks the start of a group; its Mailbox
// holds the group's name.
func (a *Address) IsGroupStart() bool {
	return a.l.form(3) == FormNIL && a.l.form(2) != FormNIL
}

// IsGroupEnd reports whether a marks the end of a group.
func (a *Address) IsGroupEnd() bool {
	return a.l.form(3) == FormNIL && a.l.form(2) == FormNIL
}

// AddressIter walks the addresses of an AddressList.
type AddressIter struct {
	w   listWalk
	cur Address
}

// Next advances to the next address and reports whether there is one.
func (it *AddressIter) Next() bool {
	if t := it.w.t; t != nil {
		// From the walk record: an address is a list entry followed by
		// the entries of its fields.
		j := it.w.tj
		if j >= it.w.tend || j < 0 || int(j) >= t.n {
			return false
		}
		e := &t.span[j]
		nx := e.next
		if e.form != FormList || nx <= j {
			return false
		}
		it.w.tj = nx
		l := &it.cur.l
		l.t, l.i, l.vset = t, j, false
		l.lim, l.lenient = it.w.lim, it.w.lenient
		// Four scalars, as the grammar has them: entries j+1 to j+4,
		// without stepping. (A list made of something else, given as
		// an AddressList, is stepped through.)
		if nx == j+5 && t.span[uint32(j+1)%maxListSpans].next == j+2 && t.span[uint32(j+2)%maxListSpans].next == j+3 &&
			t.span[uint32(j+3)%maxListSpans].next == j+4 {
			l.pos[0], l.pos[1], l.pos[2], l.pos[3] = int16(j+1), int16(j+2), int16(j+3), int16(j+4)
			l.n = 4
			return true
		}
		l.n = 0
		l.fill(4)
		return true
	}
	var v Value
	if !it.w.scan(&v, nil) {
		return false
	}
	it.cur.l.set(&v, 4)
	return true
}

// Address returns the current address. The pointer stays valid until the
// next call to Next.
func (it *AddressIter) Address() *Address { return &it.cur }

// Err returns the error that stopped the walk, if any.
func (it *AddressIter) Err() error { return it.w.err }

// envelope validates envelope = "(" env-date SP env-subject SP env-from SP
// env-sender SP env-reply-to SP env-to SP env-cc SP env-bcc SP
// env-in-reply-to SP env-message-id ")".
func envelope(s *scanner) error {
	span := s.openSpan()
	if !s.eat('(') {
		return s.errExpected(`"(" (envelope)`)
	}
	for i := 0; i < 10; i++ {
		if i > 0 {
			if err := s.sp(); err != nil {
				return err
			}
		}
		if i >= 2 && i <= 7 {
			if err := addressList(s); err != nil {
				return err
			}
			continue
		}
		if err := s.recNString(); err != nil {
			return err
		}
	}
	return s.closeList(span, `")" (end of envelope)`)
}

// addressList validates "(" 1*address ")" / nil, address = "(" addr-name SP
// addr-adl SP addr-mailbox SP addr-host ")".
func addressList(s *scanner) error {
	if s.keyword("NIL") {
		s.recScalar(s.p - 3)
		return nil
	}
	if s.peek() != '(' {
		return s.errExpected(`"(" or NIL (address list)`)
	}
	span := s.openSpan()
	s.p++
	for n := 0; ; n++ {
		if n > 0 && s.eat(')') {
			s.closeSpan(span)
			return nil
		}
		if n >= s.lim.MaxArgs {
			return s.errLimit(s.p, "addresses within MaxArgs")
		}
		if s.peek() != '(' {
			return s.errExpected(`"(" (address)`)
		}
		addr := s.openSpan()
		s.p++
		for i := 0; i < 4; i++ {
			if i > 0 {
				if err := s.sp(); err != nil {
					return err
				}
			}
			if err := s.recNString(); err != nil {
				return err
			}
		}
		if err := s.closeList(addr, `")" (end of address)`); err != nil {
			return err
		}
	}
}
