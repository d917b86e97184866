package parser

// Envelope is a lazy view of an ENVELOPE (RFC 9051 "envelope"): each
// field is read from the message when its method is called (from the walk
// record ParseResponse kept, when there is one), so that a caller pays only
// for the fields it reads. Strings may be NIL; read them with
// Value.AppendString. A field the server did not send is the zero Value.
type Envelope struct {
	l lazyList
	// shaped tells that ParseResponse validated the list as this
	// message's ENVELOPE item (see envMark): its addresses are four
	// record entries each.
	shaped bool
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

// EnvelopeScalars holds an envelope's four string fields (each NIL or a
// string), as Envelope.Scalars reads them.
type EnvelopeScalars struct {
	Date, Subject, InReplyTo, MessageID Scalar
}

// Scalars sets *dst to the envelope's string fields: what DateScalar,
// SubjectScalar, InReplyToScalar and MessageIDScalar return, in one call
// instead of four, for a client that keeps them all.
func (e *Envelope) Scalars(dst *EnvelopeScalars) {
	l := &e.l
	if t := l.t; t != nil && l.n == 10 {
		dst.Date, dst.Subject = t.scalarAt(l.pos[0]), t.scalarAt(l.pos[1])
		dst.InReplyTo, dst.MessageID = t.scalarAt(l.pos[8]), t.scalarAt(l.pos[9])
		return
	}
	dst.Date, dst.Subject, dst.InReplyTo, dst.MessageID = l.scalar(0), l.scalar(1), l.scalar(8), l.scalar(9)
}

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

// EnvList names one of an envelope's six address lists, for
// EnvelopeAddressIter.List.
type EnvList uint8

// The address lists, in the envelope's order. The zero EnvList names
// none.
const (
	EnvFrom    EnvList = 1 + iota // env-from
	EnvSender                     // env-sender
	EnvReplyTo                    // env-reply-to
	EnvTo                         // env-to
	EnvCc                         // env-cc
	EnvBcc                        // env-bcc
)

// String returns the list's name in the grammar, "env-from" to "env-bcc".
func (l EnvList) String() string {
	if l >= EnvFrom && l <= EnvBcc {
		return envListNames[l-EnvFrom]
	}
	return "EnvList(?)"
}

var envListNames = [...]string{"env-from", "env-sender", "env-reply-to", "env-to", "env-cc", "env-bcc"}

// EnvelopeAddressIter walks the addresses of all six address lists of an
// envelope in turn (Envelope.WalkAddresses), and reads the current
// address's fields in line.
type EnvelopeAddressIter struct {
	a AddressIter // the current list's walk
	// sc holds the current address's fields when the view does not know
	// their record entries (see field).
	sc [4]Scalar
	// et is the envelope's record when the walk goes through it, and nf
	// the entry of the next list in it; ev is the envelope's Value
	// otherwise.
	et   *listSpans
	ev   Value
	nf   int32
	list EnvList // the current list
	nl   EnvList // the last list
	// four tells that the current address's fields are entries j+1 to
	// j+4 of the walk's record, which field reads; its view is then
	// built only when Address asks for it (pend), as a loop over the
	// fields has no use for it.
	j          int32
	four, pend bool
	// shaped tells a walk through the record of an envelope that
	// ParseResponse validated (Envelope.shaped): Next reads its lists
	// without checking them.
	shaped bool
	// sm is what Scalar reads NextBatch's Spans from.
	sm spanMsg
}

// WalkAddresses sets *it to walk the addresses of all six address lists
// in turn, env-from, env-sender, env-reply-to, env-to, env-cc and then
// env-bcc, as the six walks WalkFrom to WalkBcc would one after the other;
// it.List tells which list the current address belongs to. A client that
// builds the whole envelope sets up one walk instead of six: through the
// walk record, Next passes from one list to the next in a few loads (the
// lists are consecutive entries), where each Walk... call resets an
// iterator and finds its list again. The walk stops at the first error
// (only a Value not validated by ParseResponse can have one), which Err
// returns.
func (e *Envelope) WalkAddresses(it *EnvelopeAddressIter) {
	*it = EnvelopeAddressIter{}
	l := &e.l
	if t := l.t; t != nil {
		// From the record: the lists are entries pos[2] to pos[7], each
		// the next sibling of the one before (as fill found them). The
		// walk starts with no current list (tj == tend), so that Next
		// enters env-from at once; a list the envelope lacks (a short
		// list given to EnvelopeOf) has no addresses.
		lim := l.lim
		if lim == nil {
			lim = &defaultLimits
		}
		w := &it.a.w
		w.t, w.lim, w.lenient = t, lim, l.lenient
		it.et, it.nl = t, EnvList(min(max(int(l.n)-2, 0), 6))
		it.sm.msg = t.msg
		if l.n > 2 {
			it.nf = int32(l.pos[2])
		}
		it.shaped = e.shaped && l.n == 10
		return
	}
	// Without the record: each list is found in the envelope's Value as
	// WalkFrom ... WalkBcc find theirs.
	it.ev = l.list()
	it.sm.setValue(&it.ev)
	it.nl, it.list = EnvBcc, EnvFrom
	l.walkElem(&it.a.w, 2)
}

// Next advances to the next address and reports whether there is one.
func (it *EnvelopeAddressIter) Next() bool {
	w := &it.a.w
	if it.shaped {
		// An envelope as ParseResponse validated it (see envMark):
		// each list is NIL or a list of addresses, and each address
		// is a list entry and four scalar entries, so the checks
		// below (a list, four scalars, a list the record holds whole)
		// would all pass.
		t := w.t
		for {
			if j := w.tj; j < w.tend {
				w.tj = j + 5
				it.j, it.four, it.pend = j, true, true
				return true
			}
			if it.list >= it.nl {
				return false
			}
			j := it.nf
			e := &t.span[uint32(j)%maxListSpans]
			it.list++
			it.nf = e.next
			w.tj, w.tend = j+1, e.next
			if e.form != FormList {
				w.tj, w.tend = 0, 0 // NIL: no addresses
			}
		}
	}
	for {
		if t := w.t; t != nil {
			// From the walk record, as AddressIter.Next reads it.
			if j := w.tj; j < w.tend && j >= 0 && int(j) < t.n {
				e := &t.span[uint32(j)%maxListSpans]
				if nx := e.next; e.form == FormList && nx > j {
					w.tj = nx
					if t.fourScalars(j, nx) {
						it.j, it.four, it.pend = j, true, true
						return true
					}
					it.four, it.pend = false, false
					l := &it.a.cur.l
					l.t, l.i, l.vset, l.n = t, j, false, 0
					l.lim, l.lenient = w.lim, w.lenient
					l.fill(4)
					it.keepFields()
					return true
				}
			}
			if it.et == t && it.list < it.nl {
				// The next list, in line for the common lists (see
				// nextList).
				j := it.nf
				e := &t.span[uint32(j)%maxListSpans]
				if nx := e.next; nx > j && (e.form != FormList || e.off <= e.end && uint(e.end) < uint(len(t.msg))) {
					it.list++
					it.nf = nx
					w.tj, w.tend = j+1, nx
					if e.form != FormList {
						w.tj, w.tend = 0, 0 // NIL: no addresses
					}
					continue
				}
			}
		} else if it.a.Next() {
			it.four, it.pend = false, false
			it.keepFields()
			return true
		}
		if !it.nextList() {
			return false
		}
	}
}

// nextList moves the walk on to the next list, and reports false after
// the last or an error.
func (it *EnvelopeAddressIter) nextList() bool {
	w := &it.a.w
	if it.list >= it.nl || w.err != nil {
		return false
	}
	it.list++
	if t := it.et; t != nil {
		// From the record: the list's entry is the sibling after the
		// previous list's.
		j := it.nf
		e := &t.span[uint32(j)%maxListSpans]
		if e.next <= j {
			return false // cannot happen in a complete record
		}
		it.nf = e.next
		lim, lenient := w.lim, w.lenient
		if e.form != FormList {
			// NIL: no addresses (walkElem sets the walk done).
			w.t, w.tj, w.tend = t, 0, 0
			return true
		}
		if e.off <= e.end && uint(e.end) < uint(len(t.msg)) {
			w.t, w.tj, w.tend = t, j+1, e.next
			return true
		}
		// A list the record cannot vouch for is scanned, as walkElem
		// does.
		var v Value
		t.set(&v, int(j), lim, lenient)
		*w = listWalk{}
		w.init(&v)
		w.lim, w.lenient = lim, lenient // for the lists after it
		return true
	}
	l := lazyList{vset: true, v: it.ev, lim: it.ev.lim, lenient: it.ev.lenient}
	*w = listWalk{}
	l.walkElem(w, int(it.list)+1)
	return true
}

// keepFields copies the current address's fields to sc, for field: for
// an address scanned, or one whose record is not four scalars.
//
//go:noinline
func (it *EnvelopeAddressIter) keepFields() {
	l := &it.a.cur.l
	it.sc = [4]Scalar{l.scalar(0), l.scalar(1), l.scalar(2), l.scalar(3)}
}

// field returns field k (0 to 3) of the current address, as
// Address().scalar(k) does. It is small enough to be inlined, where the
// view's accessors are not (their fallback is a call): an address of four
// scalars is read from the record, and Next copied any other's fields to
// sc.
func (it *EnvelopeAddressIter) field(k int) Scalar {
	if it.four {
		t := it.a.w.t
		e := &t.span[uint32(it.j+1+int32(k))%maxListSpans]
		return Scalar{Raw: t.msg[e.off:e.end], Form: e.form}
	}
	return it.sc[k&3]
}

// NameScalar returns the current address's addr-name, as
// Address().NameScalar() does, but read in line: a client's loop over the
// addresses pays no call per field. So do ADLScalar, MailboxScalar and
// HostScalar for theirs.
func (it *EnvelopeAddressIter) NameScalar() Scalar { return it.field(0) }

// ADLScalar returns the current address's addr-adl.
func (it *EnvelopeAddressIter) ADLScalar() Scalar { return it.field(1) }

// MailboxScalar returns the current address's addr-mailbox.
func (it *EnvelopeAddressIter) MailboxScalar() Scalar { return it.field(2) }

// HostScalar returns the current address's addr-host.
func (it *EnvelopeAddressIter) HostScalar() Scalar { return it.field(3) }

// List returns the address list the current address belongs to.
func (it *EnvelopeAddressIter) List() EnvList { return it.list }

// Address returns the current address. The pointer stays valid until the
// next call to Next.
func (it *EnvelopeAddressIter) Address() *Address {
	if it.pend {
		it.view()
	}
	return &it.a.cur
}

// view builds the current address's view, for Address. (Out of line, it
// leaves Address small enough to be inlined.)
//
//go:noinline
func (it *EnvelopeAddressIter) view() {
	it.a.cur.l.setAddress(it.a.w.t, it.j, &it.a.w)
	it.pend = false
}

// Err returns the error that stopped the walk, if any.
func (it *EnvelopeAddressIter) Err() error { return it.a.w.err }

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
		if t.fourScalars(j, nx) {
			l.setAddress(t, j, &it.w)
			return true
		}
		// A list made of something else, given as an AddressList, is
		// stepped through.
		l.t, l.i, l.vset, l.n = t, j, false, 0
		l.lim, l.lenient = it.w.lim, it.w.lenient
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

// fourScalars reports whether list j of t, whose next entry is nx, holds
// four scalars, as an address does in the grammar: entries j+1 to j+4.
func (t *listSpans) fourScalars(j, nx int32) bool {
	return nx == j+5 && t.span[uint32(j+1)%maxListSpans].next == j+2 && t.span[uint32(j+2)%maxListSpans].next == j+3 &&
		t.span[uint32(j+3)%maxListSpans].next == j+4
}

// setAddress makes l the view of address j of t, a walk w's element,
// whose fields are entries j+1 to j+4 (fourScalars): they are indexed
// without stepping.
func (l *lazyList) setAddress(t *listSpans, j int32, w *listWalk) {
	l.t, l.i, l.vset = t, j, false
	l.lim, l.lenient = w.lim, w.lenient
	l.pos[0], l.pos[1], l.pos[2], l.pos[3] = int16(j+1), int16(j+2), int16(j+3), int16(j+4)
	l.n = 4
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
