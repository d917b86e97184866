//go:build !amd64 || purego

package parser

// tapeScanAny is tapeScan where the assembly kernels are not built.
func tapeScanAny(b []byte, p int, t *listSpans, st uint, depth int) (int, int) {
	return tapeScan(b, p, t, st, depth)
}
