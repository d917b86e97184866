package parser

import "encoding/binary"

// BodyStructure is a lazy view of a BODY or BODYSTRUCTURE value (RFC 9051
// "body"): each field is read from the message when its method is called
// (from the walk record ParseResponse kept, when there is one), so that a
// caller pays only for what it reads. A field the server did not send
// (extension data, or a field of another kind of part) is the zero Value
// (Form FormNone). Nested parts are walked with Parts, a message/rfc822
// part's envelope and body with Envelope and Body.
type BodyStructure struct {
	// Multipart tells a multipart body (Parts, Subtype and the multipart
	// extension data are set) from a single part.
	Multipart bool
	// kind is the kind of a single part: bodyBasic, bodyText or
	// bodyMessage, which decides where its fields lie.
	kind uint8
	// ext is the position of the first extension field in the list: a
	// multipart's body-fld-param (after its parts and subtype), a single
	// part's body-fld-md5.
	ext int32
	l   lazyList
	// typ and sub are the type and subtype when TypeScalar and
	// SubtypeScalar cannot read them from the record (see classify):
	// with them, those two need no call and are inlined.
	typ, sub Scalar
}

// The kinds of single part, by the fields that follow body-fields.
const (
	bodyBasic   = iota // no further field
	bodyText           // body-fld-lines
	bodyMessage        // envelope SP body SP body-fld-lines
)

// BodyStructureOf returns the view of v, a body list as validated by
// ParseResponse.
func BodyStructureOf(v Value) (b BodyStructure) {
	b.l.set(&v, 0)
	b.classify()
	return b
}

// classify sets Multipart, kind and ext from the list's first elements.
// For a multipart from the walk record, it also records the entries of
// the elements it steps over, the parts, the subtype and the params, so
// that Subtype and Params index them. It keeps the type and subtype in
// typ and sub when their entries are not known (keepMediaType).
func (b *BodyStructure) classify() {
	l := &b.l
	if t := l.t; t != nil {
		j, end := l.i+1, t.span[uint32(l.i)%maxListSpans].next
		if j >= end {
			b.ext = 7 // an empty list: a single part of no known type
			b.keepMediaType()
			return
		}
		if t.span[uint32(j)%maxListSpans].form == FormList {
			b.Multipart = true
			n := 0
			for j < end && t.span[uint32(j)%maxListSpans].form == FormList {
				if n < lazyPos {
					l.pos[n] = int16(j)
				}
				j = t.after(j, end)
				n++
			}
			b.ext = int32(n + 1) // past the parts and the subtype
			// The subtype and the params.
			for k := n; k <= n+1 && k < lazyPos && j < end; k++ {
				l.pos[k] = int16(j)
				j = t.after(j, end)
				l.n = int8(k + 1)
			}
			if int(l.n) < min(n, lazyPos) {
				l.n = int8(min(n, lazyPos))
			}
			if n+1 > int(l.n) {
				b.keepMediaType() // the subtype is past the known entries
			}
			return
		}
		// A single part: its type, subtype and params, which callers
		// read first. Type and subtype are strings, one entry each, as
		// the grammar has them; anything else is stepped through.
		if t.span[uint32(j)%maxListSpans].next == j+1 && t.span[uint32(j+1)%maxListSpans].next == j+2 && j+2 < end {
			l.pos[0], l.pos[1], l.pos[2] = int16(j), int16(j+1), int16(j+2)
			l.n = 3
		} else {
			l.fill(3)
			if l.n < 2 {
				b.keepMediaType()
			}
		}
		if kind, ok := t.plainKind(l.pos[0]); ok {
			b.kind, b.ext = kind, bodyExt[kind]
			return
		}
	} else {
		// Without the record, the type and subtype are kept.
		if l.v.Form != FormList {
			b.keepMediaType()
			return
		}
		if l.form(0) == FormList {
			b.Multipart = true
			n := 0
			it := l.v.List()
			for it.Next() && it.Value().Form == FormList {
				n++
			}
			b.ext = int32(n + 1) // past the parts and the subtype
			b.keepMediaType()
			return
		}
	}
	switch {
	case l.equalFold(0, "TEXT"):
		b.kind, b.ext = bodyText, 8
	case l.equalFold(0, "MESSAGE") && (l.equalFold(1, "RFC822") || l.equalFold(1, "GLOBAL")):
		b.kind, b.ext = bodyMessage, 10
	default:
		b.ext = 7
	}
	if l.t == nil {
		b.keepMediaType()
	}
}

// keepMediaType sets typ and sub as TypeScalar and SubtypeScalar give
// them, for a view whose record does not hold them (or that has none).
//
//go:noinline
func (b *BodyStructure) keepMediaType() {
	b.typ, b.sub = b.singleScalar(0), b.l.scalar(b.subtypeAt())
}

// bodyExt is the position of a single part's first extension field by its
// kind.
var bodyExt = [...]int32{bodyBasic: 7, bodyText: 8, bodyMessage: 10}

// plainKind tells the kind of a single part from its media type, entry j,
// which must not be a list, when the octets decide it: only a type
// starting with T, M or an escape can be TEXT or MESSAGE, so any other is
// basic, and TEXT is four letters read as one word (for a letter, c|0x20
// matches exactly its two cases). It reports false for the rest
// (MESSAGE, escapes, an empty type), which classify compares as strings.
func (t *listSpans) plainKind(j int16) (uint8, bool) {
	e := &t.span[uint16(j)%maxListSpans]
	raw := t.msg[e.off:e.end] // (as scalarAt reads it)
	if len(raw) == 0 {
		return 0, false
	}
	if c := raw[0] | 0x20; c != 't' && c != 'm' && c != '\\'|0x20 {
		return bodyBasic, true
	}
	if len(raw) == 4 && binary.LittleEndian.Uint32(raw)|0x20202020 == 't'|'e'<<8|'x'<<16|'t'<<24 {
		return bodyText, true
	}
	return 0, false
}

// single returns element k of a single part, the zero Value for a
// multipart.
func (b *BodyStructure) single(k int) (v Value) {
	if !b.Multipart {
		b.l.elemTo(&v, k)
	}
	return v
}

// Value returns the body list itself.
func (b *BodyStructure) Value() Value { return b.l.list() }

// Type returns a single part's media type ("TEXT"); a multipart has none.
func (b *BodyStructure) Type() Value { return b.single(0) }

// Subtype returns the media subtype ("PLAIN", or a multipart's "MIXED").
func (b *BodyStructure) Subtype() (v Value) {
	b.l.elemTo(&v, b.subtypeAt())
	return v
}

// subtypeAt returns the position of the subtype in the list: after a
// multipart's parts, second in a single part.
func (b *BodyStructure) subtypeAt() int {
	if b.Multipart {
		return int(b.ext) - 1
	}
	return 1
}

// Params returns the body-fld-param list of attribute/value strings, or
// NIL; walk it with PairsOf.
func (b *BodyStructure) Params() (v Value) {
	k := 2
	if b.Multipart {
		k = int(b.ext)
	}
	b.l.elemTo(&v, k)
	return v
}

// ID returns a single part's body-fld-id.
func (b *BodyStructure) ID() Value { return b.single(3) }

// Description returns a single part's body-fld-desc.
func (b *BodyStructure) Description() Value { return b.single(4) }

// Encoding returns a single part's body-fld-enc.
func (b *BodyStructure) Encoding() Value { return b.single(5) }

// Size returns a single part's body-fld-octets.
func (b *BodyStructure) Size() Value { return b.single(6) }

// Lines returns body-fld-lines of a text or message/rfc822 part.
func (b *BodyStructure) Lines() Value {
	switch {
	case b.Multipart:
	case b.kind == bodyText:
		return b.l.elem(7)
	case b.kind == bodyMessage:
		return b.l.elem(9)
	}
	return Value{}
}

// EnvelopeValue returns a message/rfc822 part's envelope list; see
// Envelope.
func (b *BodyStructure) EnvelopeValue() (v Value) {
	if !b.Multipart && b.kind == bodyMessage {
		b.l.elemTo(&v, 7)
	}
	return v
}

// BodyValue returns a message/rfc822 part's body list; see Body.
func (b *BodyStructure) BodyValue() (v Value) {
	if !b.Multipart && b.kind == bodyMessage {
		b.l.elemTo(&v, 8)
	}
	return v
}

// MD5 returns a single part's body-fld-md5 (extension data).
func (b *BodyStructure) MD5() Value { return b.single(int(b.ext)) }

// Disposition returns body-fld-dsp: NIL or ("attachment" params).
func (b *BodyStructure) Disposition() Value { return b.extField(1) }

// Language returns body-fld-lang: a string or a list of strings.
func (b *BodyStructure) Language() Value { return b.extField(2) }

// Location returns body-fld-loc.
func (b *BodyStructure) Location() Value { return b.extField(3) }

// extField returns extension field k after the first (the multipart's
// params, the single part's md5).
func (b *BodyStructure) extField(k int) Value {
	if b.l.t == nil && b.l.v.Form != FormList {
		return Value{}
	}
	return b.l.elem(int(b.ext) + k)
}

// Extensions returns any further body-extension values, after the
// location, as a list value holding the rest of the body list; walk it
// with Extensions().List(). It is the zero Value when there are none.
func (b *BodyStructure) Extensions() Value {
	first := b.extField(4)
	if first.Form == FormNone {
		return Value{}
	}
	v := b.l.list()
	start := first.Off - v.Off
	if first.Form == FormQuoted || first.Form == FormList {
		start-- // the opening quote or paren
	}
	if first.Form == FormLiteral || first.Form == FormLiteral8 {
		// Back up to the literal's "{" (or "~").
		for start > 0 && v.Raw[start] != '{' {
			start--
		}
		if start > 0 && v.Raw[start-1] == '~' {
			start--
		}
	}
	if start < 0 || start > len(v.Raw) {
		return Value{}
	}
	return Value{Form: FormList, Raw: v.Raw[start:], Off: v.Off + start, lim: v.lim, lenient: v.lenient}
}

// TypeScalar returns Type's octets and form, without building the Value.
// So do the other ...Scalar accessors for their fields. TypeScalar and
// SubtypeScalar are inlined: they read the record's entry, or what the
// view kept when it was built.
func (b *BodyStructure) TypeScalar() Scalar {
	if b.Multipart {
		return Scalar{}
	}
	if t := b.l.t; t != nil && b.l.n > 1 {
		return t.scalarAt(b.l.pos[0])
	}
	return b.typ
}

// SubtypeScalar returns Subtype's octets and form.
func (b *BodyStructure) SubtypeScalar() Scalar {
	k := b.subtypeAt()
	if t := b.l.t; t != nil && uint(k) < uint(b.l.n) {
		return t.scalarAt(b.l.pos[k])
	}
	return b.sub
}

// IDScalar returns ID's octets and form.
func (b *BodyStructure) IDScalar() Scalar { return b.singleScalar(3) }

// DescriptionScalar returns Description's octets and form.
func (b *BodyStructure) DescriptionScalar() Scalar { return b.singleScalar(4) }

// EncodingScalar returns Encoding's octets and form.
func (b *BodyStructure) EncodingScalar() Scalar { return b.singleScalar(5) }

// SizeScalar returns Size's octets and form.
func (b *BodyStructure) SizeScalar() Scalar { return b.singleScalar(6) }

// LinesScalar returns Lines' octets and form.
func (b *BodyStructure) LinesScalar() Scalar {
	switch {
	case b.Multipart:
	case b.kind == bodyText:
		return b.l.scalar(7)
	case b.kind == bodyMessage:
		return b.l.scalar(9)
	}
	return Scalar{}
}

// MD5Scalar returns MD5's octets and form.
func (b *BodyStructure) MD5Scalar() Scalar { return b.singleScalar(int(b.ext)) }

// LocationScalar returns Location's octets and form.
func (b *BodyStructure) LocationScalar() Scalar {
	if b.l.t == nil && b.l.v.Form != FormList {
		return Scalar{}
	}
	return b.l.scalar(int(b.ext) + 3)
}

// singleScalar is single's Scalar.
func (b *BodyStructure) singleScalar(k int) Scalar {
	if b.Multipart {
		return Scalar{}
	}
	return b.l.scalar(k)
}

// WalkParams sets *p to walk the pairs of Params, as *p =
// PairsOf(b.Params()) does, but in place and without building the list's
// Value.
func (b *BodyStructure) WalkParams(p *PairIter) {
	*p = PairIter{}
	k := 2
	if b.Multipart {
		k = int(b.ext)
	}
	b.l.walkElem(&p.w, k)
}

// WalkParts sets *it to walk a multipart body's parts, as *it = b.Parts()
// does, but in place.
func (b *BodyStructure) WalkParts(it *BodyIter) {
	*it = BodyIter{}
	if !b.Multipart {
		it.w.done = true
		return
	}
	b.l.walk(&it.w)
}

// Parts returns an iterator over a multipart body's parts.
func (b *BodyStructure) Parts() (it BodyIter) {
	if !b.Multipart {
		it.w.done = true
		return it
	}
	b.l.walk(&it.w)
	return it
}

// Envelope returns the envelope of a message/rfc822 part.
func (b *BodyStructure) Envelope() Envelope { return EnvelopeOf(b.EnvelopeValue()) }

// Body returns the body structure of a message/rfc822 part's message.
func (b *BodyStructure) Body() BodyStructure { return BodyStructureOf(b.BodyValue()) }

// BodyIter walks the parts of a multipart body.
type BodyIter struct {
	w   listWalk
	cur BodyStructure
}

// Next advances to the next part and reports whether there is one.
func (it *BodyIter) Next() bool {
	if t := it.w.t; t != nil {
		// From the walk record: the part is the entry itself.
		j := it.w.tj
		if j >= it.w.tend || j < 0 || int(j) >= t.n {
			return false
		}
		e := &t.span[uint32(j)%maxListSpans]
		if e.form != FormList {
			return false
		}
		// The view's fields are reset one by one: zeroing the whole
		// view (its list's Value included) cost more than the rest.
		it.cur.Multipart, it.cur.kind, it.cur.ext = false, 0, 0
		if nx := e.next; nx > j {
			l := &it.cur.l
			l.t, l.i, l.n, l.vset = t, j, 0, false
			l.lim, l.lenient = it.w.lim, it.w.lenient
			it.w.tj = nx
			// A single part whose type and subtype are one entry each
			// and whose type's octets tell its kind is classified
			// here, as classify would (its call cost more than this);
			// classify finds the other parts' elements.
			if k := j + 1; k+2 < nx && t.span[uint32(k)%maxListSpans].form != FormList && t.span[uint32(k)%maxListSpans].next == k+1 &&
				t.span[uint32(k+1)%maxListSpans].next == k+2 {
				if kind, ok := t.plainKind(int16(k)); ok {
					l.pos[0], l.pos[1], l.pos[2], l.n = int16(k), int16(k+1), int16(k+2), 3
					it.cur.kind, it.cur.ext = kind, bodyExt[kind]
					return true
				}
			}
		} else {
			// A part the record could not hold whole: scan it.
			var v Value
			t.set(&v, int(j), it.w.lim, it.w.lenient)
			it.cur.l.set(&v, 0)
			it.w.tj = it.w.tend
		}
		it.cur.classify()
		return true
	}
	var v Value
	if !it.w.scan(&v, nil) || v.Form != FormList {
		return false
	}
	it.cur = BodyStructure{}
	it.cur.l.set(&v, 0)
	it.cur.classify()
	return true
}

// Part returns the current part. The pointer stays valid until the next
// call to Next. A recursive walk copies no part and allocates nothing when
// each level declares its iterator before the loop:
//
//	func walk(b *BodyStructure) {
//		it := b.Parts()
//		for it.Next() {
//			walk(it.Part())
//		}
//	}
//
// (Go moves an iterator declared in the for statement itself to the heap
// once its part is passed to a recursive call.)
func (it *BodyIter) Part() *BodyStructure { return &it.cur }

// body validates body = "(" (body-type-1part / body-type-mpart) ")".
func body(s *scanner, depth int) error {
	if depth > s.lim.MaxDepth {
		return s.errLimit(s.p, "body nesting within MaxDepth")
	}
	span := s.openSpan()
	if !s.eat('(') {
		return s.errExpected(`"(" (body)`)
	}
	if s.peek() == '(' {
		// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
		for n := 0; s.peek() == '('; n++ {
			if n >= s.lim.MaxArgs {
				return s.errLimit(s.p, "body parts within MaxArgs")
			}
			if err := body(s, depth+1); err != nil {
				return err
			}
		}
		if err := s.sp(); err != nil {
			return err
		}
		if err := s.recStr(); err != nil {
			return err
		}
		if s.eat(' ') {
			if err := bodyFldParam(s); err != nil {
				return err
			}
			if err := bodyExtTail(s, depth); err != nil {
				return err
			}
		}
		return s.closeList(span, `")" (end of body)`)
	}
	// body-type-1part: media type and subtype, then body-fields.
	mt, err := s.recStrValue()
	if err != nil {
		return err
	}
	if err := s.sp(); err != nil {
		return err
	}
	st, err := s.recStrValue()
	if err != nil {
		return err
	}
	if err := s.sp(); err != nil {
		return err
	}
	// body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP
	// body-fld-enc SP body-fld-octets
	if err := bodyFldParam(s); err != nil {
		return err
	}
	for i := 0; i < 2; i++ {
		if err := s.sp(); err != nil {
			return err
		}
		if err := s.recNString(); err != nil {
			return err
		}
	}
	if err := s.sp(); err != nil {
		return err
	}
	if err := s.recStr(); err != nil {
		return err
	}
	if err := s.sp(); err != nil {
		return err
	}
	at := s.p
	if _, err := s.number(); err != nil {
		return err
	}
	s.add(at, s.p, FormNumber)
	switch {
	case mt.EqualFold("MESSAGE") && (st.EqualFold("RFC822") || st.EqualFold("GLOBAL")):
		if err := s.sp(); err != nil {
			return err
		}
		if err := envelope(s); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
		if err := body(s, depth+1); err != nil {
			return err
		}
		if err := bodyFldLines(s); err != nil {
			return err
		}
	case mt.EqualFold("TEXT"):
		if err := bodyFldLines(s); err != nil {
			return err
		}
	}
	if s.eat(' ') {
		// body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang
		// [SP body-fld-loc *(SP body-extension)]]]
		if err := s.recNString(); err != nil {
			return err
		}
		if err := bodyExtTail(s, depth); err != nil {
			return err
		}
	}
	return s.closeList(span, `")" (end of body)`)
}

// bodyFldLines reads SP body-fld-lines (a number64; -1 tolerated when
// lenient).
func bodyFldLines(s *scanner) error {
	if err := s.sp(); err != nil {
		return err
	}
	at := s.p
	if s.lenient && s.peek() == '-' && s.p+1 < len(s.b) && s.b[s.p+1] == '1' {
		s.violation(ViolNegativeLines, s.p)
		s.p += 2
	} else if _, err := s.number64(); err != nil {
		return err
	}
	s.recScalar(at)
	return nil
}

// bodyExtTail reads [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
// *(SP body-extension)]]].
func bodyExtTail(s *scanner, depth int) error {
	if !s.eat(' ') {
		return nil
	}
	// body-fld-dsp = "(" string SP body-fld-param ")" / nil
	if s.keyword("NIL") {
		s.recScalar(s.p - 3)
	} else {
		if s.peek() != '(' {
			return s.errExpected(`"(" or NIL (body-fld-dsp)`)
		}
		span := s.openSpan()
		s.p++
		if err := s.recStr(); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
		if err := bodyFldParam(s); err != nil {
			return err
		}
		if err := s.closeList(span, `")"`); err != nil {
			return err
		}
	}
	if !s.eat(' ') {
		return nil
	}
	// body-fld-lang = nstring / "(" string *(SP string) ")"
	if s.peek() == '(' {
		if err := parenList(s, "string", elemString); err != nil {
			return err
		}
	} else if err := s.recNString(); err != nil {
		return err
	}
	if !s.eat(' ') {
		return nil
	}
	if err := s.recNString(); err != nil {
		return err
	}
	for s.eat(' ') {
		if err := bodyExtension(s, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// bodyExtension reads body-extension = nstring / number / number64 / "("
// body-extension *(SP body-extension) ")". A literal8 ("~{n}") is refused
// at its "~": RFC 3516 and RFC 9051 allow it only in BINARY[] data.
func bodyExtension(s *scanner, depth int) error {
	if depth > s.lim.MaxDepth {
		return s.errLimit(s.p, "nesting within MaxDepth")
	}
	if s.peek() == '~' {
		return s.errLiteral8For(`body-extension (nstring, number or "(")`)
	}
	if s.peek() == '(' {
		span := s.openSpan()
		s.p++
		for {
			if err := bodyExtension(s, depth+1); err != nil {
				return err
			}
			if !s.eat(' ') {
				return s.closeList(span, `SP or ")"`)
			}
		}
	}
	at := s.p
	var err error
	if charClass[s.peek()]&cDigit != 0 {
		_, err = s.number64()
	} else {
		_, err = s.nstring()
	}
	if err == nil {
		s.recScalar(at)
	}
	return err
}

// bodyFldParam reads body-fld-param = "(" string SP string *(SP string SP
// string) ")" / nil.
func bodyFldParam(s *scanner) error {
	if s.keyword("NIL") {
		s.recScalar(s.p - 3)
		return nil
	}
	if s.peek() != '(' {
		return s.errExpected(`"(" or NIL (body-fld-param)`)
	}
	span := s.openSpan()
	s.p++
	for {
		if err := s.recStr(); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
		if err := s.recStr(); err != nil {
			return err
		}
		if !s.eat(' ') {
			return s.closeList(span, `SP or ")"`)
		}
	}
}

// PairIter walks a list of key/value pairs: body parameters, STATUS
// attributes, ID fields, METADATA entries, LIST extended data.
type PairIter struct {
	w listWalk
	// key and val are the current pair of a walk without the record.
	key, val Value
	// kj and vj are 1 + the record entries of the current key and value
	// of a walk through the record (0: none yet): Next only steps, and
	// Key, Value and their Scalar twins read the entries.
	kj, vj int32
}

// PairsOf returns an iterator over the pairs of list v (NIL yields none).
func PairsOf(v Value) (p PairIter) {
	p.w.init(&v)
	return p
}

// pairsFrom returns an iterator over the pairs that it has not yet
// walked.
func pairsFrom(it *ListIter) (p PairIter) {
	p.w.from(it)
	return p
}

// Next advances to the next pair and reports whether there is one.
func (p *PairIter) Next() bool {
	if t := p.w.t; t != nil {
		// From the walk record: remember the key's and the value's
		// entries; their Values are built only when asked for.
		j := p.w.tj
		if j >= p.w.tend || j < 0 || int(j) >= t.n {
			return false
		}
		p.kj = j + 1
		j = t.after(j, p.w.tend)
		p.w.tj = j
		if j >= p.w.tend || int(j) >= t.n {
			return false
		}
		p.vj = j + 1
		p.w.tj = t.after(j, p.w.tend)
		return true
	}
	return p.w.scan(&p.key, &p.val)
}

// Key returns the current pair's key.
func (p *PairIter) Key() (v Value) {
	if p.w.t == nil {
		return p.key
	}
	if p.kj > 0 {
		p.w.t.set(&v, int(p.kj-1), p.w.lim, p.w.lenient)
	}
	return v
}

// Value returns the current pair's value.
func (p *PairIter) Value() (v Value) {
	if p.w.t == nil {
		return p.val
	}
	if p.vj > 0 {
		p.w.t.set(&v, int(p.vj-1), p.w.lim, p.w.lenient)
	}
	return v
}

// KeyScalar returns the current pair's key's octets and form:
// Key().Scalar(), without building the Value.
func (p *PairIter) KeyScalar() Scalar { return p.scalar(p.kj, &p.key) }

// ValueScalar returns the current pair's value's octets and form.
func (p *PairIter) ValueScalar() Scalar { return p.scalar(p.vj, &p.val) }

// scalar returns the Scalar of entry j-1 of a walk through the record,
// or of v otherwise.
func (p *PairIter) scalar(j int32, v *Value) Scalar {
	t := p.w.t
	if t == nil {
		return Scalar{Raw: v.Raw, Form: v.Form}
	}
	if j <= 0 {
		return Scalar{}
	}
	e := &t.span[uint32(j-1)%maxListSpans]
	return Scalar{Raw: t.msg[e.off:e.end], Form: e.form}
}

// Err returns the error that stopped the walk, if any.
func (p *PairIter) Err() error { return p.w.err }
