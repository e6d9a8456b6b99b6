#!/usr/bin/env bash
# Property-based API test of `albert-jit serve` with schemathesis, driven by the
# server's own /openapi.json, on the small fixture model (loopback only):
#   bash crates/albert-server/loadtest/schemathesis.sh [MAX_EXAMPLES]
# Checks: no 5xx for any generated request, responses match the documented
# schemas and status codes, content types as documented.
set -euo pipefail
cd "$(dirname "$0")/../../.."
N=${1:-100}
PORT=${PORT:-3901}
[ -x .venv/bin/schemathesis ] || { python3 -m venv .venv; .venv/bin/pip install -q schemathesis; }
cargo build --release --bin albert-jit
./target/release/albert-jit serve --model tests/fixtures/albert-tiny --hostname 127.0.0.1 --port "$PORT" \
  --max-batch-tokens 512 2> /tmp/albert-schemathesis-serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done
.venv/bin/schemathesis run "http://127.0.0.1:$PORT/openapi.json" --max-examples "$N" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
