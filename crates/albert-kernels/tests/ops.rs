//! The non-GEMM ops (`albert_kernels::ops`) against the f64 references in
//! `generic::reference`: one test family per kernel family (portable, AVX-512), each with a
//! proptest per op over shapes and named edge cases (padding masks, seq 1, odd dh and
//! strides, batch > 1), plus thread-count bit-identity, id range errors and a dense accuracy
//! sweep of the vectorised math; and the bf16 attention (`bf16_attention`). AVX-512 cases
//! print a skip message on CPUs without AVX-512F (bf16 ones without AVX512_BF16).

use albert_kernels::generic::{
    activation_ref, attention_ref, embeddings_ref, layer_norm_rows_ref, rel_frobenius_error, AttentionRef,
};
use albert_kernels::ops::{self, math, AttentionShape, EmbeddingTables};
use albert_kernels::{Activation, CpuFeatures, Isa, KernelError, ThreadPool};
use proptest::prelude::*;

/// Attention against the f64 reference. Scores are f32 dot products of length dh ≤ 128
/// (error ~√dh·u·|q||k|), the polynomial exp adds ≤ 2 ulp, and the weighted sum over seq ≤
/// 160 keys adds ~√seq·u: all ≲ 1e-6 relative. Masked keys contribute exactly 0 in both.
/// 1e-5 is an order of magnitude above that and far below a real bug (a wrong key, head or
/// mask gives ≥ 1e-2).
const ATTENTION_REL_TOL: f64 = 1e-5;

/// LayerNorm / embeddings: two-pass f32 statistics over ≤ 1100 elements (relative error of
/// mean and variance ~√n·u ≈ 2e-6 at worst with the 16-lane partial sums, much less typically)
/// plus one rounding per output. 1e-5 leaves headroom; a wrong row, gamma or eps is ≥ 1e-3.
const NORM_REL_TOL: f64 = 1e-5;

/// Activations, as `‖got − want‖ / max(‖want‖, ‖x‖)`: per element the vectorised functions
/// are within 1e-6 relative or 1e-6·|x| absolute (see `ops::math`). The input norm in the
/// denominator is deliberate: squashing activations (gelu, silu of negative x) map inputs to
/// outputs many orders smaller, where any f32 formula of x is only accurate to ~u·|x|.
/// 2e-6 covers the bounds with the final rounding; a wrong formula is ≥ 1e-3.
const ACT_REL_TOL: f64 = 2e-6;

mod common;
use common::values;

fn available(isa: Isa) -> bool {
    if isa == Isa::Avx512 && !CpuFeatures::detect().avx512f {
        eprintln!("skipped: this CPU lacks AVX-512F, the AVX-512 ops cannot run");
        return false;
    }
    true
}

#[derive(Debug, Clone)]
struct AttnCase {
    batch: usize,
    seq: usize,
    heads: usize,
    dh: usize,
    pad_qkv: usize,
    pad_ctx: usize,
    /// Per sequence: how many trailing keys are padding (masked with f32::MIN).
    padding: Vec<usize>,
    /// Magnitude of Q and K (large values make the softmax peaky).
    amp: f32,
    seed: u64,
}

/// An attention case's operands: `qkv`, the additive key mask, and the shape.
struct AttnInputs {
    qkv: Vec<f32>,
    mask: Vec<f32>,
    shape: AttentionShape,
}

impl AttnInputs {
    fn new(c: &AttnCase) -> Self {
        let hd = c.heads * c.dh;
        let rows = c.batch * c.seq;
        let (ld_qkv, ld_ctx) = (3 * hd + c.pad_qkv, hd + c.pad_ctx);
        let qkv: Vec<f32> = values((rows - 1) * ld_qkv + 3 * hd, c.seed).iter().map(|v| v * c.amp).collect();
        let mut mask = vec![0.0f32; rows];
        for b in 0..c.batch {
            for t in c.seq - c.padding[b].min(c.seq)..c.seq {
                mask[b * c.seq + t] = f32::MIN;
            }
        }
        let scale = 1.0 / (c.dh as f32).sqrt();
        let shape =
            AttentionShape { ld_qkv, batch: c.batch, seq: c.seq, heads: c.heads, dh: c.dh, scale, ld_ctx };
        AttnInputs { qkv, mask, shape }
    }

    /// A ctx buffer with every element (stride padding included) at `f32::MAX`.
    fn ctx(&self) -> Vec<f32> {
        let s = &self.shape;
        vec![f32::MAX; (s.batch * s.seq - 1) * s.ld_ctx + s.heads * s.dh]
    }

    /// Scratch for `pool`.
    fn scratch(&self, pool: Option<&ThreadPool>) -> Vec<f32> {
        vec![0.0; ops::attention_scratch_len(self.shape.seq, pool.map_or(1, ThreadPool::threads))]
    }

    /// The f64 reference attention.
    fn reference(&self) -> Vec<f32> {
        let s = &self.shape;
        let mut want = self.ctx();
        let r = AttentionRef {
            qkv: &self.qkv,
            ld_qkv: s.ld_qkv,
            mask: &self.mask,
            batch: s.batch,
            seq: s.seq,
            heads: s.heads,
            dh: s.dh,
            scale: s.scale,
        };
        attention_ref(&r, &mut want, s.ld_ctx);
        want
    }
}

/// Runs the attention case; returns (got, want) over the whole ctx buffer (padding included).
fn run_attention(c: &AttnCase, isa: Isa, pool: Option<&ThreadPool>) -> (Vec<f32>, Vec<f32>) {
    let x = AttnInputs::new(c);
    let (mut got, mut scratch) = (x.ctx(), x.scratch(pool));
    ops::attention_isa(isa, pool, &x.qkv, &x.mask, &x.shape, &mut got, &mut scratch).expect("attention");
    (got, x.reference())
}

fn check_attention(c: &AttnCase, isa: Isa) {
    let (got, want) = run_attention(c, isa, None);
    for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
        if w == f32::MAX {
            assert_eq!(g, f32::MAX, "{c:?}: ctx stride padding at {i} was written");
        }
    }
    let err = rel_frobenius_error(&got, &want);
    assert!(err <= ATTENTION_REL_TOL, "{c:?} on {isa:?}: rel error {err:e}");
}

/// A case with contiguous strides, amplitude 1 and a fixed seed.
fn attn(batch: usize, seq: usize, heads: usize, dh: usize, padding: Vec<usize>) -> AttnCase {
    AttnCase { batch, seq, heads, dh, pad_qkv: 0, pad_ctx: 0, padding, amp: 1.0, seed: 11 }
}

fn attn_strategy() -> impl Strategy<Value = AttnCase> {
    let seq = prop_oneof![Just(1usize), Just(8), Just(31), Just(32), Just(33), 1..160usize];
    let dh = prop_oneof![Just(1usize), Just(7), Just(16), Just(33), Just(64), 1..80usize];
    (
        1..4usize,
        seq,
        1..4usize,
        dh,
        0..5usize,
        0..5usize,
        prop::collection::vec(0..40usize, 3),
        0.2f32..4.0,
        any::<u64>(),
    )
        .prop_map(|(batch, seq, heads, dh, pad_qkv, pad_ctx, padding, amp, seed)| AttnCase {
            batch,
            seq,
            heads,
            dh,
            pad_qkv,
            pad_ctx,
            padding,
            amp,
            seed,
        })
}

#[derive(Debug, Clone)]
struct NormCase {
    rows: usize,
    width: usize,
    residual: bool,
    /// Offset added to x: LayerNorm must stay accurate when |mean| ≫ std.
    offset: f32,
    seed: u64,
}

fn check_layer_norm(c: &NormCase, isa: Isa) {
    let n = c.rows * c.width;
    let x: Vec<f32> = values(n, c.seed).iter().map(|v| v + c.offset).collect();
    let res = values(n, c.seed + 1);
    let gamma: Vec<f32> = values(c.width, c.seed + 2).iter().map(|v| 1.0 + 0.5 * v).collect();
    let beta = values(c.width, c.seed + 3);
    let eps = 1e-12;
    let mut got = vec![0.0; n];
    let residual = c.residual.then_some(&res[..]);
    ops::layer_norm_isa(isa, &x, residual, &gamma, &beta, eps, &mut got).expect("layer_norm");
    let summed: Vec<f32> = match residual {
        // The op adds in f32 too; the reference normalises that f32 sum.
        Some(r) => x.iter().zip(r).map(|(a, b)| a + b).collect(),
        None => x.clone(),
    };
    let mut want = vec![0.0; n];
    layer_norm_rows_ref(&summed, c.rows, c.width, &gamma, &beta, eps, &mut want);
    let err = rel_frobenius_error(&got, &want);
    assert!(err <= NORM_REL_TOL, "{c:?} on {isa:?}: rel error {err:e}");
}

fn norm_strategy() -> impl Strategy<Value = NormCase> {
    let width = prop_oneof![Just(1usize), Just(15), Just(16), Just(17), Just(128), Just(1024), 1..300usize];
    (1..6usize, width, any::<bool>(), prop_oneof![Just(0.0f32), Just(100.0), -10.0f32..10.0], any::<u64>())
        .prop_map(|(rows, width, residual, offset, seed)| NormCase { rows, width, residual, offset, seed })
}

#[derive(Debug, Clone)]
struct EmbCase {
    batch: usize,
    seq: usize,
    e: usize,
    vocab: usize,
    types: usize,
    max_pos: usize,
    seed: u64,
}

struct EmbData {
    ids: Vec<i64>,
    type_ids: Vec<i64>,
    word: Vec<f32>,
    pos: Vec<f32>,
    tok: Vec<f32>,
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

fn emb_data(c: &EmbCase) -> EmbData {
    let rows = c.batch * c.seq;
    let pick = |n: usize, seed: u64| -> Vec<i64> {
        values(rows, seed).iter().map(|v| (((v + 1.0) * 0.5 * n as f32) as i64).min(n as i64 - 1)).collect()
    };
    EmbData {
        ids: pick(c.vocab, c.seed),
        type_ids: pick(c.types, c.seed + 1),
        word: values(c.vocab * c.e, c.seed + 2),
        pos: values(c.max_pos * c.e, c.seed + 3),
        tok: values(c.types * c.e, c.seed + 4),
        gamma: values(c.e, c.seed + 5).iter().map(|v| 1.0 + 0.5 * v).collect(),
        beta: values(c.e, c.seed + 6),
    }
}

fn tables(d: &EmbData) -> EmbeddingTables<'_> {
    EmbeddingTables {
        word: &d.word,
        pos: &d.pos,
        tok_type: &d.tok,
        gamma: &d.gamma,
        beta: &d.beta,
        eps: 1e-12,
    }
}

fn run_embeddings(c: &EmbCase, d: &EmbData, isa: Isa) -> Result<Vec<f32>, KernelError> {
    let t = tables(d);
    let mut out = vec![0.0; c.batch * c.seq * c.e];
    ops::embeddings_isa(isa, &d.ids, &d.type_ids, &t, c.batch, c.seq, c.e, &mut out)?;
    Ok(out)
}

fn check_embeddings(c: &EmbCase, isa: Isa) {
    let d = emb_data(c);
    let got = run_embeddings(c, &d, isa).expect("embeddings");
    let mut want = vec![0.0; got.len()];
    embeddings_ref(&d.ids, &d.type_ids, &tables(&d), c.batch, c.seq, c.e, &mut want);
    let err = rel_frobenius_error(&got, &want);
    assert!(err <= NORM_REL_TOL, "{c:?} on {isa:?}: rel error {err:e}");
}

fn emb_strategy() -> impl Strategy<Value = EmbCase> {
    (
        1..4usize,
        1..20usize,
        prop_oneof![Just(1usize), Just(17), Just(128), 1..150usize],
        1..50usize,
        1..3usize,
        any::<u64>(),
    )
        .prop_map(|(batch, seq, e, vocab, types, seed)| EmbCase {
            batch,
            seq,
            e,
            vocab,
            types,
            max_pos: seq + 3,
            seed,
        })
}

fn check_activation(act: Activation, x: &[f32], isa: Isa) {
    let mut got = x.to_vec();
    ops::activation_inplace_isa(isa, act, &mut got);
    let want = activation_ref(act, x);
    let norm = |v: &[f32]| v.iter().map(|&e| f64::from(e).powi(2)).sum::<f64>().sqrt();
    let diff: f64 =
        got.iter().zip(&want).map(|(&g, &w)| (f64::from(g) - f64::from(w)).powi(2)).sum::<f64>().sqrt();
    let err = if want.is_empty() { 0.0 } else { diff / norm(&want).max(norm(x)).max(f64::MIN_POSITIVE) };
    assert!(err <= ACT_REL_TOL, "{act:?} on {isa:?}, len {}: rel error {err:e}", x.len());
}

/// One test family per kernel family: a proptest per op plus named edge cases.
macro_rules! ops_family {
    ($family:ident, $isa:expr) => {
        mod $family {
            use super::*;

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(64))]
                #[test]
                fn attention_matches_reference(case in attn_strategy()) {
                    if available($isa) {
                        check_attention(&case, $isa);
                    }
                }

                #[test]
                fn layer_norm_matches_reference(case in norm_strategy()) {
                    if available($isa) {
                        check_layer_norm(&case, $isa);
                    }
                }

                #[test]
                fn embeddings_match_reference(case in emb_strategy()) {
                    if available($isa) {
                        check_embeddings(&case, $isa);
                    }
                }

                #[test]
                fn activations_match_reference(
                    len in 0..300usize,
                    amp in prop_oneof![Just(1.0f32), Just(5.0), Just(20.0)],
                    seed in any::<u64>(),
                ) {
                    if available($isa) {
                        let x: Vec<f32> = values(len, seed).iter().map(|v| v * amp).collect();
                        for act in Activation::ALL {
                            check_activation(act, &x, $isa);
                        }
                    }
                }
            }

            #[test]
            fn attention_seq_one() {
                if available($isa) {
                    check_attention(&attn(1, 1, 1, 64, vec![0]), $isa);
                }
            }

            #[test]
            fn attention_albert_head_with_padding_and_batch() {
                if available($isa) {
                    check_attention(&attn(2, 128, 2, 64, vec![0, 77]), $isa);
                }
            }

            #[test]
            fn attention_odd_dh_and_strides() {
                if available($isa) {
                    let mut c = attn(3, 13, 3, 7, vec![1, 0, 12]);
                    c.pad_qkv = 3;
                    c.pad_ctx = 5;
                    check_attention(&c, $isa);
                }
            }

            #[test]
            fn attention_fully_masked_sequence_is_uniform() {
                if available($isa) {
                    // Every key masked: HF (f32) gets a uniform softmax, i.e. the mean of V.
                    check_attention(&attn(2, 9, 2, 16, vec![9, 3]), $isa);
                }
            }

            #[test]
            fn attention_peaky_softmax() {
                if available($isa) {
                    let mut c = attn(1, 40, 2, 32, vec![5]);
                    c.amp = 8.0;
                    check_attention(&c, $isa);
                }
            }

            #[test]
            fn layer_norm_albert_hidden_with_offset() {
                if available($isa) {
                    check_layer_norm(
                        &NormCase { rows: 3, width: 1024, residual: true, offset: 1000.0, seed: 5 },
                        $isa,
                    );
                }
            }

            #[test]
            fn embeddings_albert_width() {
                if available($isa) {
                    check_embeddings(
                        &EmbCase { batch: 2, seq: 9, e: 128, vocab: 30, types: 2, max_pos: 512, seed: 3 },
                        $isa,
                    );
                }
            }

            #[test]
            fn activations_at_extremes() {
                if available($isa) {
                    let x = [
                        0.0f32, -0.0, 1e-30, -1e-30, 1e-4, -1e-4, 0.5, -0.5, 3.0, -3.0, 9.0, -9.0, 30.0,
                        -30.0, 87.0, -87.0, 100.0, -100.0, 1e30, -1e30,
                    ];
                    for act in Activation::ALL {
                        let mut got = x.to_vec();
                        ops::activation_inplace_isa($isa, act, &mut got);
                        for (&xi, &g) in x.iter().zip(&got) {
                            assert!(g.is_finite(), "{act:?}({xi}) = {g}");
                        }
                        check_activation(act, &x, $isa);
                    }
                }
            }

            #[test]
            fn out_of_range_ids_are_errors() {
                if !available($isa) {
                    return;
                }
                let c = EmbCase { batch: 2, seq: 3, e: 8, vocab: 10, types: 2, max_pos: 3, seed: 1 };
                let mut d = emb_data(&c);
                d.ids[4] = 10;
                match run_embeddings(&c, &d, $isa) {
                    Err(KernelError::IdOutOfRange {
                        table: "word_embeddings",
                        batch: 1,
                        position: 1,
                        id: 10,
                        rows: 10,
                    }) => {}
                    other => panic!("expected a word id error, got {other:?}"),
                }
                d.ids[4] = -1;
                assert!(matches!(
                    run_embeddings(&c, &d, $isa),
                    Err(KernelError::IdOutOfRange { id: -1, .. })
                ));
                d.ids[4] = 0;
                d.type_ids[2] = 2;
                match run_embeddings(&c, &d, $isa) {
                    Err(KernelError::IdOutOfRange {
                        table: "token_type_embeddings",
                        batch: 0,
                        position: 2,
                        id: 2,
                        rows: 2,
                    }) => {}
                    other => panic!("expected a type id error, got {other:?}"),
                }
                d.type_ids[2] = 0;
                let long = EmbCase { seq: 4, max_pos: 3, ..c };
                let mut d = emb_data(&long);
                d.pos.truncate(3 * long.e);
                assert!(matches!(
                    run_embeddings(&long, &d, $isa),
                    Err(KernelError::IdOutOfRange { table: "position_embeddings", .. })
                ));
            }
        }
    };
}

ops_family!(portable, Isa::Portable);
ops_family!(avx512, Isa::Avx512);

#[test]
fn attention_is_bit_identical_for_one_and_two_threads() {
    let pool = ThreadPool::new(2).expect("pool");
    for isa in [Isa::Portable, Isa::Avx512] {
        if !available(isa) {
            continue;
        }
        let c = AttnCase {
            batch: 2,
            seq: 70,
            heads: 3,
            dh: 64,
            pad_qkv: 1,
            pad_ctx: 2,
            padding: vec![3, 0],
            amp: 1.0,
            seed: 9,
        };
        let (one, _) = run_attention(&c, isa, None);
        let (two, _) = run_attention(&c, isa, Some(&pool));
        assert!(
            one.iter().zip(&two).all(|(a, b)| a.to_bits() == b.to_bits()),
            "{isa:?}: 1 vs 2 threads differ"
        );
    }
}

#[test]
fn row_kernels_are_bit_identical_across_families() {
    if !available(Isa::Avx512) {
        return;
    }
    let x: Vec<f32> = values(3 * 1024 + 5, 4).iter().map(|v| v * 6.0).collect();
    for act in Activation::ALL {
        let (mut a, mut b) = (x.clone(), x.clone());
        ops::activation_inplace_isa(Isa::Portable, act, &mut a);
        ops::activation_inplace_isa(Isa::Avx512, act, &mut b);
        assert!(a.iter().zip(&b).all(|(p, q)| p.to_bits() == q.to_bits()), "{act:?} differs");
    }
}

#[test]
fn add_rows_broadcasts_and_checks_shapes() {
    let a = values(12, 1);
    let b = values(4, 2);
    let mut out = vec![0.0; 12];
    ops::add_rows(&a, &b, &mut out).expect("broadcast");
    for (i, &o) in out.iter().enumerate() {
        assert_eq!(o, a[i] + b[i % 4]);
    }
    let full = values(12, 3);
    ops::add_rows(&a, &full, &mut out).expect("elementwise");
    for (i, &o) in out.iter().enumerate() {
        assert_eq!(o, a[i] + full[i]);
    }
    assert!(ops::add_rows(&a, &b[..5.min(b.len())][..0], &mut out).is_err());
    assert!(ops::add_rows(&a, &values(5, 4), &mut out).is_err());
    assert!(ops::add_rows(&a, &b, &mut out[..11]).is_err());
}

#[test]
fn shape_errors_not_panics() {
    let mut ctx = vec![0.0; 64];
    let mut scratch = vec![0.0; 10];
    let qkv = vec![0.0; 3 * 64];
    let mask = vec![0.0; 1];
    // Scratch too short for seq 1 (needs a whole score block).
    let e = ops::attention(None, &qkv, 192, &mask, 1, 1, 1, 64, 0.125, &mut ctx, 64, &mut scratch);
    assert!(matches!(e, Err(KernelError::Length { operand: "scratch", .. })), "{e:?}");
    let mut scratch = vec![0.0; ops::attention_scratch_len(1, 1)];
    let e = ops::attention(None, &qkv, 100, &mask, 1, 1, 1, 64, 0.125, &mut ctx, 64, &mut scratch);
    assert!(matches!(e, Err(KernelError::Shape { .. })), "{e:?}");
    let e = ops::attention(None, &qkv, 192, &mask, 1, 2, 1, 64, 0.125, &mut ctx, 64, &mut scratch);
    assert!(e.is_err());
    let mut out = vec![0.0; 10];
    assert!(ops::layer_norm(&[0.0; 10], None, &[1.0; 3], &[0.0; 3], 1e-5, &mut out).is_err());
    assert!(ops::layer_norm(&[0.0; 9], Some(&[0.0; 8]), &[1.0; 3], &[0.0; 3], 1e-5, &mut out[..9]).is_err());
}

/// Dense sweeps of the vectorised math against f64 (the accuracy table in `ops::math`).
#[test]
fn math_accuracy() {
    let sweep = |lo: f32, hi: f32, n: usize| (0..=n).map(move |i| lo + (hi - lo) * i as f32 / n as f32);
    let mut worst = 0.0f64;
    for x in sweep(-87.0, 88.0, 400_000) {
        let want = f64::from(x).exp();
        worst = worst.max((f64::from(math::exp(x)) - want).abs() / want);
    }
    assert!(worst < 3e-7, "exp: max rel error {worst:e}");
    assert_eq!(math::exp(-88.0), 0.0);
    assert_eq!(math::exp(f32::MIN), 0.0);
    assert!(math::exp(100.0).is_finite());

    let (mut abs, mut rel) = (0.0f64, 0.0f64);
    for x in sweep(-10.0, 10.0, 400_000).chain(sweep(-1e-3, 1e-3, 10_000)) {
        let want = f64::from(x).tanh();
        let d = (f64::from(math::tanh(x)) - want).abs();
        abs = abs.max(d);
        if want != 0.0 {
            rel = rel.max(d / want.abs());
        }
    }
    assert!(abs < 5e-7 && rel < 1e-6, "tanh: max abs {abs:e}, rel {rel:e}");

    let mut gelu_new = 0.0f64;
    let mut gelu = 0.0f64;
    let mut silu = 0.0f64;
    for x in sweep(-12.0, 12.0, 400_000) {
        let xd = f64::from(x);
        let c = (2.0 / std::f64::consts::PI).sqrt();
        // x·σ(2u), the exact identity: `0.5x(1 + tanh u)` cancels below ~1e-16 even in f64.
        let gn = xd / (1.0 + (-2.0 * c * (xd + 0.044715 * xd * xd * xd)).exp());
        // Relative for x ≥ −3; below, the f32 rounding of the argument 2u (condition number
        // |2u| for exp) dominates any f32 formula, so the bound is absolute, relative to |x|.
        let den = if x >= -3.0 { gn.abs() } else { xd.abs() };
        gelu_new = gelu_new.max((f64::from(math::gelu_new(x)) - gn).abs() / den.max(1e-30));
        let g = 0.5 * xd * (1.0 + libm::erf(xd / std::f64::consts::SQRT_2));
        gelu = gelu.max((f64::from(math::gelu(x)) - g).abs() / xd.abs().max(1e-30));
        let s = xd / (1.0 + (-xd).exp());
        silu = silu.max((f64::from(math::silu(x)) - s).abs() / s.abs().max(1e-30));
    }
    assert!(gelu_new < 1e-6, "gelu_new: max rel error {gelu_new:e}");
    assert!(gelu < 5e-7, "gelu: max error / |x| {gelu:e}");
    assert!(silu < 1e-6, "silu: max rel error {silu:e}");
}

/// `ops::attention_bf16` (QKᵀ and P·V on `vdpbf16ps`) against a scalar reference that rounds
/// exactly what the kernel rounds — Q, K, V and the unnormalised probabilities to bf16
/// (round to nearest even) — and does the rest in f64; and against the plain f64 attention
/// for what the rounding costs. On a CPU without AVX512_BF16 the numeric tests print a skip
/// message and the op must refuse cleanly.
#[cfg(target_arch = "x86_64")]
mod bf16_attention {
    use super::*;
    use albert_kernels::generic::bf16::round_bf16;

    /// Against the bf16-rounding reference: the products are exact in fp32 and the sums
    /// fp32 over ≤ 160 terms (~1e-7); the kernel's probabilities come from an fp32
    /// polynomial `exp` (≤ 2 ulp), so now and then one could land on the other side of a
    /// bf16 rounding boundary than the f64 value (one bf16 ulp, 2⁻⁸ relative, on that
    /// element, ~1e-5 norm-wise). Measured ≤ 1e-7 over the proptest cases; rounding nothing
    /// costs ~3e-3 (the next bound), a wrong pairing, panel or mask ≥ 1e-2.
    const BF16_REF_TOL: f64 = 1e-4;

    /// Against the plain f64 attention: what rounding Q, K, V and P to bf16 costs (8-bit
    /// mantissas: ~4e-3 per rounding, partly averaging out).
    const BF16_VS_F32_TOL: f64 = 2e-2;

    fn runs_here() -> bool {
        let cpu = CpuFeatures::detect();
        let ok = cpu.avx512f && cpu.avx512_bf16;
        if !ok {
            eprintln!("skipped: this CPU lacks AVX-512F or AVX512_BF16, the bf16 attention cannot run");
        }
        ok
    }

    fn run(x: &AttnInputs, pool: Option<&ThreadPool>) -> Vec<f32> {
        let (mut got, mut scratch) = (x.ctx(), x.scratch(pool));
        ops::attention_bf16(pool, &x.qkv, &x.mask, &x.shape, &mut got, &mut scratch).expect("bf16 attention");
        got
    }

    /// The reference: Q, K, V rounded to bf16; scores, max and `e = exp(x − max)` in f64;
    /// `e` rounded to f32 and then bf16 for the weighted sum; `Σ e` (unrounded) as divisor.
    fn reference(x: &AttnInputs) -> Vec<f32> {
        reference_with(x, false)
    }

    /// [`reference`], or with `|V|` for `abs_v`: the magnitude of the weighted sums' terms.
    fn reference_with(x: &AttnInputs, abs_v: bool) -> Vec<f32> {
        let s = &x.shape;
        let hd = s.heads * s.dh;
        let mut ctx = x.ctx();
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
                        let v = |j: usize| if abs_v { at(b, j, 2, h, d).abs() } else { at(b, j, 2, h, d) };
                        let acc: f64 = (0..s.seq).map(|j| round_bf16(e[j] as f32) as f64 * v(j)).sum();
                        ctx[(b * s.seq + i) * s.ld_ctx + h * s.dh + d] = (acc / sum) as f32;
                    }
                }
            }
        }
        ctx
    }

    fn check(c: &AttnCase) {
        let x = AttnInputs::new(c);
        let got = run(&x, None);
        let want = reference(&x);
        for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
            if w == f32::MAX {
                assert_eq!(g, f32::MAX, "{c:?}: ctx stride padding at {i} was written");
            }
        }
        let err = rel_frobenius_error(&got, &want);
        assert!(err <= BF16_REF_TOL, "{c:?}: rel error {err:e} against the bf16 reference");
        // What rounding costs is relative to the terms of the weighted sums: values of both
        // signs can cancel to a small output (one head of width 1, say), whose own relative
        // error then says nothing about the kernel.
        let exact = x.reference();
        let norm = |v: &[f32]| {
            v.iter().filter(|x| **x != f32::MAX).map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt()
        };
        let (n_exact, n_terms) = (norm(&exact), norm(&reference_with(&x, true)));
        let err = rel_frobenius_error(&got, &exact) * n_exact / n_exact.max(n_terms);
        assert!(err <= BF16_VS_F32_TOL, "{c:?}: rel error {err:e} against the f64 attention");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn bf16_attention_matches_the_bf16_reference(case in attn_strategy()) {
            if runs_here() {
                check(&case);
            }
        }
    }

    #[test]
    fn albert_head_with_padding_and_batch() {
        if runs_here() {
            // Found by proptest: one head of width 1 whose weighted sums cancel.
            let mut c = attn(1, 31, 1, 1, vec![4, 7, 28]);
            (c.pad_qkv, c.amp, c.seed) = (2, 3.641_276_8, 12724528926495121510);
            check(&c);
            check(&attn(2, 128, 2, 64, vec![0, 77]));
            // Odd seq: the last key pair holds one key and a zero.
            check(&attn(1, 129, 2, 64, vec![5]));
        }
    }

    #[test]
    fn head_wider_than_a_panel_row() {
        // dh = 150: 75 pairs per row, past the kernel's 64-pair fast path for K.
        if runs_here() {
            check(&attn(1, 9, 1, 150, vec![0]));
        }
    }

    #[test]
    fn fully_masked_sequence_and_peaky_softmax() {
        if runs_here() {
            check(&attn(2, 9, 2, 16, vec![9, 3]));
            check(&AttnCase { amp: 6.0, ..attn(1, 40, 2, 32, vec![0]) });
        }
    }

    #[test]
    fn bit_identical_for_one_and_two_threads() {
        if !runs_here() {
            return;
        }
        let pool = ThreadPool::new(2).expect("pool");
        for c in [attn(1, 128, 16, 64, vec![0]), attn(3, 33, 5, 24, vec![2, 0, 31])] {
            let x = AttnInputs::new(&c);
            let (one, two) = (run(&x, None), run(&x, Some(&pool)));
            assert!(one.iter().zip(&two).all(|(a, b)| a.to_bits() == b.to_bits()), "{c:?}");
        }
    }

    #[test]
    fn refused_without_avx512_bf16_and_checked_like_fp32() {
        let x = AttnInputs::new(&attn(1, 4, 1, 8, vec![0]));
        let (mut ctx, mut scratch) = (x.ctx(), x.scratch(None));
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
}
