package load_test

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/imapstress/imapstress/internal/target"
	"github.com/imapstress/imapstress/load"
)

// TestDialPipelinedLogin checks what Dial writes: by default the login and
// the SELECT (or EXAMINE) go out in one write, one at a time with
// NoPipelinedLogin, and either way the session ends in the state asked for.
func TestDialPipelinedLogin(t *testing.T) {
	srv, err := target.Start(target.Options{Users: 2, Messages: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, tc := range []struct {
		name             string
		auth             string
		readOnly, noPipe bool
		login, sel       string
		together         bool
	}{
		{"LOGIN and SELECT", "login", false, false, " LOGIN ", " SELECT ", true},
		{"LOGIN and EXAMINE", "login", true, false, " LOGIN ", " EXAMINE ", true},
		{"AUTHENTICATE with SASL-IR", "plain", false, false, " AUTHENTICATE PLAIN ", " SELECT ", true},
		{"one at a time", "login", false, true, " LOGIN ", " SELECT ", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var writes [][]byte
			c, err := load.Dial(context.Background(), load.DialConfig{
				Addr: srv.Addr(), User: "user1", Pass: target.Password, Auth: tc.auth, Mailbox: "INBOX",
				ReadOnly: tc.readOnly, NoPipelinedLogin: tc.noPipe, Timeout: 10 * time.Second,
				Trace: func(fromServer bool, p []byte) {
					if !fromServer {
						writes = append(writes, bytes.Clone(p))
					}
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if !c.Selected() || c.ReadOnly() != tc.readOnly || c.Exists() != 4 {
				t.Errorf("selected %v, read-only %v, exists %d; want true, %v, 4", c.Selected(), c.ReadOnly(), c.Exists(), tc.readOnly)
			}
			li, si := -1, -1
			for i, w := range writes {
				if bytes.Contains(w, []byte(tc.login)) {
					li = i
				}
				if bytes.Contains(w, []byte(tc.sel)) {
					si = i
				}
			}
			if li < 0 || si < 0 || (li == si) != tc.together {
				t.Errorf("login in write %d, select in write %d of %q; together: want %v", li, si, writes, tc.together)
			}
		})
	}
}

// BenchmarkOpen measures how fast connections open against the embedded
// target (in the same process, so the figure is the pair's), 64 at a
// time: TCP connect alone, Dial up to the greeting, and Dial through LOGIN
// and SELECT (sent together). One op is one connection, closed at once;
// conns/s is the opening rate. Keep b.N to a few thousand (-benchtime
// 3000x): every closed connection holds an ephemeral port in TIME_WAIT.
func BenchmarkOpen(b *testing.B) {
	srv, err := target.Start(target.Options{Users: 1, Messages: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	for _, mode := range []string{"tcp", "greeting", "login-select"} {
		b.Run(mode, func(b *testing.B) {
			b.SetParallelism(32) // times GOMAXPROCS
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if mode == "tcp" {
						d := net.Dialer{KeepAlive: -1}
						c, err := d.Dial("tcp", srv.Addr())
						if err != nil {
							b.Error(err)
							return
						}
						c.Close()
						continue
					}
					cfg := load.DialConfig{Addr: srv.Addr()}
					if mode == "login-select" {
						cfg.User, cfg.Pass, cfg.Mailbox = "user1", target.Password, "INBOX"
					}
					c, err := load.Dial(context.Background(), cfg)
					if err != nil {
						b.Error(err)
						return
					}
					c.Close()
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "conns/s")
		})
	}
}
