package fuzz

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/imapstress/imapstress/parser"
)

// maxWalkDepth bounds the recursion of the walkers. The parser caps nesting
// at Limits.MaxDepth (64 by default); the walkers stop well beyond that, so
// a parser that let deeper nesting through is caught by the depth check
// rather than by a stack overflow.
const maxWalkDepth = 256

// walker renders parsed values into a canonical text form while visiting
// every accessor and iterator, and remembers the first iterator error. The
// parser promises that the iterators of a successfully parsed message never
// fail, so any error here is a finding.
type walker struct {
	dst []byte
	err error
	// fold renders atoms and numbers like strings, for comparing messages
	// whose writers may choose another form for the same astring.
	fold bool
}

func (w *walker) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

func (w *walker) str(s string)   { w.dst = append(w.dst, s...) }
func (w *walker) bytes(b []byte) { w.dst = strconv.AppendQuote(w.dst, string(b)) }
func (w *walker) num(n uint64)   { w.dst = strconv.AppendUint(w.dst, n, 10) }

// value renders v canonically: atoms and numbers as they are, NIL, strings
// by their unescaped content whatever their form (quoted and literal render
// the same, so a round trip may change the form), lists recursively.
func (w *walker) value(v parser.Value, depth int) {
	if depth > maxWalkDepth {
		w.fail("value nested deeper than %d at offset %d", maxWalkDepth, v.Off)
		return
	}
	switch v.Form {
	case parser.FormNone:
		w.str("-")
	case parser.FormAtom, parser.FormNumber:
		if w.fold {
			w.str("s")
			w.bytes(v.Raw)
			return
		}
		w.dst = append(w.dst, v.Raw...)
	case parser.FormNIL:
		w.str("NIL")
	case parser.FormQuoted, parser.FormLiteral:
		if !v.IsString() {
			w.fail("a %v value at offset %d is not IsString", v.Form, v.Off)
		}
		w.str("s")
		w.bytes(v.AppendString(nil))
	case parser.FormLiteral8:
		w.str("s8")
		w.bytes(v.Raw)
	case parser.FormList:
		w.str("(")
		it := v.List()
		for i := 0; it.Next(); i++ {
			if i > 0 {
				w.str(" ")
			}
			w.value(it.Value(), depth+1)
		}
		if err := it.Err(); err != nil {
			w.fail("list at offset %d: %w", v.Off, err)
		}
		w.str(")")
	default:
		w.fail("value of unknown form %d at offset %d", v.Form, v.Off)
	}
}

func (w *walker) atoms(name string, it parser.AtomIter) {
	w.str(" " + name + "[")
	for i := 0; it.Next(); i++ {
		if i > 0 {
			w.str(" ")
		}
		if it.Offset() < 0 {
			w.fail("%s: atom %q at offset %d", name, it.Atom(), it.Offset())
		}
		w.dst = append(w.dst, it.Atom()...)
	}
	w.str("]")
}

func (w *walker) list(name string, it parser.ListIter) {
	w.str(" " + name + "[")
	for i := 0; it.Next(); i++ {
		if i > 0 {
			w.str(" ")
		}
		w.value(it.Value(), 0)
	}
	if err := it.Err(); err != nil {
		w.fail("%s: %w", name, err)
	}
	w.str("]")
}

func (w *walker) pairs(name string, it parser.PairIter) {
	w.str(" " + name + "{")
	for i := 0; it.Next(); i++ {
		if i > 0 {
			w.str(" ")
		}
		w.value(it.Key(), 0)
		w.str("=")
		w.value(it.Value(), 0)
	}
	if err := it.Err(); err != nil {
		w.fail("%s: %w", name, err)
	}
	w.str("}")
}

func (w *walker) seqSet(s parser.SeqSet) {
	if len(s.Raw) == 0 {
		return
	}
	if s.IsSaved() {
		w.str("$")
		return
	}
	// A set the parser validated validates again on its own.
	if _, err := parser.ParseSeqSet(s.Raw); err != nil {
		w.fail("sequence set %q, validated in its message, fails ParseSeqSet: %v", s.Raw, err)
	}
	// Count and Contains with "*" as 100: a set that names n numbers
	// contains at least its first.
	if n := s.Count(100); n > 0 {
		it := s.Ranges()
		if it.Next() {
			lo, _ := it.Range().Bounds(100)
			if !s.Contains(lo, 100) {
				w.fail("sequence set %q: Count %d but its first number %d is not in it", s.Raw, n, lo)
			}
		}
	}
	it := s.Ranges()
	for i := 0; it.Next(); i++ {
		if i > 0 {
			w.str(",")
		}
		r := it.Range()
		w.num(uint64(r.First))
		w.str(":")
		w.num(uint64(r.Last))
	}
}

func (w *walker) envelope(e parser.Envelope) {
	w.str("env(")
	for _, v := range [...]parser.Value{e.Date(), e.Subject()} {
		w.value(v, 0)
		w.str(" ")
	}
	for _, l := range [...]parser.AddressList{e.From(), e.Sender(), e.ReplyTo(), e.To(), e.Cc(), e.Bcc()} {
		w.str("[")
		it := l.Addresses()
		for it.Next() {
			a := it.Address()
			switch {
			case a.IsGroupStart():
				w.str("group:")
			case a.IsGroupEnd():
				w.str("end:")
			}
			w.str("<")
			for _, f := range [...]parser.Value{a.Name(), a.ADL(), a.Mailbox(), a.Host()} {
				w.value(f, 0)
				w.str(";")
			}
			w.str(">")
		}
		if err := it.Err(); err != nil {
			w.fail("envelope address list at offset %d: %w", l.Off, err)
		}
		w.str("] ")
	}
	w.value(e.InReplyTo(), 0)
	w.str(" ")
	w.value(e.MessageID(), 0)
	w.str(")")
}

func (w *walker) body(b *parser.BodyStructure, depth int) {
	if depth > maxWalkDepth {
		w.fail("body structure nested deeper than %d", maxWalkDepth)
		return
	}
	if b.Multipart {
		w.str("multi(")
		it := b.Parts()
		for it.Next() {
			w.body(it.Part(), depth+1)
			w.str(" ")
		}
		w.value(b.Subtype(), 0)
	} else {
		w.str("part(")
		for _, v := range [...]parser.Value{b.Type(), b.Subtype(), b.ID(), b.Description(), b.Encoding(), b.Size(), b.Lines()} {
			w.value(v, 0)
			w.str(" ")
		}
		w.pairs("params", parser.PairsOf(b.Params()))
		if b.EnvelopeValue().Form == parser.FormList {
			w.str(" ")
			w.envelope(b.Envelope())
			w.str(" ")
			inner := b.Body()
			w.body(&inner, depth+1)
		}
		w.str(" md5=")
		w.value(b.MD5(), 0)
	}
	if !b.Multipart {
		w.str(" ")
	} else {
		w.pairs(" params", parser.PairsOf(b.Params()))
	}
	for _, v := range [...]parser.Value{b.Disposition(), b.Language(), b.Location()} {
		w.str(" ")
		w.value(v, 0)
	}
	w.str(" ext")
	w.value(b.Extensions(), 0)
	w.str(")")
}

func (w *walker) fetchItem(f *parser.FetchItem) {
	w.str(" ")
	w.str(f.Kind.String())
	switch f.Kind {
	case parser.FetchBodySection, parser.FetchBinary, parser.FetchBinarySize:
		w.str("[")
		it := f.Section.Parts()
		for i := 0; it.Next(); i++ {
			if i > 0 {
				w.str(".")
			}
			w.num(uint64(it.Part()))
		}
		w.str("|" + f.Section.Text.String())
		if f.Section.Fields.Form != parser.FormNone {
			w.value(f.Section.Fields, 0)
		}
		w.str("]")
		if f.HasOrigin {
			w.str("<")
			w.num(uint64(f.Origin))
			w.str(">")
		}
	case parser.FetchUnknown:
		w.bytes(f.Name)
	}
	w.str("=")
	switch f.Kind {
	case parser.FetchFlags:
		w.atoms("flags", f.Flags())
	case parser.FetchEnvelope:
		w.envelope(f.Envelope())
	case parser.FetchBody, parser.FetchBodyStructure:
		b := f.BodyStructure()
		w.body(&b, 0)
	case parser.FetchUID, parser.FetchRFC822Size, parser.FetchModSeq, parser.FetchBinarySize:
		n, ok := f.Number()
		if !ok {
			w.fail("FETCH %s: no number in %q", f.Kind, f.Value.Raw)
		}
		w.num(n)
	case parser.FetchEmailID, parser.FetchThreadID:
		w.bytes(f.ObjectID())
	default:
		w.value(f.Value, 0)
	}
}

// AppendResponseCanon appends a canonical rendering of r to dst: every field
// and every typed view that applies to the response (response code
// accessors, capabilities, flags, FETCH items with their ENVELOPE and
// BODYSTRUCTURE recursion, the generic argument list), with strings shown by
// their unescaped content, so that two responses that differ only in how a
// string was sent (quoted or literal) render the same. Offsets are left out.
//
// Building it visits every accessor and iterator of r; it returns an error
// when one of them fails, which the parser promises never happens after
// ParseResponse succeeded. The form is stable within one version of this
// package only: it is for comparing, not for storing.
func AppendResponseCanon(dst []byte, r *parser.Response) ([]byte, error) {
	return appendResponseCanon(walker{dst: dst}, r)
}

// keyword writes a name as sent; a known keyword (known set) is written
// upper case when folding, since IMAP keywords ignore case and builders
// write them canonically.
func (w *walker) keyword(name []byte, known bool) {
	if !w.fold || !known {
		w.bytes(name)
		return
	}
	w.bytes([]byte(strings.ToUpper(string(name))))
}

func appendResponseCanon(w walker, r *parser.Response) ([]byte, error) {
	w.str(r.Kind.String())
	if r.Tag != nil {
		w.str(" tag=")
		w.bytes(r.Tag)
	}
	if r.Status != parser.StatusNone {
		w.str(" " + r.Status.String())
	}
	if r.Code != parser.CodeNone {
		w.str(" " + r.Code.String() + "[")
		w.keyword(r.CodeName, r.Code != parser.CodeUnknown)
		w.str(" ")
		w.bytes(r.CodeArg)
		w.str("]")
		w.code(r)
	}
	if r.Data != nil && (r.DataOffset() < 0 || r.DataOffset()+len(r.Data) > len(r.Raw)) {
		w.fail("Data of %d bytes at offset %d outside Raw of %d", len(r.Data), r.DataOffset(), len(r.Raw))
	}
	if r.Type != parser.DataNone {
		w.str(" ")
		w.num(uint64(r.Num))
		w.str(" " + r.Type.String() + " ")
		w.keyword(r.Name, r.Type != parser.DataUnknown)
	}
	if r.Kind != parser.KindNone && r.Type == parser.DataNone {
		w.str(" text=")
		w.bytes(r.Text)
	}
	w.atoms("caps", r.Capabilities())
	w.atoms("flags", r.Flags())
	w.str(" fetch[")
	fi := r.Fetch()
	for fi.Next() {
		w.fetchItem(fi.Item())
	}
	if err := fi.Err(); err != nil {
		w.fail("FETCH items: %w", err)
	}
	w.str("]")
	w.dataViews(r)
	w.list("args", r.Args())
	for i := 0; i < r.NStreamed && i < parser.MaxStreamed; i++ {
		w.str(" streamed=")
		w.num(uint64(r.Streamed[i].Size))
	}
	return w.dst, w.err
}

// code renders the typed accessors of the response code.
func (w *walker) code(r *parser.Response) {
	if n, ok := r.UIDNext(); ok {
		w.str(" uidnext=")
		w.num(uint64(n))
	}
	if n, ok := r.UIDValidity(); ok {
		w.str(" uidvalidity=")
		w.num(uint64(n))
	}
	if n, ok := r.Unseen(); ok {
		w.str(" unseen=")
		w.num(uint64(n))
	}
	if n, ok := r.HighestModSeq(); ok {
		w.str(" highestmodseq=")
		w.num(n)
	}
	if v, set, ok := r.AppendUID(); ok {
		w.str(" appenduid=")
		w.num(uint64(v))
		w.str("/")
		w.seqSet(set)
	}
	if v, src, dst, ok := r.CopyUID(); ok {
		w.str(" copyuid=")
		w.num(uint64(v))
		w.str("/")
		w.seqSet(src)
		w.str("/")
		w.seqSet(dst)
	}
	if set, ok := r.Modified(); ok {
		w.str(" modified=")
		w.seqSet(set)
	}
	if it, ok := r.PermanentFlags(); ok {
		w.atoms("permanentflags", it)
	}
	w.list("badcharset", r.BadCharsets())
}
