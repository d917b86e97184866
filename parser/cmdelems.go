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
		var a FetchAtt
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
