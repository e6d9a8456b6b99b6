//! Correctness ladder, rung 5: the JIT executable (Cranelift program + generated
//! kernels, optimised graph, shape buckets with padding) equals the Hugging Face
//! float64 reference on every fixture case, on the native target (AVX-512 kernels
//! when the CPU has them; NEON on aarch64) and on the host architecture's portable
//! target (`x86_64-portable`: SSE2 code in every op).
//!
//! The same file runs on aarch64 under qemu (`.ci/aarch64-tests`): there `native` is
//! `aarch64-neon`, and the large model runs one short case (qemu is slow).

mod common;

use albert_runtime::{Backend, Batch, Session, SessionOptions, Target, TargetName, Wanted};
use common::*;

/// The host architecture's portable target.
fn portable() -> Target {
    Target::host_portable()
}

fn check(model: &str, target: Target, threads: usize) {
    check_cases(model, target, threads, None)
}

fn check_cases(model: &str, target: Target, threads: usize, only: Option<&[&str]>) {
    let opts = SessionOptions { threads, backend: Backend::Jit, target, precision: Default::default() };
    let s = Session::open(&fixture(model), opts).expect("open");
    let heads = s.heads();
    let want = Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop };
    let refs = read_reference(model);
    let cases = case_names(&refs);
    assert!(!cases.is_empty(), "{model}: no reference cases");
    for case in cases {
        if only.is_some_and(|o| !o.contains(&case.as_str())) {
            continue;
        }
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
        let ctx = format!("{model} ({target}, {threads} threads)");
        check_case(&ctx, &refs, &case, Dims::of(s.config()), &out, false);
    }
}

#[test]
fn jit_albert_tiny() {
    check("albert-tiny", Target::native(), 1);
    check("albert-tiny", Target::native(), 2);
    check("albert-tiny", portable(), 1);
}

#[test]
fn jit_albert_tiny_grouped() {
    check("albert-tiny-grouped", Target::native(), 2);
    check("albert-tiny-grouped", portable(), 2);
}

#[test]
fn jit_albert_large_v2_synthetic() {
    check("albert-large-v2-synthetic", Target::native(), 2);
}

#[test]
fn jit_albert_large_v2_synthetic_portable() {
    check("albert-large-v2-synthetic", portable(), 2);
}

/// One short case of the large model: what the aarch64 run under qemu checks.
#[test]
fn jit_albert_large_v2_synthetic_one_case() {
    check_cases("albert-large-v2-synthetic", Target::native(), 2, Some(&["text0"]));
}

#[test]
fn a_target_this_cpu_cannot_run_is_refused() {
    let other =
        if cfg!(target_arch = "aarch64") { TargetName::X86_64Portable } else { TargetName::Aarch64Neon };
    let opts = SessionOptions {
        threads: 1,
        backend: Backend::Jit,
        target: Target::named(other),
        precision: Default::default(),
    };
    let e = Session::open(&fixture("albert-tiny"), opts).err().expect("refused");
    assert!(e.to_string().contains("this machine is"), "{e}");
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
        let s = Session::open(
            &fixture("albert-tiny"),
            SessionOptions {
                threads,
                backend: Backend::Jit,
                target: Target::native(),
                precision: Default::default(),
            },
        )
        .expect("open");
        s.forward(&batch, Wanted::ALL).expect("forward")
    };
    let (a, b) = (run(1), run(2));
    assert_eq!(a.last_hidden_state, b.last_hidden_state, "bit-identical for any thread count");
    assert_eq!(a.mlm_logits, b.mlm_logits);
}
