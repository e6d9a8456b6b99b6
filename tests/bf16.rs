//! `--precision bf16`: the loop body's four GEMMs in bf16 (weights stored once in bf16, inputs
//! rounded to bf16, fp32 accumulation; LayerNorm, softmax, residuals, GELU, embeddings and
//! heads in fp32), against the Hugging Face float64 reference on every fixture case: the
//! per-token cosine of `last_hidden_state` ≥ 0.999, and the relative L2 of the MLM and SOP
//! logits printed beside max |Δ|. Results are bit-identical for 1 and 2 threads.
//!
//! Skips, with a message, on a CPU without AVX512_BF16.

mod common;

use albert_runtime::{Backend, Batch, Precision, Session, SessionOptions, Target, Wanted};
use common::*;

fn has_bf16() -> bool {
    let ok = albert_runtime::CpuFeatures::detect().avx512_bf16
        && Target::native().isa() == albert_runtime::Isa::Avx512;
    if !ok {
        eprintln!("SKIPPED: this CPU lacks AVX512_BF16 (or AVX-512): --precision bf16 cannot run here");
    }
    ok
}

fn open(model: &str, threads: usize) -> Session {
    let opts = SessionOptions {
        threads,
        backend: Backend::Jit,
        target: Target::native(),
        precision: Precision::Bf16,
    };
    Session::open(&fixture(model), opts).expect("open bf16")
}

fn rel_l2(got: &[f32], want: &[f32]) -> f64 {
    let (mut d, mut n) = (0f64, 0f64);
    for (g, w) in got.iter().zip(want) {
        d += (*g as f64 - *w as f64).powi(2);
        n += (*w as f64).powi(2);
    }
    (d / n.max(1e-30)).sqrt()
}

fn check(model: &str) {
    let refs = read_reference(model);
    let s1 = open(model, 1);
    let s2 = open(model, 2);
    let h = s1.heads();
    let want = Wanted { pooler: h.pooler, mlm: h.mlm, sop: h.sop };
    let hidden = s1.config().hidden_size;
    let mut worst_cos = 1f64;
    for case in case_names(&refs) {
        let ids = |what: &str| refs[&format!("{case}.{what}")].as_i64().expect("i64").to_vec();
        let shape = &refs[&format!("{case}.input_ids")].shape;
        let b = Batch {
            batch: shape[0],
            seq: shape[1],
            input_ids: ids("input_ids"),
            token_type_ids: ids("token_type_ids"),
            attention_mask: ids("attention_mask"),
        };
        let o = s1.forward(&b, want).expect("forward");
        let o2 = s2.forward(&b, want).expect("forward, 2 threads");
        assert!(
            o.last_hidden_state.iter().zip(&o2.last_hidden_state).all(|(x, y)| x.to_bits() == y.to_bits()),
            "{model}/{case}: 1 and 2 threads differ"
        );
        let r = refs[&format!("{case}.last_hidden_state")].as_f32().expect("f32").to_vec();
        let mask = ids("attention_mask");
        let mut max_abs = 0f32;
        for (t, m) in mask.iter().enumerate() {
            if *m == 0 {
                continue;
            }
            let (g, w) =
                (&o.last_hidden_state[t * hidden..(t + 1) * hidden], &r[t * hidden..(t + 1) * hidden]);
            let dot: f64 = g.iter().zip(w).map(|(a, b)| *a as f64 * *b as f64).sum();
            let ng: f64 = g.iter().map(|a| (*a as f64).powi(2)).sum::<f64>().sqrt();
            let nw: f64 = w.iter().map(|a| (*a as f64).powi(2)).sum::<f64>().sqrt();
            let cos = dot / (ng * nw).max(1e-30);
            worst_cos = worst_cos.min(cos);
            max_abs = g.iter().zip(w).map(|(a, b)| (a - b).abs()).fold(max_abs, f32::max);
        }
        let sop = match (&o.sop_logits, refs.get(&format!("{case}.sop_logits"))) {
            (Some(g), Some(w)) => format!("{:.2e}", rel_l2(g, w.as_f32().expect("f32"))),
            _ => "-".into(),
        };
        eprintln!("{model} bf16 {case}: max|Δ| last_hidden_state {max_abs:.3e}, worst token cosine {worst_cos:.6}, SOP rel L2 {sop}");
    }
    assert!(worst_cos >= 0.999, "{model}: a token's cosine to HF is {worst_cos} < 0.999");
}

#[test]
fn bf16_albert_tiny() {
    if has_bf16() {
        check("albert-tiny");
    }
}

#[test]
fn bf16_albert_large_v2_synthetic() {
    if has_bf16() {
        check("albert-large-v2-synthetic");
    }
}

#[test]
fn bf16_is_refused_without_the_instruction_or_on_a_portable_target() {
    let opts = SessionOptions {
        threads: 1,
        backend: Backend::Jit,
        target: Target::host_portable(),
        precision: Precision::Bf16,
    };
    let e =
        Session::open(&fixture("albert-tiny"), opts).err().expect("bf16 on a portable target").to_string();
    assert!(e.contains("bf16"), "{e}");
}
