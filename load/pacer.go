package load

import "time"

// Pacer decides when commands are intended to go out in the open model.
// Latency is measured from these intended times, not from when a command
// could actually be written, so a server that stalls cannot hide the stall
// by slowing the sender (no coordinated omission).
type Pacer interface {
	// Due returns when the n-th command (from 0) of session i of sessions
	// is intended to be sent, counted from the start of the measured run.
	Due(i, sessions int, n uint64) time.Duration
}

// ConstantRate is a Pacer for a fixed number of commands per second over
// all sessions. Each session sends at rate/sessions, and the sessions'
// schedules are staggered evenly, so the aggregate is smooth.
type ConstantRate float64

// Due implements Pacer.
func (r ConstantRate) Due(i, sessions int, n uint64) time.Duration {
	if r <= 0 || sessions <= 0 {
		return 0
	}
	period := float64(sessions) / float64(r) // seconds between one session's commands
	return time.Duration((float64(n) + float64(i)/float64(sessions)) * period * float64(time.Second))
}
