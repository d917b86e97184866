// Package record is a recording IMAP proxy: it sits between a real client
// (Thunderbird, mbsync, a phone) and a server, forwards every byte unaltered
// in both directions, and writes each connection as a session file (the
// format of corpus/README.md, with a "#@" timestamp before every record).
// On the way it frames and parses both directions with imapstress's parser
// and reports every protocol violation by either side, and it masks the
// credentials of LOGIN and AUTHENTICATE in the file unless asked not to.
//
// The recordings are corpus input (imapstress parse --session, the fuzzers)
// and workload for load --replay.
//
// It is not a TLS interceptor: the client side is plain TCP (the upstream
// may be TLS), and once a connection switches to TLS with STARTTLS or to
// DEFLATE with COMPRESS the proxy keeps forwarding but stops recording,
// since what follows is no longer IMAP on the wire.
package record

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/parser"
)

// Options configures a Proxy. Upstream is required.
type Options struct {
	// Upstream is the server, host:port.
	Upstream string
	// TLSUpstream connects to the server with implicit TLS (port 993).
	TLSUpstream bool
	// TLSConfig is used for TLSUpstream; default: verify against the host
	// name of Upstream.
	TLSConfig *tls.Config
	// Dir receives one session file per connection; default ".".
	Dir string
	// KeepCredentials writes LOGIN passwords and AUTHENTICATE data as
	// sent; by default they are masked (see Mask).
	KeepCredentials bool
	// DialTimeout bounds connecting to the upstream; default 10s.
	DialTimeout time.Duration
	// OnViolation, when set, is called for every protocol violation, from
	// the connection's goroutines (it must be safe for concurrent use).
	OnViolation func(Violation)
	// OnSession, when set, is called when a connection ends and its
	// session file is complete.
	OnSession func(Summary)
}

// Violation is a message that our parser refused, in either direction.
type Violation struct {
	// Conn is the connection's number (1, 2, ... in order of accept).
	Conn int
	// From says who sent the message.
	From corpus.Direction
	// Offset is the byte offset of the message in its direction's stream.
	Offset int64
	// Err is the parser's error (a *parser.Error says where in the
	// message, what it expected and what it found).
	Err error
}

// Error says which side sent what, where.
func (v Violation) Error() string {
	return fmt.Sprintf("connection %d: %s stream offset %d: %v", v.Conn, v.From, v.Offset, v.Err)
}

// Summary describes one recorded connection.
type Summary struct {
	// Conn is the connection's number; Path its session file.
	Conn int
	Path string
	// Client and Server count the bytes each side sent (all of them, also
	// those forwarded but not recorded after STARTTLS or COMPRESS).
	Client, Server int64
	// Violations counts the messages our parser refused.
	Violations int
	// Masked counts the credentials masked in the file.
	Masked int
	// Unrecorded is set when the connection switched to TLS or DEFLATE,
	// after which nothing more was recorded.
	Unrecorded bool
	// Err is the first error writing the file, if any.
	Err error
}

// Proxy is a recording proxy. Create it with New, run it with Serve.
type Proxy struct {
	opts   Options
	parser *parser.Parser

	mu     sync.Mutex
	nconn  int
	active map[int]*conn
	wg     sync.WaitGroup
}

// New checks opts and returns a proxy.
func New(opts Options) (*Proxy, error) {
	if opts.Upstream == "" {
		return nil, errors.New("record: no upstream address")
	}
	if _, _, err := net.SplitHostPort(opts.Upstream); err != nil {
		return nil, fmt.Errorf("record: upstream %q: %w", opts.Upstream, err)
	}
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = 10 * time.Second
	}
	if opts.TLSUpstream && opts.TLSConfig == nil {
		host, _, _ := net.SplitHostPort(opts.Upstream)
		opts.TLSConfig = &tls.Config{ServerName: host}
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	return &Proxy{opts: opts, parser: parser.NewParser(parser.Options{}), active: map[int]*conn{}}, nil
}

// Serve accepts connections on ln until ctx is done or ln fails, proxying
// and recording each. It closes ln, waits for the open connections to end
// (they are cut when ctx is done) and returns nil after a cancellation.
func (p *Proxy) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() {
		ln.Close()
		p.mu.Lock()
		for _, c := range p.active {
			c.client.Close()
			if c.server != nil {
				c.server.Close()
			}
		}
		p.mu.Unlock()
	})
	defer stop()
	var err error
	for {
		var cc net.Conn
		cc, err = ln.Accept()
		if err != nil {
			break
		}
		p.mu.Lock()
		p.nconn++
		c := &conn{p: p, id: p.nconn, client: cc}
		p.active[c.id] = c
		p.mu.Unlock()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			sum := c.run(ctx)
			p.mu.Lock()
			delete(p.active, c.id)
			p.mu.Unlock()
			if p.opts.OnSession != nil {
				p.opts.OnSession(sum)
			}
		}()
	}
	ln.Close()
	p.wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// conn is one proxied connection.
type conn struct {
	p      *Proxy
	id     int
	client net.Conn
	server net.Conn

	mu  sync.Mutex // guards rec and the sums below
	rec *recorder
	sum Summary
}

// run dials the upstream, opens the session file and copies both ways until
// both sides are done.
func (c *conn) run(ctx context.Context) Summary {
	o := &c.p.opts
	start := time.Now()
	c.sum = Summary{Conn: c.id}
	defer c.client.Close()
	d := net.Dialer{Timeout: o.DialTimeout}
	dctx, cancel := context.WithTimeout(ctx, o.DialTimeout)
	var err error
	if o.TLSUpstream {
		td := tls.Dialer{NetDialer: &d, Config: o.TLSConfig}
		c.server, err = td.DialContext(dctx, "tcp", o.Upstream)
	} else {
		c.server, err = d.DialContext(dctx, "tcp", o.Upstream)
	}
	cancel()
	if err != nil {
		c.sum.Err = fmt.Errorf("record: connection %d: dial %s: %w", c.id, o.Upstream, err)
		return c.sum
	}
	defer c.server.Close()

	name := fmt.Sprintf("rec-%s-%04d.txt", start.UTC().Format("20060102T150405Z"), c.id)
	c.sum.Path = filepath.Join(o.Dir, name)
	f, err := os.Create(c.sum.Path)
	if err != nil {
		c.sum.Err = fmt.Errorf("record: connection %d: %w", c.id, err)
		return c.sum
	}
	c.rec = newRecorder(f, c.p.parser, !o.KeepCredentials, start)
	c.rec.onViolation = func(from corpus.Direction, off int64, err error) {
		c.sum.Violations++
		if o.OnViolation != nil {
			o.OnViolation(Violation{Conn: c.id, From: from, Offset: off, Err: err})
		}
	}
	c.rec.comment(fmt.Sprintf("recorded by imapstress record: connection %d from %s to %s, started %s",
		c.id, c.client.RemoteAddr(), o.Upstream, start.UTC().Format(time.RFC3339Nano)))
	if o.KeepCredentials {
		c.rec.comment("credentials kept as sent (--keep-credentials)")
	} else {
		c.rec.comment("credentials masked: LOGIN passwords and AUTHENTICATE data replaced byte for byte")
	}

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.pipe(c.server, c.client, corpus.Client) }()
	go func() { defer wg.Done(); c.pipe(c.client, c.server, corpus.Server) }()
	wg.Wait()

	c.mu.Lock()
	defer c.mu.Unlock()
	err = c.rec.close()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil && c.sum.Err == nil {
		c.sum.Err = fmt.Errorf("record: %s: %w", c.sum.Path, err)
	}
	c.sum.Masked, c.sum.Unrecorded = c.rec.masked, c.rec.stopped
	return c.sum
}

// pipe copies from src to dst, recording each chunk before forwarding it,
// so that the file's order is causal: whatever one side sends in reaction
// to the other's bytes is recorded after them. At EOF it half-closes dst
// (or closes it, when it cannot half-close).
func (c *conn) pipe(dst, src net.Conn, from corpus.Direction) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			c.mu.Lock()
			if from == corpus.Client {
				c.sum.Client += int64(n)
			} else {
				c.sum.Server += int64(n)
			}
			if werr := c.rec.feed(from, buf[:n]); werr != nil && c.sum.Err == nil {
				c.sum.Err = fmt.Errorf("record: %s: %w", c.sum.Path, werr)
			}
			c.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				src.Close()
				return
			}
		}
		if err != nil {
			break
		}
	}
	if cw, ok := dst.(interface{ CloseWrite() error }); ok {
		if cw.CloseWrite() == nil {
			return
		}
	}
	dst.Close()
}

// ListenAndServe listens on addr and serves until ctx is done.
func (p *Proxy) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return p.Serve(ctx, ln)
}
