#!/usr/bin/env bash
# Runs the README's collector recipes ("Inside syslog-ng and rsyslog") with the real daemons from Debian packages:
# syslog-ng's program() destination and rsyslog's omprog each start kerio-siem and hand it every Kerio syslog message
# they receive on loopback ports. Each daemon runs as a local process with its own configuration, pid file, sockets
# and work directory under a temporary directory, on ports chosen free at run time. The configurations are the
# README's blocks themselves (after the `<!-- collector-config: NAME -->` markers), with only the ports, the
# kerio-siem path and the output path replaced, plus a test-only copy of what the daemon received.
#
# Per daemon: Samples/security.log is sent with util-linux logger as RFC 3164 over TCP; once its records are out
# (streaming, the daemon still running) the output file is rotated (renamed, then SIGHUP to the daemon), the log is
# sent again as RFC 5424 over UDP and as octet-counted RFC 5424 over TCP, every line of Samples/envelopes.log that
# is a syslog message (<PRI>…) is sent verbatim, then a burst of 14,000 messages over TCP; when the daemon has
# received them all it is stopped with SIGTERM. The rotated file must hold the first records, and both files
# together one valid record per message (`kerio-siem validate`), none unparsed, with the kinds and messages of a
# batch conversion of the sent lines and, for the verbatim envelope lines, the very bytes of that conversion.
#
# First, both blocks as they are, included by Debian's own syslog-ng.conf and rsyslog.conf, must pass the daemons'
# syntax checks (syslog-ng --syntax-only, rsyslogd -N1).
#
# Usage: Scripts/check-collectors.sh [KERIO_SIEM_BINARY]   (default: builds and uses the debug kerio-siem)
# KERIO_SIEM_COLLECTORS_KEEP=1 keeps the temporary directory (configurations, daemon logs, outputs).
# Runs as any user once the daemons are there; installs what is missing (root, Debian): syslog-ng-core with apt-get; rsyslog, which conflicts with it, downloaded
# and unpacked into .build/collectors/rsyslog (KERIO_SIEM_RSYSLOG_ROOT overrides), its libraries installed.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD

fail() {
    echo "check-collectors: FAIL: $*" >&2
    local log
    for log in "${work:-/nonexistent}"/*.log; do
        [[ -f "$log" && "$log" == *syslog* ]] || continue
        echo "--- last lines of $(basename "$log")" >&2
        tail -5 "$log" >&2
    done
    exit 1
}
note() { printf 'check-collectors: %s\n' "$*"; }

bin=${1:-}
if [[ -z "$bin" ]]; then
    swift build --product kerio-siem >/dev/null
    bin="$(swift build --show-bin-path)/kerio-siem"
fi
[[ -x "$bin" ]] || fail "kerio-siem binary not found or not executable: $bin"
bin=$(readlink -f "$bin")
rsyslog_root=${KERIO_SIEM_RSYSLOG_ROOT:-$checkout/.build/collectors/rsyslog}

# --- installing ---------------------------------------------------------------------------------------------------
apt_install() {
    local missing=() package added_policy=
    for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
    ((${#missing[@]})) || return 0
    ((EUID == 0)) || fail "missing Debian packages ${missing[*]} (run as root to install them)"
    note "installing ${missing[*]}"
    # Package scripts must not start a system log daemon on this machine.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        added_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [[ -z "$added_policy" ]] || rm -f /usr/sbin/policy-rc.d
}

install_collectors() {
    command -v python3 >/dev/null || apt_install python3
    command -v logger >/dev/null || apt_install bsdutils
    command -v syslog-ng >/dev/null || apt_install syslog-ng-core
    if [[ ! -x "$rsyslog_root/usr/sbin/rsyslogd" ]]; then
        # rsyslog and syslog-ng-core conflict as packages (both provide system-log-daemon): unpack rsyslog instead.
        local download
        download=$(mktemp -d)
        # A fresh machine may have no package lists yet: update once, then try again.
        (cd "$download" && apt-get download -q rsyslog >/dev/null 2>&1) ||
            { apt-get update -qq && (cd "$download" && apt-get download -q rsyslog >/dev/null 2>&1); } ||
            fail "apt-get download rsyslog failed"
        local deb=("$download"/rsyslog_*.deb)
        local depends
        depends=$(dpkg-deb -f "${deb[0]}" Depends | tr ',' '\n' | sed -E 's/^ *//; s/[ (].*//' | grep -v '^libc6$')
        # shellcheck disable=SC2086  # one package name a word
        apt_install $depends
        rm -rf "$rsyslog_root"
        mkdir -p "$rsyslog_root"
        dpkg -x "${deb[0]}" "$rsyslog_root"
        rm -rf "$download"
    fi
}
install_collectors
rsyslogd="$rsyslog_root/usr/sbin/rsyslogd"
rsyslog_modules=$(dirname "$(find "$rsyslog_root" -name omprog.so -print -quit)")
[[ -f "$rsyslog_modules/omprog.so" ]] || fail "omprog.so not found under $rsyslog_root"

# --- helpers ------------------------------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/kerio-siem-collectors.XXXXXX")
daemon_pid=
helpers=() # background processes of the stop-while-behind check
cleanup() {
    if [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null; then kill -KILL "$daemon_pid" 2>/dev/null || true; fi
    local helper
    for helper in "${helpers[@]}"; do kill -KILL "$helper" 2>/dev/null || true; done
    if [[ -n "${KERIO_SIEM_COLLECTORS_KEEP:-}" ]]; then echo "check-collectors: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# wait_for SECONDS COMMAND...: polls COMMAND every 50 ms until it succeeds; fails after SECONDS.
wait_for() {
    local seconds=$1
    shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.05
    done
}
lines_at_least() { [[ -f "$1" ]] && (($(wc -l <"$1") >= $2)); }
process_gone() { ! kill -0 "$1" 2>/dev/null; }
tcp_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ports free for both TCP and UDP on 127.0.0.1 (the kernel picks them; they are released before the daemon binds).
free_ports() {
    python3 - "$1" <<'PYTHON'
import socket, sys
found, held = [], []
while len(found) < int(sys.argv[1]):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0))
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        t.close(); u.close(); continue
    held += [t, u]
    found.append(port)
print(" ".join(map(str, found)))
PYTHON
}

# readme_block NAME: the code block that follows `<!-- collector-config: NAME -->` in README.md.
readme_block() {
    awk -v marker="<!-- collector-config: $1 -->" '
        $0 == marker { found = 1; next }
        found == 1 && /^```/ { found = 2; next }
        found == 2 && /^```/ { exit }
        found == 2 { print }' README.md
}

# The messages: the lines of Samples/security.log (sent three times, three ways), every syslog message of
# Samples/envelopes.log (sent verbatim) and a burst.
grep '^<' Samples/envelopes.log >"$work/envelopes.syslog"
security_lines=$(wc -l <Samples/security.log)
envelope_lines=$(wc -l <"$work/envelopes.syslog")
first_batch=$security_lines
# A burst of more messages than syslog-ng's program() queue holds (log-fifo-size, 10,000): without flow control
# syslog-ng drops the excess while kerio-siem converts.
burst_copies=${KERIO_SIEM_COLLECTORS_BURST:-400}
for ((copy = 0; copy < burst_copies; copy++)); do cat Samples/security.log; done >"$work/burst.log"
burst_lines=$(wc -l <"$work/burst.log")
total=$((3 * security_lines + envelope_lines + burst_lines))
cat Samples/security.log Samples/security.log Samples/security.log "$work/envelopes.syslog" "$work/burst.log" \
    >"$work/sent.log"
"$bin" -f cef -q "$work/sent.log" >"$work/expected.cef" || fail "batch conversion of the sent lines failed"
"$bin" -f cef -q "$work/envelopes.syslog" >"$work/expected-envelopes.cef"
(($(wc -l <"$work/expected.cef") == total)) || fail "the batch conversion of the sent lines is not one record a line"

# send_first_batch PORT: security.log as RFC 3164 over TCP (LF-framed).
send_first_batch() {
    timeout 10 logger --rfc3164 -T -n 127.0.0.1 -P "$1" -t kerio -p local5.info --size 8192 -f Samples/security.log ||
        fail "logger (RFC 3164, TCP) could not send to port $1"
}
# send_second_batch UDP_TCP_PORT OCTET_COUNTED_PORT: RFC 5424 over UDP, octet-counted RFC 5424 over TCP, and the
# envelope lines verbatim over TCP (LF-framed), then the burst as RFC 3164 over TCP.
send_second_batch() {
    timeout 10 logger --rfc5424 -d -n 127.0.0.1 -P "$1" -t kerio -p local5.info --size 8192 -f Samples/security.log ||
        fail "logger (RFC 5424, UDP) could not send to port $1"
    timeout 10 logger --rfc5424 -T --octet-count -n 127.0.0.1 -P "$2" -t kerio -p local5.info --size 8192 \
        -f Samples/security.log || fail "logger (RFC 5424, octet-counted TCP) could not send to port $2"
    timeout 10 bash -c 'cat "$1" >"/dev/tcp/127.0.0.1/$2"' _ "$work/envelopes.syslog" "$1" ||
        fail "could not send the envelope lines to port $1"
    timeout 30 logger --rfc3164 -T -n 127.0.0.1 -P "$1" -t kerio -p local5.info --size 8192 -f "$work/burst.log" ||
        fail "logger could not send the burst of $burst_lines messages to port $1"
}

# check_output NAME FILE: the records kerio-siem wrote inside the daemon.
check_output() {
    local name=$1 out=$2 count
    count=$(wc -l <"$out")
    ((count == total)) || fail "$name: $count records in kerio-siem's output, expected $total (one per message sent)"
    "$bin" validate -f cef "$out" >"$work/validate.log" 2>&1 ||
        fail "$name: kerio-siem validate rejected the output: $(head -5 "$work/validate.log")"
    ! grep -q '|unparsed|' "$out" || fail "$name: unparsed records: $(grep -m3 '|unparsed|' "$out")"
    # The same record kinds and Kerio messages as the batch conversion of the sent lines (syslog headers differ).
    python3 - "$work/expected.cef" "$out" <<'PYTHON' || fail "$name: records differ from the batch conversion"
import collections, re, sys
def kinds_and_messages(path):
    seen = collections.Counter()
    for line in open(path, encoding="utf-8"):
        header = line.rstrip("\n").split("|", 7)
        message = re.search(r"(?:^| )msg=(.*?)(?= [A-Za-z0-9_]+=|$)", header[7])
        seen[(header[4], message.group(1) if message else None)] += 1
    return seen
expected, actual = kinds_and_messages(sys.argv[1]), kinds_and_messages(sys.argv[2])
if expected != actual:
    for key in (expected - actual): print("missing:", key)
    for key in (actual - expected): print("unexpected:", key)
    sys.exit(1)
PYTHON
    # The envelope lines went through verbatim: their records are byte for byte those of the batch conversion.
    local missing
    missing=$(sort "$work/expected-envelopes.cef" | comm -23 - <(sort "$out") | wc -l)
    ((missing == 0)) || fail "$name: $missing records of the verbatim envelope lines differ from the batch conversion"
    note "$name: $count records, all valid, same kinds and messages as the batch conversion"
}

# stop_daemon NAME CHILD_PID: SIGTERM to the daemon; both it and its kerio-siem must be gone within 15 s.
stop_daemon() {
    kill -TERM "$daemon_pid"
    wait_for 15 process_gone "$daemon_pid" || fail "$1 did not stop within 15 s of SIGTERM"
    wait_for 5 process_gone "$2" || fail "$1 stopped but its kerio-siem (pid $2) still runs"
    wait "$daemon_pid" 2>/dev/null || true
    daemon_pid=
}

# kerio_child: the pid of the kerio-siem the daemon started (syslog-ng's /bin/sh execs it).
kerio_child() {
    local child
    child=$(pgrep -P "$daemon_pid" -x kerio-siem | head -1) || return 1
    [[ -n "$child" ]] && echo "$child"
}

child_replaced() {
    local now
    now=$(kerio_child) && [[ $now != "$1" ]] && process_gone "$1"
}

# run NAME OUT RECEIVED UDP_TCP_PORT OCTET_PORT: the common sequence once the daemon has been started.
run() {
    local name=$1 out=$2 received=$3 port=$4 octet_port=$5 child started=$SECONDS
    wait_for 10 tcp_listening "$port" || fail "$name does not listen on port $port: $(tail -5 "$work/$name.log")"
    send_first_batch "$port"
    wait_for 10 lines_at_least "$out" "$first_batch" ||
        fail "$name: $(wc -l <"$out" 2>/dev/null || echo 0) of $first_batch records out after 10 s (records must stream)"
    child=$(kerio_child) || fail "$name: no kerio-siem child process"
    # Rotation as the README says: rename the output, then SIGHUP; the records that follow go to a new file.
    mv "$out" "$out.1"
    kill -HUP "$daemon_pid"
    if [[ $name == syslog-ng ]]; then
        # A syslog-ng reload closes the program's pipe (and sends SIGTERM, ignored) and starts a new one (README).
        wait_for 10 child_replaced "$child" || fail "syslog-ng did not restart kerio-siem on SIGHUP"
    else
        sleep 0.5 # rsyslog reopens the output= file; kerio-siem keeps running
    fi
    wait_for 10 tcp_listening "$port" || fail "$name stopped listening after SIGHUP"
    send_second_batch "$port" "$octet_port"
    wait_for 30 lines_at_least "$received" "$total" ||
        fail "$name received $(wc -l <"$received") of $total messages within 30 s"
    child=$(kerio_child) || fail "$name: no kerio-siem child process"
    stop_daemon "$name" "$child"
    [[ -f "$out" ]] || fail "$name: no new output file after the rotation and SIGHUP"
    (($(wc -l <"$out.1") == first_batch)) ||
        fail "$name: the rotated file holds $(wc -l <"$out.1") records, expected the first $first_batch"
    cat "$out.1" "$out" >"$work/$name.all.cef"
    check_output "$name" "$work/$name.all.cef"
    note "$name: done in $((SECONDS - started)) s"
}

# --- syslog-ng: program() -----------------------------------------------------------------------------------------
check_syslog_ng() {
    local dir="$work/syslog-ng" port octet_port version
    mkdir -p "$dir"
    read -r port octet_port <<<"$(free_ports 2)"
    version=$(syslog-ng --version | awk -F': ' '/^Installer-Version/ { split($2, v, "."); print v[1] "." v[2] }')
    local block
    block=$(readme_block syslog-ng)
    [[ -n "$block" ]] || fail "README.md has no syslog-ng collector block"
    {
        echo "@version: $version"
        printf '%s\n' "$block" |
            sed -e "s|port(514)|ip(127.0.0.1) port($port)|g" -e "s|port(601)|ip(127.0.0.1) port($octet_port)|g" \
                -e "s|/usr/local/bin/kerio-siem|$bin|g" -e "s|/var/log/kerio/security.cef|$dir/security.cef|g"
        # Test only: a copy of what syslog-ng received, to know when every message has arrived.
        echo 'destination d_received { file("'"$dir"'/received.log" template("$(replace-delimiter \"\n\" \" \" ${RAWMSG})\n")); };'
        echo 'log { source(s_kerio); destination(d_received); };'
    } >"$dir/syslog-ng.conf"
    syslog-ng --no-caps -F -e -f "$dir/syslog-ng.conf" -R "$dir/persist" -p "$dir/pid" -c "$dir/ctl" \
        >"$work/syslog-ng.log" 2>&1 &
    daemon_pid=$!
    note "syslog-ng $version (pid $daemon_pid) on 127.0.0.1 ports $port (UDP, TCP) and $octet_port (octet-counted TCP)"
    run syslog-ng "$dir/security.cef" "$dir/received.log" "$port" "$octet_port"
}

# --- syslog-ng stopped while kerio-siem is behind ----------------------------------------------------------------
# The output is a FIFO whose reader this script pauses: kerio-siem blocks writing, its input pipe fills, syslog-ng
# queues (flow control). Then syslog-ng stops. Every message syslog-ng wrote into the pipe (its `written` counter)
# must come out as a record once the reader resumes: kerio-siem, deaf to syslog-ng's SIGTERM (`trap '' TERM`),
# reads its input to the end. With a bare `exec`, the SIGTERM ends the input and the lines still in the pipe are lost.
program_written() {
    syslog-ng-ctl stats -c "$1" | sed -n 's/.*d_kerio_siem#0;.*;a;written;\([0-9]*\)$/\1/p'
}
check_syslog_ng_stopped_behind() {
    local dir="$work/syslog-ng-behind" port octet_port version block reader sender child written previous=-1 i
    mkdir -p "$dir"
    read -r port octet_port <<<"$(free_ports 2)"
    version=$(syslog-ng --version | awk -F': ' '/^Installer-Version/ { split($2, v, "."); print v[1] "." v[2] }')
    block=$(readme_block syslog-ng)
    {
        echo "@version: $version"
        printf '%s\n' "$block" |
            sed -e "s|port(514)|ip(127.0.0.1) port($port)|g" -e "s|port(601)|ip(127.0.0.1) port($octet_port)|g" \
                -e "s|/usr/local/bin/kerio-siem|$bin|g" -e "s|/var/log/kerio/security.cef|$dir/fifo|g"
    } >"$dir/syslog-ng.conf"
    mkfifo "$dir/fifo"
    cat "$dir/fifo" >"$dir/security.cef" &
    reader=$!
    helpers+=("$reader")
    syslog-ng --no-caps -F -e -f "$dir/syslog-ng.conf" -R "$dir/persist" -p "$dir/pid" -c "$dir/ctl" \
        >"$work/syslog-ng-behind.log" 2>&1 &
    daemon_pid=$!
    wait_for 10 tcp_listening "$port" || fail "syslog-ng does not listen on port $port"
    send_first_batch "$port"
    wait_for 10 lines_at_least "$dir/security.cef" "$first_batch" || fail "syslog-ng (behind): no records"
    child=$(kerio_child) || fail "syslog-ng (behind): no kerio-siem child process"
    kill -STOP "$reader"
    timeout 30 logger --rfc3164 -T -n 127.0.0.1 -P "$port" -t kerio -p local5.info --size 8192 -f "$work/burst.log" &
    sender=$!
    helpers+=("$sender")
    # Wait until syslog-ng can write no more into kerio-siem's input (the counter stands still for 1 s).
    for ((i = 0; i < 40; i++)); do
        written=$(program_written "$dir/ctl")
        [[ "$written" != "$previous" ]] || break
        previous=$written
        sleep 0.5
    done
    ((i < 40)) || fail "syslog-ng (behind): its written counter did not settle"
    ((written > first_batch)) || fail "syslog-ng (behind): nothing written into the pipe after the reader paused"
    kill -TERM "$daemon_pid"
    wait_for 15 process_gone "$daemon_pid" || fail "syslog-ng did not stop within 15 s of SIGTERM"
    daemon_pid=
    kill -CONT "$reader"
    wait_for 15 process_gone "$child" || fail "syslog-ng (behind): kerio-siem still runs 15 s after syslog-ng stopped"
    wait "$reader" || true
    kill "$sender" 2>/dev/null || true
    wait "$sender" 2>/dev/null || true
    local count
    count=$(wc -l <"$dir/security.cef")
    # syslog-ng may still write a little while it stops. Its counter also takes in the message its transport holds
    # when the pipe is full (seen: one short, the output ending with a whole record), dropped when it stops; a bare
    # `exec` loses the pipe's contents (hundreds of records). So: all but at most one, in order, none skipped.
    ((count >= written - 1)) ||
        fail "syslog-ng (behind): syslog-ng wrote $written messages into kerio-siem's input, only $count records came out"
    cat Samples/security.log "$work/burst.log" | head -n "$count" | "$bin" -f cef -q >"$work/behind-expected.cef"
    python3 - "$work/behind-expected.cef" "$dir/security.cef" <<'PYTHON' ||
import re, sys
def kinds_and_messages(path):
    for line in open(path, encoding="utf-8"):
        header = line.rstrip("\n").split("|", 7)
        message = re.search(r"(?:^| )msg=(.*?)(?= [A-Za-z0-9_]+=|$)", header[7])
        yield header[4], message.group(1) if message else None
sys.exit(list(kinds_and_messages(sys.argv[1])) != list(kinds_and_messages(sys.argv[2])))
PYTHON
        fail "syslog-ng (behind): the records are not those of the first $count messages sent, in order"
    "$bin" validate -f cef "$dir/security.cef" >"$work/validate.log" 2>&1 ||
        fail "syslog-ng (behind): kerio-siem validate rejected the output: $(head -5 "$work/validate.log")"
    ! grep -q '|unparsed|' "$dir/security.cef" || fail "syslog-ng (behind): unparsed records"
    note "syslog-ng stopped while kerio-siem was behind: $written messages in its input, $count records, all valid"
}

# --- rsyslog: omprog ----------------------------------------------------------------------------------------------
check_rsyslog() {
    local dir="$work/rsyslog" port block
    mkdir -p "$dir"
    read -r port <<<"$(free_ports 1)"
    block=$(readme_block rsyslog)
    [[ -n "$block" ]] || fail "README.md has no rsyslog collector block"
    {
        echo "global(workDirectory=\"$dir\")"
        # Test only: a copy of what rsyslog received, written by the same ruleset.
        printf '%s\n' "$block" |
            sed -e "s|port=\"514\"|address=\"127.0.0.1\" port=\"$port\"|g" \
                -e "s|/usr/local/bin/kerio-siem|$bin|g" -e "s|/var/log/kerio/security.cef|$dir/security.cef|g" \
                -e "s|^}$|    action(type=\"omfile\" file=\"$dir/received.log\" template=\"kerio_raw\")\n}|"
    } >"$dir/rsyslog.conf"
    grep -q received.log "$dir/rsyslog.conf" || fail "the README's rsyslog block has no ruleset closing with '}'"
    "$rsyslogd" -n -M "$rsyslog_modules" -f "$dir/rsyslog.conf" -i "$dir/pid" >"$work/rsyslog.log" 2>&1 &
    daemon_pid=$!
    note "rsyslog $("$rsyslogd" -v | awk 'NR == 1 { print $2 }') (pid $daemon_pid) on 127.0.0.1 port $port (UDP, TCP)"
    run rsyslog "$dir/security.cef" "$dir/received.log" "$port" "$port"
}

# --- deployment: the blocks, verbatim, included by the packages' own main configurations --------------------------
check_deployment() {
    local dir="$work/deploy"
    mkdir -p "$dir/syslog-ng.d" "$dir/rsyslog.d"
    readme_block syslog-ng >"$dir/syslog-ng.d/kerio.conf"
    readme_block rsyslog >"$dir/rsyslog.d/kerio.conf"
    [[ -f /etc/syslog-ng/syslog-ng.conf ]] || fail "no /etc/syslog-ng/syslog-ng.conf (package syslog-ng-core)"
    grep -q '^@include "/etc/syslog-ng/conf.d/\*.conf"' /etc/syslog-ng/syslog-ng.conf ||
        fail "Debian's syslog-ng.conf no longer includes /etc/syslog-ng/conf.d/*.conf (README)"
    sed "s|/etc/syslog-ng/conf.d/|$dir/syslog-ng.d/|" /etc/syslog-ng/syslog-ng.conf >"$dir/syslog-ng.conf"
    syslog-ng --syntax-only -f "$dir/syslog-ng.conf" >"$work/deploy-syslog-ng.log" 2>&1 ||
        fail "syslog-ng refuses the README block in /etc/syslog-ng/conf.d: $(cat "$work/deploy-syslog-ng.log")"
    grep -q '^\$IncludeConfig /etc/rsyslog.d/\*.conf' "$rsyslog_root/etc/rsyslog.conf" ||
        fail "Debian's rsyslog.conf no longer includes /etc/rsyslog.d/*.conf (README)"
    sed -e "s|/etc/rsyslog.d/|$dir/rsyslog.d/|" -e "s|^\$WorkDirectory .*|\$WorkDirectory $dir|" \
        "$rsyslog_root/etc/rsyslog.conf" >"$dir/rsyslog.conf"
    "$rsyslogd" -N1 -M "$rsyslog_modules" -f "$dir/rsyslog.conf" >"$work/deploy-rsyslog.log" 2>&1 ||
        fail "rsyslog refuses the README block in /etc/rsyslog.d: $(cat "$work/deploy-rsyslog.log")"
    note "deployment: both README blocks, verbatim, pass the daemons' syntax checks inside Debian's main configurations"
}

started=$SECONDS
check_deployment
note "kerio-siem: $bin; $total messages per daemon ($security_lines lines of security.log × 3, $envelope_lines envelopes, a burst of $burst_lines)"
check_syslog_ng || exit
check_syslog_ng_stopped_behind || exit
check_rsyslog || exit
note "passed in $((SECONDS - started)) s"
