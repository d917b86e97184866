//go:build !amd64 || purego

package parser

// seqSetWindows is seqWindows where the assembly kernels are not built.
func seqSetWindows(b []byte, p, room int) (int, int) { return seqWindows(b, p, room) }

// seqBatchAny is seqBatch where the assembly kernels are not built.
func seqBatchAny(b []byte, p int, dst []SeqRange) (int, int) { return seqBatch(b, p, dst) }

// numKernel leaves numWindows to the portable code where the assembly
// kernels are not built.
func numKernel(it *NumIter, dst []uint32, k int) int { return k }

// searchWindowsAny is searchWindows where the assembly kernels are not
// built.
func searchWindowsAny(w []byte) (k, spaces, last int, prev uint64) { return searchWindows(w) }
