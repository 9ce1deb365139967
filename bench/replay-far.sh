#!/usr/bin/env bash
# Replay from far behind: a stream whose few events lie behind N events for others (a user's tab
# back after a night). Stores N user-addressed notifications for 1,000 other users, then times five
# reconnects with Last-Event-ID: 1 until the stream's own newest event arrives: a signed-in stream
# (user ann) and an anonymous one on topic "rare". Herald only; prints one line per round.
#
#   bench/replay-far.sh [N=100000] [jar=server/target/herald-server.jar]
#   STORE=redis bench/replay-far.sh ...   # the Redis log (starts its own redis-server on 127.0.0.1:18491)
#
# Runs on 127.0.0.1:18490 with its own data directory under bench/out/, and stops by itself.
set -u
cd "$(dirname "$0")/.."
N=${1:-100000}; JAR=${2:-server/target/herald-server.jar}; P=18490
. bench/lib.sh
D=bench/out/$(date -u +%Y%m%dT%H%M%SZ)-replay-far; mkdir -p "$D"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null' EXIT
STORE_ENV=()
if [ "${STORE:-sqlite}" = redis ]; then
  redis-server --port 18491 --bind 127.0.0.1 --save '' --appendonly no >"$D/redis.log" 2>&1 &
  PIDS+=($!); sleep 0.5
  STORE_ENV=(HERALD_STORE=redis HERALD_REDIS_URL=redis://127.0.0.1:18491)
fi
herald_bg "$JAR" $P "$D/data" "$D/herald.log" "${STORE_ENV[@]}" HERALD_RETENTION_COUNT=$((N + 100)) \
  HERALD_LIMITS_PUBLISH_RATE=1000000 HERALD_LIMITS_PUBLISH_BURST=1000000
PIDS+=("$HERALD_PID")
post() { curl -s -o /dev/null -H 'Content-Type: application/json' -d "$2" "127.0.0.1:$P$1"; }
TOKEN=$(curl -s -H 'Content-Type: application/json' -d '{"user":"ann","ttl":3600}' "127.0.0.1:$P/admin/tokens" \
  | sed 's/.*"token":"\([^"]*\)".*/\1/')
post /notify '{"message":"first for ann","user":"ann"}'
BODY=$(node -e 'console.log(JSON.stringify(Array.from({length:500},(_, i)=>({message:"noise "+i,user:"u"+(i%1000)}))))')
for _ in $(seq 1 $((N / 500))); do post /notify/batch "$BODY"; done
post /notify '{"message":"late for ann","user":"ann"}'
post /notify '{"message":"late on rare","topic":"rare"}'
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for round in 1 2 3 4 5; do
  t=$(date +%s%N)
  grep -m1 -q 'late for ann' < <(curl -s -N -m 30 -H 'Last-Event-ID: 1' "127.0.0.1:$P/events?token=$TOKEN")
  user=$(ms "$t"); t=$(date +%s%N)
  grep -m1 -q 'late on rare' < <(curl -s -N -m 30 -H 'Last-Event-ID: 1' "127.0.0.1:$P/events?topic=rare")
  echo "round $round: $N events for others behind it: signed-in stream $user ms, anonymous topic stream $(ms "$t") ms"
done
