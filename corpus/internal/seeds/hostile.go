package seeds

import (
	"strconv"
	"strings"
)

func itoa(i int) string { return strconv.Itoa(i) }

// numbers returns " 1 2 ... n".
func numbers(n int) string {
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		sb.WriteByte(' ')
		sb.WriteString(strconv.Itoa(i))
	}
	return sb.String()
}

// repeatJoin joins item(0) ... item(n-1) with sep.
func repeatJoin(n int, sep string, item func(i int) string) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteString(sep)
		}
		sb.WriteString(item(i))
	}
	return sb.String()
}

// nest wraps inner in depth pairs of open and close.
func nest(open, close, inner string, depth int) string {
	return strings.Repeat(open, depth) + inner + strings.Repeat(close, depth)
}

// hostile adds the inputs for each bug class that broke real IMAP parsers.
// Prefixes (see corpus/README.md): bad- must be rejected by the strict parser
// with its default limits; lenient- is rejected in strict mode and accepted,
// with a named violation, in lenient mode; stress- is hostile but may be
// either accepted or refused with a limit error, and must never panic, hang
// or allocate without bound.
func hostile(b *builder) {
	const crlfEnd = "\r\n"

	// NUL, CR and LF inside a quoted string.
	b.raw("commands", "bad-quoted-nul", "a1 LOGIN \"fr\x00ed\" secret"+crlfEnd)
	b.raw("commands", "bad-quoted-bare-cr", "a1 LOGIN \"fr\red\" secret"+crlfEnd)
	b.raw("commands", "bad-quoted-bare-lf", "a1 LOGIN \"fr\ned\" secret"+crlfEnd)
	b.raw("commands", "bad-atom-nul", "a1 SELECT IN\x00BOX"+crlfEnd)
	b.raw("commands", "bad-tag-nul", "a\x001 NOOP"+crlfEnd)
	b.raw("responses", "bad-quoted-nul-list", "* LIST () \"/\" \"INBOX\x00evil\""+crlfEnd)
	b.raw("responses", "bad-quoted-nul-envelope", "* 1 FETCH (ENVELOPE (\"date\x00\" NIL NIL NIL NIL NIL NIL NIL NIL NIL))"+crlfEnd)
	b.raw("responses", "bad-quoted-bare-cr-status", "* STATUS \"IN\rBOX\" (MESSAGES 1)"+crlfEnd)
	b.raw("responses", "bad-text-nul", "* OK hello\x00world"+crlfEnd)
	b.raw("responses", "bad-quoted-escape-other", `* LIST () "/" "a\bc"`+crlfEnd)

	// Nesting thousands deep.
	b.cmd("bad-nesting-10000-search", "a1 SEARCH "+nest("(", ")", "ALL", 10000))
	b.cmd("bad-nesting-10000-not", "a1 SEARCH "+strings.Repeat("NOT ", 10000)+"ALL")
	b.cmd("bad-nesting-10000-or", "a1 SEARCH "+strings.Repeat("OR ALL ", 10000)+"ALL")
	b.cmd("bad-nesting-10000-unknown-args", "a1 XFOO "+nest("(", ")", "x", 10000))
	b.resp("bad-nesting-10000-bodystructure", "* 1 FETCH (BODYSTRUCTURE "+nest("(", ` "MIXED")`, `("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)`, 10000)+")")
	b.resp("bad-nesting-10000-thread", "* THREAD "+nest("(1 ", ")", "2", 10000))
	b.resp("bad-nesting-10000-unknown-fetch-item", "* 1 FETCH (X-DEEP "+nest("(", ")", "x", 10000)+")")
	b.resp("stress-nesting-10000-code-parens", "* OK [X-DEEP "+strings.Repeat("(", 10000)+"] text") // valid: a code's text may hold parens
	b.resp("bad-nesting-10000-envelope-group", "* 1 FETCH (ENVELOPE (NIL NIL "+nest("(", ")", `(NIL NIL "g" NIL)`, 10000)+" NIL NIL NIL NIL NIL NIL NIL))")
	b.resp("stress-nesting-100-thread", "* THREAD "+nest("(1 ", ")", "2", 100))
	b.resp("stress-nesting-64-bodystructure", "* 1 FETCH (BODYSTRUCTURE "+nest("(", ` "MIXED")`, `("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)`, 64)+")")

	// Literal sizes that overflow 32 and 64 bits, or exceed any sane limit.
	for _, n := range []struct{ name, size string }{
		{"uint32-max", "4294967295"},
		{"uint32-overflow", "4294967296"},
		{"int64-max", "9223372036854775807"},
		{"int64-overflow", "9223372036854775808"},
		{"uint64-overflow", "18446744073709551616"},
		{"40-digits", "9999999999999999999999999999999999999999"},
	} {
		b.raw("commands", "bad-literal-size-"+n.name, "a1 APPEND INBOX {"+n.size+"}\r\nSubject: x\r\n\r\n"+crlfEnd)
		b.raw("commands", "bad-literal-plus-size-"+n.name, "a1 APPEND INBOX {"+n.size+"+}\r\nSubject: x\r\n\r\n"+crlfEnd)
		b.raw("responses", "bad-literal-size-"+n.name, "* 1 FETCH (BODY[] {"+n.size+"}\r\nSubject: x\r\n\r\n)"+crlfEnd)
		b.raw("responses", "bad-literal8-size-"+n.name, "* 1 FETCH (BINARY[] ~{"+n.size+"}\r\n\x00)"+crlfEnd)
	}
	b.raw("commands", "bad-literal-size-negative", "a1 APPEND INBOX {-1}\r\n"+crlfEnd)
	b.raw("commands", "bad-literal-size-hex", "a1 APPEND INBOX {0x10}\r\n0123456789abcdef"+crlfEnd)
	b.raw("commands", "bad-literal-size-empty", "a1 APPEND INBOX {}\r\n"+crlfEnd)
	b.raw("commands", "bad-literal-size-space", "a1 APPEND INBOX { 5}\r\nhello"+crlfEnd)
	b.raw("commands", "bad-literal-not-at-line-end", "a1 LOGIN {5} secret"+crlfEnd)
	b.raw("commands", "bad-literal-truncated", "a1 APPEND INBOX {100}\r\nonly twenty bytes..."+crlfEnd)
	b.raw("commands", "bad-literal8-in-login", "a1 LOGIN ~{5}\r\nalice secret"+crlfEnd)
	b.raw("responses", "bad-literal-size-negative", "* 1 FETCH (BODY[] {-5}\r\nhello)"+crlfEnd)
	b.raw("responses", "bad-literal-truncated", "* 1 FETCH (BODY[] {100}\r\nshort)"+crlfEnd)
	b.raw("responses", "stress-literal-leading-zeros", "* 1 FETCH (BODY[] {0000000000000000000005}\r\nhello)"+crlfEnd)

	// {n+} above 4096: fine under LITERAL+, refused under LITERAL-.
	b.raw("commands", "stress-literal-plus-4097-over-literal-minus", "a1 APPEND INBOX {4097+}\r\n"+bigMessage(4097)+crlfEnd)
	// "~{n+}": RFC 7888 extends literal8 with "+", RFC 9051's ABNF does not.
	b.raw("commands", "stress-literal8-plus-rfc7888", "a1 APPEND INBOX ~{5+}\r\n\x00abc\xff"+crlfEnd)
	b.raw("commands", "stress-literal-plus-256kib", "a1 APPEND INBOX {262144+}\r\n"+bigMessage(262144)+crlfEnd)

	// Thousands of literals in one command.
	b.cmd("bad-5000-literals-login", "a1 LOGIN "+repeatJoin(5000, " ", func(int) string { return litPlus("x") }))
	b.cmd("stress-5000-literals-search", "a1 SEARCH "+repeatJoin(5000, " ", func(int) string { return "SUBJECT " + litPlus("s") }))
	b.cmd("stress-5000-literals-id", "a1 ID ("+repeatJoin(5000, " ", func(int) string { return litPlus("k") })+")")
	b.cmd("stress-3000-literals-multiappend", "a1 APPEND INBOX "+repeatJoin(3000, " ", func(int) string { return litPlus("Subject: m\r\n\r\n") }))
	b.resp("stress-5000-literals-fetch", "* 1 FETCH ("+repeatJoin(5000, " ", func(i int) string { return "BODY[" + itoa(i+1) + "] " + lit("x") })+")")
	b.resp("stress-5000-literals-sync-zero", "* 1 FETCH (X-MANY ("+strings.Repeat("{0}\r\n ", 5000)+"))")

	// Malformed sequence sets.
	for _, s := range []struct{ name, set string }{
		{"trailing-comma", "1,"},
		{"leading-comma", ",1"},
		{"double-comma", "1,,2"},
		{"colon-only", ":"},
		{"open-range", "1:"},
		{"open-range-start", ":5"},
		{"double-colon", "1::2"},
		{"triple-range", "1:2:3"},
		{"zero", "0"},
		{"zero-range", "0:5"},
		{"4294967296", "4294967296"},
		{"range-4294967296", "1:4294967296"},
		{"20-digits", "99999999999999999999"},
		{"negative", "-1"},
		{"star-star", "**"},
		{"letters", "1a"},
		{"empty-dollar-range", "$:1"},
	} {
		b.cmd("bad-seqset-"+s.name, "a1 FETCH "+s.set+" FLAGS")
	}
	b.cmd("bad-seqset-uid-4294967296", "a1 UID FETCH 4294967296 (UID)")
	b.cmd("bad-seqset-store-trailing-comma", "a1 STORE 1, +FLAGS (\\Seen)")
	b.cmd("bad-seqset-search-colon", "a1 SEARCH UID :")
	b.resp("bad-seqset-esearch-trailing-comma", `* ESEARCH (TAG "a1") ALL 1,`)
	b.resp("bad-seqset-vanished-4294967296", `* VANISHED 4294967296`)
	b.resp("bad-seqset-copyuid-colon", `a1 OK [COPYUID 1 : 2] done`)
	b.resp("bad-number-exists-4294967296", `* 4294967296 EXISTS`)
	b.resp("bad-number-uid-4294967296", `* 1 FETCH (UID 4294967296)`)
	b.resp("bad-number-fetch-zero", `* 0 FETCH (FLAGS ())`)
	b.resp("bad-number-uidvalidity-overflow", `* OK [UIDVALIDITY 99999999999999999999] x`)
	b.resp("bad-number-modseq-overflow", `* 1 FETCH (MODSEQ (18446744073709551616))`)

	// Ambiguity between "+" and text, and between a response code and text.
	b.resp("stress-ambiguous-continuation-looks-like-status", `+ OK [ALERT] not a status response`)
	b.resp("stress-ambiguous-continuation-base64-or-text", `+ QUJD`)
	b.resp("stress-ambiguous-continuation-bracket-text", `+ [not a code`)
	b.resp("stress-ambiguous-code-unterminated", `* OK [Unterminated bracket text`)
	b.resp("stress-ambiguous-code-no-space", `* OK [ALERT]text right after the bracket`)
	b.resp("stress-ambiguous-code-empty", `* OK [] empty brackets`)
	b.resp("stress-ambiguous-code-bad-args", `* OK [UIDNEXT abc] not a number`)
	b.resp("stress-ambiguous-text-starts-with-bracket", `a1 NO [TRYCREATE] [second bracket] text`)
	b.resp("stress-ambiguous-tag-plus", `+FLAGS (\Seen)`)
	b.resp("stress-ambiguous-tag-star-no-space", `*OK hello`)
	b.cmd("bad-tag-plus", `+ NOOP`)
	b.cmd("bad-tag-star", `* NOOP`)
	b.cmd("bad-store-plus-space", `a1 STORE 1 + FLAGS (\Seen)`)
	b.resp("bad-continuation-no-space", `+Ready`)

	// Quadratic address lists: many addresses and many groups.
	var addrs strings.Builder
	for i := 0; i < 2000; i++ {
		addrs.WriteString(`("User ` + itoa(i) + `" NIL "u` + itoa(i) + `" "example.org")`)
	}
	b.resp("stress-quadratic-address-list-2000x2", `* 1 FETCH (ENVELOPE ("date" "subject" (`+addrs.String()+`) NIL NIL (`+addrs.String()+`) NIL NIL NIL NIL))`)
	var groups strings.Builder
	for i := 0; i < 2000; i++ {
		groups.WriteString(`(NIL NIL "group` + itoa(i) + `" NIL)("M" NIL "m" "example.org")(NIL NIL NIL NIL)`)
	}
	b.resp("stress-quadratic-groups-2000", `* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL (`+groups.String()+`) NIL NIL NIL NIL))`)
	b.resp("stress-quadratic-unclosed-groups-5000", `* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL (`+strings.Repeat(`(NIL NIL "g" NIL)`, 5000)+`) NIL NIL NIL NIL))`)
	b.resp("bad-fetch-empty-list", `* 1 FETCH ()`)
	b.resp("bad-address-five-fields", `* 1 FETCH (ENVELOPE (NIL NIL (("a" NIL "b" "c" "d")) NIL NIL NIL NIL NIL NIL NIL))`)
	b.resp("bad-envelope-nine-fields", `* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL))`)
	b.resp("bad-bodystructure-missing-subtype", `* 1 FETCH (BODYSTRUCTURE ("TEXT" NIL NIL NIL "7BIT" 1 1))`)
	b.resp("bad-bodystructure-multipart-no-parts", `* 1 FETCH (BODYSTRUCTURE ("MIXED"))`)
	b.resp("stress-long-line-256kib-text", `* OK `+strings.Repeat("x", 1<<18))
	b.resp("stress-search-30000", `* SEARCH`+numbers(30000))

	// Bare CR and LF.
	b.raw("commands", "bad-bare-cr-line-end", "a1 NOOP\r")
	b.raw("commands", "bad-bare-lf-line-end", "a1 NOOP\n")
	b.raw("commands", "bad-bare-cr-mid-line", "a1 SELECT IN\rBOX"+crlfEnd)
	b.raw("commands", "bad-bare-lf-mid-line", "a1 SELECT IN\nBOX"+crlfEnd)
	b.raw("commands", "bad-cr-cr-lf", "a1 NOOP\r\r\n")
	b.raw("commands", "bad-no-line-end", "a1 NOOP")
	b.raw("commands", "bad-empty-line", crlfEnd)
	b.raw("commands", "bad-literal-bare-lf", "a1 LOGIN {5}\nalice secret"+crlfEnd)
	b.raw("responses", "lenient-bare-lf-line-end", "* 1 EXISTS\n")
	b.raw("responses", "lenient-bare-lf-stream", "* 1 EXISTS\n* 1 RECENT\na1 OK done\n")
	b.raw("responses", "bad-bare-cr-line-end", "* 1 EXISTS\r")
	b.raw("responses", "bad-bare-cr-mid-text", "* OK hello\rworld"+crlfEnd)
	b.raw("responses", "bad-bare-lf-mid-text", "* OK hello\nworld"+crlfEnd)
	b.raw("responses", "bad-no-line-end", "* OK done")

	// The lenient mode's deviations (issue 2), one seed each.
	b.resp("lenient-missing-text-after-status", `a1 OK`)
	b.resp("lenient-missing-text-after-code", `* OK [UIDNEXT 5]`)
	b.resp("lenient-trailing-space-capability", `* CAPABILITY IMAP4rev1 IDLE `)
	b.resp("lenient-trailing-space-search", `* SEARCH 1 2 3 `)
	b.resp("lenient-trailing-space-status", `* STATUS INBOX (MESSAGES 1 UNSEEN 0 )`)
	b.resp("lenient-trailing-space-id", `* ID ("name" "x" )`)
	b.resp("lenient-body-lines-minus-one", `* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 10 -1))`)
	b.resp("lenient-empty-continuation", `+`)
	b.resp("lenient-unescaped-quote", `* LIST () "/" "He said "hi" today"`)

	// STARTTLS followed by pipelined plaintext: whatever follows STARTTLS in
	// the same packet must be discarded by the server, not executed after
	// the handshake (CVE-2011-0411 class), and a client must not take
	// responses pipelined after the OK (CVE-2021-33515 class).
	b.cmd("stress-starttls-pipelined-login", `a1 STARTTLS`, `a2 LOGIN alice secret`, `a3 SELECT INBOX`)
	b.resp("stress-starttls-ok-pipelined-response", `a1 OK Begin TLS negotiation now`, `* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected`, `a2 OK LOGIN completed`)
	b.session("stress-starttls-pipelined-plaintext", "Client injects commands after STARTTLS in the same write; a server must drop them once TLS starts",
		`S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready`,
		`C: a1 STARTTLS`,
		`C: a2 LOGIN alice secret`,
		`C: a3 SELECT INBOX`,
		`S: a1 OK Begin TLS negotiation now`)
	b.session("stress-starttls-response-injection", "Server (or a man in the middle) pipelines plaintext responses after the STARTTLS OK",
		`C: a1 STARTTLS`,
		`S: a1 OK Begin TLS negotiation now`,
		`S: * CAPABILITY IMAP4rev1 AUTH=PLAIN`,
		`S: a2 OK [ALERT] injected before TLS`)

	// Sessions that must fail somewhere.
	b.session("bad-session-literal-overflow", "A client announcing a 2^64 literal in a session; the file ends inside the literal",
		`C: a1 LOGIN alice secret`,
		`S: a1 OK done`,
		`C: a2 APPEND INBOX {18446744073709551616}`)
	b.session("bad-session-nul-in-response", "A server sends a NUL inside a quoted mailbox name",
		`C: a1 LIST "" *`,
		"S: * LIST () \"/\" \"bad\x00name\"",
		`S: a1 OK done`)
	b.raw("sessions", "lenient-session-bare-lf", "# A server that ends its lines with bare LF\n"+
		"C: a1 NOOP\r\n"+
		"S: * 3 EXISTS\n"+
		"S: * 1 RECENT\n"+
		"S: a1 OK done\n")
}
