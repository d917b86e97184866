package main

import (
	"encoding/base64"
	"strings"
)

// crlf joins lines with CRLF, ending with CRLF.
func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// b64 encodes data as base64 in 76-column lines.
func b64(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var lines []string
	for len(s) > 76 {
		lines = append(lines, s[:76])
		s = s[76:]
	}
	return strings.Join(append(lines, s), "\r\n")
}

// binaryBlob is deterministic binary content with NUL, CR, LF and high bytes.
func binaryBlob(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	copy(b, "%PDF-1.4\n\x00\r\n")
	return b
}

// testMessages are the messages the capture APPENDs: encoded headers, group
// addresses, nested MIME, attachments, an attached message, a binary part,
// a thread, 8-bit UTF-8 and a large body for partial fetches.
func testMessages() []string {
	simple := crlf(
		"Date: Fri, 05 Mar 2021 10:00:00 +0100",
		"From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>",
		"To: undisclosed-recipients:;",
		"Cc: Team: ann@example.org, \"Bob B.\" <bob@example.org>;, carol@example.net",
		"Bcc: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>",
		"Reply-To: Lists <lists@example.org>",
		"Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?= and plain words",
		"Message-ID: <thread-1@example.de>",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8; format=flowed",
		"Content-Transfer-Encoding: quoted-printable",
		"",
		"Gr=C3=BC=C3=9Fe aus K=C3=B6ln, a soft line break here =",
		"continues.",
	)
	reply := crlf(
		"Date: Fri, 05 Mar 2021 11:00:00 +0100",
		"From: Ann <ann@example.org>",
		"To: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.de>",
		"Subject: Re: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?= and plain words",
		"Message-ID: <thread-2@example.org>",
		"In-Reply-To: <thread-1@example.de>",
		"References: <thread-1@example.de>",
		"",
		"Thanks!",
	)
	inner := crlf(
		"Date: Tue, 02 Feb 2021 09:00:00 +0000",
		"From: Forwarder <fwd@example.com>",
		"To: Group One: a@example.com, b@example.com;, Group Two:;",
		"Subject: The forwarded one",
		"Message-ID: <inner@example.com>",
		"MIME-Version: 1.0",
		"Content-Type: multipart/mixed; boundary=\"inner-b\"",
		"",
		"--inner-b",
		"Content-Type: text/plain; charset=us-ascii",
		"",
		"Inner text.",
		"--inner-b",
		"Content-Type: image/png; name=\"dot.png\"",
		"Content-Transfer-Encoding: base64",
		"Content-Disposition: inline; filename=\"dot.png\"",
		"",
		b64([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")),
		"--inner-b--",
	)
	nested := crlf(
		"Date: Sat, 06 Mar 2021 12:30:00 -0800",
		"From: \"Report Bot\" <bot@example.com>",
		"To: ann@example.org, =?UTF-8?Q?Fran=C3=A7ois?= <francois@example.fr>",
		"Subject: Quarterly report with attachments",
		"Message-ID: <nested@example.com>",
		"References: <thread-1@example.de> <thread-2@example.org>",
		"MIME-Version: 1.0",
		"Content-Type: multipart/mixed; boundary=\"outer\"",
		"Content-Language: en-GB",
		"",
		"This is a multi-part message in MIME format.",
		"--outer",
		"Content-Type: multipart/alternative; boundary=\"alt\"",
		"",
		"--alt",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: 8bit",
		"",
		"Plain body with UTF-8: \u00e4\u00f6\u00fc \u2709",
		"--alt",
		"Content-Type: multipart/related; boundary=\"rel\"; type=\"text/html\"",
		"",
		"--rel",
		"Content-Type: text/html; charset=utf-8",
		"Content-Transfer-Encoding: base64",
		"Content-Location: http://example.com/report.html",
		"",
		b64([]byte("<html><body><p>Report</p><img src=\"cid:logo@example.com\"></body></html>")),
		"--rel",
		"Content-Type: image/gif",
		"Content-ID: <logo@example.com>",
		"Content-Transfer-Encoding: base64",
		"Content-Disposition: inline",
		"",
		b64([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")),
		"--rel--",
		"--alt--",
		"--outer",
		"Content-Type: application/pdf; name*=UTF-8''r%C3%A9sum%C3%A9.pdf",
		"Content-Transfer-Encoding: base64",
		"Content-Disposition: attachment; filename*0*=UTF-8''r%C3%A9;",
		" filename*1=\"sum\u00e9.pdf\"; size=3000",
		"Content-Description: =?UTF-8?Q?R=C3=A9sum=C3=A9?=",
		"Content-Language: fr, en",
		"Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==",
		"",
		b64(binaryBlob(3000)),
		"--outer",
		"Content-Type: message/rfc822",
		"Content-Disposition: attachment; filename=\"forwarded.eml\"",
		"",
		strings.TrimSuffix(inner, "\r\n"),
		"--outer",
		"Content-Type: application/octet-stream",
		"Content-Transfer-Encoding: binary",
		"",
		"raw\x01\x02\x7fbytes",
		"--outer--",
	)
	var big strings.Builder
	big.WriteString(crlf(
		"Date: Sun, 07 Mar 2021 08:00:00 +0000",
		"From: Big Sender <big@example.com>",
		"To: many@example.com",
		"Subject: A large message for partial fetches",
		"Message-ID: <big@example.com>",
		"Content-Type: text/plain; charset=us-ascii",
		"",
	))
	for i := 0; i < 1200; i++ {
		big.WriteString("Line of filler text for partial FETCH and BINARY tests, number ")
		big.WriteString(strings.Repeat("x", i%10))
		big.WriteString("\r\n")
	}
	var many strings.Builder
	many.WriteString("To: ")
	for i := 0; i < 60; i++ {
		if i > 0 {
			many.WriteString(",\r\n ")
		}
		if i%10 == 0 {
			many.WriteString("List" + string(rune('A'+i/10)) + ": ")
		}
		many.WriteString("user" + strings.Repeat("z", i%3) + string(rune('a'+i%26)) + "@example.org")
		if i%10 == 9 {
			many.WriteString(";")
		}
	}
	addresses := crlf(
		"Date: Mon, 08 Mar 2021 08:00:00 +0000",
		"From: a@example.org, b@example.org",
		"Sender: Secretary <sec@example.org>",
		many.String(),
		"Subject: Many addresses and groups",
		"Message-ID: <many@example.org>",
		"",
		"Body.",
	)
	return []string{simple, reply, nested, big.String(), addresses}
}
