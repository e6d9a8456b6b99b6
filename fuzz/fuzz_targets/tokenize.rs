//! `cargo +nightly fuzz run tokenize`: the fixture tokenizer on arbitrary text: pairs, truncation, NULs, combining marks, long runs, [MASK] soup.
//! The check itself is `albert_fuzz::tokenize`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| albert_fuzz::tokenize(data));
