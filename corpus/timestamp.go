package corpus

import (
	"bytes"
	"strconv"
	"time"
)

// Timestamps in session files.
//
// A recorded session (imapstress record) stamps each record with the time
// it completed, as a comment line just before the record:
//
//	#@ 0.012345
//
// The value is seconds since the start of the connection, in decimal with up
// to nine fraction digits. Being a comment, a stamp changes neither stream,
// and readers that do not know stamps skip them. A stamp applies to the next
// record only; a malformed stamp is an ordinary comment.
const stampPrefix = "#@ "

// appendStamp appends the stamp line for d to dst.
func appendStamp(dst []byte, d time.Duration) []byte {
	dst = append(dst, stampPrefix...)
	if d < 0 {
		d = 0
	}
	dst = strconv.AppendInt(dst, int64(d/time.Second), 10)
	dst = append(dst, '.')
	frac := strconv.AppendInt(nil, int64(d%time.Second/time.Microsecond), 10)
	for range 6 - len(frac) {
		dst = append(dst, '0')
	}
	dst = append(dst, frac...)
	return append(dst, '\n')
}

// parseStamp reads a stamp comment line (without its LF); ok is false when
// line is not a well-formed stamp.
func parseStamp(line []byte) (time.Duration, bool) {
	rest, ok := bytes.CutPrefix(line, []byte(stampPrefix))
	if !ok {
		return 0, false
	}
	rest = bytes.TrimSuffix(rest, []byte{'\r'})
	sec, frac, _ := bytes.Cut(rest, []byte{'.'})
	if len(sec) == 0 || len(sec) > 12 || len(frac) > 9 {
		return 0, false
	}
	var d time.Duration
	for _, c := range sec {
		if c < '0' || c > '9' {
			return 0, false
		}
		d = d*10 + time.Duration(c-'0')
	}
	d *= time.Second
	unit := time.Second
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, false
		}
		unit /= 10
		d += time.Duration(c-'0') * unit
	}
	return d, true
}

// SetClock makes the writer stamp every record it writes from now on with
// clock(), the time since the start of the connection, read when the record
// completes (see the session file format in corpus/README.md). A nil clock
// turns stamping off.
func (sw *SessionWriter) SetClock(clock func() time.Duration) {
	sw.clock = clock
}
