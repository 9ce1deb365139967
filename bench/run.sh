#!/usr/bin/env bash
# SSE fan-out benchmark: Herald vs the seed's Express server, same machine, same run.
# Not a test: run by hand, it appends a table to bench/RESULTS.md and keeps raw JSON in bench/out/.
#
#   bench/run.sh                         # 1,000 clients x 50 messages @ 20/s (the core issue's target)
#   bench/run.sh 10000 20 5              # clients messages rate
#   SERVERS=herald bench/run.sh ...      # only Herald
#
# Everything runs on 127.0.0.1 and stops by itself. Needs node (18+) and ./herald's JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CLIENTS=${1:-1000}; MESSAGES=${2:-50}; RATE=${3:-20}
HOLD=${HOLD:-5}
SERVERS=${SERVERS:-"herald express"}
SHARED=${SHARED:-$ROOT/../shared}
BENCH=$SHARED/bench/sse-bench.mjs
OUT=$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -gt $((CLIENTS + 500)) ] || { echo "open-file limit $(ulimit -n) too low for $CLIENTS clients" >&2; exit 1; }

JAVA_HOME=$(./herald jdk); export JAVA_HOME
HERALD_JAVA_OPTS=${HERALD_JAVA_OPTS:-"-XX:+UseSerialGC -Xss256k"}
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

start_herald() {
  [ -f server/target/herald-server.jar ] || mvn -B -q -pl server -am package -DskipTests
  SERVER_PORT=18480 SERVER_HOST=127.0.0.1 HERALD_DATA_DIR="$OUT/herald-data" \
    "$JAVA_HOME/bin/java" $HERALD_JAVA_OPTS -jar server/target/herald-server.jar >"$OUT/herald.log" 2>&1 &
  PIDS+=($!); echo $! >"$OUT/herald.pid"; wait_port 18480
}

start_express() {
  local dir=$ROOT/bench/out/express-seed
  if [ ! -d "$dir/node_modules" ]; then
    mkdir -p "$dir"; cp "$SHARED/peers/express-seed/"{package.json,package-lock.json,server.js} "$dir/"
    (cd "$dir" && npm ci --silent --no-audit --no-fund)
  fi
  PORT=18481 node "$dir/server.js" >"$OUT/express.log" 2>&1 &
  PIDS+=($!); echo $! >"$OUT/express.pid"; wait_port 18481
}

for s in $SERVERS; do
  case $s in
    herald) start_herald; port=18480 ;;
    express) start_express; port=18481 ;;
  esac
  pid=$(cat "$OUT/$s.pid")
  echo "bench: $s ($CLIENTS clients x $MESSAGES messages @ $RATE/s)" >&2
  node "$BENCH" --port $port --clients "$CLIENTS" --messages "$MESSAGES" --rate "$RATE" --pid "$pid" --hold "$HOLD" \
    >"$OUT/$s.json" 2>"$OUT/$s.stderr"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

node "$ROOT/bench/report.mjs" "$OUT" "bench/run.sh $CLIENTS $MESSAGES $RATE" $SERVERS | tee -a "$ROOT/bench/RESULTS.md"
