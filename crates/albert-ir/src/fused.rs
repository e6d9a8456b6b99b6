//! The meaning of every fused op, written once as the primitive subgraph it
//! stands for.
//!
//! [`expand`] turns one fused instruction into a small graph of primitive
//! ops: the reference interpreter runs fused ops this way, the fusion passes
//! are tested against it (candle's habit of checking each fused op against
//! its `_slow` version), and a backend without a fused kernel can lower the
//! expansion instead. The expansions repeat the tracer's op sequence exactly
//! (the packed QKV product is the one difference: one `[3H,H]` product then
//! three `select`s, which computes each element with the same dot product),
//! so a fused graph on the interpreter reproduces the traced graph bit for bit.

use crate::error::IrError;
use crate::graph::{Graph, Operand, ValueId};
use crate::op::Op;
use crate::types::{Dim, Type};

/// Whether an operand of the fused op is a weight or a value, with its type.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpandArg {
    /// `true` for a weight (`@N`), `false` for a value (`%N`).
    pub is_weight: bool,
    /// Its type.
    pub ty: Type,
}

/// The primitive graph a fused op stands for, or `None` for a primitive op
/// (or a loop). Operand `i` becomes input `"arg{i}"` if it is a value and
/// weight `"arg{i}"` if it is a weight (weights are numbered in operand
/// order among the weights); the graph has one output, `"result"`.
pub fn expand(op: &Op, args: &[ExpandArg]) -> Result<Option<Graph>, IrError> {
    let tys: Vec<&Type> = args.iter().map(|a| &a.ty).collect();
    match op {
        Op::Embeddings { .. } | Op::Attention { .. } | Op::FeedForward { .. } => {}
        _ => return Ok(None),
    }
    op.infer(&tys).map_err(|e| IrError::Type { inst: 0, op: op.name(), msg: e.0 })?;
    let mut g = Graph::new();
    // Inputs before weights before instructions, as the builder requires.
    let mut operands = vec![Operand::Value(ValueId(0)); args.len()];
    for (i, a) in args.iter().enumerate() {
        if !a.is_weight {
            operands[i] = Operand::Value(g.add_input(&format!("arg{i}"), a.ty.clone())?);
        }
    }
    for (i, a) in args.iter().enumerate() {
        if a.is_weight {
            operands[i] = Operand::Weight(g.add_weight(&format!("arg{i}"), a.ty.clone())?);
        }
    }
    let out = match op {
        Op::Embeddings { eps } => embeddings(&mut g, &operands, &args[0].ty, *eps)?,
        Op::Attention { heads, scale, eps } => {
            attention(&mut g, &operands, &args[0].ty, *heads, *scale, *eps)?
        }
        Op::FeedForward { act, eps } => {
            let o = &operands;
            let f = g.push(Op::MatMul { transpose_b: true }, &[o[0], o[1]])?;
            let f = g.push(Op::Add {}, &[f.into(), o[2]])?;
            let f = g.push(Op::Activation { kind: *act }, &[f.into()])?;
            let f = g.push(Op::MatMul { transpose_b: true }, &[f.into(), o[3]])?;
            let f = g.push(Op::Add {}, &[f.into(), o[4]])?;
            let r = g.push(Op::Add {}, &[f.into(), o[0]])?;
            g.push(Op::LayerNorm { eps: *eps }, &[r.into(), o[5], o[6]])?
        }
        _ => return Ok(None),
    };
    g.add_output("result", out)?;
    Ok(Some(g))
}

fn embeddings(g: &mut Graph, o: &[Operand], ids: &Type, eps: f64) -> Result<ValueId, IrError> {
    let w = g.push(Op::Gather {}, &[o[2], o[0]])?;
    let t = g.push(Op::Gather {}, &[o[4], o[1]])?;
    let x = g.push(Op::Add {}, &[w.into(), t.into()])?;
    let seq = ids.shape.0.get(1).copied().unwrap_or(Dim::Seq);
    let pos = g.push(Op::Iota { len: seq }, &[])?;
    let pe = g.push(Op::Gather {}, &[o[3], pos.into()])?;
    let x = g.push(Op::Add {}, &[x.into(), pe.into()])?;
    let x = g.push(Op::LayerNorm { eps }, &[x.into(), o[5], o[6]])?;
    if o.len() == 9 {
        let y = g.push(Op::MatMul { transpose_b: true }, &[x.into(), o[7]])?;
        return g.push(Op::Add {}, &[y.into(), o[8]]);
    }
    Ok(x)
}

fn attention(
    g: &mut Graph,
    o: &[Operand],
    x_ty: &Type,
    heads: usize,
    scale: f64,
    eps: f64,
) -> Result<ValueId, IrError> {
    let (b, s, h) = (x_ty.shape.0[0], x_ty.shape.0[1], x_ty.shape.0[2]);
    let hn = match h {
        Dim::Fixed(n) => n,
        other => return Err(IrError::Malformed(format!("attention hidden size `{other}` must be fixed"))),
    };
    let d = Dim::Fixed(hn / heads);
    let qkv = g.push(Op::MatMul { transpose_b: true }, &[o[0], o[2]])?;
    let qkv = g.push(Op::Add {}, &[qkv.into(), o[3]])?;
    let qkv =
        g.push(Op::Reshape { shape: vec![b, s, Dim::Fixed(3), Dim::Fixed(heads), d] }, &[qkv.into()])?;
    let mut split = |index: usize| -> Result<ValueId, IrError> {
        let t = g.push(Op::Select { axis: 2, index }, &[qkv.into()])?;
        g.push(Op::Transpose { perm: vec![0, 2, 1, 3] }, &[t.into()])
    };
    let (q, k, v) = (split(0)?, split(1)?, split(2)?);
    let scores = g.push(Op::MatMul { transpose_b: true }, &[q.into(), k.into()])?;
    let c = g.push(Op::Const { value: scale }, &[])?;
    let scores = g.push(Op::Mul {}, &[scores.into(), c.into()])?;
    let scores = g.push(Op::Add {}, &[scores.into(), o[1]])?;
    let probs = g.push(Op::Softmax {}, &[scores.into()])?;
    let ctx = g.push(Op::MatMul { transpose_b: false }, &[probs.into(), v.into()])?;
    let ctx = g.push(Op::Transpose { perm: vec![0, 2, 1, 3] }, &[ctx.into()])?;
    let ctx = g.push(Op::Reshape { shape: vec![b, s, h] }, &[ctx.into()])?;
    let out = g.push(Op::MatMul { transpose_b: true }, &[ctx.into(), o[4]])?;
    let out = g.push(Op::Add {}, &[out.into(), o[5]])?;
    let r = g.push(Op::Add {}, &[o[0], out.into()])?;
    g.push(Op::LayerNorm { eps }, &[r.into(), o[6], o[7]])
}
