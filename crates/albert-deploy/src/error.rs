//! The deployment runtime's error type.

/// Why a program could not be planned, loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// A kernel could not be built or failed.
    #[error("kernel: {0}")]
    Kernel(String),
    /// The graph uses something the runtime does not support.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The program reported an error while running.
    #[error("{0}")]
    Exec(String),
    /// The graph is malformed.
    #[error(transparent)]
    Ir(#[from] albert_ir::IrError),
    /// A shape or length does not fit.
    #[error("kernel shape: {0}")]
    Shape(String),
    /// An artifact was refused (the message names what is wrong).
    #[error("{0}")]
    Artifact(String),
    /// Reading or mapping a file failed.
    #[error("{0}")]
    Io(String),
}

impl From<albert_kernels::KernelError> for DeployError {
    fn from(e: albert_kernels::KernelError) -> Self {
        DeployError::Kernel(e.to_string())
    }
}
