package inspect

import "github.com/imapstress/imapstress/parser"

func lenientParser() *parser.Parser { return parser.NewParser(parser.Options{Lenient: true}) }
