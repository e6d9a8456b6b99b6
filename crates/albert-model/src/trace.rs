//! The ALBERT tracer: config + checkpoint → one [`Graph`] for the whole model.
//!
//! One function per Hugging Face module (`modeling_albert.py`), in the same
//! order and with the same parameter names, in the manner of candle's
//! `bert.rs`: weight names in the graph are the checkpoint keys. Tracing
//! repeats a shared layer's ops over the *same* weight ids; recognising the
//! repetition as a loop is the optimiser's job, not the tracer's.

use albert_ir::{Act, DType, Dim, Graph, Op, Operand, Type, ValueId, WeightId};

use crate::config::AlbertConfig;
use crate::error::ModelError;

/// Which heads the checkpoint carries (decided from the tensors present).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heads {
    /// `albert.pooler` (dense + tanh on the first token).
    pub pooler: bool,
    /// `predictions` (the masked-LM head).
    pub mlm: bool,
    /// `sop_classifier` (sentence-order prediction; needs the pooler).
    pub sop: bool,
}

/// What the traced graph returns besides `last_hidden_state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceOptions {
    /// Heads to trace (each only if the checkpoint has it).
    pub heads: Heads,
    /// Also return `embedding_output` and every `hidden_states.<l>`: the
    /// E→H mapping's output (`0`) and that of every inner-layer application.
    pub hidden_states: bool,
    /// Also return the softmax probabilities `attentions.<k>` of every layer application.
    pub attentions: bool,
}

impl TraceOptions {
    /// Every head the checkpoint has, no debugging outputs.
    pub fn all_heads(heads: Heads) -> TraceOptions {
        TraceOptions { heads, hidden_states: false, attentions: false }
    }
}

struct Tracer<'a> {
    g: Graph,
    cfg: &'a AlbertConfig,
    opts: TraceOptions,
    attentions: usize,
    layers_applied: usize,
}

type R<T> = Result<T, ModelError>;

impl Tracer<'_> {
    fn f32(dims: &[usize]) -> Type {
        Type::new(DType::F32, dims.iter().map(|&d| Dim::Fixed(d)).collect())
    }

    fn weight(&mut self, name: &str, dims: &[usize]) -> R<WeightId> {
        Ok(self.g.add_weight(name, Self::f32(dims))?)
    }

    fn op(&mut self, op: Op, args: &[Operand]) -> R<ValueId> {
        Ok(self.g.push(op, args)?)
    }

    fn constant(&mut self, value: f64) -> R<ValueId> {
        self.op(Op::Const { value }, &[])
    }

    /// `nn.Linear(in, out)`: `x · Wᵀ + b`, with `W` stored `[out, in]`.
    fn linear(&mut self, prefix: &str, x: ValueId, d_in: usize, d_out: usize) -> R<ValueId> {
        let w = self.weight(&format!("{prefix}.weight"), &[d_out, d_in])?;
        let b = self.weight(&format!("{prefix}.bias"), &[d_out])?;
        let y = self.op(Op::MatMul { transpose_b: true }, &[x.into(), w.into()])?;
        self.op(Op::Add {}, &[y.into(), b.into()])
    }

    /// `nn.LayerNorm(dim, eps)`.
    fn layer_norm(&mut self, prefix: &str, x: ValueId, dim: usize) -> R<ValueId> {
        let gamma = self.weight(&format!("{prefix}.weight"), &[dim])?;
        let beta = self.weight(&format!("{prefix}.bias"), &[dim])?;
        self.op(Op::LayerNorm { eps: self.cfg.layer_norm_eps }, &[x.into(), gamma.into(), beta.into()])
    }

    /// `AlbertEmbeddings`: word + position + token type, LayerNorm (dropout is a no-op).
    fn embeddings(&mut self, input_ids: ValueId, token_type_ids: ValueId) -> R<ValueId> {
        let c = self.cfg;
        let p = "albert.embeddings";
        let word = self.weight(&format!("{p}.word_embeddings.weight"), &[c.vocab_size, c.embedding_size])?;
        let pos = self.weight(
            &format!("{p}.position_embeddings.weight"),
            &[c.max_position_embeddings, c.embedding_size],
        )?;
        let tt = self
            .weight(&format!("{p}.token_type_embeddings.weight"), &[c.type_vocab_size, c.embedding_size])?;
        let w = self.op(Op::Gather {}, &[word.into(), input_ids.into()])?;
        let t = self.op(Op::Gather {}, &[tt.into(), token_type_ids.into()])?;
        let x = self.op(Op::Add {}, &[w.into(), t.into()])?;
        let ids = self.op(Op::Iota { len: Dim::Seq }, &[])?;
        let pe = self.op(Op::Gather {}, &[pos.into(), ids.into()])?;
        let x = self.op(Op::Add {}, &[x.into(), pe.into()])?;
        self.layer_norm(&format!("{p}.LayerNorm"), x, c.embedding_size)
    }

    /// The additive mask Hugging Face builds from `attention_mask`:
    /// `(1 - mask) · finfo(f32).min`, shaped `[batch, 1, 1, seq]`.
    fn extended_attention_mask(&mut self, mask: ValueId) -> R<ValueId> {
        let m = self.op(Op::Cast { to: DType::F32 }, &[mask.into()])?;
        let m = self.op(
            Op::Reshape { shape: vec![Dim::Batch, Dim::Fixed(1), Dim::Fixed(1), Dim::Seq] },
            &[m.into()],
        )?;
        let one = self.constant(1.0)?;
        let inv = self.op(Op::Sub {}, &[one.into(), m.into()])?;
        let min = self.constant(f32::MIN as f64)?;
        self.op(Op::Mul {}, &[inv.into(), min.into()])
    }

    /// `[batch, seq, H]` → `[batch, heads, seq, head_dim]`.
    fn split_heads(&mut self, x: ValueId) -> R<ValueId> {
        let (h, d) = (self.cfg.num_attention_heads, self.cfg.head_dim());
        let x = self.op(
            Op::Reshape { shape: vec![Dim::Batch, Dim::Seq, Dim::Fixed(h), Dim::Fixed(d)] },
            &[x.into()],
        )?;
        self.op(Op::Transpose { perm: vec![0, 2, 1, 3] }, &[x.into()])
    }

    /// `AlbertAttention`: self-attention, output dense, residual, LayerNorm.
    fn attention(&mut self, prefix: &str, x: ValueId, mask: ValueId) -> R<ValueId> {
        let hs = self.cfg.hidden_size;
        let q = self.linear(&format!("{prefix}.query"), x, hs, hs)?;
        let k = self.linear(&format!("{prefix}.key"), x, hs, hs)?;
        let v = self.linear(&format!("{prefix}.value"), x, hs, hs)?;
        let (q, k, v) = (self.split_heads(q)?, self.split_heads(k)?, self.split_heads(v)?);
        let scores = self.op(Op::MatMul { transpose_b: true }, &[q.into(), k.into()])?;
        let scale = self.constant(1.0 / (self.cfg.head_dim() as f64).sqrt())?;
        let scores = self.op(Op::Mul {}, &[scores.into(), scale.into()])?;
        let scores = self.op(Op::Add {}, &[scores.into(), mask.into()])?;
        let probs = self.op(Op::Softmax {}, &[scores.into()])?;
        if self.opts.attentions {
            let name = format!("attentions.{}", self.attentions);
            self.g.add_output(&name, probs)?;
        }
        self.attentions += 1;
        let ctx = self.op(Op::MatMul { transpose_b: false }, &[probs.into(), v.into()])?;
        let ctx = self.op(Op::Transpose { perm: vec![0, 2, 1, 3] }, &[ctx.into()])?;
        let ctx =
            self.op(Op::Reshape { shape: vec![Dim::Batch, Dim::Seq, Dim::Fixed(hs)] }, &[ctx.into()])?;
        let out = self.linear(&format!("{prefix}.dense"), ctx, hs, hs)?;
        let res = self.op(Op::Add {}, &[x.into(), out.into()])?;
        self.layer_norm(&format!("{prefix}.LayerNorm"), res, hs)
    }

    /// `AlbertLayer`: attention, then `ffn` → activation → `ffn_output`,
    /// residual and `full_layer_layer_norm`.
    fn layer(&mut self, prefix: &str, x: ValueId, mask: ValueId) -> R<ValueId> {
        let (hs, is) = (self.cfg.hidden_size, self.cfg.intermediate_size);
        let a = self.attention(&format!("{prefix}.attention"), x, mask)?;
        let f = self.linear(&format!("{prefix}.ffn"), a, hs, is)?;
        let f = self.op(Op::Activation { kind: self.cfg.hidden_act }, &[f.into()])?;
        let f = self.linear(&format!("{prefix}.ffn_output"), f, is, hs)?;
        let res = self.op(Op::Add {}, &[f.into(), a.into()])?;
        self.layer_norm(&format!("{prefix}.full_layer_layer_norm"), res, hs)
    }

    /// `AlbertLayerGroup`: its inner layers in order. Like Hugging Face
    /// (which records `hidden_states` on every `AlbertLayer`), each inner
    /// layer application is one entry of `hidden_states`.
    fn layer_group(&mut self, group: usize, mut x: ValueId, mask: ValueId) -> R<ValueId> {
        for j in 0..self.cfg.inner_group_num {
            x = self.layer(
                &format!("albert.encoder.albert_layer_groups.{group}.albert_layers.{j}"),
                x,
                mask,
            )?;
            self.layers_applied += 1;
            if self.opts.hidden_states {
                self.g.add_output(&format!("hidden_states.{}", self.layers_applied), x)?;
            }
        }
        Ok(x)
    }

    /// `AlbertTransformer`: the E→H mapping, then `num_hidden_layers` group
    /// applications, group `⌊i / (L/G)⌋` for application `i`.
    fn transformer(&mut self, emb: ValueId, mask: ValueId) -> R<ValueId> {
        let c = self.cfg;
        let mut x =
            self.linear("albert.encoder.embedding_hidden_mapping_in", emb, c.embedding_size, c.hidden_size)?;
        if self.opts.hidden_states {
            self.g.add_output("hidden_states.0", x)?;
        }
        for i in 0..c.num_hidden_layers {
            x = self.layer_group(c.group_of_layer(i), x, mask)?;
        }
        Ok(x)
    }

    /// `AlbertModel`'s pooler: `tanh(dense(x[:, 0]))`.
    fn pooler(&mut self, x: ValueId) -> R<ValueId> {
        let hs = self.cfg.hidden_size;
        let first = self.op(Op::Select { axis: 1, index: 0 }, &[x.into()])?;
        let y = self.linear("albert.pooler", first, hs, hs)?;
        self.op(Op::Activation { kind: Act::Tanh }, &[y.into()])
    }

    /// `AlbertMLMHead`: dense → activation → LayerNorm → decoder (tied to the
    /// word embeddings unless `tie_word_embeddings` is false) + bias.
    fn mlm_head(&mut self, x: ValueId, decoder_bias: &str) -> R<ValueId> {
        let c = self.cfg;
        let y = self.linear("predictions.dense", x, c.hidden_size, c.embedding_size)?;
        let y = self.op(Op::Activation { kind: c.hidden_act }, &[y.into()])?;
        let y = self.layer_norm("predictions.LayerNorm", y, c.embedding_size)?;
        let decoder = if c.tie_word_embeddings {
            "albert.embeddings.word_embeddings.weight"
        } else {
            "predictions.decoder.weight"
        };
        let w = self.weight(decoder, &[c.vocab_size, c.embedding_size])?;
        let b = self.weight(decoder_bias, &[c.vocab_size])?;
        let y = self.op(Op::MatMul { transpose_b: true }, &[y.into(), w.into()])?;
        self.op(Op::Add {}, &[y.into(), b.into()])
    }
}

/// Traces the whole model. Inputs: `input_ids`, `token_type_ids`,
/// `attention_mask` (all `i64[batch,seq]`). Outputs: `last_hidden_state`,
/// then `pooler_output`, `mlm_logits`, `sop_logits` as the heads allow, and
/// the debugging outputs `opts` asks for. `decoder_bias` names the MLM bias
/// tensor (`predictions.decoder.bias` if stored, else `predictions.bias`).
pub fn trace(cfg: &AlbertConfig, opts: TraceOptions, decoder_bias: &str) -> Result<Graph, ModelError> {
    let mut t = Tracer { g: Graph::new(), cfg, opts, attentions: 0, layers_applied: 0 };
    let ids_ty = Type::new(DType::I64, vec![Dim::Batch, Dim::Seq]);
    let input_ids = t.g.add_input("input_ids", ids_ty.clone())?;
    let token_type_ids = t.g.add_input("token_type_ids", ids_ty.clone())?;
    let attention_mask = t.g.add_input("attention_mask", ids_ty)?;
    let emb = t.embeddings(input_ids, token_type_ids)?;
    if opts.hidden_states {
        t.g.add_output("embedding_output", emb)?;
    }
    let mask = t.extended_attention_mask(attention_mask)?;
    let last = t.transformer(emb, mask)?;
    t.g.add_output("last_hidden_state", last)?;
    let heads = opts.heads;
    if heads.pooler || heads.sop {
        let pooled = t.pooler(last)?;
        if heads.pooler {
            t.g.add_output("pooler_output", pooled)?;
        }
        if heads.sop {
            let logits = t.linear("sop_classifier.classifier", pooled, cfg.hidden_size, 2)?;
            t.g.add_output("sop_logits", logits)?;
        }
    }
    if heads.mlm {
        let logits = t.mlm_head(last, decoder_bias)?;
        t.g.add_output("mlm_logits", logits)?;
    }
    t.g.verify()?;
    Ok(t.g)
}
