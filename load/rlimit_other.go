//go:build !unix

package load

func raiseFileLimit(need int) error { return nil }
