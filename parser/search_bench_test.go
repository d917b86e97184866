package parser

import "testing"

// The ValidateOnly and WalkOnly benchmarks split a response benchmark into
// its validation (ParseResponse alone) and its walk (walkAll over a
// response parsed once, benchWalkOnly), to tell the two apart.

// BenchmarkSearch10kValidateOnly: BenchmarkSearch10k's response parsed
// (validated) without its walk.
func BenchmarkSearch10kValidateOnly(b *testing.B) { benchValidateOnly(b, searchResponse()) }

// BenchmarkSearch10kWalkOnly: the walk of BenchmarkSearch10k (every
// number through SearchNumbers) over a response parsed once.
func BenchmarkSearch10kWalkOnly(b *testing.B) { benchWalkOnly(b, searchResponse(), walkAll) }

// BenchmarkESearchAll10kValidateOnly: BenchmarkESearchAll10k's response
// parsed (validated) without its walk.
func BenchmarkESearchAll10kValidateOnly(b *testing.B) { benchValidateOnly(b, esearchResponse()) }

// BenchmarkESearchAll10kWalkOnly: the walk of BenchmarkESearchAll10k
// (every range of ALL through SeqIter) over a response parsed once.
func BenchmarkESearchAll10kWalkOnly(b *testing.B) { benchWalkOnly(b, esearchResponse(), walkAll) }

// benchValidateOnly parses buf, one response, b.N times.
func benchValidateOnly(b *testing.B, buf []byte) {
	var p Parser
	var r Response
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		if err := p.ParseResponse(buf, &r); err != nil {
			b.Fatal(err)
		}
	}
	cpu.stop()
}

// BenchmarkFetchBatchBody4KValidateOnly: BenchmarkFetchBatchBody4K's
// responses framed and parsed (validated) without their walk, as
// BenchmarkFetchBatchValidateOnly does for BenchmarkFetchBatch.
func BenchmarkFetchBatchBody4KValidateOnly(b *testing.B) { benchFrameParse(b, fetchBatch(4096), true) }

// BenchmarkFrameFetchBatch: BenchmarkFetchBatch's responses framed
// (FrameResponse) and not parsed.
func BenchmarkFrameFetchBatch(b *testing.B) { benchFrameParse(b, fetchBatch(0), false) }

// BenchmarkFrameFetchBatchBody4K: BenchmarkFetchBatchBody4K's responses
// framed and not parsed: framing jumps over each literal by its announced
// length.
func BenchmarkFrameFetchBatchBody4K(b *testing.B) { benchFrameParse(b, fetchBatch(4096), false) }

// benchFrameParse frames every response of buf, and parses each when
// parse is set, in each op.
func benchFrameParse(b *testing.B, buf []byte, parse bool) {
	var p Parser
	var r Response
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	for i := 0; i < b.N; i++ {
		for rest := buf; len(rest) > 0; {
			n, err := p.FrameResponse(rest)
			if err != nil {
				b.Fatal(err)
			}
			if parse {
				if err := p.ParseResponse(rest[:n], &r); err != nil {
					b.Fatal(err)
				}
			}
			rest = rest[n:]
		}
	}
}

// BenchmarkSearch10kIter: BenchmarkSearch10k with its numbers walked one by
// one through Next and Number (the benchmark's walk before NextBatch).
func BenchmarkSearch10kIter(b *testing.B) { benchParseWalk(b, searchResponse(), walkSearchIter) }

// BenchmarkSearch10kIterWalkOnly: the walk of BenchmarkSearch10kIter over
// a response parsed once.
func BenchmarkSearch10kIterWalkOnly(b *testing.B) {
	benchWalkOnly(b, searchResponse(), walkSearchIter)
}

// walkSearchIter is walkAll with a SEARCH response's numbers read one by
// one through Next and Number, with the same checksum.
func walkSearchIter(r *Response) int {
	if r.Type != DataSearch {
		return walkAll(r)
	}
	n := 0
	it := r.SearchNumbers()
	for it.Next() {
		n += int(it.Number() & 1)
	}
	return n
}

// BenchmarkESearchAll10kIter: BenchmarkESearchAll10k with its ranges
// walked one by one through Next and Range (the benchmark's walk before
// NextBatch).
func BenchmarkESearchAll10kIter(b *testing.B) {
	benchParseWalk(b, esearchResponse(), walkESearchIter)
}

// walkESearchIter is walkAll with the ranges of an ESEARCH response's ALL
// read one by one through Next and Range, with the same checksum.
func walkESearchIter(r *Response) int {
	if r.Type != DataESearch {
		return walkAll(r)
	}
	n := 0
	e, _ := r.ESearch()
	it := e.Items()
	for it.Next() {
		if it.Key().EqualFold("ALL") {
			s := SeqSetOf(it.Value()).Ranges()
			for s.Next() {
				n += int(s.Range().Last & 1)
			}
		}
	}
	return n
}

// TestWalksAgree checks that the two walks of BenchmarkSearch10k and of
// BenchmarkESearchAll10k, NextBatch (walkAll) and Next (walkSearchIter,
// walkESearchIter), see the same numbers.
func TestWalksAgree(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		iter func(*Response) int
		want int
	}{
		{"SEARCH", searchResponse(), walkSearchIter, 5000},
		{"ESEARCH", esearchResponse(), walkESearchIter, 10000},
	} {
		var p Parser
		var r Response
		if err := p.ParseResponse(c.in, &r); err != nil {
			t.Fatal(err)
		}
		if batch, iter := walkAll(&r), c.iter(&r); batch != iter || batch != c.want {
			t.Errorf("%s checksums: NextBatch %d, Next %d, want %d", c.name, batch, iter, c.want)
		}
	}
}
