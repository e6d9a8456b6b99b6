//! The graph: inputs, weights, a straight-line list of instructions in SSA
//! form, and named outputs.
//!
//! Values are numbered in definition order (inputs first, then one result per
//! instruction), so the text form can be parsed back to an identical graph.
//! Weights are operands of their own kind (`@N`) that carry their checkpoint
//! name: two layers that share parameters refer to the same `@N`, which is
//! what the layer-sharing pass looks for.
//!
//! Two extensions serve the optimiser:
//! - **Regions.** A `loop` instruction owns a body ([`Region`]) kept in
//!   [`Graph::bodies`] under the loop's result value. Body values share the
//!   graph's numbering (the loop's result first, then the body's parameters
//!   and instructions, exactly as the text form prints them), so one value
//!   table serves the interpreter and the memory planner. A body is
//!   *isolated*: it sees only its parameters and weights, never an outer value,
//!   so a loop's operands list everything it reads.
//! - **Derived weights.** A fused attention wants one packed QKV matrix. It is
//!   declared as a [`DerivedWeight`] with a recipe (concatenate `@q, @k, @v`
//!   along axis 0) rather than as a new checkpoint tensor: [`Graph::weights`]
//!   stays the list of tensors to load (so `load_weights(graph)` keeps
//!   working on an optimised graph), derived weights are numbered after them
//!   and are computed once when weights are loaded — held once, whatever the
//!   number of layer applications that use them.

use std::collections::BTreeMap;
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

/// How a derived weight is computed from other weights.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum WeightRecipe {
    /// Concatenation of `parts` along `axis` (all other dims equal).
    Concat {
        /// The axis joined.
        axis: usize,
        /// The weights joined, in order (stored or earlier derived ones).
        parts: Vec<WeightId>,
    },
}

/// A weight computed once, at load time, from other weights (`@N = concat …`).
#[derive(Clone, Debug, PartialEq)]
pub struct DerivedWeight {
    /// A name for dumps and the packer (`….attention.qkv.weight`); not a
    /// checkpoint key.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// How to compute it.
    pub recipe: WeightRecipe,
}

/// The memory layout the target kernels want for a weight, recorded by the
/// `pack_weights` pass so the runtime packs each weight once at load time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WeightLayout {
    /// As stored: row-major (gather tables, biases, LayerNorm parameters).
    RowMajor,
    /// The `B` operand of `x · Wᵀ` cut into panels of 16 output columns
    /// (rows of `W`), each panel `K × 16` contiguous; the last panel padded.
    BPanels16,
    /// As [`WeightLayout::BPanels16`] with 32-column panels.
    BPanels32,
}

impl WeightLayout {
    /// Every layout.
    pub const ALL: [WeightLayout; 3] =
        [WeightLayout::RowMajor, WeightLayout::BPanels16, WeightLayout::BPanels32];

    /// The name in the text form.
    pub fn name(self) -> &'static str {
        match self {
            WeightLayout::RowMajor => "row_major",
            WeightLayout::BPanels16 => "b_panels_16",
            WeightLayout::BPanels32 => "b_panels_32",
        }
    }

    /// Parses [`WeightLayout::name`].
    pub fn from_name(s: &str) -> Option<WeightLayout> {
        WeightLayout::ALL.into_iter().find(|l| l.name() == s)
    }

    /// Columns per panel (`None` for row-major).
    pub fn panel_width(self) -> Option<usize> {
        match self {
            WeightLayout::RowMajor => None,
            WeightLayout::BPanels16 => Some(16),
            WeightLayout::BPanels32 => Some(32),
        }
    }
}

impl fmt::Display for WeightLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The body of a `loop`: parameters (the carried value, then one per
/// invariant operand), instructions, and the value yielded to the next trip.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Parameters, matching the loop's operands positionally.
    pub params: Vec<ValueId>,
    /// Instructions, in execution order.
    pub insts: Vec<Inst>,
    /// The carried value for the next trip (and the loop's result after the last).
    pub yields: ValueId,
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
    /// Weights computed from other weights, numbered after [`Graph::weights`].
    pub derived: Vec<DerivedWeight>,
    /// The body of every `loop`, keyed by the loop's result value.
    pub bodies: BTreeMap<ValueId, Region>,
    /// Layouts recorded by `pack_weights` (absent = row-major, unannotated).
    pub layouts: BTreeMap<WeightId, WeightLayout>,
    /// Loops being built (innermost last): `push` appends to the innermost.
    pub(crate) open: Vec<ValueId>,
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
    /// Stored weights must all be declared before the first derived one
    /// (derived ids follow stored ids).
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
        if !self.derived.is_empty() {
            return Err(IrError::Malformed(format!(
                "weight `{name}` declared after derived weights (their ids would shift)"
            )));
        }
        self.weights.push(WeightDecl { name: name.into(), ty });
        Ok(WeightId(self.weights.len() as u32 - 1))
    }

    /// The weight named `name`, if declared.
    pub fn weight_by_name(&self, name: &str) -> Option<WeightId> {
        self.weights.iter().position(|w| w.name == name).map(|i| WeightId(i as u32))
    }

    /// Declares a derived weight, or returns the id of an identical recipe
    /// already declared (so 24 applications of one layer share one packed
    /// matrix). The type is inferred from the recipe.
    pub fn add_derived(&mut self, name: &str, recipe: WeightRecipe) -> Result<WeightId, IrError> {
        if let Some(i) = self.derived.iter().position(|d| d.recipe == recipe) {
            return Ok(WeightId((self.weights.len() + i) as u32));
        }
        if self.weight_by_name(name).is_some() {
            return Err(IrError::DuplicateName { kind: "weight", name: name.into() });
        }
        let ty = self.recipe_type(&recipe)?;
        self.derived.push(DerivedWeight { name: name.into(), ty, recipe });
        Ok(WeightId((self.weights.len() + self.derived.len() - 1) as u32))
    }

    /// The type a recipe gives, or why its parts don't fit.
    pub fn recipe_type(&self, recipe: &WeightRecipe) -> Result<Type, IrError> {
        match recipe {
            WeightRecipe::Concat { axis, parts } => {
                let bad = |msg: String| IrError::Malformed(format!("concat recipe: {msg}"));
                let first = parts.first().ok_or_else(|| bad("no parts".into()))?;
                let mut ty =
                    self.weight_type(*first).ok_or(IrError::UndefinedWeight { weight: *first })?.clone();
                if *axis >= ty.shape.rank() {
                    return Err(bad(format!("axis {axis} out of range for {ty}")));
                }
                let mut total = 0usize;
                for p in parts {
                    let t = self.weight_type(*p).ok_or(IrError::UndefinedWeight { weight: *p })?;
                    let same_rest = t.shape.rank() == ty.shape.rank()
                        && t.dtype == ty.dtype
                        && (0..t.shape.rank()).all(|d| d == *axis || t.shape.0[d] == ty.shape.0[d]);
                    // `same_rest` implies equal ranks, so `axis` indexes `t` too.
                    match (same_rest, same_rest.then(|| t.shape.0[*axis])) {
                        (true, Some(crate::types::Dim::Fixed(n))) => total += n,
                        _ => return Err(bad(format!("part {p} : {t} does not concatenate with {ty}"))),
                    }
                }
                ty.shape.0[*axis] = crate::types::Dim::Fixed(total);
                Ok(ty)
            }
        }
    }

    /// The type of a stored or derived weight.
    pub fn weight_type(&self, w: WeightId) -> Option<&Type> {
        let i = w.0 as usize;
        match self.weights.get(i) {
            Some(d) => Some(&d.ty),
            None => self.derived.get(i - self.weights.len()).map(|d| &d.ty),
        }
    }

    /// The name of a stored or derived weight.
    pub fn weight_name(&self, w: WeightId) -> Option<&str> {
        let i = w.0 as usize;
        match self.weights.get(i) {
            Some(d) => Some(&d.name),
            None => self.derived.get(i - self.weights.len()).map(|d| d.name.as_str()),
        }
    }

    /// The derived weight `w`, if `w` is one.
    pub fn derived_weight(&self, w: WeightId) -> Option<&DerivedWeight> {
        (w.0 as usize).checked_sub(self.weights.len()).and_then(|i| self.derived.get(i))
    }

    /// Number of weights, stored and derived.
    pub fn num_weights(&self) -> usize {
        self.weights.len() + self.derived.len()
    }

    /// The instruction list `push` appends to: the innermost open loop body.
    fn current_block(&mut self) -> Result<&mut Vec<Inst>, IrError> {
        match self.open.last() {
            None => Ok(&mut self.insts),
            Some(l) => self
                .bodies
                .get_mut(l)
                .map(|r| &mut r.insts)
                .ok_or_else(|| IrError::Malformed(format!("open loop {l} has no body"))),
        }
    }

    /// Appends `op(args)`, inferring its type; fails if the operands don't fit.
    /// Inside an open loop ([`Graph::begin_loop`]) it appends to the body.
    pub fn push(&mut self, op: Op, args: &[Operand]) -> Result<ValueId, IrError> {
        if matches!(op, Op::Loop { .. }) {
            return Err(IrError::Malformed("a loop is built with `begin_loop`/`end_loop`".into()));
        }
        let tys = args.iter().map(|a| self.operand_type(*a)).collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&Type> = tys.iter().collect();
        let at = self.current_block()?.len();
        let ty = op.infer(&refs).map_err(|e| IrError::Type { inst: at, op: op.name(), msg: e.0 })?;
        let result = self.new_value(ty);
        self.current_block()?.push(Inst { result, op, args: args.to_vec() });
        Ok(result)
    }

    /// Starts `loop {trips} args…` (`args[0]` the carried value, the rest
    /// invariants; all values). Returns the loop's result and the body's
    /// parameters; instructions pushed until [`Graph::end_loop`] form the body.
    pub fn begin_loop(&mut self, trips: usize, args: &[ValueId]) -> Result<(ValueId, Vec<ValueId>), IrError> {
        let op = Op::Loop { trips };
        let tys =
            args.iter().map(|a| self.operand_type(Operand::Value(*a))).collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&Type> = tys.iter().collect();
        let at = self.current_block()?.len();
        let ty = op.infer(&refs).map_err(|e| IrError::Type { inst: at, op: op.name(), msg: e.0 })?;
        let result = self.new_value(ty);
        let operands = args.iter().map(|a| Operand::Value(*a)).collect();
        self.current_block()?.push(Inst { result, op, args: operands });
        let params: Vec<ValueId> = tys.into_iter().map(|t| self.new_value(t)).collect();
        self.bodies.insert(result, Region { params: params.clone(), insts: Vec::new(), yields: result });
        self.open.push(result);
        Ok((result, params))
    }

    /// Closes the innermost open loop, its body yielding `value`.
    pub fn end_loop(&mut self, value: ValueId) -> Result<ValueId, IrError> {
        let l = self.open.pop().ok_or_else(|| IrError::Malformed("`end_loop` with no open loop".into()))?;
        let region = self
            .bodies
            .get_mut(&l)
            .ok_or_else(|| IrError::Malformed(format!("open loop {l} has no body")))?;
        region.yields = value;
        Ok(l)
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
            Operand::Weight(w) => self.weight_type(w).cloned().ok_or(IrError::UndefinedWeight { weight: w }),
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

    /// Instruction counts by op name, sorted by name; a loop body counts once.
    pub fn op_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        self.visit_insts(&mut |inst| *m.entry(inst.op.name()).or_insert(0) += 1);
        m
    }

    /// Visits every instruction in text order, entering loop bodies.
    pub fn visit_insts<'a>(&'a self, f: &mut impl FnMut(&'a Inst)) {
        self.visit_block(&self.insts, f);
    }

    fn visit_block<'a>(&'a self, insts: &'a [Inst], f: &mut impl FnMut(&'a Inst)) {
        for inst in insts {
            f(inst);
            if let Some(body) = self.bodies.get(&inst.result) {
                self.visit_block(&body.insts, f);
            }
        }
    }

    /// The body of loop instruction `inst`, if it is one.
    pub fn body(&self, inst: &Inst) -> Option<&Region> {
        match inst.op {
            Op::Loop { .. } => self.bodies.get(&inst.result),
            _ => None,
        }
    }
}
