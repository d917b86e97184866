#!/usr/bin/env bash
# dovecot.sh: a private Dovecot IMAP server for imapstress's tests and load runs.
#
#   scripts/dovecot.sh start DIR [PORT] [USERS]   install if missing, configure, start, print address
#   scripts/dovecot.sh stop DIR                   stop the instance started in DIR
#   scripts/dovecot.sh env DIR                    print IMAPSTRESS_DOVECOT_* variables for the shell
#
# Everything lives under DIR: the configuration, the passwd-file with user1..userUSERS (password
# "pass"), the maildirs, the logs, base_dir and state_dir. Nothing in /etc is touched, so it runs
# beside a system Dovecot. The plain listener is 127.0.0.1:PORT (default 10143, STARTTLS offered);
# the implicit-TLS listener is 127.0.0.1:PORT+1, both with a self-signed certificate. Limits are
# raised for tens of thousands of sessions. "start" is idempotent: when the instance in DIR is
# already running it only prints its address. Needs root (to install and to start Dovecot).
set -euo pipefail

die() { echo "dovecot.sh: $*" >&2; exit 1; }

usage() {
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 1
}

# running DIR: true when the Dovecot master started from DIR is alive.
running() {
	local pidf="$1/run/master.pid"
	[ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null
}

install_dovecot() {
	command -v dovecot >/dev/null 2>&1 && [ -x /usr/lib/dovecot/imap ] && return 0
	[ "$(id -u)" = 0 ] || die "dovecot-imapd is not installed and we are not root to install it"
	echo "dovecot.sh: installing dovecot-imapd with apt-get" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# policy-rc.d or a missing init system may refuse to start the system service; that
	# is fine, we never use it.
	apt-get install -y -qq --no-install-recommends dovecot-imapd openssl >&2 ||
		command -v dovecot >/dev/null 2>&1 || die "apt-get install dovecot-imapd failed"
}

# wait_port HOST PORT SECONDS: wait until something accepts on HOST:PORT.
wait_port() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	return 1
}

write_config() {
	local dir="$1" port="$2" users="$3"
	mkdir -p "$dir/run" "$dir/state" "$dir/mail" "$dir/tls"
	# The imap processes run as nobody and must traverse DIR to reach the maildirs.
	chmod 0711 "$dir"
	chown nobody:nogroup "$dir/mail"

	if [ ! -s "$dir/tls/cert.pem" ]; then
		openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
			-keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" >/dev/null 2>&1 ||
			die "openssl could not make a self-signed certificate"
		chmod 0600 "$dir/tls/key.pem"
	fi

	# passwd-file: user:{PLAIN}pass, one line per user; rewritten only when USERS changes.
	if [ "$(cat "$dir/users.count" 2>/dev/null || true)" != "$users" ]; then
		awk -v n="$users" 'BEGIN { for (i = 1; i <= n; i++) printf "user%d:{PLAIN}pass\n", i }' \
			>"$dir/passwd.tmp"
		mv "$dir/passwd.tmp" "$dir/passwd"
		echo "$users" >"$dir/users.count"
	fi

	cat >"$dir/dovecot.conf" <<EOF
# Written by scripts/dovecot.sh for imapstress; private to this directory.
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
instance_name = imapstress-$port
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
syslog_facility = local7

ssl = yes
ssl_cert = <$dir/tls/cert.pem
ssl_key = <$dir/tls/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_cache_size = 1M
# A failed login is answered without the usual 2 s delay, and raises no per-address penalty
# (service anvil below): the network fuzzer fails logins on purpose, and the penalty would
# delay every later login from 127.0.0.1, every test's included.
auth_failure_delay = 0

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/mail/%u
}
mail_location = maildir:~/Maildir
first_valid_uid = 1
mail_fsync = never
maildir_very_dirty_syncs = yes
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = create
  }
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
  mailbox Trash {
    special_use = \\Trash
    auto = create
  }
  mailbox Archive {
    special_use = \\Archive
    auto = create
  }
}

# Limits for tens of thousands of sessions from one address.
default_client_limit = 15000
default_process_limit = 12000
default_vsz_limit = 0
mail_max_userip_connections = 100000
login_log_format_elements = user=<%u> method=%m rip=%r lip=%l %c
verbose_proctitle = no
shutdown_clients = yes

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $((port + 1))
    ssl = yes
  }
  # High-performance mode: a few long-lived login processes, each serving many clients.
  service_count = 0
  process_min_avail = 2
  client_limit = 15000
  process_limit = 8
}
service imap {
  process_limit = 12000
  client_limit = 1
  # A few processes forked ahead, so that a login does not wait for one.
  process_min_avail = 4
}
service auth {
  client_limit = 15000
}
service anvil {
  client_limit = 15000
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
protocol imap {
  mail_max_userip_connections = 100000
  imap_idle_notify_interval = 2 mins
}
EOF
}

cmd_start() {
	local dir="${1:-}" port="${2:-10143}" users="${3:-1000}"
	[ -n "$dir" ] || usage
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	if running "$dir"; then
		echo "127.0.0.1:$(cat "$dir/port")"
		return 0
	fi
	install_dovecot
	[ "$(id -u)" = 0 ] || die "starting Dovecot needs root"
	write_config "$dir" "$port" "$users"
	echo "$port" >"$dir/port"
	# Every session costs the master and the login process descriptors.
	ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
	dovecot -c "$dir/dovecot.conf" ||
		die "dovecot did not start; see $dir/dovecot.log: $(tail -n 5 "$dir/dovecot.log" 2>/dev/null)"
	if ! wait_port 127.0.0.1 "$port" 20; then
		cmd_stop "$dir" || true
		die "dovecot is not listening on 127.0.0.1:$port after 20s; see $dir/dovecot.log"
	fi
	echo "127.0.0.1:$port"
}

cmd_stop() {
	local dir="${1:-}"
	[ -n "$dir" ] || usage
	[ -d "$dir" ] || return 0
	dir="$(cd "$dir" && pwd)"
	running "$dir" || return 0
	local pid
	pid="$(cat "$dir/run/master.pid")"
	kill "$pid" 2>/dev/null || true
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

cmd_env() {
	local dir="${1:-}"
	[ -n "$dir" ] || usage
	dir="$(cd "$dir" && pwd)"
	running "$dir" || die "no Dovecot running from $dir"
	local port
	port="$(cat "$dir/port")"
	echo "IMAPSTRESS_DOVECOT_ADDR=127.0.0.1:$port"
	echo "IMAPSTRESS_DOVECOT_TLS_ADDR=127.0.0.1:$((port + 1))"
	echo "IMAPSTRESS_DOVECOT_USERS=$(cat "$dir/users.count")"
}

case "${1:-}" in
start) shift; cmd_start "$@" ;;
stop) shift; cmd_stop "$@" ;;
env) shift; cmd_env "$@" ;;
*) usage ;;
esac
