//! The model crate's error type: every message names the file and tensor.

use std::path::{Path, PathBuf};

/// What can go wrong loading or tracing a checkpoint.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// `config.json` is malformed or contradictory.
    #[error("{}{msg}", path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
    Config {
        /// The file, when known.
        path: Option<PathBuf>,
        /// What is wrong.
        msg: String,
    },
    /// The directory lacks something a model needs.
    #[error("{}: {msg}", dir.display())]
    Dir {
        /// The model directory.
        dir: PathBuf,
        /// What is missing.
        msg: String,
    },
    /// `model.safetensors` is malformed.
    #[error("{}: invalid safetensors file: {msg}", path.display())]
    Safetensors {
        /// The file.
        path: PathBuf,
        /// The parser's complaint.
        msg: String,
    },
    /// A tensor the model needs is not in the checkpoint.
    #[error("{}: missing tensor `{name}`", path.display())]
    MissingTensor {
        /// The file.
        path: PathBuf,
        /// The canonical (Hugging Face `AlbertForPreTraining`) name.
        name: String,
    },
    /// A tensor has the wrong shape.
    #[error("{}: tensor `{name}` has shape {got:?}, expected {expected:?}", path.display())]
    Shape {
        /// The file.
        path: PathBuf,
        /// The tensor.
        name: String,
        /// Shape in the file.
        got: Vec<usize>,
        /// Shape the config implies.
        expected: Vec<usize>,
    },
    /// A tensor's element type is not one we convert.
    #[error("{}: tensor `{name}` has unsupported dtype {dtype} (expected F32, F16 or BF16)", path.display())]
    DType {
        /// The file.
        path: PathBuf,
        /// The tensor.
        name: String,
        /// The dtype in the file.
        dtype: String,
    },
    /// Two stored tensors map to one name.
    #[error("{}: tensors `{a}` and `{b}` both provide `{name}`", path.display())]
    Ambiguous {
        /// The file.
        path: PathBuf,
        /// Canonical name.
        name: String,
        /// First stored key.
        a: String,
        /// Second stored key.
        b: String,
    },
    /// The traced graph is malformed (a bug, reported rather than a panic).
    #[error("tracing failed: {0}")]
    Trace(#[from] albert_ir::IrError),
}

impl ModelError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> ModelError {
        ModelError::Io { path: path.to_path_buf(), source }
    }

    pub(crate) fn in_file(self, file: &Path) -> ModelError {
        match self {
            ModelError::Config { path: None, msg } => {
                ModelError::Config { path: Some(file.to_path_buf()), msg }
            }
            e => e,
        }
    }
}
