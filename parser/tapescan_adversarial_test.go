package parser

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// tapeFill fills a record with entries no scan writes (off and end
// 0x5a5a5a5a, next 0x3c3c3c3c, form 0xee), so that a comparison of whole
// records shows every entry a scan wrote.
func tapeFill(sp *[maxListSpans]tapeEntry) {
	for i := range sp {
		sp[i] = tapeEntry{off: 0x5a5a5a5a, end: 0x5a5a5a5a, next: 0x3c3c3c3c, form: 0xee}
	}
}

// tapeComparer runs one scan through tapeScan and through tapeScanAny (the
// assembly loop where the caller turned the kernels on) on records filled
// alike, and reports any difference in the results or, on success,
// anywhere in the records: the kernel writes exactly the entries tapeScan
// writes. On failure both may write only entries from the record's count
// up to the last but one (the one a full record keeps free).
type tapeComparer struct {
	goRec, kRec listSpans
	filled      *[maxListSpans]tapeEntry
	taken       int
	// upTo, when not 0, limits the records compared (and filled again
	// before each scan) to their first upTo entries, for the many short
	// values of TestTapeScanKernelStrings, whose scans record at most a
	// dozen; the other tests compare whole records.
	upTo int
}

func (c *tapeComparer) compare(b []byte, p int, st uint, depth, pre int) string {
	if c.filled == nil {
		c.filled = new([maxListSpans]tapeEntry)
		tapeFill(c.filled)
	}
	upTo := maxListSpans
	if c.upTo > 0 {
		upTo = c.upTo
	}
	g, k := c.goRec.span[:upTo], c.kRec.span[:upTo]
	copy(g, c.filled[:])
	copy(k, c.filled[:])
	c.goRec.n, c.kRec.n = pre, pre
	p1, n1 := tapeScan(b, p, &c.goRec, st, depth)
	p2, n2 := tapeScanAny(b, p, &c.kRec, st, depth)
	if p1 >= 0 {
		c.taken++
	}
	where := func() string {
		return fmt.Sprintf("%q at %d (state %d, depth %d, %d entries before)", b, p, st, depth, pre)
	}
	if p1 != p2 || n1 != n2 {
		return fmt.Sprintf("%s: kernel %d %d, tapeScan %d %d", where(), p2, n2, p1, n1)
	}
	if p1 < 0 {
		// A refused value's entries are not used (the general path
		// records the value again from the same count), and the two
		// loops give up at different points of an element (the kernel
		// may write the entry of a string it then refuses): both may
		// write only the entries from pre to the last but one.
		for i := range g {
			if i == pre {
				i = maxListSpans - 1
			}
			if i < len(g) && (k[i] != c.filled[i] || g[i] != c.filled[i]) {
				return fmt.Sprintf("%s: refused, but entry %d written: kernel %+v, tapeScan %+v", where(), i, k[i], g[i])
			}
			if i >= pre {
				break
			}
		}
		return ""
	}
	if !slices.Equal(g, k) {
		for i := range g {
			if g[i] != k[i] {
				return fmt.Sprintf("%s: results %d %d alike, entry %d differs: kernel %+v, tapeScan %+v", where(), p1, n1, i, k[i], g[i])
			}
		}
	}
	return ""
}

// tapeOdd are the octets placed in quoted strings: those that end a plain
// string (DQUOTE, backslash, NUL, CR, LF), the other controls, DEL, 8-bit
// octets and their neighbours in the kernel's PSHUFB table (same low
// nibble), and a UTF-8 sequence.
var tapeOdd = []string{"\"", "\\", "\x00", "\r", "\n", "\x01", "\x08", "\t", "\x0b", "\x0c",
	"\x0e", "\x1f", "\x7f", "\x80", "\x8a", "\xa2", "\xdc", "\xff", "\x2a", "\x4d", "\x6c", "é", "\"\"", "\\\""}

// TestTapeScanKernelStrings holds the kernel to tapeScan on quoted strings
// of every length from 0 to 80 with each of tapeOdd at every position,
// as an envelope's subject (followed by SP), its last field (followed by
// ")") and a body's media type (TEXT and MESSAGE are read there), with 0
// to 3, 30 to 34, 62 to 66 and 126 to 130 octets after the value, so
// that the string's octets and its end meet b's end and the kernel's tail
// copy (64 octets, 128 since 04e0147) at every distance.
func TestTapeScanKernelStrings(t *testing.T) {
	setKernels(t, true)
	c := tapeComparer{upTo: 32}
	trail := []int{0, 1, 2, 3, 30, 31, 32, 33, 34, 62, 63, 64, 65, 66, 126, 127, 128, 129, 130}
	buf := make([]byte, 0, 512)
	// Each string with an odd octet runs in two of the three places,
	// at b's very end and with one more trailer, turning through the
	// places and trail from string to string (the plain strings run
	// everywhere with all of trail): every trailer meets every length
	// and most positions of the odd octets, and the test stays short
	// under -race.
	turn := 0
	run := func(s string, all bool) {
		turn++
		trs := []int{0, trail[1+turn%(len(trail)-1)]}
		if all {
			trs = trail
		}
		for k, v := range []string{
			`(NIL "` + s + `" NIL NIL NIL NIL NIL NIL NIL NIL)`,
			`(NIL NIL NIL NIL NIL NIL NIL NIL NIL "` + s + `")`,
			`("` + s + `" "PLAIN" NIL NIL NIL "7BIT" 1 1)`,
		} {
			if !all && k == turn%3 {
				continue // two of the three places for each odd string
			}
			st := uint(stEnvDate)
			if k == 2 {
				st = stBodyStart
			}
			for _, tr := range trs {
				buf = append(append(buf[:0], v...), checkTrailer[:min(tr, len(checkTrailer))]...)
				for len(buf) < len(v)+tr {
					buf = append(buf, ' ')
				}
				if d := c.compare(buf, 0, st, 100, 0); d != "" {
					t.Fatal(d)
				}
			}
		}
	}
	for n := 0; n <= 80; n++ {
		run(strings.Repeat("a", n), true)
		for i := 0; i < n; i++ {
			for _, o := range tapeOdd {
				run(strings.Repeat("a", i)+o+strings.Repeat("b", n-i-1), false)
			}
		}
	}
	for _, s := range []string{"TEXT", "text", "tExT", "TEXt", "TEX", "TEXTT", "MESSAGE", "message", "MeSsAgE", "MESSAG", "MESSAGES", "\x14EXT", "t\x05xt", "MESS\x01GE", "mess`ge", "TEXT\x00"} {
		run(s, true)
	}
	if c.taken == 0 {
		t.Fatal("no string was taken: the comparisons prove nothing")
	}
}

// TestTapeScanKernelScalars holds the kernel to tapeScan on numbers of 1
// to 12 digits, NIL in every case and cut short, and the separators
// around elements: SP after "(" and before ")", two SPs, no SP, ")(" and
// ") (" where the grammar has and has not them, empty lists.
func TestTapeScanKernelScalars(t *testing.T) {
	setKernels(t, true)
	var c tapeComparer
	var vals []string
	var env []bool
	for d := 1; d <= 12; d++ {
		for _, sep := range []string{" ", ")", "x", "(", "\x00", "", "  ", ") "} {
			num := strings.Repeat("8", d)
			vals = append(vals, `("TEXT" "PLAIN" NIL NIL NIL "7BIT" `+num+sep+`3)`, `("TEXT" "PLAIN" NIL NIL NIL "7BIT" 3 `+num+sep,
				`("IMAGE" "GIF" NIL NIL NIL "BASE64" 0`+num[1:]+sep+`NIL)`)
			env = append(env, false, false, false)
		}
	}
	for _, n := range []string{"NIL", "nil", "NIl", "nIL", "Nil", "NI", "N", "NILL", "NIL(", "NIX", "MIL", "NUL", "nIl\x00", "N\x00L"} {
		for _, sep := range []string{" ", ")", "", "(", "  "} {
			vals = append(vals, `(`+n+sep+`"s" NIL NIL NIL NIL NIL NIL NIL NIL)`, `(NIL "s" NIL NIL NIL NIL NIL NIL NIL `+n+sep)
			env = append(env, true, true)
		}
	}
	for _, v := range []string{
		`( NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL)`, `(NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL )`,
		`(NIL  "s" NIL NIL NIL NIL NIL NIL NIL NIL)`, `(NIL"s" NIL NIL NIL NIL NIL NIL NIL NIL)`,
		`(NIL "s" (("a" NIL "b" "c")("d" NIL "e" "f")) NIL NIL NIL NIL NIL NIL NIL)`,
		`(NIL "s" (("a" NIL "b" "c") ("d" NIL "e" "f")) NIL NIL NIL NIL NIL NIL NIL)`,
		`(NIL "s" (( "a" NIL "b" "c")) NIL NIL NIL NIL NIL NIL NIL)`,
		`(NIL "s" (("a" NIL "b" "c" )) NIL NIL NIL NIL NIL NIL NIL)`,
		`(NIL "s" () NIL NIL NIL NIL NIL NIL NIL)`, `(NIL "s" (()) NIL NIL NIL NIL NIL NIL NIL)`,
		`()`, `(())`, `( )`, `((`, `(`, `)`, `))`, `(NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL))`,
		`(NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL)(`,
	} {
		vals = append(vals, v)
		env = append(env, true)
	}
	for _, v := range []string{
		`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED")`,
		`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED")`,
		`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)"MIXED")`, `(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)( "MIXED")`,
		`("TEXT" "PLAIN" () NIL NIL "7BIT" 1 1)`, `("TEXT" "PLAIN" ("A" "B")("C" "D") NIL "7BIT" 1 1)`,
		`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("INLINE" ("A" "B")) ("EN" "DE") "loc")`,
		`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("INLINE" ("A" "B"))("EN" "DE") "loc")`,
		`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("INLINE" ("A" "B")) ("EN" "DE") "loc" NIL)`,
		`("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 1 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) 1)`,
	} {
		vals = append(vals, v)
		env = append(env, false)
	}
	for i, v := range vals {
		st := uint(stBodyStart)
		if env[i] {
			st = stEnvDate
		}
		for _, tr := range []int{0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129} {
			b := []byte(v + strings.Repeat(" ", tr))
			for _, lim := range []struct{ depth, pre int }{{100, 0}, {1, 0}, {2, 0}, {1000, 0}, {100, 509}, {100, 510}, {100, 511}} {
				if d := c.compare(b, 0, st, lim.depth, lim.pre); d != "" {
					t.Fatal(d)
				}
			}
		}
	}
	if c.taken == 0 {
		t.Fatal("nothing was taken: the comparisons prove nothing")
	}
}

// tapeGen writes a list's elements and its ")" to b by a random walk of
// the shape automaton from state st, with lists at most depth deep: a
// value tapeScan takes from st, mostly (a budget of elements cut short
// leaves some open, and strings may hold odd octets).
type tapeGen struct {
	r      *rand.Rand
	b      []byte
	budget int
}

func (g *tapeGen) list(st uint, depth int) {
	afterList := false
	for k := 0; ; k++ {
		g.budget--
		closable := st >= stFirstClosable
		if closable && (g.budget < 0 || g.r.IntN(3) == 0) {
			g.b = append(g.b, ')')
			return
		}
		if g.budget < -40 {
			return
		}
		type opt struct{ sym, next int }
		var opts []opt
		for _, sym := range []int{symQuoted, symNIL, symNumber, symListIn, symAfterIn} {
			if (sym == symAfterIn) != afterList {
				continue
			}
			if (sym == symListIn || sym == symAfterIn) && depth <= 1 {
				continue
			}
			if nx := shapeNext[sym][st%shapeStates]; nx != 0 || sym == symQuoted && st == stBodyStart {
				opts = append(opts, opt{sym, int(nx)})
			}
		}
		if afterList && g.r.IntN(2) == 0 {
			// SP after the list instead: the next element as after SP.
			afterList = false
			g.b = append(g.b, ' ')
			k--
			continue
		}
		if len(opts) == 0 {
			// A dead end: some element anyway (the scan refuses it).
			g.b = append(g.b, " NIL)"[g.r.IntN(5):]...)
			return
		}
		o := opts[g.r.IntN(len(opts))]
		if k > 0 && !afterList {
			g.b = append(g.b, ' ')
		}
		afterList = false
		switch o.sym {
		case symQuoted:
			var s string
			switch g.r.IntN(6) {
			case 0:
				s = []string{"TEXT", "text", "MESSAGE", "IMAGE", "", "x"}[g.r.IntN(6)]
			case 1:
				s = strings.Repeat("m", g.r.IntN(80))
			case 2:
				s = strings.Repeat("z", g.r.IntN(40)) + tapeOdd[5+g.r.IntN(len(tapeOdd)-5)] + strings.Repeat("y", g.r.IntN(40))
			default:
				s = strings.Repeat("s", 1+g.r.IntN(12))
			}
			g.b = append(append(append(g.b, '"'), s...), '"')
			if st == stBodyStart {
				st = mediaTypeOf([]byte(s))
			} else {
				st = uint(o.next)
			}
		case symNIL:
			g.b = append(g.b, []string{"NIL", "nil", "Nil"}[g.r.IntN(3)]...)
			st = uint(o.next)
		case symNumber:
			g.b = append(g.b, fmt.Sprint(g.r.Uint32N(1000000000)>>g.r.IntN(30))...)
			st = uint(o.next)
		case symListIn, symAfterIn:
			g.b = append(g.b, '(')
			ret := symListRet
			if o.sym == symAfterIn {
				ret = symAfterRet
			}
			after := uint(shapeNext[ret][st%shapeStates])
			g.list(uint(o.next), depth-1)
			st = after
			afterList = true
		}
	}
}

// TestTapeScanKernelShapes holds the kernel to tapeScan from every state
// of the shape automaton (not only the two the callers start from) on
// values built by a random walk of the automaton from that state, nested
// up to 12 deep, and on mutants of them (an octet replaced by one of the
// separators, digits, N or a DQUOTE, or cut short), with the depth limit
// at 1, 2, the values' depth and above, and the record empty and nearly
// full.
func TestTapeScanKernelShapes(t *testing.T) {
	setKernels(t, true)
	var c tapeComparer
	g := tapeGen{r: rand.New(rand.NewPCG(77, 78))}
	lims := []struct{ depth, pre int }{{1, 0}, {2, 0}, {5, 0}, {13, 0}, {512, 0}, {100, 400}, {100, 500}, {100, 508}}
	mut := []byte(` )("N9\x00\\`)
	var m []byte
	for st := uint(0); st < shapeStates; st++ {
		for i := 0; i < 24; i++ {
			g.b = append(g.b[:0], '(')
			g.budget = 5 + g.r.IntN(80)
			g.list(st, 1+g.r.IntN(12))
			v := g.b
			for _, tr := range []int{0, 1, 33, 129} {
				b := append(append(m[:0], v...), strings.Repeat(" ", tr)...)
				for _, lim := range lims {
					if d := c.compare(b, 0, st, lim.depth, lim.pre); d != "" {
						t.Fatal(d)
					}
				}
			}
			for j := 0; j < 20 && len(v) > 1; j++ {
				at := 1 + g.r.IntN(len(v)-1)
				m = append(m[:0], v...)
				if j%4 == 0 {
					m = m[:at]
				} else {
					m[at] = mut[g.r.IntN(len(mut))]
				}
				if d := c.compare(m, 0, st, 100, 0); d != "" {
					t.Fatal(d)
				}
			}
		}
	}
	if c.taken < 500 {
		t.Fatalf("only %d scans taken: the walk builds too few valid values", c.taken)
	}
	t.Logf("%d scans taken", c.taken)
}

// TestTapeScanKernelCorpusRecords holds the kernel to tapeScan on every
// ENVELOPE and BODY value of the corpus and the tables (envBodyValues)
// and on one-octet mutants of them, comparing whole records (the
// existing TestTapeScanKernelMatches compares the entries from the
// record's count on).
func TestTapeScanKernelCorpusRecords(t *testing.T) {
	setKernels(t, true)
	vals, isEnv := envBodyValues(t)
	var c tapeComparer
	mut := []byte(` )("9\\`)
	m := make([]byte, 0, 4096)
	for i, v := range vals {
		st := uint(stBodyStart)
		if isEnv[i] {
			st = stEnvDate
		}
		if d := c.compare(v, 0, st, 100, 0); d != "" {
			t.Fatal(d)
		}
		step := 1 + len(v)/8
		for at := i % step; at < len(v); at += step {
			for _, o := range mut {
				m = append(m[:0], v...)
				m[at] = o
				if d := c.compare(m, 0, st, 100, 0); d != "" {
					t.Fatal(d)
				}
			}
		}
	}
	if c.taken < len(vals)/4 {
		t.Fatalf("only %d of %d values taken", c.taken, len(vals))
	}
}

// TestTapeScanKernelStringRuns holds the kernel to tapeScan on strings
// that follow a string within 64 octets of its first octet, where the
// kernel reads their ends from the first one's mask of stops (since
// 04e0147): a first string of 0 to 63 octets, then one whose closing
// DQUOTE falls 58 to 70 octets after the first one's opening (across the
// mask's end), plain or with a backslash, NUL, control or 8-bit octet at
// every position, then a third; as parameters of a body and as an
// address, with 0, 40 and 129 octets after the value (the strings in b
// and in the tail copy).
func TestTapeScanKernelStringRuns(t *testing.T) {
	setKernels(t, true)
	c := tapeComparer{upTo: 32}
	buf := make([]byte, 0, 512)
	run := func(s1, s2 string, tr int) {
		for k, v := range []string{
			`("TEXT" "PLAIN" ("` + s1 + `" "` + s2 + `" "k" "v") NIL NIL "7BIT" 1 1)`,
			`(NIL "s" (("` + s1 + `" "` + s2 + `" "m" "h")) NIL NIL NIL NIL NIL NIL NIL)`,
		} {
			st := uint(stBodyStart)
			if k == 1 {
				st = stEnvDate
			}
			buf = append(append(buf[:0], v...), strings.Repeat(" ", tr)...)
			if d := c.compare(buf, 0, st, 100, 0); d != "" {
				t.Fatal(d)
			}
		}
	}
	turn := 0
	for a := 0; a <= 63; a++ {
		s1 := strings.Repeat("a", a)
		for end := 58; end <= 70; end++ {
			n := end - a - 3 // the second string's length
			if n < 0 {
				continue
			}
			for _, tr := range []int{0, 40, 129} {
				run(s1, strings.Repeat("b", n), tr)
			}
			for j := 0; j < n; j++ {
				for _, o := range []string{"\\", "\x00", "\x01", "\x80", "\r"} {
					turn++
					run(s1, strings.Repeat("b", j)+o+strings.Repeat("c", n-j-1), []int{0, 40, 129}[turn%3])
				}
			}
		}
	}
	if c.taken == 0 {
		t.Fatal("nothing was taken: the comparisons prove nothing")
	}
}

// FuzzTapeScanKernelRecords holds the kernel to tapeScan on any bytes
// from any start, state of the automaton, depth limit and record fill,
// comparing whole records (tapeComparer).
func FuzzTapeScanKernelRecords(f *testing.F) {
	f.Add([]byte(`(NIL "s" (("a" NIL "b" "c")("d" NIL "e" "f")) NIL NIL NIL NIL NIL NIL NIL)`), uint16(0), uint8(stEnvDate), uint16(100), uint16(0))
	f.Add([]byte(`x(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("IMAGE" "PNG" NIL NIL NIL "BASE64" 9) "MIXED")`), uint16(1), uint8(stBodyStart), uint16(3), uint16(505))
	f.Add([]byte(`(("h" NIL "m" "h")("a" NIL "m" "h"))`), uint16(0), uint8(stAddrFirst), uint16(2), uint16(0))
	f.Add([]byte(`("CHARSET" "UTF-8" "NAME" "`+strings.Repeat("n", 70)+`")`), uint16(0), uint8(stParamKey), uint16(1), uint16(7))
	f.Fuzz(func(t *testing.T, b []byte, p uint16, st uint8, depth, pre uint16) {
		setKernels(t, true)
		var c tapeComparer
		if d := c.compare(b, int(p), uint(st)%shapeStates, int(depth)%600, int(pre)%maxListSpans); d != "" {
			t.Fatal(d)
		}
	})
}
