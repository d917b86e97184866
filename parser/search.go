package parser

// SearchKeyKind identifies a search key (RFC 9051 "search-key", with RFC
// 3501's keys and the extensions' MODSEQ, OLDER/YOUNGER, EMAILID/THREADID
// and SAVEDBEFORE/SAVEDON/SAVEDSINCE/SAVEDATESUPPORTED).
type SearchKeyKind uint8

// The search keys.
const (
	SearchSeqSet SearchKeyKind = iota // a sequence-set (or "$"): Seq
	SearchGroup                       // "(" search-key *(SP search-key) ")": Keys
	SearchNot                         // NOT key: Keys yields the operand
	SearchOr                          // OR key key: Keys yields both operands
	SearchAll
	SearchAnswered
	SearchBcc
	SearchBefore
	SearchBody
	SearchCc
	SearchDeleted
	SearchDraft
	SearchFlagged
	SearchFrom
	SearchHeader // HEADER field-name string: Field, Arg
	SearchKeyword
	SearchLarger
	SearchNew
	SearchOld
	SearchOn
	SearchRecent
	SearchSeen
	SearchSentBefore
	SearchSentOn
	SearchSentSince
	SearchSince
	SearchSmaller
	SearchSubject
	SearchText
	SearchTo
	SearchUID // UID sequence-set: Seq
	SearchUnanswered
	SearchUndeleted
	SearchUndraft
	SearchUnflagged
	SearchUnkeyword
	SearchUnseen
	SearchModSeq // MODSEQ [entry-name entry-type] mod-sequence-valzer: Field, EntryType, Number
	SearchOlder
	SearchYounger
	SearchEmailID
	SearchThreadID
	SearchSavedBefore
	SearchSavedOn
	SearchSavedSince
	SearchSaveDateSupported
	SearchFuzzy  // FUZZY search-key (RFC 6203): Keys yields the operand
	SearchFilter // FILTER filter-name (RFC 5466): Arg
	numSearchKeyKinds
)

// searchArg is the kind of argument a search key takes.
type searchArg uint8

const (
	argNone     searchArg = iota
	argAString            // astring
	argDate               // date
	argNumber             // number64
	argNzNumber           // nz-number (OLDER, YOUNGER)
	argFlag               // flag-keyword
	argHeader             // header-fld-name SP astring
	argSeq                // sequence-set
	argNot                // search-key
	argOr                 // search-key SP search-key
	argModSeq             // [entry-name SP entry-type-req SP] mod-sequence-valzer
	argObjectID           // objectid
	argFuzzy              // search-key
	argFilter             // filter-name
)

var searchKeys = [numSearchKeyKinds]struct {
	name string
	arg  searchArg
}{
	SearchSeqSet: {"", argSeq}, SearchGroup: {"", argNone},
	SearchNot: {"NOT", argNot}, SearchOr: {"OR", argOr}, SearchAll: {"ALL", argNone},
	SearchAnswered: {"ANSWERED", argNone}, SearchBcc: {"BCC", argAString},
	SearchBefore: {"BEFORE", argDate}, SearchBody: {"BODY", argAString},
	SearchCc: {"CC", argAString}, SearchDeleted: {"DELETED", argNone},
	SearchDraft: {"DRAFT", argNone}, SearchFlagged: {"FLAGGED", argNone},
	SearchFrom: {"FROM", argAString}, SearchHeader: {"HEADER", argHeader},
	SearchKeyword: {"KEYWORD", argFlag}, SearchLarger: {"LARGER", argNumber},
	SearchNew: {"NEW", argNone}, SearchOld: {"OLD", argNone}, SearchOn: {"ON", argDate},
	SearchRecent: {"RECENT", argNone}, SearchSeen: {"SEEN", argNone},
	SearchSentBefore: {"SENTBEFORE", argDate}, SearchSentOn: {"SENTON", argDate},
	SearchSentSince: {"SENTSINCE", argDate}, SearchSince: {"SINCE", argDate},
	SearchSmaller: {"SMALLER", argNumber}, SearchSubject: {"SUBJECT", argAString},
	SearchText: {"TEXT", argAString}, SearchTo: {"TO", argAString}, SearchUID: {"UID", argSeq},
	SearchUnanswered: {"UNANSWERED", argNone}, SearchUndeleted: {"UNDELETED", argNone},
	SearchUndraft: {"UNDRAFT", argNone}, SearchUnflagged: {"UNFLAGGED", argNone},
	SearchUnkeyword: {"UNKEYWORD", argFlag}, SearchUnseen: {"UNSEEN", argNone},
	SearchModSeq: {"MODSEQ", argModSeq}, SearchOlder: {"OLDER", argNzNumber},
	SearchYounger: {"YOUNGER", argNzNumber}, SearchEmailID: {"EMAILID", argObjectID},
	SearchThreadID: {"THREADID", argObjectID}, SearchSavedBefore: {"SAVEDBEFORE", argDate},
	SearchSavedOn: {"SAVEDON", argDate}, SearchSavedSince: {"SAVEDSINCE", argDate},
	SearchSaveDateSupported: {"SAVEDATESUPPORTED", argNone},
	SearchFuzzy:             {"FUZZY", argFuzzy}, SearchFilter: {"FILTER", argFilter},
}

// String returns the key's name on the wire, "sequence-set" or "group"
// for the two keys without one.
func (k SearchKeyKind) String() string {
	switch k {
	case SearchSeqSet:
		return "sequence-set"
	case SearchGroup:
		return "group"
	}
	if k < numSearchKeyKinds {
		return searchKeys[k].name
	}
	return "SearchKeyKind(?)"
}

// SearchKey is one search key of a parsed command, a small view: its
// kind and extent are fields, and the parts that only some keys have
// (name, argument, operands) are methods that read them from Raw, which
// the parser validated. Its slices alias the command.
type SearchKey struct {
	Kind SearchKeyKind
	// i is the key's mark in x (declared here, beside Kind, so that the
	// two share a word: a SearchKey is 56 bytes, and walks copy it).
	i int32
	// Raw is the whole key as sent, arguments and operands included; Off
	// is its offset in the command.
	Raw []byte
	Off int

	// x, when not nil, is the record of the command: Keys steps through
	// the marks of the key's operands. lim is the limits of the values
	// the methods build (x.lim with a record).
	x   *cmdIndex
	lim *Limits
}

// limits returns the limits of the key's command.
func (k *SearchKey) limits() *Limits { return viewLimits(k.x, k.lim) }

// Name returns the key's name as sent ("since", "UID"), nil for a
// sequence set or a group.
func (k SearchKey) Name() []byte {
	if k.Kind <= SearchGroup || k.Kind >= numSearchKeyKinds {
		return nil
	}
	// The name matched searchKeys[Kind].name, ignoring case, so it has
	// that length.
	return k.Raw[:min(len(searchKeys[k.Kind].name), len(k.Raw))]
}

// argStart returns where the key's argument starts in Raw (after its
// name and SP) and the kind of argument, or -1 when it has none.
func (k *SearchKey) argStart() (int, searchArg) {
	if k.Kind <= SearchGroup || k.Kind >= numSearchKeyKinds {
		return -1, argNone
	}
	e := &searchKeys[k.Kind]
	a := len(e.name) + 1
	if e.arg == argNone || a >= len(k.Raw) {
		return -1, argNone
	}
	return a, e.arg
}

// val builds the Value of k.Raw[a:end], as a trusted scanner would.
func (k *SearchKey) val(f Form, a, end int) Value {
	return Value{Form: f, Raw: k.Raw[a:end], Off: k.Off + a, lim: k.limits(), trusted: true}
}

// scanner returns a trusted scanner over Raw at a.
func (k *SearchKey) scanner(a int) scanner {
	s := newScanner(k.Raw, k.Off, k.limits())
	s.p, s.trusted = a, true
	return s
}

// Arg returns the key's argument: the string of BCC, BODY, CC, FROM,
// SUBJECT, TEXT, TO and HEADER; the date of the date keys (an atom or a
// quoted string, "1-Feb-2024"); the flag of KEYWORD and UNKEYWORD; the
// objectid of EMAILID and THREADID; the filter name of FILTER; the number
// of LARGER, SMALLER, OLDER, YOUNGER and MODSEQ. Its Form is FormNone for
// the other keys.
func (k SearchKey) Arg() (v Value) {
	if keyHasArg[k.Kind] { // (inlined: most keys have none)
		v.Form, v.Raw, v.Off, v.lim, v.trusted = k.argSpan()
	}
	return v
}

// argSpan returns the fields of the Value of the key's argument (all zero
// when it takes none) in registers, so that a caller that builds the
// Value inline never copies one.
func (k *SearchKey) argSpan() (Form, []byte, int, *Limits, bool) {
	return keyArgSpan(k.Kind, k.Raw, 0, len(k.Raw), k.Off, k.x, k.lim)
}

// keyArgSpan is argSpan for a key of kind kind that is b[start:end], at
// offset base+start in its command, with the record x and limits lim of
// a SearchKey: the iterators call it on the record's bytes without
// building the key's slice first.
func keyArgSpan(kind SearchKeyKind, b []byte, start, end, base int, x *cmdIndex, lim *Limits) (Form, []byte, int, *Limits, bool) {
	if kind <= SearchGroup || kind >= numSearchKeyKinds || start < 0 || start > end || end > len(b) {
		return FormNone, nil, 0, nil, false
	}
	e := &searchKeys[kind]
	a := start + len(e.name) + 1
	if e.arg == argNone || a >= end {
		return FormNone, nil, 0, nil, false
	}
	f := FormAtom
	switch e.arg {
	case argAString, argDate:
		// A single argument ends the key: its form is in its first octet.
		switch b[a] {
		case '"':
			f, a, end = FormQuoted, a+1, max(a+1, end-1)
		case '{':
			if e.arg == argAString {
				p := a
				for p < end && b[p] != '\n' {
					p++
				}
				f, a = FormLiteral, min(p+1, end)
			}
		}
	case argNumber, argNzNumber:
		f = FormNumber
	case argFlag, argObjectID, argFilter:
	case argHeader:
		k := SearchKey{Kind: kind, Raw: b[start:end], Off: base + start, x: x, lim: lim}
		v := k.headerArg(a - start)
		return v.Form, v.Raw, v.Off, v.lim, v.trusted
	case argModSeq:
		// The number is the last word: after the entry name and type,
		// when there are those.
		p := end
		for p > a && b[p-1] != ' ' {
			p--
		}
		f, a = FormNumber, p
	default:
		return FormNone, nil, 0, nil, false
	}
	return f, b[a:end], base + a, viewLimits(x, lim), true
}

// headerArg returns HEADER's string, whose field name starts at Raw[a].
func (k *SearchKey) headerArg(a int) Value {
	s := k.scanner(a)
	if _, err := cmdAString(&s, "header-fld-name"); err != nil || s.sp() != nil {
		return Value{}
	}
	v, _ := cmdAString(&s, "astring")
	return v
}

// Number returns the value of Arg for the numeric keys (LARGER, SMALLER,
// OLDER, YOUNGER, MODSEQ), 0 for the others.
func (k SearchKey) Number() uint64 {
	switch k.Kind {
	case SearchLarger, SearchSmaller, SearchOlder, SearchYounger, SearchModSeq:
		n, _ := k.Arg().Number()
		return n
	}
	return 0
}

// Field returns HEADER's field name, or MODSEQ's entry name (a quoted
// "/flags/\Seen"), a Value of Form FormNone when absent.
func (k SearchKey) Field() Value {
	a, arg := k.argStart()
	if arg != argHeader && (arg != argModSeq || k.Raw[a] != '"') {
		return Value{}
	}
	s := k.scanner(a)
	var v Value
	if arg == argHeader {
		v, _ = cmdAString(&s, "header-fld-name")
	} else {
		v, _ = s.scalar()
	}
	return v
}

// EntryType returns MODSEQ's entry type ("priv", "shared", "all"), nil
// when absent.
func (k SearchKey) EntryType() []byte {
	a, arg := k.argStart()
	if arg != argModSeq || k.Raw[a] != '"' {
		return nil
	}
	s := k.scanner(a)
	if _, err := s.scalar(); err != nil || !s.eat(' ') {
		return nil
	}
	return s.run(cAtom)
}

// Seq returns the set of a sequence-set key or of UID; its Raw is nil for
// other keys.
func (k SearchKey) Seq() SeqSet {
	switch k.Kind {
	case SearchSeqSet:
		return SeqSet{Raw: k.Raw}
	case SearchUID:
		if a, _ := k.argStart(); a > 0 {
			return SeqSet{Raw: k.Raw[a:]}
		}
	}
	return SeqSet{}
}

// Keys returns an iterator over the operands of NOT and FUZZY (one) and
// OR (two), or the keys of a group; it yields nothing for other keys.
func (k SearchKey) Keys() SearchIter {
	switch k.Kind {
	case SearchGroup, SearchNot, SearchOr, SearchFuzzy:
		return k.operands()
	}
	// (Small enough to be inlined: a walk asks every key, and most have
	// no operands.)
	return SearchIter{}
}

// operands is Keys for a key that has operands.
func (k *SearchKey) operands() SearchIter {
	if x := k.x; x != nil {
		// The operands are the marks after the key's own, up to its next.
		i := k.i & (maxCmdMarks - 1)
		return SearchIter{x: x, i: i + 1, stop: x.mark[i].next, cur: -1}
	}
	// Without a record: the operands are what follows the name and its
	// SP, a group's keys what is inside its parentheses.
	var sub []byte
	off := k.Off
	switch n := len(searchKeys[k.Kind].name); {
	case k.Kind == SearchGroup && len(k.Raw) >= 2:
		sub, off = k.Raw[1:len(k.Raw)-1], off+1
	case k.Kind != SearchGroup && len(k.Raw) > n:
		sub, off = k.Raw[n+1:], off+n+1
	default:
		return SearchIter{}
	}
	return scanSearchIter(sub, off, k.limits())
}

// SearchIter walks a run of search keys at one level; descend into NOT,
// OR and groups with SearchKey.Keys:
//
//	var walk func(parser.SearchIter)
//	walk = func(it parser.SearchIter) {
//		for it.Next() {
//			k := it.Key()
//			walk(k.Keys())
//		}
//	}
//	walk(c.SearchKeys())
//
// It holds the current key's position only (its mark in the command's
// record, or its number in the bytes it reads) and its kind, and Next is
// inlined, a few loads and stores: Key builds the SearchKey when asked.
// Without a record, the keys of the run are counted when the iterator is
// made, and the current one is read when its kind, argument or bytes are
// asked for. It is small because Go copies a loop variable such as it at
// every iteration and a recursive walk copies (or clears) an iterator
// per level.
type SearchIter struct {
	// x, when not nil, is the record of the command: the keys are its
	// marks from i (stepping by next) up to stop. Without one, they are
	// numbered from i = 0 up to stop, their count. cur is the current
	// key (-1 before the first).
	x            *cmdIndex
	i, stop, cur int32
	// kind is the current key's kind, keyPending for a key not read yet.
	kind SearchKeyKind
	// Without a record, the keys are read from raw (at offset off, with
	// the limits lim): key number read-1 (0 for none) is raw[at:p].
	read  int32
	raw   []byte
	off   int
	at, p int
	lim   *Limits
}

// keyPending is SearchIter.kind for a key of a run without a record that
// Next passed to but nobody read yet: no key has this kind, and
// keyHasArg and keyHasOperands send it to the code that reads the key.
const keyPending SearchKeyKind = 255

func newSearchIter(v Value) SearchIter {
	if v.Form != FormList {
		return SearchIter{}
	}
	lim := v.lim
	if lim == nil {
		lim = &defaultLimits
	}
	return scanSearchIter(v.Raw, v.Off, lim)
}

// scanSearchIter returns the iterator over the validated keys in raw, at
// offset off, without a record: it counts them.
func scanSearchIter(raw []byte, off int, lim *Limits) SearchIter {
	it := SearchIter{cur: -1, raw: raw, off: off, lim: lim}
	for p := 0; ; it.stop++ {
		_, _, end, ok := it.scanKey(p, it.stop == 0)
		if !ok {
			return it
		}
		p = end
	}
}

// scanKey reads the key that starts at p (after an SP unless first),
// and returns its kind and extent; ok is false at the end of the run, or
// where it holds no key.
func (it *SearchIter) scanKey(p int, first bool) (kind SearchKeyKind, at, end int, ok bool) {
	s := newScanner(it.raw, it.off, it.lim)
	s.p, s.trusted = p, true
	if s.eof() || (!first && !s.eat(' ')) {
		return 0, 0, 0, false
	}
	at = s.p
	kind = skipKey(&s)
	if kind == numSearchKeyKinds || s.p <= at {
		return 0, 0, 0, false
	}
	return kind, at, s.p, true
}

// load reads the current key of an iterator without a record (its kind,
// and its extent at and p), stepping over those before it from the last
// one read, and reports whether there is one.
func (it *SearchIter) load() bool {
	if it.x != nil || it.cur < 0 {
		return false
	}
	if it.read == it.cur+1 && it.kind != keyPending {
		return true // read already
	}
	if it.read > it.cur {
		it.read, it.p = 0, 0 // (cur only grows: not while walking)
	}
	for it.read <= it.cur {
		kind, at, end, ok := it.scanKey(it.p, it.read == 0)
		if !ok {
			return false
		}
		it.read, it.kind, it.at, it.p = it.read+1, kind, at, end
	}
	return true
}

// SearchKeys returns an iterator over the top-level search keys of SEARCH,
// SORT or THREAD.
func (c *Command) SearchKeys() SearchIter {
	if c.idx.valid(c.Raw) && cmdHasKeys[c.Kind] {
		return SearchIter{x: &c.idx, stop: c.idx.n, cur: -1}
	}
	if c.Keys.Form != FormList {
		return SearchIter{} // as newSearchIter, without the call
	}
	return newSearchIter(c.Keys)
}

// Reset makes it walk the top-level search keys of c, as it =
// c.SearchKeys() does, but in place: it builds no new iterator for the
// caller to copy, and for a command other than SEARCH, SORT and THREAD
// (which has no keys) it only clears it. With Descend and the
// iterator's own Kind and Arg, a walk that declares its iterators once
// never copies a SearchKey or a SearchIter:
//
//	var it parser.SearchIter
//	var walk func(it *parser.SearchIter)
//	walk = func(it *parser.SearchIter) {
//		var sub parser.SearchIter
//		for it.Next() {
//			_ = it.Kind()
//			if it.Descend(&sub) {
//				walk(&sub)
//			}
//		}
//	}
//	it.Reset(c)
//	walk(&it)
func (it *SearchIter) Reset(c *Command) {
	if !cmdHasKeys[c.Kind] {
		*it = SearchIter{} // as SearchKeys returns it
		return
	}
	it.reset(c)
}

// cmdHasKeys tells the commands with search keys (SEARCH, SORT, THREAD),
// indexed by every octet so that a lookup needs no bounds check;
// computed once, never written.
var cmdHasKeys = func() (t [256]bool) {
	t[CmdSearch], t[CmdSort], t[CmdThread] = true, true, true
	return t
}()

// reset is Reset for a command that may have keys.
func (it *SearchIter) reset(c *Command) {
	if c.idx.valid(c.Raw) {
		it.setRecord(&c.idx, 0, c.idx.n)
		return
	}
	*it = c.SearchKeys()
}

// setRecord makes it the iterator over marks i to stop of record x, as
// SearchIter{x: x, i: i, stop: stop, cur: -1} would, in place: the
// iterator is cleared with wide stores and the few fields set after
// (a composite with values assigned through a pointer is built on the
// stack and copied, with wide moves that wait on its narrow stores; one
// store a field costs more instructions).
func (it *SearchIter) setRecord(x *cmdIndex, i, stop int32) {
	*it = SearchIter{}
	it.x = x
	it.i = i
	it.stop = stop
	it.cur = -1
}

// Kind returns the current key's kind, it.Key().Kind without the copy.
func (it *SearchIter) Kind() SearchKeyKind {
	if it.kind == keyPending {
		it.loadKind()
	}
	return it.kind
}

// loadKind is Kind for a key not read yet: a key that cannot be read
// (possible only in a Value built or changed by hand) is a sequence set
// with no bytes, as before the first Next.
func (it *SearchIter) loadKind() {
	if !it.load() {
		it.kind = 0
	}
}

// Arg returns the current key's argument, it.Key().Arg() without
// building the key. Like SearchKey.Arg it is inlined, the Value built in
// place from argSpan's registers: a Value returned from a call is copied
// with wide moves that wait on the callee's narrower stores.
func (it *SearchIter) Arg() (v Value) {
	if keyHasArg[it.kind] { // (most keys have none: no call)
		v.Form, v.Raw, v.Off, v.lim, v.trusted = it.argSpan()
	}
	return v
}

// argSpan is SearchKey.argSpan for the current key, read from the
// record's mark or the iterator's bytes.
func (it *SearchIter) argSpan() (Form, []byte, int, *Limits, bool) {
	if x := it.x; x != nil {
		m := &x.mark[it.cur&(maxCmdMarks-1)]
		start, end := int(m.start), int(m.end)
		// The common arguments, an atom or a quoted string that ends the
		// key, without keyArgSpan's other cases.
		if skip := int(keyArgSkip[it.kind]); skip != 0 && start+skip < end && end <= len(x.raw) && x.raw[start+skip] != '{' {
			a := start + skip
			f := FormAtom
			if x.raw[a] == '"' {
				f, a, end = FormQuoted, a+1, max(a+1, end-1)
			}
			lim := x.lim
			if lim == nil {
				lim = &defaultLimits
			}
			return f, x.raw[a:end], a, lim, true
		}
		return keyArgSpan(it.kind, x.raw, start, end, 0, x, nil)
	}
	if !it.load() {
		return FormNone, nil, 0, nil, false
	}
	return keyArgSpan(it.kind, it.raw, it.at, it.p, it.off, nil, it.lim)
}

// keyHasArg tells the search keys whose Arg may be a Value (not those
// whose operand is a set or other keys: UID, NOT, OR, FUZZY), and
// keyPending, indexed by every octet so that a lookup needs no bounds
// check; computed once, never written.
var keyHasArg = func() (t [256]bool) {
	for k := range searchKeys {
		switch searchKeys[k].arg {
		case argNone, argSeq, argNot, argOr, argFuzzy:
		default:
			t[k] = true
		}
	}
	t[keyPending] = true
	return t
}()

// keyArgSkip tells, for each search key kind whose argument is an
// astring or a date (which argSpan reads inline), where the argument
// starts after the key's first octet (its name's length and SP), and is 0
// for the other kinds: one table and one test. It is indexed by every
// octet, so that a lookup needs no bounds check; computed once, never
// written.
var keyArgSkip = func() (t [256]uint8) {
	for k := SearchGroup + 1; k < numSearchKeyKinds; k++ {
		if searchKeys[k].arg == argAString || searchKeys[k].arg == argDate {
			t[k] = uint8(len(searchKeys[k].name) + 1)
		}
	}
	return t
}()

// keyHasOperands tells the search keys that Keys and Descend walk into
// (a group, NOT, OR, FUZZY), and keyPending, indexed by every octet like
// keyHasArg.
var keyHasOperands = func() (t [256]bool) {
	for _, k := range [...]SearchKeyKind{SearchGroup, SearchNot, SearchOr, SearchFuzzy, keyPending} {
		t[k] = true
	}
	return t
}()

// Descend makes sub walk the operands of the current key (NOT, OR, FUZZY)
// or the keys of its group, as sub = it.Key().Keys() does, in place, and
// reports whether the key is one of those; for any other key sub yields
// nothing, and a walk need not descend:
//
//	if it.Descend(&sub) {
//		walk(&sub)
//	}
func (it *SearchIter) Descend(sub *SearchIter) bool {
	if keyHasOperands[it.kind] {
		return it.operandsInto(sub)
	}
	*sub = SearchIter{} // as Keys returns it
	return false
}

// operandsInto is Descend for a key that may have operands: it writes
// them into sub.
func (it *SearchIter) operandsInto(sub *SearchIter) bool {
	if x := it.x; x != nil {
		i := it.cur & (maxCmdMarks - 1)
		sub.setRecord(x, i+1, x.mark[i].next)
		return true
	}
	k := it.Key()
	*sub = k.Keys()
	return keyHasOperands[k.Kind]
}

// Next advances to the next key and reports whether there is one.
//
// It is inlined, so that a step through the record and the end of a run
// (and the empty run of a key without operands, which a recursive walk
// asks for at every leaf) cost no call: an iterator is over when i
// reaches stop. Through the record, i steps to the mark's next, which is
// past the key's operands; a next that does not advance (possible only
// in a record overwritten by a new parse into the same Command while a
// walk was in it, which then reads garbage but never panics) ends the
// run. Without a record, the key is read when asked for.
func (it *SearchIter) Next() bool {
	i := it.i
	if i >= it.stop {
		return false
	}
	it.cur = i
	if x := it.x; x != nil {
		m := &x.mark[i&(maxCmdMarks-1)]
		it.kind = SearchKeyKind(m.kind)
		if n := m.next; n > i {
			i = n - 1
		} else {
			i = it.stop - 1
		}
	} else {
		it.kind = keyPending
	}
	it.i = i + 1
	return true
}

// scanStop is the stop of an iterator that reads bytes (FetchIter's):
// no index reaches it while the iteration goes on.
const scanStop = 1<<31 - 1

// Key returns the current key. Its slices alias the command.
func (it *SearchIter) Key() (k SearchKey) {
	x := it.x
	if x == nil || it.cur < 0 {
		return it.loadKey()
	}
	m := &x.mark[it.cur&(maxCmdMarks-1)]
	start, end := uint(m.start), uint(m.end)
	if start > end || end > uint(len(x.raw)) {
		start, end = 0, 0 // a key kept across a new parse: garbage, but no panic
	}
	k.Kind, k.i, k.Raw, k.Off, k.x = it.kind, it.cur, x.raw[start:end], int(m.start), x
	return k
}

// loadKey is Key without a record (or before the first key).
func (it *SearchIter) loadKey() SearchKey {
	if it.x != nil {
		return SearchKey{x: it.x, i: -1}
	}
	if !it.load() {
		return SearchKey{i: -1, lim: it.lim}
	}
	return SearchKey{Kind: it.kind, i: -1, Raw: it.raw[it.at:it.p], Off: it.off + it.at, lim: it.lim}
}

// skipKey passes over one validated search-key and returns its kind,
// numSearchKeyKinds (having read nothing) when it names none.
func skipKey(s *scanner) SearchKeyKind {
	kind := SearchGroup
	switch c := s.peek(); {
	case c == '(':
	case c == '*' || c == '$' || charClass[c]&cDigit != 0:
		kind = SearchSeqSet
	default:
		start := s.p
		kind = searchKeyKindOf(s.run(cAtom))
		s.p = start
		if kind == numSearchKeyKinds {
			return kind
		}
	}
	skipSearchKey(s)
	return kind
}

// searchKey reads and validates one search-key at nesting depth depth,
// recording it (and the keys inside it) in x when x is not nil.
func searchKey(s *scanner, depth int, x *cmdIndex) error {
	mark := x.open(s.p)
	kind, err := searchKeyBody(s, depth, x)
	if err != nil {
		return err
	}
	x.close(mark, s.p, uint8(kind))
	return nil
}

// searchKeyBody is searchKey without the record of the key itself: it
// returns the key's kind.
func searchKeyBody(s *scanner, depth int, x *cmdIndex) (SearchKeyKind, error) {
	start := s.p
	c := s.peek()
	switch {
	case c == '(':
		if depth+1 > s.lim.MaxDepth {
			return 0, s.errLimit(start, "search key nesting within MaxDepth")
		}
		s.p++
		if err := searchKeys1(s, depth+1, x); err != nil {
			return 0, err
		}
		return SearchGroup, s.expect(')', `SP or ")"`)
	case c == '*' || c == '$' || charClass[c]&cDigit != 0:
		_, err := s.seqSet(true, true)
		return SearchSeqSet, err
	}
	name := s.run(cAtom)
	kind := searchKeyKindOf(name)
	if kind == numSearchKeyKinds {
		return 0, s.errAt(start, "search-key")
	}
	arg := searchKeys[kind].arg
	if arg != argNone {
		if !s.eat(' ') {
			return 0, s.errExpected("SP")
		}
	}
	var err error
	switch arg {
	case argAString:
		err = skipCmdAString(s, "astring")
	case argDate:
		err = skipSearchDate(s)
	case argNumber, argNzNumber:
		at := s.p
		var n uint64
		if n, err = s.number64(); err == nil && arg == argNzNumber && n == 0 {
			err = s.errAt(at, "nz-number")
		}
	case argFlag:
		if _, err = s.atom(); err != nil {
			err = s.errExpected("flag-keyword")
		}
	case argObjectID:
		at := s.p
		for s.p < len(s.b) && s.p-at < 255 && (isAlnum(s.b[s.p]) || s.b[s.p] == '_' || s.b[s.p] == '-') {
			s.p++
		}
		if s.p == at || (s.p < len(s.b) && isAtomChar(s.b[s.p])) {
			err = s.errAt(at, "objectid")
		}
	case argHeader:
		if err = skipCmdAString(s, "header-fld-name"); err == nil {
			if err = s.sp(); err == nil {
				err = skipCmdAString(s, "astring")
			}
		}
	case argSeq:
		_, err = s.seqSet(true, true)
	case argFilter:
		// filter-name = 1*<any ATOM-CHAR except "/">
		at := s.p
		for s.p < len(s.b) && isAtomChar(s.b[s.p]) && s.b[s.p] != '/' {
			s.p++
		}
		if s.p == at || (s.p < len(s.b) && s.b[s.p] == '/') {
			err = s.errAt(at, "filter-name")
		}
	case argNot, argOr, argFuzzy:
		if depth+1 > s.lim.MaxDepth {
			return 0, s.errLimit(start, "search key nesting within MaxDepth")
		}
		if err = searchKey(s, depth+1, x); err == nil && arg == argOr {
			if err = s.sp(); err == nil {
				err = searchKey(s, depth+1, x)
			}
		}
	case argModSeq:
		// search-modsequence = "MODSEQ" [search-modseq-ext] SP
		// mod-sequence-valzer; search-modseq-ext = SP entry-name SP
		// entry-type-req; entry-name = entry-flag-name (a quoted
		// "/flags/" attr-flag); entry-type-req = "priv" / "shared" / "all".
		if s.peek() == '"' {
			field, err := s.scalar()
			if err != nil {
				return 0, err
			}
			if len(field.Raw) < 8 || !equalFoldASCII(field.Raw[:7], "/FLAGS/") {
				return 0, s.errAt(field.Off, `entry-flag-name ("/flags/" attr-flag)`)
			}
			if err = s.sp(); err != nil {
				return 0, err
			}
			at := s.p
			if !isOneOf(s.run(cAtom), entryTypes[:]) {
				return 0, s.errAt(at, `entry-type-req ("priv", "shared" or "all")`)
			}
			if err = s.sp(); err != nil {
				return 0, err
			}
		}
		_, err = modSeq(s, true)
	}
	return kind, err
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// searchKeys1 reads search-key *(SP search-key), recording the keys in x
// when x is not nil.
func searchKeys1(s *scanner, depth int, x *cmdIndex) error {
	for n := 0; ; n++ {
		if n >= s.lim.MaxArgs {
			return s.errLimit(s.p, "search keys within MaxArgs")
		}
		if err := searchKey(s, depth, x); err != nil {
			return err
		}
		if !s.eat(' ') {
			return nil
		}
	}
}

// skipSearchDate reads date = date-text / DQUOTE date-text DQUOTE, with
// date-text = date-day "-" date-month "-" date-year.
func skipSearchDate(s *scanner) error {
	quoted := s.eat('"')
	if err := dateText(s, false); err != nil {
		return err
	}
	if quoted {
		return s.expect('"', "DQUOTE")
	}
	return nil
}

// dateText reads date-day "-" date-month "-" date-year; with fixed set,
// date-day-fixed = (SP DIGIT) / 2DIGIT as date-time has it.
func dateText(s *scanner, fixed bool) error {
	if !fixed && dateFast(s) {
		return nil
	}
	start := s.p
	if fixed {
		if s.peek() == ' ' {
			s.p++
			if charClass[s.peek()]&cDigit == 0 {
				return s.errExpected("DIGIT")
			}
			s.p++
		} else if !digits(s, 2) {
			return s.errAt(start, "date-day-fixed")
		}
	} else {
		if charClass[s.peek()]&cDigit == 0 {
			return s.errExpected("date-day")
		}
		s.p++
		if charClass[s.peek()]&cDigit != 0 {
			s.p++
		}
	}
	if err := s.expect('-', `"-"`); err != nil {
		return err
	}
	at := s.p
	if s.p+3 > len(s.b) || monthOf(s.b[s.p:s.p+3]) == 0 {
		return s.errAt(at, "date-month")
	}
	s.p += 3
	if err := s.expect('-', `"-"`); err != nil {
		return err
	}
	if !digits(s, 4) {
		return s.errExpected("date-year")
	}
	return nil
}

// dateFast reads a well-formed date-day "-" date-month "-" date-year at
// s.p in one pass, with the position in a local, and reports whether it
// did; it leaves anything else (and every error) to dateText.
func dateFast(s *scanner) bool {
	p := dateFastAt(s.b, s.p)
	if p < 0 {
		return false
	}
	s.p = p
	return true
}

// dateFastAt is dateFast over b at p: it returns the position after the
// date, or -1. After the day, "-Mon-YYY" is one word: its two "-", the
// month (its letters folded with |0x20, which maps to a lower-case
// letter only that letter and its upper case) and, with the last octet,
// the year's digits are tested in it.
func dateFastAt(b []byte, p int) int {
	if p < 0 || p+10 > len(b) || b[p]-'0' > 9 {
		return -1
	}
	if b[p+1]-'0' <= 9 {
		p++
		if p+10 > len(b) {
			return -1
		}
	}
	w := load8(b, p+1) // "-Mon-YYY"
	if byte(w) != '-' || byte(w>>32) != '-' || digitRun(w>>40|uint64(b[p+9])<<24) != 4 {
		return -1
	}
	m := uint32(w>>8) | 0x202020
	k := m&0xff<<16 | m&0xff00 | m>>16&0xff
	for _, name := range monthKeys {
		if k == name {
			return p + 10
		}
	}
	return -1
}

var entryTypes = [...]string{"PRIV", "SHARED", "ALL"}

// monthOf returns 1 to 12 for the date-month m (three letters, any case),
// 0 for anything else.
func monthOf(m []byte) int {
	if len(m) != 3 {
		return 0
	}
	k := uint32(lower(m[0]))<<16 | uint32(lower(m[1]))<<8 | uint32(lower(m[2]))
	for i, name := range monthKeys {
		if k == name {
			return i + 1
		}
	}
	return 0
}

// monthKeys are "jan" ... "dec" packed into integers, for monthOf.
var monthKeys = [12]uint32{
	'j'<<16 | 'a'<<8 | 'n', 'f'<<16 | 'e'<<8 | 'b', 'm'<<16 | 'a'<<8 | 'r', 'a'<<16 | 'p'<<8 | 'r',
	'm'<<16 | 'a'<<8 | 'y', 'j'<<16 | 'u'<<8 | 'n', 'j'<<16 | 'u'<<8 | 'l', 'a'<<16 | 'u'<<8 | 'g',
	's'<<16 | 'e'<<8 | 'p', 'o'<<16 | 'c'<<8 | 't', 'n'<<16 | 'o'<<8 | 'v', 'd'<<16 | 'e'<<8 | 'c',
}

// digits consumes exactly n DIGITs.
func digits(s *scanner, n int) bool {
	if s.p+n > len(s.b) {
		return false
	}
	for i := 0; i < n; i++ {
		if charClass[s.b[s.p+i]]&cDigit == 0 {
			return false
		}
	}
	s.p += n
	return true
}

// dateTime reads date-time = DQUOTE date-day-fixed "-" date-month "-"
// date-year SP time SP zone DQUOTE; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT;
// zone = ("+" / "-") 4DIGIT.
func dateTime(s *scanner) (Value, error) {
	if err := s.expect('"', "date-time"); err != nil {
		return Value{}, err
	}
	at := s.p
	if err := dateText(s, true); err != nil {
		return Value{}, err
	}
	if err := s.sp(); err != nil {
		return Value{}, err
	}
	for i := 0; i < 3; i++ {
		if i > 0 {
			if err := s.expect(':', `":"`); err != nil {
				return Value{}, err
			}
		}
		if !digits(s, 2) {
			return Value{}, s.errExpected("time")
		}
	}
	if err := s.sp(); err != nil {
		return Value{}, err
	}
	if !s.eat('+') && !s.eat('-') {
		return Value{}, s.errExpected("zone")
	}
	if !digits(s, 4) {
		return Value{}, s.errExpected("zone")
	}
	v := s.val(FormQuoted, s.b[at:s.p], at)
	return v, s.expect('"', "DQUOTE")
}

// searchProgram reads ["CHARSET" SP charset SP] search-key *(SP
// search-key) into c.Charset and c.Keys.
func searchProgram(s *scanner, c *Command, charset bool) error {
	if charset {
		if s.peek()|0x20 == 'c' && s.keyword("CHARSET") { // (the test first: keyword is a loop)
			if !s.eat(' ') {
				return s.errExpected("SP")
			}
			if err := searchCharset(s, c); err != nil {
				return err
			}
			if !s.eat(' ') {
				return s.errExpected("SP")
			}
		}
	}
	start := s.p
	if err := searchKeys1(s, 0, &c.idx); err != nil {
		return err
	}
	c.Keys = s.val(FormList, s.b[start:s.p], start)
	return nil
}

// searchCharset reads charset = atom / quoted.
func searchCharset(s *scanner, c *Command) error {
	var err error
	if s.peek() == '"' {
		c.Charset, err = s.scalar()
		return err
	}
	at := s.p
	if _, err = s.atom(); err != nil {
		return s.errExpected("charset")
	}
	c.Charset = s.val(FormAtom, s.b[at:s.p], at)
	return nil
}

// searchReturn reads search-return-opts = "RETURN" SP "(" [search-return-opt
// *(SP search-return-opt)] ")" SP, when present.
func searchReturn(s *scanner, c *Command) error {
	if s.peek()|0x20 != 'r' || !s.keyword("RETURN") {
		return nil
	}
	if !s.eat(' ') {
		return s.errExpected("SP")
	}
	v, err := optionList(s, "search-return-opts", true, optGeneric)
	if err != nil {
		return err
	}
	c.Return = v
	return s.sp()
}

// parseSearch reads search = "SEARCH" [SP search-return-opts] SP
// search-program.
func parseSearch(s *scanner, c *Command) error {
	if err := searchReturn(s, c); err != nil {
		return err
	}
	return searchProgram(s, c, true)
}

// parseSort reads sort = "SORT" [SP sort-return-opts] SP sort-criteria SP
// search-criteria (RFC 5256, RFC 5267); sort-criteria = "(" sort-criterion
// *(SP sort-criterion) ")"; sort-criterion = ["REVERSE" SP] sort-key.
func parseSort(s *scanner, c *Command) error {
	if err := searchReturn(s, c); err != nil {
		return err
	}
	var err error
	if c.Items, err = parenElems(s, elemSortCriterion, false); err != nil {
		return err
	}
	if !s.eat(' ') {
		return s.errExpected("SP")
	}
	return searchCriteria(s, c)
}

// searchCriteria reads SORT's and THREAD's search-criteria = charset
// 1*(SP search-key) (RFC 5256).
func searchCriteria(s *scanner, c *Command) error {
	if err := searchCharset(s, c); err != nil {
		return err
	}
	if !s.eat(' ') {
		return s.errExpected("SP")
	}
	return searchProgram(s, c, false)
}

// parseThread reads thread = "THREAD" SP thread-alg SP search-criteria.
func parseThread(s *scanner, c *Command) error {
	var err error
	if c.Algorithm, err = s.atom(); err != nil {
		return s.errExpected("thread-alg")
	}
	if !s.eat(' ') {
		return s.errExpected("SP")
	}
	return searchCriteria(s, c)
}

// skipSearchKey passes over one search-key of a command already validated,
// without building anything.
func skipSearchKey(s *scanner) {
	switch c := s.peek(); {
	case c == '(':
		s.p++
		skipGroup(s)
		s.p = min(s.p+1, len(s.b)) // ")"
		return
	case c == '*' || c == '$' || charClass[c]&cDigit != 0:
		for s.p < len(s.b) && (charClass[s.b[s.p]]&cDigit != 0 || s.b[s.p] == '*' || s.b[s.p] == ':' || s.b[s.p] == ',' || s.b[s.p] == '$') {
			s.p++
		}
		return
	}
	name := s.run(cAtom)
	kind := searchKeyKindOf(name)
	if kind == numSearchKeyKinds {
		return
	}
	switch searchKeys[kind].arg {
	case argNone:
	case argNot, argFuzzy:
		s.eat(' ')
		skipSearchKey(s)
	case argOr:
		s.eat(' ')
		skipSearchKey(s)
		s.eat(' ')
		skipSearchKey(s)
	case argHeader:
		s.eat(' ')
		skipAString(s)
		s.eat(' ')
		skipAString(s)
	case argModSeq:
		s.eat(' ')
		if s.peek() == '"' {
			skipAString(s)
			s.eat(' ')
			s.run(cAtom)
			s.eat(' ')
		}
		skipAString(s)
	default:
		s.eat(' ')
		skipAString(s)
	}
}

// skipAString passes over an atom, a quoted string or a literal that has
// been validated.
func skipAString(s *scanner) {
	switch s.peek() {
	case '"':
		for s.p++; s.p < len(s.b) && s.b[s.p] != '"'; s.p++ {
			if s.b[s.p] == '\\' {
				s.p++
			}
		}
		s.p = min(s.p+1, len(s.b))
	case '{', '~':
		skipLiteral(s)
	default:
		for s.p < len(s.b) && s.b[s.p] != ' ' && s.b[s.p] != ')' && s.b[s.p] != '\r' {
			s.p++
		}
	}
}

// skipLiteral passes over a validated literal announcement and its data.
func skipLiteral(s *scanner) {
	for s.p < len(s.b) && s.b[s.p] != '{' {
		s.p++
	}
	var n int64
	for s.p++; s.p < len(s.b) && charClass[s.b[s.p]]&cDigit != 0; s.p++ {
		n = n*10 + int64(s.b[s.p]-'0')
	}
	for s.p < len(s.b) && s.b[s.p] != '\n' {
		s.p++
	}
	s.p = min(s.p+1, len(s.b))
	s.p += clampSkip(max(n, 0), len(s.b)-s.p)
}

// skipGroup passes over the keys of a validated group up to (not past) its
// ")": atoms cannot hold parentheses, so counting them outside quoted
// strings and literals finds the end.
func skipGroup(s *scanner) {
	b := s.b
	depth := 0
	for p := s.p; p < len(b); p++ {
		c := b[p]
		if c > ')' && c != '{' {
			continue // the common case: letters, digits, SP
		}
		switch c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				s.p = p
				return
			}
			depth--
		case '"', '{':
			s.p = p
			skipAString(s)
			p = s.p - 1
		}
	}
	s.p = len(b)
}

// searchKeyKindOf returns the kind named by name, numSearchKeyKinds when
// none is.
func searchKeyKindOf(name []byte) SearchKeyKind {
	if i := searchKeyWords.find(name); i >= 0 {
		return SearchKeyKind(i)
	}
	return numSearchKeyKinds
}

// searchKeyWords finds search key names; built once, read-only.
var searchKeyWords = func() wordTable {
	var names [numSearchKeyKinds]string
	for i := range searchKeys {
		names[i] = searchKeys[i].name
	}
	return newWordTable(names[:])
}()
