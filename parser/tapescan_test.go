package parser

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// tapeScanChecker runs a value through tapeScan and through tapeScanAny
// with the kernels on (the assembly loop where it is built), and reports
// any difference: the same end and count, and on success the same
// entries. A value is run alone and after and before other octets, so
// that its elements are read from b itself and from the tail copy at
// every distance from b's end, with the record empty, partly and nearly
// full, and at several depth limits.
type tapeScanChecker struct {
	goRec, kRec listSpans
	buf         []byte
	accepted    int
	// quick runs a value at two places and two limits only, for the
	// many mutants.
	quick bool
}

// tapePads are where check places a value: octets before it, and octets
// after it (from checkTrailer).
var tapePads = []struct{ before, after int }{{0, 0}, {5, 64}, {3, 1}, {0, 31}, {2, 127}}

// tapeLimits are the depth limits and record fills check runs a value
// with.
var tapeLimits = []struct{ depth, pre int }{{100, 0}, {2, 3}, {100, 509}, {100, 510}, {3, 480}}

// check runs v through both scans and returns the first difference. The
// caller turns the kernels on (setKernels).
func (c *tapeScanChecker) check(v []byte, env bool) string {
	st := uint(stBodyStart)
	if env {
		st = stEnvDate
	}
	pads, lims := tapePads, tapeLimits
	if c.quick {
		pads, lims = pads[:2], lims[:2]
	}
	for _, pad := range pads {
		c.buf = append(c.buf[:0], strings.Repeat("x", pad.before)...)
		c.buf = append(c.buf, v...)
		c.buf = append(c.buf, checkTrailer[:min(pad.after, len(checkTrailer))]...)
		for len(c.buf) < pad.before+len(v)+pad.after {
			c.buf = append(c.buf, ' ')
		}
		b := c.buf
		for _, lim := range lims {
			{
				depth, pre := lim.depth, lim.pre
				c.goRec.n, c.kRec.n = pre, pre
				p1, n1 := tapeScan(b, pad.before, &c.goRec, st, depth)
				p2, n2 := tapeScanAny(b, pad.before, &c.kRec, st, depth)
				if p1 >= 0 {
					c.accepted++
				}
				if p1 != p2 || n1 != n2 || p1 >= 0 && !slices.Equal(c.goRec.span[pre:n1], c.kRec.span[pre:n2]) {
					return fmt.Sprintf("%q (at %d, depth %d, %d entries before): kernel %d %d %v, tapeScan %d %d %v",
						b, pad.before, depth, pre, p2, n2, c.kRec.span[pre:max(n2, pre)], p1, n1, c.goRec.span[pre:max(n1, pre)])
				}
			}
		}
	}
	return ""
}

// tapeStrings are quoted-string contents around the kernel's reads: every
// length near 32 and 64 octets, the octets that end a plain string (and
// their neighbours in the table's low nibbles) at the start, the middle
// and the end, control octets that do not end one, 8-bit octets.
func tapeStrings() []string {
	var out []string
	for n := 0; n <= 100; n++ {
		if n > 40 && n%7 != 0 && n != 63 && n != 64 && n != 65 {
			continue
		}
		out = append(out, strings.Repeat("a", n))
	}
	odd := []string{"\x00", "\r", "\n", "\\", "\"", "\x01", "\x0b", "\x0c", "\x0e", "\x12", "\x2a", "\x3a", "\x4c", "\x4d", "\x5a", "\x5d", "\x80", "\x82", "\xa2", "\xdc", "\xff", "\t"}
	for _, o := range odd {
		for _, at := range []int{0, 1, 7, 8, 15, 16, 30, 31, 32, 33, 40, 63, 64, 70} {
			out = append(out, strings.Repeat("b", at)+o+"cd")
		}
	}
	return out
}

// tapeValues builds envelopes and bodies from tapeStrings and random
// elements, some broken.
func tapeValues(r *rand.Rand) (vals []string, env []bool) {
	strs := tapeStrings()
	q := func() string { return `"` + strs[r.IntN(len(strs))] + `"` }
	for _, s := range strs {
		vals = append(vals, `(NIL "`+s+`" NIL NIL NIL NIL NIL NIL NIL "x")`)
		env = append(env, true)
		vals = append(vals, `("`+s+`" "PLAIN" NIL NIL NIL "7BIT" 1 1)`)
		env = append(env, false)
		vals = append(vals, `("TEXT" "PLAIN" ("`+s+`" "`+s+`") NIL NIL "7BIT" 12 3)`)
		env = append(env, false)
	}
	for _, typ := range []string{"TEXT", "text", "TeXt", "TEXTS", "TEX", "MESSAGE", "message", "MESSAGES", "MESSAG", "\x14EXT", "MESSAGE\x01", "T\x01XT", "IMAGE", "APPLICATION"} {
		vals = append(vals, `("`+typ+`" "PLAIN" NIL NIL NIL "7BIT" 1 1)`, `("`+typ+`" "PLAIN" NIL NIL NIL "7BIT" 1)`)
		env = append(env, false, false)
	}
	nums := []string{"0", "1", "12345678", "123456789", "1234567890", "01", "9x", "1(", "99999999)"}
	for range 1000 {
		var b strings.Builder
		isEnv := r.IntN(2) == 0
		if isEnv {
			b.WriteString("(")
			for i := 0; i < 10; i++ {
				if i > 0 {
					b.WriteString(" ")
				}
				switch {
				case i >= 2 && i < 8 && r.IntN(2) == 0:
					b.WriteString("(")
					for k := r.IntN(3); k >= 0; k-- {
						fmt.Fprintf(&b, "(%s NIL %s %s)", q(), q(), q())
					}
					b.WriteString(")")
				case r.IntN(3) == 0:
					b.WriteString("NIL")
				default:
					b.WriteString(q())
				}
			}
			b.WriteString(")")
		} else {
			part := func() string {
				return fmt.Sprintf(`(%s %s (%s %s) NIL %s %s %s %s NIL NIL NIL NIL)`, []string{`"TEXT"`, `"IMAGE"`, q()}[r.IntN(3)], q(), q(), q(), q(), q(), nums[r.IntN(len(nums))], nums[r.IntN(len(nums))])
			}
			b.WriteString("(")
			for k := r.IntN(3); k >= 0; k-- {
				b.WriteString(part())
			}
			fmt.Fprintf(&b, ` %s ("BOUNDARY" %s) NIL NIL NIL)`, q(), q())
		}
		vals = append(vals, b.String())
		env = append(env, isEnv)
	}
	return vals, env
}

// TestTapeScanKernelMatches holds tapeScanAny with the kernels (the
// assembly loop) to tapeScan: every ENVELOPE and BODY value at hand
// (tables, corpus, benchmark) and mutants of them (an octet replaced,
// inserted, deleted, the value cut short), and values built around the
// kernel's reads (tapeValues), each at several places in b, record fills
// and depth limits.
func TestTapeScanKernelMatches(t *testing.T) {
	setKernels(t, true)
	vals, isEnv := envBodyValues(t)
	r := rand.New(rand.NewPCG(21, 22))
	more, moreEnv := tapeValues(r)
	for i := range more {
		vals, isEnv = append(vals, []byte(more[i])), append(isEnv, moreEnv[i])
	}
	var c tapeScanChecker
	n, took := 0, 0
	for i, v := range vals {
		c.quick = false
		if d := c.check(v, isEnv[i]); d != "" {
			t.Fatal(d)
		}
		c.quick = true
		c.goRec.n = 0
		if p, _ := tapeScan(v, 0, &c.goRec, map[bool]uint{true: stEnvDate, false: stBodyStart}[isEnv[i]], 100); p >= 0 {
			took++
		}
		n++
		step := 1 + len(v)/4
		switch {
		case i%50 == 0:
			step = 1
		case i%4 != 0:
			continue
		}
		m := make([]byte, len(v))
		for at := 0; at < len(v); at += step {
			for _, o := range []byte(" )(\"Nn\\09x\t\r\n\x00\x80") {
				copy(m, v)
				m[at] = o
				if d := c.check(m, isEnv[i]); d != "" {
					t.Fatal(d)
				}
			}
			ins := append(append(append([]byte(nil), v[:at]...), "( \""[at%3]), v[at:]...)
			del := append(append([]byte(nil), v[:at]...), v[at+1:]...)
			for _, w := range [][]byte{ins, del, v[:at]} {
				if d := c.check(w, isEnv[i]); d != "" {
					t.Fatal(d)
				}
			}
			n += 19
		}
	}
	if took < len(vals)/4 {
		t.Errorf("tapeScan took only %d of the %d values before mutation", took, len(vals))
	}
	t.Logf("%d values (%d before mutation, %d of them taken), %d scans accepted", n, len(vals), took, c.accepted)
}

// FuzzTapeScanKernel holds tapeScanAny with the kernels to tapeScan on any
// bytes, as an ENVELOPE and as a BODY.
func FuzzTapeScanKernel(f *testing.F) {
	f.Add([]byte(fetchMessage(7, 0)[strings.Index(fetchMessage(7, 0), "ENVELOPE ")+9:]), true)
	f.Add([]byte(fetchMessage(7, 0)[strings.Index(fetchMessage(7, 0), "BODYSTRUCTURE ")+14:]), false)
	for _, c := range fastTakes {
		f.Add([]byte(c.val), c.env)
	}
	f.Fuzz(func(t *testing.T, data []byte, env bool) {
		setKernels(t, true)
		var c tapeScanChecker
		if d := c.check(data, env); d != "" {
			t.Fatal(d)
		}
	})
}
