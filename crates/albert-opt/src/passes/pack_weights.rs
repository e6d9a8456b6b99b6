//! `pack_weights`: records the layout each weight needs for the kernels.
//!
//! A weight read as the `B` operand of `x · Wᵀ` (a `matmul` with
//! `transpose_b`, or the GEMM weights of a fused op) wants `B` panels: the
//! x86 microkernels stream panels of 32 output columns (two zmm registers)
//! when the column count is a multiple of 32, else 16 (one zmm, last panel
//! padded). The runtime packs each annotated weight once at load; because
//! shared layers share weight ids, a weight is packed once however many
//! times the loop reads it. A table that is also gathered from (the word
//! embeddings, tied to the MLM decoder) must stay row-major: it is
//! annotated `row_major` explicitly so the kernels know to use their
//! unpacked-`B` path for it rather than pack a second copy.

use std::collections::{BTreeMap, BTreeSet};

use albert_ir::{Dim, Graph, Inst, Op, Operand, WeightId, WeightLayout};

use crate::{OptError, Options};

/// Runs the pass.
pub fn pack_weights(g: &Graph, _opts: &Options) -> Result<Graph, OptError> {
    let mut gemm_b = BTreeSet::new();
    let mut gathered = BTreeSet::new();
    g.visit_insts(&mut |inst: &Inst| {
        let (b_ops, gather_ops): (&[usize], &[usize]) = match inst.op {
            Op::MatMul { transpose_b: true } => (&[1], &[]),
            Op::Gather {} => (&[], &[0]),
            Op::Attention { .. } => (&[2, 4], &[]),
            Op::FeedForward { .. } => (&[1, 3], &[]),
            Op::Embeddings { .. } => (&[7], &[2, 3, 4]),
            _ => (&[], &[]),
        };
        for (set, idx) in [(&mut gemm_b, b_ops), (&mut gathered, gather_ops)] {
            for &k in idx {
                if let Some(Operand::Weight(w)) = inst.args.get(k) {
                    set.insert(*w);
                }
            }
        }
    });
    let mut layouts: BTreeMap<WeightId, WeightLayout> = BTreeMap::new();
    for w in gemm_b {
        let layout = if gathered.contains(&w) {
            WeightLayout::RowMajor
        } else {
            match g.weight_type(w).and_then(|t| t.shape.0.first().copied()) {
                Some(Dim::Fixed(n)) if n % 32 == 0 => WeightLayout::BPanels32,
                _ => WeightLayout::BPanels16,
            }
        };
        layouts.insert(w, layout);
    }
    let mut out = g.clone();
    out.layouts = layouts;
    Ok(out)
}
