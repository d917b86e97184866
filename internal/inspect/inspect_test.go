package inspect

import (
	"bytes"
	"strings"
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
	want := "f:0 command a1 LOGIN {5}alice pw\n" +
		"f:48 command a3 AUTHENTICATE PLAIN\n" +
		"f:71 auth-line AGFsaWNlAHB3\n" +
		"f:85 command a4 IDLE\n" +
		"f:94 done DONE\n" +
		"f:100 command a5 NOOP\n"
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
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || st.Errors != 3 || st.Messages != 1 {
		t.Fatalf("stats %+v, out:\n%s", st, out.String())
	}
	// The literal8 outside APPEND stops framing; the next line is then
	// read as a command of its own, and the last one never ends.
	for i, want := range []string{`"offset":9,"error":"expected literal (literal8`, `"offset":16,"error":"expected SP`, `"offset":18,"kind":"command","tag":"a2"`, `"offset":34,"error":"unexpected EOF"`} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d: %s\nwant it to contain %s", i, lines[i], want)
		}
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
	want := "s:14 C command a1 LOGIN {5}alice pw\n" +
		"s:41 S continuation + go on\n" +
		"s:53 S tagged a1 OK [CAPABILITY IMAP4rev1] done\n" +
		"s:91 C command a2 SELECT INBOX\n" +
		"s:111 S untagged * 3 EXISTS\n" +
		"s:126 S tagged a2 OK done\n"
	if out.String() != want || errs.Len() != 0 || st.Messages != 6 {
		t.Errorf("out:\n%s\nwant:\n%s\nerrors: %s", out.String(), want, errs.String())
	}
	if _, err := Session("s", []byte("X: nope\r\n"), Options{Out: &out, Err: &errs}); err == nil {
		t.Error("malformed session file accepted")
	}
}

func TestResponsesLenient(t *testing.T) {
	var out, errs bytes.Buffer
	in := "* SEARCH 1 2 \r\n* 1 EXISTS\r\n"
	st := Responses("r", []byte(in), Options{Out: &out, Err: &errs})
	if st.Errors != 1 || st.Messages != 1 {
		t.Errorf("strict: %+v %s", st, errs.String())
	}
	out.Reset()
	errs.Reset()
	st = Responses("r", []byte(in), Options{Out: &out, Err: &errs, Parser: lenientParser()})
	if st.Errors != 0 || !strings.Contains(out.String(), "[violation trailing-space at 12]") {
		t.Errorf("lenient: %+v %q %q", st, out.String(), errs.String())
	}
}
