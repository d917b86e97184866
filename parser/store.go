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
		return ElemIter{done: true}
	}
	return newElemIter(&c.Items, c.idx.raw != nil && !c.idx.full) // validated by ParseCommand
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
