package parser

// wordTable finds an upper-case ASCII keyword among a fixed set, ignoring
// case, by its first letter: a handful of comparisons instead of a scan of
// the whole set. Tables are built once at package initialisation and only
// read afterwards.
type wordTable struct {
	names   []string
	byFirst [26][]uint8 // indexes into names, by first letter
}

// newWordTable indexes names (at most 256; empty names are skipped).
func newWordTable(names []string) wordTable {
	t := wordTable{names: names}
	for i, n := range names {
		if n == "" || n[0] < 'A' || n[0] > 'Z' {
			continue
		}
		t.byFirst[n[0]-'A'] = append(t.byFirst[n[0]-'A'], uint8(i))
	}
	return t
}

// find returns the index of the name b equals, ignoring ASCII case, or -1.
func (t *wordTable) find(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	c := b[0]
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	if c < 'A' || c > 'Z' {
		return -1
	}
	for _, i := range t.byFirst[c-'A'] {
		if len(t.names[i]) == len(b) && equalFoldASCII(b, t.names[i]) {
			return int(i)
		}
	}
	return -1
}
