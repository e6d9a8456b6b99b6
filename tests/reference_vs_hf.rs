//! Correctness ladder, rung 2: the traced graph on the reference interpreter
//! equals the Hugging Face float64 reference on every fixture case, for every
//! output the fixtures record (padded positions excluded).

mod common;

use albert_model::{AlbertDir, Heads, TraceOptions};
use common::*;

fn check_model(model: &str) {
    let dir = AlbertDir::open(&fixture(model)).expect("open model");
    let opts = TraceOptions {
        heads: Heads { pooler: true, mlm: true, sop: true },
        hidden_states: true,
        attentions: true,
    };
    let graph = dir.trace(opts).expect("trace");
    let weights = dir.load_weights(&graph).expect("weights");
    let refs = read_reference(model);
    for case in case_names(&refs) {
        let outs = run_case(&graph, &weights, &refs, &case);
        let out = |name: &str| outs.iter().find(|(n, _)| n == name).and_then(|(_, t)| t.as_f32());
        let report = check_case(model, &refs, &case, Dims::of(&dir.config), &out, true);
        eprintln!("{model}/{case}: {report}");
    }
}

#[test]
fn albert_tiny_matches_hf() {
    check_model("albert-tiny");
}

#[test]
fn albert_tiny_grouped_matches_hf() {
    check_model("albert-tiny-grouped");
}

#[test]
fn albert_large_v2_synthetic_matches_hf() {
    check_model("albert-large-v2-synthetic");
}
