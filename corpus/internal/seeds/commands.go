package seeds

import "strings"

// commandSeeds adds one seed per command form of issue 3: every command of
// RFC 9051 and RFC 3501 and of the common extensions, each argument form
// (atom, quoted, literal, literal8) at least once, every FETCH item and
// macro, every STATUS item, every STORE form and every search key.
func commandSeeds(b *builder) {
	for _, c := range [][2]string{
		{"capability", `a1 CAPABILITY`},
		{"noop", `a1 NOOP`},
		{"logout", `a1 LOGOUT`},
		{"starttls", `a1 STARTTLS`},
		{"login-atoms", `a1 LOGIN alice secret`},
		{"login-quoted", `a1 LOGIN "alice@example.org" "pa ss\"word\\"`},
		{"login-literal-sync", `a1 LOGIN ` + lit("alice") + ` ` + lit("p\u00e4ss")},
		{"login-literal-plus", `a1 LOGIN ` + litPlus("alice") + ` ` + litPlus("secret")},
		{"authenticate-plain", `a1 AUTHENTICATE PLAIN`},
		{"authenticate-sasl-ir", `a1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==`},
		{"authenticate-sasl-ir-empty", `a1 AUTHENTICATE EXTERNAL =`},
		{"enable", `a1 ENABLE CONDSTORE QRESYNC UTF8=ACCEPT`},
		{"select", `a1 SELECT INBOX`},
		{"select-quoted", `a1 SELECT "Sent Items"`},
		{"select-condstore", `a1 SELECT INBOX (CONDSTORE)`},
		{"select-qresync", `a1 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:*))`},
		{"select-qresync-seqmatch", `a1 SELECT INBOX (QRESYNC (67890007 90060115194045000 41,43:211,214:541 (1:10 100:110)))`},
		{"examine", `a1 EXAMINE blurdybloop`},
		{"examine-condstore", `a1 EXAMINE INBOX (CONDSTORE)`},
		{"create", `a1 CREATE owatagusiam/blurdybloop`},
		{"create-use", `a1 CREATE Archive (USE (\Archive))`},
		{"delete", `a1 DELETE "foo/bar"`},
		{"rename", `a1 RENAME blurdybloop sarasoop`},
		{"rename-literal", `a1 RENAME ` + litPlus("old name") + ` ` + litPlus("new name")},
		{"subscribe", `a1 SUBSCRIBE #news.comp.mail.mime`},
		{"unsubscribe", `a1 UNSUBSCRIBE #news.comp.mail.mime`},
		{"list", `a1 LIST "" *`},
		{"list-percent", `a1 LIST ~/Mail/ %`},
		{"list-selection-return", `a1 LIST (SUBSCRIBED REMOTE RECURSIVEMATCH) "" "*" RETURN (CHILDREN SUBSCRIBED SPECIAL-USE)`},
		{"list-multiple-patterns", `a1 LIST "" ("INBOX" "Drafts" "Sent/%")`},
		{"list-return-status", `a1 LIST "" % RETURN (STATUS (MESSAGES UNSEEN UIDNEXT SIZE))`},
		{"list-special-use-selection", `a1 LIST (SPECIAL-USE) "" "*"`},
		{"list-utf8", "a1 LIST \"\" \"Entw\u00fcrfe/*\""},
		{"lsub", `a1 LSUB "#news." "comp.mail.*"`},
		{"namespace", `a1 NAMESPACE`},
		{"status-all-items", `a1 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ APPENDLIMIT MAILBOXID DELETED-STORAGE)`},
		{"status-one", `a1 STATUS "Sent Items" (UNSEEN)`},
		{"append-flags-date", `a1 APPEND INBOX (\Seen \Flagged $Forwarded) " 7-Feb-1994 21:52:25 -0800" ` + lit(rfcAppendMessage)},
		{"append-no-flags", `a1 APPEND INBOX ` + litPlus(rfcAppendMessage)},
		{"append-empty-flags", `a1 APPEND INBOX () ` + litPlus(rfcAppendMessage)},
		{"append-literal8", `a1 APPEND INBOX (\Draft) ` + lit8("Subject: bin\r\n\r\n\x00\x01\x02")},
		{"append-multi", `a1 APPEND INBOX (\Seen) ` + litPlus("Subject: 1\r\n\r\none\r\n") + ` ` + litPlus("Subject: 2\r\n\r\ntwo\r\n")},
		{"append-utf8", `a1 APPEND INBOX UTF8 (` + lit8("Subject: \u00e4\r\n\r\n\u00f6\r\n") + `)`},
		{"idle", `a1 IDLE`},
		{"check", `a1 CHECK`},
		{"close", `a1 CLOSE`},
		{"unselect", `a1 UNSELECT`},
		{"expunge", `a1 EXPUNGE`},
		{"uid-expunge", `a1 UID EXPUNGE 3000:3002,4000`},
		{"search-charset", `a1 SEARCH CHARSET UTF-8 SUBJECT "café"`},
		{"search-return-all", `a1 SEARCH RETURN (MIN MAX ALL COUNT SAVE) UNSEEN`},
		{"search-return-empty", `a1 SEARCH RETURN () ALL`},
		{"search-nested", `a1 SEARCH OR (FROM "alice" NOT SEEN) (OR SUBJECT "x" (UID 1:100 LARGER 10)) NOT (DELETED DRAFT)`},
		{"search-modseq", `a1 SEARCH MODSEQ "/flags/\\draft" all 620162338`},
		{"search-modseq-plain", `a1 SEARCH MODSEQ 720162338`},
		{"search-result-var", `a1 UID SEARCH UID $ SMALLER 4096`},
		{"search-literal", `a1 SEARCH SUBJECT ` + litPlus("two\r\nlines")},
		{"search-older-younger", `a1 SEARCH OLDER 3600 YOUNGER 86400`},
		{"search-savedate", `a1 SEARCH SAVEDBEFORE 1-Jan-2022 SAVEDSINCE 1-Jan-2021 SAVEDON 5-Jun-2021 SAVEDATESUPPORTED`},
		{"search-emailid", `a1 SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9`},
		{"fetch-all", `a1 FETCH 1:* ALL`},
		{"fetch-fast", `a1 FETCH 1:* FAST`},
		{"fetch-full", `a1 FETCH 12 FULL`},
		{"fetch-every-item", `a1 FETCH 1 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE RFC822 RFC822.HEADER RFC822.TEXT MODSEQ EMAILID THREADID SAVEDATE PREVIEW)`},
		{"fetch-body-sections", `a1 FETCH 1 (BODY[] BODY[HEADER] BODY[TEXT] BODY[1] BODY[1.2.3] BODY[1.MIME] BODY[2.HEADER] BODY[2.TEXT] BODY[HEADER.FIELDS (DATE FROM SUBJECT)] BODY[HEADER.FIELDS.NOT (RECEIVED)] BODY[3.HEADER.FIELDS (TO)])`},
		{"fetch-body-peek-partial", `a1 UID FETCH 100:200 (UID BODY.PEEK[HEADER.FIELDS (DATE FROM)]<0.2048> BODY.PEEK[TEXT]<100.50>)`},
		{"fetch-binary", `a1 FETCH 1 (BINARY[1] BINARY.PEEK[2.1]<0.100> BINARY.SIZE[1] BINARY[])`},
		{"fetch-changedsince", `a1 FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)`},
		{"fetch-changedsince-vanished", `a1 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)`},
		{"fetch-preview-lazy", `a1 FETCH 1 (PREVIEW (LAZY))`},
		{"fetch-single-item", `a1 FETCH 2 BODY.PEEK[]`},
		{"fetch-star-ranges", `a1 FETCH 5:*,*:1,2,3:4 (FLAGS)`},
		{"store-flags", `a1 STORE 1 FLAGS (\Seen)`},
		{"store-plus-flags", `a1 STORE 2:4 +FLAGS (\Deleted)`},
		{"store-minus-flags-silent", `a1 STORE 2:4 -FLAGS.SILENT (\Deleted)`},
		{"store-flags-silent-bare", `a1 STORE 1:* FLAGS.SILENT \Seen \Answered`},
		{"store-unchangedsince", `a1 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\Deleted)`},
		{"store-empty", `a1 STORE 1 FLAGS ()`},
		{"copy", `a1 COPY 2:4 MEETING`},
		{"move", `a1 MOVE 1:3 Archive`},
		{"uid-fetch", `a1 UID FETCH 4827313:4828442 FLAGS`},
		{"uid-store", `a1 UID STORE 4827313 +FLAGS.SILENT ($Junk)`},
		{"uid-copy", `a1 UID COPY 4827313:* "Saved Messages"`},
		{"uid-move", `a1 UID MOVE 42:69 foo`},
		{"uid-search", `a1 UID SEARCH RETURN (ALL) UID 1:* UNDELETED`},
		{"uid-sort", `a1 UID SORT (REVERSE ARRIVAL) UTF-8 ALL`},
		{"uid-thread", `a1 UID THREAD REFERENCES UTF-8 ALL`},
		{"id", `a1 ID ("name" "imapstress" "version" "0.1")`},
		{"id-nil", `a1 ID NIL`},
		{"getquota", `a1 GETQUOTA ""`},
		{"getquotaroot", `a1 GETQUOTAROOT INBOX`},
		{"setquota", `a1 SETQUOTA "#user/alice" (STORAGE 510 MESSAGE 1000)`},
		{"getmetadata", `a1 GETMETADATA INBOX /private/comment`},
		{"getmetadata-options", `a1 GETMETADATA (MAXSIZE 1024 DEPTH infinity) "" (/shared/comment /private/vendor)`},
		{"setmetadata", `a1 SETMETADATA INBOX (/private/comment "hello" /shared/comment NIL)`},
		{"setmetadata-literal8", `a1 SETMETADATA INBOX (/private/blob ` + lit8("\x00\x01") + `)`},
		{"sort", `a1 SORT (SUBJECT REVERSE DATE) UTF-8 ALL`},
		{"sort-return", `a1 SORT RETURN (COUNT MIN) (DISPLAYFROM) UTF-8 UNSEEN`},
		{"thread-orderedsubject", `a1 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000`},
		{"thread-references", `a1 THREAD REFERENCES US-ASCII TEXT "gewp"`},
		{"compress", `a1 COMPRESS DEFLATE`},
		{"getacl", `a1 GETACL INBOX`},
		{"setacl", `a1 SETACL INBOX Fred lrswipkxtecda`},
		{"setacl-minus", `a1 SETACL INBOX "-Fred" -w`},
		{"deleteacl", `a1 DELETEACL INBOX Fred`},
		{"listrights", `a1 LISTRIGHTS ~/Mail/saved smith`},
		{"myrights", `a1 MYRIGHTS INBOX`},
		{"x-command", `a1 XPIG-LATIN`},
		{"x-command-args", `a1 X-CUSTOM arg1 "arg two" (list of atoms) ` + litPlus("lit")},
		{"unknown-command", `a1 FROBNICATE 1:* (a b c)`},
		{"lowercase", `a1 uid fetch 1:* (flags body.peek[header.fields (subject)])`},
		{"tag-odd-chars", `A.b-c_d!e#f$g&h'i=j@k^l|m~n FETCH 1 FLAGS`},
		{"mailbox-inbox-mixed-case", `a1 SELECT iNbOx`},
		{"mailbox-empty-string", `a1 LIST "" ""`},
		{"uid-sequence-dollar", `a1 UID FETCH $ (UID)`},
		{"seqset-max", `a1 FETCH 4294967295 FLAGS`},
		{"seqset-reverse-range", `a1 FETCH 10:1 FLAGS`},
	} {
		b.cmd("cmd-"+c[0], c[1])
	}
	// A pipelined burst as a load generator writes it.
	b.cmd("cmd-pipeline-typical",
		`a1 UID FETCH 1:50 (UID FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE)])`,
		`a2 UID STORE 7 +FLAGS.SILENT (\Seen)`,
		`a3 UID SEARCH OR (UNSEEN FROM "bob") (SINCE 1-Jan-2024 NOT DELETED)`,
		`a4 NOOP`)
	// IDLE with its DONE, AUTHENTICATE with its lines: framed as one exchange.
	b.cmd("cmd-idle-done", `a1 IDLE`, `DONE`)
	b.cmd("cmd-authenticate-continuation", `a1 AUTHENTICATE PLAIN`, `AGFsaWNlAHNlY3JldA==`)
	b.cmd("cmd-authenticate-cancel", `a1 AUTHENTICATE PLAIN`, `*`)
	// Every RFC 9051 search key (the 3501 ones are in rfc3501.go).
	for _, key := range strings.Split(searchKeys9051, "\n") {
		name := sanitize(strings.Fields(key)[0])
		if name == "" {
			name = "result-variable"
		}
		b.cmd("cmd-search-key-"+name, "a1 SEARCH "+key)
	}
}

// searchKeys9051 lists the search keys that RFC 9051 and the extensions add.
const searchKeys9051 = `$
MODSEQ 620162338
OLDER 3600
YOUNGER 60
SAVEDBEFORE 1-Jan-2022
SAVEDON 1-Jan-2022
SAVEDSINCE 1-Jan-2022
SAVEDATESUPPORTED
EMAILID M6d99ac3275bb4e
THREADID T64b478a75b7ea9
FUZZY SUBJECT "meeting"
FILTER on-hold`
