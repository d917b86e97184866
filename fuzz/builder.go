package fuzz

import (
	"bytes"
	"fmt"
	"time"

	"github.com/imapstress/imapstress/parser"
)

// The builder round trip: a parsed message is written again with the
// builders' typed methods (CommandBuilder, ResponseBuilder), which choose
// the string forms themselves (atom, quoted or literal), and the result must
// parse to the same canonical form. It checks the builders' choices of form
// on whatever strings the fuzzer invents (a mailbox name with a NUL, a
// password with a quote, a flag list) rather than on the shapes tests
// thought of.

func str(v parser.Value) string { return string(v.AppendString(nil)) }

// seqSetBuild writes s with SeqRange and SeqMore. A set that the grammar
// lets a client spell in more than one way ("1:1", "5:2", a leading zero)
// comes out in SeqRange's spelling; when that spelling names the same
// ranges, s is written as sent instead, so that the commands compared after
// the rebuild differ only where the builder got a value wrong.
func seqSetBuild(b *parser.CommandBuilder, s parser.SeqSet) bool {
	if s.IsSaved() {
		b.Atom("$")
		return true
	}
	mark := len(b.Buf)
	first := true
	for it := s.Ranges(); it.Next(); {
		r := it.Range()
		if first {
			b.SeqRange(r.First, r.Last)
		} else {
			b.SeqMore(r.First, r.Last)
		}
		first = false
	}
	if first {
		return false
	}
	written := bytes.TrimPrefix(b.Buf[mark:], []byte(" "))
	if !bytes.Equal(written, s.Raw) && sameRanges(written, s) {
		b.Buf = b.Buf[:mark]
		b.AtomBytes(s.Raw)
	}
	return true
}

// sameRanges reports whether the set spelled in b has the ranges of s, in
// the same order.
func sameRanges(b []byte, s parser.SeqSet) bool {
	t, err := parser.ParseSeqSet(b)
	if err != nil {
		return false
	}
	i, j := t.Ranges(), s.Ranges()
	for {
		mi, mj := i.Next(), j.Next()
		if mi != mj {
			return false
		}
		if !mi {
			return true
		}
		if i.Range() != j.Range() {
			return false
		}
	}
}

// buildCommand writes c with the CommandBuilder, for the commands whose
// arguments it has typed methods for; it reports false for the others.
func buildCommand(b *parser.CommandBuilder, c *parser.Command) bool {
	name := c.Kind.String()
	if c.UID {
		name = "UID " + name
	}
	b.Reset()
	b.Begin(string(c.Tag), name)
	switch c.Kind {
	case parser.CmdLogin:
		b.AString(str(c.User))
		b.AStringBytes(c.Password.AppendString(nil))
	case parser.CmdSelect, parser.CmdExamine, parser.CmdCreate, parser.CmdDelete,
		parser.CmdSubscribe, parser.CmdUnsubscribe:
		if c.Options.Form != parser.FormNone {
			return false
		}
		b.Mailbox(str(c.Mailbox))
	case parser.CmdRename:
		b.Mailbox(str(c.Mailbox))
		b.Mailbox(str(c.NewName))
	case parser.CmdList, parser.CmdLsub:
		if c.Options.Form != parser.FormNone || c.Return.Form != parser.FormNone || c.Patterns.Form == parser.FormList {
			return false
		}
		b.Mailbox(str(c.Mailbox))
		b.ListMailbox(str(c.Patterns))
	case parser.CmdCopy, parser.CmdMove:
		if !seqSetBuild(b, c.Seq) {
			return false
		}
		b.Mailbox(str(c.Mailbox))
	case parser.CmdStore:
		if c.Modifiers.Form != parser.FormNone || !seqSetBuild(b, c.Seq) {
			return false
		}
		op := [...]string{"FLAGS", "+FLAGS", "-FLAGS"}[c.Op]
		if c.Silent {
			op += ".SILENT"
		}
		b.Atom(op)
		var flags []string
		for it := c.Flags(); it.Next(); {
			flags = append(flags, string(it.Value().Raw))
		}
		b.Flags(flags...)
	case parser.CmdFetch:
		if c.Modifiers.Form != parser.FormNone || !seqSetBuild(b, c.Seq) {
			return false
		}
		b.Open()
		for it := c.FetchItems(); it.Next(); {
			a := it.Att()
			if a.Macro() != nil || a.Modifiers().Form != parser.FormNone {
				return false
			}
			switch a.Kind {
			case parser.FetchBodySection, parser.FetchBinary, parser.FetchBinarySize:
				size := a.Size
				if !a.Partial {
					size = 0
				} else if size == 0 {
					return false // <n.0> has no builder form
				}
				b.Section(string(a.Name()), string(a.Section()), a.Origin, size)
			default:
				b.Atom(string(a.Name()))
			}
		}
		b.Close()
	case parser.CmdAppend:
		it := c.Messages()
		if !it.Next() {
			return false
		}
		m := it.Message()
		if m.UTF8 || m.Data.Form != parser.FormLiteral || m.Catenate.Form != parser.FormNone || it.Next() {
			return false
		}
		var flags []string
		for fl := m.Flags.List(); fl.Next(); {
			flags = append(flags, string(fl.Value().Raw))
		}
		if m.Flags.Form != parser.FormNone && len(flags) == 0 {
			return false // Append writes no "()" for an empty list
		}
		var date time.Time
		if m.Date.Form != parser.FormNone {
			if d := str(m.Date); d != "" && (d[0] == ' ' || d[0] == '0') {
				return false // AppendDateTime writes days below 10 as SP DIGIT, either form is valid
			}
			t, err := time.Parse("_2-Jan-2006 15:04:05 -0700", str(m.Date))
			if err != nil || t.Year() > 9999 {
				return false
			}
			date = t
		}
		b.Buf = b.Buf[:0]
		b.Append(string(c.Tag), str(c.Mailbox), flags, date, m.Data.Raw, parser.LiteralSync)
		return true
	default:
		return false
	}
	b.End()
	return true
}

// buildResponse writes r with the ResponseBuilder, for the response forms
// it has typed methods for; it reports false for the others.
func buildResponse(b *parser.ResponseBuilder, r *parser.Response) bool {
	b.Reset()
	switch {
	case r.Kind == parser.KindContinuation && r.Code == parser.CodeNone:
		b.Continue(string(r.Text))
	case r.Status != parser.StatusNone && r.Code == parser.CodeNone:
		b.Status(string(r.Tag), r.Status, "", string(r.Text))
	case r.Type == parser.DataExists || r.Type == parser.DataRecent || r.Type == parser.DataExpunge:
		b.NumData(r.Num, r.Type.String())
	case r.Type == parser.DataCapability:
		var caps []string
		for it := r.Capabilities(); it.Next(); {
			caps = append(caps, string(it.Atom()))
		}
		b.Capability(caps...)
	case r.Type == parser.DataSearch:
		if _, ok := r.SearchModSeq(); ok {
			return false
		}
		var nums []uint32
		for it := r.SearchNumbers(); it.Next(); {
			nums = append(nums, it.Number())
		}
		b.Search(nums...)
	case r.Type == parser.DataList:
		m, ok := r.MailboxList()
		if !ok || m.Extended.Form != parser.FormNone {
			return false
		}
		var delim byte
		if d := m.Delim.AppendString(nil); len(d) == 1 && !m.Delim.IsNIL() {
			delim = d[0]
		} else if !m.Delim.IsNIL() {
			return false
		}
		var attrs []string
		for it := m.Attrs; it.Next(); {
			attrs = append(attrs, string(it.Atom()))
		}
		b.List(attrs, delim, str(m.Mailbox))
	default:
		return false
	}
	return true
}

// builderRoundTrip checks the builder round trip of one parsed message,
// of either side (c or r nil).
func builderRoundTrip(p *parser.Parser, c *parser.Command, r *parser.Response) error {
	if c != nil {
		var b parser.CommandBuilder
		if !buildCommand(&b, c) {
			return nil
		}
		var c2 parser.Command
		if err := p.ParseCommand(b.Buf, &c2); err != nil {
			return fmt.Errorf("command %q built again as %q, which does not parse: %w", c.Raw, b.Buf, err)
		}
		j1, j2 := c.AppendJSON(nil), c2.AppendJSON(nil)
		if !bytes.Equal(j1, j2) {
			return fmt.Errorf("command %q built again as %q, which parses differently:\n%s\n%s", c.Raw, b.Buf, j1, j2)
		}
		return nil
	}
	var b parser.ResponseBuilder
	if !buildResponse(&b, r) {
		return nil
	}
	var r2 parser.Response
	if err := p.ParseResponse(b.Buf, &r2); err != nil {
		return fmt.Errorf("response %q built again as %q, which does not parse: %w", r.Raw, b.Buf, err)
	}
	c1, _ := appendResponseCanon(walker{fold: true}, r)
	c2, _ := appendResponseCanon(walker{fold: true}, &r2)
	if !bytes.Equal(c1, c2) {
		return fmt.Errorf("response %q built again as %q, which parses differently:\n%s\n%s", r.Raw, b.Buf, c1, c2)
	}
	return nil
}
