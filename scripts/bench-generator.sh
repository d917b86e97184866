#!/usr/bin/env bash
# bench-generator.sh: what imapstress itself costs per command.
#
#   scripts/bench-generator.sh [DURATION] [SESSIONS]     defaults: 5s 100
#
# Runs the minimal responder (internal/target/responder: answers every tagged line with
# "TAG OK", writing once per read) as a separate process, then "imapstress load" against it
# with a NOOP-only mix at pipeline depths 1, 16 and 64, both processes with GOMAXPROCS=1.
# Prints commands per second and the generator's CPU nanoseconds per command (getrusage of
# the generator over the measured run; the report's "generator:" line).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-5s}"
sessions="${2:-100}"
tmp="$(mktemp -d)"
trap 'kill "$responder" 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/imapstress" ./cmd/imapstress
go build -o "$tmp/responder" ./internal/target/responder
GOMAXPROCS=1 "$tmp/responder" --addr 127.0.0.1:0 >"$tmp/addr" &
responder=$!
for _ in $(seq 50); do [ -s "$tmp/addr" ] && break; sleep 0.1; done
addr="$(head -n 1 "$tmp/addr")"
printf "%-8s %14s %16s %12s\n" depth "commands/s" "cpu ns/command" "p99"
for depth in 1 16 64; do
	GOMAXPROCS=1 "$tmp/imapstress" load --addr "$addr" --sessions "$sessions" --pipeline "$depth" \
		--mix noop=1 --fill -1 --duration "$duration" --quiet --json "$tmp/r.json" >/dev/null
	python3 - "$tmp/r.json" "$depth" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t, g = r["total"], r["generator"]
print("%-8s %14.0f %16.0f %10.0fus" % (sys.argv[2], t["rate_per_s"], g["cpu_ns_per_command"], t["p99_us"]))
PY
done
