//! `AlbertConfig`: every field of Hugging Face's `config.json` for ALBERT.
//!
//! Defaults are Hugging Face's `AlbertConfig` defaults, so a config written by
//! `save_pretrained` (which may omit fields equal to a default) reads the same
//! here. The four fields that fix the architecture's size have no safe default
//! and are required; contradictions are errors naming the field.

use std::path::Path;

use albert_ir::Act;
use serde::Deserialize;

use crate::error::ModelError;

/// Most inner-layer applications (`num_hidden_layers × inner_group_num`) a
/// config may ask for.
pub const MAX_LAYER_APPLICATIONS: usize = 4096;

/// An ALBERT configuration, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct AlbertConfig {
    /// Vocabulary size `V`.
    pub vocab_size: usize,
    /// Factorised embedding width `E`.
    pub embedding_size: usize,
    /// Hidden width `H`.
    pub hidden_size: usize,
    /// Layer applications `L` (each applies one group of inner layers).
    pub num_hidden_layers: usize,
    /// Number of distinct parameter groups `G`.
    pub num_hidden_groups: usize,
    /// Attention heads.
    pub num_attention_heads: usize,
    /// Feed-forward width `I`.
    pub intermediate_size: usize,
    /// Layers inside each group.
    pub inner_group_num: usize,
    /// The activation, from `hidden_act`.
    pub hidden_act: Act,
    /// `hidden_act` as written.
    pub hidden_act_name: String,
    /// Dropout (unused at inference).
    pub hidden_dropout_prob: f64,
    /// Attention dropout (unused at inference).
    pub attention_probs_dropout_prob: f64,
    /// Longest sequence the position table covers.
    pub max_position_embeddings: usize,
    /// Rows of the token-type table.
    pub type_vocab_size: usize,
    /// Initialiser scale (unused at inference).
    pub initializer_range: f64,
    /// LayerNorm epsilon.
    pub layer_norm_eps: f64,
    /// Classifier dropout (unused at inference).
    pub classifier_dropout_prob: Option<f64>,
    /// Only `absolute` is supported.
    pub position_embedding_type: String,
    /// Padding id.
    pub pad_token_id: Option<i64>,
    /// Begin-of-sequence id.
    pub bos_token_id: Option<i64>,
    /// End-of-sequence id.
    pub eos_token_id: Option<i64>,
    /// Whether the MLM decoder shares the word embeddings.
    pub tie_word_embeddings: bool,
    /// `architectures`, as written.
    pub architectures: Vec<String>,
}

#[derive(Deserialize)]
struct RawConfig {
    model_type: Option<String>,
    vocab_size: Option<usize>,
    embedding_size: Option<usize>,
    hidden_size: Option<usize>,
    num_hidden_layers: Option<usize>,
    num_hidden_groups: Option<usize>,
    num_attention_heads: Option<usize>,
    intermediate_size: Option<usize>,
    inner_group_num: Option<usize>,
    hidden_act: Option<String>,
    hidden_dropout_prob: Option<f64>,
    attention_probs_dropout_prob: Option<f64>,
    max_position_embeddings: Option<usize>,
    type_vocab_size: Option<usize>,
    initializer_range: Option<f64>,
    layer_norm_eps: Option<f64>,
    classifier_dropout_prob: Option<f64>,
    position_embedding_type: Option<String>,
    pad_token_id: Option<i64>,
    bos_token_id: Option<i64>,
    eos_token_id: Option<i64>,
    tie_word_embeddings: Option<bool>,
    architectures: Option<Vec<String>>,
}

impl AlbertConfig {
    /// Reads and validates `config.json`.
    pub fn from_file(path: &Path) -> Result<AlbertConfig, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|e| ModelError::io(path, e))?;
        AlbertConfig::from_json(&text).map_err(|e| e.in_file(path))
    }

    /// Parses and validates the text of a `config.json`.
    pub fn from_json(text: &str) -> Result<AlbertConfig, ModelError> {
        let raw: RawConfig = serde_json::from_str(text)
            .map_err(|e| ModelError::Config { path: None, msg: format!("not a valid config: {e}") })?;
        let bad = |msg: String| ModelError::Config { path: None, msg };
        if let Some(t) = &raw.model_type {
            if t != "albert" {
                return Err(bad(format!("model_type is `{t}`, expected `albert`")));
            }
        }
        let required =
            |v: Option<usize>, name: &str| v.ok_or_else(|| bad(format!("missing required field `{name}`")));
        let hidden_size = required(raw.hidden_size, "hidden_size")?;
        let num_attention_heads = required(raw.num_attention_heads, "num_attention_heads")?;
        let num_hidden_layers = required(raw.num_hidden_layers, "num_hidden_layers")?;
        let intermediate_size = required(raw.intermediate_size, "intermediate_size")?;
        let hidden_act_name = raw.hidden_act.unwrap_or_else(|| "gelu_new".into());
        let hidden_act = Act::from_hf_name(&hidden_act_name)
            .ok_or_else(|| bad(format!("unsupported hidden_act `{hidden_act_name}`")))?;
        let cfg = AlbertConfig {
            vocab_size: raw.vocab_size.unwrap_or(30000),
            embedding_size: raw.embedding_size.unwrap_or(128),
            hidden_size,
            num_hidden_layers,
            num_hidden_groups: raw.num_hidden_groups.unwrap_or(1),
            num_attention_heads,
            intermediate_size,
            inner_group_num: raw.inner_group_num.unwrap_or(1),
            hidden_act,
            hidden_act_name,
            hidden_dropout_prob: raw.hidden_dropout_prob.unwrap_or(0.0),
            attention_probs_dropout_prob: raw.attention_probs_dropout_prob.unwrap_or(0.0),
            max_position_embeddings: raw.max_position_embeddings.unwrap_or(512),
            type_vocab_size: raw.type_vocab_size.unwrap_or(2),
            initializer_range: raw.initializer_range.unwrap_or(0.02),
            layer_norm_eps: raw.layer_norm_eps.unwrap_or(1e-12),
            classifier_dropout_prob: raw.classifier_dropout_prob,
            position_embedding_type: raw.position_embedding_type.unwrap_or_else(|| "absolute".into()),
            pad_token_id: raw.pad_token_id,
            bos_token_id: raw.bos_token_id,
            eos_token_id: raw.eos_token_id,
            tie_word_embeddings: raw.tie_word_embeddings.unwrap_or(true),
            architectures: raw.architectures.unwrap_or_default(),
        };
        cfg.validate()?;
        Ok(cfg)
    }

    /// Checks that the fields agree with each other.
    pub fn validate(&self) -> Result<(), ModelError> {
        let bad = |msg: String| Err(ModelError::Config { path: None, msg });
        for (name, v) in [
            ("vocab_size", self.vocab_size),
            ("embedding_size", self.embedding_size),
            ("hidden_size", self.hidden_size),
            ("num_hidden_layers", self.num_hidden_layers),
            ("num_hidden_groups", self.num_hidden_groups),
            ("num_attention_heads", self.num_attention_heads),
            ("intermediate_size", self.intermediate_size),
            ("inner_group_num", self.inner_group_num),
            ("max_position_embeddings", self.max_position_embeddings),
            ("type_vocab_size", self.type_vocab_size),
        ] {
            if v == 0 {
                return bad(format!("`{name}` must be at least 1"));
            }
            if v > 1 << 20 {
                return bad(format!("`{name}` = {v} is implausibly large"));
            }
        }
        // The tracer unrolls every inner-layer application (the optimiser
        // rolls them back into loops), so depth costs time and memory before
        // any weight is read: a config saying 2^20 layers hung the loader
        // (found feeding absurd configs through the `checkpoint_dir` fuzz check). ALBERT's deepest
        // published models apply 24 layers; 4096 leaves room for experiments.
        let depth = self.num_hidden_layers.saturating_mul(self.inner_group_num);
        if depth > MAX_LAYER_APPLICATIONS {
            return bad(format!(
                "num_hidden_layers {} × inner_group_num {} = {depth} layer applications; at most \
                 {MAX_LAYER_APPLICATIONS} are supported",
                self.num_hidden_layers, self.inner_group_num
            ));
        }
        if !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return bad(format!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            ));
        }
        if self.num_hidden_groups > self.num_hidden_layers {
            return bad(format!(
                "num_hidden_groups {} exceeds num_hidden_layers {}",
                self.num_hidden_groups, self.num_hidden_layers
            ));
        }
        if !(self.layer_norm_eps.is_finite() && self.layer_norm_eps >= 0.0) {
            return bad(format!("layer_norm_eps {} must be finite and ≥ 0", self.layer_norm_eps));
        }
        if self.position_embedding_type != "absolute" {
            return bad(format!(
                "position_embedding_type `{}` is not supported (only `absolute`)",
                self.position_embedding_type
            ));
        }
        Ok(())
    }

    /// Width of one attention head.
    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }

    /// The parameter group that layer application `i` uses, computed exactly
    /// as Hugging Face's `AlbertTransformer` does (`int(i / (L / G))`, in
    /// floating point).
    pub fn group_of_layer(&self, i: usize) -> usize {
        let per = self.num_hidden_layers as f64 / self.num_hidden_groups as f64;
        ((i as f64 / per) as usize).min(self.num_hidden_groups - 1)
    }
}
