package parser

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"log"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// BenchmarkPeerServerCommands measures github.com/emersion/go-imap/v2's
// server-side decoding of the stream BenchmarkParseCommands parses.
//
// How: go-imap v2's command decoder (internal/imapwire) cannot be imported,
// so the benchmark drives its imapserver, with the imapmemserver backend,
// over net.Pipe (no sockets, no syscalls). The session is logged in and has
// an empty INBOX selected, so that executing the commands costs as little
// as it can: UID FETCH and UID STORE match no message, UID SEARCH finds
// nothing. What is measured beyond decoding is the server's per-command
// work (session locking, an empty search, writing a one-line completion)
// and one pipe hand-over per read and write; the figure is therefore an
// upper bound of go-imap's decoding throughput, and the ratio to
// BenchmarkParseCommands a lower bound of ours. The benchmark fails if
// the server rejects any command, so both sides handle the same commands.
func BenchmarkPeerServerCommands(b *testing.B) {
	stream := typicalCommands()
	const perStream = 100

	mem := imapmemserver.New()
	u := imapmemserver.NewUser("user", "pass")
	if err := u.Create("INBOX", nil); err != nil {
		b.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	client, server := net.Pipe()
	ln := newOneConnListener(server)
	go srv.Serve(ln)
	defer func() {
		client.Close()
		ln.Close()
		srv.Close()
	}()

	r := bufio.NewReaderSize(client, 64<<10)
	readTagged := func(tag string) error {
		for {
			line, err := r.ReadSlice('\n')
			if err != nil {
				return err
			}
			if bytes.HasPrefix(line, []byte(tag+" ")) {
				if !bytes.HasPrefix(line[len(tag)+1:], []byte("OK")) {
					return errors.New(string(line))
				}
				return nil
			}
		}
	}
	if _, err := r.ReadSlice('\n'); err != nil { // greeting
		b.Fatal(err)
	}
	for _, c := range []struct{ tag, line string }{{"x1", "x1 LOGIN user pass\r\n"}, {"x2", "x2 SELECT INBOX\r\n"}} {
		if _, err := io.WriteString(client, c.line); err != nil {
			b.Fatal(err)
		}
		if err := readTagged(c.tag); err != nil {
			b.Fatal(err)
		}
	}

	// A reader goroutine counts the completions while the benchmark
	// writes, since net.Pipe has no buffer.
	done := make(chan error, 1)
	var want int
	var mu sync.Mutex
	next := make(chan struct{}, 1)
	go func() {
		for range next {
			mu.Lock()
			n := want
			mu.Unlock()
			var err error
			for seen := 0; seen < n && err == nil; {
				var line []byte
				line, err = r.ReadSlice('\n')
				if err == nil && len(line) > 0 && line[0] == 'a' {
					if i := bytes.IndexByte(line, ' '); i > 0 && !bytes.HasPrefix(line[i+1:], []byte("OK")) {
						err = errors.New("server refused: " + string(line))
					}
					seen++
				}
			}
			done <- err
		}
	}()
	defer close(next)

	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	m := startCPU(b)
	defer m.stop()
	for b.Loop() {
		mu.Lock()
		want = perStream
		mu.Unlock()
		next <- struct{}{}
		if _, err := client.Write(stream); err != nil {
			b.Fatal(err)
		}
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
}

// oneConnListener hands out one connection, then blocks until closed.
type oneConnListener struct {
	conn   net.Conn
	once   sync.Once
	closed chan struct{}
	given  bool
	mu     sync.Mutex
}

func newOneConnListener(c net.Conn) *oneConnListener {
	return &oneConnListener{conn: c, closed: make(chan struct{})}
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	if !l.given {
		l.given = true
		l.mu.Unlock()
		return l.conn, nil
	}
	l.mu.Unlock()
	<-l.closed
	return nil, net.ErrClosed
}

func (l *oneConnListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *oneConnListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }
