#!/usr/bin/env bash
# Memory safety of the unsafe code, checked two ways:
#
# 1. AddressSanitizer (nightly -Zsanitizer=address) over the tests of
#    albert-kernels (the GEMM frame, packing, tails, epilogues, attention,
#    LayerNorm, embeddings, the thread pool, executable memory) and of
#    albert-codegen (arena, descriptors, the generated program's calls into
#    the frame). ASan instruments the Rust code that computes every pointer
#    and slice the kernels receive; it cannot see inside code generated at
#    run time (neither the iced-x86 AVX-512 tiles nor Cranelift's output).
# 2. Valgrind (memcheck), which translates whatever code runs, JIT code
#    included: the portable-GEMM tests of albert-codegen and the fuzz seeds
#    (diff_jit compiles and runs random models end to end, forward_input
#    runs albert-tiny). Valgrind has no AVX-512, and hides it from CPUID, so
#    under it the engine takes its portable (Cranelift f32x4) path; the
#    AVX-512 tiles are covered by ASan's view of their callers and by the
#    kernel suites' bounds checks.
#
#   bash fuzz/asan.sh            # both
#   bash fuzz/asan.sh asan       # only ASan
#   bash fuzz/asan.sh valgrind   # only valgrind
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
TRIPLE=x86_64-unknown-linux-gnu
# Fewer proptest cases: every case is several times slower under the tools.
export PROPTEST_CASES=${PROPTEST_CASES:-32}

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  NIGHTLY=(cargo +nightly)
else
  export RUSTC_BOOTSTRAP=1
  NIGHTLY=(cargo)
fi

if [ "$what" = all ] || [ "$what" = asan ]; then
  echo "== AddressSanitizer: albert-kernels and albert-codegen tests" >&2
  # --target keeps the sanitizer out of build scripts and proc macros.
  RUSTFLAGS="-Zsanitizer=address" ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
    "${NIGHTLY[@]}" test --target "$TRIPLE" --target-dir target/asan \
    -p albert-kernels -p albert-codegen --lib --test gemm --test ops --test portable_gemm
fi

if [ "$what" = all ] || [ "$what" = valgrind ]; then
  command -v valgrind >/dev/null || {
    apt-get install -y -qq valgrind >/dev/null 2>&1 || { echo "asan.sh: valgrind is not installed" >&2; exit 1; }
  }
  echo "== valgrind: the portable JIT path (codegen portable GEMM tests, fuzz seeds)" >&2
  bins=$(for spec in "albert-codegen portable_gemm" "albert-fuzz seeds"; do
    set -- $spec
    cargo test --release -p "$1" --test "$2" --no-run --message-format=json 2>/dev/null \
      | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p'
  done)
  for bin in $bins; do
    echo "-- $bin" >&2
    # all-non-file: the JIT writes code into fresh anonymous maps.
    valgrind -q --error-exitcode=99 --smc-check=all-non-file --leak-check=no "$bin" --test-threads=1 \
      --skip seed_files_are_current
  done
fi
echo "asan.sh: no memory errors" >&2
