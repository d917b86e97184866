package parser

import (
	"bytes"
	"math/bits"
)

// frameResult describes the message at the start of a buffer.
type frameResult struct {
	// n is the length of the complete message, when err is nil.
	n int
	// literals counts the literals the message announced.
	literals int
	// bareLF is the offset of the first line ended by LF alone (accepted
	// only when lenient), or -1.
	bareLF int
	// When framing stops with ErrIncomplete at a literal whose data has not
	// arrived, litAt is the offset where its data would start, litSize its
	// announced size and litForm its form; litAt is -1 otherwise.
	litAt   int
	litSize int64
	litForm LiteralForm
	// binaryAt is the offset of the first literal8 announcement ("~{"),
	// or -1: commands allow literal8 only in APPEND.
	binaryAt int
}

// frameLines finds the end of the message at the start of b: a line, and
// while a line ends with a literal announcement (and literals is set), the
// literal's data and the line that follows it. It applies MaxLine to the
// bytes outside literals, and MaxLiteral, MaxNonSyncLiteral and MaxLiterals
// to the literals.
//
// mode says which literals count: none (a single line), every literal at a
// line end (commands), or, for responses, every one but a "{n}" ending the
// text of a status response or continuation request, which is text.
//
// hint, when not nil, makes framing resumable: after ErrIncomplete it
// records how far the last line was searched for its LF, and the next call
// on the same (grown) bytes resumes that search instead of rescanning, so a
// long line that arrives a few bytes at a time costs linear time, not
// quadratic. It also records the framing state at the start of the line
// where framing stopped, and the next call starts there instead of at the
// first line, so a message of many literals that arrive one by one is not
// walked again from its start each time. A caller resets the hint whenever
// the bytes before the recorded line start change (a streaming reader may
// rewrite that line's literal header in place, keeping its length).
func frameLines(b []byte, lim *Limits, mode frameMode, lenient bool, hint *frameHint) (frameResult, error) {
	r := frameResult{bareLF: -1, litAt: -1, binaryAt: -1}
	i := 0         // start of the current line
	lineBytes := 0 // bytes outside literals so far
	if hint != nil && hint.at > 0 && hint.at <= len(b) {
		i, lineBytes = hint.at, hint.lineBytes
		r.literals, r.binaryAt, r.bareLF = hint.literals, hint.binaryAt, hint.bareLF
	}
	for {
		// The state at this line's start, for the hint.
		lb0, lit0, bin0, bare0 := lineBytes, r.literals, r.binaryAt, r.bareLF
		budget := lim.MaxLine - lineBytes // bytes this line may still use
		if budget <= 0 {
			return r, &Error{Offset: i, Expected: "message within MaxLine", Found: "more lines", Err: ErrLimit}
		}
		end := len(b)
		if end-i > budget {
			end = i + budget
		}
		from := i
		if hint != nil && hint.line == i && hint.scanned > i && hint.scanned <= end {
			from = hint.scanned // b[i:hint.scanned] holds no LF
		}
		j := bytes.IndexByte(b[from:end], '\n')
		if j < 0 {
			if end < len(b) || len(b)-i >= budget {
				return r, &Error{Offset: end, Expected: "CRLF within MaxLine", Found: "a longer line", Err: ErrLimit}
			}
			if hint != nil {
				hint.line, hint.scanned = i, end
				hint.at, hint.lineBytes, hint.literals, hint.binaryAt, hint.bareLF = i, lb0, lit0, bin0, bare0
			}
			return r, ErrIncomplete
		}
		lf := from + j
		eol := lf // index of the line's terminator (CR, or LF when bare)
		if lf > i && b[lf-1] == '\r' {
			eol = lf - 1
		} else if lenient {
			if r.bareLF < 0 {
				r.bareLF = lf
			}
		} else {
			return r, &Error{Offset: lf, Expected: "CR before LF", Found: "bare LF"}
		}
		lineBytes += lf + 1 - i
		if mode == frameSingleLine {
			r.n = lf + 1
			return r, nil
		}
		size, form, open, ok, err := literalAtEnd(b, i, eol, lim)
		if (ok || err != nil) && i == 0 && mode == frameResponse && isStatusLine(b[:lf]) {
			ok, err = false, nil // "{n}" ending a status text is text
		}
		if err != nil {
			return r, err
		}
		if !ok {
			r.n = lf + 1
			return r, nil
		}
		r.literals++
		if form == LiteralBinary && r.binaryAt < 0 {
			r.binaryAt = open
		}
		if r.literals > lim.MaxLiterals {
			return r, &Error{Offset: open, Expected: "at most MaxLiterals literals", Found: "one more literal", Err: ErrLimit}
		}
		data := lf + 1
		if int64(len(b)-data) < size {
			r.litAt, r.litSize, r.litForm = data, size, form
			if hint != nil {
				hint.at, hint.lineBytes, hint.literals, hint.binaryAt, hint.bareLF = i, lb0, lit0, bin0, bare0
				// The line's LF is known: the next call finds it at once
				// instead of searching the line again (a reader's first
				// call for a message usually ends here, its literal not
				// all read).
				hint.line, hint.scanned = i, lf
			}
			return r, ErrIncomplete
		}
		i = data + int(size)
	}
}

// frameMode says which literal announcements framing follows.
type frameMode uint8

const (
	frameSingleLine frameMode = iota // one line, no literals
	frameCommand                     // every literal at a line end
	frameResponse                    // as frameCommand, but not in status text
)

// frameHint lets frameLines resume where it stopped: at the start of the
// line it stopped in, and within that line the LF search.
type frameHint struct {
	line    int // start of the line that was searched
	scanned int // end of the search: b[line:scanned] holds no LF
	// at is the start of the line framing stopped in (0: the message
	// start), and the framing state there: bytes outside literals before
	// it, literals, and the first literal8 and bare LF offsets.
	at, lineBytes, literals, binaryAt, bareLF int
}

// shift moves the hint's positions after at back by n bytes, which
// streaming a literal removed there.
func (h *frameHint) shift(at, n int) {
	back := func(p int) int {
		if p > at {
			return p - n
		}
		return p
	}
	h.line, h.scanned, h.at = back(h.line), back(h.scanned), back(h.at)
	h.binaryAt, h.bareLF = back(h.binaryAt), back(h.bareLF)
}

// literalAtEnd reports whether the line b[start:eol] ends with a literal
// announcement "{n}", "{n+}" or "~{n}", and checks its size against lim.
// open is the offset of its first byte ("{" or "~").
func literalAtEnd(b []byte, start, eol int, lim *Limits) (size int64, form LiteralForm, open int, ok bool, err error) {
	k := eol - 1
	if k < start || b[k] != '}' {
		return 0, 0, 0, false, nil
	}
	k--
	form = LiteralSync
	if k >= start && b[k] == '+' {
		form = LiteralNonSync
		k--
	}
	digitsEnd := k + 1
	var n uint64
	fast := false // n is read
	if kk, v := literalBefore(b, digitsEnd); kk >= start {
		// (Up to 18 digits, all on this line: one word for most.)
		k, n, fast = kk, uint64(v), true
	} else {
		for k >= start && b[k] >= '0' && b[k] <= '9' {
			k--
		}
	}
	if k < start || b[k] != '{' || k+1 == digitsEnd {
		return 0, 0, 0, false, nil
	}
	open = k
	if k > start && b[k-1] == '~' {
		if form == LiteralNonSync {
			return 0, 0, 0, false, &Error{Offset: digitsEnd, Expected: `"}" (literal8 has no "+")`, Found: `"+"`}
		}
		form = LiteralBinary
		open = k - 1
	}
	for p := k + 1; p < digitsEnd && !fast; p++ {
		d := uint64(b[p] - '0')
		if n > (1<<63-1-d)/10 {
			return 0, 0, 0, false, &Error{Offset: k + 1, Expected: "literal size below 2^63", Found: foundAt(b, k+1), Err: ErrLimit}
		}
		n = n*10 + d
	}
	if int64(n) > lim.MaxLiteral {
		return 0, 0, 0, false, &Error{Offset: open, Expected: "literal within MaxLiteral", Found: foundAt(b, open), Err: ErrLimit}
	}
	if form == LiteralNonSync && int64(n) > lim.MaxNonSyncLiteral {
		return 0, 0, 0, false, &Error{Offset: open, Expected: "{n+} literal within MaxNonSyncLiteral", Found: foundAt(b, open), Err: ErrLimit}
	}
	return int64(n), form, open, true, nil
}

// isStatusLine reports whether the response line starting at b[0] is a
// status response ("* OK", "tag NO", "* BYE", ...) or a continuation
// request. Their text runs to the end of the line and cannot announce a
// literal, so framing must not read "{5}" at the end of such text as one.
func isStatusLine(b []byte) bool {
	if len(b) > 0 && b[0] == '+' {
		return true
	}
	// The first SP, when the line has one: searching b for it and then
	// its prefix for an LF reads the tag twice at most, where finding
	// the line's end first would read the whole line (callers pass lines
	// of a kilobyte and more).
	sp := bytes.IndexByte(b, ' ')
	if sp < 0 || bytes.IndexByte(b[:sp], '\n') >= 0 {
		return false
	}
	rest := b[sp+1:]
	// Most lines that get here are data ("* 12 FETCH ... {4096}"): the
	// first octet rules them out before the words are compared.
	if len(rest) < 3 {
		return false
	}
	switch rest[0] | 0x20 {
	case 'o', 'n', 'b', 'p':
	default:
		return false
	}
	for _, w := range [...]string{"OK", "NO", "BAD", "BYE", "PREAUTH"} {
		if len(rest) > len(w) && equalFoldASCII(rest[:len(w)], w) && (rest[len(w)] == ' ' || rest[len(w)] == '\r' || rest[len(w)] == '\n') {
			return true
		}
	}
	return false
}

// equalFoldASCII reports whether b equals the upper-case ASCII word w,
// ignoring ASCII case.
func equalFoldASCII(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// FrameResponse returns the length of the first complete server response in
// b: its line plus every literal it announces. It returns ErrIncomplete when
// b ends before the response does, and an *Error when a limit is exceeded or
// the framing itself is malformed (a bare LF in strict mode).
func (p *Parser) FrameResponse(b []byte) (int, error) {
	lim := p.limits()
	// The common case first: one line within MaxLine, ended by CRLF, that
	// does not end with "}" (so announces no literal).
	line := b
	if len(line) > lim.MaxLine {
		line = line[:lim.MaxLine]
	}
	j := bytes.IndexByte(line, '\n')
	if j > 0 && b[j-1] == '\r' {
		if j < 2 || b[j-2] != '}' {
			return j + 1, nil
		}
		if n := frameLiterals(b, j, lim); n > 0 {
			return n, nil
		}
	}
	// Otherwise frameLines goes on from the LF found, if any, instead of
	// searching the first line again.
	var hint *frameHint
	if j >= 0 {
		hint = &frameHint{scanned: j}
	}
	r, err := frameLines(b, lim, frameResponse, p.lenient, hint)
	if err != nil {
		return 0, err
	}
	return r.n, nil
}

// frameLiterals frames the next most common responses after a single
// line: a FETCH (or other untagged data) line ending with a synchronizing
// literal "{n}", its n octets, and a line that ends with CRLF and announces
// nothing, such as "BODY[] {4096}" CRLF, the body, ")" CRLF; or more lines
// ending with "{n}" before that last one, such as BODY[HEADER] and
// BODY[TEXT] in one response. lf is the index of the first line's LF,
// which the caller found preceded by "}\r". It returns the message's
// length, or 0 for any other shape, for a message not complete in b, and
// for anything framing would refuse; frameLines then decides, from the
// start.
//
// It exists because frameLines, built for literal8, for "{n+}", for status
// text ending in "{n}", for resuming and for errors, spent about 800
// instructions on a message of one literal (literalAtEnd on each line,
// isStatusLine, its state for the hint) beside the searches for LF, which
// was most of what a literal's framing cost: the data itself is jumped
// over by its announced length, never read.
func frameLiterals(b []byte, lf int, lim *Limits) int {
	// The first line: "*" SP and an octet no status word starts with
	// (data responses start with a number or a name such as LIST), so
	// that the "{n}" cannot be the end of a status text, which
	// isStatusLine would find.
	if lf < 6 || b[0] != '*' || b[1] != ' ' {
		return 0
	}
	switch b[2] | 0x20 {
	case 'o', 'n', 'b', 'p':
		return 0
	}
	i, lineBytes := 0, 0 // the line's start; the bytes outside literals before it
	for literals := 1; literals <= lim.MaxLiterals; literals++ {
		// The announcement ending b[i:lf], read backwards from the "}":
		// one to 18 digits (so no overflow) on this line, after a "{"
		// that no "~" precedes (literal8).
		k, size := literalBefore(b, lf-2)
		if k <= i || b[k] != '{' || b[k-1] == '~' || size > lim.MaxLiteral {
			return 0
		}
		lineBytes += lf + 1 - i
		// The data, whole in b, and the next line within what MaxLine
		// leaves, ended by CRLF.
		data := int64(lf + 1)
		if size > int64(len(b))-data {
			return 0
		}
		i = int(data + size)
		budget := lim.MaxLine - lineBytes
		if budget <= 0 {
			return 0
		}
		end := len(b)
		if end-i > budget {
			end = i + budget
		}
		line := b[i:end]
		if len(line) >= 3 && line[1] == '\r' && line[2] == '\n' && line[0] != '}' && line[0] != '\n' {
			return i + 3 // (")" CRLF, the common last line, without a call)
		}
		j := bytes.IndexByte(line, '\n')
		if j < 1 || line[j-1] != '\r' {
			return 0
		}
		if lf = i + j; j < 2 || line[j-2] != '}' {
			return lf + 1
		}
	}
	return 0
}

// literalBefore reads the digits of a literal announcement backwards from
// b[c], its "}": it returns the position k of the octet before them and
// their value, or k -1 when there are none or more than 18. Up to seven
// digits (sizes below 10 MB) are found with one word: the digit test of
// digitRun8 flags every octet that is not a digit, the highest flag is the
// octet before them, and digitsDecode takes the digits as they stand at
// the top of the word. A carry out of an octet at 0x8a or above can flag
// the digit above it too (never clear a flag): the byte loop reads those.
func literalBefore(b []byte, c int) (k int, size int64) {
	if c >= 8 && c <= len(b) {
		d := loadWord(b, c-8) ^ zeros8
		if nd := (d + 0x7676767676767676 | d) & tops8; nd != 0 {
			// The highest flag, of octet top>>3, and the n digits above
			// it; unless a carry flagged a digit there.
			top := 63 - bits.LeadingZeros64(nd)
			n := 7 - top>>3
			if k = c - 1 - n; b[k]-'0' > 9 {
				if n == 0 {
					return -1, 0
				}
				return k, int64(digitsDecode(d &^ (1<<(64-8*n) - 1)))
			}
		}
	}
	k = c - 1
	for mul := int64(1); k >= 0 && b[k]-'0' <= 9; k-- {
		if mul > 1e17 {
			return -1, 0
		}
		size += int64(b[k]-'0') * mul
		mul *= 10
	}
	if k == c-1 {
		return -1, 0
	}
	return k, size
}
