//! The machine: CPU description, measured FMA peak, peak RSS.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::fma;

/// A measured floating-point peak for a thread count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PeakFlops {
    /// Threads running the FMA loop at once.
    pub threads: usize,
    /// Achieved fp32 GFLOP/s of all threads together (FMA = 2 FLOP per lane).
    pub gflops: f64,
}

/// What the report says about the machine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MachineInfo {
    /// CPU model name (`/proc/cpuinfo`), or the architecture.
    pub cpu: String,
    /// Logical CPUs available to this process.
    pub logical_cpus: usize,
    /// `linux-x86_64`, ...
    pub os: String,
    /// The FMA kernel used to measure the peak: `avx512f`, `avx2+fma` or `scalar`.
    pub peak_isa: String,
    /// Measured fp32 peaks, one per benchmarked thread count (empty when not measured).
    pub peaks: Vec<PeakFlops>,
}

impl MachineInfo {
    /// Describes this machine; measures the FMA peak for each of `threads` (about
    /// 0.3 s each) when `measure_peak`.
    pub fn detect(threads: &[usize], measure_peak: bool) -> Self {
        let (isa, _) = fma::best_isa();
        let peaks =
            if measure_peak { threads.iter().map(|&t| measure_fma_peak(t)).collect() } else { Vec::new() };
        MachineInfo {
            cpu: cpu_model(),
            logical_cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            os: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
            peak_isa: isa.to_string(),
            peaks,
        }
    }

    /// The measured peak for `threads`, if any.
    pub fn peak_gflops(&self, threads: usize) -> Option<f64> {
        self.peaks.iter().find(|p| p.threads == threads).map(|p| p.gflops)
    }
}

/// Measures the fp32 FMA peak of `threads` threads running a register-only FMA loop
/// (AVX-512 when the CPU has it, else AVX2+FMA, else scalar) at once: the best of
/// ten ~30 ms rounds (the best, so that a busy machine's slices do not count).
pub fn measure_fma_peak(threads: usize) -> PeakFlops {
    let threads = threads.max(1);
    let (_, lanes) = fma::best_isa();
    let flop_per_iter = (fma::CHAINS * lanes * 2) as f64;
    // Calibrate on one thread to ~30 ms per round.
    let mut iters: u64 = 1 << 16;
    loop {
        let t = Instant::now();
        std::hint::black_box(fma::fma_loop(iters));
        let dt = t.elapsed();
        if dt >= Duration::from_millis(15) || iters >= 1 << 34 {
            let scale = 0.03 / dt.as_secs_f64().max(1e-9);
            iters = ((iters as f64 * scale) as u64).max(1);
            break;
        }
        iters *= 4;
    }
    let mut best = 0.0_f64;
    for _ in 0..10 {
        let barrier = Barrier::new(threads + 1);
        let elapsed = std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    barrier.wait();
                    std::hint::black_box(fma::fma_loop(iters));
                });
            }
            barrier.wait();
            Instant::now()
        })
        .elapsed();
        let gflops = flop_per_iter * iters as f64 * threads as f64 / elapsed.as_secs_f64() / 1e9;
        best = best.max(gflops);
    }
    PeakFlops { threads, gflops: best }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

/// Peak resident set size of this process in bytes (`VmHWM` of `/proc/self/status`);
/// `None` where that file does not exist.
pub fn peak_rss_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Resets this process's peak RSS to its current RSS (Linux: `5` into
/// `/proc/self/clear_refs`), so the next [`peak_rss_bytes`] covers only what follows.
/// Returns false where that is not possible.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
