package parser

// validateData validates the arguments of a data response by the grammar
// of r.Type. s starts at the first argument (or at the CRLF when there is
// none) and must stop before the final CRLF.
func validateData(s *scanner, r *Response) error {
	switch r.Type {
	case DataCapability, DataEnabled:
		if r.Type == DataEnabled && s.atCRLF() {
			return nil
		}
		return capabilityData(s, true)
	case DataFlags:
		return flagList(s, false)
	case DataFetch:
		return validateFetch(s, r)
	case DataList, DataLsub:
		return mailboxList(s)
	case DataStatus:
		return statusData(s)
	case DataSearch, DataSort:
		return searchData(s)
	case DataESearch:
		return esearchData(s)
	case DataThread:
		return threadData(s)
	case DataNamespace:
		return namespaceData(s)
	case DataID:
		return idData(s)
	case DataQuota:
		return quotaData(s)
	case DataQuotaRoot:
		return astringRun(s, 1, 0, "mailbox")
	case DataMetadata:
		return metadataData(s)
	case DataACL:
		return aclData(s)
	case DataListRights:
		return astringRun(s, 3, 0, "mailbox SP identifier SP rights")
	case DataMyRights:
		return astringRun(s, 2, 2, "mailbox SP rights")
	case DataVanished:
		return vanishedData(s)
	}
	return genericData(s)
}

// spOrEnd consumes an SP that separates list elements and reports whether
// another element follows. At the end of the list (CRLF, or the byte
// closer when it is not 0) it reports false; an SP right before the end is
// a tolerated trailing space in lenient mode and an error otherwise.
func spOrEnd(s *scanner, closer byte) (bool, error) {
	if !s.eat(' ') {
		return false, nil
	}
	if s.atCRLF() || (closer != 0 && s.peek() == closer) {
		if !s.lenient {
			return false, s.errExpected("element after SP")
		}
		s.violation(ViolTrailingSpace, s.p-1)
		return false, nil
	}
	return true, nil
}

// genericData validates the arguments of an unknown data response:
// values separated by SP.
func genericData(s *scanner) error {
	for !s.atCRLF() {
		if _, err := s.value(); err != nil {
			return err
		}
		if more, err := spOrEnd(s, 0); err != nil || !more {
			if err == nil && !s.atCRLF() {
				return s.errExpected("SP or CRLF")
			}
			return err
		}
	}
	return nil
}

// capabilityData reads capability *(SP capability); atLineEnd tells whether
// the run ends at CRLF (the CAPABILITY response) rather than at "]" (the
// CAPABILITY response code).
func capabilityData(s *scanner, atLineEnd bool) error {
	closer := byte(']')
	if atLineEnd {
		closer = 0
	}
	for {
		if _, err := s.atom(); err != nil {
			return s.errExpected("capability")
		}
		more, err := spOrEnd(s, closer)
		if err != nil || !more {
			return err
		}
	}
}

// flagList reads flag-list = "(" [flag *(SP flag)] ")", with "\*" allowed
// when perm is set (flag-perm). Every flag is an atom or "\" atom.
func flagList(s *scanner, perm bool) error {
	if !s.eat('(') {
		return s.errExpected(`"("`)
	}
	if s.eat(')') {
		return nil
	}
	for {
		if err := flag(s, perm); err != nil {
			return err
		}
		more, err := spOrEnd(s, ')')
		if err != nil {
			return err
		}
		if !more {
			return s.expect(')', `SP or ")"`)
		}
	}
}

// flag reads one flag: "\" atom, a keyword atom, or "\*" when perm is set.
func flag(s *scanner, perm bool) error {
	if s.eat('\\') {
		if s.eat('*') {
			if !perm {
				return s.errAt(s.p-1, "flag (\\* only in PERMANENTFLAGS)")
			}
			return nil
		}
	}
	if _, err := s.atom(); err != nil {
		return s.errExpected("flag")
	}
	return nil
}

// The element kinds of parenList.
const (
	elemString  = iota // string (quoted or literal)
	elemAString        // astring
)

// parenList reads "(" elem *(SP elem) ")" where elem is a string or an
// astring. (A kind, not a func value, so that s does not escape.)
func parenList(s *scanner, what string, kind int) error {
	if s.peek() != '(' {
		return s.errExpected(`"("`)
	}
	span := s.openSpan()
	s.p++
	for {
		var err error
		start := s.p
		if kind == elemString {
			err = s.skipStr()
		} else {
			_, err = s.astring()
		}
		if err != nil {
			return err
		}
		s.recScalar(start)
		more, err := spOrEnd(s, ')')
		if err != nil {
			return err
		}
		if !more {
			return s.closeList(span, `SP or ")" after list element`)
		}
	}
}

// astringRun reads at least min (and, when max > 0, at most max) astrings
// separated by SP, up to the CRLF.
func astringRun(s *scanner, min, max int, what string) error {
	for n := 0; ; n++ {
		if s.atCRLF() {
			if n < min {
				return s.errExpected(what)
			}
			return nil
		}
		if max > 0 && n == max {
			return s.errExpected("CRLF")
		}
		if n > 0 {
			if err := s.sp(); err != nil {
				return err
			}
		}
		if _, err := s.astring(); err != nil {
			return err
		}
		if n >= s.lim.MaxArgs {
			return s.errLimit(s.p, "arguments within MaxArgs")
		}
	}
}

// mailboxList reads mailbox-list = "(" [mbx-list-flags] ")" SP
// (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP mbox-list-extended].
func mailboxList(s *scanner) error {
	if !s.eat('(') {
		return s.errExpected(`"(" (mailbox attributes)`)
	}
	if !s.eat(')') {
		for {
			if err := flag(s, false); err != nil {
				return s.errExpected("mailbox attribute")
			}
			more, err := spOrEnd(s, ')')
			if err != nil {
				return err
			}
			if !more {
				break
			}
		}
		if err := s.expect(')', `SP or ")"`); err != nil {
			return err
		}
	}
	if err := s.sp(); err != nil {
		return err
	}
	if !s.keyword("NIL") {
		start := s.p
		q, err := s.quoted()
		if err != nil {
			return s.errAt(start, "hierarchy delimiter (quoted char or NIL)")
		}
		if !(len(q) == 1 || (len(q) == 2 && q[0] == '\\')) {
			return s.errAt(start, "one QUOTED-CHAR as hierarchy delimiter")
		}
	}
	if err := s.sp(); err != nil {
		return err
	}
	if _, err := s.astring(); err != nil {
		return err
	}
	if !s.eat(' ') {
		return nil
	}
	// mbox-list-extended = "(" [item *(SP item)] ")", item = tag SP
	// tagged-ext-val.
	if !s.eat('(') {
		return s.errExpected(`"(" (extended data)`)
	}
	if s.eat(')') {
		return nil
	}
	for {
		if _, err := s.astring(); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
		if _, err := s.value(); err != nil {
			return err
		}
		if !s.eat(' ') {
			return s.expect(')', `SP or ")"`)
		}
	}
}

// astringThenList reads astring SP "(" and reports whether an empty list's
// ")" follows at once (consumed too).
func astringThenList(s *scanner) (empty bool, err error) {
	if _, err := s.astring(); err != nil {
		return false, err
	}
	if err := s.sp(); err != nil {
		return false, err
	}
	if !s.eat('(') {
		return false, s.errExpected(`"("`)
	}
	return s.eat(')'), nil
}

// statusData reads mailbox SP "(" [status-att-val *(SP status-att-val)] ")",
// each status-att-val being an attribute name SP its number (for unknown
// attributes, any value).
func statusData(s *scanner) error {
	if empty, err := astringThenList(s); err != nil || empty {
		return err
	}
	for {
		if _, err := s.atom(); err != nil {
			return s.errExpected("status attribute")
		}
		if err := s.sp(); err != nil {
			return err
		}
		if charClass[s.peek()]&cDigit != 0 {
			if _, err := s.number64(); err != nil {
				return err
			}
		} else if _, err := s.value(); err != nil {
			return err
		}
		more, err := spOrEnd(s, ')')
		if err != nil {
			return err
		}
		if !more {
			return s.expect(')', `SP or ")"`)
		}
	}
}

// searchData reads *(nz-number SP) [SP "(" "MODSEQ" SP mod-sequence-value
// ")"] for SEARCH and SORT (RFC 7162 section 3.1.5). The numbers are read
// in one tight loop.
func searchData(s *scanner) error {
	b := s.b
	p := s.p
	n, maxArgs := 0, s.lim.MaxArgs
	for p < len(b) && b[p] != '\r' && b[p] != '\n' {
		if b[p] == '(' {
			s.p = p
			return searchModSeq(s)
		}
		start := p
		var nz byte // the digits ORed: non-zero unless all are "0"
		for p < len(b) && b[p]-'0' <= 9 {
			nz |= b[p] - '0'
			p++
		}
		if p-start >= 10 && !fits32(b[start:p]) {
			return s.errAt(start, "number below 2^32")
		}
		if p == start || nz == 0 {
			return s.errAt(start, "nz-number")
		}
		if n++; n > maxArgs {
			return s.errLimit(p, "numbers within MaxArgs")
		}
		// The common case, a long run of short numbers, is checked a
		// word at a time (see searchRun); the loop goes on from the last
		// SP it accepted.
		if p < len(b) && b[p] == ' ' {
			p, n = searchRun(b, p, n, maxArgs)
		}
		if p >= len(b) || b[p] != ' ' {
			s.p = p
			if !s.atCRLF() {
				return s.errExpected("SP or CRLF")
			}
			return nil
		}
		p++
		if p >= len(b) || b[p] == '\r' || b[p] == '\n' {
			s.p = p
			if !s.lenient {
				return s.errExpected("number after SP")
			}
			s.violation(ViolTrailingSpace, p-1)
			return nil
		}
	}
	s.p = p
	return nil
}

// searchModSeq reads "(" "MODSEQ" SP mod-sequence-value ")", which ends a
// SEARCH or SORT response.
func searchModSeq(s *scanner) error {
	s.p++
	if !s.keyword("MODSEQ") {
		return s.errExpected(`"MODSEQ"`)
	}
	if err := s.sp(); err != nil {
		return err
	}
	if _, err := s.number64(); err != nil {
		return err
	}
	if err := s.expect(')', `")"`); err != nil {
		return err
	}
	if s.eat(' ') && !(s.lenient && s.atCRLF()) {
		return s.errAt(s.p-1, "CRLF after MODSEQ")
	}
	return nil
}

// esearchData reads [search-correlator] [SP "UID"] *(SP search-return-data)
// (RFC 4731, RFC 9051); the leading SP was consumed before s.
func esearchData(s *scanner) error {
	// The arguments are recorded in the walk record as one list (see
	// Response.dataValue), so that the views do not scan a long ALL set
	// again to find its end; complete says whether every element was.
	top, complete := s.add(s.p, s.p, FormList), true
	err := esearchItems(s, &complete)
	if top >= 0 && err == nil && complete {
		e := &s.rec.span[top]
		e.end = int32(s.base + s.p)
		if s.rec.n < maxListSpans {
			e.next = int32(s.rec.n)
		}
	} else if top >= 0 {
		s.rec.span[top].next = 0
	}
	return err
}

// esearchItems validates the arguments of ESEARCH for esearchData.
func esearchItems(s *scanner, complete *bool) error {
	first := true
	sep := func() (bool, error) {
		if first {
			first = false
			return !s.atCRLF(), nil
		}
		return spOrEnd(s, 0)
	}
	if s.peek() == '(' {
		span := s.openSpan()
		s.p++
		if !s.keyword("TAG") {
			return s.errExpected(`"TAG"`)
		}
		s.recScalar(s.p - 3)
		if err := s.sp(); err != nil {
			return err
		}
		at := s.p
		if _, err := s.astring(); err != nil {
			return err
		}
		s.recScalar(at)
		if err := s.closeList(span, `")"`); err != nil {
			return err
		}
		first = false
	}
	for {
		more, err := sep()
		if err != nil || !more {
			if err == nil && !s.atCRLF() {
				return s.errExpected("SP or CRLF")
			}
			return err
		}
		start := s.p
		name, err := s.atom()
		if err != nil {
			return s.errExpected("search return data")
		}
		if !taggedExtLabel(name) {
			return s.errAt(start, `search return data (a name of letters, digits, "-", "_", "." and ":", not starting with a digit or ":")`)
		}
		s.recScalar(start)
		if equalFoldASCII(name, "UID") {
			continue
		}
		if err := s.sp(); err != nil {
			return err
		}
		at := s.p
		switch {
		case equalFoldASCII(name, "MIN"), equalFoldASCII(name, "MAX"):
			_, err = s.nzNumber()
		case equalFoldASCII(name, "COUNT"), equalFoldASCII(name, "MODSEQ"):
			_, err = s.number64()
		case equalFoldASCII(name, "ALL"):
			_, err = s.seqSet(false, false)
		default:
			_, err = s.value()
			*complete = false // not recorded element by element
		}
		if err != nil {
			return err
		}
		// A number, or a set that is an atom as scalar reads it unless
		// it is one number (of at most ten digits, below 2^32).
		f := FormNumber
		if equalFoldASCII(name, "ALL") && (s.p-at > 10 || !allDigits(s.b[at:s.p])) {
			f = FormAtom
		}
		s.add(at, s.p, f)
	}
}

// taggedExtLabel reports whether name is a tagged-ext-label (RFC 4466):
// tagged-label-fchar *tagged-label-char, where tagged-label-fchar = ALPHA /
// "-" / "_" / "." and tagged-label-char adds DIGIT and ":".
func taggedExtLabel(name []byte) bool {
	for i, c := range name {
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z', c == '-', c == '_', c == '.':
		case i > 0 && (c >= '0' && c <= '9' || c == ':'):
		default:
			return false
		}
	}
	return len(name) > 0
}

// threadData reads [1*thread-list] (RFC 5256): thread-list = "("
// (thread-members / thread-nested) ")", where members are nz-numbers
// separated by SP, optionally followed by SP and nested thread-lists.
func threadData(s *scanner) error {
	for n := 0; !s.atCRLF(); n++ {
		if n >= s.lim.MaxArgs {
			return s.errLimit(s.p, "threads within MaxArgs")
		}
		if err := threadList(s, 1); err != nil {
			return err
		}
	}
	return nil
}

func threadList(s *scanner, depth int) error {
	if depth > s.lim.MaxDepth {
		return s.errLimit(s.p, "nesting within MaxDepth")
	}
	if !s.eat('(') {
		return s.errExpected(`"(" (thread-list)`)
	}
	members := 0
	for charClass[s.peek()]&cDigit != 0 {
		if _, err := s.nzNumber(); err != nil {
			return err
		}
		members++
		if !s.eat(' ') {
			return s.expect(')', `SP or ")"`)
		}
	}
	nested := 0
	for s.peek() == '(' {
		if err := threadList(s, depth+1); err != nil {
			return err
		}
		nested++
	}
	if members == 0 && nested < 2 {
		// thread-nested = 2*thread-list
		return s.errExpected("nz-number or a second thread-list")
	}
	if members > 0 && nested == 0 {
		return s.errExpected("thread-list after SP")
	}
	return s.expect(')', `")"`)
}

// namespaceData reads namespace SP namespace SP namespace (RFC 2342), each
// namespace being NIL or "(" 1*namespace-descr ")".
func namespaceData(s *scanner) error {
	for k := 0; k < 3; k++ {
		if k > 0 {
			if err := s.sp(); err != nil {
				return err
			}
		}
		if s.keyword("NIL") {
			continue
		}
		if !s.eat('(') {
			return s.errExpected(`"(" or NIL (namespace)`)
		}
		for n := 0; ; n++ {
			if n > 0 && s.eat(')') {
				break
			}
			if err := namespaceDescr(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// namespaceDescr reads "(" string SP (quoted-char / nil)
// *(SP string SP "(" string *(SP string) ")") ")".
func namespaceDescr(s *scanner) error {
	if !s.eat('(') {
		return s.errExpected(`"(" (namespace description)`)
	}
	if _, err := s.str(); err != nil {
		return err
	}
	if err := s.sp(); err != nil {
		return err
	}
	if _, err := s.nstring(); err != nil {
		return s.errExpected("hierarchy delimiter (quoted char or NIL)")
	}
	for s.eat(' ') {
		if _, err := s.str(); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
		if err := parenList(s, "string", elemString); err != nil {
			return err
		}
	}
	return s.expect(')', `SP or ")"`)
}

// idData reads "(" [string SP nstring *(SP string SP nstring)] ")" / nil
// (RFC 2971).
func idData(s *scanner) error {
	if s.keyword("NIL") {
		return nil
	}
	if !s.eat('(') {
		return s.errExpected(`"(" or NIL`)
	}
	if s.eat(')') {
		return nil
	}
	for {
		if _, err := s.str(); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
		if _, err := s.nstring(); err != nil {
			return err
		}
		more, err := spOrEnd(s, ')')
		if err != nil {
			return err
		}
		if !more {
			return s.expect(')', `SP or ")"`)
		}
	}
}

// quotaData reads quota-root-name SP "(" [quota-resource *(SP
// quota-resource)] ")", quota-resource = resource-name SP usage SP limit.
func quotaData(s *scanner) error {
	if empty, err := astringThenList(s); err != nil || empty {
		return err
	}
	for {
		if _, err := s.atom(); err != nil {
			return s.errExpected("resource name")
		}
		for k := 0; k < 2; k++ {
			if err := s.sp(); err != nil {
				return err
			}
			if _, err := s.number64(); err != nil {
				return err
			}
		}
		if !s.eat(' ') {
			return s.expect(')', `SP or ")"`)
		}
	}
}

// metadataData reads mailbox SP (entry-values / entry-list) (RFC 5464):
// entry-values = "(" entry SP value *(SP entry SP value) ")", entry-list =
// entry *(SP entry).
func metadataData(s *scanner) error {
	if _, err := s.astring(); err != nil {
		return err
	}
	if err := s.sp(); err != nil {
		return err
	}
	if !s.eat('(') {
		return astringRun(s, 1, 0, "entry")
	}
	for {
		if _, err := s.astring(); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
		if _, err := s.nstring8(); err != nil {
			return err
		}
		if !s.eat(' ') {
			return s.expect(')', `SP or ")"`)
		}
	}
}

// aclData reads mailbox *(SP identifier SP rights) (RFC 4314).
func aclData(s *scanner) error {
	if _, err := s.astring(); err != nil {
		return err
	}
	for s.eat(' ') {
		for k := 0; k < 2; k++ {
			if k == 1 {
				if err := s.sp(); err != nil {
					return err
				}
			}
			if _, err := s.astring(); err != nil {
				return err
			}
		}
	}
	return nil
}

// vanishedData reads ["(EARLIER)" SP] known-uids (RFC 7162).
func vanishedData(s *scanner) error {
	if s.eat('(') {
		if !s.keyword("EARLIER") {
			return s.errExpected(`"EARLIER"`)
		}
		if err := s.expect(')', `")"`); err != nil {
			return err
		}
		if err := s.sp(); err != nil {
			return err
		}
	}
	_, err := s.seqSet(false, false)
	return err
}
