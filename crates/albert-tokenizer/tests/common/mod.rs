//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::sync::OnceLock;

use albert_tokenizer::Tokenizer;

/// Path of a file under the workspace's `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(rel)
}

/// The ALBERT tokenizer of the fixtures, loaded once per test binary.
pub fn tokenizer() -> &'static Tokenizer {
    static TOK: OnceLock<Tokenizer> = OnceLock::new();
    TOK.get_or_init(|| Tokenizer::from_file(&fixture("tokenizer/spiece.model")).expect("load spiece.model"))
}
