//! The optimiser's error type.

use albert_ir::IrError;

/// Why optimisation or planning failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptError {
    /// The graph is malformed, or a pass produced a malformed graph
    /// (then it is [`IrError::AfterPass`], naming the pass).
    #[error(transparent)]
    Ir(#[from] IrError),
    /// A pass name that the registry does not know.
    #[error("unknown pass `{name}` (known: {known})")]
    UnknownPass {
        /// The name asked for.
        name: String,
        /// The names that exist, comma-separated.
        known: String,
    },
    /// An output asked to be kept that the graph does not have.
    #[error("the graph has no output `{0}`")]
    UnknownOutput(String),
    /// A pass found something it cannot handle.
    #[error("pass `{pass}`: {msg}")]
    Pass {
        /// The pass.
        pass: &'static str,
        /// What went wrong.
        msg: String,
    },
}
