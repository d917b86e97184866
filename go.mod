module github.com/imapstress/imapstress

go 1.26
