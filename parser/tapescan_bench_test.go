package parser

import "testing"

// benchTapeValues returns the FetchBatch benchmark's 50th message and the
// offsets of its ENVELOPE and BODYSTRUCTURE values (their "(").
func benchTapeValues(b *testing.B) (msg []byte, env, body int) {
	msg = []byte(fetchMessage(50, 0))
	var r Response
	if err := (&Parser{}).ParseResponse(msg, &r); err != nil {
		b.Fatal(err)
	}
	for it := r.Fetch(); it.Next(); {
		switch f := it.Item(); f.Kind {
		case FetchEnvelope:
			env = f.Value.Off - 1
		case FetchBodyStructure:
			body = f.Value.Off - 1
		}
	}
	return msg, env, body
}

// BenchmarkTapeScan runs tapeScan alone on the ENVELOPE and the
// BODYSTRUCTURE of a FetchBatch message: about three quarters of
// BenchmarkFetchBatchValidateOnly's instructions, measured without the
// rest of validation, framing and the timer's reads around them, so that a
// change to the scan can be timed with less noise.
func BenchmarkTapeScan(b *testing.B) {
	msg, env, body := benchTapeValues(b)
	var t listSpans
	t.record(msg)
	envEnd, _ := tapeScan(msg, env, &t, stEnvDate, 100)
	bodyEnd, _ := tapeScan(msg, body, &t, stBodyStart, 100)
	b.SetBytes(int64(envEnd - env + bodyEnd - body)) // the two values
	b.ReportAllocs()
	for b.Loop() {
		if p, _ := tapeScan(msg, env, &t, stEnvDate, 100); p < 0 {
			b.Fatal("tapeScan declined the ENVELOPE")
		}
		if p, _ := tapeScan(msg, body, &t, stBodyStart, 100); p < 0 {
			b.Fatal("tapeScan declined the BODYSTRUCTURE")
		}
	}
}
