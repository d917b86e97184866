package parser

// BodyPart is one part of a body structure as BodyPartIter.NextBatch fills
// it in: where it sits in the tree, and where its fields lie in the
// message. Read a field with the iterator's Scalar method (or Span.Scalar
// and the message): it gives what the BodyStructure view of the part
// gives through its ...Scalar accessors (a field the part does not have
// is the zero Span). Its parameters are pairs in the params slice given
// to NextBatch. The fields after body-fld-octets and body-fld-lines (MD5,
// disposition, language, location, extensions) and a message part's
// envelope are read through the view: BodyPartIter.View and Envelope.
type BodyPart struct {
	// Type and Subtype are the media type and subtype (a multipart has
	// only a subtype, such as "MIXED").
	Type, Subtype Span
	// ID, Description, Encoding and Size are a single part's
	// body-fld-id, body-fld-desc, body-fld-enc and body-fld-octets;
	// Lines is body-fld-lines of a text or message part.
	ID, Description, Encoding, Size, Lines Span
	// List is the part's list itself (what is inside its parens), as
	// BodyStructure.Value gives it.
	List Span
	// The pairs of the part's body-fld-param are
	// params[ParamsFrom:ParamsTo] of the params given to NextBatch (see
	// Params). ParamsCut tells that some did not fit there (see
	// NextBatch). (Indexes, not a slice of params: a slice stored in
	// parts would make the compiler move a caller's params array to the
	// heap.)
	ParamsFrom, ParamsTo int
	// Depth is the part's nesting: 0 for the body itself, 1 for its
	// parts, and so on. Parent is the number of the part it belongs to,
	// counting the walk's parts from 0 (the body itself) across batches;
	// -1 for the body itself.
	Depth, Parent int
	// Multipart tells a multipart, whose parts follow it in the walk.
	// Message tells a message/rfc822 (or message/global) part with an
	// envelope list: its envelope is read with BodyPartIter.Envelope, and
	// its body is the part after it, one level deeper.
	Multipart, Message bool
	// ParamsCut tells that the params slice held only some of the pairs.
	ParamsCut bool
	// ti is 1 + the part's entry in the walk record, 0 for a part read
	// through the views.
	ti int32
}

// Params returns the part's pairs: params[p.ParamsFrom:p.ParamsTo], where
// params is the slice given to the NextBatch call that filled p.
func (p *BodyPart) Params(params []BodyParam) []BodyParam {
	return params[p.ParamsFrom:p.ParamsTo]
}

// BodyParam is one attribute/value pair of a body-fld-param: what
// PairIter's KeyScalar and ValueScalar give, as Spans.
type BodyParam struct {
	Key, Value Span
}

// Scalar returns the octets and form of s, a field of a part of this walk
// (from NextBatch), as s.Scalar on the message does.
func (it *BodyPartIter) Scalar(s Span) Scalar { return it.sm.scalar(s) }

// View returns the BodyStructure view of p, a part of this walk, for the
// fields BodyPart does not hold (the zero view for a part that is not a
// list, which only a message part's body can be).
func (it *BodyPartIter) View(p *BodyPart) BodyStructure {
	var v Value
	t := it.t
	if t != nil && p.ti > 0 {
		t.set(&v, int(p.ti-1), it.lim, it.lenient)
		return BodyStructureOf(v)
	}
	v = it.root
	if t != nil {
		t.set(&v, int(it.rootEntry), it.lim, it.lenient)
	}
	if p.Depth == 0 {
		return BodyStructureOf(v)
	}
	off, end := int(p.List.Off)-v.Off, int(p.List.End)-v.Off
	if p.List.Form != FormList || off < 0 || off > end || end > len(v.Raw) {
		return BodyStructure{}
	}
	v.Raw = v.Raw[off:end]
	v.Off += off
	v.spans, v.ti = nil, 0
	return BodyStructureOf(v)
}

// Envelope returns the envelope of p, a message part of this walk
// (Message set), as the part's BodyStructure view gives it.
func (it *BodyPartIter) Envelope(p *BodyPart) Envelope {
	if !p.Message {
		return Envelope{}
	}
	b := it.View(p)
	return b.Envelope()
}

// bodyTreeDepth is how many levels of open multipart (or message) parts a
// walk through the record keeps track of; a body nested deeper is walked
// through the views from there on.
const bodyTreeDepth = 16

// BodyPartIter walks every part of a body structure depth first (a part,
// then its parts in order), the body itself first: the order of the
// recursive walk of BodyStructure.WalkParts, with a message part's body
// after the message part. Set it up with BodyStructure.WalkTree or
// FetchItem.WalkBodyTree, and read it with NextBatch.
type BodyPartIter struct {
	// t is the walk record of the body, nil to walk the views (scan).
	t       *listSpans
	lim     *Limits
	lenient bool
	// scan tells a walk through the views: from the body itself (root)
	// for every batch, the parts already returned skipped.
	scan bool
	done bool
	// j is the entry of the next part of a walk through the record,
	// rootEntry the body's own.
	j, rootEntry int32
	// num counts the parts returned.
	num int
	// sp counts the open levels in stack: the multipart or message part
	// each level's parts belong to.
	sp    int
	stack [bodyTreeDepth]bodyLevel
	root  Value
	// sm is what Scalar reads the Spans from.
	sm spanMsg
}

// bodyLevel is an open multipart or message part of a walk through the
// record: its parts end at entry end, the entry after the part itself is
// after, and parent is its number.
type bodyLevel struct {
	end, after int32
	parent     int
}

// WalkTree sets *it to walk every part of b depth first, b itself first
// (see BodyPartIter).
func (b *BodyStructure) WalkTree(it *BodyPartIter) {
	it.reset(&b.l)
}

// WalkBodyTree sets *it to walk every part of a BODY or BODYSTRUCTURE
// item depth first, as it.WalkTree on f.BodyStructure() does, without
// building the view; for any other item the walk yields nothing.
func (f *FetchItem) WalkBodyTree(it *BodyPartIter) {
	if f.Kind != FetchBody && f.Kind != FetchBodyStructure {
		*it = BodyPartIter{done: true}
		return
	}
	v := &f.Value
	if t := v.spans; t != nil {
		if i := int(v.ti) - 1; uint(i) < uint(t.n) && t.holds(i, v) {
			it.setRecord(t, int32(i), v.lim, v.lenient)
			return
		}
	}
	it.setScan(v)
}

// reset sets it to walk the tree of the body l views.
func (it *BodyPartIter) reset(l *lazyList) {
	if l.t != nil {
		it.setRecord(l.t, l.i, l.lim, l.lenient)
		return
	}
	v := l.list()
	it.setScan(&v)
}

// setRecord sets it to walk the tree of entry i of t.
func (it *BodyPartIter) setRecord(t *listSpans, i int32, lim *Limits, lenient bool) {
	it.t, it.lim, it.lenient = t, lim, lenient
	it.scan, it.done = false, false
	it.j, it.rootEntry, it.num, it.sp = i, i, 0, 0
	it.root = Value{}
	it.sm = spanMsg{msg: t.msg}
}

// setScan sets it to walk the tree of v through the views.
func (it *BodyPartIter) setScan(v *Value) {
	it.t, it.lim, it.lenient = nil, v.lim, v.lenient
	it.scan, it.done = true, false
	it.j, it.rootEntry, it.num, it.sp = 0, 0, 0, 0
	it.root = *v
	it.sm.setValue(v)
}

// NextBatch fills parts with the next parts of the walk, as many as fit,
// and their parameters into params, and returns how many parts it wrote:
// 0 once the walk is over. A short count does not mean the end: call
// again until it returns 0. A part's pairs never span two batches: a part
// whose pairs do not all fit in what is left of params ends the batch
// before it, unless it is the batch's first part, which then takes the
// pairs that fit and has ParamsCut set (so params with room for the
// most pairs any part has, or none at all, loses nothing, or everything,
// respectively). NextBatch may write parts and params past what it
// returns.
//
// Each part holds what the BodyStructure view of the part gives (see
// BodyPart), as the views' walk would read it: TestBodyTreeMatchesViews
// holds the two to the same values. Through the walk record the parts are
// read in one pass over the record's entries, which ParseResponse wrote
// in this same order: a part's entry, its fields (its parts first, for a
// multipart), then the next part's. A field is an entry read into a
// Scalar; the kind of part (text, message, other) is told from the
// type's octets; the tree is kept in a small stack of the open parts.
// The views' walk costs an iterator, a view and a parameter walk set up
// per part, and a recursive call per level. A part the record does not
// hold as the grammar has it, a body nested deeper than the stack, or a
// body without a record is walked through the views.
func (it *BodyPartIter) NextBatch(parts []BodyPart, params []BodyParam) int {
	if it.done || len(parts) == 0 {
		return 0
	}
	if !it.scan {
		n, ok := it.batchRecord(parts, params)
		if ok {
			return n
		}
		// Something the record walk does not take: the views from the
		// same part on.
		it.scan = true
		it.t.set(&it.root, int(it.rootEntry), it.lim, it.lenient)
		if n > 0 {
			return n
		}
	}
	return it.batchScan(parts, params)
}

// batchRecord is NextBatch through the walk record. It reports false at
// a part it does not take, with the count of the parts written before it;
// NextBatch then walks the views from that part on.
func (it *BodyPartIter) batchRecord(parts []BodyPart, params []BodyParam) (int, bool) {
	// The entries inside a list the record holds whole (holds, when the
	// walk was set up) are the parser's, in its order, so only their
	// links are checked, that each step goes forward: an entry's extent
	// is only copied, and Scalar checks it against the message.
	t := it.t
	n, pu := 0, 0
	j := it.j
	for n < len(parts) {
		if uint32(j) >= uint32(t.n) {
			return n, false
		}
		e := &t.span[uint32(j)%maxListSpans]
		end := e.next
		if e.form != FormList || end <= j {
			return n, false
		}
		d := &parts[n]
		var pj int32 = -1  // the entry of body-fld-param
		child := int32(-1) // the entry of the first part inside
		var childEnd int32 // where the parts inside end
		multi, message := false, false
		k := j + 1
		if k < end && t.span[uint32(k)%maxListSpans].form == FormList {
			// A multipart: its parts, then the subtype and the params.
			multi = true
			for k < end && t.span[uint32(k)%maxListSpans].form == FormList {
				nk := t.span[uint32(k)%maxListSpans].next
				if nk <= k {
					return n, false
				}
				k = nk
			}
			child, childEnd = j+1, k
			d.Type = Span{}
			d.Subtype = Span{}
			if k < end {
				d.Subtype = t.spanAt(k)
				if k = t.after(k, end); k < end {
					pj = k
				}
			}
			d.ID, d.Description, d.Encoding, d.Size, d.Lines = Span{}, Span{}, Span{}, Span{}, Span{}
		} else if f, kind := t.plainFields(j, end); f > 0 {
			// A single part as servers send it: type, subtype, params,
			// id, description, encoding and size one entry each but the
			// params, and a type that tells its kind without a
			// compare (plainFields).
			d.Type, d.Subtype = t.spanAt(j+1), t.spanAt(j+2)
			d.ID, d.Description, d.Encoding, d.Size = t.spanAt(f), t.spanAt(f+1), t.spanAt(f+2), t.spanAt(f+3)
			pj = j + 3
			d.Lines = Span{}
			if kind == bodyText && f+4 < end {
				d.Lines = t.spanAt(f + 4)
			}
		} else {
			// A single part: its elements' entries, one step each.
			var el [10]int32
			m := 0
			for x := k; x < end && m < len(el); m++ {
				el[m] = x
				nx := t.span[uint32(x)%maxListSpans].next
				if nx <= x {
					return n, false
				}
				x = nx
			}
			for i := m; i < len(el); i++ {
				el[i] = -1
			}
			kind := uint8(bodyBasic)
			if m > 0 {
				if kd, ok := t.plainKind(int16(el[0])); ok {
					kind = kd
				} else if t.equalFoldAt(el[0], "TEXT") {
					kind = bodyText
				} else if t.equalFoldAt(el[0], "MESSAGE") && (t.equalFoldAt(el[1], "RFC822") || t.equalFoldAt(el[1], "GLOBAL")) {
					kind = bodyMessage
				}
			}
			d.Type, d.Subtype = t.spanOr(el[0]), t.spanOr(el[1])
			d.ID, d.Description, d.Encoding, d.Size = t.spanOr(el[3]), t.spanOr(el[4]), t.spanOr(el[5]), t.spanOr(el[6])
			pj = el[2]
			switch kind {
			case bodyText:
				d.Lines = t.spanOr(el[7])
			case bodyMessage:
				d.Lines = t.spanOr(el[9])
				if el[7] >= 0 && t.span[uint32(el[7])%maxListSpans].form == FormList {
					// Its body is its one part: a list the record
					// holds whole, or the views take it.
					message = true
					c := el[8]
					if c < 0 {
						return n, false
					}
					ce := &t.span[uint32(c)%maxListSpans]
					if ce.form != FormList || ce.next <= c {
						return n, false
					}
					child, childEnd = c, ce.next
				}
			default:
				d.Lines = Span{}
			}
		}
		if child >= 0 && it.sp >= len(it.stack) {
			return n, false // nested deeper than the stack
		}
		// The pairs of body-fld-param, as PairIter reads them: the
		// list's elements two by two.
		d.ParamsFrom, d.ParamsCut = pu, false
		if pj >= 0 && t.span[uint32(pj)%maxListSpans].form == FormList {
			pend := t.span[uint32(pj)%maxListSpans].next
			if pend <= pj {
				return n, false
			}
			for x := pj + 1; x < pend; {
				vx := t.span[uint32(x)%maxListSpans].next
				if vx <= x {
					return n, false
				}
				if vx >= pend {
					break // a name without a value, which PairIter passes
				}
				nx := t.span[uint32(vx)%maxListSpans].next
				if nx <= vx {
					return n, false
				}
				if pu >= len(params) {
					if n > 0 {
						// The part waits for the next batch.
						it.j = j
						return n, true
					}
					d.ParamsCut = true
					break
				}
				q := &params[pu]
				q.Key, q.Value = t.spanAt(x), t.spanAt(vx)
				pu++
				x = nx
			}
		}
		d.ParamsTo = pu
		d.List = Span{Off: e.off, End: e.end, Form: FormList}
		d.ti = j + 1
		d.Depth, d.Parent = it.sp, -1
		if it.sp > 0 {
			d.Parent = it.stack[it.sp-1].parent
		}
		d.Multipart, d.Message = multi, message
		n++
		if child >= 0 {
			it.stack[it.sp] = bodyLevel{end: childEnd, after: end, parent: it.num}
			it.sp++
			j = child
		} else {
			// The entry after the part; a level whose parts end there
			// is closed.
			j = end
			for it.sp > 0 && j >= it.stack[it.sp-1].end {
				j = it.stack[it.sp-1].after
				it.sp--
			}
		}
		it.num++
		if it.sp == 0 && child < 0 {
			it.done = true
			break
		}
	}
	it.j = j
	return n, true
}

// plainFields returns the entry of body-fld-id of single part j, whose
// entry after it is end, when its type and subtype are one entry each,
// its params one element, its id, description, encoding and size one
// entry each, and its type's octets tell a basic or text part
// (plainKind), and that kind; 0 otherwise. Its fields are then where the grammar puts
// them: type j+1, subtype j+2, params j+3, id to size the four entries
// from the one returned, lines after them for text.
func (t *listSpans) plainFields(j, end int32) (int32, uint8) {
	if j+3 >= end || t.span[uint32(j+1)%maxListSpans].next != j+2 || t.span[uint32(j+2)%maxListSpans].next != j+3 ||
		t.span[uint32(j+1)%maxListSpans].form == FormList {
		return 0, 0
	}
	f := t.span[uint32(j+3)%maxListSpans].next
	if f <= j+3 || f+4 > end || t.span[uint32(f)%maxListSpans].next != f+1 || t.span[uint32(f+1)%maxListSpans].next != f+2 ||
		t.span[uint32(f+2)%maxListSpans].next != f+3 || t.span[uint32(f+3)%maxListSpans].next != f+4 {
		return 0, 0
	}
	kind, ok := t.plainKind(int16(j + 1))
	if !ok {
		return 0, 0
	}
	return f, kind
}

// batchScan is NextBatch through the views: it walks the tree from the
// body itself, skipping the parts already returned.
func (it *BodyPartIter) batchScan(parts []BodyPart, params []BodyParam) int {
	lim := it.lim
	if lim == nil {
		lim = &defaultLimits
	}
	s := bodyScan{parts: parts, params: params, skip: it.num, maxDepth: lim.MaxDepth}
	b := BodyStructureOf(it.root)
	if s.part(&b, 0, -1) {
		it.done = true
	}
	it.num += s.n
	return s.n
}

// bodyScan is the state of batchScan's walk.
type bodyScan struct {
	parts       []BodyPart
	params      []BodyParam
	n, pu       int // parts and pairs written
	count, skip int // parts met, parts to skip
	maxDepth    int
}

// part visits b, numbered s.count, and the parts inside it, and reports
// false when the batch is over before the walk.
func (s *bodyScan) part(b *BodyStructure, depth, parent int) bool {
	num := s.count
	s.count++
	if num >= s.skip {
		if s.n >= len(s.parts) || !s.fill(b, depth, parent) {
			return false
		}
	}
	if depth+1 >= s.maxDepth {
		return true // (ParseResponse accepts no deeper body)
	}
	if b.Multipart {
		var it BodyIter
		b.WalkParts(&it)
		for it.Next() {
			if !s.part(it.Part(), depth+1, num) {
				return false
			}
		}
	} else if b.EnvelopeValue().Form == FormList {
		inner := b.Body()
		return s.part(&inner, depth+1, num)
	}
	return true
}

// fill writes b as the next part, and reports false when its pairs do
// not fit and it is not the batch's first part.
func (s *bodyScan) fill(b *BodyStructure, depth, parent int) bool {
	d := &s.parts[s.n]
	// The Value accessors: a Scalar has no offset.
	for k, v := range [...]Value{b.Type(), b.Subtype(), b.ID(), b.Description(), b.Encoding(), b.Size(), b.Lines()} {
		*[...]*Span{&d.Type, &d.Subtype, &d.ID, &d.Description, &d.Encoding, &d.Size, &d.Lines}[k] = spanOf(&v)
	}
	d.ParamsFrom, d.ParamsCut = s.pu, false
	var p PairIter
	b.WalkParams(&p)
	for p.Next() {
		if s.pu >= len(s.params) {
			if s.n > 0 {
				return false
			}
			d.ParamsCut = true
			break
		}
		q := &s.params[s.pu]
		key, val := p.Key(), p.Value()
		q.Key, q.Value = spanOf(&key), spanOf(&val)
		s.pu++
	}
	d.ParamsTo = s.pu
	v := b.Value()
	d.List = spanOf(&v)
	d.ti = 0
	d.Depth, d.Parent = depth, parent
	d.Multipart = b.Multipart
	d.Message = !b.Multipart && b.EnvelopeValue().Form == FormList
	s.n++
	return true
}
