package parser

import "testing"

// BenchmarkESearchAll10kValidateOnly: BenchmarkESearchAll10k's response
// parsed (validated) without its walk, to tell the two apart.
func BenchmarkESearchAll10kValidateOnly(b *testing.B) {
	buf := esearchResponse()
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

// BenchmarkESearchAll10kWalkOnly: the walk of BenchmarkESearchAll10k
// (every range of ALL through SeqIter) over a response parsed once.
func BenchmarkESearchAll10kWalkOnly(b *testing.B) {
	buf := esearchResponse()
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
		b.Fatal("no range walked")
	}
}
