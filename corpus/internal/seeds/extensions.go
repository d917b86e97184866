package seeds

// extensions adds transcripts for the common extensions, after the examples
// of their RFCs: CONDSTORE/QRESYNC (7162), QUOTA (9208), METADATA (5464),
// SORT/THREAD (5256), ACL (4314), ID (2971), UIDPLUS (4315), BINARY (3516),
// COMPRESS (4978), SPECIAL-USE (6154), UTF8=ACCEPT (6855), SASL-IR (4959),
// LITERAL+/LITERAL- (7888), LIST-STATUS (5819), NAMESPACE (2342), MOVE (6851).
func extensions(b *builder) {
	// CONDSTORE and QRESYNC, RFC 7162.
	b.session("rfc7162-select-condstore", "RFC 7162 SELECT (CONDSTORE) and HIGHESTMODSEQ",
		`C: A142 SELECT INBOX (CONDSTORE)`,
		`S: * 172 EXISTS`,
		`S: * 1 RECENT`,
		`S: * OK [UNSEEN 12] Message 12 is first unseen`,
		`S: * OK [UIDVALIDITY 3857529045] UIDs valid`,
		`S: * OK [UIDNEXT 4392] Predicted next UID`,
		`S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)`,
		`S: * OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited`,
		`S: * OK [HIGHESTMODSEQ 715194045007] Highest`,
		`S: A142 OK [READ-WRITE] SELECT completed, CONDSTORE is now enabled`)
	b.session("rfc7162-nomodseq", "RFC 7162 NOMODSEQ",
		`C: A142 SELECT INBOX`,
		`S: * 172 EXISTS`,
		`S: * OK [UIDVALIDITY 3857529045] UIDs valid`,
		`S: * OK [UIDNEXT 4392] Predicted next UID`,
		`S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)`,
		`S: * OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences`,
		`S: A142 OK [READ-WRITE] SELECT completed`)
	b.session("rfc7162-store-unchangedsince", "RFC 7162 conditional STORE and the MODIFIED response code",
		`C: d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\Deleted)`,
		`S: * 5 FETCH (MODSEQ (320162350))`,
		`S: d105 OK [MODIFIED 7,9] Conditional STORE failed`,
		`C: a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\Deleted)`,
		`S: * 1 FETCH (UID 4 MODSEQ (12121231000))`,
		`S: * 2 FETCH (UID 6 MODSEQ (12121230852))`,
		`S: * 4 FETCH (UID 8 MODSEQ (12121130956))`,
		`S: a103 OK Conditional Store completed`)
	b.session("rfc7162-fetch-changedsince", "RFC 7162 FETCH with CHANGEDSINCE and MODSEQ items",
		`C: s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)`,
		`S: * 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\Seen))`,
		`S: * 2 FETCH (UID 6 MODSEQ (75403) FLAGS (\Deleted))`,
		`S: * 4 FETCH (UID 8 MODSEQ (29738) FLAGS ($NoJunk $AutoJunk $MDNSent))`,
		`S: s100 OK FETCH completed`,
		`C: a FETCH 1:3 (MODSEQ)`,
		`S: * 1 FETCH (MODSEQ (624140003))`,
		`S: * 2 FETCH (MODSEQ (624140007))`,
		`S: * 3 FETCH (MODSEQ (624140005))`,
		`S: a OK Fetch complete`)
	b.session("rfc7162-search-modseq", "RFC 7162 SEARCH MODSEQ with entry names",
		`C: a SEARCH MODSEQ "/flags/\\draft" all 620162338`,
		`S: * SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)`,
		`S: a OK Search complete`,
		`C: t UID SEARCH OR NOT MODSEQ 720162338 LARGER 50000`,
		`S: * SEARCH`,
		`S: t OK Search complete, nothing found`)
	b.session("rfc7162-status-highestmodseq", "RFC 7162 STATUS HIGHESTMODSEQ",
		`C: A042 STATUS blurdybloop (UIDNEXT MESSAGES HIGHESTMODSEQ)`,
		`S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777)`,
		`S: A042 OK STATUS completed`)
	b.session("rfc7162-qresync-select", "RFC 7162 ENABLE QRESYNC and SELECT (QRESYNC ...) with VANISHED (EARLIER); text added after [CLOSED], which the ABNF requires",
		`C: A02 ENABLE QRESYNC`,
		`S: * ENABLED QRESYNC`,
		`S: A02 OK QRESYNC enabled`,
		`C: A03 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))`,
		`S: * OK [CLOSED] Previous mailbox closed`,
		`S: * 314 EXISTS`,
		`S: * FLAGS (\Answered \Flagged \Draft \Deleted \Seen $NotJunk $Junk)`,
		`S: * OK [PERMANENTFLAGS (\Answered \Flagged \Draft \Deleted \Seen $NotJunk $Junk \*)] Limited`,
		`S: * OK [UIDVALIDITY 67890007] Ok`,
		`S: * OK [UIDNEXT 567] Ok`,
		`S: * OK [HIGHESTMODSEQ 90060128194045007] Ok`,
		`S: * VANISHED (EARLIER) 41,43:116,118,120:211,214:540`,
		`S: * 49 FETCH (UID 117 FLAGS (\Seen \Answered) MODSEQ (90060115194045001))`,
		`S: * 50 FETCH (UID 119 FLAGS (\Draft $Junk) MODSEQ (90060115194045308))`,
		`S: * 51 FETCH (UID 541 FLAGS (\Seen $NotJunk) MODSEQ (90060115194045001))`,
		`S: A03 OK [READ-WRITE] Sorry, UIDVALIDITY mismatch`)
	b.session("rfc7162-qresync-select-seqmatch", "RFC 7162 SELECT QRESYNC with the known sequence-match data",
		`C: B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))`,
		`S: * OK [CLOSED] Previous mailbox closed`,
		`S: B04 OK [READ-WRITE] mailbox selected`)
	b.session("rfc7162-fetch-vanished", "RFC 7162 UID FETCH with CHANGEDSINCE and VANISHED, and unsolicited VANISHED",
		`C: A04 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)`,
		`S: * VANISHED (EARLIER) 300:310,405,411`,
		`S: * 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\Seen))`,
		`S: A04 OK done`,
		`C: A05 UID EXPUNGE 405,407,410,425`,
		`S: * VANISHED 405,407,410,425`,
		`S: A05 OK Expunged`)

	// QUOTA, RFC 9208.
	b.session("rfc9208-getquota", "RFC 9208 GETQUOTA",
		`C: G0001 GETQUOTA "!partition/sda4"`,
		`S: * QUOTA "!partition/sda4" (STORAGE 104 10923847)`,
		`S: G0001 OK Getquota complete`)
	b.session("rfc9208-getquotaroot", "RFC 9208 GETQUOTAROOT",
		`C: A003 GETQUOTAROOT INBOX`,
		`S: * QUOTAROOT INBOX "#user/alice" "!partition/sda4"`,
		`S: * QUOTA "#user/alice" (MESSAGE 42 1000)`,
		`S: * QUOTA "!partition/sda4" (STORAGE 104 10923847)`,
		`S: A003 OK Getquotaroot complete`,
		`C: A004 GETQUOTAROOT Nothing`,
		`S: * QUOTAROOT Nothing`,
		`S: A004 OK Getquotaroot complete`)
	b.session("rfc9208-setquota", "RFC 9208 SETQUOTA",
		`C: S0000 SETQUOTA "#user/alice" (STORAGE 510)`,
		`S: * QUOTA "#user/alice" (STORAGE 58 512)`,
		`S: S0000 OK Rounded quota`,
		`C: S0001 SETQUOTA "!partition/sda4" (STORAGE 99999999)`,
		`S: S0001 NO Not allowed to change quota`,
		`C: S0002 SETQUOTA "#user/bob" ()`,
		`S: S0002 OK Quota removed`)
	b.session("rfc9208-status-quota", "RFC 9208 quota resources, STATUS DELETED-STORAGE and OVERQUOTA",
		`C: A001 GETQUOTA ""`,
		`S: * QUOTA "" (STORAGE 10 512 MESSAGE 12 1000 MAILBOX 3 100 ANNOTATION-STORAGE 1 64)`,
		`S: A001 OK done`,
		`C: A002 STATUS INBOX (MESSAGES DELETED DELETED-STORAGE)`,
		`S: * STATUS INBOX (MESSAGES 12 DELETED 4 DELETED-STORAGE 8)`,
		`S: A002 OK done`,
		`C: A003 APPEND INBOX `+litPlus(rfcAppendMessage),
		`S: A003 NO [OVERQUOTA] Quota exceeded`)

	// METADATA, RFC 5464.
	b.session("rfc5464-getmetadata", "RFC 5464 GETMETADATA",
		`C: a GETMETADATA "" /shared/comment`,
		`S: * METADATA "" (/shared/comment "Shared comment")`,
		`S: a OK GETMETADATA complete`,
		`C: b GETMETADATA INBOX (/shared/comment /private/comment)`,
		`S: * METADATA INBOX (/shared/comment "Shared comment" /private/comment "My own comment")`,
		`S: b OK GETMETADATA complete`,
		`C: c GETMETADATA (MAXSIZE 1024) INBOX /shared/comment`,
		`S: * METADATA INBOX (/shared/comment "Shared comment")`,
		`S: c OK [METADATA LONGENTRIES 2199] GETMETADATA complete`,
		`C: d GETMETADATA (DEPTH 1) INBOX (/private/filters/values)`,
		`S: * METADATA INBOX (/private/filters/values/small "SMALLER 5000" /private/filters/values/boss "FROM \"boss@example.com\"")`,
		`S: d OK GETMETADATA complete`)
	b.session("rfc5464-setmetadata", "RFC 5464 SETMETADATA with a literal, NIL, and the METADATA response codes",
		`C: a SETMETADATA INBOX (/private/comment `+lit("My new comment across\r\ntwo lines.\r\n")+`)`,
		`S: + ready for data`,
		`S: a OK SETMETADATA complete`,
		`C: b SETMETADATA INBOX (/private/comment NIL)`,
		`S: b OK SETMETADATA complete`,
		`C: c SETMETADATA INBOX (/private/comment "My new comment")`,
		`S: c NO [METADATA TOOMANY] Too many annotations`,
		`C: d SETMETADATA INBOX (/shared/comment "Big")`,
		`S: d NO [METADATA MAXSIZE 1024] Annotation too large`,
		`C: e SETMETADATA INBOX (/private/comment "x")`,
		`S: e NO [METADATA NOPRIVATE] Private annotations not supported`)
	b.resp("rfc5464-metadata-unsolicited", `* METADATA INBOX /shared/comment /private/comment`)

	// SORT and THREAD, RFC 5256.
	b.session("rfc5256-sort", "RFC 5256 SORT examples",
		`C: A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994`,
		`S: * SORT 2 84 882`,
		`S: A282 OK SORT completed`,
		`C: A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL`,
		`S: * SORT 5 3 4 1 2`,
		`S: A283 OK SORT completed`,
		`C: A284 SORT (SUBJECT) US-ASCII TEXT "not in mailbox"`,
		`S: * SORT`,
		`S: A284 OK SORT completed`,
		`C: A285 UID SORT (ARRIVAL CC DATE FROM SIZE TO) UTF-8 UNSEEN`,
		`S: * SORT 7 19 3`,
		`S: A285 OK UID SORT completed`)
	b.session("rfc5256-thread", "RFC 5256 THREAD examples",
		`C: A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000`,
		`S: * THREAD (166)(167)(168)(169)(172)(170)(171)(173)(174 (175)(176)(178)(181)(180))(179)(177 (183)(182)(188)(184)(185)(186)(187)(189))(190)(191)(192)(193)(194 195)(196 (197)(198))(199)(200 202)(201)(203)(204)(205)(206 207)(208)`,
		`S: A283 OK THREAD completed`,
		`C: A284 THREAD ORDEREDSUBJECT US-ASCII TEXT "gewp"`,
		`S: * THREAD`,
		`S: A284 OK THREAD completed`,
		`C: A285 UID THREAD REFERENCES UTF-8 ALL`,
		`S: * THREAD (2)(3 6 (4 23)(44 7 96))`,
		`S: A285 OK UID THREAD completed`)
	b.resp("rfc5256-thread-nested-dummy", `* THREAD ((3)(5))`)

	// ACL, RFC 4314.
	b.session("rfc4314-acl", "RFC 4314 GETACL, SETACL, DELETEACL, LISTRIGHTS, MYRIGHTS",
		`C: A001 GETACL INBOX`,
		`S: * ACL INBOX Fred rwipsldexta`,
		`S: A001 OK Getacl complete`,
		`C: A002 SETACL INBOX "-Fred" lrswipcda`,
		`S: A002 OK Setacl complete`,
		`C: A003 SETACL INBOX Fred +k`,
		`S: A003 OK Setacl complete`,
		`C: A004 DELETEACL INBOX Fred`,
		`S: A004 OK Deleteacl complete`,
		`C: a LISTRIGHTS ~/Mail/saved smith`,
		`S: * LISTRIGHTS ~/Mail/saved smith la r swicdkxte`,
		`S: a OK Listrights completed`,
		`C: A005 MYRIGHTS INBOX`,
		`S: * MYRIGHTS INBOX rwiptsldaex`,
		`S: A005 OK Myrights complete`,
		`C: A035 SETACL INBOX/Drafts John lrQswicda`,
		`S: A035 BAD Uppercase rights are not allowed`)
	b.resp("rfc4314-acl-many", `* ACL "Shared Folder" anyone lr "-Fred" w owner lrswipkxtecda "user with space" lrs`)

	// ID, RFC 2971.
	b.session("rfc2971-id", "RFC 2971 ID examples",
		`C: a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")`,
		`S: * ID NIL`,
		`S: a023 OK ID completed`,
		`C: a024 ID NIL`,
		`S: * ID ("name" "Cyrus" "version" "1.5" "os" "sunos" "os-version" "5.5" "support-url" "mailto:cyrus-bugs+@andrew.cmu.edu")`,
		`S: a024 OK ID completed`,
		`C: a025 ID ("name" NIL "x-empty" "")`,
		`S: * ID ("name" "Dovecot")`,
		`S: a025 OK ID completed`)

	// UIDPLUS, RFC 4315.
	b.session("rfc4315-uidplus", "RFC 4315 UIDPLUS: APPENDUID for MULTIAPPEND, COPYUID, UID EXPUNGE, UIDNOTSTICKY",
		`C: A003 APPEND saved-messages (\Seen) `+litPlus(rfcAppendMessage)+` (\Draft) "05-Oct-2021 12:00:00 +0200" `+litPlus(message("Subject: second", "", "two")),
		`S: A003 OK [APPENDUID 38505 3955:3956] APPEND completed`,
		`C: A004 COPY 2:4 meeting`,
		`S: A004 OK [COPYUID 38505 304,319:320 3956:3958] Done`,
		`C: A005 UID EXPUNGE 3000:3002`,
		`S: * 3 EXPUNGE`,
		`S: * 3 EXPUNGE`,
		`S: * 3 EXPUNGE`,
		`S: A005 OK UID EXPUNGE completed`,
		`C: A006 SELECT funny-box`,
		`S: * 0 EXISTS`,
		`S: * NO [UIDNOTSTICKY] Non-persistent UIDs`,
		`S: A006 OK [READ-WRITE] SELECT completed`)

	// BINARY, RFC 3516.
	b.session("rfc3516-binary", "RFC 3516 FETCH BINARY, BINARY.SIZE and APPEND with literal8",
		`C: A1 FETCH 1 (BINARY.SIZE[1] BINARY.PEEK[1])`,
		`S: * 1 FETCH (BINARY.SIZE[1] 6 BINARY[1] `+lit8("\x00\x01\x02\r\n\xff")+`)`,
		`S: A1 OK FETCH completed`,
		`C: A2 FETCH 1 BINARY[1]<2.3>`,
		`S: * 1 FETCH (BINARY[1]<2> ~{3}`+"\r\n"+"\x02\r\n"+` FLAGS (\Seen))`,
		`S: A2 OK FETCH completed`,
		`C: A3 APPEND INBOX (\Draft) `+lit8(message("Content-Type: application/octet-stream", "Content-Transfer-Encoding: binary", "")+"\x00\xfe\xff\x00"),
		`S: + OK`,
		`S: A3 OK [APPENDUID 1 7] APPEND completed`,
		`C: A4 FETCH 1 BINARY[]`,
		`S: * 1 FETCH (BINARY[] NIL)`,
		`S: A4 OK FETCH completed`)

	// COMPRESS, RFC 4978: only the plaintext part before DEFLATE.
	b.session("rfc4978-compress", "RFC 4978 COMPRESS DEFLATE (the compressed stream after the OK is not part of the transcript)",
		`C: a001 CAPABILITY`,
		`S: * CAPABILITY IMAP4rev1 COMPRESS=DEFLATE ID`,
		`S: a001 OK CAPABILITY completed`,
		`C: a002 COMPRESS DEFLATE`,
		`S: a002 OK DEFLATE active`)
	b.resp("rfc4978-compressionactive", `a003 NO [COMPRESSIONACTIVE] DEFLATE already active`)

	// SPECIAL-USE, RFC 6154.
	b.session("rfc6154-special-use", "RFC 6154 LIST RETURN (SPECIAL-USE), LIST (SPECIAL-USE), CREATE USE",
		`C: t1 LIST "" "%" RETURN (SPECIAL-USE)`,
		`S: * LIST (\Marked \HasNoChildren) "/" Inbox`,
		`S: * LIST (\HasNoChildren) "/" ToDo`,
		`S: * LIST (\HasChildren) "/" Projects`,
		`S: * LIST (\Sent \HasNoChildren) "/" SentMail`,
		`S: * LIST (\Marked \Drafts \HasNoChildren) "/" MyDrafts`,
		`S: * LIST (\Trash \HasNoChildren) "/" Trash`,
		`S: t1 OK done`,
		`C: t2 LIST (SPECIAL-USE) "" "*"`,
		`S: * LIST (\Sent \HasNoChildren) "/" SentMail`,
		`S: * LIST (\Marked \Drafts \HasNoChildren) "/" MyDrafts`,
		`S: * LIST (\Trash \HasNoChildren) "/" Trash`,
		`S: * LIST (\All \Archive \Flagged \Junk \HasNoChildren) "/" "[Gmail]/Mixed"`,
		`S: t2 OK done`,
		`C: t3 CREATE MySpecial (USE (\Drafts \Sent))`,
		`S: t3 OK MySpecial created`,
		`C: t4 CREATE Everything (USE (\All))`,
		`S: t4 NO [USEATTR] \All not supported`)

	// UTF8=ACCEPT, RFC 6855.
	b.session("rfc6855-utf8-accept", "RFC 6855 ENABLE UTF8=ACCEPT, UTF-8 mailbox names and quoted strings, APPEND UTF8",
		`C: a ENABLE UTF8=ACCEPT`,
		`S: * ENABLED UTF8=ACCEPT`,
		`S: a OK done`,
		`C: b LIST "" "Entwürfe*"`,
		`S: * LIST (\Drafts) "/" "Entwürfe"`,
		`S: b OK done`,
		`C: c SELECT "Entwürfe"`,
		`S: * 1 EXISTS`,
		`S: * OK [UIDVALIDITY 1] ok`,
		`S: c OK [READ-WRITE] done`,
		`C: d FETCH 1 ENVELOPE`,
		`S: * 1 FETCH (ENVELOPE ("Mon, 1 Mar 2021 10:00:00 +0100" "Grüße aus Köln ✉" (("Jürgen Müller" NIL "jürgen" "müller.example")) NIL NIL (("张伟" NIL "张伟" "例子.测试")) NIL NIL NIL NIL))`,
		`S: d OK done`,
		`C: e APPEND "Entwürfe" UTF8 (`+lit8(message("Subject: Gr\u00fc\u00dfe", "Content-Type: text/plain; charset=utf-8", "", "\u00e4\u00f6\u00fc"))+`)`,
		`S: + go ahead`,
		`S: e OK [APPENDUID 1 2] done`)

	// SASL-IR, RFC 4959.
	b.session("rfc4959-sasl-ir", "RFC 4959 AUTHENTICATE with an initial response, and the SASL-IR advertisement",
		`S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=SCRAM-SHA-256] ready`,
		`C: A01 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=`,
		`S: A01 OK Success`)
	b.session("rfc4959-scram", "AUTHENTICATE SCRAM-SHA-256 with an initial response and two challenges",
		`C: A02 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=`,
		`S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=`,
		`C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==`,
		`S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==`,
		`C: `,
		`S: A02 OK [CAPABILITY IMAP4rev1 IDLE] Authenticated`)

	// LITERAL+ and LITERAL-, RFC 7888.
	b.session("rfc7888-literal-plus", "RFC 7888 non-synchronizing literals: no continuation request",
		`S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready`,
		`C: A001 LOGIN `+litPlus("FRED FOOBAR")+` `+litPlus("fat man"),
		`S: A001 OK LOGIN completed`,
		`C: A002 CREATE `+litPlus("Stuff with \"quotes\" and \\ backslash"),
		`S: A002 OK CREATE completed`)
	b.session("rfc7888-literal-minus", "RFC 7888 LITERAL-: a {4096+} literal is the largest non-synchronizing one; larger ones synchronize",
		`S: * OK [CAPABILITY IMAP4rev1 LITERAL-] ready`,
		`C: A001 APPEND INBOX `+litPlus(bigMessage(4096)),
		`S: A001 OK APPEND completed`,
		`C: A002 APPEND INBOX `+lit(bigMessage(5000)),
		`S: + Ready for literal data`,
		`S: A002 OK APPEND completed`)
	b.session("rfc7888-literal-minus-too-big", "RFC 7888 LITERAL-: the server's answer to a {n+} above 4096",
		`S: A003 BAD [TOOBIG] Non-synchronizing literal larger than 4096 bytes`)

	// NOTIFY-free unsolicited data a server may send at any time.
	b.session("unsolicited-updates", "Unsolicited untagged data between commands, and a BYE at shutdown",
		`C: A1 NOOP`,
		`S: * 5 EXISTS`,
		`S: * 1 RECENT`,
		`S: * 3 FETCH (FLAGS (\Seen $Label1))`,
		`S: * 2 EXPUNGE`,
		`S: * OK [ALERT] Server will restart in 5 minutes`,
		`S: A1 OK NOOP completed`,
		`S: * BYE [UNAVAILABLE] Server shutting down`)

	// MULTIAPPEND with a synchronizing literal per message, RFC 3502.
	b.session("rfc3502-multiappend", "RFC 3502 MULTIAPPEND",
		`C: A003 APPEND saved-messages (\Seen) `+lit(rfcAppendMessage)+` (\Seen) `+lit(message("Date: Mon, 7 Feb 1994 22:43:04 -0800 (PST)", "From: Joe Mooch <mooch@OWaTaGu.siam.EDU.example>", "Subject: Re: afternoon meeting", "To: foobar@blurdybloop.example", "Message-Id: <a0434793874930@OWaTaGu.siam.EDU.example>", "MIME-Version: 1.0", "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII", "", "3:30 is fine with me.")),
		`S: + Ready for literal data`,
		`S: + Ready for literal data`,
		`S: A003 OK APPEND completed`)
}

// bigMessage returns a message of exactly n bytes (n >= 40).
func bigMessage(n int) string {
	head := "Subject: filler\r\n\r\n"
	body := make([]byte, n-len(head))
	for i := range body {
		switch {
		case i%78 == 76:
			body[i] = '\r'
		case i%78 == 77:
			body[i] = '\n'
		default:
			body[i] = 'a' + byte(i%26)
		}
	}
	return head + string(body)
}
