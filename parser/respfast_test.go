package parser

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fastVsGeneral validates val, an ENVELOPE (env) or BODY value, with the
// fast path and with the general validator, and returns a description of
// any disagreement: the fast path may give up, but what it accepts the
// general validator must accept too, ending at the same byte and recording
// the same walk entries.
func fastVsGeneral(val []byte, env bool, lim *Limits) string {
	var gen, fast listSpans
	s := newScanner(val, 0, lim)
	s.rec = gen.record(val)
	var err error
	f := fastRec{b: val, t: fast.record(val), lim: lim}
	var p int
	if env {
		err = envelope(&s)
		p = f.envelope(0)
	} else {
		err = body(&s, 1)
		p = f.body(0, 1)
	}
	if p < 0 {
		return ""
	}
	f.commit()
	switch {
	case err != nil:
		return fmt.Sprintf("fast path accepted %q up to %d, general validator says %v", val, p, err)
	case p != s.p:
		return fmt.Sprintf("fast path ended %q at %d, general validator at %d", val, p, s.p)
	case gen.n >= maxListSpans-1:
		return ""
	case gen.n != fast.n || gen.span != fast.span:
		return fmt.Sprintf("fast path recorded %v, general validator %v", fast.span[:fast.n], gen.span[:gen.n])
	}
	return ""
}

// envBodyValues returns the ENVELOPE and BODY/BODYSTRUCTURE values of the
// FETCH responses among the table cases, the benchmark input and the
// corpus.
func envBodyValues(t *testing.T) (vals [][]byte, isEnv []bool) {
	var msgs [][]byte
	for _, c := range fetchCases {
		msgs = append(msgs, []byte(c.in))
	}
	msgs = append(msgs, []byte(fetchMessage(7, 0)), []byte(manyParts(3)), []byte(manyParts(60)))
	dir := filepath.Join("..", "corpus", "responses")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || e.IsDir() {
			continue
		}
		rr := NewResponseReader(bytes.NewReader(b), NewParser(Options{Lenient: true}), ReaderOptions{})
		var r Response
		for i := 0; i < 10000; i++ {
			if err := rr.Next(&r); err == io.EOF || (err != nil && !isParseErr(err)) {
				break
			} else if err == nil && r.Type == DataFetch {
				msgs = append(msgs, append([]byte(nil), r.Raw...))
			}
		}
	}
	for _, m := range msgs {
		var r Response
		if NewParser(Options{Lenient: true}).ParseResponse(m, &r) != nil {
			continue
		}
		for it := r.Fetch(); it.Next(); {
			f := it.Item()
			if f.Kind != FetchEnvelope && f.Kind != FetchBody && f.Kind != FetchBodyStructure {
				continue
			}
			start := f.Value.Off - 1
			end := f.Value.Off + len(f.Value.Raw) + 1
			if start < 0 || end > len(m) {
				continue
			}
			vals = append(vals, m[start:end])
			isEnv = append(isEnv, f.Kind == FetchEnvelope)
		}
	}
	if len(vals) < 20 {
		t.Fatalf("only %d ENVELOPE and BODY values found", len(vals))
	}
	for _, v := range edgeBodies {
		vals, isEnv = append(vals, []byte(v)), append(isEnv, false)
	}
	for _, v := range edgeEnvelopes {
		vals, isEnv = append(vals, []byte(v)), append(isEnv, true)
	}
	return vals, isEnv
}

// edgeBodies and edgeEnvelopes sit at the edges of what the fast path
// takes: numbers at their limits, NIL in other cases and forms, escapes,
// literals, extensions, trailing spaces.
var edgeBodies = []string{
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 4294967295 1)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 4294967296 1)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 999999999 9223372036854775807)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0999999999 99999999999999999999)`,
	`("text" "plain" nil nil Nil "7BIT" 1 1 nil nil nil nil)`,
	`("TEXT" "PLAIN" NILX NIL NIL "7BIT" 1 1)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL 5 (1 "x"))`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("inline" NIL) ("en" "de" ) NIL)`,
	`("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL ("inline" NIL) () NIL)`,
	`("TEXT" "PLAIN" ("A" "\"b") NIL NIL "7BIT" 1 1)`,
	"(\"TEXT\" {5}\r\nPLAIN NIL NIL NIL \"7BIT\" 1 1)",
	`("IMAGE" "PNG" NIL NIL NIL "BASE64" 1)`,
	`("IMAGE" "PNG" NIL NIL NIL "BASE64" 1 )`,
	`("MESSAGE" "DELIVERY-STATUS" NIL NIL NIL "7BIT" 1)`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)("TEXT" "HTML" NIL NIL NIL "7BIT" 1 1) "ALTERNATIVE")`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED" ("B" "x") ("inline" ("A" "b")) "en" "loc")`,
	`(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "MIXED" ("B" "x") NIL NIL NIL NIL)`,
	`(((("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) "A") "B") "C")`,
	"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1 NIL NIL NIL NIL (1 ~{1}\r\nx))",
	"((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1) \"MIXED\" NIL NIL NIL NIL ~{1}\r\nx)",
}

var edgeEnvelopes = []string{
	`(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`,
	`(nil "s" ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL () NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL (("a" NIL "b" "c") ) NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL "a\"b" NIL NIL NIL NIL NIL NIL NIL NIL)`,
	`(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`,
}

// TestFastPathMatchesGeneral runs the fast path and the general validator
// over every ENVELOPE and BODY value at hand and over mutants of them (each
// byte replaced, the value cut short), and checks that they agree.
func TestFastPathMatchesGeneral(t *testing.T) {
	vals, isEnv := envBodyValues(t)
	lim := defaultLimits
	small := Limits{MaxDepth: 2, MaxArgs: 2}.Resolved()
	accepted := 0
	for i, v := range vals {
		if d := fastVsGeneral(v, isEnv[i], &lim); d != "" {
			t.Fatal(d)
		}
		if d := fastVsGeneral(v, isEnv[i], &small); d != "" {
			t.Fatal(d)
		}
		var fast listSpans
		f := fastRec{b: v, t: fast.record(v), lim: &lim}
		if (isEnv[i] && f.envelope(0) >= 0) || (!isEnv[i] && f.body(0, 1) >= 0) {
			accepted++
		}
		step := 1 + len(v)/5 // about 5 positions per value
		if i%150 == 0 {
			step = 1 // and every position of some
		}
		m := make([]byte, len(v))
		for at := 0; at < len(v); at += step {
			for _, c := range []byte(` )"N\\0`) {
				copy(m, v)
				m[at] = c
				if d := fastVsGeneral(m, isEnv[i], &lim); d != "" {
					t.Fatal(d)
				}
			}
			if d := fastVsGeneral(v[:at], isEnv[i], &lim); d != "" {
				t.Fatal(d)
			}
		}
	}
	if accepted < len(vals)/2 {
		t.Errorf("the fast path took only %d of %d values", accepted, len(vals))
	}
	t.Logf("fast path took %d of %d values", accepted, len(vals))
}

// TestFastPathBenchInput checks that the benchmark's values take the fast
// path, so that the benchmark measures it.
func TestFastPathBenchInput(t *testing.T) {
	msg := []byte(fetchMessage(3, 0))
	var r Response
	if err := (&Parser{}).ParseResponse(msg, &r); err != nil {
		t.Fatal(err)
	}
	for it := r.Fetch(); it.Next(); {
		f := it.Item()
		v := msg[f.Value.Off-1 : f.Value.Off+len(f.Value.Raw)+1]
		var rec listSpans
		fr := fastRec{b: v, t: rec.record(v), lim: &defaultLimits}
		switch {
		case f.Kind == FetchEnvelope && fr.envelope(0) != len(v):
			t.Errorf("ENVELOPE %s does not take the fast path", strings.TrimSpace(string(v)))
		case f.Kind == FetchBodyStructure && fr.body(0, 1) != len(v):
			t.Errorf("BODYSTRUCTURE %s does not take the fast path", v)
		}
	}
}
