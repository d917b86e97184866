package netfuzz

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/imapstress/imapstress/fuzz/netfuzz/internal/defective"
)

// plantedDefects are the defects of the defective server as the oracle
// should report them: class and the start of the location.
var plantedDefects = []struct {
	class Class
	loc   string
}{
	{ClassCrash, ""},
	{ClassHang, "SEARCH"},
	{ClassViolation, "FETCH response"},
}

func findPlanted(fs []*Finding, class Class, loc string) *Finding {
	for _, f := range fs {
		if f.Class == class && strings.HasPrefix(f.Location, loc) {
			return f
		}
	}
	return nil
}

// TestFindsPlantedDefects is the proof: a bounded run against the
// defective server finds the three planted defects, minimises each to at
// most 3 writes, and Replay reproduces each from its saved file.
func TestFindsPlantedDefects(t *testing.T) {
	srv, err := defective.Start("127.0.0.1:0", defective.All)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var found []*Finding
	cfg := Config{Addr: srv.Addr(), Workers: 2, MaxExecs: 3000, Duration: 2 * time.Minute,
		Deadline: 300 * time.Millisecond, Seed: 1, Out: t.TempDir(), Minimize: 80,
		OnFinding: func(f *Finding) bool {
			found = append(found, f)
			for _, p := range plantedDefects {
				if findPlanted(found, p.class, p.loc) == nil {
					return false
				}
			}
			return true
		}}
	if testing.Verbose() {
		cfg.Log = os.Stderr
	}
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sum.WriteTo(&sb)
	t.Log(sb.String())
	for _, p := range plantedDefects {
		hit := findPlanted(sum.Findings, p.class, p.loc)
		if hit == nil {
			t.Errorf("no %s finding at %q; found %v", p.class, p.loc, sum.sortedKeys())
			continue
		}
		if n := len(hit.Input.Writes); n > 3 {
			t.Errorf("%s finding minimised to %d writes, want at most 3", p.class, n)
		}
		data, err := os.ReadFile(hit.Path)
		if err != nil {
			t.Errorf("%s finding: %v", p.class, err)
			continue
		}
		r, err := Replay(context.Background(), Config{Addr: srv.Addr(), Deadline: 300 * time.Millisecond}, data)
		if err != nil {
			t.Errorf("replay %s: %v", filepath.Base(hit.Path), err)
			continue
		}
		if !r.Reproduced() {
			t.Errorf("replay %s: %s", filepath.Base(hit.Path), r)
		}
	}
	if sum.Count(ClassDead) != 0 {
		t.Errorf("the defective server died: %v", sum.sortedKeys())
	}
}

// TestReplayWithoutDefect: a finding replayed against the same server with
// the defect removed does not reproduce.
func TestReplayWithoutDefect(t *testing.T) {
	srv, err := defective.Start("127.0.0.1:0", defective.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	f := &Finding{Class: ClassCrash, Location: "no answer to SELECT", Input: Input{State: Authenticated,
		Writes: []Write{{Data: []byte("F1 SELECT \"IN\x00BOX\"\r\n")}}}}
	r, err := Replay(context.Background(), Config{Addr: srv.Addr(), Deadline: time.Second}, MarshalFinding(f))
	if err != nil {
		t.Fatal(err)
	}
	if r.Reproduced() || r.Got != nil {
		t.Errorf("replay against a server without the defect: %s", r)
	}
	crash, err := defective.Start("127.0.0.1:0", defective.Options{Crash: true})
	if err != nil {
		t.Fatal(err)
	}
	defer crash.Close()
	r, err = Replay(context.Background(), Config{Addr: crash.Addr(), Deadline: time.Second}, MarshalFinding(f))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Reproduced() {
		t.Errorf("replay against the crashing server: %s", r)
	}
}
