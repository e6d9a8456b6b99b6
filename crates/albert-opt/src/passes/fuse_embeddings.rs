//! `fuse_embeddings`: one `embeddings` op for `AlbertEmbeddings` (and the
//! encoder's E→H mapping when nothing else reads the LayerNorm's output).
//!
//! Anchored on a LayerNorm, the match checks
//! `LN((word[ids] + type[tt]) + position[iota(seq)])`: three gathers from
//! weight tables of one width, the position one indexed by an `iota` as long
//! as the ids' sequence axis. Of the other two, the table gathered by the
//! input named `input_ids` is the word table (the sum is commutative, so
//! the result does not depend on this choice; the kernels' does not either).
//! The association is kept as the tracer writes it, so the fused op computes
//! the same rounding. If the LayerNorm feeds exactly one `[H,E]` linear (and
//! is not itself an output such as `embedding_output`), that linear joins.

use albert_ir::{Graph, Op, Operand};

use super::pattern::{layer_norm, value, weight, Matcher};
use crate::rewrite::{Patch, Uses};
use crate::{OptError, Options};

/// Runs the pass.
pub fn fuse_embeddings(g: &Graph, _opts: &Options) -> Result<Graph, OptError> {
    let uses = Uses::of(g);
    let mut patch = Patch::default();
    for (i, inst) in g.insts.iter().enumerate() {
        let Some((root, args, covered)) = match_embeddings(g, &uses, i, inst) else { continue };
        if covered.iter().any(|c| patch.remove.contains(c) || patch.replace.contains_key(c)) {
            continue;
        }
        patch.remove.extend(covered.into_iter().filter(|c| *c != root));
        patch.replace.insert(root, (Op::Embeddings { eps: eps_of(inst) }, args));
    }
    if patch.is_empty() {
        return Ok(g.clone());
    }
    patch.apply(g)
}

fn eps_of(inst: &albert_ir::Inst) -> f64 {
    match inst.op {
        Op::LayerNorm { eps } => eps,
        _ => 0.0,
    }
}

fn match_embeddings(
    g: &Graph,
    uses: &Uses,
    i: usize,
    ln: &albert_ir::Inst,
) -> Option<(usize, Vec<Operand>, Vec<usize>)> {
    let (s, gamma, beta, _) = layer_norm(ln)?;
    let mut m = Matcher::new(g, uses);
    let outer = m.take_op(s, |op| matches!(op, Op::Add {}))?;
    let is_pos_gather = |m: &Matcher, a: Operand| {
        let Some(Op::Gather {}) = m.op_of(a) else { return false };
        let Some((_, gi)) = value(a).and_then(|v| uses.def_inst(g, v)) else { return false };
        matches!(m.op_of(gi.args[1]), Some(Op::Iota { .. })) && weight(gi.args[0]).is_some()
    };
    let (inner, pe) = m.either(outer, |m, a| matches!(m.op_of(a), Some(Op::Add {})), is_pos_gather)?;
    let pe = m.take(pe)?;
    let iota = m.take(pe.args[1])?;
    let Op::Iota { len } = iota.op else { return None };
    let pos = weight(pe.args[0])?;
    let inner = m.take(inner)?;
    let ga = m.take_op(inner.args[0], |op| matches!(op, Op::Gather {}))?;
    let gb = m.take_op(inner.args[1], |op| matches!(op, Op::Gather {}))?;
    let (ta, ia) = (weight(ga.args[0])?, value(ga.args[1])?);
    let (tb, ib) = (weight(gb.args[0])?, value(gb.args[1])?);
    let ids_ty = g.value_type(ia)?;
    if g.value_type(ib)? != ids_ty || ids_ty.shape.rank() != 2 || ids_ty.shape.0[1] != len {
        return None;
    }
    let named = |v| g.inputs.iter().find(|inp| inp.value == v).map(|inp| inp.name.as_str());
    let ((word, ids), (tt, tts)) =
        if named(ib) == Some("input_ids") { ((tb, ib), (ta, ia)) } else { ((ta, ia), (tb, ib)) };
    let mut args: Vec<Operand> =
        vec![ids.into(), tts.into(), word.into(), pos.into(), tt.into(), gamma.into(), beta.into()];
    let mut root = i;
    // The E→H linear joins when it is the LayerNorm's one reader.
    let lnv = ln.result;
    if uses.count(lnv) == 1 {
        if let Some(&mm_i) = uses.sites[lnv.0 as usize].first() {
            let mm = &g.insts[mm_i];
            if mm.op == (Op::MatMul { transpose_b: true }) && mm.args[0] == Operand::Value(lnv) {
                if let Some(w) = weight(mm.args[1]) {
                    if uses.count(mm.result) == 1 {
                        let add_i = uses.sites[mm.result.0 as usize][0];
                        let add = &g.insts[add_i];
                        let e = g.weight_type(gamma)?.shape.0.first().copied();
                        let wt = g.weight_type(w)?;
                        let bias = if matches!(add.op, Op::Add {}) {
                            if add.args[0] == Operand::Value(mm.result) {
                                add.args[1]
                            } else {
                                add.args[0]
                            }
                        } else {
                            Operand::Value(mm.result)
                        };
                        if let Some(b) = weight(bias) {
                            let bt = g.weight_type(b)?;
                            if wt.shape.rank() == 2
                                && Some(wt.shape.0[1]) == e
                                && bt.shape.0 == [wt.shape.0[0]]
                            {
                                m.covered.push(i);
                                m.covered.push(mm_i);
                                root = add_i;
                                args.push(w.into());
                                args.push(b.into());
                            }
                        }
                    }
                }
            }
        }
    }
    m.covered.push(root);
    Some((root, args, m.covered))
}
