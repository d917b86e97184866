package parser

// AtomIter walks a run of SP-separated atoms, such as capabilities, flags
// ("\Seen", "$Junk", "\*") or mailbox attributes, as validated by
// ParseResponse.
//
//	for it := r.Capabilities(); it.Next(); {
//		name := it.Atom()
//	}
type AtomIter struct {
	b   []byte
	p   int
	off int
	cur []byte
	at  int
}

// atoms returns an AtomIter over b, found at offset off of Raw.
func (r *Response) atoms(b []byte, off int) AtomIter {
	return AtomIter{b: b, off: off}
}

// Next advances to the next atom and reports whether there is one.
func (it *AtomIter) Next() bool {
	// The bytes and the position in locals: through it, every step
	// would load them again.
	// (Unsigned, so that the compiler drops the bounds checks: p < len(b)
	// then proves b[p] in range.)
	b, p := it.b, uint(it.p)
	for p < uint(len(b)) && b[p] == ' ' {
		p++
	}
	if p >= uint(len(b)) {
		it.p = int(p)
		return false
	}
	start := p
	for p < uint(len(b)) && b[p] != ' ' {
		p++
	}
	it.p, it.cur, it.at = int(p), b[start:p], it.off+int(start)
	return true
}

// Atom returns the current atom as sent.
func (it *AtomIter) Atom() []byte { return it.cur }

// Offset returns the current atom's offset in the message.
func (it *AtomIter) Offset() int { return it.at }

// Capabilities returns the capabilities of a CAPABILITY data response, of
// an ENABLED response, or of a [CAPABILITY ...] response code; it yields
// nothing for other responses.
func (r *Response) Capabilities() AtomIter {
	switch {
	case r.Type == DataCapability || r.Type == DataEnabled:
		return r.atoms(r.Data, r.dataOff)
	case r.Code == CodeCapability:
		return r.atoms(r.CodeArg, r.codeArgOff)
	}
	return AtomIter{}
}

// Flags returns the flags of a FLAGS data response.
func (r *Response) Flags() AtomIter {
	if r.Type != DataFlags || len(r.Data) < 2 {
		return AtomIter{}
	}
	return r.atoms(r.Data[1:len(r.Data)-1], r.dataOff+1)
}

// readNumber reads 1*DIGIT at b[p:] that fits in 32 bits, for the
// iterators that re-walk validated bytes. It returns the number, the
// position after it, and false when there is no digit or it overflows.
func readNumber(b []byte, p int) (uint32, int, bool) {
	var n uint64
	start := p
	for p < len(b) && b[p]-'0' <= 9 {
		n = n*10 + uint64(b[p]-'0')
		if n > 0xffffffff {
			return 0, p, false
		}
		p++
	}
	return uint32(n), p, p > start
}
