package parser

import "testing"

// TestArgsFetchSection checks that the generic Args walk of a FETCH
// response reads a section holding SP and a header list as one token, as
// ParseResponse does (found by the fuzz target Responses on the seed
// corpus: the walk failed at the "]" after the header list).
func TestArgsFetchSection(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"* 1 FETCH (BODY[HEADER.FIELDS (DATE FROM)] {2}\r\nab)\r\n",
			[]string{"BODY[HEADER.FIELDS (DATE FROM)]", "ab"}},
		{"* 1 FETCH (BODY[HEADER.FIELDS.NOT (\"X-A\" B)]<0> \"x\" UID 3)\r\n",
			[]string{`BODY[HEADER.FIELDS.NOT ("X-A" B)]<0>`, "x", "UID", "3"}},
		{"* 1 FETCH (BODY[1.2] NIL BINARY[1]<5> \"\")\r\n",
			[]string{"BODY[1.2]", "", "BINARY[1]<5>", ""}}, // NIL has no string value
	}
	p := NewParser(Options{})
	for _, tc := range tests {
		var r Response
		if err := p.ParseResponse([]byte(tc.in), &r); err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		args := r.Args()
		if !args.Next() || args.Value().Form != FormList {
			t.Fatalf("%q: no list argument (err %v)", tc.in, args.Err())
		}
		var got []string
		it := args.Value().List()
		for it.Next() {
			got = append(got, string(it.Value().AppendString(nil)))
		}
		if err := it.Err(); err != nil {
			t.Errorf("%q: walk failed: %v", tc.in, err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: element %d is %q, want %q", tc.in, i, got[i], tc.want[i])
			}
		}
	}
}
