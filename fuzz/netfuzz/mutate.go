package netfuzz

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/imapstress/imapstress/corpus"
)

// generator makes fuzz inputs from the corpus' command seeds. It is
// read-only after newGenerator, so workers share one; each input draws from
// its own random source, so input n is the same for a given seed whatever
// the number of workers.
type generator struct {
	seeds  [][]byte // one or more commands each, as in corpus/commands
	names  [][]byte // command names seen in the seeds
	args   [][]byte // arguments seen in the seeds, for splicing
	states []State
}

// skipSeed reports seeds that change the byte stream itself, after which
// nothing the oracle sees means anything: STARTTLS and COMPRESS.
func skipSeed(name string, data []byte) bool {
	n := commandName(data)
	return strings.Contains(name, "starttls") || strings.Contains(name, "compress") || n == "STARTTLS" || n == "COMPRESS"
}

func newGenerator(states []State) *generator {
	g := &generator{states: states}
	seen := map[string]bool{}
	for _, s := range corpus.Seeds(corpus.Commands) {
		if skipSeed(s.Name(), s.Data) || len(s.Data) > 64<<10 {
			continue
		}
		g.seeds = append(g.seeds, s.Data)
		c := splitCommand(s.Data)
		if n := string(c.name); n != "" && !seen[n] {
			seen[n] = true
			g.names = append(g.names, c.name)
		}
		for _, a := range c.args {
			if len(a) < 512 {
				g.args = append(g.args, a)
			}
		}
	}
	return g
}

// Values the mutators put where numbers, sequence sets and literal sizes go.
var (
	extremeNumbers = []string{"0", "1", "-1", "2147483647", "2147483648", "4294967295", "4294967296",
		"9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
		"99999999999999999999999999999999999999", "00000000000000000001", "1e9", "0x10"}
	extremeSets = []string{"*", "1:*", "*:1", "0", "0:*", "4294967295", "4294967295:4294967296", "1:4294967295",
		"$", "1,", ",1", "1,,2", ":", "1::2", "1:2:3", "**", "1:*,*:1,1,2,3", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
		strings.Repeat("1,", 2000) + "1", strings.Repeat("1:*,", 500) + "*"}
	specialBytes = []byte{0, '\r', '\n', '"', '\\', '{', '}', '(', ')', '[', ']', '*', '%', ' ', 0x7f, 0x80, 0xff, '+', '~', '<', '>'}
	literalSizes = []string{"0", "1", "4096", "4097", "65536", "2147483648", "4294967295", "4294967296",
		"9223372036854775807", "18446744073709551616", "99999999999999999999", "-1", ""}
	nestDepths = []int{2, 8, 49, 51, 63, 65, 200, 1000, 10000}
)

// generate returns input number n for the run seeded with seed.
func (g *generator) generate(seed, n uint64) Input {
	rng := rand.New(rand.NewPCG(seed, n))
	in := Input{State: g.states[rng.IntN(len(g.states))]}
	switch in.State {
	case InAppend:
		in.Writes = append(in.Writes, Write{Data: []byte(appendBody + "\r\n")})
	case InAuthenticate:
		in.Writes = append(in.Writes, Write{Data: []byte("AHVzZXIxAHBhc3M=\r\n")})
	}
	for range 1 + rng.IntN(4) {
		in.Writes = append(in.Writes, Write{Data: append([]byte(nil), g.seeds[rng.IntN(len(g.seeds))]...)})
	}
	for i := range in.Writes {
		in.Writes[i].Data = retag(in.Writes[i].Data, "F"+strconv.Itoa(i+1))
	}
	for range 1 + rng.IntN(4) {
		g.mutate(rng, &in)
	}
	return in
}

// appendBody is the message whose size the InAppend state announces; the
// first write of an InAppend input starts with it (unless mutated).
const appendBody = "Subject: f\r\n\r\nfuzz\r\n"

// retag replaces the tag of the first command in b.
func retag(b []byte, tag string) []byte {
	c := splitCommand(b)
	if c.name == nil {
		return b
	}
	c.tag = []byte(tag)
	return c.bytes()
}

// mutate applies one mutation, at the grammar level (on a write parsed as a
// command) or at the byte level.
func (g *generator) mutate(rng *rand.Rand, in *Input) {
	if len(in.Writes) == 0 {
		return
	}
	wi := rng.IntN(len(in.Writes))
	w := &in.Writes[wi]
	if rng.IntN(3) > 0 {
		c := splitCommand(w.Data)
		if c.name != nil && g.mutateCommand(rng, &c) {
			w.Data, w.Split = c.bytes(), 0
			return
		}
	}
	g.mutateBytes(rng, in, wi)
}

// mutateCommand applies one grammar-level mutation; false if it could not.
func (g *generator) mutateCommand(rng *rand.Rand, c *command) bool {
	n := len(c.args)
	switch rng.IntN(13) {
	case 0: // swap two arguments
		if n < 2 {
			return false
		}
		i, j := rng.IntN(n), rng.IntN(n)
		c.args[i], c.args[j] = c.args[j], c.args[i]
	case 1: // repeat an argument, a few or many times
		if n == 0 {
			return false
		}
		i := rng.IntN(n)
		k := []int{1, 2, 10, 1000}[rng.IntN(4)]
		extra := make([][]byte, k)
		for j := range extra {
			extra[j] = c.args[i]
		}
		c.args = append(c.args[:i+1:i+1], append(extra, c.args[i+1:]...)...)
	case 2: // drop an argument
		if n == 0 {
			return false
		}
		i := rng.IntN(n)
		c.args = append(c.args[:i:i], c.args[i+1:]...)
	case 3: // splice in an argument of another command
		a := g.args[rng.IntN(len(g.args))]
		i := rng.IntN(n + 1)
		c.args = append(c.args[:i:i], append([][]byte{a}, c.args[i:]...)...)
	case 4: // another command's name: the arguments in the wrong command
		c.name = g.names[rng.IntN(len(g.names))]
	case 5: // change a string's form
		if n == 0 {
			return false
		}
		i := rng.IntN(n)
		c.args[i] = reform(rng, c.args[i])
	case 6: // lie about a literal's size, or announce an extreme one
		if n == 0 {
			return false
		}
		i := rng.IntN(n)
		c.args[i] = lieLiteral(rng, c.args[i])
	case 7: // nest deeper
		if n == 0 {
			c.args = append(c.args, []byte("ALL"))
			n = 1
		}
		i := rng.IntN(n)
		d := nestDepths[rng.IntN(len(nestDepths))]
		c.args[i] = append(append(bytes.Repeat([]byte("("), d), c.args[i]...), bytes.Repeat([]byte(")"), d)...)
	case 8: // an extreme number in place of an argument or a number in it
		v := extremeNumbers[rng.IntN(len(extremeNumbers))]
		if n == 0 {
			c.args = append(c.args, []byte(v))
			return true
		}
		i := rng.IntN(n)
		c.args[i] = replaceNumber(rng, c.args[i], v)
	case 9: // an extreme sequence set
		v := []byte(extremeSets[rng.IntN(len(extremeSets))])
		if n == 0 {
			c.args = append(c.args, v)
			return true
		}
		c.args[rng.IntN(n)] = v
	case 10: // a special byte inside a quoted string
		if n == 0 {
			return false
		}
		i := rng.IntN(n)
		s := reformTo(c.args[i], formQuoted)
		p := 1 + rng.IntN(max(len(s)-1, 1))
		p = min(p, len(s))
		ch := specialBytes[rng.IntN(len(specialBytes))]
		c.args[i] = append(append(append([]byte(nil), s[:p]...), ch), s[p:]...)
	case 11: // a name with odd case or a UID prefix
		if rng.IntN(2) == 0 {
			c.name = bytes.ToLower(c.name)
		} else {
			c.name = append([]byte("UID "), c.name...)
		}
	default: // a long argument
		c.args = append(c.args, bytes.Repeat([]byte{"ax\"("[rng.IntN(4)]}, []int{100, 8192, 70000}[rng.IntN(3)]))
	}
	return true
}

const (
	formAtom = iota
	formQuoted
	formLiteral
	formLiteralPlus
	formLiteral8
)

// unstring returns the string value of an atom, quoted string or literal,
// as well as it can tell.
func unstring(a []byte) []byte {
	if len(a) >= 2 && a[0] == '"' && a[len(a)-1] == '"' {
		var out []byte
		for i := 1; i < len(a)-1; i++ {
			if a[i] == '\\' && i+1 < len(a)-1 {
				i++
			}
			out = append(out, a[i])
		}
		return out
	}
	s := a
	if len(s) > 0 && s[0] == '~' {
		s = s[1:]
	}
	if len(s) > 0 && s[0] == '{' {
		if _, data, ok := literalAt(s, 0); ok {
			return s[data:]
		}
	}
	return a
}

func reformTo(a []byte, form int) []byte {
	v := unstring(a)
	switch form {
	case formQuoted:
		out := []byte{'"'}
		for _, ch := range v {
			if ch == '"' || ch == '\\' {
				out = append(out, '\\')
			}
			out = append(out, ch)
		}
		return append(out, '"')
	case formLiteral:
		return append([]byte("{"+strconv.Itoa(len(v))+"}\r\n"), v...)
	case formLiteralPlus:
		return append([]byte("{"+strconv.Itoa(len(v))+"+}\r\n"), v...)
	case formLiteral8:
		return append([]byte("~{"+strconv.Itoa(len(v))+"}\r\n"), v...)
	}
	return append([]byte(nil), v...)
}

func reform(rng *rand.Rand, a []byte) []byte { return reformTo(a, rng.IntN(5)) }

// lieLiteral makes a an announced literal whose size is wrong or extreme.
func lieLiteral(rng *rand.Rand, a []byte) []byte {
	v := unstring(a)
	size := strconv.Itoa(len(v) + rng.IntN(3) - 1)
	if rng.IntN(2) == 0 {
		size = literalSizes[rng.IntN(len(literalSizes))]
	}
	plus := []string{"", "+", "-"}[rng.IntN(3)]
	return append([]byte("{"+size+plus+"}\r\n"), v...)
}

// replaceNumber replaces the first run of digits in a by v, or all of a.
func replaceNumber(rng *rand.Rand, a []byte, v string) []byte {
	i := bytes.IndexAny(a, "0123456789")
	if i < 0 || rng.IntN(4) == 0 {
		return []byte(v)
	}
	j := i
	for j < len(a) && a[j] >= '0' && a[j] <= '9' {
		j++
	}
	return append(append(append([]byte(nil), a[:i]...), v...), a[j:]...)
}

// mutateBytes applies one byte-level mutation to write wi.
func (g *generator) mutateBytes(rng *rand.Rand, in *Input, wi int) {
	w := &in.Writes[wi]
	d := w.Data
	if len(d) == 0 {
		w.Data = []byte("\r\n")
		return
	}
	p := rng.IntN(len(d))
	switch rng.IntN(8) {
	case 0: // flip a bit
		d = append([]byte(nil), d...)
		d[p] ^= 1 << rng.IntN(8)
	case 1: // insert a special byte
		d = append(append(append([]byte(nil), d[:p]...), specialBytes[rng.IntN(len(specialBytes))]), d[p:]...)
	case 2: // truncate
		d = append([]byte(nil), d[:p]...)
	case 3: // delete a range
		q := min(len(d), p+1+rng.IntN(16))
		d = append(append([]byte(nil), d[:p]...), d[q:]...)
	case 4: // duplicate a range
		q := min(len(d), p+1+rng.IntN(32))
		d = append(append(append([]byte(nil), d[:q]...), d[p:q]...), d[q:]...)
	case 5: // split across TCP writes
		w.Split = p
		return
	case 6: // a pipelining burst: this write and the next in one
		if wi+1 < len(in.Writes) {
			d = append(append([]byte(nil), d...), in.Writes[wi+1].Data...)
			in.Writes = append(in.Writes[:wi+1], in.Writes[wi+2:]...)
			w = &in.Writes[wi]
		} else {
			d = bytes.Repeat(d, 1+rng.IntN(50))
		}
	default: // a bare line end or an empty line
		d = append(append([]byte(nil), d[:p]...), append([]byte([]string{"\r", "\n", "\r\n", "\r\r\n"}[rng.IntN(4)]), d[p:]...)...)
	}
	w.Data, w.Split = d, 0
}
