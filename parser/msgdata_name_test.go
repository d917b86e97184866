package parser

import (
	"errors"
	"testing"
)

// TestMessageDataNameWithoutNumber checks that EXISTS, RECENT, EXPUNGE and
// FETCH without their message number are refused, not taken for unknown
// data responses (found by the fuzz target Differential: "* FETCH" CRLF was
// accepted as DataUnknown, where go-imap v2 and the grammar refuse it).
func TestMessageDataNameWithoutNumber(t *testing.T) {
	tests := []struct {
		in     string
		offset int
	}{
		{"* FETCH\r\n", 2},
		{"* fetch (UID 1)\r\n", 2},
		{"* EXISTS\r\n", 2},
		{"* Recent\r\n", 2},
		{"* EXPUNGE\r\n", 2},
	}
	p := NewParser(Options{Lenient: true})
	for _, tc := range tests {
		var r Response
		err := p.ParseResponse([]byte(tc.in), &r)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%q: err = %v, want an *Error", tc.in, err)
			continue
		}
		if pe.Offset != tc.offset {
			t.Errorf("%q: offset %d, want %d (%v)", tc.in, pe.Offset, tc.offset, err)
		}
	}
	var r Response
	if err := p.ParseResponse([]byte("* FETCHED 1\r\n"), &r); err != nil || r.Type != DataUnknown {
		t.Errorf("* FETCHED: err %v type %v, want an unknown data response", err, r.Type)
	}
}
