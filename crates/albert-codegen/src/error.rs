//! The code generator's error type.

/// Why code could not be generated or loaded.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The host or requested ISA is not supported by Cranelift.
    #[error("target ISA: {0}")]
    Isa(String),
    /// Cranelift rejected the function (a bug in the generator, reported).
    #[error("cranelift: {0}")]
    Cranelift(String),
    /// A generated kernel could not be built or failed.
    #[error("kernel: {0}")]
    Kernel(String),
    /// The graph uses something the code generator does not support.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The compiled program reported an error while running.
    #[error("{0}")]
    Exec(String),
    /// The graph is malformed.
    #[error(transparent)]
    Ir(#[from] albert_ir::IrError),
    /// A kernel was asked for a shape it cannot do.
    #[error("kernel shape: {0}")]
    Shape(String),
    /// Planning or running in the deployment runtime failed.
    #[error(transparent)]
    Deploy(#[from] albert_deploy::DeployError),
}

impl From<cranelift_module::ModuleError> for CodegenError {
    fn from(e: cranelift_module::ModuleError) -> Self {
        CodegenError::Cranelift(format!("{e:?}"))
    }
}

impl From<cranelift_codegen::settings::SetError> for CodegenError {
    fn from(e: cranelift_codegen::settings::SetError) -> Self {
        CodegenError::Isa(e.to_string())
    }
}

impl From<cranelift_codegen::CodegenError> for CodegenError {
    fn from(e: cranelift_codegen::CodegenError) -> Self {
        CodegenError::Cranelift(e.to_string())
    }
}
