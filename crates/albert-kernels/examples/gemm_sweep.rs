//! Quick tuning sweep: GFLOP/s of the ALBERT-large GEMMs for a few K-block / broadcast
//! choices, each next to an interleaved FMA-peak measurement (the machine is shared, so the
//! ratio measured back to back is the honest number).
//!
//! `cargo run --release -p albert-kernels --example gemm_sweep -- [s] [kc...]`

use albert_kernels::x86_64::avx512::gemm::Broadcast;
use albert_kernels::x86_64::avx512::peak;
use albert_kernels::{Activation, Epilogue, GemmPlan, KernelError, PackedB};

/// CPU time of the calling thread: the machine is shared, and time spent descheduled must
/// not count against the kernel (nor against the peak it is compared with).
#[expect(unsafe_code, reason = "clock_gettime through libc")]
fn thread_cpu_secs() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), KernelError> {
    if !albert_kernels::cpu::has_avx512() {
        println!("skipped: this CPU lacks AVX-512F");
        return Ok(());
    }
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let s = args.first().copied().unwrap_or(128);
    let kcs: Vec<usize> = if args.len() > 1 { args[1..].to_vec() } else { vec![256, 100_000] };
    let shapes = [
        ("qkv", 3072, 1024, Epilogue::BIAS),
        ("attn_out", 1024, 1024, Epilogue::BIAS_RESIDUAL),
        ("ffn_up", 4096, 1024, Epilogue::bias_act(Activation::GeluNew)),
        ("ffn_down", 1024, 4096, Epilogue::BIAS_RESIDUAL),
    ];
    for (name, n, k, ep) in shapes {
        // Row padding of A (elements): a multiple-of-4-KiB row stride puts all 14 rows of a
        // tile in one L1 set.
        let pad: usize = std::env::var("PAD_A").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
        let lda = k + pad;
        let a = vec![0.5f32; s * lda];
        let w = vec![0.25f32; n * k];
        let bias = vec![0.1f32; n];
        let res = vec![0.2f32; s * n];
        let mut c = vec![0.0f32; s * n];
        let packed = PackedB::from_nk(&w, n, k)?;
        for &kc in &kcs {
            for bc in [Broadcast::Embedded, Broadcast::Register] {
                let mut plan = GemmPlan::new(s, n, k, ep).with_strides(lda, n, n).with_k_block(kc);
                plan.broadcast = bc;
                let kernel = plan.build()?;
                let (mut g, mut pk) = (Vec::new(), Vec::new());
                for _ in 0..9 {
                    pk.push(peak::measure_gflops_with(4_000_000, thread_cpu_secs)?);
                    let reps = (2e9 / plan.flops() as f64).ceil() as usize;
                    let t = thread_cpu_secs();
                    for _ in 0..reps {
                        kernel.run(
                            &a,
                            &packed,
                            &mut c,
                            ep.bias.then_some(&bias[..]),
                            ep.residual.then_some(&res[..]),
                        )?;
                    }
                    g.push(plan.flops() as f64 * reps as f64 / (thread_cpu_secs() - t) / 1e9);
                }
                let (gm, pm) = (median(g.clone()), median(pk));
                let best = g.iter().cloned().fold(0.0, f64::max);
                println!(
                    "{name:9} s={s:4} kc={kc:6} {bc:?}: median {gm:6.1} GFLOP/s (best {best:6.1}), peak median {pm:6.1} -> {:5.1}%",
                    100.0 * gm / pm
                );
            }
        }
    }
    Ok(())
}
