// Package parsefmt prints what the parser makes of a byte stream: one line
// (or one JSON object) per message, with its stream offset, and every error
// with the file, the byte offset and what was expected. It is the logic of
// "imapstress parse", kept out of the command so that it can be tested and
// reused; it is not a general pretty-printer or a protocol client.
package parsefmt

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/imapstress/imapstress/parser"
)

// Options configures a run.
type Options struct {
	// JSON prints one JSON object per message instead of one text line.
	JSON bool
	// Lenient accepts the known server deviations and lists each
	// violation; the default is strict.
	Lenient bool
	// Limits bounds message sizes; zero fields take the defaults.
	Limits parser.Limits
}

// Result counts what a run saw.
type Result struct {
	// Messages is the number of messages that parsed.
	Messages int
	// Failed is the number of errors: messages that did not parse, and a
	// stream that ended inside a message.
	Failed int
	// Violations is the number of deviations tolerated in lenient mode.
	Violations int
}

// Responses reads the server responses in r, writes one line or JSON
// object per message to out, and one line per error to errw, naming the
// file (name), the byte offset and what was expected. After an error it
// resynchronises at the next line and goes on. The returned error is an
// I/O error of r or of the writers, never a parse error: those are
// counted in Result.Failed.
func Responses(out, errw io.Writer, name string, r io.Reader, opt Options) (Result, error) {
	var res Result
	p := parser.NewParser(parser.Options{Limits: opt.Limits, Lenient: opt.Lenient})
	rr := parser.NewResponseReader(r, p, parser.ReaderOptions{})
	var resp parser.Response
	var line []byte
	for {
		start := rr.Offset()
		err := rr.Next(&resp)
		if err == io.EOF {
			return res, nil
		}
		var pe *parser.Error
		if errors.As(err, &pe) {
			res.Failed++
			if _, werr := fmt.Fprintf(errw, "%s: offset %d: expected %s, found %s%s\n", name, pe.Offset, pe.Expected, pe.Found, limitNote(pe)); werr != nil {
				return res, werr
			}
			continue
		}
		if err == io.ErrUnexpectedEOF {
			res.Failed++
			_, werr := fmt.Fprintf(errw, "%s: offset %d: expected the rest of the message, found end of input\n", name, start)
			return res, werr
		}
		if err != nil {
			return res, fmt.Errorf("%s: %w", name, err)
		}
		res.Messages++
		res.Violations += resp.ViolationCount()
		off := rr.MessageOffset()
		line = line[:0]
		if opt.JSON {
			line = AppendResponseJSON(line, off, &resp)
		} else {
			line = AppendResponseText(line, off, &resp)
		}
		line = append(line, '\n')
		if _, err := out.Write(line); err != nil {
			return res, err
		}
	}
}

func limitNote(pe *parser.Error) string {
	if errors.Is(pe, parser.ErrLimit) {
		return " (limit exceeded)"
	}
	return ""
}

// AppendResponseJSON appends {"offset": off, ...} with the fields of
// Response.AppendJSON.
func AppendResponseJSON(dst []byte, off int64, r *parser.Response) []byte {
	dst = append(dst, `{"offset":`...)
	dst = strconv.AppendInt(dst, off, 10)
	dst = append(dst, ',')
	j := r.AppendJSON(dst[len(dst):])
	// Splice r's object without its opening brace.
	return append(dst, j[1:]...)
}

// maxText caps how much of a text or raw data a text line shows.
const maxText = 120

// AppendResponseText appends one human-readable line for r: the offset,
// the kind, the tag, the status or data type, and the main fields.
func AppendResponseText(dst []byte, off int64, r *parser.Response) []byte {
	dst = strconv.AppendInt(dst, off, 10)
	dst = append(dst, ' ')
	dst = append(dst, r.Kind.String()...)
	if r.Tag != nil {
		dst = append(dst, ' ')
		dst = append(dst, r.Tag...)
	}
	if r.Status != parser.StatusNone {
		dst = append(dst, ' ')
		dst = append(dst, r.Status.String()...)
	}
	if r.Code != parser.CodeNone {
		dst = append(dst, " ["...)
		dst = append(dst, r.CodeName...)
		if r.CodeArg != nil {
			dst = append(dst, ' ')
			dst = appendShort(dst, r.CodeArg)
		}
		dst = append(dst, ']')
	}
	if r.Kind == parser.KindContinuation || r.Status != parser.StatusNone {
		dst = append(dst, ' ')
		dst = strconv.AppendQuote(dst, string(short(r.Text)))
	}
	if r.Type != parser.DataNone {
		dst = append(dst, ' ')
		dst = append(dst, r.Name...)
		switch r.Type {
		case parser.DataExists, parser.DataRecent, parser.DataExpunge:
			dst = append(dst, ' ')
			dst = strconv.AppendUint(dst, uint64(r.Num), 10)
		case parser.DataFetch:
			dst = append(dst, ' ')
			dst = strconv.AppendUint(dst, uint64(r.Num), 10)
			dst = appendFetchText(dst, r)
		case parser.DataSearch, parser.DataSort:
			n := 0
			it := r.SearchNumbers()
			for it.Next() {
				n++
			}
			dst = append(dst, ' ')
			dst = strconv.AppendInt(dst, int64(n), 10)
			dst = append(dst, " numbers"...)
			if m, ok := r.SearchModSeq(); ok {
				dst = append(dst, " modseq="...)
				dst = strconv.AppendUint(dst, m, 10)
			}
		default:
			if r.Data != nil {
				dst = append(dst, ' ')
				dst = appendShort(dst, r.Data)
			}
		}
	}
	for _, v := range r.Violations() {
		dst = append(dst, " !"...)
		dst = append(dst, v.Kind.String()...)
		dst = append(dst, '@')
		dst = strconv.AppendInt(dst, int64(v.Offset), 10)
	}
	return dst
}

// appendFetchText appends the FETCH items: numbers and short strings as
// they are, ENVELOPE as its subject and sender, BODYSTRUCTURE as its type
// and part count, BODY[...] as its size.
func appendFetchText(dst []byte, r *parser.Response) []byte {
	dst = append(dst, " ("...)
	for it, i := r.Fetch(), 0; it.Next(); i++ {
		if i > 0 {
			dst = append(dst, ' ')
		}
		f := it.Item()
		dst = append(dst, f.Name...)
		dst = append(dst, '=')
		switch f.Kind {
		case parser.FetchEnvelope:
			e := f.Envelope()
			dst = append(dst, "{subject="...)
			dst = strconv.AppendQuote(dst, string(short(e.Subject().AppendString(nil))))
			for a := e.From().Addresses(); a.Next(); {
				dst = append(dst, " from="...)
				dst = a.Address().Mailbox().AppendString(dst)
				dst = append(dst, '@')
				dst = a.Address().Host().AppendString(dst)
				break
			}
			dst = append(dst, '}')
		case parser.FetchBody, parser.FetchBodyStructure:
			b := f.BodyStructure()
			dst = appendBodyText(dst, &b)
		default:
			v := f.Value
			switch {
			case v.Form == parser.FormLiteral || v.Form == parser.FormLiteral8 || len(v.Raw) > 60:
				dst = append(dst, '{')
				dst = strconv.AppendInt(dst, int64(len(v.Raw)), 10)
				dst = append(dst, " bytes}"...)
			case v.Form == parser.FormList:
				dst = append(dst, '(')
				dst = append(dst, v.Raw...)
				dst = append(dst, ')')
			case v.Form == parser.FormQuoted:
				dst = strconv.AppendQuote(dst, string(v.AppendString(nil)))
			default:
				dst = append(dst, v.Raw...)
			}
		}
	}
	return append(dst, ')')
}

// appendBodyText appends "type/subtype" for a part and
// "multipart/subtype[n parts]" for a multipart body.
func appendBodyText(dst []byte, b *parser.BodyStructure) []byte {
	if b.Multipart {
		n := 0
		for it := b.Parts(); it.Next(); {
			n++
		}
		dst = append(dst, "multipart/"...)
		dst = b.Subtype().AppendString(dst)
		dst = append(dst, '[')
		dst = strconv.AppendInt(dst, int64(n), 10)
		return append(dst, " parts]"...)
	}
	dst = b.Type().AppendString(dst)
	dst = append(dst, '/')
	return b.Subtype().AppendString(dst)
}

// short cuts b to maxText bytes.
func short(b []byte) []byte {
	if len(b) > maxText {
		return b[:maxText]
	}
	return b
}

// appendShort appends b with control bytes escaped, cut to maxText bytes.
func appendShort(dst, b []byte) []byte {
	cut := len(b) > maxText
	for _, c := range short(b) {
		switch {
		case c == '\r':
			dst = append(dst, `\r`...)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c < 0x20 || c == 0x7f:
			dst = append(dst, `\x`...)
			dst = append(dst, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			dst = append(dst, c)
		}
	}
	if cut {
		dst = append(dst, "..."...)
	}
	return dst
}
