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

// TestFindsPlantedDefects is the proof: a bounded run against the
// defective server finds the three planted defects, minimises each to at
// most 3 writes, and Replay reproduces each from its saved file.
func TestFindsPlantedDefects(t *testing.T) {
	srv, err := defective.Start("127.0.0.1:0", defective.All)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	out := t.TempDir()
	cfg := Config{Addr: srv.Addr(), Workers: 2, MaxExecs: 3000, Duration: 90 * time.Second,
		Deadline: 500 * time.Millisecond, Seed: 1, Out: out, Minimize: 120}
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
	want := map[Class]string{ClassCrash: "", ClassHang: "SEARCH", ClassViolation: "FETCH"}
	for class, loc := range want {
		var hit *Finding
		for _, f := range sum.Findings {
			if f.Class == class && strings.HasPrefix(f.Location, loc) {
				hit = f
				break
			}
		}
		if hit == nil {
			t.Errorf("no %s finding at %q; found %v", class, loc, sum.sortedKeys())
			continue
		}
		if n := len(hit.Input.Writes); n > 3 {
			t.Errorf("%s finding minimised to %d writes, want at most 3: %+v", class, n, hit.Input.Writes)
		}
		data, err := os.ReadFile(hit.Path)
		if err != nil {
			t.Errorf("%s finding: %v", class, err)
			continue
		}
		r, err := Replay(context.Background(), Config{Addr: srv.Addr(), Deadline: 500 * time.Millisecond}, data)
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
