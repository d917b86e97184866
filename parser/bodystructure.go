package parser

// BodyStructure is a view of a BODY or BODYSTRUCTURE value (RFC 9051
// "body"). Its fields are Values of the message, read when the view is
// built; fields the server did not send (extension data, or fields of
// another kind of part) are zero Values (Form FormNone). Nested parts are
// walked with Parts, a message/rfc822 part's envelope and body with
// Envelope and Body.
type BodyStructure struct {
	// Multipart tells a multipart body (Parts, Subtype and the multipart
	// extension data are set) from a single part.
	Multipart bool
	// Type and Subtype are the media type ("TEXT", "PLAIN"); a multipart
	// body has only a Subtype ("MIXED").
	Type, Subtype Value
	// Params is the body-fld-param list of attribute/value strings, or
	// NIL; walk it with PairsOf.
	Params Value
	// ID, Description and Encoding are body-fld-id, body-fld-desc and
	// body-fld-enc; Size is body-fld-octets.
	ID, Description, Encoding, Size Value
	// Lines is body-fld-lines of a text or message/rfc822 part.
	Lines Value
	// EnvelopeValue and BodyValue are a message/rfc822 part's envelope
	// and body; see Envelope and Body.
	EnvelopeValue, BodyValue Value
	// MD5 is body-fld-md5 (single parts' extension data).
	MD5 Value
	// Disposition is body-fld-dsp: NIL or ("attachment" params); Language
	// is body-fld-lang (a string or a list of strings); Location is
	// body-fld-loc.
	Disposition, Language, Location Value
	// Extensions holds any further body-extension values, as the inside
	// of a list; walk it with Extensions.List().
	Extensions Value

	parts Value // the multipart's whole list, for Parts
	// partEnds records where the first parts lie in parts.Raw, found
	// while BodyStructureOf stepped over them to reach the subtype, so
	// that Parts need not scan them again: each part's "(" and the
	// offset just past its ")". nparts says how many are recorded.
	partEnds [maxRecordedParts][2]int32
	nparts   uint8
}

// maxRecordedParts is how many parts of a multipart BodyStructureOf
// records for Parts; later parts are found by scanning as before.
const maxRecordedParts = 4

// BodyStructureOf returns the view of v, a body list as validated by
// ParseResponse.
func BodyStructureOf(v Value) (b BodyStructure) {
	b.fill(v)
	return b
}

// fill sets b, which must be zero, to the view of v.
func (b *BodyStructure) fill(v Value) {
	if v.Form != FormList {
		return
	}
	if t, i, ok := v.tapeList(); ok {
		lim := v.lim
		if lim == nil {
			lim = &defaultLimits
		}
		b.fillTape(&tapeCursor{t: t, j: int32(i + 1), end: t.span[i].next, lim: lim, lenient: v.lenient}, i)
		return
	}
	var it ListIter
	v.initList(&it)
	if !it.Next() {
		return
	}
	first := it.Value()
	if first.Form == FormList {
		b.Multipart = true
		b.parts = v
		// Skip the parts, then: subtype [SP params [SP dsp [SP lang [SP
		// loc *(SP extension)]]]].
		for it.Value().Form == FormList {
			if n := b.nparts; n < maxRecordedParts && it.t == nil {
				start := it.Value().Off - v.Off - 1 // its "("
				b.partEnds[n] = [2]int32{int32(start), int32(it.s.p)}
				b.nparts++
			}
			if !it.Next() {
				return
			}
		}
		b.Subtype = it.Value()
		b.readExt(&it, v, &b.Params)
		return
	}
	b.Type = first
	fields := [...]*Value{&b.Subtype, &b.Params, &b.ID, &b.Description, &b.Encoding, &b.Size}
	for _, f := range fields {
		if !it.Next() {
			return
		}
		*f = it.Value()
	}
	switch {
	case b.Type.EqualFold("TEXT"):
		if it.Next() {
			b.Lines = it.Value()
		}
	case b.Type.EqualFold("MESSAGE") && (b.Subtype.EqualFold("RFC822") || b.Subtype.EqualFold("GLOBAL")):
		ext := [...]*Value{&b.EnvelopeValue, &b.BodyValue, &b.Lines}
		for _, f := range ext {
			if !it.Next() {
				return
			}
			*f = it.Value()
		}
	}
	b.readExt(&it, v, &b.MD5)
	return
}

// fillTape is fill for a body list found in the walk record at entry i,
// its elements read from c.
func (b *BodyStructure) fillTape(c *tapeCursor, i int) {
	if c.j >= c.end {
		return
	}
	if c.form() == FormList {
		b.Multipart = true
		c.t.set(&b.parts, i, c.lim, c.lenient)
		for c.j < c.end && c.form() == FormList {
			c.skip()
		}
		if !c.next(&b.Subtype) {
			return
		}
		b.tapeExt(c, i, &b.Params)
		return
	}
	fields := [...]*Value{&b.Type, &b.Subtype, &b.Params, &b.ID, &b.Description, &b.Encoding, &b.Size}
	if !c.nextAll(fields[:]) {
		return
	}
	switch {
	case b.Type.EqualFold("TEXT"):
		c.next(&b.Lines)
	case b.Type.EqualFold("MESSAGE") && (b.Subtype.EqualFold("RFC822") || b.Subtype.EqualFold("GLOBAL")):
		if !c.next(&b.EnvelopeValue) || !c.next(&b.BodyValue) || !c.next(&b.Lines) {
			return
		}
	}
	b.tapeExt(c, i, &b.MD5)
}

// tapeExt is readExt for fillTape.
func (b *BodyStructure) tapeExt(c *tapeCursor, i int, first *Value) {
	fields := [...]*Value{first, &b.Disposition, &b.Language, &b.Location}
	if !c.nextAll(fields[:]) {
		return
	}
	var rest Value
	if c.next(&rest) {
		var v Value
		c.t.set(&v, i, c.lim, c.lenient)
		b.setExtensions(v, rest)
	}
}

// readExt reads the extension data of body v from it: first (the
// multipart's body-fld-param or the single part's body-fld-md5), then
// disposition, language, location, and any further extensions.
func (b *BodyStructure) readExt(it *ListIter, v Value, first *Value) {
	fields := [...]*Value{first, &b.Disposition, &b.Language, &b.Location}
	for i := 0; it.Next(); i++ {
		if i >= len(fields) {
			b.setExtensions(v, it.Value())
			return
		}
		*fields[i] = it.Value()
	}
}

// setExtensions records the rest of list v from element first on.
func (b *BodyStructure) setExtensions(v, first Value) {
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
		return
	}
	b.Extensions = Value{Form: FormList, Raw: v.Raw[start:], Off: v.Off + start, lim: v.lim, lenient: v.lenient}
}

// Parts returns an iterator over a multipart body's parts.
func (b *BodyStructure) Parts() (it BodyIter) {
	// Set up in the named result: a local returned whole was zeroed,
	// filled and copied, three passes over ~1.3 KB.
	if !b.Multipart {
		it.it.done = true
		return it
	}
	if b.nparts > 0 {
		it.parts, it.ends, it.nrec = b.parts, b.partEnds, b.nparts
	}
	b.parts.initList(&it.it)
	return it
}

// Envelope returns the envelope of a message/rfc822 part.
func (b *BodyStructure) Envelope() Envelope { return EnvelopeOf(b.EnvelopeValue) }

// Body returns the body structure of a message/rfc822 part's message.
func (b *BodyStructure) Body() BodyStructure { return BodyStructureOf(b.BodyValue) }

// BodyIter walks the parts of a multipart body.
type BodyIter struct {
	it  ListIter
	cur BodyStructure
	// The parts recorded by BodyStructureOf: the first nrec parts are
	// taken from ends without scanning, and it then resumes after them.
	parts   Value
	ends    [maxRecordedParts][2]int32
	n, nrec uint8
}

// Next advances to the next part and reports whether there is one.
func (it *BodyIter) Next() bool {
	if it.n < it.nrec {
		// Set it up exactly as if it had just read this part.
		e := it.ends[it.n]
		start, end := int(e[0]), int(e[1])
		it.n++
		p := it.parts
		part := Value{Form: FormList, Raw: p.Raw[start+1 : end-1], Off: p.Off + start + 1, lim: p.lim, spans: p.spans, lenient: p.lenient, trusted: p.trusted}
		it.it.s.p, it.it.started, it.it.cur = end, true, part
		it.cur = BodyStructure{}
		it.cur.fill(part)
		return true
	}
	if t := it.it.t; t != nil {
		// From the walk record: fill the part from its entry directly
		// (copying the iterator's current Value just after setting it
		// stalls).
		j := it.it.tj
		if j >= it.it.tend || j < 0 || int(j) >= t.n || t.span[j].form != FormList {
			return false
		}
		it.it.tj = t.after(j, it.it.tend)
		it.cur = BodyStructure{}
		if t.span[j].next > 0 {
			it.cur.fillTape(&tapeCursor{t: t, j: j + 1, end: t.span[j].next, lim: it.it.s.lim, lenient: it.it.s.lenient}, int(j))
			return true
		}
		t.set(&it.it.cur, int(j), it.it.s.lim, it.it.s.lenient)
		it.cur.fill(it.it.cur)
		return true
	}
	if !it.it.Next() || it.it.cur.Form != FormList {
		return false
	}
	it.cur = BodyStructure{}
	it.cur.fill(it.it.cur)
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
	it       ListIter
	key, val Value
}

// PairsOf returns an iterator over the pairs of list v (NIL yields none).
func PairsOf(v Value) (p PairIter) {
	v.initList(&p.it)
	return p
}

// Next advances to the next pair and reports whether there is one.
func (p *PairIter) Next() bool {
	if t := p.it.t; t != nil {
		// From the walk record: set the key and value in place (copying
		// the iterator's current Value just after setting it stalls).
		j := p.it.tj
		if j >= p.it.tend || j < 0 || int(j) >= t.n {
			return false
		}
		t.set(&p.key, int(j), p.it.s.lim, p.it.s.lenient)
		j = t.after(j, p.it.tend)
		p.it.tj = j
		if j >= p.it.tend || int(j) >= t.n {
			return false
		}
		t.set(&p.val, int(j), p.it.s.lim, p.it.s.lenient)
		p.it.tj = t.after(j, p.it.tend)
		return true
	}
	if !p.it.Next() {
		return false
	}
	p.key = p.it.Value()
	if !p.it.Next() {
		return false
	}
	p.val = p.it.Value()
	return true
}

// Key returns the current pair's key.
func (p *PairIter) Key() Value { return p.key }

// Value returns the current pair's value.
func (p *PairIter) Value() Value { return p.val }

// Err returns the error that stopped the walk, if any.
func (p *PairIter) Err() error { return p.it.Err() }
