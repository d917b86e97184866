package parser

import "math"

// maxListSpans is how many elements of ENVELOPE and BODY/BODYSTRUCTURE
// values ParseResponse records for the trusted re-walks of one message.
// A message with more (a BODYSTRUCTURE of dozens of parts) is walked past
// the record by scanning, as before.
const maxListSpans = 512

// listSpans is the walk record of one message (a "tape"): while
// ParseResponse validates an ENVELOPE or a BODY/BODYSTRUCTURE, every
// element it reads (the lists themselves, and every string, NIL and number
// in them) is appended here in the order it appears, with its extent and
// form. The views and iterators that later walk those values (Envelope,
// AddressIter, BodyStructure, BodyIter, PairsOf, Value.List) then step
// from entry to entry instead of scanning the bytes again: a list's entry
// says where its children end, so stepping over a whole list is one load.
type listSpans struct {
	// msg is the message the offsets count in. A re-walk uses the record
	// only when its bytes are msg's bytes at that offset (the same
	// memory), so a view kept from an earlier message, parsed into the
	// same Response since, is never given this message's record.
	msg []byte
	// n counts the entries. Once it reaches maxListSpans, further
	// elements are not recorded, and lists still open then are left
	// without an end (next 0): they are scanned when walked.
	n int
	// gen counts the messages recorded (record), so that a mark taken
	// from one message's record (FetchItem's envelope mark) is not
	// believed of the next one's.
	gen  uint32
	span [maxListSpans]tapeEntry
}

// tapeEntry records one element: its Value's Raw is msg[off:end] (for a
// list, what is inside the parens; for a quoted string, what is inside the
// quotes; for a literal, its data).
type tapeEntry struct {
	off, end int32
	// next is the index of the entry after this element and everything
	// inside it (i+1 for a scalar), or 0 when a list could not be
	// recorded completely.
	next int32
	form Form
}

// record starts the walk record of b on t, or clears it when b is too
// long for its offsets.
func (t *listSpans) record(b []byte) *listSpans {
	t.n, t.msg = 0, b
	t.gen++
	if len(b) > math.MaxInt32 {
		t.n, t.msg = maxListSpans, nil // full, and matching no bytes
	}
	return t
}

// add appends an entry for an element whose Raw is s.b[off:end], and
// returns its index, or -1 when nothing is being recorded or the record
// is full.
func (s *scanner) add(off, end int, f Form) int {
	t := s.rec
	if t == nil {
		return -1
	}
	i := t.n
	if i >= maxListSpans {
		return -1
	}
	t.span[i] = tapeEntry{off: int32(s.base + off), end: int32(s.base + end), next: int32(i + 1), form: f}
	t.n = i + 1
	return i
}

// openSpan records that a list opens at s.p and returns its index for
// closeSpan, or -1 when nothing is being recorded or the record is full.
func (s *scanner) openSpan() int {
	return s.add(s.p+1, s.p+1, FormList)
}

// closeSpan records that list i, from openSpan, ends just before s.p
// (which is just past its ")"). A list during which the record filled up
// gets no end.
func (s *scanner) closeSpan(i int) {
	if i < 0 {
		return
	}
	t := s.rec
	if i >= len(t.span) {
		return
	}
	e := &t.span[i]
	e.end = int32(s.base + s.p - 1)
	e.next = 0
	if t.n < maxListSpans {
		e.next = int32(t.n)
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

// recScalar records the scalar element that was just read, from start to
// s.p: a quoted string, a literal, NIL, a number or another atom, with the
// form and extent that scanner.scalar would give it.
func (s *scanner) recScalar(start int) {
	if s.rec == nil || start >= s.p {
		return
	}
	off, end, f := start, s.p, FormAtom
	switch c := s.b[start]; {
	case c == '"':
		off, end, f = start+1, s.p-1, FormQuoted
	case c == '{' || c == '~' && start+1 < end && s.b[start+1] == '{': // ("~x" is an atom)
		f = FormLiteral
		if c == '~' {
			f = FormLiteral8
		}
		for off < end && s.b[off] != '\n' {
			off++
		}
		off++
	case c-'0' <= 9:
		f = FormNumber
		for i := start; i < end; i++ {
			if s.b[i]-'0' > 9 {
				f = FormAtom
				break
			}
		}
	case end-start == 3 && equalFoldASCII(s.b[start:end], "NIL"):
		f = FormNIL
	}
	s.add(off, end, f)
}

// recNString validates an nstring and records it.
func (s *scanner) recNString() error {
	p := s.p
	if i := s.plainQuoted(); i >= 0 {
		s.add(p+1, i, FormQuoted)
		return nil
	}
	if atNIL(s.b, p) {
		s.p = p + 3
		s.add(p, p+3, FormNIL)
		return nil
	}
	if err := s.skipNString(); err != nil {
		return err
	}
	s.recScalar(p)
	return nil
}

// recStr validates a string and records it.
func (s *scanner) recStr() error {
	p := s.p
	if i := s.plainQuoted(); i >= 0 {
		s.add(p+1, i, FormQuoted)
		return nil
	}
	if err := s.skipStr(); err != nil {
		return err
	}
	s.recScalar(p)
	return nil
}

// recStrValue validates a string and records it, and returns it as a
// Value for comparing (its Raw and Form only).
func (s *scanner) recStrValue() (Value, error) {
	p := s.p
	if i := s.plainQuoted(); i >= 0 {
		s.add(p+1, i, FormQuoted)
		return Value{Form: FormQuoted, Raw: s.b[p+1 : i]}, nil
	}
	v, err := s.str()
	if err == nil {
		s.recScalar(p)
	}
	return v, err
}

// tapeList returns the record and the index of list v's entry when v was
// built from the record of the message it aliases.
func (v *Value) tapeList() (*listSpans, int, bool) {
	t := v.spans
	if t == nil {
		return nil, 0, false
	}
	i := int(v.ti) - 1
	if uint(i) >= uint(t.n) || !t.holds(i, v) {
		return nil, 0, false
	}
	return t, i, true
}

// holds reports whether entry i of t, which must exist, is a complete
// list whose bytes are v's: the same memory, offset and length.
func (t *listSpans) holds(i int, v *Value) bool {
	e := &t.span[uint(i)%maxListSpans]
	off, end := int(e.off), int(e.end)
	return e.next > 0 && e.form == FormList && off == v.Off && end-off == len(v.Raw) && uint(end) < uint(len(t.msg)) &&
		cap(v.Raw) != 0 && &t.msg[off] == &v.Raw[:1][0]
}

// after returns the index of the entry after element j and everything in
// it, within a list whose children end at end.
func (t *listSpans) after(j, end int32) int32 {
	if n := t.span[uint32(j)%maxListSpans].next; n > j {
		return n
	}
	return end // cannot happen in a complete record
}

// set makes *dst the Value of entry i of t. It assigns field by field:
// building the Value first and copying it whole made the copy wait on the
// stores that built it.
func (t *listSpans) set(dst *Value, i int, lim *Limits, lenient bool) {
	e := &t.span[uint(i)%maxListSpans]
	dst.Raw = t.msg[e.off:e.end]
	dst.Off = int(e.off)
	dst.lim = lim
	dst.spans = t
	dst.Form = e.form
	dst.lenient = lenient
	dst.trusted = true
	dst.ti = int32(i + 1)
}

// listEnd returns the offset just past the list that opens at s.b[p] in a
// trusted re-walk: from the record when it describes these bytes, else by
// skipList. It returns -1 when the bytes are not a list.
func (s *scanner) listEnd(p int) int {
	if t := s.spans; t != nil && t.n > 0 {
		off := s.base + p + 1
		if off > 0 && off < len(t.msg) && p < len(s.b) && &t.msg[off-1] == &s.b[p] {
			lo, hi := 0, t.n
			for lo < hi {
				m := int(uint(lo+hi) >> 1)
				if int(t.span[m].off) < off {
					lo = m + 1
				} else {
					hi = m
				}
			}
			if lo < t.n && int(t.span[lo].off) == off && t.span[lo].form == FormList && t.span[lo].next > 0 {
				if e := int(t.span[lo].end) + 1 - s.base; e > p && e <= len(s.b) && s.b[e-1] == ')' {
					return e
				}
			}
		}
	}
	return skipList(s.b, p)
}
