#!/usr/bin/env bash
# The node against a third-party relay, in one command:
#
#   bash scripts/relay-interop.sh
#
# 1. makes a virtualenv (target/relay-venv) with activityrelay (pinned), the
#    Pleroma relay, from PyPI;
# 2. gives the relay and two trompe nodes each a name and its own loopback
#    address in /etc/hosts (relay.trompe.test 127.0.0.10, a.trompe.test
#    127.0.0.11, b.trompe.test 127.0.0.12), and makes a throwaway CA and a
#    certificate for each name with the openssl CLI: activityrelay only
#    speaks to https://NAME on port 443 and verifies certificates, so every
#    peer serves TLS on 443 and everyone trusts the CA (SSL_CERT_FILE, read
#    by Python's ssl and by trompe's rustls-platform-verifier);
# 3. starts activityrelay (plain HTTP on a free port) behind
#    scripts/tls-proxy.py on relay.trompe.test:443, and the two nodes with
#    `trompe relay serve --tls-cert/--tls-key` on their names' port 443;
# 4. both nodes subscribe to https://relay.trompe.test/actor and wait until
#    the relay accepts; node A posts a Note; the relay Announces it to node
#    B, which fetches the Note from A and stores it (`trompe relay objects`);
# 5. node B posts from its TUI's compose pane (tmux; the TUI reads the node
#    its `relay serve` serves), and node A gets the post through the relay;
# 6. node B unsubscribes, and the relay's /followers no longer lists it.
#
# Every wait is bounded (60 s) and says what never came, with the logs.
# Everything it started is stopped on exit, and the /etc/hosts lines it
# added are removed. Needs python3 (3.10+) with venv, openssl, a reachable
# PyPI, and root (port 443, /etc/hosts) unless the names already resolve
# and binding 443 is allowed. CI runs it from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIVITYRELAY_VERSION=0.3.5

VENV=${TROMPE_RELAY_VENV:-target/relay-venv}
PYTHON=${PYTHON:-python3}
WAIT=60
RELAY_HOST=relay.trompe.test RELAY_IP=127.0.0.10
A_HOST=a.trompe.test A_IP=127.0.0.11
B_HOST=b.trompe.test B_IP=127.0.0.12
HOSTS_MARK="# trompe relay-interop"
started=$(date +%s)
say() { echo "== relay-interop: $*"; }

root() { [ "$(id -u)" = 0 ]; }
apt_updated=0
apt_install() {
    if ! command -v apt-get >/dev/null || ! root; then
        echo "relay-interop: $* needed (install it, or run as root on Debian/Ubuntu)" >&2
        exit 1
    fi
    if [ "$apt_updated" = 0 ]; then
        apt-get update -qq
        apt_updated=1
    fi
    say "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- 1. the relay -----------------------------------------------------------
command -v "$PYTHON" >/dev/null || apt_install python3 python3-venv
command -v openssl >/dev/null || apt_install openssl
if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
        # Debian splits venv out of python3.
        rm -rf "$VENV"
        apt_install python3-venv
        "$PYTHON" -m venv "$VENV"
    fi
fi
VENV=$(cd "$VENV" && pwd)
PY="$VENV/bin/python"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "relay-interop: activityrelay $ACTIVITYRELAY_VERSION needs Python 3.10 or newer ($VENV has $("$PY" -V))" >&2
    exit 1
fi
say "installing activityrelay==$ACTIVITYRELAY_VERSION"
"$PY" -m pip install --quiet --disable-pip-version-check "activityrelay==$ACTIVITYRELAY_VERSION"

if [ -n "${TROMPE_BIN:-}" ]; then
    TROMPE_BIN=$(cd "$(dirname "$TROMPE_BIN")" && pwd)/$(basename "$TROMPE_BIN")
else
    # In CI, scripts/interop.sh has just built it: this only checks it is fresh.
    say "building trompe (debug)"
    cargo build --locked --quiet --bin trompe
    TROMPE_BIN=$(cd "${CARGO_TARGET_DIR:-target}/debug" && pwd)/trompe
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/trompe-relay-interop.XXXXXX")
export TROMPE_NO_KEYRING=1
export TROMPE_LOG="trompe=debug,trompe_federation=debug,warn"
node() { # node NAME ARGS...: trompe as that node
    local dir="$work/node-$1"
    shift
    TROMPE_CONFIG_DIR="$dir/config" TROMPE_DATA_DIR="$dir/data" "$TROMPE_BIN" "$@" </dev/null
}
pids=()
hosts_added=0
exec 3>&1 4>&2
cleanup() {
    local rc=$?
    # Neither a failing command nor a second Ctrl-C or TERM may cut the
    # cleanup short.
    set +e
    trap '' INT TERM
    # A signal's trap runs inside the redirections of the function it
    # interrupted (e.g. `until_ok … >/dev/null`): speak to the script's own.
    exec 1>&3 2>&4
    # Node B's TUI, when it was started.
    [ -S "$work/tmux.sock" ] && tmux -S "$work/tmux.sock" kill-server 2>/dev/null
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    # Bounded: whatever is still up after 5 s is killed.
    for _ in $(seq 1 50); do
        alive=0
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do
        # activityrelay's push workers are its children.
        pkill -9 -P "$pid" 2>/dev/null || true
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "$hosts_added" = 1 ]; then
        # In place: /etc/hosts may be a bind mount that cannot be replaced.
        grep -v -F "$HOSTS_MARK" /etc/hosts >"$work/hosts" || true
        cat "$work/hosts" >/etc/hosts
    fi
    if [ "$rc" != 0 ]; then
        for log in "$work"/*.log "$work"/node-*/data/logs/*.log; do
            [ -f "$log" ] || continue
            echo "---- tail of $log"
            grep -v -F -e 'Loading static resource' -e 'INFO trompe: shutting down' \
                -e 'INFO trompe: runtime down' "$log" | tail -n 80
        done
        for n in a b; do
            [ -f "$work/node-$n/data/relay/node.sqlite" ] || continue
            echo "---- trompe relay status, node $n"
            node "$n" relay status || true
            node "$n" relay objects || true
        done
    fi
    if [ -n "${TROMPE_RELAY_INTEROP_KEEP:-}" ]; then
        echo "relay-interop: kept $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 2. names and certificates ----------------------------------------------
resolves_to() {
    "$PY" -c 'import socket, sys
try:
    print(socket.gethostbyname(sys.argv[1]))
except OSError:
    pass' "$1"
}
for pair in "$RELAY_HOST=$RELAY_IP" "$A_HOST=$A_IP" "$B_HOST=$B_IP"; do
    name=${pair%%=*} ip=${pair#*=}
    [ "$(resolves_to "$name")" = "$ip" ] && continue
    if ! root || [ ! -w /etc/hosts ]; then
        echo "relay-interop: $name must resolve to $ip: add \"$ip $name\" to /etc/hosts, or run as root" >&2
        exit 1
    fi
    echo "$ip $name $HOSTS_MARK" >>/etc/hosts
    hosts_added=1
    [ "$(resolves_to "$name")" = "$ip" ] || { echo "relay-interop: $name still does not resolve to $ip" >&2; exit 1; }
done
say "names: $RELAY_HOST $RELAY_IP, $A_HOST $A_IP, $B_HOST $B_IP"

tls="$work/tls"
mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=trompe relay-interop test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>>"$work/openssl.log"
for name in "$RELAY_HOST" "$A_HOST" "$B_HOST"; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -subj "/CN=$name" -keyout "$tls/$name.key" -out "$tls/$name.csr" 2>>"$work/openssl.log"
    printf '%s\n' "subjectAltName=DNS:$name" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
        "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >"$tls/$name.ext"
    openssl x509 -req -in "$tls/$name.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
        -CAcreateserial -days 2 -extfile "$tls/$name.ext" -out "$tls/$name.pem" 2>>"$work/openssl.log"
done
# Python's ssl (OpenSSL) and rustls-native-certs both read SSL_CERT_FILE; with
# it set, only the test CA is trusted, which is all this test talks to.
export SSL_CERT_FILE="$tls/ca.pem"
say "test CA and certificates in $tls"

# wait_get URL NAME PID...: waits (bounded) until GET URL answers 200 over
# TLS, or one of the processes died.
wait_get() {
    local url=$1 name=$2 err="" pid
    shift 2
    for _ in $(seq 1 $((WAIT * 2))); do
        for pid in "$@"; do
            if ! kill -0 "$pid" 2>/dev/null; then
                echo "relay-interop: $name exited before it answered $url" >&2
                return 1
            fi
        done
        if err=$("$PY" -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2).read()' "$url" 2>&1); then
            say "$name is up at $url"
            return 0
        fi
        sleep 0.5
    done
    echo "relay-interop: $name did not answer $url within $WAIT s: ${err##*$'\n'}" >&2
    return 1
}

# --- 3. the relay and the nodes ---------------------------------------------
relay_dir="$work/relay"
mkdir -p "$relay_dir"
RELAY_PORT=$("$PY" -c 'import socket, sys; s = socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$RELAY_IP")
cat >"$relay_dir/relay.yaml" <<EOF
listen: $RELAY_IP
port: $RELAY_PORT
domain: $RELAY_HOST
workers: 1
database_type: sqlite
cache_type: database
sqlite_path: relay.sqlite3
EOF
relay() { "$VENV/bin/activityrelay" -c "$relay_dir/relay.yaml" "$@"; }
# `setup` makes the database and the relay's key, then asks whether to run.
echo n | relay setup --skip-questions >"$work/relay-setup.log" 2>&1 || true
relay config set log-level DEBUG >>"$work/relay-setup.log" 2>&1
(cd "$relay_dir" && exec "$VENV/bin/activityrelay" -c "$relay_dir/relay.yaml" run) >"$work/relay.log" 2>&1 &
pids+=($!)
relay_pid=$!
"$PY" scripts/tls-proxy.py --listen "$RELAY_IP:443" --upstream "$RELAY_IP:$RELAY_PORT" \
    --cert "$tls/$RELAY_HOST.pem" --key "$tls/$RELAY_HOST.key" >"$work/tls-proxy.log" 2>&1 &
pids+=($!)
wait_get "https://$RELAY_HOST/actor" "activityrelay $ACTIVITYRELAY_VERSION behind tls-proxy.py" "$relay_pid" "${pids[-1]}"

for n in a b; do
    host_var="${n^^}_HOST" ip_var="${n^^}_IP"
    host=${!host_var} ip=${!ip_var}
    node "$n" relay init --public-url "https://$host" --name "trompe-$n" >/dev/null
    # Not through node(): $! must be trompe itself, not a subshell.
    TROMPE_CONFIG_DIR="$work/node-$n/config" TROMPE_DATA_DIR="$work/node-$n/data" \
        "$TROMPE_BIN" relay serve --listen "$ip:443" --allow-private-addresses \
        --tls-cert "$tls/$host.pem" --tls-key "$tls/$host.key" </dev/null >"$work/node-$n.log" 2>&1 &
    pids+=($!)
    wait_get "https://$host/.well-known/nodeinfo" "node $n" "${pids[-1]}"
done

# --- 4. subscribe, post, receive --------------------------------------------
# Waits (bounded) until `$2` succeeds, polling every half second.
until_ok() {
    local what=$1
    shift
    for _ in $(seq 1 $((WAIT * 2))); do
        if "$@"; then
            return 0
        fi
        sleep 0.5
    done
    echo "relay-interop: $what within $WAIT s" >&2
    return 1
}
subscription_state() { # NODE: the state of its subscription to the relay
    node "$1" --json relay status | "$PY" -c 'import json, sys
subs = [s for s in json.load(sys.stdin)["subscriptions"] if s["kind"] == "relay"]
print(subs[0]["state"] if subs else "none", (subs[0].get("error") or "") if subs else "")'
}
accepted() {
    local state
    state=$(subscription_state "$1")
    case "$state" in
        accepted*) return 0 ;;
        rejected* | error*) echo "relay-interop: node $1's subscription: $state" >&2; exit 1 ;;
    esac
    return 1
}
for n in a b; do
    node "$n" relay subscribe "https://$RELAY_HOST/actor" --allow-private-addresses
done
for n in a b; do
    if ! until_ok "node $n's subscription to the relay was not accepted" accepted "$n"; then
        node "$n" relay status >&2 || true
        exit 1
    fi
    say "node $n: subscription accepted by $RELAY_HOST"
done

text="Hello from node A through activityrelay $(date +%s)"
node a relay post "$text" --allow-private-addresses
received() {
    node b --json relay objects | "$PY" -c 'import json, sys
want = sys.argv[1]
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    doc = json.loads(line)
    if want in (doc.get("content") or ""):
        # Fetched from its origin: the id and the author are node A\x27s.
        if not doc["id"].startswith(sys.argv[2] + "/objects/") or doc.get("attributedTo") != sys.argv[2] + "/actor":
            sys.exit(f"stored, but not as from node A: {doc}")
        print(doc["id"], "by", doc.get("attributedTo"))
        sys.exit(0)
sys.exit(1)' "$text" "https://$A_HOST"
}
until_ok "node B did not store node A's post (relay Announce, then a fetch from A)" received >/dev/null
stored=$(received)
say "node B stored: $stored"
# It came through the relay: activityrelay's Announce carries only the
# Note's id, so B had the text from A itself (a signed GET of the id).
object_id=${stored%% *}
listing=$(node b relay objects)
if [[ "$listing" != *"$object_id (via https://$RELAY_HOST/actor)"* ]]; then
    echo "$listing" >&2
    echo "relay-interop: node B has $object_id, but not via the relay" >&2
    exit 1
fi
say "node B has it via https://$RELAY_HOST/actor"

# Node B posts from the TUI's compose pane (the TUI reads the node that
# `relay serve` serves, and posts through it): A gets it through the relay.
command -v tmux >/dev/null || apt_install tmux
# The TUI takes its settings from the config: the peers live on loopback.
sed -i 's/^allow_private_addresses = false/allow_private_addresses = true/' "$work/node-b/config/config.toml"
grep -q '^allow_private_addresses = true' "$work/node-b/config/config.toml" ||
    { echo "relay-interop: could not allow private addresses for node B's TUI" >&2; exit 1; }
tmux_sock="$work/tmux.sock"
tui() { tmux -S "$tmux_sock" "$@"; }
tui new-session -d -s b -x 100 -y 30 \
    "env TROMPE_CONFIG_DIR='$work/node-b/config' TROMPE_DATA_DIR='$work/node-b/data' TROMPE_NO_KEYRING=1 SSL_CERT_FILE='$SSL_CERT_FILE' '$TROMPE_BIN' 2>'$work/tui-b.err'; sleep 60"
screen_has() { tui capture-pane -p -t b | grep -qF -- "$1"; }
shows_relay_tab() { screen_has "Relay"; }
if ! until_ok "node B's TUI did not show its Relay tab" shows_relay_tab; then
    tui capture-pane -p -t b >&2 || true
    cat "$work/tui-b.err" >&2 || true
    exit 1
fi
tui_text="Hello from node B's compose pane $(date +%s)"
tui send-keys -t b c
composing() { screen_has "ctrl-s"; }
until_ok "node B's compose pane did not open" composing || { tui capture-pane -p -t b >&2; exit 1; }
tui send-keys -t b -l "$tui_text"
tui send-keys -t b C-s
posted() { screen_has "Posted: https://$B_HOST/objects/"; }
if ! until_ok "node B's TUI did not post" posted; then
    tui capture-pane -p -t b >&2 || true
    exit 1
fi
say "node B posted from its TUI"
received_by_a() {
    node a --json relay objects | "$PY" -c 'import json, sys
want = sys.argv[1]
found = [json.loads(l) for l in sys.stdin if l.strip() and want in (json.loads(l).get("content") or "")]
sys.exit(0 if found and found[0].get("attributedTo") == sys.argv[2] else 1)' "$tui_text" "https://$B_HOST/actor"
}
until_ok "node A did not receive node B's post from the TUI" received_by_a
say "node A stored the post node B made in its TUI"
tui send-keys -t b q
tui kill-server 2>/dev/null || true

# Unsubscribing: the relay drops B from its subscribers (its /followers).
relay_has() { # ACTOR: is it among the relay's subscribers?
    "$PY" -c 'import json, sys, urllib.request
doc = json.load(urllib.request.urlopen(sys.argv[1], timeout=5))
sys.exit(0 if sys.argv[2] in doc.get("items", []) else 1)' "https://$RELAY_HOST/followers" "$1"
}
relay_has "https://$B_HOST/actor" || { echo "relay-interop: node B is not among the relay's subscribers" >&2; exit 1; }
node b relay unsubscribe "https://$RELAY_HOST/actor" --allow-private-addresses
gone() { ! relay_has "https://$B_HOST/actor"; }
until_ok "the relay still lists node B after its Undo" gone
relay_has "https://$A_HOST/actor" || { echo "relay-interop: the relay dropped node A too" >&2; exit 1; }
say "node B unsubscribed; the relay keeps only node A"

say "passed in $(( $(date +%s) - started )) s"
