//! `cargo +nightly fuzz run checkpoint_dir`: a model directory (config.json, model.safetensors or a sharded index and its shards) through AlbertDir::open, tracing and weight loading.
//! The check itself is `albert_fuzz::checkpoint_dir`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| albert_fuzz::checkpoint_dir(data));
