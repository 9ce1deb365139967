#!/usr/bin/env bash
# Herald benchmarks: Herald vs the seed's Express server, same machine, same run.
# Not a test: run by hand; it appends a section to bench/RESULTS.md, keeps raw JSON in bench/out/
# and draws the latency percentiles of fan-out runs into bench/out/<run>/latency.png.
#
#   bench/run.sh                          # fanout 1000 50 20 (the issue's first target)
#   bench/run.sh fanout 10000 20 5        # clients messages rate (also: bench/run.sh 10000 20 5)
#   bench/run.sh idle 19000 60            # connections held idle for S seconds: RSS and heap per
#                                         # connection after a GC, native memory (NMT), idle CPU
#                                         # (IDLE_WINDOW=S: CPU measured over S seconds, default 30; S + 45 < hold)
#   bench/run.sh storm 10000 20           # reconnect storm: clients, events missed while away (Herald only);
#                                         # measures the second storm (the first warms the JVM up; WARMUP=0: cold)
#   bench/run.sh publish 100 64 10 [B]    # publish throughput: subscribers, concurrent publishers, seconds (Herald only);
#                                         # B > 1: each request is POST /notify/batch with B notifications;
#                                         # PUBLISH_WARMUP=S seconds of the same load first (default 30: C2 compiles for ~20-25 s at this load)
#                                         # PUBLISH_CLIENT=http: publish with Node's http client instead of raw sockets (~2x the client CPU)
#                                         # PUBLISH_CLIENT=wrk: publish with wrk (apt-get install -y wrk), the lightest client (unpaced only)
#                                         # PUBLISH_RATE=5000: paced at 5,000 notifications/s in all (every subscriber must keep up)
#                                         # PUBLISH_TOPIC=T PUBLISH_BYSTANDERS=N: subscribers and notifications on topic T, plus N
#                                         # streams on the default topics that no notification is for
#                                         # PUBLISH_USER=U: the subscribers sign in as U, every notification is addressed to U
#   bench/run.sh soak 20 300              # minutes, streams: a mixed load (churn, topics, users, receipts, retracts,
#                                         # schedules, refused bodies, an operator) held that long; live heap, RSS,
#                                         # threads, files every 30 s: does anything grow with time? (SOAK_ARGS="--rate 80")
#                                         # SOAK_CLUSTER=1: two nodes on a redis-server of the run's own (its memory too)
#   SERVERS=herald bench/run.sh ...       # only Herald (fanout, idle)
#   WARMUP=full bench/run.sh fanout ...   # warm each server up with the whole scenario first (same process), then measure
#   SERVERS="floor herald express" bench/run.sh fanout ...  # floor: bench/FloorServer.java, the least work any
#                                         # SSE server can do (no storage, no HTTP library): what this machine
#                                         # and this client can measure at all
#   HERALD_JAR=server/target/old.jar ... # measure another build of the server (A/B in one session)
#   HERALD_OBSERVE_PORT=18482 bench/run.sh storm ...  # health on its own listener (curl polls that port)
#   SUB_PATH=/observe/health SERVERS=herald bench/run.sh idle 19000 60  # plain HTTP/1.1 keep-alive connections
#                                         # idle after one answered request: what Helidon itself keeps per connection
#   WARMUP=0 bench/run.sh ...             # skip the warm-up load (200 clients x 300 messages @ 100/s) before measuring
#
# Everything runs on 127.0.0.1 and stops by itself. Needs node (18+) and ./herald's JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCENARIO=fanout
case "${1:-}" in fanout|idle|storm|publish|soak) SCENARIO=$1; shift ;; esac
SERVERS=${SERVERS:-"herald express"}
SHARED=${SHARED:-$ROOT/../shared}
BENCH=$SHARED/bench/sse-bench.mjs
OUT=$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-$SCENARIO
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# HERALD_JAR: another build to compare (keep it in server/target/, its Class-Path points at libs/ there).
JAR=${HERALD_JAR:-server/target/herald-server.jar}
. bench/lib.sh # JAVA_HOME, HERALD_JAVA_OPTS, wait_port, herald_bg
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT


start_herald() { # extra JVM flags as arguments
  herald_bg "$JAR" 18480 "$OUT/herald-data" "$OUT/herald.log" -- "$@"
  PIDS+=("$HERALD_PID"); echo "$HERALD_PID" >"$OUT/herald.pid"
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

start_floor() {
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC bench/FloorServer.java 18483 >"$OUT/floor.log" 2>&1 &
  PIDS+=($!); echo $! >"$OUT/floor.pid"; wait_port 18483
}

stop() { kill "$1"; wait "$1" 2>/dev/null || true; }
rss_kb() { awk '/VmRSS/ {print $2}' /proc/"$1"/status; }
# One soak sample as a JSON line: the live heap, RSS, threads, open files, the data dir and the
# connected count. The live heap is a class histogram's total (it runs a full GC first) less the
# GC's filler arrays: Serial's full GC compacts the old generation completely only every fourth time
# (MarkSweepAlwaysCompactCount) and fills the dead space it leaves with jdk.internal.vm.FillerElement[],
# which "used" counts, a 4-sample sawtooth of up to 17 MB that looked like a leak.
soak_sample() { # pid t0 phase [port data-dir]
  local port=${4:-18480} dir=${5:-$OUT/herald-data} live db conn
  live=$("$JAVA_HOME/bin/jcmd" "$1" GC.class_histogram | awk '/^Total/ {t=$3} /FillerElement/ {f+=$3} END {printf "%d", (t-f)/1024}')
  db=$(du -sk "$dir" | cut -f1)
  conn=$(curl -s -m 5 "http://127.0.0.1:$port/admin/stats" | grep -o '"connected":[0-9]*' | head -1 | cut -d: -f2)
  printf '{"phase":"%s","seconds":%d,"port":%d,"liveKb":%s,"rssKb":%s,"threads":%s,"fds":%s,"dataKb":%s,"connected":%s}\n' \
    "$3" $(( $(date +%s) - $2 )) "$port" "${live:-null}" "$(rss_kb "$1")" "$(awk '/Threads/ {print $2}' /proc/"$1"/status)" \
    "$(ls /proc/"$1"/fd | wc -l)" "$db" "${conn:-null}"
}
heap_used_kb() { "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | grep -o 'used [0-9]*K' | tr -dc '0-9\n' | awk '{s+=$1} END {print s}'; }

# Memory of the connected, idle Herald after a full GC: RSS and heap deltas, NMT diff, histogram.
probe_memory() { # pid clients stderr-file
  local pid=$1 n=$2 err=$3
  until grep -q "connected [0-9]* of" "$err" 2>/dev/null; do sleep 0.2; done
  # Idle CPU over a quiet window first (the deliveries are over after ~10 s; the jcmd probes below
  # cost seconds of CPU themselves and would count as "idle" load in the bench's own figure).
  # IDLE_WINDOW: the heartbeats of all streams start in step (all last wrote at the same time), so a
  # window shorter than a few heartbeat intervals over- or under-counts them: compare builds or
  # intervals with a long one (e.g. IDLE_WINDOW=240 with hold 290).
  local window=${IDLE_WINDOW:-30}
  sleep 12
  local t0 t1; t0=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
  sleep "$window"
  t1=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
  echo "{\"idleCpuPercent\": $(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" -v w="$window" 'BEGIN {printf "%.2f", 100 * (b - a) / hz / w}'), \"seconds\": $window}" >"$OUT/herald-idle-cpu.json"
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null; sleep 1
  local rss heap
  rss=$(rss_kb "$pid"); heap=$(heap_used_kb "$pid")
  "$JAVA_HOME/bin/jcmd" "$pid" VM.native_memory summary.diff >"$OUT/herald-nmt-diff.txt" 2>&1 || true
  "$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram 2>/dev/null | head -30 >"$OUT/herald-histogram.txt" || true
  echo "{\"rssKbAfterGc\": $rss, \"heapUsedKbAfterGc\": $heap, \"clients\": $n}" >"$OUT/herald-memory-connected.json"
}

run_sse() { # server port clients messages rate hold [settle-ms]
  local s=$1 port=$2 pid
  pid=$(cat "$OUT/$s.pid")
  if [ "${WARMUP:-1}" = full ]; then # the whole scenario once first, on the same server process: measures warm code only
    node "$BENCH" --port "$port" --clients "$3" --messages "$4" --rate "$5" --sources 4 --drain 10000 >"$OUT/$s-warmup.json" 2>/dev/null
  elif [ "${WARMUP:-1}" = 1 ]; then # a fresh JVM compiles for seconds: warm both servers up the same way first
    node "$BENCH" --port "$port" --clients 200 --messages 300 --rate 100 --drain 2000 >"$OUT/$s-warmup.json" 2>/dev/null
  fi
  echo "bench: $s ($3 clients x $4 messages @ $5/s, hold $6 s)" >&2
  node "$BENCH" --port "$port" --clients "$3" --messages "$4" --rate "$5" --pid "$pid" --hold "$6" --path "${SUB_PATH:-/events}" \
    --settle "${7:-2000}" --sources 4 --drain 10000 >"$OUT/$s.json" 2>"$OUT/$s.stderr"
}

case $SCENARIO in
  fanout)
    CLIENTS=${1:-1000}; MESSAGES=${2:-50}; RATE=${3:-20}; HOLD=${HOLD:-5}
    for s in $SERVERS; do
      case $s in herald) start_herald; port=18480 ;; express) start_express; port=18481 ;; floor) start_floor; port=18483 ;; esac
      run_sse "$s" $port "$CLIENTS" "$MESSAGES" "$RATE" "$HOLD"
      stop "$(cat "$OUT/$s.pid")"
    done
    node bench/report.mjs fanout "$OUT" "bench/run.sh fanout $CLIENTS $MESSAGES $RATE" $SERVERS | tee -a bench/RESULTS.md
    ;;
  idle)
    CLIENTS=${1:-19000}; HOLD=${2:-60}
    for s in $SERVERS; do
      case $s in
        herald)
          start_herald -XX:NativeMemoryTracking=summary; port=18480; pid=$(cat "$OUT/herald.pid")
          sleep 2; "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null; sleep 1
          echo "{\"rssKbAfterGc\": $(rss_kb "$pid"), \"heapUsedKbAfterGc\": $(heap_used_kb "$pid")}" >"$OUT/herald-memory-empty.json"
          "$JAVA_HOME/bin/jcmd" "$pid" VM.native_memory baseline >/dev/null
          probe_memory "$pid" "$CLIENTS" "$OUT/herald.stderr" & probe=$!
          run_sse herald $port "$CLIENTS" 5 5 "$HOLD" 15000
          wait $probe ;;
        express) start_express; port=18481; run_sse express $port "$CLIENTS" 5 5 "$HOLD" ;;
      esac
      stop "$(cat "$OUT/$s.pid")"
    done
    node bench/report.mjs idle "$OUT" "bench/run.sh idle $CLIENTS $HOLD" $SERVERS | tee -a bench/RESULTS.md
    ;;
  storm)
    CLIENTS=${1:-10000}; MISSED=${2:-20}
    start_herald; pid=$(cat "$OUT/herald.pid")
    if [ "${WARMUP:-1}" = 1 ]; then # a first storm on the fresh JVM, not measured: C2 compiles for seconds
      node bench/storm.mjs --port 18480 --clients "$CLIENTS" --missed "$MISSED" --sources 4 >"$OUT/storm-warmup.json" 2>/dev/null
      sleep 1
    fi
    # Health is also polled from a separate process (curl): the bench's own event loop is busy with
    # 10,000 sockets during the storm and delays the answers it times itself.
    ( while [ ! -f "$OUT/storm.json" ] || [ ! -s "$OUT/storm.json" ]; do
        # status, total, TCP connect done, first byte (s): a slow connect is the kernel/accept queue, a slow
        # first byte after it is the server's own work
        # (and the wall clock at the end, to line the stalls up with a GC log or the storm's phases)
        { curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total} %{time_connect} %{time_starttransfer} ' \
            "http://127.0.0.1:${HERALD_OBSERVE_PORT:-18480}/observe/health" || true; date +%s.%N; } >>"$OUT/health-curl.txt"
        sleep 0.1; done ) & poller=$!
    node bench/storm.mjs --port 18480 --clients "$CLIENTS" --missed "$MISSED" --sources 4 >"$OUT/storm.json" 2>"$OUT/storm.stderr"
    kill $poller 2>/dev/null || true; wait $poller 2>/dev/null || true
    stop "$pid"
    node bench/report.mjs storm "$OUT" "bench/run.sh storm $CLIENTS $MISSED" | tee -a bench/RESULTS.md
    ;;
  publish)
    SUBS=${1:-100}; CONC=${2:-64}; SECS=${3:-10}; BATCH=${4:-1}
    if [ "${PUBLISH_CLIENT:-}" = wrk ] && ! { command -v wrk && command -v gcc; } >/dev/null; then
      echo "PUBLISH_CLIENT=wrk needs wrk and gcc (apt-get install -y wrk gcc)" >&2; exit 1
    fi
    # The per-operator publish rate limit (200/s by default) would answer 429: lift it for this run.
    # (and PUBLISH_USER's subscribers are one user's streams, 50 at most by default)
    HERALD_LIMITS_PUBLISH_RATE=1000000 HERALD_LIMITS_PUBLISH_BURST=1000000 HERALD_LIMITS_CONNECTIONS_USER=1000000 \
      start_herald; pid=$(cat "$OUT/herald.pid")
    node bench/publish.mjs --port 18480 --subscribers "$SUBS" --concurrency "$CONC" --seconds "$SECS" --pid "$pid" --batch "$BATCH" \
      --warmup "${PUBLISH_WARMUP:-30}" --client "${PUBLISH_CLIENT:-raw}" \
      ${PUBLISH_RATE:+--rate "$PUBLISH_RATE"} ${PUBLISH_TOPIC:+--topic "$PUBLISH_TOPIC"} ${PUBLISH_USER:+--user "$PUBLISH_USER"} --bystanders "${PUBLISH_BYSTANDERS:-0}" \
      >"$OUT/publish.json" 2>"$OUT/publish.stderr"
    stop "$pid"
    node bench/report.mjs publish "$OUT" "${HERALD_JAR:+HERALD_JAR=$HERALD_JAR }${PUBLISH_CLIENT:+PUBLISH_CLIENT=$PUBLISH_CLIENT }bench/run.sh publish $SUBS $CONC $SECS $BATCH" | tee -a bench/RESULTS.md
    ;;
  soak)
    MINUTES=${1:-20}; STREAMS=${2:-300}
    # Retention well below what the run publishes, so pruning runs during it (the store must stop growing).
    export HERALD_RETENTION_COUNT=${HERALD_RETENTION_COUNT:-20000}
    ports=(18480); dirs=("$OUT/herald-data"); rport=""
    if [ "${SOAK_CLUSTER:-0}" = 1 ]; then # two nodes on one redis-server of the run's own
      command -v redis-server >/dev/null || { echo "SOAK_CLUSTER=1 needs redis-server (apt-get install -y redis-server)" >&2; exit 1; }
      rport=18479
      redis-server --port $rport --bind 127.0.0.1 --save '' --appendonly no >"$OUT/redis.log" 2>&1 & PIDS+=($!)
      wait_port $rport
      export HERALD_STORE=redis HERALD_REDIS_URL=redis://127.0.0.1:$rport HERALD_AUTH_JWT_SECRET=soak-cluster-secret-0123456789abcdef
      ports=(18480 18490); dirs=("$OUT/node1-data" "$OUT/node2-data")
    fi
    pids=()
    for k in "${!ports[@]}"; do
      herald_bg "$JAR" "${ports[$k]}" "${dirs[$k]}" "$OUT/herald-${ports[$k]}.log"
      PIDS+=("$HERALD_PID"); pids+=("$HERALD_PID")
    done
    t0=$(date +%s)
    sample_all() { # phase: one line per node, and redis-server's memory and keys in a cluster
      for k in "${!ports[@]}"; do soak_sample "${pids[$k]}" "$t0" "$1" "${ports[$k]}" "${dirs[$k]}"; done
      if [ -n "$rport" ]; then
        printf '{"phase":"%s","seconds":%d,"redisKb":%d,"keys":%d}\n' "$1" $(( $(date +%s) - t0 )) \
          $(( $(redis-cli -p $rport info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r') / 1024 )) "$(redis-cli -p $rport dbsize)"
      fi
    }
    sample_all before >>"$OUT/soak-samples.jsonl"
    node bench/soak.mjs --ports "$(IFS=,; echo "${ports[*]}")" --minutes "$MINUTES" --streams "$STREAMS" ${SOAK_ARGS:-} \
      >"$OUT/soak.json" 2>"$OUT/soak.stderr" & load=$!
    # Every 30 s under load: what is still held after a full GC. Class histograms (of the first node)
    # at 2 min and near the end, both under the same load, show which kinds of object grew.
    while sleep 30 && kill -0 $load 2>/dev/null; do
      el=$(( $(date +%s) - t0 ))
      sample_all load >>"$OUT/soak-samples.jsonl"
      if [ $el -ge 120 ] && [ ! -f "$OUT/histogram-early.txt" ]; then "$JAVA_HOME/bin/jcmd" "${pids[0]}" GC.class_histogram >"$OUT/histogram-early.txt"; fi
      if [ $el -ge $(( MINUTES * 60 - 40 )) ] && [ ! -f "$OUT/histogram-late.txt" ]; then "$JAVA_HOME/bin/jcmd" "${pids[0]}" GC.class_histogram >"$OUT/histogram-late.txt"; fi
    done
    wait $load || true
    sleep 15; sample_all after >>"$OUT/soak-samples.jsonl" # streams gone: back near "before"?
    for p in "${pids[@]}"; do stop "$p"; done
    node bench/report.mjs soak "$OUT" "${SOAK_CLUSTER:+SOAK_CLUSTER=$SOAK_CLUSTER }bench/run.sh soak $MINUTES $STREAMS" | tee -a bench/RESULTS.md
    ;;
esac

if [ "$SCENARIO" = fanout ] || [ "$SCENARIO" = idle ]; then
  jsons=(); for s in $SERVERS; do jsons+=("$OUT/$s.json"); done
  "$JAVA_HOME/bin/java" -Djava.awt.headless=true bench/Plot.java "$OUT/latency.png" "${jsons[@]}" || true
fi
