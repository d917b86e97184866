// Command seedgen writes the generated seed files of the imapstress corpus
// (package seeds) and the fuzzing dictionary imap.dict below a corpus
// directory, replacing stale generated files.
//
// Usage, from the repository root:
//
//	go run ./corpus/internal/seedgen [-dir corpus]
//
// It deletes files in commands/, responses/ and sessions/ that the generator
// no longer produces, except captured files (dovecot-*, goimap-*, also with a
// bad-, lenient- or stress- prefix), which belong to the capture program.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/imapstress/imapstress/corpus"
	"github.com/imapstress/imapstress/corpus/internal/seeds"
)

func main() {
	dir := flag.String("dir", "corpus", "corpus directory to write into")
	flag.Parse()
	if err := write(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
}

// captured reports whether name belongs to a capture, not to the generator.
func captured(name string) bool { return corpus.IsCaptureName(name) }

func write(dir string) error {
	all := seeds.All()
	want := make(map[string]bool, len(all))
	for _, s := range all {
		want[filepath.FromSlash(s.Path)] = true
	}
	for _, sub := range []string{"commands", "responses", "sessions"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return err
		}
		for _, e := range entries {
			rel := filepath.Join(sub, e.Name())
			if e.IsDir() || captured(e.Name()) || want[rel] {
				continue
			}
			if err := os.Remove(filepath.Join(dir, rel)); err != nil {
				return err
			}
		}
	}
	for _, s := range all {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(s.Path)), s.Data, 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "imap.dict"), seeds.Dict(), 0o644); err != nil {
		return err
	}
	fmt.Printf("seedgen: wrote %d seeds and imap.dict below %s\n", len(all), dir)
	return nil
}
