//! The model's FLOP count, from its `config.json`.
//!
//! One forward pass to `last_hidden_state` (no pooler, no heads), counting a
//! multiply-add as 2 FLOP and ignoring element-wise work (LayerNorm, GELU, softmax,
//! biases, embedding gathers):
//!
//! ```text
//! per token per layer:  2·(4·H² + 2·H·I)   QKV (3·H²) + attention output (H²) + FFN (2·H·I) MACs
//!                     + 2·2·s·H            Q·Kᵀ and P·V: s·H MACs each
//! per token:            2·E·H              the embedding mapping E → H (once)
//! forward  = batch · s · (L · (2·(4·H² + 2·H·I) + 4·s·H) + 2·E·H)
//! ```
//!
//! ALBERT shares one layer's weights across its `L` layers, but it still *applies* `L`
//! layers, so `L` multiplies. albert-large-v2 (E=128, H=1024, I=4096, L=24) at batch 1,
//! s=128: 78.96 GFLOP.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::BenchError;

/// The dimensions of an ALBERT model that set its cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelDims {
    /// `embedding_size` (E).
    pub embedding_size: usize,
    /// `hidden_size` (H).
    pub hidden_size: usize,
    /// `intermediate_size` (I).
    pub intermediate_size: usize,
    /// `num_hidden_layers` (L): layers applied, whatever the sharing.
    #[serde(rename = "num_hidden_layers")]
    pub num_layers: usize,
    /// `num_attention_heads`.
    #[serde(rename = "num_attention_heads")]
    pub num_heads: usize,
    /// `vocab_size`.
    pub vocab_size: usize,
    /// `max_position_embeddings`: the longest sequence the model takes.
    #[serde(default = "default_max_positions")]
    pub max_position_embeddings: usize,
}

fn default_max_positions() -> usize {
    512
}

impl ModelDims {
    /// albert-large-v2's dimensions.
    pub fn albert_large_v2() -> Self {
        ModelDims {
            embedding_size: 128,
            hidden_size: 1024,
            intermediate_size: 4096,
            num_layers: 24,
            num_heads: 16,
            vocab_size: 30000,
            max_position_embeddings: 512,
        }
    }

    /// Reads the dimensions from a Hugging Face `config.json` text.
    pub fn from_config_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Reads `<model_dir>/config.json`.
    pub fn from_model_dir(model_dir: &Path) -> Result<Self, BenchError> {
        if model_dir.is_file() {
            // An artifact: its `config.json` section (the artifact is checked as it loads).
            let opts = albert_deploy::artifact::LoadOptions { threads: 1 };
            let config = albert_deploy::artifact::Artifact::open(model_dir, opts)
                .map(|a| a.config_json().to_string())
                .map_err(|e| BenchError::Config { path: model_dir.to_path_buf(), message: e.to_string() })?;
            return Self::from_config_json(&config)
                .map_err(|e| BenchError::Config { path: model_dir.to_path_buf(), message: e.to_string() });
        }
        let path = model_dir.join("config.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| BenchError::Config { path: path.clone(), message: e.to_string() })?;
        Self::from_config_json(&text).map_err(|e| BenchError::Config { path, message: e.to_string() })
    }

    /// FLOPs of one forward pass to `last_hidden_state` (see the module docs).
    pub fn forward_flops(&self, batch: usize, seq: usize) -> f64 {
        let (e, h, i, l) = (
            self.embedding_size as f64,
            self.hidden_size as f64,
            self.intermediate_size as f64,
            self.num_layers as f64,
        );
        let s = seq as f64;
        let per_token_layer = 2.0 * (4.0 * h * h + 2.0 * h * i) + 2.0 * 2.0 * s * h;
        let per_token = l * per_token_layer + 2.0 * e * h;
        batch as f64 * s * per_token
    }
}

/// The formula of [`ModelDims::forward_flops`], as printed under the table.
pub const FLOP_FORMULA: &str =
    "FLOP = batch·s·(L·(2·(4·H² + 2·H·I) + 4·s·H) + 2·E·H) (matmuls only; multiply-add = 2 FLOP)";
