package fuzz

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// ResponseParser is a parser of IMAP server responses that joins the
// Differential target. A parser author implements it over their own parser
// (see the README, "For parser authors"); GoIMAP and Ours are the two that
// ship here.
type ResponseParser interface {
	// Name names the parser in failure reports.
	Name() string
	// ParseResponse parses msg, exactly one complete response as
	// parser.FrameResponse delimits it (its line, the literals it
	// announces, the final CRLF), and says whether it accepts it. It must
	// not keep msg.
	ParseResponse(msg []byte) Verdict
}

// Verdict is what a ResponseParser made of one response.
type Verdict struct {
	// Accept is true when the parser took the response as valid.
	Accept bool
	// Reason says why it refused, for the report.
	Reason string
	// Offset is the byte offset in the message where it refused, -1 when
	// the parser does not say.
	Offset int
	// Canon is an optional canonical form of the accepted response in the
	// format of AppendResponseCanon. When both parsers give one, they must
	// be equal. Nil means "not compared".
	Canon []byte
	// Crash, when set, reports a panic, a hang or runaway memory in the
	// parser: always a finding, whatever the other parser said.
	Crash string
	// Skip, when set, says that the parser cannot judge this response (and
	// why); nothing is compared.
	Skip string
}

// Ours is this module's parser as a ResponseParser.
type Ours struct {
	// Parser parses; nil means a strict parser with default limits.
	Parser *parser.Parser
}

// Name returns "imapstress".
func (Ours) Name() string { return "imapstress" }

// ParseResponse parses msg with parser.ParseResponse and renders the
// accepted response with AppendResponseCanon.
func (o Ours) ParseResponse(msg []byte) Verdict {
	p := o.Parser
	if p == nil {
		p = parser.NewParser(parser.Options{})
	}
	var r parser.Response
	if err := p.ParseResponse(msg, &r); err != nil {
		v := Verdict{Reason: err.Error(), Offset: -1}
		var pe *parser.Error
		if errors.As(err, &pe) {
			v.Offset = pe.Offset
		}
		return v
	}
	canon, err := AppendResponseCanon(nil, &r)
	if err != nil {
		return Verdict{Crash: "walk after a successful parse: " + err.Error()}
	}
	return Verdict{Accept: true, Canon: canon}
}

// maxDiffMessages bounds the responses of one input that Differential feeds
// to the other parser: each costs a client and a goroutine there.
const maxDiffMessages = 8

// Differential is the body of the differential target: the responses in
// data, framed by our parser, each through Ours and through GoIMAP. It
// returns 1 when a response was accepted by both.
func Differential(data []byte) (int, error) {
	return Compare(data, Ours{}, GoIMAP{}, KnownDifference)
}

// Compare feeds each response framed in data (at most a few; the tag of a
// tagged response replaced by GoIMAPTag, see NormalizeTag) to parsers a and
// b. It fails on a crash in either, on an accept/reject disagreement that
// known does not name (known returns the name of a documented difference,
// or ""), and on different canonical forms. Messages that do not frame are
// not compared. It returns 1 when a response was accepted by both.
func Compare(data []byte, a, b ResponseParser, known func(msg []byte, a, b Verdict) string) (int, error) {
	p := parser.NewParser(parser.Options{})
	score := 0
	var buf []byte
	for off, i := 0, 0; off < len(data) && i < maxDiffMessages; i++ {
		n, err := p.FrameResponse(data[off:])
		if err != nil {
			break
		}
		buf = NormalizeTag(buf[:0], data[off:off+n])
		off += n
		// Framing the rewritten message again keeps it one message.
		if m, err := p.FrameResponse(buf); err != nil || m != len(buf) {
			continue
		}
		va, vb := a.ParseResponse(buf), b.ParseResponse(buf)
		for _, c := range [...]struct {
			name string
			v    Verdict
		}{{a.Name(), va}, {b.Name(), vb}} {
			if c.v.Crash != "" {
				return score, fmt.Errorf("%s crashed on %q: %s", c.name, buf, c.v.Crash)
			}
		}
		if va.Skip != "" || vb.Skip != "" {
			continue
		}
		if va.Accept != vb.Accept {
			if known(buf, va, vb) != "" {
				continue
			}
			return score, fmt.Errorf("%q: %s accepts=%v (%s), %s accepts=%v (%s), not a known difference",
				buf, a.Name(), va.Accept, va.Reason, b.Name(), vb.Accept, vb.Reason)
		}
		if va.Accept && va.Canon != nil && vb.Canon != nil && !bytes.Equal(va.Canon, vb.Canon) {
			return score, fmt.Errorf("%q: %s and %s parse differently:\n%s\n%s", buf, a.Name(), b.Name(), va.Canon, vb.Canon)
		}
		if va.Accept && vb.Accept {
			score = 1
		}
	}
	return score, nil
}

// NormalizeTag appends msg to dst with the tag of a tagged response (the
// bytes before the first SP, CR or LF of a message that starts with
// neither "*" nor "+") replaced by GoIMAPTag, since a client only takes the
// completion of a command it sent. Untagged responses and continuations are
// appended unchanged.
func NormalizeTag(dst, msg []byte) []byte {
	if len(msg) == 0 || msg[0] == '*' || msg[0] == '+' {
		return append(dst, msg...)
	}
	end := bytes.IndexAny(msg, " \r\n")
	if end < 0 {
		end = len(msg)
	}
	dst = append(dst, GoIMAPTag...)
	return append(dst, msg[end:]...)
}
