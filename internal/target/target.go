// Package target is the embedded IMAP server that imapstress loads when no
// --addr is given, and that the tests run against: go-imap v2's imapserver
// over its in-memory backend, with users user1..userN (password "pass") whose
// mailboxes are pre-filled with generated messages.
//
// It is a fixture and a demo target, not a product: it keeps everything in
// memory, trusts every client on loopback, and is exactly as fast as go-imap's
// server is. Measure real servers (Dovecot, see scripts/dovecot.sh) for
// figures that matter.
package target

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/imapstress/imapstress/load/mailgen"
)

// Password is the password of every generated user.
const Password = "pass"

// Options configures Start. The zero value is usable.
type Options struct {
	// Addr is the listening address; default "127.0.0.1:0" (a free port).
	Addr string
	// Users is the number of accounts, user1..userN; default 100.
	Users int
	// Messages is how many messages each INBOX starts with; default 20.
	// Archive and Sent get a quarter as many. Negative means none.
	Messages int
	// Seed makes the generated messages reproducible; default 1.
	Seed uint64
	// ImplicitTLS serves TLS from the first byte (like port 993). STARTTLS is
	// offered on plain connections either way, with a self-signed
	// certificate for "localhost" and 127.0.0.1.
	ImplicitTLS bool
	// Logger receives go-imap's error messages; nil discards them.
	Logger *log.Logger
}

// Server is a running embedded target. Close it when done.
type Server struct {
	ln   net.Listener
	srv  *imapserver.Server
	done chan struct{}
	err  error

	closeOnce sync.Once
}

// Folders are the mailboxes every user has, INBOX first.
var Folders = []string{"INBOX", "Archive", "Sent", "Drafts", "Trash"}

// Start creates the users, fills their mailboxes and starts serving on
// Options.Addr. It returns once the listener accepts connections.
func Start(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.Users <= 0 {
		opts.Users = 100
	}
	if opts.Messages == 0 {
		opts.Messages = 20
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	logger := opts.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	cert, err := selfSigned()
	if err != nil {
		return nil, fmt.Errorf("target: certificate: %w", err)
	}
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}}

	mem := imapmemserver.New()
	// Every user gets the same generated messages: generating is cheap, but
	// this keeps start-up time flat as Users grows.
	msgs := generate(opts.Seed, max(opts.Messages, 0))
	for i := 1; i <= opts.Users; i++ {
		u := imapmemserver.NewUser("user"+strconv.Itoa(i), Password)
		if err := fill(u, msgs); err != nil {
			return nil, fmt.Errorf("target: filling user%d: %w", i, err)
		}
		mem.AddUser(u)
	}

	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps: imap.CapSet{
			imap.CapIMAP4rev1:    {},
			imap.CapIMAP4rev2:    {},
			imap.CapLiteralPlus:  {},
			imap.CapNamespace:    {},
			imap.CapUIDPlus:      {},
			imap.CapESearch:      {},
			imap.CapMove:         {},
			imap.CapListExtended: {},
			imap.CapListStatus:   {},
			imap.CapStatusSize:   {},
		},
		Logger:       logger,
		TLSConfig:    tlsConfig,
		InsecureAuth: true,
	})
	// No TCP keep-alive probes: they cost four setsockopt calls per accepted
	// connection, and go-imap's read timeouts already end dead sessions.
	lc := net.ListenConfig{KeepAlive: -1}
	tcp, err := lc.Listen(context.Background(), "tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	var ln net.Listener = newBatchListener(tcp)
	if opts.ImplicitTLS {
		ln = tls.NewListener(ln, tlsConfig)
	}
	s := &Server{ln: ln, srv: srv, done: make(chan struct{})}
	go func() {
		s.err = srv.Serve(ln)
		close(s.done)
	}()
	return s, nil
}

// Addr is the address the server listens on, such as "127.0.0.1:40143".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops listening, closes every connection and waits for the accept
// loop to end. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		err = s.srv.Close()
		<-s.done
		if s.err != nil && !errors.Is(s.err, net.ErrClosed) {
			err = errors.Join(err, s.err)
		}
	})
	return err
}

// Wait blocks until the server stops, for "imapstress serve".
func (s *Server) Wait() error {
	<-s.done
	return s.err
}

func generate(seed uint64, n int) [][]byte { return Messages(seed, n) }

// Messages returns n generated messages that go-imap's server can describe
// within the protocol (one address per field; see mailgen.OneAddress): the
// messages that fill the mailboxes, and the ones to APPEND to this target.
func Messages(seed uint64, n int) [][]byte {
	g := mailgen.New(seed)
	g.MaxSize = 64 << 10
	g.OneAddress = true
	msgs := make([][]byte, n)
	for i := range msgs {
		msgs[i] = g.Append(nil)
	}
	return msgs
}

// Mix is the workload for this target: imapstress's default mix without
// MOVE and EXPUNGE. go-imap v2's session tracker does not handle more than
// one pending new message, so an expunge after an APPEND that the session
// has not yet been told about is announced as "* 0 EXPUNGE", which RFC 9051
// forbids (nz-number). Against this target imapstress would rightly count
// that as a protocol violation of the server's; the demo and the tests
// leave those commands out.
const Mix = "noop=8,uid-fetch=30,fetch=8,uid-search=8,search=3,uid-store=8,store=3," +
	"status=6,list=3,select=2,examine=1,copy=3,append=6,idle=2,capability=1"

// literal adapts a byte slice to imap.LiteralReader.
type literal struct {
	b   []byte
	off int
}

func (l *literal) Read(p []byte) (int, error) {
	if l.off >= len(l.b) {
		return 0, io.EOF
	}
	n := copy(p, l.b[l.off:])
	l.off += n
	return n, nil
}

func (l *literal) Size() int64 { return int64(len(l.b)) }

func fill(u *imapmemserver.User, msgs [][]byte) error {
	special := map[string]imap.MailboxAttr{
		"Archive": imap.MailboxAttrArchive, "Sent": imap.MailboxAttrSent,
		"Drafts": imap.MailboxAttrDrafts, "Trash": imap.MailboxAttrTrash,
	}
	for _, name := range Folders {
		var opts *imap.CreateOptions
		if attr, ok := special[name]; ok {
			opts = &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{attr}}
		}
		if err := u.Create(name, opts); err != nil {
			return err
		}
		if err := u.Subscribe(name); err != nil {
			return err
		}
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, m := range msgs {
		flags := []imap.Flag(nil)
		if i%3 == 0 {
			flags = append(flags, imap.FlagSeen)
		}
		if i%7 == 0 {
			flags = append(flags, imap.FlagFlagged)
		}
		opts := &imap.AppendOptions{Flags: flags, Time: base.Add(time.Duration(i) * time.Hour)}
		if _, err := u.Append("INBOX", &literal{b: m}, opts); err != nil {
			return err
		}
		if i%4 == 0 {
			for _, box := range []string{"Archive", "Sent"} {
				if _, err := u.Append(box, &literal{b: m}, opts); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// selfSigned makes an ECDSA P-256 certificate for localhost, valid for a day.
func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
