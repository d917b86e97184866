//go:build !gofuzz

package fuzz

import (
	"strings"
	"testing"

	"github.com/imapstress/imapstress/corpus"
)

// TestKnownDifferences checks each documented difference on its example:
// our parser and go-imap v2 disagree in the stated direction, and the
// disagreement is classified under that name. An entry whose example
// stops disagreeing (go-imap fixed, or we changed) fails here.
func TestKnownDifferences(t *testing.T) {
	for _, d := range KnownDifferences() {
		msg := []byte(d.Example)
		ours, theirs := Ours{}.ParseResponse(msg), GoIMAP{}.ParseResponse(msg)
		if ours.Accept != d.OurAccept || theirs.Accept == d.OurAccept {
			t.Errorf("%s: %q: ours accept=%v (%s), go-imap accept=%v (%s); want ours %v and go-imap the opposite",
				d.Name, msg, ours.Accept, ours.Reason, theirs.Accept, theirs.Reason, d.OurAccept)
			continue
		}
		if got := KnownDifference(msg, ours, theirs); got != d.Name {
			t.Errorf("%s: %q classified as %q", d.Name, msg, got)
		}
	}
}

// TestGoIMAPVerdicts checks the driver of go-imap v2 on responses whose
// verdict is certain, so that Differential cannot pass by never feeding
// anything.
func TestGoIMAPVerdicts(t *testing.T) {
	tests := []struct {
		msg    string
		accept bool
	}{
		{"* 3 EXISTS\r\n", true},
		{"T1 OK done\r\n", true},
		{"T1 NO [TRYCREATE] no\r\n", true},
		{"* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n", true},
		{"* 3 EXISTS junk\r\n", false},
		{"T2 OK not our tag\r\n", false},
		{"* 1 FETCH (UID\r\n", false},
	}
	for _, tc := range tests {
		v := GoIMAP{}.ParseResponse([]byte(tc.msg))
		if v.Accept != tc.accept || v.Crash != "" {
			t.Errorf("%q: accept=%v crash=%q reason=%q, want accept=%v", tc.msg, v.Accept, v.Crash, v.Reason, tc.accept)
		}
	}
	if v := (GoIMAP{}).ParseResponse([]byte("+ go on\r\n")); v.Skip == "" {
		t.Errorf("continuation: not skipped: %+v", v)
	}
}

func TestNormalizeTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a1 OK x\r\n", "T1 OK x\r\n"},
		{"* OK x\r\n", "* OK x\r\n"},
		{"+ x\r\n", "+ x\r\n"},
		{"abc\r\n", "T1\r\n"},
		{"abc", "T1"},
	}
	for _, tc := range tests {
		if got := string(NormalizeTag(nil, []byte(tc.in))); got != tc.want {
			t.Errorf("NormalizeTag(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzDifferential(f *testing.F) {
	seedSide(f, nil, ServerSide)
	f.Fuzz(func(t *testing.T, data []byte) { run(t, Differential, data) })
}

// TestGoIMAPHangReproducers checks that every go-imap hang kept in
// corpus/crashers is recognised, so Differential never feeds it to go-imap
// again (its reader goroutine would spin forever), and that our parser
// refuses each.
func TestGoIMAPHangReproducers(t *testing.T) {
	n := 0
	for _, s := range corpus.Seeds(corpus.Crashers) {
		if !strings.Contains(s.Path, "goimap-hang") {
			continue
		}
		n++
		msg := NormalizeTag(nil, s.Data)
		if !GoIMAPCapabilityHang(msg) {
			t.Errorf("%s: %q not recognised as a go-imap hang", s.Path, msg)
		}
		if v := (Ours{}).ParseResponse(msg); v.Accept {
			t.Errorf("%s: our parser accepts %q", s.Path, msg)
		}
	}
	if n == 0 {
		t.Error("no go-imap hang reproducers in corpus/crashers")
	}
	if GoIMAPCapabilityHang([]byte("* CAPABILITY IMAP4rev1 IDLE\r\n")) {
		t.Error("a plain CAPABILITY response flagged as a hang")
	}
}
