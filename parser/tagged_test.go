package parser

import (
	"reflect"
	"testing"
)

// taggedInputs returns tagged completions in and near the form taggedStatus
// takes, and every mutant of them with one octet replaced by an octet that
// matters to it, one inserted or deleted, or the line cut short.
func taggedInputs() []string {
	base := []string{
		"T1 OK Completed\r\n",
		"a001 OK LOGIN completed\r\n",
		"A2 no such mailbox\r\n",
		"a3 BAD command unknown or arguments invalid\r\n",
		"abcdefghij bad x\r\n",
		"a4 OK \r\n",
		"a5 OK x\r\n",
		"a6 Ok ab\r\n",
		"t.1 NO \x7f\x80\xff text\r\n",
		"A7 OK text with a\ttab\r\n",
		"A8 OK [READ-WRITE] SELECT completed\r\n",
		"A9 OK \"quoted\" {5}\r\n",
		"* OK ready\r\n",
		"+ go on\r\n",
		"a OK done\r\n",
		"]x OK fine enough\r\n",
		"a OKAY done\r\n",
		"a BYE done here\r\n",
		"a PREAUTH done here\r\n",
		"aa OK\r\n",
	}
	marks := []byte{0, '\t', '\n', '\r', ' ', '[', '+', '*', 0x0e, 'o', 'K', 'b', 0x80}
	var ins []string
	for _, s := range base {
		ins = append(ins, s)
		for i := 0; i <= len(s); i++ {
			ins = append(ins, s[:i]) // cut short
			if i < len(s) {
				ins = append(ins, s[:i]+s[i+1:]) // one octet deleted
			}
			for _, c := range marks {
				ins = append(ins, s[:i]+string(c)+s[i:]) // inserted
				if i < len(s) {
					ins = append(ins, s[:i]+string(c)+s[i+1:]) // replaced
				}
			}
		}
	}
	return ins
}

// TestTaggedStatusMatchesGeneral parses every input of taggedInputs, strict
// and lenient, with ParseResponse and with the general path alone, and
// requires the same error and the same Response, unexported fields
// included; it also checks that the fast path took the common forms.
func TestTaggedStatusMatchesGeneral(t *testing.T) {
	took := 0
	for _, in := range taggedInputs() {
		for _, lenient := range []bool{false, true} {
			p := NewParser(Options{Lenient: lenient})
			b := []byte(in)
			var fast, gen, probe Response
			errFast := p.ParseResponse(b, &fast)
			gen.reset(b, p.limits(), p.lenient)
			errGen := p.parseGeneral(b, &gen)
			if !reflect.DeepEqual(errFast, errGen) {
				t.Fatalf("%q lenient=%v: error %v, general path %v", in, lenient, errFast, errGen)
			}
			if !reflect.DeepEqual(fast, gen) {
				t.Fatalf("%q lenient=%v:\n%+v\ngeneral path:\n%+v", in, lenient, fast, gen)
			}
			probe.reset(b, p.limits(), p.lenient)
			if taggedStatus(b, &probe) {
				took++
				if errGen != nil {
					t.Fatalf("%q: taken by taggedStatus, refused by the general path: %v", in, errGen)
				}
			}
		}
	}
	for _, in := range []string{"T1 OK Completed\r\n", "a001 OK LOGIN completed\r\n", "A2 no such mailbox\r\n",
		"a3 BAD command unknown or arguments invalid\r\n", "a4 OK \r\n", "t.1 NO \x7f\x80\xff text\r\n"} {
		var r Response
		if !taggedStatus([]byte(in), &r) {
			t.Errorf("%q: not taken by taggedStatus", in)
		}
	}
	if took == 0 {
		t.Fatal("taggedStatus took no input")
	}
}
