package parser

// Limits bounds what the parser accepts, so that hostile input costs an
// error, never unbounded memory or time. A zero field means "use the
// default"; a negative field lifts that limit.
type Limits struct {
	// MaxLine caps one line: the bytes of a message outside its literals,
	// CRLFs included. Default 1 MiB, enough for a SEARCH answer listing
	// about 150,000 message numbers.
	MaxLine int
	// MaxLiteral caps the announced size of one literal. Default 64 MiB.
	// Streaming readers may hand larger literals to a handler instead of
	// holding them.
	MaxLiteral int64
	// MaxLiterals caps the number of literals in one message. Default 1024.
	MaxLiterals int
	// MaxDepth caps the nesting of parenthesised lists (and of SEARCH key
	// groups). Default 64.
	MaxDepth int
	// MaxArgs caps the number of elements of one list, sequence set or
	// argument run. Default 1 << 20.
	MaxArgs int
	// MaxNonSyncLiteral caps a non-synchronizing literal {n+} sent by a
	// client. Set it to LiteralMinusMax for a LITERAL- server. Default: no
	// cap beyond MaxLiteral.
	MaxNonSyncLiteral int64
}

// Default limits; see Limits for what each bounds.
const (
	DefaultMaxLine     = 1 << 20
	DefaultMaxLiteral  = 64 << 20
	DefaultMaxLiterals = 1024
	DefaultMaxDepth    = 64
	DefaultMaxArgs     = 1 << 20
)

// LiteralMinusMax is the largest {n+} literal a LITERAL- server accepts
// (RFC 7888).
const LiteralMinusMax = 4096

const (
	noLimit   = int(^uint(0) >> 1)
	noLimit64 = int64(1<<63 - 1)
)

// Resolved returns l with zero fields replaced by the defaults and negative
// fields by "no limit". Parsers call it once when they are configured.
func (l Limits) Resolved() Limits {
	fix := func(v, def int) int {
		switch {
		case v == 0:
			return def
		case v < 0:
			return noLimit
		}
		return v
	}
	l.MaxLine = fix(l.MaxLine, DefaultMaxLine)
	l.MaxLiterals = fix(l.MaxLiterals, DefaultMaxLiterals)
	l.MaxDepth = fix(l.MaxDepth, DefaultMaxDepth)
	l.MaxArgs = fix(l.MaxArgs, DefaultMaxArgs)
	switch {
	case l.MaxLiteral == 0:
		l.MaxLiteral = DefaultMaxLiteral
	case l.MaxLiteral < 0:
		l.MaxLiteral = noLimit64
	}
	if l.MaxNonSyncLiteral <= 0 {
		l.MaxNonSyncLiteral = noLimit64
	}
	return l
}

// Options configures a parser. The zero value is strict with default limits.
type Options struct {
	// Limits bounds message sizes; zero fields take the defaults.
	Limits Limits
	// Lenient accepts the deviations that real servers are known for and
	// reports each as a violation instead of failing.
	Lenient bool
}
