package load_test

import (
	"context"
	"fmt"
	"time"

	"github.com/imapstress/imapstress/internal/target"
	"github.com/imapstress/imapstress/load"
	"github.com/imapstress/imapstress/parser"
)

// Dial takes one connection as far as its config asks (here: logged in,
// INBOX selected); Exec then runs one command and matches its completion.
func ExampleDial() {
	srv, err := target.Start(target.Options{Users: 1, Messages: 3})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	c, err := load.Dial(context.Background(), load.DialConfig{Addr: srv.Addr(), User: "user1", Pass: target.Password, Mailbox: "INBOX"})
	if err != nil {
		panic(err)
	}
	defer c.Close()
	fetched := 0
	st, _, err := c.Exec("f1", []byte("f1 FETCH 1:* (FLAGS)\r\n"), time.Now().Add(5*time.Second), func(r *parser.Response) {
		if r.Type == parser.DataFetch {
			fetched++
		}
	})
	fmt.Println(c.Selected(), c.Exists(), st, fetched, err)
	// Output: true 3 OK 3 <nil>
}
