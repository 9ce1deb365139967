#!/usr/bin/env bash
# Server CPU per read from the store: stores 3,000 notifications, then runs bench/request-cost.mjs
# (64 keep-alive connections, 20 s warm-up, S s measured) on a history page (GET /notifications?limit=20,
# read with readBefore), the same page of one topic as a browser asks for it (&topic=all: the audience
# index since the eighteenth session) and on one old notification (GET /admin/notifications/5, older than the 1,000
# kept in memory, so a point read from SQLite). Herald only; prints one JSON line per request shape.
#
#   bench/read-cost.sh [jar=server/target/herald-server.jar] [S=10]
#
# Runs on 127.0.0.1:18480 with its own data directory under bench/out/, and stops by itself.
set -u
cd "$(dirname "$0")/.."
JAR=${1:-server/target/herald-server.jar}; S=${2:-10}; P=18480
. bench/lib.sh
D=bench/out/$(date -u +%Y%m%dT%H%M%SZ)-read-cost; mkdir -p "$D"
trap 'kill ${HERALD_PID:-} 2>/dev/null' EXIT
herald_bg "$JAR" $P "$D/data" "$D/herald.log" HERALD_LIMITS_PUBLISH_RATE=1000000 HERALD_LIMITS_PUBLISH_BURST=1000000
PID=$HERALD_PID
BODY=$(node -e 'console.log(JSON.stringify(Array.from({length:100},(_, i)=>({message:"note "+i}))))')
for _ in $(seq 1 30); do
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "$BODY" "127.0.0.1:$P/notify/batch"
done
node bench/request-cost.mjs $P GET '/notifications?limit=20' "" "$S" $PID
node bench/request-cost.mjs $P GET '/notifications?limit=20&topic=all' "" "$S" $PID
node bench/request-cost.mjs $P GET '/admin/notifications/5' "" "$S" $PID
