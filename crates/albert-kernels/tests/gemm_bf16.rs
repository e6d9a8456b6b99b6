//! The bf16 GEMM (`vdpbf16ps` tiles + frame) against its scalar reference
//! (`generic::bf16::gemm_bf16_ref`), **bit for bit**: proptest over shapes, tails, odd K,
//! K blocks, strides, epilogues, input magnitudes (zeros, denormals, products that underflow
//! or overflow) and thread counts; the reference's emulation of one `vdpbf16ps` lane against
//! the instruction itself; and the bf16 GEMM against the fp32 one on the ALBERT-large shapes
//! within bf16's tolerance. Every test that needs AVX512_BF16 prints a skip message and
//! returns on CPUs without it.
#![cfg(feature = "asm")]
#![expect(
    unsafe_code,
    reason = "running vdpbf16ps itself through std::arch to check the reference lane by lane"
)]

use albert_kernels::generic::bf16::{
    f32_to_bf16, gemm_bf16_abs_dot, gemm_bf16_ref_for, tdpbf16ps_bound, Bf16Instr, GemmBf16Ref,
};
use albert_kernels::generic::rel_frobenius_error;
use albert_kernels::{
    Activation, Bf16GemmPlan, CpuFeatures, Epilogue, GemmPlan, KernelError, PackedB, PackedBf16, ThreadPool,
};
use proptest::prelude::*;

mod common;
use common::values;

/// Relative Frobenius-norm tolerance of the bf16 GEMM against the fp32 one. Rounding each
/// input to bf16 (8 significant bits) perturbs every product by up to 2·2^-9 ≈ 4e-3
/// relative; with random signs the errors of a K-term sum partly cancel, and the measured
/// error on the ALBERT shapes is ~2–3e-3. 1e-2 is the usual bf16 bound (what PyTorch's
/// autocast tests allow) and far below the O(1) error of a wrong tile or lane.
const BF16_REL_TOL: f64 = 1e-2;

/// Whether the AMX path can run here (prints why not).
fn has_amx() -> bool {
    if !has_bf16() {
        return false;
    }
    if !CpuFeatures::detect().amx_bf16 {
        eprintln!("skipped: this CPU lacks AMX-BF16, the AMX bf16 GEMM cannot run");
        return false;
    }
    if let Err(e) = albert_kernels::x86_64::amx::request_xtiledata() {
        eprintln!("skipped: {e}");
        return false;
    }
    true
}

fn has_bf16() -> bool {
    let cpu = CpuFeatures::detect();
    if !(cpu.avx512f && cpu.avx512_bf16) {
        eprintln!("skipped: this CPU lacks AVX512_BF16, the bf16 GEMM kernels cannot run");
        return false;
    }
    true
}

/// How the test data is scaled: the classes of inputs `vdpbf16ps` treats specially.
#[derive(Debug, Clone, Copy)]
enum Magnitude {
    /// Values in [-1, 1].
    Unit,
    /// About a quarter exact zeros (of both signs).
    Zeros,
    /// Scaled by 2^-64: products near and below 2^-126 (denormal products, flushed sums).
    Tiny,
    /// Every element scaled by its own 2^e, e in [-140, 64]: denormal inputs, underflowing
    /// and overflowing products and sums.
    Wild,
}

fn shape(v: Vec<f32>, mag: Magnitude, seed: u64) -> Vec<f32> {
    let mut s = seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    v.into_iter()
        .map(|x| match mag {
            Magnitude::Unit => x,
            Magnitude::Zeros => match next() % 8 {
                0 => 0.0,
                1 => -0.0,
                _ => x,
            },
            Magnitude::Tiny => x * 2f32.powi(-64),
            Magnitude::Wild => {
                let e = (next() % 205) as i32 - 140;
                // powi of 2 is exact; go through f64 so 2^-140 is not flushed early.
                (f64::from(x) * 2f64.powi(e)) as f32
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Case {
    m: usize,
    n: usize,
    k: usize,
    pad_a: usize,
    pad_c: usize,
    epilogue: Epilogue,
    k_block: Option<usize>,
    small_m: Option<bool>,
    embedded: bool,
    mag_a: Magnitude,
    mag_w: Magnitude,
    seed: u64,
    amx: bool,
}

impl Case {
    fn plain(m: usize, n: usize, k: usize, epilogue: Epilogue) -> Self {
        Self {
            m,
            n,
            k,
            pad_a: 0,
            pad_c: 0,
            epilogue,
            k_block: None,
            small_m: None,
            embedded: false,
            mag_a: Magnitude::Unit,
            mag_w: Magnitude::Unit,
            seed: 11,
            amx: false,
        }
    }
}

/// Runs `case` on 1 thread and on a 2-thread pool, checks both against the reference (bit for
/// bit for `vdpbf16ps`, within `tdpbf16ps_bound` for AMX), the two runs bit for
/// bit, and checks that C's stride padding is untouched.
fn check(case: &Case, two: &ThreadPool) {
    let (m, n, k) = (case.m, case.n, case.k);
    let (lda, ldc) = (k + case.pad_a, n + case.pad_c);
    let ldr = ldc;
    let a = shape(values((m - 1) * lda + k, case.seed), case.mag_a, case.seed + 10);
    let a: Vec<f32> = a.iter().map(|x| x * 2.0).collect();
    let w = shape(values(n * k, case.seed + 1), case.mag_w, case.seed + 11);
    let bias = values(n, case.seed + 2);
    let res = values((m - 1) * ldr + n, case.seed + 3);

    let mut plan = Bf16GemmPlan::new(m, n, k, case.epilogue).with_strides(lda, ldc, ldr);
    plan.k_block = case.k_block;
    if let Some(small) = case.small_m {
        plan.small_m = small;
    }
    plan.amx = case.amx;
    if case.embedded {
        plan.broadcast = albert_kernels::x86_64::avx512::gemm::Broadcast::Embedded;
    }
    let kernel = plan.build().expect("build");
    let packed = PackedBf16::from_nk(&w, n, k).expect("pack");
    let bias_arg = case.epilogue.bias.then_some(&bias[..]);
    let res_arg = case.epilogue.residual.then_some(&res[..]);

    let mut want = vec![f32::MAX; (m - 1) * ldc + n];
    let g = GemmBf16Ref {
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
    let instr = if case.amx { Bf16Instr::Tdpbf16ps } else { Bf16Instr::Vdpbf16ps };
    gemm_bf16_ref_for(instr, &g, &mut want, ldc);

    let mut one = vec![f32::MAX; want.len()];
    kernel.run(&a, &packed, &mut one, bias_arg, res_arg).expect("run");
    let mut pair = vec![f32::MAX; want.len()];
    kernel.run_on(two, &a, &packed, &mut pair, bias_arg, res_arg).expect("run_on");
    if case.amx {
        // Runs of one M block, runs over 32-pair K blocks, and no runs at all (every M block
        // through the one-tile calls) give the same bits: the same chunks in the same order.
        for (chunk, k_block) in [(1, case.k_block), (1, Some(64)), (0, case.k_block)] {
            let mut alt = plan;
            alt.amx_run_chunk = chunk;
            alt.k_block = k_block;
            let mut got = vec![f32::MAX; want.len()];
            alt.build().expect("build").run(&a, &packed, &mut got, bias_arg, res_arg).expect("run");
            for (i, (&x, &y)) in got.iter().zip(&one).enumerate() {
                assert_eq!(
                    x.to_bits(),
                    y.to_bits(),
                    "{case:?}: amx_run_chunk {chunk}, k_block {k_block:?} differs at C[{}, {}]",
                    i / ldc,
                    i % ldc
                );
            }
        }
    }

    let mut sum_abs = vec![0f64; want.len()];
    if case.amx {
        gemm_bf16_abs_dot(&g, &mut sum_abs, ldc);
    }
    let chunks = k.div_ceil(2).div_ceil(16);
    for (i, ((&g1, &g2), &w)) in one.iter().zip(&pair).zip(&want).enumerate() {
        let (row, col) = (i / ldc, i % ldc);
        assert_eq!(g1.to_bits(), g2.to_bits(), "{case:?}: 1 vs 2 threads differ at C[{row}, {col}]");
        if case.amx && col < n {
            // The exact sum within the bound; ×1.25 for the activation's slope (GELU's
            // is at most 1.13), plus the epilogue's own f32 roundings and its fast GELU
            // (within 2^-16 of the bit-exact one, see `bf16_exec::epilogue_row_fast`).
            let b = bias_arg.map_or(0.0, |b| b[col].abs());
            let act_scale = if case.epilogue.activation == Activation::Identity {
                0.0
            } else {
                f64::from(w.abs()) + f64::from(b) + sum_abs[i]
            };
            let tol = 1.25 * tdpbf16ps_bound(chunks, sum_abs[i])
                + 2f64.powi(-16) * act_scale
                + 2f64.powi(-22) * (f64::from(w.abs()) + f64::from(b));
            let err = (f64::from(g1) - f64::from(w)).abs();
            assert!(
                err <= tol,
                "{case:?}: C[{row}, {col}] = {g1:e}, exact-sum reference {w:e}: error {err:e} > {tol:e}"
            );
            continue;
        }
        assert_eq!(
            g1.to_bits(),
            w.to_bits(),
            "{case:?}: C[{row}, {col}] = {g1:e} ({:08x}), reference {w:e} ({:08x})",
            g1.to_bits(),
            w.to_bits()
        );
    }
}

fn magnitude() -> impl Strategy<Value = Magnitude> {
    prop_oneof![
        3 => Just(Magnitude::Unit),
        1 => Just(Magnitude::Zeros),
        1 => Just(Magnitude::Tiny),
        1 => Just(Magnitude::Wild),
    ]
}

fn epilogue() -> impl Strategy<Value = Epilogue> {
    (
        any::<bool>(),
        prop_oneof![
            3 => Just(Activation::Identity),
            1 => Just(Activation::Relu),
            1 => Just(Activation::GeluNew),
            1 => Just(Activation::Gelu),
        ],
        any::<bool>(),
    )
        .prop_map(|(bias, activation, residual)| Epilogue { bias, activation, residual })
}

fn case_strategy() -> impl Strategy<Value = Case> {
    let m = prop_oneof![
        Just(1usize),
        Just(13),
        Just(14),
        Just(15),
        Just(28),
        Just(29),
        Just(70),
        Just(97),
        1..=40usize
    ];
    let n =
        prop_oneof![Just(1usize), Just(16), Just(17), Just(31), Just(32), Just(33), Just(64), 1..=100usize];
    let k = prop_oneof![Just(1usize), Just(2), Just(3), Just(8), Just(9), 1..=300usize];
    let k_block = prop_oneof![3 => Just(None), 1 => (1..80usize).prop_map(Some)];
    let small_m = prop_oneof![Just(None), any::<bool>().prop_map(Some)];
    (
        (m, n, k, 0..5usize, 0..5usize),
        (epilogue(), k_block, small_m, any::<bool>()),
        (magnitude(), magnitude(), any::<u64>()),
    )
        .prop_map(
            |((m, n, k, pad_a, pad_c), (epilogue, k_block, small_m, embedded), (mag_a, mag_w, seed))| Case {
                m,
                n,
                k,
                pad_a,
                pad_c,
                epilogue,
                k_block,
                small_m,
                embedded,
                mag_a,
                mag_w,
                seed,
                amx: false,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn bf16_gemm_is_bit_exact(case in case_strategy()) {
        if has_bf16() {
            let two = ThreadPool::new(2).expect("pool");
            check(&case, &two);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    /// The AMX path against the exact sum within `tdpbf16ps_bound` (its reduction order is
    /// not pinned down, see `generic::bf16::tdpbf16ps_chunk`), and bit-identical for 1 and 2
    /// threads (runs only on AMX CPUs). Finite magnitudes only: with overflowing products
    /// the exact sum and any reduction order may differ by ∞.
    #[test]
    fn amx_bf16_gemm_is_within_bound(case in case_strategy()) {
        if has_amx() {
            let two = ThreadPool::new(2).expect("pool");
            let finite = |m| if matches!(m, Magnitude::Wild) { Magnitude::Unit } else { m };
            check(&Case { amx: true, mag_a: finite(case.mag_a), mag_w: finite(case.mag_w), ..case }, &two);
        }
    }
}

#[test]
fn named_edge_cases() {
    if !has_bf16() {
        return;
    }
    let two = ThreadPool::new(2).expect("pool");
    let all =
        [Epilogue::NONE, Epilogue::BIAS, Epilogue::BIAS_RESIDUAL, Epilogue::bias_act(Activation::GeluNew)];
    for (m, n, k) in [
        (1, 1, 1),
        (1, 1, 2),
        (14, 32, 1),
        (14, 32, 2),
        (15, 33, 3),
        (16, 64, 4),
        (17, 31, 5),
        (28, 96, 64),
        (29, 100, 301),
        (40, 65, 257),
    ] {
        for ep in all {
            check(&Case::plain(m, n, k, ep), &two);
        }
    }
    // Odd K with K blocks that are themselves odd (rounded up to whole pairs).
    let mut c = Case::plain(20, 70, 99, Epilogue::BIAS_RESIDUAL);
    c.k_block = Some(7);
    check(&c, &two);
    // Every magnitude class on a full tile with tails.
    for (mag_a, mag_w) in [
        (Magnitude::Tiny, Magnitude::Tiny),
        (Magnitude::Wild, Magnitude::Wild),
        (Magnitude::Zeros, Magnitude::Wild),
        (Magnitude::Wild, Magnitude::Unit),
    ] {
        let c = Case { mag_a, mag_w, ..Case::plain(29, 67, 133, Epilogue::BIAS_RESIDUAL) };
        check(&c, &two);
    }
}

/// One `vdpbf16ps` per 16 lanes, through the intrinsic, against [`dpbf16ps_lane`]: random
/// accumulators and bf16 pairs over the whole exponent range, with denormals, zeros,
/// infinities, NaNs and near-cancellations.
#[test]
fn reference_lane_matches_the_instruction() {
    if !has_bf16() {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    {
        use albert_kernels::generic::bf16::dpbf16ps_lane;
        let mut s = 0x1234_5678_9ABC_DEF1u64;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let rand_bf = |x: u64| -> u16 {
            let sign = ((x >> 63) as u16) << 15;
            let mant = (x & 0x7F) as u16;
            let e = match (x >> 8) % 20 {
                0 => 0,
                1 => ((x >> 20) % 8) as u16 + 1,
                2 => 250 + ((x >> 20) % 5) as u16,
                3 => ((x >> 20) % 254) as u16 + 1,
                4 => 61 + ((x >> 20) % 4) as u16,
                5 => 255,
                _ => 119 + ((x >> 20) % 16) as u16,
            };
            sign | (e << 7) | mant
        };
        let mut mismatches = Vec::new();
        // The targeted cases of `generic::bf16`'s docs (order, fusion, tininess after
        // rounding, signed zeros, NaN priority), live on this CPU.
        let bf = |x: f32| u32::from(f32_to_bf16(x));
        let pr = |lo: u32, hi: u32| lo | (hi << 16);
        let p2 = |e: i32| 2f32.powi(e);
        let min = f32::MIN_POSITIVE;
        let targeted: [(f32, u32, u32); 12] = [
            (1.0, pr(bf(1.5 * p2(-24)), bf(p2(-24))), pr(bf(1.0), bf(1.0))),
            (1.0, pr(bf(p2(-24)), bf(1.5 * p2(-24))), pr(bf(1.0), bf(1.0))),
            (min, pr(0, bf(p2(-63))), pr(0, bf(p2(-64)))),
            (min, pr(bf(-p2(-75)), 0), pr(bf(p2(-76)), 0)),
            (min, pr(bf(-p2(-75)), 0), pr(bf(p2(-75)), 0)),
            (min, pr(bf(-p2(-75)), 0), pr(bf(1.5 * p2(-76)), 0)),
            (-1e-40, pr(0x8000, 0x8000), pr(bf(1.0), bf(1.0))),
            (1e-40, 0, 0),
            (f32::INFINITY, pr(bf(1.0), bf(-1e38)), pr(bf(1.0), bf(1e38))),
            (f32::from_bits(0x7FC0_0001), pr(bf(1.0), 0x7FC1), pr(bf(1.0), 0xFFC2)),
            (1.0, pr(0x7FC3, 0x7FC1), pr(bf(1.0), bf(1.0))),
            (1.0, pr(0, 0x0001), pr(0, 0x7F80)),
        ];
        for (acc, s1, s2) in targeted {
            // SAFETY: has_bf16() checked AVX-512F and AVX512_BF16.
            let got = unsafe { hw::dpbf16ps(&[acc; 16], &[s1; 16], &[s2; 16]) }[0];
            let want = dpbf16ps_lane(acc, s1, s2);
            if got.to_bits() != want.to_bits() {
                mismatches.push(format!(
                    "targeted acc={:08x} src1={s1:08x} src2={s2:08x}: instruction {:08x}, reference {:08x}",
                    acc.to_bits(),
                    got.to_bits(),
                    want.to_bits()
                ));
            }
        }
        for _ in 0..40_000 {
            let mut acc = [0f32; 16];
            let mut a = [0u32; 16];
            let mut b = [0u32; 16];
            for l in 0..16 {
                a[l] = u32::from(rand_bf(next())) | (u32::from(rand_bf(next())) << 16);
                b[l] = u32::from(rand_bf(next())) | (u32::from(rand_bf(next())) << 16);
                let x = next();
                let e = match (x >> 30) % 16 {
                    0 => 0,
                    1 => 1 + ((x >> 40) % 3) as u32,
                    2 => ((x >> 40) % 255) as u32,
                    3 => 255,
                    _ => 115 + ((x >> 40) % 24) as u32,
                };
                acc[l] = f32::from_bits(((x >> 63) as u32) << 31 | e << 23 | (x as u32 & 0x7F_FFFF));
                if next() % 4 == 0 {
                    // Cancel the high product (± a few ulps).
                    let hi = |v: u32| f32::from_bits(v & 0xFFFF_0000);
                    let p = -(f64::from(hi(a[l])) * f64::from(hi(b[l]))) as f32;
                    acc[l] = f32::from_bits(p.to_bits().wrapping_add((next() % 5) as u32).wrapping_sub(2));
                }
            }
            // SAFETY: has_bf16() checked AVX-512F and AVX512_BF16.
            let got = unsafe { hw::dpbf16ps(&acc, &a, &b) };
            for l in 0..16 {
                let want = dpbf16ps_lane(acc[l], a[l], b[l]);
                if got[l].to_bits() != want.to_bits() && mismatches.len() < 10 {
                    mismatches.push(format!(
                        "acc={:08x} src1={:08x} src2={:08x}: instruction {:08x}, reference {:08x}",
                        acc[l].to_bits(),
                        a[l],
                        b[l],
                        got[l].to_bits(),
                        want.to_bits()
                    ));
                }
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }
}

#[cfg(target_arch = "x86_64")]
mod hw {
    use std::arch::x86_64::{
        __m512bh, __m512i, _mm512_dpbf16_ps, _mm512_loadu_epi32, _mm512_loadu_ps, _mm512_storeu_ps,
    };

    /// `vdpbf16ps acc, src1, src2` on 16 lanes.
    ///
    /// # Safety
    /// The CPU must support AVX-512F and AVX512_BF16.
    #[target_feature(enable = "avx512f,avx512bf16")]
    pub unsafe fn dpbf16ps(acc: &[f32; 16], src1: &[u32; 16], src2: &[u32; 16]) -> [f32; 16] {
        let mut out = [0f32; 16];
        // SAFETY: each array is exactly one zmm; the loads and stores are unaligned ones.
        unsafe {
            let a: __m512i = _mm512_loadu_epi32(src1.as_ptr().cast());
            let b: __m512i = _mm512_loadu_epi32(src2.as_ptr().cast());
            let r = _mm512_dpbf16_ps(
                _mm512_loadu_ps(acc.as_ptr()),
                std::mem::transmute::<__m512i, __m512bh>(a),
                std::mem::transmute::<__m512i, __m512bh>(b),
            );
            _mm512_storeu_ps(out.as_mut_ptr(), r);
        }
        out
    }
}

/// bf16 vs fp32 on the four loop-body GEMMs of albert-large (H = 1024, I = 4096) at s = 8
/// and 128: within [`BF16_REL_TOL`], on 2 threads, bit-identical to 1 thread.
#[test]
fn bf16_tracks_fp32_on_albert_large_shapes() {
    if !has_bf16() {
        return;
    }
    let two = ThreadPool::new(2).expect("pool");
    let gelu = Epilogue::bias_act(Activation::GeluNew);
    for (name, n, k, ep) in [
        ("qkv", 3072, 1024, Epilogue::BIAS),
        ("attn_out", 1024, 1024, Epilogue::BIAS_RESIDUAL),
        ("ffn_up", 4096, 1024, gelu),
        ("ffn_down", 1024, 4096, Epilogue::BIAS_RESIDUAL),
    ] {
        let w: Vec<f32> = values(n * k, 5).iter().map(|x| x * 0.05).collect();
        let bias = values(n, 6);
        let packed = PackedB::from_nk(&w, n, k).expect("pack");
        let packed16 = PackedBf16::from_nk(&w, n, k).expect("pack bf16");
        assert_eq!(packed16.bytes() * 2, packed.data().len() * 4, "bf16 weights are half the bytes");
        for m in [8usize, 128] {
            let a = values(m * k, 7 + m as u64);
            let res = values(m * n, 8);
            let (b_arg, r_arg) = (ep.bias.then_some(&bias[..]), ep.residual.then_some(&res[..]));
            let mut c32 = vec![0.0; m * n];
            GemmPlan::new(m, n, k, ep)
                .build()
                .expect("fp32")
                .run_on(&two, &a, &packed, &mut c32, b_arg, r_arg)
                .expect("run fp32");
            let kernel = Bf16GemmPlan::new(m, n, k, ep).build().expect("bf16");
            let mut c16 = vec![0.0; m * n];
            kernel.run_on(&two, &a, &packed16, &mut c16, b_arg, r_arg).expect("run bf16");
            let mut c16_one = vec![0.0; m * n];
            kernel.run(&a, &packed16, &mut c16_one, b_arg, r_arg).expect("run bf16 1 thread");
            assert!(
                c16.iter().zip(&c16_one).all(|(x, y)| x.to_bits() == y.to_bits()),
                "{name} s={m}: threads"
            );
            let err = rel_frobenius_error(&c16, &c32);
            eprintln!("{name} s={m}: bf16 vs fp32 rel Frobenius error {err:.2e}");
            assert!(err <= BF16_REL_TOL, "{name} s={m}: rel error {err:e}");
            assert!(err > 1e-5, "{name} s={m}: suspiciously exact, is bf16 rounding applied?");
        }
    }
}

#[test]
fn errors_not_panics() {
    if !CpuFeatures::detect().avx512_bf16 {
        let e = Bf16GemmPlan::new(4, 4, 4, Epilogue::NONE).build().expect_err("no AVX512_BF16");
        eprintln!("this CPU lacks AVX512_BF16; build() says: {e}");
        assert!(matches!(e, KernelError::MissingCpuFeature { .. }), "{e}");
        return;
    }
    let kernel = Bf16GemmPlan::new(4, 40, 9, Epilogue::BIAS).build().expect("build");
    let (a, mut c, bias) = (vec![1.0; 36], vec![0.0; 160], vec![0.0; 40]);
    let wrong = PackedBf16::from_nk(&vec![1.0; 40 * 8], 40, 8).expect("pack");
    let right = PackedBf16::from_nk(&vec![1.0; 40 * 9], 40, 9).expect("pack");
    let e = kernel.run(&a, &wrong, &mut c, Some(&bias), None);
    assert!(matches!(e, Err(KernelError::PackedShape { .. })), "{e:?}");
    let e = kernel.run(&a[..35], &right, &mut c, Some(&bias), None);
    assert!(matches!(e, Err(KernelError::Length { operand: "a", .. })), "{e:?}");
    let e = kernel.run(&a, &right, &mut c, None, None);
    assert!(matches!(e, Err(KernelError::Epilogue { operand: "bias", .. })), "{e:?}");
    let stray = c.clone();
    let e = kernel.run(&a, &right, &mut c, Some(&bias), Some(&stray));
    assert!(matches!(e, Err(KernelError::Epilogue { operand: "residual", .. })), "{e:?}");
    kernel.run(&a, &right, &mut c, Some(&bias), None).expect("run");
    assert!(c.iter().all(|&x| x == 9.0), "ones · ones over K = 9");
    assert_eq!(f32_to_bf16(1.0), 0x3F80);
}

/// The C entry point, with the residual added in place (C is the residual buffer), both
/// where the tile adds it (no activation) and where the frame does (gelu_new): bit-exact.
#[test]
fn c_entry_point_with_in_place_residual() {
    if !has_bf16() {
        return;
    }
    let (m, n, k) = (19, 45, 37);
    for ep in
        [Epilogue::BIAS_RESIDUAL, Epilogue { residual: true, ..Epilogue::bias_act(Activation::GeluNew) }]
    {
        let (a, w, bias, res) = (values(m * k, 1), values(n * k, 2), values(n, 3), values(m * n, 4));
        let kernel = Bf16GemmPlan::new(m, n, k, ep).build().expect("build");
        let packed = PackedBf16::from_nk(&w, n, k).expect("pack");
        let mut c = res.clone();
        let c_ptr = c.as_mut_ptr();
        // SAFETY: every buffer covers the plan (m·k, n·k packed, m·n, n); C is the residual,
        // which the entry point allows.
        let rc = unsafe {
            albert_kernels::albert_kernels_gemm_bf16(
                &kernel,
                a.as_ptr(),
                &packed,
                c_ptr,
                bias.as_ptr(),
                c_ptr,
            )
        };
        assert_eq!(rc, 0);
        let mut want = vec![0.0; m * n];
        let g = GemmBf16Ref {
            m,
            n,
            k,
            a: &a,
            lda: k,
            w: &w,
            ldw: k,
            bias: Some(&bias),
            activation: ep.activation,
            residual: Some((&res, n)),
        };
        gemm_bf16_ref_for(Bf16Instr::Vdpbf16ps, &g, &mut want, n);
        assert!(c.iter().zip(&want).all(|(x, y)| x.to_bits() == y.to_bits()), "{ep:?}");
        // SAFETY: null kernel: refused without touching anything.
        let rc = unsafe {
            albert_kernels::albert_kernels_gemm_bf16(
                std::ptr::null(),
                a.as_ptr(),
                &packed,
                c_ptr,
                bias.as_ptr(),
                c_ptr,
            )
        };
        assert_eq!(rc, -1);
    }
}
