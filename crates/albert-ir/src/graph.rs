//! The graph: inputs, weights, a straight-line list of instructions in SSA
//! form, and named outputs.
//!
//! Values are numbered in definition order (inputs first, then one result per
//! instruction), so the text form can be parsed back to an identical graph.
//! Weights are operands of their own kind (`@N`) that carry their checkpoint
//! name: two layers that share parameters refer to the same `@N`, which is
//! what the layer-sharing pass looks for.

use std::fmt;

use crate::error::IrError;
use crate::op::Op;
use crate::types::Type;

/// A value: a graph input or the result of an instruction (`%N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(pub u32);

/// A weight of the checkpoint (`@N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WeightId(pub u32);

impl fmt::Display for ValueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "%{}", self.0)
    }
}

impl fmt::Display for WeightId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.0)
    }
}

/// An operand: a value or a weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// An SSA value.
    Value(ValueId),
    /// A checkpoint weight.
    Weight(WeightId),
}

impl From<ValueId> for Operand {
    fn from(v: ValueId) -> Self {
        Operand::Value(v)
    }
}

impl From<WeightId> for Operand {
    fn from(w: WeightId) -> Self {
        Operand::Weight(w)
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Value(v) => v.fmt(f),
            Operand::Weight(w) => w.fmt(f),
        }
    }
}

/// A named graph input.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// Name the caller binds (`input_ids`, …).
    pub name: String,
    /// The value it defines.
    pub value: ValueId,
}

/// A weight declaration: checkpoint name and logical type.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightDecl {
    /// The safetensors key (after resolving ties and legacy names).
    pub name: String,
    /// Logical type (weights are computed on as `f32` whatever their storage).
    pub ty: Type,
}

/// One instruction: `result = op(args)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Inst {
    /// The value it defines.
    pub result: ValueId,
    /// What it computes.
    pub op: Op,
    /// Operands, positional.
    pub args: Vec<Operand>,
}

/// A named graph output.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// Name the caller reads (`last_hidden_state`, …).
    pub name: String,
    /// The value returned.
    pub value: ValueId,
}

/// A whole computation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// Inputs, in order.
    pub inputs: Vec<Input>,
    /// Weights, indexed by [`WeightId`].
    pub weights: Vec<WeightDecl>,
    /// Instructions, in execution order.
    pub insts: Vec<Inst>,
    /// Outputs, in order.
    pub outputs: Vec<Output>,
    /// The type of every value, indexed by [`ValueId`].
    pub(crate) types: Vec<Type>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph::default()
    }

    fn new_value(&mut self, ty: Type) -> ValueId {
        let id = ValueId(self.types.len() as u32);
        self.types.push(ty);
        id
    }

    /// Declares an input. Inputs must come before any instruction.
    pub fn add_input(&mut self, name: &str, ty: Type) -> Result<ValueId, IrError> {
        if !self.insts.is_empty() {
            return Err(IrError::Malformed(format!("input `{name}` declared after instructions")));
        }
        if self.inputs.iter().any(|i| i.name == name) {
            return Err(IrError::DuplicateName { kind: "input", name: name.into() });
        }
        let value = self.new_value(ty);
        self.inputs.push(Input { name: name.into(), value });
        Ok(value)
    }

    /// Declares a weight, or returns the id it already has: the same name is
    /// the same weight, which is how shared layers end up sharing ids.
    pub fn add_weight(&mut self, name: &str, ty: Type) -> Result<WeightId, IrError> {
        if let Some(i) = self.weights.iter().position(|w| w.name == name) {
            if self.weights[i].ty != ty {
                return Err(IrError::Malformed(format!(
                    "weight `{name}` declared as {} and as {ty}",
                    self.weights[i].ty
                )));
            }
            return Ok(WeightId(i as u32));
        }
        self.weights.push(WeightDecl { name: name.into(), ty });
        Ok(WeightId(self.weights.len() as u32 - 1))
    }

    /// The weight named `name`, if declared.
    pub fn weight_by_name(&self, name: &str) -> Option<WeightId> {
        self.weights.iter().position(|w| w.name == name).map(|i| WeightId(i as u32))
    }

    /// Appends `op(args)`, inferring its type; fails if the operands don't fit.
    pub fn push(&mut self, op: Op, args: &[Operand]) -> Result<ValueId, IrError> {
        let tys = args.iter().map(|a| self.operand_type(*a)).collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&Type> = tys.iter().collect();
        let ty =
            op.infer(&refs).map_err(|e| IrError::Type { inst: self.insts.len(), op: op.name(), msg: e.0 })?;
        let result = self.new_value(ty);
        self.insts.push(Inst { result, op, args: args.to_vec() });
        Ok(result)
    }

    /// Names `value` as output `name`.
    pub fn add_output(&mut self, name: &str, value: ValueId) -> Result<(), IrError> {
        if self.outputs.iter().any(|o| o.name == name) {
            return Err(IrError::DuplicateName { kind: "output", name: name.into() });
        }
        if value.0 as usize >= self.types.len() {
            return Err(IrError::UndefinedValue { value, at: format!("output `{name}`") });
        }
        self.outputs.push(Output { name: name.into(), value });
        Ok(())
    }

    /// The type of a value.
    pub fn value_type(&self, v: ValueId) -> Option<&Type> {
        self.types.get(v.0 as usize)
    }

    /// The type of an operand.
    pub fn operand_type(&self, a: Operand) -> Result<Type, IrError> {
        match a {
            Operand::Value(v) => self
                .value_type(v)
                .cloned()
                .ok_or_else(|| IrError::UndefinedValue { value: v, at: "operand".into() }),
            Operand::Weight(w) => self
                .weights
                .get(w.0 as usize)
                .map(|d| d.ty.clone())
                .ok_or(IrError::UndefinedWeight { weight: w }),
        }
    }

    /// Number of values (inputs and instruction results).
    pub fn num_values(&self) -> usize {
        self.types.len()
    }

    /// The output named `name`.
    pub fn output(&self, name: &str) -> Option<ValueId> {
        self.outputs.iter().find(|o| o.name == name).map(|o| o.value)
    }

    /// Instruction counts by op name, sorted by name.
    pub fn op_counts(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut m = std::collections::BTreeMap::new();
        for inst in &self.insts {
            *m.entry(inst.op.name()).or_insert(0) += 1;
        }
        m
    }
}
