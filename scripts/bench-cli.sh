#!/usr/bin/env bash
# CLI speed: `trompe timeline home --limit 20` against toot 0.52.1
# `toot timeline -1 -c 20`, on the same server in the same run, with curl
# fetching the same page as the floor (one HTTP request, no decoding).
#
# Starts `trompe demo-server`, installs toot 0.52.1 from PyPI into a venv
# under target/, seeds toot's config to point at the demo instance (in a
# throw-away XDG_CONFIG_HOME), runs each client RUNS times (default 15, at
# least 10) and prints the median user+sys CPU time and peak RSS measured
# with /usr/bin/time.
#
#   scripts/bench-cli.sh            # release build, 15 runs each
#   RUNS=30 scripts/bench-cli.sh
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}
if [ "$RUNS" -lt 10 ]; then RUNS=10; fi
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench-cli: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet
TROMPE=$PWD/target/release/trompe

VENV=$PWD/target/bench-venv
if ! "$VENV/bin/toot" --version 2>/dev/null | grep -q "0.52.1"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check toot==0.52.1
fi
TOOT=$VENV/bin/toot

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TROMPE_DATA_DIR=$WORK/server "$TROMPE" demo-server --port "$PORT" >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q '^TROMPE_TOKEN=' "$WORK/server.out" 2>/dev/null && break
  sleep 0.1
done
INSTANCE=$(sed -n 's/^TROMPE_INSTANCE=//p' "$WORK/server.out")
TOKEN=$(sed -n 's/^TROMPE_TOKEN=//p' "$WORK/server.out")
[ -n "$TOKEN" ] || { echo "bench-cli: the demo server did not start" >&2; cat "$WORK/server.out" >&2; exit 1; }
HOSTPORT=${INSTANCE#http://}

# toot's config: one app and one user for the demo instance.
mkdir -p "$WORK/xdg/toot"
cat >"$WORK/xdg/toot/config.json" <<EOF
{
  "apps": {"$HOSTPORT": {"instance": "$HOSTPORT", "base_url": "$INSTANCE", "client_id": "bench", "client_secret": "bench"}},
  "users": {"demo@$HOSTPORT": {"instance": "$HOSTPORT", "username": "demo", "access_token": "$TOKEN"}},
  "active_user": "demo@$HOSTPORT"
}
EOF

export TROMPE_INSTANCE=$INSTANCE TROMPE_TOKEN=$TOKEN
export TROMPE_CONFIG_DIR=$WORK/trompe-config TROMPE_DATA_DIR=$WORK/trompe-data TROMPE_NO_KEYRING=1
export XDG_CONFIG_HOME=$WORK/xdg NO_COLOR=1 PYTHONDONTWRITEBYTECODE=

# Both must work before being timed.
"$TROMPE" timeline home --limit 20 >"$WORK/trompe.txt"
"$TOOT" timeline -1 -c 20 >"$WORK/toot.txt"
[ -s "$WORK/trompe.txt" ] && [ -s "$WORK/toot.txt" ] || { echo "bench-cli: a client printed nothing" >&2; exit 1; }

# measure NAME CMD...: RUNS runs, one "cpu_seconds rss_kb" line each.
measure() {
  local name=$1; shift
  : >"$WORK/$name.times"
  for _ in $(seq 1 "$RUNS"); do
    "$TIME" -f "%U %S %M" -o "$WORK/$name.one" "$@" >/dev/null 2>"$WORK/$name.err" || {
      echo "bench-cli: $name failed" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    awk '{printf "%.3f %d\n", $1 + $2, $3}' "$WORK/$name.one" >>"$WORK/$name.times"
  done
}

CURL=$(command -v curl) || { echo "bench-cli: curl is needed (apt-get install curl)" >&2; exit 1; }
measure trompe "$TROMPE" timeline home --limit 20
measure toot "$TOOT" timeline -1 -c 20
measure curl "$CURL" -s -H "Authorization: Bearer $TOKEN" "$INSTANCE/api/v1/timelines/home?limit=20"

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
row() {
  local name=$1 label=$2
  local cpu rss
  cpu=$(cut -d' ' -f1 "$WORK/$name.times" | median)
  rss=$(cut -d' ' -f2 "$WORK/$name.times" | median)
  awk -v l="$label" -v c="$cpu" -v r="$rss" 'BEGIN { printf "| %-32s | %17.0f | %12.1f |\n", l, c * 1000, r / 1024 }'
}

echo
echo "Median of $RUNS runs each, same demo instance ($INSTANCE), $(nproc) CPUs"
echo
echo "| command                          | CPU ms (user+sys) | peak RSS MiB |"
echo "|----------------------------------|------------------:|-------------:|"
row trompe "trompe timeline home --limit 20"
row toot "toot 0.52.1 timeline -1 -c 20"
row curl "curl, the same request"
echo
cpu() { cut -d' ' -f1 "$WORK/$1.times" | median; }
awk -v t="$(cpu trompe)" -v o="$(cpu toot)" -v c="$(cpu curl)" 'BEGIN {
  if (c > 0) printf "trompe / curl CPU: %.2fx\n", t / c;
  if (t > 0) printf "toot / trompe CPU: %.1fx\n", o / t;
}'
