//! Measures the register-only zmm FMA peak of one core (median of 15 runs), the denominator
//! for quoting GEMM throughput as a percentage of peak.
//!
//! `cargo run --release -p albert-kernels --example peak`

fn main() -> Result<(), albert_kernels::KernelError> {
    if !albert_kernels::cpu::has_avx512() {
        println!("skipped: this CPU lacks AVX-512F");
        return Ok(());
    }
    let mut runs: Vec<f64> = (0..15)
        .map(|_| albert_kernels::x86_64::avx512::peak::measure_gflops(20_000_000))
        .collect::<Result<_, _>>()?;
    runs.sort_by(f64::total_cmp);
    println!(
        "zmm FMA peak, one core: median {:.1} GFLOP/s (min {:.1}, max {:.1})",
        runs[runs.len() / 2],
        runs[0],
        runs[runs.len() - 1]
    );
    Ok(())
}
