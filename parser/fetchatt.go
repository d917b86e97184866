package parser

// FetchAttKind identifies a FETCH data item as a client requests it
// (RFC 9051 "fetch-att", with RFC 3501's RFC822 items and the extensions).
type FetchAttKind uint8

// The FETCH data items.
const (
	FetchUnknown       FetchAttKind = iota // an X- item: Name only
	FetchEnvelope                          // ENVELOPE
	FetchFlags                             // FLAGS
	FetchInternalDate                      // INTERNALDATE
	FetchRFC822Size                        // RFC822.SIZE
	FetchRFC822                            // RFC822
	FetchRFC822Header                      // RFC822.HEADER
	FetchRFC822Text                        // RFC822.TEXT
	FetchBody                              // BODY (the structure, without extension data)
	FetchBodyStructure                     // BODYSTRUCTURE
	FetchUID                               // UID
	FetchBodySection                       // BODY[section]<partial> and BODY.PEEK[...]
	FetchBinary                            // BINARY[part]<partial> and BINARY.PEEK[...] (RFC 3516)
	FetchBinarySize                        // BINARY.SIZE[part]
	FetchModSeq                            // MODSEQ (RFC 7162)
	FetchEmailID                           // EMAILID (RFC 8474)
	FetchThreadID                          // THREADID (RFC 8474)
	FetchSaveDate                          // SAVEDATE (RFC 8514)
	FetchPreview                           // PREVIEW [(LAZY)] (RFC 8970)
	numFetchAttKinds
)

// fetchAttNames are the simple items' names; the section items carry
// brackets and are recognised apart.
var fetchAttNames = [numFetchAttKinds]string{
	FetchEnvelope: "ENVELOPE", FetchFlags: "FLAGS", FetchInternalDate: "INTERNALDATE",
	FetchRFC822Size: "RFC822.SIZE", FetchRFC822: "RFC822", FetchRFC822Header: "RFC822.HEADER",
	FetchRFC822Text: "RFC822.TEXT", FetchBody: "BODY", FetchBodyStructure: "BODYSTRUCTURE",
	FetchUID: "UID", FetchBodySection: "BODY[]", FetchBinary: "BINARY[]",
	FetchBinarySize: "BINARY.SIZE[]", FetchModSeq: "MODSEQ", FetchEmailID: "EMAILID",
	FetchThreadID: "THREADID", FetchSaveDate: "SAVEDATE", FetchPreview: "PREVIEW",
}

// fetchAttWords finds the items' names: the simple ones at their kind's
// index (the section kinds' names hold "[" and never match), then the
// names that only come with a section; built once, read-only.
var fetchAttWords = newWordTable(append(fetchAttNames[:len(fetchAttNames):len(fetchAttNames)],
	"BODY.PEEK", "BINARY", "BINARY.PEEK", "BINARY.SIZE"))

// Indexes in fetchAttWords of the names that only come with a section.
const (
	fetchBodyPeek = int(numFetchAttKinds) + iota
	fetchBinary
	fetchBinaryPeek
	fetchBinarySize
)

// String returns the item's name ("BODY[]" for the section form).
func (k FetchAttKind) String() string {
	if k == FetchUnknown {
		return "unknown"
	}
	if k < numFetchAttKinds {
		return fetchAttNames[k]
	}
	return "FetchAttKind(?)"
}

// FetchAtt is one FETCH data item requested by a client, a small view:
// its kind, extent and partial are fields, and the parts of a section are
// methods that read them from the command's record (or from Raw, which
// the parser validated). Its slices alias the command.
type FetchAtt struct {
	Kind FetchAttKind
	// Peek is set for BODY.PEEK and BINARY.PEEK.
	Peek bool
	// Partial is set when "<origin.size>" follows the section; Origin and
	// Size are its numbers.
	Partial bool
	macro   bool  // Raw is the macro the item was expanded from
	d       uint8 // 1 + the index of the item's attDetail in x, or 0 (beside the flags: a FetchAtt is 64 bytes)
	// Origin and Size are the partial's numbers.
	Origin, Size uint32
	// Raw is the item as sent ("BODY.PEEK[1.2.HEADER.FIELDS (From)]<0.100>");
	// for an item of a macro, the macro's name. Off is its offset.
	Raw []byte
	Off int

	// x, when not nil, is the record of the command; lim is the limits
	// of the values the methods build without one.
	x   *cmdIndex
	lim *Limits
}

// limits returns the limits of the item's command.
func (a *FetchAtt) limits() *Limits { return viewLimits(a.x, a.lim) }

// viewLimits returns the limits a command-side view (FetchAtt, SearchKey)
// applies to the values it builds: its command record's, else its own,
// else the defaults.
func viewLimits(x *cmdIndex, lim *Limits) *Limits {
	switch {
	case x != nil && x.lim != nil:
		return x.lim
	case lim != nil:
		return lim
	}
	return &defaultLimits
}

// Name returns the item's name without section and partial ("BODY.PEEK",
// "UID", an X- item's name), or the macro's name for an item of a macro.
func (a FetchAtt) Name() []byte {
	t := &fetchNameChar
	i := 0
	for i < len(a.Raw) && t[a.Raw[i]] != 0 {
		i++
	}
	return a.Raw[:i]
}

// Macro returns the macro (ALL, FAST or FULL) this item was expanded
// from, nil for an item sent by name.
func (a FetchAtt) Macro() []byte {
	if a.macro {
		return a.Raw
	}
	return nil
}

// detail returns the record of the item's section or modifiers, or nil
// when the command's record does not describe the item in detail.
func (a *FetchAtt) detail() *attDetail {
	if a.x == nil || a.d == 0 {
		return nil
	}
	return &a.x.detail[(a.d-1)&(maxAttDetails-1)]
}

// sub returns the bytes of the command from offset lo to hi, which lie in
// Raw (nil when they do not: a stale record).
func (a *FetchAtt) sub(lo, hi int32) []byte {
	l, h := int(lo)-a.Off, int(hi)-a.Off
	if l < 0 || l > h || h > len(a.Raw) {
		return nil
	}
	return a.Raw[l:h]
}

// parts reads the item again from Raw, for an item that the record does
// not describe in detail. Only items with a section or modifiers have
// parts.
func (a *FetchAtt) parts() (p fetchParts) {
	if a.macro {
		return p
	}
	switch a.Kind {
	case FetchBodySection, FetchBinary, FetchBinarySize, FetchPreview:
		s := newScanner(a.Raw, a.Off, a.limits())
		s.trusted = true
		_ = fetchAttMode(&s, &p, true)
	}
	return p
}

// isSection reports whether k is an item with a section.
func (k FetchAttKind) isSection() bool {
	return k == FetchBodySection || k == FetchBinary || k == FetchBinarySize
}

// Section returns everything between the brackets of a section item
// ("1.2.HEADER.FIELDS (From)", empty for BODY[]), nil for other items.
func (a FetchAtt) Section() []byte {
	if !a.Kind.isSection() {
		return nil
	}
	if d := a.detail(); d != nil {
		return a.sub(d.secStart, d.secEnd)
	}
	return a.parts().Section
}

// Part returns the section-part of a section item ("1.2"), nil when it
// has none.
func (a FetchAtt) Part() []byte {
	if !a.Kind.isSection() {
		return nil
	}
	if d := a.detail(); d != nil {
		if d.partEnd > d.secStart {
			return a.sub(d.secStart, d.partEnd)
		}
		return nil
	}
	return a.parts().Part
}

// Specifier returns the section-text or section-msgtext of a BODY section
// ("HEADER", "HEADER.FIELDS.NOT", "TEXT", "MIME"), nil when it has none.
func (a FetchAtt) Specifier() []byte {
	if a.Kind != FetchBodySection {
		return nil
	}
	if d := a.detail(); d != nil {
		if d.specEnd > d.specStart {
			return a.sub(d.specStart, d.specEnd)
		}
		return nil
	}
	return a.parts().Specifier
}

// Fields returns the header-list of HEADER.FIELDS and HEADER.FIELDS.NOT
// (Form FormList, what is inside its parentheses), Form FormNone for other
// items; HeaderFields walks it.
func (a FetchAtt) Fields() Value {
	if a.Kind != FetchBodySection {
		return Value{}
	}
	if d := a.detail(); d != nil {
		if !d.hasFields {
			return Value{}
		}
		v := Value{Form: FormList, Raw: a.sub(d.fields, d.fieldsEnd), Off: int(d.fields), lim: a.limits(), trusted: true}
		if d.fieldsTi > 0 {
			v.spans, v.ti = &a.x.lists, d.fieldsTi
		}
		return v
	}
	return a.parts().Fields
}

// HeaderFields returns an iterator over the header field names of
// HEADER.FIELDS and HEADER.FIELDS.NOT (each an atom, a quoted string or a
// literal); it yields nothing for other items.
func (a FetchAtt) HeaderFields() ElemIter {
	if a.Kind != FetchBodySection {
		return ElemIter{}
	}
	if d := a.detail(); d != nil {
		// Recorded: a header-list walked by its entries, or none.
		if !d.hasFields {
			return ElemIter{}
		}
		if t, j := &a.x.lists, d.fieldsTi-1; j >= 0 && int(j) < t.n && t.span[j].form == FormList && t.span[j].next > j {
			return ElemIter{t: t, j: j + 1, end: t.span[j].next, cur: -1, lim: a.limits()}
		}
	}
	v := a.Fields()
	return newElemIter(&v, true)
}

// Modifiers returns PREVIEW's modifier list ("(LAZY)"), Form FormNone
// without one.
func (a FetchAtt) Modifiers() Value {
	if a.Kind != FetchPreview || a.macro {
		return Value{}
	}
	if d := a.detail(); d != nil {
		return Value{Form: FormList, Raw: a.sub(d.fields, d.fieldsEnd), Off: int(d.fields), lim: a.limits(), trusted: true}
	}
	return a.parts().Modifiers
}

// FetchIter walks the items of a FETCH command, macros expanded:
//
//	it := c.FetchItems()
//	for it.Next() {
//		a := it.Att()
//	}
//
// It holds the current item's position only (its mark in the command's
// record, or its extent in the bytes it reads) and the fields a walk
// reads most (its kind and, read from the record when asked, its peek
// and partial), so that Next stores a few words per item; Att builds
// the FetchAtt when asked.
type FetchIter struct {
	// x, when not nil, is the record of the command: the items are its
	// marks, i the next one (the current one is i-1).
	x *cmdIndex
	i int32
	// stop ends the iteration when i reaches it: the record's count, or
	// scanStop while the bytes are read (see Next).
	stop int32
	// kind is the current item's kind; d is its mark's det (1 + the
	// index of its attDetail in x, or 0).
	kind FetchAttKind
	d    uint8
	// macro is 1 + the index in macros of the macro being expanded, or 0.
	macro uint8
	// peek, partial, origin and size are the current item's parts (from
	// the record's detail, or read with the item).
	peek, partial bool
	origin, size  uint32
	// Without a record, the items are read from raw (the command's
	// Items, at offset off, with the limits lim): the current one is
	// raw[at:p], and p is where the next one may start.
	raw   []byte
	off   int
	at, p int
	lim   *Limits
}

// macros are the fetch macros and the items they stand for.
var macros = [...]struct {
	name  string
	items []FetchAttKind
}{{"ALL", macroAll[:]}, {"FAST", macroFast[:]}, {"FULL", macroFull[:]}}

// FetchItems returns an iterator over a FETCH command's items. ALL, FAST
// and FULL yield the items they stand for, each with Macro set.
func (c *Command) FetchItems() FetchIter {
	if c.Kind != CmdFetch {
		return FetchIter{}
	}
	if c.idx.valid(c.Raw) {
		return FetchIter{x: &c.idx, stop: c.idx.n}
	}
	it := FetchIter{raw: c.Items.Raw, off: c.Items.Off, lim: c.lim, stop: scanStop}
	if it.lim == nil {
		it.lim = &defaultLimits
	}
	if c.Items.Form == FormAtom {
		for k, m := range macros {
			if equalFoldASCII(c.Items.Raw, m.name) {
				it.macro = uint8(k + 1)
			}
		}
	}
	return it
}

// Reset makes it walk the items of c, as it = c.FetchItems() does, but in
// place: it builds no new iterator for the caller to copy, and for a
// command other than FETCH it only clears it. With the iterator's Kind,
// Peek, Partial and HeaderFields, a walk that declares its iterators
// once copies no FetchAtt and no ElemIter:
//
//	var it parser.FetchIter
//	var fl parser.ElemIter
//	it.Reset(c)
//	for it.Next() {
//		_ = it.Kind()
//		it.HeaderFields(&fl)
//		for fl.Next() {
//		}
//	}
func (it *FetchIter) Reset(c *Command) {
	if c.Kind != CmdFetch {
		*it = FetchIter{} // as FetchItems returns it
		return
	}
	it.reset(c)
}

// reset is Reset for a FETCH command.
func (it *FetchIter) reset(c *Command) {
	if c.idx.valid(c.Raw) {
		it.setRecord(&c.idx)
		return
	}
	*it = c.FetchItems()
}

// setRecord makes it the iterator over the marks of record x, as
// FetchIter{x: x, stop: x.n} would, in place (see SearchIter.setRecord).
func (it *FetchIter) setRecord(x *cmdIndex) {
	*it = FetchIter{}
	it.x = x
	it.stop = x.n
}

// Kind returns the current item's kind, it.Att().Kind without the copy.
func (it *FetchIter) Kind() FetchAttKind { return it.kind }

// Peek reports whether the current item is BODY.PEEK or BINARY.PEEK,
// it.Att().Peek without building the item.
func (it *FetchIter) Peek() bool { return it.peek }

// Partial returns the current item's partial ("<origin.size>"), ok
// false without one: it.Att()'s Origin, Size and Partial without
// building the item.
func (it *FetchIter) Partial() (origin, size uint32, ok bool) {
	return it.origin, it.size, it.partial
}

// detail returns the record's detail of the current item, nil without
// one.
func (it *FetchIter) detail() *attDetail {
	if it.d == 0 || it.x == nil {
		return nil
	}
	return &it.x.detail[(it.d-1)&(maxAttDetails-1)]
}

// HeaderFields makes e walk the header-list of the current item, as e =
// it.Att().HeaderFields() does, in place; for an item without one e
// yields nothing.
func (it *FetchIter) HeaderFields(e *ElemIter) {
	if it.kind != FetchBodySection {
		*e = ElemIter{} // as FetchAtt.HeaderFields returns it
		return
	}
	it.headerFieldsInto(e)
}

// headerFieldsInto is HeaderFields for a BODY section item.
func (it *FetchIter) headerFieldsInto(e *ElemIter) {
	if d := it.detail(); d != nil {
		x := it.x
		if !d.hasFields {
			*e = ElemIter{}
			return
		}
		if t, j := &x.lists, d.fieldsTi-1; j >= 0 && int(j) < t.n && t.span[j].form == FormList && t.span[j].next > j {
			e.setRecord(t, j+1, t.span[j].next, viewLimits(x, nil))
			return
		}
	}
	*e = it.Att().HeaderFields()
}

// Next advances to the next item and reports whether there is one.
//
// It is small enough to be inlined, so that the end of the items (and the
// empty iterator of a command other than FETCH) costs no call: the
// iteration is over when i reaches stop, which an empty iterator (i =
// stop = 0) and one whose scan has ended (i = stop) satisfy.
func (it *FetchIter) Next() bool {
	if it.i >= it.stop {
		return false
	}
	return it.step()
}

// step is Next for an iterator that is not over. Through the record it
// stores the item's kind and detail index and the next mark, and
// nothing else (Att builds the item from the mark).
func (it *FetchIter) step() bool {
	if x := it.x; x != nil {
		i := it.i
		if i >= x.n {
			return false
		}
		m := &x.mark[i&(maxCmdMarks-1)] // (i < x.n <= maxCmdMarks)
		it.kind, it.d, it.i = FetchAttKind(m.kind), m.det, i+1
		if m.det == 0 {
			// Every item with a section has a detail (a command with
			// more than maxAttDetails of them is not recorded), and no
			// other item has these parts.
			it.peek, it.partial, it.origin, it.size = false, false, 0, 0
			return true
		}
		d := &x.detail[(m.det-1)&(maxAttDetails-1)]
		it.peek, it.partial, it.origin, it.size = d.peek, d.partial, d.origin, d.size
		return true
	}
	if !it.nextScan() {
		it.i = it.stop
		return false
	}
	return true
}

// nextScan is Next without a record: it reads the next item's bytes.
func (it *FetchIter) nextScan() bool {
	if it.macro != 0 {
		items := macros[it.macro-1].items
		if int(it.i) >= len(items) {
			return false
		}
		it.kind = items[it.i]
		it.i++
		return true
	}
	s := newScanner(it.raw, it.off, it.lim)
	s.p, s.trusted = it.p, true
	if s.eof() || (it.i > 0 && !s.eat(' ')) {
		return false
	}
	at := s.p
	var p fetchParts
	if err := fetchAttMode(&s, &p, true); err != nil {
		return false
	}
	it.i++
	it.kind, it.peek, it.partial, it.origin, it.size = p.Kind, p.Peek, p.Partial, p.Origin, p.Size
	it.at, it.p = at, s.p
	return true
}

// Att returns the current item. Its slices alias the command.
func (it *FetchIter) Att() (a FetchAtt) {
	// (Written into the result field by field: a FetchAtt is returned in
	// memory, and a composite would be built apart and copied there.)
	a.Kind, a.Peek, a.Partial, a.Origin, a.Size = it.kind, it.peek, it.partial, it.origin, it.size
	if x := it.x; x != nil {
		a.d, a.x = it.d, x
		if it.i > 0 {
			m := &x.mark[(it.i-1)&(maxCmdMarks-1)]
			start, end := uint(m.start), uint(m.end)
			if start > end || end > uint(len(x.raw)) {
				start, end = 0, 0 // an item kept across a new parse: garbage, but no panic
			}
			a.Raw, a.Off = x.raw[start:end], int(m.start)
		}
		return a
	}
	a.lim = it.lim
	switch {
	case it.macro != 0 && it.i > 0:
		a.Raw, a.Off, a.macro = it.raw, it.off, true
	case it.macro == 0 && it.at < it.p && it.p <= len(it.raw): // (an item was read: items are never empty)
		a.Raw, a.Off = it.raw[it.at:it.p], it.off+it.at
	}
	return a
}

// fetchParts is a fetch-att as the grammar reads it, every part in a
// field: what validation fills (into scratch) and what FetchAtt's methods
// read back from the bytes when the command's record does not describe
// the item.
type fetchParts struct {
	Kind                     FetchAttKind
	Raw                      []byte
	Off                      int
	Name                     []byte
	Peek                     bool
	Section, Part, Specifier []byte
	Fields                   Value
	Partial                  bool
	Origin, Size             uint32
	Modifiers                Value
}

// fetch macros expand as RFC 9051 section 6.4.5 says.
var (
	macroFast = [...]FetchAttKind{FetchFlags, FetchInternalDate, FetchRFC822Size}
	macroAll  = [...]FetchAttKind{FetchFlags, FetchInternalDate, FetchRFC822Size, FetchEnvelope}
	macroFull = [...]FetchAttKind{FetchFlags, FetchInternalDate, FetchRFC822Size, FetchEnvelope, FetchBody}
)

// parseFetch reads fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" /
// "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers].
func parseFetch(s *scanner, c *Command) error {
	var err error
	var att fetchParts
	if c.Seq, err = s.seqSet(true, true); err != nil {
		return err
	}
	if err = s.sp(); err != nil {
		return err
	}
	// Header-lists are recorded for their walks (see headerList) when the
	// command's record is kept.
	s.rec = c.idx.listRecord(s)
	if s.peek() == '(' {
		// "(" fetch-att *(SP fetch-att) ")", each item recorded.
		s.p++
		start := s.p
		for n := 0; ; n++ {
			if n >= s.lim.MaxArgs {
				return s.errLimit(s.p, "fetch-att list within MaxArgs")
			}
			at := s.p
			name := fetchAttName(s)
			i := fetchAttWords.find(name)
			if k := simpleFetchKind(s, i); k != FetchUnknown {
				c.idx.close(c.idx.open(at), s.p, uint8(k))
			} else {
				// att is scratch: validation reads back only its Kind,
				// which every path sets, so it is not zeroed per item.
				// The name is not read again.
				att.Off, att.Name = s.base+at, name
				if err := fetchAttNamed(s, &att, false, at, i); err != nil {
					return err
				}
				c.idx.closeAtt(c.idx.open(at), s.p, &att)
			}
			if !s.eat(' ') {
				break
			}
		}
		c.Items = s.span(start)
		if err := s.expect(')', `SP or ")"`); err != nil {
			return err
		}
	} else {
		start := s.p
		if s.keyword("ALL") || s.keyword("FAST") || s.keyword("FULL") {
			c.Items = s.val(FormAtom, s.b[start:s.p], start)
		} else {
			if err := fetchAtt(s, &att); err != nil {
				return err
			}
			c.idx.closeAtt(c.idx.open(start), s.p, &att)
			// One item without parentheses: a pseudo-list of one.
			c.Items = s.val(FormAtom, s.b[start:s.p], start)
		}
	}
	s.rec = nil
	if s.eat(' ') {
		// fetch-modifiers = SP "(" fetch-modifier *(SP fetch-modifier) ")"
		c.Modifiers, err = optionList(s, "fetch-modifiers", false, optFetch)
	}
	return err
}

// simpleFetchKind returns the kind of a fetch-att that is a name alone
// (UID, FLAGS, ENVELOPE, BODY without a section, ...), whose name
// fetchAttName has just read and fetchAttWords found at index i; for
// anything else (a section, PREVIEW, an X- item, an error) it returns
// FetchUnknown, for fetchAttNamed to read the rest.
func simpleFetchKind(s *scanner, i int) FetchAttKind {
	if i <= 0 || i >= int(numFetchAttKinds) || s.p < len(s.b) && s.b[s.p] == '[' {
		return FetchUnknown
	}
	switch k := FetchAttKind(i); k {
	case FetchBodySection, FetchBinary, FetchBinarySize, FetchPreview:
		return FetchUnknown
	default:
		return k
	}
}

// fetchAttName reads the name part of a fetch-att: ATOM-CHARs up to "["
// or "<", four octets per step while it can.
func fetchAttName(s *scanner) []byte {
	b, p := s.b, s.p
	i := p
	t := &fetchNameChar
	for i < len(b) && t[b[i]] != 0 {
		i++
	}
	s.p = i
	return b[p:i]
}

// fetchNameChar is 1 for the ATOM-CHARs that fetchAttName reads (all but
// "[" and "<"), 0 for other octets; computed once, never written.
var fetchNameChar = func() (t [256]uint8) {
	for c := range t {
		if isAtomChar(byte(c)) && c != '[' && c != '<' {
			t[c] = 1
		}
	}
	return t
}()

// fetchAtt reads and validates one fetch-att into a.
func fetchAtt(s *scanner, a *fetchParts) error { return fetchAttMode(s, a, false) }

// fetchAttMode reads one fetch-att into a, which must be zero for a walk
// (validation reads back only a.Kind, which every path sets); with
// shallow set (an iterator
// re-walking a validated command) it passes over a header-list without
// reading its field names one by one.
func fetchAttMode(s *scanner, a *fetchParts, shallow bool) error {
	start := s.p
	a.Off = s.base + start // the caller hands a zero FetchAtt
	a.Name = fetchAttName(s)
	return fetchAttNamed(s, a, shallow, start, fetchAttWords.find(a.Name))
}

// fetchAttNamed is fetchAttMode after the name: a.Name and a.Off are set,
// the item starts at start, and i is fetchAttWords' index of the name.
func fetchAttNamed(s *scanner, a *fetchParts, shallow bool, start, i int) error {
	if len(a.Name) == 0 {
		return s.errExpected("fetch-att")
	}
	bracket := s.peek() == '['
	switch {
	case i == int(FetchBody) && bracket:
		a.Kind, a.Peek = FetchBodySection, false
	case i == fetchBodyPeek:
		a.Kind, a.Peek = FetchBodySection, true
	case i == fetchBinary:
		a.Kind, a.Peek = FetchBinary, false
	case i == fetchBinaryPeek:
		a.Kind, a.Peek = FetchBinary, true
	case i == fetchBinarySize:
		a.Kind, a.Peek = FetchBinarySize, false
	default:
		return simpleFetchAtt(s, a, start, i)
	}
	if !bracket {
		return s.errExpected(`"["`)
	}
	// Validation hands a scratch FetchAtt that is not zeroed: set what
	// the section path may leave alone.
	a.Part, a.Specifier, a.Fields, a.Partial, a.Origin, a.Size = nil, nil, Value{}, false, 0, 0
	s.p++
	secStart := s.p
	if a.Kind == FetchBodySection {
		if err := sectionSpec(s, a, shallow); err != nil {
			return err
		}
	} else {
		// section-binary = "[" [section-part] "]"
		if s.peek() != ']' {
			if err := sectionPart(s); err != nil {
				return err
			}
			a.Part = s.b[secStart:s.p]
		}
	}
	a.Section = s.b[secStart:s.p]
	if err := s.expect(']', `"]"`); err != nil {
		return err
	}
	if s.peek() == '<' && a.Kind != FetchBinarySize {
		// partial = "<" number "." nz-number ">"
		s.p++
		a.Partial = true
		var err error
		if a.Origin, err = s.number(); err != nil {
			return err
		}
		if err = s.expect('.', `"."`); err != nil {
			return err
		}
		if a.Size, err = s.nzNumber(); err != nil {
			return err
		}
		if err = s.expect('>', `">"`); err != nil {
			return err
		}
	}
	a.Raw = s.b[start:s.p]
	return nil
}

// simpleFetchAtt finishes a fetch-att without a section, whose name
// fetchAttName has read into a.Name.
func simpleFetchAtt(s *scanner, a *fetchParts, start, i int) error {
	name := a.Name
	bracket := s.peek() == '['
	a.Kind = FetchUnknown
	if i > 0 && i < int(numFetchAttKinds) {
		a.Kind = FetchAttKind(i)
	}
	if a.Kind == FetchUnknown && !(len(name) > 2 && equalFoldASCII(name[:2], "X-")) {
		return s.errAt(start, "fetch-att")
	}
	if bracket {
		return s.errExpected("SP or \")\" (no section after " + string(fetchAttNames[a.Kind]) + ")")
	}
	a.Modifiers = Value{} // validation's scratch is not zeroed
	if a.Kind == FetchPreview && s.p+1 < len(s.b) && s.b[s.p] == ' ' && s.b[s.p+1] == '(' {
		s.p++
		v, err := optionList(s, "preview-mod list", false, optGeneric)
		if err != nil {
			return err
		}
		a.Modifiers = v
	}
	a.Raw = s.b[start:s.p]
	return nil
}

// sectionPart reads section-part = nz-number *("." nz-number), stopping
// before a "." that does not precede a digit.
func sectionPart(s *scanner) error {
	for {
		if _, err := s.nzNumber(); err != nil {
			return err
		}
		if s.p+1 < len(s.b) && s.b[s.p] == '.' && charClass[s.b[s.p+1]]&cDigit != 0 {
			s.p++
			continue
		}
		return nil
	}
}

// sectionSpec reads [section-spec] = section-msgtext / (section-part ["."
// section-text]), up to the "]".
func sectionSpec(s *scanner, a *fetchParts, shallow bool) error {
	if s.peek() == ']' {
		return nil
	}
	part := false
	if charClass[s.peek()]&cDigit != 0 {
		start := s.p
		if err := sectionPart(s); err != nil {
			return err
		}
		a.Part = s.b[start:s.p]
		if !s.eat('.') {
			return nil
		}
		part = true
	}
	start := s.p
	b, i := s.b, s.p
	for i < len(b) && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'z' || b[i] == '.') {
		i++
	}
	s.p = i
	spec := b[start:i]
	a.Specifier = spec
	switch {
	case equalFoldASCII(spec, "HEADER"), equalFoldASCII(spec, "TEXT"):
		return nil
	case equalFoldASCII(spec, "MIME"):
		if !part {
			return s.errAt(start, "HEADER, HEADER.FIELDS or TEXT (MIME needs a part number)")
		}
		return nil
	case equalFoldASCII(spec, "HEADER.FIELDS"), equalFoldASCII(spec, "HEADER.FIELDS.NOT"):
		if !s.eat(' ') {
			return s.errExpected("SP")
		}
		// header-list = "(" header-fld-name *(SP header-fld-name) ")"
		if err := s.expect('(', `"(" of header-list`); err != nil {
			return err
		}
		if shallow {
			fs := s.p
			skipGroup(s)
			a.Fields = s.val(FormList, s.b[fs:s.p], fs)
		} else {
			fields, err := headerList(s)
			if err != nil {
				return err
			}
			a.Fields = fields
		}
		return s.expect(')', `SP or ")"`)
	}
	return s.errAt(start, "section-text")
}

// ChangedSince returns FETCH's CHANGEDSINCE modifier (RFC 7162).
func (c *Command) ChangedSince() (uint64, bool) { return c.modifierNumber("CHANGEDSINCE") }

// UnchangedSince returns STORE's UNCHANGEDSINCE modifier (RFC 7162).
func (c *Command) UnchangedSince() (uint64, bool) { return c.modifierNumber("UNCHANGEDSINCE") }

// Vanished reports whether FETCH has the VANISHED modifier (RFC 7162).
func (c *Command) Vanished() bool {
	for it := c.Modifiers.List(); it.Next(); {
		if v := it.Value(); v.Form == FormAtom && equalFoldASCII(v.Raw, "VANISHED") {
			return true
		}
	}
	return false
}

func (c *Command) modifierNumber(name string) (uint64, bool) {
	found := false
	for it := c.Modifiers.List(); it.Next(); {
		v := it.Value()
		if found {
			return v.Number()
		}
		found = v.Form == FormAtom && equalFoldASCII(v.Raw, name)
	}
	return 0, false
}
