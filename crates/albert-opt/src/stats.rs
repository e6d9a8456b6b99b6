//! Machine-readable statistics for `albert-jit inspect --stats --json`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use albert_ir::{Graph, Inst, Operand, WeightId};

use crate::plan::plan_memory;
use crate::OptError;

/// One loop of the optimised graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoopStats {
    /// The loop's result value (`%N`).
    pub value: String,
    /// Trip count.
    pub trips: usize,
    /// Instructions in the body (nested bodies included once).
    pub body_ops: usize,
    /// Body instructions by op name.
    pub body_op_counts: BTreeMap<String, usize>,
}

/// Weight bytes (all weights are `f32` once loaded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeightStats {
    /// Checkpoint tensors the graph declares (what the loader reads).
    pub stored_count: usize,
    /// Their bytes.
    pub stored_bytes: usize,
    /// Derived (packed) weights.
    pub derived_count: usize,
    /// Their bytes.
    pub derived_bytes: usize,
    /// What the optimised program keeps at run time: derived weights plus
    /// the stored ones an instruction reads directly (a stored weight read
    /// only through a derived one is dropped once that is built).
    pub held_bytes: usize,
    /// Weights annotated with a layout by `pack_weights`, by layout name.
    pub layouts: BTreeMap<String, usize>,
}

/// Planned activations for one bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActivationStats {
    /// Batch size.
    pub batch: usize,
    /// Sequence length.
    pub seq: usize,
    /// Arena size from [`crate::plan_memory`].
    pub peak_bytes: usize,
    /// Sum of all buffers without reuse.
    pub total_bytes: usize,
    /// Buffers planned.
    pub buffers: usize,
}

/// Everything `inspect --stats` reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Instructions by op name before the pipeline.
    pub ops_before: BTreeMap<String, usize>,
    /// Instructions by op name after it (a loop body counted once).
    pub ops_after: BTreeMap<String, usize>,
    /// Total instructions before.
    pub total_ops_before: usize,
    /// Total instructions after (a loop body counted once).
    pub total_ops_after: usize,
    /// Loops, in text order.
    pub loops: Vec<LoopStats>,
    /// Weights.
    pub weights: WeightStats,
    /// Planned activations.
    pub activations: ActivationStats,
}

impl Stats {
    /// As JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

fn counts(g: &Graph) -> BTreeMap<String, usize> {
    g.op_counts().into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn bytes(g: &Graph, w: WeightId) -> usize {
    g.weight_type(w)
        .map(|t| 4 * t.shape.resolve(albert_ir::Bindings { batch: 1, seq: 1 }).iter().product::<usize>())
        .unwrap_or(0)
}

/// Statistics of `before` (as traced) and `after` (optimised), with
/// activations planned for `batch × seq`.
pub fn stats(before: &Graph, after: &Graph, batch: usize, seq: usize) -> Result<Stats, OptError> {
    let ops_before = counts(before);
    let ops_after = counts(after);
    let mut loops = Vec::new();
    after.visit_insts(&mut |inst: &Inst| {
        if let (albert_ir::Op::Loop { trips }, Some(body)) = (&inst.op, after.body(inst)) {
            let mut m: BTreeMap<String, usize> = BTreeMap::new();
            let mut n = 0;
            count_block(after, &body.insts, &mut m, &mut n);
            loops.push(LoopStats {
                value: inst.result.to_string(),
                trips: *trips,
                body_ops: n,
                body_op_counts: m,
            });
        }
    });
    let mut direct = BTreeSet::new();
    after.visit_insts(&mut |inst: &Inst| {
        for a in &inst.args {
            if let Operand::Weight(w) = a {
                direct.insert(*w);
            }
        }
    });
    let stored = after.weights.len();
    let stored_bytes = (0..stored).map(|i| bytes(after, WeightId(i as u32))).sum();
    let derived_bytes = (stored..after.num_weights()).map(|i| bytes(after, WeightId(i as u32))).sum();
    let held_bytes = derived_bytes
        + direct.iter().filter(|w| (w.0 as usize) < stored).map(|w| bytes(after, *w)).sum::<usize>();
    let mut layouts = BTreeMap::new();
    for l in after.layouts.values() {
        *layouts.entry(l.name().to_string()).or_insert(0) += 1;
    }
    let plan = plan_memory(after, batch, seq)?;
    Ok(Stats {
        total_ops_before: ops_before.values().sum(),
        total_ops_after: ops_after.values().sum(),
        ops_before,
        ops_after,
        loops,
        weights: WeightStats {
            stored_count: stored,
            stored_bytes,
            derived_count: after.derived.len(),
            derived_bytes,
            held_bytes,
            layouts,
        },
        activations: ActivationStats {
            batch,
            seq,
            peak_bytes: plan.peak_bytes,
            total_bytes: plan.total_bytes,
            buffers: plan.buffers.len(),
        },
    })
}

fn count_block(g: &Graph, insts: &[Inst], m: &mut BTreeMap<String, usize>, n: &mut usize) {
    for inst in insts {
        *m.entry(inst.op.name().to_string()).or_insert(0) += 1;
        *n += 1;
        if let Some(body) = g.body(inst) {
            count_block(g, &body.insts, m, n);
        }
    }
}
