#!/usr/bin/env bash
# Whole-process figures of the release binary, measured from outside:
#   1. start-up to first frame (--demo in a pseudo-terminal, until the
#      header is written; scripts/first-frame.py)
#   2. resident memory (VmRSS, median of 3) with 40 jobs, 20,000 jobs
#      (40 clusters × 500) and 40,000 jobs (100 clusters × 400): right after
#      every cluster was loaded and polled once more, and 60 s later
#      (10 s interval); then the cost of a job, (RSS_40k - RSS_40) / 40,000
#   3. CPU over 60 s of no input, with countdowns on screen and with none
# The dashboard runs in a 200×50 tmux pane; the simulator it polls runs as
# a separate `atlas-restores simulate` process, so its CPU is not counted.
# Usage: scripts/process-figures.sh [IDLE_SECONDS]   (default 60)
#        MEMORY_ONLY=1 scripts/process-figures.sh    (memory figures alone)
#        IDLE_ONLY=1 scripts/process-figures.sh      (idle CPU figures alone)
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE_SECONDS=${1:-60}
RUNS=5
TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN="$TARGET_DIR/release/atlas-restores"
WORK=$(mktemp -d)
SOCKET="atlas-bench-$$"
SIM_PID=""
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# shellcheck source=scripts/common.sh
source scripts/common.sh

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked --quiet

# Waits (up to 120 s) until the dashboard's log holds COUNT successful polls.
wait_for_polls() {
  local log=$1 count=$2 deadline=$(($(date +%s) + 120))
  until [ "$(polls_in "$log")" -ge "$count" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for $count polls" >&2; exit 1; }
    sleep 0.2
  done
}

# VmRSS in kB of the dashboard watching PROJECTS × CLUSTERS clusters of JOBS
# jobs each: LOADED once every cluster was loaded and then polled once more,
# LATER 60 s after that.
memory_kb() {
  local projects=$1 clusters=$2 jobs=$3 pid
  write_scenario "$WORK/memory.json" "$projects" "$clusters" "$jobs"
  start_simulator "$WORK/memory.json"
  # A new history each run, unless GONE_TOO: then the run before's jobs
  # (the simulator makes new ids each start) are in it, gone from the list.
  [ -n "${GONE_TOO:-}" ] || rm -rf "$WORK/state"
  rm -f "$WORK/dashboard.log"
  # shellcheck disable=SC2046
  pane_start "$BIN" --interval 10s --log-file "$WORK/dashboard.log" $(project_flags "$projects")
  WAIT_SECONDS=120 wait_for "$((projects * clusters * jobs)) finished"
  wait_for_polls "$WORK/dashboard.log" $((2 * projects * clusters))
  pid=$(pane_pid)
  LOADED=$(vm_rss_kb "$pid")
  sleep 60
  LATER=$(vm_rss_kb "$pid")
  stop_simulator
}

# Medians of 3 runs of memory_kb: MED_LOADED, MED_LATER, and MEM_RUNS.
memory_median() {
  local loaded=() later=()
  MEM_RUNS=""
  for _ in 1 2 3; do
    memory_kb "$@"
    loaded+=("$LOADED")
    later+=("$LATER")
    MEM_RUNS="$MEM_RUNS $LOADED/$LATER"
  done
  MED_LOADED=$(printf '%s\n' "${loaded[@]}" | median)
  MED_LATER=$(printf '%s\n' "${later[@]}" | median)
}

idle_cpu_percent() {
  local pid before after
  pid=$(pane_pid)
  sleep 3
  before=$(cpu_ticks "$pid")
  sleep "$IDLE_SECONDS"
  after=$(cpu_ticks "$pid")
  awk -v t="$((after - before))" -v hz="$TICKS" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.3f", 100 * t / hz / s }'
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

if [ -z "${IDLE_ONLY:-}" ]; then
  if [ -z "${MEMORY_ONLY:-}" ]; then
    echo "== first frame (--demo, median of $RUNS)"
    read -r first runs < <("$(dirname "$0")/first-frame.py" "$RUNS" "$BIN" --demo)
    echo "first frame: $first ms (runs: $runs)"
  fi

  echo "== resident memory (VmRSS kB, median of 3; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset})"
  memory_median 1 1 40
  small_load=$MED_LOADED small_later=$MED_LATER
  echo "40 jobs (1 cluster): $MED_LOADED kB after load, $MED_LATER kB after 60 s (runs, load/60 s:$MEM_RUNS)"
  memory_median 4 10 500
  echo "20k jobs (4 projects × 10 clusters × 500): $MED_LOADED kB after load, $MED_LATER kB after 60 s (runs:$MEM_RUNS)"
  memory_median 10 10 400
  big_load=$MED_LOADED big_later=$MED_LATER
  echo "40k jobs (10 projects × 10 clusters × 400): $MED_LOADED kB after load, $MED_LATER kB after 60 s (runs:$MEM_RUNS)"
  awk -v big="$big_load" -v small="$small_load" -v later="$big_later" -v small_later="$small_later" 'BEGIN {
    printf "per job: %.0f bytes after load, %.0f bytes after 60 s\n", (big - small) * 1024 / 40000, (later - small_later) * 1024 / 40000 }'
  # The history holding jobs gone from Atlas's lists: 20,000 listed, and
  # the 20,000 of the run before gone (loaded for durations and the timeline).
  rm -rf "$WORK/state"
  memory_kb 4 10 500
  GONE_TOO=1 memory_kb 4 10 500
  echo "20k jobs and 20k gone: $LOADED kB after load, $LATER kB after 60 s"
fi

[ -z "${MEMORY_ONLY:-}" ] || exit 0

DEMO_PROJECTS=(--project 6571a3f2c4e8b91d2f0a7c31 --project 65a0f7d3b2c1e4a5f6d7e8f9 --project 65b3e9a1d7c2f4b8a6e0d1c2)

echo "== idle CPU over ${IDLE_SECONDS}s with the clock ticking (demo scenario: a link counting down by the second), default --interval 30s"
start_simulator ""
pane_start "$BIN" "${DEMO_PROJECTS[@]}"
wait_for "updated (just now|[0-9])"
echo "idle with countdowns: $(idle_cpu_percent) % of one core"
stop_simulator

echo "== idle CPU over ${IDLE_SECONDS}s with the clock ticking and --interval 1s (demo scenario)"
start_simulator ""
pane_start "$BIN" "${DEMO_PROJECTS[@]}" --interval 1s
wait_for "updated (just now|[0-9])"
echo "idle with countdowns, polling every second: $(idle_cpu_percent) % of one core"
stop_simulator

echo "== idle CPU over ${IDLE_SECONDS}s with no countdown on screen (finished automated restores only)"
write_scenario "$WORK/quiet.json" 1 3 20
start_simulator "$WORK/quiet.json"
# shellcheck disable=SC2046
pane_start "$BIN" $(project_flags 1)
wait_for "60 finished"
echo "idle without countdowns: $(idle_cpu_percent) % of one core"
stop_simulator
