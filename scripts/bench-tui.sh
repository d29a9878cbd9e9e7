#!/usr/bin/env bash
# TUI speed and memory: trompe against toot 0.52.1's `toot tui`, on the same
# demo instance in the same run.
#
#   - start to first frame: from the process's start to the first output
#     that shows a status (the newest post's word "green"), in a
#     pseudo-terminal that answers terminal queries as xterm does
#     (scripts/pty-bench.py), and the RSS at that moment. trompe is
#     measured twice: a cold start (no local cache) and a warm one (the
#     cache of the run before, as on every start but the first).
#   - trompe's RSS once 10,000 statuses are loaded: `G` pressed until the
#     status bar counts them (the demo instance started with
#     `--history 10000`).
#   - trompe's idle CPU over 60 s (IDLE_SECONDS) with the stream connected.
#
# Installs toot 0.52.1 and pyte (the screen reader of the scroll test) from
# PyPI into a venv under target/. Medians of RUNS runs (default 10).
#
#   scripts/bench-tui.sh
#   RUNS=20 IDLE_SECONDS=30 scripts/bench-tui.sh
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
IDLE_SECONDS=${IDLE_SECONDS:-60}
MARKER=green

cargo build --release --quiet
TROMPE=$PWD/target/release/trompe

VENV=$PWD/target/bench-venv
if ! "$VENV/bin/toot" --version 2>/dev/null | grep -q "0.52.1" \
  || ! "$VENV/bin/python" -c 'import pyte' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check toot==0.52.1 pyte==0.8.2
fi
TOOT=$VENV/bin/toot
PY=$VENV/bin/python
PTY="$PY $PWD/scripts/pty-bench.py"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server NAME ARGS...: a demo instance; sets INSTANCE.
start_server() {
  local name=$1; shift
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  TROMPE_DATA_DIR=$WORK/$name "$TROMPE" demo-server --port "$port" "$@" >"$WORK/$name.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    grep -q '^TROMPE_TOKEN=' "$WORK/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  INSTANCE=$(sed -n 's/^TROMPE_INSTANCE=//p' "$WORK/$name.out")
  [ -n "$INSTANCE" ] || { echo "bench-tui: the demo server did not start" >&2; cat "$WORK/$name.out" >&2; exit 1; }
}

start_server seeded
TOKEN=trompe-demo-token
HOSTPORT=${INSTANCE#http://}

mkdir -p "$WORK/xdg/toot"
cat >"$WORK/xdg/toot/config.json" <<EOF
{
  "apps": {"$HOSTPORT": {"instance": "$HOSTPORT", "base_url": "$INSTANCE", "client_id": "bench", "client_secret": "bench"}},
  "users": {"demo@$HOSTPORT": {"instance": "$HOSTPORT", "username": "demo", "access_token": "$TOKEN"}},
  "active_user": "demo@$HOSTPORT",
  "dismiss_tui_deprecation_notice": true
}
EOF
export XDG_CONFIG_HOME=$WORK/xdg TROMPE_NO_KEYRING=1
export TROMPE_INSTANCE=$INSTANCE TROMPE_TOKEN=$TOKEN
export TROMPE_CONFIG_DIR=$WORK/trompe-config

# frames NAME CMD...: RUNS first-frame measures, one "ms rss_kib" line each.
frames() {
  local name=$1 quit=$2; shift 2
  : >"$WORK/$name.frames"
  for _ in $(seq 1 "$RUNS"); do
    if [ "$name" = trompe-cold ]; then rm -rf "$WORK/trompe-data"; fi
    TROMPE_DATA_DIR=$WORK/trompe-data $PTY first-frame --marker "$MARKER" --quit "$quit" -- "$@" \
      >>"$WORK/$name.frames"
  done
}

frames trompe-cold q "$TROMPE"
# One run leaves the cache; then every start is a warm one.
rm -rf "$WORK/trompe-data"
TROMPE_DATA_DIR=$WORK/trompe-data $PTY first-frame --marker "$MARKER" --quit q -- "$TROMPE" >/dev/null
ls "$WORK/trompe-data/cache/"*.json >/dev/null
frames trompe-warm q "$TROMPE"
frames toot q "$TOOT" tui

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { cut -d' ' -f"$2" "$WORK/$1.frames" | median; }

echo
echo "Start to first frame with statuses: median of $RUNS runs, $(nproc) CPUs, $(date -u +%F)"
echo
echo "| client                         | first frame ms | RSS then MiB |"
echo "|--------------------------------|---------------:|-------------:|"
for n in trompe-warm trompe-cold toot; do
  case $n in
    trompe-warm) label="trompe (from its local cache)" ;;
    trompe-cold) label="trompe (no cache: first start)" ;;
    toot) label="toot 0.52.1 tui" ;;
  esac
  awk -v l="$label" -v ms="$(col $n 1)" -v r="$(col $n 2)" 'BEGIN { printf "| %-30s | %14.1f | %12.1f |\n", l, ms, r / 1024 }'
done
awk -v w="$(col trompe-warm 1)" -v c="$(col trompe-cold 1)" -v t="$(col toot 1)" 'BEGIN {
  printf "\ntoot / trompe: %.0fx (from the cache), %.0fx (first start)\n", t / w, t / c }'

# RSS with 10,000 statuses: a second instance with a long home.
start_server long --history 10000
export TROMPE_INSTANCE=$INSTANCE
SCROLLED=$(TROMPE_DATA_DIR=$WORK/trompe-long $PTY scroll --target 10000 --key G --timeout 600 --quit q -- "$TROMPE")
echo
echo "RSS with $(echo "$SCROLLED" | cut -d' ' -f1) statuses loaded: $(echo "$SCROLLED" | awk '{printf "%.1f", $2 / 1024}') MiB"

# Idle CPU with the stream connected (the seeded instance, not live).
export TROMPE_INSTANCE=$(sed -n 's/^TROMPE_INSTANCE=//p' "$WORK/seeded.out")
IDLE=$(TROMPE_DATA_DIR=$WORK/trompe-idle $PTY idle --marker "$MARKER" --seconds "$IDLE_SECONDS" --timeout $((IDLE_SECONDS + 120)) --quit q -- "$TROMPE")
echo "Idle CPU over ${IDLE_SECONDS} s, stream connected: ${IDLE} %"
