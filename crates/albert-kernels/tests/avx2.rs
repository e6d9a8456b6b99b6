//! The AVX2 + FMA GEMM tiles (`x86_64::avx2`) in the one GEMM frame, against the scalar
//! reference (`generic::gemm_ref`): proptest over shapes, strides and epilogues, named edge
//! cases, and a golden listing of the full tile. Running the code needs AVX2 and FMA: on a
//! CPU without them the numeric tests print a skip message (the listing still runs).
#![cfg(all(feature = "asm", target_arch = "x86_64"))]

mod common;

use albert_kernels::generic::{gemm_ref, rel_frobenius_error, GemmRef};
use albert_kernels::x86_64::avx2::{gemm, tile::Avx2TileShape};
use albert_kernels::{Activation, CpuFeatures, Epilogue, GemmPlan, PackedB, ThreadPool};
use proptest::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Relative Frobenius error allowed: FMA and a different summation order than the f64
/// reference, over K up to a few thousand.
const TOL: f64 = 1e-6;

fn runs_here() -> bool {
    let ok = CpuFeatures::detect().avx2_fma;
    if !ok {
        eprintln!("skipped: this CPU lacks AVX2 or FMA, the generated AVX2 tiles cannot run");
    }
    ok
}

#[derive(Debug, Clone, Copy)]
struct Case {
    m: usize,
    n: usize,
    k: usize,
    pad_a: usize,
    pad_c: usize,
    epilogue: Epilogue,
}

/// Runs `case` on the AVX2 tiles (on `threads` workers) and the reference; C holds a
/// sentinel in its stride padding so a write past the block is caught.
fn check(case: Case, threads: usize) -> Result<(), TestCaseError> {
    let Case { m, n, k, pad_a, pad_c, epilogue } = case;
    let (lda, ldc) = (k + pad_a, n + pad_c);
    let a = common::values((m - 1) * lda + k, 1 + m as u64);
    let w = common::values(n * k, 2 + n as u64);
    let bias = common::values(n, 3);
    let res = common::values((m - 1) * ldc + n, 4);
    let plan =
        GemmPlan::new(m, n, k, epilogue).with_strides(lda, ldc, ldc).with_isa(albert_kernels::Isa::Portable);
    let mut kernel = plan.build_external(gemm::external_tiles(&plan).expect("tiles")).expect("kernel");
    if threads > 1 {
        kernel.set_pool(Arc::new(ThreadPool::new(threads).expect("pool")));
    }
    let packed = PackedB::from_nk(&w, n, k).expect("pack");
    let bias_arg = epilogue.bias.then_some(&bias[..]);
    let res_arg = epilogue.residual.then_some(&res[..]);
    let mut got = vec![f32::MAX; (m - 1) * ldc + n];
    kernel.run(&a, &packed, &mut got, bias_arg, res_arg).expect("run");
    let mut want = vec![f32::MAX; got.len()];
    let g = GemmRef {
        m,
        n,
        k,
        a: &a,
        lda,
        w: &w,
        ldw: k,
        bias: bias_arg,
        activation: epilogue.activation,
        residual: res_arg.map(|r| (r, ldc)),
    };
    gemm_ref(&g, &mut want, ldc);
    for (i, (&x, &y)) in got.iter().zip(&want).enumerate() {
        if y == f32::MAX {
            prop_assert_eq!(x, f32::MAX, "{:?}: stride padding at {} was written", case, i);
        }
    }
    let keep = |v: &[f32]| v.iter().copied().filter(|x| *x != f32::MAX).collect::<Vec<_>>();
    let err = rel_frobenius_error(&keep(&got), &keep(&want));
    prop_assert!(err <= TOL, "{:?} on {} threads: relative error {:e}", case, threads, err);
    Ok(())
}

fn epilogue() -> impl Strategy<Value = Epilogue> {
    (any::<bool>(), prop::sample::select(vec![Activation::Identity, Activation::Relu]), any::<bool>())
        .prop_map(|(bias, activation, residual)| Epilogue { bias, activation, residual })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn avx2_tiles_match_the_reference(
        m in 1usize..20,
        n in 1usize..70,
        k in 1usize..40,
        pad_a in 0usize..5,
        pad_c in 0usize..5,
        ep in epilogue(),
        threads in 1usize..3,
    ) {
        if runs_here() {
            check(Case { m, n, k, pad_a, pad_c, epilogue: ep }, threads)?;
        }
    }
}

#[test]
fn albert_large_shapes_and_tails() -> Result<(), TestCaseError> {
    if !runs_here() {
        return Ok(());
    }
    let ep = |bias, residual| Epilogue { bias, activation: Activation::Identity, residual };
    // Full tiles over K = 1024 / 4096 (the loop body), the padded strides the planner gives,
    // M = 8 (one M tail), N = 2 (the SOP head: one partial vector), K not a multiple of the
    // unroll.
    for case in [
        Case { m: 12, n: 64, k: 1024, pad_a: 16, pad_c: 0, epilogue: ep(true, false) },
        Case { m: 8, n: 32, k: 4096, pad_a: 16, pad_c: 0, epilogue: ep(true, true) },
        Case { m: 7, n: 2, k: 1024, pad_a: 0, pad_c: 0, epilogue: ep(true, false) },
        Case { m: 6, n: 16, k: 7, pad_a: 1, pad_c: 3, epilogue: ep(false, false) },
        Case { m: 13, n: 45, k: 130, pad_a: 0, pad_c: 1, epilogue: ep(false, true) },
    ] {
        check(case, 1)?;
        check(case, 2)?;
    }
    Ok(())
}

#[test]
fn avx2_tile_listing_matches_the_golden_file() {
    let shape = Avx2TileShape { rows: 6, cols: 16, k: 6, lda: 1040, ldc: 1024 };
    let tail = Avx2TileShape { rows: 2, cols: 13, k: 3, lda: 3, ldc: 13 };
    let got = format!("{}\n{}", gemm::dump(&shape).expect("dump"), gemm::dump(&tail).expect("dump tail"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/listings/avx2_matmul_f32_6x16.asm");
    if std::env::var("ALBERT_TEST_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &got).expect("write golden listing");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(want == got, "{} differs (rerun with ALBERT_TEST_BLESS=1 to accept):\n{got}", path.display());
    // The full tile is all FMAs on ymm registers, with no AVX-512 instruction.
    assert!(got.contains("vfmadd231ps ymm0,ymm14,ymm12"), "{got}");
    assert!(!got.contains("zmm") && !got.contains("{k"), "{got}");
}

#[test]
fn bad_shapes_are_refused() {
    for shape in [
        Avx2TileShape { rows: 7, cols: 16, k: 4, lda: 4, ldc: 16 },
        Avx2TileShape { rows: 1, cols: 17, k: 4, lda: 4, ldc: 17 },
        Avx2TileShape { rows: 1, cols: 8, k: 0, lda: 4, ldc: 8 },
        Avx2TileShape { rows: 1, cols: 8, k: 5, lda: 4, ldc: 8 },
    ] {
        assert!(gemm::assemble(&shape).is_err(), "{shape:?} was accepted");
    }
}
