//! `share_layers`: N consecutive applications of one layer group → one loop.
//!
//! ALBERT applies the same parameters over and over; the tracer unrolls
//! them. This pass finds a run of `k ≥ 2` consecutive *chunks* of `p`
//! top-level instructions such that every chunk computes what the first
//! does — same ops and attributes, the same weight ids in the same operand
//! positions, internal operands pointing at the same positions — and reads
//! the previous chunk's last value exactly where the first chunk reads the
//! run's input (the carried hidden state). Anything else a chunk reads from
//! before the run (the attention mask) must be the same value in every
//! chunk and becomes a loop invariant. No value inside a chunk may be read
//! outside it, except the last one by the next chunk (or, for the last
//! chunk, by anyone): a graph traced with `hidden_states`/`attentions`
//! outputs therefore keeps the layers whose intermediate values are outputs
//! unrolled — we chose to leave those as they are rather than give loops
//! extra per-trip outputs.
//!
//! Among all runs, the one covering the most instructions wins (ties: the
//! shortest body, then the earliest); the pass repeats until no run is
//! left, so albert-tiny-grouped (groups 0,0,0,1,1,1 of two inner layers)
//! becomes two loops of 3 trips. A body must read at least one weight: a
//! loop is for layers, not for any repeated pair of ops.

use std::collections::HashMap;

use albert_ir::{Graph, Operand, ValueId};

use crate::rewrite::{Rebuild, Uses};
use crate::{OptError, Options};

/// Runs the pass.
pub fn share_layers(g: &Graph, _opts: &Options) -> Result<Graph, OptError> {
    let mut g = g.clone();
    // Each round rolls one run; a run needs ≥ 2 instructions, so this ends.
    while let Some(run) = best_run(&g) {
        g = roll(&g, &run)?;
    }
    Ok(g)
}

/// A run of identical chunks.
#[derive(Clone, Debug)]
struct Run {
    start: usize,
    period: usize,
    trips: usize,
    /// The value the first chunk reads as its carried input.
    init: ValueId,
    /// Other values from before the run that chunks read.
    invariants: Vec<ValueId>,
}

fn best_run(g: &Graph) -> Option<Run> {
    let uses = Uses::of(g);
    let n = g.insts.len();
    let mut best: Option<Run> = None;
    for start in 0..n {
        for period in 1..=(n - start) / 2 {
            let Some(run) = run_at(g, &uses, start, period) else { continue };
            let better = match &best {
                None => true,
                Some(b) => {
                    let (cov, bcov) = (run.trips * run.period, b.trips * b.period);
                    cov > bcov || (cov == bcov && run.period < b.period)
                }
            };
            if better {
                best = Some(run);
            }
        }
    }
    best
}

/// Where chunk 0's operand points: inside the chunk, or before the run.
fn run_at(g: &Graph, uses: &Uses, start: usize, period: usize) -> Option<Run> {
    let insts = &g.insts;
    let chunk0 = &insts[start..start + period];
    if g.body(&chunk0[0]).is_some() || chunk0.iter().any(|i| g.body(i).is_some()) {
        return None;
    }
    if !chunk0.iter().any(|i| i.args.iter().any(|a| matches!(a, Operand::Weight(_)))) {
        return None;
    }
    let local = |c: usize, v: ValueId| -> Option<usize> {
        let d = uses.def[v.0 as usize]?;
        let s = start + c * period;
        (s..s + period).contains(&d).then(|| d - s)
    };
    let last = |c: usize| insts[start + c * period + period - 1].result;
    let mut init: Option<ValueId> = None;
    let mut trips = 1;
    let mut c = 1;
    while start + (c + 1) * period <= insts.len() {
        // Chunk c must compute what chunk 0 does.
        let mut ok = true;
        'inst: for t in 0..period {
            let (a, b) = (&insts[start + t], &insts[start + c * period + t]);
            if a.op != b.op || a.args.len() != b.args.len() || g.body(b).is_some() {
                ok = false;
                break;
            }
            for (x, y) in a.args.iter().zip(&b.args) {
                let fits = match (x, y) {
                    (Operand::Weight(p), Operand::Weight(q)) => p == q,
                    (Operand::Value(p), Operand::Value(q)) => match local(0, *p) {
                        Some(u) => local(c, *q) == Some(u),
                        None if *q == last(c - 1) => *init.get_or_insert(*p) == *p,
                        None => p == q && Some(*p) != init,
                    },
                    _ => false,
                };
                if !fits {
                    ok = false;
                    break 'inst;
                }
            }
        }
        // Chunk c-1's values: only its last is read outside, by chunk c only.
        ok = ok && escapes_ok(g, uses, start, period, c - 1, Some(c));
        if !ok {
            break;
        }
        trips = c + 1;
        c += 1;
    }
    if trips < 2 {
        return None;
    }
    // The last chunk's inner values must not escape either; drop chunks
    // from the end until they do not.
    while trips >= 2 && !escapes_ok(g, uses, start, period, trips - 1, None) {
        trips -= 1;
    }
    let init = init?;
    if trips < 2 || g.value_type(init) != g.value_type(last(0)) {
        return None;
    }
    // Chunk 0 must read `init` only in carry positions (checked against
    // chunk 1 above), and not read it elsewhere as an invariant.
    let mut invariants = Vec::new();
    for inst in chunk0 {
        for a in &inst.args {
            if let Operand::Value(v) = a {
                if local(0, *v).is_none() && *v != init && !invariants.contains(v) {
                    invariants.push(*v);
                }
            }
        }
    }
    Some(Run { start, period, trips, init, invariants })
}

/// Whether chunk `c`'s values stay inside it, its last value being read
/// only by chunk `next` (if given; otherwise by anyone after the run).
fn escapes_ok(g: &Graph, uses: &Uses, start: usize, period: usize, c: usize, next: Option<usize>) -> bool {
    let s = start + c * period;
    for (t, inst) in g.insts[s..s + period].iter().enumerate() {
        let v = inst.result.0 as usize;
        let is_last = t + 1 == period;
        let allowed = |site: usize| {
            (s..s + period).contains(&site)
                || (is_last
                    && match next {
                        Some(nc) => (start + nc * period..start + (nc + 1) * period).contains(&site),
                        None => site >= s + period,
                    })
        };
        if !uses.sites[v].iter().all(|&site| allowed(site)) {
            return false;
        }
        if uses.output[v] && !(is_last && next.is_none()) {
            return false;
        }
    }
    true
}

fn roll(g: &Graph, run: &Run) -> Result<Graph, OptError> {
    let mut rb = Rebuild::new(g, |_| true)?;
    for inst in &g.insts[..run.start] {
        rb.copy(inst)?;
    }
    let mut args = vec![rb.value(run.init)?];
    for v in &run.invariants {
        args.push(rb.value(*v)?);
    }
    let (l, params) = rb.new.begin_loop(run.trips, &args)?;
    // Chunk 0 becomes the body, reading parameters instead of outer values.
    let mut local: HashMap<ValueId, ValueId> = HashMap::new();
    local.insert(run.init, params[0]);
    for (v, p) in run.invariants.iter().zip(&params[1..]) {
        local.insert(*v, *p);
    }
    let chunk0 = &g.insts[run.start..run.start + run.period];
    for inst in chunk0 {
        let a =
            inst.args
                .iter()
                .map(|a| match a {
                    Operand::Value(v) => local.get(v).copied().map(Operand::Value).ok_or_else(|| {
                        OptError::Pass { pass: "share_layers", msg: format!("{v} not in scope") }
                    }),
                    Operand::Weight(w) => rb.weight(*w).map(Operand::Weight),
                })
                .collect::<Result<Vec<_>, _>>()?;
        let nv = rb.new.push(inst.op.clone(), &a)?;
        local.insert(inst.result, nv);
    }
    let last0 = chunk0[run.period - 1].result;
    let y =
        local.get(&last0).copied().ok_or(OptError::Pass { pass: "share_layers", msg: "no yield".into() })?;
    rb.new.end_loop(y)?;
    let end = run.start + run.trips * run.period;
    rb.alias(g.insts[end - 1].result, l);
    for inst in &g.insts[end..] {
        rb.copy(inst)?;
    }
    rb.finish()
}
