package parser

import (
	"encoding/binary"
	"math/bits"
)

// The fast path of ENVELOPE and BODY/BODYSTRUCTURE validation.
//
// Real servers send these values in one narrow form: plain quoted strings
// (no escape), NIL, small numbers and parenthesised lists, strict syntax.
// The fast path takes exactly that form in one loop, tapeScan, which
// switches on each element's first octet, appends the element to the walk
// record (the "tape", as JSON parsers such as simdjson call it) and checks
// the separators (one SP between elements, none after "(" or before ")",
// and ")(" only where the grammar has it). Beside it runs a small
// pushdown automaton over the elements' kinds (shapeNext): its state is
// where in the grammar of an envelope or a body the scan stands, and a
// list's entry keeps the state to go back to while the list is open. It
// replaces the checks of the recorded shape after the scan (session 4),
// which cost as much as a fifth of the scan.
//
// At anything outside that form (an escape, a literal, a message/rfc822
// part, body extensions, lenient mode, a limit, a syntax error, a full walk
// record) the fast path gives up, and the caller runs the general validator
// from the start of the value. Errors, their offsets and every unusual form
// therefore stay the general validator's; the fast path only ever accepts
// what the general one accepts, and records the same walk entries
// (TestFastPathMatchesGeneral checks both).

// Octet masks for reading eight octets of a quoted string at once.
const (
	swarLo = 0x0101010101010101
	swarHi = 0x8080808080808080
)

// scanWindow is how many octets tapeScan reads from an element's start
// with one bounds check.
const scanWindow = 32

// tapeScan reads the list value that opens at b[p] and appends its
// elements to t after t's last entry, in the order and with the extents
// the general validator records them (see listSpans), for a scanner whose
// base is 0. The value must have the shape that the automaton shapeNext
// accepts inside it from state st (stEnvDate for an envelope, stBodyStart
// for a body), with lists nested at most depth deep. tapeScan returns the
// position after the closing ")" and the record's new count, without
// setting t.n, or -1 when the value is not in the common form.
//
// Each element is read where it starts, by its first octet; after it come
// either SP and the next element, or ")" closing one list or more, after
// each of which may stand SP and the next element, or "(" (the parts of a
// multipart body and the addresses of an address list follow each other
// so). An SP after "(" or before ")" is refused, and so is an empty list,
// which the shapes taken here never have.
func tapeScan(b []byte, p int, t *listSpans, st uint, depth int) (int, int) {
	n0, ok := tapeOpen(b, p, t, depth)
	if !ok {
		return -1, 0
	}
	sp := &t.span
	cur := n0
	n := uint(n0) + 1
	p++
	// Each element is read from a window of scanWindow octets at its
	// start, so that its first octet, a short string with its closing
	// DQUOTE and the separator after it, NIL and its separator, or a
	// number and its separator need no bounds check each. Within the last
	// scanWindow octets of b the window is in tail, a copy of them padded
	// with NUL octets, which end every element: whatever a padded window
	// accepts lies in b. The copy is made here, since a call in the loop
	// would make the compiler keep the loop's variables on the stack.
	var tail [2 * scanWindow]byte
	if len(b) >= scanWindow {
		// Four words: an array copy would call memmove.
		w := (*[scanWindow]byte)(b[len(b)-scanWindow:])
		binary.LittleEndian.PutUint64(tail[0:], binary.LittleEndian.Uint64(w[0:]))
		binary.LittleEndian.PutUint64(tail[8:], binary.LittleEndian.Uint64(w[8:]))
		binary.LittleEndian.PutUint64(tail[16:], binary.LittleEndian.Uint64(w[16:]))
		binary.LittleEndian.PutUint64(tail[24:], binary.LittleEndian.Uint64(w[24:]))
	} else {
		copy(tail[:], b)
	}
	for {
		// b[p] starts an element.
		if n >= maxListSpans-1 {
			// The general path decides what a full record holds.
			return -1, 0
		}
		var w *[scanWindow]byte
		if p >= 0 && p <= len(b)-scanWindow { // (p >= 0 spares a bounds check)
			w = (*[scanWindow]byte)(b[p : p+scanWindow])
		} else {
			i := p - max(len(b)-scanWindow, 0)
			w = (*[scanWindow]byte)(tail[i : i+scanWindow])
		}
		switch c := w[0]; {
		case c == '"':
			// A plain quoted string: eight octets at a time while they
			// hold no DQUOTE, backslash or octet below 0x0e (NUL, CR and
			// LF among them). In each mask the lowest set bit is exact,
			// so the first octet that stops the scan is found. Most
			// strings end within the first sixteen octets, and their
			// closing DQUOTE and the separator after it are in the
			// window.
			k := uint(16)
			x := binary.LittleEndian.Uint64(w[1:9])
			if m := quotedStops(x); m != 0 {
				k = uint(bits.TrailingZeros64(m)) >> 3
			} else if m = quotedStops(binary.LittleEndian.Uint64(w[9:17])); m != 0 {
				k = 8 + uint(bits.TrailingZeros64(m))>>3
			}
			if w[(1+k)%scanWindow] == '"' { // (with k 16, a string of sixteen octets)
				if st == stBodyStart {
					st = mediaType(k, x)
				} else {
					st = uint(shapeNext[symQuoted][st%shapeStates])
				}
				sp[n] = tapeEntry{off: int32(p + 1), end: int32(p + 1 + int(k)), next: int32(n + 1), form: FormQuoted}
				n++
				if sep := w[(2+k)%scanWindow]; sep == ' ' {
					p += int(k) + 3
					continue
				} else if sep != ')' {
					return -1, 0
				}
				p += int(k) + 2
				goto closing
			}
			// Longer strings, strings at the end of b, and strings with
			// control octets go on in b: in line, since a call here
			// would make the compiler save registers on every string's
			// path.
			j := p + 1 + int(k)
			for j+8 <= len(b) {
				if m := quotedStops(binary.LittleEndian.Uint64(b[j : j+8])); m != 0 {
					j += bits.TrailingZeros64(m) >> 3
					break
				}
				j += 8
			}
			// The control octets other than NUL, CR and LF stop the
			// eight-octet reads: go on one by one.
			for j < len(b) && quotedPlain8[b[j]] != 0 {
				j++
			}
			if j+1 >= len(b) || b[j] != '"' {
				return -1, 0
			}
			if st == stBodyStart {
				st = mediaTypeOf(b[p+1 : j])
			} else {
				st = uint(shapeNext[symQuoted][st%shapeStates])
			}
			sp[n] = tapeEntry{off: int32(p + 1), end: int32(j), next: int32(n + 1), form: FormQuoted}
			n++
			if sep := b[j+1]; sep == ' ' {
				p = j + 2
				continue
			} else if sep != ')' {
				return -1, 0
			}
			p = j + 1
			goto closing
		case c == '(':
			// A list after "(" or SP. An empty list fails at its ")",
			// which does not start an element.
			d := sp[uint(cur)%maxListSpans].end>>8 - 1
			if d < 0 {
				return -1, 0
			}
			i := st % shapeStates
			sp[n] = tapeEntry{off: int32(p + 1), end: d<<8 | int32(shapeNext[symListRet][i]), next: int32(cur), form: FormList}
			st = uint(shapeNext[symListIn][i])
			cur = int(n)
			n++
			p++
			continue
		case c|0x20 == 'n':
			// NIL and the separator after it, from one load: "NIL "
			// in one comparison (the SP is not folded), else "NIL)".
			x := binary.LittleEndian.Uint32(w[:4]) | 0x202020
			st = uint(shapeNext[symNIL][st%shapeStates])
			sp[n] = tapeEntry{off: int32(p), end: int32(p + 3), next: int32(n + 1), form: FormNIL}
			n++
			if x == 'n'|'i'<<8|'l'<<16|' '<<24 {
				p += 4
				continue
			} else if x != 'n'|'i'<<8|'l'<<16|')'<<24 {
				return -1, 0
			}
			p += 3
			goto closing
		case c-'0' <= 9:
			// Up to nine digits: below 2^32 and 2^63 alike. A tenth
			// digit fails as a separator.
			i := uint(1)
			for i < 9 && w[i]-'0' <= 9 {
				i++
			}
			st = uint(shapeNext[symNumber][st%shapeStates])
			sp[n] = tapeEntry{off: int32(p), end: int32(p + int(i)), next: int32(n + 1), form: FormNumber}
			n++
			if sep := w[i%scanWindow]; sep == ' ' {
				p += int(i) + 1
				continue
			} else if sep != ')' {
				return -1, 0
			}
			p += int(i)
			goto closing
		default:
			return -1, 0
		}
	closing:
		// b[p] is ")": close lists while ")" follows, then SP and the
		// next element, or "(" and the next list.
		for {
			if st < stFirstClosable {
				return -1, 0
			}
			e := &sp[uint(cur)%maxListSpans]
			parent := int(e.next)
			v := e.end
			st = uint(v & 0xff)
			e.end = int32(p)
			e.next = int32(n)
			p++
			if parent < 0 {
				return p, int(n)
			}
			cur = parent
			if p >= len(b) {
				return -1, 0
			}
			c := b[p]
			if c == ')' {
				continue
			}
			if c == ' ' {
				p++
				break
			}
			if c != '(' || n >= maxListSpans-1 {
				return -1, 0
			}
			// A list right after the one just closed, at the same depth.
			i := st % shapeStates
			sp[n] = tapeEntry{off: int32(p + 1), end: v&^0xff | int32(shapeNext[symAfterRet][i]), next: int32(cur), form: FormList}
			st = uint(shapeNext[symAfterIn][i])
			cur = int(n)
			n++
			p++
			break
		}
	}
}

// tapeOpen checks the start of tapeScan's value (a "(" at b[p], room in
// t for two entries, a depth of 1 or more) and records the value's own
// list, as t's entry n, which it returns.
//
// The lists still open are chained through their entries, which hold
// until the list closes the enclosing list's index in next (-1 for the
// value itself), and in end the automaton's state after the list plus
// 256 times the depth that lists inside it may still add: no stack, and
// neither the depth nor its limit, to keep in registers.
func tapeOpen(b []byte, p int, t *listSpans, depth int) (n int, ok bool) {
	n = t.n
	if p < 0 || p >= len(b) || b[p] != '(' || uint(n) >= maxListSpans-1 || depth < 1 {
		return 0, false
	}
	// No value the record holds nests deeper than it has entries.
	depth = min(depth, maxListSpans)
	t.span[n] = tapeEntry{off: int32(p + 1), end: int32(depth-1) << 8, next: -1, form: FormList}
	return n, true
}

// quotedStops returns, for eight octets of a quoted string (the first in
// the low byte), a mask with the high bit set in the octets that stop a
// plain string: DQUOTE, backslash, and octets below 0x0e (NUL, CR and LF
// among them). Each of the three is the classic test for a zero octet,
// (v - 0x01..) &^ v, on x^DQUOTE, x^backslash and x-0x0e..; since the
// octets compared with are below 0x80, the three v have the high bits of
// x, so one &^ x serves all three. Only the lowest set bit is exact (a
// borrow may set bits above it), which is the one the callers use.
func quotedStops(x uint64) uint64 {
	q := x ^ ('"' * swarLo)
	e := x ^ ('\\' * swarLo)
	return ((q - swarLo) | (e - swarLo) | (x - 0x0e*swarLo)) &^ x & swarHi
}

// The symbols of the shape automaton: the kinds of element tapeScan reads.
// A list is two symbols, one for the state inside it and one for the
// state after it in the enclosing list, and a list right after ")" (with
// no SP) is another symbol than one after SP or "(".
const (
	symQuoted   = iota // a quoted string
	symNIL             // NIL
	symNumber          // a number
	symListIn          // a list after SP or "(": the state inside it
	symListRet         // and the state after it
	symAfterIn         // a list right after ")": the state inside it
	symAfterRet        // and the state after it
)

// The states of the shape automaton. stFail, 0, is where every
// transition not listed goes, and stays: the value is not in the form the
// fast path takes. A list may close only in the states from
// stFirstClosable on.
const (
	stFail = iota
	// Inside an envelope: the fields still to come.
	stEnvDate
	stEnvSubject
	stEnvFrom // from, sender, reply-to, to, cc, bcc: NIL or an address list
	stEnvSender
	stEnvReplyTo
	stEnvTo
	stEnvCc
	stEnvBcc
	stEnvInReplyTo
	stEnvMessageID
	stAddrFirst // an address list before its first address
	stAddrName  // an address: the four nstrings still to come
	stAddrADL
	stAddrMailbox
	stAddrHost
	stBodyStart // inside a body: a part (multipart) or the media type
	stMultiMore // after a part: the next part, or the media subtype
	stSubtype   // body-type-1part after the media type (not TEXT)
	stParam
	stID
	stDesc
	stEnc
	stOctets
	stTextSubtype // the same after the media type TEXT, which has lines
	stTextParam
	stTextID
	stTextDesc
	stTextEnc
	stTextOctets
	stTextLines
	stParamKey // body-fld-param: a key and its value
	stParamValue
	stDspType // body-fld-dsp: its type and parameters
	stDspParam
	stLangFirst // body-fld-lang as a list: its first string

	// The states where a list may close.
	stEnvEnd    // after the ten fields
	stAddrMore  // after an address: the next one
	stAddrEnd   // after an address's four nstrings
	stMultiExt  // body-ext-mpart: the parameters still may come
	stMD5       // body-ext-1part: the MD5 still may come
	stDsp       // the disposition still may come
	stLang      // the language still may come
	stLoc       // the location still may come
	stExtEnd    // after the location: no body-extension here
	stParamMore // after a parameter's value: the next key
	stDspEnd    // after the disposition's parameters
	stLangMore  // after a language in a list

	// shapeStates bounds the states, for the table's size.
	shapeStates = 64
)

// stFirstClosable is the first state where a list may close.
const stFirstClosable = stEnvEnd

// shapeNext is the transition table of the shape automaton, indexed by
// symbol and state: the grammar of RFC 9051's envelope and body, without
// message/rfc822 parts and body extensions, for the forms tapeScan reads.
var shapeNext = func() (t [symAfterRet + 1][shapeStates]uint8) {
	on := func(from, sym, to int) { t[sym][from] = uint8(to) }
	nstring := func(from, to int) { on(from, symQuoted, to); on(from, symNIL, to) }
	list := func(from, in, ret int) { on(from, symListIn, in); on(from, symListRet, ret) }
	after := func(from, in, ret int) { on(from, symAfterIn, in); on(from, symAfterRet, ret) }

	// envelope = "(" env-date SP env-subject SP env-from SP env-sender SP
	// env-reply-to SP env-to SP env-cc SP env-bcc SP env-in-reply-to SP
	// env-message-id ")"; an address list is "(" 1*address ")" or NIL.
	nstring(stEnvDate, stEnvSubject)
	nstring(stEnvSubject, stEnvFrom)
	for s := stEnvFrom; s <= stEnvBcc; s++ {
		on(s, symNIL, s+1)
		list(s, stAddrFirst, s+1)
	}
	nstring(stEnvInReplyTo, stEnvMessageID)
	nstring(stEnvMessageID, stEnvEnd)
	// The addresses of a list follow each other with no SP between them.
	list(stAddrFirst, stAddrName, stAddrMore)
	after(stAddrMore, stAddrName, stAddrMore)
	nstring(stAddrName, stAddrADL)
	nstring(stAddrADL, stAddrMailbox)
	nstring(stAddrMailbox, stAddrHost)
	nstring(stAddrHost, stAddrEnd)

	// body = "(" (body-type-1part / body-type-mpart) ")"; the parts of a
	// multipart body follow each other with no SP between them. tapeScan
	// reads the media type itself (mediaType): TEXT has body-fld-lines,
	// MESSAGE is left to the general path.
	list(stBodyStart, stBodyStart, stMultiMore)
	after(stMultiMore, stBodyStart, stMultiMore)
	on(stMultiMore, symQuoted, stMultiExt)
	for _, s := range [][6]int{
		{stSubtype, stParam, stID, stDesc, stEnc, stOctets},
		{stTextSubtype, stTextParam, stTextID, stTextDesc, stTextEnc, stTextOctets},
	} {
		on(s[0], symQuoted, s[1])
		on(s[1], symNIL, s[2])
		list(s[1], stParamKey, s[2])
		nstring(s[2], s[3])
		nstring(s[3], s[4])
		on(s[4], symQuoted, s[5])
	}
	on(stOctets, symNumber, stMD5)
	on(stTextOctets, symNumber, stTextLines)
	on(stTextLines, symNumber, stMD5)
	// body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang
	// [SP body-fld-loc]]], body-ext-1part the same with body-fld-md5
	// first.
	on(stMultiExt, symNIL, stDsp)
	list(stMultiExt, stParamKey, stDsp)
	nstring(stMD5, stDsp)
	on(stDsp, symNIL, stLang)
	list(stDsp, stDspType, stLang)
	nstring(stLang, stLoc)
	list(stLang, stLangFirst, stLoc)
	nstring(stLoc, stExtEnd)
	// body-fld-param = "(" string SP string *(SP string SP string) ")",
	// body-fld-dsp = "(" string SP body-fld-param ")", body-fld-lang as a
	// list "(" string *(SP string) ")".
	on(stParamKey, symQuoted, stParamValue)
	on(stParamValue, symQuoted, stParamMore)
	on(stParamMore, symQuoted, stParamValue)
	on(stDspType, symQuoted, stDspParam)
	on(stDspParam, symNIL, stDspEnd)
	list(stDspParam, stParamKey, stDspEnd)
	on(stLangFirst, symQuoted, stLangMore)
	on(stLangMore, symQuoted, stLangMore)
	return t
}()

// mediaType returns the state after a body's media type: a plain quoted
// string of k octets, the first eight of which are x (little-endian).
// TEXT has body-fld-lines; MESSAGE (message/rfc822 and message/global)
// is left to the general path.
func mediaType(k uint, x uint64) uint {
	// Or-ing 0x20 folds the case of letters, and only the two cases of a
	// letter fold to its lower case.
	switch {
	case k == 4 && x&0xffffffff|0x20202020 == 't'|'e'<<8|'x'<<16|'t'<<24:
		return stTextSubtype
	case k == 7 && uint32(x)|0x20202020 == 'm'|'e'<<8|'s'<<16|'s'<<24 && uint32(x>>32)&0xffffff|0x202020 == 'a'|'g'<<8|'e'<<16:
		// (Two 32-bit comparisons take their constants as immediates.)
		return stFail
	}
	return stSubtype
}

// mediaTypeOf is mediaType for a media type of any length, m.
func mediaTypeOf(m []byte) uint {
	switch {
	case len(m) == 4 && equalFoldASCII(m, "TEXT"):
		return stTextSubtype
	case len(m) == 7 && equalFoldASCII(m, "MESSAGE"):
		return stFail
	}
	return stSubtype
}

// fastEnvelope validates and records the envelope at s.p by the fast
// path, and returns the position after it, or -1 when the general
// validator must read it.
func fastEnvelope(s *scanner) int {
	return fastShape(s, stEnvDate)
}

// fastBody validates and records the body at s.p (nesting depth 1) by the
// fast path, and returns the position after it, or -1 when the general
// validator must read it.
func fastBody(s *scanner) int {
	return fastShape(s, stBodyStart)
}

// fastShape runs tapeScan (through tapeScanAny: its loop in assembly on
// amd64 with the kernels, tapescan_amd64.s) from state st for
// fastEnvelope and fastBody.
// With MaxArgs at maxListSpans or more no list the record can hold
// exceeds it, so tapeScan need not count elements; its depth limit, on
// every list, is at least as strict as the general validator's.
func fastShape(s *scanner, st uint) int {
	t := s.rec
	if s.lenient || t == nil || s.base != 0 || s.lim.MaxArgs < maxListSpans {
		return -1
	}
	p, n := tapeScanAny(s.b, s.p, t, st, s.lim.MaxDepth)
	if p < 0 {
		return -1
	}
	t.n = n
	return p
}
