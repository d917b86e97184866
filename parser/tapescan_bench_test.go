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

// tapeValue is one ENVELOPE or BODYSTRUCTURE value of a benchmark batch:
// the message, the offset of the value's "(" and the automaton's state to
// scan it from.
type tapeValue struct {
	msg []byte
	at  int
	st  uint
}

// benchTapeBatch returns the ENVELOPE and BODYSTRUCTURE values of the 100
// messages of the FetchBatch benchmark, in order.
func benchTapeBatch(tb testing.TB) []tapeValue {
	var vals []tapeValue
	for i := 1; i <= 100; i++ {
		msg := []byte(fetchMessage(i, 0))
		var r Response
		if err := (&Parser{}).ParseResponse(msg, &r); err != nil {
			tb.Fatal(err)
		}
		for it := r.Fetch(); it.Next(); {
			switch f := it.Item(); f.Kind {
			case FetchEnvelope:
				vals = append(vals, tapeValue{msg, f.Value.Off - 1, stEnvDate})
			case FetchBodyStructure:
				vals = append(vals, tapeValue{msg, f.Value.Off - 1, stBodyStart})
			}
		}
	}
	return vals
}

// BenchmarkTapeScanBatch runs the scan the parser runs (tapeScanAny: the
// assembly loop where the kernels run, else tapeScan) on the ENVELOPE and
// BODYSTRUCTURE of each of the FetchBatch benchmark's 100 messages in
// turn. Unlike BenchmarkTapeScan, which repeats one message, the values
// differ in their numbers and in some strings' lengths from one message to
// the next, as in the batch, so that the branch predictor cannot learn
// one message's branches by heart.
func BenchmarkTapeScanBatch(b *testing.B) { benchTapeScanBatch(b, tapeScanAny) }

// BenchmarkTapeScanBatchGo is BenchmarkTapeScanBatch with the portable
// tapeScan.
func BenchmarkTapeScanBatchGo(b *testing.B) { benchTapeScanBatch(b, tapeScan) }

func benchTapeScanBatch(b *testing.B, scan func([]byte, int, *listSpans, uint, int) (int, int)) {
	vals := benchTapeBatch(b)
	var t listSpans
	size := 0
	for _, v := range vals {
		t.record(v.msg)
		e, _ := scan(v.msg, v.at, &t, v.st, 100)
		if e < 0 {
			b.Fatal("the scan declined a value")
		}
		size += e - v.at
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		for i := range vals {
			v := &vals[i]
			t.record(v.msg)
			if p, _ := scan(v.msg, v.at, &t, v.st, 100); p < 0 {
				b.Fatal("the scan declined a value")
			}
		}
	}
	cpu.stop()
}
