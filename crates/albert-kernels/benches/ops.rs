//! The non-GEMM ops on albert-large-v2 shapes (H = 1024, 16 heads × dh 64, I = 4096, E = 128),
//! batch 1 at s = 8, 128, 512.
//!
//! Attention reports `Elements(4·s²·H)` = **FLOP/s** (QKᵀ and P·V; softmax not counted). The
//! memory-bound ops report `Bytes` = bytes read + written once, so criterion's throughput is
//! the effective **bandwidth** (GB/s).
//!
//! `cargo bench -p albert-kernels --bench ops -- --warm-up-time 1 --measurement-time 3`

use albert_kernels::ops::{self, AttentionShape};
use albert_kernels::{Activation, Isa, ThreadPool};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

const HEADS: usize = 16;
const DH: usize = 64;
const HIDDEN: usize = HEADS * DH;
const INTERMEDIATE: usize = 4096;
const EMBED: usize = 128;
const SEQS: [usize; 3] = [8, 128, 512];

fn data(len: usize, seed: usize) -> Vec<f32> {
    (0..len).map(|i| (((i * 7 + seed * 13) % 97) as f32 - 48.0) / 97.0).collect()
}

fn attention(c: &mut Criterion) {
    let two = ThreadPool::new(2).expect("thread pool");
    let mut group = c.benchmark_group("attention_16x64");
    group.sample_size(10);
    for s in SEQS {
        let qkv = data(s * 3 * HIDDEN, 1);
        let mask = vec![0.0f32; s];
        let mut ctx = vec![0.0f32; s * HIDDEN];
        let mut scratch = vec![0.0f32; ops::attention_scratch_len(s, 2)];
        let shape = AttentionShape {
            ld_qkv: 3 * HIDDEN,
            batch: 1,
            seq: s,
            heads: HEADS,
            dh: DH,
            scale: 0.125,
            ld_ctx: HIDDEN,
        };
        group.throughput(Throughput::Elements((4 * s * s * HIDDEN) as u64));
        for (isa, name) in [(Isa::Avx512, "avx512"), (Isa::Portable, "portable")] {
            if isa == Isa::Portable && s == 512 {
                continue; // minutes per sample; the s = 128 point shows the ratio
            }
            group.bench_function(BenchmarkId::new(format!("b1_s{s}_{name}"), "t1"), |b| {
                b.iter(|| {
                    ops::attention_isa(isa, None, black_box(&qkv), &mask, &shape, &mut ctx, &mut scratch)
                        .expect("attention")
                })
            });
            group.bench_function(BenchmarkId::new(format!("b1_s{s}_{name}"), "t2"), |b| {
                b.iter(|| {
                    ops::attention_isa(
                        isa,
                        Some(&two),
                        black_box(&qkv),
                        &mask,
                        &shape,
                        &mut ctx,
                        &mut scratch,
                    )
                    .expect("attention")
                })
            });
        }
    }
    group.finish();
}

fn layer_norm(c: &mut Criterion) {
    let mut group = c.benchmark_group("layer_norm_1024_residual");
    let gamma = data(HIDDEN, 2);
    let beta = data(HIDDEN, 3);
    for s in SEQS {
        let x = data(s * HIDDEN, 4);
        let res = data(s * HIDDEN, 5);
        let mut out = vec![0.0f32; s * HIDDEN];
        group.throughput(Throughput::Bytes((3 * s * HIDDEN * 4) as u64));
        for (isa, name) in [(Isa::Avx512, "avx512"), (Isa::Portable, "portable")] {
            group.bench_function(BenchmarkId::new(format!("b1_s{s}"), name), |b| {
                b.iter(|| {
                    ops::layer_norm_isa(isa, black_box(&x), Some(&res), &gamma, &beta, 1e-12, &mut out)
                        .expect("layer_norm")
                })
            });
        }
    }
    group.finish();
}

fn activations(c: &mut Criterion) {
    for (act, label) in [
        (Activation::GeluNew, "gelu_new_4096"),
        (Activation::Gelu, "gelu_4096"),
        (Activation::Tanh, "tanh_4096"),
    ] {
        let mut group = c.benchmark_group(label);
        for s in SEQS {
            let src = data(s * INTERMEDIATE, 6).iter().map(|v| v * 8.0).collect::<Vec<_>>();
            let mut x = src.clone();
            group.throughput(Throughput::Bytes((2 * s * INTERMEDIATE * 4) as u64));
            for (isa, name) in [(Isa::Avx512, "avx512"), (Isa::Portable, "portable")] {
                group.bench_function(BenchmarkId::new(format!("b1_s{s}"), name), |b| {
                    b.iter(|| {
                        // Values stay bounded under repeated application (all three are
                        // contractions towards a fixed point), so no refill is needed.
                        ops::activation_inplace_isa(isa, act, black_box(&mut x))
                    })
                });
            }
        }
        group.finish();
    }
}

fn embeddings(c: &mut Criterion) {
    let mut group = c.benchmark_group("embeddings_128");
    let vocab = 30_000;
    let word = data(vocab * EMBED, 7);
    let pos = data(512 * EMBED, 8);
    let tok = data(2 * EMBED, 9);
    let gamma = data(EMBED, 10);
    let beta = data(EMBED, 11);
    let s = 128;
    let ids: Vec<i64> = (0..s as i64).map(|i| (i * 7919) % vocab as i64).collect();
    let type_ids = vec![0i64; s];
    let mut out = vec![0.0f32; s * EMBED];
    // Three rows read and one written per token.
    group.throughput(Throughput::Bytes((4 * s * EMBED * 4) as u64));
    let t = ops::EmbeddingTables {
        word: &word,
        pos: &pos,
        tok_type: &tok,
        gamma: &gamma,
        beta: &beta,
        eps: 1e-12,
    };
    for (isa, name) in [(Isa::Avx512, "avx512"), (Isa::Portable, "portable")] {
        group.bench_function(BenchmarkId::new("b1_s128", name), |b| {
            b.iter(|| {
                ops::embeddings_isa(isa, black_box(&ids), &type_ids, &t, 1, s, EMBED, &mut out).expect("emb")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, attention, layer_norm, activations, embeddings);
criterion_main!(benches);
