//! ALBERT tokenizer: Google's SentencePiece (unigram) plus the preprocessing,
//! special-token handling, truncation and decoding of Hugging Face's
//! `AlbertTokenizer` (`do_lower_case=True`, `keep_accents=False`,
//! `remove_space=True`).
//!
//! Encoding a text works like the Hugging Face tokenizer:
//!
//! 1. special tokens written literally in the text (`[CLS]`, `[SEP]`,
//!    `[MASK]`, `<pad>`, `<unk>`) are split out first and map directly to
//!    their ids; `[MASK]` absorbs the whitespace before it (`lstrip`);
//! 2. every other chunk is preprocessed (see below), normalized by Google's
//!    SentencePiece library (the model's `nmt_nfkc` character map, whitespace
//!    clean-up, spaces escaped as `▁`, a `▁` prepended), split into words at
//!    each `▁`, and each word segmented by a unigram Viterbi search that
//!    breaks ties like Hugging Face `tokenizers` (SentencePiece's own
//!    segmentation breaks them differently, e.g. on `"AAAA…"`);
//! 3. `[CLS] a [SEP]` or `[CLS] a [SEP] b [SEP]` is built, optionally
//!    truncated with Hugging Face's `longest_first` strategy.
//!
//! Preprocessing: whitespace runs (incl. tabs and newlines) are collapsed and
//! the chunk stripped, ``` `` ``` and `''` become `"`, the text is NFKD
//! decomposed and combining marks are dropped, then it is lower-cased.
//!
//! [`Tokenizer`] is `Send + Sync`: the `sentencepiece` crate declares its
//! processor `Send + Sync` (the C++ `SentencePieceProcessor` is immutable
//! after loading and its encode/decode methods are `const`, see
//! google/sentencepiece#207), and everything else here is plain owned data.
//! Share one instance between threads with `Arc<Tokenizer>`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use sentencepiece::SentencePieceProcessor;

mod normalize;
mod proto;
mod unigram;

/// The SentencePiece word-boundary marker, `U+2581`.
pub const SPIECE_UNDERLINE: char = '\u{2581}';

/// Literal text of the classifier token.
pub const CLS_TOKEN: &str = "[CLS]";
/// Literal text of the separator token.
pub const SEP_TOKEN: &str = "[SEP]";
/// Literal text of the mask token.
pub const MASK_TOKEN: &str = "[MASK]";
/// Literal text of the padding token.
pub const PAD_TOKEN: &str = "<pad>";
/// Literal text of the unknown token.
pub const UNK_TOKEN: &str = "<unk>";

/// Errors of loading a model or encoding a text.
#[derive(Debug, thiserror::Error)]
pub enum TokenizerError {
    /// The model file could not be read.
    #[error("cannot read SentencePiece model {}: {source}", path.display())]
    Io {
        /// Path that was being read.
        path: PathBuf,
        /// Underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a valid SentencePiece model.
    #[error("{origin} is not a valid SentencePiece model: {reason}")]
    InvalidModel {
        /// Where the model came from: its path, or `<bytes>` for
        /// [`Tokenizer::from_bytes`].
        origin: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A special token that ALBERT needs is not in the model's vocabulary.
    #[error("special token {token:?} is missing from the vocabulary of {origin}")]
    MissingSpecialToken {
        /// The missing token, e.g. `[MASK]`.
        token: String,
        /// Where the model came from.
        origin: String,
    },
    /// `max_length` cannot even hold the special tokens plus one text token.
    #[error(
        "max_length {max_length} is too small: at least {min} is needed \
         ({added} special tokens plus text)"
    )]
    MaxLengthTooSmall {
        /// The requested maximum length.
        max_length: usize,
        /// The smallest accepted maximum length (3 for one text, 4 for a pair).
        min: usize,
        /// Number of special tokens added around the text(s).
        added: usize,
    },
    /// The encoded input is longer than `max_length` and truncation is off.
    #[error(
        "input is {length} tokens long (with special tokens), more than \
         max_length {max_length}; enable truncation to cut it"
    )]
    TooLong {
        /// Length of the encoded input, special tokens included.
        length: usize,
        /// The requested maximum length.
        max_length: usize,
    },
    /// SentencePiece failed to normalize a text.
    #[error("SentencePiece failed to normalize the text: {0}")]
    Encode(String),
}

/// Options of [`Tokenizer::encode`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Maximum length of the output, special tokens included. `None`: no
    /// limit (also when `truncate` is set).
    pub max_length: Option<usize>,
    /// Cut inputs longer than `max_length` (Hugging Face's `longest_first`
    /// strategy) instead of returning [`TokenizerError::TooLong`].
    pub truncate: bool,
}

/// Result of [`Tokenizer::encode`]; all vectors have the same length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Encoding {
    /// Token ids, `[CLS] a [SEP]` or `[CLS] a [SEP] b [SEP]`.
    pub input_ids: Vec<u32>,
    /// Segment ids: 0 for `[CLS]`, the first text and its `[SEP]`, 1 for the
    /// second text and the final `[SEP]`.
    pub token_type_ids: Vec<u32>,
    /// The vocabulary piece of every id (`<unk>` for unknown text).
    pub pieces: Vec<String>,
    /// 1 for the `[CLS]`/`[SEP]` tokens added by the tokenizer, 0 otherwise
    /// (special tokens written literally in the text count as text).
    pub special_tokens_mask: Vec<u8>,
}

impl Encoding {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.input_ids.len()
    }

    /// Whether there are no tokens (never the case for [`Tokenizer::encode`]).
    pub fn is_empty(&self) -> bool {
        self.input_ids.is_empty()
    }
}

/// A special token that is recognised when written literally in the text.
#[derive(Debug, Clone)]
struct SpecialToken {
    content: &'static str,
    id: u32,
    /// Absorb the whitespace before the token.
    lstrip: bool,
}

/// A piece of input text: plain text or a literal special token.
enum Chunk<'a> {
    Text(&'a str),
    Special(u32),
}

/// The ALBERT tokenizer. Cheap to share: `Send + Sync`, all methods take
/// `&self`.
pub struct Tokenizer {
    /// Google's SentencePiece, used for the model's own normalization
    /// (`nmt_nfkc` precompiled character map, whitespace, `▁` prefix).
    sp: SentencePieceProcessor,
    /// Segmentation, with Hugging Face's tie-breaking.
    unigram: unigram::Unigram,
    /// Piece scores as stored in the model.
    scores: Vec<f32>,
    pieces: Vec<String>,
    piece_ids: HashMap<String, u32>,
    cls: u32,
    sep: u32,
    mask: u32,
    pad: u32,
    unk: u32,
    /// Literal special tokens, longest first (for leftmost-longest matching).
    specials: Vec<SpecialToken>,
}

// Compile-time check that the tokenizer can be shared across threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tokenizer>();
};

impl fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokenizer")
            .field("vocab_size", &self.pieces.len())
            .field("cls", &self.cls)
            .field("sep", &self.sep)
            .field("mask", &self.mask)
            .field("pad", &self.pad)
            .field("unk", &self.unk)
            .finish_non_exhaustive()
    }
}

impl Tokenizer {
    /// Loads a SentencePiece model file (e.g. ALBERT's `spiece.model`).
    ///
    /// Errors name the path: unreadable file, invalid model, or a missing
    /// special token.
    pub fn from_file(path: &Path) -> Result<Self, TokenizerError> {
        let bytes =
            std::fs::read(path).map_err(|source| TokenizerError::Io { path: path.to_path_buf(), source })?;
        Self::load(&bytes, &path.display().to_string())
    }

    /// Loads a serialized SentencePiece model from memory. Arbitrary bytes
    /// give an error, not a crash.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TokenizerError> {
        Self::load(bytes, "<bytes>")
    }

    fn load(bytes: &[u8], origin: &str) -> Result<Self, TokenizerError> {
        let invalid = |reason: String| TokenizerError::InvalidModel { origin: origin.to_owned(), reason };
        // Parse the vocabulary ourselves first: it rejects garbage before it
        // reaches the C++ library, and gives id -> piece, which the
        // `sentencepiece` crate does not expose.
        let vocab = proto::parse_model_pieces(bytes).map_err(invalid)?;
        let sp = SentencePieceProcessor::from_serialized_proto(bytes)
            .map_err(|e| invalid(format!("sentencepiece rejected it: {e}")))?;
        if sp.len() != vocab.len() {
            return Err(invalid(format!(
                "sentencepiece reports {} pieces but the model lists {}",
                sp.len(),
                vocab.len()
            )));
        }
        if u32::try_from(vocab.len()).is_err() {
            return Err(invalid(format!("vocabulary too large: {}", vocab.len())));
        }

        let mut piece_ids = HashMap::with_capacity(vocab.len());
        let mut pieces = Vec::with_capacity(vocab.len());
        let mut scores = Vec::with_capacity(vocab.len());
        for (id, p) in (0u32..).zip(vocab) {
            piece_ids.entry(p.piece.clone()).or_insert(id);
            scores.push(p.score);
            pieces.push(p.piece);
        }

        let lookup = |token: &str| -> Result<u32, TokenizerError> {
            let id = piece_ids.get(token).copied().ok_or_else(|| TokenizerError::MissingSpecialToken {
                token: token.to_owned(),
                origin: origin.to_owned(),
            })?;
            // Cross-check with the C++ library; it reports `<unk>` itself
            // (and any unknown piece) as `None`.
            match sp.piece_to_id(token) {
                Ok(Some(sp_id)) if sp_id != id => {
                    Err(invalid(format!("sentencepiece maps {token:?} to {sp_id}, the vocabulary to {id}")))
                }
                _ => Ok(id),
            }
        };
        let cls = lookup(CLS_TOKEN)?;
        let sep = lookup(SEP_TOKEN)?;
        let mask = lookup(MASK_TOKEN)?;
        let pad = lookup(PAD_TOKEN)?;
        let unk = lookup(UNK_TOKEN)?;

        let mut specials = vec![
            SpecialToken { content: CLS_TOKEN, id: cls, lstrip: false },
            SpecialToken { content: SEP_TOKEN, id: sep, lstrip: false },
            SpecialToken { content: MASK_TOKEN, id: mask, lstrip: true },
            SpecialToken { content: PAD_TOKEN, id: pad, lstrip: false },
            SpecialToken { content: UNK_TOKEN, id: unk, lstrip: false },
        ];
        specials.sort_by_key(|s| std::cmp::Reverse(s.content.len()));

        let unigram = build_unigram(&pieces, &scores, unk, false);

        Ok(Self { sp, unigram, scores, pieces, piece_ids, cls, sep, mask, pad, unk, specials })
    }

    /// Enables or disables the "digit-comma" rule (off by default).
    ///
    /// Hugging Face's old slow tokenizer split pieces such as `▁1,` into
    /// `▁1` `,`, and its `AlbertConverter` emulates that by lowering the score
    /// of such pieces by 100 in a converted `tokenizer.json` (as on the Hub's
    /// `albert-*-v2` repositories). transformers 5 loading a directory with
    /// only `spiece.model` (like the project's fixtures) uses the raw scores,
    /// so the rule is off by default. Enable it to match a `tokenizer.json`
    /// produced by that converter.
    pub fn with_digit_comma_rule(mut self, enabled: bool) -> Self {
        self.unigram = build_unigram(&self.pieces, &self.scores, self.unk, enabled);
        self
    }

    /// Encodes a text, or a pair of texts, with `[CLS]`/`[SEP]` added.
    ///
    /// With `opts.max_length` set: if `opts.truncate`, the output is cut to
    /// at most `max_length` tokens (Hugging Face `longest_first`: tokens are
    /// removed from the end of the longer text); otherwise a longer input is
    /// a [`TokenizerError::TooLong`] error. `max_length` must be at least 3
    /// (one text) or 4 (a pair). Without `max_length` there is no limit.
    pub fn encode(
        &self,
        text: &str,
        pair: Option<&str>,
        opts: &EncodeOptions,
    ) -> Result<Encoding, TokenizerError> {
        let added = if pair.is_some() { 3 } else { 2 };
        if let Some(max_length) = opts.max_length {
            if max_length < added + 1 {
                return Err(TokenizerError::MaxLengthTooSmall { max_length, min: added + 1, added });
            }
        }

        let mut first = self.segment_ids(text)?;
        let mut second = match pair {
            Some(p) => Some(self.segment_ids(p)?),
            None => None,
        };

        let length = first.len() + second.as_ref().map_or(0, Vec::len) + added;
        if let Some(max_length) = opts.max_length {
            if length > max_length {
                if !opts.truncate {
                    return Err(TokenizerError::TooLong { length, max_length });
                }
                let budget = max_length - added;
                match second.as_mut() {
                    None => first.truncate(budget),
                    Some(second) => {
                        let (n1, n2) = longest_first(first.len(), second.len(), budget);
                        first.truncate(n1);
                        second.truncate(n2);
                    }
                }
            }
        }

        let mut enc = Encoding::default();
        let mut push = |id: u32, type_id: u32, special: bool| {
            enc.input_ids.push(id);
            enc.token_type_ids.push(type_id);
            enc.special_tokens_mask.push(u8::from(special));
            enc.pieces.push(self.piece_string(id));
        };
        push(self.cls, 0, true);
        for &id in &first {
            push(id, 0, false);
        }
        push(self.sep, 0, true);
        if let Some(second) = &second {
            for &id in second {
                push(id, 1, false);
            }
            push(self.sep, 1, true);
        }
        Ok(enc)
    }

    /// Segments a text into vocabulary pieces, without adding `[CLS]`/`[SEP]`
    /// (special tokens written in the text are kept as pieces). Unknown text
    /// becomes `<unk>`.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        match self.segment_ids(text) {
            Ok(ids) => ids.into_iter().map(|id| self.piece_string(id)).collect(),
            Err(_) => vec![self.piece_string(self.unk)],
        }
    }

    /// Decodes ids to text like Hugging Face's Metaspace decoder: ids are
    /// mapped to pieces (ids outside the vocabulary are skipped, special
    /// tokens too if `skip_special_tokens`), concatenated with `▁` replaced
    /// by a space, and one leading space is removed if the first emitted
    /// piece starts with `▁`. No other clean-up is done.
    pub fn decode(&self, ids: &[u32], skip_special_tokens: bool) -> String {
        let mut out = String::new();
        let mut first = true;
        for &id in ids {
            if skip_special_tokens && self.is_special(id) {
                continue;
            }
            let Some(piece) = self.id_to_piece(id) else {
                continue;
            };
            let mut text = piece;
            if first {
                first = false;
                if let Some(rest) = piece.strip_prefix(SPIECE_UNDERLINE) {
                    text = rest;
                }
            }
            out.extend(text.chars().map(|c| if c == SPIECE_UNDERLINE { ' ' } else { c }));
        }
        out
    }

    /// The vocabulary piece of an id, `None` if out of range.
    pub fn id_to_piece(&self, id: u32) -> Option<&str> {
        let idx = usize::try_from(id).ok()?;
        self.pieces.get(idx).map(String::as_str)
    }

    /// The id of a vocabulary piece (exact match), `None` if absent.
    pub fn piece_to_id(&self, piece: &str) -> Option<u32> {
        self.piece_ids.get(piece).copied()
    }

    /// Number of pieces in the vocabulary (30,000 for ALBERT).
    pub fn vocab_size(&self) -> usize {
        self.pieces.len()
    }

    /// Id of `[CLS]`.
    pub fn cls_id(&self) -> u32 {
        self.cls
    }

    /// Id of `[SEP]`.
    pub fn sep_id(&self) -> u32 {
        self.sep
    }

    /// Id of `[MASK]`.
    pub fn mask_id(&self) -> u32 {
        self.mask
    }

    /// Id of `<pad>`.
    pub fn pad_id(&self) -> u32 {
        self.pad
    }

    /// Id of `<unk>`.
    pub fn unk_id(&self) -> u32 {
        self.unk
    }

    /// Whether `id` is one of the special tokens `[CLS]`, `[SEP]`, `[MASK]`,
    /// `<pad>`, `<unk>` (the ones skipped by `decode(.., true)`).
    pub fn is_special(&self, id: u32) -> bool {
        id == self.cls || id == self.sep || id == self.mask || id == self.pad || id == self.unk
    }

    fn piece_string(&self, id: u32) -> String {
        self.id_to_piece(id).unwrap_or(UNK_TOKEN).to_owned()
    }

    /// Token ids of one text, without `[CLS]`/`[SEP]` added.
    fn segment_ids(&self, text: &str) -> Result<Vec<u32>, TokenizerError> {
        let mut ids = Vec::new();
        for chunk in self.split_specials(text) {
            match chunk {
                Chunk::Special(id) => ids.push(id),
                Chunk::Text(t) => {
                    let normalized = normalize::preprocess(t);
                    if normalized.is_empty() {
                        continue;
                    }
                    // SentencePiece's own normalization: the precompiled
                    // `nmt_nfkc` map, whitespace clean-up, spaces escaped as
                    // `▁` and a `▁` prepended.
                    let spm =
                        self.sp.normalize(&normalized).map_err(|e| TokenizerError::Encode(e.to_string()))?;
                    // Hugging Face's Metaspace pre-tokenizer: every `▁`
                    // starts a new word; each word is segmented on its own.
                    let mut word_start = 0;
                    for (i, _) in spm.match_indices(SPIECE_UNDERLINE) {
                        if i > word_start {
                            self.unigram.encode_word(&spm[word_start..i], &mut ids);
                        }
                        word_start = i;
                    }
                    self.unigram.encode_word(&spm[word_start..], &mut ids);
                }
            }
        }
        Ok(ids)
    }

    /// Splits literal special tokens out of `text` (leftmost, then longest
    /// match), applying their `lstrip`.
    fn split_specials<'a>(&self, text: &'a str) -> Vec<Chunk<'a>> {
        let mut chunks = Vec::new();
        let mut start = 0;
        let mut pos = 0;
        while pos < text.len() {
            let rest = &text[pos..];
            if let Some(special) = self.specials.iter().find(|s| rest.starts_with(s.content)) {
                let mut before = &text[start..pos];
                if special.lstrip {
                    before = before.trim_end();
                }
                if !before.is_empty() {
                    chunks.push(Chunk::Text(before));
                }
                chunks.push(Chunk::Special(special.id));
                pos += special.content.len();
                start = pos;
            } else {
                // No special token starts here: skip to the next byte that
                // can start one (the first byte of a token's text begins a
                // char, and such a byte never occurs inside a UTF-8 char, so
                // this stays on a char boundary).
                let starts = |b: &u8| self.specials.iter().any(|s| s.content.as_bytes().first() == Some(b));
                pos += 1 + rest.as_bytes()[1..].iter().position(starts).unwrap_or(rest.len() - 1);
            }
        }
        if start < text.len() {
            chunks.push(Chunk::Text(&text[start..]));
        }
        chunks
    }
}

fn build_unigram(pieces: &[String], scores: &[f32], unk: u32, digit_comma_rule: bool) -> unigram::Unigram {
    unigram::Unigram::new(
        pieces.iter().zip(scores).map(|(p, &s)| (p.as_str(), piece_score(p, s, digit_comma_rule))),
        unk,
    )
}

/// Score used for segmentation of a piece read from the model: with
/// `digit_comma_rule`, Hugging Face's `AlbertConverter` penalty (-100) for
/// pieces ending in a digit followed by a comma (e.g. `▁1,`).
fn piece_score(piece: &str, score: f32, digit_comma_rule: bool) -> f64 {
    let mut rev = piece.chars().rev();
    let digit_comma = matches!(
        (rev.next(), rev.next()),
        (Some(','), Some(d)) if d.is_numeric()
    );
    if digit_comma_rule && digit_comma {
        f64::from(score) - 100.0
    } else {
        f64::from(score)
    }
}

/// Hugging Face `tokenizers`' `longest_first` truncation of a pair: given the
/// two lengths and the token budget (max_length minus the special tokens),
/// returns the kept lengths of the first and second sequence.
fn longest_first(len1: usize, len2: usize, budget: usize) -> (usize, usize) {
    if len1 + len2 <= budget {
        return (len1, len2);
    }
    let swap = len1 > len2;
    // n1 is the shorter length.
    let mut n1 = len1.min(len2);
    let mut n2 = if n1 > budget { n1 } else { n1.max(budget - n1) };
    if n1 + n2 > budget {
        n1 = budget / 2;
        n2 = n1 + budget % 2;
    }
    let (n1, n2) = if swap { (n2, n1) } else { (n1, n2) };
    (n1.min(len1), n2.min(len2))
}

#[cfg(test)]
mod tests {
    use super::longest_first;

    #[test]
    fn longest_first_truncation() {
        assert_eq!(longest_first(3, 4, 10), (3, 4));
        assert_eq!(longest_first(2, 20, 10), (2, 8));
        assert_eq!(longest_first(20, 2, 10), (8, 2));
        assert_eq!(longest_first(10, 10, 15), (7, 8));
        assert_eq!(longest_first(12, 10, 15), (8, 7));
        assert_eq!(longest_first(30, 40, 1), (0, 1));
    }
}
