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
		if string(r.Raw) != "* 1 FETCH (UID 7 BODY[] {0000}\r\n FLAGS (\\Seen))\r\n" {
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
	want := `untagged FETCH num=1 data="(BODY[] {0000}\r\n)" streamed=1
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

// TestResponseReaderErrorOffsetsAfterStreamedLiterals checks that errors
// after streamed literals carry the offsets of the bytes the server sent:
// the first error of each stream is where marker stands in the input and
// (its last occurrence) and where a reader that streams nothing reports it, and the errors after
// resynchronising (past messages that held streamed literals) keep
// counting the streamed bytes, however the stream is cut into reads and
// whether the literals arrived whole or not.
func TestResponseReaderErrorOffsetsAfterStreamedLiterals(t *testing.T) {
	lit := func(n int) string { return "{" + itoa(n) + "}\r\n" + strings.Repeat("x", n) }
	lits := func(names string) string {
		var b strings.Builder
		for i, c := range names {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(c) + " " + lit(300))
		}
		return b.String()
	}
	tests := []struct {
		name, in, marker string
		want             string
	}{
		{"syntax error after one", "* 1 FETCH (BODY[] " + lit(300) + " UID x)\r\na OK y\r\n", "x)",
			`330 number, found "x)"|ok`},
		{"syntax error after five (beyond MaxStreamed)", "* 1 FETCH (" + lits("ABCDE") + " UID x)\r\na OK y\r\n", "x)",
			`1565 number, found "x)"|ok`},
		{"literal8 in body-extension after one", "* 1 FETCH (BODY[] " + lit(300) + ` BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL ~{1}` + "\r\nx))\r\na OK y\r\n", "~{1}",
			`395 body-extension (nstring, number or "(") (literal8 is only allowed in BINARY, APPEND and METADATA values), found "~{1}"|ok`},
		{"MaxLiterals after five", "* 1 FETCH (" + lits("ABCDEFG") + ")\r\na OK y\r\n", "{300}\r\n" + strings.Repeat("x", 300) + " G",
			"1563 at most MaxLiterals literals, found one more literal|" +
				"1873 at most MaxLiterals literals, found one more literal|" +
				`630 tag, "*" or "+", found " C {000}"|ok`},
		{"bare LF after one", "* 1 FETCH (A " + lit(300) + " D\n)\r\na OK y\r\n", "\n)",
			`322 CR before LF, found bare LF|322 CR before LF, found bare LF|323 tag, "*" or "+", found ")"|ok`},
		{"MaxLine after one", "* 1 FETCH (A " + lit(300) + " B " + strings.Repeat("y", 200) + ")\r\na OK y\r\n", "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy)",
			"450 CRLF within MaxLine, found a longer line|470 CRLF within MaxLine, found a longer line|ok"},
	}
	p := NewParser(Options{Limits: Limits{MaxLiterals: 5, MaxLine: 150}})
	read := func(r io.Reader, opt ReaderOptions) []string {
		rr := NewResponseReader(r, p, opt)
		var out []string
		var resp Response
		for i := 0; i < 20; i++ {
			err := rr.Next(&resp)
			var pe *Error
			switch {
			case err == io.EOF:
				return out
			case errors.As(err, &pe):
				out = append(out, itoa(pe.Offset)+" "+pe.Expected+", found "+pe.Found)
			case err != nil:
				return append(out, "fatal "+err.Error())
			default:
				out = append(out, "ok")
			}
		}
		return append(out, "too many")
	}
	for _, tt := range tests {
		want := strings.Split(tt.want, "|")
		// MaxLine after one: the line after the literal is over the limit
		// 150 bytes after the literal's line began.
		if at := strings.LastIndex(tt.in, tt.marker); tt.name != "MaxLine after one" && want[0] != itoa(at)+want[0][strings.IndexByte(want[0], ' '):] {
			t.Fatalf("%s: first error %q is not at the marker's offset %d", tt.name, want[0], at)
		}
		plain := read(strings.NewReader(tt.in), ReaderOptions{})
		if len(plain) == 0 || plain[0] != want[0] {
			t.Errorf("%s: without streaming: %q, want first %q", tt.name, plain, want[0])
		}
		for _, buf := range []int{16, 4096} {
			for _, k := range []int{0, 1, 7} {
				var src io.Reader = strings.NewReader(tt.in)
				if k > 0 {
					src = &chunkReader{b: []byte(tt.in), k: k}
				}
				got := read(src, ReaderOptions{BufferSize: buf, LiteralThreshold: 100})
				if strings.Join(got, "|") != tt.want {
					t.Errorf("%s (buffer %d, reads of %d):\ngot  %q\nwant %q", tt.name, buf, k, got, want)
				}
			}
		}
	}
}

// TestResponseReaderStreamsBeyondHoleCapacity streams more literals in one
// message than the reader's initial record of them holds (4096), under a
// MaxLiterals that allows them: every one is streamed, none is refused,
// and offsets count them all.
func TestResponseReaderStreamsBeyondHoleCapacity(t *testing.T) {
	const n = 4100
	var b strings.Builder
	b.WriteString("* 1 FETCH (X (")
	for i := 0; i < n; i++ {
		b.WriteString("{2}\r\nab ")
	}
	b.WriteString("y))\r\na OK z\r\n")
	in := b.String()
	p := NewParser(Options{Limits: Limits{MaxLiterals: n}})
	count := 0
	rr := NewResponseReader(strings.NewReader(in), p, ReaderOptions{LiteralThreshold: 1, OnLiteral: func(LiteralInfo, io.Reader) error {
		count++
		return nil
	}})
	var r Response
	if err := rr.Next(&r); err != nil {
		t.Fatal(err)
	}
	if count != n || r.NStreamed != n {
		t.Fatalf("streamed %d (NStreamed %d), want %d", count, r.NStreamed, n)
	}
	if got, want := rr.Offset(), int64(strings.Index(in, "a OK")); got != want {
		t.Errorf("offset after the message %d, want %d", got, want)
	}
	if err := rr.Next(&r); err != nil || r.Status != StatusOK {
		t.Fatalf("second: %v", err)
	}
	// One literal more than MaxLiterals is refused at its "{".
	p = NewParser(Options{Limits: Limits{MaxLiterals: n - 1}})
	rr = NewResponseReader(strings.NewReader(in), p, ReaderOptions{LiteralThreshold: 1})
	err := rr.Next(&r)
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, ErrLimit) || pe.Offset != strings.LastIndex(in, "{2}") {
		t.Fatalf("MaxLiterals %d: %v, want a limit error at %d", n-1, err, strings.LastIndex(in, "{2}"))
	}
}
