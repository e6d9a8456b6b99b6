//! The one error type of the bench harness.

use std::fmt::Display;
use std::path::PathBuf;

/// Everything that can stop a benchmark (a skipped or refused peer is *not* an error:
/// it is recorded in the [`crate::Report`]).
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The options make no sense (empty lists, zero batch, ...).
    #[error("invalid bench options: {0}")]
    Options(String),
    /// The model's `config.json` could not be read or lacks a field.
    #[error("model config {path}: {message}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// The engine under test (albert-jit) failed.
    #[error("{engine}: {message}")]
    Engine {
        /// Engine name.
        engine: String,
        /// What went wrong.
        message: String,
    },
    /// A peer process failed or broke the protocol.
    #[error("peer {peer}: {message}")]
    Peer {
        /// Peer name (`onnxruntime`, ...).
        peer: String,
        /// What went wrong.
        message: String,
        /// True when the peer cannot do what was asked (precision, missing package):
        /// the harness skips it rather than failing.
        unsupported: bool,
    },
    /// Writing the plot failed.
    #[error("plot {path}: {message}")]
    Plot {
        /// The output file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An I/O error, with what was being done.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// JSON (de)serialisation failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

impl BenchError {
    /// An engine failure, from any displayable error (e.g. the runtime's own error type).
    pub fn engine(engine: impl Into<String>, message: impl Display) -> Self {
        BenchError::Engine { engine: engine.into(), message: message.to_string() }
    }

    /// An I/O error with context.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        BenchError::Io { context: context.into(), source }
    }

    pub(crate) fn peer(peer: &str, message: impl Display) -> Self {
        BenchError::Peer { peer: peer.to_string(), message: message.to_string(), unsupported: false }
    }
}
