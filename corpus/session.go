package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// Direction says who sent a record of a session file.
type Direction byte

// The two directions, as their record prefix letters.
const (
	// Client records ("C: ") are bytes the client sent.
	Client Direction = 'C'
	// Server records ("S: ") are bytes the server sent.
	Server Direction = 'S'
)

// String returns "client" or "server".
func (d Direction) String() string {
	switch d {
	case Client:
		return "client"
	case Server:
		return "server"
	}
	return fmt.Sprintf("direction(%q)", byte(d))
}

// Record is one record of a session file: one message (a line and the
// literals it announces, and the lines that continue it) in one direction.
type Record struct {
	// From is the direction of the record.
	From Direction
	// Offset is the byte offset of the record's prefix in the file.
	Offset int
	// DataOffset is the byte offset of Data in the file (Offset + 3).
	DataOffset int
	// StreamOffset is the byte offset of Data in its direction's stream.
	StreamOffset int
	// Data is the record's bytes, a sub-slice of the file (not copied).
	Data []byte
	// Truncated is set when the file ended inside a literal the record
	// announced, so that Data is shorter than its announcements promised.
	Truncated bool
	// At is the time the record completed, since the start of the
	// connection, when Timed: the "#@ " stamp before it (see
	// corpus/README.md). Recorded sessions carry stamps; others do not.
	At    time.Duration
	Timed bool
}

// Session is a parsed session file.
type Session struct {
	// Records are the records in file order.
	Records []Record
	// Client is the concatenation of the client records' data.
	Client []byte
	// Server is the concatenation of the server records' data.
	Server []byte
}

// Stream returns the byte stream of one direction.
func (s *Session) Stream(from Direction) []byte {
	if from == Client {
		return s.Client
	}
	return s.Server
}

// FileOffset maps a byte offset in one direction's stream back to the byte
// offset in the session file, so that an error found while parsing a stream
// can be reported where a person finds it in the file. It returns false if
// streamOffset lies outside that stream. The end of the stream maps to the
// end of its last record.
func (s *Session) FileOffset(from Direction, streamOffset int) (int, bool) {
	if streamOffset < 0 {
		return 0, false
	}
	// The last record of that direction starting at or before the offset;
	// stream offsets grow in file order, so a scan can stop past it.
	found := -1
	for i, r := range s.Records {
		if r.From != from {
			continue
		}
		if r.StreamOffset > streamOffset {
			break
		}
		found = i
	}
	if found < 0 {
		return 0, false
	}
	r := s.Records[found]
	if streamOffset-r.StreamOffset > len(r.Data) {
		return 0, false
	}
	return r.DataOffset + streamOffset - r.StreamOffset, true
}

// SessionError is a malformed session file: a line outside any record that
// is neither a record, a comment nor blank.
type SessionError struct {
	// Offset is the byte offset of the offending line in the file.
	Offset int
	// Line is its 1-based line number, counting LF bytes.
	Line int
	// Found is the start of the offending line (at most 40 bytes).
	Found []byte
}

// Error says where the file went wrong and what was expected.
func (e *SessionError) Error() string {
	return fmt.Sprintf("session file: line %d (offset %d): expected a record (\"C: \" or \"S: \"), a comment (\"#\") or a blank line, found %q",
		e.Line, e.Offset, e.Found)
}

// ReadSession parses a session file (format in corpus/README.md). Record
// data are sub-slices of data; the two streams are fresh copies.
func ReadSession(data []byte) (*Session, error) {
	s := &Session{}
	line := 1
	var at time.Duration
	var timed bool
	for off := 0; off < len(data); {
		rest := data[off:]
		lineEnd := bytes.IndexByte(rest, '\n')
		switch {
		case rest[0] == '#':
			if lineEnd < 0 {
				return s, nil
			}
			if d, ok := parseStamp(rest[:lineEnd]); ok {
				at, timed = d, true
			}
			off += lineEnd + 1
			line++
			continue
		case rest[0] == '\n':
			off++
			line++
			continue
		case rest[0] == '\r' && len(rest) > 1 && rest[1] == '\n':
			off += 2
			line++
			continue
		}
		if len(rest) < 3 || (rest[0] != 'C' && rest[0] != 'S') || rest[1] != ':' || rest[2] != ' ' {
			found := rest
			if lineEnd >= 0 {
				found = rest[:lineEnd]
			}
			if len(found) > 40 {
				found = found[:40]
			}
			return nil, &SessionError{Offset: off, Line: line, Found: found}
		}
		n, truncated := recordLen(rest[3:])
		r := Record{
			From:       Direction(rest[0]),
			Offset:     off,
			DataOffset: off + 3,
			Data:       rest[3 : 3+n],
			Truncated:  truncated,
			At:         at,
			Timed:      timed,
		}
		at, timed = 0, false
		if r.From == Client {
			r.StreamOffset = len(s.Client)
			s.Client = append(s.Client, r.Data...)
		} else {
			r.StreamOffset = len(s.Server)
			s.Server = append(s.Server, r.Data...)
		}
		s.Records = append(s.Records, r)
		line += bytes.Count(r.Data, []byte{'\n'})
		off += 3 + n
	}
	return s, nil
}

// recordLen returns the length of the record data at the start of b (after
// its prefix): lines up to LF, each followed by the literal it announces.
// truncated is set when b ends inside a literal.
func recordLen(b []byte) (n int, truncated bool) {
	for {
		// n is where the current line starts: the record's start, or just
		// after the literal that interrupted the line. Literal bytes are
		// never part of a line.
		lf := bytes.IndexByte(b[n:], '\n')
		if lf < 0 {
			return len(b), false // the last record, cut mid-line
		}
		lineStart, lineEnd := n, n+lf
		n = lineEnd + 1
		size, ok := literalAnnouncement(b[lineStart:lineEnd])
		if !ok {
			return n, false
		}
		if size > int64(len(b)-n) {
			return len(b), true
		}
		n += int(size)
		if n == len(b) {
			return n, false // the literal ends the file
		}
	}
}

// literalAnnouncement reports whether line (without its LF) ends with a
// literal announcement "{N}" or "{N+}", optionally followed by CR, and
// returns N. An N that does not fit in an int64 is returned as
// math.MaxInt64: it means "the rest of the file".
func literalAnnouncement(line []byte) (int64, bool) {
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if len(line) < 3 || line[len(line)-1] != '}' {
		return 0, false
	}
	i := len(line) - 2
	if line[i] == '+' {
		i--
	}
	end := i + 1
	for i >= 0 && line[i] >= '0' && line[i] <= '9' {
		i--
	}
	if i < 0 || line[i] != '{' || i+1 == end {
		return 0, false
	}
	var v int64
	for _, c := range line[i+1 : end] {
		d := int64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			return math.MaxInt64, true
		}
		v = v*10 + d
	}
	return v, true
}

// SessionWriter writes a session file from the two byte streams of a
// connection as they are sent, in chunks cut anywhere. It holds back the
// bytes of a direction until they form complete records (a line that
// announces no further literal), and writes complete records in the order
// they complete, so that ReadSession gives back the same two streams.
// A SessionWriter is not safe for concurrent use.
type SessionWriter struct {
	w       io.Writer
	pending [2]recordBuf // index 0 client, 1 server
	err     error
	clock   func() time.Duration // stamps records when set
	stamp   []byte
}

// recordBuf is the unfinished record of one direction.
type recordBuf struct {
	buf     []byte // record data so far (no prefix)
	scanned int    // bytes of buf already classified
	literal int64  // literal bytes still to come
}

// ErrSessionPartial is returned by SessionWriter.Close when both directions
// ended in the middle of a record: only one unfinished record can be kept in
// a session file (the last), so the other direction's tail may read back
// differently.
var ErrSessionPartial = errors.New("session file: both directions ended mid-record; the client's tail is written first and may absorb the server's")

// NewSessionWriter returns a writer of a session file to w.
func NewSessionWriter(w io.Writer) *SessionWriter {
	return &SessionWriter{w: w}
}

// Comment writes a "# " comment line. A comment between records is
// allowed; it is written at once, before any record still held back.
func (sw *SessionWriter) Comment(text string) error {
	if sw.err != nil {
		return sw.err
	}
	text = string(bytes.ReplaceAll([]byte(text), []byte{'\n'}, []byte{' '}))
	_, sw.err = io.WriteString(sw.w, "# "+text+"\n")
	return sw.err
}

// Write adds bytes sent by from. Records completed by p are written out.
func (sw *SessionWriter) Write(from Direction, p []byte) error {
	if sw.err != nil {
		return sw.err
	}
	if from != Client && from != Server {
		return fmt.Errorf("session file: unknown direction %q", byte(from))
	}
	rb := &sw.pending[dirIndex(from)]
	rb.buf = append(rb.buf, p...)
	for {
		if rb.literal > 0 {
			avail := int64(len(rb.buf) - rb.scanned)
			if avail < rb.literal {
				rb.literal -= avail
				rb.scanned = len(rb.buf)
				return nil
			}
			rb.scanned += int(rb.literal)
			rb.literal = 0
		}
		lf := bytes.IndexByte(rb.buf[rb.scanned:], '\n')
		if lf < 0 {
			return nil
		}
		// scanned is where the current line starts: the record's start,
		// or just after the literal that interrupted the line.
		lineStart := rb.scanned
		lineEnd := rb.scanned + lf
		rb.scanned = lineEnd + 1
		if size, ok := literalAnnouncement(rb.buf[lineStart:lineEnd]); ok {
			rb.literal = size
			continue
		}
		if err := sw.emit(from, rb.buf[:rb.scanned]); err != nil {
			return err
		}
		rb.buf = append(rb.buf[:0], rb.buf[rb.scanned:]...)
		rb.scanned = 0
	}
}

func dirIndex(d Direction) int {
	if d == Client {
		return 0
	}
	return 1
}

func (sw *SessionWriter) emit(from Direction, data []byte) error {
	if sw.clock != nil {
		sw.stamp = appendStamp(sw.stamp[:0], sw.clock())
		if _, err := sw.w.Write(sw.stamp); err != nil {
			sw.err = err
			return err
		}
	}
	if _, err := sw.w.Write([]byte{byte(from), ':', ' '}); err != nil {
		sw.err = err
		return err
	}
	if _, err := sw.w.Write(data); err != nil {
		sw.err = err
		return err
	}
	return nil
}

// Close writes the unfinished records, if any: a direction cut mid-line or
// mid-literal. It returns ErrSessionPartial when both were unfinished.
// Close does not close the underlying writer.
func (sw *SessionWriter) Close() error {
	if sw.err != nil {
		return sw.err
	}
	var open []Direction
	for _, d := range []Direction{Client, Server} {
		if len(sw.pending[dirIndex(d)].buf) > 0 {
			open = append(open, d)
		}
	}
	for _, d := range open {
		rb := &sw.pending[dirIndex(d)]
		if err := sw.emit(d, rb.buf); err != nil {
			return err
		}
		*rb = recordBuf{}
	}
	if len(open) == 2 {
		sw.err = ErrSessionPartial
		return sw.err
	}
	sw.err = errors.New("session file: writer closed")
	return nil
}
