//! Small-M GEMMs (albert-large-v2 at sequence length 8): how fast is the packed weight
//! streamed? For the four loop-body shapes, M rows (default 8), 1 and 2 threads, prints the
//! median time per GEMM and the bandwidth of B (`bytes of the packed B / time`).
//!
//! Two modes per shape: `hot` runs the same packed B back to back (the 4 MiB attention-output
//! weight then stays in L3), `cold` rotates over enough copies of B (≥ 96 MiB in all) that
//! every run streams B from DRAM, as the 50 MB weight set of a whole forward pass does.
//!
//! `cargo run --release -p albert-kernels --example small_m -- [m] [reps]`

use albert_kernels::{Activation, Epilogue, GemmKernel, GemmPlan, KernelError, PackedB, ThreadPool};
use std::sync::Arc;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median seconds per run over `reps` runs, cycling through `copies`.
fn time_runs(
    kernel: &GemmKernel,
    a: &[f32],
    copies: &[PackedB],
    c: &mut [f32],
    bias: Option<&[f32]>,
    residual: Option<&[f32]>,
    reps: usize,
) -> Result<f64, KernelError> {
    // Warm-up: one pass over every copy (page faults, pool wake-up).
    for b in copies {
        kernel.run(a, b, c, bias, residual)?;
    }
    let mut times = Vec::with_capacity(reps);
    for i in 0..reps {
        let b = &copies[i % copies.len()];
        let t = Instant::now();
        kernel.run(a, b, c, bias, residual)?;
        times.push(t.elapsed().as_secs_f64());
    }
    Ok(median(times))
}

fn main() -> Result<(), KernelError> {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let m = args.first().copied().unwrap_or(8);
    let reps = args.get(1).copied().unwrap_or(200);
    let shapes = [
        ("qkv", 3072, 1024, Epilogue::BIAS),
        ("attn_out", 1024, 1024, Epilogue::BIAS_RESIDUAL),
        ("ffn_up", 4096, 1024, Epilogue::bias_act(Activation::GeluNew)),
        ("ffn_down", 1024, 4096, Epilogue::BIAS_RESIDUAL),
    ];
    let pool = Arc::new(ThreadPool::new(2)?);
    let mut total = [[0.0f64; 2]; 2];
    for (name, n, k, ep) in shapes {
        let w: Vec<f32> = (0..n * k).map(|i| ((i % 97) as f32 - 48.0) / 97.0).collect();
        let a: Vec<f32> = (0..m * k).map(|i| ((i % 89) as f32 - 44.0) / 89.0).collect();
        let bias = vec![0.01f32; n];
        let res = vec![0.5f32; m * n];
        let mut c = vec![0.0f32; m * n];
        let packed = PackedB::from_nk(&w, n, k)?;
        let bytes = (packed.data().len() * 4) as f64;
        let copies_cold = (96.0 * 1048576.0 / bytes).ceil() as usize;
        let cold: Vec<PackedB> = (0..copies_cold).map(|_| packed.clone()).collect();
        let plan = GemmPlan::new(m, n, k, ep);
        let one = plan.build()?;
        let mut two = plan.build()?;
        two.set_pool(Arc::clone(&pool));
        let (bias, res) = (ep.bias.then_some(&bias[..]), ep.residual.then_some(&res[..]));
        for (mi, (mode, copies)) in
            [("hot", std::slice::from_ref(&packed)), ("cold", &cold[..])].into_iter().enumerate()
        {
            for (ti, kernel) in [&one, &two].into_iter().enumerate() {
                let t = time_runs(kernel, &a, copies, &mut c, bias, res, reps)?;
                total[mi][ti] += t;
                println!(
                    "{name:9} m={m:2} n={n:5} k={k:5} {mode:4} t{}: {:8.1} us  {:6.1} GB/s  {:6.1} GFLOP/s",
                    ti + 1,
                    t * 1e6,
                    bytes / t / 1e9,
                    plan.flops() as f64 / t / 1e9
                );
            }
        }
    }
    for (mi, mode) in ["hot", "cold"].into_iter().enumerate() {
        println!(
            "sum of the four medians, {mode}: t1 {:7.1} us, t2 {:7.1} us (x24 layers: {:5.1} / {:5.1} ms)",
            total[mi][0] * 1e6,
            total[mi][1] * 1e6,
            total[mi][0] * 24e3,
            total[mi][1] * 24e3
        );
    }
    Ok(())
}
