package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func renderAddrs(l AddressList) string {
	if l.IsNIL() {
		return "NIL"
	}
	var s []string
	for it := l.Addresses(); it.Next(); {
		a := it.Address()
		switch {
		case a.IsGroupEnd():
			s = append(s, ";")
		case a.IsGroupStart():
			s = append(s, str(a.Mailbox())+":")
		default:
			s = append(s, fmt.Sprintf("%s <%s@%s>", str(a.Name()), str(a.Mailbox()), str(a.Host())))
		}
	}
	return "[" + strings.Join(s, " ") + "]"
}

func renderEnvelope(e Envelope) string {
	return fmt.Sprintf("date=%s subject=%s from=%s sender=%s reply-to=%s to=%s cc=%s bcc=%s in-reply-to=%s message-id=%s",
		str(e.Date()), str(e.Subject()), renderAddrs(e.From()), renderAddrs(e.Sender()), renderAddrs(e.ReplyTo()),
		renderAddrs(e.To()), renderAddrs(e.Cc()), renderAddrs(e.Bcc()), str(e.InReplyTo()), str(e.MessageID()))
}

func renderBody(b BodyStructure) string {
	var s strings.Builder
	if b.Multipart {
		s.WriteString("(")
		for it := b.Parts(); it.Next(); {
			s.WriteString(renderBody(*it.Part()))
		}
		fmt.Fprintf(&s, " %s", str(b.Subtype()))
	} else {
		fmt.Fprintf(&s, "(%s/%s size=%s", str(b.Type()), str(b.Subtype()), str(b.Size()))
		if p := pairs(PairsOf(b.Params())); p != "" {
			fmt.Fprintf(&s, " params=%s", p)
		}
		if b.Encoding().Form != FormNone {
			fmt.Fprintf(&s, " enc=%s", str(b.Encoding()))
		}
		if b.Lines().Form != FormNone {
			fmt.Fprintf(&s, " lines=%s", str(b.Lines()))
		}
		if b.EnvelopeValue().Form != FormNone {
			inner, env := b.Body(), b.Envelope()
			fmt.Fprintf(&s, " env.subject=%s body=%s", str(env.Subject()), renderBody(inner))
		}
		if b.MD5().Form != FormNone {
			fmt.Fprintf(&s, " md5=%s", str(b.MD5()))
		}
	}
	if b.Disposition().Form != FormNone {
		fmt.Fprintf(&s, " dsp=%s", str(b.Disposition()))
	}
	if b.Language().Form != FormNone {
		fmt.Fprintf(&s, " lang=%s", str(b.Language()))
	}
	if b.Location().Form != FormNone {
		fmt.Fprintf(&s, " loc=%s", str(b.Location()))
	}
	if b.Extensions().Form != FormNone {
		fmt.Fprintf(&s, " ext=%s", values(b.Extensions().List()))
	}
	s.WriteString(")")
	return s.String()
}

func renderFetch(r *Response) string {
	var s []string
	it := r.Fetch()
	for it.Next() {
		f := it.Item()
		x := f.Kind.String()
		if f.Kind == FetchUnknown {
			x += ":" + string(f.Name)
		}
		if f.Kind == FetchBodySection || f.Kind == FetchBinary || f.Kind == FetchBinarySize {
			x += fmt.Sprintf("[part=%s text=%s", f.Section.Part, f.Section.Text)
			if f.Section.Fields.Form == FormList {
				x += " fields=" + values(f.Section.Fields.List())
			}
			x += "]"
			if f.HasOrigin {
				x += fmt.Sprintf("<%d>", f.Origin)
			}
		}
		switch f.Kind {
		case FetchFlags:
			x += "=" + atoms(f.Flags())
		case FetchUID, FetchRFC822Size, FetchModSeq, FetchBinarySize:
			n, ok := f.Number()
			x += fmt.Sprint("=", n, ok)
		case FetchEnvelope:
			x += "={" + renderEnvelope(f.Envelope()) + "}"
		case FetchBody, FetchBodyStructure:
			b := f.BodyStructure()
			x += "=" + renderBody(b)
		case FetchEmailID, FetchThreadID:
			x += "=" + string(f.ObjectID())
		default:
			x += "=" + str(f.Value)
		}
		s = append(s, x)
	}
	if it.Err() != nil {
		s = append(s, "ERR "+it.Err().Error())
	}
	return strings.Join(s, " | ")
}

// fetchCases pairs FETCH responses with the rendering of their walk; an
// empty want means the input must be rejected.
var fetchCases = []struct {
	name, in, want string
}{
	{"rfc9051 flags", "* 12 FETCH (FLAGS (\\Seen) UID 4827313)\r\n", `FLAGS=\Seen | UID=4827313 true`},
	{"flags recent empty", "* 1 FETCH (FLAGS ())\r\n", `FLAGS=`},
	{"internaldate size", "* 1 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286)\r\n", `INTERNALDATE=17-Jul-1996 02:44:25 -0700 | RFC822.SIZE=4286 true`},
	{"internaldate space day", "* 1 FETCH (INTERNALDATE \" 7-Jul-1996 02:44:25 +0000\")\r\n", `INTERNALDATE= 7-Jul-1996 02:44:25 +0000`},
	{"rfc822 items", "* 2 FETCH (RFC822 {4}\r\nabcd RFC822.HEADER \"h\" RFC822.TEXT NIL)\r\n", `RFC822=abcd | RFC822.HEADER=h | RFC822.TEXT=NIL`},
	{"body section", "* 2 FETCH (BODY[] {5}\r\nhello)\r\n", `BODY[][part= text=]=hello`},
	{"body header.fields origin", "* 2 FETCH (BODY[HEADER.FIELDS (DATE FROM)]<0> {4}\r\nab\r\n)\r\n", "BODY[][part= text=HEADER.FIELDS fields=DATE,FROM]<0>=ab\r\n"},
	{"body part mime", "* 2 FETCH (BODY[1.2.MIME] NIL BODY[3.TEXT] \"x\" BODY[4] \"y\" BODY[1.HEADER.FIELDS.NOT (X-A)] \"z\")\r\n", `BODY[][part=1.2 text=MIME]=NIL | BODY[][part=3 text=TEXT]=x | BODY[][part=4 text=]=y | BODY[][part=1 text=HEADER.FIELDS.NOT fields=X-A]=z`},
	{"binary", "* 2 FETCH (BINARY[1] ~{3}\r\na\x00b BINARY.SIZE[1] 3 BINARY[]<5> \"q\")\r\n", "BINARY[][part=1 text=]=a\x00b | BINARY.SIZE[][part=1 text=]=3 true | BINARY[][part= text=]<5>=q"},
	{"modseq emailid threadid", "* 2 FETCH (MODSEQ (624140003) EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9) )\r\n", ""},
	{"modseq emailid threadid ok", "* 2 FETCH (MODSEQ (624140003) EMAILID (M6d99ac3275bb4e) THREADID NIL)\r\n", `MODSEQ=624140003 true | EMAILID=M6d99ac3275bb4e | THREADID=`},
	{"savedate preview", "* 2 FETCH (SAVEDATE \"01-Jan-2020 00:00:00 +0000\" PREVIEW \"Hi there\")\r\n", `SAVEDATE=01-Jan-2020 00:00:00 +0000 | PREVIEW=Hi there`},
	{"savedate nil", "* 2 FETCH (SAVEDATE NIL)\r\n", `SAVEDATE=NIL`},
	{"unknown items skipped", "* 2 FETCH (X-GM-LABELS (\\Inbox \"a b\") X-GM-MSGID 1278455344230334865 X-FOO[bar] {2}\r\nxy UID 9)\r\n", `unknown:X-GM-LABELS=(\Inbox "a b") | unknown:X-GM-MSGID=1278455344230334865 | unknown:X-FOO[bar]=xy | UID=9 true`},
	{"rfc3501 envelope", "* 12 FETCH (ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\"))\r\n",
		`ENVELOPE={date=Wed, 17 Jul 1996 02:23:25 -0700 (PDT) subject=IMAP4rev1 WG mtg summary and minutes from=[Terry Gray <gray@cac.washington.edu>] sender=[Terry Gray <gray@cac.washington.edu>] reply-to=[Terry Gray <gray@cac.washington.edu>] to=[NIL <imap@cac.washington.edu>] cc=[NIL <minutes@CNRI.Reston.VA.US> John Klensin <KLENSIN@MIT.EDU>] bcc=NIL in-reply-to=NIL message-id=<B27397-0100000@cac.washington.edu>}`},
	{"envelope group", "* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL ((NIL NIL \"undisclosed\" NIL)(\"A\" NIL \"a\" \"b.c\")(NIL NIL NIL NIL)) NIL NIL NIL NIL))\r\n",
		`ENVELOPE={date=NIL subject=NIL from=NIL sender=NIL reply-to=NIL to=[undisclosed: A <a@b.c> ;] cc=NIL bcc=NIL in-reply-to=NIL message-id=NIL}`},
	{"envelope literal subject", "* 1 FETCH (ENVELOPE (NIL {3}\r\nx\"y NIL NIL NIL NIL NIL NIL NIL NIL))\r\n",
		`ENVELOPE={date=NIL subject=x"y from=NIL sender=NIL reply-to=NIL to=NIL cc=NIL bcc=NIL in-reply-to=NIL message-id=NIL}`},
	{"rfc3501 body text", "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n",
		`BODY=(TEXT/PLAIN size=3028 params=CHARSET=US-ASCII enc=7BIT lines=92)`},
	{"bodystructure multipart ext", "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23 NIL NIL NIL NIL)(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73 \"d41d8cd98f00b204e9800998ecf8427e\" (\"attachment\" (\"filename\" \"cc.diff\")) (\"en\" \"de\") \"http://x/y\" 42 (\"a\" (1 2))) \"MIXED\" (\"BOUNDARY\" \"xx\") NIL \"en\" NIL))\r\n",
		`BODYSTRUCTURE=((TEXT/PLAIN size=1152 params=CHARSET=US-ASCII enc=7BIT lines=23 md5=NIL dsp=NIL lang=NIL loc=NIL)(TEXT/PLAIN size=4554 params=CHARSET=US-ASCII,NAME=cc.diff enc=BASE64 lines=73 md5=d41d8cd98f00b204e9800998ecf8427e dsp=("attachment" ("filename" "cc.diff")) lang=("en" "de") loc=http://x/y ext=42,("a" (1 2))) MIXED dsp=NIL lang=en loc=NIL)`},
	{"bodystructure message rfc822", "* 1 FETCH (BODYSTRUCTURE (\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 500 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"HTML\" NIL NIL NIL \"QUOTED-PRINTABLE\" 100 5) 20))\r\n",
		`BODYSTRUCTURE=(MESSAGE/RFC822 size=500 enc=7BIT lines=20 env.subject=inner body=(TEXT/HTML size=100 enc=QUOTED-PRINTABLE lines=5))`},
	{"bodystructure nested multipart", "* 1 FETCH (BODYSTRUCTURE (((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 2 1) \"ALTERNATIVE\")(\"IMAGE\" \"PNG\" (\"NAME\" \"a.png\") NIL NIL \"BASE64\" 3000) \"MIXED\"))\r\n",
		`BODYSTRUCTURE=(((TEXT/PLAIN size=1 enc=7BIT lines=1)(TEXT/HTML size=2 enc=7BIT lines=1) ALTERNATIVE)(IMAGE/PNG size=3000 params=NAME=a.png enc=BASE64) MIXED)`},
}

func TestFetchItems(t *testing.T) {
	for _, tt := range fetchCases {
		t.Run(tt.name, func(t *testing.T) {
			var r Response
			err := (&Parser{}).ParseResponse([]byte(tt.in), &r)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("accepted: %s", renderFetch(&r))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := renderFetch(&r); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name, in string
		off      int
	}{
		{"empty list", "* 1 FETCH ()\r\n", 11},
		{"no list", "* 1 FETCH UID 1\r\n", 10},
		{"uid zero", "* 1 FETCH (UID 0)\r\n", 15},
		{"uid not number", "* 1 FETCH (UID x)\r\n", 15},
		{"size overflow", "* 1 FETCH (RFC822.SIZE 99999999999999999999)\r\n", 23},
		{"flags star", "* 1 FETCH (FLAGS (\\*))\r\n", 19},
		{"bad date month", "* 1 FETCH (INTERNALDATE \"17-Jux-1996 02:44:25 -0700\")\r\n", 28},
		{"bad date zone", "* 1 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 0700\")\r\n", 46},
		{"date not quoted", "* 1 FETCH (INTERNALDATE 17-Jul-1996)\r\n", 24},
		{"section bad text", "* 1 FETCH (BODY[FOO] NIL)\r\n", 16},
		{"section mime without part", "* 1 FETCH (BODY[MIME] NIL)\r\n", 16},
		{"section zero part", "* 1 FETCH (BODY[0] NIL)\r\n", 16},
		{"header.fields no list", "* 1 FETCH (BODY[HEADER.FIELDS] NIL)\r\n", 29},
		{"origin unclosed", "* 1 FETCH (BODY[]<5 NIL)\r\n", 19},
		{"binary no section", "* 1 FETCH (BINARY \"x\")\r\n", 17},
		{"binary text section", "* 1 FETCH (BINARY[TEXT] \"x\")\r\n", 18},
		{"literal8 in body", "* 1 FETCH (BODY[] ~{1}\r\nx)\r\n", 18},
		{"modseq no parens", "* 1 FETCH (MODSEQ 5)\r\n", 18},
		{"emailid bad char", "* 1 FETCH (EMAILID (a.b))\r\n", 21},
		{"envelope short", "* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n", 56},
		{"envelope address five fields", "* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\" \"b\" NIL)) NIL NIL NIL NIL NIL NIL NIL))\r\n", 46},
		{"envelope empty address list", "* 1 FETCH (ENVELOPE (NIL NIL () NIL NIL NIL NIL NIL NIL NIL))\r\n", 30},
		{"envelope quoted CR", "* 1 FETCH (ENVELOPE (NIL \"a\rb\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n", 27},
		{"body missing lines", "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3028))\r\n", 55},
		{"body negative lines", "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3028 -1))\r\n", 56},
		{"body params odd", "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"A\") NIL NIL \"7BIT\" 1 1))\r\n", 36},
		{"body atom type", "* 1 FETCH (BODY (TEXT \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1))\r\n", 17},
		{"multipart no subtype", "* 1 FETCH (BODY ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)))\r\n", 56},
		{"dsp not list", "* 1 FETCH (BODYSTRUCTURE (\"A\" \"B\" NIL NIL NIL \"7BIT\" 1 NIL \"attachment\"))\r\n", 59},
		{"item without value", "* 1 FETCH (UID)\r\n", 14},
		{"trailing space", "* 1 FETCH (UID 1 )\r\n", 17},
		{"unclosed", "* 1 FETCH (UID 1\r\n", 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Response
			err := (&Parser{}).ParseResponse([]byte(tt.in), &r)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err %v, want *Error at %d", err, tt.off)
			}
			if pe.Offset != tt.off {
				t.Errorf("offset %d, want %d: %v", pe.Offset, tt.off, err)
			}
		})
	}
}

func TestLenientBodyLines(t *testing.T) {
	in := "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3028 -1))\r\n"
	var r Response
	if err := NewParser(Options{Lenient: true}).ParseResponse([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	v := r.Violations()
	if len(v) != 1 || v[0] != (Violation{Kind: ViolNegativeLines, Offset: 56}) {
		t.Fatalf("violations %v", v)
	}
	if got := renderFetch(&r); got != "BODY=(TEXT/PLAIN size=3028 enc=7BIT lines=-1)" {
		t.Fatalf("walk: %s", got)
	}
}

func TestLenientUnescapedQuote(t *testing.T) {
	in := "* 1 FETCH (ENVELOPE (NIL \"He said \"hi\" today\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"
	var r Response
	if err := (&Parser{}).ParseResponse([]byte(in), &r); err == nil {
		t.Fatal("strict parser accepted an unescaped quote")
	}
	if err := NewParser(Options{Lenient: true}).ParseResponse([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if n := r.ViolationCount(); n != 2 || r.Violations()[0].Kind != ViolUnescapedQuote || r.Violations()[0].Offset != 34 {
		t.Fatalf("violations %v", r.Violations())
	}
	if got := renderFetch(&r); !strings.Contains(got, `subject=He said "hi" today `) {
		t.Fatalf("walk: %s", got)
	}
}

// TestFetchSplits reads every FETCH case through a ResponseReader split at
// every byte boundary and checks that the walk is the same.
func TestFetchSplits(t *testing.T) {
	for _, c := range fetchCases {
		if c.want == "" {
			continue
		}
		for k := 1; k < len(c.in); k++ {
			rr := NewResponseReader(&splitReader{b: []byte(c.in), k: k}, nil, ReaderOptions{BufferSize: 1})
			var r Response
			if err := rr.Next(&r); err != nil {
				t.Fatalf("%s split at %d: %v", c.name, k, err)
			}
			if got := renderFetch(&r); got != c.want {
				t.Fatalf("%s split at %d:\n got  %s\n want %s", c.name, k, got, c.want)
			}
		}
	}
}

// TestBodyLiteral8Refused checks that a literal8 ("~{n}"), valid only in
// BINARY[] data, is refused everywhere in BODY and BODYSTRUCTURE
// extension data, strict and lenient, at the offset of its "~", and that
// the fast path gives it to the general validator instead of accepting it.
func TestBodyLiteral8Refused(t *testing.T) {
	const part = `"TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1`
	tests := []struct {
		name, body string
		off        int // within body
		expected   string
	}{
		{"body-extension", "(" + part + " NIL NIL NIL NIL ~{1}\r\nx)", 55, "body-extension"},
		{"body-extension after number", "(" + part + " NIL NIL NIL NIL 5 ~{1}\r\nx)", 57, "body-extension"},
		{"in body-extension list", "(" + part + " NIL NIL NIL NIL (1 ~{1}\r\nx))", 58, "body-extension"},
		{"nested body-extension list", "(" + part + " NIL NIL NIL NIL (1 (\"a\" ~{1}\r\nx)))", 63, "body-extension"},
		{"multipart body-extension", "((" + part + ") \"MIXED\" NIL NIL NIL NIL ~{1}\r\nx)", 65, "body-extension"},
		{"body-fld-md5", "(" + part + " ~{1}\r\nx)", 39, "string"},
		{"body-fld-lang", "(" + part + " NIL NIL ~{1}\r\nx)", 47, "string"},
		{"body-fld-loc", "(" + part + " NIL NIL NIL ~{1}\r\nx)", 51, "string"},
	}
	const prefix = "* 1 FETCH (BODYSTRUCTURE "
	for _, tt := range tests {
		if tt.body[tt.off] != '~' {
			t.Fatalf("%s: offset %d is not the \"~\" in %q", tt.name, tt.off, tt.body)
		}
		for _, lenient := range []bool{false, true} {
			in := prefix + tt.body + ")\r\n"
			var r Response
			err := NewParser(Options{Lenient: lenient}).ParseResponse([]byte(in), &r)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("%s (lenient %v): err %v, want *Error", tt.name, lenient, err)
			}
			want := tt.expected + " (literal8 is only allowed in BINARY, APPEND and METADATA values)"
			if tt.expected == "body-extension" {
				want = `body-extension (nstring, number or "(") (literal8 is only allowed in BINARY, APPEND and METADATA values)`
			}
			if pe.Offset != len(prefix)+tt.off || pe.Expected != want || pe.Found != `"~{1}"` {
				t.Errorf("%s (lenient %v): got %d %q %q, want %d %q %q", tt.name, lenient, pe.Offset, pe.Expected, pe.Found, len(prefix)+tt.off, want, `"~{1}"`)
			}
		}
		lim := defaultLimits
		var rec listSpans
		if p := fastValue([]byte(tt.body), false, &lim, &rec); p >= 0 {
			t.Errorf("%s: the fast path accepted %q up to %d", tt.name, tt.body, p)
		}
		if d := fastVsGeneral([]byte(tt.body), false, &lim); d != "" {
			t.Error(d)
		}
	}
	// The same extension data with a literal is valid.
	in := prefix + "(" + part + " NIL NIL NIL NIL (1 {1}\r\nx)))\r\n"
	var r Response
	if err := (&Parser{}).ParseResponse([]byte(in), &r); err != nil {
		t.Fatalf("literal in body-extension: %v", err)
	}
}
