package main

import (
	"fmt"
	"os"
	"time"

	"github.com/imapstress/imapstress/load"
)

// applyShard wires --shard, --shards and --start-at (and the Kubernetes
// Indexed Job fallback) into cfg; it prints which share this copy runs.
func applyShard(cfg *load.Config, shard string, shards int, startAt string) error {
	var sh load.Shard
	var ok bool
	var err error
	if shard != "" {
		if sh, err = load.ParseShard(shard); err != nil {
			return err
		}
		ok = true
	} else if sh, ok, err = load.ShardFromEnv(os.Getenv, shards); err != nil {
		return err
	}
	if ok {
		if err := sh.Apply(cfg); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "imapstress load: shard %s: %d sessions (users %d..%d), rate %.1f/s, tags %s1...\n",
			sh, cfg.Sessions, cfg.UserOffset+1, cfg.UserOffset+cfg.Sessions, cfg.Rate, cfg.TagPrefix)
	}
	if startAt != "" {
		if cfg.StartAt, err = load.ParseStartAt(startAt); err != nil {
			return err
		}
		if d := time.Until(cfg.StartAt); d > 0 {
			fmt.Fprintf(os.Stderr, "imapstress load: the measured run starts at %s, in %s\n",
				cfg.StartAt.UTC().Format(time.RFC3339), d.Round(time.Millisecond))
		}
	}
	return nil
}
