package parser

// elemKind names the grammar of the elements of a run or parenthesised
// list in a command. (A switch rather than a func value: a scanner handed
// to an indirect call escapes to the heap.)
type elemKind uint8

const (
	elemCapability     elemKind = iota // capability (ENABLE): an atom
	elemStatusAtt                      // status-att
	elemFetchAtt                       // fetch-att
	elemIDPair                         // string SP nstring (ID)
	elemQuotaResource                  // resource-name SP resource-limit (SETQUOTA)
	elemEntry                          // entry (GETMETADATA): an astring
	elemEntryValue                     // entry SP (nstring / literal8) (SETMETADATA)
	elemMetadataOption                 // MAXSIZE SP number / DEPTH SP ("0" / "1" / "infinity")
	elemListMailbox                    // list-mailbox (LIST patterns)
	elemSortCriterion                  // ["REVERSE" SP] sort-key
	elemFlag                           // flag (STORE without parentheses)
	elemCatPart                        // "URL" SP astring / "TEXT" SP literal (CATENATE)
	elemHeaderName                     // header-fld-name: an astring
)

// elemNames name the elements in errors and limit messages.
var elemNames = [...]string{
	elemCapability: "capability", elemStatusAtt: "status-att", elemFetchAtt: "fetch-att",
	elemIDPair: "ID parameter", elemQuotaResource: "setquota-resource", elemEntry: "entry",
	elemEntryValue: "entry-value", elemMetadataOption: "getmetadata-option",
	elemListMailbox: "list-mailbox", elemSortCriterion: "sort-criterion", elemFlag: "flag",
	elemCatPart: "cat-part", elemHeaderName: "header-fld-name",
}

// statusAtts are the status-att names of RFC 9051, RFC 3501 (RECENT),
// RFC 7162 (HIGHESTMODSEQ), RFC 7889 (APPENDLIMIT), RFC 8474 (MAILBOXID)
// and RFC 8438 (SIZE).
var statusAtts = [...]string{"MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED",
	"SIZE", "RECENT", "HIGHESTMODSEQ", "APPENDLIMIT", "MAILBOXID", "DELETED-STORAGE"}

// sortKeys are RFC 5256's sort-keys and RFC 5957's DISPLAYFROM/DISPLAYTO.
var sortKeys = [...]string{"ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO", "DISPLAYFROM", "DISPLAYTO"}

// elem reads one element of kind k.
func elem(s *scanner, k elemKind) error {
	at := s.p
	switch k {
	case elemCapability:
		if _, err := s.atom(); err != nil {
			return s.errExpected("capability")
		}
	case elemStatusAtt:
		if a, err := s.atom(); err != nil || !isOneOf(a, statusAtts[:]) {
			return s.errAt(at, "status-att")
		}
	case elemFetchAtt:
		var a fetchParts
		return fetchAtt(s, &a)
	case elemIDPair:
		if s.peek() == '~' {
			return s.errExpected("string")
		}
		if err := s.skipStr(); err != nil {
			return err
		}
		if !s.eat(' ') {
			return s.errExpected("SP")
		}
		if s.peek() == '~' {
			return s.errExpected("nstring")
		}
		return s.skipNString()
	case elemQuotaResource:
		if _, err := s.atom(); err != nil {
			return s.errExpected("resource-name")
		}
		if !s.eat(' ') {
			return s.errExpected("SP")
		}
		_, err := s.number64()
		return err
	case elemEntry, elemHeaderName:
		return skipCmdAString(s, elemNames[k])
	case elemEntryValue:
		if err := skipCmdAString(s, "entry"); err != nil {
			return err
		}
		if !s.eat(' ') {
			return s.errExpected("SP")
		}
		if s.peek() == '~' {
			_, err := s.scalar()
			return err
		}
		return s.skipNString()
	case elemMetadataOption:
		switch {
		case s.keyword("MAXSIZE"):
			if !s.eat(' ') {
				return s.errExpected("SP")
			}
			_, err := s.number()
			return err
		case s.keyword("DEPTH"):
			if !s.eat(' ') {
				return s.errExpected("SP")
			}
			if !s.keyword("0") && !s.keyword("1") && !s.keyword("INFINITY") {
				return s.errExpected(`"0", "1" or "infinity"`)
			}
		default:
			return s.errExpected("MAXSIZE or DEPTH")
		}
	case elemListMailbox:
		_, err := listMailbox(s)
		return err
	case elemSortCriterion:
		if s.keyword("REVERSE") {
			if !s.eat(' ') {
				return s.errExpected("SP")
			}
			at = s.p
		}
		if a, err := s.atom(); err != nil || !isOneOf(a, sortKeys[:]) {
			return s.errAt(at, "sort-key")
		}
	case elemFlag:
		return flag(s, false)
	case elemCatPart:
		switch {
		case s.keyword("URL"):
			if !s.eat(' ') {
				return s.errExpected("SP")
			}
			return skipCmdAString(s, "url")
		case s.keyword("TEXT"):
			if !s.eat(' ') {
				return s.errExpected("SP")
			}
			if c := s.peek(); c != '{' && c != '~' {
				return s.errExpected("literal")
			}
			_, err := s.scalar()
			return err
		}
		return s.errExpected(`cat-part ("URL" or "TEXT")`)
	}
	return nil
}

// elems reads elem *(SP elem), at most MaxArgs elements, and returns the
// run as a pseudo-list value (see scanner.span).
func elems(s *scanner, k elemKind) (Value, error) {
	start := s.p
	for n := 0; ; n++ {
		if n >= s.lim.MaxArgs {
			return Value{}, s.errLimit(s.p, elemNames[k]+" list within MaxArgs")
		}
		if err := elem(s, k); err != nil {
			return Value{}, err
		}
		if !s.eat(' ') {
			return s.span(start), nil
		}
	}
}

// headerList reads header-fld-name *(SP header-fld-name) as elems does
// for elemHeaderName, with the common field names (atoms) read in one
// tight loop.
//
// With s.rec set, it records the list and its elements there (see
// listSpans), unless an element holds a "[" or "]" (which a walk may read
// differently from validation), so that walking the list steps through
// the record.
func headerList(s *scanner) (Value, error) {
	start := s.p
	b := s.b
	top := -1
	if s.rec != nil {
		top = s.add(start, start, FormList)
	}
	for n := 0; ; n++ {
		if n >= s.lim.MaxArgs {
			return Value{}, s.errLimit(s.p, elemNames[elemHeaderName]+" list within MaxArgs")
		}
		p := s.p
		i := p
		if p < len(b) && b[p] != '~' { // "~{" is a literal8, refused by skipCmdAString
			for i < len(b) && headerNameChar[b[i]] {
				i++
			}
			if i < len(b) && (b[i] == '[' || b[i] == ']') {
				top = -1
				for i < len(b) && charClass[b[i]]&cAString != 0 {
					i++
				}
			}
		}
		if i > p {
			s.p = i
		} else if err := skipCmdAString(s, elemNames[elemHeaderName]); err != nil {
			return Value{}, err
		}
		if t := s.rec; top >= 0 {
			if j := t.n; i > p && i-p != 3 && b[p]-'0' > 9 && j < maxListSpans {
				// An atom that is neither NIL nor a number.
				t.span[j] = tapeEntry{off: int32(s.base + p), end: int32(s.base + i), next: int32(j + 1), form: FormAtom}
				t.n = j + 1
			} else {
				s.recScalar(p)
			}
		}
		if !s.eat(' ') {
			v := s.span(start)
			if t := s.rec; top >= 0 && t.n < maxListSpans {
				e := &t.span[top]
				e.end, e.next = int32(s.base+s.p), int32(t.n)
				v.spans, v.ti = t, int32(top+1)
			}
			return v, nil
		}
	}
}

// headerNameChar marks the ASTRING-CHARs but "[" and "]", which headerList reads
// in its tight loop; computed once, never written.
var headerNameChar = func() (t [256]bool) {
	for c := range t {
		t[c] = charClass[c]&cAString != 0 && c != '[' && c != ']'
	}
	return t
}()

// parenElems reads "(" elem *(SP elem) ")", or "()" when empty is set,
// and returns what is inside the parentheses.
func parenElems(s *scanner, k elemKind, empty bool) (Value, error) {
	if err := s.expect('(', `"("`); err != nil {
		return Value{}, err
	}
	if empty && s.peek() == ')' {
		s.p++
		return s.val(FormList, s.b[s.p-1:s.p-1], s.p-1), nil
	}
	v, err := elems(s, k)
	if err != nil {
		return v, err
	}
	return v, s.expect(')', `SP or ")"`)
}

// ElemIter walks the elements of a flat list of a parsed command, STORE's
// flags (Command.Flags) and a FETCH item's header-list
// (FetchAtt.HeaderFields), each an atom, a flag, a quoted string or a
// literal:
//
//	it := c.Flags()
//	for it.Next() {
//		f := it.Value()
//	}
//
// It steps through the command's walk record when ParseCommand kept one
// for the list, and reads the list's bytes otherwise: then it counts the
// elements when it is made, and reads the current one when Value asks
// for it. So Next is inlined, a few loads and stores either way. It is
// much smaller than a ListIter (which also reads nested lists), because
// Go copies a loop variable such as it at every iteration.
type ElemIter struct {
	// t, when not nil, is the walk record of the list: the elements are
	// its entries from j (stepping by next) up to end. Without one, they
	// are numbered from j = 0 up to end, their count. cur is the current
	// one (-1 before the first).
	t           *listSpans
	j, end, cur int32
	// Without a record, the elements are read from raw (at offset off):
	// element read-1 (0 for none) is raw[at:p]. trusted: raw was
	// validated by ParseCommand; failed: counting the elements stopped
	// on a malformed one (see Err).
	read                     int32
	trusted, lenient, failed bool
	raw                      []byte
	off                      int
	at, p                    int
	lim                      *Limits
}

// newElemIter returns an iterator over the elements of list v, which
// ParseCommand validated when trusted is set.
func newElemIter(v *Value, trusted bool) ElemIter {
	if v.Form != FormList {
		return ElemIter{}
	}
	lim := v.lim
	if lim == nil {
		lim = &defaultLimits
	}
	if t, i, ok := v.tapeList(); ok {
		return ElemIter{t: t, j: int32(i + 1), end: t.span[i].next, cur: -1, lim: lim, lenient: v.lenient}
	}
	it := ElemIter{cur: -1, raw: v.Raw, off: v.Off, lim: lim, trusted: trusted || v.trusted, lenient: v.lenient}
	for p := 0; ; it.end++ {
		_, end, ok, done := it.scanElem(p, it.end == 0)
		if !ok {
			it.failed = !done
			return it
		}
		p = end
	}
}

// scanElem reads the element that starts at p (after an SP unless
// first) and returns its extent; ok is false at the end of the list
// (done set) or on a malformed element.
func (it *ElemIter) scanElem(p int, first bool) (at, end int, ok, done bool) {
	s := it.scanner(p)
	if s.eof() {
		return 0, 0, false, true
	}
	if !first {
		if err := s.sp(); err != nil {
			return 0, 0, false, false
		}
		if s.eof() && it.lenient {
			return 0, 0, false, true // a trailing SP (tolerated deviation)
		}
	}
	at = s.p
	if _, err := s.scalar(); err != nil {
		return 0, 0, false, false
	}
	return at, s.p, true, false
}

// seek reads element n of an iterator without a record (its extent at
// and p), stepping over those before it from the last one read, and
// reports whether there is one.
func (it *ElemIter) seek(n int32) bool {
	if n < 0 || n >= it.end {
		return false
	}
	if it.read > n+1 {
		it.read, it.p = 0, 0 // (elements are read in order: not while walking)
	}
	for it.read <= n {
		at, end, ok, _ := it.scanElem(it.p, it.read == 0)
		if !ok {
			return false
		}
		it.read, it.at, it.p = it.read+1, at, end
	}
	return true
}

// setRecord makes it the iterator over entries j to end of record t, as
// ElemIter{t: t, j: j, end: end, cur: -1, lim: lim} would, in place (see
// SearchIter.setRecord).
func (it *ElemIter) setRecord(t *listSpans, j, end int32, lim *Limits) {
	*it = ElemIter{}
	it.t = t
	it.j = j
	it.end = end
	it.cur = -1
	it.lim = lim
}

// Next advances to the next element and reports whether there is one.
//
// It is inlined: the iteration is over when j reaches end. Through the
// record, j steps to the entry's next (j+1 for the scalars these lists
// hold); a next that does not advance (possible only in a record
// overwritten by a new parse while a walk was in it, which then reads
// garbage but never panics) ends the list. Without a record, j counts.
func (it *ElemIter) Next() bool {
	j := it.j
	if j >= it.end {
		return false
	}
	it.cur = j
	if t := it.t; t != nil {
		if n := t.span[uint32(j)%maxListSpans].next; n > j {
			j = n - 1
		} else {
			j = it.end - 1
		}
	}
	it.j = j + 1
	return true
}

// scanner returns a scanner over the list's bytes at p.
func (it *ElemIter) scanner(p int) scanner {
	s := newScanner(it.raw, it.off, it.lim)
	s.p, s.trusted, s.lenient = p, it.trusted, it.lenient
	return s
}

// Value returns the current element.
func (it *ElemIter) Value() (v Value) {
	if it.t != nil {
		if it.cur >= 0 {
			it.t.set(&v, int(it.cur), it.lim, it.lenient)
		}
		return v
	}
	if !it.seek(it.cur) {
		return v
	}
	s := it.scanner(it.at)
	v, _ = s.scalar()
	return v
}

// Err returns the error that stopped the iteration, if any: a list that is
// not a run of scalars separated by SP (possible only in a Value built or
// changed by hand).
func (it *ElemIter) Err() error {
	if !it.failed || it.j < it.end {
		return nil
	}
	// The read that failed began after the last element.
	p := 0
	if it.end > 0 && it.seek(it.end-1) {
		p = it.p
	}
	s := it.scanner(p)
	if it.end > 0 {
		if err := s.sp(); err != nil {
			return err
		}
	}
	_, err := s.scalar()
	return err
}
