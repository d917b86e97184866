package parser

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// The BenchmarkPeer... benchmarks feed the bytes of the benchmarks above
// through github.com/emersion/go-imap/v2's client, so that the ratio is
// measured in one run on one machine.
//
// How: go-imap v2's wire decoder (internal/imapwire) cannot be imported, and
// its client only parses the responses that answer a command it sent. So
// each benchmark drives an imapclient.Client over peerConn, an in-memory
// net.Conn that answers each command line the client writes with the
// benchmark's bytes (the FETCH batch, the SEARCH or ESEARCH response, a
// tagged completion) followed by the command's tagged OK. The client then
// parses those bytes with its own decoder and hands them to the caller
// (FetchCommand.Collect, SearchCommand.Wait, Command.Wait), which is what a
// go-imap user pays for a response. The in-memory conn has no syscalls, no
// copies beyond one append, and no network; what is measured beyond parsing
// is the client's own per-command machinery (tag, pending-command matching,
// channels and goroutines), which is part of its parse path. Commands are
// pipelined (all issued before waiting) where the benchmark has many.

// peerConn is an in-memory net.Conn for an imapclient.Client: every
// complete line written to it is answered by respond.
type peerConn struct {
	mu      sync.Mutex
	cond    *sync.Cond
	rbuf    []byte
	wline   []byte
	closed  bool
	respond func(tag string) []byte
}

func newPeerConn(greeting string, respond func(tag string) []byte) *peerConn {
	c := &peerConn{rbuf: []byte(greeting), respond: respond}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *peerConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.rbuf) == 0 && !c.closed {
		c.cond.Wait()
	}
	if len(c.rbuf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.rbuf)
	c.rbuf = c.rbuf[n:]
	return n, nil
}

func (c *peerConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wline = append(c.wline, p...)
	for {
		i := bytes.IndexByte(c.wline, '\n')
		if i < 0 {
			break
		}
		line := c.wline[:i+1]
		tag := string(line[:bytes.IndexByte(line, ' ')])
		c.rbuf = append(c.rbuf, c.respond(tag)...)
		c.wline = c.wline[i+1:]
	}
	c.cond.Broadcast()
	return len(p), nil
}

func (c *peerConn) Close() error {
	c.mu.Lock()
	c.closed = true
	c.cond.Broadcast()
	c.mu.Unlock()
	return nil
}

func (c *peerConn) LocalAddr() net.Addr                { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
func (c *peerConn) RemoteAddr() net.Addr               { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
func (c *peerConn) SetDeadline(t time.Time) error      { return nil }
func (c *peerConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *peerConn) SetWriteDeadline(t time.Time) error { return nil }

const peerGreeting = "* OK [CAPABILITY IMAP4rev1] ready\r\n"

func newPeerClient(b *testing.B, respond func(tag string) []byte) *imapclient.Client {
	c := imapclient.New(newPeerConn(peerGreeting, respond), nil)
	if err := c.WaitGreeting(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c
}

func tagged(tag string) []byte { return []byte(tag + " OK done\r\n") }

func benchPeerFetch(b *testing.B, batch []byte, withBody bool) {
	c := newPeerClient(b, func(tag string) []byte {
		return append(append([]byte(nil), batch...), tagged(tag)...)
	})
	var set imap.SeqSet
	set.AddRange(1, 100)
	opt := &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, RFC822Size: true, Envelope: true,
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true}}
	if withBody {
		opt.BodySection = []*imap.FetchItemBodySection{{}}
	}
	msgs, err := c.Fetch(set, opt).Collect()
	if err != nil || len(msgs) != 100 || msgs[99].Envelope == nil || msgs[99].BodyStructure == nil {
		b.Fatalf("peer did not parse the batch: %d messages, %v", len(msgs), err)
	}
	b.SetBytes(int64(len(batch)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	for i := 0; i < b.N; i++ {
		if _, err := c.Fetch(set, opt).Collect(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPeerFetchBatch is BenchmarkFetchBatch through go-imap v2.
func BenchmarkPeerFetchBatch(b *testing.B) { benchPeerFetch(b, fetchBatch(0), false) }

// BenchmarkPeerFetchBatchBody4K is BenchmarkFetchBatchBody4K through go-imap v2.
func BenchmarkPeerFetchBatchBody4K(b *testing.B) { benchPeerFetch(b, fetchBatch(4096), true) }

// BenchmarkPeerSearch10k is BenchmarkSearch10k through go-imap v2.
func BenchmarkPeerSearch10k(b *testing.B) {
	search := searchResponse()
	c := newPeerClient(b, func(tag string) []byte {
		return append(append([]byte(nil), search...), tagged(tag)...)
	})
	data, err := c.Search(&imap.SearchCriteria{}, nil).Wait()
	if err != nil || len(data.AllSeqNums()) != 10000 {
		b.Fatalf("peer did not parse SEARCH: %v", err)
	}
	b.SetBytes(int64(len(search)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	for i := 0; i < b.N; i++ {
		if _, err := c.Search(&imap.SearchCriteria{}, nil).Wait(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPeerESearchAll10k is BenchmarkESearchAll10k through go-imap v2.
// The correlator carries the client's tag instead of "A1", which changes
// the length by a byte or two.
func BenchmarkPeerESearchAll10k(b *testing.B) {
	esearch := esearchResponse()
	rest := esearch[bytes.Index(esearch, []byte(") ")):]
	c := newPeerClient(b, func(tag string) []byte {
		r := []byte(`* ESEARCH (TAG "` + tag + `"`)
		r = append(r, rest...)
		return append(r, tagged(tag)...)
	})
	data, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil || len(data.AllUIDs()) != 50000 {
		b.Fatalf("peer did not parse ESEARCH: %v", err)
	}
	b.SetBytes(int64(len(esearch)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	for i := 0; i < b.N; i++ {
		if _, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPeerTaggedCompletions is BenchmarkTaggedCompletions through
// go-imap v2: 1,000 pipelined NOOPs, each answered by "Tn OK Completed".
// Tags grow past T1000, so the bytes per iteration are counted as ours.
func BenchmarkPeerTaggedCompletions(b *testing.B) {
	c := newPeerClient(b, func(tag string) []byte { return []byte(tag + " OK Completed\r\n") })
	cmds := make([]*imapclient.Command, 1000)
	b.SetBytes(int64(len(completions())))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.stop()
	for i := 0; i < b.N; i++ {
		for k := range cmds {
			cmds[k] = c.Noop()
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
