// Package corpus is the imapstress seed corpus: IMAP commands, responses and
// whole sessions as plain files, embedded in the binary, with the tools the
// fuzzers need around them.
//
// It is for:
//   - listing the seeds by kind (commands, responses, sessions, crashers) and
//     by expected outcome (valid, must fail, lenient, stress), so that tests
//     and fuzz targets can seed themselves and assert on the outcome;
//   - reading and writing session files, the transcript format of one
//     connection (see corpus/README.md), as two exact byte streams;
//   - converting fuzz corpora between the go-fuzz layout (raw files named by
//     SHA-1) and the native layout of go test -fuzz (testdata/fuzz/FuzzX,
//     files in the "go test fuzz v1" encoding), both ways, byte-exact.
//
// It is not a parser: it never interprets IMAP beyond the lexical literal
// rule of session files, and it does not judge whether a seed parses (the
// parser's own tests and "imapstress corpus check" do that).
package corpus

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The seed files. The folders are listed one by one so that the Go sources
// and the generator below internal/ are not embedded.
//
//go:embed commands responses sessions crashers imap.dict
var files embed.FS

// Kind is the folder a seed lives in, which says what its bytes are.
type Kind int

// The kinds of seed, one per folder.
const (
	// Commands are bytes a client sends (commands/).
	Commands Kind = iota + 1
	// Responses are bytes a server sends (responses/).
	Responses
	// Sessions are transcripts with both directions (sessions/).
	Sessions
	// Crashers are inputs that once broke something (crashers/).
	Crashers
)

// Kinds returns every kind in folder order.
func Kinds() []Kind { return []Kind{Commands, Responses, Sessions, Crashers} }

// String returns the folder name of k ("commands", ...), or "kind(N)".
func (k Kind) String() string {
	switch k {
	case Commands:
		return "commands"
	case Responses:
		return "responses"
	case Sessions:
		return "sessions"
	case Crashers:
		return "crashers"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Expect is the outcome a seed's name promises for the strict parser with
// its default limits.
type Expect int

// The expected outcomes, from the name prefix (corpus/README.md).
const (
	// Valid seeds (no prefix) must parse without error or violation.
	Valid Expect = iota
	// Invalid seeds ("bad-") must be rejected with a parse or limit error.
	Invalid
	// Lenient seeds ("lenient-") fail in strict mode and parse in lenient
	// mode with a named violation.
	Lenient
	// Stress seeds ("stress-") may parse or fail with a limit error; they
	// must never panic, hang or use memory out of proportion.
	Stress
)

// String returns "valid", "invalid", "lenient" or "stress".
func (e Expect) String() string {
	switch e {
	case Valid:
		return "valid"
	case Invalid:
		return "invalid"
	case Lenient:
		return "lenient"
	case Stress:
		return "stress"
	}
	return "expect(" + strconv.Itoa(int(e)) + ")"
}

// ExpectOf returns the outcome that a seed file name promises, from its
// prefix: "bad-" Invalid, "lenient-" Lenient, "stress-" Stress, else Valid.
// name may be a path; only its last element counts.
func ExpectOf(name string) Expect {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	switch {
	case strings.HasPrefix(base, "bad-"):
		return Invalid
	case strings.HasPrefix(base, "lenient-"):
		return Lenient
	case strings.HasPrefix(base, "stress-"):
		return Stress
	}
	return Valid
}

// Seed is one embedded corpus file.
type Seed struct {
	// Path is the slash-separated path below corpus/, such as
	// "responses/fetch-envelope.txt".
	Path string
	// Kind is the folder the seed lives in.
	Kind Kind
	// Expect is the outcome its name promises.
	Expect Expect
	// Data is the file's exact content. Each call to All or Seeds returns
	// fresh copies, so callers may modify it.
	Data []byte
}

// Name returns the file name without folder and extension, such as
// "fetch-envelope".
func (s Seed) Name() string {
	return strings.TrimSuffix(path.Base(s.Path), path.Ext(s.Path))
}

// Captured reports whether the seed was recorded from a real server rather
// than generated: its name, after any bad-, lenient- or stress- prefix,
// starts with "dovecot-" or "goimap-".
func (s Seed) Captured() bool { return IsCaptureName(s.Path) }

// IsCaptureName reports whether a corpus file name (or path) is that of a
// capture: after any bad-, lenient- or stress- prefix it starts with
// "dovecot-" or "goimap-".
func IsCaptureName(name string) bool {
	b := path.Base(strings.ReplaceAll(name, `\`, "/"))
	for _, p := range []string{"bad-", "lenient-", "stress-"} {
		b = strings.TrimPrefix(b, p)
	}
	return strings.HasPrefix(b, "dovecot-") || strings.HasPrefix(b, "goimap-")
}

// isDoc reports whether a file name is documentation, not an input.
func isDoc(name string) bool {
	return strings.HasPrefix(strings.ToUpper(name), "README")
}

// All returns every embedded seed of every kind, sorted by path.
func All() []Seed {
	return Seeds(Kinds()...)
}

// Seeds returns the embedded seeds of the given kinds, sorted by path.
// README files are documentation and are never returned.
func Seeds(kinds ...Kind) []Seed {
	var out []Seed
	for _, k := range kinds {
		entries, err := fs.ReadDir(files, k.String())
		if err != nil {
			continue // an unknown kind has no folder
		}
		for _, e := range entries {
			if e.IsDir() || isDoc(e.Name()) {
				continue
			}
			p := k.String() + "/" + e.Name()
			data, err := files.ReadFile(p)
			if err != nil {
				continue // cannot happen for an embedded regular file
			}
			out = append(out, Seed{Path: p, Kind: k, Expect: ExpectOf(e.Name()), Data: data})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Filter returns the seeds of in whose outcome is one of expects.
func Filter(in []Seed, expects ...Expect) []Seed {
	var out []Seed
	for _, s := range in {
		for _, e := range expects {
			if s.Expect == e {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// Dict returns the content of imap.dict, the libFuzzer/AFL++ dictionary of
// every terminal of the IMAP grammar.
func Dict() []byte {
	data, _ := files.ReadFile("imap.dict") // embedded; cannot fail
	return data
}

// FS returns the embedded corpus tree (commands/, responses/, sessions/,
// crashers/ and imap.dict), for callers that walk it themselves.
func FS() fs.FS { return files }
