//! `cargo +nightly fuzz run spiece_model`: spiece.model bytes through the tokenizer loader, then encoding and decoding with the loaded model.
//! The check itself is `albert_fuzz::spiece_model`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| albert_fuzz::spiece_model(data));
