package load

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Cmd names a command that imapstress measures. Metrics are kept per Cmd;
// the variants of a command (FETCH of flags or of a whole body) share one.
type Cmd uint8

// The measured commands. Connect is the time from dialling to the greeting.
const (
	CmdConnect Cmd = iota
	CmdCapability
	CmdStartTLS
	CmdLogin
	CmdAuthenticate
	CmdEnable
	CmdSelect
	CmdExamine
	CmdNoop
	CmdStatus
	CmdList
	CmdFetch
	CmdUIDFetch
	CmdSearch
	CmdUIDSearch
	CmdStore
	CmdUIDStore
	CmdCopy
	CmdMove
	CmdAppend
	CmdExpunge
	CmdIdle
	CmdLogout
	numCmds
)

var cmdNames = [numCmds]string{
	CmdConnect: "CONNECT", CmdCapability: "CAPABILITY", CmdStartTLS: "STARTTLS", CmdLogin: "LOGIN",
	CmdAuthenticate: "AUTHENTICATE", CmdEnable: "ENABLE", CmdSelect: "SELECT", CmdExamine: "EXAMINE",
	CmdNoop: "NOOP", CmdStatus: "STATUS", CmdList: "LIST", CmdFetch: "FETCH", CmdUIDFetch: "UID_FETCH",
	CmdSearch: "SEARCH", CmdUIDSearch: "UID_SEARCH", CmdStore: "STORE", CmdUIDStore: "UID_STORE",
	CmdCopy: "COPY", CmdMove: "MOVE", CmdAppend: "APPEND", CmdExpunge: "EXPUNGE", CmdIdle: "IDLE",
	CmdLogout: "LOGOUT",
}

// String returns the command's report name: the IMAP command in capitals,
// with "UID_" for the UID forms (an interval-log tag cannot hold a space).
func (c Cmd) String() string {
	if c < numCmds {
		return cmdNames[c]
	}
	return "Cmd(" + strconv.Itoa(int(c)) + ")"
}

// ParseCmd returns the Cmd whose String is name (case-insensitive; a space
// may stand for the underscore).
func ParseCmd(name string) (Cmd, bool) {
	name = strings.ReplaceAll(strings.ToUpper(name), " ", "_")
	for c, n := range cmdNames {
		if n == name {
			return Cmd(c), true
		}
	}
	return 0, false
}

// Rules for what may be in flight together (RFC 9051 section 5.5). A
// command that uses message sequence numbers must not be in flight with one
// that can expunge, since an EXPUNGE would renumber the messages under it;
// commands that change the session's state go alone.
type cmdClass uint8

const (
	classMSN       cmdClass = 1 << iota // uses message sequence numbers
	classExpunges                       // can expunge messages
	classExclusive                      // nothing else in flight, before or after
)

var cmdClasses = [numCmds]cmdClass{
	CmdStartTLS: classExclusive, CmdLogin: classExclusive, CmdAuthenticate: classExclusive,
	CmdEnable: classExclusive, CmdSelect: classExclusive, CmdExamine: classExclusive,
	CmdIdle: classExclusive, CmdLogout: classExclusive,
	CmdFetch: classMSN, CmdSearch: classMSN, CmdStore: classMSN, CmdCopy: classMSN,
	CmdMove: classMSN | classExpunges, CmdExpunge: classExpunges,
}

// canPipeline reports whether c may be sent while the commands counted in
// inflight (per class) are outstanding.
func canPipeline(c Cmd, inflight int, msn, expunging int) bool {
	cl := cmdClasses[c]
	switch {
	case inflight == 0:
		return true
	case cl&classExclusive != 0:
		return false
	case cl&classMSN != 0 && expunging > 0:
		return false
	case cl&classExpunges != 0 && msn > 0:
		return false
	}
	return true
}

// MixEntry is one weighted workload command.
type MixEntry struct {
	Name   string // the --mix name, such as "uid-fetch"
	Cmd    Cmd
	Weight int
}

// mixNames maps the --mix names to commands.
var mixNames = map[string]Cmd{
	"noop": CmdNoop, "capability": CmdCapability, "status": CmdStatus, "list": CmdList,
	"select": CmdSelect, "examine": CmdExamine, "fetch": CmdFetch, "uid-fetch": CmdUIDFetch,
	"search": CmdSearch, "uid-search": CmdUIDSearch, "store": CmdStore, "uid-store": CmdUIDStore,
	"copy": CmdCopy, "move": CmdMove, "append": CmdAppend, "expunge": CmdExpunge, "idle": CmdIdle,
}

// MixNames lists the names ParseMix accepts, sorted.
func MixNames() []string {
	names := make([]string, 0, len(mixNames))
	for n := range mixNames {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DefaultMix resembles a desktop client: mostly polling, flag and header
// fetches and searches, some body fetches and flag changes, and the
// occasional append, copy, move and expunge.
const DefaultMix = "noop=8,uid-fetch=30,fetch=8,uid-search=8,search=3,uid-store=8,store=3," +
	"status=6,list=3,select=2,examine=1,copy=3,move=2,append=6,expunge=2,idle=2,capability=1"

// ParseMix parses "name=weight,..." (a name alone weighs 1). It rejects an
// unknown name with the list of valid ones, a weight that is not a
// non-negative integer, a name given twice, and a mix whose weights sum to 0.
func ParseMix(s string) ([]MixEntry, error) {
	var mix []MixEntry
	total := 0
	seen := map[string]bool{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, w, hasWeight := strings.Cut(item, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		c, ok := mixNames[name]
		if !ok {
			return nil, fmt.Errorf("mix: unknown command %q; valid: %s", name, strings.Join(MixNames(), ", "))
		}
		if seen[name] {
			return nil, fmt.Errorf("mix: %q given twice", name)
		}
		seen[name] = true
		weight := 1
		if hasWeight {
			n, err := strconv.Atoi(strings.TrimSpace(w))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("mix: weight of %q is %q, want a non-negative integer", name, w)
			}
			weight = n
		}
		total += weight
		if weight > 0 {
			mix = append(mix, MixEntry{Name: name, Cmd: c, Weight: weight})
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("mix: %q has no command with a positive weight", s)
	}
	return mix, nil
}
