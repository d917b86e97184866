package parser

// CommandKind identifies a client command.
type CommandKind uint8

// The commands of RFC 9051, RFC 3501 and the common extensions. A UID
// command has the kind of the command it prefixes and Command.UID set
// ("UID EXPUNGE" is CmdExpunge with UID).
const (
	CmdUnknown CommandKind = iota // not known here, or an X- command: Name and Args only
	CmdCapability
	CmdNoop
	CmdLogout
	CmdStartTLS
	CmdAuthenticate
	CmdLogin
	CmdEnable
	CmdSelect
	CmdExamine
	CmdCreate
	CmdDelete
	CmdRename
	CmdSubscribe
	CmdUnsubscribe
	CmdList
	CmdLsub
	CmdNamespace
	CmdStatus
	CmdAppend
	CmdIdle
	CmdCheck
	CmdClose
	CmdUnselect
	CmdExpunge
	CmdSearch
	CmdFetch
	CmdStore
	CmdCopy
	CmdMove
	CmdID
	CmdGetQuota
	CmdGetQuotaRoot
	CmdSetQuota
	CmdGetMetadata
	CmdSetMetadata
	CmdSort
	CmdThread
	CmdCompress
	CmdGetACL
	CmdSetACL
	CmdDeleteACL
	CmdListRights
	CmdMyRights
	numCommandKinds
)

// commandNames maps each kind to its name on the wire.
var commandNames = [numCommandKinds]string{
	CmdUnknown: "", CmdCapability: "CAPABILITY", CmdNoop: "NOOP", CmdLogout: "LOGOUT",
	CmdStartTLS: "STARTTLS", CmdAuthenticate: "AUTHENTICATE", CmdLogin: "LOGIN",
	CmdEnable: "ENABLE", CmdSelect: "SELECT", CmdExamine: "EXAMINE", CmdCreate: "CREATE",
	CmdDelete: "DELETE", CmdRename: "RENAME", CmdSubscribe: "SUBSCRIBE",
	CmdUnsubscribe: "UNSUBSCRIBE", CmdList: "LIST", CmdLsub: "LSUB", CmdNamespace: "NAMESPACE",
	CmdStatus: "STATUS", CmdAppend: "APPEND", CmdIdle: "IDLE", CmdCheck: "CHECK",
	CmdClose: "CLOSE", CmdUnselect: "UNSELECT", CmdExpunge: "EXPUNGE", CmdSearch: "SEARCH",
	CmdFetch: "FETCH", CmdStore: "STORE", CmdCopy: "COPY", CmdMove: "MOVE", CmdID: "ID",
	CmdGetQuota: "GETQUOTA", CmdGetQuotaRoot: "GETQUOTAROOT", CmdSetQuota: "SETQUOTA",
	CmdGetMetadata: "GETMETADATA", CmdSetMetadata: "SETMETADATA", CmdSort: "SORT",
	CmdThread: "THREAD", CmdCompress: "COMPRESS", CmdGetACL: "GETACL", CmdSetACL: "SETACL",
	CmdDeleteACL: "DELETEACL", CmdListRights: "LISTRIGHTS", CmdMyRights: "MYRIGHTS",
}

// String returns the command's name on the wire, "unknown" for CmdUnknown.
func (k CommandKind) String() string {
	if k == CmdUnknown {
		return "unknown"
	}
	if k < numCommandKinds {
		return commandNames[k]
	}
	return "CommandKind(?)"
}

// commandKindOf returns the kind named by name, ignoring case.
func commandKindOf(name []byte) CommandKind {
	if i := commandWords.find(name); i > 0 {
		return CommandKind(i)
	}
	return CmdUnknown
}

// commandWords finds command names; built once, read-only.
var commandWords = newWordTable(commandNames[:])

// StoreOp is the operation of a STORE: replace, add or remove flags.
type StoreOp uint8

// The STORE operations.
const (
	StoreReplace StoreOp = iota // FLAGS
	StoreAdd                    // +FLAGS
	StoreRemove                 // -FLAGS
)

var storeOpNames = [...]string{"FLAGS", "+FLAGS", "-FLAGS"}

// String returns the operation's name on the wire, without ".SILENT".
func (o StoreOp) String() string {
	if int(o) < len(storeOpNames) {
		return storeOpNames[o]
	}
	return "StoreOp(?)"
}

// Command is one parsed client command. ParseCommand fills it; every byte
// slice and Value aliases the message, so a Command is valid only as long
// as the message is unchanged. A Command may be reused: ParseCommand clears
// what the previous parse filled (a field set by hand on a parsed Command
// is cleared only when the parsed kind fills it, or when Raw was changed
// too).
//
// ParseCommand validates the whole command against its grammar in one
// pass; the fields then hold its parts and the iterators (FetchItems,
// SearchKeys, Messages, Flags, ...) walk the nested parts on demand,
// without allocating and without failing. FetchItems and SearchKeys step
// through a record of the items and keys that validation keeps in the
// Command (up to 64, and 8 items with a section), so that nested search
// keys are not read again at every level; past that, or when the Command
// was changed after parsing, they read the bytes again.
//
// Which fields a command fills (a Value not filled has Form FormNone):
//
//	AUTHENTICATE  Mechanism, InitialResponse (SASL-IR; "=" for an empty one)
//	LOGIN         User, Password
//	ENABLE        Items: the capabilities, a run of atoms
//	SELECT EXAMINE  Mailbox, Options: the select-params list (CONDSTORE, QRESYNC (...))
//	CREATE        Mailbox, Options: the create-params list (USE (\Drafts))
//	DELETE SUBSCRIBE UNSUBSCRIBE GETQUOTAROOT GETACL MYRIGHTS  Mailbox
//	RENAME        Mailbox, NewName
//	LIST          Options: list-select-opts, Mailbox: the reference, Patterns: one
//	              list-mailbox or a list of them, Return: list-return-opts
//	LSUB          Mailbox (reference), Patterns
//	STATUS        Mailbox, Items: the status-att list
//	APPEND        Mailbox; Messages walks the messages (MULTIAPPEND)
//	SEARCH        Return: search-return-opts, Charset, Keys (see SearchKeys)
//	SORT          Return, Items: sort-criteria, Charset, Keys
//	THREAD        Algorithm, Charset, Keys
//	FETCH         Seq, Items: fetch-att list or one att or macro (see FetchItems),
//	              Modifiers: CHANGEDSINCE, VANISHED, ...
//	STORE         Seq, Modifiers: UNCHANGEDSINCE, Op, Silent, Items: the flags (see Flags)
//	COPY MOVE     Seq, Mailbox
//	EXPUNGE       Seq for UID EXPUNGE
//	ID            Items: the field/value list, or NIL
//	GETQUOTA      Mailbox: the quota root
//	SETQUOTA      Mailbox: the quota root, Items: the resource/limit list
//	GETMETADATA   Options: getmetadata-options, Mailbox, Items: one entry or a list
//	SETMETADATA   Mailbox, Items: the entry/value list
//	COMPRESS      Algorithm
//	SETACL        Mailbox, Identifier, Rights
//	DELETEACL LISTRIGHTS  Mailbox, Identifier
//	unknown       Name, Args
type Command struct {
	// Raw is the whole command, CRLF and literals included.
	Raw []byte
	// Tag is the command's tag.
	Tag []byte
	// Kind is the command, CmdUnknown for names this package does not know.
	Kind CommandKind
	// UID is set for the UID forms (UID FETCH, UID EXPUNGE, ...).
	UID bool
	// Name is the command name as sent (after "UID " for UID commands).
	Name []byte
	// Args is everything after the name and its SP, up to but not
	// including the final CRLF; nil when the command has no arguments.
	Args []byte
	// ArgsOff is the offset of Args within Raw.
	ArgsOff int

	// Seq is the sequence set (or, for UID commands, the uid set).
	Seq SeqSet
	// Mailbox is the mailbox argument (for LIST and LSUB the reference,
	// for the quota commands the quota root).
	Mailbox Value
	// NewName is RENAME's new mailbox name.
	NewName Value
	// Patterns is LIST's or LSUB's list-mailbox, or with LIST-EXTENDED a
	// parenthesised list of them (Form FormList).
	Patterns Value
	// User and Password are LOGIN's arguments.
	User, Password Value
	// Identifier and Rights are the ACL commands' identifier and rights.
	Identifier, Rights Value
	// Mechanism is AUTHENTICATE's SASL mechanism; InitialResponse its
	// SASL-IR initial response in base64, "=" for an empty one, nil when
	// absent.
	Mechanism, InitialResponse []byte
	// Algorithm is THREAD's algorithm or COMPRESS's.
	Algorithm []byte
	// Charset is the CHARSET of SEARCH, or the charset of SORT and THREAD.
	Charset Value
	// Options is a command's option list: SELECT/EXAMINE select-params,
	// CREATE create-params, LIST list-select-opts, GETMETADATA options.
	Options Value
	// Return is the list after RETURN: LIST's list-return-opts, SEARCH's
	// and SORT's search-return-opts.
	Return Value
	// Modifiers is FETCH's fetch-modifiers or STORE's store-modifiers.
	Modifiers Value
	// Items is the command's main list, per the table above.
	Items Value
	// Keys is the run of search keys of SEARCH, SORT and THREAD; walk it
	// with SearchKeys.
	Keys Value
	// Op and Silent are STORE's operation and ".SILENT".
	Op     StoreOp
	Silent bool

	messages Value // APPEND: the run of append-messages
	lim      *Limits
	// idx records FETCH items and search keys for the iterators; it is
	// the last field, and reset leaves its marks alone.
	idx cmdIndex
}

// reset makes c the empty command of b: every field zero except Raw, lim
// and the record, which is restarted (its marks are not cleared: that
// would cost more than the rest of a short command's parse).
//
// Clearing a Command costs more than parsing a short command, so when c
// holds a command that ParseCommand parsed (its record still describes
// its Raw), only the fields that a command of its kind fills are cleared;
// otherwise every field is. TestCommandReset and TestCommandReuse check
// that nothing of an earlier command survives either way.
func (c *Command) reset(b []byte, lim *Limits) {
	c.clearStale(0)
	c.Raw = b
	c.Tag = nil
	c.Kind = CmdUnknown
	c.UID = false
	c.Name = nil
	c.Args = nil
	c.ArgsOff = 0
	c.lim = lim
	c.idx.reset(b, lim)
}

// clearStale clears the argument fields that the previous command may
// have filled (those of its kind when ParseCommand parsed it, every one
// otherwise), but for those in keep, which the caller sets whole next.
func (c *Command) clearStale(keep argFields) {
	if len(c.Raw) == 0 || len(c.idx.raw) != len(c.Raw) || &c.idx.raw[0] != &c.Raw[0] {
		c.resetAll()
		return
	}
	// (A switch on the kind, not a loop over kindFields' bits: the
	// commonest kinds clear two or three fields.)
	switch c.Kind {
	case CmdUnknown, CmdCapability, CmdNoop, CmdLogout, CmdStartTLS, CmdNamespace, CmdIdle,
		CmdCheck, CmdClose, CmdUnselect:
	case CmdFetch, CmdStore:
		if keep&fieldItems == 0 {
			c.Seq = SeqSet{}
			c.Items = Value{}
		}
		c.Modifiers = Value{}
		if c.Kind == CmdStore && keep&fieldOp == 0 {
			c.Op = StoreReplace
			c.Silent = false
		}
	case CmdSearch, CmdSort, CmdThread:
		c.Return = Value{}
		c.Items = Value{}
		c.Charset = Value{}
		if keep&fieldKeys == 0 {
			c.Keys = Value{}
		}
		c.Algorithm = nil
	default:
		if m := kindFields[uint8(c.Kind)]; m == allArgFields {
			c.resetAll()
		} else if m &^= keep; m != 0 {
			c.clearFields(m)
		}
	}
}

// argFields is a set of Command's argument fields, for clearStale.
type argFields uint32

// The argument fields that a command kind fills, one bit each (Op and
// Silent together).
const (
	fieldSeq argFields = 1 << iota
	fieldMailbox
	fieldItems
	fieldModifiers
	fieldOp
	fieldReturn
	fieldCharset
	fieldKeys
	fieldAlgorithm
	allArgFields argFields = 1<<32 - 1
)

// kindFields is the set of argument fields that ParseCommand may fill for
// a command of each kind (allArgFields for the kinds not listed, and for
// octets that are no kind); computed once, never written.
var kindFields = func() (t [256]argFields) {
	for k := range t {
		t[k] = allArgFields
	}
	for _, k := range []CommandKind{CmdUnknown, CmdCapability, CmdNoop, CmdLogout, CmdStartTLS,
		CmdNamespace, CmdIdle, CmdCheck, CmdClose, CmdUnselect} {
		t[k] = 0
	}
	t[CmdFetch] = fieldSeq | fieldItems | fieldModifiers
	t[CmdStore] = fieldSeq | fieldItems | fieldModifiers | fieldOp
	for _, k := range []CommandKind{CmdSearch, CmdSort, CmdThread} {
		t[k] = fieldReturn | fieldItems | fieldCharset | fieldKeys | fieldAlgorithm
	}
	for _, k := range []CommandKind{CmdCopy, CmdMove, CmdExpunge} {
		t[k] = fieldSeq | fieldMailbox
	}
	return t
}()

// clearFields clears the argument fields in m (a subset of what
// kindFields lists for some kind), one field a statement.
func (c *Command) clearFields(m argFields) {
	if m&fieldSeq != 0 {
		c.Seq = SeqSet{}
	}
	if m&fieldMailbox != 0 {
		c.Mailbox = Value{}
	}
	if m&fieldItems != 0 {
		c.Items = Value{}
	}
	if m&fieldModifiers != 0 {
		c.Modifiers = Value{}
	}
	if m&fieldOp != 0 {
		c.Op = StoreReplace
		c.Silent = false
	}
	if m&fieldReturn != 0 {
		c.Return = Value{}
	}
	if m&fieldCharset != 0 {
		c.Charset = Value{}
	}
	if m&fieldKeys != 0 {
		c.Keys = Value{}
	}
	if m&fieldAlgorithm != 0 {
		c.Algorithm = nil
	}
}

// resetAll clears every argument field, one field a statement (a tuple
// assignment builds its values on the stack first and copies them).
func (c *Command) resetAll() {
	c.Seq = SeqSet{}
	c.Mailbox = Value{}
	c.NewName = Value{}
	c.Patterns = Value{}
	c.User = Value{}
	c.Password = Value{}
	c.Identifier = Value{}
	c.Rights = Value{}
	c.Mechanism = nil
	c.InitialResponse = nil
	c.Algorithm = nil
	c.Charset = Value{}
	c.Options = Value{}
	c.Return = Value{}
	c.Modifiers = Value{}
	c.Items = Value{}
	c.Keys = Value{}
	c.Op = StoreReplace
	c.Silent = false
	c.messages = Value{}
}

// setFields makes *v Value{Form: f, Raw: raw, Off: off, lim: lim}, one
// field a statement: assigning a composite to a field of the Command
// builds it on the stack and copies it with wide moves that wait on its
// narrow stores. TestValueSetFields checks that it sets every field.
func (v *Value) setFields(f Form, raw []byte, off int, lim *Limits) {
	v.Raw = raw
	v.Off = off
	v.lim = lim
	v.spans = nil
	v.Form = f
	v.lenient = false
	v.trusted = false
	v.ti = 0
}

// ParseCommand parses b, which must hold exactly one complete command as
// FrameCommand delimits it (its line, every literal it announces, and the
// final CRLF), into c. It validates the whole command in one pass, so an
// error names the first offending byte; on success the iterators of c walk
// it without failing. c's slices alias b.
func (p *Parser) ParseCommand(b []byte, c *Command) error {
	// The fast paths first (cmdfast.go); they hand anything else to the
	// general path. (Small enough to be inlined, so that a caller's loop
	// calls parseFast directly.)
	return c.parseFast(b, p.limits())
}

// parseCommandMode is ParseCommand, without the fast paths of cmdfast.go
// when fast is not set (TestCommandFastMatchesGeneral compares the two).
func (p *Parser) parseCommandMode(b []byte, c *Command, fast bool) error {
	if fast {
		return p.ParseCommand(b, c)
	}
	return parseCommandFrom(b, c, p.limits(), -1)
}

// parseCommandFrom is the general path of ParseCommand: it reads command
// b from the start (at < 0), or, when parseFast read its head and left c
// as reset and the head leave it, from at, after the name.
func parseCommandFrom(b []byte, c *Command, lim *Limits, at int) error {
	if at < 0 {
		c.reset(b, lim)
	}
	s := newScanner(b, 0, lim)
	var err error
	if at >= 0 {
		s.p = at
		err = parseCommandRest(&s, c)
	} else {
		err = parseCommand(&s, c)
	}
	if err != nil {
		c.idx.full = true // marks may be left open
		return err
	}
	if s.p+2 != len(s.b) || s.b[s.p] != '\r' || s.b[s.p+1] != '\n' {
		c.idx.full = true
		if s.atCRLF() && !s.eof() {
			if _, err := s.crlf(false); err != nil {
				return err
			}
			return s.errExpected("end of command")
		}
		if s.eof() {
			return s.errExpected("CRLF")
		}
		return s.errExpected("SP or CRLF")
	}
	return nil
}

// parseCommand reads command = tag SP (command-any / command-auth /
// command-nonauth / command-select), without the final CRLF.
func parseCommand(s *scanner, c *Command) error {
	c.Tag = s.run(cTag)
	if len(c.Tag) == 0 {
		return s.errExpected("tag")
	}
	if !s.eat(' ') {
		return s.errExpected("SP")
	}
	name := s.run(cAtom)
	if len(name) == 0 {
		return s.errExpected("command name")
	}
	kind := CmdUnknown
	if len(name) == 3 && name[0]|0x20 == 'u' && name[1]|0x20 == 'i' && name[2]|0x20 == 'd' {
		if !s.eat(' ') {
			return s.errExpected("SP")
		}
		nameAt := s.p
		if name = s.run(cAtom); len(name) == 0 {
			return s.errExpected("command name after UID")
		}
		c.UID = true
		switch kind = commandKindOf(name); kind {
		case CmdCopy, CmdMove, CmdFetch, CmdSearch, CmdStore, CmdExpunge, CmdSort, CmdThread:
		default:
			return s.errAt(nameAt, "COPY, MOVE, FETCH, SEARCH, STORE, EXPUNGE, SORT or THREAD after UID")
		}
	} else {
		kind = commandKindOf(name)
	}
	c.Name = name
	c.Kind = kind
	return parseCommandRest(s, c)
}

// parseCommandRest reads what follows the command name (parseCommand has
// set c.Name, c.Kind and c.UID).
func parseCommandRest(s *scanner, c *Command) error {
	if s.peek() == ' ' {
		// Args ends before the final CRLF; a command cut short (no room
		// for one) has none, and fails below.
		if len(s.b) >= s.p+3 {
			c.Args = s.b[s.p+1 : len(s.b)-2]
		}
		c.ArgsOff = s.base + s.p + 1
	}
	if c.Kind == CmdUnknown {
		// Name plus raw arguments, checked only as a run of generic
		// values (atoms, strings, literals, lists) within the limits.
		if c.Args == nil {
			return nil
		}
		s.p++
		for n := 0; ; n++ {
			if n >= s.lim.MaxArgs {
				return s.errLimit(s.p, "arguments within MaxArgs")
			}
			if _, err := s.value(); err != nil {
				return err
			}
			if !s.eat(' ') {
				return nil
			}
		}
	}
	if !hasArgs(c.Kind, c.UID) {
		return nil
	}
	if !s.eat(' ') {
		return s.errExpected("SP")
	}
	return parseArgs(s, c)
}

// hasArgs reports whether a command takes arguments after its name.
func hasArgs(k CommandKind, uid bool) bool {
	switch k {
	case CmdCapability, CmdNoop, CmdLogout, CmdStartTLS, CmdNamespace, CmdIdle,
		CmdCheck, CmdClose, CmdUnselect:
		return false
	case CmdExpunge:
		return uid
	}
	return true
}

// parseArgs reads the arguments of a known command, after its SP.
func parseArgs(s *scanner, c *Command) error {
	var err error
	switch c.Kind {
	case CmdAuthenticate:
		// authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]
		if c.Mechanism, err = s.atom(); err != nil {
			return s.errExpected("auth-type")
		}
		if s.eat(' ') {
			start := s.p
			if !s.eat('=') {
				if err := base64Run(s); err != nil {
					return err
				}
			}
			c.InitialResponse = s.b[start:s.p]
		}
	case CmdLogin:
		if c.User, err = cmdAString(s, "userid"); err != nil {
			return err
		}
		if err = s.sp(); err != nil {
			return err
		}
		c.Password, err = cmdAString(s, "password")
	case CmdEnable:
		// enable = "ENABLE" 1*(SP capability)
		c.Items, err = elems(s, elemCapability)
	case CmdSelect, CmdExamine, CmdCreate:
		if c.Mailbox, err = mailbox(s); err != nil {
			return err
		}
		if s.eat(' ') {
			if c.Kind == CmdCreate {
				c.Options, err = optionList(s, "create-params", false, optGeneric)
			} else {
				c.Options, err = optionList(s, "select-params", false, optSelect)
			}
		}
	case CmdDelete, CmdSubscribe, CmdUnsubscribe, CmdGetQuotaRoot, CmdGetACL, CmdMyRights:
		c.Mailbox, err = mailbox(s)
	case CmdGetQuota:
		c.Mailbox, err = cmdAString(s, "quota-root")
	case CmdRename:
		if c.Mailbox, err = mailbox(s); err != nil {
			return err
		}
		if err = s.sp(); err != nil {
			return err
		}
		c.NewName, err = mailbox(s)
	case CmdList:
		err = parseList(s, c)
	case CmdLsub:
		if c.Mailbox, err = mailbox(s); err != nil {
			return err
		}
		if err = s.sp(); err != nil {
			return err
		}
		c.Patterns, err = listMailbox(s)
	case CmdStatus:
		err = parseStatus(s, c)
	case CmdAppend:
		err = parseAppend(s, c)
	case CmdSearch:
		err = parseSearch(s, c)
	case CmdSort:
		err = parseSort(s, c)
	case CmdThread:
		err = parseThread(s, c)
	case CmdFetch:
		err = parseFetch(s, c)
	case CmdStore:
		err = parseStore(s, c)
	case CmdCopy, CmdMove:
		if c.Seq, err = s.seqSet(true, true); err != nil {
			return err
		}
		if err = s.sp(); err != nil {
			return err
		}
		c.Mailbox, err = mailbox(s)
	case CmdExpunge:
		// RFC 4315 section 3: uid-expunge = "UID" SP "EXPUNGE" SP
		// sequence-set; RFC 9051 section 9 keeps it: uid-expunge =
		// "EXPUNGE" SP sequence-set (after "UID" SP). A sequence-set, not
		// a uid-set (which RFC 9051 uses only in response codes and
		// QRESYNC's known-uids), so "*" (the highest UID in use) is
		// allowed, and so is RFC 5182's "$", which extends sequence-set
		// wherever it appears.
		c.Seq, err = s.seqSet(true, true)
	case CmdID:
		err = parseID(s, c)
	case CmdSetQuota:
		err = parseSetQuota(s, c)
	case CmdGetMetadata:
		err = parseGetMetadata(s, c)
	case CmdSetMetadata:
		err = parseSetMetadata(s, c)
	case CmdCompress:
		c.Algorithm, err = s.atom()
	case CmdSetACL, CmdDeleteACL, CmdListRights:
		if c.Mailbox, err = mailbox(s); err != nil {
			return err
		}
		if err = s.sp(); err != nil {
			return err
		}
		if c.Identifier, err = cmdAString(s, "identifier"); err != nil {
			return err
		}
		if c.Kind == CmdSetACL {
			if err = s.sp(); err != nil {
				return err
			}
			c.Rights, err = cmdAString(s, "mod-rights")
		}
	}
	return err
}

// span returns the bytes from start to the scanner's position as a
// pseudo-list value: elements separated by SP, without parentheses, which
// Value.List walks like a list.
func (s *scanner) span(start int) Value {
	return s.val(FormList, s.b[start:s.p], start)
}

// cmdAString reads an astring where a command allows one (literal8 is
// not allowed there); what names the grammar element in errors.
func cmdAString(s *scanner, what string) (Value, error) {
	switch c := s.peek(); {
	case c == '~' && s.p+1 < len(s.b) && s.b[s.p+1] == '{':
		return Value{}, s.errExpected(what + " (literal8 not allowed)")
	case c != '"' && c != '{' && charClass[c]&cAString == 0:
		return Value{}, s.errExpected(what)
	}
	return s.astring()
}

// skipCmdAString validates what cmdAString reads without building a
// Value: atoms and quoted strings without escapes in one tight loop, the
// rest through cmdAString.
func skipCmdAString(s *scanner, what string) error {
	if s.p < len(s.b) {
		switch c := s.b[s.p]; {
		case c == '"':
			if s.skipQuotedFast() {
				return nil
			}
		case c == '~' && s.p+1 < len(s.b) && s.b[s.p+1] == '{':
		case charClass[c]&cAString != 0:
			s.run(cAString)
			return nil
		}
	}
	_, err := cmdAString(s, what)
	return err
}

// mailbox reads mailbox = "INBOX" / astring.
func mailbox(s *scanner) (Value, error) { return cmdAString(s, "mailbox") }

// listMailbox reads list-mailbox = 1*list-char / string.
func listMailbox(s *scanner) (Value, error) {
	switch s.peek() {
	case '"', '{':
		return s.scalar()
	}
	start := s.p
	a := s.run(cList)
	if len(a) == 0 {
		return Value{}, s.errExpected("list-mailbox")
	}
	return s.val(FormAtom, a, start), nil
}

// base64Run reads 1*base64-char with up to two "=" of padding.
func base64Run(s *scanner) error {
	start := s.p
	for s.p < len(s.b) {
		c := s.b[s.p]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' {
			s.p++
			continue
		}
		break
	}
	pad := 0
	for pad < 2 && s.eat('=') {
		pad++
	}
	if s.p == start || (s.p-start)%4 != 0 {
		return s.errAt(start, "base64")
	}
	return nil
}

// optionSet names the options whose values optionList checks by their own
// grammar. (A switch rather than a func value: a scanner passed to an
// indirect call escapes to the heap.)
type optionSet uint8

const (
	optGeneric optionSet = iota
	optSelect            // select-params: CONDSTORE, QRESYNC
	optFetch             // fetch-modifiers: CHANGEDSINCE, VANISHED
	optStore             // store-modifiers: UNCHANGEDSINCE
)

// knownOption reads the value of an option of set that the grammar
// defines (the scanner is just after the option's name) and reports
// whether it knew the name.
func knownOption(s *scanner, set optionSet, name []byte) (bool, error) {
	switch set {
	case optSelect:
		return selectParam(s, name)
	case optFetch:
		return fetchModifier(s, name)
	case optStore:
		return storeModifier(s, name)
	}
	return false, nil
}

// optionList reads "(" option *(SP option) ")" where each option is an
// atom followed by an optional value that is not an atom (a number, a
// string, a sequence set or a list): the shape of RFC 4466's
// create-params, list-select-opts, list-return-opts, select-params,
// store-modifiers and fetch-modifiers. known names the set whose
// grammar-defined options get their values checked. With empty set "()" is
// allowed.
func optionList(s *scanner, what string, empty bool, known optionSet) (Value, error) {
	if !s.eat('(') {
		return Value{}, s.errExpected(what)
	}
	start := s.p
	if s.eat(')') {
		if !empty {
			return Value{}, s.errAt(s.p-1, what+" option")
		}
		return s.val(FormList, s.b[start:start], start), nil
	}
	for n := 0; ; n++ {
		name, err := s.atom()
		if err != nil {
			return Value{}, s.errExpected(what + " option name")
		}
		if n >= s.lim.MaxArgs {
			return Value{}, s.errLimit(s.p, "options within MaxArgs")
		}
		handled, err := knownOption(s, known, name)
		if err != nil {
			return Value{}, err
		}
		if !handled && s.p+1 < len(s.b) && s.b[s.p] == ' ' && isOptionValueStart(s.b[s.p+1]) {
			s.p++
			if err := optionValue(s); err != nil {
				return Value{}, err
			}
		}
		if !s.eat(' ') {
			break
		}
	}
	end := s.p
	if err := s.expect(')', `SP or ")"`); err != nil {
		return Value{}, err
	}
	return s.val(FormList, s.b[start:end], start), nil
}

func isOptionValueStart(c byte) bool {
	return c == '(' || c == '"' || c == '{' || c == '$' || c == '*' || charClass[c]&cDigit != 0
}

// optionValue reads a tagged-ext-val: a list, a string, a number64 or a
// sequence set.
func optionValue(s *scanner) error {
	switch c := s.peek(); {
	case c == '(':
		_, err := s.value()
		return err
	case c == '"' || c == '{':
		_, err := s.scalar()
		return err
	}
	i := s.p
	for i < len(s.b) && charClass[s.b[i]]&cDigit != 0 {
		i++
	}
	if i > s.p && (i == len(s.b) || (s.b[i] != ':' && s.b[i] != ',')) {
		_, err := s.number64()
		return err
	}
	_, err := s.seqSet(true, true)
	return err
}

// selectParam reads QRESYNC's parameters (RFC 7162) and knows CONDSTORE:
//
//	"QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids]
//	    [SP seq-match-data] ")"
//	seq-match-data = "(" known-sequence-set SP known-uid-set ")"
func selectParam(s *scanner, name []byte) (bool, error) {
	switch {
	case equalFoldASCII(name, "CONDSTORE"):
		return true, nil
	case equalFoldASCII(name, "QRESYNC"):
		if err := s.sp(); err != nil {
			return true, err
		}
		return true, qresyncParams(s)
	}
	return false, nil
}

// fetchModifier knows CHANGEDSINCE SP mod-sequence-value and VANISHED
// (RFC 7162).
func fetchModifier(s *scanner, name []byte) (bool, error) {
	switch {
	case equalFoldASCII(name, "VANISHED"):
		return true, nil
	case equalFoldASCII(name, "CHANGEDSINCE"):
		if err := s.sp(); err != nil {
			return true, err
		}
		_, err := modSeq(s, false)
		return true, err
	}
	return false, nil
}

// storeModifier knows UNCHANGEDSINCE SP mod-sequence-valzer (RFC 7162).
func storeModifier(s *scanner, name []byte) (bool, error) {
	if equalFoldASCII(name, "UNCHANGEDSINCE") {
		if err := s.sp(); err != nil {
			return true, err
		}
		_, err := modSeq(s, true)
		return true, err
	}
	return false, nil
}

func qresyncParams(t *scanner) error {
	if err := t.expect('(', `"(" of QRESYNC parameters`); err != nil {
		return err
	}
	if _, err := t.nzNumber(); err != nil {
		return err
	}
	if !t.eat(' ') {
		return t.errExpected("SP")
	}
	if _, err := modSeq(t, false); err != nil {
		return err
	}
	if t.eat(' ') {
		if t.peek() != '(' {
			if _, err := t.seqSet(true, false); err != nil {
				return err
			}
			if !t.eat(' ') {
				return t.expect(')', `")" of QRESYNC parameters`)
			}
		}
		if err := t.expect('(', `"(" of seq-match-data`); err != nil {
			return err
		}
		if _, err := t.seqSet(true, false); err != nil {
			return err
		}
		if !t.eat(' ') {
			return t.errExpected("SP")
		}
		if _, err := t.seqSet(true, false); err != nil {
			return err
		}
		if err := t.expect(')', `")" of seq-match-data`); err != nil {
			return err
		}
	}
	return t.expect(')', `")" of QRESYNC parameters`)
}

// modSeq reads mod-sequence-value = 1*DIGIT (a positive number64), or
// with zero set mod-sequence-valzer, which also allows 0.
func modSeq(s *scanner, zero bool) (uint64, error) {
	start := s.p
	n, err := s.number64()
	if err != nil {
		return 0, err
	}
	if n == 0 && !zero {
		return 0, s.errAt(start, "mod-sequence-value")
	}
	return n, nil
}

// parseList reads list = "LIST" [SP list-select-opts] SP mailbox SP
// mbox-or-pat [SP list-return-opts] (RFC 5258).
func parseList(s *scanner, c *Command) error {
	var err error
	if s.peek() == '(' {
		if c.Options, err = optionList(s, "list-select-opts", true, optGeneric); err != nil {
			return err
		}
		if err = s.sp(); err != nil {
			return err
		}
	}
	if c.Mailbox, err = mailbox(s); err != nil {
		return err
	}
	if err = s.sp(); err != nil {
		return err
	}
	if s.peek() == '(' {
		// patterns = "(" list-mailbox *(SP list-mailbox) ")"
		if c.Patterns, err = parenElems(s, elemListMailbox, false); err != nil {
			return err
		}
	} else if c.Patterns, err = listMailbox(s); err != nil {
		return err
	}
	if s.eat(' ') {
		if !s.keyword("RETURN") {
			return s.errExpected("RETURN")
		}
		if err = s.sp(); err != nil {
			return err
		}
		c.Return, err = optionList(s, "list-return-opts", true, optGeneric)
	}
	return err
}

// isOneOf reports whether b equals one of names, ignoring case.
func isOneOf(b []byte, names []string) bool {
	for _, n := range names {
		if equalFoldASCII(b, n) {
			return true
		}
	}
	return false
}

// astringAndList reads an astring (a mailbox or quota root) into
// c.Mailbox, SP, and a parenthesised list of elements of kind k into
// c.Items.
func astringAndList(s *scanner, c *Command, what string, k elemKind, empty bool) error {
	var err error
	if c.Mailbox, err = cmdAString(s, what); err != nil {
		return err
	}
	if err = s.sp(); err != nil {
		return err
	}
	c.Items, err = parenElems(s, k, empty)
	return err
}

// parseStatus reads status = "STATUS" SP mailbox SP "(" status-att *(SP
// status-att) ")".
func parseStatus(s *scanner, c *Command) error {
	return astringAndList(s, c, "mailbox", elemStatusAtt, false)
}

// parseID reads id = "ID" SP id-params-list; id-params-list = "(" *(string
// SP nstring) ")" / nil (RFC 2971).
func parseID(s *scanner, c *Command) error {
	if s.keyword("NIL") {
		c.Items = s.val(FormNIL, s.b[s.p-3:s.p], s.p-3)
		return nil
	}
	if s.peek() != '(' {
		return s.errExpected(`"(" or NIL`)
	}
	var err error
	c.Items, err = parenElems(s, elemIDPair, true)
	return err
}

// parseSetQuota reads setquota = "SETQUOTA" SP quota-root SP setquota-list;
// setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")";
// setquota-resource = resource-name SP resource-limit (RFC 9208).
func parseSetQuota(s *scanner, c *Command) error {
	return astringAndList(s, c, "quota-root", elemQuotaResource, true)
}

// parseGetMetadata reads getmetadata = "GETMETADATA" [SP
// getmetadata-options] SP mailbox SP getmetadata-entries (RFC 5464):
//
//	getmetadata-options = "(" getmetadata-option *(SP getmetadata-option) ")"
//	getmetadata-option  = "MAXSIZE" SP number / "DEPTH" SP ("0" / "1" / "infinity")
//	getmetadata-entries = entry / "(" entry *(SP entry) ")"
func parseGetMetadata(s *scanner, c *Command) error {
	var err error
	if s.peek() == '(' {
		if c.Options, err = parenElems(s, elemMetadataOption, false); err != nil {
			return err
		}
		if !s.eat(' ') {
			return s.errExpected("SP")
		}
	}
	if c.Mailbox, err = mailbox(s); err != nil {
		return err
	}
	if err = s.sp(); err != nil {
		return err
	}
	if s.peek() == '(' {
		c.Items, err = parenElems(s, elemEntry, false)
		return err
	}
	// One entry: Items holds it as a one-element pseudo-list.
	start := s.p
	if err := elem(s, elemEntry); err != nil {
		return err
	}
	c.Items = s.span(start)
	return nil
}

// parseSetMetadata reads setmetadata = "SETMETADATA" SP mailbox SP
// "(" entry-value *(SP entry-value) ")"; entry-value = entry SP value;
// value = nstring / literal8 (RFC 5464).
func parseSetMetadata(s *scanner, c *Command) error {
	return astringAndList(s, c, "mailbox", elemEntryValue, false)
}

// QResyncParams are the parameters of SELECT's or EXAMINE's QRESYNC
// (RFC 7162 section 3.2.5). A SeqSet left out has a nil Raw.
type QResyncParams struct {
	UIDValidity uint32
	ModSeq      uint64
	// KnownUIDs is the client's known-uids.
	KnownUIDs SeqSet
	// KnownSeqSet and KnownUIDSet are the seq-match-data.
	KnownSeqSet, KnownUIDSet SeqSet
}

// QResync returns SELECT's or EXAMINE's QRESYNC parameters, and false
// when the command has none.
func (c *Command) QResync() (QResyncParams, bool) {
	var q QResyncParams
	if c.Kind != CmdSelect && c.Kind != CmdExamine {
		return q, false
	}
	found := false
	for it := c.Options.List(); it.Next(); {
		v := it.Value()
		if !found {
			found = v.Form == FormAtom && equalFoldASCII(v.Raw, "QRESYNC")
			continue
		}
		i := 0
		for p := v.List(); p.Next(); i++ {
			e := p.Value()
			switch {
			case i == 0:
				n, _ := e.Number()
				q.UIDValidity = uint32(n)
			case i == 1:
				q.ModSeq, _ = e.Number()
			case e.Form == FormList:
				k := e.List()
				if k.Next() {
					q.KnownSeqSet = SeqSet{Raw: k.Value().Raw}
				}
				if k.Next() {
					q.KnownUIDSet = SeqSet{Raw: k.Value().Raw}
				}
			default:
				q.KnownUIDs = SeqSet{Raw: e.Raw}
			}
		}
		return q, true
	}
	return q, false
}

// CondStore reports whether SELECT or EXAMINE asks for CONDSTORE.
func (c *Command) CondStore() bool {
	if c.Kind != CmdSelect && c.Kind != CmdExamine {
		return false
	}
	for it := c.Options.List(); it.Next(); {
		if v := it.Value(); v.Form == FormAtom && equalFoldASCII(v.Raw, "CONDSTORE") {
			return true
		}
	}
	return false
}
