package parser

import (
	"encoding/binary"
	"math/bits"
)

// The command-side fast paths. ParseCommand reads the common shapes of
// the commands a client sends most (the tag and name of every command,
// and the arguments of FETCH with a parenthesised item list and of SEARCH
// without RETURN or CHARSET) with the functions of this file: each keeps
// its position in a local, recognises keywords by comparing eight octets
// at once instead of reading them one by one and looking the run up in a
// table, and writes the command's record directly. A fast path takes only
// input that the general grammar code (command.go, fetchatt.go,
// search.go) accepts, and leaves the same fields and record; on anything
// else (a rare form, a limit, every error) it gives up having changed
// nothing that the general path does not set again, and that path reads
// the command, so errors and their offsets come from one place.
// TestCommandFastMatchesGeneral holds the two paths to the same result.

// fastWords is a set of keywords of at most 15 octets each, without
// octets below 0x21: a lookup reads the input eight octets at a time,
// finds where the token ends with a few word operations (tokenLen), and
// probes a small hash table keyed by the token's folded octets and length,
// so that it costs a few dozen instructions whatever the token's length.
// Built once at initialisation, read-only after.
type fastWords struct {
	slots [256]fastSlot
}

// fastSlot is one slot of fastWords: the keyword's octets folded with
// |0x20 in two little-endian words (zero past its length), its length,
// and 1 + its id (0 for an empty slot).
type fastSlot struct {
	k0, k1 uint64
	n, id  uint8
}

// fastHash mixes a folded token's first word (which, its octets being
// non-zero, also tells its length up to 8) and, for longer tokens, its
// second word into a slot index.
func fastHash(k0, k1 uint64) uint8 {
	return uint8(((k0 ^ k1*0xff51afd7ed558ccd) * 0x9E3779B97F4A7C15) >> 56)
}

// newFastWords indexes names, each with the id at the same index.
func newFastWords(names []string, ids []uint8) fastWords {
	var t fastWords
	for i, name := range names {
		if len(name) > 15 || len(ids) != len(names) || len(names) >= 128 {
			panic("parser: bad fast keyword set")
		}
		var k [2]uint64
		for j := 0; j < len(name); j++ {
			k[j/8] |= uint64(name[j]|0x20) << (8 * (j % 8))
		}
		h := fastHash(k[0], k[1])
		for t.slots[h].id != 0 {
			h++
		}
		t.slots[h] = fastSlot{k0: k[0], k1: k[1], n: uint8(len(name)), id: ids[i] + 1}
	}
	return t
}

// lowBytes[n] keeps the n low octets of a word.
var lowBytes = [8]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff}

// load8 returns the eight octets of b at p as a little-endian word, with
// zeros for those past the end; it returns 0 (which no fast path takes
// for a keyword or a delimiter) when b is shorter than eight octets or p
// is outside b. Small enough to be inlined. The test and the slice are
// written so that the compiler proves most of the load in bounds and
// builds no masked slice pointer (b[p:] and p+8 <= len(b) cost some 3,000
// instructions a stream of the typical commands).
func load8(b []byte, p int) uint64 {
	if len(b) >= 8 && uint(p) <= uint(len(b)-8) {
		return binary.LittleEndian.Uint64(b[p : p+8 : len(b)])
	}
	if k := p + 8 - len(b); p >= 0 && k < 8 && len(b) >= 8 {
		// Near the end: the last eight octets, shifted down.
		return binary.LittleEndian.Uint64(b[len(b)-8:]) >> (8 * k)
	}
	return 0
}

const (
	ones8 = 0x0101010101010101
	high8 = 0x8080808080808080
)

// stopMask marks (in the high bit of each octet) the octets of w that end
// a token: those below 0x21 (CTLs, SP; zeros past the end), "(" and ")",
// and with fetch also "[" and "<". Only its lowest marked octet is exact
// (a borrow can mark octets above it), which is all tokenLen uses.
func stopMask(w uint64, fetch bool) uint64 {
	m := (w - 0x21*ones8) &^ w
	y := w ^ '('*ones8 // "(" -> 0, ")" -> 1
	m |= (y - 2*ones8) &^ y
	if fetch {
		y = w ^ '['*ones8
		m |= (y - ones8) &^ y
		y = w ^ '<'*ones8
		m |= (y - ones8) &^ y
	}
	return m & high8
}

// alnumRun returns how many of the low octets of w, from the first, are
// ASCII letters or digits (8 when all are): the common shape of a tag or
// a header field name, found eight octets at a time. For an ASCII octet
// x, x+(0x80-lo) has its high bit set when x >= lo and x+(0x7f-hi) when
// x > hi, without a carry into the next octet; an octet with its high
// bit set is not counted, and the carries it may cause only reach the
// octets above it, which the count does not look at.
func alnumRun(w uint64) int {
	y := w | 0x20*ones8 // letters folded to lower case
	letter := (y + (0x80-'a')*ones8) &^ (y + (0x7f-'z')*ones8)
	digit := (w + (0x80-'0')*ones8) &^ (w + (0x7f-'9')*ones8)
	bad := ^(letter | digit) & high8
	bad |= w & high8
	return bits.TrailingZeros64(bad) >> 3 // 64 >> 3 when none is bad
}

// match returns the id and length of the keyword of t that is the token at
// b[p], ignoring case, or -1. The token ends at the first octet that
// stopMask marks, or at the end of b; an octet that stop does not mark
// (a quote, an 8-bit octet) stays in it, so that no keyword matches and
// the caller takes the general path. With the stop sets used here (all
// octets that end an atom, or a FETCH item's name) the keyword is then
// exactly the run a scanning loop would read.
func (t *fastWords) match(b []byte, p int, fetch bool) (int, int) {
	w0 := load8(b, p)
	m := stopMask(w0, fetch)
	if m == 0 {
		return t.matchLong(b, p, w0, fetch)
	}
	n := bits.TrailingZeros64(m) >> 3
	k0 := (w0 | 0x2020202020202020) & lowBytes[n&7]
	for h := fastHash(k0, 0); ; h++ {
		e := &t.slots[h]
		if e.k0 == k0 && e.k1 == 0 && n != 0 {
			return int(e.id) - 1, n
		}
		if e.id == 0 {
			return -1, 0
		}
	}
}

// matchLong is match for a token of eight octets or more, whose first
// eight are w0.
func (t *fastWords) matchLong(b []byte, p int, w0 uint64, fetch bool) (int, int) {
	w1 := load8(b, p+8)
	m := stopMask(w1, fetch)
	if m == 0 {
		return -1, 0
	}
	j := bits.TrailingZeros64(m) >> 3
	k0, k1 := w0|0x2020202020202020, (w1|0x2020202020202020)&lowBytes[j&7]
	for h := fastHash(k0, k1); ; h++ {
		e := &t.slots[h]
		if e.k0 == k0 && e.k1 == k1 {
			return int(e.id) - 1, 8 + j
		}
		if e.id == 0 {
			return -1, 0
		}
	}
}

// atomStop marks the octets that end an atom (all but ATOM-CHARs);
// computed once, never written.
var atomStop = func() (a [256]bool) {
	for c := range a {
		a[c] = !isAtomChar(byte(c))
	}
	return a
}()

// fastUID is the id of "UID" in commandFast.
const fastUID = uint8(numCommandKinds)

// commandFast finds command names (and "UID"), searchKeyFast search key
// names, fetchAttFast FETCH item names; built once, read-only.
var (
	commandFast = func() fastWords {
		names := []string{"UID", "NOOP"}
		ids := []uint8{fastUID, uint8(CmdNoop)}
		for k := CmdCapability; k < numCommandKinds; k++ {
			if k != CmdNoop {
				names, ids = append(names, commandNames[k]), append(ids, uint8(k))
			}
		}
		return newFastWords(names, ids)
	}()
	searchKeyFast = func() fastWords {
		// The frequent keys first within their letter.
		names := []string{"SEEN", "SINCE", "SUBJECT", "FROM", "UNSEEN", "UID", "OR", "NOT", "DELETED"}
		ids := []uint8{uint8(SearchSeen), uint8(SearchSince), uint8(SearchSubject), uint8(SearchFrom),
			uint8(SearchUnseen), uint8(SearchUID), uint8(SearchOr), uint8(SearchNot), uint8(SearchDeleted)}
		for k := SearchNot; k < numSearchKeyKinds; k++ {
			if n := searchKeys[k].name; len(n) <= 16 && !isOneOf([]byte(n), names) {
				names, ids = append(names, n), append(ids, uint8(k))
			}
		}
		return newFastWords(names, ids)
	}()
	fetchAttFast = func() fastWords {
		names := []string{"UID", "FLAGS", "BODY.PEEK", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE",
			"BODYSTRUCTURE", "BODY", "RFC822.HEADER", "RFC822.TEXT", "RFC822", "MODSEQ", "EMAILID",
			"THREADID", "SAVEDATE"}
		ids := make([]uint8, len(names))
		for i, n := range names {
			ids[i] = uint8(fetchAttWords.find([]byte(n)))
		}
		return newFastWords(names, ids)
	}()
)

// parseFast is ParseCommand: it reads command b into c on the fast
// paths, and returns nil when they read the whole command (its final CRLF
// checked). Otherwise it hands the command to the general path
// (parseCommandFrom): from the start, having changed nothing, when it
// could not read the head; or, when it read only the head, from the
// position after the command name, with c as reset and parseCommand's
// head leave it.
//
// It is one function, the head read inline, and writes each field once:
// the previous command's fields are cleared first but for those that
// the fast path of this kind sets whole (fastFields), then the head's and
// the record's, then the arguments'; only on giving up after the head
// does it clear the fields it skipped. (reset followed by the head, as
// separate calls, wrote the head's fields twice and spilled the command's
// bounds around each call; and ParseCommand, which only calls it, is
// inlined, so that a caller's loop calls it directly.)
func (c *Command) parseFast(b []byte, lim *Limits) error {
	// tag SP: most tags are letters and digits, skipped a word at a
	// time; the octet after a run shorter than eight is in the word, and
	// most often the SP.
	p := alnumRun(load8(b, 0))
	if p >= len(b) || b[p] != ' ' {
		for p < len(b) && charClass[b[p]]&cTag != 0 {
			p++
		}
		if p >= len(b) || b[p] != ' ' {
			return parseCommandFrom(b, c, lim, -1)
		}
	}
	if p == 0 {
		return parseCommandFrom(b, c, lim, -1)
	}
	tagEnd := p
	p++
	at := p
	id, n := hotCommand(load8(b, p))
	if id < 0 {
		if id, n = commandFast.match(b, p, false); id < 0 {
			return parseCommandFrom(b, c, lim, -1)
		}
	}
	p += n
	uid := false
	if uint8(id) == fastUID {
		if p >= len(b) || b[p] != ' ' {
			return parseCommandFrom(b, c, lim, -1)
		}
		p++
		at = p
		if id, n = hotCommand(load8(b, p)); id < 0 {
			if id, n = commandFast.match(b, p, false); id < 0 {
				return parseCommandFrom(b, c, lim, -1)
			}
		}
		switch CommandKind(id) {
		case CmdCopy, CmdMove, CmdFetch, CmdSearch, CmdStore, CmdExpunge, CmdSort, CmdThread:
		default:
			return parseCommandFrom(b, c, lim, -1)
		}
		p += n
		uid = true
	}
	kind := CommandKind(id)
	keep := fastFields[uint8(kind)]
	// The tag, name and UID are stored before clearStale (which reads none),
	// so that their bounds are not kept across its call. The slices are
	// cut first and the pointers stored in runs, so that one test of the
	// write barrier covers each.
	tag, name := b[:tagEnd], b[at:p]
	c.Tag = tag
	c.Name = name
	c.UID = uid
	c.clearStale(keep)
	c.Raw = b
	c.lim = lim
	c.idx.reset(b, lim)
	c.Kind = kind
	if keep != 0 {
		if p+1 < len(b) && b[p] == ' ' && !c.idx.full {
			var end int
			switch kind {
			case CmdFetch:
				end = fetchFast(b, p+1, c, lim)
			case CmdSearch:
				end = searchFast(b, p+1, c, lim)
			default: // CmdStore
				end = storeFast(b, p+1, c, lim)
			}
			if end >= 0 {
				// (The fast path set Args and ArgsOff with its other
				// fields: here they cost a reload of the bounds the call
				// spilled and a test of the write barrier of their own.)
				return nil
			}
			// Give the record back as reset leaves it.
			c.idx.n, c.idx.nd, c.idx.lists.n = 0, 0, 0
		}
		// Clear the fields that clearStale kept and the fast path may
		// have set.
		c.clearFields(keep)
	} else if !hasArgs(kind, uid) && atCommandEnd(b, p) {
		c.Args = nil
		c.ArgsOff = 0
		return nil
	}
	c.Args = nil
	c.ArgsOff = 0
	return parseCommandFrom(b, c, lim, p)
}

// fastFields is the set of argument fields that the fast path of a
// command kind sets whole when it reads the command (0 for the kinds
// without one); computed once, never written.
var fastFields = func() (t [256]argFields) {
	t[CmdFetch] = fieldSeq | fieldItems
	t[CmdStore] = fieldSeq | fieldItems | fieldOp
	t[CmdSearch] = fieldKeys
	return t
}()

// hotCommand recognises the names clients send most, in w (the eight
// octets at the name), by one comparison each that includes the octet
// after the name (SP, or CR for NOOP), letters folded: "UID", "FETCH",
// "STORE", "SEARCH" and "NOOP". It returns the id and length as
// commandFast.match would, or -1 for any other name.
func hotCommand(w uint64) (int, int) {
	const (
		uid    = uint64('u' | 'i'<<8 | 'd'<<16 | ' '<<24)
		fetch  = uint64('f' | 'e'<<8 | 't'<<16 | 'c'<<24 | 'h'<<32 | ' '<<40)
		store  = uint64('s' | 't'<<8 | 'o'<<16 | 'r'<<24 | 'e'<<32 | ' '<<40)
		search = uint64('s' | 'e'<<8 | 'a'<<16 | 'r'<<24 | 'c'<<32 | 'h'<<40 | ' '<<48)
		noop   = uint64('n' | 'o'<<8 | 'o'<<16 | 'p'<<24 | '\r'<<32 | '\n'<<40)
	)
	switch {
	case w&0xffffffff|0x202020 == uid:
		return int(fastUID), 3
	case w&0xffffffffffff|0x2020202020 == fetch:
		return int(CmdFetch), 5
	case w&0xffffffffffff|0x2020202020 == store:
		return int(CmdStore), 5
	case w&0xffffffffffffff|0x202020202020 == search:
		return int(CmdSearch), 6
	case w&0xffffffffffff|0x20202020 == noop:
		return int(CmdNoop), 4
	}
	return -1, 0
}

// atCommandEnd reports whether p is where the command's final CRLF is.
func atCommandEnd(b []byte, p int) bool {
	return p+2 == len(b) && b[p] == '\r' && b[p+1] == '\n'
}

// seqSetFast reads a sequence-set ("*" and "$" allowed) at p, as
// scanner.seqSet accepts it, and returns the position after it, or -1 for
// an error or a set beyond MaxArgs (the general path then reports it).
//
// The commonest sets, a number or a range of two numbers of one to seven
// digits each (not starting with "0") that fit with the octet after them
// in the eight octets at p, are read from one word; the loop reads the
// rest.
func seqSetFast(b []byte, p int, lim *Limits) int {
	if w := load8(b, p); lim.MaxArgs >= 1 {
		d := digitRun(w)
		if uint(d-1) < 7 && byte(w) != '0' {
			switch byte(w >> (8 * d)) {
			default:
				return p + d
			case ':':
				w2 := w >> (8 * (d + 1))
				if d2 := digitRun(w2); d2 > 0 && d+1+d2 < 8 && byte(w2) != '0' && byte(w2>>(8*d2)) != ',' {
					return p + d + 1 + d2
				}
			case ',':
			}
		}
	}
	if p < len(b) && b[p] == '$' {
		return p + 1
	}
	for n := 1; n <= lim.MaxArgs; n++ {
		// seq-number [":" seq-number], each a non-zero 32-bit number or "*"
		for k := 0; ; k++ {
			if p < len(b) && b[p] == '*' {
				p++
			} else if p = seqNumberEnd(b, p); p < 0 {
				return -1
			}
			if k == 1 || p >= len(b) || b[p] != ':' {
				break
			}
			p++
		}
		if p >= len(b) || b[p] != ',' {
			return p
		}
		p++
	}
	return -1
}

// seqNumberEnd returns the position after the non-zero number below 2^32
// at p, or -1, as readNumber does with its value tested. The numbers of
// a sequence set are mostly one to seven digits that do not start with
// "0": those (non-zero, and too short to overflow) are counted in one
// word, without the value; the loop reads the rest.
func seqNumberEnd(b []byte, p int) int {
	w := load8(b, p)
	if d := digitRun(w); uint(d-1) < 7 && byte(w) != '0' {
		return p + d
	}
	if v, q, ok := readNumber(b, p); ok && v != 0 {
		return q
	}
	return -1
}

// digitRun returns how many of the low octets of w, from the first, are
// ASCII digits (8 when all are). It is exact up to the first octet with
// its high bit set, which ends the run: carries from it only reach the
// octets above it.
func digitRun(w uint64) int {
	digit := (w + (0x80-'0')*ones8) &^ (w + (0x7f-'9')*ones8)
	return bits.TrailingZeros64((^digit|w)&high8) >> 3
}

// numberFast reads a number (below 2^32) at p as scanner.number does and
// returns it and the position after it, or -1.
func numberFast(b []byte, p int) (uint32, int) {
	n, q, ok := readNumber(b, p)
	if !ok {
		return 0, -1
	}
	return n, q
}

// fetchFast reads FETCH's sequence-set SP "(" fetch-att *(SP fetch-att)
// ")" CRLF at p, for items named alone and BODY[] / BODY.PEEK[] with an
// empty section, HEADER, TEXT or HEADER.FIELDS[.NOT] with a list of atoms,
// and an optional partial, as parseFetch does. It returns the position of
// the final CRLF, or -1. On success it sets c.Args and c.ArgsOff (p and
// on) with its other fields, as searchFast and storeFast do: parseFast
// set them after the call, reloading the bounds the call had spilled.
func fetchFast(b []byte, p int, c *Command, lim *Limits) int {
	seqAt := p
	if p = seqSetFast(b, p, lim); p < 0 || p+1 >= len(b) || b[p] != ' ' || b[p+1] != '(' {
		return -1
	}
	seqEnd := p
	p += 2
	start := p
	x := &c.idx
	// Each item takes one mark (x.n is 0 here): one bound covers MaxArgs
	// and the record's room, and the marks are counted in a local.
	imax := int32(maxCmdMarks)
	if lim.MaxArgs < maxCmdMarks {
		imax = int32(lim.MaxArgs)
	}
	for i := int32(0); ; {
		if i >= imax {
			return -1
		}
		at := p
		// The item names clients send most ("UID", "FLAGS", "BODY.PEEK",
		// "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE"): a
		// switch on the first letter, then one or two word comparisons
		// each, letters folded. The octet after the name comes from the
		// words read: it must end the name and, but after BODY.PEEK
		// (whose "[" is in its comparison), not be "[" (so no test for
		// one follows). match looks up any other name.
		w := load8(b, p)
		id, n := -1, 0
		var next byte
		switch byte(w) | 0x20 {
		case 'u':
			if w&0xffffff|0x202020 == 'u'|'i'<<8|'d'<<16 {
				id, n, next = int(FetchUID), 3, byte(w>>24)
			}
		case 'f':
			if w&0xffffffffff|0x2020202020 == 'f'|'l'<<8|'a'<<16|'g'<<24|'s'<<32 {
				id, n, next = int(FetchFlags), 5, byte(w>>40)
			}
		case 'b':
			switch {
			case w|0x2020200020202020 == 'b'|'o'<<8|'d'<<16|'y'<<24|'.'<<32|'p'<<40|'e'<<48|'e'<<56:
				if w1 := load8(b, p+8); w1&0xffff|0x20 == 'k'|'['<<8 {
					id, n, next = fetchBodyPeek, 9, 0
				}
			case w|0x2020202020202020 == 'b'|'o'<<8|'d'<<16|'y'<<24|'s'<<32|'t'<<40|'r'<<48|'u'<<56:
				if w1 := load8(b, p+8); w1&0xffffffffff|0x2020202020 == 'c'|'t'<<8|'u'<<16|'r'<<24|'e'<<32 {
					id, n, next = int(FetchBodyStructure), 13, byte(w1>>40)
				}
			}
		case 'i':
			if w|0x2020202020202020 == 'i'|'n'<<8|'t'<<16|'e'<<24|'r'<<32|'n'<<40|'a'<<48|'l'<<56 {
				if w1 := load8(b, p+8); w1&0xffffffff|0x20202020 == 'd'|'a'<<8|'t'<<16|'e'<<24 {
					id, n, next = int(FetchInternalDate), 12, byte(w1>>32)
				}
			}
		case 'r':
			if w|0x2000000000202020 == 'r'|'f'<<8|'c'<<16|'8'<<24|'2'<<32|'2'<<40|'.'<<48|'s'<<56 {
				if w1 := load8(b, p+8); w1&0xffffff|0x202020 == 'i'|'z'<<8|'e'<<16 {
					id, n, next = int(FetchRFC822Size), 11, byte(w1>>24)
				}
			}
		case 'e':
			if w|0x2020202020202020 == 'e'|'n'<<8|'v'<<16|'e'<<24|'l'<<32|'o'<<40|'p'<<48|'e'<<56 {
				id, n, next = int(FetchEnvelope), 8, byte(load8(b, p+8))
			}
		}
		if id >= 0 && (next == ' ' || next == ')') && id != fetchBodyPeek {
			// A common item, alone, and the octet after it is known:
			// its mark, and on to the next item or the end.
			p += n
			m := &x.mark[i&(maxCmdMarks-1)]
			m.start, m.end, m.next, m.kind, m.det = int32(at), int32(p), i+1, uint8(id), 0
			i++
			if next == ')' {
				x.n = i
				break
			}
			p++
			continue
		}
		l := n
		if id < 0 || fetchNameChar[next] != 0 || next == '[' {
			if id, l = fetchAttFast.match(b, p, true); id < 0 {
				return -1
			}
			if e := p + l; id != fetchBodyPeek && id != int(FetchBody) && e < len(b) && b[e] == '[' {
				return -1
			}
		}
		p += l
		kind, peek := FetchAttKind(id), false
		switch {
		case id == fetchBodyPeek:
			kind, peek = FetchBodySection, true
		case kind == FetchBody && p < len(b) && b[p] == '[':
			kind = FetchBodySection
		}
		if kind != FetchBodySection {
			m := &x.mark[i&(maxCmdMarks-1)]
			m.start, m.end, m.next, m.kind, m.det = int32(at), int32(p), i+1, uint8(kind), 0
		} else if p = sectionFast(b, p, x, i, at, at+l, peek); p < 0 {
			return -1
		}
		i++
		if p >= len(b) || b[p] != ' ' {
			x.n = i
			break
		}
		p++
	}
	if p >= len(b) || b[p] != ')' || !atCommandEnd(b, p+1) {
		return -1
	}
	c.Seq.Raw = b[seqAt:seqEnd]
	c.Items.setFields(FormList, b[start:p], start, lim)
	c.Args, c.ArgsOff = b[seqAt:p+1], seqAt
	return p + 1
}

// sectionFast reads the section and partial of BODY[...] or BODY.PEEK[...]
// (the name ends at nameEnd, and p is at its "["), records the item as
// mark i (the last of the marks so far) with its detail, as fetchAttNamed
// and cmdIndex.closeAtt do, and returns the position after it, or -1.
// Its limits are the record's (x.lim, fetchFast's): one argument less to
// pass and to keep across the call.
func sectionFast(b []byte, p int, x *cmdIndex, i int32, at, nameEnd int, peek bool) int {
	if p >= len(b) || b[p] != '[' || x.nd >= maxAttDetails {
		return -1
	}
	p++
	secStart := p
	// The detail is written in its slot, one field a statement (a local
	// copied whole waited on its narrow stores); x.nd counts it only on
	// success.
	d := &x.detail[x.nd&(maxAttDetails-1)]
	d.nameEnd, d.secStart, d.secEnd, d.partEnd = int32(nameEnd), int32(secStart), 0, int32(secStart)
	d.specStart, d.specEnd, d.fields, d.fieldsEnd, d.fieldsTi = 0, 0, 0, 0, 0
	d.origin, d.size = 0, 0
	d.hasFields, d.partial, d.peek = false, false, peek
	if p < len(b) && b[p] != ']' {
		w := load8(b, p)
		switch {
		case w&0xffffffffffff|0x202020202020 == 'h'|'e'<<8|'a'<<16|'d'<<24|'e'<<32|'r'<<40:
			p += 6
			if p < len(b) && b[p] == '.' {
				w = load8(b, p)
				switch {
				case w&0xffffffffffffff|0x20202020202000 == '.'|'f'<<8|'i'<<16|'e'<<24|'l'<<32|'d'<<40|'s'<<48:
					p += 7
					if q := p + 4; q <= len(b) && b[p] == '.' && b[p+1]|0x20 == 'n' && b[p+2]|0x20 == 'o' && b[p+3]|0x20 == 't' {
						p = q
					}
				default:
					return -1
				}
			}
		case w&0xffffffff|0x20202020 == 't'|'e'<<8|'x'<<16|'t'<<24:
			p += 4
		default:
			return -1
		}
		d.specStart, d.specEnd = int32(secStart), int32(p)
		if p < len(b) && (b[p]|0x20 >= 'a' && b[p]|0x20 <= 'z' || b[p] == '.') {
			return -1 // a longer specifier: the general path names the error
		}
		if p-secStart >= len("HEADER.FIELDS") {
			// HEADER.FIELDS[.NOT] SP "(" header-list ")"
			if p+1 >= len(b) || b[p] != ' ' || b[p+1] != '(' {
				return -1
			}
			p += 2
			d.fields = int32(p)
			if p, d.fieldsTi = headerListFast(b, p, &x.lists, x.lim); p < 0 || p >= len(b) || b[p] != ')' {
				return -1
			}
			d.fieldsEnd, d.hasFields = int32(p), true
			p++
		}
	}
	if p >= len(b) || b[p] != ']' {
		return -1
	}
	d.secEnd = int32(p)
	p++
	if p < len(b) && b[p] == '<' {
		var err int
		if d.origin, err = numberFast(b, p+1); err < 0 || err >= len(b) || b[err] != '.' {
			return -1
		}
		if d.size, p = numberFast(b, err+1); p < 0 || d.size == 0 || p >= len(b) || b[p] != '>' {
			return -1
		}
		p++
		d.partial = true
	}
	x.nd++
	m := &x.mark[i&(maxCmdMarks-1)]
	m.start, m.end, m.next, m.kind, m.det = int32(at), int32(p), i+1, uint8(FetchBodySection), uint8(x.nd)
	return p
}

// headerListFast reads header-fld-name *(SP header-fld-name) at p when
// each name is a run of ASTRING-CHARs without "[" and "]" that is neither
// NIL nor starts with a digit (nor with "~"), and records the list and its
// names on t as headerList does. It returns the position after the list
// and 1 + the list's entry, or -1.
//
// Per name: one table tests the first octet (which also makes the name
// non-empty), and both limits (MaxArgs names, and the record's room) are
// one bound on the entry index. (Names are a few octets each: reading
// them eight octets at a time cost more than this loop.)
func headerListFast(b []byte, p int, t *listSpans, lim *Limits) (int, int32) {
	top := t.n
	j := top + 1
	jmax := maxListSpans - 1
	if lim.MaxArgs < jmax-j {
		jmax = j + lim.MaxArgs
	}
	// The list's entry takes its start now and the rest after the loop
	// (with top read again from t.n): the loop then keeps neither in a
	// register, and reloads nothing per octet.
	t.span[top&(maxListSpans-1)].off = int32(p)
	for {
		if j >= jmax || p >= len(b) || !headerNameFirst[b[p]] {
			return -1, 0
		}
		q := p + 1
		for q < len(b) && headerNameChar[b[q]] {
			q++
		}
		if q >= len(b) || (q-p == 3 && equalFoldASCII(b[p:q], "NIL")) {
			return -1, 0
		}
		s := &t.span[j&(maxListSpans-1)]
		s.off, s.end, s.next, s.form = int32(p), int32(q), int32(j+1), FormAtom
		j++
		p = q
		if b[q] != ' ' {
			break // the caller wants ")"; "[" and "]" fail there
		}
		p++
	}
	top = t.n
	e := &t.span[top&(maxListSpans-1)]
	e.end, e.next, e.form = int32(p), int32(j), FormList
	t.n = j
	return p, int32(top + 1)
}

// headerNameFirst marks the octets that may start a header-fld-name on
// headerListFast's path: headerNameChar's but digits and "~" (an atom
// that is a number, or a literal8, is read by the general path);
// computed once, never written.
var headerNameFirst = func() (t [256]bool) {
	for c := range t {
		t[c] = headerNameChar[c] && c != '~' && (c < '0' || c > '9')
	}
	return t
}()

// searchFast reads SEARCH's search-program at p when it has no RETURN and
// no CHARSET, as parseSearch does, recording the keys. It returns the
// position of the final CRLF, or -1; on success it has set c.Args and
// c.ArgsOff (see fetchFast).
func searchFast(b []byte, p int, c *Command, lim *Limits) int {
	if p >= len(b) {
		return -1
	}
	if l := b[p] | 0x20; l == 'r' || l == 'c' {
		// Perhaps RETURN or CHARSET: the general path reads those.
		if w := load8(b, p) | 0x2020202020202020; w&0xffffffffffff == 'r'|'e'<<8|'t'<<16|'u'<<24|'r'<<32|'n'<<40 ||
			w&0xffffffffffffff == 'c'|'h'<<8|'a'<<16|'r'<<24|'s'<<32|'e'<<40|'t'<<48 {
			return -1
		}
	}
	// search-key *(SP search-key), as searchKeys1 reads it
	start := p
	for n := 0; ; n++ {
		if n >= lim.MaxArgs {
			return -1
		}
		if p = searchKeyFastAt(b, p, 0, &c.idx, lim); p < 0 {
			return -1
		}
		if p >= len(b) || b[p] != ' ' {
			break
		}
		p++
	}
	if !atCommandEnd(b, p) {
		return -1
	}
	c.Keys.setFields(FormList, b[start:p], start, lim)
	c.Args, c.ArgsOff = b[start:p], start
	return p
}

// searchKeyFastAt reads one search-key at p as searchKey does, for groups,
// sequence sets, NOT, OR and the keys without an argument or with an
// astring (an atom or a quoted string without escapes), a date, a number,
// a flag or a sequence set; it records the key in x and returns the
// position after it, or -1.
func searchKeyFastAt(b []byte, p, depth int, x *cmdIndex, lim *Limits) int {
	i := x.n
	if i >= maxCmdMarks || p >= len(b) {
		return -1
	}
	x.n = i + 1
	// The mark takes its start and kind as soon as they are known, its
	// end and next at the end: the index, start and kind are then not
	// kept across the calls for a group's, NOT's or OR's keys.
	m := &x.mark[i&(maxCmdMarks-1)]
	m.start, m.det = int32(p), 0
	// (A key's name, the commonest, is told from the rest by one test.)
	switch c := b[p]; {
	case c|0x20-'a' > 'z'-'a' && c == '(':
		if depth+1 > lim.MaxDepth {
			return -1
		}
		// The group's keys, as searchKeys1 reads them (here, not
		// through a function of its own: a call less per group).
		for n := 0; ; n++ {
			if n >= lim.MaxArgs {
				return -1
			}
			if p = searchKeyFastAt(b, p+1, depth+1, x, lim); p < 0 || p >= len(b) {
				return -1
			}
			if b[p] != ' ' {
				break
			}
		}
		if b[p] != ')' {
			return -1
		}
		p++
		m.kind = uint8(SearchGroup)
	case c|0x20-'a' > 'z'-'a' && (c == '*' || c == '$' || c-'0' <= 9):
		if p = seqSetFast(b, p, lim); p < 0 {
			return -1
		}
		m.kind = uint8(SearchSeqSet)
	default:
		// The keys clients send most: a switch on the first letter,
		// then one word comparison each, letters folded; the octet after
		// the name, also in w, must end an atom (0, past the end of the
		// command, does). match looks up any other.
		w := load8(b, p)
		id, n := -1, 0
		var next byte // the octet after the name
		switch byte(w) | 0x20 {
		case 's':
			switch {
			case w&0xffffffff|0x20202020 == 's'|'e'<<8|'e'<<16|'n'<<24:
				id, n, next = int(SearchSeen), 4, byte(w>>32)
			case w&0xffffffffffffff|0x20202020202020 == 's'|'u'<<8|'b'<<16|'j'<<24|'e'<<32|'c'<<40|'t'<<48:
				id, n, next = int(SearchSubject), 7, byte(w>>56)
			case w&0xffffffffff|0x2020202020 == 's'|'i'<<8|'n'<<16|'c'<<24|'e'<<32:
				id, n, next = int(SearchSince), 5, byte(w>>40)
			}
		case 'u':
			switch {
			case w&0xffffffffffff|0x202020202020 == 'u'|'n'<<8|'s'<<16|'e'<<24|'e'<<32|'n'<<40:
				id, n, next = int(SearchUnseen), 6, byte(w>>48)
			case w&0xffffff|0x202020 == 'u'|'i'<<8|'d'<<16:
				id, n, next = int(SearchUID), 3, byte(w>>24)
			}
		case 'f':
			if w&0xffffffff|0x20202020 == 'f'|'r'<<8|'o'<<16|'m'<<24 {
				id, n, next = int(SearchFrom), 4, byte(w>>32)
			}
		case 'o':
			if w&0xffff|0x2020 == 'o'|'r'<<8 {
				id, n, next = int(SearchOr), 2, byte(w>>16)
			}
		case 'n':
			if w&0xffffff|0x202020 == 'n'|'o'<<8|'t'<<16 {
				id, n, next = int(SearchNot), 3, byte(w>>24)
			}
		case 'd':
			if w&0xffffffffffffff|0x20202020202020 == 'd'|'e'<<8|'l'<<16|'e'<<24|'t'<<32|'e'<<40|'d'<<48 {
				id, n, next = int(SearchDeleted), 7, byte(w>>56)
			}
		case 'a':
			if w&0xffffff|0x202020 == 'a'|'l'<<8|'l'<<16 {
				id, n, next = int(SearchAll), 3, byte(w>>24)
			}
		}
		if id < 0 || !atomStop[next] {
			if id, n = searchKeyFast.match(b, p, false); id < 0 {
				return -1
			}
		}
		p += n
		m.kind = uint8(id)
		arg := searchKeyArg[uint8(id)]
		if arg == argNone {
			break
		}
		if p+1 >= len(b) || b[p] != ' ' {
			return -1
		}
		p++
		switch arg {
		case argAString:
			// An atom (ASTRING-CHARs, not starting with "~") or a quoted
			// string without escapes, as skipCmdAString reads it (here,
			// not through a function of its own: a call less per key).
			q := p
			switch c := b[p]; {
			case c == '"':
				q++
				// Eight octets a step (respfast.go's quotedStops) up to
				// the first that ends or escapes the string or may be a
				// control (or ends b: octets past it load as 0); the byte
				// loop then only confirms it, or reads on (a TAB, b
				// shorter than a word).
				for {
					if m := quotedStops(load8(b, q)); m != 0 {
						q += bits.TrailingZeros64(m) >> 3
						break
					}
					q += 8
				}
				for q < len(b) && charClass[b[q]]&cQuoted != 0 {
					q++
				}
				if q >= len(b) || b[q] != '"' {
					return -1
				}
				q++
			case c == '~':
				return -1
			default:
				for q < len(b) && charClass[b[q]]&cAString != 0 {
					q++
				}
				if q == p {
					return -1
				}
			}
			p = q
		case argDate:
			quoted := b[p] == '"'
			if quoted {
				p++
			}
			if p = dateFastAt(b, p); p >= 0 && quoted {
				if p >= len(b) || b[p] != '"' {
					return -1
				}
				p++
			}
		case argNot:
			if depth+1 > lim.MaxDepth {
				return -1
			}
			p = searchKeyFastAt(b, p, depth+1, x, lim)
		case argOr:
			// (A case of its own: arg is not kept across the call.)
			if depth+1 > lim.MaxDepth {
				return -1
			}
			if p = searchKeyFastAt(b, p, depth+1, x, lim); p >= 0 {
				if p >= len(b) || b[p] != ' ' {
					return -1
				}
				p = searchKeyFastAt(b, p+1, depth+1, x, lim)
			}
		case argSeq:
			p = seqSetFast(b, p, lim)
		case argFlag:
			q := p
			for q < len(b) && !atomStop[b[q]] {
				q++
			}
			if q == p {
				return -1
			}
			p = q
		default:
			return -1
		}
		if p < 0 {
			return -1
		}
	}
	m.end, m.next = int32(p), x.n // (as setMark)
	return p
}

// searchKeyArg is searchKeys' arg by kind, in a table that an octet
// indexes without a bounds check or a multiplication (the fast path
// looks it up once a key); computed once, never written.
var searchKeyArg = func() (t [256]searchArg) {
	for k := range searchKeys {
		t[k] = searchKeys[k].arg
	}
	return t
}()

// storeFast reads STORE's sequence-set SP ["+" / "-"] "FLAGS" [".SILENT"]
// SP flag-list CRLF at p, the flag list as storeFlagList reads and
// records it, as parseStore does. It returns the position of the final
// CRLF, or -1 (with c.Items perhaps set: the caller clears it); on
// success it has set c.Args and c.ArgsOff (see fetchFast).
func storeFast(b []byte, p int, c *Command, lim *Limits) int {
	seqAt := p
	if p = seqSetFast(b, p, lim); p < 0 || p+1 >= len(b) || b[p] != ' ' {
		return -1
	}
	seqEnd := p
	p++
	op := StoreReplace
	switch b[p] {
	case '+':
		op, p = StoreAdd, p+1
	case '-':
		op, p = StoreRemove, p+1
	}
	const (
		flagsSP = uint64('f' | 'l'<<8 | 'a'<<16 | 'g'<<24 | 's'<<32 | ' '<<40)
		flagsSi = uint64('f' | 'l'<<8 | 'a'<<16 | 'g'<<24 | 's'<<32 | '.'<<40 | 's'<<48 | 'i'<<56)
		lentSP  = uint64('l' | 'e'<<8 | 'n'<<16 | 't'<<24 | ' '<<32)
	)
	silent := false
	switch w := load8(b, p); {
	case w&0xffffffffffff|0x2020202020 == flagsSP:
		p += len("FLAGS ")
	case w|0x2020002020202020 == flagsSi && load8(b, p+8)&0xffffffffff|0x20202020 == lentSP:
		p += len("FLAGS.SILENT ")
		silent = true
	default:
		return -1
	}
	if p >= len(b) || b[p] != '(' {
		return -1
	}
	// The set and the operation are stored before the list is read, so
	// that they are not kept across the call (on failure parseFast clears
	// them). (parseFast started c's record on b, so storeFlags may record
	// the list.)
	c.Seq.Raw, c.Op, c.Silent = b[seqAt:seqEnd], op, silent
	if p = storeFlags(b, p, c, lim); p < 0 || !atCommandEnd(b, p) {
		return -1
	}
	c.Args, c.ArgsOff = b[seqAt:p], seqAt
	return p
}
