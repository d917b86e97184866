//go:build amd64 && !purego

package parser

// kernelsBuilt says whether the assembly kernels are in this build.
const kernelsBuilt = true

// cpuid and xgetbv are in cpu_amd64.s.
func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// useAVX2 says whether the kernels in *_amd64.s may run: the processor
// has AVX2, BMI1, BMI2, LZCNT and POPCNT (the kernels use all five, and
// without LZCNT its encoding runs as BSR, with other results), and the
// operating system saves the YMM registers. It is set once, before any parsing, and read only after that
// (the tests that hold the kernels to their portable twins flip it, never
// in parallel).
var useAVX2 = detectAVX2()

func detectAVX2() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const popcnt, osxsave, avx = 1 << 23, 1 << 27, 1 << 28
	if ecx1&(popcnt|osxsave|avx) != popcnt|osxsave|avx {
		return false
	}
	// LZCNT is ABM, bit 5 of ECX in extended leaf 0x80000001.
	if maxExt, _, _, _ := cpuid(0x80000000, 0); maxExt < 0x80000001 {
		return false
	}
	if _, _, ecxExt, _ := cpuid(0x80000001, 0); ecxExt&(1<<5) == 0 {
		return false
	}
	// XCR0 bits 1 and 2: the OS saves the XMM and YMM state.
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const bmi1, avx2, bmi2 = 1 << 3, 1 << 5, 1 << 8
	return ebx7&(bmi1|avx2|bmi2) == bmi1|avx2|bmi2
}
