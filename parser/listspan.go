package parser

import "math"

// maxListSpans is how many list extents ParseResponse records for the
// trusted re-walks of one message.
const maxListSpans = 32

// listSpans records, while ParseResponse validates a message, where its
// larger lists open and close: the ENVELOPE, its address lists, and every
// BODY/BODYSTRUCTURE part. The view types re-walk those lists level by
// level (a multipart steps over its parts to reach its subtype, then Parts
// walks them again, and so on down), and each step over a list used to
// rescan it byte by byte; with the extents recorded, a step is a binary
// search. Lists past the first maxListSpans are scanned as before.
type listSpans struct {
	// msg is the message the offsets count in. A re-walk uses a span
	// only when its bytes are msg's bytes at that offset (the same
	// memory), so a view kept from an earlier message, parsed into the
	// same Response since, is never given this message's extents.
	msg []byte
	n   int
	// span[i] is the offset of a list's "(" and the offset just past its
	// ")", in the message; starts increase with i. end is -1 until the
	// list is closed.
	span [maxListSpans]itemSpan
}

// openSpan records that a list opens at s.p and returns its index for
// closeSpan, or -1 when nothing is being recorded or the table is full.
func (s *scanner) openSpan() int {
	t := s.rec
	if t == nil || t.n >= maxListSpans || s.base+len(s.b) > math.MaxInt32 {
		return -1
	}
	i := t.n
	t.span[i] = itemSpan{start: int32(s.base + s.p), end: -1}
	t.n++
	return i
}

// closeSpan records that list i, from openSpan, ends just before s.p.
func (s *scanner) closeSpan(i int) {
	if i >= 0 {
		s.rec.span[i].end = int32(s.base + s.p)
	}
}

// closeList expects the ")" that closes list span (from openSpan) and
// records where it ends.
func (s *scanner) closeList(span int, what string) error {
	if err := s.expect(')', what); err != nil {
		return err
	}
	s.closeSpan(span)
	return nil
}

// listEnd returns the offset just past the list that opens at s.b[p] in a
// trusted re-walk: from the recorded spans when they describe these bytes,
// else by skipList. It returns -1 when the bytes are not a list.
func (s *scanner) listEnd(p int) int {
	if t := s.spans; t != nil && t.n > 0 {
		off := s.base + p
		if off >= 0 && off < len(t.msg) && p < len(s.b) && &t.msg[off] == &s.b[p] {
			lo, hi := 0, t.n
			for lo < hi {
				m := int(uint(lo+hi) >> 1)
				if int(t.span[m].start) < off {
					lo = m + 1
				} else {
					hi = m
				}
			}
			if lo < t.n && int(t.span[lo].start) == off {
				if e := int(t.span[lo].end) - s.base; e > p && e <= len(s.b) && s.b[e-1] == ')' {
					return e
				}
			}
		}
	}
	return skipList(s.b, p)
}
