//! Prometheus metrics with TEI's names (`router/src/lib.rs`,
//! `core/src/queue.rs`), written in the text exposition format by hand: a
//! few counters, one gauge and histograms, owned by one server (so tests can
//! run several servers in one process, which a global recorder forbids).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the duration histograms.
const DURATION_BUCKETS: [f64; 15] =
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];
/// Upper bounds of the size histograms (tokens, requests).
const SIZE_BUCKETS: [f64; 15] =
    [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0, 8192.0, 16384.0];

#[derive(Clone, Debug)]
struct Histogram {
    bounds: &'static [f64],
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Self {
        Histogram { bounds, counts: vec![0; bounds.len()], sum: 0.0, count: 0 }
    }

    fn observe(&mut self, v: f64) {
        for (c, &b) in self.counts.iter_mut().zip(self.bounds) {
            if v <= b {
                *c += 1;
            }
        }
        self.sum += v;
        self.count += 1;
    }

    fn write(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        for (c, b) in self.counts.iter().zip(self.bounds) {
            let _ = writeln!(out, "{name}_bucket{{le=\"{b}\"}} {c}");
        }
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {}", self.count);
        let _ = writeln!(out, "{name}_sum {}", self.sum);
        let _ = writeln!(out, "{name}_count {}", self.count);
    }
}

/// The histograms, by metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hist {
    /// `te_request_duration`: whole request, seconds.
    RequestDuration,
    /// `te_request_tokenization_duration`.
    TokenizationDuration,
    /// `te_request_queue_duration`: enqueued → batch start.
    QueueDuration,
    /// `te_request_inference_duration`: the forward pass of its batch.
    InferenceDuration,
    /// `te_request_input_length`: tokens per input.
    InputLength,
    /// `te_batch_next_size`: sequences per batch formed.
    BatchSize,
    /// `te_batch_next_tokens`: padded tokens per batch formed.
    BatchTokens,
}

impl Hist {
    const ALL: [Hist; 7] = [
        Hist::RequestDuration,
        Hist::TokenizationDuration,
        Hist::QueueDuration,
        Hist::InferenceDuration,
        Hist::InputLength,
        Hist::BatchSize,
        Hist::BatchTokens,
    ];

    fn name_help(self) -> (&'static str, &'static str) {
        match self {
            Hist::RequestDuration => ("te_request_duration", "Request duration in seconds"),
            Hist::TokenizationDuration => {
                ("te_request_tokenization_duration", "Tokenization duration in seconds")
            }
            Hist::QueueDuration => {
                ("te_request_queue_duration", "Time spent in the batching queue in seconds")
            }
            Hist::InferenceDuration => ("te_request_inference_duration", "Forward pass duration in seconds"),
            Hist::InputLength => ("te_request_input_length", "Input length in tokens"),
            Hist::BatchSize => ("te_batch_next_size", "Sequences per batch"),
            Hist::BatchTokens => ("te_batch_next_tokens", "Padded tokens per batch"),
        }
    }

    fn bounds(self) -> &'static [f64] {
        match self {
            Hist::InputLength | Hist::BatchSize | Hist::BatchTokens => &SIZE_BUCKETS,
            _ => &DURATION_BUCKETS,
        }
    }
}

#[derive(Default)]
struct Inner {
    /// `te_request_count{method}`.
    count: BTreeMap<&'static str, u64>,
    /// `te_request_success{method}`.
    success: BTreeMap<&'static str, u64>,
    /// `te_request_failure{err}`.
    failure: BTreeMap<&'static str, u64>,
    hists: BTreeMap<Hist, Histogram>,
}

/// One server's metrics.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    /// `te_queue_size`: sequences waiting in the batching queue.
    queue_size: AtomicI64,
}

impl Metrics {
    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut g)
    }

    /// A request arrived (`method`: `single` or `batch`).
    pub fn request(&self, method: &'static str) {
        self.with(|m| *m.count.entry(method).or_default() += 1);
    }

    /// A request succeeded.
    pub fn success(&self, method: &'static str) {
        self.with(|m| *m.success.entry(method).or_default() += 1);
    }

    /// A request failed with this error type.
    pub fn failure(&self, err: &'static str) {
        self.with(|m| *m.failure.entry(err).or_default() += 1);
    }

    /// Records a value in a histogram.
    pub fn observe(&self, h: Hist, v: f64) {
        self.with(|m| m.hists.entry(h).or_insert_with(|| Histogram::new(h.bounds())).observe(v));
    }

    /// Records a duration in seconds.
    pub fn time(&self, h: Hist, d: Duration) {
        self.observe(h, d.as_secs_f64());
    }

    /// Adds to the queue-size gauge.
    pub fn queue_add(&self, n: i64) {
        self.queue_size.fetch_add(n, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.with(|m| {
            for (name, help, label, map) in [
                ("te_request_count", "Inference requests received", "method", &m.count),
                ("te_request_success", "Inference requests answered", "method", &m.success),
                ("te_request_failure", "Inference requests refused or failed", "err", &m.failure),
            ] {
                let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
                for (k, v) in map {
                    let _ = writeln!(out, "{name}{{{label}=\"{k}\"}} {v}");
                }
            }
            for h in Hist::ALL {
                let (name, help) = h.name_help();
                match m.hists.get(&h) {
                    Some(hist) => hist.write(&mut out, name, help),
                    None => Histogram::new(h.bounds()).write(&mut out, name, help),
                }
            }
        });
        let _ = writeln!(
            out,
            "# HELP te_queue_size Sequences waiting in the batching queue\n# TYPE te_queue_size gauge\nte_queue_size {}",
            self.queue_size.load(Ordering::Relaxed)
        );
        out
    }
}
