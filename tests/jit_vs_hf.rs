//! Correctness ladder, rung 5: the JIT executable (Cranelift program + generated
//! kernels, optimised graph, shape buckets with padding) equals the Hugging Face
//! float64 reference on every fixture case, with the AVX-512 kernels (when the
//! CPU has them) and with the portable fallback forced.

mod common;

use albert_runtime::{Backend, Batch, Session, SessionOptions, Wanted};
use common::*;

fn check(model: &str, backend: Backend, threads: usize) {
    let s = Session::open(&fixture(model), SessionOptions { threads, backend }).expect("open");
    let heads = s.heads();
    let want = Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop };
    let refs = read_reference(model);
    for case in case_names(&refs) {
        let ids = |what: &str| refs[&format!("{case}.{what}")].as_i64().expect("i64").to_vec();
        let shape = &refs[&format!("{case}.input_ids")].shape;
        let batch = Batch {
            batch: shape[0],
            seq: shape[1],
            input_ids: ids("input_ids"),
            token_type_ids: ids("token_type_ids"),
            attention_mask: ids("attention_mask"),
        };
        let o = s.forward(&batch, want).expect("forward");
        let out = |name: &str| match name {
            "last_hidden_state" => Some(o.last_hidden_state.as_slice()),
            "pooler_output" => o.pooler_output.as_deref(),
            "mlm_logits" => o.mlm_logits.as_deref(),
            "sop_logits" => o.sop_logits.as_deref(),
            _ => None,
        };
        let ctx = format!("{model} ({backend:?}, {threads} threads)");
        check_case(&ctx, &refs, &case, Dims::of(s.config()), &out, false);
    }
}

#[test]
fn jit_albert_tiny() {
    check("albert-tiny", Backend::Jit, 1);
    check("albert-tiny", Backend::Jit, 2);
    check("albert-tiny", Backend::JitPortable, 1);
}

#[test]
fn jit_albert_tiny_grouped() {
    check("albert-tiny-grouped", Backend::Jit, 2);
    check("albert-tiny-grouped", Backend::JitPortable, 2);
}

#[test]
fn jit_albert_large_v2_synthetic() {
    check("albert-large-v2-synthetic", Backend::Jit, 2);
}

#[test]
fn jit_albert_large_v2_synthetic_portable() {
    check("albert-large-v2-synthetic", Backend::JitPortable, 2);
}

#[test]
fn jit_results_do_not_depend_on_threads() {
    let refs = read_reference("albert-tiny");
    let ids = refs["batch.input_ids"].as_i64().expect("i64").to_vec();
    let batch = Batch {
        batch: 3,
        seq: 15,
        input_ids: ids,
        token_type_ids: refs["batch.token_type_ids"].as_i64().expect("i64").to_vec(),
        attention_mask: refs["batch.attention_mask"].as_i64().expect("i64").to_vec(),
    };
    let run = |threads| {
        let s = Session::open(&fixture("albert-tiny"), SessionOptions { threads, backend: Backend::Jit })
            .expect("open");
        s.forward(&batch, Wanted::ALL).expect("forward")
    };
    let (a, b) = (run(1), run(2));
    assert_eq!(a.last_hidden_state, b.last_hidden_state, "bit-identical for any thread count");
    assert_eq!(a.mlm_logits, b.mlm_logits);
}
