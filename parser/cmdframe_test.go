package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestFrameCommand(t *testing.T) {
	minus := Options{Limits: Limits{MaxNonSyncLiteral: LiteralMinusMax}}
	tests := []struct {
		name    string
		in      string
		opt     Options
		n       int   // length of the command; 0 for ErrIncomplete or an error
		errOff  int   // offset of the expected *Error, -1 for none
		cont    bool  // ErrIncomplete with Continue
		litAt   int   // expected LiteralAt with ErrIncomplete
		litSize int64 // expected LiteralSize with ErrIncomplete
		isLimit bool
	}{
		{"noop", "a NOOP\r\nb NOOP\r\n", Options{}, 8, -1, false, -1, 0, false},
		{"partial line", "a NOO", Options{}, 0, -1, false, -1, 0, false},
		{"login sync literal waits", "a LOGIN {5}\r\n", Options{}, 0, -1, true, 13, 5, false},
		{"login literal partly there", "a LOGIN {5}\r\nali", Options{}, 0, -1, true, 13, 5, false},
		{"login literal complete", "a LOGIN {5}\r\nalice pw\r\n", Options{}, 23, -1, false, -1, 0, false},
		{"literal+ needs no continuation", "a LOGIN {5+}\r\nal", Options{}, 0, -1, false, 14, 5, false},
		{"second literal waits", "a LOGIN {1}\r\nx {2}\r\n", Options{}, 0, -1, true, 20, 2, false},
		{"append literal8", "a APPEND INBOX ~{3}\r\na\x00b\r\n", Options{}, 26, -1, false, -1, 0, false},
		{"append literal8 waits", "a APPEND INBOX ~{3}\r\n", Options{}, 0, -1, true, 21, 3, false},
		{"multiappend", "a APPEND x {1+}\r\nA {1+}\r\nB\r\n", Options{}, 28, -1, false, -1, 0, false},
		{"literal8 outside APPEND", "a LOGIN ~{3}\r\nabc\r\n", Options{}, 0, 8, false, -1, 0, false},
		{"literal8 with plus", "a APPEND x ~{3+}\r\nabc\r\n", Options{}, 0, 14, false, -1, 0, false},
		{"LITERAL- at the limit", "a APPEND x {4096+}\r\n", minus, 0, -1, false, 20, 4096, false},
		{"LITERAL- over the limit", "a APPEND x {4097+}\r\n", minus, 0, 11, false, -1, 0, true},
		{"LITERAL- sync is fine", "a APPEND x {4097}\r\n", minus, 0, -1, true, 19, 4097, false},
		{"literal over MaxLiteral", "a APPEND x {100}\r\n", Options{Limits: Limits{MaxLiteral: 99}}, 0, 11, false, -1, 0, true},
		{"bare LF", "a NOOP\n", Options{}, 0, 6, false, -1, 0, false},
		{"bare LF lenient", "a NOOP\n", Options{Lenient: true}, 7, -1, false, -1, 0, false},
		{"line too long", "a SEARCH 1 2 3 4 5\r\n", Options{Limits: Limits{MaxLine: 8}}, 0, 8, false, -1, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NewParser(tt.opt).FrameCommand([]byte(tt.in))
			if tt.errOff >= 0 {
				var pe *Error
				if !errors.As(err, &pe) || pe.Offset != tt.errOff || errors.Is(err, ErrLimit) != tt.isLimit {
					t.Fatalf("got %+v %v; want *Error at %d (limit %v)", f, err, tt.errOff, tt.isLimit)
				}
				return
			}
			if tt.n > 0 {
				if err != nil || f.N != tt.n {
					t.Fatalf("got %+v %v; want N=%d", f, err, tt.n)
				}
				return
			}
			if err != ErrIncomplete || f.Continue != tt.cont || f.LiteralAt != tt.litAt || f.LiteralSize != tt.litSize {
				t.Fatalf("got %+v %v; want ErrIncomplete, Continue=%v LiteralAt=%d LiteralSize=%d", f, err, tt.cont, tt.litAt, tt.litSize)
			}
		})
	}
}

// scriptedClient is an io.Reader that plays a client's side of a session:
// it delivers its stream in chunks of at most chunk bytes, and after each
// part that ends at a synchronizing literal it delivers nothing until the
// server has answered "+" (acked).
type scriptedClient struct {
	parts  [][]byte
	waits  []bool
	i, off int
	chunk  int
	acked  int // parts whose wait has been answered
	stuck  bool
}

func newScriptedClient(stream string, chunk int) *scriptedClient {
	c := &scriptedClient{chunk: chunk}
	for sp := SyncParts([]byte(stream)); sp.Next(); {
		c.parts = append(c.parts, sp.Part())
		c.waits = append(c.waits, sp.Wait())
	}
	return c
}

func (c *scriptedClient) Read(p []byte) (int, error) {
	for c.i < len(c.parts) && c.off == len(c.parts[c.i]) {
		if c.waits[c.i] && c.acked <= c.i {
			// The server reads while the client waits for "+": in a
			// real session this read would hang forever.
			c.stuck = true
			return 0, errors.New("client is waiting for a continuation")
		}
		c.i, c.off = c.i+1, 0
	}
	if c.i == len(c.parts) {
		return 0, io.EOF
	}
	n := copy(p, c.parts[c.i][c.off:min(len(c.parts[c.i]), c.off+c.chunk)])
	c.off += n
	return n, nil
}

// serveAll runs a server loop over the client, answering every ReadContinue,
// and returns what it read, one line per message.
func serveAll(t *testing.T, r *CommandReader, c *scriptedClient) []string {
	t.Helper()
	var out []string
	for k := 0; k < 1000; k++ {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, "error: "+err.Error())
			return out
		}
		out = append(out, fmt.Sprintf("%v %q", m.Kind, m.Bytes))
		switch {
		case m.Kind == ReadContinue:
			c.acked++
		case m.Kind == ReadCommand && commandNameIs(m.Bytes, "AUTHENTICATE") && strings.HasSuffix(string(m.Bytes), " =\r\n"):
			// SASL-IR with an empty response: the server is done.
			r.EndExchange()
		}
	}
	t.Fatal("too many messages")
	return nil
}

func TestCommandReaderSplits(t *testing.T) {
	stream := "a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n" +
		"a2 SELECT INBOX\r\n" +
		"a3 APPEND INBOX (\\Seen) {12+}\r\nSubject: x\r\n ~{4}\r\nab\x00d\r\n" +
		"a4 IDLE\r\nDONE\r\n" +
		"a5 AUTHENTICATE PLAIN\r\nAGFsaWNlAHNlY3JldA==\r\n*\r\n" +
		"a6 UID FETCH 1:* (BODY.PEEK[])\r\n"
	want := []string{
		`continue "a1 LOGIN {5}\r\n"`,
		`continue "a1 LOGIN {5}\r\nalice {6}\r\n"`,
		`command "a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n"`,
		`command "a2 SELECT INBOX\r\n"`,
		`continue "a3 APPEND INBOX (\\Seen) {12+}\r\nSubject: x\r\n ~{4}\r\n"`,
		`command "a3 APPEND INBOX (\\Seen) {12+}\r\nSubject: x\r\n ~{4}\r\nab\x00d\r\n"`,
		`command "a4 IDLE\r\n"`,
		`done "DONE\r\n"`,
		`command "a5 AUTHENTICATE PLAIN\r\n"`,
		`auth-line "AGFsaWNlAHNlY3JldA==\r\n"`,
		`auth-line "*\r\n"`,
		`command "a6 UID FETCH 1:* (BODY.PEEK[])\r\n"`,
	}
	for chunk := 1; chunk <= len(stream); chunk++ {
		c := newScriptedClient(stream, chunk)
		r := NewCommandReader(c, nil)
		got := serveAll(t, r, c)
		if c.stuck || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("chunk %d: stuck=%v\ngot  %q\nwant %q", chunk, c.stuck, got, want)
		}
	}
}

// TestFrameCommandEveryBoundary cuts a pipelined stream at every byte and
// checks that framing the first part never disagrees with framing the
// whole: either the same command, or ErrIncomplete, with Continue exactly
// when a synchronizing literal's header is complete and its data is not.
func TestFrameCommandEveryBoundary(t *testing.T) {
	stream := []byte("a1 LOGIN {5}\r\nalice {6+}\r\nsecret\r\na3 APPEND INBOX ~{4}\r\nab\x00d\r\n")
	var p Parser
	var cmds []int // end offsets
	for off := 0; off < len(stream); {
		f, err := p.FrameCommand(stream[off:])
		if err != nil {
			t.Fatal(err)
		}
		off += f.N
		cmds = append(cmds, off)
	}
	// Where each synchronizing literal's data begins, absolute, and its size.
	syncData := map[int]int{14: 5, 56: 4}
	start := 0
	for cut := 0; cut <= len(stream); cut++ {
		for len(cmds) > 0 && cut >= cmds[0] {
			start, cmds = cmds[0], cmds[1:]
		}
		if len(cmds) == 0 {
			break
		}
		f, err := p.FrameCommand(stream[start:cut])
		if err != ErrIncomplete {
			t.Fatalf("cut %d: %+v %v, want ErrIncomplete", cut, f, err)
		}
		wantAt := -1
		for d, size := range syncData {
			if d > start && d <= cut && cut < d+size {
				wantAt = d - start
			}
		}
		if f.Continue != (wantAt >= 0) || (wantAt >= 0 && f.LiteralAt != wantAt) {
			t.Errorf("cut %d: %+v, want Continue=%v at %d", cut, f, wantAt >= 0, wantAt)
		}
	}
}

func TestCommandReaderReject(t *testing.T) {
	// The server refuses the literal; the client goes on with a4.
	in := strings.NewReader("a3 APPEND INBOX {99999}\r\na4 NOOP\r\n")
	r := NewCommandReader(in, nil)
	m, err := r.Next()
	if err != nil || m.Kind != ReadContinue || m.LiteralSize != 99999 {
		t.Fatalf("got %v %q %v", m.Kind, m.Bytes, err)
	}
	r.Reject()
	m, err = r.Next()
	if err != nil || m.Kind != ReadCommand || string(m.Bytes) != "a4 NOOP\r\n" || m.Offset != 25 {
		t.Fatalf("got %v %q at %d, %v", m.Kind, m.Bytes, m.Offset, err)
	}
}

func TestCommandReaderErrors(t *testing.T) {
	tests := []struct {
		in  string
		max int
		off int
		err error
	}{
		{"a NOOP\r\nb LOGIN ~{1}\r\nx\r\n", 0, 16, nil},
		{"a NOOP\r\nb NOOP", 0, -1, io.ErrUnexpectedEOF},
		{"a NOOP\r\nb APPEND x {5000}\r\n" + strings.Repeat("x", 5000) + "\r\n", 4096, 8 + 4096, ErrLimit},
	}
	for _, tt := range tests {
		r := NewCommandReader(strings.NewReader(tt.in), nil)
		if tt.max > 0 {
			r.SetMaxBuffer(tt.max)
		}
		var err error
		for k := 0; k < 10 && err == nil; k++ {
			var m ReadMsg
			m, err = r.Next()
			if m.Kind == ReadContinue {
				continue
			}
		}
		var pe *Error
		if tt.off >= 0 && (!errors.As(err, &pe) || pe.Offset != tt.off) {
			t.Errorf("%.40q: %v, want *Error at %d", tt.in, err, tt.off)
		}
		if tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("%.40q: %v, want %v", tt.in, err, tt.err)
		}
		if _, err2 := r.Next(); err2 != err {
			t.Errorf("%q: error not sticky: %v then %v", tt.in, err, err2)
		}
	}
}

func TestFrameCommandAllocs(t *testing.T) {
	stream := []byte("a1 UID FETCH 1:* (UID BODY.PEEK[HEADER])\r\na2 LOGIN {5+}\r\nalice pw\r\na3 APPEND x {3}\r\n")
	var p Parser
	n := testing.AllocsPerRun(100, func() {
		for off := 0; off < len(stream); {
			f, err := p.FrameCommand(stream[off:])
			if err != nil {
				break
			}
			off += f.N
		}
	})
	if n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

func TestCommandReaderLockstep(t *testing.T) {
	in := "a1 LOGIN {5}\r\nalice {2+}\r\npw\r\na2 APPEND x {3}\r\na3 NOOP\r\n"
	r := NewCommandReader(strings.NewReader(in), nil)
	r.SetLockstep(true)
	var got []string
	for k := 0; k < 10; k++ {
		m, err := r.Next()
		if err != nil {
			if err != io.EOF {
				got = append(got, err.Error())
			}
			break
		}
		got = append(got, fmt.Sprintf("%v %d %q", m.Kind, m.Offset, m.Bytes))
		if m.Kind == ReadContinue && bytes.HasPrefix(m.Bytes, []byte("a2")) {
			r.Reject() // the server refused a2: its literal never came
		}
	}
	want := []string{
		`continue 0 "a1 LOGIN {5}\r\n"`,
		`command 0 "a1 LOGIN {5}\r\nalice {2+}\r\npw\r\n"`,
		`continue 30 "a2 APPEND x {3}\r\n"`,
		`command 47 "a3 NOOP\r\n"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCommandReaderStreamsLiterals(t *testing.T) {
	big := strings.Repeat("0123456789", 10000) // 100,000 bytes
	in := "a1 APPEND INBOX (\\Seen) {100000}\r\n" + big + " {3}\r\nabc\r\n" +
		"a2 APPEND INBOX ~{100000}\r\n" + big + "\r\n" +
		"a3 NOOP\r\n"
	for _, chunk := range []int{1 << 20, 4096, 777} {
		c := newScriptedClient(in, chunk)
		r := NewCommandReader(c, nil)
		r.SetMaxBuffer(8192) // far less than one literal
		var got []string
		var streamed []int64
		r.SetLiteralHandler(1000, func(info LiteralInfo, body io.Reader) error {
			b, err := io.ReadAll(body)
			if err != nil || string(b) != big {
				t.Errorf("chunk %d: literal of %d bytes, %v", chunk, len(b), err)
			}
			streamed = append(streamed, info.Offset, info.Size)
			return nil
		})
		var p Parser
		var cmd Command
		for k := 0; k < 20; k++ {
			m, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("chunk %d: %v", chunk, err)
			}
			if m.Kind == ReadContinue {
				c.acked++
				continue
			}
			if err := p.ParseCommand(m.Bytes, &cmd); err != nil {
				t.Fatalf("chunk %d: %q: %v", chunk, m.Bytes, err)
			}
			got = append(got, fmt.Sprintf("%d %d %q", m.Offset, m.Streamed, m.Bytes))
		}
		want := []string{
			`0 100000 "a1 APPEND INBOX (\\Seen) {000000}\r\n {3}\r\nabc\r\n"`,
			`100045 100000 "a2 APPEND INBOX ~{000000}\r\n\r\n"`,
			`200074 0 "a3 NOOP\r\n"`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") || c.stuck {
			t.Errorf("chunk %d: stuck=%v\ngot\n%s\nwant\n%s", chunk, c.stuck, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if fmt.Sprint(streamed) != "[34 100000 100072 100000]" {
			t.Errorf("chunk %d: literals at %v", chunk, streamed)
		}
	}
}

func TestCommandReaderSkipsLiterals(t *testing.T) {
	big := strings.Repeat("x", 50000)
	in := "a1 APPEND INBOX {50000+}\r\n" + big + "\r\na2 NOOP\r\n"
	r := NewCommandReader(strings.NewReader(in), nil)
	r.SetMaxBuffer(4096)
	r.SetLiteralHandler(100, nil) // skip
	m, err := r.Next()
	if err != nil || string(m.Bytes) != "a1 APPEND INBOX {00000+}\r\n\r\n" || m.Streamed != 50000 {
		t.Fatalf("got %q streamed %d, %v", m.Bytes, m.Streamed, err)
	}
	m, err = r.Next()
	if err != nil || string(m.Bytes) != "a2 NOOP\r\n" || m.Offset != int64(len(in)-9) {
		t.Fatalf("got %q at %d, %v", m.Bytes, m.Offset, err)
	}
	// A handler's error ends the reader.
	r = NewCommandReader(strings.NewReader(in), nil)
	boom := errors.New("disk full")
	r.SetLiteralHandler(100, func(LiteralInfo, io.Reader) error { return boom })
	if _, err := r.Next(); err != boom {
		t.Fatalf("err %v, want %v", err, boom)
	}
	if _, err := r.Next(); err != boom {
		t.Fatalf("second err %v, want %v", err, boom)
	}
	// The stream ends inside a streamed literal.
	r = NewCommandReader(strings.NewReader(in[:1000]), nil)
	r.SetLiteralHandler(100, nil)
	if _, err := r.Next(); err != io.ErrUnexpectedEOF {
		t.Fatalf("truncated: err %v", err)
	}
}
