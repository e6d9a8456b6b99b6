//! The interpreter's error type.

/// Why a graph could not be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InterpError {
    /// The graph does not verify.
    #[error("invalid graph: {0}")]
    Graph(#[from] albert_ir::IrError),
    /// An input the graph declares was not given.
    #[error("missing input `{0}`")]
    MissingInput(String),
    /// An input was given that the graph does not declare.
    #[error("unknown input `{0}`")]
    UnknownInput(String),
    /// An input does not fit its declared type.
    #[error("input `{name}`: {msg}")]
    BadInput {
        /// The input.
        name: String,
        /// What does not fit.
        msg: String,
    },
    /// The weights do not match the graph's declarations.
    #[error("weight {index} (`{name}`): {msg}")]
    BadWeight {
        /// Weight index.
        index: usize,
        /// Its name.
        name: String,
        /// What does not fit.
        msg: String,
    },
    /// An instruction failed on the values it got (an index out of range…).
    #[error("instruction {inst} (`{op}`): {msg}")]
    Exec {
        /// Instruction index.
        inst: usize,
        /// Op name.
        op: &'static str,
        /// What went wrong.
        msg: String,
    },
}
