//! GEMM throughput on albert-large-v2's loop-body shapes (H = 1024, I = 4096, 16 heads),
//! batch 1 at s = 8, 128, 512, on 1 and 2 threads.
//!
//! Throughput is reported as `Elements(2·M·N·K)`: criterion's "elem/s" are **FLOP/s**
//! (epilogue work not counted). Compare with `cargo run --release -p albert-kernels --example
//! peak` (the register-only zmm FMA peak) to quote a percentage of peak.
//!
//! `cargo bench -p albert-kernels --bench gemm -- --warm-up-time 1 --measurement-time 3`

use albert_kernels::{Activation, Epilogue, GemmPlan, PackedB, ThreadPool};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

/// (name, N, K, epilogue) of each loop-body GEMM; A is `[s, K]`, the HF weight `[N, K]`.
const SHAPES: [(&str, usize, usize, Epilogue); 4] = [
    ("qkv_1024x3072", 3072, 1024, Epilogue::BIAS),
    ("attn_out_1024x1024", 1024, 1024, Epilogue::BIAS_RESIDUAL),
    (
        "ffn_up_1024x4096_gelu_new",
        4096,
        1024,
        Epilogue { bias: true, activation: Activation::GeluNew, residual: false },
    ),
    ("ffn_down_4096x1024", 1024, 4096, Epilogue::BIAS_RESIDUAL),
];

fn gemm(c: &mut Criterion) {
    if !albert_kernels::cpu::has_avx512() {
        eprintln!("note: no AVX-512F on this CPU, benchmarking the portable fallback");
    }
    let two = ThreadPool::new(2).expect("thread pool");
    for (name, n, k, epilogue) in SHAPES {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        let w: Vec<f32> = (0..n * k).map(|i| ((i % 97) as f32 - 48.0) / 97.0).collect();
        let packed = PackedB::from_nk(&w, n, k).expect("pack");
        let bias = vec![0.01f32; n];
        for s in [8usize, 128, 512] {
            let plan = GemmPlan::new(s, n, k, epilogue);
            let kernel = plan.build().expect("build");
            let a: Vec<f32> = (0..s * k).map(|i| ((i % 89) as f32 - 44.0) / 89.0).collect();
            let residual = vec![0.5f32; s * n];
            let mut out = vec![0.0f32; s * n];
            group.throughput(Throughput::Elements(plan.flops()));
            let bias_arg = epilogue.bias.then_some(&bias[..]);
            let res_arg = epilogue.residual.then_some(&residual[..]);
            group.bench_function(BenchmarkId::new(format!("b1_s{s}"), "t1"), |bch| {
                bch.iter(|| kernel.run(black_box(&a), &packed, &mut out, bias_arg, res_arg).expect("run"))
            });
            group.bench_function(BenchmarkId::new(format!("b1_s{s}"), "t2"), |bch| {
                bch.iter(|| {
                    kernel.run_on(&two, black_box(&a), &packed, &mut out, bias_arg, res_arg).expect("run")
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, gemm);
criterion_main!(benches);
