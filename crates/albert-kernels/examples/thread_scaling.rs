//! How the ALBERT-large GEMMs scale from one thread to two (the frame's N split): wall-clock
//! GFLOP/s of each loop-body GEMM at `s` rows on 1 and 2 pool threads, runs interleaved,
//! medians of 15, next to the FMA peak of 1 and 2 threads measured in the same run.
//!
//! `cargo run --release -p albert-kernels --example thread_scaling -- [s]`

use std::sync::Arc;
use std::time::Instant;

use albert_kernels::x86_64::avx512::peak;
use albert_kernels::{Activation, Epilogue, GemmPlan, KernelError, PackedB, ThreadPool};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The FMA peak of `threads` threads running the peak loop at once (wall clock).
fn peak_of(threads: usize) -> Result<f64, KernelError> {
    let t = Instant::now();
    let per: Vec<f64> = std::thread::scope(|scope| {
        let hs: Vec<_> = (0..threads)
            .map(|_| scope.spawn(|| peak::measure_gflops_with(20_000_000, || t.elapsed().as_secs_f64())))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap_or(Ok(0.0))).collect::<Result<Vec<f64>, KernelError>>()
    })?;
    Ok(per.iter().sum())
}

fn main() -> Result<(), KernelError> {
    if !albert_kernels::cpu::has_avx512() {
        println!("skipped: this CPU lacks AVX-512F");
        return Ok(());
    }
    let s: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(128);
    let pool = Arc::new(ThreadPool::new(2)?);
    let shapes = [
        ("qkv", 3072, 1024, Epilogue::BIAS),
        ("attn_out", 1024, 1024, Epilogue::BIAS_RESIDUAL),
        ("ffn_up", 4096, 1024, Epilogue::bias_act(Activation::GeluNew)),
        ("ffn_down", 1024, 4096, Epilogue::BIAS_RESIDUAL),
    ];
    let (mut p1, mut p2) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        p1.push(peak_of(1)?);
        p2.push(peak_of(2)?);
    }
    let (p1, p2) = (median(p1), median(p2));
    println!("FMA peak: 1 thread {p1:.1} GFLOP/s, 2 threads {p2:.1} GFLOP/s ({:.2}x)", p2 / p1);
    for (name, n, k, ep) in shapes {
        let lda = albert_kernels::frame::gemm::preferred_lda(k);
        let a = vec![0.5f32; s * lda];
        let w = vec![0.25f32; n * k];
        let bias = vec![0.1f32; n];
        let res = vec![0.2f32; s * n];
        let mut c = vec![0.0f32; s * n];
        let packed = PackedB::from_nk(&w, n, k)?;
        let mut plan = GemmPlan::new(s, n, k, ep).with_strides(lda, n, n);
        // KC=…: a K block to try (default: the frame's).
        if let Some(kc) = std::env::var("KC").ok().and_then(|v| v.parse().ok()) {
            plan = plan.with_k_block(kc);
        }
        let single = plan.build()?;
        let mut double = plan.build()?;
        double.set_pool(pool.clone());
        let reps = (1e9 / plan.flops() as f64).ceil() as usize;
        let (mut g1, mut g2) = (Vec::new(), Vec::new());
        for _ in 0..15 {
            for (kernel, out) in [(&single, &mut g1), (&double, &mut g2)] {
                let t = Instant::now();
                for _ in 0..reps {
                    kernel.run(
                        &a,
                        &packed,
                        &mut c,
                        ep.bias.then_some(&bias[..]),
                        ep.residual.then_some(&res[..]),
                    )?;
                }
                out.push(plan.flops() as f64 * reps as f64 / t.elapsed().as_secs_f64() / 1e9);
            }
        }
        let (g1, g2) = (median(g1), median(g2));
        println!(
            "{name:9} s={s:4}: 1 thread {g1:6.1} GFLOP/s ({:5.1}% of peak), 2 threads {g2:6.1} GFLOP/s ({:5.1}%), scaling {:.2}x",
            100.0 * g1 / p1,
            100.0 * g2 / p2,
            g2 / g1
        );
    }
    Ok(())
}
