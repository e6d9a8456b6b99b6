//! GEMM kernel family against the scalar reference (`generic::gemm_ref`): one test macro
//! instantiated per kernel family (generated AVX-512 tiles, portable fallback), each with a
//! proptest over shapes / strides / epilogues / K blocks and named edge cases (tract's
//! `linalg` test layout). AVX-512 cases print a skip message on CPUs without AVX-512F.

use albert_kernels::generic::{gemm_ref, rel_frobenius_error, GemmRef};
use albert_kernels::{
    albert_kernels_gemm, Activation, CpuFeatures, Epilogue, GemmPlan, Isa, PackedB, ThreadPool,
};
use proptest::prelude::*;

/// Relative Frobenius-norm tolerance for f32 GEMMs against the f64 reference. Each output is
/// a sum of K f32 products rounded at every step (u = 2^-24 ≈ 6e-8): the worst case is
/// ~K·u, and random-sign data behaves like √K·u ≈ 1e-6 for the K ≤ 1024 used here. The
/// in-register gelu_new (degree-6 exp polynomial, rcp14 + Newton) adds ~1e-7. 2e-5 leaves
/// an order of magnitude above the typical error and is far below any real bug (a wrong
/// element or tail lane gives errors ≥ 1e-2).
const GEMM_REL_TOL: f64 = 2e-5;

mod common;
use common::values;

#[derive(Debug, Clone, Copy)]
struct Case {
    m: usize,
    n: usize,
    k: usize,
    pad_a: usize,
    pad_c: usize,
    pad_r: usize,
    epilogue: Epilogue,
    k_block: Option<usize>,
    seed: u64,
}

impl Case {
    fn plain(m: usize, n: usize, k: usize, epilogue: Epilogue) -> Self {
        Self { m, n, k, pad_a: 0, pad_c: 0, pad_r: 0, epilogue, k_block: None, seed: 7 }
    }
}

/// Runs `case` on `isa` (optionally on a pool) and returns (got, want).
fn run_case(case: &Case, isa: Isa, pool: Option<&ThreadPool>) -> (Vec<f32>, Vec<f32>) {
    let (m, n, k) = (case.m, case.n, case.k);
    let (lda, ldc, ldr) = (k + case.pad_a, n + case.pad_c, n + case.pad_r);
    let a = values((m - 1) * lda + k, case.seed);
    let w = values(n * k, case.seed + 1);
    let bias = values(n, case.seed + 2);
    let res = values((m - 1) * ldr + n, case.seed + 3);
    // Scale so activations see both signs and the nonlinear range.
    let a: Vec<f32> = a.iter().map(|x| x * 2.0).collect();

    let mut plan = GemmPlan::new(m, n, k, case.epilogue).with_strides(lda, ldc, ldr).with_isa(isa);
    plan.k_block = case.k_block;
    let kernel = plan.build().expect("build");
    let packed = PackedB::from_nk(&w, n, k).expect("pack");
    // Sentinel in C so writes past the tile (into the stride padding) are caught.
    let mut got = vec![f32::MAX; (m - 1) * ldc + n];
    let bias_arg = case.epilogue.bias.then_some(&bias[..]);
    let res_arg = case.epilogue.residual.then_some(&res[..]);
    match pool {
        Some(p) => kernel.run_on(p, &a, &packed, &mut got, bias_arg, res_arg),
        None => kernel.run(&a, &packed, &mut got, bias_arg, res_arg),
    }
    .expect("run");

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
        activation: case.epilogue.activation,
        residual: res_arg.map(|r| (r, ldr)),
    };
    gemm_ref(&g, &mut want, ldc);
    (got, want)
}

/// The reference without the activation: the scale an activation's error is
/// measured against (see [`check`]).
fn pre_activation(case: &Case) -> Vec<f32> {
    let linear = Case { epilogue: Epilogue { activation: Activation::Identity, ..case.epilogue }, ..*case };
    run_case(&linear, Isa::Portable, None).1
}

fn check(case: &Case, isa: Isa) {
    let (got, want) = run_case(case, isa, None);
    for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
        if w == f32::MAX {
            assert_eq!(g, f32::MAX, "{case:?}: stride padding at {i} was written");
        }
    }
    let mut err = rel_frobenius_error(&got, &want);
    // Error is measured against the largest of the terms' scales: an activation can squash
    // large inputs to tiny outputs (gelu of a very negative value), where any f32 formula
    // is accurate only to ~u·|x|, and a residual can cancel the product (relu(x) + r with
    // r ≈ −relu(x)); with few outputs either leaves a tiny result whose relative error says
    // nothing about the kernel. So the pre-activation and the pre-residual results count
    // too, as the ops tests do (`ACT_REL_TOL` there).
    let norm =
        |v: &[f32]| v.iter().filter(|x| **x != f32::MAX).map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    let w = norm(&want);
    let mut scale = w;
    if case.epilogue.activation != Activation::Identity {
        scale = scale.max(norm(&pre_activation(case)));
    }
    if case.epilogue.residual {
        let no_res = Case { epilogue: Epilogue { residual: false, ..case.epilogue }, ..*case };
        scale = scale.max(norm(&run_case(&no_res, Isa::Portable, None).1));
    }
    if scale > w {
        err *= w / scale;
    }
    assert!(err <= GEMM_REL_TOL, "{case:?} on {isa:?}: rel error {err:e}");
}

fn available(isa: Isa) -> bool {
    if isa == Isa::Avx512 && !CpuFeatures::detect().avx512f {
        eprintln!("skipped: this CPU lacks AVX-512F, the generated kernels cannot run");
        return false;
    }
    true
}

fn epilogue_strategy() -> impl Strategy<Value = Epilogue> {
    (
        any::<bool>(),
        prop_oneof![
            Just(Activation::Identity),
            Just(Activation::Relu),
            Just(Activation::Gelu),
            Just(Activation::GeluNew),
        ],
        any::<bool>(),
    )
        .prop_map(|(bias, activation, residual)| Epilogue { bias, activation, residual })
}

fn case_strategy() -> impl Strategy<Value = Case> {
    let m = prop_oneof![Just(1usize), Just(7), Just(13), Just(14), Just(15), Just(28), Just(100), 1..64usize];
    let n = prop_oneof![
        Just(1usize),
        Just(15),
        Just(16),
        Just(17),
        Just(31),
        Just(32),
        Just(33),
        Just(64),
        Just(100),
        1..130usize
    ];
    let k = prop_oneof![Just(1usize), Just(2), Just(3), Just(17), 1..300usize];
    let k_block = prop_oneof![Just(None), (1..80usize).prop_map(Some)];
    (m, n, k, 0..5usize, 0..5usize, 0..5usize, epilogue_strategy(), k_block, any::<u64>()).prop_map(
        |(m, n, k, pad_a, pad_c, pad_r, epilogue, k_block, seed)| Case {
            m,
            n,
            k,
            pad_a,
            pad_c,
            pad_r,
            epilogue,
            k_block,
            seed,
        },
    )
}

/// Small M (the sequence-length-8 regime): M in 1..=16 with tails in N and K, the small-M
/// path's defaults (equal M blocks, B prefetch) and sometimes K blocks.
fn small_m_case_strategy() -> impl Strategy<Value = Case> {
    let n = prop_oneof![Just(1usize), Just(31), Just(33), Just(96), 1..200usize];
    let k = prop_oneof![Just(1usize), Just(5), Just(64), Just(1024), 1..400usize];
    let k_block = prop_oneof![3 => Just(None), 1 => (1..80usize).prop_map(Some)];
    (1..=16usize, n, k, 0..5usize, 0..5usize, epilogue_strategy(), k_block, any::<u64>()).prop_map(
        |(m, n, k, pad_a, pad_c, epilogue, k_block, seed)| Case {
            m,
            n,
            k,
            pad_a,
            pad_c,
            pad_r: pad_c,
            epilogue,
            k_block,
            seed,
        },
    )
}

/// One test family per kernel family: proptest + named edge cases.
macro_rules! gemm_family {
    ($family:ident, $isa:expr) => {
        mod $family {
            use super::*;

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(96))]
                #[test]
                fn matches_reference(case in case_strategy()) {
                    if available($isa) {
                        check(&case, $isa);
                    }
                }
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(64))]
                #[test]
                fn small_m_matches_reference(case in small_m_case_strategy()) {
                    if available($isa) {
                        check(&case, $isa);
                    }
                }
            }

            #[test]
            fn one_by_one_by_one() {
                if available($isa) {
                    check(&Case::plain(1, 1, 1, Epilogue::NONE), $isa);
                }
            }

            #[test]
            fn exact_tile() {
                if available($isa) {
                    check(&Case::plain(14, 32, 64, Epilogue::BIAS_RESIDUAL), $isa);
                }
            }

            #[test]
            fn tails_in_m_and_n_with_k_one() {
                if available($isa) {
                    check(&Case::plain(15, 33, 1, Epilogue::BIAS), $isa);
                }
            }

            #[test]
            fn k_blocks_and_gelu_new_on_albert_hidden() {
                if available($isa) {
                    let mut c = Case::plain(20, 96, 1024, Epilogue::bias_act(Activation::GeluNew));
                    c.k_block = Some(256);
                    check(&c, $isa);
                }
            }

            #[test]
            fn exact_gelu_in_frame_with_residual_and_odd_strides() {
                if available($isa) {
                    let mut c = Case::plain(
                        29,
                        47,
                        33,
                        Epilogue { bias: true, activation: Activation::Gelu, residual: true },
                    );
                    (c.pad_a, c.pad_c, c.pad_r) = (3, 5, 1);
                    check(&c, $isa);
                }
            }

            #[test]
            fn relu_clamps_negatives() {
                if available($isa) {
                    check(&Case::plain(7, 17, 5, Epilogue::bias_act(Activation::Relu)), $isa);
                }
            }
        }
    };
}

gemm_family!(avx512, Isa::Avx512);
gemm_family!(portable, Isa::Portable);

/// A case proptest found: one output, `relu(a·w + b) + r` with the residual cancelling most
/// of the product, which the error measure must not read as a kernel error.
#[test]
fn cancelling_residual_is_measured_against_its_terms() {
    let epilogue = Epilogue { bias: true, activation: Activation::Relu, residual: true };
    let case = Case {
        m: 1,
        n: 1,
        k: 17,
        pad_a: 0,
        pad_c: 1,
        pad_r: 4,
        epilogue,
        k_block: Some(41),
        seed: 14230901284087679,
    };
    for isa in [Isa::Portable, Isa::Avx512] {
        if available(isa) {
            check(&case, isa);
        }
    }
}

#[test]
fn bit_identical_for_one_and_two_threads() {
    if !available(Isa::Avx512) {
        return;
    }
    let pool = ThreadPool::new(2).expect("pool");
    for epilogue in [
        Epilogue::NONE,
        Epilogue::bias_act(Activation::GeluNew),
        Epilogue { bias: true, activation: Activation::Gelu, residual: true },
    ] {
        for &(m, n, k) in &[(37, 200, 300), (128, 1024, 256), (8, 96, 1024)] {
            let mut case = Case::plain(m, n, k, epilogue);
            case.k_block = Some(128);
            let (one, _) = run_case(&case, Isa::Avx512, None);
            let (two, _) = run_case(&case, Isa::Avx512, Some(&pool));
            let same = one.iter().zip(&two).all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{case:?}: 1 vs 2 threads differ");
        }
    }
}

#[test]
fn k_block_does_not_change_bits() {
    if !available(Isa::Avx512) {
        return;
    }
    let mut case = Case::plain(30, 70, 500, Epilogue::BIAS);
    let (whole, _) = run_case(&case, Isa::Avx512, None);
    case.k_block = Some(64);
    let (blocked, _) = run_case(&case, Isa::Avx512, None);
    assert!(whole.iter().zip(&blocked).all(|(x, y)| x.to_bits() == y.to_bits()));
}

#[test]
fn wrong_lengths_and_operands_are_errors() {
    let plan = GemmPlan::new(4, 8, 16, Epilogue::BIAS);
    let kernel = plan.build().expect("build");
    let w = values(8 * 16, 1);
    let packed = PackedB::from_nk(&w, 8, 16).expect("pack");
    let a = values(4 * 16, 2);
    let bias = values(8, 3);
    let mut c = vec![0.0; 4 * 8];
    assert!(kernel.run(&a[1..], &packed, &mut c, Some(&bias), None).is_err());
    assert!(kernel.run(&a, &packed, &mut c[1..], Some(&bias), None).is_err());
    assert!(kernel.run(&a, &packed, &mut c, None, None).is_err());
    assert!(kernel.run(&a, &packed, &mut c, Some(&bias[1..]), None).is_err());
    let stray = c.clone();
    assert!(kernel.run(&a, &packed, &mut c, Some(&bias), Some(&stray)).is_err());
    let other = PackedB::from_nk(&w, 16, 8).expect("pack");
    assert!(kernel.run(&a, &other, &mut c, Some(&bias), None).is_err());
    assert!(kernel.run(&a, &packed, &mut c, Some(&bias), None).is_ok());
    assert!(GemmPlan::new(0, 8, 16, Epilogue::NONE).build().is_err());
}

#[test]
fn ffi_entry_point_with_in_place_residual() {
    ffi_in_place_residual(None);
    // The portable tile writes C before the frame adds the residual: the frame must copy it.
    ffi_in_place_residual(Some(Isa::Portable));
}

fn ffi_in_place_residual(isa: Option<Isa>) {
    let (m, n, k) = (17, 40, 23);
    let mut plan = GemmPlan::new(m, n, k, Epilogue::BIAS_RESIDUAL);
    plan.isa = isa;
    let kernel = plan.build().expect("build");
    let w = values(n * k, 1);
    let packed = PackedB::from_nk(&w, n, k).expect("pack");
    let a = values(m * k, 2);
    let bias = values(n, 3);
    let hidden = values(m * n, 4);
    let mut want = vec![0.0; m * n];
    gemm_ref(
        &GemmRef {
            m,
            n,
            k,
            a: &a,
            lda: k,
            w: &w,
            ldw: k,
            bias: Some(&bias),
            activation: Activation::Identity,
            residual: Some((&hidden, n)),
        },
        &mut want,
        n,
    );
    let mut c = hidden.clone();
    let c_ptr = c.as_mut_ptr();
    #[expect(unsafe_code, reason = "exercising the C entry point")]
    // SAFETY: all buffers cover the plan; C aliases only the residual, which is allowed.
    let status = unsafe {
        albert_kernels_gemm(&kernel, a.as_ptr(), &packed, c_ptr, bias.as_ptr(), c_ptr.cast_const())
    };
    assert_eq!(status, 0);
    let err = rel_frobenius_error(&c, &want);
    assert!(err <= GEMM_REL_TOL, "{isa:?}: rel error {err:e}");
}

#[test]
fn a_is_repacked_only_for_l1_aliasing_strides() {
    use albert_kernels::frame::gemm::preferred_lda;
    if !available(Isa::Avx512) {
        return;
    }
    let build =
        |lda| GemmPlan::new(32, 64, 1024, Epilogue::NONE).with_strides(lda, 64, 64).build().expect("build");
    assert!(build(1024).repacks_a(), "4 KiB row stride must be repacked");
    assert!(!build(preferred_lda(1024)).repacks_a());
    assert!(!build(preferred_lda(4096)).repacks_a());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// The small-M path splits panels over threads like the large one: bit-identical results.
    #[test]
    fn small_m_bit_identical_for_one_and_two_threads(case in small_m_case_strategy()) {
        if available(Isa::Avx512) {
            let pool = ThreadPool::new(2).expect("pool");
            let (one, _) = run_case(&case, Isa::Avx512, None);
            let (two, _) = run_case(&case, Isa::Avx512, Some(&pool));
            prop_assert!(one.iter().zip(&two).all(|(x, y)| x.to_bits() == y.to_bits()), "{:?}", case);
        }
    }
}

#[test]
fn small_m_uses_equal_blocks_and_prefetches_b() {
    if !available(Isa::Avx512) {
        return;
    }
    let rows = |m: usize| {
        let kernel = GemmPlan::new(m, 64, 256, Epilogue::NONE).build().expect("build");
        let mut rows: Vec<usize> = kernel.tiles().iter().map(|t| t.spec.mr).collect();
        rows.sort_unstable();
        rows.dedup();
        (rows, kernel.dump_asm().expect("dump").contains("prefetcht1"))
    };
    assert_eq!(rows(8), (vec![8], true));
    assert_eq!(rows(16), (vec![8], true));
    assert_eq!(rows(15), (vec![7, 8], true));
    // Above the small-M limit: 14-row tiles and the tail, no prefetch.
    assert_eq!(rows(17), (vec![3, 14], false));
}

/// A proptest case that once failed on a tiny output norm (two outputs, gelu_new
/// of large negative pre-activations): the activation error is judged against
/// the pre-activation scale.
#[test]
fn gelu_new_on_squashed_outputs() {
    let case = Case {
        m: 2,
        n: 1,
        k: 1024,
        pad_a: 2,
        pad_c: 0,
        pad_r: 0,
        epilogue: Epilogue { bias: false, activation: Activation::GeluNew, residual: false },
        k_block: None,
        seed: 1032401866455820618,
    };
    check(&case, Isa::Portable);
    if available(Isa::Avx512) {
        check(&case, Isa::Avx512);
    }
}
