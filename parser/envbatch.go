package parser

// EnvelopeAddress is one address of an envelope as
// EnvelopeAddressIter.NextBatch fills it in: the list it belongs to and
// where its four fields lie in the message, each NIL or a string. Read a
// field with the iterator's Scalar method (or Span.Scalar and the
// message): it gives what the iterator's NameScalar, ADLScalar,
// MailboxScalar and HostScalar give for the address.
type EnvelopeAddress struct {
	// Name is addr-name, the display name; ADL addr-adl, the obsolete
	// source route; Mailbox addr-mailbox, the local part or a group's
	// name; Host addr-host, the domain, NIL for a group marker.
	Name, ADL, Mailbox, Host Span
	// List is the address list the address belongs to.
	List EnvList
}

// IsGroupStart reports whether a marks the start of a group (RFC 9051
// section 7.5.2), as Address.IsGroupStart does: its Mailbox holds the
// group's name.
func (a *EnvelopeAddress) IsGroupStart() bool {
	return a.Host.Form == FormNIL && a.Mailbox.Form != FormNIL
}

// IsGroupEnd reports whether a marks the end of a group, as
// Address.IsGroupEnd does.
func (a *EnvelopeAddress) IsGroupEnd() bool {
	return a.Host.Form == FormNIL && a.Mailbox.Form == FormNIL
}

// NextBatch fills dst with the next addresses of the walk, as many as fit,
// and returns how many it wrote: fewer than len(dst) only when the walk is
// over (or stopped at an error, which Err returns). Each is what Next
// followed by List and the four ...Scalar accessors would give (as Spans,
// read with Scalar), in the same order, so the two may be mixed: after a
// full batch the current address (List, Address, the accessors) is the
// last one written. NextBatch may write dst past the count it returns.
//
// It is the envelope's walk for a client that keeps the addresses. Through
// the walk record, one loop reads the entries in order: ParseResponse
// recorded every address as a list entry followed by its four fields, and
// NIL or a list for each of the six lists, so an address costs a check of
// that shape and four entries copied, and a change of list a few loads, where Next costs a call, its checks and the iterator's state per
// address. Any other shape (a list the record does not hold, an address
// that is not four scalars, a walk without the record) is passed to Next,
// one address at a time, so the result is the same whatever the input.
func (it *EnvelopeAddressIter) NextBatch(dst []EnvelopeAddress) int {
	n := 0
	for n < len(dst) {
		if t := it.et; t != nil && it.a.w.t == t {
			if n = it.batchRecord(t, dst, n); n >= len(dst) {
				break
			}
		}
		if !it.Next() {
			break
		}
		it.fieldSpans(&dst[n])
		n++
	}
	return n
}

// batchRecord fills dst from n on with the addresses that follow in the
// walk record t, as Next reads them there, and returns the new count. It
// stops at the end of dst, after the last list, and before anything that
// is not an address of four scalar entries or a list Next would enter
// in line (Next then takes it), and leaves the iterator as Next would
// after the last address written.
func (it *EnvelopeAddressIter) batchRecord(t *listSpans, dst []EnvelopeAddress, n int) int {
	w := &it.a.w
	j, end, list, nf := w.tj, w.tend, it.list, it.nf
	msg := t.msg
	last := int32(-1)
	_ = msg
	for n < len(dst) {
		if j < end {
			// An address: a list entry of four scalar entries (the
			// conditions of Next's fourScalars, and every entry
			// recorded).
			if j < 0 || int(j)+5 > t.n {
				break
			}
			e := &t.span[uint32(j)%maxListSpans]
			if e.form != FormList || e.next != j+5 {
				break
			}
			f0, f1, f2, f3 := &t.span[uint32(j+1)%maxListSpans], &t.span[uint32(j+2)%maxListSpans], &t.span[uint32(j+3)%maxListSpans], &t.span[uint32(j+4)%maxListSpans]
			if f0.next != j+2 || f1.next != j+3 || f2.next != j+4 {
				break
			}
			d := &dst[n]
			d.Name = Span{Off: f0.off, End: f0.end, Form: f0.form}
			d.ADL = Span{Off: f1.off, End: f1.end, Form: f1.form}
			d.Mailbox = Span{Off: f2.off, End: f2.end, Form: f2.form}
			d.Host = Span{Off: f3.off, End: f3.end, Form: f3.form}
			d.List = list
			last = j
			j += 5
			n++
			continue
		}
		// The next list, as Next enters it in line: NIL (or another
		// scalar) has no addresses.
		if list >= it.nl {
			break
		}
		e := &t.span[uint32(nf)%maxListSpans]
		nx := e.next
		if nx <= nf {
			break
		}
		if e.form == FormList {
			if e.off > e.end || uint(e.end) >= uint(len(msg)) {
				break
			}
			j, end = nf+1, nx
		} else {
			j, end = 0, 0
		}
		list++
		nf = nx
	}
	w.tj, w.tend, it.list, it.nf = j, end, list, nf
	if last >= 0 {
		it.j, it.four, it.pend = last, true, true
	}
	return n
}

// fieldSpans sets *d to the current address, which Next has just read:
// from the record when its fields are four entries, else through the
// view, whose Values know their offsets.
//
//go:noinline
func (it *EnvelopeAddressIter) fieldSpans(d *EnvelopeAddress) {
	d.List = it.list
	if it.four {
		t := it.a.w.t
		d.Name, d.ADL, d.Mailbox, d.Host = t.spanAt(it.j+1), t.spanAt(it.j+2), t.spanAt(it.j+3), t.spanAt(it.j+4)
		return
	}
	a := it.Address()
	name, adl, mbox, host := a.Name(), a.ADL(), a.Mailbox(), a.Host()
	d.Name, d.ADL, d.Mailbox, d.Host = spanOf(&name), spanOf(&adl), spanOf(&mbox), spanOf(&host)
}

// Scalar returns the octets and form of s, a field of an address of this
// walk (from NextBatch), as s.Scalar on the message does. It is inlined.
func (it *EnvelopeAddressIter) Scalar(s Span) Scalar { return it.sm.scalar(s) }

// WalkEnvelope sets *es to an ENVELOPE item's four strings and *it to walk
// its addresses, as
//
//	e := f.Envelope()
//	e.Scalars(es)
//	e.WalkAddresses(it)
//
// do, without building the view (which finds the ten fields' entries and
// keeps them, for the accessors a walk does not call). For any other item
// *es is zero and the walk yields nothing.
func (f *FetchItem) WalkEnvelope(es *EnvelopeScalars, it *EnvelopeAddressIter) {
	v := &f.Value
	if t := v.spans; t != nil && f.Kind == FetchEnvelope {
		if i := int(v.ti) - 1; uint(i) < uint(t.n) && t.holds(i, v) {
			// The fields' entries, as fill(10) finds them.
			var pos [10]int32
			j, end := int32(i+1), t.span[uint(i)%maxListSpans].next
			n := 0
			for ; n < len(pos) && j < end; n++ {
				pos[n] = j
				j = t.after(j, end)
			}
			*es = EnvelopeScalars{}
			if n == len(pos) {
				es.Date, es.Subject = t.scalarAt32(pos[0]), t.scalarAt32(pos[1])
				es.InReplyTo, es.MessageID = t.scalarAt32(pos[8]), t.scalarAt32(pos[9])
			} else {
				// A short list: the fields it has.
				for k, dst := range [...]*Scalar{&es.Date, &es.Subject, &es.InReplyTo, &es.MessageID} {
					if x := [...]int{0, 1, 8, 9}[k]; x < n {
						*dst = t.scalarAt32(pos[x])
					}
				}
			}
			// As WalkAddresses sets the walk up through the record.
			*it = EnvelopeAddressIter{}
			lim := v.lim
			if lim == nil {
				lim = &defaultLimits
			}
			w := &it.a.w
			w.t, w.lim, w.lenient = t, lim, v.lenient
			it.et, it.nl = t, EnvList(min(max(n-2, 0), 6))
			it.sm.msg = t.msg
			if n > 2 {
				it.nf = pos[2]
			}
			return
		}
	}
	e := f.Envelope()
	e.Scalars(es)
	e.WalkAddresses(it)
}

// scalarAt32 is scalarAt for an entry index as the walks keep it.
func (t *listSpans) scalarAt32(j int32) Scalar {
	e := &t.span[uint32(j)%maxListSpans]
	return Scalar{Raw: t.msg[e.off:e.end], Form: e.form}
}
