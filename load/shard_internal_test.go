package load

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestShardApply(t *testing.T) {
	for _, tc := range []struct {
		shard            Shard
		sessions         int
		rate             float64
		wantSessions     int
		wantOffset       int
		wantRate         float64
		wantPrefix       string
		wantErrSubstring string
	}{
		{Shard{1, 3}, 30, 300, 10, 0, 100, "A", ""},
		{Shard{2, 3}, 30, 300, 10, 10, 100, "B", ""},
		{Shard{3, 3}, 30, 300, 10, 20, 100, "C", ""},
		{Shard{1, 3}, 10, 0, 3, 0, 0, "A", ""},
		{Shard{2, 3}, 10, 0, 3, 3, 0, "B", ""},
		{Shard{3, 3}, 10, 0, 4, 6, 0, "C", ""},
		{Shard{27, 30}, 60, 60, 2, 52, 2, "AA", ""},
		{Shard{1, 1}, 7, 70, 7, 0, 70, "A", ""},
		{Shard{1, 4}, 3, 0, 0, 0, 0, "", "leave this one none"},
		{Shard{4, 3}, 30, 0, 0, 0, 0, "", "1 <= I <= N"},
	} {
		cfg := Config{Sessions: tc.sessions, Rate: tc.rate, User: "user%d"}
		err := tc.shard.Apply(&cfg)
		if tc.wantErrSubstring != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErrSubstring) {
				t.Errorf("%v of %d: error %v, want %q", tc.shard, tc.sessions, err, tc.wantErrSubstring)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tc.shard, err)
			continue
		}
		if cfg.Sessions != tc.wantSessions || cfg.UserOffset != tc.wantOffset || cfg.Rate != tc.wantRate ||
			cfg.TagPrefix != tc.wantPrefix || cfg.Shard != tc.shard {
			t.Errorf("%v of %d at %v: sessions %d offset %d rate %v prefix %q; want %d %d %v %q", tc.shard,
				tc.sessions, tc.rate, cfg.Sessions, cfg.UserOffset, cfg.Rate, cfg.TagPrefix,
				tc.wantSessions, tc.wantOffset, tc.wantRate, tc.wantPrefix)
		}
		if got, want := cfg.user(1), "user"+strconv.Itoa(tc.wantOffset+1); got != want {
			t.Errorf("%v: first user %q, want %q", tc.shard, got, want)
		}
	}
}

// TestShardSchedule checks that the copies' schedules together are the
// whole run's schedule: every send time of the unsharded run occurs in
// exactly one copy.
func TestShardSchedule(t *testing.T) {
	const sessions, rate, n = 7, 70.0, 3
	whole := map[time.Duration]int{}
	for i := range sessions {
		for k := range uint64(5) {
			whole[ConstantRate(rate).Due(i, sessions, k)]++
		}
	}
	for i := 1; i <= n; i++ {
		cfg := Config{Sessions: sessions, Rate: rate}
		if err := (Shard{i, n}).Apply(&cfg); err != nil {
			t.Fatal(err)
		}
		for s := range cfg.Sessions {
			for k := range uint64(5) {
				d := cfg.Pacer.Due(s, cfg.Sessions, k)
				if whole[d] == 0 {
					t.Fatalf("shard %d session %d send %d at %v: not in the whole run's schedule", i, s, k, d)
				}
				whole[d]--
			}
		}
	}
	for d, left := range whole {
		if left != 0 {
			t.Errorf("send at %v: %d left over", d, left)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		env     func(string) string
		shards  int
		want    Shard
		ok      bool
		wantErr bool
	}{
		{env(), 0, Shard{}, false, false},
		{env(EnvJobIndex, "0", EnvShards, "4"), 0, Shard{1, 4}, true, false},
		{env(EnvJobIndex, "3", EnvShards, "4"), 0, Shard{4, 4}, true, false},
		{env(EnvJobIndex, "3", EnvShards, "4"), 5, Shard{4, 5}, true, false}, // --shards wins
		{env(EnvJobIndex, "4", EnvShards, "4"), 0, Shard{}, true, true},
		{env(EnvJobIndex, "1"), 0, Shard{}, true, true},
		{env(EnvJobIndex, "x", EnvShards, "4"), 0, Shard{}, true, true},
		{env(EnvJobIndex, "1", EnvShards, "four"), 0, Shard{}, true, true},
	} {
		got, ok, err := ShardFromEnv(tc.env, tc.shards)
		if got != tc.want || ok != tc.ok || (err != nil) != tc.wantErr {
			t.Errorf("index %q shards %q/%d: %v %v %v; want %v %v err %v", tc.env(EnvJobIndex), tc.env(EnvShards),
				tc.shards, got, ok, err, tc.want, tc.ok, tc.wantErr)
		}
	}
}

func TestParseShardAndStartAt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"1/3", Shard{1, 3}, true}, {"3/3", Shard{3, 3}, true}, {"0/3", Shard{}, false},
		{"4/3", Shard{}, false}, {"1", Shard{}, false}, {"a/b", Shard{}, false}, {"1/0", Shard{}, false},
	} {
		got, err := ParseShard(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseShard(%q) = %v, %v", tc.in, got, err)
		}
	}
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-11-29T06:00:00Z", time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC), true},
		{"2026-11-29T07:00:00.5+01:00", time.Date(2026, 11, 29, 6, 0, 0, 5e8, time.UTC), true},
		{"1795932000", time.Unix(1795932000, 0), true},
		{"1795932000.25", time.Unix(1795932000, 25e7), true},
		{"-5", time.Time{}, false}, {"tomorrow", time.Time{}, false}, {"", time.Time{}, false},
		{"1.2.3", time.Time{}, false},
	} {
		got, err := ParseStartAt(tc.in)
		if (err == nil) != tc.ok || !got.Equal(tc.want) {
			t.Errorf("ParseStartAt(%q) = %v, %v; want %v ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	cfg := Config{StartAt: time.Unix(100, 0)}
	if w, l := cfg.startWait(time.Unix(98, 0)); w != 2*time.Second || l != 0 {
		t.Errorf("early: wait %v late %v", w, l)
	}
	if w, l := cfg.startWait(time.Unix(103, 0)); w != 0 || l != 3*time.Second {
		t.Errorf("late: wait %v late %v", w, l)
	}
}

func TestTagSeqPrefixes(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		want uint64
		ok   bool
	}{
		{"A1", 1, true}, {"B42", 42, true}, {"AA7", 7, true}, {"ABCDEFGH9", 9, true},
		{"ABCDEFGHI9", 0, false}, {"A", 0, false}, {"1", 0, false}, {"a1", 0, false}, {"A1x", 0, false},
	} {
		got, ok := tagSeq([]byte(tc.tag))
		if got != tc.want || ok != tc.ok {
			t.Errorf("tagSeq(%q) = %d, %v", tc.tag, got, ok)
		}
	}
	for _, p := range []string{"", "a", "A1", "ABCDEFGHI"} {
		if checkTagPrefix(p) == nil {
			t.Errorf("tag prefix %q accepted", p)
		}
	}
	if got := shardLetters(702); got != "ZZ" {
		t.Errorf("shardLetters(702) = %q", got)
	}
}
