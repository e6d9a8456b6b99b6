#!/usr/bin/env bash
# Load test of `albert-jit serve` with wrk (apt-get install wrk), on loopback only.
#   bash crates/albert-server/loadtest/run.sh [MODEL_DIR]   (default: the bundled albert-large-v2-synthetic)
# Passes, DURATION seconds each (default 60): 64 clients with dynamic batching; 256
# clients (4x overload of --max-concurrent-requests 64: the excess must get 429);
# 64 clients with --max-batch-requests 1 (batch-1 serving). Then the engine's own
# `albert-jit bench` at the batch shape the server formed. Every answer is checked
# against the CLI's output (loadtest.py check).
set -euo pipefail
cd "$(dirname "$0")/../../.."
MODEL=${1:-tests/fixtures/albert-large-v2-synthetic}
DURATION=${DURATION:-60}
PORT=${PORT:-3900}
BIN=./target/release/albert-jit
OUT=${OUT:-/tmp/albert-loadtest}
HERE=crates/albert-server/loadtest
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
cargo build --release --bin albert-jit
rm -rf "$OUT"; mkdir -p "$OUT"
echo "CPU: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) logical CPUs"
URL=http://127.0.0.1:$PORT
PID=
start() {
  $BIN serve --model "$MODEL" --hostname 127.0.0.1 --port "$PORT" --max-concurrent-requests 64 "$@" \
    2> "$OUT/serve.log" &
  PID=$!
  for _ in $(seq 600); do curl -sf "$URL/health" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "server did not start"; cat "$OUT/serve.log"; exit 1
}
stop() { kill -TERM "$PID"; wait "$PID"; echo "server exit status $?"; }
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null || true' EXIT
pass() { # name clients
  local dir="$OUT/$1"; mkdir -p "$dir"
  LOAD_REQS="$OUT/requests.txt" LOAD_DIR="$dir" wrk -t"$2" -c"$2" -d"${DURATION}s" --timeout 120s --latency \
    -s "$HERE/load.lua" "$URL" > "$dir/wrk.txt"
  grep WRK_JSON "$dir/wrk.txt" | sed 's/^WRK_JSON /'"$1"': /'
  python3 "$HERE/loadtest.py" check "$OUT" "$dir" | tail -1 | sed 's/^/  answers: /'
  python3 "$HERE/loadtest.py" metrics "$URL" | sed 's/^/  batches so far: /'
}
start
python3 "$HERE/loadtest.py" prep "$URL" "$BIN" "$OUT"
grep -E "^buckets|^note" "$OUT/serve.log" || true
pass batched-64 64
pass overload-256 256
stop
start --max-batch-requests 1
pass batch1-64 64
stop
echo "engine alone (albert-jit bench, last_hidden_state only, 2 threads) at the shapes the server formed:"
$BIN bench --model "$MODEL" --seqs 16,32,64 --batch 1,8,16 --threads 2 --runs 5 --min-time 2 2>/dev/null \
  | grep -E "^(runtime|albert-jit)"
