package parser

import (
	"fmt"
	"strings"
	"testing"
)

// The benchmark inputs, as issue 2 lists them. Each is built once per
// benchmark, deterministically.

// fetchMessage returns one FETCH response of about 1 KB: UID, FLAGS,
// INTERNALDATE, RFC822.SIZE, ENVELOPE and a multipart BODYSTRUCTURE, plus a
// BODY[] literal of bodySize bytes when bodySize > 0.
func fetchMessage(n, bodySize int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `* %d FETCH (UID %d FLAGS (\Seen \Answered $Forwarded) INTERNALDATE "17-Jul-2026 02:44:25 -0700" RFC822.SIZE %d `, n, 1000+n, 4096+n)
	fmt.Fprintf(&b, `ENVELOPE ("Fri, 17 Jul 2026 02:23:25 -0700" "Re: quarterly figures, message %d" `, n)
	b.WriteString(`(("Alice Example" NIL "alice" "example.com")) (("Alice Example" NIL "alice" "example.com")) (("Alice Example" NIL "alice" "example.com")) `)
	b.WriteString(`(("Bob Builder" NIL "bob" "example.org")("Carol" NIL "carol" "example.net")) ((NIL NIL "team" "lists.example.com")) NIL `)
	fmt.Fprintf(&b, `"<prev-%d@example.com>" "<msg-%d@example.com>") `, n, n)
	b.WriteString(`BODYSTRUCTURE ((("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "QUOTED-PRINTABLE" 1152 23 NIL NIL NIL NIL)`)
	b.WriteString(`("TEXT" "HTML" ("CHARSET" "UTF-8") NIL NIL "QUOTED-PRINTABLE" 2320 41 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "b2") NIL NIL NIL)`)
	b.WriteString(`("APPLICATION" "PDF" ("NAME" "report.pdf") NIL "Quarterly report" "BASE64" 4554 NIL ("attachment" ("filename" "report.pdf")) NIL NIL) `)
	b.WriteString(`"MIXED" ("BOUNDARY" "b1") NIL NIL NIL)`)
	if bodySize > 0 {
		fmt.Fprintf(&b, " BODY[] {%d}\r\n", bodySize)
		line := "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\r\n"
		for i := 0; i < bodySize; i++ {
			b.WriteByte(line[i%len(line)])
		}
	}
	b.WriteString(")\r\n")
	return b.String()
}

// fetchBatch returns 100 FETCH responses.
func fetchBatch(bodySize int) []byte {
	var b strings.Builder
	for i := 1; i <= 100; i++ {
		b.WriteString(fetchMessage(i, bodySize))
	}
	return []byte(b.String())
}

// searchResponse returns "* SEARCH" with 10,000 numbers.
func searchResponse() []byte {
	var b strings.Builder
	b.WriteString("* SEARCH")
	for i := 1; i <= 10000; i++ {
		fmt.Fprintf(&b, " %d", i*3)
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// esearchResponse returns an ESEARCH ALL with 10,000 ranges.
func esearchResponse() []byte {
	var b strings.Builder
	b.WriteString(`* ESEARCH (TAG "A1") UID ALL `)
	for i := 0; i < 10000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d:%d", i*10+1, i*10+5)
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// completions returns 1,000 short tagged completions.
func completions() []byte {
	var b strings.Builder
	for i := 1; i <= 1000; i++ {
		fmt.Fprintf(&b, "T%d OK Completed\r\n", i)
	}
	return []byte(b.String())
}

// parseAll frames, parses and fully walks every response in buf, and
// returns a checksum of what it saw.
func parseAll(p *Parser, buf []byte, r *Response) (int, error) {
	return parseWalk(p, buf, r, walkAll)
}

// parseWalk is parseAll with walk in place of walkAll.
func parseWalk(p *Parser, buf []byte, r *Response, walkAll func(*Response) int) (int, error) {
	sum := 0
	for len(buf) > 0 {
		n, err := p.FrameResponse(buf)
		if err != nil {
			return sum, err
		}
		if err := p.ParseResponse(buf[:n], r); err != nil {
			return sum, err
		}
		sum += walkAll(r)
		buf = buf[n:]
	}
	return sum, nil
}

// walkAll walks everything walkResponse does plus the numbers of SEARCH
// and the ranges of ESEARCH.
func walkAll(r *Response) int {
	n := 0
	switch r.Type {
	case DataSearch:
		// A batch at a time, as a client that keeps the numbers does
		// (BenchmarkSearch10kIter walks them one by one with Next).
		var buf [64]uint32
		it := r.SearchNumbers()
		for k := it.NextBatch(buf[:]); k > 0; k = it.NextBatch(buf[:]) {
			for _, v := range buf[:k] {
				n += int(v & 1)
			}
		}
		return n
	case DataESearch:
		e, _ := r.ESearch()
		it := e.Items()
		for it.Next() {
			if it.Key().EqualFold("ALL") {
				// A batch at a time, as a client that wants speed
				// walks a long set; BenchmarkESearchAll10kIter
				// walks it with Next.
				var buf [64]SeqRange
				s := SeqSetOf(it.Value()).Ranges()
				for k := s.NextBatch(buf[:]); k > 0; k = s.NextBatch(buf[:]) {
					for _, r := range buf[:k] {
						n += int(r.Last & 1)
					}
				}
			}
		}
		return n
	case DataFetch:
		var it FetchItemIter
		r.WalkFetch(&it)
		for it.Next() {
			n += walkFetchItem(it.Item())
		}
		return n
	}
	return len(r.Tag) + int(r.Status)
}

func benchParse(b *testing.B, buf []byte) { benchParseWalk(b, buf, walkAll) }

// benchParseWalk is benchParse with walk in place of walkAll.
func benchParseWalk(b *testing.B, buf []byte, walk func(*Response) int) {
	var p Parser
	var r Response
	if _, err := parseWalk(&p, buf, &r, walk); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		if _, err := parseWalk(&p, buf, &r, walk); err != nil {
			b.Fatal(err)
		}
	}
	cpu.stop()
}

// BenchmarkFetchBatch: 100 FETCH responses of about 1 KB with UID, FLAGS,
// INTERNALDATE, RFC822.SIZE, ENVELOPE and a multipart BODYSTRUCTURE, framed,
// parsed and walked completely (every item, envelope address and body part).
func BenchmarkFetchBatch(b *testing.B) { benchParse(b, fetchBatch(0)) }

// BenchmarkFetchBatchBody4K: the same with a BODY[] {4096} literal each.
func BenchmarkFetchBatchBody4K(b *testing.B) { benchParse(b, fetchBatch(4096)) }

// BenchmarkSearch10k: one SEARCH response with 10,000 numbers.
func BenchmarkSearch10k(b *testing.B) { benchParse(b, searchResponse()) }

// BenchmarkESearchAll10k: one ESEARCH ALL with 10,000 ranges.
func BenchmarkESearchAll10k(b *testing.B) { benchParse(b, esearchResponse()) }

// BenchmarkTaggedCompletions: 1,000 short tagged completions.
func BenchmarkTaggedCompletions(b *testing.B) { benchParse(b, completions()) }

// TestBenchInputsParse checks that the benchmark inputs are what they
// claim, so that a benchmark cannot measure an early error.
func TestBenchInputsParse(t *testing.T) {
	for name, in := range map[string][]byte{"fetch": fetchBatch(0), "fetch4k": fetchBatch(4096), "search": searchResponse(), "esearch": esearchResponse(), "completions": completions()} {
		var r Response
		if _, err := parseAll(&Parser{}, in, &r); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := len(fetchMessage(50, 0)); n < 900 || n > 1200 {
		t.Errorf("FETCH message is %d bytes, want about 1 KB", n)
	}
}

// TestZeroAllocs asserts that framing, parsing and walking every part of
// representative responses allocate nothing.
func TestZeroAllocs(t *testing.T) {
	inputs := map[string][]byte{
		"fetch":       []byte(fetchMessage(7, 0)),
		"fetch body":  []byte(fetchMessage(7, 4096)),
		"search":      searchResponse(),
		"esearch":     esearchResponse(),
		"completions": completions(),
	}
	for _, c := range append(append(allCases(), statusCases...), dataCases...) {
		if c.want != "" {
			inputs[c.name] = []byte(c.in)
		}
	}
	for _, c := range fetchCases {
		if c.want != "" {
			inputs["fetch "+c.name] = []byte(c.in)
		}
	}
	var r Response
	lenient := NewParser(Options{Lenient: true})
	for name, in := range inputs {
		if _, err := parseAll(lenient, in, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			parseAll(lenient, in, &r)
			walkResponse(&r)
			walkViews(&r)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, allocs)
		}
	}
}

// walkViews calls every typed view.
func walkViews(r *Response) int {
	n := 0
	for it := r.SearchNumbers(); it.Next(); {
		n++
	}
	if m, ok := r.MailboxList(); ok {
		for it := m.Ext(); it.Next(); {
			n++
		}
	}
	if _, it, ok := r.MailboxStatus(); ok {
		for it.Next() {
			n++
		}
	}
	if e, ok := r.ESearch(); ok {
		for it := e.Items(); it.Next(); {
			n++
		}
	}
	for it := r.Threads(); it.Next(); {
		n++
	}
	if a, b, c, ok := r.Namespaces(); ok {
		for _, it := range [...]*NamespaceIter{&a, &b, &c} {
			for it.Next() {
				n++
			}
		}
	}
	for it := r.ID(); it.Next(); {
		n++
	}
	if _, it, ok := r.Quota(); ok {
		for it.Next() {
			n++
		}
	}
	if _, it, ok := r.Metadata(); ok {
		for it.Next() {
			n++
		}
	}
	if _, it, ok := r.ACL(); ok {
		for it.Next() {
			n++
		}
	}
	if _, s, ok := r.Vanished(); ok {
		for it := s.Ranges(); it.Next(); {
			n++
		}
	}
	if it, ok := r.PermanentFlags(); ok {
		for it.Next() {
			n++
		}
	}
	for it := r.BadCharsets(); it.Next(); {
		n++
	}
	if _, s, d, ok := r.CopyUID(); ok {
		n += int(s.Count(0) + d.Count(0))
	}
	return n
}

// BenchmarkFetchBatchValidateOnly is BenchmarkFetchBatch without the walk:
// framing and ParseResponse's one validating pass.
func BenchmarkFetchBatchValidateOnly(b *testing.B) { benchFrameParse(b, fetchBatch(0), true) }

// BenchmarkBaselineByteLoop reads every byte of the FETCH batch once and
// does nothing else: the machine's speed limit for any parser that looks at
// each byte, to read the other figures against on a shared machine.
func BenchmarkBaselineByteLoop(b *testing.B) {
	buf := fetchBatch(0)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, c := range buf {
			if c == '(' {
				n++
			}
		}
	}
	if n < 0 {
		b.Fatal(n)
	}
}

// repeatReader yields b over and over.
type repeatReader struct {
	b []byte
	p int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := copy(p, r.b[r.p:])
	r.p = (r.p + n) % len(r.b)
	return n, nil
}

// TestReaderZeroAllocs asserts that, once its buffer has grown, the
// ResponseReader reads, frames and parses without allocating, streamed
// literals included.
func TestReaderZeroAllocs(t *testing.T) {
	stream := append(fetchBatch(4096), completions()...)
	for _, threshold := range []int64{0, 1000} {
		rr := NewResponseReader(&repeatReader{b: stream}, nil, ReaderOptions{LiteralThreshold: threshold})
		var r Response
		for i := 0; i < 2000; i++ { // warm up: grow the buffer
			if err := rr.Next(&r); err != nil {
				t.Fatal(err)
			}
		}
		allocs := testing.AllocsPerRun(500, func() {
			if err := rr.Next(&r); err != nil {
				t.Fatal(err)
			}
			walkAll(&r)
		})
		if allocs != 0 {
			t.Errorf("threshold %d: %v allocations per Next, want 0", threshold, allocs)
		}
	}
}
