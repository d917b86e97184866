package corpus

import (
	"bytes"
	"strings"
	"testing"

	"github.com/imapstress/imapstress/corpus/internal/seeds"
)

// TestSeedsMatchGenerator fails when the generated files on disk and the
// generator disagree: run "make corpus-seeds" after editing internal/seeds.
func TestSeedsMatchGenerator(t *testing.T) {
	embedded := map[string][]byte{}
	for _, s := range All() {
		embedded[s.Path] = s.Data
	}
	generated := seeds.All()
	for _, g := range generated {
		got, ok := embedded[g.Path]
		if !ok {
			t.Errorf("%s: generated but not in the corpus; run make corpus-seeds", g.Path)
			continue
		}
		if !bytes.Equal(got, g.Data) {
			t.Errorf("%s: file differs from the generator; run make corpus-seeds", g.Path)
		}
		delete(embedded, g.Path)
	}
	for p := range embedded {
		if strings.HasPrefix(p, "crashers/") || IsCaptureName(p) {
			continue
		}
		t.Errorf("%s: in the corpus but not generated; a stale file, or a capture without its prefix", p)
	}
	if !bytes.Equal(Dict(), seeds.Dict()) {
		t.Errorf("imap.dict differs from the generator; run make corpus-seeds")
	}
}

func TestSeedsByKind(t *testing.T) {
	total := 0
	for _, k := range []Kind{Commands, Responses, Sessions} {
		ss := Seeds(k)
		if len(ss) < 50 {
			t.Errorf("%v: %d seeds, want at least 50", k, len(ss))
		}
		for _, s := range ss {
			if s.Kind != k || !strings.HasPrefix(s.Path, k.String()+"/") {
				t.Errorf("%s listed under %v", s.Path, k)
			}
			if s.Expect != ExpectOf(s.Path) {
				t.Errorf("%s: Expect %v, ExpectOf says %v", s.Path, s.Expect, ExpectOf(s.Path))
			}
		}
		if len(Filter(ss, Valid)) == 0 || len(Filter(ss, Invalid)) == 0 {
			t.Errorf("%v: want both valid and invalid seeds", k)
		}
		total += len(ss)
	}
	if total < 300 {
		t.Errorf("%d seeds, want at least 300", total)
	}
	for _, s := range Seeds(Crashers) {
		if strings.HasPrefix(strings.ToUpper(s.Name()), "README") {
			t.Errorf("README listed as a seed: %s", s.Path)
		}
	}
	if n := len(All()); n != total+len(Seeds(Crashers)) {
		t.Errorf("All() = %d seeds, kinds add up to %d", n, total+len(Seeds(Crashers)))
	}
}

func TestIsCaptureName(t *testing.T) {
	for name, want := range map[string]bool{
		"responses/dovecot-fetch-all.txt":       true,
		"bad-goimap-uid-move.txt":               true,
		"stress-dovecot-idle.txt":               true,
		"responses/fetch-envelope.txt":          false,
		"bad-seqset-colon-only.txt":             false,
		"sessions/rfc3501-8-sample.txt":         false,
		"lenient-dovecot-session-something.txt": true,
	} {
		if got := IsCaptureName(name); got != want {
			t.Errorf("IsCaptureName(%q) = %v, want %v", name, got, want)
		}
	}
	n := 0
	for _, s := range All() {
		if s.Captured() {
			n++
		}
	}
	if n < 100 {
		t.Errorf("%d captured seeds, want at least 100", n)
	}
}

func TestExpectOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		want Expect
	}{
		{"responses/fetch-envelope.txt", Valid},
		{"bad-seqset-colon-only.txt", Invalid},
		{`commands\bad-x.txt`, Invalid},
		{"lenient-bare-lf-line-end.txt", Lenient},
		{"stress-quadratic-groups-2000.txt", Stress},
		{"dovecot-fetch-all.txt", Valid},
		{"badly-named.txt", Valid},
	} {
		if got := ExpectOf(tc.name); got != tc.want {
			t.Errorf("ExpectOf(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSeedShape(t *testing.T) {
	for _, s := range All() {
		if s.Expect == Valid && s.Kind != Sessions && !bytes.HasSuffix(s.Data, []byte("\r\n")) {
			t.Errorf("%s: valid input does not end with CRLF", s.Path)
		}
		if s.Kind == Sessions {
			if _, err := ReadSession(s.Data); err != nil {
				t.Errorf("%s: %v", s.Path, err)
			}
		}
	}
}

func TestSeedsAreCopies(t *testing.T) {
	a := Seeds(Commands)[0]
	a.Data[0] ^= 0xff
	if b := Seeds(Commands)[0]; bytes.Equal(a.Data, b.Data) {
		t.Fatal("modifying a seed's Data changed the next call's result")
	}
}

func TestKindAndExpectStrings(t *testing.T) {
	if got := Kind(9).String(); got != "kind(9)" {
		t.Errorf("Kind(9) = %q", got)
	}
	if got := Expect(9).String(); got != "expect(9)" {
		t.Errorf("Expect(9) = %q", got)
	}
	if got := Stress.String(); got != "stress" {
		t.Errorf("Stress = %q", got)
	}
	if got := len(Seeds(Kind(9))); got != 0 {
		t.Errorf("unknown kind has %d seeds", got)
	}
}

// TestCapturesComplete checks the shape the capture program promises: each
// valid captured response file ends with its command's tagged completion,
// and both servers' transcripts are there.
func TestCapturesComplete(t *testing.T) {
	sessions := map[string]int{}
	for _, s := range All() {
		if !s.Captured() {
			continue
		}
		if s.Kind == Sessions {
			sessions[strings.SplitN(strings.TrimPrefix(s.Name(), "bad-"), "-", 2)[0]]++
			continue
		}
		if s.Kind != Responses || s.Expect != Valid {
			continue
		}
		body := strings.TrimSuffix(string(s.Data), "\r\n")
		last := body[strings.LastIndexByte(body, '\n')+1:]
		if !bytes.HasSuffix(s.Data, []byte("\r\n")) || strings.HasPrefix(last, "* ") || strings.HasPrefix(last, "+") {
			if s.Name() != "dovecot-greeting" && s.Name() != "goimap-greeting" {
				t.Errorf("%s: does not end with a tagged completion: %q", s.Path, last)
			}
		}
	}
	for _, server := range []string{"dovecot", "goimap"} {
		if sessions[server] < 8 {
			t.Errorf("%d %s session captures, want at least 8", sessions[server], server)
		}
	}
}
