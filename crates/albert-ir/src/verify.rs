//! The verifier: every invariant the rest of the compiler relies on.
//!
//! It runs after every pass in tests and debug builds (see `albert-opt`), so a
//! pass that breaks the graph is named at once rather than surfacing as a
//! wrong number much later.
//!
//! Values must be numbered in text order (inputs, then each instruction's
//! result; a loop's result is followed by its body's parameters and
//! instructions), every use must see a definition in its own scope (a loop
//! body sees only its parameters, its own values and weights), and each
//! loop's body must yield the carried type.

use std::collections::HashSet;

use crate::error::IrError;
use crate::graph::{Graph, Inst, Operand, ValueId, WeightId, WeightRecipe};
use crate::op::Op;

struct Checker<'g> {
    g: &'g Graph,
    next: u32,
    bodies_seen: usize,
}

impl Checker<'_> {
    fn expect_next(&mut self, v: ValueId, what: impl FnOnce() -> String) -> Result<(), IrError> {
        if v != ValueId(self.next) {
            return Err(IrError::Malformed(format!("{} is {v}, expected %{}", what(), self.next)));
        }
        self.next += 1;
        Ok(())
    }

    /// Checks one block; `scope` holds the values it may read.
    fn block(&mut self, insts: &[Inst], scope: &mut HashSet<ValueId>, depth: usize) -> Result<(), IrError> {
        let g = self.g;
        for (i, inst) in insts.iter().enumerate() {
            let mut tys = Vec::with_capacity(inst.args.len());
            for a in &inst.args {
                if let Operand::Value(v) = a {
                    if !scope.contains(v) {
                        return Err(IrError::UndefinedValue {
                            value: *v,
                            at: format!("instruction {i} (`{}`){}", inst.op.name(), nesting(depth)),
                        });
                    }
                }
                tys.push(g.operand_type(*a)?);
            }
            let refs: Vec<_> = tys.iter().collect();
            let ty =
                inst.op.infer(&refs).map_err(|e| IrError::Type { inst: i, op: inst.op.name(), msg: e.0 })?;
            self.expect_next(inst.result, || format!("instruction {i}{}", nesting(depth)))?;
            if g.value_type(inst.result) != Some(&ty) {
                return Err(IrError::Type {
                    inst: i,
                    op: inst.op.name(),
                    msg: format!(
                        "recorded type {:?} but operands give {ty}",
                        g.value_type(inst.result).map(|t| t.to_string())
                    ),
                });
            }
            match (&inst.op, g.bodies.get(&inst.result)) {
                (Op::Loop { .. }, Some(body)) => {
                    self.bodies_seen += 1;
                    if inst.args.iter().any(|a| matches!(a, Operand::Weight(_))) {
                        return Err(IrError::Malformed(format!(
                            "loop {}: weights are read inside the body, not passed as operands",
                            inst.result
                        )));
                    }
                    if body.params.len() != inst.args.len() {
                        return Err(IrError::Malformed(format!(
                            "loop {} has {} operands but {} body parameters",
                            inst.result,
                            inst.args.len(),
                            body.params.len()
                        )));
                    }
                    let mut inner = HashSet::new();
                    for (k, (p, t)) in body.params.iter().zip(&tys).enumerate() {
                        self.expect_next(*p, || format!("parameter {k} of loop {}", inst.result))?;
                        if g.value_type(*p) != Some(t) {
                            return Err(IrError::Malformed(format!(
                                "loop {}: parameter {p} does not have its operand's type {t}",
                                inst.result
                            )));
                        }
                        inner.insert(*p);
                    }
                    self.block(&body.insts, &mut inner, depth + 1)?;
                    if !inner.contains(&body.yields) {
                        return Err(IrError::UndefinedValue {
                            value: body.yields,
                            at: format!("yield of loop {}", inst.result),
                        });
                    }
                    if g.value_type(body.yields) != Some(&ty) {
                        return Err(IrError::Malformed(format!(
                            "loop {} yields {} of type {:?}, but carries {ty}",
                            inst.result,
                            body.yields,
                            g.value_type(body.yields).map(|t| t.to_string())
                        )));
                    }
                }
                (Op::Loop { .. }, None) => {
                    return Err(IrError::Malformed(format!("loop {} has no body", inst.result)));
                }
                (_, Some(_)) => {
                    return Err(IrError::Malformed(format!(
                        "`{}` {} has a body",
                        inst.op.name(),
                        inst.result
                    )));
                }
                (_, None) => {}
            }
            scope.insert(inst.result);
        }
        Ok(())
    }
}

fn nesting(depth: usize) -> String {
    if depth == 0 {
        String::new()
    } else {
        format!(" in a loop body (depth {depth})")
    }
}

impl Graph {
    /// Checks numbering, definitions before uses, operand types, loop
    /// bodies, derived weights, and names.
    pub fn verify(&self) -> Result<(), IrError> {
        if !self.open.is_empty() {
            return Err(IrError::Malformed(format!("{} loop(s) not closed", self.open.len())));
        }
        let mut ck = Checker { g: self, next: 0, bodies_seen: 0 };
        let mut names = HashSet::new();
        let mut scope = HashSet::new();
        for input in &self.inputs {
            ck.expect_next(input.value, || format!("input `{}`", input.name))?;
            if !names.insert(input.name.as_str()) {
                return Err(IrError::DuplicateName { kind: "input", name: input.name.clone() });
            }
            scope.insert(input.value);
        }
        let mut wnames = HashSet::new();
        for name in self.weights.iter().map(|w| &w.name).chain(self.derived.iter().map(|d| &d.name)) {
            if !wnames.insert(name.as_str()) {
                return Err(IrError::DuplicateName { kind: "weight", name: name.clone() });
            }
        }
        for (k, d) in self.derived.iter().enumerate() {
            let id = WeightId((self.weights.len() + k) as u32);
            let WeightRecipe::Concat { parts, .. } = &d.recipe;
            if let Some(p) = parts.iter().find(|p| p.0 >= id.0) {
                return Err(IrError::Malformed(format!(
                    "derived weight {id} uses {p}, not declared before it"
                )));
            }
            let ty = self.recipe_type(&d.recipe)?;
            if ty != d.ty {
                return Err(IrError::Malformed(format!(
                    "derived weight {id} is declared {} but its recipe gives {ty}",
                    d.ty
                )));
            }
        }
        if let Some(w) = self.layouts.keys().find(|w| w.0 as usize >= self.num_weights()) {
            return Err(IrError::UndefinedWeight { weight: *w });
        }
        ck.block(&self.insts, &mut scope, 0)?;
        if ck.bodies_seen != self.bodies.len() {
            return Err(IrError::Malformed(format!(
                "{} loop bodies recorded but {} loops in the graph",
                self.bodies.len(),
                ck.bodies_seen
            )));
        }
        if ck.next as usize != self.num_values() {
            return Err(IrError::Malformed(format!(
                "{} value types for {} values",
                self.num_values(),
                ck.next
            )));
        }
        let mut onames = HashSet::new();
        for o in &self.outputs {
            if !scope.contains(&o.value) {
                return Err(IrError::UndefinedValue { value: o.value, at: format!("output `{}`", o.name) });
            }
            if !onames.insert(o.name.as_str()) {
                return Err(IrError::DuplicateName { kind: "output", name: o.name.clone() });
            }
        }
        Ok(())
    }
}
