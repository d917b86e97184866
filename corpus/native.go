package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"strconv"
)

// nativeHeader is the first line of a file in Go's fuzz corpus encoding.
const nativeHeader = "go test fuzz v1"

// MarshalNative encodes one []byte input as a file of Go's native fuzz
// corpus ("go test fuzz v1" header, then []byte("...") with strconv
// quoting), exactly as go test writes it.
func MarshalNative(data []byte) []byte {
	out := make([]byte, 0, len(nativeHeader)+len(data)*2+12)
	out = append(out, nativeHeader...)
	out = append(out, "\n[]byte("...)
	out = strconv.AppendQuote(out, string(data))
	out = append(out, ")\n"...)
	return out
}

// NativeName returns the file name go test gives a corpus file: the first
// 16 hex digits of the SHA-256 of the file's content.
func NativeName(file []byte) string {
	sum := sha256.Sum256(file)
	return hex.EncodeToString(sum[:])[:16]
}

// NativeError is a malformed native corpus file.
type NativeError struct {
	// Line is the 1-based line of the file where the problem is.
	Line int
	// Text is that line (at most 80 bytes).
	Text string
	// Reason says what was expected.
	Reason string
}

// Error says where the file is malformed and why.
func (e *NativeError) Error() string {
	return fmt.Sprintf("native fuzz file: line %d %q: %s", e.Line, e.Text, e.Reason)
}

// UnmarshalNative decodes a file of Go's native fuzz corpus into its
// values. It accepts every form that encoding writes or reads: []byte and
// string (interpreted or raw string literals), int, int8, int16, int32,
// int64, uint, uint8, uint16, uint32, uint64, byte and rune (as character
// or integer literals), bool, float32 and float64 (including NaN, +Inf,
// -Inf) and math.Float32frombits / math.Float64frombits. The Go types of
// the returned values are those of the declared types ([]byte, string,
// int, ..., byte as uint8, rune as int32).
func UnmarshalNative(file []byte) ([]any, error) {
	lines := bytes.Split(file, []byte("\n"))
	if len(lines) < 2 {
		return nil, &NativeError{Line: 1, Text: clip(file), Reason: "want the \"" + nativeHeader + "\" header and at least one value"}
	}
	if string(bytes.TrimSuffix(lines[0], []byte("\r"))) != nativeHeader {
		return nil, &NativeError{Line: 1, Text: clip(lines[0]), Reason: "want the header \"" + nativeHeader + "\""}
	}
	var vals []any
	for i, l := range lines[1:] {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		v, err := parseNativeValue(l)
		if err != nil {
			return nil, &NativeError{Line: i + 2, Text: clip(l), Reason: err.Error()}
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return nil, &NativeError{Line: 2, Reason: "no value"}
	}
	return vals, nil
}

// NativeInput decodes a native corpus file that holds exactly one []byte
// or string value, the shape of every imapstress fuzz target, and returns
// its bytes.
func NativeInput(file []byte) ([]byte, error) {
	vals, err := UnmarshalNative(file)
	if err != nil {
		return nil, err
	}
	if len(vals) != 1 {
		return nil, fmt.Errorf("native fuzz file: %d values, want exactly one []byte or string", len(vals))
	}
	switch v := vals[0].(type) {
	case []byte:
		return v, nil
	case string:
		return []byte(v), nil
	}
	return nil, fmt.Errorf("native fuzz file: value of type %T, want []byte or string", vals[0])
}

func clip(b []byte) string {
	if len(b) > 80 {
		b = b[:80]
	}
	return string(b)
}

// parseNativeValue parses one value line: a conversion T(literal).
func parseNativeValue(line []byte) (any, error) {
	expr, err := parser.ParseExprFrom(token.NewFileSet(), "", line, 0)
	if err != nil {
		return nil, fmt.Errorf("not a Go expression: %v", err)
	}
	call, ok := expr.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil, fmt.Errorf("want a conversion T(value) with one argument")
	}
	arg := call.Args[0]
	switch fun := call.Fun.(type) {
	case *ast.ArrayType:
		elt, ok := fun.Elt.(*ast.Ident)
		if fun.Len != nil || !ok || (elt.Name != "byte" && elt.Name != "uint8") {
			return nil, fmt.Errorf("want []byte, found another array or slice type")
		}
		s, err := stringLit(arg)
		if err != nil {
			return nil, err
		}
		return []byte(s), nil
	case *ast.SelectorExpr:
		pkg, ok := fun.X.(*ast.Ident)
		if !ok || pkg.Name != "math" {
			return nil, fmt.Errorf("want math.Float32frombits or math.Float64frombits")
		}
		lit, neg, err := numberLit(arg)
		if err != nil || neg || lit.Kind != token.INT {
			return nil, fmt.Errorf("%s needs a non-negative integer literal", fun.Sel.Name)
		}
		switch fun.Sel.Name {
		case "Float32frombits":
			u, err := strconv.ParseUint(lit.Value, 0, 32)
			if err != nil {
				return nil, err
			}
			return math.Float32frombits(uint32(u)), nil
		case "Float64frombits":
			u, err := strconv.ParseUint(lit.Value, 0, 64)
			if err != nil {
				return nil, err
			}
			return math.Float64frombits(u), nil
		}
		return nil, fmt.Errorf("want math.Float32frombits or math.Float64frombits, found math.%s", fun.Sel.Name)
	case *ast.Ident:
		return parseTyped(fun.Name, arg)
	}
	return nil, fmt.Errorf("want []byte or a basic type as the conversion")
}

// stringLit returns the value of an interpreted or raw string literal.
func stringLit(e ast.Expr) (string, error) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", fmt.Errorf("want a string literal")
	}
	return strconv.Unquote(lit.Value)
}

// numberLit returns an integer, float or char literal, possibly negated.
func numberLit(e ast.Expr) (lit *ast.BasicLit, neg bool, err error) {
	if u, ok := e.(*ast.UnaryExpr); ok {
		if u.Op != token.SUB && u.Op != token.ADD {
			return nil, false, fmt.Errorf("unsupported operator %s", u.Op)
		}
		neg = u.Op == token.SUB
		e = u.X
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok {
		return nil, false, fmt.Errorf("want a literal")
	}
	return lit, neg, nil
}

// parseTyped parses the argument of a conversion to a named basic type.
func parseTyped(typ string, arg ast.Expr) (any, error) {
	switch typ {
	case "string":
		return stringLit(arg)
	case "bool":
		id, ok := arg.(*ast.Ident)
		if !ok || (id.Name != "true" && id.Name != "false") {
			return nil, fmt.Errorf("bool needs true or false")
		}
		return id.Name == "true", nil
	case "float32", "float64":
		return parseFloat(typ, arg)
	}
	lit, neg, err := numberLit(arg)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", typ, err)
	}
	text := lit.Value
	if lit.Kind == token.CHAR {
		if typ != "byte" && typ != "rune" && typ != "uint8" && typ != "int32" {
			return nil, fmt.Errorf("%s needs an integer literal, found a character literal", typ)
		}
		r, _, tail, err := strconv.UnquoteChar(text[1:len(text)-1], '\'')
		if err != nil || tail != "" {
			return nil, fmt.Errorf("malformed character literal %s", text)
		}
		if neg {
			return nil, fmt.Errorf("negated character literal")
		}
		if typ == "byte" || typ == "uint8" {
			if r > 0xff {
				return nil, fmt.Errorf("character %s does not fit in a byte", text)
			}
			return byte(r), nil
		}
		return r, nil
	}
	if lit.Kind != token.INT {
		return nil, fmt.Errorf("%s needs an integer literal", typ)
	}
	if neg {
		text = "-" + text
	}
	bits := map[string]int{"int": 64, "int8": 8, "int16": 16, "int32": 32, "rune": 32, "int64": 64,
		"uint": 64, "uint8": 8, "byte": 8, "uint16": 16, "uint32": 32, "uint64": 64}[typ]
	if bits == 0 {
		return nil, fmt.Errorf("unknown type %s", typ)
	}
	if typ[0] == 'u' || typ == "byte" {
		u, err := strconv.ParseUint(text, 0, bits)
		if err != nil {
			return nil, err
		}
		switch typ {
		case "uint":
			return uint(u), nil
		case "uint8", "byte":
			return uint8(u), nil
		case "uint16":
			return uint16(u), nil
		case "uint32":
			return uint32(u), nil
		}
		return u, nil
	}
	i, err := strconv.ParseInt(text, 0, bits)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "int":
		return int(i), nil
	case "int8":
		return int8(i), nil
	case "int16":
		return int16(i), nil
	case "int32", "rune":
		return int32(i), nil
	}
	return i, nil
}

// parseFloat parses the argument of float32(...) or float64(...): a number,
// NaN, +Inf or -Inf.
func parseFloat(typ string, arg ast.Expr) (any, error) {
	bits := 64
	if typ == "float32" {
		bits = 32
	}
	var text string
	switch a := arg.(type) {
	case *ast.Ident:
		if a.Name != "NaN" && a.Name != "Inf" {
			return nil, fmt.Errorf("%s needs a number, NaN or ±Inf", typ)
		}
		text = a.Name
	case *ast.UnaryExpr:
		if id, ok := a.X.(*ast.Ident); ok && id.Name == "Inf" && (a.Op == token.SUB || a.Op == token.ADD) {
			text = a.Op.String() + "Inf"
			break
		}
		lit, neg, err := numberLit(a)
		if err != nil || (lit.Kind != token.INT && lit.Kind != token.FLOAT) {
			return nil, fmt.Errorf("%s needs a number", typ)
		}
		text = lit.Value
		if neg {
			text = "-" + text
		}
	case *ast.BasicLit:
		if a.Kind != token.INT && a.Kind != token.FLOAT {
			return nil, fmt.Errorf("%s needs a number", typ)
		}
		text = a.Value
	default:
		return nil, fmt.Errorf("%s needs a number", typ)
	}
	f, err := strconv.ParseFloat(text, bits)
	if err != nil {
		return nil, err
	}
	if bits == 32 {
		return float32(f), nil
	}
	return f, nil
}
