//go:build !unix

package load

import "time"

func raiseFileLimit(need int) error { return nil }

func cpuTime() (user, sys time.Duration) { return 0, 0 }

func residentBytes() int64 { return 0 }
