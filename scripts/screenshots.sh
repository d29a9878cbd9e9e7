#!/usr/bin/env bash
# Screenshots of `trompe --demo` in a real terminal: xterm under Xvfb, with
# DejaVu Sans Mono and Noto Color Emoji, captured with ImageMagick's
# `import`, saved as PNGs in screenshots/. The demo is still
# (TROMPE_DEMO_STILL=1: no live activity), so each run draws the same
# screens. Installs what it needs from Debian when it is missing.
#
#   scripts/screenshots.sh            # every shot
#   scripts/screenshots.sh home light # some of them
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in Xvfb:xvfb xterm:xterm import:imagemagick xdotool:xdotool xwininfo:x11-utils; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
for font in fonts-dejavu-core fonts-noto-color-emoji; do
  dpkg -s "$font" >/dev/null 2>&1 || need+=("$font")
done
if ((${#need[@]})); then
  echo "== installing ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi

cargo build --release --locked --quiet
BIN="$PWD/target/release/trompe"
OUT="$PWD/screenshots"
mkdir -p "$OUT"

DISPLAY_NUM=:97
Xvfb "$DISPLAY_NUM" -screen 0 2600x1500x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT
export DISPLAY=$DISPLAY_NUM
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

# shot NAME COLS ROWS "TROMPE ARGS" KEYS...  (a key: `type:TEXT`, `key:NAME`, `wait:SECONDS`)
shot() {
  local name=$1 cols=$2 rows=$3 args=$4
  shift 4
  local tmp
  tmp=$(mktemp -d)
  local title="trompe-shot-$name"
  local bg="#1e2127" fg="#dcdfe4"
  if [ "$name" = light ]; then bg="#ffffff" fg="#24292f"; fi
  # The deck is a layout of the config file.
  if [ "$name" = deck ]; then
    mkdir -p "$tmp/config"
    printf '[ui]\nlayout = "deck"\ncolumns = ["home", "notifications", "local"]\n' >"$tmp/config/config.toml"
  fi
  TROMPE_CONFIG_DIR="$tmp/config" TROMPE_DATA_DIR="$tmp/data" TROMPE_NO_KEYRING=1 \
    TROMPE_DEMO_STILL=1 COLORTERM=truecolor \
    xterm -geometry "${cols}x${rows}+0+0" -fa "DejaVu Sans Mono" -fs 11 \
      -bg "$bg" -fg "$fg" -title "$title" \
      -xrm "XTerm*allowTitleOps: false" -xrm "XTerm*cursorBlink: false" \
      -e "$BIN" --demo $args &
  local term=$!
  local wid=""
  for _ in $(seq 100); do
    wid=$(xdotool search --name "$title" 2>/dev/null | head -1 || true)
    [ -n "$wid" ] && break
    sleep 0.1
  done
  if [ -z "$wid" ]; then echo "no window for $name" >&2; kill $term; return 1; fi
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  sleep 2.5 # the demo loads
  for k in "$@"; do
    case $k in
      type:*) xdotool type --delay 40 "${k#type:}" ;;
      key:*) xdotool key "${k#key:}" ;;
      wait:*) sleep "${k#wait:}" ;;
    esac
    sleep 0.3
  done
  sleep 1.5
  import -window "$wid" "$OUT/$name.png"
  echo "== $OUT/$name.png"
  kill $term 2>/dev/null || true
  wait $term 2>/dev/null || true
  rm -rf "$tmp"
}

SELECTED="${*:-}"

run() { if [ -z "$SELECTED" ] || [[ " $SELECTED " == *" $1 "* ]]; then shot "$@"; fi; }

run home 100 30 ""
run thread 100 30 "" "type::me" key:Return wait:1.5 key:Tab key:Tab wait:1.5 key:Return wait:2
run profile 100 30 "" "type:p" wait:1.5
run notifications 100 30 "" key:Tab wait:1.5
run compose-poll 100 30 "" "type:c" "type:Which terminal do you use? #terminal" key:ctrl+p "type:kitty" key:Return "type:foot" key:Return "type:tmux in anything"
run wide 200 55 "" "type:jjj" wait:2.5
run deck 200 55 ""
run light 100 30 "--theme light"
run relay 100 30 "--relay" wait:2 "type:A" "type:j" key:Return wait:2
