//! Correctness ladder, rungs 2+3 together: the *optimised* graph (fused ops,
//! shared-layer loops, packed QKV) on the reference interpreter equals the
//! Hugging Face float64 reference on every fixture case, for the outputs a
//! deployed model returns (padded positions excluded).

mod common;

use albert_model::{AlbertDir, Heads, TraceOptions};
use albert_opt::{Options, Pipeline};
use common::*;

fn check_model(model: &str) {
    let dir = AlbertDir::open(&fixture(model)).expect("open model");
    let opts = TraceOptions::all_heads(Heads { pooler: true, mlm: true, sop: true });
    let traced = dir.trace(opts).expect("trace");
    let graph = Pipeline::default_for(&Options::default()).verify_each(true).run(&traced).expect("optimise");
    assert!(graph.insts.iter().any(|i| matches!(i.op, albert_ir::Op::Loop { .. })), "{model}: no loop");
    let weights = dir.load_weights(&graph).expect("weights");
    let refs = read_reference(model);
    for case in case_names(&refs) {
        let outs = run_case(&graph, &weights, &refs, &case);
        let out = |name: &str| outs.iter().find(|(n, _)| n == name).and_then(|(_, t)| t.as_f32());
        // Debugging outputs (hidden_states, attentions) are not returned by a deployed graph.
        let report = check_case(model, &refs, &case, Dims::of(&dir.config), &out, false);
        eprintln!("{model}/{case} (optimised): {report}");
    }
}

#[test]
fn albert_tiny_optimised_matches_hf() {
    check_model("albert-tiny");
}

#[test]
fn albert_tiny_grouped_optimised_matches_hf() {
    check_model("albert-tiny-grouped");
}

#[test]
fn albert_large_v2_synthetic_optimised_matches_hf() {
    check_model("albert-large-v2-synthetic");
}
