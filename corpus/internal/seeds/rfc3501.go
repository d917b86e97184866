package seeds

import "strings"

// rfcAppendMessage is the message of the APPEND examples of RFC 3501 and
// RFC 9051 section 6.3.12.
var rfcAppendMessage = message(
	"Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)",
	"From: Fred Foobar <foobar@Blurdybloop.example>",
	"Subject: afternoon meeting",
	"To: mooch@owatagu.siam.edu.example",
	"Message-Id: <B27397-0100000@Blurdybloop.example>",
	"MIME-Version: 1.0",
	"Content-Type: TEXT/PLAIN; CHARSET=US-ASCII",
	"",
	"Hello Joe, do you think we can meet at 3:30 tomorrow?",
)

// rfcSampleHeader is the header fetched in the sample session of RFC 3501
// section 8.
var rfcSampleHeader = message(
	"Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)",
	"From: Terry Gray <gray@cac.washington.edu>",
	"Subject: IMAP4rev1 WG mtg summary and minutes",
	"To: imap@cac.washington.edu",
	"cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>",
	"Message-Id: <B27397-0100000@cac.washington.edu>",
	"MIME-Version: 1.0",
	"Content-Type: TEXT/PLAIN; CHARSET=US-ASCII",
	"",
)

// rfc3501 adds the examples of RFC 3501, section by section, as transcripts
// (and, through session, as single commands and responses).
func rfc3501(b *builder) {
	b.session("rfc3501-6.1.1-capability", "RFC 3501 6.1.1 CAPABILITY example",
		`C: abcd CAPABILITY`,
		`S: * CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED`,
		`S: abcd OK CAPABILITY completed`,
		`C: efgh STARTTLS`,
		`S: efgh OK STARTLS completed`,
		`C: ijkl CAPABILITY`,
		`S: * CAPABILITY IMAP4rev1 AUTH=GSSAPI AUTH=PLAIN`,
		`S: ijkl OK CAPABILITY completed`)
	b.session("rfc3501-6.1.2-noop", "RFC 3501 6.1.2 NOOP example",
		`C: a002 NOOP`,
		`S: a002 OK NOOP completed`,
		`C: a047 NOOP`,
		`S: * 22 EXPUNGE`,
		`S: * 23 EXISTS`,
		`S: * 3 RECENT`,
		`S: * 14 FETCH (FLAGS (\Seen \Deleted))`,
		`S: a047 OK NOOP completed`)
	b.session("rfc3501-6.1.3-logout", "RFC 3501 6.1.3 LOGOUT example",
		`C: A023 LOGOUT`,
		`S: * BYE IMAP4rev1 Server logging out`,
		`S: A023 OK LOGOUT completed`)
	b.session("rfc3501-6.2.1-starttls", "RFC 3501 6.2.1 STARTTLS example (the TLS handshake is not part of the transcript)",
		`C: a001 CAPABILITY`,
		`S: * CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED`,
		`S: a001 OK CAPABILITY completed`,
		`C: a002 STARTTLS`,
		`S: a002 OK Begin TLS negotiation now`,
		`C: a003 CAPABILITY`,
		`S: * CAPABILITY IMAP4rev1 AUTH=PLAIN`,
		`S: a003 OK CAPABILITY completed`,
		`C: a004 LOGIN joe password`,
		`S: a004 OK LOGIN completed`)
	b.session("rfc3501-6.2.2-authenticate-gssapi", "RFC 3501 6.2.2 AUTHENTICATE GSSAPI example, editorial line breaks removed; the empty challenge is \"+ \" as the ABNF requires",
		`S: * OK IMAP4rev1 Server`,
		`C: A001 AUTHENTICATE GSSAPI`,
		`S: + `,
		`C: YIIB+wYJKoZIhvcSAQICAQBuggHqMIIB5qADAgEFoQMCAQ6iBwMFACAAAACjggEmYYIBIjCCAR6gAwIBBaESGxB1Lndhc2hpbmd0b24uZWR1oi0wK6ADAgEDoSQwIhsEaW1hcBsac2hpdmFtcy5jYWMud2FzaGluZ3Rvbi5lZHWjgdMwgdCgAwIBAaEDAgEDooHDBIHAcS1GSa5b+fXnPZNmXB9SjL8Ollj2SKyb+3S0iXMljen/jNkpJXAleKTz6BQPzj8duz8EtoOuNfKgweViyn/9B9bccy1uuAE2HI0yC/PHXNNU9ZrBziJ8Lm0tTNc98kUpjXnHZhsMcz5Mx2GR6dGknbI0iaGcRerMUsWOuBmKKKRmVMMdR9T3EZdpqsBd7jZCNMWotjhivd5zovQlFqQ2Wjc2+y46vKP/iXxWIuQJuDiisyXF0Y8+5GTpALpHDc1/pIGmMIGjoAMCAQGigZsEgZg2on5mSuxoDHEA1w9bcW9nFdFxDKpdrQhVGVRDIzcCMCTzvUboqb5KjY1NJKJsfjRQiBYBdENKfzK+g5DlV8nrw81uOcP8NOQCLR5XkoMHC0Dr/80ziQzbNqhxO6652Npft0LQwJvenwDI13YxpwOdMXzkWZN/XrEqOWp6GCgXTBvCyLWLlWnbaUkZdEYbKHBPjd8t/1x5Yg==`,
		`S: + YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMCAQGiQgRAtHTEuOP2BXb9sBYFR4SJlDZxmg39IxmRBOhXRKdDA0uHTCOT9Bq3OsUTXUlk0CsFLoa8j+gvGDlgHuqzWHPSQg==`,
		`C: `,
		`S: + YDMGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=`,
		`C: YDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=`,
		`S: A001 OK GSSAPI authentication successful`)
	b.session("rfc3501-6.2.3-login", "RFC 3501 6.2.3 LOGIN example",
		`C: a001 LOGIN SMITH SESAME`,
		`S: a001 OK LOGIN completed`)
	b.session("rfc3501-6.3.1-select", "RFC 3501 6.3.1 SELECT example",
		`C: A142 SELECT INBOX`,
		`S: * 172 EXISTS`,
		`S: * 1 RECENT`,
		`S: * OK [UNSEEN 12] Message 12 is first unseen`,
		`S: * OK [UIDVALIDITY 3857529045] UIDs valid`,
		`S: * OK [UIDNEXT 4392] Predicted next UID`,
		`S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)`,
		`S: * OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited`,
		`S: A142 OK [READ-WRITE] SELECT completed`)
	b.session("rfc3501-6.3.2-examine", "RFC 3501 6.3.2 EXAMINE example",
		`C: A932 EXAMINE blurdybloop`,
		`S: * 17 EXISTS`,
		`S: * 2 RECENT`,
		`S: * OK [UNSEEN 8] Message 8 is first unseen`,
		`S: * OK [UIDVALIDITY 3857529045] UIDs valid`,
		`S: * OK [UIDNEXT 4392] Predicted next UID`,
		`S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)`,
		`S: * OK [PERMANENTFLAGS ()] No permanent flags permitted`,
		`S: A932 OK [READ-ONLY] EXAMINE completed`)
	b.session("rfc3501-6.3.3-create", "RFC 3501 6.3.3 CREATE example",
		`C: A003 CREATE owatagusiam/`,
		`S: A003 OK CREATE completed`,
		`C: A004 CREATE owatagusiam/blurdybloop`,
		`S: A004 OK CREATE completed`)
	b.session("rfc3501-6.3.4-delete-slash", "RFC 3501 6.3.4 DELETE example, '/' delimiter",
		`C: A682 LIST "" *`,
		`S: * LIST () "/" blurdybloop`,
		`S: * LIST (\Noselect) "/" foo`,
		`S: * LIST () "/" foo/bar`,
		`S: A682 OK LIST completed`,
		`C: A683 DELETE blurdybloop`,
		`S: A683 OK DELETE completed`,
		`C: A684 DELETE foo`,
		`S: A684 NO Name "foo" has inferior hierarchical names`,
		`C: A685 DELETE foo/bar`,
		`S: A685 OK DELETE Completed`,
		`C: A686 LIST "" *`,
		`S: * LIST (\Noselect) "/" foo`,
		`S: A686 OK LIST completed`,
		`C: A687 DELETE foo`,
		`S: A687 OK DELETE Completed`)
	b.session("rfc3501-6.3.4-delete-dot", "RFC 3501 6.3.4 DELETE example, '.' delimiter",
		`C: A82 LIST "" *`,
		`S: * LIST () "." blurdybloop`,
		`S: * LIST () "." foo`,
		`S: * LIST () "." foo.bar`,
		`S: A82 OK LIST completed`,
		`C: A83 DELETE blurdybloop`,
		`S: A83 OK DELETE completed`,
		`C: A84 DELETE foo`,
		`S: A84 OK DELETE Completed`,
		`C: A85 LIST "" *`,
		`S: * LIST () "." foo.bar`,
		`S: A85 OK LIST completed`,
		`C: A86 LIST "" %`,
		`S: * LIST (\Noselect) "." foo`,
		`S: A86 OK LIST completed`)
	b.session("rfc3501-6.3.5-rename", "RFC 3501 6.3.5 RENAME example",
		`C: A682 LIST "" *`,
		`S: * LIST () "/" blurdybloop`,
		`S: * LIST (\Noselect) "/" foo`,
		`S: * LIST () "/" foo/bar`,
		`S: A682 OK LIST completed`,
		`C: A683 RENAME blurdybloop sarasoop`,
		`S: A683 OK RENAME completed`,
		`C: A684 RENAME foo zowie`,
		`S: A684 OK RENAME Completed`,
		`C: A685 LIST "" *`,
		`S: * LIST () "/" sarasoop`,
		`S: * LIST (\Noselect) "/" zowie`,
		`S: * LIST () "/" zowie/bar`,
		`S: A685 OK LIST completed`)
	b.session("rfc3501-6.3.5-rename-inbox", "RFC 3501 6.3.5 RENAME INBOX example",
		`C: Z432 LIST "" *`,
		`S: * LIST () "." INBOX`,
		`S: * LIST () "." INBOX.bar`,
		`S: Z432 OK LIST completed`,
		`C: Z433 RENAME INBOX old-mail`,
		`S: Z433 OK RENAME completed`,
		`C: Z434 LIST "" *`,
		`S: * LIST () "." INBOX`,
		`S: * LIST () "." INBOX.bar`,
		`S: * LIST () "." old-mail`,
		`S: Z434 OK LIST completed`)
	b.session("rfc3501-6.3.6-subscribe", "RFC 3501 6.3.6 SUBSCRIBE example",
		`C: A002 SUBSCRIBE #news.comp.mail.mime`,
		`S: A002 OK SUBSCRIBE completed`)
	b.session("rfc3501-6.3.7-unsubscribe", "RFC 3501 6.3.7 UNSUBSCRIBE example",
		`C: A002 UNSUBSCRIBE #news.comp.mail.mime`,
		`S: A002 OK UNSUBSCRIBE completed`)
	b.session("rfc3501-6.3.8-list", "RFC 3501 6.3.8 LIST example",
		`C: A101 LIST "" ""`,
		`S: * LIST (\Noselect) "/" ""`,
		`S: A101 OK LIST Completed`,
		`C: A102 LIST #news.comp.mail.misc ""`,
		`S: * LIST (\Noselect) "." #news.`,
		`S: A102 OK LIST Completed`,
		`C: A103 LIST /usr/staff/jones ""`,
		`S: * LIST (\Noselect) "/" /`,
		`S: A103 OK LIST Completed`,
		`C: A202 LIST ~/Mail/ %`,
		`S: * LIST (\Noselect) "/" ~/Mail/foo`,
		`S: * LIST () "/" ~/Mail/meetings`,
		`S: A202 OK LIST completed`)
	b.session("rfc3501-6.3.9-lsub", "RFC 3501 6.3.9 LSUB example",
		`C: A002 LSUB "#news." "comp.mail.*"`,
		`S: * LSUB () "." #news.comp.mail.mime`,
		`S: * LSUB () "." #news.comp.mail.misc`,
		`S: A002 OK LSUB completed`,
		`C: A003 LSUB "#news." "comp.%"`,
		`S: * LSUB (\NoSelect) "." #news.comp.mail`,
		`S: A003 OK LSUB completed`)
	b.session("rfc3501-6.3.10-status", "RFC 3501 6.3.10 STATUS example",
		`C: A042 STATUS blurdybloop (UIDNEXT MESSAGES)`,
		`S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)`,
		`S: A042 OK STATUS completed`)
	b.session("rfc3501-6.3.11-append", "RFC 3501 6.3.11 APPEND example; the literal follows its announcing line verbatim, the server's '+' is recorded after the whole command",
		`C: A003 APPEND saved-messages (\Seen) `+lit(rfcAppendMessage),
		`S: + Ready for literal data`,
		`S: A003 OK APPEND completed`)
	b.session("rfc3501-6.4.1-check", "RFC 3501 6.4.1 CHECK example",
		`C: FXXZ CHECK`,
		`S: FXXZ OK CHECK Completed`)
	b.session("rfc3501-6.4.2-close", "RFC 3501 6.4.2 CLOSE example",
		`C: A341 CLOSE`,
		`S: A341 OK CLOSE completed`)
	b.session("rfc3501-6.4.3-expunge", "RFC 3501 6.4.3 EXPUNGE example",
		`C: A202 EXPUNGE`,
		`S: * 3 EXPUNGE`,
		`S: * 3 EXPUNGE`,
		`S: * 5 EXPUNGE`,
		`S: * 8 EXPUNGE`,
		`S: A202 OK EXPUNGE completed`)
	b.session("rfc3501-6.4.4-search", "RFC 3501 6.4.4 SEARCH example; the 8-bit search string is UTF-8 here",
		`C: A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"`,
		`S: * SEARCH 2 84 882`,
		`S: A282 OK SEARCH completed`,
		`C: A283 SEARCH TEXT "string not in mailbox"`,
		`S: * SEARCH`,
		`S: A283 OK SEARCH completed`,
		`C: A284 SEARCH CHARSET UTF-8 TEXT `+lit("\u00e4\u00f6\u00fc"),
		`S: * SEARCH 43`,
		`S: A284 OK SEARCH completed`)
	b.session("rfc3501-6.4.5-fetch", "RFC 3501 6.4.5 FETCH example, with the elided data filled in",
		`C: A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])`,
		`S: * 2 FETCH (FLAGS (\Seen) BODY[HEADER.FIELDS (DATE FROM)] `+lit(message("Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", "From: Terry Gray <gray@cac.washington.edu>", ""))+`)`,
		`S: * 3 FETCH (FLAGS () BODY[HEADER.FIELDS (DATE FROM)] `+lit(message("Date: Thu, 18 Jul 1996 10:00:00 +0000", "From: mooch@owatagu.siam.edu.example", ""))+`)`,
		`S: * 4 FETCH (FLAGS (\Answered \Seen) BODY[HEADER.FIELDS (DATE FROM)] `+lit(message("From: Fred Foobar <foobar@Blurdybloop.example>", ""))+`)`,
		`S: A654 OK FETCH completed`)
	b.session("rfc3501-6.4.6-store", "RFC 3501 6.4.6 STORE example",
		`C: A003 STORE 2:4 +FLAGS (\Deleted)`,
		`S: * 2 FETCH (FLAGS (\Deleted \Seen))`,
		`S: * 3 FETCH (FLAGS (\Deleted))`,
		`S: * 4 FETCH (FLAGS (\Deleted \Flagged \Seen))`,
		`S: A003 OK STORE completed`)
	b.session("rfc3501-6.4.7-copy", "RFC 3501 6.4.7 COPY example",
		`C: A003 COPY 2:4 MEETING`,
		`S: A003 OK COPY completed`)
	b.session("rfc3501-6.4.8-uid-fetch", "RFC 3501 6.4.8 UID example",
		`C: A999 UID FETCH 4827313:4828442 FLAGS`,
		`S: * 23 FETCH (FLAGS (\Seen) UID 4827313)`,
		`S: * 24 FETCH (FLAGS (\Seen) UID 4827943)`,
		`S: * 25 FETCH (FLAGS (\Seen) UID 4828442)`,
		`S: A999 OK UID FETCH completed`)
	b.session("rfc3501-6.5.1-x-command", "RFC 3501 6.5.1 experimental command example",
		`C: a441 CAPABILITY`,
		`S: * CAPABILITY IMAP4rev1 XPIG-LATIN`,
		`S: a441 OK CAPABILITY completed`,
		`C: A442 XPIG-LATIN`,
		`S: * XPIG-LATIN ow-nay eaking-spay ig-pay atin-lay`,
		`S: A442 OK XPIG-LATIN ompleted-cay`)
	b.session("rfc3501-7.5-continuation-literal", "RFC 3501 7.5 command continuation request example",
		`C: A001 LOGIN `+lit("FRED FOOBAR")+` `+lit("fat man"),
		`S: + Ready for additional command text`,
		`S: + Ready for additional command text`,
		`S: A001 OK LOGIN completed`,
		`C: A044 BLURDYBLOOP `+lit("102856"),
		`S: A044 BAD No such command as "BLURDYBLOOP"`)
	b.session("rfc3501-8-sample", "RFC 3501 section 8 sample IMAP4rev1 connection",
		`S: * OK IMAP4rev1 Service Ready`,
		`C: a001 login mrc secret`,
		`S: a001 OK LOGIN completed`,
		`C: a002 select inbox`,
		`S: * 18 EXISTS`,
		`S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)`,
		`S: * 2 RECENT`,
		`S: * OK [UNSEEN 17] Message 17 is the first unseen message`,
		`S: * OK [UIDVALIDITY 3857529045] UIDs valid`,
		`S: a002 OK [READ-WRITE] SELECT completed`,
		`C: a003 fetch 12 full`,
		`S: * 12 FETCH (FLAGS (\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL "<B27397-0100000@cac.washington.edu>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))`,
		`S: a003 OK FETCH completed`,
		`C: a004 fetch 12 body[header]`,
		`S: * 12 FETCH (BODY[HEADER] `+lit(rfcSampleHeader)+`)`,
		`S: a004 OK FETCH completed`,
		`C: a005 store 12 +flags \deleted`,
		`S: * 12 FETCH (FLAGS (\Seen \Deleted))`,
		`S: a005 OK +FLAGS completed`,
		`C: a006 logout`,
		`S: * BYE IMAP4rev1 server terminating connection`,
		`S: a006 OK LOGOUT completed`)

	// Section 7: the single response examples.
	for _, r := range [][2]string{
		{"rfc3501-7.1.1-ok-greeting", `* OK IMAP4rev1 server ready`},
		{"rfc3501-7.1.1-tagged-ok-login", `A001 OK LOGIN completed`},
		{"rfc3501-7.1.1-ok-alert", `* OK [ALERT] System shutdown in 10 minutes`},
		{"rfc3501-7.1.2-no-disk-full", `* NO Disk is 98% full, please delete unnecessary data`},
		{"rfc3501-7.1.2-tagged-no-copy", `A222 NO COPY failed: disk is full`},
		{"rfc3501-7.1.3-bad-line-too-long", `* BAD Command line too long`},
		{"rfc3501-7.1.3-bad-empty-line", `* BAD Empty command line`},
		{"rfc3501-7.1.3-tagged-bad-unknown", `A443 BAD Unknown command`},
		{"rfc3501-7.1.4-preauth", `* PREAUTH IMAP4rev1 server logged in as Smith`},
		{"rfc3501-7.1.5-bye-autologout", `* BYE Autologout; idle for too long`},
		{"rfc3501-7.2.1-capability", `* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI XPIG-LATIN`},
		{"rfc3501-7.2.2-list", `* LIST (\Noselect) "/" ~/Mail/foo`},
		{"rfc3501-7.2.3-lsub", `* LSUB () "." #news.comp.mail.misc`},
		{"rfc3501-7.2.4-status", `* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)`},
		{"rfc3501-7.2.5-search", `* SEARCH 2 3 6`},
		{"rfc3501-7.2.6-flags", `* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)`},
		{"rfc3501-7.3.1-exists", `* 23 EXISTS`},
		{"rfc3501-7.3.2-recent", `* 5 RECENT`},
		{"rfc3501-7.4.1-expunge", `* 44 EXPUNGE`},
		{"rfc3501-7.4.2-fetch-flags-size", `* 23 FETCH (FLAGS (\Seen) RFC822.SIZE 44827)`},
		{"rfc3501-7.4.2-fetch-bodystructure-multipart", `* 12 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 73) "MIXED"))`},
		{"rfc3501-7.5-continuation", `+ Ready for additional command text`},
	} {
		b.resp(r[0], r[1])
	}
	// Section 6.4.4's search keys, one command each, so that every key of
	// the grammar is a seed of its own.
	for i, key := range strings.Split(searchKeys3501, "\n") {
		_ = i
		b.cmd("rfc3501-6.4.4-search-key-"+sanitize(strings.Fields(key)[0]), "A1 SEARCH "+key)
	}
}

// searchKeys3501 lists one use of every RFC 3501 search key.
const searchKeys3501 = `1:3,5
ALL
ANSWERED
BCC "boss@example.org"
BEFORE 1-Feb-1994
BODY "meeting"
CC "team"
DELETED
DRAFT
FLAGGED
FROM "Smith"
HEADER "X-Mailer" "mutt"
KEYWORD $Forwarded
LARGER 100000
NEW
NOT SEEN
OLD
ON 17-Jul-1996
OR SEEN FLAGGED
RECENT
SEEN
SENTBEFORE 1-Jan-2000
SENTON 17-Jul-1996
SENTSINCE 1-Jan-1990
SINCE 1-Feb-1994
SMALLER 4096
SUBJECT "afternoon meeting"
TEXT "string"
TO "mooch"
UID 4827313:4828442
UNANSWERED
UNDELETED
UNDRAFT
UNFLAGGED
UNKEYWORD $Junk
UNSEEN
(FLAGGED (SEEN ANSWERED))`
