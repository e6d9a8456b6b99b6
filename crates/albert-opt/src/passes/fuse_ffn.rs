//! `fuse_ffn`: one `feed_forward` op per `AlbertLayer` feed-forward half.
//!
//! Anchored on a LayerNorm, the match checks
//! `LN(linear_2(act(linear_1(x))) + x)`: two linears whose shapes chain
//! `H → I → H` around one activation, the first reading the same `x` that
//! the residual adds back. Each order of the residual add is tried in full.

use albert_ir::{Graph, Op, Operand, WeightId};

use super::pattern::{layer_norm, value, Matcher};
use crate::rewrite::{Patch, Uses};
use crate::{OptError, Options};

/// Runs the pass.
pub fn fuse_ffn(g: &Graph, _opts: &Options) -> Result<Graph, OptError> {
    let uses = Uses::of(g);
    let mut patch = Patch::default();
    for (i, inst) in g.insts.iter().enumerate() {
        let Some((op, args, covered)) = match_ffn(g, &uses, inst) else { continue };
        if covered.iter().any(|c| patch.remove.contains(c) || patch.replace.contains_key(c)) {
            continue;
        }
        patch.remove.extend(covered.into_iter().filter(|c| *c != i));
        patch.replace.insert(i, (op, args));
    }
    if patch.is_empty() {
        return Ok(g.clone());
    }
    patch.apply(g)
}

type Fused = (Op, Vec<Operand>, Vec<usize>);

fn match_ffn(g: &Graph, uses: &Uses, ln: &albert_ir::Inst) -> Option<Fused> {
    let (r, gamma, beta, eps) = layer_norm(ln)?;
    let res = Matcher::new(g, uses).take_op(r, |op| matches!(op, Op::Add {}))?;
    let (a, b) = (res.args[0], res.args[1]);
    [(a, b), (b, a)].into_iter().find_map(|(f, x)| {
        let mut m = Matcher::new(g, uses);
        m.take(r)?;
        value(x)?;
        let h = m.ty(x)?.shape.last()?;
        let l2 = m.linear(f)?;
        let act = m.take(l2.x)?;
        let Op::Activation { kind } = act.op else { return None };
        let l1 = m.linear(act.args[0])?;
        if l1.x != x || l2.n != h {
            return None;
        }
        let (w1t, w2t) = (g.weight_type(l1.w)?, g.weight_type(l2.w)?);
        if w1t.shape.0 != [l1.n, h] || w2t.shape.0 != [h, l1.n] {
            return None;
        }
        let ws: [WeightId; 6] = [l1.w, l1.b, l2.w, l2.b, gamma, beta];
        let mut args = vec![x];
        args.extend(ws.iter().map(|w| Operand::Weight(*w)));
        Some((Op::FeedForward { act: kind, eps }, args, m.covered))
    })
}
