// Package inspect prints what the parser makes of a stream of client
// commands or of a session transcript: one line (or one JSON object) per
// message, and every error with its byte offset. It is the logic behind
// "imapstress parse --commands" and "--session", kept out of cmd so that
// it can be called and tested from Go.
//
// It is not a parser (package parser is) and not a validator of session
// semantics: it frames and parses each direction's bytes as they are.
package inspect

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
	"github.com/imapstress/imapstress/parser/parsefmt"
)

// Options configures the printing.
type Options struct {
	// JSON prints one JSON object per message (and per error) instead of
	// one line of text.
	JSON bool
	// Parser frames and parses; nil means strict with default limits.
	Parser *parser.Parser
	// Out receives the messages; Err receives the errors in text mode
	// (in JSON mode errors are objects on Out).
	Out, Err io.Writer
}

// Stats counts what a call printed.
type Stats struct {
	Messages int // messages that parsed
	Errors   int // messages (or framing points) that failed
}

func (o *Options) parser() *parser.Parser {
	if o.Parser == nil {
		return parser.NewParser(parser.Options{})
	}
	return o.Parser
}

// printer holds the reusable buffers of one call.
type printer struct {
	o    *Options
	name string
	buf  []byte
	cmd  parser.Command
	resp parser.Response
	st   Stats
	// fileOff maps a stream offset to a file offset (sessions); nil for
	// a plain stream.
	fileOff func(int) int
	// collect keeps the output to sort it by file offset (sessions, whose
	// two directions are parsed one after the other).
	collect bool
	out     []entry
	// refused, when set (sessions), tells from the server's side whether
	// the synchronizing literal the command tagged tag waits at, whose
	// data would start at file offset at, was refused.
	refused func(tag []byte, at int) bool
}

// commandTag returns the tag at the start of a command.
func commandTag(b []byte) []byte {
	if i := bytes.IndexByte(b, ' '); i >= 0 {
		return b[:i]
	}
	return b
}

// serverMsg is what deciding a literal's fate needs of a server response.
type serverMsg struct {
	cont    bool   // a "+" continuation request
	tag     []byte // the tag of a tagged response
	refusal bool   // a tagged NO or BAD
	at      int    // file offset
}

// serverMessages lists the continuations and tagged responses of a server
// stream, skipping what does not parse.
func serverMessages(p *parser.Parser, data []byte, fileOff func(int) int) []serverMsg {
	var out []serverMsg
	var r parser.Response
	for off := 0; off < len(data); {
		n, err := p.FrameResponse(data[off:])
		if err == parser.ErrIncomplete {
			break
		}
		if err == nil && p.ParseResponse(data[off:off+n], &r) == nil {
			switch r.Kind {
			case parser.KindContinuation:
				out = append(out, serverMsg{cont: true, at: fileOff(off)})
			case parser.KindTagged:
				out = append(out, serverMsg{tag: r.Tag, refusal: r.Status == parser.StatusNO || r.Status == parser.StatusBAD, at: fileOff(off)})
			}
		}
		if n == 0 {
			n = len(data) - off
			if k := bytes.IndexByte(data[off:], '\n'); k >= 0 {
				n = k + 1
			}
		}
		off += n
	}
	return out
}

// literalJudge decides, in stream order, whether each synchronizing
// literal was sent. Session records are written in the order each message
// was completed (corpus/README.md), so a tagged NO or BAD for the command
// that was recorded before the literal's data, with no "+" in between,
// means the server refused the command and the client never sent the
// literal. Otherwise the literal counts as sent (RFC examples often leave
// the "+" out), and a "+" met first is consumed.
type literalJudge struct {
	msgs []serverMsg
	next int
}

func (j *literalJudge) refused(tag []byte, at int) bool {
	for i := j.next; i < len(j.msgs); i++ {
		m := j.msgs[i]
		if m.cont {
			j.next = i + 1
			return false
		}
		if bytes.Equal(m.tag, tag) {
			if m.refusal && m.at < at {
				j.next = i + 1
				return true
			}
			return false
		}
	}
	return false
}

// entry is one collected output line and where in the file it belongs.
type entry struct {
	at     int
	stderr bool
	b      []byte
}

// emit writes b now, or keeps it for flush.
func (pr *printer) emit(at int, stderr bool, b []byte) {
	if pr.collect {
		pr.out = append(pr.out, entry{at, stderr, append([]byte(nil), b...)})
		return
	}
	if stderr {
		pr.o.Err.Write(b)
	} else {
		pr.o.Out.Write(b)
	}
}

// flush writes the collected lines in file order.
func (pr *printer) flush() {
	sort.SliceStable(pr.out, func(i, j int) bool { return pr.out[i].at < pr.out[j].at })
	for _, e := range pr.out {
		if e.stderr {
			pr.o.Err.Write(e.b)
		} else {
			pr.o.Out.Write(e.b)
		}
	}
	pr.out = nil
}

func (pr *printer) at(off int) int {
	if pr.fileOff != nil {
		return pr.fileOff(off)
	}
	return off
}

// fail reports an error at stream offset off (plus the error's own
// offset), as "FILE: offset N: expected X, found Y" on Err, in text and
// JSON mode alike, like the response side (package parsefmt).
func (pr *printer) fail(off int, dir string, err error) {
	pr.st.Errors++
	var pe *parser.Error
	if errors.As(err, &pe) {
		off += pe.Offset
	}
	at := pr.at(off)
	d := ""
	if dir != "" {
		d = " (" + dirName(dir) + ")"
	}
	pr.emit(at, true, fmt.Appendf(pr.buf[:0], "%s: offset %d%s: %s\n", pr.name, at, d, errText(err)))
}

func dirName(dir string) string {
	if dir == "C" {
		return "client"
	}
	return "server"
}

// errText is an error's message without the parser's offset (which is
// counted from the message, not the file).
func errText(err error) string {
	var pe *parser.Error
	if errors.As(err, &pe) {
		s := "expected " + pe.Expected + ", found " + pe.Found
		if pe.Err != nil {
			s += " (" + pe.Err.Error() + ")"
		}
		return s
	}
	return err.Error()
}

// line prints one message: in text "OFFSET [DIR] KIND rest", in JSON an
// object {"offset":N,["direction":DIR,]"kind":KIND, body...} where body is
// a JSON object's inside without braces (or empty). It is the layout of
// package parsefmt's response lines, with the direction added.
func (pr *printer) line(off int, dir, kind string, text, body []byte) {
	pr.st.Messages++
	b := pr.buf[:0]
	at := pr.at(off)
	if pr.o.JSON {
		b = append(b, `{"offset":`...)
		b = strconv.AppendInt(b, int64(at), 10)
		if dir != "" {
			b = append(b, `,"direction":"`...)
			b = append(b, dir...)
			b = append(b, '"')
		}
		if kind != "" {
			b = append(b, `,"kind":"`...)
			b = append(b, kind...)
			b = append(b, '"')
		}
		if len(body) > 0 {
			b = append(b, ',')
			b = append(b, body...)
		}
		b = append(b, "}\n"...)
	} else {
		b = strconv.AppendInt(b, int64(at), 10)
		if dir != "" {
			b = append(b, ' ')
			b = append(b, dir...)
		}
		if kind != "" {
			b = append(b, ' ')
			b = append(b, kind...)
		}
		if len(text) > 0 {
			b = append(b, ' ')
			b = append(b, text...)
		}
		b = append(b, '\n')
	}
	pr.buf = b
	pr.emit(at, false, b)
}

// oneLine renders an encoded message on one line: the CRLFs dropped,
// literal data shown after its announcement (cut after 64 bytes, with
// "..."), control bytes and backslashes escaped.
func oneLine(dst, msg []byte) []byte {
	for i := 0; i < len(msg); {
		j := bytes.IndexByte(msg[i:], '\n')
		if j < 0 {
			j = len(msg) - i
		}
		line := msg[i : i+j]
		i += j + 1
		line = bytes.TrimSuffix(line, []byte("\r"))
		dst = appendPrintable(dst, line)
		// A literal announcement ends the line: skip its data.
		if n, ok := literalSize(line); ok {
			if n > int64(len(msg)-i) {
				n = int64(len(msg) - i)
			}
			const show = 64
			if n <= show {
				dst = appendPrintable(dst, msg[i:i+int(n)])
			} else {
				dst = appendPrintable(dst, msg[i:i+show])
				dst = append(dst, "..."...)
			}
			i += int(n)
		}
	}
	return dst
}

func appendPrintable(dst, b []byte) []byte {
	for _, c := range b {
		switch {
		case c == '\\':
			dst = append(dst, '\\', '\\')
		case c < 0x20 || c == 0x7f:
			dst = append(dst, '\\', 'x', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// literalSize reports the size a line's trailing {n}, {n+} or ~{n}
// announces.
func literalSize(line []byte) (int64, bool) {
	if len(line) < 3 || line[len(line)-1] != '}' {
		return 0, false
	}
	i := bytes.LastIndexByte(line, '{')
	if i < 0 {
		return 0, false
	}
	digits := bytes.TrimSuffix(line[i+1:len(line)-1], []byte("+"))
	n, err := strconv.ParseInt(string(digits), 10, 64)
	return n, err == nil && n >= 0
}

// Commands prints every message of a client byte stream: each command,
// and the AUTHENTICATE responses and IDLE's DONE as what they are (the
// exchanges' ends are guessed, see parser.CommandReader.GuessExchanges).
// After an error it resynchronises at the next line.
func Commands(name string, data []byte, o Options) Stats {
	pr := &printer{o: &o, name: name}
	pr.commands(data, "")
	return pr.st
}

func (pr *printer) commands(data []byte, dir string) {
	p := pr.o.parser()
	base := 0
	for base < len(data) {
		r := parser.NewCommandReader(bytes.NewReader(data[base:]), p)
		r.GuessExchanges(true)
		r.SetLockstep(pr.refused != nil)
		for {
			m, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *parser.Error
				if !errors.As(err, &pe) {
					// The stream ended inside a command.
					pr.fail(len(data), dir, err)
					return
				}
				pr.fail(base, dir, err) // pe.Offset counts from data[base:]
				// Resynchronise after the line holding the error.
				next := base + pe.Offset
				if k := bytes.IndexByte(data[min(next, len(data)):], '\n'); k >= 0 {
					next += k + 1
				} else {
					next = len(data)
				}
				base = max(next, base+1)
				break
			}
			off := base + int(m.Offset)
			switch m.Kind {
			case parser.ReadContinue:
				if pr.refused != nil && pr.refused(commandTag(m.Bytes), pr.at(base+int(m.Offset)+len(m.Bytes))) {
					// The client never sent the literal: what follows
					// the announcement is its next command.
					r.Reject()
				}
				continue
			case parser.ReadAuthLine, parser.ReadDone:
				kind := "auth-line"
				if m.Kind == parser.ReadDone {
					kind = "done"
				}
				txt := oneLine(nil, m.Bytes)
				var body []byte
				if pr.o.JSON {
					body = append(body, `"line":`...)
					body = strconv.AppendQuote(body, string(bytes.TrimRight(m.Bytes, "\r\n")))
				}
				pr.line(off, dir, kind, txt, body)
				continue
			}
			if err := p.ParseCommand(m.Bytes, &pr.cmd); err != nil {
				pr.fail(off, dir, err)
				continue
			}
			var txt, body []byte
			if pr.o.JSON {
				body = pr.cmd.AppendJSON(nil)
				body = body[1 : len(body)-1]
			} else {
				enc := parser.AppendCommand(nil, &pr.cmd, parser.StringOpts{})
				txt = oneLine(nil, enc)
			}
			pr.line(off, dir, "command", txt, body)
		}
	}
}

// responses prints every response of a server byte stream, resynchronising
// at the next line after an error.
func (pr *printer) responses(data []byte, dir string) {
	p := pr.o.parser()
	for off := 0; off < len(data); {
		b := data[off:]
		n, err := p.FrameResponse(b)
		if err == parser.ErrIncomplete {
			pr.fail(len(data), dir, errors.New("incomplete response at the end of the stream"))
			return
		}
		if err == nil {
			err = p.ParseResponse(b[:n], &pr.resp)
		}
		if err != nil {
			pr.fail(off, dir, err)
			if n == 0 {
				n = len(b)
				if k := bytes.IndexByte(b, '\n'); k >= 0 {
					n = k + 1
				}
			}
			off += n
			continue
		}
		// The response side's own rendering (package parsefmt), without
		// its offset, which line writes with the direction.
		r := &pr.resp
		var rest []byte
		if pr.o.JSON {
			rest = parsefmt.AppendResponseJSON(nil, 0, r)
			rest = rest[len(`{"offset":0,`) : len(rest)-1]
		} else {
			rest = parsefmt.AppendResponseText(nil, 0, r)
			rest = rest[len("0 "):]
		}
		pr.line(off, dir, "", rest, rest)
		off += n
	}
}

// Session prints both directions of a session file (format in
// corpus/README.md): client commands as Commands does, server responses
// one by one, each with its direction and its offset in the file. Where a
// command waits at a synchronizing literal, the server's side decides
// whether the client sent it (see literalJudge); when it did not, the
// bytes after the announcement are read as the next command. The
// two streams are parsed one after the other and the lines printed in file
// order.
func Session(name string, data []byte, o Options) (Stats, error) {
	s, err := corpus.ReadSession(data)
	if err != nil {
		return Stats{}, err
	}
	pr := &printer{o: &o, name: name, collect: true}
	judge := &literalJudge{msgs: serverMessages(o.parser(), s.Server, func(off int) int {
		at, _ := s.FileOffset(corpus.Server, off)
		return at
	})}
	pr.refused = judge.refused
	pr.fileOff = func(off int) int {
		if at, ok := s.FileOffset(corpus.Client, off); ok {
			return at
		}
		return off
	}
	pr.commands(s.Client, "C")
	pr.fileOff = func(off int) int {
		if at, ok := s.FileOffset(corpus.Server, off); ok {
			return at
		}
		return off
	}
	pr.responses(s.Server, "S")
	pr.flush()
	return pr.st, nil
}
