package record

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/internal/target"
)

// tee is the client's side of the connection, keeping a copy of every byte
// the client wrote and read.
type tee struct {
	net.Conn
	mu          sync.Mutex
	wrote, read bytes.Buffer
}

func (t *tee) Read(p []byte) (int, error) {
	n, err := t.Conn.Read(p)
	t.mu.Lock()
	t.read.Write(p[:n])
	t.mu.Unlock()
	return n, err
}

func (t *tee) Write(p []byte) (int, error) {
	n, err := t.Conn.Write(p)
	t.mu.Lock()
	t.wrote.Write(p[:n])
	t.mu.Unlock()
	return n, err
}

// startProxy runs a proxy to upstream writing into a temporary folder; the
// returned channel delivers each finished connection.
func startProxy(t *testing.T, upstream string, keep bool, viol func(Violation)) (string, <-chan Summary) {
	t.Helper()
	done := make(chan Summary, 4)
	p, err := New(Options{
		Upstream: upstream, Dir: t.TempDir(), KeepCredentials: keep,
		OnSession: func(s Summary) { done <- s }, OnViolation: viol,
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- p.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String(), done
}

func waitSession(t *testing.T, done <-chan Summary) Summary {
	t.Helper()
	select {
	case s := <-done:
		if s.Err != nil {
			t.Fatal(s.Err)
		}
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("the proxy did not finish the session within 10s")
	}
	return Summary{}
}

// TestRecordGoIMAPClient runs go-imap v2's client against the embedded
// target through the proxy and checks that the file holds exactly the
// bytes the client sent and received, but for the masked credentials.
func TestRecordGoIMAPClient(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 2, Messages: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	plain := func(user string) string {
		return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + target.Password))
	}
	for _, tc := range []struct {
		name   string
		keep   bool
		auth   func(c *imapclient.Client) error
		secret string // what must not be in the file, unless keep
		masked string // what the client stream reads instead
	}{
		{"login", false, func(c *imapclient.Client) error { return c.Login("user1", target.Password).Wait() },
			` "user1" "` + target.Password + `"` + "\r\n", ` "user1" "xxxx"` + "\r\n"},
		{"login-keep", true, func(c *imapclient.Client) error { return c.Login("user1", target.Password).Wait() },
			"", ""},
		{"plain", false, func(c *imapclient.Client) error {
			return c.Authenticate(sasl.NewPlainClient("", "user2", target.Password))
		}, plain("user2"), base64.StdEncoding.EncodeToString([]byte("\x00user2\x00xxxx"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// go-imap's server puts a SP between the addresses of an
			// address list, which RFC 9051's grammar ("(" 1*address ")")
			// does not allow: the one server violation expected. The
			// client must have none.
			var mu sync.Mutex
			var serverViol int
			addr, done := startProxy(t, srv.Addr(), tc.keep, func(v Violation) {
				if v.From == corpus.Client || !strings.Contains(v.Err.Error(), "(address)") {
					t.Errorf("unexpected violation: %v", v)
				}
				mu.Lock()
				serverViol++
				mu.Unlock()
			})
			nc, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			tn := &tee{Conn: nc}
			c := imapclient.New(tn, nil)
			if err := tc.auth(c); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			seq := imap.SeqSetNum(1, 2, 3)
			if _, err := c.Fetch(seq, &imap.FetchOptions{Flags: true, Envelope: true, UID: true,
				BodySection: []*imap.FetchItemBodySection{{}}}).Collect(); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Search(&imap.SearchCriteria{Body: []string{"e"}}, nil).Wait(); err != nil {
				t.Fatal(err)
			}
			if err := c.Store(seq, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close(); err != nil {
				t.Fatal(err)
			}
			if err := c.Noop().Wait(); err != nil {
				t.Fatal(err)
			}
			if err := c.Logout().Wait(); err != nil {
				t.Fatal(err)
			}
			c.Close()
			sum := waitSession(t, done)

			data, err := os.ReadFile(sum.Path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := corpus.ReadSession(data)
			if err != nil {
				t.Fatal(err)
			}
			tn.mu.Lock()
			wantC, wantS := tn.wrote.String(), tn.read.String()
			tn.mu.Unlock()
			if tc.secret != "" {
				if !strings.Contains(wantC, tc.secret) {
					t.Fatalf("the client did not send %q; test is wrong: %q", tc.secret, wantC)
				}
				if bytes.Contains(data, []byte(tc.secret)) {
					t.Errorf("the file holds the credentials %q", tc.secret)
				}
				wantC = strings.Replace(wantC, tc.secret, tc.masked, 1)
				if sum.Masked != 1 {
					t.Errorf("Masked = %d, want 1", sum.Masked)
				}
			} else if sum.Masked != 0 {
				t.Errorf("Masked = %d with --keep-credentials", sum.Masked)
			}
			if string(s.Client) != wantC {
				t.Errorf("client stream differs:\nfile %q\nsent %q", s.Client, wantC)
			}
			if string(s.Server) != wantS {
				t.Errorf("server stream differs:\nfile %q\nreceived %q", s.Server, wantS)
			}
			if sum.Client != int64(tn.wrote.Len()) || sum.Server != int64(len(wantS)) {
				t.Errorf("byte counts %d/%d, want %d/%d", sum.Client, sum.Server, tn.wrote.Len(), len(wantS))
			}
			var last time.Duration
			for i, r := range s.Records {
				if !r.Timed || r.At < last {
					t.Fatalf("record %d: timed %v at %v after %v", i, r.Timed, r.At, last)
				}
				last = r.At
			}
			mu.Lock()
			if sum.Violations != serverViol {
				t.Errorf("summary counts %d violations, reported %d", sum.Violations, serverViol)
			}
			mu.Unlock()
		})
	}
}

// TestRecordViolations checks that messages the parser refuses are
// reported with the side and stream offset, and still forwarded and
// recorded as they are.
func TestRecordViolations(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 1, Messages: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var mu sync.Mutex
	var got []Violation
	addr, done := startProxy(t, srv.Addr(), false, func(v Violation) {
		mu.Lock()
		got = append(got, v)
		mu.Unlock()
	})
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(nc)
	if _, err := br.ReadString('\n'); err != nil { // greeting
		t.Fatal(err)
	}
	// "a2 FETCH 0 FLAGS": message number 0 is not a seq-number.
	sent := "a1 NOOP\r\na2 FETCH 0 FLAGS\r\na3 LOGOUT\r\n"
	if _, err := nc.Write([]byte(sent)); err != nil {
		t.Fatal(err)
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("reading responses: %v", err)
		}
		if strings.HasPrefix(line, "a3 ") {
			break
		}
	}
	nc.Close()
	sum := waitSession(t, done)
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || sum.Violations != 1 {
		t.Fatalf("violations %v (summary %d), want one", got, sum.Violations)
	}
	if v := got[0]; v.From != corpus.Client || v.Offset != int64(len("a1 NOOP\r\n")) {
		t.Errorf("violation %v: want client at offset 9", v)
	}
	data, err := os.ReadFile(sum.Path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := corpus.ReadSession(data)
	if err != nil {
		t.Fatal(err)
	}
	if string(s.Client) != sent {
		t.Errorf("client stream %q, want %q", s.Client, sent)
	}
	if !bytes.Contains(data, []byte("# violation: client stream offset 9")) {
		t.Errorf("no violation comment in the file:\n%s", data)
	}
}
