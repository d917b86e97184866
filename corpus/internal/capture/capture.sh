#!/usr/bin/env bash
# capture.sh: record the corpus captures from a fresh private Dovecot and from the embedded
# go-imap v2 target, replacing corpus/responses/{dovecot,goimap}-*.txt and
# corpus/sessions/{dovecot,goimap}-session-*.txt. Run from the repository root
# ("make corpus-capture"). Needs root, as scripts/dovecot.sh does.
#
#   corpus/internal/capture/capture.sh [DIR] [PORT]
#
# DIR (default /tmp/imapstress-capture-dovecot) is wiped first, so the account starts empty and
# the captures differ from run to run only in times, UIDVALIDITY and the like. The Dovecot gets
# the quota, acl, zlib and metadata settings of dovecot-extra.conf beside this script.
set -euo pipefail

dir="${1:-/tmp/imapstress-capture-dovecot}"
port="${2:-10243}"
here="$(dirname "$0")"
go="${GO:-go}"

scripts/dovecot.sh stop "$dir"
rm -rf "$dir"
scripts/dovecot.sh start "$dir" "$port" 2 >/dev/null
scripts/dovecot.sh stop "$dir"
cat "$here/dovecot-extra.conf" >>"$dir/dovecot.conf"
dovecot -c "$dir/dovecot.conf"
trap 'scripts/dovecot.sh stop "$dir"' EXIT
for ((i = 0; i < 100; i++)); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
	sleep 0.1
done

"$go" run ./corpus/internal/capture -server dovecot -addr "127.0.0.1:$port" -out corpus
"$go" run ./corpus/internal/capture -server goimap -out corpus
