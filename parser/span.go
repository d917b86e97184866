package parser

import "math"

// Span is where a field lies in its message, and how it was sent: its Raw
// (as a Value or Scalar gives it) is msg[Off:End] of the message msg it
// was read from (Response.Raw), and Form its form; the zero Span is a
// field that is not there. The batch accessors (EnvelopeAddressIter and
// BodyPartIter's NextBatch) fill Spans rather than Scalars: a Span is the
// walk record's entry copied (two offsets and a form, no pointer), where a
// Scalar is a slice built from it, with its bounds checks and a pointer
// store behind a write-barrier check, about four times the work. A batch
// holds every field of what it fills, and a client reads a few of them:
// it pays for a Scalar only for those, with Scalar or the iterator's own
// Scalar method.
type Span struct {
	// Off and End delimit the field's Raw in the message. (32 bits, as
	// in the record: a message longer than that has no record, and its
	// fields are Values.)
	Off, End int32
	// Form is the field's form, FormNone when it is not there.
	Form Form
}

// Scalar returns the field's octets in msg, the message it was read from,
// and its form: the Scalar the views' ...Scalar accessors give. It returns
// the zero Scalar for the zero Span, and for a Span that does not lie
// within msg (msg is not its message).
func (s Span) Scalar(msg []byte) Scalar {
	if s.Form == FormNone || uint32(s.Off) > uint32(s.End) || int(s.End) > len(msg) {
		return Scalar{}
	}
	return Scalar{Raw: msg[s.Off:s.End], Form: s.Form}
}

// Len returns the length of the field's Raw.
func (s Span) Len() int { return int(s.End) - int(s.Off) }

// IsNIL reports whether the field is NIL.
func (s Span) IsNIL() bool { return s.Form == FormNIL }

// spanAt returns entry j of t as a Span.
func (t *listSpans) spanAt(j int32) Span {
	e := &t.span[uint32(j)%maxListSpans]
	return Span{Off: e.off, End: e.end, Form: e.form}
}

// spanOr is spanAt, or the zero Span for j < 0 (no element).
func (t *listSpans) spanOr(j int32) Span {
	if j < 0 {
		return Span{}
	}
	return t.spanAt(j)
}

// spanOf returns v's Span: its Raw's place in the message, by its Off
// (the zero Span when that does not fit in 32 bits).
func spanOf(v *Value) Span {
	if v.Form == FormNone || v.Off < 0 || v.Off+len(v.Raw) > math.MaxInt32 {
		return Span{}
	}
	return Span{Off: int32(v.Off), End: int32(v.Off + len(v.Raw)), Form: v.Form}
}

// spanMsg is what a batch walk's Scalar method reads its Spans from: the
// message (the walk record's) at base 0, or, for a walk without the
// record, the octets of the value walked from its offset on (base, its
// Off). It is kept in the iterator so that Scalar is inlined.
type spanMsg struct {
	msg  []byte
	base int
}

// setValue makes m read the Spans of v's elements, where v.Off counts in
// v's message.
func (m *spanMsg) setValue(v *Value) {
	m.msg, m.base = v.Raw[:cap(v.Raw)], v.Off
}

// scalar returns s's octets and form, as s.Scalar on the message does.
func (m *spanMsg) scalar(s Span) Scalar {
	off, end := int(s.Off)-m.base, int(s.End)-m.base
	if s.Form == FormNone || uint(off) > uint(end) || end > len(m.msg) {
		return Scalar{}
	}
	return Scalar{Raw: m.msg[off:end], Form: s.Form}
}
