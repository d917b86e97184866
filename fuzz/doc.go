// Package fuzz holds imapstress's in-process fuzz targets for the parser in
// package parser, and the checks that the corpus tools run over seed folders.
//
// Each target is one exported function over a []byte, the "body", that
// returns a score and an error. The error is non-nil only when a property of
// the parser is broken (a panic-free parse that contradicts itself, a
// streaming result that depends on how the bytes were cut, a round trip that
// changes the message, a disagreement with go-imap v2 that is not on the list
// of known differences, a limit that did not hold); an input that the parser
// merely rejects is a normal outcome. Every body is exposed twice:
//
//   - as a native target FuzzXxx(f *testing.F) in the package's tests, seeded
//     from the embedded corpus, for go test -fuzz;
//   - as a go-fuzz entry point FuzzXxx(data []byte) int in gofuzz.go (build
//     tag gofuzz), for go tool go-fuzz-build -func FuzzXxx, which returns the
//     score (1 for inputs that parsed, so go-fuzz favours them) and panics on
//     a failure so that go-fuzz records a crasher.
//
// The targets are Responses, Commands, StreamSplit, RoundTrip, Differential,
// Limits and SeqBatch. Check and Minimize (check.go) apply the same parsing to seed
// folders for "imapstress corpus check" and "imapstress corpus minimize".
//
// The package does not talk to the network: the network fuzzers, which
// attack a live server or client, live in their own package below this one.
package fuzz
