# Conveniences over the two commands of README.md (`bash .ci/demo`, `bash .ci/test`),
# which need nothing but bash, apt-get and Rust:
#   make demo   set up, build, and run albert-jit on the bundled synthetic albert-large-v2
#   make test   set up, then run every test
# Both install the system packages the build needs (cmake for SentencePiece;
# qemu-user and the aarch64 cross toolchain for the NEON tests) when missing.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: deps demo test lint peers bench

deps:
	@bash .ci/deps

demo:
	bash .ci/demo

test:
	bash .ci/test

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

# Optional: the Python peers for `albert-jit bench --compare` (downloads ~3 GB: torch).
peers:
	bash crates/albert-bench/peers/setup.sh

bench:
	$(CARGO) build --release --bin albert-jit
	./target/release/albert-jit bench --batch 1 --threads 2 --compare onnxruntime,openvino,pytorch --plot bench.svg
