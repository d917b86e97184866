package parsefmt

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResponsesText(t *testing.T) {
	in := "* OK [UIDNEXT 5] ready\r\n" +
		"* 3 EXISTS\r\n" +
		"* 1 FETCH (UID 7 FLAGS (\\Seen) BODY[] {5}\r\nhello BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 1 1) \"ALTERNATIVE\"))\r\n" +
		"* SEARCH 2 3 (MODSEQ 9)\r\n" +
		"* OK [UIDNEXT 0] broken\r\n" +
		"* LIST () \"/\" INBOX\r\n" +
		"+ go ahead\r\n" +
		"a1 OK done\r\n"
	var out, errw bytes.Buffer
	res, err := Responses(&out, &errw, "x.txt", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `0 untagged OK [UIDNEXT 5] "ready"
24 untagged EXISTS 3
36 untagged FETCH 1 (UID=7 FLAGS=(\Seen) BODY[]={5 bytes} BODYSTRUCTURE=multipart/ALTERNATIVE[2 parts])
195 untagged SEARCH 2 numbers modseq=9
245 untagged LIST () "/" INBOX
266 continuation "go ahead"
278 tagged a1 OK "done"
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	if got := errw.String(); got != "x.txt: offset 234: expected nz-number, found \"0] broken\"\n" {
		t.Errorf("errors: %q", got)
	}
	if res != (Result{Messages: 7, Failed: 1}) {
		t.Errorf("result %+v", res)
	}
}

func TestResponsesJSON(t *testing.T) {
	in := "* 12 FETCH (UID 9 ENVELOPE (NIL \"Hi \\\"you\\\"\" ((\"A\" NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL NIL NIL) BODY[HEADER.FIELDS (FROM)]<0> \"x\")\r\n" +
		"* SEARCH 1 2 \r\n" +
		"a OK [COPYUID 1 2:3 4:5] ok\r\n"
	var out, errw bytes.Buffer
	res, err := Responses(&out, &errw, "-", strings.NewReader(in), Options{JSON: true, Lenient: true})
	if err != nil || res.Failed != 0 || res.Violations != 1 {
		t.Fatalf("res %+v err %v errors %q", res, err, errw.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines: %s", len(lines), out.String())
	}
	var fetch struct {
		Offset int64
		Kind   string
		Type   string
		Num    int
		Items  []struct {
			Name     string
			Value    any
			Origin   *int
			Section  *struct{ Text string }
			Envelope *struct {
				Subject string
				From    []struct{ Name, Mailbox, Host string }
			}
		}
	}
	if err := json.Unmarshal([]byte(lines[0]), &fetch); err != nil {
		t.Fatalf("%v: %s", err, lines[0])
	}
	if fetch.Offset != 0 || fetch.Type != "FETCH" || fetch.Num != 12 || len(fetch.Items) != 3 {
		t.Fatalf("fetch %+v", fetch)
	}
	if e := fetch.Items[1].Envelope; e == nil || e.Subject != `Hi "you"` || len(e.From) != 1 || e.From[0].Host != "b.c" {
		t.Errorf("envelope %+v", fetch.Items[1].Envelope)
	}
	if it := fetch.Items[2]; it.Section == nil || it.Section.Text != "HEADER.FIELDS" || it.Origin == nil || *it.Origin != 0 || it.Value != "x" {
		t.Errorf("section item %+v", it)
	}
	if !strings.Contains(lines[1], `"violations":[{"kind":"trailing-space","offset":12}]`) {
		t.Errorf("search: %s", lines[1])
	}
	if !strings.Contains(lines[2], `"code":{"name":"COPYUID","args":"1 2:3 4:5","uidvalidity":1,"source":"2:3","destination":"4:5"}`) {
		t.Errorf("copyuid: %s", lines[2])
	}
}

func TestResponsesTruncated(t *testing.T) {
	var out, errw bytes.Buffer
	res, err := Responses(&out, &errw, "t", strings.NewReader("* 1 EXISTS\r\n* 1 FETCH (BODY[] {10}\r\nabc"), Options{})
	if err != nil || res.Messages != 1 || res.Failed != 1 {
		t.Fatalf("res %+v err %v", res, err)
	}
	if errw.String() != "t: offset 12: expected the rest of the message, found end of input\n" {
		t.Errorf("errors %q", errw.String())
	}
}

// TestCorpusJSON prints every valid corpus response file as JSON and
// checks that each line is valid JSON.
func TestCorpusJSON(t *testing.T) {
	dir := filepath.Join("..", "..", "corpus", "responses")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skip("no corpus/responses")
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "bad-") || strings.HasPrefix(name, "stress-") || strings.HasPrefix(name, "README") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var out, errw bytes.Buffer
		res, err := Responses(&out, &errw, name, bytes.NewReader(b), Options{JSON: true, Lenient: true})
		if err != nil || res.Failed != 0 {
			t.Errorf("%s: %+v %v %s", name, res, err, errw.String())
			continue
		}
		for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			if !json.Valid([]byte(line)) {
				t.Errorf("%s: invalid JSON: %s", name, line)
				break
			}
		}
	}
}
