//go:build !gofuzz

// This file is left out of go-fuzz builds: go-fuzz-build cannot copy the
// corpus package's multi-pattern go:embed, and the go-fuzz entry points do
// not need the seeds.

package fuzz

import "github.com/imapstress/imapstress/corpus"

// Side is the direction of an IMAP byte stream.
type Side int

// The two sides.
const (
	// ServerSide bytes are responses, sent by a server.
	ServerSide Side = iota + 1
	// ClientSide bytes are commands, sent by a client.
	ClientSide
)

// String returns "responses" or "commands".
func (s Side) String() string {
	switch s {
	case ServerSide:
		return "responses"
	case ClientSide:
		return "commands"
	}
	return "side(?)"
}

// SeedInput is one input taken from the embedded corpus for a target.
type SeedInput struct {
	// Name is the seed's path below corpus/, with "#client" or "#server"
	// appended for one direction of a session file.
	Name string
	// Side is the direction the bytes belong to.
	Side Side
	// Expect is what the seed's name promises.
	Expect corpus.Expect
	// Data is the input.
	Data []byte
}

// SeedInputs returns the embedded seeds as target inputs: every file of
// responses/ (ServerSide) and commands/ (ClientSide), both streams of every
// session file, and every crasher for both sides. A session file that does
// not read is skipped (the corpus package's own tests catch that).
func SeedInputs() []SeedInput {
	var out []SeedInput
	for _, s := range corpus.All() {
		switch s.Kind {
		case corpus.Responses:
			out = append(out, SeedInput{s.Path, ServerSide, s.Expect, s.Data})
		case corpus.Commands:
			out = append(out, SeedInput{s.Path, ClientSide, s.Expect, s.Data})
		case corpus.Crashers:
			out = append(out, SeedInput{s.Path, ServerSide, s.Expect, s.Data},
				SeedInput{s.Path, ClientSide, s.Expect, s.Data})
		case corpus.Sessions:
			sess, err := corpus.ReadSession(s.Data)
			if err != nil {
				continue
			}
			out = append(out, SeedInput{s.Path + "#server", ServerSide, s.Expect, sess.Server},
				SeedInput{s.Path + "#client", ClientSide, s.Expect, sess.Client})
		}
	}
	return out
}
