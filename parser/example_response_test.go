package parser_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/imapstress/imapstress/parser"
)

func ExampleParser_ParseResponse() {
	var p parser.Parser // strict, default limits
	var r parser.Response
	msg := []byte("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n")
	if err := p.ParseResponse(msg, &r); err != nil {
		fmt.Println(err)
		return
	}
	v, src, dst, _ := r.CopyUID()
	fmt.Println(r.Kind, string(r.Tag), r.Status, r.Code, v, string(src.Raw), string(dst.Raw))
	// Output: tagged A004 OK COPYUID 38505 304,319:320 3956:3958
}

func ExampleResponseReader() {
	stream := "* OK [CAPABILITY IMAP4rev2] ready\r\n* 2 EXISTS\r\na1 NO [TRYCREATE] no mailbox\r\n"
	rr := parser.NewResponseReader(strings.NewReader(stream), nil, parser.ReaderOptions{})
	var r parser.Response
	for {
		err := rr.Next(&r)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(r.Kind, r.Status, r.Code, r.Type, r.Num)
	}
	// Output:
	// untagged OK CAPABILITY  0
	// untagged   EXISTS 2
	// tagged NO TRYCREATE  0
}
