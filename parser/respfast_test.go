package parser

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fastVsGeneral validates val, an ENVELOPE (env) or BODY value, with the
// fast path and with the general validator, and returns a description of
// any disagreement: the fast path may give up, but what it accepts the
// general validator must accept too, ending at the same byte and recording
// the same walk entries. It does so with an empty record and with three
// entries already recorded (as for the ENVELOPE before a BODYSTRUCTURE),
// each with val alone and with val followed by more of a message, so that
// tapeScan reads each element both from b and from its padded copy of the
// last octets.
func fastVsGeneral(val []byte, env bool, lim *Limits) string {
	return new(fastChecker).check(val, env, lim)
}

// fastChecker holds the two walk records fastVsGeneral compares, so that a
// loop over many values does not allocate them each time.
type fastChecker struct {
	gen, fast listSpans
	buf       []byte
}

// check is fastVsGeneral with c's records.
func (c *fastChecker) check(val []byte, env bool, lim *Limits) string {
	if d := c.check1(val, env, lim); d != "" {
		return d
	}
	c.buf = append(append(c.buf[:0], val...), checkTrailer...)
	return c.check1(c.buf, env, lim)
}

// checkTrailer follows a value in check's second run: more octets than
// tapeScan's window.
const checkTrailer = ` UID 12345 FLAGS (\Seen \Answered) RFC822.SIZE 4096)` + "\r\n"

// check1 is check for val as it is.
func (c *fastChecker) check1(val []byte, env bool, lim *Limits) string {
	gen, fast := &c.gen, &c.fast
	for _, at := range []struct{ base, pre int }{{0, 0}, {0, 3}} {
		p := fastRun(val, env, lim, fast, at.base, at.pre)
		if p < 0 {
			if fast.n != at.pre {
				return fmt.Sprintf("fast path gave up on %q but counted %d entries", val, fast.n)
			}
			continue
		}
		s := newScanner(val, at.base, lim)
		s.rec = gen.record(val)
		gen.n = at.pre
		var err error
		if env {
			err = envelope(&s)
		} else {
			err = body(&s, 1)
		}
		switch {
		case err != nil:
			return fmt.Sprintf("fast path accepted %q up to %d, general validator says %v", val, p, err)
		case p != s.p:
			return fmt.Sprintf("fast path ended %q at %d, general validator at %d", val, p, s.p)
		case gen.n >= maxListSpans-1:
		case gen.n != fast.n || !slices.Equal(gen.span[at.pre:gen.n], fast.span[at.pre:fast.n]):
			return fmt.Sprintf("fast path recorded %v, general validator %v", fast.span[at.pre:fast.n], gen.span[at.pre:gen.n])
		}
	}
	return ""
}

// fastValue runs the fast path (fastEnvelope when env is set, else
// fastBody) on val from its start, recording into rec, and returns where
// it ended or -1.
func fastValue(val []byte, env bool, lim *Limits, rec *listSpans) int {
	return fastRun(val, env, lim, rec, 0, 0)
}

// fastRun is fastValue with val at offset base of its message and pre
// entries already in rec.
func fastRun(val []byte, env bool, lim *Limits, rec *listSpans, base, pre int) int {
	s := newScanner(val, base, lim)
	s.rec = rec.record(val)
	rec.n = pre
	if env {
		return fastEnvelope(&s)
	}
	return fastBody(&s)
}

// envBodyValues returns the ENVELOPE and BODY/BODYSTRUCTURE values of the
// FETCH responses among the table cases, the benchmark input and the
// corpus.
func envBodyValues(t *testing.T) (vals [][]byte, isEnv []bool) {
	var msgs [][]byte
	for _, c := range fetchCases {
		msgs = append(msgs, []byte(c.in))
	}
	msgs = append(msgs, []byte(fetchMessage(7, 0)), []byte(manyParts(3)), []byte(manyParts(60)))
	dir := filepath.Join("..", "corpus", "responses")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || e.IsDir() {
			continue
		}
		rr := NewResponseReader(bytes.NewReader(b), NewParser(Options{Lenient: true}), ReaderOptions{})
		var r Response
		for i := 0; i < 10000; i++ {
			if err := rr.Next(&r); err == io.EOF || (err != nil && !isParseErr(err)) {
				break
			} else if err == nil && r.Type == DataFetch {
				msgs = append(msgs, append([]byte(nil), r.Raw...))
			}
		}
	}
	for _, m := range msgs {
		var r Response
		if NewParser(Options{Lenient: true}).ParseResponse(m, &r) != nil {
			continue
		}
		for it := r.Fetch(); it.Next(); {
			f := it.Item()
			if f.Kind != FetchEnvelope && f.Kind != FetchBody && f.Kind != FetchBodyStructure {
				continue
			}
			start := f.Value.Off - 1
			end := f.Value.Off + len(f.Value.Raw) + 1
			if start < 0 || end > len(m) {
				continue
			}
			vals = append(vals, m[start:end])
			isEnv = append(isEnv, f.Kind == FetchEnvelope)
		}
	}
	if len(vals) < 20 {
		t.Fatalf("only %d ENVELOPE and BODY values found", len(vals))
	}
	for _, v := range edgeBodies {
		vals, isEnv = append(vals, []byte(v)), append(isEnv, false)
	}
	for _, v := range edgeEnvelopes {
		vals, isEnv = append(vals, []byte(v)), append(isEnv, true)
	}
	return vals, isEnv
}

// edgeBodies and edgeEnvelopes sit at the edges of what the fast path
// takes: numbers at their limits, NIL in other cases and forms, escapes,
// literals, extensions, trailing spaces.
var edgeBodies = []string{
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 4294967295 1)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 4294967296 1)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 999999999 9223372036854775807)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0999999999 99999999999999999999)`,
	`("text" "plain" nil nil Nil "7BIT" 1 1 nil nil nil nil)`,
	`("TEXT" "PLAIN" NILX NIL NIL "7BIT" 1 1)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL 5 (1 "x"))`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("inline" NIL) ("en" "de" ) NIL)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("inline" NIL) () NIL)`,
	`("TEXT" "PLAIN" ("A" "\"b") NIL NIL "7BIT" 1 1)`,
	"(\"TEXT\" {5}\r\nPLAIN NIL NIL NIL \"7BIT\" 1 1)",
	`("IMAGE" "PNG" NIL NIL NIL "BASE64" 1)`,
	`("IMAGE" "PNG" NIL NIL NIL "BASE64" 1 )`,
	`("MESSAGE" "DELIVERY-STATUS" NIL NIL NIL "7BIT" 1)`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("TEXT" "HTML" NIL NIL NIL "7BIT" 1 1) "ALTERNATIVE")`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED" ("B" "x") ("inline" ("A" "b")) "en" "loc")`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED" ("B" "x") NIL NIL NIL NIL)`,
	`(((("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "A") "B") "C")`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("inline" NIL)("en") NIL)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("inline" NIL) ("en") NIL)`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED" ("B" "x")("inline" NIL))`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED" ("B" "x") ("inline" NIL))`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED")`,
	`("TEXT" "PLAIN"("A" "b") NIL NIL "7BIT" 1 1)`,
	"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1 NIL NIL NIL NIL (1 ~{1}\r\nx))",
	"((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1) \"MIXED\" NIL NIL NIL NIL ~{1}\r\nx)",
}

var edgeEnvelopes = []string{
	`(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`,
	`(nil "s" ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL () NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL (("a" NIL "b" "c") ) NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL "a\"b" NIL NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL (("a" NIL "b" "c"))(("a" NIL "b" "c")) NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL (("a" NIL "b" "c")) (("a" NIL "b" "c")) NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL (("a" NIL "b" "c") ("a" NIL "b" "c")) NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL (("a" NIL "b" "c")("a" NIL "b" "c")) NIL NIL NIL NIL NIL NIL NIL)`,
}

// TestFastPathMatchesGeneral runs the fast path and the general validator
// over every ENVELOPE and BODY value at hand and over mutants of them (an
// octet replaced, inserted or deleted, the value cut short), and checks
// that they agree.
func TestFastPathMatchesGeneral(t *testing.T) {
	vals, isEnv := envBodyValues(t)
	lim := defaultLimits
	small := Limits{MaxDepth: 2, MaxArgs: 2}.Resolved()
	accepted := 0
	var chk fastChecker
	for i, v := range vals {
		if d := chk.check(v, isEnv[i], &lim); d != "" {
			t.Fatal(d)
		}
		if d := chk.check(v, isEnv[i], &small); d != "" {
			t.Fatal(d)
		}
		var fast listSpans
		if fastValue(v, isEnv[i], &lim, &fast) >= 0 {
			accepted++
		}
		step := 1 + len(v)/5 // about 5 positions per value
		if i%150 == 0 {
			step = 1 // and every position of some
		}
		m := make([]byte, len(v))
		for at := 0; at < len(v); at += step {
			for _, c := range []byte(" )(\"Nn\\09x\t\r\n\x00\x80") {
				copy(m, v)
				m[at] = c
				if d := chk.check(m, isEnv[i], &lim); d != "" {
					t.Fatal(d)
				}
			}
			for _, c := range []byte(` )("N`) {
				// The octet inserted before b[at].
				ins := append(append(append([]byte(nil), v[:at]...), c), v[at:]...)
				if d := chk.check(ins, isEnv[i], &lim); d != "" {
					t.Fatal(d)
				}
			}
			// b[at] deleted, and the value cut short there.
			del := append(append([]byte(nil), v[:at]...), v[at+1:]...)
			if d := chk.check(del, isEnv[i], &lim); d != "" {
				t.Fatal(d)
			}
			if d := chk.check(v[:at], isEnv[i], &lim); d != "" {
				t.Fatal(d)
			}
		}
	}
	if accepted < len(vals)/2 {
		t.Errorf("the fast path took only %d of %d values", accepted, len(vals))
	}
	t.Logf("fast path took %d of %d values", accepted, len(vals))
}

// fastTakes are values in the common form that the fast path must take
// (and the general validator accept): quoted strings of every length
// around the eight- and sixteen-octet reads, with control octets other
// than NUL, CR and LF, with 8-bit octets; NIL in any case and before ")";
// empty and long lists where the grammar allows them.
var fastTakes = []struct {
	env bool
	val string
}{
	{true, `(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`},
	{true, `(nil Nil NIL NIL NIL NIL NIL NIL nIL NiL)`},
	{true, `("" "a" (("" NIL "" "")) NIL NIL NIL NIL NIL "1234567" "12345678")`},
	{true, `("123456789012345" "1234567890123456" NIL NIL NIL NIL NIL NIL "12345678901234567" "x")`},
	{true, "(\"tab\there\" \"caf\xc3\xa9\" NIL NIL NIL NIL NIL NIL \"\x01\x7f\x0b\" \"<a@b>\")"},
	{true, `(NIL NIL (("a" NIL "b" "c")("d" NIL "e" "f")) ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL)`},
	{false, `("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0 0)`},
	{false, `("text" "plain" ("a" "b" "c" "d") "<id>" "desc" "base64" 999999999 1 "md5" ("inline" ("x" "y")) ("en" "de") "loc")`},
	{false, `("IMAGE" "PNG" NIL NIL NIL "BASE64" 1 NIL NIL "en" NIL)`},
	{false, `("IMAGE" "PNG" NIL NIL NIL "BASE64" 1 NIL NIL ("en") NIL)`},
	{false, `(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("TEXT" "HTML" NIL NIL NIL "7BIT" 1 1) "ALTERNATIVE")`},
	{false, `((("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("IMAGE" "GIF" NIL NIL NIL "BASE64" 1) "RELATED")("TEXT" "HTML" NIL NIL NIL "7BIT" 1 1) "MIXED" ("b" "c") ("attachment" NIL) ("en" "fr") "x")`},
}

// TestFastPathTakes checks that the fast path takes the values of
// fastTakes, the same way as the general validator.
func TestFastPathTakes(t *testing.T) {
	for _, c := range fastTakes {
		v := []byte(c.val)
		var rec listSpans
		if p := fastValue(v, c.env, &defaultLimits, &rec); p != len(v) {
			t.Errorf("fast path ended %s at %d, want %d", c.val, p, len(v))
		}
		if d := fastVsGeneral(v, c.env, &defaultLimits); d != "" {
			t.Error(d)
		}
		// Followed by more of the message, as in a FETCH response.
		w := append(append([]byte(nil), v...), " UID 1)\r\n"...)
		if p := fastValue(w, c.env, &defaultLimits, &rec); p != len(v) {
			t.Errorf("fast path ended %s at %d in a message, want %d", c.val, p, len(v))
		}
	}
}

// TestFastPathBenchInput checks that the benchmark's values take the fast
// path, so that the benchmark measures it.
func TestFastPathBenchInput(t *testing.T) {
	msg := []byte(fetchMessage(3, 0))
	var r Response
	if err := (&Parser{}).ParseResponse(msg, &r); err != nil {
		t.Fatal(err)
	}
	for it := r.Fetch(); it.Next(); {
		f := it.Item()
		v := msg[f.Value.Off-1 : f.Value.Off+len(f.Value.Raw)+1]
		var rec listSpans
		switch {
		case f.Kind == FetchEnvelope && fastValue(v, true, &defaultLimits, &rec) != len(v):
			t.Errorf("ENVELOPE %s does not take the fast path", strings.TrimSpace(string(v)))
		case f.Kind == FetchBodyStructure && fastValue(v, false, &defaultLimits, &rec) != len(v):
			t.Errorf("BODYSTRUCTURE %s does not take the fast path", v)
		}
	}
}

// fastItemSeeds are FETCH items (name, SP, value) at and around the forms
// fastItem takes.
var fastItemSeeds = []string{
	"UID 1", "UID 123456789", "UID 1234567890", "UID 4294967296", "UID 9999999999", "UID 0", "UID 01", "uid 42", "UiD 7",
	"RFC822.SIZE 0", "RFC822.SIZE 123456789012345678", "RFC822.SIZE 1234567890123456789",
	"RFC822.SIZE 9999999999999999999", "rfc822.size 9",
	"FLAGS ()", `FLAGS (\Seen)`, `FLAGS (\Seen \Answered $Forwarded)`, `FLAGS (\*)`, `FLAGS (\Seen )`,
	`FLAGS ( \Seen)`, `FLAGS (\\Seen)`, `FLAGS (a\b)`, `flags (x]y)`, `FLAGS (\Seen`,
	`FLAGS (\Answered $Forwarded-Long_Keyword9 NonJunk Abcdefghijklmnopq \Seen)`, `FLAGS (abcdefgh{ij)`, `FLAGS (\Abcdefgh@Xyz)`,
	`INTERNALDATE "17-Jul-2026 02:44:25 -0700"`, `INTERNALDATE " 7-jul-2026 02:44:25 +0000"`,
	`INTERNALDATE "7-Jul-2026 02:44:25 -0700"`, `INTERNALDATE "17-Jux-2026 02:44:25 -0700"`,
	`internaldate "17-JUL-2026 02:44:25 -0700"`, `INTERNALDATE NIL`,
	`ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`, `envelope NIL`,
	`BODY ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)`, `BODY[] "x"`, `BODY[TEXT]<0> "x"`, `BODY.PEEK[] "x"`,
	`BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)`, `bodystructure ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)`,
	"BODY[] {5}\r\nhello", "body[] {0}\r\n", "BODY[] {5}\r\nhel\x00o", "BODY[] {6}\r\nhello", "BODY[] {5+}\r\nhello",
	"BODY[] {99999999999999999999}\r\n", "BODY[] {999999999999999999}\r\n", "BODY[] ~{5}\r\nhello", "BODY[] {5}\nhello",
	"BODY[] {}\r\n", `BODY[] "x"`, "BODY[] NIL", "BODY[]<0> {1}\r\nx",
	`BINARY.SIZE[1] 5`, `MODSEQ (5)`, `RFC822 "x"`, `RFC822.HEADER "x"`, `X-ITEM 5`, `UIDX 5`, `FLAGSX ()`,
}

// TestFastItemsMatchGeneral checks fastItem against
// fetchItemName and fetchValue on the seeds and their mutants (an octet
// replaced, the item cut short), strict and lenient: a name or value the
// fast readers take, the general ones must read to the same kind and end,
// with no violation.
func TestFastItemsMatchGeneral(t *testing.T) {
	small := Limits{MaxLiteral: 4}.Resolved()
	check := func(item []byte) {
		b := append(append([]byte(nil), item...), " UID 1)\r\n"...)
		if _, p, _ := fastItem(b, 0, &defaultLimits); p < 0 {
			return
		}
		for _, c := range []struct {
			lenient bool
			lim     *Limits
		}{{false, &defaultLimits}, {true, &defaultLimits}, {false, &small}} {
			lenient, lim := c.lenient, c.lim
			k, p, e := fastItem(b, 0, lim)
			var vs violations
			s := newScanner(b, 0, lim)
			s.lenient, s.vs = lenient, &vs
			var f FetchItem
			if err := fetchItemName(&s, &f); err != nil || f.Kind != k || s.p != p-1 || b[s.p] != ' ' {
				t.Fatalf("fastItem(%q) = %v, %d; fetchItemName: %v, %v, %d", b, k, p, err, f.Kind, s.p)
			}
			if e < 0 {
				continue
			}
			s.p = p
			if err := fetchValue(&s, f.Kind); err != nil || s.p != e || vs.n != 0 {
				t.Fatalf("fastItem(%q) value end %d; fetchValue (lenient %v): %v, %d, %d violations", b, e, lenient, err, s.p, vs.n)
			}
		}
	}
	taken := 0
	for _, seed := range fastItemSeeds {
		v := []byte(seed)
		if _, p, _ := fastItem(append(v, ')'), 0, &defaultLimits); p >= 0 {
			taken++
		}
		check(v)
		m := make([]byte, len(v))
		for at := 0; at < len(v); at++ {
			// The octet that folds to the same under |0x20 is among them.
			for _, c := range []byte(" )(\"\\0-:+x\r\n\x00\x80" + string(v[at]^0x20)) {
				copy(m, v)
				m[at] = c
				check(m)
			}
			check(v[:at])
		}
	}
	if taken < len(fastItemSeeds)/2 {
		t.Errorf("fastItem took only %d of %d seeds", taken, len(fastItemSeeds))
	}
}

// TestQuotedStops checks quotedStops against a per-octet test: the lowest
// set bit of its mask must mark the first DQUOTE, backslash or octet below
// 0x0e, for every octet value at every position, behind plain octets and
// behind octets that borrow.
func TestQuotedStops(t *testing.T) {
	stops := func(c byte) bool { return c == '"' || c == '\\' || c < 0x0e }
	for _, fill := range []byte{'a', 0x0e, 0x23, 0x5d, 0xff, 0x80} {
		for k := 0; k < 8; k++ {
			for v := 0; v < 256; v++ {
				for _, after := range []byte{'a', 0, '"', '\\', 0x01} {
					var w [8]byte
					for i := range w {
						w[i] = fill
					}
					w[k] = byte(v)
					for i := k + 1; i < 8; i++ {
						w[i] = after
					}
					want := 8
					for i, c := range w {
						if stops(c) {
							want = i
							break
						}
					}
					got := 8
					if m := quotedStops(binary.LittleEndian.Uint64(w[:])); m != 0 {
						got = bits.TrailingZeros64(m) >> 3
					}
					if got != want {
						t.Fatalf("quotedStops(% x) stops at %d, want %d", w, got, want)
					}
				}
			}
		}
	}
}

// TestLetterStops checks letterStops against a per-octet test: every
// octet's bit must tell exactly whether it is an ASCII letter, for every
// octet value at every position, among letters and among octets of each
// kind around them (those that carry, 0xff and 0x80, included).
func TestLetterStops(t *testing.T) {
	letter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	for _, fill := range []byte{'a', 'Z', '@', '[', '`', '{', 0x7f, 0xff, 0x80, 0xc1, 0} {
		for k := 0; k < 8; k++ {
			for v := 0; v < 256; v++ {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[k] = byte(v)
				m := letterStops(binary.LittleEndian.Uint64(w[:]))
				for i, c := range w {
					if got := m>>(8*i)&0xff != 0; got == letter(c) || m>>(8*i)&0x7f != 0 {
						t.Fatalf("letterStops(% x) = %016x: octet %d (%#x) marked %v", w, m, i, c, got)
					}
				}
			}
		}
	}
}

// TestIsMonth checks isMonth against monthOf on every three octets made
// of letters in both cases and their neighbours.
func TestIsMonth(t *testing.T) {
	alphabet := []byte("aAbBcCdDeEfFgGjJlLmMnNoOpPrRsStTuUvVyY@`{[\x01\x00")
	for _, x := range alphabet {
		for _, y := range alphabet {
			for _, z := range alphabet {
				m := []byte{x, y, z}
				if got, want := isMonth(uint32(x)|uint32(y)<<8|uint32(z)<<16), monthOf(m) != 0; got != want {
					t.Fatalf("isMonth(%q) = %v, monthOf says %v", m, got, want)
				}
			}
		}
	}
}

// TestFastItemTakes checks that fastItem takes, name and value, the common
// forms it exists for: a fast reader that gives up on them passes every
// differential test while it costs the general path's time.
func TestFastItemTakes(t *testing.T) {
	for _, item := range []string{
		"UID 1", "UID 123456789", "uid 42", "RFC822.SIZE 0", "RFC822.SIZE 123456789012345678",
		"FLAGS ()", `FLAGS (\Seen)`, `FLAGS (\Seen \Answered $Forwarded)`,
		`INTERNALDATE "17-Jul-2026 02:44:25 -0700"`, `INTERNALDATE " 7-jul-2026 02:44:25 +0000"`,
		`INTERNALDATE "31-DEC-1999 23:59:59 +1400"`, "BODY[] {5}\r\nhello", "body[] {0}\r\n",
	} {
		b := append([]byte(item), " UID 1)\r\n"...)
		if _, p, e := fastItem(b, 0, &defaultLimits); p < 0 || e != len(item) {
			t.Errorf("fastItem(%q) = at %d, end %d; want the end at %d", item, p, e, len(item))
		}
	}
}
