//go:build amd64 && !purego

package parser

// tapeScanAVX2 is tapeScan's loop in assembly (tapescan_amd64.s), for
// tapeScanAny: it reads the elements from b[p], the octet after a value's
// opening "(", whose entry is sp[cur] (cur = n-1), appending entries from
// sp[n], with the shape automaton in state st, and returns what tapeScan
// returns. Each element is read as tapeScan reads it, by its first
// octet, from a window at its start in b or, within 64 octets of b's end,
// in a copy of b's last octets padded with NULs (in its frame); a quoted
// string's end is found 32 octets at a time by one PSHUFB table lookup and
// compare (the five octets that end a plain string), where tapeScan tests
// eight at a time with three SWAR tests and a branch per word.
//
// Why assembly: tapeScan is three quarters of validating a FETCH
// response, and about 70 instructions an element in Go. Go keeps some of
// its loop's variables on the stack (its fourteen registers do not hold
// the loop's twelve values and the SWAR constants), cannot store an
// entry's fields but one by one through a bounds-checked index, and
// spends two words and a branch on each string of eight octets or more;
// the same loop by hand is about half the instructions. The five AVX2
// designs of session 7 (README, "FETCH validation with AVX2, session 7")
// classified whole blocks ahead of the loop; this one keeps tapeScan's
// shape and uses a vector only for the string at hand.
//
// It reads b only within b (and sp's entries below maxListSpans), with p
// from 1 to len(b), n below maxListSpans and cur below n.
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
