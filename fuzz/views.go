package fuzz

import "github.com/imapstress/imapstress/parser"

// dataViews renders the typed views of data responses beyond FETCH,
// capabilities and flags: SEARCH, LIST, STATUS, ESEARCH, THREAD, NAMESPACE,
// ID, QUOTA, QUOTAROOT, METADATA, ACL, LISTRIGHTS, MYRIGHTS and VANISHED.
// Each accessor yields nothing (or ok false) for the other types, so all are
// called for every response: a view that answers for the wrong type shows.
func (w *walker) dataViews(r *parser.Response) {
	w.str(" search[")
	it := r.SearchNumbers()
	n := 0
	for it.Next() {
		w.num(uint64(it.Number()))
		w.str(" ")
		n++
	}
	w.str("]")
	w.searchBatches(r, n)
	if n, ok := r.SearchModSeq(); ok {
		w.str(" modseq=")
		w.num(n)
	}
	if m, ok := r.MailboxList(); ok {
		w.atoms("list", m.Attrs)
		w.value(m.Delim, 0)
		w.str(" ")
		w.value(m.Mailbox, 0)
		w.pairs("ext", m.Ext())
	}
	if mbox, attrs, ok := r.MailboxStatus(); ok {
		w.str(" status ")
		w.value(mbox, 0)
		w.pairs("", attrs)
	}
	if e, ok := r.ESearch(); ok {
		w.str(" esearch ")
		w.value(e.Tag, 0)
		if e.UID {
			w.str(" UID")
		}
		w.pairs("", e.Items())
	}
	w.list("threads", r.Threads())
	if personal, other, shared, ok := r.Namespaces(); ok {
		for _, it := range [...]parser.NamespaceIter{personal, other, shared} {
			w.str(" ns[")
			for it.Next() {
				n := it.Namespace()
				w.value(n.Prefix, 0)
				w.value(n.Delim, 0)
				w.pairs("", parser.PairsOf(n.Ext))
			}
			w.str("]")
		}
	}
	w.pairs("id", r.ID())
	if root, res, ok := r.Quota(); ok {
		w.str(" quota ")
		w.value(root, 0)
		for res.Next() {
			q := res.Resource()
			w.str(" ")
			w.bytes(q.Name)
			w.str("=")
			w.num(q.Usage)
			w.str("/")
			w.num(q.Limit)
		}
	}
	if mbox, roots, ok := r.QuotaRoot(); ok {
		w.str(" quotaroot ")
		w.value(mbox, 0)
		w.list("", roots)
	}
	if mbox, entries, ok := r.Metadata(); ok {
		w.str(" metadata ")
		w.value(mbox, 0)
		for entries.Next() {
			w.str(" ")
			w.value(entries.Entry(), 0)
			if v, ok := entries.Value(); ok {
				w.str("=")
				w.value(v, 0)
			}
		}
	}
	if mbox, entries, ok := r.ACL(); ok {
		w.str(" acl ")
		w.value(mbox, 0)
		w.pairs("", entries)
	}
	if mbox, id, rights, ok := r.ListRights(); ok {
		w.str(" listrights ")
		w.value(mbox, 0)
		w.value(id, 0)
		w.list("", rights)
	}
	if mbox, rights, ok := r.MyRights(); ok {
		w.str(" myrights ")
		w.value(mbox, 0)
		w.value(rights, 0)
	}
	if earlier, uids, ok := r.Vanished(); ok {
		w.str(" vanished ")
		if earlier {
			w.str("EARLIER ")
		}
		w.seqSet(uids)
	}
}

// searchBatches walks r's numbers again through NumIter.NextBatch, with a
// batch of 64 (its fast path) and one of 5, and fails unless both give the
// n numbers that Next gave, in the same order.
func (w *walker) searchBatches(r *parser.Response, n int) {
	for _, size := range []int{64, 5} {
		var buf [64]uint32
		next, batch := r.SearchNumbers(), r.SearchNumbers()
		got := 0
		for k := batch.NextBatch(buf[:size]); k > 0; k = batch.NextBatch(buf[:size]) {
			for _, v := range buf[:k] {
				if !next.Next() || next.Number() != v {
					w.fail("SEARCH: NextBatch(%d) gives %d as number %d, Next does not", size, v, got)
					return
				}
				got++
			}
		}
		if got != n {
			w.fail("SEARCH: NextBatch(%d) gives %d numbers, Next %d", size, got, n)
			return
		}
	}
}
