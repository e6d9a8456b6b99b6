//! Rebuilding graphs: the one place that renumbers values and weights.
//!
//! Passes never edit a graph in place. They decide what to change (a
//! [`Patch`]: instructions replaced by a new op, instructions removed) and
//! [`Rebuild`] replays the old graph through the builder with those changes,
//! mapping old value and weight ids to new ones. The builder re-infers every
//! type and numbers values in text order, so whatever a pass decides, the
//! result is in canonical form — and `parse(print(g)) == g` holds for it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use albert_ir::{Graph, Inst, IrError, Op, Operand, ValueId, WeightId, WeightRecipe};

use crate::OptError;

/// What a pass changes at the top level of a graph (old ids throughout).
#[derive(Clone, Debug, Default)]
pub struct Patch {
    /// Instruction index → the op and operands it becomes.
    pub replace: BTreeMap<usize, (Op, Vec<Operand>)>,
    /// Instruction indices dropped (their results must be unused after the patch).
    pub remove: BTreeSet<usize>,
}

impl Patch {
    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.replace.is_empty() && self.remove.is_empty()
    }

    /// Applies the patch, returning the new graph.
    pub fn apply(&self, g: &Graph) -> Result<Graph, OptError> {
        let mut rb = Rebuild::new(g, |_| true)?;
        for (i, inst) in g.insts.iter().enumerate() {
            if self.remove.contains(&i) {
                continue;
            }
            match self.replace.get(&i) {
                Some((op, args)) => {
                    rb.push(inst.result, op.clone(), args)?;
                }
                None => rb.copy(inst)?,
            }
        }
        rb.finish()
    }
}

/// Replays an old graph into a new one, mapping ids.
pub struct Rebuild<'g> {
    old: &'g Graph,
    /// The graph being built.
    pub new: Graph,
    vmap: Vec<Option<ValueId>>,
    wmap: Vec<Option<WeightId>>,
    /// Old instruction results (at any depth) that [`Rebuild::copy`] skips.
    pub dead: HashSet<ValueId>,
}

impl<'g> Rebuild<'g> {
    /// Starts a rebuild: declares the inputs and the weights `keep_weight`
    /// accepts (stored, then derived), with their layouts.
    pub fn new(old: &'g Graph, keep_weight: impl Fn(WeightId) -> bool) -> Result<Rebuild<'g>, OptError> {
        let mut new = Graph::new();
        let mut vmap = vec![None; old.num_values()];
        for input in &old.inputs {
            let ty = old
                .value_type(input.value)
                .cloned()
                .ok_or(IrError::UndefinedValue { value: input.value, at: "input".into() })?;
            vmap[input.value.0 as usize] = Some(new.add_input(&input.name, ty)?);
        }
        let mut wmap = vec![None; old.num_weights()];
        for (i, w) in old.weights.iter().enumerate() {
            if keep_weight(WeightId(i as u32)) {
                wmap[i] = Some(new.add_weight(&w.name, w.ty.clone())?);
            }
        }
        for (k, d) in old.derived.iter().enumerate() {
            let i = old.weights.len() + k;
            if !keep_weight(WeightId(i as u32)) {
                continue;
            }
            let WeightRecipe::Concat { axis, parts } = &d.recipe;
            let parts = parts
                .iter()
                .map(|p| {
                    wmap.get(p.0 as usize).copied().flatten().ok_or(IrError::UndefinedWeight { weight: *p })
                })
                .collect::<Result<Vec<_>, _>>()?;
            wmap[i] = Some(new.add_derived(&d.name, WeightRecipe::Concat { axis: *axis, parts })?);
        }
        for (w, l) in &old.layouts {
            if let Some(Some(nw)) = wmap.get(w.0 as usize) {
                new.layouts.insert(*nw, *l);
            }
        }
        Ok(Rebuild { old, new, vmap, wmap, dead: HashSet::new() })
    }

    /// The new id of an old value.
    pub fn value(&self, v: ValueId) -> Result<ValueId, OptError> {
        self.vmap.get(v.0 as usize).copied().flatten().ok_or_else(|| {
            IrError::UndefinedValue { value: v, at: "rebuild (removed or not yet defined)".into() }.into()
        })
    }

    /// The new id of an old weight.
    pub fn weight(&self, w: WeightId) -> Result<WeightId, OptError> {
        self.wmap
            .get(w.0 as usize)
            .copied()
            .flatten()
            .ok_or_else(|| IrError::UndefinedWeight { weight: w }.into())
    }

    /// The new operand for an old one.
    pub fn operand(&self, a: Operand) -> Result<Operand, OptError> {
        Ok(match a {
            Operand::Value(v) => Operand::Value(self.value(v)?),
            Operand::Weight(w) => Operand::Weight(self.weight(w)?),
        })
    }

    /// Makes old value `old` stand for new value `to` (a folded instruction).
    pub fn alias(&mut self, old: ValueId, to: ValueId) {
        if let Some(slot) = self.vmap.get_mut(old.0 as usize) {
            *slot = Some(to);
        }
    }

    /// Pushes `op(args)` (old operands) as the new definition of old value `result`.
    pub fn push(&mut self, result: ValueId, op: Op, args: &[Operand]) -> Result<ValueId, OptError> {
        let args = args.iter().map(|a| self.operand(*a)).collect::<Result<Vec<_>, _>>()?;
        let v = self.new.push(op, &args)?;
        self.alias(result, v);
        Ok(v)
    }

    /// Copies an old instruction (with its body, minus [`Rebuild::dead`]
    /// instructions) unchanged.
    pub fn copy(&mut self, inst: &Inst) -> Result<(), OptError> {
        if self.dead.contains(&inst.result) {
            return Ok(());
        }
        let Some(body) = self.old.body(inst) else {
            self.push(inst.result, inst.op.clone(), &inst.args)?;
            return Ok(());
        };
        let Op::Loop { trips } = inst.op else {
            return Err(IrError::Malformed(format!("{} has a body but is not a loop", inst.result)).into());
        };
        let args = inst
            .args
            .iter()
            .map(|a| match a {
                Operand::Value(v) => self.value(*v),
                Operand::Weight(w) => Err(IrError::Malformed(format!("loop operand {w}")).into()),
            })
            .collect::<Result<Vec<_>, OptError>>()?;
        let (l, params) = self.new.begin_loop(trips, &args)?;
        self.alias(inst.result, l);
        for (p, np) in body.params.iter().zip(params) {
            self.alias(*p, np);
        }
        for b in &body.insts {
            self.copy(b)?;
        }
        let y = self.value(body.yields)?;
        self.new.end_loop(y)?;
        self.alias(inst.result, l);
        Ok(())
    }

    /// Copies the outputs and returns the new graph.
    pub fn finish(mut self) -> Result<Graph, OptError> {
        for o in &self.old.outputs {
            let v = self.value(o.value)?;
            self.new.add_output(&o.name, v)?;
        }
        Ok(self.new)
    }
}

/// Where each top-level value is used: instruction indices (uses inside a
/// loop body count at the loop, since bodies see outer values only through
/// the loop's operands) and whether an output returns it.
pub struct Uses {
    /// `sites[v]`: top-level instruction indices using `v`, with repeats.
    pub sites: Vec<Vec<usize>>,
    /// `output[v]`: whether `v` is an output.
    pub output: Vec<bool>,
    /// `def[v]`: the top-level instruction index defining `v`, if any.
    pub def: Vec<Option<usize>>,
}

impl Uses {
    /// Computes the uses of every top-level value.
    pub fn of(g: &Graph) -> Uses {
        let n = g.num_values();
        let mut sites = vec![Vec::new(); n];
        let mut def = vec![None; n];
        for (i, inst) in g.insts.iter().enumerate() {
            def[inst.result.0 as usize] = Some(i);
            for a in &inst.args {
                if let Operand::Value(v) = a {
                    sites[v.0 as usize].push(i);
                }
            }
        }
        let mut output = vec![false; n];
        for o in &g.outputs {
            output[o.value.0 as usize] = true;
        }
        Uses { sites, output, def }
    }

    /// Number of uses, an output counting as one.
    pub fn count(&self, v: ValueId) -> usize {
        self.sites[v.0 as usize].len() + usize::from(self.output[v.0 as usize])
    }

    /// The top-level instruction defining `v`.
    pub fn def_inst<'a>(&self, g: &'a Graph, v: ValueId) -> Option<(usize, &'a Inst)> {
        let i = self.def.get(v.0 as usize).copied().flatten()?;
        g.insts.get(i).map(|inst| (i, inst))
    }
}
