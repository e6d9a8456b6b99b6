//! The one GEMM frame over the Cranelift f32x4 tiles (NEON on aarch64, SSE on
//! `x86_64-portable`) against a scalar reference, with every epilogue and on one and two
//! threads. `.ci/aarch64-tests` runs this file on aarch64 under qemu, where the tiles are
//! NEON: the NEON kernels' property test.

use albert_codegen::f32x4::frame_kernel;
use albert_kernels::{Activation, Epilogue, GemmPlan, PackedB, Target, TargetName, ThreadPool};
use proptest::prelude::*;

/// f32 sums of up to ~300 products in a different order: 1e-5 relative Frobenius error is
/// ~100× the expected rounding noise.
const REL_TOL: f64 = 1e-5;

/// The host architecture's portable target.
fn portable() -> Target {
    Target::host_portable()
}

struct Case {
    a: Vec<f32>,
    w: Vec<f32>,
    bias: Vec<f32>,
    res: Vec<f32>,
}

fn case(m: usize, n: usize, k: usize, seed: u64) -> Case {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut rnd = || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((x >> 33) as f32 / (1u64 << 31) as f32) - 0.5
    };
    Case {
        a: (0..m * k).map(|_| rnd()).collect(),
        w: (0..n * k).map(|_| rnd()).collect(),
        bias: (0..n).map(|_| rnd()).collect(),
        res: (0..m * n).map(|_| rnd()).collect(),
    }
}

fn reference(c: &Case, m: usize, n: usize, k: usize, ep: Epilogue) -> Vec<f32> {
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            let mut s = 0.0f64;
            for p in 0..k {
                s += c.a[i * k + p] as f64 * c.w[j * k + p] as f64;
            }
            let mut y = s as f32;
            if ep.bias {
                y += c.bias[j];
            }
            y = ep.activation.apply(y);
            if ep.residual {
                y += c.res[i * n + j];
            }
            out[i * n + j] = y;
        }
    }
    out
}

fn rel_err(got: &[f32], want: &[f32]) -> f64 {
    let num: f64 = got.iter().zip(want).map(|(a, b)| ((a - b) as f64).powi(2)).sum();
    let den: f64 = want.iter().map(|b| (*b as f64).powi(2)).sum();
    (num / den.max(1e-30)).sqrt()
}

fn check(m: usize, n: usize, k: usize, ep: Epilogue, seed: u64) {
    let c = case(m, n, k, seed);
    let plan = GemmPlan::new(m, n, k, ep);
    let kernel = frame_kernel(&portable(), &plan).expect("generate");
    assert!(kernel.has_external_tiles());
    let packed = PackedB::from_nk(&c.w, n, k).expect("pack");
    let bias = ep.bias.then_some(c.bias.as_slice());
    let res = ep.residual.then_some(c.res.as_slice());
    let mut one = vec![f32::NAN; m * n];
    kernel.run(&c.a, &packed, &mut one, bias, res).expect("run");
    let want = reference(&c, m, n, k, ep);
    let e = rel_err(&one, &want);
    assert!(e <= REL_TOL, "m={m} n={n} k={k} {ep:?}: rel error {e}");
    // Two threads split N-panels: bit-identical.
    let pool = ThreadPool::new(2).expect("pool");
    let mut two = vec![f32::NAN; m * n];
    kernel.run_on(&pool, &c.a, &packed, &mut two, bias, res).expect("run on 2");
    assert!(one.iter().zip(&two).all(|(x, y)| x.to_bits() == y.to_bits()), "1 vs 2 threads differ");
}

#[test]
fn named_edge_cases() {
    let eps =
        [Epilogue::NONE, Epilogue::BIAS, Epilogue::BIAS_RESIDUAL, Epilogue::bias_act(Activation::GeluNew)];
    for (i, (m, n, k)) in [
        (1, 1, 1),
        (4, 8, 1),
        (5, 9, 3),
        (1, 1024, 128),
        (13, 33, 64),
        (7, 17, 5),
        (128, 96, 32),
        (6, 48, 40),
    ]
    .into_iter()
    .enumerate()
    {
        check(m, n, k, eps[i % eps.len()], i as u64);
    }
}

/// `$PROPTEST_CASES` when set (the qemu run asks for fewer), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), .. ProptestConfig::default() })]
    #[test]
    fn matches_reference(m in 1usize..40, n in 1usize..70, k in 1usize..300, e in 0usize..4, seed: u64) {
        let ep = [Epilogue::NONE, Epilogue::BIAS, Epilogue::BIAS_RESIDUAL, Epilogue::bias_act(Activation::Relu)][e];
        check(m, n, k, ep, seed);
    }
}

#[test]
fn listing_shows_vector_code() {
    let isa =
        albert_codegen::jit::isa_for_target(&Target::named(TargetName::Aarch64Neon), true).expect("isa");
    let shape = albert_codegen::f32x4::TileShape { rows: 6, cols: 16, k: 64, lda: 64, ldc: 16 };
    let asm = albert_codegen::f32x4::tile_asm(&*isa, shape).expect("asm");
    assert!(asm.contains("fmla") && asm.contains(".4s"), "{asm}");
    let isa =
        albert_codegen::jit::isa_for_target(&Target::named(TargetName::X86_64Portable), true).expect("isa");
    let asm = albert_codegen::f32x4::tile_asm(&*isa, shape).expect("asm");
    assert!(asm.contains("mulps") && !asm.contains("vfmadd"), "{asm}");
}
