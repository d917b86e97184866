package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// cmdStreamEvents reads every message of src with a CommandReader that
// streams literals above threshold (and holds at most maxBuffer bytes of a
// command, when positive) and renders, one per line, what it
// reports: each literal handler call (offset, size, form, prefix, data),
// each command (offset, Streamed, Bytes), each ReadContinue when lockstep
// is on (in lockstep it comes at every synchronizing literal, however the
// bytes arrive), and the error that ends the stream. Without lockstep a
// ReadContinue depends on the cut, so it is not rendered, but it must be
// a prefix of the command that follows it (up to the size digits of its
// own literal, zeroed if that one is streamed): the literals before it are
// streamed before it is reported, as they are when it is not.
func cmdStreamEvents(p *Parser, threshold int64, lockstep bool, maxBuffer int, src io.Reader) string {
	var out strings.Builder
	cr := NewCommandReader(src, p)
	cr.SetLockstep(lockstep)
	cr.SetMaxBuffer(maxBuffer)
	cr.SetLiteralHandler(threshold, func(info LiteralInfo, body io.Reader) error {
		data, err := io.ReadAll(body)
		fmt.Fprintf(&out, "literal at %d size %d form %d prefix %q data %q err %v\n", info.Offset, info.Size, info.Form, info.Prefix, data, err)
		return nil
	})
	var cont []byte
	for i := 0; i < 200; i++ {
		m, err := cr.Next()
		if err == io.EOF {
			return out.String()
		}
		if err != nil {
			return out.String() + fmt.Sprintf("error %v\n", err)
		}
		switch {
		case m.Kind == ReadContinue && lockstep:
			fmt.Fprintf(&out, "continue at %d size %d %q\n", m.Offset, m.LiteralSize, m.Bytes)
		case m.Kind == ReadContinue:
			cont = append(cont[:0], m.Bytes...)
		default:
			if cont != nil && !bytes.HasPrefix(m.Bytes, cont) && !bytes.HasPrefix(m.Bytes, zeroLastSize(cont)) {
				fmt.Fprintf(&out, "continue %q is not a prefix\n", cont)
			}
			cont = nil
			fmt.Fprintf(&out, "%v at %d streamed %d %q\n", m.Kind, m.Offset, m.Streamed, m.Bytes)
		}
	}
	return out.String() + "too many\n"
}

// zeroLastSize returns b, which ends with a literal's header, with the
// size digits of that header turned to "0", as they are once the literal
// has been streamed.
func zeroLastSize(b []byte) []byte {
	z := bytes.Clone(b)
	for k := len(z) - 1; k >= 0 && z[k] != '{'; k-- {
		if z[k] >= '1' && z[k] <= '9' {
			z[k] = '0'
		}
	}
	return z
}

// TestCommandReaderStreamsInMessageOrderAtEveryCut reads commands whose
// literals above the threshold (synchronizing, LITERAL+ and literal8, a
// MULTIAPPEND among them) are mixed with held ones, once whole and then
// cut into two reads at every byte and in reads of 1 to 64 bytes. A
// literal that arrived whole must be streamed before a later one whose
// data had not arrived, so the handler calls (order, offsets, prefixes),
// the commands and the error offsets are the same for every cut, and the
// sizes are streamed in message order.
func TestCommandReaderStreamsInMessageOrderAtEveryCut(t *testing.T) {
	multi := "a1 APPEND INBOX {40+}\r\n" + strings.Repeat("a", 40) +
		" (\\Seen) {5}\r\nhello ~{20}\r\n" + strings.Repeat("b", 20) +
		" {12}\r\n" + strings.Repeat("c", 12) + " {3+}\r\nxyz {30}\r\n" + strings.Repeat("d", 30) + "\r\n" +
		"a2 NOOP\r\na3 LOGIN {10}\r\n0123456789 {9+}\r\n012345678\r\n"
	// With MaxLiterals 3 the fourth literal fails the command at its "{";
	// the two above the threshold before it are streamed first, whether
	// or not they arrived whole.
	tooMany := "a1 APPEND INBOX {10+}\r\n" + strings.Repeat("f", 10) + " {3+}\r\nghi {10+}\r\n" +
		strings.Repeat("j", 10) + " {10+}\r\n" + strings.Repeat("k", 10) + "\r\n"
	// A literal8 outside APPEND fails the command at its "~", after a
	// streamed literal: the offset counts the streamed bytes.
	binary := "a0 NOOP\r\na1 LOGIN {20+}\r\n" + strings.Repeat("u", 20) + " ~{3}\r\nabc\r\n"
	// MaxLine fails the last line after two streamed literals.
	long := "a1 APPEND INBOX {30+}\r\n" + strings.Repeat("v", 30) + " {300+}\r\n" + strings.Repeat("w", 300) + " " + strings.Repeat("x", 40) + "\r\n"
	// A buffer of 64 bytes holds commands whose streamed literals are far
	// larger, and fails one whose held bytes are not, at the 65th of them.
	bigLiterals := "a1 APPEND INBOX {600+}\r\n" + strings.Repeat("y", 600) + " {10+}\r\n0123456789 {700}\r\n" +
		strings.Repeat("z", 700) + "\r\na2 NOOP\r\n"
	heldLiterals := "a1 APPEND INBOX {20+}\r\n" + strings.Repeat("h", 20) + strings.Repeat(" {8+}\r\n12345678", 5) + "\r\n"
	tests := []struct {
		name      string
		in        string
		p         *Parser
		lockstep  bool
		maxBuffer int
		sizes     []int64 // handler sizes, in order
		errAt     int     // offset of the error, -1 for none
	}{
		{"multiappend", multi, nil, false, 0, []int64{40, 20, 12, 30, 10, 9}, -1},
		{"multiappend lockstep", multi, nil, true, 0, []int64{40, 20, 12, 30, 10, 9}, -1},
		{"too many literals", tooMany, NewParser(Options{Limits: Limits{MaxLiterals: 3}}), false, 0, []int64{10, 10}, strings.Index(tooMany, "{10+}\r\nkk")},
		{"literal8 outside APPEND", binary, nil, false, 0, []int64{20}, strings.Index(binary, "~")},
		{"line too long", long, NewParser(Options{Limits: Limits{MaxLine: 60}}), false, 0, []int64{30, 300}, strings.Index(long, "xxx") + 60 - len("a1 APPEND INBOX {30+}\r\n {300+}\r\n ")},
		{"buffer bound, streamed literals", bigLiterals, nil, false, 64, []int64{600, 10, 700}, -1},
		{"buffer bound, held literals", heldLiterals, nil, false, 64, []int64{20}, 64 + 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			everyCut(t, tt.in, tt.sizes, tt.errAt, func(r io.Reader) string {
				return cmdStreamEvents(tt.p, 8, tt.lockstep, tt.maxBuffer, r)
			})
		})
	}
}

// everyCut renders the reading of in by render, once whole and then cut
// into two reads at every byte and in reads of 1 to 64 bytes, and checks
// that every rendering is the same, that the whole one streamed literals
// of the given sizes in that order ("literal at N size S" lines), and that
// it ends with an error at errAt (-1 for none). It returns the rendering.
func everyCut(t *testing.T, in string, sizes []int64, errAt int, render func(io.Reader) string) string {
	t.Helper()
	want := render(strings.NewReader(in))
	var got []int64
	for _, line := range strings.Split(want, "\n") {
		var at, size int64
		if _, err := fmt.Sscanf(line, "literal at %d size %d", &at, &size); err == nil {
			got = append(got, size)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(sizes) {
		t.Errorf("whole read streamed sizes %v, want %v:\n%s", got, sizes, want)
	}
	if errAt >= 0 && !strings.Contains(want, fmt.Sprintf("error imap: at offset %d:", errAt)) {
		t.Errorf("whole read: no error at %d:\n%s", errAt, want)
	}
	if errAt < 0 && strings.Contains(want, "error") {
		t.Errorf("whole read: unexpected error:\n%s", want)
	}
	for k := 1; k < len(in); k++ {
		if got := render(&splitReader{b: []byte(in), k: k}); got != want {
			t.Fatalf("cut at byte %d:\n%s\nwhole:\n%s", k, got, want)
		}
	}
	// Reads of k bytes: framing resumes after streaming held literals
	// that arrived whole before a later one's header.
	for k := 1; k <= 64; k++ {
		if got := render(&chunkReader{b: []byte(in), k: k}); got != want {
			t.Fatalf("in reads of %d bytes:\n%s\nwhole:\n%s", k, got, want)
		}
	}
	return want
}

// TestCommandReaderStreamedValues pins what the reader reports for the
// MULTIAPPEND stream: where each streamed literal's data starts in the
// stream, and each command as it is handed over, every streamed literal
// an empty one whose header keeps its length (size digits zeroed).
func TestCommandReaderStreamedValues(t *testing.T) {
	in := "a1 APPEND INBOX {40+}\r\n" + strings.Repeat("a", 40) +
		" (\\Seen) {5}\r\nhello ~{20}\r\n" + strings.Repeat("b", 20) + "\r\n" +
		"a2 LOGIN {10}\r\n0123456789 {3+}\r\npw!\r\n"
	for _, src := range []io.Reader{strings.NewReader(in), &chunkReader{b: []byte(in), k: 3}} {
		var lits []string
		cr := NewCommandReader(src, nil)
		cr.SetLiteralHandler(8, func(info LiteralInfo, body io.Reader) error {
			lits = append(lits, fmt.Sprintf("%d %d %d", info.Offset, info.Size, info.Form))
			return nil // the reader discards what is left unread
		})
		var cmds []string
		for i := 0; i < 10; i++ {
			m, err := cr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind == ReadCommand {
				cmds = append(cmds, fmt.Sprintf("%d %d %q", m.Offset, m.Streamed, m.Bytes))
			}
		}
		a2 := strings.Index(in, "a2")
		wantLits := []string{
			fmt.Sprintf("%d 40 %d", strings.Index(in, "aaa"), LiteralNonSync),
			fmt.Sprintf("%d 20 %d", strings.Index(in, "bbb"), LiteralBinary),
			fmt.Sprintf("%d 10 %d", strings.Index(in, "0123"), LiteralSync),
		}
		wantCmds := []string{
			`0 60 "a1 APPEND INBOX {00+}\r\n (\\Seen) {5}\r\nhello ~{00}\r\n\r\n"`,
			fmt.Sprintf(`%d 10 "a2 LOGIN {00}\r\n {3+}\r\npw!\r\n"`, a2),
		}
		if fmt.Sprint(lits) != fmt.Sprint(wantLits) || fmt.Sprint(cmds) != fmt.Sprint(wantCmds) {
			t.Errorf("%T: literals %v\nwant %v\ncommands %q\nwant %q", src, lits, wantLits, cmds, wantCmds)
		}
	}
}

// TestCommandReaderMaxLineCountsStreamedHeaders checks that MaxLine counts
// the bytes of a command outside its literals' data as the client sent
// them, whether its literals are held or streamed (whole or in pieces),
// with headers of different lengths: a command exactly at MaxLine passes,
// one byte over fails at the same stream offset either way.
func TestCommandReaderMaxLineCountsStreamedHeaders(t *testing.T) {
	in := "a1 APPEND INBOX {100}\r\n" + strings.Repeat("x", 100) +
		" (\\Seen) ~{1000}\r\n" + strings.Repeat("y", 1000) +
		" {50+}\r\n" + strings.Repeat("z", 50) + " {1234567+}\r\n" + strings.Repeat("q", 1234567) + "\r\n"
	line := len(in) - 100 - 1000 - 50 - 1234567 // bytes outside literal data
	for _, threshold := range []int64{0, 10} {
		for _, k := range []int{0, 1, 7, 4096} {
			for _, over := range []bool{false, true} {
				maxLine := line
				if over {
					maxLine--
				}
				var src io.Reader = strings.NewReader(in)
				if k > 0 {
					src = &chunkReader{b: []byte(in), k: k}
				}
				if k == 1 && threshold == 0 {
					continue // a byte at a time through a held megabyte: slow, and nothing new
				}
				p := NewParser(Options{Limits: Limits{MaxLine: maxLine}})
				cr := NewCommandReader(src, p)
				cr.SetLiteralHandler(threshold, nil)
				var m ReadMsg
				var err error
				for i := 0; i < 10; i++ {
					if m, err = cr.Next(); err != nil || m.Kind == ReadCommand {
						break
					}
				}
				what := fmt.Sprintf("threshold %d, reads of %d, MaxLine %d", threshold, k, maxLine)
				if over {
					var pe *Error
					if !errors.As(err, &pe) || !errors.Is(err, ErrLimit) || pe.Offset != len(in)-1 {
						t.Errorf("%s: %v, want a MaxLine error at %d", what, err, len(in)-1)
					}
					continue
				}
				if err != nil || m.Kind != ReadCommand {
					t.Errorf("%s: %v %v, want the command", what, m.Kind, err)
					continue
				}
				want, streamed := in, int64(0)
				if threshold > 0 {
					want = "a1 APPEND INBOX {000}\r\n (\\Seen) ~{0000}\r\n {00+}\r\n {0000000+}\r\n\r\n"
					streamed = 100 + 1000 + 50 + 1234567
				}
				if string(m.Bytes) != want || m.Streamed != streamed {
					t.Errorf("%s: %.80q streamed %d, want %.80q streamed %d", what, m.Bytes, m.Streamed, want, streamed)
				}
				if threshold > 0 && len(m.Bytes) != line {
					t.Errorf("%s: %d bytes held, want %d", what, len(m.Bytes), line)
				}
			}
		}
	}
}

// TestCommandReaderRejectAfterStreamed refuses a command at a
// synchronizing literal after one of its literals was streamed: the next
// command's offset counts the streamed bytes, and its Streamed is its own.
func TestCommandReaderRejectAfterStreamed(t *testing.T) {
	in := "a1 APPEND INBOX {20+}\r\n" + strings.Repeat("r", 20) + " {99999}\r\na2 NOOP\r\n"
	for _, k := range []int{0, 5} {
		var src io.Reader = strings.NewReader(in)
		if k > 0 {
			src = &chunkReader{b: []byte(in), k: k}
		}
		cr := NewCommandReader(src, nil)
		cr.SetLiteralHandler(8, nil)
		m, err := cr.Next()
		if err != nil || m.Kind != ReadContinue || m.LiteralSize != 99999 || string(m.Bytes) != "a1 APPEND INBOX {00+}\r\n {99999}\r\n" {
			t.Fatalf("reads of %d: %v %q %d, %v", k, m.Kind, m.Bytes, m.LiteralSize, err)
		}
		cr.Reject()
		m, err = cr.Next()
		if err != nil || m.Kind != ReadCommand || string(m.Bytes) != "a2 NOOP\r\n" || m.Offset != int64(strings.Index(in, "a2")) || m.Streamed != 0 {
			t.Fatalf("reads of %d: %v %q at %d streamed %d, %v", k, m.Kind, m.Bytes, m.Offset, m.Streamed, err)
		}
	}
}

// TestCommandReaderHostileSizes feeds announcements that a reader must
// refuse or wait on without panicking, hanging or allocating their size.
func TestCommandReaderHostileSizes(t *testing.T) {
	huge := NewParser(Options{Limits: Limits{MaxLiteral: math.MaxInt64, MaxNonSyncLiteral: math.MaxInt64}})
	manyTiny := "a1 APPEND INBOX" + strings.Repeat(" {0+}\r\n", DefaultMaxLiterals) + "\r\n"
	tooManyTiny := "a1 APPEND INBOX" + strings.Repeat(" {0+}\r\n", DefaultMaxLiterals+1) + "\r\n"
	tests := []struct {
		name      string
		in        string
		p         *Parser
		threshold int64
		errAt     int   // offset of the *Error, -1 for none
		err       error // the error, when not an *Error
		limit     bool
	}{
		{"size over 2^63", "a APPEND x {99999999999999999999}\r\n", nil, 0, 12, nil, true},
		{"size 2^63-1 over MaxLiteral", "a APPEND x {9223372036854775807}\r\n", nil, 0, 11, nil, true},
		{"size 2^63-1, no data, held", "a APPEND x {9223372036854775807+}\r\nabc", huge, 0, -1, io.ErrUnexpectedEOF, false},
		{"size 2^63-1, no data, streamed", "a APPEND x {9223372036854775807+}\r\nabc", huge, 8, -1, io.ErrUnexpectedEOF, false},
		{"sync 2^63-1, no data, streamed", "a APPEND x ~{9223372036854775807}\r\n", huge, 8, -1, io.ErrUnexpectedEOF, false},
		{"huge sync, no data", "a APPEND x {67108864}\r\n", nil, 0, -1, io.ErrUnexpectedEOF, false},
		{"MaxLiterals tiny literals", manyTiny, nil, 0, -1, io.EOF, false},
		{"one tiny literal too many", tooManyTiny, nil, 0, strings.LastIndex(tooManyTiny, "{"), nil, true},
		{"literal over MaxLiteral after streamed", "a APPEND x {9+}\r\n123456789 {67108865}\r\n", nil, 8, strings.Index("a APPEND x {9+}\r\n123456789 {67108865}\r\n", "{67"), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []int{0, 1, 5} {
				var src io.Reader = strings.NewReader(tt.in)
				if k > 0 {
					src = &chunkReader{b: []byte(tt.in), k: k}
				}
				cr := NewCommandReader(src, tt.p)
				cr.SetLiteralHandler(tt.threshold, nil)
				var err error
				for i := 0; i < 10 && err == nil; i++ {
					_, err = cr.Next()
				}
				if tt.errAt >= 0 {
					var pe *Error
					if !errors.As(err, &pe) || pe.Offset != tt.errAt || errors.Is(err, ErrLimit) != tt.limit {
						t.Errorf("reads of %d: %v, want *Error at %d (limit %v)", k, err, tt.errAt, tt.limit)
					}
				} else if err != tt.err {
					t.Errorf("reads of %d: %v, want %v", k, err, tt.err)
				}
				if len(cr.buf) > 1<<16 {
					t.Errorf("reads of %d: buffer grew to %d bytes", k, len(cr.buf))
				}
			}
		})
	}
}

// loopReader returns its data over and over, at most 13 bytes a read.
type loopReader struct {
	b   []byte
	off int
}

func (l *loopReader) Read(p []byte) (int, error) {
	n := copy(p[:min(len(p), 13)], l.b[l.off:])
	l.off = (l.off + n) % len(l.b)
	return n, nil
}

// TestCommandReaderAllocs reads a pipelined stream with held and streamed
// literals (a handler reads each) over and over from one reader, in small
// reads: no allocation per command.
func TestCommandReaderAllocs(t *testing.T) {
	stream := "a1 UID FETCH 1:* (UID BODY.PEEK[HEADER])\r\n" +
		"a2 APPEND INBOX (\\Seen) {300+}\r\n" + strings.Repeat("m", 300) + " {5+}\r\nsmall\r\n" +
		"a3 LOGIN {4}\r\nuser {4}\r\npass\r\na4 NOOP\r\n"
	cr := NewCommandReader(&loopReader{b: []byte(stream)}, nil)
	var sink [64]byte
	cr.SetLiteralHandler(100, func(info LiteralInfo, body io.Reader) error {
		_, err := body.Read(sink[:])
		return err
	})
	next := func() {
		for i := 0; i < 8; i++ {
			if _, err := cr.Next(); err != nil {
				t.Fatal(err)
			}
		}
	}
	next()
	if n := testing.AllocsPerRun(100, next); n != 0 {
		t.Errorf("%v allocations per 8 messages, want 0", n)
	}
}

// randomCommands returns a stream of n commands built by rng: NOOPs, and
// APPENDs and LOGINs with literals of 0 to 40 bytes in every form, so
// that held and streamed literals mix in every order.
func randomCommands(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if rng.IntN(4) == 0 {
			fmt.Fprintf(&b, "t%d NOOP\r\n", i)
			continue
		}
		name := "LOGIN"
		if rng.IntN(2) == 0 {
			name = "APPEND INBOX"
		}
		fmt.Fprintf(&b, "t%d %s", i, name)
		for range 1 + rng.IntN(4) {
			size := rng.IntN(41)
			switch rng.IntN(3) {
			case 0:
				fmt.Fprintf(&b, " {%d}\r\n", size)
			case 1:
				fmt.Fprintf(&b, " {%d+}\r\n", size)
			default:
				if name == "LOGIN" {
					fmt.Fprintf(&b, " {%d}\r\n", size)
				} else {
					fmt.Fprintf(&b, " ~{%d}\r\n", size)
				}
			}
			b.WriteString(strings.Repeat(string(rune('a'+i%26)), size))
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// TestCommandReaderRandomCuts reads random command streams whole and in
// random chunkings, with and without lockstep and a small buffer bound:
// what the handler sees and what Next returns must not depend on the cut.
func TestCommandReaderRandomCuts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	for i := range 200 {
		in := randomCommands(rng, 1+rng.IntN(6))
		lockstep := rng.IntN(2) == 0
		maxBuffer := 0
		if rng.IntN(3) == 0 {
			maxBuffer = 40 + rng.IntN(60)
		}
		threshold := int64(1 + rng.IntN(20))
		want := cmdStreamEvents(nil, threshold, lockstep, maxBuffer, strings.NewReader(in))
		for range 10 {
			k := 1 + rng.IntN(len(in))
			var src io.Reader = &splitReader{b: []byte(in), k: k}
			if rng.IntN(2) == 0 {
				src = &chunkReader{b: []byte(in), k: 1 + rng.IntN(16)}
			}
			if got := cmdStreamEvents(nil, threshold, lockstep, maxBuffer, src); got != want {
				t.Fatalf("stream %d (threshold %d, lockstep %v, buffer %d) %q via %+v:\n%s\nwhole:\n%s", i, threshold, lockstep, maxBuffer, in, src, got, want)
			}
		}
	}
}
