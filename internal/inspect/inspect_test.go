package inspect

import (
	"bytes"
	"testing"
)

func TestCommands(t *testing.T) {
	in := "a1 LOGIN {5}\r\nalice pw\r\n" +
		"a2 FETCH 1 (UID BOGUS)\r\n" +
		"a3 AUTHENTICATE PLAIN\r\nAGFsaWNlAHB3\r\n" +
		"a4 IDLE\r\nDONE\r\n" +
		"a5 NOOP\r\n"
	var out, errs bytes.Buffer
	st := Commands("f", []byte(in), Options{Out: &out, Err: &errs})
	want := "0 command a1 LOGIN {5}alice pw\n" +
		"48 command a3 AUTHENTICATE PLAIN\n" +
		"71 auth-line AGFsaWNlAHB3\n" +
		"85 command a4 IDLE\n" +
		"94 done DONE\n" +
		"100 command a5 NOOP\n"
	if out.String() != want {
		t.Errorf("out:\n%s\nwant:\n%s", out.String(), want)
	}
	if e := errs.String(); e != "f: offset 40: expected fetch-att, found \"BOGUS)\"\n" {
		t.Errorf("errors: %q", e)
	}
	if st.Messages != 6 || st.Errors != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCommandsFramingErrorResyncs(t *testing.T) {
	in := "a1 LOGIN ~{1}\r\nx\r\na2 NOOP\r\na3 NOOP"
	var out, errs bytes.Buffer
	st := Commands("f", []byte(in), Options{Out: &out, Err: &errs, JSON: true})
	if st.Errors != 3 || st.Messages != 1 {
		t.Fatalf("stats %+v, out:\n%s\nerrors:\n%s", st, out.String(), errs.String())
	}
	if want := `{"offset":18,"kind":"command","tag":"a2","command":"NOOP"}` + "\n"; out.String() != want {
		t.Errorf("out %s, want %s", out.String(), want)
	}
	// The literal8 outside APPEND stops framing; the next line is then
	// read as a command of its own, and the last one never ends.
	want := "f: offset 9: expected literal (literal8 is only allowed in APPEND and SETMETADATA), found \"~{1}\"\n" +
		"f: offset 16: expected SP, found end of line\n" +
		"f: offset 34: unexpected EOF\n"
	if errs.String() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", errs.String(), want)
	}
}

func TestSession(t *testing.T) {
	in := "# comment\r\n" +
		"C: a1 LOGIN {5}\r\nalice pw\r\n" +
		"S: + go on\r\n" +
		"S: a1 OK [CAPABILITY IMAP4rev1] done\r\n" +
		"C: a2 SELECT INBOX\r\n" +
		"S: * 3 EXISTS\r\n" +
		"S: a2 OK done\r\n"
	var out, errs bytes.Buffer
	st, err := Session("s", []byte(in), Options{Out: &out, Err: &errs})
	if err != nil {
		t.Fatal(err)
	}
	want := "14 C command a1 LOGIN {5}alice pw\n" +
		"41 S continuation \"go on\"\n" +
		"53 S tagged a1 OK [CAPABILITY IMAP4rev1] \"done\"\n" +
		"91 C command a2 SELECT INBOX\n" +
		"111 S untagged EXISTS 3\n" +
		"126 S tagged a2 OK \"done\"\n"
	if out.String() != want || errs.Len() != 0 || st.Messages != 6 {
		t.Errorf("out:\n%s\nwant:\n%s\nerrors: %s", out.String(), want, errs.String())
	}
	if _, err := Session("s", []byte("X: nope\r\n"), Options{Out: &out, Err: &errs}); err == nil {
		t.Error("malformed session file accepted")
	}
}

func TestSessionRefusedLiteral(t *testing.T) {
	// The server refuses a1 before its literal: the client never sends
	// it, and the bytes after the announcement are the next command. The
	// literal of a3 is accepted without a recorded "+" (RFC examples do
	// that), and a4's with one.
	in := "S: a1 NO [TOOBIG] too big\r\n" +
		"C: a1 APPEND INBOX {5}\r\na2 NOOP\r\n" +
		"S: a2 OK done\r\n" +
		"C: a3 LOGIN {5}\r\nalice pw\r\n" +
		"S: a3 OK done\r\n" +
		"C: a4 LOGIN {3}\r\nbob pw\r\n" +
		"S: + go on\r\n" +
		"S: a4 OK done\r\n"
	var out, errs bytes.Buffer
	st, err := Session("s", []byte(in), Options{Out: &out, Err: &errs})
	if err != nil {
		t.Fatal(err)
	}
	want := "3 S tagged a1 NO [TOOBIG] \"too big\"\n" +
		"51 C command a2 NOOP\n" +
		"63 S tagged a2 OK \"done\"\n" +
		"78 C command a3 LOGIN {5}alice pw\n" +
		"105 S tagged a3 OK \"done\"\n" +
		"120 C command a4 LOGIN {3}bob pw\n" +
		"145 S continuation \"go on\"\n" +
		"157 S tagged a4 OK \"done\"\n"
	if out.String() != want || errs.Len() != 0 || st.Errors != 0 {
		t.Errorf("out:\n%s\nwant:\n%s\nerrors: %s", out.String(), want, errs.String())
	}
}
