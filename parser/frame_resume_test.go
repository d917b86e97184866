package parser

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestFrameHintResumes checks that framing resumes the LF search where the
// previous call stopped rather than rescanning the line: bytes before the
// recorded point are not looked at again. (Callers never change those
// bytes; the test does, to see whether they are read.)
func TestFrameHintResumes(t *testing.T) {
	lim := Limits{}.Resolved()
	b := []byte("* SEARCH 1 2 3 4 5 6")
	var h frameHint
	if _, err := frameLines(b, &lim, frameResponse, false, &h); err != ErrIncomplete {
		t.Fatalf("err %v, want ErrIncomplete", err)
	}
	if h.line != 0 || h.scanned != len(b) {
		t.Fatalf("hint %+v, want line 0 scanned %d", h, len(b))
	}
	grown := append([]byte(nil), b...)
	grown[5] = '\n' // before the hint: must not be seen
	grown = append(grown, " 7\r\n"...)
	r, err := frameLines(grown, &lim, frameResponse, false, &h)
	if err != nil || r.n != len(grown) {
		t.Fatalf("resumed framing: n=%d err=%v, want n=%d (the LF before the hint was rescanned)", r.n, err, len(grown))
	}
	// Without the hint the early LF is found: the test can tell the two apart.
	if r, err := frameLines(grown, &lim, frameResponse, false, nil); err == nil && r.n == len(grown) {
		t.Fatal("framing without a hint did not see the early LF")
	}
}

// dripReader returns one byte per Read.
type dripReader struct{ b []byte }

func (d *dripReader) Read(p []byte) (int, error) {
	if len(d.b) == 0 {
		return 0, io.EOF
	}
	p[0] = d.b[0]
	d.b = d.b[1:]
	return 1, nil
}

// TestReaderSlowDrip reads a long SEARCH line and a literal that arrive a
// byte at a time, and gets the same responses as from one read.
func TestReaderSlowDrip(t *testing.T) {
	var in bytes.Buffer
	in.WriteString("* SEARCH")
	for i := 1; i <= 5000; i++ {
		in.WriteString(" 12345")
	}
	in.WriteString("\r\n* 1 FETCH (BODY[] {10}\r\n0123456789)\r\na1 OK done {5}\r\n")
	rr := NewResponseReader(&dripReader{b: in.Bytes()}, nil, ReaderOptions{})
	var resp Response
	var types []DataType
	for {
		err := rr.Next(&resp)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, resp.Type)
	}
	if len(types) != 3 || types[0] != DataSearch || types[1] != DataFetch {
		t.Fatalf("types %v", types)
	}
	if resp.Kind != KindTagged || string(resp.Tag) != "a1" {
		t.Fatalf("last response %q", resp.Raw)
	}
}

// BenchmarkReaderSlowDrip measures a 64 KiB line arriving a byte at a
// time: with resumable framing the cost per byte stays flat.
func BenchmarkReaderSlowDrip(b *testing.B) {
	var in bytes.Buffer
	in.WriteString("* SEARCH")
	for in.Len() < 64<<10 {
		in.WriteString(" 12345")
	}
	in.WriteString("\r\n")
	data := in.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var resp Response
	d := &dripReader{}
	rr := NewResponseReader(d, nil, ReaderOptions{BufferSize: 128 << 10})
	for b.Loop() {
		d.b = data
		if err := rr.Next(&resp); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCommandReaderSlowDrip reads commands, one with a long line and one
// with a synchronizing literal, arriving a byte at a time.
func TestCommandReaderSlowDrip(t *testing.T) {
	var in bytes.Buffer
	in.WriteString("a1 UID FETCH ")
	for i := 1; i <= 3000; i++ {
		if i > 1 {
			in.WriteByte(',')
		}
		in.WriteString("12345")
	}
	in.WriteString(" (FLAGS)\r\na2 LOGIN {4}\r\nuser pass\r\na3 NOOP\r\n")
	cr := NewCommandReader(&dripReader{b: in.Bytes()}, nil)
	var kinds []ReadKind
	var cmds []string
	for {
		m, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, m.Kind)
		if m.Kind == ReadCommand {
			cmds = append(cmds, string(m.Bytes[:2]))
		}
	}
	if len(cmds) != 3 || cmds[0] != "a1" || cmds[1] != "a2" || cmds[2] != "a3" {
		t.Fatalf("commands %q (kinds %v)", cmds, kinds)
	}
	if len(kinds) != 4 || kinds[1] != ReadContinue {
		t.Fatalf("kinds %v, want a continuation before a2", kinds)
	}
}

// TestFrameResumesAtLineStart checks that framing with a hint starts at
// the line it stopped in, not at the message start: the bytes before that
// line are overwritten after the first call, and the second call still
// frames the message as the unchanged bytes frame, with the same literal
// count and length.
func TestFrameResumesAtLineStart(t *testing.T) {
	whole := "* 1 FETCH (A {2}\r\nab B ~{5}\r\nxyzzy C)\r\n"
	stop := strings.Index(whole, "xy") // inside the second literal's data
	lineAt := strings.Index(whole, " B ~{5}")
	lim := defaultLimits
	var hint frameHint
	b := []byte(whole[:stop])
	if _, err := frameLines(b, &lim, frameResponse, false, &hint); err != ErrIncomplete {
		t.Fatalf("first call: %v, want ErrIncomplete", err)
	}
	if hint.at != lineAt || hint.lineBytes != lineAt-2 || hint.literals != 1 || hint.binaryAt != -1 || hint.bareLF != -1 {
		t.Fatalf("hint %+v, want the state at %d: %d line bytes, 1 literal", hint, lineAt, lineAt-2)
	}
	want, err := frameLines([]byte(whole), &lim, frameResponse, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(whole)
	for i := 0; i < lineAt; i++ {
		b[i] = 'Z'
	}
	b[0] = '\n' // a bare LF: only a rescan would see it
	got, err := frameLines(b, &lim, frameResponse, false, &hint)
	if err != nil || got.n != want.n || got.literals != 2 || got.binaryAt != want.binaryAt {
		t.Fatalf("resumed: %+v, %v; want %+v", got, err, want)
	}
	if _, err := frameLines(b, &lim, frameResponse, false, nil); err == nil {
		t.Fatal("the overwritten bytes frame without the hint; the test proves nothing")
	}
}
