package parser

import "testing"

// BenchmarkFetchBatchWalkOnly is BenchmarkFetchBatch's walk alone: the 100
// FETCH responses are framed and parsed once, into 100 Responses, and each
// op walks all of them as walkAll does. It isolates the cost of the views
// and iterators from validation (BenchmarkFetchBatchValidateOnly).
func BenchmarkFetchBatchWalkOnly(b *testing.B) { benchWalkOnly(b, fetchBatch(0), walkAll) }

// BenchmarkFetchBatchWalkOnlyValues is the same walk through the Value
// accessors (Subject, Mailbox, PairsOf(Params()), ...) instead of their
// Scalar twins and the direct list walks: the same fields, as a client
// written against the older API reads them.
func BenchmarkFetchBatchWalkOnlyValues(b *testing.B) {
	benchWalkOnly(b, fetchBatch(0), func(r *Response) int {
		n := 0
		it := r.Fetch()
		for it.Next() {
			n += walkFetchItemValues(it.Item())
		}
		return n
	})
}

// benchWalkOnly frames and parses the responses of buf once and walks all
// of them with walk in each op.
func benchWalkOnly(b *testing.B, buf []byte, walk func(*Response) int) {
	var p Parser
	rs := make([]Response, 0, 100)
	for rest := buf; len(rest) > 0; {
		n, err := p.FrameResponse(rest)
		if err != nil {
			b.Fatal(err)
		}
		rs = append(rs, Response{})
		if err := p.ParseResponse(rest[:n], &rs[len(rs)-1]); err != nil {
			b.Fatal(err)
		}
		rest = rest[n:]
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	sum := 0
	for i := 0; i < b.N; i++ {
		for j := range rs {
			sum += walk(&rs[j])
		}
	}
	if sum == 0 {
		b.Fatal("walked nothing")
	}
}

// BenchmarkFetchBatchBody4KWalkOnly is BenchmarkFetchBatchBody4K's walk
// alone, as BenchmarkFetchBatchWalkOnly is BenchmarkFetchBatch's: the walk
// passes each BODY[] literal without reading its data.
func BenchmarkFetchBatchBody4KWalkOnly(b *testing.B) { benchWalkOnly(b, fetchBatch(4096), walkAll) }

// BenchmarkFetchBatchWalkOnlyTree is BenchmarkFetchBatchWalkOnly with the
// FETCH walk through the batch accessors (walkFetchItemTree): the same
// fields.
func BenchmarkFetchBatchWalkOnlyTree(b *testing.B) {
	benchWalkOnly(b, fetchBatch(0), walkAllTree)
}

// walkAllTree is walkAll with the FETCH items walked by walkFetchItemTree.
func walkAllTree(r *Response) int {
	if r.Type != DataFetch {
		return walkAll(r)
	}
	n := 0
	var it FetchItemIter
	r.WalkFetch(&it)
	for it.Next() {
		n += walkFetchItemTree(it.Item())
	}
	return n
}
