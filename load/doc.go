// Package load is imapstress's load engine: it opens many IMAP sessions,
// keeps a weighted mix of commands pipelined on each, and measures every
// command's latency in HdrHistograms, per command name.
//
// Run takes a Config and returns a Report. A run has a preparation phase
// (sessions connect at the ramp's pace, log in, SELECT and APPEND until the
// mailbox holds Config.Fill messages; reported apart) and a measured phase
// of Config.Duration. Sessions send only what RFC 9051 section 5.5 allows
// to be in flight together, match completions to commands by tag through a
// fixed ring per session (no map, no allocation), and follow the mailbox
// state the server reports (EXISTS, EXPUNGE, UIDNEXT, APPENDUID) so that
// FETCH, STORE and SEARCH address messages that exist. Every byte the server
// sends is framed and parsed by package parser; a response it rejects is a
// protocol violation, counted and shown with the bytes around it.
//
// Each session is built on Conn, the one implementation of the session
// machinery (dial, TLS or STARTTLS, greeting, login, ENABLE, SELECT,
// framing through the parser, tag matching), which Dial also offers on its
// own to tools that drive one connection by hand, such as the network
// fuzzer. Opening a session sends LOGIN and SELECT together when nothing
// needs a continuation, and at most Config.Opening sessions open at once.
//
// Two models: closed (Config.Rate zero: each session keeps Config.Pipeline
// commands in flight) and open (a Pacer's fixed schedule; latency is
// measured from the intended send time, so a stalled server cannot hide the
// stall). Samples go to a few shards, and once a second the collector
// records them into the interval's histograms, writes the interval log
// (LogWriter, HdrHistogram's standard format, one tag per command) and the
// live line. Report renders the percentile table, JSON, .hgrm files and a
// plot; ReadLogs merges interval logs from several runs; ParseThresholds
// and CheckThresholds turn "p99<50ms,errors<0.1%" into pass or fail.
//
// The package does not start servers (see internal/target and
// scripts/dovecot.sh), keeps no state between runs, and is not an IMAP
// client library: it sends what a load test needs and reads answers only as
// far as the session's state requires.
package load
