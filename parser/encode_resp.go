package parser

// ResponseBuilder writes server responses into Buf: the encoder of the
// hostile server and of tests. It has every argument method of
// CommandBuilder (Atom, AString, String, NString, Number, Literal, Open,
// Close, Flags, DateTime, Value, End, ...), which put the SP between
// arguments themselves, and adds the starts of the response forms:
//
//	var b parser.ResponseBuilder
//	b.BeginFetch(12)
//	b.Atom("UID")
//	b.Number(4827)
//	b.Atom("FLAGS")
//	b.Flags(`\Seen`)
//	b.Atom("BODY[]")
//	b.String("Subject: hi\r\n\r\nhello\r\n") // a literal: it holds CRLF
//	b.Close()
//	b.End()
//	b.Status("a1", parser.StatusOK, "", "UID FETCH completed")
//
// writes "* 12 FETCH (UID 4827 FLAGS (\Seen) BODY[] {22}" CRLF
// "Subject: hi..." ")" CRLF "a1 OK UID FETCH completed" CRLF. A server
// sends literals as {n}: leave Opts.Literal at LiteralSync (the zero
// value), or set it to something else to produce the violations a hostile
// server is for. Like CommandBuilder it checks no grammar and never
// allocates once Buf is large enough.
type ResponseBuilder struct {
	CommandBuilder
}

// BeginStatus starts a status response: "tag OK", or "* OK" when tag is
// empty. Follow it with Code/EndCode and Text, then End.
func (b *ResponseBuilder) BeginStatus(tag string, st Status) {
	if tag == "" {
		tag = "*"
	}
	b.Buf = append(b.Buf, tag...)
	b.Buf = append(b.Buf, ' ')
	b.Buf = append(b.Buf, st.String()...)
	b.noSP = false
}

// Code opens a response code, " [NAME"; its arguments follow with the
// usual methods, and EndCode closes it.
func (b *ResponseBuilder) Code(name string) {
	b.Buf = append(b.Buf, ' ', '[')
	b.Buf = append(b.Buf, name...)
	b.noSP = false
}

// EndCode closes a response code with "]".
func (b *ResponseBuilder) EndCode() { b.Buf = append(b.Buf, ']'); b.noSP = false }

// Text appends SP and human-readable text, as it is (it must hold no CR or
// LF to be valid).
func (b *ResponseBuilder) Text(text string) {
	b.Buf = append(b.Buf, ' ')
	b.Buf = append(b.Buf, text...)
}

// Status writes a whole status response line: tag (or "*" when empty),
// status, "[code]" when code is not empty (code is written as it is, name
// and arguments: "UIDNEXT 4392"), and text.
func (b *ResponseBuilder) Status(tag string, st Status, code, text string) {
	b.BeginStatus(tag, st)
	if code != "" {
		b.Code(code)
		b.EndCode()
	}
	b.Text(text)
	b.End()
}

// Continue writes a continuation request, "+ text" CRLF; text may be a
// base64 SASL challenge, or empty.
func (b *ResponseBuilder) Continue(text string) {
	b.Buf = append(b.Buf, '+', ' ')
	b.Buf = append(b.Buf, text...)
	b.End()
}

// BeginData starts an untagged data response: "* NAME" (CAPABILITY,
// FLAGS, LIST, STATUS, SEARCH, ESEARCH, ...). Its arguments follow.
func (b *ResponseBuilder) BeginData(name string) {
	b.Buf = append(b.Buf, '*', ' ')
	b.Buf = append(b.Buf, name...)
	b.noSP = false
}

// BeginNumData starts "* n NAME" (EXISTS, RECENT, EXPUNGE, FETCH).
func (b *ResponseBuilder) BeginNumData(n uint32, name string) {
	b.Buf = append(b.Buf, '*', ' ')
	b.Buf = appendDecimal(b.Buf, uint64(n))
	b.Buf = append(b.Buf, ' ')
	b.Buf = append(b.Buf, name...)
	b.noSP = false
}

// NumData writes a whole "* n NAME" CRLF line, such as "* 23 EXISTS".
func (b *ResponseBuilder) NumData(n uint32, name string) {
	b.BeginNumData(n, name)
	b.End()
}

// BeginFetch starts "* n FETCH (": the items follow as name and value
// pairs (Atom("UID"), Number(7), ...), then Close and End.
func (b *ResponseBuilder) BeginFetch(n uint32) {
	b.BeginNumData(n, "FETCH")
	b.Open()
}

// Search writes "* SEARCH n1 n2 ..." CRLF.
func (b *ResponseBuilder) Search(nums ...uint32) {
	b.BeginData("SEARCH")
	for _, n := range nums {
		b.Number(uint64(n))
	}
	b.End()
}

// Capability writes "* CAPABILITY cap1 cap2 ..." CRLF.
func (b *ResponseBuilder) Capability(caps ...string) {
	b.BeginData("CAPABILITY")
	for _, c := range caps {
		b.Atom(c)
	}
	b.End()
}

// List writes a LIST response, "* LIST (attrs) "delim" mailbox" CRLF; a
// zero delim writes NIL (a flat namespace).
func (b *ResponseBuilder) List(attrs []string, delim byte, mailbox string) {
	b.BeginData("LIST")
	b.Flags(attrs...)
	b.sep()
	if delim == 0 {
		b.Buf = append(b.Buf, "NIL"...)
	} else {
		var d [1]byte
		d[0] = delim
		b.Buf = AppendQuoted(b.Buf, d[:])
	}
	b.Mailbox(mailbox)
	b.End()
}

// AppendResponse appends the response r describes, built from its parsed
// fields rather than copied from r.Raw: the tag or "*" or "+", the status
// with its response code and text, or the data name with its arguments.
// FETCH items are written from the FETCH iterator (each name, and its
// value in the form it was parsed in), other data from its generic values;
// THREAD data, whose lists are not separated by SP, and a response code's
// arguments are written as they were sent. Literals take o.Literal's form
// (a server sends LiteralSync). Parsing the result gives back the same
// structure.
func AppendResponse(dst []byte, r *Response, o StringOpts) []byte {
	switch r.Kind {
	case KindContinuation:
		dst = append(dst, '+', ' ')
		dst = appendRespText(dst, r)
		return append(dst, '\r', '\n')
	case KindTagged:
		dst = append(dst, r.Tag...)
	default:
		dst = append(dst, '*')
	}
	if r.Status != StatusNone {
		dst = append(dst, ' ')
		dst = append(dst, r.Status.String()...)
		dst = append(dst, ' ')
		dst = appendRespText(dst, r)
		return append(dst, '\r', '\n')
	}
	dst = append(dst, ' ')
	switch r.Type {
	case DataExists, DataRecent, DataExpunge, DataFetch:
		dst = appendDecimal(dst, uint64(r.Num))
		dst = append(dst, ' ')
	}
	dst = append(dst, r.Name...)
	if r.Data == nil {
		return append(dst, '\r', '\n')
	}
	dst = append(dst, ' ')
	switch r.Type {
	case DataFetch:
		dst = append(dst, '(')
		it := r.Fetch()
		for i := 0; it.Next(); i++ {
			if i > 0 {
				dst = append(dst, ' ')
			}
			item := it.Item()
			dst = append(dst, item.Name...)
			dst = append(dst, ' ')
			dst = AppendValue(dst, item.Value, o)
		}
		dst = append(dst, ')')
	case DataThread:
		dst = append(dst, r.Data...)
	default:
		mark := len(dst)
		it := r.Args()
		for i := 0; it.Next(); i++ {
			if i > 0 {
				dst = append(dst, ' ')
			}
			dst = AppendValue(dst, it.Value(), o)
		}
		if it.Err() != nil {
			// Not a run of generic values: keep the bytes as sent.
			dst = append(dst[:mark], r.Data...)
		}
	}
	return append(dst, '\r', '\n')
}

// appendRespText appends ["[" code "]" SP] text of a status response or
// continuation. The SP before it and the SP after "]" are always written,
// as RFC 9051's resp-text wants even when the text is empty.
func appendRespText(dst []byte, r *Response) []byte {
	if r.Code != CodeNone {
		dst = append(dst, '[')
		dst = append(dst, r.CodeName...)
		if r.CodeArg != nil {
			dst = append(dst, ' ')
			dst = append(dst, r.CodeArg...)
		}
		dst = append(dst, ']', ' ')
	}
	return append(dst, r.Text...)
}
