//! The user-facing tasks: fill-mask (Hugging Face's JSON), embeddings and
//! sentence-order prediction.

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::RuntimeError;
use albert_tokenizer::Encoding;

use crate::session::{Session, Wanted};

/// One fill-mask proposition, exactly the fields of Hugging Face's pipeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proposition {
    /// Softmax probability of the token at the mask (f32, as PyTorch reports it).
    pub score: f64,
    /// The token id.
    pub token: u32,
    /// The token decoded on its own.
    pub token_str: String,
    /// The input with the mask replaced by the token, decoded.
    pub sequence: String,
}

/// How to pool token vectors into one embedding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pooling {
    /// The `[CLS]` token's last hidden state.
    Cls,
    /// Mean of the last hidden states over real (unpadded) tokens.
    Mean,
    /// The model's pooler output (`tanh(dense(h_cls))`).
    Pooler,
}

/// The softmax of `logits`, computed in f64 and rounded to f32 (as the
/// pipelines report probabilities).
pub fn softmax_f32(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
    let exps: Vec<f64> = logits.iter().map(|&v| (v as f64 - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.into_iter().map(|e| (e / sum) as f32).collect()
}

impl Session {
    /// Resolves fill-mask `targets` the way Hugging Face does: a vocabulary
    /// piece as is, otherwise the first id the tokenizer gives the word.
    pub fn fill_mask_targets(&self, targets: &[String]) -> Result<Vec<u32>, RuntimeError> {
        let tok = self.tokenizer()?;
        let mut ids = Vec::new();
        for t in targets {
            let id = match tok.piece_to_id(t) {
                Some(id) => Some(id),
                None => {
                    let pieces = tok.tokenize(t);
                    pieces.first().and_then(|p| tok.piece_to_id(p))
                }
            };
            if let Some(id) = id {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        if ids.is_empty() {
            return Err(RuntimeError::Input("at least one target must map to a token".into()));
        }
        Ok(ids)
    }

    /// The positions of `[MASK]` in an encoding; an error naming `text` if
    /// there is none.
    pub fn mask_positions(&self, enc: &Encoding, text: &str) -> Result<Vec<usize>, RuntimeError> {
        let mask = self.tokenizer()?.mask_id();
        let positions: Vec<usize> =
            enc.input_ids.iter().enumerate().filter(|(_, &id)| id == mask).map(|(i, _)| i).collect();
        if positions.is_empty() {
            return Err(RuntimeError::NoMask { mask: "[MASK]".into(), text: text.to_string() });
        }
        Ok(positions)
    }

    /// The fill-mask result of one text, from the MLM logits at its masks
    /// (`mask_logits`: `[masks, vocab]`, in the order of
    /// [`Session::mask_positions`]): a list of propositions for one mask, a
    /// list of such lists for several. [`Session::fill_mask`] and the server
    /// share it, so their answers agree.
    pub fn fill_mask_result(
        &self,
        enc: &Encoding,
        mask_logits: &[f32],
        top_k: usize,
        target_ids: Option<&[u32]>,
    ) -> Result<Value, RuntimeError> {
        let tok = self.tokenizer()?;
        let mask = tok.mask_id();
        let pad = tok.pad_id();
        let v = self.config().vocab_size;
        let positions: Vec<usize> =
            enc.input_ids.iter().enumerate().filter(|(_, &id)| id == mask).map(|(i, _)| i).collect();
        if mask_logits.len() != positions.len() * v {
            return Err(RuntimeError::Input(format!(
                "{} mask logits for {} masks of a {v}-piece vocabulary",
                mask_logits.len(),
                positions.len()
            )));
        }
        let single = positions.len() == 1;
        let mut per_mask = Vec::with_capacity(positions.len());
        for (&pos, row) in positions.iter().zip(mask_logits.chunks_exact(v)) {
            let probs = softmax_f32(row);
            let mut cands: Vec<(u32, f32)> = match target_ids {
                Some(ids) => ids.iter().map(|&id| (id, probs[id as usize])).collect(),
                None => probs.iter().enumerate().map(|(i, &p)| (i as u32, p)).collect(),
            };
            let k = top_k.min(cands.len());
            let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            // The k best first (a total order, so the same k as a full sort).
            if k > 0 && k < cands.len() {
                cands.select_nth_unstable_by(k - 1, order);
            }
            cands.truncate(k);
            cands.sort_by(order);
            let props: Vec<Proposition> = cands
                .into_iter()
                .map(|(id, p)| {
                    let mut ids = enc.input_ids.clone();
                    ids[pos] = id;
                    ids.retain(|&t| t != pad);
                    Proposition {
                        score: p as f64,
                        token: id,
                        token_str: tok.decode(&[id], true),
                        sequence: tok.decode(&ids, single),
                    }
                })
                .collect();
            per_mask.push(serde_json::to_value(props).map_err(|e| RuntimeError::Input(e.to_string()))?);
        }
        Ok(if single { per_mask.remove(0) } else { Value::Array(per_mask) })
    }

    /// Hugging Face's `fill-mask` pipeline: for each text, for each `[MASK]`,
    /// the `top_k` most likely tokens. Returns the pipeline's JSON: a list of
    /// propositions for a text with one mask, a list of such lists for a text
    /// with several; with several texts, a list of those.
    pub fn fill_mask(
        &self,
        texts: &[&str],
        top_k: usize,
        targets: Option<&[String]>,
    ) -> Result<Value, RuntimeError> {
        let pairs: Vec<(&str, Option<&str>)> = texts.iter().map(|t| (*t, None)).collect();
        let (batch, encs) = self.encode(&pairs, None, false)?;
        let mut positions = Vec::with_capacity(encs.len());
        for (t, e) in texts.iter().zip(&encs) {
            positions.push(self.mask_positions(e, t)?);
        }
        let target_ids = targets.map(|t| self.fill_mask_targets(t)).transpose()?;
        let out = self.forward(&batch, Wanted { mlm: true, ..Wanted::default() })?;
        let logits = out.mlm_logits.ok_or_else(|| RuntimeError::Input("no MLM logits".into()))?;
        let v = self.config().vocab_size;
        let mut results = Vec::with_capacity(texts.len());
        for (bi, (e, pos)) in encs.iter().zip(&positions).enumerate() {
            let mut rows = Vec::with_capacity(pos.len() * v);
            for &p in pos {
                let row = (bi * batch.seq + p) * v;
                rows.extend_from_slice(&logits[row..row + v]);
            }
            results.push(self.fill_mask_result(e, &rows, top_k, target_ids.as_deref())?);
        }
        Ok(if results.len() == 1 { results.remove(0) } else { Value::Array(results) })
    }

    /// Pools one sequence's token vectors into an embedding: `hidden` is its
    /// `[seq, hidden]` block, `mask` its attention mask, `pooler` its pooler
    /// output (needed for [`Pooling::Pooler`]).
    pub fn pool(
        &self,
        pooling: Pooling,
        hidden: &[f32],
        mask: &[i64],
        pooler: Option<&[f32]>,
    ) -> Result<Vec<f32>, RuntimeError> {
        let h = self.config().hidden_size;
        Ok(match pooling {
            Pooling::Cls => hidden[..h].to_vec(),
            Pooling::Pooler => {
                pooler.ok_or_else(|| RuntimeError::Input("no pooler output".into()))?[..h].to_vec()
            }
            Pooling::Mean => {
                let mut acc = vec![0.0f64; h];
                let mut n = 0usize;
                for (row, &m) in hidden.chunks_exact(h).zip(mask) {
                    if m == 0 {
                        continue;
                    }
                    n += 1;
                    for (a, &x) in acc.iter_mut().zip(row) {
                        *a += x as f64;
                    }
                }
                acc.into_iter().map(|a| (a / n.max(1) as f64) as f32).collect()
            }
        })
    }

    /// One embedding per text.
    pub fn embed(
        &self,
        texts: &[&str],
        pooling: Pooling,
        truncate: bool,
    ) -> Result<Vec<Vec<f32>>, RuntimeError> {
        let pairs: Vec<(&str, Option<&str>)> = texts.iter().map(|t| (*t, None)).collect();
        let (batch, _) = self.encode(&pairs, None, truncate)?;
        let want = Wanted { pooler: pooling == Pooling::Pooler, ..Wanted::default() };
        let out = self.forward(&batch, want)?;
        let h = self.config().hidden_size;
        let s = batch.seq;
        let mut embs = Vec::with_capacity(batch.batch);
        for b in 0..batch.batch {
            let pooler = out.pooler_output.as_ref().map(|p| &p[b * h..(b + 1) * h]);
            embs.push(self.pool(
                pooling,
                &out.last_hidden_state[b * s * h..(b + 1) * s * h],
                &batch.attention_mask[b * s..(b + 1) * s],
                pooler,
            )?);
        }
        Ok(embs)
    }

    /// Sentence-order prediction for `a` followed by `b`: the logits and the
    /// probabilities of "in order" (label 0) and "swapped" (label 1).
    pub fn sop(&self, a: &str, b: &str, truncate: bool) -> Result<Value, RuntimeError> {
        self.check_heads(Wanted { sop: true, ..Wanted::default() })?;
        let (batch, _) = self.encode(&[(a, Some(b))], None, truncate)?;
        let out = self.forward(&batch, Wanted { sop: true, ..Wanted::default() })?;
        let l = out.sop_logits.ok_or_else(|| RuntimeError::Input("no SOP logits".into()))?;
        let p = softmax_f32(&l[..2]);
        Ok(json!({
            "text_a": a,
            "text_b": b,
            "logits": [l[0] as f64, l[1] as f64],
            "in_order": p[0] as f64,
            "swapped": p[1] as f64,
        }))
    }
}
