package target

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// exchange sends one command and reads until its tagged completion, returning
// every line received.
func exchange(t *testing.T, c net.Conn, r *bufio.Reader, tag, cmd string) []string {
	t.Helper()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(c, "%s %s\r\n", tag, cmd); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for range 10000 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("%s: reading: %v (after %q)", cmd, err, lines)
		}
		lines = append(lines, line)
		if strings.HasPrefix(line, tag+" ") {
			return lines
		}
	}
	t.Fatalf("%s: no completion in 10000 lines", cmd)
	return nil
}

func TestServer(t *testing.T) {
	srv, err := Start(Options{Users: 3, Messages: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	greeting, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(greeting, "* OK") {
		t.Fatalf("greeting %q, %v", greeting, err)
	}
	tests := []struct {
		cmd      string
		status   string // prefix of the tagged line after the tag
		contains string // some untagged line must contain this
	}{
		{"LOGIN user4 pass", "NO", ""},
		{"LOGIN user3 wrong", "NO", ""},
		{"LOGIN user3 pass", "OK", ""},
		{"LIST \"\" *", "OK", "Archive"},
		{"SELECT INBOX", "OK", "* 8 EXISTS"},
		{"STATUS Archive (MESSAGES)", "OK", "MESSAGES 2"},
		{"FETCH 1:* (BODYSTRUCTURE)", "OK", "BODYSTRUCTURE"},
		{"SEARCH SEEN", "OK", "* SEARCH 1 4 7"},
		{"LOGOUT", "OK", "* BYE"},
	}
	for i, tc := range tests {
		tag := fmt.Sprintf("t%d", i)
		lines := exchange(t, c, r, tag, tc.cmd)
		last := lines[len(lines)-1]
		if !strings.HasPrefix(last, tag+" "+tc.status) {
			t.Errorf("%s: completion %q, want %s", tc.cmd, last, tc.status)
		}
		if tc.contains != "" && !strings.Contains(strings.Join(lines[:len(lines)-1], ""), tc.contains) {
			t.Errorf("%s: no untagged line contains %q in %q", tc.cmd, tc.contains, lines)
		}
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestImplicitTLS(t *testing.T) {
	srv, err := Start(Options{Users: 1, Messages: -1, ImplicitTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := tls.Dial("tcp", srv.Addr(), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	if greeting, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(greeting, "* OK") {
		t.Fatalf("greeting %q, %v", greeting, err)
	}
	lines := exchange(t, c, r, "a", "LOGIN user1 pass")
	lines = exchange(t, c, r, "b", "SELECT INBOX")
	if !strings.Contains(strings.Join(lines, ""), "* 0 EXISTS") {
		t.Errorf("empty INBOX expected, got %q", lines)
	}
}

func ExampleStart() {
	srv, err := Start(Options{Users: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	fmt.Println(strings.HasPrefix(srv.Addr(), "127.0.0.1:"))
	// Output: true
}
