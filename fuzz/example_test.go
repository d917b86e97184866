//go:build !gofuzz

package fuzz_test

import (
	"fmt"

	"github.com/imapstress/imapstress/fuzz"
)

// A target body returns a score (1: something parsed) and an error only
// when a property of the parser broke; a refused input is not an error.
func ExampleResponses() {
	score, err := fuzz.Responses([]byte("* 3 EXISTS\r\n* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n"))
	fmt.Println(score, err)
	score, err = fuzz.Responses([]byte("* 3 EXISTS junk\r\n"))
	fmt.Println(score, err)
	// Output:
	// 1 <nil>
	// 0 <nil>
}

// CheckSeed judges a seed by the promise of its name.
func ExampleCheckSeed() {
	r := fuzz.CheckSeed("responses/bad-example.txt", []byte("* 3 EXISTS\r\n"), fuzz.ServerSide)
	fmt.Println(r.Expect, r.Problem)
	r = fuzz.CheckSeed("responses/example.txt", []byte("* 3 EXISTS junk\r\n"), fuzz.ServerSide)
	fmt.Println(r.Expect, r.Problem)
	// Output:
	// invalid bad- seed parses without error
	// valid valid seed fails: responses offset 10: imap: at offset 10: expected CRLF, found " junk"
}

// Compare runs two ResponseParsers side by side; here our strict parser
// against our lenient one, with no accepted differences.
func ExampleCompare() {
	none := func([]byte, fuzz.Verdict, fuzz.Verdict) string { return "" }
	_, err := fuzz.Compare([]byte("* OK [UIDNEXT 5] ready\r\n"), fuzz.Ours{}, fuzz.Ours{}, none)
	fmt.Println(err)
	// Output:
	// <nil>
}
