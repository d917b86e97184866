package netfuzz_test

import (
	"context"
	"fmt"
	"time"

	"github.com/imapstress/imapstress/fuzz/netfuzz"
	"github.com/imapstress/imapstress/fuzz/netfuzz/internal/defective"
)

// Replay a saved finding against a server: here the test server whose
// planted crash drops the connection on a NUL in a quoted string.
func ExampleReplay() {
	srv, err := defective.Start("127.0.0.1:0", defective.Options{Crash: true})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	f := &netfuzz.Finding{Class: netfuzz.ClassCrash, Location: "no answer to SELECT",
		Input: netfuzz.Input{State: netfuzz.Authenticated,
			Writes: []netfuzz.Write{{Data: []byte("F1 SELECT \"IN\x00BOX\"\r\n")}}}}
	r, err := netfuzz.Replay(context.Background(), netfuzz.Config{Addr: srv.Addr(), Deadline: time.Second}, netfuzz.MarshalFinding(f))
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Reproduced(), r.Got.Class, r.Got.Location)
	// Output: true crash no answer to SELECT
}

// Run fuzzes a server for a bounded number of inputs and returns the
// minimised findings.
func ExampleRun() {
	srv, err := defective.Start("127.0.0.1:0", defective.Options{BadFetch: true})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	sum, err := netfuzz.Run(context.Background(), netfuzz.Config{Addr: srv.Addr(), MaxExecs: 300,
		States: []netfuzz.State{netfuzz.NotAuthenticated}, Deadline: time.Second, Seed: 1,
		OnFinding: func(*netfuzz.Finding) bool { return true }})
	if err != nil {
		panic(err)
	}
	f := sum.Findings[0]
	fmt.Println(f.Class, f.Location)
	// Output: violation FETCH response: expected SP or ")"
}
