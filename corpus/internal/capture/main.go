// Command capture records what real IMAP servers send, for the corpus: it
// APPENDs messages with nested MIME, attachments, encoded headers and group
// addresses, runs a wide battery of commands, and stores the server's raw
// bytes for each command in responses/PREFIX-NAME.txt and each connection as
// a session file in sessions/PREFIX-session-NAME.txt.
//
// Usage, from the repository root ("make corpus-capture" does both):
//
//	go run ./corpus/internal/capture -server dovecot -addr 127.0.0.1:10243
//	go run ./corpus/internal/capture -server goimap
//
// With -server goimap and no -addr it starts the embedded target
// (internal/target) on loopback. The account must be empty at the start
// (a fresh Dovecot from scripts/dovecot.sh, or the target with no messages)
// for the captures to be the same from run to run up to times and IDs.
// It replaces every PREFIX-* file of a previous capture.
//
// It is a recording tool, not a test: it does not judge the bytes it gets.
// The corpus tests parse them.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/imapstress/imapstress/internal/target"
	"github.com/imapstress/imapstress/parser"
)

func main() {
	server := flag.String("server", "dovecot", "server kind, and the file name prefix: dovecot or goimap")
	addr := flag.String("addr", "", "server address host:port (loopback); empty with -server goimap starts the embedded target")
	user := flag.String("user", "user1", "account name")
	pass := flag.String("pass", "pass", "account password")
	user2 := flag.String("user2", "user2", "second account, for ACL")
	out := flag.String("out", "corpus", "corpus directory to write into")
	timeout := flag.Duration("timeout", 10*time.Second, "deadline for each server response")
	flag.Parse()

	if *addr == "" {
		if *server != "goimap" {
			fmt.Fprintln(os.Stderr, "capture: -addr is required for -server", *server)
			os.Exit(1)
		}
		srv, err := target.Start(target.Options{Users: 2, Messages: -1})
		if err != nil {
			fmt.Fprintln(os.Stderr, "capture: starting the embedded target:", err)
			os.Exit(1)
		}
		defer srv.Close()
		*addr = srv.Addr()
	}
	c := &capturer{
		addr: *addr, user: *user, pass: *pass, user2: *user2,
		prefix: *server, out: *out, timeout: *timeout,
		responses: map[string][]byte{}, sessions: map[string][]byte{},
	}
	c.run()
	if err := c.write(); err != nil {
		fmt.Fprintln(os.Stderr, "capture:", err)
		os.Exit(1)
	}
	// Report, never rename: a capture that the strict parser rejects is
	// either a server finding (list it in knownBad, with the reason) or a
	// parser bug; deciding that automatically would hide the latter.
	for _, slug := range sortedKeys(c.responses) {
		if _, known := knownBad[c.prefix][slug]; known || strings.HasPrefix(slug, "stress-") {
			continue
		}
		if err := strictParse(c.responses[slug]); err != nil {
			c.problem("%s: the strict parser rejects it: %v", c.fileName(slug), err)
		}
	}
	fmt.Printf("capture: %s at %s: %d response files, %d session files", *server, *addr, len(c.responses), len(c.sessions))
	if len(c.problems) > 0 {
		fmt.Printf(", %d problems:\n  %s\n", len(c.problems), strings.Join(c.problems, "\n  "))
	} else {
		fmt.Println()
	}
}

// capturer runs the scenarios and collects the files to write.
type capturer struct {
	addr, user, pass, user2 string
	prefix, out             string
	timeout                 time.Duration
	responses               map[string][]byte // slug -> server bytes
	sessions                map[string][]byte // name -> session file
	problems                []string
}

func (c *capturer) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// session runs fn on a fresh recorded connection (greeting read) and keeps
// its transcript under name.
func (c *capturer) session(name, what string, fn func(s *step) error) {
	cn, err := dial(c.addr, "C", fmt.Sprintf("%s: %s. Captured by corpus/internal/capture (make corpus-capture); server bytes verbatim.", c.prefix, what), c.timeout)
	if err != nil {
		c.problem("%s: %v", name, err)
		return
	}
	s := &step{c: c, cn: cn}
	greeting, err := cn.readMessage()
	s.noteCapabilities(greeting)
	if err == nil {
		if name == "battery" {
			c.responses["greeting"] = greeting
		}
		err = fn(s)
	}
	if err != nil {
		c.problem("session %s: %v", name, err)
	}
	c.sessions[name] = cn.close()
}

// step is the API the scenarios use.
type step struct {
	c    *capturer
	cn   *conn
	caps map[string]bool // capabilities seen in the last CAPABILITY list
}

// needs names the capability without which a command would desynchronize
// the connection (a server that does not know MULTIAPPEND or literal8 reads
// the rest of the command as new commands), so it is skipped.
var needs = map[string]string{
	"append-multiappend": "MULTIAPPEND",
	"append-literal8":    "BINARY",
}

var capabilityRE = regexp.MustCompile(`CAPABILITY ([^\]\r\n]*)`)

// noteCapabilities remembers the last capability list in resp.
func (s *step) noteCapabilities(resp []byte) {
	m := capabilityRE.FindAllSubmatch(resp, -1)
	if m == nil {
		return
	}
	s.caps = map[string]bool{}
	for _, c := range strings.Fields(string(m[len(m)-1][1])) {
		s.caps[strings.ToUpper(c)] = true
	}
}

// do runs a command; with a slug, its server bytes become a response seed.
func (s *step) do(slug, text string) ([]byte, error) {
	_, resp, err := s.cn.command(text)
	s.noteCapabilities(resp)
	s.keep(slug, resp, err)
	return resp, err
}

// all runs commands in order, stopping at the first connection error.
func (s *step) all(cmds [][2]string) error {
	for _, c := range cmds {
		if capName, ok := needs[c[0]]; ok && !s.caps[capName] {
			s.c.problem("%s: skipped, the server does not offer %s", c[0], capName)
			continue
		}
		if _, err := s.do(c[0], c[1]); err != nil {
			return fmt.Errorf("%s: %w", c[1], err)
		}
	}
	return nil
}

// keep stores the server bytes of one command under slug. When the
// exchange ended in an error (the server closed, stalled or sent something
// the lexical reader could not frame), the bytes are kept as found under
// the stress- prefix: they are real output, but not promised to parse.
func (s *step) keep(slug string, resp []byte, err error) {
	if slug == "" || len(resp) == 0 {
		return
	}
	if err != nil {
		slug = "stress-" + slug
	}
	if _, dup := s.c.responses[slug]; dup {
		s.c.problem("capture slug %q used twice; the second is dropped", slug)
		return
	}
	s.c.responses[slug] = resp
}

// continued runs a command that takes continuation lines (AUTHENTICATE):
// each line is sent after the server's "+" request.
func (s *step) continued(slug, first string, lines ...string) error {
	tag := s.cn.nextTag()
	if err := s.cn.send([]byte(tag + " " + first + "\r\n")); err != nil {
		return err
	}
	var resp []byte
	for _, l := range lines {
		m, err := s.cn.readMessage()
		resp = append(resp, m...)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(string(m), "+") {
			s.keep(slug, resp, nil)
			return nil // completed early
		}
		if err := s.cn.send([]byte(l + "\r\n")); err != nil {
			return err
		}
	}
	more, err := s.cn.until(tag)
	s.keep(slug, append(resp, more...), err)
	return err
}

func (s *step) login() error {
	_, err := s.do("", "LOGIN "+s.c.user+" "+s.c.pass)
	return err
}

var uidvalidityRE = regexp.MustCompile(`UIDVALIDITY (\d+)`)

func (c *capturer) run() {
	msgs := testMessages()
	c.session("battery", "the main battery: APPEND of MIME-rich messages, then every command the server offers", func(s *step) error {
		if err := s.all([][2]string{
			{"capability", "CAPABILITY"},
			{"noop-unauthenticated", "NOOP"},
			{"login", "LOGIN " + c.user + " " + c.pass},
			{"capability-authenticated", "CAPABILITY"},
			{"id", `ID ("name" "imapstress-capture" "version" "1")`},
			{"id-nil", "ID NIL"},
			{"namespace", "NAMESPACE"},
			{"enable-condstore", "ENABLE CONDSTORE"},
			{"create", "CREATE Projects/2024"},
			{"create-special-use", `CREATE Spam (USE (\Junk))`},
			{"create-existing", "CREATE Projects"},
			{"subscribe", "SUBSCRIBE Projects/2024"},
			{"rename", "RENAME Projects/2024 Projects/Archive-2024"},
			{"list-all", `LIST "" "*"`},
			{"list-percent", `LIST "" %`},
			{"list-empty-pattern", `LIST "" ""`},
			{"list-special-use", `LIST (SPECIAL-USE) "" "*"`},
			{"list-return-children-special-use", `LIST "" "*" RETURN (CHILDREN SPECIAL-USE SUBSCRIBED)`},
			{"list-subscribed-recursivematch", `LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"`},
			{"list-multiple-patterns", `LIST "" ("INBOX" "Projects/*" "Sent")`},
			{"list-status", `LIST "" % RETURN (STATUS (MESSAGES UNSEEN UIDNEXT UIDVALIDITY SIZE))`},
			{"lsub", `LSUB "" "*"`},
			{"unsubscribe", "UNSUBSCRIBE Projects/Archive-2024"},
		}); err != nil {
			return err
		}
		for i, m := range msgs {
			slug := fmt.Sprintf("append-%d", i+1)
			if _, err := s.do(slug, fmt.Sprintf(`APPEND INBOX (\Seen $Forwarded) "%02d-Mar-2021 10:%02d:00 +0100" {%d}`+"\r\n%s", 5+i, i, len(m), m)); err != nil {
				return err
			}
		}
		if err := s.all([][2]string{
			{"append-literal-plus", fmt.Sprintf("APPEND INBOX () {%d+}\r\n%s", len(msgs[1]), msgs[1])},
			{"append-multiappend", fmt.Sprintf("APPEND Archive {%d+}\r\n%s (\\Flagged) {%d+}\r\n%s", len(msgs[0]), msgs[0], len(msgs[2]), msgs[2])},
			{"append-literal8", fmt.Sprintf("APPEND Drafts (\\Draft) ~{%d}\r\n%s", len(msgs[2]), msgs[2])},
			{"append-trycreate", fmt.Sprintf("APPEND NoSuchMailbox {%d+}\r\n%s", len(msgs[0]), msgs[0])},
			{"status-all-items", "STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE)"},
			{"status-archive", "STATUS Archive (MESSAGES UIDNEXT)"},
			{"select-nonexistent", "SELECT NoSuchMailbox"},
			{"examine", "EXAMINE Archive"},
			{"select-condstore", "SELECT INBOX (CONDSTORE)"},
			// Again without the parameter, for servers without CONDSTORE:
			// a failed SELECT leaves no mailbox selected.
			{"select", "SELECT INBOX"},
			{"fetch-flags", "FETCH 1:* FLAGS"},
			{"fetch-uid", "FETCH 1:* UID"},
			{"fetch-internaldate", "FETCH 1:* INTERNALDATE"},
			{"fetch-rfc822-size", "FETCH 1:* RFC822.SIZE"},
			{"fetch-envelope", "FETCH 1:* ENVELOPE"},
			{"fetch-body", "FETCH 1:* BODY"},
			{"fetch-bodystructure", "FETCH 1:* BODYSTRUCTURE"},
			{"fetch-all", "FETCH 1:* ALL"},
			{"fetch-fast", "FETCH 1:* FAST"},
			{"fetch-full", "FETCH 1:* FULL"},
			{"fetch-rfc822", "FETCH 1 RFC822"},
			{"fetch-rfc822-header", "FETCH 1:3 RFC822.HEADER"},
			{"fetch-rfc822-text", "FETCH 1:2 RFC822.TEXT"},
			{"fetch-body-peek-all", "FETCH 3 BODY.PEEK[]"},
			{"fetch-body-header", "FETCH 3 BODY.PEEK[HEADER]"},
			{"fetch-body-text", "FETCH 2 BODY.PEEK[TEXT]"},
			{"fetch-body-parts", "FETCH 3 (BODY.PEEK[1] BODY.PEEK[1.1] BODY.PEEK[1.2.1] BODY.PEEK[1.2.2])"},
			{"fetch-body-mime", "FETCH 3 (BODY.PEEK[1.MIME] BODY.PEEK[2.MIME] BODY.PEEK[3.MIME])"},
			{"fetch-body-attached-message", "FETCH 3 (BODY.PEEK[3] BODY.PEEK[3.HEADER] BODY.PEEK[3.TEXT] BODY.PEEK[3.1] BODY.PEEK[3.2.MIME])"},
			{"fetch-body-header-fields", "FETCH 1:* BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC SUBJECT MESSAGE-ID)]"},
			{"fetch-body-header-fields-not", "FETCH 1:2 BODY.PEEK[HEADER.FIELDS.NOT (RECEIVED DATE)]"},
			{"fetch-body-partial", "FETCH 4 (BODY.PEEK[]<0.100> BODY.PEEK[TEXT]<1000.200> BODY.PEEK[1]<5.10>)"},
			{"fetch-body-partial-beyond-end", "FETCH 1 BODY.PEEK[]<100000.10>"},
			{"fetch-body-missing-part", "FETCH 1 BODY.PEEK[7]"},
			{"fetch-binary", "FETCH 3 (BINARY.PEEK[2] BINARY.PEEK[1.2.2])"},
			{"fetch-binary-size", "FETCH 3 (BINARY.SIZE[2] BINARY.SIZE[1.1] BINARY.SIZE[4])"},
			{"fetch-binary-partial", "FETCH 3 BINARY.PEEK[2]<0.64>"},
			{"fetch-binary-raw-part", "FETCH 3 BINARY.PEEK[4]"},
			{"fetch-modseq", "FETCH 1:* (UID MODSEQ)"},
			{"fetch-changedsince", "FETCH 1:* (FLAGS) (CHANGEDSINCE 1)"},
			{"fetch-emailid-threadid", "FETCH 1:* (EMAILID THREADID)"},
			{"fetch-savedate", "FETCH 1:* SAVEDATE"},
			{"fetch-preview", "FETCH 1:* PREVIEW"},
			{"fetch-preview-lazy", "FETCH 1 (PREVIEW (LAZY))"},
			{"fetch-every-item", "FETCH 3 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE MODSEQ BODY.PEEK[HEADER.FIELDS (SUBJECT)] BINARY.SIZE[2])"},
			{"uid-fetch", "UID FETCH 1:* (UID FLAGS RFC822.SIZE)"},
			{"fetch-bad-syntax", "FETCH 1 (FLAGS"},
			{"search-all", "SEARCH ALL"},
			{"search-keys", `SEARCH SEEN NOT DELETED SINCE 1-Mar-2021 BEFORE 1-Jan-2030 FROM "example" LARGER 10 SMALLER 10000000`},
			{"search-or-nested", `SEARCH OR (FROM "ann" SUBJECT "Re") (OR HEADER Message-ID "nested" TO "juergen") NOT KEYWORD $Junk`},
			{"search-text-body", `SEARCH TEXT "filler" BODY "report"`},
			{"search-header-fields", `SEARCH SENTSINCE 1-Mar-2021 SENTBEFORE 1-Apr-2021 SENTON 5-Mar-2021 CC "bob" BCC "andre"`},
			{"search-flags", "SEARCH ANSWERED UNANSWERED DRAFT UNDRAFT FLAGGED UNFLAGGED NEW OLD RECENT"},
			{"search-charset-utf8", `SEARCH CHARSET UTF-8 BODY "` + "\u00e4\u00f6\u00fc" + `"`},
			{"search-charset-literal", "SEARCH CHARSET UTF-8 SUBJECT {6}\r\n\u00e4\u00f6\u00fc"},
			{"search-badcharset", `SEARCH CHARSET X-NO-SUCH-CHARSET TEXT "x"`},
			{"search-modseq", "SEARCH MODSEQ 1"},
			{"search-uid", "UID SEARCH UID 1:* UNKEYWORD $Junk"},
			{"search-return-min-max-count", "SEARCH RETURN (MIN MAX COUNT) ALL"},
			{"search-return-all", "UID SEARCH RETURN (ALL) ALL"},
			{"search-return-empty", "SEARCH RETURN () ALL"},
			{"search-return-save", `SEARCH RETURN (SAVE) FROM "ann"`},
			{"search-saved-result", "FETCH $ (UID FLAGS)"},
			{"search-older-younger", "SEARCH YOUNGER 3600 OLDER 1"},
			{"search-savedon", "SEARCH SAVEDSINCE 1-Jan-2020 SAVEDATESUPPORTED"},
			{"search-no-match", `SEARCH SUBJECT "no message has this subject"`},
			{"sort-subject", "SORT (SUBJECT) UTF-8 ALL"},
			{"sort-reverse-date-size", "SORT (REVERSE DATE SIZE) UTF-8 ALL"},
			{"sort-from-to-cc-arrival", "UID SORT (FROM TO CC ARRIVAL) UTF-8 ALL"},
			{"sort-display", "SORT (DISPLAYFROM DISPLAYTO) UTF-8 ALL"},
			{"sort-return-esort", "SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL"},
			{"thread-references", "THREAD REFERENCES UTF-8 ALL"},
			{"thread-refs", "UID THREAD REFS UTF-8 ALL"},
			{"thread-orderedsubject", "THREAD ORDEREDSUBJECT UTF-8 ALL"},
			{"store-plus-flags", `STORE 1 +FLAGS (\Flagged $Important)`},
			{"store-minus-flags", `STORE 1 -FLAGS ($Important)`},
			{"store-flags-replace", `STORE 2 FLAGS (\Answered \Seen)`},
			{"store-silent", `STORE 1:2 +FLAGS.SILENT (\Draft)`},
			{"store-unchangedsince-ok", `STORE 1 (UNCHANGEDSINCE 18446744073709551615) -FLAGS.SILENT (\Draft)`},
			{"store-unchangedsince-modified", `UID STORE 1:* (UNCHANGEDSINCE 1) +FLAGS (\Deleted)`},
			{"uid-store", `UID STORE 1:* -FLAGS.SILENT (\Draft)`},
			{"copy", "COPY 1:2 Archive"},
			{"uid-copy", "UID COPY 3 Archive"},
			{"copy-trycreate", "COPY 1 NoSuchMailbox"},
			{"store-deleted", `STORE 2 +FLAGS.SILENT (\Deleted)`},
			{"expunge", "EXPUNGE"},
			{"uid-expunge", "UID EXPUNGE 1:*"},
			{"check", "CHECK"},
			{"noop", "NOOP"},
			{"getquotaroot", "GETQUOTAROOT INBOX"},
			{"getquota", `GETQUOTA "User quota"`},
			{"setquota", `SETQUOTA "User quota" (STORAGE 512)`},
			{"setmetadata", `SETMETADATA INBOX (/private/comment "A comment" /shared/comment NIL)`},
			{"setmetadata-literal", "SETMETADATA INBOX (/private/vendor/imapstress/note {23}\r\nTwo lines\r\nof metadata.)"},
			{"setmetadata-server", `SETMETADATA "" (/private/vendor/imapstress/x "server entry")`},
			{"getmetadata", "GETMETADATA INBOX /private/comment"},
			{"getmetadata-several", "GETMETADATA INBOX (/private/comment /shared/comment /private/vendor/imapstress/note)"},
			{"getmetadata-depth", "GETMETADATA (DEPTH infinity) INBOX /private/vendor"},
			{"getmetadata-maxsize", "GETMETADATA (MAXSIZE 5) INBOX /private/vendor/imapstress/note"},
			{"getmetadata-server", `GETMETADATA "" /private/vendor/imapstress/x`},
			{"getacl", "GETACL INBOX"},
			{"myrights", "MYRIGHTS INBOX"},
			{"listrights", "LISTRIGHTS INBOX " + c.user2},
			{"setacl", "SETACL Archive " + c.user2 + " lrs"},
			{"setacl-modify", "SETACL Archive " + c.user2 + " +w"},
			{"getacl-shared", "GETACL Archive"},
			{"deleteacl", "DELETEACL Archive " + c.user2},
			{"unknown-command", "XFROBNICATE 1 2 3"},
			{"unselect", "UNSELECT"},
			{"select-readonly-examine", "EXAMINE INBOX"},
			{"close", "CLOSE"},
			{"close-not-selected", "CLOSE"},
			{"delete", "DELETE Projects/Archive-2024"},
			{"delete-nonexistent", "DELETE NoSuchMailbox"},
			{"logout", "LOGOUT"},
		}); err != nil {
			return err
		}
		return nil
	})

	c.session("move", "MOVE and UID MOVE, alone in their session", func(s *step) error {
		return s.all([][2]string{
			{"", "LOGIN " + c.user + " " + c.pass},
			{"", "SELECT INBOX"},
			{"move", "MOVE 1 Archive"},
			{"uid-move", "UID MOVE 1:* Trash"},
			{"", "LOGOUT"},
		})
	})

	c.session("qresync", "QRESYNC: ENABLE, SELECT with known UIDs, VANISHED for expunges", func(s *step) error {
		if err := s.login(); err != nil {
			return err
		}
		st, err := s.do("", "STATUS INBOX (UIDVALIDITY HIGHESTMODSEQ)")
		if err != nil {
			return err
		}
		uv := "1"
		if m := uidvalidityRE.FindSubmatch(st); m != nil {
			uv = string(m[1])
		}
		return s.all([][2]string{
			{"enable-qresync", "ENABLE QRESYNC"},
			{"select-qresync", "SELECT INBOX (QRESYNC (" + uv + " 1 1:100))"},
			{"select-qresync-seqmatch", "SELECT INBOX (QRESYNC (" + uv + " 1 1:100 (1:2 1:2)))"},
			{"uid-fetch-vanished", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)"},
			{"", `STORE 1 +FLAGS.SILENT (\Deleted)`},
			{"expunge-vanished", "EXPUNGE"},
			{"close-qresync", "CLOSE"},
			{"", "LOGOUT"},
		})
	})

	c.session("authenticate", "AUTHENTICATE PLAIN with a continuation, with SASL-IR, cancelled, and LOGIN with synchronizing literals", func(s *step) error {
		plain := "AHVzZXIxAHBhc3M=" // "\x00user1\x00pass"
		if c.user != "user1" || c.pass != "pass" {
			return fmt.Errorf("the authenticate session assumes user1/pass")
		}
		for _, x := range [][2]string{
			{"authenticate-cancel", "*"},
			{"authenticate-bad-base64", "!!!notbase64"},
			{"authenticate-plain", plain},
		} {
			if err := s.continued(x[0], "AUTHENTICATE PLAIN", x[1]); err != nil {
				return err
			}
			if x[0] == "authenticate-bad-base64" {
				if _, err := s.do("login-wrong-password", "LOGIN user1 wrong"); err != nil {
					return err
				}
			}
		}
		_, err := s.do("", "LOGOUT")
		return err
	})
	c.session("sasl-ir", "AUTHENTICATE PLAIN with an initial response (SASL-IR)", func(s *step) error {
		return s.all([][2]string{
			{"authenticate-sasl-ir", "AUTHENTICATE PLAIN AHVzZXIxAHBhc3M="},
			{"", "LOGOUT"},
		})
	})
	c.session("login-literal", "LOGIN with synchronizing literals, waiting for each continuation request", func(s *step) error {
		return s.all([][2]string{
			{"login-literal", fmt.Sprintf("LOGIN {%d}\r\n%s {%d}\r\n%s", len(c.user), c.user, len(c.pass), c.pass)},
			{"", "LOGOUT"},
		})
	})

	c.session("starttls", "STARTTLS, then the plaintext of the IMAP session inside TLS", func(s *step) error {
		if _, err := s.do("", "CAPABILITY"); err != nil {
			return err
		}
		resp, err := s.do("starttls", "STARTTLS")
		if err != nil {
			return err
		}
		if !strings.Contains(string(resp), " OK") {
			return fmt.Errorf("STARTTLS refused: %q", resp)
		}
		if err := s.cn.startTLS(); err != nil {
			return fmt.Errorf("TLS handshake: %w", err)
		}
		return s.all([][2]string{
			{"capability-after-starttls", "CAPABILITY"},
			{"", "LOGIN " + c.user + " " + c.pass},
			{"", "LOGOUT"},
		})
	})

	c.session("idle", "IDLE while a second connection appends and flags a message", func(s *step) error {
		if err := s.login(); err != nil {
			return err
		}
		if _, err := s.do("", "SELECT INBOX"); err != nil {
			return err
		}
		tag := s.cn.nextTag()
		if err := s.cn.send([]byte(tag + " IDLE\r\n")); err != nil {
			return err
		}
		resp, err := s.cn.readMessage() // + idling
		if err != nil {
			return err
		}
		other := &capturer{addr: c.addr, user: c.user, pass: c.pass, timeout: c.timeout, responses: map[string][]byte{}, sessions: map[string][]byte{}}
		other.session("poke", "second connection", func(o *step) error {
			return o.all([][2]string{
				{"", "LOGIN " + c.user + " " + c.pass},
				{"", fmt.Sprintf("APPEND INBOX {%d+}\r\n%s", len(msgs[1]), msgs[1])},
				{"", "SELECT INBOX"},
				{"", `STORE 1 +FLAGS.SILENT (\Answered)`},
				{"", "LOGOUT"},
			})
		})
		c.problems = append(c.problems, other.problems...)
		// Read the pushed updates until EXISTS arrives (bounded by the deadline).
		for i := 0; i < 20; i++ {
			m, err := s.cn.readMessage()
			resp = append(resp, m...)
			if err != nil {
				return err
			}
			if strings.Contains(string(m), "EXISTS") {
				break
			}
		}
		if err := s.cn.send([]byte("DONE\r\n")); err != nil {
			return err
		}
		more, err := s.cn.until(tag)
		s.keep("idle", append(resp, more...), err)
		if err != nil {
			return err
		}
		_, err = s.do("", "LOGOUT")
		return err
	})

	c.session("compress", "COMPRESS DEFLATE; after the OK both directions are deflated, the transcript holds the inflated bytes", func(s *step) error {
		if err := s.login(); err != nil {
			return err
		}
		resp, err := s.do("compress", "COMPRESS DEFLATE")
		if err != nil {
			return err
		}
		if !strings.Contains(string(resp), " OK") {
			return nil // not offered: the refusal is the capture
		}
		if err := s.cn.compress(); err != nil {
			return err
		}
		return s.all([][2]string{
			{"compress-again", "COMPRESS DEFLATE"},
			{"list-compressed", `LIST "" "*"`},
			{"", "LOGOUT"},
		})
	})
}

// knownBad lists captures, per server, whose bytes break RFC 9051's grammar:
// real findings, kept under the bad- prefix so that tests expect the parser
// to reject them. Keys are response slugs and "session-NAME".
var knownBad = map[string]map[string]string{
	"goimap": {
		// go-imap v2.0.0-beta.8 imapmemserver: UID MOVE of every message
		// sends "* 0 EXPUNGE" (0 is no message sequence number) and more
		// EXPUNGEs than there were messages.
		"uid-move":     "* 0 EXPUNGE after UID MOVE",
		"session-move": "* 0 EXPUNGE after UID MOVE",
		// go-imap v2.0.0-beta.8 writes a space between the addresses of an
		// ENVELOPE address list; RFC 9051 has "(" 1*address ")". (It also
		// drops group syntax and re-encodes encoded-word subjects, which
		// the grammar allows.)
		"fetch-envelope":      "SP between addresses",
		"fetch-all":           "SP between addresses",
		"fetch-full":          "SP between addresses",
		"fetch-body":          "SP between addresses (in a message/rfc822 part)",
		"fetch-bodystructure": "SP between addresses (in a message/rfc822 part)",
		"session-battery":     "SP between addresses",
	},
}

// fileName returns the capture file name for a key ("slug" or
// "session-NAME"): PREFIX-KEY, with bad- or stress- in front as known.
func (c *capturer) fileName(key string) string {
	if rest, ok := strings.CutPrefix(key, "stress-"); ok {
		return "stress-" + c.prefix + "-" + rest + ".txt"
	}
	if _, ok := knownBad[c.prefix][key]; ok {
		return "bad-" + c.prefix + "-" + key + ".txt"
	}
	return c.prefix + "-" + key + ".txt"
}

// write replaces the previous capture files of this prefix.
func (c *capturer) write() error {
	for _, sub := range []string{"responses", "sessions"} {
		old, err := filepath.Glob(filepath.Join(c.out, sub, c.prefix+"-*.txt"))
		if err != nil {
			return err
		}
		for _, pre := range []string{"stress-", "bad-"} {
			more, err := filepath.Glob(filepath.Join(c.out, sub, pre+c.prefix+"-*.txt"))
			if err != nil {
				return err
			}
			old = append(old, more...)
		}
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	for slug, data := range c.responses {
		if err := os.WriteFile(filepath.Join(c.out, "responses", c.fileName(slug)), data, 0o644); err != nil {
			return err
		}
	}
	for name, data := range c.sessions {
		if err := os.WriteFile(filepath.Join(c.out, "sessions", c.fileName("session-"+name)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// strictParse parses a stream of responses in strict mode and returns the
// first error.
func strictParse(b []byte) error {
	rr := parser.NewResponseReader(bytes.NewReader(b), parser.NewParser(parser.Options{}), parser.ReaderOptions{})
	var r parser.Response
	for i := 0; i < 1<<20; i++ {
		err := rr.Next(&r)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
