package load

import (
	"testing"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
)

func TestMapSeqSet(t *testing.T) {
	for _, tc := range []struct {
		raw             string
		uid             bool
		exists, uidNext uint32
		want            string
	}{
		{"1:3", false, 5, 6, "1:3"},
		{"4000:4010,77,*", false, 5, 6, "5,2,*"},
		{"7:2", false, 5, 6, "2"},        // 7 -> 2, 2 -> 2
		{"9:*", false, 5, 6, "4:*"},      // * stays
		{"90000:*", true, 5, 21, "20:*"}, // UIDs mod UIDNEXT-1 = 20
		{"12345", true, 5, 21, "5"},
		{"3", true, 5, 0, "3"},    // no UIDNEXT known: EXISTS
		{"1:3", false, 0, 0, "*"}, // empty mailbox
		{"$", false, 5, 6, "$"},   // SEARCHRES as recorded
	} {
		s := &session{Conn: Conn{exists: tc.exists, uidNext: tc.uidNext}}
		if got := string(s.mapSeqSet(nil, []byte(tc.raw), tc.uid)); got != tc.want {
			t.Errorf("map %q (uid %v, exists %d, uidnext %d) = %q, want %q", tc.raw, tc.uid, tc.exists, tc.uidNext, got, tc.want)
		}
	}
}

// TestReplayPacing checks the intended send times: the recorded times,
// scaled by the speed, from the start of the measured run; a looping
// recording starts over after its span and the gap; a finished one waits
// for ever.
func TestReplayPacing(t *testing.T) {
	rec := "#@ 1.0\nC: a SELECT INBOX\r\n#@ 1.5\nC: b NOOP\r\n#@ 3.0\nC: c NOOP\r\n"
	s, err := corpus.ReadSession([]byte(rec))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		speed float64
		loop  bool
		want  []time.Duration // intended times of the first five sends
	}{
		{1, false, []time.Duration{0, 500 * time.Millisecond, 2 * time.Second, 1<<62 - 1, 1<<62 - 1}},
		{2, false, []time.Duration{0, 250 * time.Millisecond, time.Second, 1<<62 - 1, 1<<62 - 1}},
		{2, true, []time.Duration{0, 250 * time.Millisecond, time.Second, 1500 * time.Millisecond, 1750 * time.Millisecond}},
	} {
		rp := &Replay{Speed: tc.speed, Loop: tc.loop, Commands: map[string]int{}, Skipped: map[string]int{}}
		rp.scripts = []replayScript{rp.script(parser.NewParser(parser.Options{}), s)}
		r := &runner{cfg: Config{Replay: rp}}
		ss := &session{id: 1, run: r, phaseStart: 1000}
		ss.replayInit()
		for i, want := range tc.want {
			due := ss.replayDue()
			if want != 1<<62-1 {
				want += 1000
			}
			if time.Duration(due) != want {
				t.Errorf("speed %v loop %v: send %d due %v, want %v", tc.speed, tc.loop, i, time.Duration(due), want)
			}
			ss.pending, ss.hasPending = ss.replayPick(), true
			ss.hasPending = false // sent
		}
	}
}
