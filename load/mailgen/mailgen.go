// Package mailgen generates realistic RFC 5322 messages for load tests: the
// bodies that imapstress APPENDs and that fill the embedded target server's
// mailboxes, so that FETCH BODYSTRUCTURE, ENVELOPE and SEARCH do real work.
//
// The messages vary the way a desktop mailbox does: plain text, multipart/
// alternative with an HTML part, multipart/mixed with base64 attachments,
// forwarded message/rfc822, RFC 2047 encoded words in headers, group
// addresses, and sizes from a few hundred bytes to a few hundred kilobytes.
// They are deterministic for a seed, so runs can be compared.
//
// It is not a MIME library: it writes well-formed messages and does not
// parse any.
package mailgen

import (
	"encoding/base64"
	"math/rand/v2"
	"strconv"
	"time"
)

// Generator produces messages from a seeded random source. A Generator is
// not safe for concurrent use; give each goroutine its own.
type Generator struct {
	rng *rand.Rand
	seq int
	// MaxSize bounds the size of attachments (before base64) in bytes; zero
	// means 256 KiB.
	MaxSize int
	// OneAddress makes every address field hold a single mailbox, no group
	// and no second address. go-imap v2's server writes ENVELOPE address
	// lists with a SP between addresses, which RFC 9051's grammar
	// (env-to = "(" 1*address ")") does not allow; the embedded target uses
	// this to stay clear of that bug.
	OneAddress bool
}

// New returns a Generator whose output depends only on seed.
func New(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

var (
	firstNames = []string{"Anna", "Bjørn", "Chloé", "Dmitri", "Eve", "François", "Grace", "Hiroshi", "Inés", "José", "Kasia", "Liam", "Mária", "Noor", "Olu", "Priya"}
	lastNames  = []string{"Andersen", "Baker", "Castro", "Dubois", "Erikson", "Fischer", "García", "Hansen", "Ivanova", "Jensen", "Kowalski", "López", "Müller", "Nakamura", "O'Brien", "Patel"}
	domains    = []string{"example.com", "example.org", "example.net", "mail.example", "corp.example.com"}
	subjects   = []string{
		"Quarterly report draft", "Re: lunch on Friday?", "Fwd: invoice #4471", "Meeting notes",
		"Your order has shipped", "Re: Re: build failure on main", "Weekly digest", "Holiday schedule",
		"Überprüfung der Rechnung", "Résumé et lettre de motivation", "会議の議事録", "Re: café à 10h",
	}
	words = []string{"the", "server", "mailbox", "message", "latency", "quarterly", "figures", "please",
		"review", "attached", "thanks", "regards", "tomorrow", "meeting", "release", "schedule",
		"customer", "budget", "draft", "final", "update", "question", "about", "project", "team"}
)

// Append appends one complete message, CRLF line endings, to dst and returns
// the extended slice. Successive calls give different messages.
func (g *Generator) Append(dst []byte) []byte {
	g.seq++
	shape := g.rng.IntN(10)
	date := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(g.rng.IntN(700*24*3600)) * time.Second)
	dst = g.headers(dst, date)
	switch {
	case shape < 3:
		dst = append(dst, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"...)
		dst = g.text(dst, 3+g.rng.IntN(30))
	case shape < 6:
		dst = g.alternative(dst, "alt"+strconv.Itoa(g.seq))
	case shape < 9:
		b := "mixed" + strconv.Itoa(g.seq)
		dst = append(dst, "Content-Type: multipart/mixed; boundary=\""...)
		dst = append(dst, b...)
		dst = append(dst, "\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n--"...)
		dst = append(dst, b...)
		dst = append(dst, "\r\n"...)
		dst = g.alternative(dst, "alt"+strconv.Itoa(g.seq))
		for n := 1 + g.rng.IntN(2); n > 0; n-- {
			dst = append(dst, "\r\n--"...)
			dst = append(dst, b...)
			dst = append(dst, "\r\n"...)
			dst = g.attachment(dst)
		}
		dst = append(dst, "\r\n--"...)
		dst = append(dst, b...)
		dst = append(dst, "--\r\n"...)
	default:
		b := "fwd" + strconv.Itoa(g.seq)
		dst = append(dst, "Content-Type: multipart/mixed; boundary="...)
		dst = append(dst, b...)
		dst = append(dst, "\r\n\r\n--"...)
		dst = append(dst, b...)
		dst = append(dst, "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nForwarding the message below.\r\n\r\n--"...)
		dst = append(dst, b...)
		dst = append(dst, "\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n"...)
		dst = g.headers(dst, date.Add(-time.Hour))
		dst = append(dst, "Content-Type: text/plain; charset=utf-8\r\n\r\n"...)
		dst = g.text(dst, 5)
		dst = append(dst, "\r\n--"...)
		dst = append(dst, b...)
		dst = append(dst, "--\r\n"...)
	}
	return dst
}

func (g *Generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// address appends a mailbox: a display name (encoded when not ASCII) and an
// addr-spec.
func (g *Generator) address(dst []byte) []byte {
	first, last := g.pick(firstNames), g.pick(lastNames)
	name := first + " " + last
	if isASCII(name) {
		dst = append(dst, '"')
		for i := 0; i < len(name); i++ {
			if name[i] == '"' || name[i] == '\\' {
				dst = append(dst, '\\')
			}
			dst = append(dst, name[i])
		}
		dst = append(dst, '"')
	} else {
		dst = encodedWord(dst, name, g.rng.IntN(2) == 0)
	}
	dst = append(dst, " <"...)
	for _, s := range []string{first, ".", last} {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x80 && c != '\'' {
				dst = append(dst, lower(c))
			}
		}
	}
	dst = append(dst, '@')
	dst = append(dst, g.pick(domains)...)
	return append(dst, '>')
}

func (g *Generator) headers(dst []byte, date time.Time) []byte {
	dst = append(dst, "Return-Path: <bounce-"...)
	dst = strconv.AppendInt(dst, int64(g.seq), 10)
	dst = append(dst, "@lists.example.org>\r\nReceived: from mx.example.org (mx.example.org [192.0.2.25])\r\n\tby imap.example.com with ESMTPS id "...)
	dst = strconv.AppendUint(dst, g.rng.Uint64(), 36)
	dst = append(dst, "\r\n\tfor <user@example.com>; "...)
	dst = date.AppendFormat(dst, time.RFC1123Z)
	dst = append(dst, "\r\nDate: "...)
	dst = date.AppendFormat(dst, time.RFC1123Z)
	dst = append(dst, "\r\nFrom: "...)
	dst = g.address(dst)
	dst = append(dst, "\r\nTo: "...)
	shape := g.rng.IntN(4)
	if g.OneAddress {
		shape = 2
	}
	switch shape {
	case 0:
		dst = append(dst, "undisclosed-recipients:;"...)
	case 1:
		dst = append(dst, "Project team: "...)
		dst = g.address(dst)
		dst = append(dst, ", "...)
		dst = g.address(dst)
		dst = append(dst, ';')
	default:
		dst = g.address(dst)
	}
	if g.rng.IntN(3) == 0 {
		dst = append(dst, "\r\nCc: "...)
		dst = g.address(dst)
		if !g.OneAddress {
			dst = append(dst, ",\r\n "...)
			dst = g.address(dst)
		}
	}
	dst = append(dst, "\r\nSubject: "...)
	if s := g.pick(subjects); isASCII(s) {
		dst = append(dst, s...)
	} else {
		dst = encodedWord(dst, s, g.rng.IntN(2) == 0)
	}
	dst = append(dst, "\r\nMessage-ID: <"...)
	dst = strconv.AppendUint(dst, g.rng.Uint64(), 36)
	dst = append(dst, '.')
	dst = strconv.AppendInt(dst, int64(g.seq), 10)
	dst = append(dst, "@example.com>\r\n"...)
	if g.rng.IntN(2) == 0 {
		dst = append(dst, "In-Reply-To: <"...)
		dst = strconv.AppendUint(dst, g.rng.Uint64(), 36)
		dst = append(dst, "@example.org>\r\nReferences: <"...)
		dst = strconv.AppendUint(dst, g.rng.Uint64(), 36)
		dst = append(dst, "@example.org>\r\n"...)
	}
	if g.rng.IntN(4) == 0 {
		dst = append(dst, "List-Id: Weekly digest <digest.lists.example.org>\r\nList-Unsubscribe: <mailto:unsubscribe@lists.example.org>\r\n"...)
	}
	return append(dst, "MIME-Version: 1.0\r\n"...)
}

// text appends lines of prose, each under 78 characters.
func (g *Generator) text(dst []byte, lines int) []byte {
	for ; lines > 0; lines-- {
		n := 0
		for n < 60 {
			w := g.pick(words)
			dst = append(dst, w...)
			dst = append(dst, ' ')
			n += len(w) + 1
		}
		dst = append(dst, "\r\n"...)
	}
	return dst
}

func (g *Generator) alternative(dst []byte, boundary string) []byte {
	lines := 3 + g.rng.IntN(40)
	dst = append(dst, "Content-Type: multipart/alternative; boundary=\""...)
	dst = append(dst, boundary...)
	dst = append(dst, "\"\r\n\r\n--"...)
	dst = append(dst, boundary...)
	dst = append(dst, "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"...)
	dst = g.text(dst, lines)
	dst = append(dst, "Caf=C3=A9 =E2=80=94 see you there.\r\n\r\n--"...)
	dst = append(dst, boundary...)
	dst = append(dst, "\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>\r\n"...)
	for i := 0; i < lines; i++ {
		dst = append(dst, "<p>"...)
		dst = g.text(dst, 1)
		dst = append(dst, "</p>\r\n"...)
	}
	dst = append(dst, "</body></html>\r\n\r\n--"...)
	dst = append(dst, boundary...)
	return append(dst, "--\r\n"...)
}

var attachmentTypes = [][2]string{
	{"application/pdf", "report.pdf"},
	{"image/png", "screenshot.png"},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "figures.xlsx"},
	{"application/zip", "logs.zip"},
}

// attachment appends one base64 body part whose size follows a long-tailed
// distribution: mostly a few KiB, sometimes up to MaxSize.
func (g *Generator) attachment(dst []byte) []byte {
	max := g.MaxSize
	if max <= 0 {
		max = 256 << 10
	}
	size := 512 << g.rng.IntN(10) // 512 B .. 256 KiB, each octave equally likely
	size += g.rng.IntN(size)
	size = min(size, max)
	t := attachmentTypes[g.rng.IntN(len(attachmentTypes))]
	dst = append(dst, "Content-Type: "...)
	dst = append(dst, t[0]...)
	dst = append(dst, "; name=\""...)
	dst = append(dst, t[1]...)
	dst = append(dst, "\"\r\nContent-Disposition: attachment; filename=\""...)
	dst = append(dst, t[1]...)
	dst = append(dst, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"...)
	var raw [57]byte // 57 bytes encode to one 76-character line
	var line [76]byte
	for size > 0 {
		n := min(size, len(raw))
		for i := 0; i < n; i++ {
			raw[i] = byte(g.rng.Uint32())
		}
		base64.StdEncoding.Encode(line[:], raw[:n])
		dst = append(dst, line[:base64.StdEncoding.EncodedLen(n)]...)
		dst = append(dst, "\r\n"...)
		size -= n
	}
	return dst
}

// encodedWord appends s as one RFC 2047 encoded word, B or Q encoding.
func encodedWord(dst []byte, s string, b bool) []byte {
	dst = append(dst, "=?UTF-8?"...)
	if b {
		dst = append(dst, "B?"...)
		dst = base64.StdEncoding.AppendEncode(dst, []byte(s))
		return append(dst, "?="...)
	}
	const hex = "0123456789ABCDEF"
	dst = append(dst, "Q?"...)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			dst = append(dst, '_')
		case c >= 0x80 || c == '=' || c == '?' || c == '_' || c < 0x20:
			dst = append(dst, '=', hex[c>>4], hex[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, "?="...)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
