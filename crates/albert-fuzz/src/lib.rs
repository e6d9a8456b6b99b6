//! The checks behind albert-jit's fuzz targets.
//!
//! Each public function takes the fuzzer's bytes, drives one input surface
//! of the library exactly as the CLI does, and panics only when an invariant
//! breaks (a library panic propagates as well): a panic is the finding. The
//! `cargo fuzz` targets in `fuzz/` are one-line wrappers around these, and
//! the regression tests (`tests/regressions.rs`) replay every seed and every
//! crash that was ever found through the same functions on stable Rust, so a
//! fixed bug stays fixed in the normal `cargo test`.
//!
//! | target | surface |
//! |---|---|
//! | [`parse_ir`] | the IR text parser, verifier and printer (round trip) |
//! | [`checkpoint_dir`] | a model directory through `AlbertDir::open`, tracing and weight loading |
//! | [`spiece_model`] | `spiece.model` bytes through the tokenizer loader |
//! | [`tokenize`] | the fixture tokenizer on arbitrary text, pairs, truncation |
//! | [`forward_input`] | the `forward` command's input file, validated and run |
//! | [`diff_jit`] | a random small ALBERT: JIT (every host target) vs the interpreter |
//! | [`artifact_loader`] | any bytes as an `.albert` artifact through the loader |

#![deny(missing_docs)]

mod artifact;
mod bytes;
mod checkpoint;
mod diff;
mod forward;
mod ir;
pub mod seeds;
mod tokenizer;

pub use artifact::artifact_loader;
pub use checkpoint::{checkpoint_dir, split_dir_input, DirInput, FILE_SEPARATOR};
pub use diff::{diff_jit, DiffCase};
pub use forward::forward_input;
pub use ir::parse_ir;
pub use tokenizer::{spiece_model, tokenize};

use std::path::PathBuf;

/// The fuzz targets, in the order `fuzz/run.sh` runs them.
pub const TARGETS: [&str; 7] = [
    "parse_ir",
    "checkpoint_dir",
    "spiece_model",
    "tokenize",
    "forward_input",
    "diff_jit",
    "artifact_loader",
];

/// Runs one input through the named target's check (for replaying seeds
/// and regressions outside libFuzzer).
pub fn check(target: &str, data: &[u8]) {
    match target {
        "parse_ir" => parse_ir(data),
        "checkpoint_dir" => checkpoint_dir(data),
        "spiece_model" => spiece_model(data),
        "tokenize" => tokenize(data),
        "forward_input" => forward_input(data),
        "diff_jit" => diff_jit(data),
        "artifact_loader" => artifact_loader(data),
        t => panic!("unknown fuzz target `{t}` (targets: {TARGETS:?})"),
    }
}

/// `tests/fixtures` of the repository (the fuzz targets read the fixture
/// tokenizer and the tiny model from there).
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}
