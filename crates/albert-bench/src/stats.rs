//! Latency statistics.

use serde::Serialize;

/// Percentile `p` (0..=100) of ascending `sorted` samples, by linear interpolation
/// between the closest ranks (NumPy's default `linear` method). `NaN` when empty.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let rank = (p.clamp(0.0, 100.0) / 100.0) * (n - 1) as f64;
            let lo = rank.floor() as usize;
            let hi = rank.ceil() as usize;
            sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64)
        }
    }
}

/// Summary of one runtime's timed runs on one configuration, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyStats {
    /// Number of timed runs.
    pub runs: usize,
    /// Arithmetic mean.
    pub mean_ms: f64,
    /// Sample standard deviation (0 for one run).
    pub stddev_ms: f64,
    /// Fastest run.
    pub min_ms: f64,
    /// Median.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest run.
    pub max_ms: f64,
}

impl LatencyStats {
    /// Statistics of `samples_ms` (any order); `None` when there are none.
    pub fn from_samples(samples_ms: &[f64]) -> Option<Self> {
        if samples_ms.is_empty() {
            return None;
        }
        let mut s = samples_ms.to_vec();
        s.sort_by(f64::total_cmp);
        let n = s.len() as f64;
        let mean = s.iter().sum::<f64>() / n;
        let var = if s.len() > 1 {
            s.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)
        } else {
            0.0
        };
        Some(LatencyStats {
            runs: s.len(),
            mean_ms: mean,
            stddev_ms: var.sqrt(),
            min_ms: s[0],
            p50_ms: percentile(&s, 50.0),
            p90_ms: percentile(&s, 90.0),
            p99_ms: percentile(&s, 99.0),
            max_ms: s[s.len() - 1],
        })
    }
}
