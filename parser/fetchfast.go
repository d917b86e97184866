package parser

// How fetchItemsFast stopped, for validateFetch.
const (
	// fastStopItem: at an item name that the general loop reads.
	fastStopItem = iota
	// fastStopClosed: after the closing ")" of the items.
	fastStopClosed
	// fastStopSep: after an item's value, before a separator that is not
	// a plain SP (or that ends b), which the general loop reads.
	fastStopSep
)

// fetchItemsFast reads the items of a FETCH response from s.p (after the
// "(") while each is one of fastItem's names with a value that fastItem
// or tapeScan validates (ENVELOPE, BODY and BODYSTRUCTURE) and SP or ")"
// follows, records them in r as validateFetch's loop does, and returns
// how many (n), the position where it stopped (p) and how (stop: one of
// fastStopItem, fastStopClosed and fastStopSep). It leaves s and
// r.nitems to the caller.
//
// It is validateFetch's loop without what the common items never need:
// the scanner's position in memory between the calls, the general
// readers' fallbacks, the MaxArgs check on every item (it stops at
// MaxArgs, where the general loop refuses), and for ENVELOPE and
// BODYSTRUCTURE the three calls (fetchValue, fastEnvelope or fastBody,
// fastShape) and the mode checks in front of tapeScan, made once a
// message here. At about 1 KB a message those per-item costs were a
// fifth of the validation outside tapeScan. Whatever it declines,
// validateFetch reads again from the item's name: fastItem and tapeScan
// are pure functions of the bytes (tapeScan changes the record only past
// its count when it declines), so the general loop finds what it would
// have found without this one.
func fetchItemsFast(s *scanner, r *Response) (n, p, stop int) {
	b, p, lim := s.b, s.p, s.lim
	maxN := min(lim.MaxArgs, maxItemSpans)
	t := &r.lists
	// fastShape's conditions: strict mode, recording into r's record, at
	// the message's start, and no list the record holds beyond MaxArgs.
	shape := !s.lenient && s.rec == t && s.base == 0 && lim.MaxArgs >= maxListSpans
	for n < maxN {
		k, at, e := fastItem(b, p, lim)
		if at < 0 {
			return n, p, fastStopItem
		}
		ti := int32(0)
		if e < 0 {
			st := uint(stEnvDate)
			switch k {
			case FetchEnvelope:
			case FetchBody, FetchBodyStructure:
				st = stBodyStart
			default:
				return n, p, fastStopItem
			}
			if !shape {
				return n, p, fastStopItem
			}
			rec := t.n
			end, cnt := tapeScanAny(b, at, t, st, lim.MaxDepth)
			if end < 0 {
				return n, p, fastStopItem
			}
			// tapeOpen wrote the value's own list as entry rec.
			t.n, e, ti = cnt, end, int32(rec+1)
		}
		it := &r.items[n]
		it.start, it.end, it.ti, it.name, it.kind, it.plain = int32(at), int32(e), ti, int32(p), k, k != FetchBodySection
		n++
		if e+1 < len(b) {
			if c := b[e]; c == ')' {
				return n, e + 1, fastStopClosed
			} else if c == ' ' && b[e+1] != ')' && b[e+1] != '\r' && b[e+1] != '\n' {
				p = e + 1
				continue
			}
		}
		return n, e, fastStopSep
	}
	return n, p, fastStopItem
}
