//! `fold`: removes ops that move no data or undo each other.
//!
//! A reshape to the shape it already has, an identity transpose and a cast
//! to the same element type become their operand; a reshape of a reshape and
//! a transpose of a transpose become one op. The inner op is left for `dce`.
//! Loop bodies are copied unchanged (fold runs before `share_layers`).

use albert_ir::{Graph, Op, Operand};

use crate::rewrite::{Rebuild, Uses};
use crate::{OptError, Options};

/// Runs the pass.
pub fn fold(g: &Graph, _opts: &Options) -> Result<Graph, OptError> {
    let uses = Uses::of(g);
    let mut rb = Rebuild::new(g, |_| true)?;
    for inst in &g.insts {
        let x = match inst.args.first() {
            Some(Operand::Value(v)) => Some(*v),
            _ => None,
        };
        let xty = x.and_then(|v| g.value_type(v));
        let inner = x.and_then(|v| uses.def_inst(g, v)).map(|(_, i)| i);
        match (&inst.op, x, xty) {
            (Op::Reshape { shape }, Some(x), Some(t)) if t.shape.0 == *shape => {
                let nx = rb.value(x)?;
                rb.alias(inst.result, nx);
            }
            (Op::Transpose { perm }, Some(x), _) if perm.iter().enumerate().all(|(i, p)| i == *p) => {
                let nx = rb.value(x)?;
                rb.alias(inst.result, nx);
            }
            (Op::Cast { to }, Some(x), Some(t)) if t.dtype == *to => {
                let nx = rb.value(x)?;
                rb.alias(inst.result, nx);
            }
            (Op::Reshape { shape }, Some(_), _)
                if matches!(inner.map(|i| &i.op), Some(Op::Reshape { .. })) =>
            {
                let src = inner.map(|i| i.args[0]).ok_or_else(|| pass_err("reshape without operand"))?;
                let target = g.value_type(inst.result).map(|t| t.shape.0.clone());
                let src_shape = match src {
                    Operand::Value(v) => g.value_type(v).map(|t| t.shape.0.clone()),
                    Operand::Weight(w) => g.weight_type(w).map(|t| t.shape.0.clone()),
                };
                if target.is_some() && target == src_shape {
                    if let Operand::Value(v) = src {
                        let nv = rb.value(v)?;
                        rb.alias(inst.result, nv);
                        continue;
                    }
                }
                rb.push(inst.result, Op::Reshape { shape: shape.clone() }, &[src])?;
            }
            (Op::Transpose { perm }, Some(_), _) => match inner {
                Some(i) if matches!(i.op, Op::Transpose { .. }) => {
                    let Op::Transpose { perm: first } = &i.op else { continue };
                    // out[k] = mid[perm[k]] = in[first[perm[k]]]
                    let composed: Vec<usize> = perm.iter().map(|&p| first[p]).collect();
                    let src = i.args[0];
                    match src {
                        Operand::Value(v) if composed.iter().enumerate().all(|(k, p)| k == *p) => {
                            let nv = rb.value(v)?;
                            rb.alias(inst.result, nv);
                        }
                        _ => {
                            rb.push(inst.result, Op::Transpose { perm: composed }, &[src])?;
                        }
                    }
                }
                _ => rb.copy(inst)?,
            },
            _ => rb.copy(inst)?,
        }
    }
    rb.finish()
}

fn pass_err(msg: &str) -> OptError {
    OptError::Pass { pass: "fold", msg: msg.into() }
}
