//go:build !amd64 || purego

package parser

// useAVX2 is false where the assembly kernels are not built (other
// architectures, or the purego build tag): the portable code runs.
var useAVX2 = false

// kernelsBuilt says whether the assembly kernels are in this build.
const kernelsBuilt = false
