//! `pack_weights`: records the layout each weight needs for the kernels, and the code
//! generator follows it (the record is binding, not a hint).
//!
//! A weight read as the `B` operand of `x · Wᵀ` (a `matmul` with `transpose_b`, or the GEMM
//! weights of a fused op) is annotated `b_panels_32`: the one panel layout of the GEMM frame
//! (`albert-kernels`), 32 output columns per panel (two zmm registers, eight NEON/SSE
//! vectors), the last panel zero-padded, read by every target's tiles. `WeightStore::pack_for`
//! packs exactly the annotated weights, once (shared layers share weight ids, so a weight is
//! packed once however many times the loop reads it), and `BucketPlan` refuses a GEMM over a
//! weight not annotated so. Every other weight stays row-major as stored. A GEMM weight
//! that is also gathered from (the word embeddings, tied to the MLM decoder) keeps its
//! row-major copy for the gather as well.

use std::collections::{BTreeMap, BTreeSet};

use albert_ir::{Graph, Inst, Op, Operand, WeightId, WeightLayout};

use crate::{OptError, Options};

/// Runs the pass.
pub fn pack_weights(g: &Graph, _opts: &Options) -> Result<Graph, OptError> {
    let mut out = g.clone();
    out.layouts = weight_layouts(g);
    Ok(out)
}

/// The operand positions of `inst` that are the `B` weight of a GEMM (`x · Wᵀ`): what is packed.
pub fn gemm_b_operands(inst: &Inst) -> &'static [usize] {
    match inst.op {
        Op::MatMul { transpose_b: true } => &[1],
        Op::Attention { .. } => &[2, 4],
        Op::FeedForward { .. } => &[1, 3],
        Op::Embeddings { .. } if inst.args.len() == 9 => &[7],
        _ => &[],
    }
}

/// The layouts code generation follows: those `pack_weights` recorded, or, for a graph that
/// did not go through the pass (e.g. a traced one), what it would record.
pub fn effective_layouts(g: &Graph) -> BTreeMap<WeightId, WeightLayout> {
    if g.layouts.is_empty() {
        weight_layouts(g)
    } else {
        g.layouts.clone()
    }
}

/// The layouts `pack_weights` records for `g`.
pub fn weight_layouts(g: &Graph) -> BTreeMap<WeightId, WeightLayout> {
    let mut gemm_b = BTreeSet::new();
    g.visit_insts(&mut |inst: &Inst| {
        for &k in gemm_b_operands(inst) {
            if let Some(Operand::Weight(w)) = inst.args.get(k) {
                gemm_b.insert(*w);
            }
        }
    });
    gemm_b.into_iter().map(|w| (w, WeightLayout::BPanels32)).collect()
}
