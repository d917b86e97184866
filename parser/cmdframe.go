package parser

import "bytes"

// CommandFrame describes the client command at the start of a buffer, as
// far as framing could tell.
type CommandFrame struct {
	// N is the length of the complete command (its lines and literals),
	// when FrameCommand returned no error.
	N int
	// Literals counts the literals announced so far.
	Literals int
	// When FrameCommand returns ErrIncomplete because the data of a
	// literal has not arrived, LiteralAt is the offset where that data
	// starts, LiteralSize its announced size and LiteralForm its form;
	// LiteralAt is -1 otherwise.
	LiteralAt   int
	LiteralSize int64
	LiteralForm LiteralForm
	// Continue is set with ErrIncomplete when the pending literal is
	// synchronizing ({n} or ~{n}): the client waits, so the server must
	// answer "+" (or refuse the command) before the data can arrive.
	// A {n+} literal needs no continuation.
	Continue bool
}

// FrameCommand finds the end of the first client command in b: its line
// plus every literal it announces and the lines after them.
//
// It returns ErrIncomplete when b ends before the command does; then
// f.Continue tells whether the command waits at a synchronizing literal
// for the server's "+", and f.LiteralAt and f.LiteralSize where that
// literal's data begins and how long it is. It returns an *Error when a
// limit is exceeded (MaxLine, MaxLiteral, MaxLiterals, and
// MaxNonSyncLiteral for {n+} under LITERAL-), for a bare LF in strict
// mode, and for a literal8 (~{n}) outside APPEND and SETMETADATA, the only commands whose
// grammar allows one (RFC 3516 append-data, RFC 4469 CATENATE, RFC 5464).
//
// FrameCommand frames commands only: AUTHENTICATE's continuation lines and
// IDLE's DONE are single lines that a CommandReader frames by its state.
func (p *Parser) FrameCommand(b []byte) (f CommandFrame, err error) {
	// frameCommand's one-line case, without its resume hint (a test and
	// a slice less per command). The limits are looked up again for the
	// rest, not kept across the call to IndexByte.
	if lf := bytes.IndexByte(b[:min(len(b), p.limits().MaxLine)], '\n'); lf > 0 && b[lf-1] == '\r' && (lf < 2 || b[lf-2] != '}') {
		f.N, f.LiteralAt = lf+1, -1
		return f, nil
	}
	return p.frameCommandLines(b, p.limits(), nil)
}

// frameCommand is FrameCommand with a resume hint for streaming readers.
//
// The one-line case sets the named result field by field: a composite
// literal was built on the stack (after zeroing it twice) and then loaded
// into the result registers.
func (p *Parser) frameCommand(b []byte, hint *frameHint) (f CommandFrame, err error) {
	lim := p.limits()
	// The common case first: one line ending in CRLF, within MaxLine,
	// that announces no literal (it does not end with "}").
	end := min(len(b), lim.MaxLine)
	from := 0
	if hint != nil && hint.line == 0 && hint.scanned > 0 && hint.scanned <= end {
		from = hint.scanned // b[:hint.scanned] holds no LF
	}
	if j := bytes.IndexByte(b[from:end], '\n'); j >= 0 {
		if lf := from + j; lf > 0 && b[lf-1] == '\r' && (lf < 2 || b[lf-2] != '}') {
			f.N, f.LiteralAt = lf+1, -1
			return f, nil
		}
	}
	return p.frameCommandLines(b, lim, hint)
}

// frameCommandLines is frameCommand for every command but a one-line one
// without a literal: line by line, literals included. (A function of its
// own, so that the one-line case keeps its few values in registers.)
func (p *Parser) frameCommandLines(b []byte, lim *Limits, hint *frameHint) (CommandFrame, error) {
	r, err := frameLines(b, lim, frameCommand, p.lenient, hint)
	f := CommandFrame{N: r.n, Literals: r.literals, LiteralAt: r.litAt, LiteralSize: r.litSize, LiteralForm: r.litForm}
	if r.binaryAt >= 0 && !commandNameIs(b, "APPEND") && !commandNameIs(b, "SETMETADATA") {
		f.N, f.LiteralAt = 0, -1
		return f, &Error{Offset: r.binaryAt, Expected: "literal (literal8 is only allowed in APPEND and SETMETADATA)", Found: foundAt(b, r.binaryAt)}
	}
	if err != nil {
		f.N = 0
		if err == ErrIncomplete && f.LiteralAt >= 0 {
			f.Continue = f.LiteralForm != LiteralNonSync
		}
		return f, err
	}
	return f, nil
}

// commandNameIs reports whether the command line b ("tag SP name ...")
// names the command kw (upper case), ignoring case.
func commandNameIs(b []byte, kw string) bool {
	i := 0
	for i < len(b) && b[i] != ' ' && b[i] != '\r' && b[i] != '\n' {
		i++
	}
	if i >= len(b) || b[i] != ' ' {
		return false
	}
	i++
	j := i
	for j < len(b) && isAtomChar(b[j]) {
		j++
	}
	return equalFoldASCII(b[i:j], kw)
}

// FrameLine returns the length of the line at the start of b, CRLF
// included, without looking for literals: the framing of AUTHENTICATE's
// client responses and of IDLE's DONE. It returns ErrIncomplete when b
// holds no whole line yet.
func (p *Parser) FrameLine(b []byte) (int, error) {
	return p.frameLine(b, nil)
}

// frameLine is FrameLine with a resume hint for streaming readers.
func (p *Parser) frameLine(b []byte, hint *frameHint) (int, error) {
	r, err := frameLines(b, p.limits(), frameSingleLine, p.lenient, hint)
	if err != nil {
		return 0, err
	}
	return r.n, nil
}
