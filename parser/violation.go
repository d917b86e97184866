package parser

// ViolationKind names one deviation from RFC 9051 / RFC 3501 that real
// servers are known for. A strict parser rejects each of them; a lenient
// parser (Options.Lenient) accepts it and records a Violation.
type ViolationKind uint8

// The tolerated deviations.
const (
	ViolNone ViolationKind = iota
	// ViolMissingText: a status response, or a response code, without the
	// SP that must follow it ("a1 OK" CRLF, "* OK [ALERT]" CRLF).
	ViolMissingText
	// ViolTrailingSpace: a space before the end of a list or a line, as in
	// "* SEARCH 1 2 " CRLF or "(MESSAGES 3 )".
	ViolTrailingSpace
	// ViolBareLF: a line ended by LF without CR.
	ViolBareLF
	// ViolNegativeLines: -1 as the line count of a text or message body
	// part (body-fld-lines).
	ViolNegativeLines
	// ViolEmptyContinuation: a continuation request "+" CRLF without the
	// SP and text that must follow.
	ViolEmptyContinuation
	// ViolUnescapedQuote: a DQUOTE inside a quoted string that is not
	// escaped, recognised because no closing quote could be followed by
	// what follows it.
	ViolUnescapedQuote
)

var violationNames = [...]string{
	ViolNone:              "none",
	ViolMissingText:       "missing-text",
	ViolTrailingSpace:     "trailing-space",
	ViolBareLF:            "bare-lf",
	ViolNegativeLines:     "negative-body-lines",
	ViolEmptyContinuation: "empty-continuation",
	ViolUnescapedQuote:    "unescaped-quote",
}

// String returns the violation's name, such as "trailing-space".
func (k ViolationKind) String() string {
	if int(k) < len(violationNames) {
		return violationNames[k]
	}
	return "violation(?)"
}

// Violation is one tolerated deviation and where it is.
type Violation struct {
	Kind ViolationKind
	// Offset is the byte offset of the deviation within the message.
	Offset int
}

// MaxViolations is how many violations a Response records; more are
// counted but not kept.
const MaxViolations = 8

// violations is a fixed-size record, so recording costs no allocation.
type violations struct {
	list [MaxViolations]Violation
	n    int
	// lastSP is 1 + the offset of the last trailing space recorded (0 for
	// none), kept even when the list is full: dataArgs asks whether the
	// space before a line's end was a tolerated separator or the last
	// octet of a literal's data.
	lastSP int
}

func (v *violations) add(k ViolationKind, off int) {
	if k == ViolTrailingSpace {
		v.lastSP = off + 1
	}
	if v.n < MaxViolations {
		v.list[v.n] = Violation{Kind: k, Offset: off}
	}
	v.n++
}
