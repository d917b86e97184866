package corpus

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Layout is a way of storing a fuzz corpus in a folder.
type Layout int

// The two layouts.
const (
	// GoFuzz is go-fuzz's layout: one raw input per file, named by the hex
	// SHA-1 of its content. Reading accepts any file names (the seed
	// folders of this corpus are read this way too).
	GoFuzz Layout = iota + 1
	// Native is go test's layout (testdata/fuzz/FuzzX): one file per input
	// in the "go test fuzz v1" encoding, named by the first 16 hex digits
	// of the SHA-256 of the file.
	Native
)

// String returns "gofuzz" or "native".
func (l Layout) String() string {
	switch l {
	case GoFuzz:
		return "gofuzz"
	case Native:
		return "native"
	}
	return fmt.Sprintf("layout(%d)", int(l))
}

// ParseLayout returns the layout named "gofuzz" or "native".
func ParseLayout(name string) (Layout, error) {
	switch strings.ToLower(name) {
	case "gofuzz", "go-fuzz":
		return GoFuzz, nil
	case "native":
		return Native, nil
	}
	return 0, fmt.Errorf("unknown corpus layout %q: want gofuzz or native", name)
}

// Input is one fuzz input read from a corpus folder.
type Input struct {
	// Path is the file it came from, relative to the folder read.
	Path string
	// Data is the raw input.
	Data []byte
}

// GoFuzzName returns the name go-fuzz gives an input: its hex SHA-1.
func GoFuzzName(data []byte) string {
	sum := sha1.Sum(data)
	return hex.EncodeToString(sum[:])
}

// skipGoFuzz reports whether a file in a go-fuzz folder is not an input:
// go-fuzz's description files ("<40 hex>.<suffix>", such as .quoted and
// .output next to a crasher), README files and hidden files.
func skipGoFuzz(name string) bool {
	if strings.HasPrefix(name, ".") || isDoc(name) {
		return true
	}
	const hexLen = 2 * sha1.Size
	if len(name) > hexLen && name[hexLen] == '.' {
		if _, err := hex.DecodeString(name[:hexLen]); err == nil {
			return true
		}
	}
	return false
}

// ReadDir reads every input of a corpus folder in the given layout, sorted
// by path. A GoFuzz folder is walked recursively, as go-fuzz does; a Native
// folder is read flat, as go test does. Duplicated contents are kept once.
func ReadDir(layout Layout, dir string) ([]Input, error) {
	var out []Input
	seen := map[string]bool{}
	add := func(rel string, data []byte) {
		if seen[string(data)] {
			return
		}
		seen[string(data)] = true
		out = append(out, Input{Path: rel, Data: data})
	}
	switch layout {
	case GoFuzz:
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !d.Type().IsRegular() || skipGoFuzz(d.Name()) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			add(filepath.ToSlash(rel), data)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading go-fuzz corpus %s: %w", dir, err)
		}
	case Native:
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("reading native corpus %s: %w", dir, err)
		}
		for _, e := range entries {
			if e.IsDir() || !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") || isDoc(e.Name()) {
				continue
			}
			p := filepath.Join(dir, e.Name())
			file, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("reading native corpus %s: %w", dir, err)
			}
			data, err := NativeInput(file)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			add(e.Name(), data)
		}
	default:
		return nil, fmt.Errorf("reading corpus %s: unknown layout %v", dir, layout)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// FileFor returns the file name and content that layout uses to store one
// input.
func FileFor(layout Layout, data []byte) (name string, file []byte) {
	if layout == Native {
		file = MarshalNative(data)
		return NativeName(file), file
	}
	return GoFuzzName(data), data
}

// WriteDir writes inputs into dir (created if missing) in the given layout
// and returns how many files it wrote; an input whose file already exists
// with the same content is not written again. Existing other files are left
// alone, so a conversion can add to a corpus.
func WriteDir(layout Layout, dir string, inputs []Input) (written int, err error) {
	if layout != GoFuzz && layout != Native {
		return 0, fmt.Errorf("writing corpus %s: unknown layout %v", dir, layout)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("writing corpus: %w", err)
	}
	for _, in := range inputs {
		name, file := FileFor(layout, in.Data)
		p := filepath.Join(dir, name)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, file) {
			continue
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return written, fmt.Errorf("writing corpus: %w", err)
		}
		if err := os.WriteFile(p, file, 0o644); err != nil {
			return written, fmt.Errorf("writing corpus: %w", err)
		}
		written++
	}
	return written, nil
}

// Convert reads the corpus folder src in layout from and writes its inputs
// into dst in layout to. It returns the number of inputs read and of files
// written.
func Convert(from Layout, src string, to Layout, dst string) (read, written int, err error) {
	inputs, err := ReadDir(from, src)
	if err != nil {
		return 0, 0, err
	}
	written, err = WriteDir(to, dst, inputs)
	return len(inputs), written, err
}
