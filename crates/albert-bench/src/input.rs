//! Deterministic benchmark inputs.

use serde::Serialize;

/// `[CLS]` id of ALBERT's SentencePiece vocabulary.
pub const CLS_ID: i64 = 2;
/// `[SEP]` id.
pub const SEP_ID: i64 = 3;
/// First id that is neither `<pad>` (0), `<unk>` (1), `[CLS]`, `[SEP]` nor `[MASK]` (4).
pub const FIRST_ORDINARY_ID: i64 = 5;

/// One batch of token ids, row-major `[batch, seq]`, as every runtime receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchInput {
    /// Number of sequences.
    pub batch: usize,
    /// Tokens per sequence.
    pub seq: usize,
    /// `[batch * seq]` token ids.
    pub input_ids: Vec<i64>,
    /// `[batch * seq]` segment ids.
    pub token_type_ids: Vec<i64>,
    /// `[batch * seq]` 1 for real tokens, 0 for padding.
    pub attention_mask: Vec<i64>,
}

impl BenchInput {
    /// Seeded synthetic input: every row is `[CLS] x … x [SEP]` with `x` drawn uniformly
    /// from `[5, vocab_size)` (a row of length 1 is just `[CLS]`), segment 0, no padding.
    /// The same `(batch, seq, vocab_size, seed)` always gives the same ids.
    pub fn synthetic(batch: usize, seq: usize, vocab_size: usize, seed: u64) -> Self {
        let mut state = seed
            ^ (batch as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (seq as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        let span = (vocab_size as i64 - FIRST_ORDINARY_ID).max(1) as u64;
        let mut input_ids = Vec::with_capacity(batch * seq);
        for _ in 0..batch {
            for pos in 0..seq {
                let id = if pos == 0 {
                    CLS_ID
                } else if pos + 1 == seq {
                    SEP_ID
                } else {
                    FIRST_ORDINARY_ID + (splitmix64(&mut state) % span) as i64
                };
                input_ids.push(id);
            }
        }
        BenchInput {
            batch,
            seq,
            input_ids,
            token_type_ids: vec![0; batch * seq],
            attention_mask: vec![1; batch * seq],
        }
    }

    /// `batch * seq`.
    pub fn tokens(&self) -> usize {
        self.batch * self.seq
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
