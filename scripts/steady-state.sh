#!/usr/bin/env bash
# The dashboard kept open on a whole organisation: 100 clusters × 400 jobs
# (40,000; 10 projects of 10 clusters) at `--interval 30s`, against a
# simulator whose answers are identical poll to poll. After loading and one
# more cycle, measures over MEASURED seconds (default 60): CPU % of one core
# (utime + stime of the dashboard process), the polls it made (its log),
# and its resident memory (VmRSS, VmHWM) at the end. RUNS runs (default 3),
# medians reported. The simulator is a separate process: its CPU is not
# counted. Needs tmux.
# Usage: scripts/steady-state.sh [MEASURED] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURED=${1:-60}
RUNS=${2:-3}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN="$TARGET_DIR/release/atlas-restores"
WORK=$(mktemp -d)
SOCKET="atlas-steady-$$"
SIM_PID=""
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
# shellcheck source=scripts/common.sh
source scripts/common.sh

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked --quiet
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
write_scenario "$WORK/org.json" 10 10 400
start_simulator "$WORK/org.json"
for run in $(seq "$RUNS"); do
  rm -f "$WORK/org.log"
  # shellcheck disable=SC2046
  pane_start "$BIN" --interval 30s --log-file "$WORK/org.log" $(project_flags 10)
  wait_for "40000 finished"
  sleep 35 # every cluster polled once more: the steady state
  pid=$(pane_pid)
  ticks=$(cpu_ticks "$pid"); polls=$(polls_in "$WORK/org.log")
  sleep "$MEASURED"
  ticks=$(($(cpu_ticks "$pid") - ticks)); polls=$(($(polls_in "$WORK/org.log") - polls))
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
  cpu=$(awk -v t="$ticks" -v hz="$TICKS" -v s="$MEASURED" 'BEGIN { printf "%.3f", 100 * t / hz / s }')
  echo "run $run: CPU $cpu % of one core ($ticks ticks in ${MEASURED}s), $polls polls, VmRSS $rss kB, VmHWM $hwm kB"
  echo "$cpu $rss $hwm $polls" >>"$WORK/results"
done
stop_simulator
echo "== median of $RUNS: CPU $(cut -d' ' -f1 "$WORK/results" | median) % of one core," \
  "VmRSS $(cut -d' ' -f2 "$WORK/results" | median) kB, VmHWM $(cut -d' ' -f3 "$WORK/results" | median) kB," \
  "$(cut -d' ' -f4 "$WORK/results" | median) polls in ${MEASURED}s"
