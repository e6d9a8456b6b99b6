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
    let (h, v) = (s.config().hidden_size, s.config().vocab_size);
    for case in case_names(&refs) {
        let get = |what: &str| refs.get(&format!("{case}.{what}"));
        let ids = get("input_ids").expect("ids");
        let (b, n) = (ids.shape[0], ids.shape[1]);
        let mask = get("attention_mask").expect("mask").as_i64().expect("i64").to_vec();
        let batch = Batch {
            batch: b,
            seq: n,
            input_ids: ids.as_i64().expect("i64").to_vec(),
            token_type_ids: get("token_type_ids").expect("tt").as_i64().expect("i64").to_vec(),
            attention_mask: mask.clone(),
        };
        let out = s.forward(&batch, want).expect("forward");
        let ctx = format!("{model}/{case} ({backend:?}, {threads} threads)");
        let want_f = |what: &str| get(what).and_then(|t| t.as_f32()).expect(what);
        let e = max_abs_rows(&ctx, &out.last_hidden_state, want_f("last_hidden_state"), h, |r| mask[r] != 0);
        assert!(e <= TOL, "{ctx}: last_hidden_state error {e}");
        if let Some(p) = &out.pooler_output {
            let e = max_abs_rows(&ctx, p, want_f("pooler_output"), h, |_| true);
            assert!(e <= TOL, "{ctx}: pooler_output error {e}");
        }
        if let Some(l) = &out.sop_logits {
            let e = max_abs_rows(&ctx, l, want_f("sop_logits"), 2, |_| true);
            assert!(e <= TOL, "{ctx}: sop_logits error {e}");
        }
        let logits = out.mlm_logits.as_ref().expect("mlm logits");
        let first: Vec<f32> = (0..b).flat_map(|bi| logits[bi * n * v..bi * n * v + v].to_vec()).collect();
        let e = max_abs_rows(&ctx, &first, want_f("first_token_logits"), v, |_| true);
        assert!(e <= TOL, "{ctx}: first_token_logits error {e}");
        if let Some(pos) = get("mask_positions") {
            let got: Vec<f32> = pos
                .as_i64()
                .expect("i64")
                .chunks(2)
                .flat_map(|p| {
                    let row = p[0] as usize * n + p[1] as usize;
                    logits[row * v..(row + 1) * v].to_vec()
                })
                .collect();
            let e = max_abs_rows(&ctx, &got, want_f("mask_logits"), v, |_| true);
            assert!(e <= TOL, "{ctx}: mask_logits error {e}");
        }
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
