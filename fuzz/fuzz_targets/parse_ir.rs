//! `cargo +nightly fuzz run parse_ir`: the IR text form: parse → verify → print → parse round-trips, and the optimiser and memory planner never panic on a graph that parses.
//! The check itself is `albert_fuzz::parse_ir`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| albert_fuzz::parse_ir(data));
