# The two commands a newcomer needs (see README.md):
#   make demo   set up, build, and run albert-jit on the bundled synthetic albert-large-v2
#   make test   set up, then run every test
# Both install the system packages the build needs (cmake for SentencePiece;
# qemu-user and the aarch64 cross toolchain for the NEON tests) when missing.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: deps demo test lint peers bench

deps:
	@bash .ci/deps

demo: deps
	$(CARGO) build --release --bin albert-jit
	./target/release/albert-jit inspect
	./target/release/albert-jit fill-mask "The capital of France is [MASK]."
	./target/release/albert-jit sop "He went to the store." "He bought a gallon of milk."

test: deps
	$(CARGO) test --release --workspace

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

# Optional: the Python peers for `albert-jit bench --compare` (downloads ~3 GB: torch).
peers:
	bash crates/albert-bench/peers/setup.sh

bench:
	$(CARGO) build --release --bin albert-jit
	./target/release/albert-jit bench --batch 1 --threads 2 --compare onnxruntime,openvino,pytorch --plot bench.svg
