package parser

// This file holds the typed views of the data responses. Each accessor
// returns ok == false (and zero values) when r is of another type; on a
// response that ParseResponse accepted, the walks do not fail.

// NumIter walks the numbers of a SEARCH or SORT response.
type NumIter struct {
	b []byte
	p int // where the next number, or the SP before it, starts
	// On a response that ParseResponse accepted, b[:run] holds only
	// numbers and single SPs (run is 0 otherwise), and numbers are decoded
	// from there by numBatch, up to a window at a time, into buf. The
	// current number is buf[i-1], the numbers after it buf[i:n].
	run  int
	i, n uint
	buf  [numBuf]uint32
}

// Next advances to the next number and reports whether there is one. It
// stops at the "(MODSEQ n)" that may end the list.
func (it *NumIter) Next() bool {
	if it.i < it.n {
		it.i++
		return true
	}
	return it.next()
}

// next is Next when buf is used up: a window's batch when there are a
// window and a word more of the validated run ahead, else one number.
// decodeWindow reads a window of numbers of up to eight digits, and
// numBatch one that decodeWindow leaves.
func (it *NumIter) next() bool {
	if q := it.p; it.run > 0 {
		if q < it.run && it.b[q] == ' ' {
			q++
		}
		if q >= 8 && q+numWindow <= it.run {
			j, last := decodeWindow((*[numWindow + 8]byte)(it.b[q-8:q+numWindow]), &it.buf, 0,
				0x00ff00ff00ff00ff, 0x0000ffff0000ffff, 10000<<32+1, &lowDigits)
			if j > 0 {
				it.p, it.i, it.n = q+last, 1, uint(j)
				return true
			}
		}
	}
	if it.p+numWindow+8 <= it.run && numBatch(it) {
		it.i = 1
		return true
	}
	b, p := it.b, it.p
	if p < len(b) && b[p] == ' ' {
		p++
	}
	// A number of one to seven digits, known to end within the word, is
	// read a word at a time (see digits.go); longer ones, more spaces and
	// the last few octets are read by the loops below.
	if p+8 <= len(b) {
		if d, k := digitRun8(loadWord(b, p)); uint(k-1) < 7 {
			it.buf[0], it.p, it.i, it.n = digitsValue(d, k), p+k, 1, 1
			return true
		}
	}
	for p < len(b) && b[p] == ' ' {
		p++
	}
	start := p
	var n uint64
	for p < len(b) && b[p]-'0' <= 9 && n <= 0xffffffff {
		n = n*10 + uint64(b[p]-'0')
		p++
	}
	if p == start || n > 0xffffffff {
		it.p = len(b)
		return false
	}
	it.buf[0], it.p, it.i, it.n = uint32(n), p, 1, 1
	return true
}

// Number returns the current number.
func (it *NumIter) Number() uint32 { return it.buf[(it.i-1)%numBuf] }

// NextBatch fills dst with up to len(dst) of the numbers that follow and
// returns how many it wrote, 0 at the end: the numbers Next and Number
// would give one by one, ending where Next ends (before the "(MODSEQ n)"
// that may end the list). It moves the iterator past them, so Next and
// NextBatch may be mixed; after NextBatch, Number is meaningful again once
// Next has returned true. Like io.Reader's Read, it may return fewer than
// len(dst) numbers before the end (when dst has no room left for a whole
// window's numbers), so a walk calls it until it returns 0.
//
// A walk through NextBatch with dst of a few dozen numbers (a [64]uint32
// array on the caller's stack) costs less per number than Next: on a
// response that ParseResponse accepted it decodes a window of 64 octets at
// a time straight into dst, with nothing handed out through the iterator.
// With dst shorter than 32 numbers it hands out what Next decodes.
func (it *NumIter) NextBatch(dst []uint32) int {
	k := 0
	// Numbers that Next decoded and has not handed out yet.
	for ; it.i < it.n && k < len(dst); k++ {
		dst[k] = it.buf[it.i%numBuf]
		it.i++
	}
	if it.run > 0 && len(dst)-k >= numBuf {
		// A return with less room than a window's numbers is no end.
		if k = numWindows(it, dst, k); len(dst)-k < numBuf {
			return k
		}
	}
	for k < len(dst) && it.Next() {
		dst[k] = it.Number()
		k++
	}
	return k
}

// SearchNumbers returns the message numbers or UIDs of a SEARCH or SORT
// response.
func (r *Response) SearchNumbers() NumIter {
	if r.Type != DataSearch && r.Type != DataSort {
		return NumIter{}
	}
	it := NumIter{b: r.Data}
	if r.valid {
		it.run = searchRunEnd(r.Data)
	}
	return it
}

// SearchModSeq returns the "(MODSEQ n)" that ends a SEARCH or SORT
// response under CONDSTORE (RFC 7162 section 3.1.5).
func (r *Response) SearchModSeq() (uint64, bool) {
	if (r.Type != DataSearch && r.Type != DataSort) || len(r.Data) == 0 || r.Data[len(r.Data)-1] != ')' {
		return 0, false
	}
	i := len(r.Data) - 2
	for i >= 0 && r.Data[i] >= '0' && r.Data[i] <= '9' {
		i--
	}
	v := Value{Form: FormNumber, Raw: r.Data[i+1 : len(r.Data)-1]}
	return v.Number()
}

// MailboxList is the view of a LIST or LSUB response (RFC 9051
// "mailbox-list", RFC 5258 extended data).
type MailboxList struct {
	// Attrs are the mailbox attributes, such as \HasNoChildren.
	Attrs AtomIter
	// Delim is the hierarchy delimiter: a quoted string of one character,
	// or NIL.
	Delim Value
	// Mailbox is the mailbox name (an astring; INBOX in any case).
	Mailbox Value
	// Extended is the list of extended data items (CHILDINFO, OLDNAME,
	// ...), FormNone when absent; walk it with Ext.
	Extended Value
}

// Ext returns an iterator over the extended data items: each key is the
// item's tag ("CHILDINFO", "OLDNAME") and each value its tagged-ext-val,
// such as ("SUBSCRIBED") or ("OldName").
func (m *MailboxList) Ext() PairIter { return PairsOf(m.Extended) }

// MailboxList returns the view of a LIST or LSUB response.
func (r *Response) MailboxList() (MailboxList, bool) {
	var m MailboxList
	if r.Type != DataList && r.Type != DataLsub {
		return m, false
	}
	it := r.Args()
	for i := 0; i < 4 && it.Next(); i++ {
		v := it.Value()
		switch i {
		case 0:
			m.Attrs = AtomIter{b: v.Raw, off: v.Off}
		case 1:
			m.Delim = v
		case 2:
			m.Mailbox = v
		case 3:
			m.Extended = v
		}
	}
	return m, it.Err() == nil
}

// MailboxStatus returns the view of a STATUS response: the mailbox, and
// its attributes as pairs of an atom (MESSAGES, UIDNEXT, SIZE, ...) and a
// number (read with Value.Number).
func (r *Response) MailboxStatus() (mailbox Value, attrs PairIter, ok bool) {
	if r.Type != DataStatus {
		return Value{}, PairIter{}, false
	}
	it := r.Args()
	if !it.Next() {
		return Value{}, PairIter{}, false
	}
	mailbox = it.Value()
	if !it.Next() {
		return mailbox, PairIter{}, false
	}
	return mailbox, PairsOf(it.Value()), true
}

// ESearch is the view of an ESEARCH response (RFC 4731, RFC 9051).
type ESearch struct {
	// Tag is the search correlator's tag, FormNone when absent.
	Tag Value
	// UID tells whether the results are UIDs.
	UID  bool
	rest ListIter
}

// Items returns an iterator over the search return data: pairs of a name
// (MIN, MAX, ALL, COUNT, MODSEQ, or an extension's) and its value. Read ALL
// with SeqSetOf and the others with Value.Number.
func (e *ESearch) Items() PairIter { return pairsFrom(&e.rest) }

// SeqSetOf returns v's bytes as a sequence set, such as ESEARCH's ALL.
func SeqSetOf(v Value) SeqSet { return SeqSet{Raw: v.Raw} }

// ESearch returns the view of an ESEARCH response.
func (r *Response) ESearch() (ESearch, bool) {
	var e ESearch
	if r.Type != DataESearch {
		return e, false
	}
	it := r.Args()
	for {
		save := it
		if !it.Next() {
			e.rest = it
			return e, true
		}
		v := it.Value()
		switch {
		case v.Form == FormList:
			if t := v.List(); t.Next() && t.Next() {
				e.Tag = t.Value()
			}
		case v.EqualFold("UID"):
			e.UID = true
		default:
			e.rest = save
			return e, true
		}
	}
}

// Threads returns the thread lists of a THREAD response. Each is a list
// Value whose elements are message numbers (FormNumber) followed by nested
// thread lists (FormList): walk them with Value.List, recursively.
func (r *Response) Threads() ListIter {
	if r.Type != DataThread {
		return ListIter{done: true}
	}
	return r.Args()
}

// Namespace is one namespace description of a NAMESPACE response.
type Namespace struct {
	// Prefix is the namespace prefix, Delim its hierarchy delimiter (a
	// one-character string or NIL).
	Prefix, Delim Value
	// Ext holds the namespace-response-extensions, as the inside of a
	// list: walk it with PairsOf (each value a list of strings).
	Ext Value
}

// NamespaceIter walks the descriptions of one namespace (personal, other
// users' or shared); NIL yields none.
type NamespaceIter struct {
	it  ListIter
	cur Namespace
}

// Next advances to the next namespace description.
func (n *NamespaceIter) Next() bool {
	if !n.it.Next() {
		return false
	}
	d := n.it.Value()
	f := d.List()
	n.cur = Namespace{}
	if f.Next() {
		n.cur.Prefix = f.Value()
	}
	if f.Next() {
		n.cur.Delim = f.Value()
	}
	if f.Next() {
		v := f.Value()
		n.cur.Ext = Value{Form: FormList, Raw: d.Raw[v.Off-d.Off-quoteLen(v):], Off: v.Off - quoteLen(v), lim: d.lim, lenient: d.lenient}
	}
	return true
}

// quoteLen returns how many bytes before Raw a value's opening delimiter
// takes: 1 for a quoted string or a list, 0 for atoms. Literals are
// handled by their callers.
func quoteLen(v Value) int {
	if v.Form == FormQuoted || v.Form == FormList {
		return 1
	}
	return 0
}

// Namespace returns the current description.
func (n *NamespaceIter) Namespace() *Namespace { return &n.cur }

// Namespaces returns the three namespaces of a NAMESPACE response.
func (r *Response) Namespaces() (personal, other, shared NamespaceIter, ok bool) {
	if r.Type != DataNamespace {
		return
	}
	it := r.Args()
	for i := 0; i < 3 && it.Next(); i++ {
		n := NamespaceIter{it: it.Value().List()}
		switch i {
		case 0:
			personal = n
		case 1:
			other = n
		case 2:
			shared = n
		}
	}
	return personal, other, shared, true
}

// ID returns the field/value pairs of an ID response (none for ID NIL).
func (r *Response) ID() PairIter {
	if r.Type != DataID {
		return PairIter{w: listWalk{done: true}}
	}
	it := r.Args()
	if !it.Next() {
		return PairIter{w: listWalk{done: true}}
	}
	return PairsOf(it.Value())
}

// QuotaResource is one resource of a QUOTA response.
type QuotaResource struct {
	Name         []byte
	Usage, Limit uint64
}

// QuotaIter walks the resources of a QUOTA response.
type QuotaIter struct {
	it  ListIter
	cur QuotaResource
}

// Next advances to the next resource.
func (q *QuotaIter) Next() bool {
	var v [3]Value
	for i := range v {
		if !q.it.Next() {
			return false
		}
		v[i] = q.it.Value()
	}
	q.cur.Name = v[0].Raw
	q.cur.Usage, _ = v[1].Number()
	q.cur.Limit, _ = v[2].Number()
	return true
}

// Resource returns the current resource.
func (q *QuotaIter) Resource() QuotaResource { return q.cur }

// Quota returns the view of a QUOTA response: the quota root and its
// resources.
func (r *Response) Quota() (root Value, res QuotaIter, ok bool) {
	if r.Type != DataQuota {
		return
	}
	it := r.Args()
	if !it.Next() {
		return
	}
	root = it.Value()
	if !it.Next() {
		return
	}
	return root, QuotaIter{it: it.Value().List()}, true
}

// argsAfter returns the first n data arguments of a response of type t
// and an iterator positioned after them.
func (r *Response) argsAfter(n int, t DataType) (vals [3]Value, rest ListIter, ok bool) {
	if r.Type != t {
		return vals, ListIter{done: true}, false
	}
	rest = r.Args()
	for i := 0; i < n; i++ {
		if !rest.Next() {
			return vals, ListIter{done: true}, false
		}
		vals[i] = rest.Value()
	}
	return vals, rest, true
}

// QuotaRoot returns the view of a QUOTAROOT response: the mailbox and
// its quota roots (astrings).
func (r *Response) QuotaRoot() (mailbox Value, roots ListIter, ok bool) {
	v, rest, ok := r.argsAfter(1, DataQuotaRoot)
	return v[0], rest, ok
}

// MetadataIter walks the entries of a METADATA response: with values
// (entry-values) or without (entry-list, HasValue false).
type MetadataIter struct {
	it       ListIter
	values   bool
	entry    Value
	value    Value
	hasValue bool
}

// Next advances to the next entry.
func (m *MetadataIter) Next() bool {
	if !m.it.Next() {
		return false
	}
	m.entry = m.it.Value()
	m.value, m.hasValue = Value{}, false
	if m.values {
		if !m.it.Next() {
			return false
		}
		m.value, m.hasValue = m.it.Value(), true
	}
	return true
}

// Entry returns the current entry name, such as /shared/comment.
func (m *MetadataIter) Entry() Value { return m.entry }

// Value returns the current entry's value (a string or NIL) and whether
// the response carried values.
func (m *MetadataIter) Value() (Value, bool) { return m.value, m.hasValue }

// Metadata returns the view of a METADATA response (RFC 5464).
func (r *Response) Metadata() (mailbox Value, entries MetadataIter, ok bool) {
	v, rest, ok := r.argsAfter(1, DataMetadata)
	if !ok {
		return
	}
	save := rest
	if rest.Next() && rest.Value().Form == FormList {
		return v[0], MetadataIter{it: rest.Value().List(), values: true}, true
	}
	return v[0], MetadataIter{it: save}, true
}

// ACL returns the view of an ACL response (RFC 4314): the mailbox and
// pairs of identifier and rights.
func (r *Response) ACL() (mailbox Value, entries PairIter, ok bool) {
	v, rest, ok := r.argsAfter(1, DataACL)
	return v[0], pairsFrom(&rest), ok
}

// ListRights returns the view of a LISTRIGHTS response (RFC 4314): the
// mailbox, the identifier, and the rights: first the required rights,
// then each group of optional rights.
func (r *Response) ListRights() (mailbox, identifier Value, rights ListIter, ok bool) {
	v, rest, ok := r.argsAfter(2, DataListRights)
	return v[0], v[1], rest, ok
}

// MyRights returns the view of a MYRIGHTS response (RFC 4314).
func (r *Response) MyRights() (mailbox, rights Value, ok bool) {
	v, _, ok := r.argsAfter(2, DataMyRights)
	return v[0], v[1], ok
}

// Vanished returns the view of a VANISHED response (RFC 7162): whether it
// carried (EARLIER), and the UIDs.
func (r *Response) Vanished() (earlier bool, uids SeqSet, ok bool) {
	if r.Type != DataVanished {
		return false, SeqSet{}, false
	}
	d := r.Data
	if len(d) > 0 && d[0] == '(' {
		earlier = true
		for len(d) > 0 && d[0] != ' ' {
			d = d[1:]
		}
		if len(d) > 0 {
			d = d[1:]
		}
	}
	return earlier, SeqSet{Raw: d}, true
}
