package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// splitReader returns the bytes of b in two reads, split at k.
type splitReader struct {
	b []byte
	k int
}

func (r *splitReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := len(r.b)
	if r.k > 0 && r.k < n {
		n = r.k
	}
	n = copy(p, r.b[:n])
	r.b = r.b[n:]
	r.k -= n
	return n, nil
}

// readResponses reads every response from rr and renders each summary, or its
// error, one per line.
func readResponses(rr *ResponseReader) string {
	var out strings.Builder
	var r Response
	for i := 0; i < 10000; i++ {
		err := rr.Next(&r)
		if err == io.EOF {
			return out.String()
		}
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				fmt.Fprintf(&out, "fatal %v\n", err)
				return out.String()
			}
			fmt.Fprintf(&out, "error %v\n", err)
			continue
		}
		fmt.Fprintf(&out, "%s streamed=%d\n", summary(&r), r.NStreamed)
	}
	return out.String() + "too many"
}

// allCases is every valid table input, for stream tests.
func allCases() []respCase {
	var all []respCase
	for _, c := range append(append([]respCase{}, statusCases...), dataCases...) {
		if c.want != "" && !c.lenient {
			all = append(all, c)
		}
	}
	return all
}

func TestResponseReaderSplits(t *testing.T) {
	var stream bytes.Buffer
	var want strings.Builder
	for _, c := range allCases() {
		stream.WriteString(c.in)
		want.WriteString(c.want + " streamed=0\n")
	}
	stream.WriteString("* 1 FETCH (UID 5 BODY[] {11}\r\nhello world)\r\n")
	want.WriteString(`untagged FETCH num=1 data="(UID 5 BODY[] {11}\r\nhello world)" streamed=0` + "\n")
	b := stream.Bytes()
	got := readResponses(NewResponseReader(bytes.NewReader(b), nil, ReaderOptions{BufferSize: 16}))
	if got != want.String() {
		t.Fatalf("whole stream:\n%s\nwant\n%s", got, want.String())
	}
	if got := readResponses(NewResponseReader(iotest.OneByteReader(bytes.NewReader(b)), nil, ReaderOptions{})); got != want.String() {
		t.Fatalf("one byte at a time:\n%s", got)
	}
	// Each message on its own, split at every byte boundary.
	for _, c := range allCases() {
		for k := 1; k < len(c.in); k++ {
			got := readResponses(NewResponseReader(&splitReader{b: []byte(c.in), k: k}, nil, ReaderOptions{BufferSize: 1}))
			if got != c.want+" streamed=0\n" {
				t.Fatalf("%s split at %d: %s", c.name, k, got)
			}
		}
	}
}

func TestResponseReaderStreamsLiterals(t *testing.T) {
	body := strings.Repeat("0123456789", 100)
	in := "* 1 FETCH (UID 7 BODY[] {1000}\r\n" + body + " FLAGS (\\Seen))\r\na1 OK done\r\n"
	for _, k := range []int{0, 1, 20, 33, 40, 500, 1034, 1040} {
		var gotBody bytes.Buffer
		var info LiteralInfo
		rr := NewResponseReader(&splitReader{b: []byte(in), k: k}, nil, ReaderOptions{
			BufferSize:       8,
			LiteralThreshold: 100,
			OnLiteral: func(li LiteralInfo, r io.Reader) error {
				info = li
				info.Prefix = append([]byte(nil), li.Prefix...)
				_, err := io.Copy(&gotBody, r)
				return err
			},
		})
		var r Response
		if err := rr.Next(&r); err != nil {
			t.Fatalf("split %d: %v", k, err)
		}
		if gotBody.String() != body {
			t.Fatalf("split %d: handler got %d bytes", k, gotBody.Len())
		}
		if info.Offset != 32 || info.Size != 1000 || string(info.Prefix) != "* 1 FETCH (UID 7 BODY[] {1000}\r\n" {
			t.Fatalf("split %d: info %+v", k, info)
		}
		if string(r.Raw) != "* 1 FETCH (UID 7 BODY[] {0}\r\n FLAGS (\\Seen))\r\n" {
			t.Fatalf("split %d: raw %q", k, r.Raw)
		}
		if r.NStreamed != 1 || r.Streamed[0] != (StreamedLiteral{Offset: 24, Size: 1000}) {
			t.Fatalf("split %d: streamed %+v", k, r.Streamed[:r.NStreamed])
		}
		if err := rr.Next(&r); err != nil || r.Status != StatusOK {
			t.Fatalf("split %d: second: %v %s", k, err, summary(&r))
		}
		if rr.Offset() != int64(len(in)) {
			t.Fatalf("split %d: offset %d", k, rr.Offset())
		}
		if err := rr.Next(&r); err != io.EOF {
			t.Fatalf("split %d: want EOF, got %v", k, err)
		}
	}
}

func TestResponseReaderSkipsAndResyncs(t *testing.T) {
	in := "* 1 FETCH (BODY[] {2000}\r\n" + strings.Repeat("x", 2000) + ")\r\n" +
		"* OK [UIDNEXT 0] bad\r\n" +
		"* SEARCH " + strings.Repeat("1 ", 100) + "1\r\n" +
		"a OK fine\r\n"
	rr := NewResponseReader(strings.NewReader(in), NewParser(Options{Limits: Limits{MaxLine: 100}}),
		ReaderOptions{BufferSize: 16, MaxBuffer: 512, LiteralThreshold: 256})
	got := readResponses(rr)
	want := `untagged FETCH num=1 data="(BODY[] {0}\r\n)" streamed=1
error imap: at offset 2043: expected nz-number, found "0] bad"
error imap: at offset 2151: expected CRLF within MaxLine, found a longer line (imap: limit exceeded)
tagged tag=a OK text="fine" streamed=0
`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestResponseReaderEOF(t *testing.T) {
	var r Response
	rr := NewResponseReader(strings.NewReader("* OK x\r\n* 1 EXI"), nil, ReaderOptions{})
	if err := rr.Next(&r); err != nil {
		t.Fatal(err)
	}
	if err := rr.Next(&r); err != io.ErrUnexpectedEOF {
		t.Fatalf("got %v, want io.ErrUnexpectedEOF", err)
	}
	if err := rr.Next(&r); err != io.ErrUnexpectedEOF {
		t.Fatalf("not sticky: %v", err)
	}
}

// TestResponseReaderEventsDoNotDependOnChunking reads streams that hit the
// reader's limits, with and without streamed literals, whole and cut into
// reads of 1, 3 and 7 bytes: the responses, the errors and their offsets
// must be the same every time (a case found by fuzz.FuzzStreamSplit).
func TestResponseReaderEventsDoNotDependOnChunking(t *testing.T) {
	inputs := []string{
		"0\x9f7A{320}\r\n" + strings.Repeat("0", 320) + "{200}\r\n" + strings.Repeat("0", 26),
		"* 1 FETCH (BODY[] {300}\r\n" + strings.Repeat("x", 300) + " UID " + strings.Repeat("1", 400) + ")\r\na OK x\r\n",
		"* 1 FETCH (A {150}\r\n" + strings.Repeat("y", 150) + " B {150}\r\n" + strings.Repeat("z", 150) + " C 1 D (\r\nb OK y\r\n",
		"* 1 FETCH (BODY[] {300}\r\n" + strings.Repeat("x", 300) + " UID 5)\r\n",
	}
	opts := []ReaderOptions{
		{BufferSize: 16, MaxBuffer: 256, LiteralThreshold: 100},
		{BufferSize: 4096, LiteralThreshold: 100}, // whole literals arrive with their header
		{BufferSize: 16, LiteralThreshold: 100},
	}
	for i, in := range inputs {
		for o, opt := range opts {
			var want string
			for _, k := range []int{0, 1, 3, 7} {
				var src io.Reader = strings.NewReader(in)
				if k > 0 {
					src = &chunkReader{b: []byte(in), k: k}
				}
				got := readResponses(NewResponseReader(src, nil, opt))
				if k == 0 {
					want = got
				} else if got != want {
					t.Errorf("input %d, options %d, in reads of %d bytes:\n%s\nwhole:\n%s", i, o, k, got, want)
				}
			}
			if o == 1 && i == 3 && !strings.Contains(want, "streamed=1") {
				t.Errorf("a literal that arrived whole was not streamed:\n%s", want)
			}
		}
	}
}

// chunkReader returns b k bytes at a time.
type chunkReader struct {
	b []byte
	k int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := min(r.k, len(p), len(r.b))
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}
