package parser

import (
	"bytes"
	"io"
	"runtime"
	"testing"
)

// TestReaderAnnouncementCostsNoMemory checks that a literal announced but
// not sent does not make the ResponseReader allocate its size up front
// (found by the fuzz target Limits: a 35-byte response announcing 16 MB
// cost 16 MB, so 10,000 sessions facing a hostile server would need
// 160 GB).
func TestReaderAnnouncementCostsNoMemory(t *testing.T) {
	for _, in := range []string{
		"* 1 FETCH (BODY[] {16000000}\r\nabc",
		"* 1 FETCH (BODY[] {67108864}\r\n",
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rr := NewResponseReader(bytes.NewReader([]byte(in)), nil, ReaderOptions{})
		var r Response
		err := rr.Next(&r)
		runtime.ReadMemStats(&after)
		if err != io.ErrUnexpectedEOF {
			t.Errorf("%q: err %v, want io.ErrUnexpectedEOF", in, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
			t.Errorf("%q: allocated %d bytes for a %d-byte input", in, got, len(in))
		}
	}
	// The literal's data still arrives whole when it comes.
	data := bytes.Repeat([]byte("x"), 100000)
	in := append(append([]byte("* 1 FETCH (BODY[] {100000}\r\n"), data...), ")\r\n"...)
	rr := NewResponseReader(bytes.NewReader(in), nil, ReaderOptions{})
	var r Response
	if err := rr.Next(&r); err != nil || len(r.Raw) != len(in) {
		t.Fatalf("100000-byte literal: err %v, %d of %d bytes", err, len(r.Raw), len(in))
	}
}
