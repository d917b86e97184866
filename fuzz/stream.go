package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/imapstress/imapstress/parser"
)

// StreamControl is how many leading bytes of a StreamSplit input steer the
// split rather than being stream data.
const StreamControl = 4

// chunkReader returns its data in chunks whose sizes cycle through sizes.
type chunkReader struct {
	data  []byte
	sizes []int
	i     int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := c.sizes[c.i%len(c.sizes)]
	c.i++
	n = min(n, len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// streamConfig is what the control bytes of a StreamSplit input choose.
type streamConfig struct {
	sizes     []int // chunk sizes, 1 to 64 bytes
	threshold int64 // ReaderOptions.LiteralThreshold, 0 for none
	maxBuffer int   // ReaderOptions.MaxBuffer, 0 for the default
	bufSize   int   // initial buffer of the chunked reader
}

// splitControl reads the control bytes: each gives a chunk size (its low six
// bits plus one); the high bits of the first choose literal streaming (a
// threshold of 8 bytes), those of the second a small MaxBuffer (512 bytes),
// those of the third a small initial buffer for the chunked reader.
func splitControl(ctl []byte) streamConfig {
	var c streamConfig
	for _, b := range ctl {
		c.sizes = append(c.sizes, int(b&63)+1)
	}
	if ctl[0]&0x80 != 0 {
		c.threshold = 8
	}
	if ctl[1]&0x80 != 0 {
		c.maxBuffer = 512
	}
	c.bufSize = 4096
	if ctl[2]&0x80 != 0 {
		c.bufSize = 16
	}
	return c
}

// StreamSplit is the body of the stream-split target. The first
// StreamControl bytes of data choose how the rest is cut into chunks (and a
// few reader options, see splitControl); the rest is read both as a server
// stream through a ResponseReader and as a client stream through a
// CommandReader, once cut into those chunks and once handed over whole. The
// messages, their parses and the errors, offsets included, and the
// literals streamed (with the reader options' threshold and buffer bound,
// for both readers), must be the same. Without literal streaming, the responses must also equal what
// FrameResponse and ParseResponse give over the whole buffer, up to the
// first error. The same bytes are also read the way a server drives a
// CommandReader (driveServer: literals refused or streamed, exchanges ended,
// lockstep, as the fourth control byte says), without comparison. It
// returns 1 when a message was read.
func StreamSplit(data []byte) (int, error) {
	if len(data) < StreamControl {
		return 0, nil
	}
	cfg := splitControl(data[:StreamControl])
	stream := data[StreamControl:]
	opt := parser.ReaderOptions{LiteralThreshold: cfg.threshold, MaxBuffer: cfg.maxBuffer}
	whole, err := readResponses(bytes.NewReader(stream), opt)
	if err != nil {
		return 0, err
	}
	opt.BufferSize = cfg.bufSize
	cut, err := readResponses(&chunkReader{data: stream, sizes: cfg.sizes}, opt)
	if err != nil {
		return 0, err
	}
	// With streaming on too: the reader streams literals in message
	// order whether they arrived whole or in pieces, so which literals a
	// message reports as streamed, and error offsets after them, do not
	// depend on the cut (seeds #841, #1229 and #1675 caught it streaming a
	// literal whose data had not arrived before held ones preceding it).
	if e := sameEvents("ResponseReader", whole, cut, false); e != nil {
		return 0, e
	}
	if cfg.threshold == 0 && cfg.maxBuffer == 0 {
		if e := sameEvents("ResponseReader vs ParseResponse", directResponses(stream), whole, true); e != nil {
			return 0, e
		}
	}
	// The CommandReader streams literals in command order too, and
	// bounds what it holds of a command without its streamed literals, so
	// with streaming and a small buffer bound its events, the handler's
	// calls among them, do not depend on the cut either.
	cwhole, err := readCommands(bytes.NewReader(stream), cfg.maxBuffer, cfg.threshold)
	if err != nil {
		return 0, err
	}
	ccut, err := readCommands(&chunkReader{data: stream, sizes: cfg.sizes}, cfg.maxBuffer, cfg.threshold)
	if err != nil {
		return 0, err
	}
	if e := sameEvents("CommandReader", cwhole, ccut, false); e != nil {
		return 0, e
	}
	if err := driveServer(&chunkReader{data: stream, sizes: cfg.sizes}, data[3]); err != nil {
		return 0, err
	}
	score := 0
	for _, ev := range append(whole, cwhole...) {
		if ev.ok {
			score = 1
		}
	}
	return score, nil
}

// event is one result of reading a stream: a message (its canonical form)
// or an error, with the stream offset it ends at.
type event struct {
	ok   bool
	text string
}

// sameEvents compares two event sequences. With prefix set, only the
// length of want is compared (a direct parse stops at its first error where
// a reader resynchronises and goes on).
func sameEvents(what string, want, got []event, prefix bool) error {
	n := max(len(want), len(got))
	if prefix {
		n = len(want)
	}
	for i := range n {
		var w, g string
		if i < len(want) {
			w = want[i].text
		}
		if i < len(got) {
			g = got[i].text
		}
		if w != g {
			return fmt.Errorf("%s: event %d of %d/%d differs:\n whole: %s\n split: %s", what, i, len(want), len(got), w, g)
		}
	}
	return nil
}

func errEvent(err error) event {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return event{text: "error at " + strconv.Itoa(pe.Offset) + ": expected " + pe.Expected + ", found " + pe.Found + " limit=" + strconv.FormatBool(errors.Is(err, parser.ErrLimit))}
	}
	return event{text: "error " + err.Error()}
}

// readResponses reads every response of r (at most 2*maxMessages events).
// It fails only when a successfully parsed response fails its walk.
func readResponses(r io.Reader, opt parser.ReaderOptions) ([]event, error) {
	rr := parser.NewResponseReader(r, nil, opt)
	var evs []event
	var resp parser.Response
	var canon []byte
	for range 2 * maxMessages {
		err := rr.Next(&resp)
		if err != nil {
			evs = append(evs, errEvent(err))
			var pe *parser.Error
			if !errors.As(err, &pe) {
				break
			}
			continue
		}
		canon, err = AppendResponseCanon(canon[:0], &resp)
		if err != nil {
			return evs, fmt.Errorf("ResponseReader message at %d %q: walk after a successful parse: %w", rr.Offset(), resp.Raw, err)
		}
		evs = append(evs, event{ok: true, text: "end " + strconv.FormatInt(rr.Offset(), 10) + " " + string(canon)})
	}
	return evs, nil
}

// directResponses parses stream with FrameResponse and ParseResponse over
// the whole buffer, as events comparable with readResponses up to the first
// error, after which a reader resynchronises and this stops.
func directResponses(stream []byte) []event {
	p := parser.NewParser(parser.Options{})
	var evs []event
	var resp parser.Response
	var canon []byte
	for off := 0; len(evs) < 2*maxMessages; {
		b := stream[off:]
		if len(b) == 0 {
			return append(evs, errEvent(io.EOF))
		}
		n, err := p.FrameResponse(b)
		if err == parser.ErrIncomplete {
			return append(evs, errEvent(io.ErrUnexpectedEOF))
		}
		if err == nil {
			err = p.ParseResponse(b[:n], &resp)
		}
		if err != nil {
			var pe *parser.Error
			if errors.As(err, &pe) {
				shifted := *pe
				shifted.Offset += off
				err = &shifted
			}
			return append(evs, errEvent(err))
		}
		canon, _ = AppendResponseCanon(canon[:0], &resp)
		off += n
		evs = append(evs, event{ok: true, text: "end " + strconv.Itoa(off) + " " + string(canon)})
	}
	return evs
}

// readCommands reads every client message of r with a CommandReader that
// answers each synchronizing literal at once (ReadContinue events depend on
// how the bytes arrive, so they are not recorded), guesses the end of
// AUTHENTICATE exchanges, and streams literals above threshold (when
// positive) to a handler that records each call. Commands are parsed and
// rendered canonically.
func readCommands(r io.Reader, maxBuffer int, threshold int64) ([]event, error) {
	cr := parser.NewCommandReader(r, nil)
	cr.GuessExchanges(true)
	if maxBuffer > 0 {
		cr.SetMaxBuffer(maxBuffer)
	}
	var evs []event
	if threshold > 0 {
		cr.SetLiteralHandler(threshold, func(info parser.LiteralInfo, body io.Reader) error {
			n, err := io.Copy(io.Discard, body)
			evs = append(evs, event{text: fmt.Sprintf("literal at %d size %d form %d prefix %q: read %d (%v)", info.Offset, info.Size, info.Form, info.Prefix, n, err)})
			return nil
		})
	}
	p := parser.NewParser(parser.Options{})
	var c parser.Command
	var canon []byte
	// ReadContinue comes at most once per literal, and a command holds at
	// most MaxLiterals of them before the reader fails it.
	for calls := 0; len(evs) < 4*maxMessages && calls < 4*maxMessages+4*parser.DefaultMaxLiterals; calls++ {
		m, err := cr.Next()
		if err != nil {
			evs = append(evs, errEvent(err))
			break
		}
		if m.Kind == parser.ReadContinue {
			continue
		}
		text := m.Kind.String() + " at " + strconv.FormatInt(m.Offset, 10) + " streamed " + strconv.FormatInt(m.Streamed, 10) + " "
		if m.Kind == parser.ReadCommand {
			if err := p.ParseCommand(m.Bytes, &c); err != nil {
				text += errEvent(err).text
			} else if canon, err = AppendCommandCanon(canon[:0], &c); err != nil {
				return evs, fmt.Errorf("CommandReader message at %d %q: walk after a successful parse: %w", m.Offset, m.Bytes, err)
			} else {
				text += string(canon)
			}
		} else {
			text += strconv.Quote(string(m.Bytes))
		}
		evs = append(evs, event{ok: true, text: text})
	}
	return evs, nil
}
