package netfuzz

import (
	"context"
	"fmt"

	"github.com/imapstress/imapstress/parser"
)

// ReplayResult says whether a saved finding reproduces.
type ReplayResult struct {
	// Want is the finding as saved; Got what the replay found (nil for
	// nothing).
	Want, Got *Finding
}

// Reproduced reports whether the replay found the same class at the same
// location.
func (r *ReplayResult) Reproduced() bool { return r.Got != nil && r.Got.Key() == r.Want.Key() }

// String says what happened, in one or two lines.
func (r *ReplayResult) String() string {
	switch {
	case r.Reproduced():
		return fmt.Sprintf("reproduced: %s at %s\n  %s", r.Got.Class, r.Got.Location, r.Got.Detail)
	case r.Got != nil:
		return fmt.Sprintf("not reproduced: saved %s at %s; the replay found %s at %s\n  %s", r.Want.Class, r.Want.Location, r.Got.Class, r.Got.Location, r.Got.Detail)
	}
	return fmt.Sprintf("not reproduced: saved %s at %s; the server behaved", r.Want.Class, r.Want.Location)
}

// Replay reads a finding saved by Run (a session file with the input in
// its header), takes a new session to the saved state on the server of
// cfg (Addr, User, Pass, TLS, Deadline, ...), sends the input and the
// probe, and applies the oracle again. A finding of class dead is replayed
// as its input followed by the liveness probe.
func Replay(ctx context.Context, cfg Config, file []byte) (*ReplayResult, error) {
	want, err := UnmarshalFinding(file)
	if err != nil {
		return nil, err
	}
	if err := cfg.defaults(false); err != nil {
		return nil, err
	}
	x := executor{cfg: &cfg, p: parser.NewParser(parser.Options{})}
	got, err := x.run(ctx, want.Input)
	if err != nil {
		return nil, err
	}
	if want.Class == ClassDead && got != nil {
		if aerr := x.alive(ctx); aerr != nil {
			got = &Finding{Class: ClassDead, Location: want.Location, Detail: aerr.Error(), Input: want.Input}
		}
	}
	return &ReplayResult{Want: want, Got: got}, nil
}
