//! ALBERT models: configuration, checkpoint loading and tracing to the IR.
//!
//! [`AlbertDir::open`] reads a Hugging Face model directory as it is on the
//! Hub; [`AlbertDir::trace`] turns it into an [`albert_ir::Graph`] whose
//! weight names are the checkpoint's keys, and [`AlbertDir::load_weights`]
//! loads exactly the weights that graph declares.

#![deny(missing_docs)]

pub mod checkpoint;
pub mod config;
pub mod error;
mod mmap;
pub mod trace;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use checkpoint::{canonical_name, Checkpoint, StoredDType, TensorEntry};
pub use config::AlbertConfig;
pub use error::ModelError;
pub use trace::{trace, Heads, TraceOptions};

use albert_ir::Graph;

/// A Hugging Face ALBERT directory, opened.
pub struct AlbertDir {
    /// The directory.
    pub dir: PathBuf,
    /// Its validated `config.json`.
    pub config: AlbertConfig,
    /// Its weights, memory-mapped.
    pub checkpoint: Checkpoint,
}

impl AlbertDir {
    /// Opens `config.json` and the safetensors weights of `dir`.
    pub fn open(dir: &Path) -> Result<AlbertDir, ModelError> {
        if !dir.is_dir() {
            return Err(ModelError::Dir { dir: dir.to_path_buf(), msg: "is not a directory".into() });
        }
        let cfg_path = dir.join("config.json");
        if !cfg_path.is_file() {
            return Err(ModelError::Dir { dir: dir.to_path_buf(), msg: "has no `config.json`".into() });
        }
        let config = AlbertConfig::from_file(&cfg_path)?;
        let checkpoint = Checkpoint::open_dir(dir)?;
        Ok(AlbertDir { dir: dir.to_path_buf(), config, checkpoint })
    }

    /// The heads present in the checkpoint.
    pub fn heads(&self) -> Heads {
        let has = |n: &str| self.checkpoint.has(n);
        let pooler = has("albert.pooler.weight");
        Heads {
            pooler,
            mlm: has("predictions.dense.weight"),
            sop: pooler && has("sop_classifier.classifier.weight"),
        }
    }

    /// The name of the MLM decoder bias as stored.
    pub fn decoder_bias_name(&self) -> &'static str {
        if self.checkpoint.has("predictions.decoder.bias") {
            "predictions.decoder.bias"
        } else {
            "predictions.bias"
        }
    }

    /// Traces the model with `opts` (heads the checkpoint lacks are dropped).
    pub fn trace(&self, mut opts: TraceOptions) -> Result<Graph, ModelError> {
        let have = self.heads();
        opts.heads.pooler &= have.pooler;
        opts.heads.mlm &= have.mlm;
        opts.heads.sop &= have.sop;
        trace(&self.config, opts, self.decoder_bias_name())
    }

    /// Loads the weights `graph` declares, checking each shape.
    pub fn load_weights(&self, graph: &Graph) -> Result<Vec<Arc<[f32]>>, ModelError> {
        self.checkpoint.load_weights(graph)
    }

    /// Number of parameters the model holds (tied tensors once).
    pub fn parameter_count(&self) -> usize {
        self.checkpoint
            .entries()
            .filter(|(_, t)| t.dtype != StoredDType::Unsupported)
            .map(|(_, t)| t.shape.iter().product::<usize>())
            .sum()
    }
}
