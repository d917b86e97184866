package parser

// Envelope is a view of an ENVELOPE (RFC 9051 "envelope"): its fields are
// Values of the message, read when the view is built, and the address
// lists are walked on demand. Strings may be NIL; read them with
// Value.AppendString.
type Envelope struct {
	Date, Subject                      Value
	From, Sender, ReplyTo, To, Cc, Bcc AddressList
	InReplyTo, MessageID               Value
}

// EnvelopeOf returns the view of v, an envelope list as validated by
// ParseResponse. Missing fields are left zero.
func EnvelopeOf(v Value) (e Envelope) {
	fields := [...]*Value{&e.Date, &e.Subject, &e.From.Value, &e.Sender.Value, &e.ReplyTo.Value,
		&e.To.Value, &e.Cc.Value, &e.Bcc.Value, &e.InReplyTo, &e.MessageID}
	var it ListIter
	v.initList(&it)
	if it.t != nil {
		// From the walk record: one entry per field.
		for i := 0; i < len(fields) && it.tj < it.tend; i++ {
			it.t.set(fields[i], int(it.tj), it.s.lim, it.s.lenient)
			it.tj = it.t.after(it.tj, it.tend)
		}
		return e
	}
	for i := 0; i < len(fields) && it.Next(); i++ {
		*fields[i] = it.Value()
	}
	return e
}

// AddressList is an envelope address list: NIL, or a list of addresses.
type AddressList struct {
	Value
}

// Addresses returns an iterator over the list's addresses, group markers
// included (RFC 9051 section 7.5.2: a group starts with an address whose
// host is NIL and whose mailbox is the group's name, and ends with one
// whose host and mailbox are both NIL).
func (l *AddressList) Addresses() (it AddressIter) {
	l.initList(&it.it)
	return it
}

// Address is one address of an envelope: each field is NIL or a string.
type Address struct {
	Name, ADL, Mailbox, Host Value
}

// IsGroupStart reports whether a marks the start of a group; its Mailbox
// holds the group's name.
func (a *Address) IsGroupStart() bool { return a.Host.IsNIL() && !a.Mailbox.IsNIL() }

// IsGroupEnd reports whether a marks the end of a group.
func (a *Address) IsGroupEnd() bool { return a.Host.IsNIL() && a.Mailbox.IsNIL() }

// AddressIter walks the addresses of an AddressList.
type AddressIter struct {
	it  ListIter
	cur Address
}

// Next advances to the next address and reports whether there is one.
func (it *AddressIter) Next() bool {
	if t := it.it.t; t != nil && it.it.tj < it.it.tend {
		// From the walk record: an address is a list entry followed by
		// the entries of its four fields.
		j := it.it.tj
		if e := t.span[j]; e.form == FormList && e.next == j+5 && j+5 <= int32(t.n) {
			lim, lenient := it.it.s.lim, it.it.s.lenient
			t.set(&it.cur.Name, int(j+1), lim, lenient)
			t.set(&it.cur.ADL, int(j+2), lim, lenient)
			t.set(&it.cur.Mailbox, int(j+3), lim, lenient)
			t.set(&it.cur.Host, int(j+4), lim, lenient)
			it.it.tj = j + 5
			return true
		}
	}
	if !it.it.Next() {
		return false
	}
	f := it.it.Value().List()
	it.cur = Address{}
	fields := [...]*Value{&it.cur.Name, &it.cur.ADL, &it.cur.Mailbox, &it.cur.Host}
	for i := 0; i < len(fields) && f.Next(); i++ {
		*fields[i] = f.Value()
	}
	return true
}

// Address returns the current address. The pointer stays valid until the
// next call to Next.
func (it *AddressIter) Address() *Address { return &it.cur }

// Err returns the error that stopped the walk, if any.
func (it *AddressIter) Err() error { return it.it.Err() }

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
