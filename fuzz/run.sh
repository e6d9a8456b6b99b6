#!/usr/bin/env bash
# Builds every fuzz target and runs each for SECONDS (default 60), one after
# the other, one process at a time; prints a table and exits non-zero if any
# target crashed, timed out or ran out of memory.
#
#   bash fuzz/run.sh [SECONDS]
#
# Environment:
#   TARGETS="parse_ir tokenize"  run only these (default: every target)
#   FUZZ_TIMEOUT=1               libFuzzer -timeout: one input taking longer is a finding
#   FUZZ_RSS_MB=1024             libFuzzer -rss_limit_mb / -malloc_limit_mb
#   FUZZ_ARGS="..."              more libFuzzer flags
#   FUZZ_SANITIZER=none          cargo fuzz --sanitizer (see below)
#
# The build is cargo-fuzz's default (release optimisation with debug
# assertions and overflow checks, which turn wrapped size arithmetic into
# findings) without a sanitizer: the targets drive safe Rust, whose memory
# errors are panics already, and the C++ SentencePiece is not instrumented
# anyway; the unsafe code (kernels, frame, arena, JIT memory) runs under
# AddressSanitizer in fuzz/asan.sh instead. 16 codegen units keep a cold
# build of Cranelift and friends within a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-60}
ALL_TARGETS="parse_ir checkpoint_dir spiece_model tokenize forward_input diff_jit http_bodies artifact_loader"
TARGETS=${TARGETS:-$ALL_TARGETS}
TIMEOUT=${FUZZ_TIMEOUT:-1}
RSS=${FUZZ_RSS_MB:-1024}
SANITIZER=${FUZZ_SANITIZER:-none}

# A nightly toolchain if rustup has one, else stable with RUSTC_BOOTSTRAP
# (cargo-fuzz needs -Z flags and the sanitizer-coverage options).
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  CARGO=(cargo +nightly)
else
  echo "run.sh: no nightly toolchain; using stable with RUSTC_BOOTSTRAP=1" >&2
  export RUSTC_BOOTSTRAP=1
  CARGO=(cargo)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi

# Puts fuzz/Cargo.toml's per-package "no coverage" flag (Cranelift, regalloc2)
# after cargo-fuzz's RUSTFLAGS; see rustc-wrapper.sh.
export RUSTC_WRAPPER="$PWD/rustc-wrapper.sh"

TRIPLE=x86_64-unknown-linux-gnu
build_start=$(date +%s)
for t in $TARGETS; do
  "${CARGO[@]}" fuzz build --sanitizer "$SANITIZER" --codegen-units 16 --target "$TRIPLE" "$t" >&2
done
echo "run.sh: built in $(( $(date +%s) - build_start )) s" >&2
BIN_DIR=target/$TRIPLE/release

rows=()
failed=0
for t in $TARGETS; do
  mkdir -p "corpus/$t" "artifacts/$t" logs
  before=$(ls "artifacts/$t" | wc -l)
  log="logs/$t.log"
  status=0
  # The first corpus directory receives new inputs; the checked-in seeds
  # are read only. One process, no -jobs/-fork: the machine is shared.
  "$BIN_DIR/$t" "corpus/$t" "seeds/$t" \
    -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 ${FUZZ_ARGS:-} \
    >"$log" 2>&1 || status=$?
  after=$(ls "artifacts/$t" | wc -l)
  crashes=$(( after - before ))
  stat() { grep -o "^stat::$1: *[0-9]*" "$log" | tail -1 | grep -o '[0-9]*$' || echo "?"; }
  execs=$(stat number_of_executed_units)
  rate=$(stat average_exec_per_sec)
  rss=$(stat peak_rss_mb)
  corpus=$(ls "corpus/$t" | wc -l)
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  if [ "$crashes" -ne 0 ]; then
    failed=1
    echo "run.sh: $t FAILED (exit $status); log fuzz/$log, inputs in fuzz/artifacts/$t/:" >&2
    grep -m1 -A12 -E "panicked|ERROR: libFuzzer|==ERROR" "$log" >&2 || tail -20 "$log" >&2
  fi
  rows+=("$(printf '%-15s %12s %9s %8s %8s %8s' "$t" "$execs" "$rate" "$corpus" "$rss" "$crashes")")
done

printf '\n%-15s %12s %9s %8s %8s %8s\n' target executions exec/s corpus rss_mb crashes
printf '%s\n' "-----------------------------------------------------------------"
printf '%s\n' "${rows[@]}"
printf '(%s s per target, -timeout=%s, -rss_limit_mb=%s; CPU: %s)\n' "$SECONDS_EACH" "$TIMEOUT" "$RSS" \
  "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
exit $failed
