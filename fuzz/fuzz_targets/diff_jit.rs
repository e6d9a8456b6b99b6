//! `cargo +nightly fuzz run diff_jit`: a random small ALBERT through the JIT on every host target and through the interpreter (traced and optimised graphs): all agree.
//! The check itself is `albert_fuzz::diff_jit`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| albert_fuzz::diff_jit(data));
