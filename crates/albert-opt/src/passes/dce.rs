//! `dce`: keeps only what the requested outputs need.
//!
//! With [`Options::outputs`] set (say, only `last_hidden_state` for an
//! embedding service) the other outputs are dropped first, so the heads they
//! needed go too. Then every instruction whose result nothing live reads is
//! removed — inside loop bodies as well, where liveness starts from the
//! yield — and so is every weight no live instruction or derived weight
//! reads, so the loader never touches it.

use std::collections::HashSet;

use albert_ir::{Graph, Inst, Operand, ValueId, WeightId, WeightRecipe};

use crate::rewrite::Rebuild;
use crate::{OptError, Options};

/// Runs the pass.
pub fn dce(g: &Graph, opts: &Options) -> Result<Graph, OptError> {
    let mut g = g.clone();
    if let Some(keep) = &opts.outputs {
        if let Some(missing) = keep.iter().find(|k| g.output(k).is_none()) {
            return Err(OptError::UnknownOutput(missing.clone()));
        }
        g.outputs.retain(|o| keep.contains(&o.name));
    }
    let mut live: HashSet<ValueId> = g.outputs.iter().map(|o| o.value).collect();
    let mut weights: HashSet<WeightId> = HashSet::new();
    mark(&g, &g.insts, &mut live, &mut weights);
    // Derived weights keep their parts alive, latest first (parts precede).
    for (k, d) in g.derived.iter().enumerate().rev() {
        if weights.contains(&WeightId((g.weights.len() + k) as u32)) {
            let WeightRecipe::Concat { parts, .. } = &d.recipe;
            weights.extend(parts.iter().copied());
        }
    }
    let mut rb = Rebuild::new(&g, |w| weights.contains(&w))?;
    let mut dead = HashSet::new();
    collect_dead(&g, &g.insts, &live, &mut dead);
    rb.dead = dead;
    for inst in &g.insts {
        rb.copy(inst)?;
    }
    rb.finish()
}

/// Marks live values and weights in a block, last instruction first.
fn mark(g: &Graph, insts: &[Inst], live: &mut HashSet<ValueId>, weights: &mut HashSet<WeightId>) {
    for inst in insts.iter().rev() {
        if !live.contains(&inst.result) {
            continue;
        }
        for a in &inst.args {
            match a {
                Operand::Value(v) => {
                    live.insert(*v);
                }
                Operand::Weight(w) => {
                    weights.insert(*w);
                }
            }
        }
        if let Some(body) = g.body(inst) {
            // Every parameter stays (they match the loop's operands
            // positionally), so only the body's own instructions can die.
            live.insert(body.yields);
            mark(g, &body.insts, live, weights);
        }
    }
}

fn collect_dead(g: &Graph, insts: &[Inst], live: &HashSet<ValueId>, dead: &mut HashSet<ValueId>) {
    for inst in insts {
        if !live.contains(&inst.result) {
            dead.insert(inst.result);
        } else if let Some(body) = g.body(inst) {
            collect_dead(g, &body.insts, live, dead);
        }
    }
}
