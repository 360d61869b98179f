#!/usr/bin/env bash
# The README's pictures: the demo (`atlas-restores --demo`) in a real
# terminal emulator, xterm at 160×45 cells (DejaVu Sans Mono 12, 256
# colours, TERM=xterm-256color) on a private Xvfb display, each window
# captured with ImageMagick's `import` into assets/:
#   assets/dashboard-dark.png   --theme dark, white on black
#   assets/dashboard-light.png  --theme light, black on white
#   assets/help-dark.png        the dark dashboard with `?` (help) open
#   assets/timeline-dark.png    the dark dashboard's timeline (`t`)
# Each shot waits for conditions, not for a fixed time: until the
# dashboard's log says every cluster has answered once (or failed), then
# until the window holds still (two captures CALM seconds apart alike),
# each with a deadline of WAIT_SECONDS (60 unless set). The dashboard runs
# with an empty environment and no config file, so a user's settings
# cannot change the pictures. Not a test: .ci/run does not need any of it.
# Needs Xvfb, xterm, ImageMagick (import), xdotool (keys for the help shot)
# and the DejaVu fonts (Debian: apt-get install -y xvfb xterm imagemagick
# xdotool fonts-dejavu-core); --install installs them with apt-get.
# Usage: scripts/screenshots.sh [--install]   (SKIP_BUILD=1: use the binary as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(xvfb xterm imagemagick xdotool fonts-dejavu-core)
GEOMETRY=160x45 # cells
FONT="DejaVu Sans Mono"
FONT_SIZE=12 # points; at 11 an em dash leaves a pixel behind in the next cell
CALM=${CALM:-0.4}
WAIT_SECONDS=${WAIT_SECONDS:-60}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=assets

case "${1:-}" in
  --install)
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y "${PACKAGES[@]}"
    ;;
  "") ;;
  *) echo "usage: scripts/screenshots.sh [--install]" >&2; exit 2 ;;
esac

missing=()
for tool in Xvfb xterm import xdotool fc-list; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -eq 0 ] && ! fc-list ":family=$FONT" | grep -q .; then
  missing+=("the font $FONT")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "missing: ${missing[*]}" >&2
  echo "install with: apt-get install -y ${PACKAGES[*]}   (or: scripts/screenshots.sh --install)" >&2
  exit 1
fi

WORK=$(mktemp -d)
XVFB_PID=""
XTERM_PID=""
stop_xterm() {
  if [ -n "$XTERM_PID" ]; then
    kill "$XTERM_PID" 2>/dev/null || true
    wait "$XTERM_PID" 2>/dev/null || true
    XTERM_PID=""
  fi
}
cleanup() {
  stop_xterm
  if [ -n "$XVFB_PID" ]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked --quiet
[ -x "$TARGET_DIR/release/atlas-restores" ] || { echo "no binary at $TARGET_DIR/release/atlas-restores" >&2; exit 1; }
BIN=$(realpath "$TARGET_DIR/release/atlas-restores") # xterm's child starts elsewhere

# A display of our own: Xvfb picks a free number and writes it to fd 3
# once it accepts clients.
Xvfb -displayfd 3 -screen 0 2560x1600x24 -nolisten tcp 3>"$WORK/display" 2>"$WORK/xvfb.err" &
XVFB_PID=$!
deadline=$(($(date +%s) + WAIT_SECONDS))
until [ -s "$WORK/display" ]; do
  kill -0 "$XVFB_PID" 2>/dev/null || { echo "Xvfb did not start:" >&2; cat "$WORK/xvfb.err" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for Xvfb" >&2; exit 1; }
  sleep 0.05
done
DISPLAY=":$(tr -d '[:space:]' <"$WORK/display")"
export DISPLAY

# What xterm and the dashboard wrote on their standard error.
say_why() {
  local name
  for name in xterm dashboard; do
    [ -s "$WORK/$name.err" ] && { echo "$name said:" >&2; cat "$WORK/$name.err" >&2; }
  done
  return 0
}

# Waits (up to WAIT_SECONDS) until CONDITION (a command) succeeds; says
# what it waited for (DESCRIPTION) when it gives up.
wait_until() {
  local description=$1 deadline=$(($(date +%s) + WAIT_SECONDS))
  shift
  until "$@"; do
    if [ -n "$XTERM_PID" ] && ! kill -0 "$XTERM_PID" 2>/dev/null; then
      echo "xterm (or the dashboard in it) ended while waiting for $description" >&2
      say_why
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "timed out after ${WAIT_SECONDS}s waiting for $description" >&2
      say_why
      exit 1
    fi
    sleep 0.1
  done
}

# Starts the demo with THEME in a fresh xterm, colours FG on BG, and
# waits until every cluster has answered once.
start_demo() {
  local theme=$1 fg=$2 bg=$3
  stop_xterm
  rm -f "$WORK/window" "$WORK/log" "$WORK/dashboard.err"
  mkdir -p "$WORK/home"
  # xterm gives its child the window's id (WINDOWID): written down for
  # `import`, then the dashboard replaces the shell, its errors in a file.
  # shellcheck disable=SC2016 # $WINDOWID, $1 and $2 are the inner shell's
  LC_ALL=C.UTF-8 xterm -u8 -geometry "$GEOMETRY+0+0" -fa "$FONT" -fs "$FONT_SIZE" \
    -bg "$bg" -fg "$fg" -b 8 +sb -tn xterm-256color \
    -xrm 'XTerm*colorMode: true' -xrm 'XTerm*cursorBlink: false' -xrm 'XTerm*forceBoxChars: true' \
    -e sh -c 'echo "$WINDOWID" >"$1.tmp" && mv "$1.tmp" "$1"; err=$2; shift 2; exec "$@" 2>"$err"' \
    sh "$WORK/window" "$WORK/dashboard.err" \
    env -i HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home" TERM=xterm-256color LANG=C.UTF-8 \
    "$BIN" --demo --theme "$theme" --config /dev/null --log-file "$WORK/log" \
    2>"$WORK/xterm.err" &
  XTERM_PID=$!
  wait_until "xterm to start" test -s "$WORK/window"
  WINDOW=$(cat "$WORK/window")
  wait_until "every cluster to answer once" all_answered
}

# True once the log names as many clusters whose poll ended (succeeded or
# failed) as the dashboard said it watches.
all_answered() {
  local targets answered
  targets=$(grep '"message":"dashboard started"' "$WORK/log" 2>/dev/null | grep -o '"targets":[0-9]*' | grep -o '[0-9]*$') || return 1
  answered=$(grep -E '"message":"poll (succeeded|failed)"' "$WORK/log" | grep -o '"cluster":"[^"]*"' | sort -u | wc -l)
  [ "$answered" -ge "$targets" ]
}

# The window's pixels, as a hash; fails when they cannot be read.
window_hash() {
  local pixels
  pixels=$(import -silent -window "$WINDOW" ppm:- 2>/dev/null | md5sum) || return 1
  echo "${pixels%% *}"
}

# True when the window is the same CALM seconds apart (nothing was drawn
# in between), and, with an argument, differs from that earlier hash.
window_calm() {
  local first second
  first=$(window_hash) || return 1
  sleep "$CALM"
  second=$(window_hash) || return 1
  [ "$first" = "$second" ] && [ "$second" != "${1:-}" ]
}

# Writes the window, once it holds still, to assets/NAME.png.
shoot() {
  local name=$1
  wait_until "the window to hold still" window_calm "${2:-}"
  import -silent -window "$WINDOW" -strip -define png:compression-level=9 "$OUT/$name.png"
  echo "$OUT/$name.png: $(identify -format '%wx%h' "$OUT/$name.png"), $(($(stat -c %s "$OUT/$name.png") / 1024)) KB"
}

# Types KEYS into the window (xdotool's key names).
press() {
  xdotool windowfocus --sync "$WINDOW"
  xdotool key --clearmodifiers "$@"
}

start_demo dark white black
shoot dashboard-dark
before=$(window_hash)
press question
shoot help-dark "$before"
before=$(window_hash)
press Escape t
shoot timeline-dark "$before"

start_demo light black white
shoot dashboard-light
