//! One typed request and response per route, with TEI's JSON shapes (from
//! TEI's `router/src/http/types.rs`), and the checks that need no model:
//! parsing a body and validating it against the server's limits. The
//! handlers and the `http_bodies` fuzz target call the same functions.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ServerError;

/// The limits a request is validated against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most inputs in one request (`--max-client-batch-size`).
    pub max_client_batch_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_client_batch_size: 32 }
    }
}

/// One text or a batch of texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Input {
    /// One text.
    Single(String),
    /// Several texts.
    Batch(Vec<String>),
}

impl Input {
    /// The texts, and whether the request was a batch (the response then is a list).
    pub fn texts(&self) -> (Vec<&str>, bool) {
        match self {
            Input::Single(s) => (vec![s.as_str()], false),
            Input::Batch(v) => (v.iter().map(String::as_str).collect(), true),
        }
    }
}

/// Which end of an over-long text truncation removes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum TruncationDirection {
    /// Keep the end.
    #[serde(alias = "left")]
    Left,
    /// Keep the start (the default).
    #[default]
    #[serde(alias = "right")]
    Right,
}

fn yes() -> bool {
    true
}

/// `POST /embed` and `POST /embed_all`.
#[derive(Clone, Debug, PartialEq, Deserialize, ToSchema)]
pub struct EmbedRequest {
    /// Text(s) to embed.
    pub inputs: Input,
    /// Truncate texts longer than the model takes (default: `--auto-truncate`).
    #[serde(default)]
    pub truncate: Option<bool>,
    /// Which end truncation removes.
    #[serde(default)]
    pub truncation_direction: TruncationDirection,
    /// L2-normalise the embeddings (`/embed` only; default true).
    #[serde(default = "yes")]
    pub normalize: bool,
    /// Keep only the first `dimensions` components (Matryoshka style), then normalise.
    #[serde(default)]
    pub dimensions: Option<usize>,
}

/// `POST /embed`: one vector per input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EmbedResponse(pub Vec<Vec<f32>>);

/// `POST /embed_all`: one vector per token per input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EmbedAllResponse(pub Vec<Vec<Vec<f32>>>);

/// One sequence for `/predict`: a text or a pair of texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Sequence {
    /// One text (sentence-order prediction needs a pair: refused).
    Single(String),
    /// `[text_a, text_b]`.
    Pair(String, String),
}

/// `/predict` input: one sequence or a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum PredictInput {
    /// One sequence.
    Single(Sequence),
    /// Several sequences.
    Batch(Vec<Sequence>),
}

/// `POST /predict`: sentence-order prediction on `[text_a, text_b]` pairs.
#[derive(Clone, Debug, PartialEq, Deserialize, ToSchema)]
pub struct PredictRequest {
    /// `[text_a, text_b]` or a list of such pairs.
    pub inputs: PredictInput,
    /// Truncate over-long pairs (longest first; default: `--auto-truncate`).
    #[serde(default)]
    pub truncate: Option<bool>,
    /// Which end truncation removes (only `Right` for pairs).
    #[serde(default)]
    pub truncation_direction: TruncationDirection,
    /// Report logits instead of probabilities.
    #[serde(default)]
    pub raw_scores: bool,
}

/// One label's score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Prediction {
    /// Probability (or logit with `raw_scores`).
    pub score: f32,
    /// The label (`in_order`/`swapped` unless the config names them).
    pub label: String,
}

/// `POST /predict` answer: every label, best first, per input; a list of
/// those for a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum PredictResponse {
    /// One input.
    Single(Vec<Prediction>),
    /// A batch.
    Batch(Vec<Vec<Prediction>>),
}

/// `POST /tokenize`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, ToSchema)]
pub struct TokenizeRequest {
    /// Text(s) to tokenize.
    pub inputs: Input,
    /// Add `[CLS]` and `[SEP]` (default true).
    #[serde(default = "yes")]
    pub add_special_tokens: bool,
}

/// One token of `/tokenize`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SimpleToken {
    /// Token id.
    pub id: u32,
    /// The text it covers (the piece itself for special tokens).
    pub text: String,
    /// Whether the tokenizer added it (`[CLS]`, `[SEP]`).
    pub special: bool,
    /// Byte offset of its start in the input (null if it covers no input text).
    pub start: Option<usize>,
    /// Byte offset of its end.
    pub stop: Option<usize>,
}

/// `POST /tokenize` answer: the tokens of every input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TokenizeResponse(pub Vec<Vec<SimpleToken>>);

/// Token ids: one sequence or several.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum InputIds {
    /// One sequence.
    Single(Vec<u32>),
    /// Several sequences.
    Batch(Vec<Vec<u32>>),
}

/// `POST /decode`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, ToSchema)]
pub struct DecodeRequest {
    /// Ids to decode.
    pub ids: InputIds,
    /// Leave out special tokens (default true).
    #[serde(default = "yes")]
    pub skip_special_tokens: bool,
}

/// `POST /decode` answer: one text per sequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DecodeResponse(pub Vec<String>);

/// Fill-mask targets: one word or a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Targets {
    /// One word.
    One(String),
    /// Several words.
    Many(Vec<String>),
}

fn five() -> usize {
    5
}

/// Fill-mask parameters (Hugging Face's pipeline arguments).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, ToSchema)]
pub struct FillMaskParameters {
    /// Propositions per mask (default 5, at least 1).
    #[serde(default = "five")]
    pub top_k: usize,
    /// Only score these words (each must be one token).
    #[serde(default)]
    pub targets: Option<Targets>,
}

impl Default for FillMaskParameters {
    fn default() -> Self {
        FillMaskParameters { top_k: 5, targets: None }
    }
}

/// `POST /fill-mask` (what `InferenceClient.fill_mask` sends).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, ToSchema)]
pub struct FillMaskRequest {
    /// Text(s) with at least one `[MASK]` each.
    pub inputs: Input,
    /// Pipeline parameters.
    #[serde(default)]
    pub parameters: FillMaskParameters,
}

/// One fill-mask proposition: the fields of Hugging Face's pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FillMaskProposition {
    /// Probability.
    pub score: f64,
    /// Token id.
    pub token: u32,
    /// The token as text.
    pub token_str: String,
    /// The input with the mask filled in.
    pub sequence: String,
}

/// The fill-mask answer for one text, as Hugging Face's pipeline nests it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FillMaskResult {
    /// One mask: its propositions.
    OneMask(Vec<FillMaskProposition>),
    /// Several masks: the propositions of each.
    Masks(Vec<Vec<FillMaskProposition>>),
}

/// `POST /fill-mask` answer: the result of the text, or a list of results
/// for a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FillMaskResponse {
    /// One text.
    Single(FillMaskResult),
    /// A batch.
    Batch(Vec<FillMaskResult>),
}

/// The model's kind in `/info` (TEI's `model_type`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelType {
    /// Embeddings, with the pooling used.
    Embedding {
        /// `mean`, `cls` or `pooler`.
        pooling: String,
    },
    /// Sentence-order classifier.
    Classifier {
        /// Label of each class id.
        id2label: std::collections::BTreeMap<String, String>,
    },
    /// Masked-LM.
    FillMask {
        /// The mask token.
        mask_token: String,
    },
}

/// `GET /info`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Info {
    /// The model directory's name.
    pub model_id: String,
    /// Not known for a local directory.
    pub model_sha: Option<String>,
    /// Weight dtype as computed.
    pub model_dtype: String,
    /// What `POST /` serves.
    pub model_type: ModelType,
    /// `--max-concurrent-requests`.
    pub max_concurrent_requests: usize,
    /// Longest input in tokens (`max_position_embeddings`).
    pub max_input_length: usize,
    /// Padded tokens in a batch: `--max-batch-tokens`, halved while the
    /// compiled shapes would not fit `--max-bucket-memory-mb`.
    pub max_batch_tokens: usize,
    /// Largest batch the server forms (`--max-batch-requests`, else the largest compiled batch).
    pub max_batch_requests: Option<usize>,
    /// `--max-client-batch-size`.
    pub max_client_batch_size: usize,
    /// `--auto-truncate`.
    pub auto_truncate: bool,
    /// Tokenization runs on tokio's blocking pool (TEI's field).
    pub tokenization_workers: usize,
    /// albert-jit's version.
    pub version: String,
    /// The (batch, seq) shapes compiled at start-up for /embed, /embed_all, /predict.
    pub buckets: Vec<(usize, usize)>,
    /// Padded tokens in a fill-mask batch (its logits take more memory).
    pub fill_mask_max_batch_tokens: usize,
    /// The shapes compiled for /fill-mask.
    pub fill_mask_buckets: Vec<(usize, usize)>,
    /// Estimated activation memory of all compiled shapes, MiB.
    pub bucket_memory_mib: usize,
}

/// Parses a request body as the route's JSON; any mistake is a 422.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ServerError> {
    serde_json::from_slice(body).map_err(|e| ServerError::Json(e.to_string()))
}

fn check_texts(texts: &[&str], limits: &Limits) -> Result<(), ServerError> {
    if texts.is_empty() {
        return Err(ServerError::Empty("`inputs` cannot be empty".into()));
    }
    if texts.len() > limits.max_client_batch_size {
        return Err(ServerError::BatchTooLarge { size: texts.len(), max: limits.max_client_batch_size });
    }
    if let Some(i) = texts.iter().position(|t| t.trim().is_empty()) {
        return Err(ServerError::Empty(format!("input {i} is empty")));
    }
    Ok(())
}

impl EmbedRequest {
    /// The model-independent checks.
    pub fn validate(&self, limits: &Limits) -> Result<(), ServerError> {
        check_texts(&self.inputs.texts().0, limits)?;
        if self.dimensions == Some(0) {
            return Err(ServerError::Validation("`dimensions` must be at least 1".into()));
        }
        Ok(())
    }
}

/// `(text_a, text_b)` pairs, and whether the request was a batch.
pub type Pairs<'a> = (Vec<(&'a str, &'a str)>, bool);

impl PredictRequest {
    /// The pairs, and whether the request was a batch; single texts are refused.
    pub fn pairs(&self) -> Result<Pairs<'_>, ServerError> {
        let (seqs, batch): (Vec<&Sequence>, bool) = match &self.inputs {
            PredictInput::Single(s) => (vec![s], false),
            PredictInput::Batch(v) => (v.iter().collect(), true),
        };
        let pairs = seqs
            .into_iter()
            .map(|s| match s {
                Sequence::Pair(a, b) => Ok((a.as_str(), b.as_str())),
                Sequence::Single(_) => Err(ServerError::Validation(
                    "sentence-order prediction takes pairs: \"inputs\": [text_a, text_b] or [[a, b], ...]"
                        .into(),
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((pairs, batch))
    }

    /// The model-independent checks.
    pub fn validate(&self, limits: &Limits) -> Result<(), ServerError> {
        let (pairs, _) = self.pairs()?;
        let texts: Vec<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
        if pairs.len() > limits.max_client_batch_size {
            return Err(ServerError::BatchTooLarge { size: pairs.len(), max: limits.max_client_batch_size });
        }
        check_texts(&texts, &Limits { max_client_batch_size: usize::MAX })?;
        if self.truncation_direction == TruncationDirection::Left {
            return Err(ServerError::Validation(
                "pairs are truncated longest-first from the right only".into(),
            ));
        }
        Ok(())
    }
}

impl TokenizeRequest {
    /// The model-independent checks.
    pub fn validate(&self, limits: &Limits) -> Result<(), ServerError> {
        check_texts(&self.inputs.texts().0, limits)
    }
}

impl DecodeRequest {
    /// The sequences of ids, and whether the request was a batch.
    pub fn sequences(&self) -> (Vec<&[u32]>, bool) {
        match &self.ids {
            InputIds::Single(v) => (vec![v.as_slice()], false),
            InputIds::Batch(v) => (v.iter().map(Vec::as_slice).collect(), true),
        }
    }

    /// The model-independent checks.
    pub fn validate(&self, limits: &Limits) -> Result<(), ServerError> {
        let (seqs, _) = self.sequences();
        if seqs.is_empty() || seqs.iter().any(|s| s.is_empty()) {
            return Err(ServerError::Empty("`ids` cannot be empty".into()));
        }
        if seqs.len() > limits.max_client_batch_size {
            return Err(ServerError::BatchTooLarge { size: seqs.len(), max: limits.max_client_batch_size });
        }
        Ok(())
    }
}

impl FillMaskRequest {
    /// The target words, if any.
    pub fn targets(&self) -> Option<Vec<String>> {
        match &self.parameters.targets {
            None => None,
            Some(Targets::One(t)) => Some(vec![t.clone()]),
            Some(Targets::Many(v)) => Some(v.clone()),
        }
    }

    /// The model-independent checks.
    pub fn validate(&self, limits: &Limits) -> Result<(), ServerError> {
        check_texts(&self.inputs.texts().0, limits)?;
        if self.parameters.top_k == 0 {
            return Err(ServerError::Validation("`top_k` must be at least 1".into()));
        }
        if let Some(t) = self.targets() {
            if t.is_empty() || t.iter().any(|w| w.trim().is_empty()) {
                return Err(ServerError::Validation("`targets` must be non-empty words".into()));
            }
        }
        Ok(())
    }
}

/// The routes whose bodies [`check_body`] knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyRoute {
    /// `/embed` and `/embed_all`.
    Embed,
    /// `/predict`.
    Predict,
    /// `/tokenize`.
    Tokenize,
    /// `/decode`.
    Decode,
    /// `/fill-mask`.
    FillMask,
}

impl BodyRoute {
    /// Every route with a body.
    pub const ALL: [BodyRoute; 5] =
        [BodyRoute::Embed, BodyRoute::Predict, BodyRoute::Tokenize, BodyRoute::Decode, BodyRoute::FillMask];
}

/// Parses and validates a body for `route` exactly as the handler does before
/// it touches the model (the fuzz target's entry point).
pub fn check_body(route: BodyRoute, body: &[u8], limits: &Limits) -> Result<(), ServerError> {
    match route {
        BodyRoute::Embed => parse::<EmbedRequest>(body)?.validate(limits),
        BodyRoute::Predict => parse::<PredictRequest>(body)?.validate(limits),
        BodyRoute::Tokenize => parse::<TokenizeRequest>(body)?.validate(limits),
        BodyRoute::Decode => parse::<DecodeRequest>(body)?.validate(limits),
        BodyRoute::FillMask => parse::<FillMaskRequest>(body)?.validate(limits),
    }
}
