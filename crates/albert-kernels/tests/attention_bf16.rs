//! `ops::attention_bf16` (QKᵀ and P·V on `vdpbf16ps`) against a scalar reference that rounds
//! exactly what the kernel rounds — Q, K, V and the unnormalised probabilities to bf16 (round
//! to nearest even) — and does the rest in f64; proptest over shapes, strides and padding,
//! named edge cases, 1 vs 2 threads bit-identical. On a CPU without AVX512_BF16 the numeric
//! tests print a skip message and the op must refuse cleanly.
#![cfg(target_arch = "x86_64")]

mod common;

use albert_kernels::generic::bf16::round_bf16;
use albert_kernels::generic::{attention_ref, rel_frobenius_error, AttentionRef};
use albert_kernels::ops::{self, AttentionShape};
use albert_kernels::{CpuFeatures, KernelError, ThreadPool};
use common::values;
use proptest::prelude::*;

/// Against the bf16-rounding reference: the products are exact in fp32 and the sums fp32
/// over ≤ 160 terms (~1e-7); the kernel's probabilities come from an fp32 polynomial `exp`
/// (≤ 2 ulp), so now and then one could land on the other side of a bf16 rounding boundary
/// than the f64 value (one bf16 ulp, 2⁻⁸ relative, on that element, ~1e-5 norm-wise).
/// Measured ≤ 1e-7 over the proptest cases; rounding nothing costs ~3e-3 (the next bound),
/// a wrong pairing, panel or mask ≥ 1e-2.
const BF16_REF_TOL: f64 = 1e-4;

/// Against the plain fp32/f64 attention: what rounding Q, K, V and P to bf16 costs
/// (8-bit mantissas: ~4e-3 per rounding, partly averaging out).
const BF16_VS_F32_TOL: f64 = 2e-2;

fn runs_here() -> bool {
    let cpu = CpuFeatures::detect();
    let ok = cpu.avx512f && cpu.avx512_bf16;
    if !ok {
        eprintln!("skipped: this CPU lacks AVX-512F or AVX512_BF16, the bf16 attention cannot run");
    }
    ok
}

#[derive(Debug, Clone)]
struct Case {
    batch: usize,
    seq: usize,
    heads: usize,
    dh: usize,
    pad_qkv: usize,
    pad_ctx: usize,
    padding: Vec<usize>,
    amp: f32,
    seed: u64,
}

struct Inputs {
    qkv: Vec<f32>,
    mask: Vec<f32>,
    shape: AttentionShape,
}

fn inputs(c: &Case) -> Inputs {
    let hd = c.heads * c.dh;
    let rows = c.batch * c.seq;
    let (ld_qkv, ld_ctx) = (3 * hd + c.pad_qkv, hd + c.pad_ctx);
    let qkv: Vec<f32> = values((rows - 1) * ld_qkv + 3 * hd, c.seed).iter().map(|v| v * c.amp).collect();
    let mut mask = vec![0.0f32; rows];
    for b in 0..c.batch {
        for t in c.seq - c.padding[b % c.padding.len()].min(c.seq)..c.seq {
            mask[b * c.seq + t] = f32::MIN;
        }
    }
    let scale = 1.0 / (c.dh as f32).sqrt();
    let shape =
        AttentionShape { ld_qkv, batch: c.batch, seq: c.seq, heads: c.heads, dh: c.dh, scale, ld_ctx };
    Inputs { qkv, mask, shape }
}

fn run(x: &Inputs, pool: Option<&ThreadPool>) -> Vec<f32> {
    let s = &x.shape;
    let threads = pool.map_or(1, ThreadPool::threads);
    let mut scratch = vec![0.0; ops::attention_scratch_len(s.seq, threads)];
    let mut got = vec![f32::MAX; (s.batch * s.seq - 1) * s.ld_ctx + s.heads * s.dh];
    ops::attention_bf16(pool, &x.qkv, &x.mask, s, &mut got, &mut scratch).expect("bf16 attention");
    got
}

/// The reference: Q, K, V rounded to bf16; scores, max and `e = exp(x − max)` in f64; `e`
/// rounded to f32 and then bf16 for the weighted sum; `Σ e` (unrounded) as the divisor.
fn reference(x: &Inputs, ctx: &mut [f32]) {
    let s = &x.shape;
    let hd = s.heads * s.dh;
    let at = |b: usize, t: usize, which: usize, h: usize, d: usize| {
        round_bf16(x.qkv[(b * s.seq + t) * s.ld_qkv + which * hd + h * s.dh + d]) as f64
    };
    for b in 0..s.batch {
        for h in 0..s.heads {
            for i in 0..s.seq {
                let logits: Vec<f64> = (0..s.seq)
                    .map(|j| {
                        let dot: f64 = (0..s.dh).map(|d| at(b, i, 0, h, d) * at(b, j, 1, h, d)).sum();
                        // The kernel scales the fp32 dot product and adds the mask in fp32.
                        (dot as f32 * s.scale + x.mask[b * s.seq + j]) as f64
                    })
                    .collect();
                let max = logits.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
                let sum: f64 = e.iter().sum();
                for d in 0..s.dh {
                    let acc: f64 =
                        (0..s.seq).map(|j| round_bf16(e[j] as f32) as f64 * at(b, j, 2, h, d)).sum();
                    ctx[(b * s.seq + i) * s.ld_ctx + h * s.dh + d] = (acc / sum) as f32;
                }
            }
        }
    }
}

fn check(c: &Case) {
    let x = inputs(c);
    let got = run(&x, None);
    let mut want = vec![f32::MAX; got.len()];
    reference(&x, &mut want);
    for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
        if w == f32::MAX {
            assert_eq!(g, f32::MAX, "{c:?}: ctx stride padding at {i} was written");
        }
    }
    let err = rel_frobenius_error(&got, &want);
    assert!(err <= BF16_REF_TOL, "{c:?}: rel error {err:e} against the bf16 reference");
    let s = &x.shape;
    let r = AttentionRef {
        qkv: &x.qkv,
        ld_qkv: s.ld_qkv,
        mask: &x.mask,
        batch: s.batch,
        seq: s.seq,
        heads: s.heads,
        dh: s.dh,
        scale: s.scale,
    };
    let mut exact = vec![f32::MAX; got.len()];
    attention_ref(&r, &mut exact, s.ld_ctx);
    let err = rel_frobenius_error(&got, &exact);
    assert!(err <= BF16_VS_F32_TOL, "{c:?}: rel error {err:e} against the f64 attention");
}

fn case(batch: usize, seq: usize, heads: usize, dh: usize, padding: Vec<usize>) -> Case {
    Case { batch, seq, heads, dh, pad_qkv: 0, pad_ctx: 0, padding, amp: 1.0, seed: 7 }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn bf16_attention_matches_the_bf16_reference(
        batch in 1..4usize,
        seq in prop_oneof![Just(1usize), Just(2), Just(31), Just(32), Just(33), 1..160usize],
        heads in 1..4usize,
        dh in prop_oneof![Just(1usize), Just(7), Just(16), Just(33), Just(64), 1..80usize],
        pad_qkv in 0..5usize,
        pad_ctx in 0..5usize,
        padding in prop::collection::vec(0..40usize, 3),
        amp in 0.2f32..4.0,
        seed in any::<u64>(),
    ) {
        if runs_here() {
            check(&Case { batch, seq, heads, dh, pad_qkv, pad_ctx, padding, amp, seed });
        }
    }
}

#[test]
fn albert_head_with_padding_and_batch() {
    if runs_here() {
        check(&case(2, 128, 2, 64, vec![0, 77]));
        // Odd seq: the last key pair holds one key and a zero.
        check(&case(1, 129, 2, 64, vec![5]));
    }
}

#[test]
fn head_wider_than_a_panel_row() {
    // dh = 150: 75 pairs per row, past the kernel's 64-pair fast path for K.
    if runs_here() {
        check(&case(1, 9, 1, 150, vec![0]));
    }
}

#[test]
fn fully_masked_sequence_and_peaky_softmax() {
    if runs_here() {
        check(&case(2, 9, 2, 16, vec![9, 3]));
        check(&Case { amp: 6.0, ..case(1, 40, 2, 32, vec![0]) });
    }
}

#[test]
fn bit_identical_for_one_and_two_threads() {
    if !runs_here() {
        return;
    }
    let pool = ThreadPool::new(2).expect("pool");
    for c in [case(1, 128, 16, 64, vec![0]), case(3, 33, 5, 24, vec![2, 0, 31])] {
        let x = inputs(&c);
        let (one, two) = (run(&x, None), run(&x, Some(&pool)));
        assert!(one.iter().zip(&two).all(|(a, b)| a.to_bits() == b.to_bits()), "{c:?}");
    }
}

#[test]
fn refused_without_avx512_bf16_and_checked_like_fp32() {
    let x = inputs(&case(1, 4, 1, 8, vec![0]));
    let mut ctx = vec![0.0; 4 * 8];
    let mut scratch = vec![0.0; ops::attention_scratch_len(4, 1)];
    let r = ops::attention_bf16(None, &x.qkv, &x.mask, &x.shape, &mut ctx, &mut scratch);
    let cpu = CpuFeatures::detect();
    if cpu.avx512f && cpu.avx512_bf16 {
        r.expect("runs here");
        // Lengths are checked before any code runs.
        let e = ops::attention_bf16(None, &x.qkv[..10], &x.mask, &x.shape, &mut ctx, &mut scratch);
        assert!(e.is_err(), "a short qkv must be an error");
    } else {
        assert!(matches!(r, Err(KernelError::MissingCpuFeature { .. })), "{r:?}");
        eprintln!("checked the refusal: this CPU lacks AVX512_BF16");
    }
}
