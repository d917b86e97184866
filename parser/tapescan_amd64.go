//go:build amd64 && !purego

package parser

// tapeScanAVX2 is tapeScan's loop in assembly (tapescan_amd64.s), for
// tapeScanAny: it reads the elements from b[p], the octet after a value's
// opening "(", whose entry is sp[cur] (cur = n-1), appending entries from
// sp[n], with the shape automaton in state st, and returns what tapeScan
// returns. Each element is read as tapeScan reads it, by its first
// octet, in b or, within 128 octets of b's end, in a copy of b's last
// octets padded with NULs (in its frame).
//
// A quoted string ends at the first of the five octets that end a plain
// string (DQUOTE, backslash, NUL, CR, LF), which must be a DQUOTE. The
// kernel finds them 64 at a time from a string's first octet, by a PSHUFB
// table lookup and a compare, into a mask that the strings after it use
// while they lie within those 64 octets (about three strings in four of
// an ENVELOPE or BODYSTRUCTURE): their ends then cost a shift and a bit
// count. tapeScan tests eight octets at a time with three SWAR tests and
// a branch per word.
//
// Why assembly: tapeScan is three quarters of validating a FETCH
// response, and about 70 instructions an element in Go. Go keeps some of
// its loop's variables on the stack (its registers do not hold the loop's
// twelve values and the SWAR constants), stores an entry's fields through
// a bounds-checked index, and spends two words and a branch on each string
// of eight octets or more. By hand the loop takes about half the
// instructions; what then limits it is the chain from one element's
// position to the next (a string's end is a load, a compare and a count
// away from its start), which the mask shortens for most strings. The
// five AVX2 designs of session 7 (README, "FETCH validation with AVX2,
// session 7") classified whole blocks ahead of the loop; this one keeps
// tapeScan's shape and classifies only where strings start.
//
// It reads b only within b, and sp's entries below maxListSpans. It does
// not trust its caller: it returns -1, 0 without writing sp for a p
// outside 0..len(b) (p < 0 would read before b) or a cur that is not an
// entry before n with next -1 (as tapeOpen records a value's own list:
// the lists it closes are then all its own entries, whose state octets
// index shapeNext within it), and writes no entry at maxListSpans-1 or
// beyond whatever n is (TestTapeScanKernelChecksItsArguments,
// TestTapeScanKernelNegativeStart, TestTapeScanKernelOwnListOnly).
//
//go:noescape
func tapeScanAVX2(b []byte, p int, sp *[maxListSpans]tapeEntry, n, cur int, st uint) (end, count int)

// The numbers tapeScanAVX2 has written in: the states, the forms and the
// symbols' rows in shapeNext. The index is 0 only while each difference
// is; a compile error here when one changes.
var _ = [1]int{}[(stBodyStart-16)|(stSubtype-18)|(stTextSubtype-24)|(stFirstClosable-36)|
	int(FormList-7)|int(FormQuoted-3)|int(FormNIL-6)|int(FormNumber-2)|(shapeStates-64)|
	symQuoted|(symNIL-1)|(symNumber-2)|(symListIn-3)|(symListRet-4)|(symAfterIn-5)|(symAfterRet-6)|
	(maxListSpans-512)]

// tapeScanAny is tapeScan, in assembly where the kernels run (useAVX2).
func tapeScanAny(b []byte, p int, t *listSpans, st uint, depth int) (int, int) {
	if !useAVX2 {
		return tapeScan(b, p, t, st, depth)
	}
	n, ok := tapeOpen(b, p, t, depth)
	if !ok {
		return -1, 0
	}
	return tapeScanAVX2(b, p+1, &t.span, n+1, n, st)
}
