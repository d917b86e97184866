// Package netfuzz holds imapstress's network fuzzers: a fuzzer that attacks
// a live IMAP server over a real connection (Run, Replay), and a hostile
// server that attacks IMAP clients (Hostile).
//
// The server fuzzer takes each session to a protocol state first (not
// authenticated, authenticated, selected, examined, inside APPEND after the
// continuation, inside AUTHENTICATE, during IDLE), then sends a short
// sequence of commands made from the corpus (package corpus) by mutations
// at the grammar level and at the byte level, then a probe command. Its
// oracle reports the connection closed without BYE (class crash), no tagged
// completion of the probe within the deadline (hang), server output that
// our strict parser rejects (violation), a response that contradicts the
// session state (state), and a server that no longer accepts a new login
// after any of these (dead). Every finding is minimised, deduplicated by
// class and location, and saved as a replayable session file (the format
// of corpus.ReadSession, with the fuzz input in its header comments).
//
// The connection handling (dial, TLS, STARTTLS, login, SELECT, framing of
// the server's responses through the parser) is load.Conn, the load
// generator's session machinery; this package adds the inputs and the
// oracle. It does not fuzz in process (that is package fuzz) and it is not
// coverage-guided: the server under test is a black box, often not written
// in Go.
package netfuzz

import (
	"fmt"
	"strings"
)

// State is the protocol state a session reaches before its fuzz input.
type State uint8

// The states, in the order the fuzzer cycles through them.
const (
	NotAuthenticated State = iota
	Authenticated
	Selected
	Examined
	InAppend       // after "APPEND INBOX {n}" and the server's "+"
	InAuthenticate // after "AUTHENTICATE PLAIN" and the server's "+"
	InIdle         // after "IDLE" and the server's "+", in the selected state
	numStates
)

var stateNames = [numStates]string{"not-authenticated", "authenticated", "selected", "examined", "append", "authenticate", "idle"}

// String returns the state's name as written in session files.
func (s State) String() string {
	if s < numStates {
		return stateNames[s]
	}
	return fmt.Sprintf("state(%d)", s)
}

// ParseState returns the state named name (as String writes it).
func ParseState(name string) (State, error) {
	for i, n := range stateNames {
		if strings.EqualFold(n, name) {
			return State(i), nil
		}
	}
	return 0, fmt.Errorf("netfuzz: unknown state %q (want one of %s)", name, strings.Join(stateNames[:], ", "))
}

// AllStates lists every state.
func AllStates() []State {
	s := make([]State, numStates)
	for i := range s {
		s[i] = State(i)
	}
	return s
}

// Class is the kind of a finding.
type Class uint8

// The finding classes.
const (
	ClassNone      Class = iota
	ClassCrash           // the connection closed or was reset without BYE
	ClassHang            // no tagged completion within the deadline
	ClassViolation       // the server sent bytes our strict parser rejects
	ClassState           // a response contradicting the session's state
	ClassDead            // the server stopped accepting connections or logins
	numClasses
)

var classNames = [numClasses]string{"none", "crash", "hang", "violation", "state", "dead"}

// String returns the class name.
func (c Class) String() string {
	if c < numClasses {
		return classNames[c]
	}
	return fmt.Sprintf("class(%d)", c)
}

// ParseClass returns the class named name.
func ParseClass(name string) (Class, error) {
	for i, n := range classNames {
		if n == name {
			return Class(i), nil
		}
	}
	return 0, fmt.Errorf("netfuzz: unknown finding class %q", name)
}

// Finding is one thing the oracle found.
type Finding struct {
	// Class is what went wrong; Location is where, for deduplication: the
	// command that was in flight (and for a violation the grammar element
	// the parser expected, for a state finding what was contradicted).
	Class    Class
	Location string
	// Detail says what was seen, with the server's bytes where there are
	// some.
	Detail string
	// Input is the fuzz case that produced it (minimised, once saved).
	Input Input
	// Transcript is the whole connection as a session file: the setup,
	// the input, and what the server answered.
	Transcript []byte
	// Path is the session file it was saved to, if any.
	Path string
	// Execs is how many executions the minimiser spent on it.
	Execs int

	// prior is what the connection it was found on sent for each of the
	// inputs before it (at most historyInputs of them), and priorRuns how
	// many inputs ran on that connection before it; both zero for a
	// finding made on a new connection.
	prior     [][]Write
	priorRuns int
}

// Key is the deduplication key: class and location.
func (f *Finding) Key() string { return f.Class.String() + " " + f.Location }
