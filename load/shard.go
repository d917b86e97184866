package load

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Sharded runs: a load bigger than one machine makes comes from N copies of
// imapstress, each running its share. There is no coordinator: each copy
// knows its index and N, computes its share from the same totals, waits for
// a common start time, and writes its own interval log and JSON, which
// ReadLogs and Merge combine afterwards.

// Shard is one copy's place in a sharded run: copy I of N, 1-based. The
// zero Shard means the run is not sharded.
type Shard struct {
	I, N int
}

// ParseShard reads "I/N" with 1 <= I <= N.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: expected I/N, such as 2/3", s)
	}
	sh := Shard{I: i, N: n}
	return sh, sh.check()
}

func (s Shard) check() error {
	if s.N < 1 || s.I < 1 || s.I > s.N {
		return fmt.Errorf("shard %d/%d: expected 1 <= I <= N", s.I, s.N)
	}
	return nil
}

// String returns "I/N", or "" for the zero Shard.
func (s Shard) String() string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// IsZero reports whether s is the zero Shard (for JSON's omitzero).
func (s Shard) IsZero() bool { return s.N == 0 }

// MarshalText writes "I/N", so that a report's config says "shard": "2/3".
func (s Shard) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads "I/N" (or "" for the zero Shard).
func (s *Shard) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = Shard{}
		return nil
	}
	sh, err := ParseShard(string(b))
	if err != nil {
		return err
	}
	*s = sh
	return nil
}

// The environment variables that ShardFromEnv reads.
const (
	// EnvJobIndex is set by Kubernetes in the pods of an Indexed Job: the
	// pod's completion index, 0-based.
	EnvJobIndex = "JOB_COMPLETION_INDEX"
	// EnvShards is N when --shards is not given; set it to the Job's
	// completions (Kubernetes does not expose them to the pod).
	EnvShards = "IMAPSTRESS_SHARDS"
)

// ShardFromEnv is the Kubernetes fallback when no shard is given: copy
// JOB_COMPLETION_INDEX+1 of shards, or of IMAPSTRESS_SHARDS when shards is
// 0. ok is false when JOB_COMPLETION_INDEX is not set.
func ShardFromEnv(getenv func(string) string, shards int) (s Shard, ok bool, err error) {
	idx := getenv(EnvJobIndex)
	if idx == "" {
		return Shard{}, false, nil
	}
	i, err := strconv.Atoi(idx)
	if err != nil {
		return Shard{}, true, fmt.Errorf("%s=%q: expected a number", EnvJobIndex, idx)
	}
	if shards == 0 {
		env := getenv(EnvShards)
		if env == "" {
			return Shard{}, true, fmt.Errorf("%s is set but the number of copies is not: give --shards N or set %s", EnvJobIndex, EnvShards)
		}
		if shards, err = strconv.Atoi(env); err != nil {
			return Shard{}, true, fmt.Errorf("%s=%q: expected a number", EnvShards, env)
		}
	}
	s = Shard{I: i + 1, N: shards}
	if err := s.check(); err != nil {
		return Shard{}, true, fmt.Errorf("%s=%s with %d copies: %w", EnvJobIndex, idx, shards, err)
	}
	return s, true, nil
}

// Apply turns cfg, which describes the whole run (all copies together),
// into this copy's share of it:
//
//   - Sessions: copy I runs sessions floor((I-1)*S/N)+1 to floor(I*S/N) of
//     the S in total, so the shares differ by at most one and add up to S;
//   - users: those session numbers, so the copies log in as disjoint sets
//     of users (UserOffset);
//   - Rate: the same share of the total as the sessions, and the schedule
//     is the whole run's schedule restricted to these sessions, so the N
//     copies together send as one copy with the total rate would;
//   - TagPrefix: the copy's own letters ("A", "B", ... "Z", "AA", ...),
//     so a server log shows which copy sent what;
//   - Seed: its own, so the copies do not send the same command sequence.
//
// A copy with no session is an error: fewer sessions than copies.
func (s Shard) Apply(cfg *Config) error {
	if err := s.check(); err != nil {
		return err
	}
	total := cfg.Sessions
	if total <= 0 {
		total = 50
	}
	lo, hi := (s.I-1)*total/s.N, s.I*total/s.N
	if hi == lo {
		return fmt.Errorf("shard %s: %d sessions over %d copies leave this one none", s, total, s.N)
	}
	cfg.Sessions = hi - lo
	cfg.UserOffset += lo
	if cfg.Rate > 0 {
		if cfg.Pacer == nil {
			cfg.Pacer = shardPacer{rate: ConstantRate(cfg.Rate), offset: lo, sessions: total}
		}
		cfg.Rate = cfg.Rate * float64(hi-lo) / float64(total)
	}
	cfg.TagPrefix = shardLetters(s.I)
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	cfg.Seed += uint64(s.I-1) << 32
	cfg.Shard = s
	return nil
}

// shardLetters numbers copies A..Z, AA..ZZ, ... (bijective base 26).
func shardLetters(i int) string {
	var b []byte
	for ; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// shardPacer is the whole run's ConstantRate schedule seen from one copy:
// the copy's session i is session offset+i of the whole run.
type shardPacer struct {
	rate     ConstantRate
	offset   int
	sessions int
}

// Due implements Pacer.
func (p shardPacer) Due(i, _ int, n uint64) time.Duration {
	return p.rate.Due(i+p.offset, p.sessions, n)
}

// ParseStartAt reads a start time: RFC 3339 ("2026-11-29T06:00:00Z", with
// or without fractional seconds) or Unix seconds ("1795932000", with an
// optional fraction).
func ParseStartAt(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if sec, frac, _ := strings.Cut(s, "."); sec != "" && strings.Trim(sec, "0123456789") == "" && strings.Trim(frac, "0123456789") == "" && len(sec) <= 12 && len(frac) <= 9 {
		n, _ := strconv.ParseInt(sec, 10, 64)
		ns := int64(0)
		if frac != "" {
			ns, _ = strconv.ParseInt((frac + "000000000")[:9], 10, 64)
		}
		return time.Unix(n, ns), nil
	}
	return time.Time{}, fmt.Errorf("start time %q: expected RFC 3339 (2006-01-02T15:04:05Z) or Unix seconds", s)
}

// startWait is how long the measured run must still wait for cfg.StartAt
// once preparation is done at now; late is how far past StartAt now is.
func (c *Config) startWait(now time.Time) (wait, late time.Duration) {
	if c.StartAt.IsZero() {
		return 0, 0
	}
	d := c.StartAt.Sub(now)
	if d >= 0 {
		return d, 0
	}
	return 0, -d
}

// checkTagPrefix validates Config.TagPrefix: one to eight letters A-Z.
func checkTagPrefix(p string) error {
	if p == "" || len(p) > 8 || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return errors.New("load: tag prefix " + strconv.Quote(p) + ": expected one to eight letters A-Z")
	}
	return nil
}
