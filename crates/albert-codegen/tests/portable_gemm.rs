//! The Cranelift f32x4 GEMM (NEON on aarch64, the x86-64 fallback) against a
//! scalar reference, on the host ISA and on the baseline (SSE2-only) ISA.

use albert_codegen::gemm::{PackedB, PortableGemm};
use albert_codegen::jit::{baseline_isa, host_isa};
use proptest::prelude::*;

/// f32 sums of up to ~300 products in a different order: 1e-5 relative
/// Frobenius error is ~100× the expected rounding noise.
const REL_TOL: f64 = 1e-5;

fn reference(a: &[f32], w: &[f32], bias: &[f32], m: usize, n: usize, k: usize) -> Vec<f32> {
    let mut c = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            let mut s = 0.0f64;
            for p in 0..k {
                s += a[i * k + p] as f64 * w[j * k + p] as f64;
            }
            c[i * n + j] = (s + bias[j] as f64) as f32;
        }
    }
    c
}

fn rel_err(got: &[f32], want: &[f32]) -> f64 {
    let num: f64 = got.iter().zip(want).map(|(a, b)| ((a - b) as f64).powi(2)).sum();
    let den: f64 = want.iter().map(|b| (*b as f64).powi(2)).sum();
    (num / den.max(1e-30)).sqrt()
}

fn check(m: usize, n: usize, k: usize, baseline: bool, seed: u64) {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut rnd = || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((x >> 33) as f32 / (1u64 << 31) as f32) - 0.5
    };
    let a: Vec<f32> = (0..m * k).map(|_| rnd()).collect();
    let w: Vec<f32> = (0..n * k).map(|_| rnd()).collect();
    let bias: Vec<f32> = (0..n).map(|_| rnd()).collect();
    let isa = if baseline { baseline_isa() } else { host_isa() }.expect("isa");
    let g = PortableGemm::new(isa, n, k).expect("generate");
    let packed = PackedB::pack(&w, n, k, g.tile().nr).expect("pack");
    let mut c = vec![f32::NAN; m * n];
    g.run(&a, &packed, Some(&bias), None, &mut c).expect("run");
    let want = reference(&a, &w, &bias, m, n, k);
    let e = rel_err(&c, &want);
    assert!(e <= REL_TOL, "m={m} n={n} k={k} baseline={baseline}: rel error {e}");
}

#[test]
fn named_edge_cases() {
    for (m, n, k) in [(1, 1, 1), (4, 8, 1), (5, 9, 3), (1, 1024, 128), (13, 33, 64), (128, 96, 32)] {
        check(m, n, k, false, 1);
        check(m, n, k, true, 2);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn matches_reference(m in 1usize..40, n in 1usize..70, k in 1usize..300, baseline: bool, seed: u64) {
        check(m, n, k, baseline, seed);
    }
}
