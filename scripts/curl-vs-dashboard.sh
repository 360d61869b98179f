#!/usr/bin/env bash
# What an operator would do instead: refresh 50 clusters (50 jobs each) with
# a loop of `curl --digest` (one process per cluster, as in a `watch`
# one-liner) versus one `atlas-restores list` of the same 50 clusters, both
# against the same `atlas-restores simulate` process. Reports CPU seconds
# (user + system, from /usr/bin/time, children included) and HTTP requests
# per refresh for both, the median of RUNS refreshes each.
# Needs curl and /usr/bin/time (Debian: apt-get install -y curl time).
# Usage: scripts/curl-vs-dashboard.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
CLUSTERS=50
JOBS=50
GROUP=000000000000000000006500
TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN="$TARGET_DIR/release/atlas-restores"
WORK=$(mktemp -d)
SIM_PID=""
trap '[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

for tool in curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y curl time)" >&2; exit 1; }
done
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked --quiet

{
  printf '{"projects":[{"id":"%s","name":"p0","clusters":[' "$GROUP"
  for c in $(seq 0 $((CLUSTERS - 1))); do
    [ "$c" -gt 0 ] && printf ','
    printf '{"name":"c%d","generatedJobs":%d}' "$c" "$JOBS"
  done
  printf ']}]}\n'
} >"$WORK/scenario.json"

"$BIN" simulate --port 0 --scenario "$WORK/scenario.json" >"$WORK/sim.out" &
SIM_PID=$!
until grep -q '^MONGODB_ATLAS_PRIVATE_API_KEY=' "$WORK/sim.out" 2>/dev/null; do sleep 0.05; done
set -a
# shellcheck disable=SC1091
source <(grep '^MONGODB_ATLAS_' "$WORK/sim.out")
set +a
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

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

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

figure() { # TOOL FIELD -> median
  awk -v t="$1" -v f="$2" '$1 == t { print (f == "cpu" ? $2 + $3 : (f == "wall" ? $4 : $5)) }' "$WORK/results" | median
}
curl_cpu=$(figure curl cpu); atlas_cpu=$(figure atlas cpu)
curl_req=$(figure curl req); atlas_req=$(figure atlas req)
echo "== one refresh of $CLUSTERS clusters × $JOBS jobs (median of $RUNS)"
printf '%-28s %10s %10s %10s\n' "" "CPU s" "wall s" "requests"
printf '%-28s %10s %10s %10s\n' "curl --digest loop" "$curl_cpu" "$(figure curl wall)" "$curl_req"
printf '%-28s %10s %10s %10s\n' "atlas-restores list" "$atlas_cpu" "$(figure atlas wall)" "$atlas_req"
awk -v c="$curl_cpu" -v a="$atlas_cpu" -v cr="$curl_req" -v ar="$atlas_req" \
  'BEGIN { printf "ratio curl/atlas-restores: CPU %.1f×, requests %.2f×\n", (a > 0 ? c / a : 0), cr / ar }'
