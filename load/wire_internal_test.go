package load

import (
	"bytes"
	"net"
	"testing"

	"github.com/imapstress/imapstress/parser"
)

// TestReadBufferSize checks how the read buffer follows the traffic: it
// starts at 4 KiB, doubles after each read that filled it, and the next
// one is half as large after a spell (from taking the buffer to releasing
// it) in which no read filled it. net.Pipe hands a reader what one write
// sent, up to the reader's buffer.
func TestReadBufferSize(t *testing.T) {
	line := []byte("* OK [ALERT] a line of server chatter\r\n")
	for _, tc := range []struct {
		name   string
		spells []int // bytes sent in each spell; the buffer is released after each
		want   []int // the largest buffer in each spell
	}{
		{"small answers stay small", []int{100, 2000, 100}, []int{4 << 10, 4 << 10, 4 << 10}},
		// 20 KiB: 4 KiB read, full; 8 KiB read, full; the rest in 16 KiB.
		{"a burst grows the buffer", []int{20 << 10, 100}, []int{16 << 10, 16 << 10}},
		{"and quiet shrinks it again", []int{20 << 10, 100, 100, 100}, []int{16 << 10, 16 << 10, 8 << 10, 4 << 10}},
		{"up to 64 KiB", []int{400 << 10}, []int{64 << 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, server := net.Pipe()
			defer client.Close()
			defer server.Close()
			w := wire{conn: client, p: parser.NewParser(parser.Options{}), pools: &bufPools{}, limit: 1 << 20}
			for i, n := range tc.spells {
				msg := bytes.Repeat(line, max(n/len(line), 1))
				go server.Write(msg)
				size := 0
				for got := 0; got < len(msg); {
					r, err := w.next()
					if err != nil {
						t.Fatalf("spell %d: %v", i, err)
					}
					got += len(r.Raw)
					size = max(size, len(w.rbuf))
				}
				if size != tc.want[i] {
					t.Errorf("spell %d (%d bytes): buffer %d, want %d", i, len(msg), size, tc.want[i])
				}
				w.release()
			}
		})
	}
}
