//! Matching helpers shared by the fusion passes.
//!
//! A match walks *up* the data flow from an anchor (the LayerNorm that ends
//! an attention block, say), checking at every step the op kind, its
//! attributes, which operand plays which role, and the shapes of the weights.
//! Instruction order never matters: only definitions and uses do. Every
//! instruction a match swallows must have no reader outside the match, or
//! the fused op would hide a value someone else needs.

use albert_ir::{Dim, Graph, Inst, Op, Operand, Type, ValueId, WeightId};

use crate::rewrite::Uses;

/// A match in progress: the graph, its uses, and the instructions swallowed.
pub struct Matcher<'g> {
    /// The graph searched.
    pub g: &'g Graph,
    /// Its uses.
    pub uses: &'g Uses,
    /// Top-level instruction indices swallowed so far.
    pub covered: Vec<usize>,
}

/// `x · Wᵀ + b`: Hugging Face's `nn.Linear`.
pub struct Linear {
    /// The input.
    pub x: Operand,
    /// `W[N,K]`.
    pub w: WeightId,
    /// `b[N]`.
    pub b: WeightId,
    /// `N`.
    pub n: Dim,
}

impl<'g> Matcher<'g> {
    /// A fresh match.
    pub fn new(g: &'g Graph, uses: &'g Uses) -> Matcher<'g> {
        Matcher { g, uses, covered: Vec::new() }
    }

    /// The instruction defining `v`, swallowed by the match: `v` must be read
    /// exactly once (by the instruction that led here) and not be an output.
    pub fn take(&mut self, v: Operand) -> Option<&'g Inst> {
        let Operand::Value(v) = v else { return None };
        if self.uses.count(v) != 1 {
            return None;
        }
        let (i, inst) = self.uses.def_inst(self.g, v)?;
        self.covered.push(i);
        Some(inst)
    }

    /// As [`Matcher::take`], requiring the op to satisfy `pred`.
    pub fn take_op(&mut self, v: Operand, pred: impl Fn(&Op) -> bool) -> Option<&'g Inst> {
        let Operand::Value(val) = v else { return None };
        let (_, inst) = self.uses.def_inst(self.g, val)?;
        if !pred(&inst.op) {
            return None;
        }
        self.take(v)
    }

    /// The type of an operand.
    pub fn ty(&self, a: Operand) -> Option<Type> {
        self.g.operand_type(a).ok()
    }

    /// `v = x · Wᵀ + b` with `W[N,K]` and `b[N]` weights (the add either way round).
    pub fn linear(&mut self, v: Operand) -> Option<Linear> {
        let add = self.take_op(v, |op| matches!(op, Op::Add {}))?;
        let (mm, b) = self.either(add, |m, a| m.is_matmul_t(a), |_, a| matches!(a, Operand::Weight(_)))?;
        let mm = self.take(mm)?;
        let (Operand::Weight(w), Operand::Weight(b)) = (mm.args[1], b) else { return None };
        let wt = self.g.weight_type(w)?;
        let bt = self.g.weight_type(b)?;
        if wt.shape.rank() != 2 || bt.shape.0 != [wt.shape.0[0]] {
            return None;
        }
        Some(Linear { x: mm.args[0], w, b, n: wt.shape.0[0] })
    }

    /// Whether `a` is defined by `matmul {transpose_b=true} _, @W`.
    pub fn is_matmul_t(&self, a: Operand) -> bool {
        let Operand::Value(v) = a else { return false };
        self.uses.def_inst(self.g, v).is_some_and(|(_, i)| {
            i.op == Op::MatMul { transpose_b: true } && matches!(i.args[1], Operand::Weight(_))
        })
    }

    /// The operands of a binary instruction as `(first, second)` in the
    /// order in which they satisfy `p` and `q` (trying both orders: the ops
    /// matched are commutative).
    pub fn either(
        &self,
        inst: &Inst,
        p: impl Fn(&Self, Operand) -> bool,
        q: impl Fn(&Self, Operand) -> bool,
    ) -> Option<(Operand, Operand)> {
        let (a, b) = (*inst.args.first()?, *inst.args.get(1)?);
        if p(self, a) && q(self, b) {
            Some((a, b))
        } else if p(self, b) && q(self, a) {
            Some((b, a))
        } else {
            None
        }
    }

    /// The op defining a value (not swallowed).
    pub fn op_of(&self, a: Operand) -> Option<&'g Op> {
        let Operand::Value(v) = a else { return None };
        self.uses.def_inst(self.g, v).map(|(_, i)| &i.op)
    }
}

/// The value of an operand, if it is one.
pub fn value(a: Operand) -> Option<ValueId> {
    match a {
        Operand::Value(v) => Some(v),
        Operand::Weight(_) => None,
    }
}

/// The weight of an operand, if it is one.
pub fn weight(a: Operand) -> Option<WeightId> {
    match a {
        Operand::Weight(w) => Some(w),
        Operand::Value(_) => None,
    }
}

/// `layer_norm x, @gamma, @beta` with weights for both parameters.
pub fn layer_norm(inst: &Inst) -> Option<(Operand, WeightId, WeightId, f64)> {
    let Op::LayerNorm { eps } = inst.op else { return None };
    Some((inst.args[0], weight(inst.args[1])?, weight(inst.args[2])?, eps))
}

/// A name for a derived weight joining `parts`: the first part's name with
/// its role (`query`) replaced by `role` (`qkv`), or the names joined.
pub fn derived_name(g: &Graph, parts: &[WeightId], from: &str, role: &str) -> String {
    let names: Vec<&str> = parts.iter().filter_map(|p| g.weight_name(*p)).collect();
    match names.first() {
        Some(first) if first.contains(from) => first.replacen(from, role, 1),
        _ => format!("concat({})", names.join(",")),
    }
}
