package parser

import "testing"

// BenchmarkReaderFetchBatch: BenchmarkFetchBatch's 100 responses read from
// an io.Reader by a ResponseReader (framing with resumption, then parsing)
// and walked, as a client reading a connection does.
func BenchmarkReaderFetchBatch(b *testing.B) { benchReader(b, fetchBatch(0), 0) }

// BenchmarkReaderFetchBatchBody4K: the same with BenchmarkFetchBatchBody4K's
// responses, each literal held in the buffer.
func BenchmarkReaderFetchBatchBody4K(b *testing.B) { benchReader(b, fetchBatch(4096), 0) }

// benchReader reads the responses of buf, over and over, through one
// ResponseReader whose buffer has grown, and walks each; an op is one
// pass over buf.
func benchReader(b *testing.B, buf []byte, threshold int64) {
	n := 0
	for rest := buf; len(rest) > 0; n++ {
		k, err := (&Parser{}).FrameResponse(rest)
		if err != nil {
			b.Fatal(err)
		}
		rest = rest[k:]
	}
	rr := NewResponseReader(&repeatReader{b: buf}, nil, ReaderOptions{LiteralThreshold: threshold})
	var r Response
	for i := 0; i < 2*n; i++ { // grow the buffer
		if err := rr.Next(&r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	sum := 0
	for i := 0; i < b.N; i++ {
		for j := 0; j < n; j++ {
			if err := rr.Next(&r); err != nil {
				b.Fatal(err)
			}
			sum += walkAll(&r)
		}
	}
	if sum == 0 {
		b.Fatal("walked nothing")
	}
}
