//go:build amd64 && !purego

package parser

import "bytes"

// indexByteAVX2 is in indexbyte_amd64.s: the index of the first c in
// b[:len(b)&^127], or -1.
//
//go:noescape
func indexByteAVX2(b []byte, c byte) int

// indexByteWide is bytes.IndexByte for searches over thousands of
// octets: the check that a literal's data holds no NUL (4 KB a message in
// BenchmarkFetchBatchBody4K: a third of its instructions outside tapeScan
// went to bytes.IndexByte). The whole blocks of 128 octets go to
// indexByteAVX2, which reads four vectors a step where bytes.IndexByte
// reads one, and the tail to bytes.IndexByte; a search shorter than two
// blocks to bytes.IndexByte alone. (Framing's search for a line's LF,
// about 1 KB a FETCH line, gained too little from it to pay for the
// extra test on every short line.)
func indexByteWide(b []byte, c byte) int {
	if !useAVX2 || len(b) < 256 {
		return bytes.IndexByte(b, c)
	}
	k := len(b) &^ 127
	if i := indexByteAVX2(b[:k], c); i >= 0 {
		return i
	}
	if i := bytes.IndexByte(b[k:], c); i >= 0 {
		return k + i
	}
	return -1
}
