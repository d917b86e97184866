package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func renderSet(s SeqSet) string {
	var parts []string
	for it := s.Ranges(); it.Next(); {
		r := it.Range()
		parts = append(parts, fmt.Sprintf("%d-%d", r.First, r.Last))
	}
	return strings.Join(parts, ",")
}

func TestParseSeqSet(t *testing.T) {
	tests := []struct {
		in     string
		uid    bool
		want   string // ranges with * as 0, or "" for an error
		errOff int
	}{
		{"1", false, "1-1", 0},
		{"1:5,7", false, "1-5,7-7", 0},
		{"5:1", false, "5-1", 0},
		{"*", false, "0-0", 0},
		{"1:*", false, "1-0", 0},
		{"*:4,9", false, "0-4,9-9", 0},
		{"$", false, "", -1},
		{"4294967295", true, "4294967295-4294967295", 0},
		{"3:15,27,29:103", true, "3-15,27-27,29-103", 0},
		{"0", false, "", 0},
		{"1:0", false, "", 2},
		{"4294967296", false, "", 0},
		{"1,", false, "", 2},
		{"1:", false, "", 2},
		{",1", false, "", 0},
		{"1 2", false, "", 1},
		{"1:2:3", false, "", 3},
		{"1:*", true, "", 2},
		{"$", true, "", 0},
		{"$,1", false, "", 1},
	}
	for _, tt := range tests {
		parse := ParseSeqSet
		if tt.uid {
			parse = ParseUIDSet
		}
		s, err := parse([]byte(tt.in))
		if tt.want == "" && tt.errOff >= 0 {
			var pe *Error
			if !errors.As(err, &pe) || pe.Offset != tt.errOff {
				t.Errorf("%q: err %v, want offset %d", tt.in, err, tt.errOff)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if tt.errOff < 0 {
			if !s.IsSaved() {
				t.Errorf("%q: not saved", tt.in)
			}
			continue
		}
		if got := renderSet(s); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSeqSetHelpers(t *testing.T) {
	s, err := ParseSeqSet([]byte("7:5,10,20:*"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Count(22); got != 3+1+3 {
		t.Errorf("Count = %d", got)
	}
	for n, want := range map[uint32]bool{4: false, 5: true, 7: true, 10: true, 11: false, 22: true, 23: false} {
		if s.Contains(n, 22) != want {
			t.Errorf("Contains(%d) = %v", n, !want)
		}
	}
	if lo, hi := (SeqRange{First: SeqStar, Last: 3}).Bounds(9); lo != 3 || hi != 9 {
		t.Errorf("Bounds = %d, %d", lo, hi)
	}
	// A hand-built malformed set stops the iterator without panicking.
	if got := renderSet(SeqSet{Raw: []byte("1,x,3")}); got != "1-1" {
		t.Errorf("malformed walk: %s", got)
	}
}

func TestSeqSetLimit(t *testing.T) {
	lim := Limits{MaxArgs: 3}.Resolved()
	s := newScanner([]byte("1,2,3,4"), 0, &lim)
	if _, err := s.seqSet(true, false); !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v, want ErrLimit", err)
	}
}
