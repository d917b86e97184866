package parser

import (
	"fmt"
	"strings"
	"testing"
)

func mustParse(t *testing.T, in string) *Response {
	t.Helper()
	var r Response
	if err := (&Parser{}).ParseResponse([]byte(in), &r); err != nil {
		t.Fatalf("%q: %v", in, err)
	}
	return &r
}

func str(v Value) string {
	switch v.Form {
	case FormNone:
		return "-"
	case FormNIL:
		return "NIL"
	case FormList:
		return "(" + string(v.Raw) + ")"
	}
	return string(v.AppendString(nil))
}

func atoms(it AtomIter) string {
	var s []string
	for it.Next() {
		s = append(s, string(it.Atom()))
	}
	return strings.Join(s, ",")
}

func pairs(it PairIter) string {
	var s []string
	for it.Next() {
		s = append(s, str(it.Key())+"="+str(it.Value()))
	}
	return strings.Join(s, ",")
}

func values(it ListIter) string {
	var s []string
	for it.Next() {
		s = append(s, str(it.Value()))
	}
	return strings.Join(s, ",")
}

func TestDataViews(t *testing.T) {
	tests := []struct {
		in   string
		view func(r *Response) string
		want string
	}{
		{"* CAPABILITY IMAP4rev2 STARTTLS AUTH=PLAIN\r\n", func(r *Response) string { return atoms(r.Capabilities()) }, "IMAP4rev2,STARTTLS,AUTH=PLAIN"},
		{"* OK [CAPABILITY IMAP4rev1 IDLE] hi\r\n", func(r *Response) string { return atoms(r.Capabilities()) }, "IMAP4rev1,IDLE"},
		{"* ENABLED CONDSTORE\r\n", func(r *Response) string { return atoms(r.Capabilities()) }, "CONDSTORE"},
		{"* FLAGS (\\Seen $Junk)\r\n", func(r *Response) string { return atoms(r.Flags()) }, `\Seen,$Junk`},
		{"* OK [PERMANENTFLAGS (\\Seen \\*)] x\r\n", func(r *Response) string { it, _ := r.PermanentFlags(); return atoms(it) }, `\Seen,\*`},
		{"a NO [BADCHARSET (UTF-8 \"X Y\")] x\r\n", func(r *Response) string { return values(r.BadCharsets()) }, "UTF-8,X Y"},
		{"* OK [UIDNEXT 4392] x\r\n", func(r *Response) string { n, ok := r.UIDNext(); return fmt.Sprint(n, ok) }, "4392 true"},
		{"* OK [UIDVALIDITY 3857529045] x\r\n", func(r *Response) string { n, ok := r.UIDValidity(); return fmt.Sprint(n, ok) }, "3857529045 true"},
		{"* OK [UNSEEN 12] x\r\n", func(r *Response) string { n, ok := r.Unseen(); return fmt.Sprint(n, ok) }, "12 true"},
		{"* OK [HIGHESTMODSEQ 715194045007] x\r\n", func(r *Response) string { n, ok := r.HighestModSeq(); return fmt.Sprint(n, ok) }, "715194045007 true"},
		{"* OK [UNSEEN 12] x\r\n", func(r *Response) string { n, ok := r.UIDNext(); return fmt.Sprint(n, ok) }, "0 false"},
		{"a OK [APPENDUID 38505 3955:3957] x\r\n", func(r *Response) string { v, s, ok := r.AppendUID(); return fmt.Sprint(v, " ", renderSet(s), " ", ok) }, "38505 3955-3957 true"},
		{"a OK [MODIFIED 7,9:10] x\r\n", func(r *Response) string { s, ok := r.Modified(); return fmt.Sprint(renderSet(s), " ", ok) }, "7-7,9-10 true"},
		{"* SEARCH 2 84 882\r\n", func(r *Response) string {
			var s []string
			for it := r.SearchNumbers(); it.Next(); {
				s = append(s, fmt.Sprint(it.Number()))
			}
			m, ok := r.SearchModSeq()
			return strings.Join(s, ",") + fmt.Sprint(" ", m, ok)
		}, "2,84,882 0 false"},
		{"* SORT 5 3 (MODSEQ 917162500)\r\n", func(r *Response) string {
			var s []string
			for it := r.SearchNumbers(); it.Next(); {
				s = append(s, fmt.Sprint(it.Number()))
			}
			m, ok := r.SearchModSeq()
			return strings.Join(s, ",") + fmt.Sprint(" ", m, ok)
		}, "5,3 917162500 true"},
		{"* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\") OLDNAME (\"Bar\"))\r\n", func(r *Response) string {
			m, ok := r.MailboxList()
			return fmt.Sprint(atoms(m.Attrs), " ", str(m.Delim), " ", str(m.Mailbox), " ", pairs(m.Ext()), " ", ok)
		}, `\HasNoChildren,\Subscribed / Foo CHILDINFO=("SUBSCRIBED"),OLDNAME=("Bar") true`},
		{"* LSUB () NIL {5}\r\nIN\"BX\r\n", func(r *Response) string {
			m, ok := r.MailboxList()
			return fmt.Sprint(atoms(m.Attrs), " ", str(m.Delim), " ", str(m.Mailbox), " ", str(m.Extended), " ", ok)
		}, ` NIL IN"BX - true`},
		{"* STATUS \"a b\" (MESSAGES 231 UIDNEXT 44292)\r\n", func(r *Response) string {
			mb, it, ok := r.MailboxStatus()
			return fmt.Sprint(str(mb), " ", pairs(it), " ", ok)
		}, "a b MESSAGES=231,UIDNEXT=44292 true"},
		{"* ESEARCH (TAG \"A283\") UID ALL 3:15,27 COUNT 14\r\n", func(r *Response) string {
			e, ok := r.ESearch()
			return fmt.Sprint(str(e.Tag), " ", e.UID, " ", pairs(e.Items()), " ", ok)
		}, "A283 true ALL=3:15,27,COUNT=14 true"},
		{"* ESEARCH MIN 2\r\n", func(r *Response) string {
			e, ok := r.ESearch()
			return fmt.Sprint(str(e.Tag), " ", e.UID, " ", pairs(e.Items()), " ", ok)
		}, "- false MIN=2 true"},
		{"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n", func(r *Response) string {
			var s []string
			for it := r.Threads(); it.Next(); {
				s = append(s, "["+values(it.Value().List())+"]")
			}
			return strings.Join(s, "")
		}, "[2][3,6,(4 23),(44 7 96)]"},
		{"* NAMESPACE ((\"\" \"/\")) NIL ((\"#shared/\" \"/\" \"X-P\" (\"A\" \"B\"))(\"#public/\" NIL))\r\n", func(r *Response) string {
			p, o, sh, ok := r.Namespaces()
			var s []string
			for i, it := range []*NamespaceIter{&p, &o, &sh} {
				for it.Next() {
					n := it.Namespace()
					s = append(s, fmt.Sprint(i, ":", str(n.Prefix), " ", str(n.Delim), " ", pairs(PairsOf(n.Ext))))
				}
			}
			return strings.Join(s, "; ") + fmt.Sprint(" ", ok)
		}, `0: / ; 2:#shared/ / X-P=("A" "B"); 2:#public/ NIL  true`},
		{"* ID (\"name\" \"Cyrus\" \"support-url\" NIL)\r\n", func(r *Response) string { return pairs(r.ID()) }, "name=Cyrus,support-url=NIL"},
		{"* ID NIL\r\n", func(r *Response) string { return pairs(r.ID()) }, ""},
		{"* QUOTA \"\" (STORAGE 10 512 MESSAGE 1 100)\r\n", func(r *Response) string {
			root, it, ok := r.Quota()
			var s []string
			for it.Next() {
				q := it.Resource()
				s = append(s, fmt.Sprintf("%s:%d/%d", q.Name, q.Usage, q.Limit))
			}
			return fmt.Sprint(str(root), "|", strings.Join(s, ","), " ", ok)
		}, "|STORAGE:10/512,MESSAGE:1/100 true"},
		{"* QUOTAROOT INBOX \"\" user\r\n", func(r *Response) string {
			mb, it, ok := r.QuotaRoot()
			return fmt.Sprint(str(mb), " ", values(it), " ", ok)
		}, "INBOX ,user true"},
		{"* METADATA \"\" (/shared/comment \"My comment\" /private/x NIL)\r\n", func(r *Response) string {
			mb, it, ok := r.Metadata()
			var s []string
			for it.Next() {
				v, has := it.Value()
				s = append(s, fmt.Sprint(str(it.Entry()), "=", str(v), has))
			}
			return fmt.Sprint(str(mb), "|", strings.Join(s, ","), " ", ok)
		}, "|/shared/comment=My commenttrue,/private/x=NILtrue true"},
		{"* METADATA INBOX /shared/comment /private/comment\r\n", func(r *Response) string {
			mb, it, ok := r.Metadata()
			var s []string
			for it.Next() {
				v, has := it.Value()
				s = append(s, fmt.Sprint(str(it.Entry()), "=", str(v), has))
			}
			return fmt.Sprint(str(mb), "|", strings.Join(s, ","), " ", ok)
		}, "INBOX|/shared/comment=-false,/private/comment=-false true"},
		{"* ACL INBOX Fred rwipsldexta -Bob r\r\n", func(r *Response) string { mb, it, ok := r.ACL(); return fmt.Sprint(str(mb), " ", pairs(it), " ", ok) }, "INBOX Fred=rwipsldexta,-Bob=r true"},
		{"* LISTRIGHTS ~/Mail/saved smith la r swicdkxte\r\n", func(r *Response) string {
			mb, id, it, ok := r.ListRights()
			return fmt.Sprint(str(mb), " ", str(id), " ", values(it), " ", ok)
		}, "~/Mail/saved smith la,r,swicdkxte true"},
		{"* MYRIGHTS INBOX rwiptsldaex\r\n", func(r *Response) string {
			mb, rt, ok := r.MyRights()
			return fmt.Sprint(str(mb), " ", str(rt), " ", ok)
		}, "INBOX rwiptsldaex true"},
		{"* VANISHED (EARLIER) 41,43:116\r\n", func(r *Response) string { e, s, ok := r.Vanished(); return fmt.Sprint(e, " ", renderSet(s), " ", ok) }, "true 41-41,43-116 true"},
		{"* VANISHED 405\r\n", func(r *Response) string { e, s, ok := r.Vanished(); return fmt.Sprint(e, " ", renderSet(s), " ", ok) }, "false 405-405 true"},
		{"* XUNKNOWN a (b c) {1}\r\nz\r\n", func(r *Response) string { return string(r.Name) + " " + values(r.Args()) }, "XUNKNOWN a,(b c),z"},
	}
	for _, tt := range tests {
		r := mustParse(t, tt.in)
		if got := tt.view(r); got != tt.want {
			t.Errorf("%q:\n got  %s\n want %s", tt.in, got, tt.want)
		}
	}
}

func TestViewsOnOtherTypes(t *testing.T) {
	r := mustParse(t, "* 3 EXISTS\r\n")
	if _, ok := r.MailboxList(); ok {
		t.Error("MailboxList on EXISTS")
	}
	if _, _, ok := r.MailboxStatus(); ok {
		t.Error("MailboxStatus on EXISTS")
	}
	if _, ok := r.ESearch(); ok {
		t.Error("ESearch on EXISTS")
	}
	if it := r.Fetch(); it.Next() {
		t.Error("Fetch on EXISTS")
	}
	if _, _, ok := r.Vanished(); ok {
		t.Error("Vanished on EXISTS")
	}
	if _, _, _, ok := r.CopyUID(); ok {
		t.Error("CopyUID without code")
	}
}
