package load_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/imapstress/imapstress/load"
)

// Replaying the sessions that "imapstress record" wrote into rec/, twice
// as fast as they were recorded, with 20 sessions for a minute.
func ExampleLoadReplay() {
	rp, err := load.LoadReplay("rec", 2, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rp.Summary()) // what is replayed, and what is not and why
	cfg := load.Config{Addr: "127.0.0.1:10143", Sessions: 20, Duration: time.Minute}
	rp.Apply(&cfg)
	rep, err := load.Run(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	rep.WriteTable(os.Stdout)
}
