package parser

// parseStore reads store = "STORE" SP sequence-set [SP store-modifiers] SP
// store-att-flags (RFC 9051, RFC 7162):
//
//	store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP
//	                  (flag-list / (flag *(SP flag)))
func parseStore(s *scanner, c *Command) error {
	var err error
	if c.Seq, err = s.seqSet(true, true); err != nil {
		return err
	}
	if err = s.sp(); err != nil {
		return err
	}
	if s.peek() == '(' {
		if c.Modifiers, err = optionList(s, "store-modifiers", false, optStore); err != nil {
			return err
		}
		if err = s.sp(); err != nil {
			return err
		}
	}
	at := s.p
	switch {
	case s.eat('+'):
		c.Op = StoreAdd
	case s.eat('-'):
		c.Op = StoreRemove
	}
	switch {
	case storeFlagsWord(s, c):
	case s.keyword("FLAGS"):
	case s.keyword("FLAGS.SILENT"):
		c.Silent = true
	default:
		return s.errAt(at, `store-att-flags ("FLAGS", "+FLAGS" or "-FLAGS", with ".SILENT")`)
	}
	if err = s.sp(); err != nil {
		return err
	}
	if s.peek() == '(' {
		if storeFlagList(s, c) {
			return nil
		}
		if c.Items, err = cmdFlagList(s); err == nil && c.idx.listRecord(s) != nil {
			if ti := c.idx.recordAtomList(c.Items.Off, c.Items.Off+len(c.Items.Raw)); ti > 0 {
				c.Items.spans, c.Items.ti = &c.idx.lists, ti
			}
		}
		return err
	}
	c.Items, err = elems(s, elemFlag)
	return err
}

// storeFlagsWord reads "FLAGS" or "FLAGS.SILENT" (any case, followed by
// no ATOM-CHAR) as the keyword calls of parseStore do, in one pass, and
// reports whether it did; it leaves anything else to them.
func storeFlagsWord(s *scanner, c *Command) bool {
	b, p := s.b, s.p
	if p < 0 || p+6 > len(b) || b[p]|0x20 != 'f' || b[p+1]|0x20 != 'l' || b[p+2]|0x20 != 'a' ||
		b[p+3]|0x20 != 'g' || b[p+4]|0x20 != 's' {
		return false
	}
	q := p + 5
	silent := false
	if b[q] == '.' {
		if q+8 > len(b) || b[q+1]|0x20 != 's' || b[q+2]|0x20 != 'i' || b[q+3]|0x20 != 'l' ||
			b[q+4]|0x20 != 'e' || b[q+5]|0x20 != 'n' || b[q+6]|0x20 != 't' {
			return false
		}
		q += 7
		silent = true
	}
	if isAtomChar(b[q]) {
		return false
	}
	s.p, c.Silent = q, silent
	return true
}

// storeFlagList reads STORE's flag-list at s.p ("(") in one pass and
// records its elements on the command's walk record, as cmdFlagList and
// recordAtomList do, when every element is a flag ("\" atom) or an atom
// that is neither NIL nor a number, without "[", separated by one SP;
// it reports whether it did, and leaves any other list (and every error)
// to them, having read nothing.
func storeFlagList(s *scanner, c *Command) bool {
	// (A flag's octets are tested with one table, and whether an atom
	// without "\\" is a number only after it: a flag is most often a
	// system flag, and the per-octet tests cost more than the flag.)
	x := &c.idx
	t := &x.lists
	if x.listRecord(s) == nil {
		return false
	}
	b := s.b
	start := s.p + 1
	top := t.n
	j := top + 1
	q := start
	for {
		e := q
		if e < len(b) && b[e] == '\\' {
			e++
		}
		a := e
		for e < len(b) && flagAtomChar[b[e]] {
			e++
		}
		if e == a || e >= len(b) || j >= maxListSpans ||
			(a == q && (allDigits(b[q:e]) || e-q == 3 && equalFoldASCII(b[q:e], "NIL"))) {
			return false
		}
		t.span[j] = tapeEntry{off: int32(q), end: int32(e), next: int32(j + 1), form: FormAtom}
		j++
		if b[e] == ')' {
			t.span[top] = tapeEntry{off: int32(start), end: int32(e), next: int32(j), form: FormList}
			t.n = j
			v := &c.Items // (as s.val, one field a statement: see setFields)
			v.setFields(FormList, b[start:e], s.base+start, s.lim)
			v.spans, v.ti = t, int32(top+1)
			v.lenient, v.trusted = s.lenient, s.trusted
			s.p = e + 1
			return true
		}
		if b[e] != ' ' {
			return false
		}
		q = e + 1
	}
}

// cmdFlagList reads a flag-list ("\\*" is not a flag here) and returns
// the inside as a FormList value.
func cmdFlagList(s *scanner) (Value, error) {
	start := s.p
	if err := flagList(s, false); err != nil {
		return Value{}, err
	}
	return s.val(FormList, s.b[start+1:s.p-1], start+1), nil
}

// Flags returns an iterator over STORE's flags, each an atom such as
// "\Seen" or "$Junk".
func (c *Command) Flags() ElemIter {
	if c.Kind != CmdStore {
		return ElemIter{}
	}
	return newElemIter(&c.Items, c.idx.raw != nil && !c.idx.full) // validated by ParseCommand
}

// ResetFlags makes it walk STORE's flags of c, as it = c.Flags() does,
// but in place: for a command other than STORE it only clears it, and
// it builds no iterator for the caller to copy.
func (it *ElemIter) ResetFlags(c *Command) {
	if c.Kind != CmdStore {
		*it = ElemIter{} // as Flags returns it
		return
	}
	it.resetFlags(c)
}

// resetFlags is ResetFlags for a STORE command: a recorded flag list is
// set in place (see SearchIter.setRecord), anything else as Flags
// returns it.
func (it *ElemIter) resetFlags(c *Command) {
	if v := &c.Items; v.Form == FormList {
		if t, i, ok := v.tapeList(); ok {
			lim := v.lim
			if lim == nil {
				lim = &defaultLimits
			}
			it.setRecord(t, int32(i+1), t.span[i].next, lim)
			it.lenient = v.lenient
			return
		}
	}
	*it = c.Flags()
}

// AppendMessage is one message of an APPEND command (several with
// MULTIAPPEND, RFC 3502). Its slices alias the command.
type AppendMessage struct {
	// Flags is the flag list (Form FormList; walk it with Flags.List()),
	// Form FormNone when absent.
	Flags Value
	// Date is the date-time without its quotes (Form FormQuoted), Form
	// FormNone when absent.
	Date Value
	// Data is the message: a literal (FormLiteral), a literal8
	// (FormLiteral8), or Form FormNone for CATENATE.
	Data Value
	// UTF8 is set for RFC 6855's "UTF8 (~{n} ...)" form.
	UTF8 bool
	// Catenate is the inside of RFC 4469's CATENATE list, pairs of "URL"
	// astring and "TEXT" literal; Form FormNone otherwise.
	Catenate Value
}

// AppendIter walks the messages of an APPEND command.
type AppendIter struct {
	s    scanner
	cur  AppendMessage
	done bool
}

// Messages returns an iterator over APPEND's messages.
func (c *Command) Messages() AppendIter {
	if c.Kind != CmdAppend {
		return AppendIter{done: true}
	}
	return AppendIter{s: newScanner(c.messages.Raw, c.messages.Off, c.lim)}
}

// Next advances to the next message and reports whether there is one.
func (it *AppendIter) Next() bool {
	if it.done || it.s.eof() {
		it.done = true
		return false
	}
	m, err := appendMessage(&it.s)
	if err != nil {
		it.done = true
		return false
	}
	it.cur = m
	return true
}

// Message returns the current message.
func (it *AppendIter) Message() AppendMessage { return it.cur }

// parseAppend reads append = "APPEND" SP mailbox 1*append-message.
func parseAppend(s *scanner, c *Command) error {
	var err error
	if c.Mailbox, err = mailbox(s); err != nil {
		return err
	}
	start := s.p
	for n := 0; ; n++ {
		if n >= s.lim.MaxArgs {
			return s.errLimit(s.p, "messages within MaxArgs")
		}
		if _, err := appendMessage(s); err != nil {
			return err
		}
		if s.peek() != ' ' {
			break
		}
	}
	c.messages = s.val(FormList, s.b[start:s.p], start)
	return nil
}

// appendMessage reads append-message = [SP flag-list] [SP date-time] SP
// append-data (RFC 3502, with its leading SP), where append-data =
// literal / literal8 / "UTF8" SP "(" literal8 ")" / "CATENATE" SP "("
// cat-part *(SP cat-part) ")".
func appendMessage(s *scanner) (AppendMessage, error) {
	var m AppendMessage
	var err error
	if err = s.sp(); err != nil {
		return m, err
	}
	if s.peek() == '(' {
		if m.Flags, err = cmdFlagList(s); err != nil {
			return m, err
		}
		if err = s.sp(); err != nil {
			return m, err
		}
	}
	if s.peek() == '"' {
		if m.Date, err = dateTime(s); err != nil {
			return m, err
		}
		if err = s.sp(); err != nil {
			return m, err
		}
	}
	switch c := s.peek(); {
	case c == '{' || c == '~':
		m.Data, err = s.scalar()
		return m, err
	case s.keyword("UTF8"):
		m.UTF8 = true
		if err = s.sp(); err != nil {
			return m, err
		}
		if err = s.expect('(', `"("`); err != nil {
			return m, err
		}
		if s.peek() != '~' {
			return m, s.errExpected("literal8")
		}
		if m.Data, err = s.scalar(); err != nil {
			return m, err
		}
		return m, s.expect(')', `")"`)
	case s.keyword("CATENATE"):
		if err = s.sp(); err != nil {
			return m, err
		}
		if err = s.expect('(', `"("`); err != nil {
			return m, err
		}
		m.Catenate, err = elems(s, elemCatPart)
		if err != nil {
			return m, err
		}
		return m, s.expect(')', `SP or ")"`)
	}
	return m, s.errExpected("append-data (a literal)")
}

// flagAtomChar marks the ATOM-CHARs but "[", the octets of a flag or of
// an atom of storeFlagList's fast path; computed once, never written.
var flagAtomChar = func() (t [256]bool) {
	for c := range t {
		t[c] = charClass[c]&cAtom != 0 && c != '['
	}
	return t
}()
