package parser

import (
	"testing"

	"github.com/imapstress/imapstress/corpus"
)

// sessionCorpusDisagreements lists session files whose client stream does
// not parse strictly although their name promises it, and why.
var sessionCorpusDisagreements = map[string]string{
	"sessions/dovecot-session-battery.txt": "a battery of deliberately malformed commands (FETCH 1 (FLAGS, UNCHANGEDSINCE 2^64-1, a {23} literal the server refused before it was sent, so its bytes are the next command)",
	"sessions/goimap-session-battery.txt":  "the same battery against go-imap",
}

// TestCorpusSessionCommands frames, parses and round-trips the client side
// of every valid session of corpus/sessions.
func TestCorpusSessionCommands(t *testing.T) {
	n := 0
	for _, seed := range corpus.Seeds(corpus.Sessions) {
		if seed.Expect != corpus.Valid {
			continue
		}
		s, err := corpus.ReadSession(seed.Data)
		if err != nil {
			t.Errorf("%s: %v", seed.Path, err)
			continue
		}
		if why, ok := sessionCorpusDisagreements[seed.Path]; ok {
			if _, err := commandStream(t, s.Client, Options{}, false); err == nil {
				t.Errorf("%s: now parses; drop it from sessionCorpusDisagreements (%s)", seed.Path, why)
			}
			continue
		}
		c, err := commandStream(t, s.Client, Options{}, true)
		if err != nil {
			t.Errorf("%s: %d commands, then %v", seed.Path, c, err)
		}
		n += c
	}
	t.Logf("%d commands from sessions", n)
}
