//go:build unix

package load

import (
	"fmt"
	"syscall"
)

// raiseFileLimit raises the soft limit on open files to the hard limit and
// reports an error when need descriptors still do not fit.
func raiseFileLimit(need int) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return nil // unknown: let the dials tell
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	if uint64(need) > uint64(lim.Cur) {
		return fmt.Errorf("load: %d sessions need about %d file descriptors, but the limit is %d (hard %d); "+
			"lower --sessions or raise the hard limit (ulimit -Hn)", need-64, need, lim.Cur, lim.Max)
	}
	return nil
}
