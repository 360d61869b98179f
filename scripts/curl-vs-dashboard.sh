#!/usr/bin/env bash
# What an operator would do instead: refresh 50 clusters (50 jobs each) with
# a loop of `curl --digest` (one process per cluster, as in a `watch`
# one-liner) versus atlas-restores, all against the same `atlas-restores
# simulate` process, whose answers are identical poll to poll:
#   - one `atlas-restores list` of the 50 clusters (a whole process);
#   - the long-running dashboard at `--interval 5s` in its steady state:
#     its CPU over MEASURED seconds divided by the refreshes it made then
#     (polls in its log / 50).
# Reports CPU seconds (user + system; /usr/bin/time with children for curl
# and list, /proc for the dashboard) and HTTP requests per refresh, the
# median of RUNS refreshes each.
# Needs curl, /usr/bin/time and tmux (Debian: apt-get install -y curl time tmux).
# Usage: scripts/curl-vs-dashboard.sh [RUNS] [MEASURED]   (default 3, 60)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
MEASURED=${2:-60}
CLUSTERS=50
JOBS=50
GROUP=000000000000000000006500
TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN="$TARGET_DIR/release/atlas-restores"
WORK=$(mktemp -d)
SOCKET="atlas-curl-$$"
SIM_PID=""
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
# shellcheck source=scripts/common.sh
source scripts/common.sh

for tool in curl /usr/bin/time tmux; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y curl time tmux)" >&2; exit 1; }
done
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked --quiet

write_scenario "$WORK/scenario.json" 1 "$CLUSTERS" "$JOBS"
start_simulator "$WORK/scenario.json"
export CLUSTERS GROUP

# One refresh the operator's way: a curl process per cluster, in turn.
curl_refresh() {
  for c in $(seq 0 $((CLUSTERS - 1))); do
    curl -sS -v --digest -u "$MONGODB_ATLAS_PUBLIC_API_KEY:$MONGODB_ATLAS_PRIVATE_API_KEY" \
      -H 'Accept: application/vnd.atlas.2023-01-01+json' -o /dev/null \
      "$MONGODB_ATLAS_BASE_URL/api/atlas/v2/groups/$GROUP/clusters/c$c/backup/restoreJobs?itemsPerPage=500&pageNum=1"
  done
}
export -f curl_refresh

cluster_flags=()
for c in $(seq 0 $((CLUSTERS - 1))); do cluster_flags+=(--cluster "$GROUP/c$c"); done

# The simulator's default rate limit is a bucket of 100 requests refilled at
# 10/s: let it refill before each refresh.
for run in $(seq "$RUNS"); do
  sleep 11
  /usr/bin/time -o "$WORK/time" -f '%U %S %e' bash -c curl_refresh 2>"$WORK/curl.err"
  read -r user sys wall <"$WORK/time"
  requests=$(grep -c '^> GET ' "$WORK/curl.err")
  echo "curl $user $sys $wall $requests" >>"$WORK/results"

  sleep 11
  rm -f "$WORK/log"
  /usr/bin/time -o "$WORK/time" -f '%U %S %e' \
    "$BIN" list --output json --log-file "$WORK/log" "${cluster_flags[@]}" >/dev/null
  read -r user sys wall <"$WORK/time"
  requests=$(grep -o '"round_trips":[0-9]*' "$WORK/log" | awk -F: '{ s += $2 } END { print s + 0 }')
  echo "atlas $user $sys $wall $requests" >>"$WORK/results"
  echo "run $run done" >&2
done

# The dashboard kept open, refreshing every 5 s: CPU per refresh once
# every cluster has been loaded and polled again.
for run in $(seq "$RUNS"); do
  rm -f "$WORK/dash.log"
  pane_start "$BIN" --interval 5s --log-file "$WORK/dash.log" "${cluster_flags[@]}"
  wait_for "$((CLUSTERS * JOBS)) finished"
  sleep 12
  pid=$(pane_pid)
  ticks=$(cpu_ticks "$pid"); polls=$(polls_in "$WORK/dash.log")
  sleep "$MEASURED"
  ticks=$(($(cpu_ticks "$pid") - ticks)); polls=$(($(polls_in "$WORK/dash.log") - polls))
  awk -v t="$ticks" -v hz="$TICKS" -v p="$polls" -v c="$CLUSTERS" \
    'BEGIN { r = p / c; printf "dashboard %.5f 0 %.3f 1\n", (r > 0 ? t / hz / r : 0), 5 }' >>"$WORK/results"
  echo "dashboard run $run: $ticks ticks over $polls polls ($((polls / CLUSTERS)) refreshes)" >&2
done

figure() { # TOOL FIELD -> median
  awk -v t="$1" -v f="$2" '$1 == t { print (f == "cpu" ? $2 + $3 : (f == "wall" ? $4 : $5)) }' "$WORK/results" | median
}
curl_cpu=$(figure curl cpu); atlas_cpu=$(figure atlas cpu); dash_cpu=$(figure dashboard cpu)
curl_req=$(figure curl req); atlas_req=$(figure atlas req)
echo "== one refresh of $CLUSTERS clusters × $JOBS jobs (median of $RUNS)"
printf '%-36s %10s %10s %10s\n' "" "CPU s" "wall s" "requests"
printf '%-36s %10s %10s %10s\n' "curl --digest loop" "$curl_cpu" "$(figure curl wall)" "$curl_req"
printf '%-36s %10s %10s %10s\n' "atlas-restores list" "$atlas_cpu" "$(figure atlas wall)" "$atlas_req"
printf '%-36s %10s %10s %10s\n' "dashboard, steady state (5s)" "$dash_cpu" "—" "$CLUSTERS"
awk -v c="$curl_cpu" -v a="$atlas_cpu" -v d="$dash_cpu" -v cr="$curl_req" -v ar="$atlas_req" \
  'BEGIN { printf "ratio curl/list: CPU %.1f×, requests %.2f×; curl/dashboard steady state: CPU %.1f×\n", (a > 0 ? c / a : 0), cr / ar, (d > 0 ? c / d : 0) }'
