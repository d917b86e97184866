package parser

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAppendStringForms(t *testing.T) {
	sync := StringOpts{}
	plus := StringOpts{Literal: LiteralNonSync}
	utf := StringOpts{UTF8: true}
	tests := []struct {
		name string
		fn   func([]byte, string, StringOpts) []byte
		in   string
		o    StringOpts
		want string
	}{
		{"astring atom", AppendAString[string], "INBOX", sync, "INBOX"},
		{"astring with ]", AppendAString[string], "a]b", sync, "a]b"},
		{"astring empty", AppendAString[string], "", sync, `""`},
		{"astring space", AppendAString[string], "Sent Items", sync, `"Sent Items"`},
		{"astring escapes", AppendAString[string], `a"b\c`, sync, `"a\"b\\c"`},
		{"astring wildcard is quoted", AppendAString[string], "a*", sync, `"a*"`},
		{"astring CRLF sync literal", AppendAString[string], "a\r\nb", sync, "{4}\r\na\r\nb"},
		{"astring CRLF LITERAL+", AppendAString[string], "a\r\nb", plus, "{4+}\r\na\r\nb"},
		{"astring 8-bit rev1", AppendAString[string], "Entwürfe", sync, "{9}\r\nEntwürfe"},
		{"astring 8-bit UTF8", AppendAString[string], "Entwürfe", utf, `"Entwürfe"`},
		{"astring bad UTF8", AppendAString[string], "a\xffb", utf, "{3}\r\na\xffb"},
		{"string never atom", AppendString[string], "abc", sync, `"abc"`},
		{"string literal8", AppendString[string], "a\x00", StringOpts{Literal: LiteralBinary}, "~{2}\r\na\x00"},
		{"list mailbox", AppendListMailbox[string], "INBOX.*", sync, "INBOX.*"},
		{"list mailbox quoted", AppendListMailbox[string], "a b%", sync, `"a b%"`},
	}
	for _, tt := range tests {
		if got := string(tt.fn(nil, tt.in, tt.o)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAppendDates(t *testing.T) {
	tm := time.Date(2024, time.January, 2, 3, 4, 5, 0, time.FixedZone("", -(7*3600+30*60)))
	if got := string(AppendDateTime(nil, tm)); got != `" 2-Jan-2024 03:04:05 -0730"` {
		t.Errorf("date-time %s", got)
	}
	if got := string(AppendDate(nil, tm)); got != "2-Jan-2024" {
		t.Errorf("date %s", got)
	}
	if got := string(AppendSeqRange(nil, 0, 5)); got != "*:5" {
		t.Errorf("seq %s", got)
	}
	if got := string(AppendSeqRange(nil, 7, 7)); got != "7" {
		t.Errorf("seq %s", got)
	}
}

func TestSyncParts(t *testing.T) {
	tests := []struct {
		in    string
		parts []string // a trailing "+" on a part marks Wait
	}{
		{"a NOOP\r\n", []string{"a NOOP\r\n"}},
		{"a LOGIN {1}\r\nx {2}\r\nyz\r\nb NOOP\r\n", []string{"a LOGIN {1}\r\n+", "x {2}\r\n+", "yz\r\nb NOOP\r\n"}},
		{"a LOGIN {1+}\r\nx {2}\r\nyz\r\n", []string{"a LOGIN {1+}\r\nx {2}\r\n+", "yz\r\n"}},
		// The literal's data ends like an announcement; it must not split.
		{"a APPEND x {5}\r\n{99}\r\n\r\n", []string{"a APPEND x {5}\r\n+", "{99}\r\n\r\n"}},
		{"a APPEND x ~{5}\r\n{99}\r\n\r\n", []string{"a APPEND x ~{5}\r\n+", "{99}\r\n\r\n"}},
		{"a APPEND x {5+}\r\n{99}\r\n\r\n", []string{"a APPEND x {5+}\r\n{99}\r\n\r\n"}},
	}
	for _, tt := range tests {
		var got []string
		for sp := SyncParts([]byte(tt.in)); sp.Next(); {
			p := string(sp.Part())
			if sp.Wait() {
				p += "+"
			}
			got = append(got, p)
		}
		if len(got) != len(tt.parts) {
			t.Errorf("%q: parts %q, want %q", tt.in, got, tt.parts)
			continue
		}
		for i := range got {
			if got[i] != tt.parts[i] {
				t.Errorf("%q: part %d %q, want %q", tt.in, i, got[i], tt.parts[i])
			}
		}
	}
}

func TestCommandBuilderAllocs(t *testing.T) {
	b := CommandBuilder{Buf: make([]byte, 0, 4096), Opts: StringOpts{Literal: LiteralNonSync}}
	msg := []byte("Subject: x\r\n\r\nbody\r\n")
	date := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	flags := []string{`\Seen`, "$Junk"}
	n := testing.AllocsPerRun(100, func() {
		b.Reset()
		b.BeginN("a", 123, "UID FETCH")
		b.SeqRange(1, 0)
		b.Open()
		b.Atom("UID")
		b.Section("BODY.PEEK", "HEADER", 0, 100)
		b.Close()
		b.End()
		b.Begin("a2", "UID SEARCH")
		b.Atom("OR")
		b.Open()
		b.Atom("SUBJECT")
		b.AString("hello world")
		b.Atom("SINCE")
		b.Date(date)
		b.Close()
		b.Atom("NOT")
		b.Atom("SEEN")
		b.End()
		b.Append("a3", "INBOX", flags, date, msg, LiteralSync)
		for sp := SyncParts(b.Buf); sp.Next(); {
			_ = sp.Part()
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

func TestAppendDecimal(t *testing.T) {
	tests := []struct {
		v    uint64
		want string
	}{
		{0, "0"}, {7, "7"}, {9, "9"}, {10, "10"}, {99, "99"}, {100, "100"},
		{65536, "65536"}, {4294967295, "4294967295"}, {4294967296, "4294967296"},
		{math.MaxUint64, "18446744073709551615"},
	}
	for _, tt := range tests {
		if got := string(appendDecimal([]byte("x"), tt.v)); got != "x"+tt.want {
			t.Errorf("appendDecimal(%d) = %q, want %q", tt.v, got, "x"+tt.want)
		}
		// With room in dst, the digits are written in place.
		roomy := append(make([]byte, 0, 64), 'x')
		if got := string(appendDecimal(roomy, tt.v)); got != "x"+tt.want {
			t.Errorf("appendDecimal(%d) in place = %q, want %q", tt.v, got, "x"+tt.want)
		}
	}
	// Every number below 10,100 (the fast paths), against strconv.
	for v := uint64(0); v < 10100; v++ {
		if got, want := string(appendDecimal([]byte("x"), v)), "x"+strconv.FormatUint(v, 10); got != want {
			t.Fatalf("appendDecimal(%d) = %q, want %q", v, got, want)
		}
	}
	// The eight-digit path: every number with four to eight digits whose
	// last four are at an edge, a stride through the rest, with and
	// without room in dst; nothing past the number may be written.
	for hi := uint64(1); hi < 10000; hi++ {
		for _, lo := range []uint64{0, 1, 9, 10, 99, 100, 999, 1000, 4321, 9999, hi * 7 % 10000} {
			v := hi*10000 + lo
			roomy := append(make([]byte, 0, 32), 'x')
			tail := roomy[:cap(roomy)]
			for i := 1; i < len(tail); i++ {
				tail[i] = '#'
			}
			got := appendDecimal(roomy, v)
			want := "x" + strconv.FormatUint(v, 10)
			if string(got) != want || string(tail[len(want):]) != strings.Repeat("#", len(tail)-len(want)) {
				t.Fatalf("appendDecimal(%d) = %q (buffer %q), want %q", v, got, tail, want)
			}
			if got := string(appendDecimal([]byte("x"), v)); got != want {
				t.Fatalf("appendDecimal(%d) = %q, want %q", v, got, want)
			}
		}
	}
	// Every power of ten and its neighbours, against strconv.
	for p := uint64(1); ; p *= 10 {
		for _, v := range []uint64{p - 1, p, p + 1} {
			if got, want := string(appendDecimal(nil, v)), strconv.FormatUint(v, 10); got != want {
				t.Errorf("appendDecimal(%d) = %q, want %q", v, got, want)
			}
		}
		if p > math.MaxUint64/10 {
			break
		}
	}
}

func TestPlainTokens(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"From To Cc", true}, {`\Seen $Label \Answered`, true}, {"1 2 NIL", true}, {"a[b c]d", true},
		{"", false}, {" a", false}, {"a ", false}, {"a  b", false}, {`\`, false}, {`\ a`, false},
		{`\*`, false}, {`\a]`, false}, {`a\b`, false}, {`"q"`, false}, {"(a)", false}, {"{3}", false},
		{"a\r\nb", false}, {"caf\xc3\xa9", false}, {"%", false},
	}
	for _, tt := range tests {
		if got := plainTokens([]byte(tt.in)); got != tt.want {
			t.Errorf("plainTokens(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// Where plainTokens holds, copying must give what walking gives.
	for _, tt := range tests {
		if !tt.want {
			continue
		}
		v := Value{Form: FormList, Raw: []byte(tt.in)}
		var walked []byte
		for it, i := v.List(), 0; it.Next(); i++ {
			if i > 0 {
				walked = append(walked, ' ')
			}
			walked = AppendValue(walked, it.Value(), StringOpts{})
		}
		if string(walked) != tt.in {
			t.Errorf("walking %q gives %q", tt.in, walked)
		}
	}
}

// refPlainTokens is plainTokens as it was before its one-test-per-octet
// loop, the reference TestPlainTokensMatchesStateMachine holds it to.
func refPlainTokens(b []byte) bool {
	start, flag := true, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == ' ':
			if start {
				return false
			}
			start, flag = true, false
		case start:
			start = false
			if c == '\\' {
				if i+1 == len(b) || b[i+1] == ' ' {
					return false
				}
				flag = true
			} else if charClass[c]&cAString == 0 {
				return false
			}
		case flag:
			if charClass[c]&cAtom == 0 {
				return false
			}
		case charClass[c]&cAString == 0:
			return false
		}
	}
	return len(b) > 0 && !start
}

// TestPlainTokensMatchesStateMachine compares plainTokens with the state
// machine it replaced on every string of up to five octets over an
// alphabet of the octets that matter, and on longer random ones.
func TestPlainTokensMatchesStateMachine(t *testing.T) {
	alpha := []byte{' ', '\\', 'a', '1', ']', '*', '%', '"', '(', '\r', 0xc3}
	var rec func(b []byte)
	rec = func(b []byte) {
		if got, want := plainTokens(b), refPlainTokens(b); got != want {
			t.Fatalf("plainTokens(%q) = %v, want %v", b, got, want)
		}
		if len(b) == 5 {
			return
		}
		for _, c := range alpha {
			rec(append(b, c))
		}
	}
	rec(nil)
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		b := make([]byte, 1+r.IntN(30))
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
			if r.IntN(3) > 0 {
				b[i] = 'a'
			}
		}
		if got, want := plainTokens(b), refPlainTokens(b); got != want {
			t.Fatalf("plainTokens(%q) = %v, want %v", b, got, want)
		}
	}
}
