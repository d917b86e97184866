package netfuzz

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// minimize shrinks a finding's input while it still gives a finding with
// the same key, in at most budget executions: first it cuts bursts into
// single commands and drops writes, then it drops and shrinks arguments
// (halving nesting depth and repetitions, removing chunks of bytes).
func (x *executor) minimize(ctx context.Context, fd *Finding, budget int) *Finding {
	best, execs := fd, 0
	spent := func() bool { return execs >= budget || ctx.Err() != nil }
	try := func(in Input) bool {
		if spent() {
			return false
		}
		execs++
		g, err := x.run(ctx, in)
		if err != nil || g == nil || g.Key() != fd.Key() {
			return false
		}
		best = g
		return true
	}
	if in := x.splitBursts(best.Input); len(in.Writes) > len(best.Input.Writes) && len(in.Writes) <= 64 {
		try(in)
	}
	// Drop writes: chunks of half the writes, then quarters, down to one.
	for chunk := max(len(best.Input.Writes)/2, 1); chunk >= 1; chunk /= 2 {
		for start := 0; start < len(best.Input.Writes) && len(best.Input.Writes) > 1; {
			end := min(start+chunk, len(best.Input.Writes))
			in := best.Input.Clone()
			in.Writes = append(in.Writes[:start], in.Writes[end:]...)
			if len(in.Writes) == 0 || !try(in) {
				start = end
			}
		}
	}
	for i := range best.Input.Writes {
		if best.Input.Writes[i].Split > 0 {
			in := best.Input.Clone()
			in.Writes[i].Split = 0
			try(in)
		}
	}
	for i := 0; i < len(best.Input.Writes) && !spent(); i++ {
		for j := 0; j < len(splitCommand(best.Input.Writes[i].Data).args) && !spent(); j++ {
			if x.shrinkArg(func() *Finding { return best }, i, j, try, spent) {
				j-- // dropped: the next argument moved here
			}
		}
	}
	best.Execs = execs
	return best
}

// shrinkArg tries to drop argument j of write i, or else to shrink it; it
// reports whether the argument was dropped.
func (x *executor) shrinkArg(cur func() *Finding, i, j int, try func(Input) bool, spent func() bool) bool {
	with := func(f *Finding, arg []byte, drop bool) Input {
		in := f.Input.Clone()
		c := splitCommand(in.Writes[i].Data)
		if drop {
			c.args = append(c.args[:j:j], c.args[j+1:]...)
		} else {
			c.args[j] = arg
		}
		in.Writes[i] = Write{Data: c.bytes()}
		return in
	}
	if try(with(cur(), nil, true)) {
		return true
	}
	// halve the nesting while it still reproduces
	for {
		a := splitCommand(cur().Input.Writes[i].Data).args
		if j >= len(a) {
			return false
		}
		d := 0
		for d < len(a[j])/2 && a[j][d] == '(' && a[j][len(a[j])-1-d] == ')' {
			d++
		}
		if d < 2 || spent() {
			break
		}
		h := d / 2
		if !try(with(cur(), append([]byte(nil), a[j][h:len(a[j])-h]...), false)) {
			break
		}
	}
	// halve a long argument, keeping its start, while it reproduces
	for !spent() {
		a := splitCommand(cur().Input.Writes[i].Data).args
		if j >= len(a) || len(a[j]) < 64 || !try(with(cur(), append([]byte(nil), a[j][:len(a[j])/2]...), false)) {
			break
		}
	}
	// remove chunks, halving the chunk size
	a := splitCommand(cur().Input.Writes[i].Data).args
	if j >= len(a) || len(a[j]) > 4096 {
		return false
	}
	for size := len(a[j]) / 2; size >= 1 && !spent(); size /= 2 {
		for off := 0; !spent(); off += size {
			a = splitCommand(cur().Input.Writes[i].Data).args
			if j >= len(a) || off+size > len(a[j]) {
				break
			}
			arg := append(append([]byte(nil), a[j][:off]...), a[j][off+size:]...)
			if len(arg) > 0 && try(with(cur(), arg, false)) {
				off -= size
			}
		}
	}
	return false
}

// splitBursts cuts each write into the commands our framing finds in it.
func (x *executor) splitBursts(in Input) Input {
	out := Input{State: in.State}
	for _, w := range in.Writes {
		b := w.Data
		for len(b) > 0 {
			f, err := x.p.FrameCommand(b)
			n := f.N
			if err != nil {
				n = len(b)
				if !errors.Is(err, parser.ErrIncomplete) {
					if i := bytes.IndexByte(b, '\n'); i >= 0 {
						n = i + 1
					}
				}
			}
			out.Writes = append(out.Writes, Write{Data: append([]byte(nil), b[:n]...)})
			b = b[n:]
		}
	}
	return out
}

// withPrior returns the finding's input preceded by what its connection
// sent for the inputs before it: the sequence to replay when the input
// alone does not give the finding.
func (f *Finding) withPrior() Input {
	if len(f.prior) == 0 {
		return f.Input
	}
	in := Input{State: f.Input.State}
	for _, ws := range f.prior {
		for _, w := range ws {
			in.Writes = append(in.Writes, Write{Data: append([]byte(nil), w.Data...), Split: w.Split})
		}
	}
	in.Writes = append(in.Writes, f.Input.Clone().Writes...)
	return in
}

// reproduce runs a finding made on a reused connection again on a new
// one, so that what is saved replays on its own: the input alone, then
// the input after the inputs the connection had run before it. It returns
// the finding as reproduced, with its new transcript, and true; or, when
// neither gives the same finding, fd with its input widened to the whole
// sequence and false. A finding made on a new connection is returned as
// it is.
func (x *executor) reproduce(ctx context.Context, fd *Finding) (*Finding, bool) {
	if fd.priorRuns == 0 {
		return fd, true
	}
	same := func(in Input, history bool) *Finding {
		if ctx.Err() != nil {
			return nil
		}
		g, err := x.run(ctx, in)
		if err != nil || g == nil || g.Class != fd.Class {
			return nil
		}
		// A crash is located by the last answer before it, which the
		// inputs before it change: for a crash after them, the class is
		// the finding.
		if g.Location != fd.Location && !(history && fd.Class == ClassCrash) {
			return nil
		}
		return g
	}
	if g := same(fd.Input, false); g != nil {
		return g, true
	}
	if len(fd.prior) > 0 {
		if g := same(fd.withPrior(), true); g != nil {
			return g, true
		}
	}
	out := *fd
	out.Input = fd.withPrior()
	if ctx.Err() != nil {
		out.Detail += fmt.Sprintf("\nnot replayed on a new connection (the run ended); saved with the %d inputs before it on its connection", len(fd.prior))
	} else {
		out.Detail += fmt.Sprintf("\nnot reproduced on a new connection, alone or after the %d inputs before it (of %d run on its connection); saved with the inputs before it",
			len(fd.prior), fd.priorRuns)
	}
	out.prior, out.priorRuns = nil, 0
	return &out, false
}
