package parser

// wordTable finds an upper-case ASCII keyword among a fixed set, ignoring
// case: the first eight bytes of a candidate, folded to lower case with
// |0x20, are compared as one integer against the names of the same first
// letter. Folding with |0x20 maps 'A'-'Z' to 'a'-'z' and leaves digits,
// ".", "-" and "=" alone; the only other ATOM-CHARs it merges are "@" with
// "`" and "^" with "~", which no keyword holds. Tables are built once at
// package initialisation and only read afterwards.
type wordTable struct {
	names   []string
	keys    []uint64    // folded first eight bytes of each name
	byFirst [26][]uint8 // indexes into names, by first letter
}

// newWordTable indexes names (at most 256; empty names are skipped).
func newWordTable(names []string) wordTable {
	t := wordTable{names: names, keys: make([]uint64, len(names))}
	for i, n := range names {
		if n == "" || n[0] < 'A' || n[0] > 'Z' {
			continue
		}
		t.keys[i] = foldKey(n)
		t.byFirst[n[0]-'A'] = append(t.byFirst[n[0]-'A'], uint8(i))
	}
	return t
}

// foldKey packs the first eight bytes of s, each |0x20.
func foldKey[S Bytes](s S) uint64 {
	var k uint64
	n := min(len(s), 8)
	for i := 0; i < n; i++ {
		k |= uint64(s[i]|0x20) << (8 * i)
	}
	return k
}

// find returns the index of the name b equals, ignoring ASCII case, or -1.
func (t *wordTable) find(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	c := b[0] &^ 0x20
	if c < 'A' || c > 'Z' {
		return -1
	}
	k := foldKey(b)
	for _, i := range t.byFirst[c-'A'] {
		n := t.names[i]
		if t.keys[i] == k && len(n) == len(b) && (len(b) <= 8 || equalFoldASCII(b[8:], n[8:])) {
			return int(i)
		}
	}
	return -1
}
