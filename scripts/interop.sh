#!/usr/bin/env bash
# The interoperability suite, in one command:
#
#   bash scripts/interop.sh
#
# 1. makes a virtualenv (target/interop-venv) with the third-party peers,
#    pinned: mastodon-mock (a Mastodon API server), Mastodon.py and toot
#    (Mastodon clients);
# 2. starts mastodon-mock (--demo seed) and `trompe demo-server` on free
#    ports on 127.0.0.1 and waits until both answer /health;
# 3. runs `cargo test --test interop` against mastodon-mock (trompe, library
#    and CLI, as a client of someone else's server, with toot cross-checking
#    what trompe posts), then tests/conformance/conformance.py (Mastodon.py,
#    toot and the trompe CLI as clients of trompe's demo instance);
# 4. stops what it started, whatever happened.
#
# Needs python3 (3.9+) with venv and a reachable PyPI. CI runs it from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

MASTODON_MOCK_VERSION=0.6.1
MASTODON_PY_VERSION=2.3.3
TOOT_VERSION=0.52.1

VENV=${TROMPE_INTEROP_VENV:-target/interop-venv}
PYTHON=${PYTHON:-python3}
started=$(date +%s)
say() { echo "== interop: $*"; }

# --- 1. the peers -----------------------------------------------------------
if ! command -v "$PYTHON" >/dev/null; then
    # A bare image: get Python from the distribution when we may.
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        say "installing python3"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
    else
        echo "interop: $PYTHON is needed (3.9 or newer, with venv)" >&2
        exit 1
    fi
fi
if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
        # Debian splits venv out of python3; install it when we may.
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
            say "installing python3-venv"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        fi
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
    fi
fi
VENV=$(cd "$VENV" && pwd)
PY="$VENV/bin/python"
want="mastodon-mock==$MASTODON_MOCK_VERSION Mastodon.py[websocket-streaming]==$MASTODON_PY_VERSION toot==$TOOT_VERSION"
say "installing $want"
# Already-satisfied pins cost a second; nothing is downloaded twice.
# shellcheck disable=SC2086
"$PY" -m pip install --quiet --disable-pip-version-check $want
"$PY" -m pip --disable-pip-version-check list 2>/dev/null | grep -i -E '^(mastodon|toot)' || true

# --- 2. the servers ---------------------------------------------------------
say "building trompe"
cargo build --locked --quiet --bin trompe
TROMPE_BIN=$(cd "${CARGO_TARGET_DIR:-target}/debug" && pwd)/trompe

work=$(mktemp -d "${TMPDIR:-/tmp}/trompe-interop.XXXXXX")
pids=()
cleanup() {
    local rc=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    # Bounded: uvicorn waits for open streaming sockets on SIGTERM, so
    # whatever is still up after 5 s is killed.
    for _ in $(seq 1 50); do
        alive=0
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "$rc" != 0 ]; then
        for log in "$work"/*.log; do
            [ -f "$log" ] || continue
            echo "---- tail of $log"
            tail -n 40 "$log"
        done
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (bounded) until $1/health answers, or the process $2 died.
wait_health() {
    local url=$1 pid=$2 name=$3
    for _ in $(seq 1 120); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$name exited before it was healthy" >&2
            return 1
        fi
        if "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2).read()' "$url/health" 2>/dev/null; then
            say "$name is up at $url"
            return 0
        fi
        sleep 0.5
    done
    echo "$name did not answer $url/health within 60 s" >&2
    return 1
}

MOCK_PORT=$(free_port)
MOCK_URL="http://127.0.0.1:$MOCK_PORT"
"$VENV/bin/mastodon_mock" serve --in-memory --demo --host 127.0.0.1 --port "$MOCK_PORT" \
    --log-level warning >"$work/mastodon-mock.log" 2>&1 &
pids+=($!)
wait_health "$MOCK_URL" "${pids[-1]}" mastodon-mock

DEMO_PORT=$(free_port)
DEMO_URL="http://127.0.0.1:$DEMO_PORT"
TROMPE_DATA_DIR="$work/demo-data" "$TROMPE_BIN" demo-server --port "$DEMO_PORT" >"$work/demo-server.log" 2>&1 &
pids+=($!)
wait_health "$DEMO_URL" "${pids[-1]}" "trompe demo-server"
DEMO_TOKEN=$(sed -n 's/^TROMPE_TOKEN=//p' "$work/demo-server.log" | head -n 1)

# --- 3. the suites ----------------------------------------------------------
say "cargo test --test interop (trompe against mastodon-mock $MASTODON_MOCK_VERSION)"
TROMPE_INTEROP_URL="$MOCK_URL" TROMPE_INTEROP_TOOT="$VENV/bin/toot" \
    cargo test --locked --test interop -- --test-threads=1

say "conformance (Mastodon.py $MASTODON_PY_VERSION and toot $TOOT_VERSION)"
"$PY" tests/conformance/conformance.py \
    --demo "$DEMO_URL" --demo-token "$DEMO_TOKEN" \
    --mock "$MOCK_URL" \
    --trompe "$TROMPE_BIN" \
    --toot "$VENV/bin/toot" \
    --work "$work"

say "passed in $(( $(date +%s) - started )) s"
