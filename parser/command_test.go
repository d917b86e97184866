package parser

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// commandTests pairs commands with the JSON of their parsed structure.
var commandTests = []struct {
	in, want string
}{
	{"a CAPABILITY\r\n", `{"tag":"a","command":"CAPABILITY"}`},
	{"a noop\r\n", `{"tag":"a","command":"NOOP"}`},
	{"a LOGOUT\r\n", `{"tag":"a","command":"LOGOUT"}`},
	{"a STARTTLS\r\n", `{"tag":"a","command":"STARTTLS"}`},
	{"a AUTHENTICATE PLAIN\r\n", `{"tag":"a","command":"AUTHENTICATE","mechanism":"PLAIN"}`},
	{"a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n", `{"tag":"a","command":"AUTHENTICATE","mechanism":"PLAIN","initial_response":"AGFsaWNlAHNlY3JldA=="}`},
	{"a AUTHENTICATE EXTERNAL =\r\n", `{"tag":"a","command":"AUTHENTICATE","mechanism":"EXTERNAL","initial_response":"="}`},
	{"a LOGIN alice \"p w\\\"\"\r\n", `{"tag":"a","command":"LOGIN","user":"alice","password":"p w\""}`},
	{"a LOGIN {5+}\r\nalice {2}\r\npw\r\n", `{"tag":"a","command":"LOGIN","user":"alice","password":"pw"}`},
	{"a ENABLE CONDSTORE UTF8=ACCEPT\r\n", `{"tag":"a","command":"ENABLE","items":["CONDSTORE","UTF8=ACCEPT"]}`},
	{"a SELECT INBOX\r\n", `{"tag":"a","command":"SELECT","mailbox":"INBOX"}`},
	{"a SELECT INBOX (CONDSTORE)\r\n", `{"tag":"a","command":"SELECT","mailbox":"INBOX","options":["CONDSTORE"]}`},
	{"a EXAMINE \"Sent Items\" (QRESYNC (67890007 20050715194045000 41,43:211,214:541 (1:10 1:10)))\r\n", `{"tag":"a","command":"EXAMINE","mailbox":"Sent Items","options":["QRESYNC",[67890007,20050715194045000,"41,43:211,214:541",["1:10","1:10"]]]}`},
	{"a SELECT INBOX (QRESYNC (1 2))\r\n", `{"tag":"a","command":"SELECT","mailbox":"INBOX","options":["QRESYNC",[1,2]]}`},
	{"a CREATE Drafts (USE (\\Drafts))\r\n", `{"tag":"a","command":"CREATE","mailbox":"Drafts","options":["USE",["\\Drafts"]]}`},
	{"a DELETE foo\r\n", `{"tag":"a","command":"DELETE","mailbox":"foo"}`},
	{"a RENAME foo \"bar baz\"\r\n", `{"tag":"a","command":"RENAME","mailbox":"foo","new_name":"bar baz"}`},
	{"a SUBSCRIBE foo\r\n", `{"tag":"a","command":"SUBSCRIBE","mailbox":"foo"}`},
	{"a UNSUBSCRIBE foo\r\n", `{"tag":"a","command":"UNSUBSCRIBE","mailbox":"foo"}`},
	{"a LIST \"\" *\r\n", `{"tag":"a","command":"LIST","mailbox":"","patterns":"*"}`},
	{"a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX* %) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n", `{"tag":"a","command":"LIST","mailbox":"","patterns":["INBOX*","%"],"options":["SUBSCRIBED","RECURSIVEMATCH"],"return":["CHILDREN","STATUS",["MESSAGES","UNSEEN"]]}`},
	{"a LIST () \"\" % RETURN ()\r\n", `{"tag":"a","command":"LIST","mailbox":"","patterns":"%","options":[],"return":[]}`},
	{"a LSUB \"#news.\" comp.%\r\n", `{"tag":"a","command":"LSUB","mailbox":"#news.","patterns":"comp.%"}`},
	{"a NAMESPACE\r\n", `{"tag":"a","command":"NAMESPACE"}`},
	{"a STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT HIGHESTMODSEQ APPENDLIMIT MAILBOXID)\r\n", `{"tag":"a","command":"STATUS","mailbox":"INBOX","items":["MESSAGES","UIDNEXT","UIDVALIDITY","UNSEEN","DELETED","SIZE","RECENT","HIGHESTMODSEQ","APPENDLIMIT","MAILBOXID"]}`},
	{"a APPEND INBOX {5}\r\nhello\r\n", `{"tag":"a","command":"APPEND","mailbox":"INBOX","messages":[{"data":"hello"}]}`},
	{"a APPEND INBOX (\\Seen) \" 5-Mar-2024 09:30:00 +0100\" {5+}\r\nhello (\\Draft $x) ~{2}\r\nh\x00\r\n", `{"tag":"a","command":"APPEND","mailbox":"INBOX","messages":[{"flags":["\\Seen"],"date":" 5-Mar-2024 09:30:00 +0100","data":"hello"},{"flags":["\\Draft","$x"],"data":{"literal":2}}]}`},
	{"a APPEND INBOX () \"05-Mar-2024 09:30:00 -0000\" UTF8 (~{1}\r\nx)\r\n", `{"tag":"a","command":"APPEND","mailbox":"INBOX","messages":[{"flags":[],"date":"05-Mar-2024 09:30:00 -0000","utf8":true,"data":{"literal":1}}]}`},
	{"a APPEND Drafts CATENATE (URL \"/Drafts;UIDVALIDITY=3/;UID=1\" TEXT {2}\r\nhi)\r\n", `{"tag":"a","command":"APPEND","mailbox":"Drafts","messages":[{"catenate":["URL","/Drafts;UIDVALIDITY=3/;UID=1","TEXT","hi"]}]}`},
	{"a IDLE\r\n", `{"tag":"a","command":"IDLE"}`},
	{"a CHECK\r\n", `{"tag":"a","command":"CHECK"}`},
	{"a CLOSE\r\n", `{"tag":"a","command":"CLOSE"}`},
	{"a UNSELECT\r\n", `{"tag":"a","command":"UNSELECT"}`},
	{"a EXPUNGE\r\n", `{"tag":"a","command":"EXPUNGE"}`},
	{"a UID EXPUNGE 3:5,7\r\n", `{"tag":"a","command":"EXPUNGE","uid":true,"seq":"3:5,7"}`},
	{"a SEARCH ALL\r\n", `{"tag":"a","command":"SEARCH","keys":[{"key":"ALL"}]}`},
	{"a SEARCH CHARSET \"UTF-8\" SUBJECT {3}\r\nabc\r\n", `{"tag":"a","command":"SEARCH","charset":"UTF-8","keys":[{"key":"SUBJECT","arg":"abc"}]}`},
	{"a UID SEARCH RETURN (MIN MAX COUNT SAVE) OR (FROM alice SINCE 1-Jan-2024) NOT (SEEN DELETED)\r\n", `{"tag":"a","command":"SEARCH","uid":true,"return":["MIN","MAX","COUNT","SAVE"],"keys":[{"key":"OR","keys":[{"key":"group","keys":[{"key":"FROM","arg":"alice"},{"key":"SINCE","arg":"1-Jan-2024"}]},{"key":"NOT","keys":[{"key":"group","keys":[{"key":"SEEN"},{"key":"DELETED"}]}]}]}]}`},
	{"a SEARCH RETURN () ANSWERED BCC b BEFORE \"2-Feb-2024\" BODY x CC c DELETED DRAFT FLAGGED FROM f HEADER X-Y \"\" KEYWORD $k LARGER 10 NEW OLD ON 1-Jan-2024 RECENT SEEN\r\n",
		`{"tag":"a","command":"SEARCH","return":[],"keys":[{"key":"ANSWERED"},{"key":"BCC","arg":"b"},{"key":"BEFORE","arg":"2-Feb-2024"},{"key":"BODY","arg":"x"},{"key":"CC","arg":"c"},{"key":"DELETED"},{"key":"DRAFT"},{"key":"FLAGGED"},{"key":"FROM","arg":"f"},{"key":"HEADER","field":"X-Y","arg":""},{"key":"KEYWORD","arg":"$k"},{"key":"LARGER","arg":10},{"key":"NEW"},{"key":"OLD"},{"key":"ON","arg":"1-Jan-2024"},{"key":"RECENT"},{"key":"SEEN"}]}`},
	{"a SEARCH SENTBEFORE 1-Jan-2024 SENTON 31-dec-2024 SENTSINCE 1-Jan-2024 SMALLER 5 SUBJECT s TEXT t TO u UID 1:* UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD $k UNSEEN $ 2,4:* OLDER 60 YOUNGER 5 EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9 SAVEDBEFORE 1-Jan-2024 SAVEDON 1-Jan-2024 SAVEDSINCE 1-Jan-2024 SAVEDATESUPPORTED\r\n",
		`{"tag":"a","command":"SEARCH","keys":[{"key":"SENTBEFORE","arg":"1-Jan-2024"},{"key":"SENTON","arg":"31-dec-2024"},{"key":"SENTSINCE","arg":"1-Jan-2024"},{"key":"SMALLER","arg":5},{"key":"SUBJECT","arg":"s"},{"key":"TEXT","arg":"t"},{"key":"TO","arg":"u"},{"key":"UID","seq":"1:*"},{"key":"UNANSWERED"},{"key":"UNDELETED"},{"key":"UNDRAFT"},{"key":"UNFLAGGED"},{"key":"UNKEYWORD","arg":"$k"},{"key":"UNSEEN"},{"key":"sequence-set","seq":"$"},{"key":"sequence-set","seq":"2,4:*"},{"key":"OLDER","arg":60},{"key":"YOUNGER","arg":5},{"key":"EMAILID","arg":"M6d99ac3275bb4e"},{"key":"THREADID","arg":"T64b478a75b7ea9"},{"key":"SAVEDBEFORE","arg":"1-Jan-2024"},{"key":"SAVEDON","arg":"1-Jan-2024"},{"key":"SAVEDSINCE","arg":"1-Jan-2024"},{"key":"SAVEDATESUPPORTED"}]}`},
	{"a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338 MODSEQ 0\r\n", `{"tag":"a","command":"SEARCH","keys":[{"key":"MODSEQ","field":"/flags/\\draft","entry_type":"ALL","arg":620162338},{"key":"MODSEQ","arg":0}]}`},
	{"a FETCH 1:* ALL\r\n", `{"tag":"a","command":"FETCH","seq":"1:*","items":[{"item":"FLAGS","macro":"ALL"},{"item":"INTERNALDATE","macro":"ALL"},{"item":"RFC822.SIZE","macro":"ALL"},{"item":"ENVELOPE","macro":"ALL"}]}`},
	{"a FETCH 1 fast\r\n", `{"tag":"a","command":"FETCH","seq":"1","items":[{"item":"FLAGS","macro":"FAST"},{"item":"INTERNALDATE","macro":"FAST"},{"item":"RFC822.SIZE","macro":"FAST"}]}`},
	{"a FETCH 1 FULL\r\n", `{"tag":"a","command":"FETCH","seq":"1","items":[{"item":"FLAGS","macro":"FULL"},{"item":"INTERNALDATE","macro":"FULL"},{"item":"RFC822.SIZE","macro":"FULL"},{"item":"ENVELOPE","macro":"FULL"},{"item":"BODY","macro":"FULL"}]}`},
	{"a FETCH 2 BODY[]\r\n", `{"tag":"a","command":"FETCH","seq":"2","items":[{"item":"BODY[]","part":""}]}`},
	{"a UID FETCH 1:* (UID FLAGS BODY.PEEK[1.2.HEADER.FIELDS.NOT (From \"To\")]<0.100> BINARY.PEEK[1]<5.6> BINARY.SIZE[2] BODY[1.MIME] BODY[TEXT] BODY[HEADER] BODY[3] ENVELOPE INTERNALDATE RFC822 RFC822.HEADER RFC822.TEXT RFC822.SIZE BODY BODYSTRUCTURE MODSEQ EMAILID THREADID SAVEDATE PREVIEW X-GM-MSGID) (CHANGEDSINCE 12345 VANISHED)\r\n",
		`{"tag":"a","command":"FETCH","uid":true,"seq":"1:*","items":[{"item":"UID"},{"item":"FLAGS"},{"item":"BODY[]","peek":true,"part":"1.2","specifier":"HEADER.FIELDS.NOT","fields":["From","To"],"partial":[0,100]},{"item":"BINARY[]","peek":true,"part":"1","partial":[5,6]},{"item":"BINARY.SIZE[]","part":"2"},{"item":"BODY[]","part":"1","specifier":"MIME"},{"item":"BODY[]","part":"","specifier":"TEXT"},{"item":"BODY[]","part":"","specifier":"HEADER"},{"item":"BODY[]","part":"3"},{"item":"ENVELOPE"},{"item":"INTERNALDATE"},{"item":"RFC822"},{"item":"RFC822.HEADER"},{"item":"RFC822.TEXT"},{"item":"RFC822.SIZE"},{"item":"BODY"},{"item":"BODYSTRUCTURE"},{"item":"MODSEQ"},{"item":"EMAILID"},{"item":"THREADID"},{"item":"SAVEDATE"},{"item":"PREVIEW"},{"item":"X-GM-MSGID"}],"modifiers":["CHANGEDSINCE",12345,"VANISHED"]}`},
	{"a FETCH 1 (PREVIEW (LAZY))\r\n", `{"tag":"a","command":"FETCH","seq":"1","items":[{"item":"PREVIEW","modifiers":["LAZY"]}]}`},
	{"a STORE 1:3 +FLAGS.SILENT (\\Seen $Junk)\r\n", `{"tag":"a","command":"STORE","seq":"1:3","op":"+FLAGS","silent":true,"flags":["\\Seen","$Junk"]}`},
	{"a UID STORE 4 (UNCHANGEDSINCE 0) -FLAGS \\Deleted \\Seen\r\n", `{"tag":"a","command":"STORE","uid":true,"seq":"4","op":"-FLAGS","flags":["\\Deleted","\\Seen"],"modifiers":["UNCHANGEDSINCE",0]}`},
	{"a STORE $ FLAGS ()\r\n", `{"tag":"a","command":"STORE","seq":"$","op":"FLAGS","flags":[]}`},
	{"a STORE 1 flags.Silent (\\Seen NIL 12 \\123 x)\r\n", `{"tag":"a","command":"STORE","seq":"1","op":"FLAGS","silent":true,"flags":["\\Seen",null,12,"\\123","x"]}`},
	{"a STORE 1 Flags (x)\r\n", `{"tag":"a","command":"STORE","seq":"1","op":"FLAGS","flags":["x"]}`},
	{"a COPY 1:2 Trash\r\n", `{"tag":"a","command":"COPY","seq":"1:2","mailbox":"Trash"}`},
	{"a UID MOVE 5:*,3 \"Old mail\"\r\n", `{"tag":"a","command":"MOVE","uid":true,"seq":"5:*,3","mailbox":"Old mail"}`},
	{"a ID NIL\r\n", `{"tag":"a","command":"ID","items":null}`},
	{"a ID (\"name\" \"x\" \"version\" NIL)\r\n", `{"tag":"a","command":"ID","items":["name","x","version",null]}`},
	{"a ID ()\r\n", `{"tag":"a","command":"ID","items":[]}`},
	{"a GETQUOTA \"\"\r\n", `{"tag":"a","command":"GETQUOTA","mailbox":""}`},
	{"a GETQUOTAROOT INBOX\r\n", `{"tag":"a","command":"GETQUOTAROOT","mailbox":"INBOX"}`},
	{"a SETQUOTA \"\" (STORAGE 512 MESSAGE 1000)\r\n", `{"tag":"a","command":"SETQUOTA","mailbox":"","items":["STORAGE",512,"MESSAGE",1000]}`},
	{"a GETMETADATA INBOX /private/comment\r\n", `{"tag":"a","command":"GETMETADATA","mailbox":"INBOX","items":["/private/comment"]}`},
	{"a GETMETADATA (MAXSIZE 1024 DEPTH 1) \"\" (/shared/a \"/private/b c\")\r\n", `{"tag":"a","command":"GETMETADATA","mailbox":"","options":["MAXSIZE",1024,"DEPTH",1],"items":["/shared/a","/private/b c"]}`},
	{"a SETMETADATA INBOX (/private/comment \"x\" /shared/c NIL /shared/d ~{1}\r\n\x00)\r\n", `{"tag":"a","command":"SETMETADATA","mailbox":"INBOX","items":["/private/comment","x","/shared/c",null,"/shared/d",{"literal":1}]}`},
	{"a SORT (REVERSE DATE SUBJECT) UTF-8 ALL\r\n", `{"tag":"a","command":"SORT","charset":"UTF-8","criteria":["REVERSE","DATE","SUBJECT"],"keys":[{"key":"ALL"}]}`},
	{"a UID SORT RETURN (COUNT) (ARRIVAL) US-ASCII UNSEEN\r\n", `{"tag":"a","command":"SORT","uid":true,"return":["COUNT"],"charset":"US-ASCII","criteria":["ARRIVAL"],"keys":[{"key":"UNSEEN"}]}`},
	{"a THREAD REFERENCES UTF-8 SINCE 1-Feb-1994\r\n", `{"tag":"a","command":"THREAD","algorithm":"REFERENCES","charset":"UTF-8","keys":[{"key":"SINCE","arg":"1-Feb-1994"}]}`},
	{"a UID THREAD ORDEREDSUBJECT UTF-8 ALL\r\n", `{"tag":"a","command":"THREAD","uid":true,"algorithm":"ORDEREDSUBJECT","charset":"UTF-8","keys":[{"key":"ALL"}]}`},
	{"a COMPRESS DEFLATE\r\n", `{"tag":"a","command":"COMPRESS","algorithm":"DEFLATE"}`},
	{"a GETACL INBOX\r\n", `{"tag":"a","command":"GETACL","mailbox":"INBOX"}`},
	{"a SETACL INBOX bob +lrs\r\n", `{"tag":"a","command":"SETACL","mailbox":"INBOX","identifier":"bob","rights":"+lrs"}`},
	{"a DELETEACL INBOX bob\r\n", `{"tag":"a","command":"DELETEACL","mailbox":"INBOX","identifier":"bob"}`},
	{"a LISTRIGHTS INBOX bob\r\n", `{"tag":"a","command":"LISTRIGHTS","mailbox":"INBOX","identifier":"bob"}`},
	{"a MYRIGHTS INBOX\r\n", `{"tag":"a","command":"MYRIGHTS","mailbox":"INBOX"}`},
	{"a X-FOO bar (baz) {1}\r\nz\r\n", `{"tag":"a","command":"X-FOO","args":"bar (baz) {1}\r\nz"}`},
	{"a XLIST \"\" *\r\n", `{"tag":"a","command":"XLIST","args":"\"\" *"}`},
	{"a NEWCOMMAND\r\n", `{"tag":"a","command":"NEWCOMMAND"}`},
}

func TestParseCommand(t *testing.T) {
	var p Parser
	var c Command
	for _, tt := range commandTests {
		if err := p.ParseCommand([]byte(tt.in), &c); err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got := string(c.AppendJSON(nil)); got != tt.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

// commandErrorTests are malformed commands, with the offset of the first
// offending byte and a word the error's Expected must contain.
var commandErrorTests = []struct {
	in       string
	off      int
	expected string
}{
	{"\r\n", 0, "tag"},
	{"a+ NOOP\r\n", 1, "SP"},
	{"a  NOOP\r\n", 2, "command name"},
	{"a NOOP extra\r\n", 6, "CRLF"},
	{"a NOOP\r\nb NOOP\r\n", 8, "end of command"},
	{"a NOOP", 6, "CRLF"},
	{"a NOOP ", 6, "CRLF"}, // cut short after an SP: once a panic
	{"a FETCH ", 8, "number"},
	{"a UID NOOP\r\n", 6, "after UID"},
	{"a LOGIN alice\r\n", 13, "SP"},
	{"a LOGIN alice (pw)\r\n", 14, "password"},
	{"a LOGIN ~{2}\r\nab cd\r\n", 8, "literal8"},
	{"a AUTHENTICATE PLAIN abc\r\n", 21, "base64"},
	{"a ENABLE\r\n", 8, "SP"},
	{"a SELECT INBOX (QRESYNC (0 1))\r\n", 25, "nz-number"},
	{"a SELECT INBOX (QRESYNC (1 0))\r\n", 27, "mod-sequence-value"},
	{"a SELECT INBOX (QRESYNC)\r\n", 23, "SP"},
	{"a SELECT INBOX ()\r\n", 16, "select-params"},
	{"a RENAME foo\r\n", 12, "SP"},
	{"a LIST \"\" * RETURN\r\n", 18, "SP"},
	{"a LIST \"\" * (x)\r\n", 12, "RETURN"},
	{"a LIST \"\" ()\r\n", 11, "list-mailbox"},
	{"a STATUS INBOX (MESSAGES BOGUS)\r\n", 25, "status-att"},
	{"a STATUS INBOX ()\r\n", 16, "status-att"},
	{"a APPEND INBOX\r\n", 14, "SP"},
	{"a APPEND INBOX (\\Seen)\r\n", 22, "SP"},
	{"a APPEND INBOX \"1-Jan-2024 00:00:00 +0000\" {1}\r\nx\r\n", 16, "date-day-fixed"},
	{"a APPEND INBOX \"01-Foo-2024 00:00:00 +0000\" {1}\r\nx\r\n", 19, "date-month"},
	{"a APPEND INBOX (\\*) {1}\r\nx\r\n", 17, "flag"},
	{"a APPEND INBOX hello\r\n", 15, "append-data"},
	{"a APPEND INBOX UTF8 ({1}\r\nx)\r\n", 21, "literal8"},
	{"a SEARCH\r\n", 8, "SP"},
	{"a SEARCH BOGUS\r\n", 9, "search-key"},
	{"a SEARCH ALL \r\n", 13, "search-key"},
	{"a SEARCH (ALL\r\n", 13, ")"},
	{"a SEARCH OR ALL\r\n", 15, "SP"},
	{"a SEARCH NOT\r\n", 12, "SP"},
	{"a SEARCH SINCE 1-Foo-2024\r\n", 17, "date-month"},
	{"a SEARCH SINCE 123-Jan-2024\r\n", 17, "-"},
	{"a SEARCH SINCE 1-Jan-202\r\n", 21, "date-year"},
	{"a SEARCH SINCE 01-Jan-20x4 ALL\r\n", 22, "date-year"},
	{"a SEARCH SINCE 1-Ja-2024\r\n", 17, "date-month"},
	{"a SEARCH SINCE 1+Jan-2024\r\n", 16, "-"},
	{"a SEARCH SINCE 1-Jan+2024\r\n", 20, "-"},
	{"a SEARCH SINCE x1-Jan-2024\r\n", 15, "date-day"},
	{"a SEARCH SINCE 1-Jan-20245\r\n", 25, "SP or CRLF"},
	{"a SEARCH SINCE \"1-Jan-2024 ALL\r\n", 26, "DQUOTE"},
	{"a SEARCH LARGER x\r\n", 16, "number64"},
	{"a SEARCH OLDER 0\r\n", 15, "nz-number"},
	{"a SEARCH 0:5\r\n", 9, "nz-number"},
	{"a SEARCH UID 1,\r\n", 15, "number"},
	{"a SEARCH MODSEQ \"/x/y\" all 1\r\n", 17, "entry-flag-name"},
	{"a SEARCH MODSEQ \"/flags/\\\\Seen\" any 1\r\n", 32, "entry-type-req"},
	{"a SEARCH CHARSET\r\n", 16, "SP"},
	{"a SEARCH EMAILID a.b\r\n", 17, "objectid"},
	{"a FETCH 1\r\n", 9, "SP"},
	{"a FETCH 1 (UID\r\n", 14, ")"},
	{"a FETCH 1 ()\r\n", 11, "fetch-att"},
	{"a FETCH 1 BOGUS\r\n", 10, "fetch-att"},
	{"a FETCH 1 UID[]\r\n", 13, "no section"},
	{"a FETCH 1 BODY.PEEK\r\n", 19, "["},
	{"a FETCH 1 BODY[HEADER.FIELDS]\r\n", 28, "SP"},
	{"a FETCH 1 BODY[HEADER.FIELDS ()]\r\n", 30, "header-fld-name"},
	{"a FETCH 1 BODY[MIME]\r\n", 15, "MIME needs a part"},
	{"a FETCH 1 BODY[0]\r\n", 15, "nz-number"},
	{"a FETCH 1 BODY[1.FOO]\r\n", 17, "section-text"},
	{"a FETCH 1 BODY[]<1>\r\n", 18, "."},
	{"a FETCH 1 BODY[]<1.0>\r\n", 19, "nz-number"},
	{"a FETCH 1 BINARY[TEXT]\r\n", 17, "number"},
	{"a FETCH 1 UID (CHANGEDSINCE)\r\n", 27, "SP"},
	{"a FETCH 1 UID ()\r\n", 15, "fetch-modifiers"},
	{"a FETCH 4294967296 UID\r\n", 8, "number below 2^32"},
	{"a STORE 1 FLAGS\r\n", 15, "SP"},
	{"a STORE 1 +FLAG (\\Seen)\r\n", 10, "store-att-flags"},
	{"a STORE 1 -FLAGSX (\\Seen)\r\n", 10, "store-att-flags"},
	{"a STORE 1 FLAGS.SILENTX (\\Seen)\r\n", 10, "store-att-flags"},
	{"a STORE 1 flags.silent(\\Seen)\r\n", 22, "SP"},
	{"a STORE 1 FLAGS.SILENT\r\n", 22, "SP"},
	{"a STORE 1 FLAGS (\\Seen\r\n", 22, ")"},
	{"a STORE 1 FLAGS (\\*)\r\n", 18, "flag"},
	{"a STORE 1 FLAGS (\\Seen )\r\n", 23, "element after SP"},
	{"a STORE 1 FLAGS (\\Seen  \\Draft)\r\n", 23, "flag"},
	{"a STORE 1 FLAGS ( \\Seen)\r\n", 17, "flag"},
	{"a STORE 1 FLAGS (\\Seen]x)\r\n", 22, ")"},
	{"a STORE 1 FLAGS (\\Se\"en)\r\n", 20, ")"},
	{"a STORE 1 FLAGS.\r\n", 10, "store-att-flags"},
	{"a STORE 1 FLAGS.SILEN (\\Seen)\r\n", 10, "store-att-flags"},
	{"a COPY 1\r\n", 8, "SP"},
	{"a UID EXPUNGE 1:0\r\n", 16, "nz-number"},
	{"a ID (\"a\")\r\n", 9, "SP"},
	{"a ID (a b)\r\n", 6, "string"},
	{"a SETQUOTA \"\" (STORAGE)\r\n", 22, "SP"},
	{"a GETMETADATA (DEPTH 2) INBOX a\r\n", 21, "infinity"},
	{"a SETMETADATA INBOX (/a)\r\n", 23, "SP"},
	{"a SORT (BOGUS) UTF-8 ALL\r\n", 8, "sort-key"},
	{"a SORT (DATE) ALL\r\n", 17, "SP"},
	{"a THREAD REFERENCES\r\n", 19, "SP"},
	{"a SETACL INBOX bob\r\n", 18, "SP"},
	{"a X-FOO \"unterminated\r\n", 21, "DQUOTE"},
	{"a X-FOO ((((\r\n", 12, "value"},
	{"a (NOOP)\r\n", 2, "command name"},
}

func TestParseCommandErrors(t *testing.T) {
	var p Parser
	var c Command
	for _, tt := range commandErrorTests {
		err := p.ParseCommand([]byte(tt.in), &c)
		if tt.off < 0 {
			// Unknown commands take their arguments raw.
			if err != nil {
				t.Errorf("%q: %v", tt.in, err)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%q: err %v, want *Error at %d", tt.in, err, tt.off)
			continue
		}
		if pe.Offset != tt.off || !strings.Contains(pe.Expected, tt.expected) {
			t.Errorf("%q: %v; want offset %d, expected containing %q", tt.in, err, tt.off, tt.expected)
		}
	}
}

func TestParseCommandLimits(t *testing.T) {
	p := NewParser(Options{Limits: Limits{MaxDepth: 3, MaxArgs: 4}})
	tests := []struct {
		in  string
		off int
	}{
		{"a SEARCH ((((ALL))))\r\n", 12},
		{"a SEARCH NOT NOT NOT NOT ALL\r\n", 21},
		{"a SEARCH OR OR OR OR ALL ALL ALL ALL ALL\r\n", 18},
		{"a FETCH 1 (UID FLAGS ENVELOPE RFC822 BODY)\r\n", 37},
		{"a SEARCH 1,2,3,4,5\r\n", 18},
	}
	var c Command
	for _, tt := range tests {
		err := p.ParseCommand([]byte(tt.in), &c)
		var pe *Error
		if !errors.As(err, &pe) || !errors.Is(err, ErrLimit) || pe.Offset != tt.off {
			t.Errorf("%q: %v, want a limit error at %d", tt.in, err, tt.off)
		}
	}
}

func TestParseCommandAllocs(t *testing.T) {
	msgs := [][]byte{
		[]byte("a1 UID FETCH 1:* (UID FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.100> BINARY.PEEK[1]) (CHANGEDSINCE 5)\r\n"),
		[]byte("a2 UID SEARCH RETURN (MIN COUNT) OR (FROM alice SINCE 1-Jan-2024) NOT (SEEN OR DELETED HEADER X-A \"b c\")\r\n"),
		[]byte("a3 UID STORE 1:3 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen $Junk)\r\n"),
		[]byte("a4 APPEND INBOX (\\Seen) \" 5-Mar-2024 09:30:00 +0100\" {5+}\r\nhello\r\n"),
		[]byte("a5 LIST (SUBSCRIBED) \"\" (INBOX* %) RETURN (STATUS (MESSAGES))\r\n"),
	}
	var p Parser
	var c Command
	var walk func(it SearchIter) int
	walk = func(it SearchIter) int {
		n := 0
		for it.Next() {
			k := it.Key()
			n += 1 + walk(k.Keys())
		}
		return n
	}
	total := 0
	allocs := testing.AllocsPerRun(100, func() {
		total = 0
		for _, m := range msgs {
			if err := p.ParseCommand(m, &c); err != nil {
				t.Fatal(err)
			}
			for it := c.FetchItems(); it.Next(); {
				for f := it.Att().HeaderFields(); f.Next(); {
					total++
				}
				total++
			}
			total += walk(c.SearchKeys())
			for it := c.Flags(); it.Next(); {
				total++
			}
			for it := c.Messages(); it.Next(); {
				total += len(it.Message().Data.Raw)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations, want 0", allocs)
	}
	// 4 FETCH items + 2 header fields; 10 search keys; 2 flags; 5 bytes.
	if total != 6+10+2+5 {
		t.Errorf("walked %d elements, want %d", total, 6+10+2+5)
	}
}

func TestWordTable(t *testing.T) {
	tab := newWordTable([]string{"", "FETCH", "HEADER.FIELDS.NOT", "HEADER.FIELDS", "F"})
	tests := []struct {
		in   string
		want int
	}{
		{"fetch", 1}, {"FeTcH", 1}, {"FETCHX", -1}, {"FETC", -1}, {"header.fields.not", 2},
		{"HEADER.FIELDS.NOX", -1}, {"HEADER.FIELDS", 3}, {"f", 4}, {"", -1}, {"1", -1}, {"fetch\x00", -1},
	}
	for _, tt := range tests {
		if got := tab.find([]byte(tt.in)); got != tt.want {
			t.Errorf("find(%q) = %d, want %d", tt.in, got, tt.want)
		}
		// The same word inside a longer message (find then loads eight
		// bytes at once), followed by bytes that must not count.
		for _, tail := range []string{" 1:* (UID)\r\n", "ETCH FETCH", "\x00\x00\x00\x00\x00\x00\x00\x00"} {
			msg := []byte(tt.in + tail)
			if got := tab.find(msg[:len(tt.in)]); got != tt.want {
				t.Errorf("find(%q) in %q = %d, want %d", tt.in, msg, got, tt.want)
			}
		}
	}
}

func TestQResyncAndCondStore(t *testing.T) {
	var p Parser
	var c Command
	tests := []struct {
		in        string
		want      QResyncParams
		ok, conds bool
	}{
		{"a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541 (1:10 5:20)))\r\n",
			QResyncParams{67890007, 20050715194045000, SeqSet{Raw: []byte("41,43:211,214:541")}, SeqSet{Raw: []byte("1:10")}, SeqSet{Raw: []byte("5:20")}}, true, false},
		{"a EXAMINE INBOX (CONDSTORE QRESYNC (1 2 (3 4)))\r\n",
			QResyncParams{1, 2, SeqSet{}, SeqSet{Raw: []byte("3")}, SeqSet{Raw: []byte("4")}}, true, true},
		{"a SELECT INBOX (CONDSTORE)\r\n", QResyncParams{}, false, true},
		{"a SELECT INBOX\r\n", QResyncParams{}, false, false},
		{"a STATUS INBOX (MESSAGES)\r\n", QResyncParams{}, false, false},
	}
	for _, tt := range tests {
		if err := p.ParseCommand([]byte(tt.in), &c); err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		q, ok := c.QResync()
		same := func(a, b SeqSet) bool { return string(a.Raw) == string(b.Raw) && (a.Raw == nil) == (b.Raw == nil) }
		if ok != tt.ok || q.UIDValidity != tt.want.UIDValidity || q.ModSeq != tt.want.ModSeq ||
			!same(q.KnownUIDs, tt.want.KnownUIDs) || !same(q.KnownSeqSet, tt.want.KnownSeqSet) || !same(q.KnownUIDSet, tt.want.KnownUIDSet) {
			t.Errorf("%q: QResync() = %+v, %v; want %+v, %v", tt.in, q, ok, tt.want, tt.ok)
		}
		if c.CondStore() != tt.conds {
			t.Errorf("%q: CondStore() = %v", tt.in, !tt.conds)
		}
	}
}

// TestUIDExpungeSet pins the argument of UID EXPUNGE to RFC 4315's and RFC
// 9051's sequence-set: "*" and "$" are allowed, zero and an empty set are
// not, and the plain EXPUNGE takes no argument.
func TestUIDExpungeSet(t *testing.T) {
	tests := []struct {
		in  string
		seq string // the parsed set, when valid
		off int    // the error offset, -1 when valid
	}{
		{"a UID EXPUNGE 1:*\r\n", "1:*", -1},
		{"a UID EXPUNGE *\r\n", "*", -1},
		{"a UID EXPUNGE $\r\n", "$", -1},
		{"a UID EXPUNGE 4000,4002:4010\r\n", "4000,4002:4010", -1},
		{"a UID EXPUNGE 0\r\n", "", 14},
		{"a UID EXPUNGE\r\n", "", 13},
		{"a UID EXPUNGE \r\n", "", 14},
		{"a EXPUNGE 1\r\n", "", 9},
	}
	var p Parser
	var c Command
	for _, tt := range tests {
		err := p.ParseCommand([]byte(tt.in), &c)
		if tt.off < 0 {
			if err != nil {
				t.Errorf("%q: %v", tt.in, err)
			} else if string(c.Seq.Raw) != tt.seq || !c.UID || c.Kind != CmdExpunge {
				t.Errorf("%q: seq %q uid %v kind %v, want %q", tt.in, c.Seq.Raw, c.UID, c.Kind, tt.seq)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) || pe.Offset != tt.off {
			t.Errorf("%q: error %v, want one at offset %d", tt.in, err, tt.off)
		}
	}
}

// TestValueSetFields checks that Value.setFields sets every field of a
// Value that held anything, as assigning the composite does.
func TestValueSetFields(t *testing.T) {
	if n := reflect.TypeOf(Value{}).NumField(); n != 8 {
		t.Fatalf("Value has %d fields, not 8: make setFields set the new ones, then fill them here", n)
	}
	v := Value{Raw: []byte("a"), Off: 1, lim: &Limits{}, spans: &listSpans{}, Form: FormList, lenient: true, trusted: true, ti: 5}
	raw := []byte("x")
	lim := &Limits{}
	v.setFields(FormAtom, raw, 3, lim)
	if want := (Value{Form: FormAtom, Raw: raw, Off: 3, lim: lim}); !reflect.DeepEqual(v, want) {
		t.Errorf("setFields left %+v, want %+v", v, want)
	}
}
