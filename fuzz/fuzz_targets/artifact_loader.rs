//! `cargo +nightly fuzz run artifact_loader`: any bytes as an `.albert` artifact through the loader.
//! The check itself is `albert_fuzz::artifact_loader`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| albert_fuzz::artifact_loader(data));
