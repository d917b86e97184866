package parser

import "encoding/binary"

// wordTable finds an upper-case ASCII keyword among a fixed set, ignoring
// case: the first eight bytes of a candidate, folded to lower case with
// |0x20, form one integer that, with the length, is hashed into a small
// open-addressed table, so that a lookup costs one multiply and usually one
// comparison whatever the number of names. Folding with |0x20 maps 'A'-'Z'
// to 'a'-'z' and leaves digits, ".", "-" and "=" alone; the only other
// ATOM-CHARs it merges are "@" with "`" and "^" with "~", which no keyword
// holds. Tables are built once at package initialisation and only read
// afterwards.
type wordTable struct {
	names []string
	// slots holds each name's folded key and length in its slot, so that
	// a lookup reads one slot, not the names.
	slots [wordSlots]wordSlot
}

// wordSlot is one slot of a wordTable.
type wordSlot struct {
	key uint64 // folded first eight bytes of the name
	n   uint8  // the name's length
	idx uint8  // index+1 into names, 0 for an empty slot
}

// wordSlots is the size of a wordTable's hash table: 256, so that a slot
// index is a uint8 that wraps by itself, and more than twice the largest
// set of names, so that probe runs stay short.
const wordSlots = 256

// wordHash mixes a folded key and a length into a slot index (a uint8,
// so that indexing the 256 slots needs no bounds check, and probing wraps
// by itself).
func wordHash(k uint64, n int) uint8 {
	return uint8(((k ^ uint64(n)<<56) * 0x9E3779B97F4A7C15) >> 56)
}

// newWordTable indexes names (fewer than 128; empty names and names not
// starting with 'A'-'Z' are skipped).
func newWordTable(names []string) wordTable {
	t := wordTable{names: names}
	if len(names) >= wordSlots/2 {
		panic("parser: too many names for a wordTable")
	}
	for i, n := range names {
		if n == "" || n[0] < 'A' || n[0] > 'Z' {
			continue
		}
		k := foldKey(n)
		h := wordHash(k, len(n))
		for t.slots[h].idx != 0 {
			h++
		}
		t.slots[h] = wordSlot{key: k, n: uint8(len(n)), idx: uint8(i + 1)}
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
	var k uint64
	switch {
	case len(b) >= 8:
		k = binary.LittleEndian.Uint64(b) | 0x2020202020202020
	case cap(b) >= 8:
		// A short word inside a longer message: load eight bytes and
		// keep len(b) of them.
		if len(b) == 0 {
			return -1
		}
		mask := uint64(1)<<(8*len(b)) - 1
		k = (binary.LittleEndian.Uint64(b[:8]) | 0x2020202020202020) & mask
	default:
		if len(b) == 0 {
			return -1
		}
		k = foldKey(b)
	}
	for h := wordHash(k, len(b)); ; h++ {
		e := &t.slots[h]
		if e.idx == 0 {
			return -1
		}
		if e.key == k && int(e.n) == len(b) && (len(b) <= 8 || equalFoldASCII(b[8:], t.names[e.idx-1][8:])) {
			return int(e.idx) - 1
		}
	}
}
