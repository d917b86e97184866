package parser

import (
	"errors"
	"strconv"
)

// ErrIncomplete reports that the buffer ends before the message does: read
// more bytes and try again. It is never wrapped in an *Error.
var ErrIncomplete = errors.New("imap: incomplete message")

// ErrLimit is the sentinel wrapped by every *Error caused by exceeding one of
// the Limits, so callers can tell "too big" from "malformed" with errors.Is.
var ErrLimit = errors.New("imap: limit exceeded")

// Error describes where and how a message failed to parse.
type Error struct {
	// Offset is the byte offset of the offending byte, counted from the
	// start of the message (or of the stream, for the streaming readers).
	Offset int
	// Expected names the grammar element that the parser wanted, in RFC
	// 9051 ABNF terms where there is one ("SP", "CRLF", "astring", ...).
	Expected string
	// Found is a short printable rendition of the bytes at Offset, or
	// "end of line" / "end of input".
	Found string
	// Err is ErrLimit for a limit error and nil for a syntax error.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	s := "imap: at offset " + strconv.Itoa(e.Offset) + ": expected " + e.Expected + ", found " + e.Found
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Unwrap returns ErrLimit for limit errors.
func (e *Error) Unwrap() error { return e.Err }

// foundAt renders up to a few bytes of b starting at i for an error message.
func foundAt(b []byte, i int) string {
	if i >= len(b) {
		return "end of input"
	}
	if b[i] == '\r' || b[i] == '\n' {
		return "end of line"
	}
	const max = 16
	end := i + max
	if end > len(b) {
		end = len(b)
	}
	// Stop at the end of the line.
	for j := i; j < end; j++ {
		if b[j] == '\r' || b[j] == '\n' {
			end = j
			break
		}
	}
	s := strconv.QuoteToASCII(string(b[i:end]))
	if end-i == max {
		s += "..."
	}
	return s
}
