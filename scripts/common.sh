# Shared by the whole-process scripts (sourced, not run): the dashboard in
# a 200×50 tmux pane of a private server, the simulator as a separate
# `atlas-restores simulate` process (so its CPU is not counted), scenario
# files, CPU ticks and medians. Expects BIN, WORK and SOCKET to be set.

TICKS=$(getconf CLK_TCK)

# Runs COMMAND in a fresh 200×50 tmux pane (replacing any earlier one).
pane_start() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  while tmux -L "$SOCKET" has-session 2>/dev/null; do sleep 0.05; done
  # A server that was just killed can still be going away: try again.
  for _ in 1 2 3; do
    # The restore history is kept, as by default, in the work folder.
    tmux -L "$SOCKET" new-session -d -x 200 -y 50 -e "XDG_STATE_HOME=$WORK/state" "$@" && return
    sleep 0.5
  done
  return 1
}
pane_text() { tmux -L "$SOCKET" capture-pane -p 2>/dev/null || true; }
pane_pid() { tmux -L "$SOCKET" display-message -p '#{pane_pid}'; }

# Waits (up to WAIT_SECONDS, 60 s unless set) until the pane shows a line
# matching REGEX.
wait_for() {
  local deadline=$(($(date +%s) + ${WAIT_SECONDS:-60}))
  until pane_text | grep -Eq "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for /$1/" >&2; pane_text >&2; exit 1; }
    sleep 0.05
  done
}

# utime + stime of PID, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# Starts `atlas-restores simulate` on SCENARIO (empty: the demo one) and
# exports the variables the dashboard reads.
start_simulator() {
  local args=(simulate --port 0)
  [ -n "$1" ] && args+=(--scenario "$1")
  rm -f "$WORK/sim.out" # not the last simulator's credentials and port
  "$BIN" "${args[@]}" >"$WORK/sim.out" &
  SIM_PID=$!
  # Its last line: every variable is written by then.
  until grep -q '^Ctrl-C stops it' "$WORK/sim.out" 2>/dev/null; do sleep 0.05; done
  # None of the last simulator's keys may stay behind.
  unset MONGODB_ATLAS_PUBLIC_API_KEY MONGODB_ATLAS_PRIVATE_API_KEY MONGODB_ATLAS_CLIENT_ID MONGODB_ATLAS_CLIENT_SECRET
  set -a
  # shellcheck disable=SC1091
  source <(grep '^MONGODB_ATLAS_' "$WORK/sim.out")
  set +a
}

stop_simulator() { kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""; }

# A scenario of PROJECTS projects of CLUSTERS clusters with JOBS generated
# jobs each (finished automated restores: no countdown on screen).
write_scenario() {
  local file=$1 projects=$2 clusters=$3 jobs=$4
  {
    printf '{"projects":['
    for p in $(seq 0 $((projects - 1))); do
      [ "$p" -gt 0 ] && printf ','
      printf '{"id":"%024x","name":"p%d","clusters":[' "$((0x6500 + p))" "$p"
      for c in $(seq 0 $((clusters - 1))); do
        [ "$c" -gt 0 ] && printf ','
        printf '{"name":"c%d","generatedJobs":%d}' "$c" "$jobs"
      done
      printf ']}'
    done
    printf ']}\n'
  } >"$file"
}
project_flags() { for p in $(seq 0 $(($1 - 1))); do printf -- '--project %024x ' "$((0x6500 + p))"; done; }

# Lines of LOG (the dashboard's --log-file) saying a poll succeeded.
polls_in() { grep -c '"poll succeeded"' "$1" 2>/dev/null || true; }

vm_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
