package parser

// Parser holds resolved Options. It is read-only after NewParser, so one
// Parser may serve any number of goroutines. The zero value is a strict
// parser with default limits.
type Parser struct {
	lim     Limits
	lenient bool
}

// defaultLimits is Limits{}.Resolved(), computed once and never written.
var defaultLimits = Limits{}.Resolved()

// NewParser returns a parser configured by opt.
func NewParser(opt Options) *Parser {
	return &Parser{lim: opt.Limits.Resolved(), lenient: opt.Lenient}
}

// Limits returns the resolved limits the parser applies.
func (p *Parser) Limits() Limits { return *p.limits() }

// Lenient reports whether the parser accepts known server deviations.
func (p *Parser) Lenient() bool { return p.lenient }

func (p *Parser) limits() *Limits {
	if p.lim.MaxLine == 0 {
		return &defaultLimits
	}
	return &p.lim
}
