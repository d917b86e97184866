package parser

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// streamEvents reads every response from rr and renders, one per line,
// what streaming reports: each OnLiteral call (offset, size, form, data),
// then each response's Raw, NStreamed, Streamed and stream offsets, or its
// error.
func streamEvents(in string, p *Parser, threshold int64, src io.Reader) string {
	var out strings.Builder
	opt := ReaderOptions{LiteralThreshold: threshold, OnLiteral: func(info LiteralInfo, body io.Reader) error {
		data, err := io.ReadAll(body)
		fmt.Fprintf(&out, "literal at %d size %d form %d data %q err %v\n", info.Offset, info.Size, info.Form, data, err)
		return nil
	}}
	rr := NewResponseReader(src, p, opt)
	var r Response
	for i := 0; i < 100; i++ {
		err := rr.Next(&r)
		if err == io.EOF {
			return out.String()
		}
		var pe *Error
		if errors.As(err, &pe) {
			fmt.Fprintf(&out, "error %v\n", err)
			continue
		}
		if err != nil {
			return out.String() + fmt.Sprintf("fatal %v\n", err)
		}
		fmt.Fprintf(&out, "message at %d to %d %q nstreamed %d streamed %v\n",
			rr.MessageOffset(), rr.Offset(), r.Raw, r.NStreamed, r.Streamed[:min(r.NStreamed, MaxStreamed)])
	}
	return out.String() + "too many\n"
}

// TestResponseReaderStreamsInMessageOrderAtEveryCut reads messages whose
// literals above the threshold are mixed with held ones (and a literal8,
// and more of them than Response.Streamed records) once whole and once cut
// into two reads at every byte: a literal that arrived whole with its
// header must be streamed before a later one whose data had not arrived,
// also in reads of 1 to 64 bytes, so OnLiteral calls, NStreamed, Streamed and error offsets are the same
// for every cut, and are the sizes in message order.
func TestResponseReaderStreamsInMessageOrderAtEveryCut(t *testing.T) {
	fetch := "* 3 FETCH (UID 3 BODY[3] {40}\r\n" + strings.Repeat("a", 40) +
		" BODY[3.HEADER] {5}\r\nhello BODY[3.TEXT] {20}\r\n" + strings.Repeat("b", 20) +
		" BINARY[1] ~{12}\r\n" + strings.Repeat("c", 12) +
		" BODY[3.1] {11}\r\n" + strings.Repeat("d", 11) +
		" BODY[3.2.MIME] {30}\r\n" + strings.Repeat("e", 30) + ")\r\n"
	// With MaxLiterals 3, the fourth literal ("{10}" after D) is an error,
	// and the literals before it are streamed whether or not they arrived
	// whole. Resynchronising at the next line reads " B {3}..." as a
	// message that streams D's literal and fails to parse.
	tooMany := "* 4 FETCH (A {10}\r\n" + strings.Repeat("f", 10) + " B {3}\r\nghi C {10}\r\n" +
		strings.Repeat("j", 10) + " D {10}\r\n" + strings.Repeat("k", 10) + ")\r\na OK done\r\n"
	tests := []struct {
		name  string
		in    string
		p     *Parser
		sizes []int64 // OnLiteral sizes, in order
		errAt int     // offset of the error, -1 for none
	}{
		{"fetch", fetch + "a OK done\r\n", nil, []int64{40, 20, 12, 11, 30}, -1},
		{"too many literals", tooMany, NewParser(Options{Limits: Limits{MaxLiterals: 3}}), []int64{10, 10, 10}, strings.Index(tooMany, "{10}\r\nkk")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := everyCut(t, tt.in, tt.sizes, tt.errAt, func(r io.Reader) string {
				return streamEvents(tt.in, tt.p, 8, r)
			})
			if n := len(tt.sizes); tt.errAt < 0 && !strings.Contains(want, fmt.Sprintf("nstreamed %d ", n)) {
				t.Errorf("whole read: no message with nstreamed %d:\n%s", n, want)
			}
		})
	}
}
