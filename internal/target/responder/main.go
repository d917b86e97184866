// Command responder is the minimal IMAP responder that imapstress's
// generator-cost benchmark runs against (scripts/bench-generator.sh): it
// greets, then answers every tagged line with "TAG OK", writing only when
// it has answered everything its last read brought, so that its own cost
// per command is as small as a server's can be. It is not an IMAP server:
// it knows no command, holds no mailbox and accepts any login.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listening address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "responder:", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr()) // the benchmark script reads the address from here
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "responder:", err)
			os.Exit(1)
		}
		go serve(c)
	}
}

var greeting = []byte("* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] responder ready\r\n")

// serve answers one connection. Lines are split at LF; a line's tag is
// everything before its first SP. LOGOUT gets its BYE.
func serve(c net.Conn) {
	defer c.Close()
	if _, err := c.Write(greeting); err != nil {
		return
	}
	in := make([]byte, 64<<10)
	var out []byte
	start, end := 0, 0
	for {
		n, err := c.Read(in[end:])
		if n == 0 || err != nil {
			return
		}
		end += n
		out = out[:0]
		for {
			i := bytes.IndexByte(in[start:end], '\n')
			if i < 0 {
				break
			}
			line := in[start : start+i]
			start += i + 1
			sp := bytes.IndexByte(line, ' ')
			if sp <= 0 {
				continue
			}
			if bytes.HasPrefix(line[sp+1:], []byte("LOGOUT")) {
				out = append(out, "* BYE bye\r\n"...)
			}
			out = append(out, line[:sp]...)
			out = append(out, " OK done\r\n"...)
		}
		if len(out) > 0 {
			if _, err := c.Write(out); err != nil {
				return
			}
		}
		start, end = 0, copy(in, in[start:end])
		if end == len(in) {
			return // a line longer than the buffer: not a benchmark client
		}
	}
}
