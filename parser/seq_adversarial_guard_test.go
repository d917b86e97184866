//go:build linux && amd64 && !purego

package parser

import (
	"slices"
	"strings"
	"syscall"
	"testing"
)

// advGuarded returns a page of memory with an unreadable page on each side
// (the pages are unmapped by t's Cleanup), or skips t.
func advGuarded(t *testing.T) []byte {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 3*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[:page], syscall.PROT_NONE); err != nil {
		t.Skip(err)
	}
	if err := syscall.Mprotect(mem[2*page:], syscall.PROT_NONE); err != nil {
		t.Skip(err)
	}
	return mem[page : 2*page : 2*page]
}

// TestSeqKernelsGuardedPublic places each of the systematic sets (and each
// of its prefixes up to 200 octets, for a few) flush against an unreadable
// page, after its end and then before its start, and runs every public
// path the kernels sit behind on it: ParseSeqSet and ParseUIDSet, a
// sequence set read by the scanner with MaxArgs at its ranges, the batch
// walk with every dst size from 1 to 65, and the kernels themselves. A
// read outside the set faults.
func TestSeqKernelsGuardedPublic(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	page := advGuarded(t)
	sets := advSets()
	var ins []string
	for i, set := range sets {
		if i%50 == 0 {
			for n := 0; n <= len(set) && n <= 200; n++ {
				ins = append(ins, set[:n])
			}
		} else {
			ins = append(ins, set)
		}
	}
	var dst [65]SeqRange
	var scratch [seqScratch]uint64
	for i, in := range ins {
		for _, atEnd := range []bool{true, false} {
			b := page[:len(in):len(in)]
			if atEnd {
				b = page[len(page)-len(in):]
			}
			copy(b, in)
			_, err := ParseSeqSet(b)
			ParseUIDSet(b)
			lim := Limits{MaxArgs: max(1, strings.Count(in, ","))}.Resolved()
			s := newScanner(b, 0, &lim)
			s.seqSet(true, true)
			// Every size for a few inputs, the edges for the rest.
			sizes := []int{1, 2, 3, 63, 64, 65}
			if i%40 == 0 {
				sizes = sizes[:0]
				for n := 1; n <= 65; n++ {
					sizes = append(sizes, n)
				}
			}
			var want []SeqRange
			if err == nil {
				want, _ = advRefSet(in, true)
			}
			for _, size := range sizes {
				var got []SeqRange
				it := SeqSet{Raw: b}.Ranges()
				for k := it.NextBatch(dst[:size]); k > 0; k = it.NextBatch(dst[:size]) {
					got = append(got, dst[:k]...)
				}
				if err == nil && len(got) != len(want) {
					t.Fatalf("%q NextBatch(%d): %d ranges, want %d", in, size, len(got), len(want))
				}
			}
			for _, p := range advStarts(b, ',') {
				if len(b)-p >= seqWindow {
					seqCheckAVX2(b, p, 1<<30)
				}
				if p >= 9 && len(b)-p >= seqWindow {
					for _, size := range []int{1, 3, 64} {
						seqDecodeAVX2(b, p, dst[:size], &scratch)
					}
				}
			}
		}
	}
}

// TestSearchKernelsGuardedPublic does the same for SEARCH runs: each run
// that ParseResponse accepts as "* SEARCH run\r\n", placed flush against
// an unreadable page (the whole response, and the run alone as a NumIter
// over validated data), walked with NextBatch at every dst size from 1 to
// 65 and with Next, and given to the kernels.
func TestSearchKernelsGuardedPublic(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	page := advGuarded(t)
	var nums [65]uint32
	for i, run := range advRuns() {
		for _, lenient := range []bool{false, true} {
			raw := "* SEARCH " + run + "\r\n"
			b := page[len(page)-len(raw):]
			copy(b, raw)
			var r Response
			if NewParser(Options{Lenient: lenient}).ParseResponse(b, &r) != nil {
				continue
			}
			var want []uint32
			for it := r.SearchNumbers(); it.Next(); {
				want = append(want, it.Number())
			}
			data := slices.Clone(r.Data)
			// The run alone, flush against the page after it and
			// then before it, as validated data.
			for _, atEnd := range []bool{true, false} {
				d := page[:len(data):len(data)]
				if atEnd {
					d = page[len(page)-len(data):]
				}
				copy(d, data)
				sizes := []int{1, 2, 3, 31, 32, 33, 63, 64, 65}
				if i%40 == 0 {
					sizes = sizes[:0]
					for n := 1; n <= 65; n++ {
						sizes = append(sizes, n)
					}
				}
				for _, size := range sizes {
					it := NumIter{b: d, run: searchRunEnd(d)}
					k, total := 0, 0
					for k = it.NextBatch(nums[:size]); k > 0; k = it.NextBatch(nums[:size]) {
						for j := 0; j < k; j++ {
							if total+j >= len(want) || nums[j] != want[total+j] {
								t.Fatalf("%q NextBatch(%d): number %d is %d", d, size, total+j, nums[j])
							}
						}
						total += k
					}
					if total != len(want) {
						t.Fatalf("%q NextBatch(%d): %d numbers, want %d", d, size, total, len(want))
					}
				}
				run := d[:searchRunEnd(d)]
				for _, q := range advStarts(run, ' ') {
					if q >= 8 && len(run)-q >= seqWindow {
						numDecodeAVX2(run, q, nums[:64])
					}
				}
				if len(d) > 0 {
					searchCheckAVX2(d)
				}
			}
		}
	}
}
