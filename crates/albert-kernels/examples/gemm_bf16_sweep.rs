//! bf16 vs fp32 GEMM on the ALBERT-large loop-body shapes, one thread, timed in thread CPU
//! time next to interleaved register-only peaks (`vfmadd231ps` and `vdpbf16ps`): the
//! machine is shared, so the ratio measured back to back is the honest number.
//!
//! On AMX CPUs a last column times the AMX tiles.
//!
//! `cargo run --release -p albert-kernels --example gemm_bf16_sweep -- [s...]`

use albert_kernels::x86_64::avx512::gemm::Broadcast;
use albert_kernels::x86_64::avx512::{peak, peak_bf16};
use albert_kernels::{
    Activation, Bf16GemmPlan, CpuFeatures, Epilogue, GemmPlan, KernelError, PackedB, PackedBf16,
};

/// CPU time of the calling thread (time spent descheduled does not count).
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

/// Median GFLOP/s of `run` over 7 rounds of ~1 GFLOP each.
fn gflops(flops: u64, mut run: impl FnMut() -> Result<(), KernelError>) -> Result<f64, KernelError> {
    let reps = (1e9 / flops as f64).ceil() as usize;
    let mut g = Vec::new();
    for _ in 0..7 {
        let t = thread_cpu_secs();
        for _ in 0..reps {
            run()?;
        }
        g.push(flops as f64 * reps as f64 / (thread_cpu_secs() - t) / 1e9);
    }
    Ok(median(g))
}

fn main() -> Result<(), KernelError> {
    let cpu = CpuFeatures::detect();
    if !(cpu.avx512f && cpu.avx512_bf16) {
        println!("skipped: this CPU lacks AVX512_BF16");
        return Ok(());
    }
    let mut ss: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if ss.is_empty() {
        ss = vec![8, 128];
    }
    let p32 = median(
        (0..7).map(|_| peak::measure_gflops_with(4_000_000, thread_cpu_secs)).collect::<Result<_, _>>()?,
    );
    let p16 = median(
        (0..7)
            .map(|_| peak_bf16::measure_gflops_with(4_000_000, thread_cpu_secs))
            .collect::<Result<_, _>>()?,
    );
    println!("one core: vfmadd231ps peak {p32:.1} GFLOP/s, vdpbf16ps peak {p16:.1} GFLOP/s");
    let shapes = [
        ("qkv", 3072, 1024, Epilogue::BIAS),
        ("attn_out", 1024, 1024, Epilogue::BIAS_RESIDUAL),
        ("ffn_up", 4096, 1024, Epilogue::bias_act(Activation::GeluNew)),
        ("ffn_down", 1024, 4096, Epilogue::BIAS_RESIDUAL),
    ];
    for &s in &ss {
        for (name, n, k, ep) in shapes {
            let a: Vec<f32> = (0..s * k).map(|i| ((i % 89) as f32 - 44.0) / 89.0).collect();
            let w: Vec<f32> = (0..n * k).map(|i| ((i % 97) as f32 - 48.0) / 97.0).collect();
            let bias = vec![0.1f32; n];
            let res = vec![0.2f32; s * n];
            // C starts on a cache line, as the arena's buffers do.
            let mut c_buf = vec![0.0f32; s * n + 16];
            let c_off = c_buf.as_ptr().align_offset(64).min(16);
            let c = &mut c_buf[c_off..c_off + s * n];
            let (b_arg, r_arg) = (ep.bias.then_some(&bias[..]), ep.residual.then_some(&res[..]));
            let packed = PackedB::from_nk(&w, n, k)?;
            let packed16 = PackedBf16::from_nk(&w, n, k)?;
            let plan = GemmPlan::new(s, n, k, ep);
            let fp32 = plan.build()?;
            let g32 = gflops(plan.flops(), || fp32.run(&a, &packed, c, b_arg, r_arg))?;
            let mut line =
                format!("{name:9} s={s:4}: fp32 {g32:6.1} ({:4.1}% of fma peak)", 100.0 * g32 / p32);
            for bc in [Broadcast::Register, Broadcast::Embedded] {
                let mut p16plan = Bf16GemmPlan::from_gemm_plan(&plan);
                p16plan.broadcast = bc;
                let bf16 = p16plan.build()?;
                let g16 = gflops(plan.flops(), || bf16.run(&a, &packed16, c, b_arg, r_arg))?;
                line += &format!(
                    " | bf16 {bc:?} {g16:6.1} ({:4.1}% of dpbf16 peak, {:.2}x fp32)",
                    100.0 * g16 / p16,
                    g16 / g32
                );
            }
            if cpu.amx_bf16 {
                for kb in [None, Some(512), Some(256)] {
                    let mut amx = Bf16GemmPlan::from_gemm_plan(&plan).with_amx(true);
                    amx.k_block = kb;
                    let amx = amx.build()?;
                    let ga = gflops(plan.flops(), || amx.run(&a, &packed16, c, b_arg, r_arg))?;
                    let kb = kb.map_or("K".to_string(), |k| k.to_string());
                    line += &format!(" | amx kb {kb} {ga:6.1}");
                }
            }
            println!("{line}");
        }
    }
    Ok(())
}
