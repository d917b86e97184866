package load_test

import (
	"fmt"
	"log"
	"os"

	"github.com/imapstress/imapstress/load"
)

// Each of three copies turns the whole run's configuration into its share:
// a third of the sessions and of the rate, its own users and tag prefix.
func ExampleShard_Apply() {
	for i := 1; i <= 3; i++ {
		cfg := load.Config{Addr: "mail.internal:143", Sessions: 100, Rate: 3000, User: "user%d"}
		if err := (load.Shard{I: i, N: 3}).Apply(&cfg); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("copy %s: %d sessions from user%d, %.0f commands/s, tags %s1, %s2, ...\n",
			cfg.Shard, cfg.Sessions, cfg.UserOffset+1, cfg.Rate, cfg.TagPrefix, cfg.TagPrefix)
	}
	// Output:
	// copy 1/3: 33 sessions from user1, 990 commands/s, tags A1, A2, ...
	// copy 2/3: 33 sessions from user34, 990 commands/s, tags B1, B2, ...
	// copy 3/3: 34 sessions from user67, 1020 commands/s, tags C1, C2, ...
}

// Merging the interval logs and JSON reports of the copies of a run, all
// in one folder, and checking a threshold on the merged histograms.
func ExampleMerge() {
	rep, err := load.Merge("results/run-1")
	if err != nil {
		log.Fatal(err)
	}
	ts, err := load.ParseThresholds("p99<50ms,errors<0.1%")
	if err != nil {
		log.Fatal(err)
	}
	rep.WriteTable(os.Stdout)
	for _, breach := range load.CheckThresholds(rep, ts) {
		fmt.Println("breached:", breach)
	}
}
