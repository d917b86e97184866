package mailgen

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
)

// TestWellFormed parses many generated messages with the standard library and
// checks that the shapes the package promises all occur.
func TestWellFormed(t *testing.T) {
	g := New(7)
	seen := map[string]int{}
	var minSize, maxSize = 1 << 30, 0
	dec := new(mime.WordDecoder)
	for i := range 300 {
		raw := g.Append(nil)
		minSize, maxSize = min(minSize, len(raw)), max(maxSize, len(raw))
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Fatalf("message %d has a bare LF", i)
		}
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if _, err := dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
			t.Errorf("message %d: subject %q: %v", i, m.Header.Get("Subject"), err)
		}
		if strings.HasPrefix(m.Header.Get("Subject"), "=?") {
			seen["encoded-subject"]++
		}
		if strings.HasSuffix(m.Header.Get("To"), ";") {
			seen["group"]++
		}
		mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("message %d: content-type: %v", i, err)
		}
		seen[mt]++
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(m.Body, params["boundary"])
			for range 10 {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("message %d: part: %v", i, err)
				}
				pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				seen["part "+pt]++
			}
		}
	}
	for _, want := range []string{"text/plain", "multipart/alternative", "multipart/mixed",
		"part message/rfc822", "part multipart/alternative", "encoded-subject", "group"} {
		if seen[want] == 0 {
			t.Errorf("no message with %s in 300; saw %v", want, seen)
		}
	}
	if minSize > 4096 || maxSize < 64<<10 {
		t.Errorf("sizes %d..%d, want a spread from under 4 KiB to over 64 KiB", minSize, maxSize)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := New(42), New(42)
	for i := range 20 {
		if x, y := a.Append(nil), b.Append(nil); !bytes.Equal(x, y) {
			t.Fatalf("message %d differs between generators with one seed", i)
		}
	}
	if bytes.Equal(New(1).Append(nil), New(2).Append(nil)) {
		t.Error("different seeds gave the same message")
	}
}

func ExampleGenerator_Append() {
	g := New(1)
	msg := g.Append(nil)
	m, _ := mail.ReadMessage(bytes.NewReader(msg))
	fmt.Println(m.Header.Get("MIME-Version"))
	// Output: 1.0
}
