package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/imapstress/imapstress/load"
)

func TestMergeErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		args  []string // relative to the folder; nil: the folder itself
		want  string
	}{
		{"json without log", map[string]string{"copy-1.json": `{"total":{"count":3}}`}, nil, "copy-1.json has no interval log beside it"},
		{"empty folder", map[string]string{"notes.txt": "hello"}, nil, "no files"},
		{"explicit file of unknown kind", map[string]string{"notes.txt": "hello"}, []string{"notes.txt"}, "neither an interval log nor a JSON report"},
		{"bad json", map[string]string{"c.json": `{"sessions": 3}`, "c.hdr": "#[Histogram log format version 1.3]\n"}, nil, "c.json"},
		{"missing file", map[string]string{}, []string{"nope.hdr"}, "nope.hdr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{dir}
			if tc.args != nil {
				args = nil
				for _, a := range tc.args {
					args = append(args, filepath.Join(dir, a))
				}
			}
			_, err := load.Merge(args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Merge: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
