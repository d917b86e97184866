package load_test

import (
	"fmt"

	"github.com/imapstress/imapstress/load"
)

func ExampleParseThresholds() {
	ts, err := load.ParseThresholds("p99<50ms,errors<0.1%,FETCH.p999<200ms")
	if err != nil {
		fmt.Println(err)
		return
	}
	rep := &load.Report{Total: load.Stats{Count: 1000, OK: 998, Timeout: 2, P99: 42_000}}
	for _, breach := range load.CheckThresholds(rep, ts) {
		fmt.Println(breach)
	}
	// Output:
	// threshold errors<0.1% breached: 0.200%
}

func ExampleParseMix() {
	mix, err := load.ParseMix("uid-fetch=6,noop=3,idle=1")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range mix {
		fmt.Println(m.Cmd, m.Weight)
	}
	_, err = load.ParseMix("fetch=1,purge=1")
	fmt.Println(err != nil)
	// Output:
	// UID_FETCH 6
	// NOOP 3
	// IDLE 1
	// true
}
