//go:build !amd64 || purego

package parser

import "bytes"

// indexByteWide is bytes.IndexByte where the assembly kernels are not
// built (see indexbyte_amd64.go).
func indexByteWide(b []byte, c byte) int { return bytes.IndexByte(b, c) }
