//go:build linux && amd64 && !purego

package parser

import (
	"bytes"
	"math/rand"
	"testing"
)

// TestIndexByteWideMatches holds indexByteWide (and indexByteAVX2 on the
// whole blocks) to bytes.IndexByte: every length up to 1,100, the octet
// searched for (NUL, LF and an octet with the high bit) at every place of
// each block edge, none, two, and random octets around them.
func TestIndexByteWideMatches(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewSource(1))
	buf := make([]byte, 1100)
	check := func(b []byte, c byte) {
		t.Helper()
		want := bytes.IndexByte(b, c)
		if got := indexByteWide(b, c); got != want {
			t.Fatalf("indexByteWide(len %d, %#x) = %d, want %d", len(b), c, got, want)
		}
		k := len(b) &^ 127
		wantK := bytes.IndexByte(b[:k], c)
		if got := indexByteAVX2(b, c); got != wantK {
			t.Fatalf("indexByteAVX2(len %d, %#x) = %d, want %d", len(b), c, got, wantK)
		}
	}
	for _, c := range []byte{0, '\n', 0xc3} {
		for n := 0; n <= len(buf); n++ {
			b := buf[:n]
			for i := range b {
				b[i] = byte(rng.Intn(256))
				if b[i] == c {
					b[i] = c ^ 1
				}
			}
			check(b, c)
			// One c at each place near the block edges and a few
			// others, then a second one after it.
			for _, at := range []int{0, 1, 31, 32, 63, 64, 65, 95, 96, 127, 128, 129, 255, 256, 383, 384, 511, n - 129, n - 128, n - 127, n - 1} {
				if at < 0 || at >= n {
					continue
				}
				save := b[at]
				b[at] = c
				check(b, c)
				if at+40 < n {
					b[at+40] = c
					check(b, c)
					b[at+40] = c ^ 1
				}
				b[at] = save
			}
		}
	}
}

// TestIndexByteWideStaysInBounds searches slices flush against pages that
// may not be read, after the slice and before it, for every length up to
// 1,100: a read outside the slice faults.
func TestIndexByteWideStaysInBounds(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	mid := advGuarded(t)
	for i := range mid {
		mid[i] = 'a'
	}
	for n := 0; n <= 1100; n++ {
		for _, b := range [][]byte{mid[len(mid)-n:], mid[:n]} {
			if got := indexByteWide(b, 0); got != -1 {
				t.Fatalf("len %d: %d", n, got)
			}
			if got := indexByteAVX2(b, 0); got != -1 {
				t.Fatalf("len %d: %d", n, got)
			}
			if n > 0 {
				b[n-1] = 0
				if got := indexByteWide(b, 0); got != n-1 {
					t.Fatalf("len %d: %d, want %d", n, got, n-1)
				}
				b[n-1] = 'a'
			}
		}
	}
}

// TestFetchLiteralBothPaths parses FETCH responses with a literal of
// every length near the kernel's block edges, with a NUL at several places
// or none, with and without the kernels: the same result and error.
func TestFetchLiteralBothPaths(t *testing.T) {
	saved := useAVX2
	t.Cleanup(func() { useAVX2 = saved })
	for _, n := range []int{0, 1, 127, 128, 255, 256, 257, 383, 384, 511, 512, 1000, 4096, 4097} {
		for _, nul := range []int{-1, 0, 127, 128, 255, 256, n - 1} {
			if nul >= n {
				continue
			}
			data := bytes.Repeat([]byte{'x'}, n)
			if nul >= 0 {
				data[nul] = 0
			}
			msg := append([]byte("* 1 FETCH (UID 5 BODY[] {"+itoa(n)+"}\r\n"), data...)
			msg = append(msg, ")\r\n"...)
			var errs [2]string
			for i, on := range []bool{false, saved} {
				useAVX2 = on
				var p Parser
				var r Response
				if err := p.ParseResponse(msg, &r); err != nil {
					errs[i] = err.Error()
				}
			}
			if errs[0] != errs[1] {
				t.Errorf("literal of %d, NUL at %d: %q without the kernels, %q with", n, nul, errs[0], errs[1])
			}
			if (nul >= 0) != (errs[0] != "") {
				t.Errorf("literal of %d, NUL at %d: error %q", n, nul, errs[0])
			}
		}
	}
}

// FuzzIndexByteWide compares indexByteWide with bytes.IndexByte on any
// octets, repeated to reach the kernel's blocks, and any octet searched.
func FuzzIndexByteWide(f *testing.F) {
	f.Add([]byte("abc\x00"), byte(0), uint16(300))
	f.Add([]byte("line\r\n"), byte('\n'), uint16(1000))
	f.Fuzz(func(t *testing.T, data []byte, c byte, n uint16) {
		if len(data) == 0 {
			return
		}
		b := bytes.Repeat(data, int(n)/len(data)+1)[:int(n)%4096]
		if got, want := indexByteWide(b, c), bytes.IndexByte(b, c); got != want {
			t.Fatalf("indexByteWide(len %d, %#x) = %d, want %d", len(b), c, got, want)
		}
	})
}
