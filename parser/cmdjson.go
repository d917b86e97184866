package parser

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends c's parsed structure to dst as one JSON object: the
// tag, the command, and every field the command filled, with nested parts
// (FETCH items, search keys, APPEND messages, option lists) walked into
// JSON arrays and objects. Strings appear with their escapes removed, so
// two commands that differ only in how a string was sent (atom, quoted or
// literal) give the same JSON: the round-trip tests compare it, and
// "imapstress parse --commands --json" prints it. A literal's data is
// rendered as {"literal": size} rather than in full. It allocates only as
// dst grows.
func (c *Command) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"tag":`...)
	dst = jsonString(dst, c.Tag)
	dst = append(dst, `,"command":`...)
	if c.Kind == CmdUnknown {
		dst = jsonString(dst, c.Name)
	} else {
		dst = jsonString(dst, commandNames[c.Kind])
	}
	if c.UID {
		dst = append(dst, `,"uid":true`...)
	}
	if c.Seq.Raw != nil {
		dst = append(dst, `,"seq":`...)
		dst = jsonString(dst, c.Seq.Raw)
	}
	dst = jsonField(dst, "mailbox", c.Mailbox)
	dst = jsonField(dst, "new_name", c.NewName)
	dst = jsonField(dst, "patterns", c.Patterns)
	dst = jsonField(dst, "user", c.User)
	dst = jsonField(dst, "password", c.Password)
	dst = jsonField(dst, "identifier", c.Identifier)
	dst = jsonField(dst, "rights", c.Rights)
	if c.Mechanism != nil {
		dst = append(dst, `,"mechanism":`...)
		dst = jsonString(dst, c.Mechanism)
	}
	if c.InitialResponse != nil {
		dst = append(dst, `,"initial_response":`...)
		dst = jsonString(dst, c.InitialResponse)
	}
	if c.Algorithm != nil {
		dst = append(dst, `,"algorithm":`...)
		dst = jsonString(dst, c.Algorithm)
	}
	dst = jsonField(dst, "options", c.Options)
	dst = jsonField(dst, "return", c.Return)
	dst = jsonField(dst, "charset", c.Charset)
	switch c.Kind {
	case CmdFetch:
		dst = append(dst, `,"items":[`...)
		for it, i := c.FetchItems(), 0; it.Next(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			a := it.Att()
			dst = appendFetchAttJSON(dst, &a)
		}
		dst = append(dst, ']')
	case CmdStore:
		dst = append(dst, `,"op":"`...)
		dst = append(dst, c.Op.String()...)
		dst = append(dst, '"')
		if c.Silent {
			dst = append(dst, `,"silent":true`...)
		}
		dst = jsonField(dst, "flags", c.Items)
	case CmdAppend:
		dst = append(dst, `,"messages":[`...)
		for it, i := c.Messages(), 0; it.Next(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			m := it.Message()
			dst = append(dst, '{')
			n := len(dst)
			dst = jsonField(dst, "flags", m.Flags)
			dst = jsonField(dst, "date", m.Date)
			if m.UTF8 {
				dst = append(dst, `,"utf8":true`...)
			}
			dst = jsonField(dst, "data", m.Data)
			dst = jsonField(dst, "catenate", m.Catenate)
			if len(dst) > n {
				// Drop the comma that the first field wrote.
				copy(dst[n:], dst[n+1:])
				dst = dst[:len(dst)-1]
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	case CmdSort:
		dst = jsonField(dst, "criteria", c.Items)
	default:
		dst = jsonField(dst, "items", c.Items)
	}
	dst = jsonField(dst, "modifiers", c.Modifiers)
	if c.Keys.Form == FormList {
		dst = append(dst, `,"keys":`...)
		dst = appendSearchKeysJSON(dst, c.SearchKeys())
	}
	if c.Kind == CmdUnknown && c.Args != nil {
		dst = append(dst, `,"args":`...)
		dst = jsonString(dst, c.Args)
	}
	return append(dst, '}')
}

func appendFetchAttJSON(dst []byte, a *FetchAtt) []byte {
	dst = append(dst, `{"item":`...)
	if a.Kind == FetchUnknown {
		dst = jsonString(dst, a.Name())
	} else {
		dst = jsonString(dst, fetchAttNames[a.Kind])
	}
	if m := a.Macro(); m != nil {
		dst = append(dst, `,"macro":`...)
		dst = jsonUpper(dst, m)
	}
	if a.Peek {
		dst = append(dst, `,"peek":true`...)
	}
	if a.Kind.isSection() {
		dst = append(dst, `,"part":`...)
		dst = jsonString(dst, a.Part())
		if spec := a.Specifier(); spec != nil {
			dst = append(dst, `,"specifier":`...)
			dst = jsonUpper(dst, spec)
		}
		dst = jsonField(dst, "fields", a.Fields())
	}
	if a.Partial {
		dst = append(dst, `,"partial":[`...)
		dst = strconv.AppendUint(dst, uint64(a.Origin), 10)
		dst = append(dst, ',')
		dst = strconv.AppendUint(dst, uint64(a.Size), 10)
		dst = append(dst, ']')
	}
	dst = jsonField(dst, "modifiers", a.Modifiers())
	return append(dst, '}')
}

func appendSearchKeysJSON(dst []byte, it SearchIter) []byte {
	dst = append(dst, '[')
	for i := 0; it.Next(); i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		k := it.Key()
		dst = append(dst, `{"key":`...)
		dst = jsonString(dst, k.Kind.String())
		if seq := k.Seq(); seq.Raw != nil {
			dst = append(dst, `,"seq":`...)
			dst = jsonString(dst, seq.Raw)
		}
		dst = jsonField(dst, "field", k.Field())
		if et := k.EntryType(); et != nil {
			dst = append(dst, `,"entry_type":`...)
			dst = jsonUpper(dst, et)
		}
		dst = jsonField(dst, "arg", k.Arg())
		switch k.Kind {
		case SearchNot, SearchOr, SearchGroup, SearchFuzzy:
			dst = append(dst, `,"keys":`...)
			dst = appendSearchKeysJSON(dst, k.Keys())
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// jsonField appends `,"name":value` when v is set.
func jsonField(dst []byte, name string, v Value) []byte {
	if v.Form == FormNone {
		return dst
	}
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return appendValueJSON(dst, v)
}

// appendValueJSON renders a Value: a string for atoms and strings (the
// string value), a number for numbers, null for NIL, an array for a list,
// and {"literal8": n} for a literal8 (which may hold any octet).
func appendValueJSON(dst []byte, v Value) []byte {
	switch v.Form {
	case FormNIL:
		return append(dst, "null"...)
	case FormNumber:
		// A JSON number has no leading zeros and IMAP's number64 may
		// overflow nothing JSON can carry; anything else is a string.
		if n, ok := v.Number(); ok && (len(v.Raw) == 1 || v.Raw[0] != '0') {
			return strconv.AppendUint(dst, n, 10)
		}
		return jsonString(dst, v.Raw)
	case FormList:
		dst = append(dst, '[')
		for it, i := v.List(), 0; it.Next(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendValueJSON(dst, it.Value())
		}
		return append(dst, ']')
	case FormQuoted:
		var buf [256]byte
		if len(v.Raw) <= len(buf) {
			return jsonString(dst, appendUnquoted(buf[:0], v.Raw))
		}
		return jsonString(dst, v.AppendString(nil))
	case FormLiteral, FormLiteral8:
		if len(v.Raw) > 256 || v.Form == FormLiteral8 {
			dst = append(dst, `{"literal":`...)
			dst = strconv.AppendInt(dst, int64(len(v.Raw)), 10)
			return append(dst, '}')
		}
	}
	return jsonString(dst, v.Raw)
}

// jsonUpper appends b upper-cased as a JSON string (for case-insensitive
// keywords).
func jsonUpper(dst, b []byte) []byte {
	start := len(dst)
	dst = append(dst, '"')
	for _, c := range b {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
			return jsonString(dst[:start], b)
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// jsonString appends s as a JSON string. Invalid UTF-8 octets are written
// as \u00XX escapes of the octet, so every byte stays visible.
func jsonString[S Bytes](dst []byte, s S) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		var b [utf8.UTFMax]byte
		n := copy(b[:], s[i:min(i+utf8.UTFMax, len(s))])
		r, size := utf8.DecodeRune(b[:n])
		if r == utf8.RuneError && size <= 1 {
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			i++
			continue
		}
		dst = append(dst, s[i:i+size]...)
		i += size
	}
	return append(dst, '"')
}
