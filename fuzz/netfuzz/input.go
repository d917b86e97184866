package netfuzz

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/imapstress/imapstress/corpus"
)

// Input is one fuzz case: the state to reach, then the writes to send.
type Input struct {
	State  State
	Writes []Write
}

// Write is one write to the connection: usually one command, several for
// a pipelining burst, or any bytes at all after byte-level mutation.
type Write struct {
	Data []byte
	// Split, when between 1 and len(Data)-1, sends Data in two TCP writes
	// cut there, with a short pause between them.
	Split int
}

// Clone returns a deep copy.
func (in Input) Clone() Input {
	out := Input{State: in.State, Writes: make([]Write, len(in.Writes))}
	for i, w := range in.Writes {
		out.Writes[i] = Write{Data: append([]byte(nil), w.Data...), Split: w.Split}
	}
	return out
}

// Size is the number of bytes the input sends.
func (in Input) Size() int {
	n := 0
	for _, w := range in.Writes {
		n += len(w.Data)
	}
	return n
}

// Header lines of a finding's session file. Each is a comment line
// "# key: value"; the input writes are Go-quoted so that any byte survives.
const (
	hdrTitle    = "imapstress fuzz server finding"
	hdrClass    = "class: "
	hdrLocation = "location: "
	hdrState    = "state: "
	hdrDetail   = "detail: "
	hdrWrite    = "write: "
	hdrSplit    = "write split "
)

// MarshalFinding writes f as a session file: header comments that say what
// was found and hold the input, then the transcript's records.
func MarshalFinding(f *Finding) []byte {
	var b bytes.Buffer
	line := func(s string) { b.WriteString("# " + s + "\n") }
	line(hdrTitle)
	line(hdrClass + f.Class.String())
	line(hdrLocation + oneLine(f.Location))
	line(hdrState + f.Input.State.String())
	for _, l := range strings.Split(f.Detail, "\n") {
		line(hdrDetail + oneLine(l))
	}
	for _, w := range f.Input.Writes {
		if w.Split > 0 && w.Split < len(w.Data) {
			line(hdrSplit + strconv.Itoa(w.Split) + ": " + strconv.Quote(string(w.Data)))
		} else {
			line(hdrWrite + strconv.Quote(string(w.Data)))
		}
	}
	line("replay: imapstress fuzz replay FILE --addr HOST:PORT")
	b.WriteString("\n")
	b.Write(f.Transcript)
	return b.Bytes()
}

func oneLine(s string) string {
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}

// UnmarshalFinding reads the header of a session file written by
// MarshalFinding: class, location, state and input. The transcript is
// checked to be a valid session file.
func UnmarshalFinding(data []byte) (*Finding, error) {
	if _, err := corpus.ReadSession(data); err != nil {
		return nil, err
	}
	f := &Finding{Transcript: data}
	seen := false
	for n, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "# ") {
			if strings.HasPrefix(l, "C: ") || strings.HasPrefix(l, "S: ") {
				break
			}
			continue
		}
		l = strings.TrimSuffix(l[2:], "\r")
		var err error
		switch {
		case l == hdrTitle:
			seen = true
		case strings.HasPrefix(l, hdrClass):
			f.Class, err = ParseClass(l[len(hdrClass):])
		case strings.HasPrefix(l, hdrLocation):
			f.Location = l[len(hdrLocation):]
		case strings.HasPrefix(l, hdrState):
			f.Input.State, err = ParseState(l[len(hdrState):])
		case strings.HasPrefix(l, hdrDetail):
			if f.Detail != "" {
				f.Detail += "\n"
			}
			f.Detail += l[len(hdrDetail):]
		case strings.HasPrefix(l, hdrWrite):
			var s string
			s, err = strconv.Unquote(l[len(hdrWrite):])
			f.Input.Writes = append(f.Input.Writes, Write{Data: []byte(s)})
		case strings.HasPrefix(l, hdrSplit):
			rest := l[len(hdrSplit):]
			i := strings.Index(rest, ": ")
			if i < 0 {
				err = fmt.Errorf("want %q", "write split N: \"...\"")
				break
			}
			var w Write
			if w.Split, err = strconv.Atoi(rest[:i]); err == nil {
				var s string
				s, err = strconv.Unquote(rest[i+2:])
				w.Data = []byte(s)
			}
			f.Input.Writes = append(f.Input.Writes, w)
		}
		if err != nil {
			return nil, fmt.Errorf("netfuzz: finding file line %d: %v", n+1, err)
		}
	}
	if !seen {
		return nil, fmt.Errorf("netfuzz: not a finding file: no %q comment before the first record", "# "+hdrTitle)
	}
	return f, nil
}

// command is one command's first line cut into tag, name and arguments,
// forgivingly: any bytes split into something. rest holds the line end and
// everything after it.
type command struct {
	tag, name []byte
	args      [][]byte
	rest      []byte
}

// splitCommand cuts b into a command. Arguments are separated by SP at
// nesting depth 0; parentheses, brackets, quoted strings and literals
// (with their data) each stay within one argument.
func splitCommand(b []byte) command {
	var c command
	i := 0
	next := func() []byte {
		start := i
		depth := 0
		for i < len(b) {
			ch := b[i]
			switch {
			case ch == '"':
				i++
				for i < len(b) && b[i] != '"' && b[i] != '\n' {
					if b[i] == '\\' && i+1 < len(b) {
						i++
					}
					i++
				}
				if i < len(b) && b[i] == '"' {
					i++
				}
				continue
			case ch == '{':
				if n, end, ok := literalAt(b, i); ok {
					i = min(end+n, len(b))
					continue
				}
			case ch == '(' || ch == '[':
				depth++
			case (ch == ')' || ch == ']') && depth > 0:
				depth--
			case ch == '\r' || ch == '\n':
				if depth == 0 {
					return b[start:i]
				}
			case ch == ' ' && depth == 0:
				return b[start:i]
			}
			i++
		}
		return b[start:i]
	}
	c.tag = next()
	if i < len(b) && b[i] == ' ' {
		i++
		c.name = next()
		if bytes.EqualFold(c.name, []byte("UID")) && i < len(b) && b[i] == ' ' {
			i++
			n := next()
			c.name = append(append(append([]byte(nil), c.name...), ' '), n...)
		}
	}
	for i < len(b) && b[i] == ' ' {
		i++
		c.args = append(c.args, next())
	}
	c.rest = b[i:]
	return c
}

// literalAt reads a literal announcement "{n}", "{n+}" or "{n-}" CRLF at
// b[i] and returns n and the offset of the literal's data.
func literalAt(b []byte, i int) (n, data int, ok bool) {
	j := i + 1
	for j < len(b) && b[j] >= '0' && b[j] <= '9' && j-i < 10 {
		n = n*10 + int(b[j]-'0')
		j++
	}
	if j == i+1 || j >= len(b) {
		return 0, 0, false
	}
	if b[j] == '+' || b[j] == '-' {
		j++
	}
	if j+2 < len(b)+1 && j < len(b) && b[j] == '}' {
		j++
		if j+1 < len(b) && b[j] == '\r' && b[j+1] == '\n' {
			return n, j + 2, true
		}
		if j < len(b) && b[j] == '\n' {
			return n, j + 1, true
		}
	}
	return 0, 0, false
}

// bytes returns the command put back together.
func (c command) bytes() []byte {
	out := append([]byte(nil), c.tag...)
	if c.name != nil {
		out = append(append(out, ' '), c.name...)
	}
	for _, a := range c.args {
		out = append(append(out, ' '), a...)
	}
	return append(out, c.rest...)
}

// commandName returns the upper-case command name of b ("UID FETCH"), or
// "?" when b has none.
func commandName(b []byte) string {
	c := splitCommand(b)
	if len(c.name) == 0 || len(c.name) > 40 {
		return "?"
	}
	return strings.ToUpper(strconv.QuoteToASCII(string(c.name))[1 : len(strconv.QuoteToASCII(string(c.name)))-1])
}
