package parser

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// responseShape renders a parsed response's structure for comparison:
// kind, tag, status, code, text, number, type and name, and its data as
// values (FETCH item by item), strings unescaped.
func responseShape(r *Response) []byte {
	b := []byte(r.Kind.String())
	b = append(b, ' ')
	b = jsonString(b, r.Tag)
	b = append(b, ' ')
	b = append(b, r.Status.String()...)
	b = append(b, " ["...)
	b = append(b, r.Code.String()...)
	b = append(b, ' ')
	b = jsonString(b, r.CodeArg)
	b = append(b, "] "...)
	b = jsonString(b, r.Text)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(r.Num), 10)
	b = append(b, ' ')
	b = append(b, r.Type.String()...)
	b = append(b, ' ')
	b = jsonString(b, r.Name)
	switch r.Type {
	case DataFetch:
		for it := r.Fetch(); it.Next(); {
			item := it.Item()
			b = append(b, ' ')
			b = jsonString(b, item.Name)
			b = append(b, '=')
			b = appendValueJSON(b, item.Value)
		}
	case DataThread:
		b = jsonString(b, r.Data)
	default:
		it := r.Args()
		for it.Next() {
			b = append(b, ' ')
			b = appendValueJSON(b, it.Value())
		}
		if it.Err() != nil {
			b = jsonString(b, r.Data)
		}
	}
	return b
}

func respRoundTrip(p *Parser, msg []byte) error {
	var r1, r2 Response
	if err := p.ParseResponse(msg, &r1); err != nil {
		return err
	}
	enc := AppendResponse(nil, &r1, StringOpts{})
	if err := p.ParseResponse(enc, &r2); err != nil {
		return errors.New("re-encoded response does not parse: " + err.Error() + "\n" + strings.ToValidUTF8(string(enc), "?"))
	}
	if s1, s2 := responseShape(&r1), responseShape(&r2); !bytes.Equal(s1, s2) {
		return errors.New("structure changed:\n  " + string(s1) + "\n  " + string(s2))
	}
	return nil
}

var respRoundTripTests = []string{
	"* OK IMAP4rev2 ready\r\n",
	"* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] hi\r\n",
	"a1 OK [READ-WRITE] SELECT completed\r\n",
	"a2 NO [TRYCREATE] no such mailbox\r\n",
	"a3 OK [APPENDUID 38505 3955] APPEND completed\r\n",
	"a4 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n",
	"* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n",
	"* BYE logging out\r\n",
	"+ Ready for literal\r\n",
	"+ \r\n",
	"+ YGgGCSqGSIb3EgECAgIBAAD/////\r\n",
	"* 23 EXISTS\r\n",
	"* 3 EXPUNGE\r\n",
	"* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI\r\n",
	"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n",
	"* LIST (\\Noselect) \"/\" ~/Mail/foo\r\n",
	"* LIST () \"/\" {8}\r\nSent \"x\"\r\n",
	"* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n",
	"* SEARCH 2 84 882\r\n",
	"* SEARCH\r\n",
	"* ESEARCH (TAG \"A282\") UID MIN 2 COUNT 3 ALL 2,10:11\r\n",
	"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n",
	"* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n",
	"* ID (\"name\" \"Dovecot\")\r\n",
	"* VANISHED (EARLIER) 41,43:116\r\n",
	"* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n",
	"* 1 FETCH (UID 7 BODY[HEADER.FIELDS (FROM)]<0> {11}\r\nFrom: a\r\n\r\n BINARY[1] ~{2}\r\n\x00\x01)\r\n",
}

func TestResponseRoundTrip(t *testing.T) {
	var p Parser
	for _, in := range respRoundTripTests {
		if err := respRoundTrip(&p, []byte(in)); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// TestCorpusResponseRoundTrip round-trips every response of every valid
// file of corpus/responses.
func TestCorpusResponseRoundTrip(t *testing.T) {
	dir := filepath.Join("..", "corpus", "responses")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		t.Skip("no corpus/responses")
	}
	if err != nil {
		t.Fatal(err)
	}
	var p Parser
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, "README") || strings.Contains(name, "-") && (strings.HasPrefix(name, "bad-") || strings.HasPrefix(name, "lenient-") || strings.HasPrefix(name, "stress-")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rr := NewResponseReader(bytes.NewReader(b), &p, ReaderOptions{})
		var r Response
		for i := 0; i < 1<<20; i++ {
			if err := rr.Next(&r); err != nil {
				if err != io.EOF {
					t.Logf("%s: %v (left to TestCorpusResponses)", name, err)
				}
				break
			}
			if err := respRoundTrip(&p, r.Raw); err != nil {
				t.Errorf("%s: %.80q: %.300v", name, r.Raw, err)
				break
			}
			n++
		}
	}
	t.Logf("%d responses round-tripped", n)
}

func TestResponseBuilder(t *testing.T) {
	b := ResponseBuilder{CommandBuilder{Buf: make([]byte, 0, 1024)}}
	msg := []byte("Subject: hi\r\n\r\nhello\r\n")
	build := func() {
		b.Reset()
		b.BeginFetch(12)
		b.Atom("UID")
		b.Number(4827)
		b.Atom("FLAGS")
		b.Flags(`\Seen`)
		b.Atom("BODY[]")
		b.StringBytes(msg)
		b.Close()
		b.End()
		b.BeginStatus("", StatusOK)
		b.Code("UIDNEXT")
		b.Number(5)
		b.EndCode()
		b.Text("Predicted next UID")
		b.End()
		b.NumData(3, "EXISTS")
		b.Search(2, 84)
		b.Capability("IMAP4rev1", "IDLE")
		b.List([]string{`\HasNoChildren`}, '/', "Sent Items")
		b.Continue("")
		b.Status("a1", StatusOK, "", "done")
	}
	if n := testing.AllocsPerRun(50, build); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
	want := "* 12 FETCH (UID 4827 FLAGS (\\Seen) BODY[] {22}\r\nSubject: hi\r\n\r\nhello\r\n)\r\n" +
		"* OK [UIDNEXT 5] Predicted next UID\r\n* 3 EXISTS\r\n* SEARCH 2 84\r\n* CAPABILITY IMAP4rev1 IDLE\r\n" +
		"* LIST (\\HasNoChildren) \"/\" \"Sent Items\"\r\n+ \r\na1 OK done\r\n"
	if string(b.Buf) != want {
		t.Fatalf("got  %q\nwant %q", b.Buf, want)
	}
	var p Parser
	var r Response
	for off := 0; off < len(b.Buf); {
		n, err := p.FrameResponse(b.Buf[off:])
		if err != nil {
			t.Fatal(err)
		}
		if err := p.ParseResponse(b.Buf[off:off+n], &r); err != nil {
			t.Errorf("%q: %v", b.Buf[off:off+n], err)
		}
		off += n
	}
}

// FuzzResponseRoundTrip checks, for every input the strict parser accepts
// as one response, that AppendResponse of its parsed form parses to the
// same structure.
func FuzzResponseRoundTrip(f *testing.F) {
	for _, in := range respRoundTripTests {
		f.Add([]byte(in))
	}
	var p Parser
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := p.FrameResponse(b)
		if err != nil {
			return
		}
		var r Response
		if p.ParseResponse(b[:n], &r) != nil {
			return
		}
		if err := respRoundTrip(&p, b[:n]); err != nil {
			t.Fatalf("%q: %v", b[:n], err)
		}
	})
}
