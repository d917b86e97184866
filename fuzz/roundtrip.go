package fuzz

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// RoundTrip is the body of the round-trip target, both directions over the
// same bytes. Every message that parses as a response is encoded again from
// its parsed form (parser.AppendResponse), and every message that parses as
// a command likewise (parser.AppendCommand, once with synchronizing and once
// with non-synchronizing literals). The encoding must parse, to the same
// canonical form as the original, and encoding that parse must give the same
// bytes again. Messages whose form the typed builders can write
// (CommandBuilder, ResponseBuilder: LOGIN, SELECT, LIST, STORE, FETCH,
// APPEND, status responses, CAPABILITY, SEARCH, LIST, ...) are also written
// again with them, choosing string forms afresh, and must parse the same.
// It returns 1 when a message made the round trip.
func RoundTrip(data []byte) (int, error) {
	p := parser.NewParser(parser.Options{})
	score := 0
	var r, r2 parser.Response
	var c, c2 parser.Command
	var enc, enc2, canon, canon2 []byte
	for off, i := 0, 0; off < len(data) && i < maxMessages; i++ {
		n, err := p.FrameResponse(data[off:])
		if err != nil {
			break
		}
		msg := data[off : off+n]
		off += n
		if p.ParseResponse(msg, &r) != nil {
			continue
		}
		o := parser.StringOpts{}
		enc = parser.AppendResponse(enc[:0], &r, o)
		if err := p.ParseResponse(enc, &r2); err != nil {
			return score, fmt.Errorf("response %q encodes as %q, which does not parse: %w", msg, enc, err)
		}
		canon, _ = AppendResponseCanon(canon[:0], &r)
		canon2, _ = AppendResponseCanon(canon2[:0], &r2)
		if !bytes.Equal(canon, canon2) {
			return score, fmt.Errorf("response %q encodes as %q, which parses differently:\n%s\n%s", msg, enc, canon, canon2)
		}
		enc2 = parser.AppendResponse(enc2[:0], &r2, o)
		if !bytes.Equal(enc, enc2) {
			return score, fmt.Errorf("response %q: encoding is not stable: %q then %q", msg, enc, enc2)
		}
		if err := builderRoundTrip(p, nil, &r); err != nil {
			return score, err
		}
		score = 1
	}
	for off, i := 0, 0; off < len(data) && i < maxMessages; i++ {
		f, err := p.FrameCommand(data[off:])
		if err != nil {
			break
		}
		msg := data[off : off+f.N]
		off += f.N
		if p.ParseCommand(msg, &c) != nil {
			continue
		}
		canon, _ = AppendCommandCanon(canon[:0], &c)
		if err := builderRoundTrip(p, &c, nil); err != nil {
			return score, err
		}
		for _, form := range [...]parser.LiteralForm{parser.LiteralSync, parser.LiteralNonSync} {
			o := parser.StringOpts{Literal: form}
			enc = parser.AppendCommand(enc[:0], &c, o)
			if err := p.ParseCommand(enc, &c2); err != nil {
				return score, fmt.Errorf("command %q encodes as %q, which does not parse: %w", msg, enc, err)
			}
			canon2, _ = AppendCommandCanon(canon2[:0], &c2)
			if form == parser.LiteralSync && !bytes.Equal(canon, canon2) {
				return score, fmt.Errorf("command %q encodes as %q, which parses differently:\n%s\n%s", msg, enc, canon, canon2)
			}
			if e := checkSyncParts(p, enc); e != nil {
				return score, fmt.Errorf("command %q encoded as %q: %w", msg, enc, e)
			}
			enc2 = parser.AppendCommand(enc2[:0], &c2, o)
			if !bytes.Equal(enc, enc2) {
				return score, fmt.Errorf("command %q: encoding is not stable: %q then %q", msg, enc, enc2)
			}
		}
		score = 1
	}
	return score, nil
}

// checkSyncParts checks parser.SyncParts on an encoded command: the parts
// put together give the command back, and a part waits for "+" exactly when
// it ends with a synchronizing literal's announcement.
func checkSyncParts(p *parser.Parser, cmd []byte) error {
	var all []byte
	for it := parser.SyncParts(cmd); it.Next(); {
		part := it.Part()
		all = append(all, part...)
		// The framer is the oracle: a part waits exactly when the command
		// so far stops at a synchronizing literal's announcement. (Looking
		// at the part's last bytes alone would take literal data that
		// ends in "{n}" CRLF for an announcement.)
		f, err := p.FrameCommand(all)
		wait := errors.Is(err, parser.ErrIncomplete) && f.Continue && f.LiteralAt == len(all)
		if it.Wait() != wait {
			return fmt.Errorf("SyncParts part %q: Wait %v, but the framer says %v (%v)", part, it.Wait(), wait, err)
		}
	}
	if !bytes.Equal(all, cmd) {
		return fmt.Errorf("SyncParts gives back %q", all)
	}
	return nil
}
