package fuzz

import "github.com/imapstress/imapstress/parser"

// AppendCommandCanon appends a canonical rendering of c to dst: the parser's
// own JSON form (Command.AppendJSON, in which strings appear unescaped
// whatever form they were sent in and names are normalised), the sequence
// set as ranges, the search keys down to the deepest NOT, OR and group, and
// the QRESYNC and CONDSTORE parameters. Every other iterator (FETCH items
// and header lists, APPEND messages and flags, STORE flags, option lists)
// is walked for its errors without being rendered, since it holds names as
// sent, which an encoder may normalise.
//
// It returns an error when an iterator fails, which the parser promises
// never happens after ParseCommand succeeded.
func AppendCommandCanon(dst []byte, c *parser.Command) ([]byte, error) {
	dst = c.AppendJSON(dst)
	w := walker{dst: dst}
	w.str(" seq=")
	w.seqSet(c.Seq)
	if q, ok := c.QResync(); ok {
		w.str(" qresync=")
		w.num(uint64(q.UIDValidity))
		w.str("/")
		w.num(q.ModSeq)
		for _, s := range [...]parser.SeqSet{q.KnownUIDs, q.KnownSeqSet, q.KnownUIDSet} {
			w.str("/")
			if s.Raw != nil {
				w.seqSet(s)
			}
		}
	}
	if c.CondStore() {
		w.str(" condstore")
	}
	if c.Keys.Form == parser.FormList {
		w.str(" keys")
		w.searchKeys(c.SearchKeys(), 0)
	}
	// The rest is walked for its errors only: it holds names and lists
	// as sent (case, parentheses), which an encoder may normalise and
	// the JSON above already renders.
	v := walker{}
	for _, val := range [...]parser.Value{c.Mailbox, c.NewName, c.Patterns, c.User, c.Password,
		c.Identifier, c.Rights, c.Charset, c.Options, c.Return, c.Modifiers, c.Items} {
		v.value(val, 0)
	}
	switch c.Kind {
	case parser.CmdFetch:
		for it := c.FetchItems(); it.Next(); {
			a := it.Att()
			v.value(a.Fields(), 0)
			v.value(a.Modifiers(), 0)
			fl := a.HeaderFields()
			for fl.Next() {
				v.value(fl.Value(), 0)
			}
			if err := fl.Err(); err != nil {
				v.fail("header-list: %w", err)
			}
		}
		c.ChangedSince()
		c.Vanished()
	case parser.CmdStore:
		fl := c.Flags()
		for fl.Next() {
			v.value(fl.Value(), 0)
		}
		if err := fl.Err(); err != nil {
			v.fail("flags: %w", err)
		}
		c.UnchangedSince()
	case parser.CmdAppend:
		for it := c.Messages(); it.Next(); {
			m := it.Message()
			v.list("flags", m.Flags.List())
			for _, val := range [...]parser.Value{m.Date, m.Data, m.Catenate} {
				v.value(val, 0)
			}
		}
	}
	if w.err == nil {
		w.err = v.err
	}
	return w.dst, w.err
}

func (w *walker) searchKeys(it parser.SearchIter, depth int) {
	if depth > maxWalkDepth {
		w.fail("search keys nested deeper than %d", maxWalkDepth)
		return
	}
	w.str("(")
	for i := 0; it.Next(); i++ {
		if i > 0 {
			w.str(" ")
		}
		k := it.Key()
		w.str(k.Kind.String())
		switch k.Kind {
		case parser.SearchSeqSet, parser.SearchUID:
			w.str(":")
			w.seqSet(k.Seq())
		case parser.SearchNot, parser.SearchOr, parser.SearchGroup, parser.SearchFuzzy:
			w.searchKeys(k.Keys(), depth+1)
		default:
			if f := k.Field(); f.Form != parser.FormNone {
				w.str(" field=")
				w.value(f, 0)
			}
			if et := k.EntryType(); et != nil {
				w.str(" type=")
				w.bytes(et)
			}
			if arg := k.Arg(); arg.Form != parser.FormNone {
				w.str(" ")
				w.value(arg, 0)
			}
		}
	}
	w.str(")")
}
