package parser

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseStream parses every response of b through a ResponseReader and
// returns how many parsed, the first error, and the violations counted.
func parseStream(b []byte, opt Options) (n int, firstErr error, viols int) {
	rr := NewResponseReader(bytes.NewReader(b), NewParser(opt), ReaderOptions{})
	var r Response
	for i := 0; i < 1<<20; i++ {
		err := rr.Next(&r)
		if err == io.EOF {
			return n, firstErr, viols
		}
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			if _, ok := err.(*Error); !ok {
				return n, firstErr, viols
			}
			continue
		}
		n++
		viols += r.ViolationCount()
		walkResponse(&r)
	}
	return n, firstErr, viols
}

// TestCorpusResponses parses every file of corpus/responses by the
// expectation its name prefix states (corpus/README.md): valid files
// strictly with no violation, bad- files with an error, lenient- files with
// an error when strict and violations only when lenient.
func TestCorpusResponses(t *testing.T) {
	dir := filepath.Join("..", "corpus", "responses")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		t.Skip("no corpus/responses")
	}
	if err != nil {
		t.Fatal(err)
	}
	checked, skipped := 0, 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, "README") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		checked++
		n, ferr, viols := parseStream(b, Options{})
		if why, ok := corpusDisagreements[name]; ok {
			// Until the corpus is corrected, check that the file still
			// behaves opposite to its name, so that a fix shows up here.
			if (ferr == nil) != strings.HasPrefix(name, "bad-") {
				t.Errorf("%s: now agrees with its name; drop it from corpusDisagreements (%s)", name, why)
			}
			skipped++
			continue
		}
		switch {
		case strings.HasPrefix(name, "bad-"):
			if ferr == nil {
				t.Errorf("%s: accepted (%d responses), want an error", name, n)
			}
		case strings.HasPrefix(name, "lenient-"):
			if ferr == nil {
				t.Errorf("%s: accepted in strict mode", name)
			}
			_, lerr, lv := parseStream(b, Options{Lenient: true})
			if lerr != nil || lv == 0 {
				t.Errorf("%s: lenient: error %v, %d violations", name, lerr, lv)
			}
		case strings.HasPrefix(name, "stress-"):
			// Accepting or refusing with an error are both right.
		default:
			if ferr != nil || viols != 0 || n == 0 {
				t.Errorf("%s: %d responses, error %v, %d violations", name, n, ferr, viols)
			}
		}
	}
	if checked == 0 {
		t.Fatal("corpus/responses holds no file")
	}
	t.Logf("%d files checked, %d known disagreements", checked, skipped)
}

// corpusDisagreements lists the corpus files whose name disagrees with RFC
// 9051's ABNF, with the reason: files named valid that break the grammar
// (they must still fail strictly), and bad- files that the grammar allows
// (they must still parse). They are reported to the corpus's owner for renaming
// (lenient-) or correction.
var corpusDisagreements = map[string]string{}
