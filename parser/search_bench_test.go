package parser

import "testing"

// BenchmarkSearch10kValidateOnly: BenchmarkSearch10k's response parsed
// (validated) without its walk, to tell the two apart.
func BenchmarkSearch10kValidateOnly(b *testing.B) {
	buf := searchResponse()
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

// BenchmarkSearch10kWalkOnly: the walk of BenchmarkSearch10k (every
// number through SearchNumbers) over a response parsed once.
func BenchmarkSearch10kWalkOnly(b *testing.B) {
	buf := searchResponse()
	var p Parser
	var r Response
	if err := p.ParseResponse(buf, &r); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	sum := 0
	for i := 0; i < b.N; i++ {
		sum += walkAll(&r)
	}
	cpu.stop()
	if sum == 0 {
		b.Fatal("no number walked")
	}
}
