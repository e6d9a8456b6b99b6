//! `cargo +nightly fuzz run forward_input`: the forward command's input safetensors file: read, validated against albert-tiny, and run on the JIT and the interpreter.
//! The check itself is `albert_fuzz::forward_input`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| albert_fuzz::forward_input(data));
