package record

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
)

// clientState is what the client's next line is, as far as framing goes.
type clientState uint8

const (
	stateCommand clientState = iota // a command
	stateAuth                       // an AUTHENTICATE response line (SASL data or "*")
	stateIdle                       // IDLE's DONE
)

// maxHeld bounds the bytes held back per direction while a message is
// incomplete; beyond it the direction is recorded raw, unparsed.
const maxHeld = parser.DefaultMaxBuffer

// recorder frames both streams of one connection into messages, masks
// credentials, checks each message with the parser and writes it to the
// session file. It is not safe for concurrent use.
type recorder struct {
	sw          *corpus.SessionWriter
	p           *parser.Parser
	mask        bool
	onViolation func(from corpus.Direction, off int64, err error)

	dir [2]stream // 0 client, 1 server

	state   clientState
	exTag   []byte // tag of the AUTHENTICATE or IDLE in progress
	mech    string // AUTHENTICATE's mechanism, upper case
	swTag   []byte // tag of a STARTTLS or COMPRESS awaiting its OK
	stopped bool   // the connection switched to TLS or DEFLATE
	masked  int

	cmd  parser.Command
	resp parser.Response
	out  []byte // masked copy of a client message
}

// stream is one direction's bytes not yet written as whole messages.
type stream struct {
	buf []byte
	off int64 // stream offset of buf[0]
	raw bool  // framing gave up: record the bytes as they come
}

func newRecorder(w io.Writer, p *parser.Parser, mask bool, start time.Time) *recorder {
	r := &recorder{sw: corpus.NewSessionWriter(w), p: p, mask: mask}
	r.sw.SetClock(func() time.Duration { return time.Since(start) })
	return r
}

func (r *recorder) comment(s string) { r.sw.Comment(s) }

func (r *recorder) violation(from corpus.Direction, off int64, err error) {
	r.sw.Comment(fmt.Sprintf("violation: %s stream offset %d: %v", from, off, err))
	if r.onViolation != nil {
		r.onViolation(from, off, err)
	}
}

// feed takes bytes that from sent, writes every message they complete and
// returns the first error writing the file.
func (r *recorder) feed(from corpus.Direction, b []byte) error {
	if r.stopped {
		return nil
	}
	st := &r.dir[dirIndex(from)]
	if st.raw {
		st.off += int64(len(b))
		return r.sw.Write(from, b)
	}
	st.buf = append(st.buf, b...)
	for len(st.buf) > 0 && !r.stopped {
		var n int
		var err error
		if from == corpus.Client {
			n, err = r.client(st.buf)
		} else {
			n, err = r.server(st.buf)
		}
		if errors.Is(err, parser.ErrIncomplete) {
			if len(st.buf) > maxHeld {
				r.violation(from, st.off, fmt.Errorf("message longer than %d bytes: recording the rest unparsed", maxHeld))
				st.raw = true
				werr := r.sw.Write(from, st.buf)
				st.off += int64(len(st.buf))
				st.buf = nil
				return werr
			}
			return nil
		}
		if err != nil {
			return err
		}
		st.buf = st.buf[:copy(st.buf, st.buf[n:])]
		st.off += int64(n)
	}
	return nil
}

// frameFailed reports a message that could not be framed and returns the
// length of its first line, to record it as it is and resynchronise after
// it (ErrIncomplete when the line has not ended yet).
func (r *recorder) frameFailed(from corpus.Direction, b []byte, off int64, err error) (int, error) {
	lf := bytes.IndexByte(b, '\n')
	if lf < 0 {
		return 0, parser.ErrIncomplete
	}
	r.violation(from, off, err)
	return lf + 1, r.sw.Write(from, b[:lf+1])
}

// client records the client message at the start of b and returns its
// length, or ErrIncomplete.
func (r *recorder) client(b []byte) (int, error) {
	off := r.dir[0].off
	if r.state != stateCommand {
		n, err := r.p.FrameLine(b)
		if err != nil {
			if errors.Is(err, parser.ErrIncomplete) {
				return 0, err
			}
			return r.frameFailed(corpus.Client, b, off, err)
		}
		line := b[:n]
		if r.state == stateIdle {
			if !bytes.EqualFold(bytes.TrimRight(line, "\r\n"), []byte("DONE")) {
				r.violation(corpus.Client, off, fmt.Errorf("during IDLE: expected DONE, found %q", head(line)))
			}
			r.state = stateCommand
			return n, r.sw.Write(corpus.Client, line)
		}
		if r.mask && !bytes.Equal(line, []byte("*\r\n")) {
			line = r.maskSASL(line, 0, len(bytes.TrimRight(line, "\r\n")))
		}
		return n, r.sw.Write(corpus.Client, line)
	}
	f, err := r.p.FrameCommand(b)
	if err != nil {
		if errors.Is(err, parser.ErrIncomplete) {
			return 0, err
		}
		return r.frameFailed(corpus.Client, b, off, err)
	}
	msg := b[:f.N]
	if err := r.p.ParseCommand(msg, &r.cmd); err != nil {
		r.violation(corpus.Client, off, err)
		return f.N, r.sw.Write(corpus.Client, msg)
	}
	c := &r.cmd
	switch c.Kind {
	case parser.CmdLogin:
		if r.mask && c.Password.Form != parser.FormNone {
			msg = r.maskRange(msg, c.Password.Off, c.Password.Off+len(c.Password.Raw), 'x')
		}
	case parser.CmdAuthenticate:
		r.state, r.exTag = stateAuth, append(r.exTag[:0], c.Tag...)
		r.mech = string(bytes.ToUpper(c.Mechanism))
		if r.mask && c.InitialResponse != nil && !bytes.Equal(c.InitialResponse, []byte("=")) {
			at := bytes.Index(msg, c.InitialResponse)
			msg = r.maskSASL(msg, at, at+len(c.InitialResponse))
		}
	case parser.CmdIdle:
		r.state, r.exTag = stateIdle, append(r.exTag[:0], c.Tag...)
	case parser.CmdStartTLS, parser.CmdCompress:
		r.swTag = append(r.swTag[:0], c.Tag...)
	}
	return f.N, r.sw.Write(corpus.Client, msg)
}

// server records the server response at the start of b and returns its
// length, or ErrIncomplete.
func (r *recorder) server(b []byte) (int, error) {
	off := r.dir[1].off
	n, err := r.p.FrameResponse(b)
	if err != nil {
		if errors.Is(err, parser.ErrIncomplete) {
			return 0, err
		}
		return r.frameFailed(corpus.Server, b, off, err)
	}
	msg := b[:n]
	if err := r.p.ParseResponse(msg, &r.resp); err != nil {
		r.violation(corpus.Server, off, err)
		return n, r.sw.Write(corpus.Server, msg)
	}
	if werr := r.sw.Write(corpus.Server, msg); werr != nil {
		return n, werr
	}
	if r.resp.Kind != parser.KindTagged {
		return n, nil
	}
	if r.state != stateCommand && bytes.Equal(r.resp.Tag, r.exTag) {
		r.state = stateCommand
	}
	if r.swTag != nil && bytes.Equal(r.resp.Tag, r.swTag) {
		if r.resp.Status == parser.StatusOK {
			r.stopped = true
			r.sw.Comment("the connection switched to TLS or DEFLATE here; the rest was forwarded, not recorded")
		}
		r.swTag = nil
	}
	return n, nil
}

// maskRange returns msg with bytes [from, to) replaced by c, in r.out
// (msg itself aliases the stream buffer and is left alone).
func (r *recorder) maskRange(msg []byte, from, to int, c byte) []byte {
	if from < 0 || to > len(msg) || from >= to {
		return msg
	}
	r.out = append(r.out[:0], msg...)
	for i := from; i < to; i++ {
		r.out[i] = c
	}
	r.masked++
	return r.out
}

// maskSASL masks the base64 SASL data at msg[from:to]. For PLAIN it keeps
// the authorization and authentication identities (replay maps them onto
// the target's users) and masks only the password, so the data still
// decodes to a well-formed PLAIN message of the same length; for every
// other mechanism it masks all of it.
func (r *recorder) maskSASL(msg []byte, from, to int) []byte {
	if from < 0 || to > len(msg) || from >= to {
		return msg
	}
	if r.mech == "PLAIN" {
		enc := base64.StdEncoding
		dec, err := enc.DecodeString(string(msg[from:to]))
		if parts := bytes.Split(dec, []byte{0}); err == nil && len(parts) == 3 {
			pw := len(dec) - len(parts[2])
			for i := pw; i < len(dec); i++ {
				dec[i] = 'x'
			}
			if out := enc.EncodeToString(dec); len(out) == to-from {
				r.out = append(append(append(r.out[:0], msg[:from]...), out...), msg[to:]...)
				r.masked++
				return r.out
			}
		}
	}
	return r.maskRange(msg, from, to, 'x')
}

// close writes what is still held back (the tail of a connection cut mid
// message) and finishes the file.
func (r *recorder) close() error {
	if !r.stopped {
		for i, d := range []corpus.Direction{corpus.Client, corpus.Server} {
			if st := &r.dir[i]; len(st.buf) > 0 {
				r.sw.Comment(fmt.Sprintf("%s stream ended inside a message", d))
				r.sw.Write(d, st.buf)
				st.buf = nil
			}
		}
	}
	err := r.sw.Close()
	if errors.Is(err, corpus.ErrSessionPartial) {
		return nil // both tails kept; noted in the comments above
	}
	return err
}

func dirIndex(d corpus.Direction) int {
	if d == corpus.Client {
		return 0
	}
	return 1
}

// head returns at most 40 bytes of b, for error messages.
func head(b []byte) []byte { return b[:min(len(b), 40)] }
