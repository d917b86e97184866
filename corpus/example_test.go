package corpus_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/imapstress/imapstress/corpus"
)

// Seed a fuzz target, or a table test, with the valid responses.
func ExampleSeeds() {
	valid := corpus.Filter(corpus.Seeds(corpus.Responses), corpus.Valid)
	for _, s := range valid {
		if s.Name() == "rfc3501-7.2.5-search" {
			fmt.Printf("%s %v %q\n", s.Path, s.Expect, s.Data)
		}
	}
	// Output: responses/rfc3501-7.2.5-search.txt valid "* SEARCH 2 3 6\r\n"
}

// Split a transcript into the client's and the server's byte streams.
func ExampleReadSession() {
	file := []byte("# a literal follows its line verbatim\n" +
		"C: a1 LOGIN {5}\r\nalice secret\r\n" +
		"S: a1 OK done\r\n")
	s, err := corpus.ReadSession(file)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("client %q\nserver %q\n", s.Client, s.Server)
	off, _ := s.FileOffset(corpus.Client, 14) // where "alice" starts in the stream
	fmt.Println("alice at file offset", off, string(file[off:off+5]))
	// Output:
	// client "a1 LOGIN {5}\r\nalice secret\r\n"
	// server "a1 OK done\r\n"
	// alice at file offset 55 alice
}

// Record a connection as a session file while bytes flow, in any chunks.
func ExampleSessionWriter() {
	var file bytes.Buffer
	w := corpus.NewSessionWriter(&file)
	_ = w.Write(corpus.Client, []byte("a1 LOGIN {5}\r\n")) // held until the literal is complete
	_ = w.Write(corpus.Server, []byte("+ go\r\n"))
	_ = w.Write(corpus.Client, []byte("alice x\r\n"))
	_ = w.Close()
	fmt.Printf("%q\n", file.String())
	// Output:
	// "S: + go\r\nC: a1 LOGIN {5}\r\nalice x\r\n"
}

// Turn a go-fuzz corpus (raw files) into go test's native layout.
func ExampleConvert() {
	src, _ := os.MkdirTemp("", "gofuzz")
	defer os.RemoveAll(src)
	dst := filepath.Join(src, "testdata", "fuzz", "FuzzResponse")
	_ = os.WriteFile(filepath.Join(src, corpus.GoFuzzName([]byte("* OK\r\n"))), []byte("* OK\r\n"), 0o644)
	read, written, err := corpus.Convert(corpus.GoFuzz, src, corpus.Native, dst)
	fmt.Println(read, written, err)
	entries, _ := os.ReadDir(dst)
	data, _ := os.ReadFile(filepath.Join(dst, entries[0].Name()))
	fmt.Printf("%s", data)
	// Output:
	// 1 1 <nil>
	// go test fuzz v1
	// []byte("* OK\r\n")
}
