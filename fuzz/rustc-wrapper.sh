#!/usr/bin/env bash
# RUSTC_WRAPPER for the fuzz build (run.sh sets it): moves the per-package
# `-Cllvm-args=-sanitizer-coverage-level=0` of fuzz/Cargo.toml's profile
# (Cranelift, regalloc2) after cargo-fuzz's RUSTFLAGS, which cargo passes
# later and whose `-sanitizer-coverage-level=4` would otherwise win (LLVM
# takes an option's last value). Every other rustc call passes unchanged.
flag=-Cllvm-args=-sanitizer-coverage-level=0
args=()
found=0
for a in "$@"; do
  if [ "$a" = "$flag" ]; then found=1; else args+=("$a"); fi
done
if [ "$found" = 1 ]; then args+=("$flag"); fi
exec "${args[@]}"
