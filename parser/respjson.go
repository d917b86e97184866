package parser

import "strconv"

// AppendJSON appends r's parsed structure to dst as one JSON object: kind,
// tag, status, response code (name, arguments, and the typed value of the
// codes that have one), text, data type and name, message number, FETCH
// items (ENVELOPE and BODYSTRUCTURE as nested objects), the arguments of
// other data responses as generic values, and the violations a lenient
// parser recorded. Strings appear with their escapes removed; literals of
// more than 256 bytes as {"literal": size}. "imapstress parse --responses
// --json" prints it. It allocates only as dst grows.
func (r *Response) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"kind":`...)
	dst = jsonString(dst, r.Kind.String())
	if r.Tag != nil {
		dst = append(dst, `,"tag":`...)
		dst = jsonString(dst, r.Tag)
	}
	if r.Status != StatusNone {
		dst = append(dst, `,"status":`...)
		dst = jsonString(dst, r.Status.String())
	}
	if r.Code != CodeNone {
		dst = append(dst, `,"code":{"name":`...)
		dst = jsonUpper(dst, r.CodeName)
		if r.CodeArg != nil {
			dst = append(dst, `,"args":`...)
			dst = jsonString(dst, r.CodeArg)
		}
		dst = r.appendCodeJSON(dst)
		dst = append(dst, '}')
	}
	if r.Kind == KindContinuation || r.Status != StatusNone {
		dst = append(dst, `,"text":`...)
		dst = jsonString(dst, r.Text)
	}
	if r.Type != DataNone {
		dst = append(dst, `,"type":`...)
		dst = jsonString(dst, r.Type.String())
		if r.Type == DataUnknown {
			dst = append(dst, `,"name":`...)
			dst = jsonString(dst, r.Name)
		}
		switch r.Type {
		case DataExists, DataRecent, DataExpunge, DataFetch:
			dst = append(dst, `,"num":`...)
			dst = strconv.AppendUint(dst, uint64(r.Num), 10)
		}
		if r.Type == DataFetch {
			dst = append(dst, `,"items":[`...)
			it := r.Fetch()
			for i := 0; it.Next(); i++ {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendFetchItemJSON(dst, it.Item())
			}
			dst = append(dst, ']')
		} else if r.Data != nil {
			dst = append(dst, `,"args":[`...)
			it := r.Args()
			for i := 0; it.Next(); i++ {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendValueJSON(dst, it.Value())
			}
			dst = append(dst, ']')
		}
	}
	if r.NStreamed > 0 {
		dst = append(dst, `,"streamed":[`...)
		for i := 0; i < r.NStreamed && i < MaxStreamed; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"offset":`...)
			dst = strconv.AppendInt(dst, int64(r.Streamed[i].Offset), 10)
			dst = append(dst, `,"size":`...)
			dst = strconv.AppendInt(dst, r.Streamed[i].Size, 10)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if r.ViolationCount() > 0 {
		dst = append(dst, `,"violations":[`...)
		for i, v := range r.Violations() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"kind":`...)
			dst = jsonString(dst, v.Kind.String())
			dst = append(dst, `,"offset":`...)
			dst = strconv.AppendInt(dst, int64(v.Offset), 10)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendCodeJSON appends the typed value of the codes that have one.
func (r *Response) appendCodeJSON(dst []byte) []byte {
	switch r.Code {
	case CodeUIDNext, CodeUIDValidity, CodeUnseen, CodeHighestModSeq:
		if n, ok := r.codeNumber(r.Code); ok {
			dst = append(dst, `,"value":`...)
			dst = strconv.AppendUint(dst, n, 10)
		}
	case CodeAppendUID:
		if v, set, ok := r.AppendUID(); ok {
			dst = append(dst, `,"uidvalidity":`...)
			dst = strconv.AppendUint(dst, uint64(v), 10)
			dst = append(dst, `,"uids":`...)
			dst = jsonString(dst, set.Raw)
		}
	case CodeCopyUID:
		if v, src, dst2, ok := r.CopyUID(); ok {
			dst = append(dst, `,"uidvalidity":`...)
			dst = strconv.AppendUint(dst, uint64(v), 10)
			dst = append(dst, `,"source":`...)
			dst = jsonString(dst, src.Raw)
			dst = append(dst, `,"destination":`...)
			dst = jsonString(dst, dst2.Raw)
		}
	case CodeCapability, CodePermanentFlags:
		it := r.Capabilities()
		if r.Code == CodePermanentFlags {
			it, _ = r.PermanentFlags()
		}
		dst = append(dst, `,"list":`...)
		dst = appendAtomsJSON(dst, it)
	}
	return dst
}

// appendAtomsJSON appends the atoms of it as a JSON array of strings.
func appendAtomsJSON(dst []byte, it AtomIter) []byte {
	dst = append(dst, '[')
	for i := 0; it.Next(); i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonString(dst, it.Atom())
	}
	return append(dst, ']')
}

// appendFetchItemJSON appends one FETCH item as {"name": ..., "value": ...}
// with "envelope" or "body" objects for ENVELOPE and BODY/BODYSTRUCTURE and
// the section and origin of BODY[...] and BINARY[...].
func appendFetchItemJSON(dst []byte, f *FetchItem) []byte {
	dst = append(dst, `{"name":`...)
	dst = jsonUpper(dst, f.Name)
	switch f.Kind {
	case FetchBodySection, FetchBinary, FetchBinarySize:
		dst = append(dst, `,"section":{`...)
		dst = append(dst, `"part":`...)
		dst = jsonString(dst, f.Section.Part)
		if f.Section.Text != SectionAll {
			dst = append(dst, `,"text":`...)
			dst = jsonString(dst, f.Section.Text.String())
		}
		dst = jsonField(dst, "fields", f.Section.Fields)
		dst = append(dst, '}')
		if f.HasOrigin {
			dst = append(dst, `,"origin":`...)
			dst = strconv.AppendUint(dst, uint64(f.Origin), 10)
		}
	}
	switch f.Kind {
	case FetchEnvelope:
		dst = append(dst, `,"envelope":`...)
		dst = appendEnvelopeJSON(dst, f.Envelope())
	case FetchBody, FetchBodyStructure:
		dst = append(dst, `,"body":`...)
		b := f.BodyStructure()
		dst = appendBodyJSON(dst, &b, 0)
	case FetchFlags:
		dst = append(dst, `,"value":`...)
		dst = appendAtomsJSON(dst, f.Flags())
	case FetchModSeq:
		n, _ := f.Number()
		dst = append(dst, `,"value":`...)
		dst = strconv.AppendUint(dst, n, 10)
	case FetchEmailID, FetchThreadID:
		dst = append(dst, `,"value":`...)
		if id := f.ObjectID(); id != nil {
			dst = jsonString(dst, id)
		} else {
			dst = append(dst, "null"...)
		}
	default:
		dst = append(dst, `,"value":`...)
		dst = appendValueJSON(dst, f.Value)
	}
	return append(dst, '}')
}

// appendEnvelopeJSON appends an envelope as an object.
func appendEnvelopeJSON(dst []byte, e Envelope) []byte {
	dst = append(dst, `{"date":`...)
	dst = appendValueJSON(dst, e.Date())
	dst = append(dst, `,"subject":`...)
	dst = appendValueJSON(dst, e.Subject())
	lists := [...]AddressList{e.From(), e.Sender(), e.ReplyTo(), e.To(), e.Cc(), e.Bcc()}
	names := [...]string{"from", "sender", "reply_to", "to", "cc", "bcc"}
	for i := range lists {
		dst = append(dst, ',', '"')
		dst = append(dst, names[i]...)
		dst = append(dst, '"', ':')
		if lists[i].Form != FormList {
			dst = append(dst, "null"...)
			continue
		}
		dst = append(dst, '[')
		it := lists[i].Addresses()
		for k := 0; it.Next(); k++ {
			if k > 0 {
				dst = append(dst, ',')
			}
			a := it.Address()
			dst = append(dst, `{"name":`...)
			dst = appendValueJSON(dst, a.Name())
			dst = append(dst, `,"adl":`...)
			dst = appendValueJSON(dst, a.ADL())
			dst = append(dst, `,"mailbox":`...)
			dst = appendValueJSON(dst, a.Mailbox())
			dst = append(dst, `,"host":`...)
			dst = appendValueJSON(dst, a.Host())
			if a.IsGroupStart() {
				dst = append(dst, `,"group":"start"`...)
			} else if a.IsGroupEnd() {
				dst = append(dst, `,"group":"end"`...)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"in_reply_to":`...)
	dst = appendValueJSON(dst, e.InReplyTo())
	dst = append(dst, `,"message_id":`...)
	dst = appendValueJSON(dst, e.MessageID())
	return append(dst, '}')
}

// appendBodyJSON appends a body structure as an object, its parts and a
// message/rfc822 part's envelope and body nested.
func appendBodyJSON(dst []byte, b *BodyStructure, depth int) []byte {
	if b.Multipart {
		dst = append(dst, `{"multipart":true,"subtype":`...)
		dst = appendValueJSON(dst, b.Subtype())
		dst = append(dst, `,"parts":[`...)
		it := b.Parts()
		for i := 0; it.Next(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendBodyJSON(dst, it.Part(), depth+1)
		}
		dst = append(dst, ']')
	} else {
		dst = append(dst, `{"type":`...)
		dst = appendValueJSON(dst, b.Type())
		dst = append(dst, `,"subtype":`...)
		dst = appendValueJSON(dst, b.Subtype())
		dst = jsonField(dst, "id", b.ID())
		dst = jsonField(dst, "description", b.Description())
		dst = jsonField(dst, "encoding", b.Encoding())
		dst = jsonField(dst, "size", b.Size())
		dst = jsonField(dst, "lines", b.Lines())
		if b.EnvelopeValue().Form == FormList {
			dst = append(dst, `,"envelope":`...)
			dst = appendEnvelopeJSON(dst, b.Envelope())
		}
		if b.BodyValue().Form == FormList {
			dst = append(dst, `,"body":`...)
			inner := b.Body()
			dst = appendBodyJSON(dst, &inner, depth+1)
		}
		dst = jsonField(dst, "md5", b.MD5())
	}
	dst = jsonField(dst, "params", b.Params())
	dst = jsonField(dst, "disposition", b.Disposition())
	dst = jsonField(dst, "language", b.Language())
	dst = jsonField(dst, "location", b.Location())
	dst = jsonField(dst, "extensions", b.Extensions())
	return append(dst, '}')
}
