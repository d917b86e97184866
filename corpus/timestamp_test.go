package corpus

import (
	"bytes"
	"testing"
	"time"
)

func TestStampRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	sw := NewSessionWriter(&buf)
	now := time.Duration(0)
	sw.SetClock(func() time.Duration { return now })
	steps := []struct {
		at   time.Duration
		from Direction
		data string
	}{
		{0, Server, "* OK ready\r\n"},
		{1500 * time.Microsecond, Client, "a1 LOGIN u {1}\r\np\r\n"},
		{2*time.Second + 7*time.Microsecond, Server, "a1 OK done\r\n"},
	}
	for _, s := range steps {
		now = s.at
		if err := sw.Write(s.from, []byte(s.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	want := "#@ 0.000000\nS: * OK ready\r\n#@ 0.001500\nC: a1 LOGIN u {1}\r\np\r\n#@ 2.000007\nS: a1 OK done\r\n"
	if buf.String() != want {
		t.Fatalf("file:\n%q\nwant\n%q", buf.String(), want)
	}
	s, err := ReadSession(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != len(steps) {
		t.Fatalf("%d records, want %d", len(s.Records), len(steps))
	}
	for i, r := range s.Records {
		if !r.Timed || r.At != steps[i].at || string(r.Data) != steps[i].data {
			t.Errorf("record %d: at %v timed %v data %q; want %v %q", i, r.At, r.Timed, r.Data, steps[i].at, steps[i].data)
		}
	}
}

func TestParseStamp(t *testing.T) {
	for _, tc := range []struct {
		line string
		want time.Duration
		ok   bool
	}{
		{"#@ 1.5", 1500 * time.Millisecond, true},
		{"#@ 0.000000001", 1, true},
		{"#@ 12\r", 12 * time.Second, true},
		{"#@ 1.0000000001", 0, false}, // ten fraction digits
		{"#@ x", 0, false},
		{"#@ ", 0, false},
		{"#@ -1", 0, false},
		{"# 1.5", 0, false},
		{"#@ 9999999999999", 0, false},
	} {
		got, ok := parseStamp([]byte(tc.line))
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseStamp(%q) = %v, %v; want %v, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
	// A stamp applies to the next record only; an ordinary comment does
	// not reset it, a malformed stamp is just a comment.
	s, err := ReadSession([]byte("#@ 2.5\n# note\nC: a NOOP\r\nS: a OK\r\n#@ bad\nC: b NOOP\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Records[0]; !r.Timed || r.At != 2500*time.Millisecond {
		t.Errorf("record 0: %v %v", r.Timed, r.At)
	}
	if s.Records[1].Timed || s.Records[2].Timed {
		t.Errorf("unstamped records marked timed")
	}
}
