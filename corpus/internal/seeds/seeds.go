// Package seeds holds the generated part of the imapstress seed corpus as Go
// data: RFC examples, one seed per command, response type and FETCH item, the
// common extensions, and the hostile inputs for each known bug class.
//
// It is the single source of the files under corpus/commands, corpus/responses
// and corpus/sessions whose names do not start with a capture prefix
// (dovecot-, goimap-). cmd seedgen writes them; a test in package corpus checks
// that the files on disk equal what All returns, so the two cannot drift.
// Line ends are written by the helpers here (CRLF unless a seed says
// otherwise), never typed by hand.
//
// It is not a parser and does not judge the seeds: their expected outcome is
// carried by the file name prefix (bad-, lenient-, stress-), documented in
// corpus/README.md.
package seeds

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Seed is one generated corpus file.
type Seed struct {
	// Path is the slash-separated path below corpus/, such as
	// "responses/fetch-envelope.txt".
	Path string
	// Data is the file's exact content.
	Data []byte
}

// All returns every generated seed, sorted by path. Each call builds a fresh
// slice; the result is deterministic.
func All() []Seed {
	b := newBuilder()
	rfc3501(b)
	rfc9051(b)
	extensions(b)
	commandSeeds(b)
	responseSeeds(b)
	hostile(b)
	out := make([]Seed, 0, len(b.seeds))
	for _, s := range b.seeds {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// builder collects seeds, dropping exact duplicates within one folder (the
// first name wins) and making colliding names unique.
type builder struct {
	seeds   map[string]Seed
	content map[string]bool // folder + "\x00" + data
}

func newBuilder() *builder {
	return &builder{seeds: map[string]Seed{}, content: map[string]bool{}}
}

// add stores data under dir/name.txt unless the same bytes are already in
// dir. A taken name gets a numeric suffix.
func (b *builder) add(dir, name string, data []byte) {
	key := dir + "\x00" + string(data)
	if b.content[key] {
		return
	}
	b.content[key] = true
	base := dir + "/" + name
	path := base + ".txt"
	for i := 2; ; i++ {
		if _, taken := b.seeds[path]; !taken {
			break
		}
		path = base + "-" + strconv.Itoa(i) + ".txt"
	}
	b.seeds[path] = Seed{Path: path, Data: data}
}

// crlf joins lines, ending each with CRLF.
func crlf(lines ...string) string {
	var sb strings.Builder
	for _, l := range lines {
		sb.WriteString(l)
		sb.WriteString("\r\n")
	}
	return sb.String()
}

// lit renders a synchronizing literal: "{n}" CRLF and the bytes.
func lit(s string) string { return "{" + strconv.Itoa(len(s)) + "}\r\n" + s }

// litPlus renders a non-synchronizing literal (LITERAL+): "{n+}" CRLF and the bytes.
func litPlus(s string) string { return "{" + strconv.Itoa(len(s)) + "+}\r\n" + s }

// lit8 renders a literal8 (BINARY): "~{n}" CRLF and the bytes.
func lit8(s string) string { return "~{" + strconv.Itoa(len(s)) + "}\r\n" + s }

// cmd adds one command file: each line gets CRLF.
func (b *builder) cmd(name string, lines ...string) {
	b.add("commands", name, []byte(crlf(lines...)))
}

// resp adds one response file: each line gets CRLF.
func (b *builder) resp(name string, lines ...string) {
	b.add("responses", name, []byte(crlf(lines...)))
}

// raw adds a file of exactly these bytes, for inputs whose line ends are
// themselves the point (bare CR, bare LF, missing CRLF).
func (b *builder) raw(dir, name, data string) {
	b.add(dir, name, []byte(data))
}

// session adds a transcript under sessions/ and, unless the name marks it as
// hostile, every message in it as its own seed: each client command under
// commands/ (AUTHENTICATE and IDLE together with their continuation lines)
// and each server response under responses/, named after the session and the
// response's kind.
//
// comment is written as a "# " line at the top. Each record starts with
// "C: " or "S: "; it gets CRLF appended, and may hold literals (lit, litPlus,
// lit8) whose bytes then follow the announcing line verbatim, exactly as the
// session file format in corpus/README.md says.
func (b *builder) session(name, comment string, records ...string) {
	var file strings.Builder
	file.WriteString("# " + comment + "\n")
	for _, r := range records {
		if !strings.HasPrefix(r, "C: ") && !strings.HasPrefix(r, "S: ") {
			panic(fmt.Sprintf("seeds: session %s: record %q has no C:/S: prefix", name, r))
		}
		file.WriteString(r)
		file.WriteString("\r\n")
	}
	b.add("sessions", name, []byte(file.String()))
	if strings.HasPrefix(name, "bad-") || strings.HasPrefix(name, "stress-") || strings.HasPrefix(name, "lenient-") {
		return
	}
	b.splitSession(name, records)
}

// splitSession writes the messages of a valid transcript as single seeds.
func (b *builder) splitSession(name string, records []string) {
	var pending strings.Builder // a command that takes continuation lines
	pendingTag := ""
	flushCmd := func() {
		if pending.Len() == 0 {
			return
		}
		b.add("commands", name+"-"+commandKind(pending.String()), []byte(pending.String()))
		pending.Reset()
		pendingTag = ""
	}
	for _, r := range records {
		body := r[3:] + "\r\n"
		if r[0] == 'C' {
			if pendingTag != "" {
				pending.WriteString(body)
				continue
			}
			fields := strings.Fields(r[3:])
			if len(fields) >= 2 {
				verb := strings.ToUpper(fields[1])
				if verb == "AUTHENTICATE" || verb == "IDLE" {
					pending.WriteString(body)
					pendingTag = fields[0]
					continue
				}
			}
			b.add("commands", name+"-"+commandKind(body), []byte(body))
			continue
		}
		if pendingTag != "" {
			f := strings.Fields(r[3:])
			if len(f) > 0 && f[0] == pendingTag {
				flushCmd()
			}
		}
		b.add("responses", name+"-"+responseKind(r[3:]), []byte(body))
	}
	flushCmd()
}

// commandKind names a command line for a file name: "select", "uid-fetch".
func commandKind(line string) string {
	f := strings.Fields(line)
	if len(f) < 2 {
		return "continuation"
	}
	kind := f[1]
	if strings.EqualFold(kind, "UID") && len(f) > 2 {
		kind += "-" + f[2]
	}
	return sanitize(kind)
}

// responseKind names a response line for a file name: "untagged-ok-unseen",
// "fetch", "continuation", "tagged-ok-read-write".
func responseKind(line string) string {
	line, _, _ = strings.Cut(line, "\r\n")
	f := strings.Fields(line)
	if len(f) == 0 {
		return "continuation-empty"
	}
	var parts []string
	switch f[0] {
	case "+":
		return "continuation"
	case "*":
		f = f[1:]
		if len(f) > 0 && isNumber(f[0]) {
			f = f[1:]
		}
		if len(f) > 0 {
			switch strings.ToUpper(f[0]) {
			case "OK", "NO", "BAD", "BYE", "PREAUTH":
				parts = append(parts, "untagged")
			}
		}
	default:
		parts = append(parts, "tagged")
		f = f[1:]
	}
	if len(f) > 0 {
		parts = append(parts, f[0])
		if len(f) > 1 && strings.HasPrefix(f[1], "[") {
			parts = append(parts, strings.Trim(f[1], "[]"))
		}
	}
	return sanitize(strings.Join(parts, "-"))
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// sanitize lowercases s and keeps [a-z0-9.-], turning everything else into '-'.
func sanitize(s string) string {
	var sb strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.'
		if !ok {
			if !dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			dash = true
			continue
		}
		sb.WriteRune(c)
		dash = false
	}
	return strings.TrimRight(sb.String(), "-.")
}

// message joins the lines of an RFC 5322 message with CRLF.
func message(lines ...string) string { return crlf(lines...) }
