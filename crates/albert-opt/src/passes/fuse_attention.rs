//! `fuse_attention`: one `attention` op per `AlbertAttention` block.
//!
//! Anchored on a LayerNorm, the match checks what the block computes:
//! `LN(x + linear_o(merge(softmax(q·kᵀ·c + mask) · v)))` where `q`, `k`, `v`
//! are three `[H,H]` linears of the *same* `x` split into the same number of
//! heads, `q` is the left and `k` the right (transposed) factor of the
//! scores, `v` the right factor of the context, `c` a constant, and `mask`
//! a value computed before the block. The three projections become one
//! packed `[3H,H]` derived weight (`concat` of `@q, @k, @v`); identical
//! recipes are declared once, so a shared layer keeps sharing weight ids.
//! A block whose attention probabilities are also an output (the
//! `attentions.N` debugging outputs) does not match and stays unfused.

use albert_ir::{Dim, Graph, Op, Operand, WeightRecipe};

use super::pattern::{derived_name, layer_norm, value, Matcher};
use crate::rewrite::{Patch, Uses};
use crate::{OptError, Options};

/// Runs the pass.
pub fn fuse_attention(g: &Graph, _opts: &Options) -> Result<Graph, OptError> {
    let uses = Uses::of(g);
    let mut out = g.clone();
    let mut patch = Patch::default();
    for (i, inst) in g.insts.iter().enumerate() {
        let Some(found) = match_attention(g, &uses, inst) else { continue };
        if found.covered.iter().any(|c| patch.remove.contains(c) || patch.replace.contains_key(c)) {
            continue;
        }
        let qkv_w = out.add_derived(
            &derived_name(g, &found.w, "query", "qkv"),
            WeightRecipe::Concat { axis: 0, parts: found.w.to_vec() },
        )?;
        let qkv_b = out.add_derived(
            &derived_name(g, &found.b, "query", "qkv"),
            WeightRecipe::Concat { axis: 0, parts: found.b.to_vec() },
        )?;
        let op = Op::Attention { heads: found.heads, scale: found.scale, eps: found.eps };
        let args = vec![
            found.x,
            found.mask,
            qkv_w.into(),
            qkv_b.into(),
            found.out_w.into(),
            found.out_b.into(),
            found.gamma.into(),
            found.beta.into(),
        ];
        patch.remove.extend(found.covered.iter().copied().filter(|c| *c != i));
        patch.replace.insert(i, (op, args));
    }
    if patch.is_empty() {
        return Ok(g.clone());
    }
    patch.apply(&out)
}

struct Found {
    x: Operand,
    mask: Operand,
    w: [albert_ir::WeightId; 3],
    b: [albert_ir::WeightId; 3],
    out_w: albert_ir::WeightId,
    out_b: albert_ir::WeightId,
    gamma: albert_ir::WeightId,
    beta: albert_ir::WeightId,
    heads: usize,
    scale: f64,
    eps: f64,
    covered: Vec<usize>,
}

fn match_attention(g: &Graph, uses: &Uses, ln: &albert_ir::Inst) -> Option<Found> {
    let (r, gamma, beta, eps) = layer_norm(ln)?;
    let res = Matcher::new(g, uses).take_op(r, |op| matches!(op, Op::Add {}))?;
    // `x + out`: `out` is the output projection, `x` the block's input. Both
    // may be adds (the first layer's input is the E→H linear), so each
    // order is tried in full.
    let (a, b) = (res.args[0], res.args[1]);
    [(a, b), (b, a)].into_iter().find_map(|(out, x)| {
        let mut m = Matcher::new(g, uses);
        m.take(r)?;
        block(m, out, x, gamma, beta, eps)
    })
}

fn block(
    mut m: Matcher,
    out: Operand,
    x: Operand,
    gamma: albert_ir::WeightId,
    beta: albert_ir::WeightId,
    eps: f64,
) -> Option<Found> {
    let uses = m.uses;
    value(x)?;
    let xt = m.ty(x)?;
    if xt.shape.rank() != 3 {
        return None;
    }
    let (b, s, h) = (xt.shape.0[0], xt.shape.0[1], xt.shape.0[2]);
    let o = m.linear(out)?;
    if o.n != h || m.g.weight_type(o.w)?.shape.0 != [h, h] {
        return None;
    }
    // ctx = reshape [B,S,H] (transpose [0,2,1,3] (probs · v))
    let merge = m.take_op(o.x, |op| matches!(op, Op::Reshape { shape } if *shape == [b, s, h]))?;
    let tr = m.take_op(merge.args[0], |op| *op == Op::Transpose { perm: vec![0, 2, 1, 3] })?;
    let ctx = m.take_op(tr.args[0], |op| *op == Op::MatMul { transpose_b: false })?;
    let (probs, vh) = (ctx.args[0], ctx.args[1]);
    let sm = m.take_op(probs, |op| matches!(op, Op::Softmax {}))?;
    let add_mask = m.take_op(sm.args[0], |op| matches!(op, Op::Add {}))?;
    let (scaled, mask) = m.either(
        add_mask,
        |m, a| matches!(m.op_of(a), Some(Op::Mul {})),
        |m, a| matches!(a, Operand::Value(_)) && m.ty(a).is_some_and(|t| t.dtype == albert_ir::DType::F32),
    )?;
    let mul = m.take(scaled)?;
    let (scores, c) = m.either(
        mul,
        |m, a| matches!(m.op_of(a), Some(Op::MatMul { transpose_b: true })),
        |m, a| matches!(m.op_of(a), Some(Op::Const { .. })),
    )?;
    let Some(Op::Const { value: scale }) = m.op_of(c) else { return None };
    let scale = *scale;
    // The constant may be shared; swallow it only if this block is its one reader.
    if let Some(cv) = value(c) {
        if uses.count(cv) == 1 {
            m.take(c)?;
        }
    }
    let qk = m.take(scores)?;
    let (qh, kh) = (qk.args[0], qk.args[1]);
    let heads_of =
        |m: &mut Matcher, hv: Operand| -> Option<(albert_ir::WeightId, albert_ir::WeightId, usize)> {
            let t = m.take_op(hv, |op| *op == Op::Transpose { perm: vec![0, 2, 1, 3] })?;
            let rs = m.take(t.args[0])?;
            let Op::Reshape { shape } = &rs.op else { return None };
            let (Dim::Fixed(nh), Dim::Fixed(d)) = (*shape.get(2)?, *shape.get(3)?) else { return None };
            if shape.len() != 4 || shape[0] != b || shape[1] != s || h != Dim::Fixed(nh * d) {
                return None;
            }
            let l = m.linear(rs.args[0])?;
            if l.x != x || l.n != h || m.g.weight_type(l.w)?.shape.0 != [h, h] {
                return None;
            }
            Some((l.w, l.b, nh))
        };
    let (wq, bq, hq) = heads_of(&mut m, qh)?;
    let (wk, bk, hk) = heads_of(&mut m, kh)?;
    let (wv, bv, hv) = heads_of(&mut m, vh)?;
    if hq != hk || hk != hv {
        return None;
    }
    // The mask must come from outside the block.
    let mv = value(mask)?;
    if let Some(d) = uses.def[mv.0 as usize] {
        if m.covered.contains(&d) {
            return None;
        }
    }
    Some(Found {
        x,
        mask,
        w: [wq, wk, wv],
        b: [bq, bk, bv],
        out_w: o.w,
        out_b: o.b,
        gamma,
        beta,
        heads: hq,
        scale,
        eps,
        covered: m.covered,
    })
}
