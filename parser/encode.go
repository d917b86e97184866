package parser

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"time"
	"unicode/utf8"
)

// Bytes is the constraint of the encoder's generic functions: they take a
// string or a byte slice alike, so callers never convert (and allocate).
type Bytes interface{ ~string | ~[]byte }

// StringOpts tells the encoder how to write a string that is neither an
// atom nor quotable.
type StringOpts struct {
	// Literal is the form of literal to use when one is needed:
	// LiteralSync ({n}, the zero value; the client must wait for "+"),
	// LiteralNonSync ({n+}, when the server advertises LITERAL+, or
	// LITERAL- for at most LiteralMinusMax bytes) or LiteralBinary (~{n},
	// BINARY literal8, only where the grammar allows it: APPEND data;
	// literal8 is always synchronizing).
	Literal LiteralForm
	// UTF8 allows 8-bit UTF-8 in quoted strings (IMAP4rev2 or after
	// ENABLE UTF8=ACCEPT). Without it any octet above 0x7f forces a
	// literal, as IMAP4rev1 requires.
	UTF8 bool
}

// What quoting needs to know of each octet, one bit each.
const (
	qHigh   = 1 << iota // an 8-bit octet: quotable only as UTF-8
	qNever              // NUL, CR or LF: never in a quoted string
	qEscape             // DQUOTE or backslash: escaped in a quoted string
)

// quoteClass maps each octet to its q bits; computed once, never written.
var quoteClass = func() (t [256]uint8) {
	for c := 0x80; c < 256; c++ {
		t[c] = qHigh
	}
	t[0], t['\r'], t['\n'] = qNever, qNever, qNever
	t['"'], t['\\'] = qEscape, qEscape
	return t
}()

// quoteBits returns the union of the q bits of s's octets.
func quoteBits[S Bytes](s S) uint8 {
	var m uint8
	for i := 0; i < len(s); i++ {
		m |= quoteClass[s[i]]
	}
	return m
}

// quotable reports whether s can be sent as a quoted string: no NUL, CR or
// LF, and 8-bit octets only as valid UTF-8 when utf8OK is set.
func quotable[S Bytes](s S, utf8OK bool) bool {
	return quotableBits(s, quoteBits(s), utf8OK)
}

// quotableBits is quotable for s whose quoteBits are m.
func quotableBits[S Bytes](s S, m uint8, utf8OK bool) bool {
	switch {
	case m&qNever != 0:
		return false
	case m&qHigh == 0:
		return true
	case !utf8OK:
		return false
	}
	return validUTF8(s)
}

func validUTF8[S Bytes](s S) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			i++
			continue
		}
		// Decode without converting: copy up to 4 bytes to an array.
		var b [utf8.UTFMax]byte
		n := 0
		for n < len(b) && i+n < len(s) {
			b[n] = s[i+n]
			n++
		}
		r, size := utf8.DecodeRune(b[:n])
		if r == utf8.RuneError && size <= 1 {
			return false
		}
		i += size
	}
	return true
}

// isAtomString reports whether s is 1*ASTRING-CHAR.
func isAtomString[S Bytes](s S, class uint8) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if charClass[s[i]]&class == 0 {
			return false
		}
	}
	return true
}

// AppendQuoted appends s as a quoted string, escaping DQUOTE and
// backslash. The caller must know s is quotable (no NUL, CR or LF); use
// AppendString when it does not.
func AppendQuoted[S Bytes](dst []byte, s S) []byte {
	dst = append(dst, '"')
	run := 0 // start of the bytes not yet appended
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			dst = append(dst, s[run:i]...)
			dst = append(dst, '\\')
			run = i
		}
	}
	dst = append(dst, s[run:]...)
	return append(dst, '"')
}

// AppendLiteralHeader appends the announcement of an n-byte literal in the
// given form: "{n}", "{n+}" or "~{n}", followed by CRLF. The literal's data
// must follow; with LiteralSync or LiteralBinary a client must wait for the server's "+"
// before sending it (see SyncParts).
func AppendLiteralHeader(dst []byte, n int64, form LiteralForm) []byte {
	if form == LiteralBinary {
		dst = append(dst, '~')
	}
	dst = append(dst, '{')
	dst = strconv.AppendInt(dst, n, 10)
	if form == LiteralNonSync {
		dst = append(dst, '+')
	}
	return append(dst, '}', '\r', '\n')
}

// AppendLiteral appends s as a literal of the given form: its header, CRLF,
// and its data.
func AppendLiteral[S Bytes](dst []byte, s S, form LiteralForm) []byte {
	dst = AppendLiteralHeader(dst, int64(len(s)), form)
	return append(dst, s...)
}

// AppendString appends s as an RFC 9051 "string": quoted when it can be,
// a literal of o.Literal's form when it must be (NUL, CR, LF, or 8-bit
// octets without o.UTF8). A string holding NUL is only valid in a literal8;
// the encoder writes what it is given and leaves that choice to the caller.
func AppendString[S Bytes](dst []byte, s S, o StringOpts) []byte {
	m := quoteBits(s)
	if !quotableBits(s, m, o.UTF8) {
		return AppendLiteral(dst, s, o.Literal)
	}
	if m&qEscape != 0 {
		return AppendQuoted(dst, s)
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// AppendAString appends s as an "astring": an atom when s is non-empty and
// all ASTRING-CHARs, else as AppendString does. Mailbox names, user names,
// passwords and header values are astrings.
func AppendAString[S Bytes](dst []byte, s S, o StringOpts) []byte {
	if isAtomString(s, cAString) {
		return append(dst, s...)
	}
	return AppendString(dst, s, o)
}

// AppendListMailbox appends s as a LIST pattern ("list-mailbox"): an atom
// when it is all list-chars (ATOM-CHARs, "%", "*", "]"), else a string.
func AppendListMailbox[S Bytes](dst []byte, s S, o StringOpts) []byte {
	if isAtomString(s, cList) {
		return append(dst, s...)
	}
	return AppendString(dst, s, o)
}

// AppendNString appends NIL when isNil is set, else s as a string.
func AppendNString[S Bytes](dst []byte, s S, isNil bool, o StringOpts) []byte {
	if isNil {
		return append(dst, "NIL"...)
	}
	return AppendString(dst, s, o)
}

// AppendSeqNumber appends one seq-number: n, or "*" when n is 0 (the
// largest number in use).
func AppendSeqNumber(dst []byte, n uint32) []byte {
	if n == 0 {
		return append(dst, '*')
	}
	return appendDecimal(dst, uint64(n))
}

// AppendSeqRange appends one element of a sequence set: "lo" when lo ==
// hi, else "lo:hi". Zero stands for "*".
func AppendSeqRange(dst []byte, lo, hi uint32) []byte {
	dst = AppendSeqNumber(dst, lo)
	if lo != hi {
		dst = append(dst, ':')
		dst = AppendSeqNumber(dst, hi)
	}
	return dst
}

// AppendFlagList appends a parenthesised flag list, "(\Seen $Label)". Each
// flag is written as given: a system flag with its backslash, or a keyword
// atom.
func AppendFlagList[S Bytes](dst []byte, flags []S) []byte {
	dst = append(dst, '(')
	for i, f := range flags {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, f...)
	}
	return append(dst, ')')
}

var monthNames = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func append2(dst []byte, n int, pad byte) []byte {
	if n < 10 {
		return append(dst, pad, byte('0'+n))
	}
	return append(dst, byte('0'+n/10), byte('0'+n%10))
}

// AppendDate appends t's date as a SEARCH "date": 1-Jan-2024 (no quotes).
func AppendDate(dst []byte, t time.Time) []byte {
	y, m, d := t.Date()
	dst = strconv.AppendInt(dst, int64(d), 10)
	dst = append(dst, '-')
	dst = append(dst, monthNames[m-1]...)
	dst = append(dst, '-')
	return strconv.AppendInt(dst, int64(y), 10)
}

// AppendDateTime appends t as a quoted "date-time", the form of APPEND's
// date and of INTERNALDATE: "01-Jan-2024 10:00:00 +0100". The year must be
// between 0 and 9999.
func AppendDateTime(dst []byte, t time.Time) []byte {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	dst = append(dst, '"')
	dst = append2(dst, d, ' ')
	dst = append(dst, '-')
	dst = append(dst, monthNames[m-1]...)
	dst = append(dst, '-')
	dst = append2(dst, y/100, '0')
	dst = append2(dst, y%100, '0')
	dst = append(dst, ' ')
	dst = append2(dst, hh, '0')
	dst = append(dst, ':')
	dst = append2(dst, mm, '0')
	dst = append(dst, ':')
	dst = append2(dst, ss, '0')
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	off /= 60
	dst = append(dst, ' ', sign)
	dst = append2(dst, off/60, '0')
	dst = append2(dst, off%60, '0')
	return append(dst, '"')
}

// CommandBuilder writes IMAP commands into Buf, one argument at a time,
// putting the SP between arguments itself. It never allocates once Buf has
// the capacity it needs, so a client can reuse one builder (and one Buf)
// for every command it sends:
//
//	b.Reset()
//	b.Begin("a1", "UID FETCH")
//	b.SeqRange(1, 0)
//	b.Open()
//	b.Atom("UID")
//	b.Atom("BODY.PEEK[]")
//	b.Close()
//	b.End()
//
// writes "a1 UID FETCH 1:* (UID BODY.PEEK[])\r\n". Strings go out as an
// atom when they can, quoted when they must, and as a literal of
// Opts.Literal's form when they have to. A command holding a synchronizing
// literal must be sent in parts, waiting for "+" after each: see SyncParts.
//
// Methods taking strings have a ...Bytes twin taking a []byte. The builder
// checks no grammar beyond choosing string forms: it writes what it is
// told, which is also what the fuzzers need.
type CommandBuilder struct {
	// Buf holds the commands written so far.
	Buf []byte
	// Opts chooses the literal form and whether quoted strings may hold
	// UTF-8.
	Opts StringOpts
	// noSP is set just after "(" or "[" or at the start of a command,
	// where the next argument takes no SP before it.
	noSP bool
}

// Reset empties Buf, keeping its capacity.
func (b *CommandBuilder) Reset() { b.Buf, b.noSP = b.Buf[:0], false }

// sepBuf returns Buf with the SP that goes before the next argument
// appended (none after "(" or at a command's start), for the caller to
// append the argument to and store back: one load and one store of Buf
// per argument.
func (b *CommandBuilder) sepBuf() []byte {
	if b.noSP {
		b.noSP = false
		return b.Buf
	}
	return append(b.Buf, ' ')
}

func (b *CommandBuilder) sep() {
	if b.noSP {
		b.noSP = false
		return
	}
	b.Buf = append(b.Buf, ' ')
}

// Begin starts a command: its tag and its name ("FETCH", "UID STORE").
func (b *CommandBuilder) Begin(tag, name string) {
	buf := append(b.Buf, tag...)
	buf = append(buf, ' ')
	b.Buf = append(buf, name...)
	b.noSP = false
}

// BeginN starts a command whose tag is prefix followed by the decimal n
// ("a" and 17 give "a17"), the usual way to number tags without
// formatting a string.
func (b *CommandBuilder) BeginN(prefix string, n uint64, name string) {
	buf := append(b.Buf, prefix...)
	buf = appendDecimal(buf, n)
	buf = append(buf, ' ')
	b.Buf = append(buf, name...)
	b.noSP = false
}

// End ends the command with CRLF.
func (b *CommandBuilder) End() {
	b.Buf = append(b.Buf, '\r', '\n')
	b.noSP = false
}

// Atom appends s as it is: a keyword, a flag, a FETCH item, a sequence set
// written by hand.
func (b *CommandBuilder) Atom(s string) { b.Buf = append(b.sepBuf(), s...) }

// AtomBytes is Atom for a []byte.
func (b *CommandBuilder) AtomBytes(s []byte) { b.Buf = append(b.sepBuf(), s...) }

// Raw appends s with no separator at all, for what the builder has no
// method for (the data after LiteralHeader, a section "<0.100>").
func (b *CommandBuilder) Raw(s string) { b.Buf = append(b.Buf, s...) }

// RawBytes is Raw for a []byte.
func (b *CommandBuilder) RawBytes(s []byte) { b.Buf = append(b.Buf, s...) }

// AString appends s as an astring (user names, passwords, mailbox names,
// SEARCH and header values).
func (b *CommandBuilder) AString(s string) { b.Buf = AppendAString(b.sepBuf(), s, b.Opts) }

// AStringBytes is AString for a []byte.
func (b *CommandBuilder) AStringBytes(s []byte) { b.Buf = AppendAString(b.sepBuf(), s, b.Opts) }

// Mailbox appends a mailbox name, an astring.
func (b *CommandBuilder) Mailbox(s string) { b.AString(s) }

// ListMailbox appends a LIST pattern, where "%" and "*" stay atoms.
func (b *CommandBuilder) ListMailbox(s string) {
	b.Buf = AppendListMailbox(b.sepBuf(), s, b.Opts)
}

// String appends s as a string: quoted or literal, never an atom.
func (b *CommandBuilder) String(s string) { b.Buf = AppendString(b.sepBuf(), s, b.Opts) }

// StringBytes is String for a []byte.
func (b *CommandBuilder) StringBytes(s []byte) { b.Buf = AppendString(b.sepBuf(), s, b.Opts) }

// NString appends NIL when isNil is set, else s as a string.
func (b *CommandBuilder) NString(s string, isNil bool) {
	b.Buf = AppendNString(b.sepBuf(), s, isNil, b.Opts)
}

// Literal appends s as a literal of the given form, whatever its content.
func (b *CommandBuilder) Literal(s string, form LiteralForm) {
	b.Buf = AppendLiteral(b.sepBuf(), s, form)
}

// LiteralBytes is Literal for a []byte.
func (b *CommandBuilder) LiteralBytes(s []byte, form LiteralForm) {
	b.Buf = AppendLiteral(b.sepBuf(), s, form)
}

// LiteralHeader appends only the announcement of an n-byte literal and its
// CRLF, for a caller that writes the data itself (with Raw, or straight to
// the connection).
func (b *CommandBuilder) LiteralHeader(n int64, form LiteralForm) {
	b.Buf = AppendLiteralHeader(b.sepBuf(), n, form)
}

// Number appends a decimal number.
func (b *CommandBuilder) Number(n uint64) { b.Buf = appendDecimal(b.sepBuf(), n) }

// SeqRange starts a sequence set with lo:hi (see AppendSeqRange; zero is
// "*"). Further ranges of the same set follow with SeqMore.
func (b *CommandBuilder) SeqRange(lo, hi uint32) { b.Buf = AppendSeqRange(b.sepBuf(), lo, hi) }

// SeqMore adds ",lo:hi" to the sequence set just written.
func (b *CommandBuilder) SeqMore(lo, hi uint32) {
	b.Buf = append(b.Buf, ',')
	b.Buf = AppendSeqRange(b.Buf, lo, hi)
}

// Open appends "(" and starts a list or a SEARCH key group.
func (b *CommandBuilder) Open() { b.Buf = append(b.sepBuf(), '('); b.noSP = true }

// Close appends ")".
func (b *CommandBuilder) Close() { b.Buf = append(b.Buf, ')'); b.noSP = false }

// Flags appends a parenthesised flag list.
func (b *CommandBuilder) Flags(flags ...string) { b.Buf = AppendFlagList(b.sepBuf(), flags) }

// Date appends a SEARCH date (SINCE 1-Feb-2024).
func (b *CommandBuilder) Date(t time.Time) { b.Buf = AppendDate(b.sepBuf(), t) }

// DateTime appends a quoted date-time (APPEND's optional date).
func (b *CommandBuilder) DateTime(t time.Time) { b.Buf = AppendDateTime(b.sepBuf(), t) }

// Section appends a FETCH body item with its section and optional
// partial: name is "BODY", "BODY.PEEK", "BINARY", "BINARY.PEEK" or
// "BINARY.SIZE"; section is what goes between the brackets ("", "TEXT",
// "1.2.MIME", "HEADER.FIELDS (From To)"); with size > 0 it adds
// "<origin.size>".
func (b *CommandBuilder) Section(name, section string, origin, size uint32) {
	buf := append(b.sepBuf(), name...)
	buf = append(buf, '[')
	buf = append(buf, section...)
	buf = append(buf, ']')
	if size > 0 {
		buf = append(buf, '<')
		buf = appendDecimal(buf, uint64(origin))
		buf = append(buf, '.')
		buf = appendDecimal(buf, uint64(size))
		buf = append(buf, '>')
	}
	b.Buf = buf
}

// Append writes a whole APPEND command: the mailbox, the flag list when
// flags is non-empty, the date-time when date is not zero, and msg as a
// literal of form (use LiteralBinary for a message with NUL octets when
// the server has BINARY), then CRLF.
func (b *CommandBuilder) Append(tag, mailbox string, flags []string, date time.Time, msg []byte, form LiteralForm) {
	b.Begin(tag, "APPEND")
	b.Mailbox(mailbox)
	if len(flags) > 0 {
		b.Flags(flags...)
	}
	if !date.IsZero() {
		b.DateTime(date)
	}
	b.LiteralBytes(msg, form)
	b.End()
}

// SyncPartsIter splits an encoded command (or a run of them) at every
// synchronizing literal: after writing each part for which Wait reports
// true, a client must wait for the server's "+" continuation before writing
// the next. It allocates nothing:
//
//	for sp := parser.SyncParts(b.Buf); sp.Next(); {
//		conn.Write(sp.Part())
//		if sp.Wait() {
//			// read until the "+ ..." continuation (or a tagged NO/BAD)
//		}
//	}
//
// Only {n+} (LITERAL+) literals go out without waiting: literal8 ~{n} has
// no non-synchronizing form (RFC 9051 section 9, RFC 3516). The iterator
// trusts its input to be well formed; it is meant for what the encoder
// wrote.
type SyncPartsIter struct {
	b    []byte
	p    int   // where the next part starts
	skip int64 // literal bytes at p that the next scan must pass over
	part []byte
	wait bool
}

// SyncParts returns an iterator over the parts of cmd; see SyncPartsIter.
func SyncParts(cmd []byte) SyncPartsIter { return SyncPartsIter{b: cmd} }

// Part returns the current part.
func (it *SyncPartsIter) Part() []byte { return it.part }

// Wait reports whether the current part ends with a synchronizing literal's
// announcement, so that the server's "+" must be awaited before the next.
func (it *SyncPartsIter) Wait() bool { return it.wait }

// Next advances to the next part and reports whether there is one.
func (it *SyncPartsIter) Next() bool {
	if it.p >= len(it.b) {
		return false
	}
	start := it.p
	i := it.p + clampSkip(it.skip, len(it.b)-it.p)
	it.skip = 0
	for i < len(it.b) {
		j := bytes.IndexByte(it.b[i:], '\n')
		if j < 0 {
			break
		}
		lf := i + j
		eol := lf
		if lf > i && it.b[lf-1] == '\r' {
			eol = lf - 1
		}
		size, form, _, ok, err := literalAtEnd(it.b, i, eol, &noLimits)
		data := lf + 1
		if err != nil || !ok {
			i = data
			continue
		}
		if form != LiteralNonSync {
			it.part, it.wait, it.p, it.skip = it.b[start:data], true, data, size
			return true
		}
		i = data + clampSkip(size, len(it.b)-data)
	}
	it.part, it.wait, it.p = it.b[start:], false, len(it.b)
	return true
}

// clampSkip returns n as an int, at most max.
func clampSkip(n int64, max int) int {
	if n > int64(max) {
		return max
	}
	return int(n)
}

// noLimits lifts every limit, for scanning what the encoder wrote.
var noLimits = Limits{MaxLine: -1, MaxLiteral: -1, MaxLiterals: -1, MaxDepth: -1, MaxArgs: -1}.Resolved()

// AppendValue appends v in the form it has: an atom, number or NIL as it
// is, a quoted string between quotes (Raw keeps its escapes), a literal as
// a literal of o.Literal's form, a literal8 as a literal8, and a list
// between parentheses with each element appended in turn. It is how a
// parsed argument goes back on the wire unchanged.
func AppendValue(dst []byte, v Value, o StringOpts) []byte {
	switch v.Form {
	case FormQuoted:
		dst = append(dst, '"')
		dst = append(dst, v.Raw...)
		return append(dst, '"')
	case FormLiteral:
		form := o.Literal
		if form == LiteralBinary {
			form = LiteralSync
		}
		return AppendLiteral(dst, v.Raw, form)
	case FormLiteral8:
		return AppendLiteral(dst, v.Raw, LiteralBinary)
	case FormList:
		dst = append(dst, '(')
		dst = appendValues(dst, v, o)
		return append(dst, ')')
	case FormNone:
		return dst
	}
	return append(dst, v.Raw...)
}

// appendValues appends the elements of the list (or pseudo-list) v,
// separated by SP, without parentheses.
//
// Two lists that were sent side by side with no SP between them, as the
// addresses of an ENVELOPE and the threads of THREAD are, stay that way.
func appendValues(dst []byte, v Value, o StringOpts) []byte {
	if plainTokens(v.Raw) {
		// Walking would yield each token as it was sent and join them
		// with the same single SPs: copy them at once.
		return append(dst, v.Raw...)
	}
	prevList := false
	for it, i := v.List(), 0; it.Next(); i++ {
		e := it.Value()
		if i > 0 {
			// A list's Off is just after its "("; the byte before that
			// "(" is ")" when the two lists were adjacent.
			at := e.Off - 2 - v.Off
			if !(prevList && e.Form == FormList && at >= 0 && at < len(v.Raw) && v.Raw[at] == ')') {
				dst = append(dst, ' ')
			}
		}
		dst = AppendValue(dst, e, o)
		prevList = e.Form == FormList
	}
	return dst
}

// plainTokens reports whether b is one or more tokens separated by single
// SPs, each a run of ASTRING-CHARs or a flag ("\" and ATOM-CHARs): the
// common header lists and flag lists, which appendValues can copy rather
// than walk, since every such token is written back as it was sent.
func plainTokens(b []byte) bool {
	// One table test per octet for the common case; SP and a flag's "\"
	// are looked at only where they occur.
	if len(b) == 0 || b[0] == ' ' || b[len(b)-1] == ' ' {
		return false // empty, or a leading or trailing SP
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if charClass[c]&cAString != 0 {
			continue
		}
		switch {
		case c == ' ':
			if b[i+1] == ' ' { // not the last octet, checked above
				return false // a doubled SP
			}
		case c == '\\' && (i == 0 || b[i-1] == ' '):
			// A flag: "\" and one or more ATOM-CHARs up to the next SP.
			j := i + 1
			for j < len(b) && b[j] != ' ' {
				if charClass[b[j]]&cAtom == 0 {
					return false
				}
				j++
			}
			if j == i+1 {
				return false
			}
			i = j - 1
		default:
			return false
		}
	}
	return true
}

// Value appends v as AppendValue does.
func (b *CommandBuilder) Value(v Value) { b.Buf = AppendValue(b.sepBuf(), v, b.Opts) }

// AppendCommand appends the command c describes, built from its parsed
// fields and iterators rather than copied from c.Raw: the tag, UID, the
// name, and each argument, values in the forms they were parsed in
// (literals in o.Literal's form). Parsing the result gives back the same
// structure (the round trip the tests and fuzzers check), and a fuzzer can
// change a field of a parsed Command and encode it again.
func AppendCommand(dst []byte, c *Command, o StringOpts) []byte {
	dst = append(dst, c.Tag...)
	dst = append(dst, ' ')
	if c.UID {
		dst = append(dst, "UID "...)
	}
	if c.Kind == CmdUnknown {
		dst = append(dst, c.Name...)
		if c.Args != nil {
			dst = append(dst, ' ')
			dst = append(dst, c.Args...)
		}
		return append(dst, '\r', '\n')
	}
	dst = append(dst, commandNames[c.Kind]...)
	sp := func(dst []byte) []byte { return append(dst, ' ') }
	switch c.Kind {
	case CmdAuthenticate:
		dst = append(sp(dst), c.Mechanism...)
		if c.InitialResponse != nil {
			dst = append(sp(dst), c.InitialResponse...)
		}
	case CmdLogin:
		dst = AppendValue(sp(dst), c.User, o)
		dst = AppendValue(sp(dst), c.Password, o)
	case CmdEnable:
		dst = appendValues(sp(dst), c.Items, o)
	case CmdSelect, CmdExamine, CmdCreate:
		dst = AppendValue(sp(dst), c.Mailbox, o)
		if c.Options.Form != FormNone {
			dst = AppendValue(sp(dst), c.Options, o)
		}
	case CmdDelete, CmdSubscribe, CmdUnsubscribe, CmdGetQuotaRoot, CmdGetACL, CmdMyRights, CmdGetQuota:
		dst = AppendValue(sp(dst), c.Mailbox, o)
	case CmdRename:
		dst = AppendValue(sp(dst), c.Mailbox, o)
		dst = AppendValue(sp(dst), c.NewName, o)
	case CmdList:
		if c.Options.Form != FormNone {
			dst = AppendValue(sp(dst), c.Options, o)
		}
		dst = AppendValue(sp(dst), c.Mailbox, o)
		dst = AppendValue(sp(dst), c.Patterns, o)
		if c.Return.Form != FormNone {
			dst = append(dst, " RETURN "...)
			dst = AppendValue(dst, c.Return, o)
		}
	case CmdLsub:
		dst = AppendValue(sp(dst), c.Mailbox, o)
		dst = AppendValue(sp(dst), c.Patterns, o)
	case CmdStatus, CmdSetMetadata:
		dst = AppendValue(sp(dst), c.Mailbox, o)
		dst = AppendValue(sp(dst), c.Items, o)
	case CmdAppend:
		dst = AppendValue(sp(dst), c.Mailbox, o)
		for it := c.Messages(); it.Next(); {
			m := it.Message()
			if m.Flags.Form != FormNone {
				dst = AppendValue(sp(dst), m.Flags, o)
			}
			if m.Date.Form != FormNone {
				dst = AppendValue(sp(dst), m.Date, o)
			}
			switch {
			case m.UTF8:
				dst = append(dst, " UTF8 ("...)
				dst = AppendValue(dst, m.Data, o)
				dst = append(dst, ')')
			case m.Catenate.Form != FormNone:
				dst = append(dst, " CATENATE "...)
				dst = AppendValue(dst, m.Catenate, o)
			default:
				dst = AppendValue(sp(dst), m.Data, o)
			}
		}
	case CmdSearch, CmdSort, CmdThread:
		if c.Return.Form != FormNone {
			dst = append(dst, " RETURN "...)
			dst = AppendValue(dst, c.Return, o)
		}
		switch c.Kind {
		case CmdSearch:
			if c.Charset.Form != FormNone {
				dst = append(dst, " CHARSET "...)
				dst = AppendValue(dst, c.Charset, o)
			}
		case CmdSort:
			dst = AppendValue(sp(dst), c.Items, o)
			dst = AppendValue(sp(dst), c.Charset, o)
		case CmdThread:
			dst = append(sp(dst), c.Algorithm...)
			dst = AppendValue(sp(dst), c.Charset, o)
		}
		dst = appendSearchKeys(sp(dst), c.SearchKeys(), o)
	case CmdFetch:
		dst = append(sp(dst), c.Seq.Raw...)
		dst = sp(dst)
		if it := c.FetchItems(); it.macro != 0 {
			dst = append(dst, it.raw...)
		} else {
			dst = append(dst, '(')
			for i := 0; it.Next(); i++ {
				if i > 0 {
					dst = append(dst, ' ')
				}
				a := it.Att()
				dst = AppendFetchAtt(dst, &a, o)
			}
			dst = append(dst, ')')
		}
		if c.Modifiers.Form != FormNone {
			dst = AppendValue(sp(dst), c.Modifiers, o)
		}
	case CmdStore:
		dst = append(sp(dst), c.Seq.Raw...)
		if c.Modifiers.Form != FormNone {
			dst = AppendValue(sp(dst), c.Modifiers, o)
		}
		dst = append(sp(dst), c.Op.String()...)
		if c.Silent {
			dst = append(dst, ".SILENT"...)
		}
		dst = AppendValue(sp(dst), c.Items, o)
	case CmdCopy, CmdMove:
		dst = append(sp(dst), c.Seq.Raw...)
		dst = AppendValue(sp(dst), c.Mailbox, o)
	case CmdExpunge:
		if c.UID {
			dst = append(sp(dst), c.Seq.Raw...)
		}
	case CmdID, CmdSetQuota:
		if c.Kind == CmdSetQuota {
			dst = AppendValue(sp(dst), c.Mailbox, o)
		}
		dst = AppendValue(sp(dst), c.Items, o)
	case CmdGetMetadata:
		if c.Options.Form != FormNone {
			dst = AppendValue(sp(dst), c.Options, o)
		}
		dst = AppendValue(sp(dst), c.Mailbox, o)
		dst = AppendValue(sp(dst), c.Items, o)
	case CmdCompress:
		dst = append(sp(dst), c.Algorithm...)
	case CmdSetACL, CmdDeleteACL, CmdListRights:
		dst = AppendValue(sp(dst), c.Mailbox, o)
		dst = AppendValue(sp(dst), c.Identifier, o)
		if c.Kind == CmdSetACL {
			dst = AppendValue(sp(dst), c.Rights, o)
		}
	}
	return append(dst, '\r', '\n')
}

// AppendFetchAtt appends one FETCH item from its parsed fields: its name,
// "[section]" built from Part, Specifier and Fields, "<origin.size>", and
// PREVIEW's modifiers.
func AppendFetchAtt(dst []byte, a *FetchAtt, o StringOpts) []byte {
	switch a.Kind {
	case FetchBodySection, FetchBinary, FetchBinarySize:
		switch {
		case a.Kind == FetchBinarySize:
			dst = append(dst, "BINARY.SIZE"...)
		case a.Kind == FetchBinary:
			dst = append(dst, "BINARY"...)
		default:
			dst = append(dst, "BODY"...)
		}
		if a.Peek {
			dst = append(dst, ".PEEK"...)
		}
		dst = append(dst, '[')
		part := a.Part()
		dst = append(dst, part...)
		if spec := a.Specifier(); spec != nil {
			if part != nil {
				dst = append(dst, '.')
			}
			dst = append(dst, spec...)
			if f := a.Fields(); f.Form != FormNone {
				dst = append(dst, ' ')
				dst = AppendValue(dst, f, o)
			}
		}
		dst = append(dst, ']')
		if a.Partial {
			dst = append(dst, '<')
			dst = appendDecimal(dst, uint64(a.Origin))
			dst = append(dst, '.')
			dst = appendDecimal(dst, uint64(a.Size))
			dst = append(dst, '>')
		}
		return dst
	case FetchUnknown:
		return append(dst, a.Name()...)
	}
	dst = append(dst, fetchAttNames[a.Kind]...)
	if m := a.Modifiers(); m.Form != FormNone {
		dst = append(dst, ' ')
		dst = AppendValue(dst, m, o)
	}
	return dst
}

// appendSearchKeys appends a run of search keys, each from its parsed
// fields, separated by SP.
func appendSearchKeys(dst []byte, it SearchIter, o StringOpts) []byte {
	for i := 0; it.Next(); i++ {
		if i > 0 {
			dst = append(dst, ' ')
		}
		k := it.Key()
		dst = AppendSearchKey(dst, &k, o)
	}
	return dst
}

// AppendSearchKey appends one search key from its parsed fields, its
// operands (NOT, OR) and group members included.
func AppendSearchKey(dst []byte, k *SearchKey, o StringOpts) []byte {
	switch k.Kind {
	case SearchSeqSet:
		return append(dst, k.Seq().Raw...)
	case SearchGroup:
		dst = append(dst, '(')
		dst = appendSearchKeys(dst, k.Keys(), o)
		return append(dst, ')')
	}
	if k.Kind >= numSearchKeyKinds {
		return dst
	}
	dst = append(dst, searchKeys[k.Kind].name...)
	switch searchKeys[k.Kind].arg {
	case argNot, argOr, argFuzzy:
		dst = append(dst, ' ')
		return appendSearchKeys(dst, k.Keys(), o)
	case argSeq:
		dst = append(dst, ' ')
		return append(dst, k.Seq().Raw...)
	case argHeader:
		dst = append(dst, ' ')
		dst = AppendValue(dst, k.Field(), o)
	case argModSeq:
		if f := k.Field(); f.Form != FormNone {
			dst = append(dst, ' ')
			dst = AppendValue(dst, f, o)
			dst = append(dst, ' ')
			dst = append(dst, k.EntryType()...)
		}
	case argNone:
		return dst
	}
	dst = append(dst, ' ')
	return AppendValue(dst, k.Arg(), o)
}

// decimalPad is appended to make room for the digits appendDecimal writes
// in place.
const decimalPad = "00000000000000000000"

// decimalPairs holds the two digits of 00 to 99, for writing a number two
// digits per division.
const decimalPairs = "0001020304050607080910111213141516171819" +
	"2021222324252627282930313233343536373839" +
	"4041424344454647484950515253545556575859" +
	"6061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// digitPairs is decimalPairs in an array of 256, so that an index of type
// uint8 needs no bounds check; computed once, never written.
var digitPairs = func() (t [256]byte) {
	copy(t[:], decimalPairs)
	return t
}()

// appendDecimal appends v in decimal, as strconv.AppendUint(dst, v, 10)
// does, but writes the digits straight into dst's new tail, two per
// division, rather than formatting into a scratch buffer and copying:
// encoding writes several small numbers per command (tags, sequence
// numbers, partials).
func appendDecimal(dst []byte, v uint64) []byte {
	if v < 10000 {
		// The common sizes (tags, sequence numbers) from one word of
		// four digits, in one append each.
		w := digits4(uint32(v))
		switch {
		case v >= 1000:
			return binary.LittleEndian.AppendUint32(dst, w)
		case v >= 100:
			return append(dst, byte(w>>8), byte(w>>16), byte(w>>24))
		case v >= 10:
			return binary.LittleEndian.AppendUint16(dst, uint16(w>>16))
		}
		return append(dst, byte(w>>24))
	}
	if v < 100000000 {
		// Five to eight digits: two words of four, stored so that the
		// two stores overlap within the number (never past it).
		hi := uint32(v / 10000)
		n := 5 + b2i(hi >= 10) + b2i(hi >= 100) + b2i(hi >= 1000)
		w := uint64(digits4(hi)) | uint64(digits4(uint32(v)-hi*10000))<<32
		w >>= 8 * uint(8-n)
		l := len(dst)
		if cap(dst)-l >= n {
			dst = dst[:l+n]
		} else {
			dst = append(dst, decimalPad[:n]...)
		}
		t := dst[l:]
		binary.LittleEndian.PutUint32(t, uint32(w))
		binary.LittleEndian.PutUint32(t[len(t)-4:], uint32(w>>(8*uint(n-4))))
		return dst
	}
	n := decimalLen(v)
	l := len(dst)
	if cap(dst)-l >= n {
		dst = dst[:l+n]
	} else {
		dst = append(dst, decimalPad[:n]...)
	}
	i := l + n
	if v <= 0xffffffff {
		// 32-bit division is cheaper, and the numbers of IMAP are 32-bit.
		w := uint32(v)
		for w >= 100 {
			q := w / 100
			r := 2 * (w - q*100)
			i -= 2
			dst[i], dst[i+1] = decimalPairs[r], decimalPairs[r+1]
			w = q
		}
		v = uint64(w)
	} else {
		for v >= 100 {
			q := v / 100
			r := 2 * (v - q*100)
			i -= 2
			dst[i], dst[i+1] = decimalPairs[r], decimalPairs[r+1]
			v = q
		}
	}
	if v >= 10 {
		dst[i-2], dst[i-1] = decimalPairs[2*v], decimalPairs[2*v+1]
	} else {
		dst[i-1] = byte('0' + v)
	}
	return dst
}

// digits4 returns v (below 10,000) as four ASCII digits, the first (most
// significant) in the low octet: v/100 and v%100 go into two 16-bit lanes,
// each lane is split into tens and ones with a multiply by 103 and a shift
// by 10 (exact below 100), and "0" is added to every octet.
func digits4(v uint32) uint32 {
	hi := v * 5243 >> 19 // v / 100 for v below 10,000
	pair := hi | (v-hi*100)<<16
	tens := (pair * 103 >> 10) & 0x000f000f
	return (tens | (pair-tens*10)<<8) + 0x30303030
}

// b2i returns 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// decimalLen returns the number of decimal digits of v, v >= 100.
func decimalLen(v uint64) int {
	switch {
	case v < 1000:
		return 3
	case v < 10000:
		return 4
	case v < 100000:
		return 5
	case v < 1000000:
		return 6
	}
	n := 7
	for x := uint64(10000000); n < 20 && v >= x; x *= 10 {
		n++
	}
	return n
}
