//! bf16 GEMM (`vdpbf16ps` tiles, and the AMX tiles where the CPU has AMX-BF16) against the
//! fp32 GEMM on albert-large-v2's loop-body shapes (H = 1024, I = 4096), batch 1 at s = 8 and
//! 128, on 1 and 2 threads; every kernel in the same group so one run compares them under the
//! same conditions.
//!
//! Throughput is `Elements(2·M·N·K)`: criterion's "elem/s" are **FLOP/s** (epilogue and the
//! bf16 conversion of A not counted, though both are timed).
//!
//! `cargo bench -p albert-kernels --bench gemm_bf16 -- --warm-up-time 1 --measurement-time 3`

use albert_kernels::{
    Activation, Bf16GemmPlan, CpuFeatures, Epilogue, GemmPlan, PackedB, PackedBf16, ThreadPool,
};
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

fn gemm_bf16(c: &mut Criterion) {
    let cpu = CpuFeatures::detect();
    if !(cpu.avx512f && cpu.avx512_bf16) {
        eprintln!("skipped: this CPU lacks AVX512_BF16, no bf16 GEMM to benchmark");
        return;
    }
    if !cpu.amx_bf16 {
        eprintln!(
            "skipped amx_bf16: this CPU lacks AMX-BF16 (the vdpbf16ps and fp32 kernels are benchmarked)"
        );
    }
    let two = ThreadPool::new(2).expect("thread pool");
    for (name, n, k, epilogue) in SHAPES {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        let w: Vec<f32> = (0..n * k).map(|i| ((i % 97) as f32 - 48.0) / 97.0).collect();
        let packed = PackedB::from_nk(&w, n, k).expect("pack");
        let packed16 = PackedBf16::from_nk(&w, n, k).expect("pack bf16");
        let bias = vec![0.01f32; n];
        for s in [8usize, 128] {
            let plan = GemmPlan::new(s, n, k, epilogue);
            let fp32 = plan.build().expect("build fp32");
            let bf16 = Bf16GemmPlan::from_gemm_plan(&plan).build().expect("build bf16");
            let amx = match albert_kernels::frame::bf16::amx_tiles_here() {
                Ok(true) => {
                    Some(Bf16GemmPlan::from_gemm_plan(&plan).with_amx(true).build().expect("build amx"))
                }
                Ok(false) => None,
                Err(e) => {
                    eprintln!("skipped amx: {e}");
                    None
                }
            };
            let a: Vec<f32> = (0..s * k).map(|i| ((i % 89) as f32 - 44.0) / 89.0).collect();
            let residual = vec![0.5f32; s * n];
            let mut out = vec![0.0f32; s * n];
            group.throughput(Throughput::Elements(plan.flops()));
            let bias_arg = epilogue.bias.then_some(&bias[..]);
            let res_arg = epilogue.residual.then_some(&residual[..]);
            for threads in [1usize, 2] {
                let pool = (threads == 2).then_some(&two);
                let id =
                    |precision: &str| BenchmarkId::new(format!("{precision}_b1_s{s}"), format!("t{threads}"));
                group.bench_function(id("bf16"), |bch| {
                    bch.iter(|| {
                        match pool {
                            Some(p) => bf16.run_on(p, black_box(&a), &packed16, &mut out, bias_arg, res_arg),
                            None => bf16.run(black_box(&a), &packed16, &mut out, bias_arg, res_arg),
                        }
                        .expect("run bf16")
                    })
                });
                if let Some(amx) = &amx {
                    group.bench_function(id("amx_bf16"), |bch| {
                        bch.iter(|| {
                            match pool {
                                Some(p) => {
                                    amx.run_on(p, black_box(&a), &packed16, &mut out, bias_arg, res_arg)
                                }
                                None => amx.run(black_box(&a), &packed16, &mut out, bias_arg, res_arg),
                            }
                            .expect("run amx")
                        })
                    });
                }
                group.bench_function(id("fp32"), |bch| {
                    bch.iter(|| {
                        match pool {
                            Some(p) => fp32.run_on(p, black_box(&a), &packed, &mut out, bias_arg, res_arg),
                            None => fp32.run(black_box(&a), &packed, &mut out, bias_arg, res_arg),
                        }
                        .expect("run fp32")
                    })
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, gemm_bf16);
criterion_main!(benches);
