package corpus

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

func TestReadSession(t *testing.T) {
	for _, tc := range []struct {
		name           string
		in             string
		client, server string
		records        int
		truncated      bool
	}{
		{"simple", "C: a1 NOOP\r\nS: a1 OK done\r\n", "a1 NOOP\r\n", "a1 OK done\r\n", 2, false},
		{"comments and blanks", "# hi\n\nC: a1 NOOP\r\n\r\n# mid\nS: a1 OK\r\n", "a1 NOOP\r\n", "a1 OK\r\n", 2, false},
		{"literal with prefix-like bytes", "C: a1 LOGIN {8}\r\nS: x\nC: y {3+}\r\n# \n\r\nS: ok\r\n", "a1 LOGIN {8}\r\nS: x\nC: y {3+}\r\n# \n\r\n", "ok\r\n", 2, false},
		{"literal8 and continuation", "S: * 1 FETCH (BINARY[] ~{2}\r\n\x00\n FLAGS ())\r\n", "", "* 1 FETCH (BINARY[] ~{2}\r\n\x00\n FLAGS ())\r\n", 1, false},
		{"zero literal", "C: a1 LOGIN {0}\r\n {0}\r\n\r\n", "a1 LOGIN {0}\r\n {0}\r\n\r\n", "", 1, false},
		{"literal bytes are not a line", "C: a1 X {5}\r\nab{2}\r\nC: b\r\n", "a1 X {5}\r\nab{2}\r\nb\r\n", "", 2, false},
		{"bare LF", "S: * 1 EXISTS\nS: a1 OK\n", "", "* 1 EXISTS\na1 OK\n", 2, false},
		{"bare LF literal", "C: a1 LOGIN {1}\nx y\n", "a1 LOGIN {1}\nx y\n", "", 1, false},
		{"last record without LF", "C: a1 NOOP\r\nS: a1 O", "a1 NOOP\r\n", "a1 O", 2, false},
		{"truncated literal", "C: a1 APPEND x {10}\r\nabc", "a1 APPEND x {10}\r\nabc", "", 1, true},
		{"literal ends the file", "C: a1 APPEND x {3}\r\nabc", "a1 APPEND x {3}\r\nabc", "", 1, false},
		{"2^64 literal", "C: a1 APPEND x {18446744073709551616}\r\nS: a1 OK\r\n", "a1 APPEND x {18446744073709551616}\r\nS: a1 OK\r\n", "", 1, true},
		{"not a literal: text after brace", "C: a1 X {5} y\r\nS: ok\r\n", "a1 X {5} y\r\n", "ok\r\n", 2, false},
		{"not a literal: empty braces", "C: a1 X {}\r\nS: ok\r\n", "a1 X {}\r\n", "ok\r\n", 2, false},
		{"not a literal: sign", "C: a1 X {-1}\r\nS: ok\r\n", "a1 X {-1}\r\n", "ok\r\n", 2, false},
		{"empty record line", "C: \r\n", "\r\n", "", 1, false},
		{"empty file", "", "", "", 0, false},
		{"comment at EOF without LF", "C: a\r\n# end", "a\r\n", "", 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSession([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(s.Client) != tc.client || string(s.Server) != tc.server {
				t.Errorf("client %q server %q, want %q and %q", s.Client, s.Server, tc.client, tc.server)
			}
			if len(s.Records) != tc.records {
				t.Fatalf("%d records, want %d", len(s.Records), tc.records)
			}
			trunc := false
			for _, r := range s.Records {
				trunc = trunc || r.Truncated
				if r.DataOffset != r.Offset+3 || !bytes.Equal([]byte(tc.in)[r.DataOffset:r.DataOffset+len(r.Data)], r.Data) {
					t.Errorf("record at %d: data is not the file's bytes at DataOffset", r.Offset)
				}
			}
			if trunc != tc.truncated {
				t.Errorf("truncated = %v, want %v", trunc, tc.truncated)
			}
		})
	}
}

func TestReadSessionErrors(t *testing.T) {
	for _, tc := range []struct {
		in           string
		offset, line int
		found        string
	}{
		{"X: a1 NOOP\r\n", 0, 1, "X: a1 NOOP\r"},
		{"C: a1 NOOP\r\nC:a2\r\n", 12, 2, "C:a2\r"},
		{"# c\nC: a {2}\r\nab\r\n\nplain text\n", 19, 5, "plain text"},
		{"C: a\r\n S: b\r\n", 6, 2, " S: b\r"},
		{"C", 0, 1, "C"},
	} {
		_, err := ReadSession([]byte(tc.in))
		var se *SessionError
		if !errors.As(err, &se) {
			t.Errorf("%q: err = %v, want *SessionError", tc.in, err)
			continue
		}
		if se.Offset != tc.offset || se.Line != tc.line || string(se.Found) != tc.found {
			t.Errorf("%q: offset %d line %d found %q, want %d %d %q", tc.in, se.Offset, se.Line, se.Found, tc.offset, tc.line, tc.found)
		}
	}
}

func TestFileOffset(t *testing.T) {
	in := "# x\nC: a1 NOOP\r\nS: a1 OK\r\nC: a2 LOGIN {3}\r\nabc\r\n"
	s, err := ReadSession([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from     Direction
		off      int
		want     int
		wantOK   bool
		wantByte byte
	}{
		{Client, 0, 7, true, 'a'},
		{Client, 9, 29, true, 'a'},  // start of the second client record
		{Client, 24, 44, true, 'b'}, // inside its literal
		{Server, 3, 22, true, 'O'},
		{Client, 30, 0, false, 0},
		{Server, -1, 0, false, 0},
	} {
		got, ok := s.FileOffset(tc.from, tc.off)
		if ok != tc.wantOK || got != tc.want {
			t.Errorf("FileOffset(%v, %d) = %d, %v; want %d, %v", tc.from, tc.off, got, ok, tc.want, tc.wantOK)
			continue
		}
		if ok && in[got] != tc.wantByte {
			t.Errorf("FileOffset(%v, %d) points at %q, want %q", tc.from, tc.off, in[got], tc.wantByte)
		}
	}
	empty, _ := ReadSession(nil)
	if _, ok := empty.FileOffset(Client, 0); ok {
		t.Error("FileOffset on an empty session reported ok")
	}
}

// rewrite feeds a session's records to a SessionWriter in chunks cut by cut
// and returns the file written.
func rewrite(t *testing.T, s *Session, cut func(n int) int) []byte {
	t.Helper()
	var out bytes.Buffer
	w := NewSessionWriter(&out)
	for _, r := range s.Records {
		for d := r.Data; len(d) > 0; {
			n := min(cut(len(d)), len(d))
			if err := w.Write(r.From, d[:n]); err != nil {
				t.Fatal(err)
			}
			d = d[n:]
		}
	}
	if err := w.Close(); err != nil && !errors.Is(err, ErrSessionPartial) {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestSessionWriterRoundTrip writes every embedded session again, in whole
// records, byte by byte and in random chunks, and reads it back: the two
// streams must be identical.
func TestSessionWriterRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cuts := map[string]func(int) int{
		"whole":  func(n int) int { return n },
		"bytes":  func(int) int { return 1 },
		"random": func(n int) int { return 1 + rng.IntN(n) },
	}
	for _, seed := range Seeds(Sessions) {
		s, err := ReadSession(seed.Data)
		if err != nil {
			t.Fatalf("%s: %v", seed.Path, err)
		}
		for name, cut := range cuts {
			if name == "bytes" && len(seed.Data) > 20000 {
				continue
			}
			back, err := ReadSession(rewrite(t, s, cut))
			if err != nil {
				t.Fatalf("%s (%s): rewritten file: %v", seed.Path, name, err)
			}
			if !bytes.Equal(back.Client, s.Client) || !bytes.Equal(back.Server, s.Server) {
				t.Errorf("%s (%s): streams differ after rewriting", seed.Path, name)
			}
		}
	}
}

func TestSessionWriterInterleaves(t *testing.T) {
	var out bytes.Buffer
	w := NewSessionWriter(&out)
	steps := []struct {
		from Direction
		data string
	}{
		{Client, "a1 LOGIN {5}\r\n"},    // held: waits for the literal
		{Server, "+ go ahead\r\n"},      // complete: written first
		{Client, "alice {6}\r\nsec"},    // still inside the second literal
		{Client, "ret\r\n"},             // complete
		{Server, "a1 OK done\r\n* BYE"}, // one complete, one cut mid-line
	}
	if err := w.Comment("two\nlines"); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if err := w.Write(st.from, []byte(st.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "# two lines\nS: + go ahead\r\nC: a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\nS: a1 OK done\r\nS: * BYE"
	if out.String() != want {
		t.Errorf("wrote\n%q\nwant\n%q", out.String(), want)
	}
	if err := w.Write(Client, []byte("x")); err == nil {
		t.Error("Write after Close succeeded")
	}
	if err := NewSessionWriter(&out).Write('X', nil); err == nil {
		t.Error("Write with an unknown direction succeeded")
	}
}

func TestSessionWriterBothPartial(t *testing.T) {
	var out bytes.Buffer
	w := NewSessionWriter(&out)
	_ = w.Write(Client, []byte("a1 NO"))
	_ = w.Write(Server, []byte("* O"))
	if err := w.Close(); !errors.Is(err, ErrSessionPartial) {
		t.Fatalf("Close = %v, want ErrSessionPartial", err)
	}
}

func TestDirectionString(t *testing.T) {
	if Client.String() != "client" || Server.String() != "server" || Direction('X').String() != "direction('X')" {
		t.Errorf("got %q %q %q", Client, Server, Direction('X'))
	}
}

// FuzzReadSession: no input makes ReadSession panic, every record's data is
// the file's bytes at its offset, and a session written back by
// SessionWriter reads as the same two streams.
func FuzzReadSession(f *testing.F) {
	for _, s := range Seeds(Sessions) {
		if len(s.Data) < 4096 {
			f.Add(s.Data)
		}
	}
	f.Add([]byte("C: a {3}\r\nab"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSession(data)
		if err != nil {
			return
		}
		for _, r := range s.Records {
			if !bytes.Equal(data[r.DataOffset:r.DataOffset+len(r.Data)], r.Data) {
				t.Fatalf("record at %d: data differs from the file", r.Offset)
			}
		}
		var out bytes.Buffer
		w := NewSessionWriter(&out)
		for _, r := range s.Records {
			if err := w.Write(r.From, r.Data); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			return // both directions unfinished: documented as lossy
		}
		back, err := ReadSession(out.Bytes())
		if err != nil {
			t.Fatalf("rewritten file: %v", err)
		}
		if !bytes.Equal(back.Client, s.Client) || !bytes.Equal(back.Server, s.Server) {
			t.Fatalf("streams differ after rewriting:\n%q\n%q", data, out.Bytes())
		}
	})
}
