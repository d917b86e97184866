// Package parser is imapstress's IMAP4 wire parser and encoder, for both
// directions: server responses and client commands (RFC 3501 IMAP4rev1,
// RFC 9051 IMAP4rev2 and the common extensions).
//
// It works in two steps. Framing finds where the first complete message in a
// buffer ends: its line plus every literal the line announces. Parsing then
// fills a caller-owned struct whose fields are sub-slices of the input, with
// lazy iterators for nested data. Neither step copies or allocates on the
// success path, and no input, however hostile, makes either panic, loop or
// allocate without bound: every violation is an *Error that says at which
// byte offset what was expected and what was found, and every size is capped
// by Limits.
//
// Server responses: Parser.FrameResponse delimits one, Parser.ParseResponse
// validates it in one pass by the grammar of its type and fills a Response
// (kind, tag, status, response code, text, message number, data type), and
// the Response's views walk the data on demand: Fetch (FETCH items, with
// Envelope and BodyStructure views), Capabilities, Flags, MailboxList,
// MailboxStatus, SearchNumbers, ESearch, Threads, Namespaces, ID, Quota,
// Metadata, ACL, Vanished, and the typed response codes (UIDNext, CopyUID,
// PermanentFlags, ...). ResponseReader reads a stream of them through one
// bounded buffer and can stream or skip large literals. Options.Lenient
// accepts the deviations listed under ViolationKind and records each.
//
// The views are lazy: an Envelope, Address or BodyStructure holds only
// where its list lies, and each field is read when its method is called,
// from the walk record ParseResponse kept while it validated the message
// (one load per element stepped over) or, for a value kept past its
// message, by scanning. Iterators are structs stepped with Next; declare
// one before its loop (it := r.Fetch(); for it.Next() {...}) rather than
// in the for statement, where Go copies it at every iteration.
//
// A client's hot loop has a cheaper form of the same walk, which reads the
// same fields: Response.WalkFetch, Envelope.WalkFrom (and WalkSender, ...,
// WalkBcc), BodyStructure.WalkParts and WalkParams set an iterator up in
// the caller's variable instead of returning a copy of it, and the ...Scalar
// accessors (Envelope.SubjectScalar, Address.MailboxScalar,
// BodyStructure.SubtypeScalar, PairIter.KeyScalar, ...) return a field's
// octets and form as a Scalar, small enough for registers, where the Value
// accessors build a Value with its offset and walk record. A client that
// reads whole envelopes walks the six address lists with one iterator
// (Envelope.WalkAddresses), reading each address's fields in line through
// it (EnvelopeAddressIter.MailboxScalar, ...), and the four strings with
// one call (Envelope.Scalars). Use the Value form for error offsets, to
// keep a field past its iterator, or to walk a list that has no dedicated
// walk.
//
// Client commands: Parser.FrameCommand delimits one and says when it waits
// at a synchronizing literal for the server's "+", Parser.ParseCommand
// validates it and fills a Command (tag, kind, UID, and the fields of its
// kind), and the Command's iterators walk FETCH items (FetchItems) and
// their header-lists (FetchAtt.HeaderFields), search keys at every level of
// nesting (SearchKeys), APPEND messages (Messages) and STORE flags (Flags).
// A FetchAtt or SearchKey is a small view, as the response side's are: the
// parts that only some items or keys have are methods that read them from
// the record ParseCommand kept. A server's hot loop can keep its iterators
// across commands and set them in place (FetchIter.Reset,
// FetchIter.HeaderFields, SearchIter.Reset, SearchIter.Descend,
// ElemIter.ResetFlags), reading the current element through the
// iterator (Kind, Peek, Partial, Arg), so that no iterator or element is
// copied per command, item or key (ExampleFetchIter_Reset). CommandReader reads the commands of a server
// connection, framing AUTHENTICATE's client lines and IDLE's DONE as what
// they are, and can stream or skip large literals.
//
// Encoding: CommandBuilder and ResponseBuilder append commands and
// responses to a caller's buffer, choosing atom, quoted or literal form for
// each string; SyncParts splits an encoded command where the client must
// wait for "+". AppendCommand and AppendResponse write a parsed message
// back from its parsed form, and parsing the result gives the same
// structure (the round trip the tests and fuzzers check).
//
// Assembly: on amd64 processors with AVX2, BMI1, BMI2, LZCNT and POPCNT,
// the long number runs (sequence sets, SEARCH and SORT) are validated and
// decoded 64 octets at a time by the kernels of seq_amd64.s, and the fast
// path of ENVELOPE and BODYSTRUCTURE validation runs its loop in
// tapescan_amd64.s. They give exactly the portable code's results, errors,
// offsets and walk records (the tests and fuzz targets run both and
// compare), decline whatever is unusual to it, and read nothing outside
// the input (guard-page tests). The portable code runs everywhere else,
// and everywhere under the purego build tag.
//
// The package knows nothing of sockets, goroutines or metrics; it imports
// only the standard library. Slices handed out by the parser alias the input
// and are valid only as long as the caller keeps that input unchanged.
package parser
