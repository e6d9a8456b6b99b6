//! Unigram (Viterbi) segmentation exactly as Hugging Face `tokenizers`'
//! `Unigram` model does it, so ties between equally scored segmentations are
//! broken the same way (Google's SentencePiece breaks them differently, e.g.
//! for long runs of one letter).

use std::collections::HashMap;

/// `tokenizers`' penalty of an unknown character relative to the lowest
/// piece score.
const UNK_PENALTY: f64 = 10.0;

/// The segmentation model: every vocabulary piece with its score.
#[derive(Debug)]
pub(crate) struct Unigram {
    /// piece -> (id, score).
    vocab: HashMap<String, (u32, f64)>,
    /// Length in bytes of the longest piece.
    max_piece_len: usize,
    unk_id: u32,
    unk_score: f64,
}

#[derive(Clone, Copy)]
struct Node {
    /// Start (byte offset) of the last piece of the best path ending here.
    start: usize,
    id: u32,
    score: f64,
}

impl Unigram {
    /// Builds the model from `(piece, score)` pairs indexed by id.
    pub(crate) fn new<'a>(pieces: impl IntoIterator<Item = (&'a str, f64)>, unk_id: u32) -> Self {
        let mut vocab = HashMap::new();
        let mut max_piece_len = 0;
        let mut min_score = f64::INFINITY;
        for (id, (piece, score)) in (0u32..).zip(pieces) {
            max_piece_len = max_piece_len.max(piece.len());
            min_score = min_score.min(score);
            vocab.insert(piece.to_owned(), (id, score));
        }
        if !min_score.is_finite() {
            min_score = 0.0;
        }
        Self { vocab, max_piece_len, unk_id, unk_score: min_score - UNK_PENALTY }
    }

    /// Appends the ids of the best segmentation of `word` to `out`.
    /// Consecutive unknown characters become a single unknown id.
    pub(crate) fn encode_word(&self, word: &str, out: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        let len = word.len();
        let mut best: Vec<Option<Node>> = vec![None; len + 1];
        let mut start = 0;
        while start < len {
            let Some(first_char) = word[start..].chars().next() else {
                break;
            };
            let char_len = first_char.len_utf8();
            let score_here =
                if start == 0 { 0.0 } else { best[start].map_or(f64::NEG_INFINITY, |n| n.score) };
            let mut has_single_char_piece = false;
            // Candidate pieces starting here, in order of increasing length
            // (only char boundaries can end a piece).
            let mut end = start;
            for c in word[start..].chars() {
                end += c.len_utf8();
                if end - start > self.max_piece_len {
                    break;
                }
                if let Some(&(id, score)) = self.vocab.get(&word[start..end]) {
                    relax(&mut best[end], start, id, score_here + score);
                    if end - start == char_len {
                        has_single_char_piece = true;
                    }
                }
            }
            if !has_single_char_piece {
                relax(&mut best[start + char_len], start, self.unk_id, score_here + self.unk_score);
            }
            start += char_len;
        }

        // Backtrack from the end, fusing runs of unknowns.
        let mut ids = Vec::new();
        let mut end = len;
        while end > 0 {
            let Some(node) = best[end] else {
                // Unreachable (every char has a piece or an unknown node);
                // fall back to one unknown for the rest.
                ids.push(self.unk_id);
                break;
            };
            let fused = node.id == self.unk_id && ids.last() == Some(&self.unk_id);
            if !fused {
                ids.push(node.id);
            }
            end = node.start;
        }
        out.extend(ids.into_iter().rev());
    }
}

/// Keeps the first best path: a later candidate replaces the current one only
/// if it scores strictly higher (the `tokenizers` tie-break).
fn relax(slot: &mut Option<Node>, start: usize, id: u32, score: f64) {
    match slot {
        Some(node) if score <= node.score => {}
        _ => *slot = Some(Node { start, id, score }),
    }
}

#[cfg(test)]
mod tests {
    use super::Unigram;

    fn model() -> Unigram {
        Unigram::new([("<unk>", 0.0), ("\u{2581}a", -1.0), ("a", -2.0), ("aa", -4.0), ("b", -3.0)], 0)
    }

    fn encode(m: &Unigram, w: &str) -> Vec<u32> {
        let mut out = Vec::new();
        m.encode_word(w, &mut out);
        out
    }

    #[test]
    fn ties_keep_the_longest_last_piece() {
        // "aaa" = a+aa or aa+a (both -6): the path first reaching the end
        // (earliest start of the last piece) wins, so the long piece is last.
        assert_eq!(encode(&model(), "aaa"), [2, 3]);
    }

    #[test]
    fn unknowns_are_fused() {
        assert_eq!(encode(&model(), "\u{2581}axyzb"), [1, 0, 4]);
        assert_eq!(encode(&model(), "é"), [0]);
        assert_eq!(encode(&model(), ""), Vec::<u32>::new());
    }
}
