# Sourced by the bench scripts (from the repository root): ./herald's JDK and JVM flags, waiting for a
# port, and starting Herald in the background.
JAVA_HOME=$(./herald jdk); export JAVA_HOME
# The flags ./herald serve uses (its defaults, see docs/performance.md, unless HERALD_JAVA_OPTS is set).
HERALD_JAVA_OPTS=$(./herald java-opts); export HERALD_JAVA_OPTS

# 30 s: on this shared machine a JVM under a load average of 25 took over 10 s to open its port.
wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

# herald_bg JAR PORT DATA_DIR LOG [NAME=value ...] [-- JVM flags ...]: Herald on 127.0.0.1:PORT in the
# background (built first when JAR is missing), with these variables; its pid in HERALD_PID once the port is open.
herald_bg() {
  local jar=$1 port=$2 dir=$3 log=$4 envs=() flags=()
  shift 4
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  flags=("$@")
  [ -f "$jar" ] || mvn -B -q -pl server -am package -DskipTests
  # The JIT compiler threads live as long as the server (HotSpot otherwise ends idle ones and starts more
  # under load): bench/publish.mjs splits out their CPU as the difference of two sums over the threads alive
  # at each end, and a thread that ended between them dropped out (the share too low, even below zero).
  # On 2 cores this changes nothing (one C1 and one C2, never ended); on more it keeps the split exact.
  env "${envs[@]}" SERVER_PORT="$port" SERVER_HOST=127.0.0.1 HERALD_DATA_DIR="$dir" \
    "$JAVA_HOME/bin/java" $HERALD_JAVA_OPTS -XX:-UseDynamicNumberOfCompilerThreads "${flags[@]}" -jar "$jar" >"$log" 2>&1 &
  HERALD_PID=$!
  # A server that never opened its port is stopped here: the caller's cleanup does not know it yet, and it
  # was left running, holding the port for every later run (seen during A/B runs on a loaded machine).
  wait_port "$port" || { kill "$HERALD_PID" 2>/dev/null; return 1; }
}
