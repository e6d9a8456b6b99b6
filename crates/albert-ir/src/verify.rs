//! The verifier: every invariant the rest of the compiler relies on.
//!
//! It runs after every pass in tests and debug builds (see `albert-opt`), so a
//! pass that breaks the graph is named at once rather than surfacing as a
//! wrong number much later.

use std::collections::HashSet;

use crate::error::IrError;
use crate::graph::{Graph, Operand, ValueId};

impl Graph {
    /// Checks numbering, definitions before uses, operand types, and names.
    pub fn verify(&self) -> Result<(), IrError> {
        let mut next = 0u32;
        let mut names = HashSet::new();
        for input in &self.inputs {
            if input.value != ValueId(next) {
                return Err(IrError::Malformed(format!(
                    "input `{}` is {}, expected %{next}",
                    input.name, input.value
                )));
            }
            if !names.insert(input.name.as_str()) {
                return Err(IrError::DuplicateName { kind: "input", name: input.name.clone() });
            }
            next += 1;
        }
        let mut wnames = HashSet::new();
        for w in &self.weights {
            if !wnames.insert(w.name.as_str()) {
                return Err(IrError::DuplicateName { kind: "weight", name: w.name.clone() });
            }
        }
        for (i, inst) in self.insts.iter().enumerate() {
            let mut tys = Vec::with_capacity(inst.args.len());
            for a in &inst.args {
                if let Operand::Value(v) = a {
                    if v.0 >= next {
                        return Err(IrError::UndefinedValue {
                            value: *v,
                            at: format!("instruction {i} (`{}`)", inst.op.name()),
                        });
                    }
                }
                tys.push(self.operand_type(*a)?);
            }
            let refs: Vec<_> = tys.iter().collect();
            let ty =
                inst.op.infer(&refs).map_err(|e| IrError::Type { inst: i, op: inst.op.name(), msg: e.0 })?;
            if inst.result != ValueId(next) {
                return Err(IrError::Malformed(format!(
                    "instruction {i} defines {}, expected %{next}",
                    inst.result
                )));
            }
            if self.value_type(inst.result) != Some(&ty) {
                return Err(IrError::Type {
                    inst: i,
                    op: inst.op.name(),
                    msg: format!(
                        "recorded type {:?} but operands give {ty}",
                        self.value_type(inst.result).map(|t| t.to_string())
                    ),
                });
            }
            next += 1;
        }
        if next as usize != self.num_values() {
            return Err(IrError::Malformed(format!("{} value types for {next} values", self.num_values())));
        }
        let mut onames = HashSet::new();
        for o in &self.outputs {
            if o.value.0 >= next {
                return Err(IrError::UndefinedValue { value: o.value, at: format!("output `{}`", o.name) });
            }
            if !onames.insert(o.name.as_str()) {
                return Err(IrError::DuplicateName { kind: "output", name: o.name.clone() });
            }
        }
        Ok(())
    }
}
