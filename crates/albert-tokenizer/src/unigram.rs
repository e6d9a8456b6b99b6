//! Unigram (Viterbi) segmentation exactly as Hugging Face `tokenizers`'
//! `Unigram` model does it, so ties between equally scored segmentations are
//! broken the same way (Google's SentencePiece breaks them differently, e.g.
//! for long runs of one letter).
//!
//! The candidate pieces starting at a position are found by walking a byte
//! trie of the vocabulary (as `tokenizers` does with its own trie): the walk
//! stops as soon as no piece continues the text, instead of hashing every
//! substring up to the longest piece's length.

/// `tokenizers`' penalty of an unknown character relative to the lowest
/// piece score.
const UNK_PENALTY: f64 = 10.0;

/// A byte trie of the vocabulary in compressed-row form: the children of
/// node `i` are `edges[first[i]..first[i + 1]]`, sorted by byte; node 0 is
/// the root (the empty string).
#[derive(Debug, Default)]
struct Trie {
    first: Vec<u32>,
    edges: Vec<(u8, u32)>,
    /// `(id, score)` of the piece that ends at each node, if any.
    value: Vec<Option<(u32, f64)>>,
}

impl Trie {
    /// Builds the trie; a piece listed twice keeps its last id and score
    /// (as a map from piece to `(id, score)` filled in id order would).
    fn new<'a>(pieces: impl IntoIterator<Item = (&'a str, (u32, f64))>) -> Trie {
        // Build with per-node child lists, then flatten.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut value: Vec<Option<(u32, f64)>> = vec![None];
        for (piece, v) in pieces {
            let mut node = 0usize;
            for &b in piece.as_bytes() {
                node = match children[node].binary_search_by_key(&b, |&(c, _)| c) {
                    Ok(i) => children[node][i].1 as usize,
                    Err(i) => {
                        let next = children.len();
                        children[node].insert(i, (b, next as u32));
                        children.push(Vec::new());
                        value.push(None);
                        next
                    }
                };
            }
            value[node] = Some(v);
        }
        let mut first = Vec::with_capacity(children.len() + 1);
        let mut edges = Vec::with_capacity(children.len());
        for c in &children {
            first.push(edges.len() as u32);
            edges.extend_from_slice(c);
        }
        first.push(edges.len() as u32);
        Trie { first, edges, value }
    }

    /// The child of `node` along byte `b`.
    #[inline]
    fn child(&self, node: u32, b: u8) -> Option<u32> {
        let n = node as usize;
        let kids = &self.edges[self.first[n] as usize..self.first[n + 1] as usize];
        kids.binary_search_by_key(&b, |&(c, _)| c).ok().map(|i| kids[i].1)
    }
}

/// The segmentation model: every vocabulary piece with its score.
#[derive(Debug)]
pub(crate) struct Unigram {
    /// piece -> (id, score), as a byte trie.
    trie: Trie,
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
        let mut min_score = f64::INFINITY;
        let trie = Trie::new((0u32..).zip(pieces).map(|(id, (piece, score))| {
            min_score = min_score.min(score);
            (piece, (id, score))
        }));
        if !min_score.is_finite() {
            min_score = 0.0;
        }
        Self { trie, unk_id, unk_score: min_score - UNK_PENALTY }
    }

    /// Appends the ids of the best segmentation of `word` to `out`.
    /// Consecutive unknown characters become a single unknown id.
    pub(crate) fn encode_word(&self, word: &str, out: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        let len = word.len();
        let bytes = word.as_bytes();
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
            // Candidate pieces starting here, in order of increasing length.
            // Pieces are whole UTF-8 strings, so one that matches the text
            // ends on a char boundary.
            let mut node = 0u32;
            for (end, &b) in (start + 1..).zip(&bytes[start..]) {
                let Some(next) = self.trie.child(node, b) else {
                    break;
                };
                node = next;
                if let Some((id, score)) = self.trie.value[node as usize] {
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

    /// The first-best path by brute force: every substring looked up in a
    /// map, as before the trie (the trie must give the same segmentation).
    fn encode_by_map(pieces: &[(&str, f64)], unk: u32, w: &str) -> Vec<u32> {
        let m = Unigram::new(pieces.iter().copied(), unk);
        let map: std::collections::HashMap<&str, (u32, f64)> =
            (0u32..).zip(pieces).map(|(id, &(p, s))| (p, (id, s))).collect();
        let mut best: Vec<Option<super::Node>> = vec![None; w.len() + 1];
        let starts: Vec<usize> = w.char_indices().map(|(i, _)| i).collect();
        for &start in &starts {
            let here = if start == 0 { 0.0 } else { best[start].map_or(f64::NEG_INFINITY, |n| n.score) };
            let char_len = w[start..].chars().next().map_or(1, char::len_utf8);
            let mut single = false;
            for end in (start + 1..=w.len()).filter(|&e| w.is_char_boundary(e)) {
                if let Some(&(id, s)) = map.get(&w[start..end]) {
                    super::relax(&mut best[end], start, id, here + s);
                    single |= end - start == char_len;
                }
            }
            if !single {
                super::relax(&mut best[start + char_len], start, unk, here + m.unk_score);
            }
        }
        let mut ids = Vec::new();
        let mut end = w.len();
        while end > 0 {
            let n = best[end].expect("reachable");
            if !(n.id == unk && ids.last() == Some(&unk)) {
                ids.push(n.id);
            }
            end = n.start;
        }
        ids.reverse();
        ids
    }

    #[test]
    fn the_trie_finds_what_a_map_finds() {
        let pieces = [
            ("<unk>", 0.0),
            ("\u{2581}", -1.5),
            ("\u{2581}a", -1.0),
            ("a", -2.0),
            ("aa", -4.0),
            ("aab", -5.0),
            ("b", -3.0),
            ("é", -2.5),
            ("éa", -2.0),
            ("ab", -3.0),
            // Listed twice: the later id wins, as in a map filled in order.
            ("b", -2.9),
        ];
        let m = Unigram::new(pieces.iter().copied(), 0);
        for w in ["aaa", "aab", "\u{2581}aabé", "éaab", "xéay", "bbbb", "\u{2581}\u{2581}a", "aaaaaaaab", "z"]
        {
            assert_eq!(encode(&m, w), encode_by_map(&pieces, 0, w), "{w:?}");
        }
        assert_eq!(encode(&m, "b"), [10]);
    }
}
