//! The runtime's error type.

/// Why a request could not be served.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// Loading or tracing the model failed.
    #[error(transparent)]
    Model(#[from] albert_model::ModelError),
    /// The tokenizer could not be loaded or refused the text.
    #[error(transparent)]
    Tokenizer(#[from] albert_tokenizer::TokenizerError),
    /// The graph could not be executed.
    #[error(transparent)]
    Exec(#[from] albert_reference::InterpError),
    /// Code generation or generated code failed.
    #[error(transparent)]
    Jit(#[from] albert_codegen::CodegenError),
    /// The artifact was refused, or running it failed.
    #[error(transparent)]
    Deploy(#[from] albert_deploy::DeployError),
    /// The model directory has no tokenizer.
    #[error("{}: no `spiece.model` (the SentencePiece tokenizer) in the model directory", .0.display())]
    NoTokenizer(std::path::PathBuf),
    /// The request asks for a head the checkpoint lacks.
    #[error("{model}: the checkpoint has no {head} head ({tensors}); {hint}")]
    MissingHead {
        /// Model directory.
        model: String,
        /// Which head.
        head: &'static str,
        /// The tensors that would provide it.
        tensors: &'static str,
        /// What to do instead.
        hint: &'static str,
    },
    /// The input is malformed (bad ids, inconsistent shapes, …).
    #[error("invalid input: {0}")]
    Input(String),
    /// A text is longer than the model's position table.
    #[error(
        "input has {len} tokens but the model takes at most {max} (max_position_embeddings); \
         shorten it or pass --truncate"
    )]
    TooLong {
        /// Tokens after tokenization.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// fill-mask was given text without `[MASK]`.
    #[error("no mask token ({mask}) found in the input: {text:?}")]
    NoMask {
        /// The mask token.
        mask: String,
        /// The text.
        text: String,
    },
}
