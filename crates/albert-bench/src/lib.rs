//! `albert-jit bench`: whole-model benchmarks of albert-jit against other runtimes in
//! one run — PyTorch eager (Hugging Face `transformers`), ONNX Runtime (exported model +
//! its transformer optimizer) and OpenVINO — on the same checkpoint and token ids.
//!
//! The CLI builds a [`BenchOptions`], hands [`run`] a closure that builds albert-jit for
//! a thread count, and renders the [`Report`]:
//!
//! ```no_run
//! use std::time::{Duration, Instant};
//! use albert_bench::{BenchError, BenchInput, BenchOptions, Engine, OutputFormat};
//!
//! struct Jit; // wraps albert_runtime::Session in the CLI
//! impl Engine for Jit {
//!     fn name(&self) -> String { "albert-jit".into() }
//!     fn version(&self) -> String { env!("CARGO_PKG_VERSION").into() }
//!     fn precision(&self) -> String { "fp32".into() }
//!     fn run(&mut self, input: &BenchInput) -> Result<Vec<f32>, BenchError> {
//!         Ok(vec![0.0; input.batch * input.seq * 1024]) // last_hidden_state
//!     }
//! }
//!
//! let opts = BenchOptions { compare: vec!["onnxruntime".into(), "openvino".into()], ..Default::default() };
//! let model = std::path::Path::new("tests/fixtures/albert-large-v2-synthetic");
//! let report = albert_bench::run(&opts, model, &mut |_threads| {
//!     let t = Instant::now();
//!     let engine = Jit; // load + compile here
//!     Ok((Box::new(engine) as Box<dyn Engine>, t.elapsed()))
//! })?;
//! print!("{}", report.render(OutputFormat::Table));
//! report.write_plot(std::path::Path::new("bench.svg"))?;
//! # Ok::<(), BenchError>(())
//! ```
//!
//! How it measures:
//! - For each thread count: albert-jit is built (`make_albert`) and each peer loads the
//!   model in its own long-lived Python process ([`peer`]); then for each (batch, seq)
//!   every runtime gets the same seeded ids ([`BenchInput::synthetic`]).
//! - The first run of each runtime is the **agreement check**: every peer's
//!   `last_hidden_state` must be within `tolerance` (max abs, unpadded positions) of
//!   albert-jit's, or the peer is refused ([`Rejection`]) and not reported further.
//! - Then `warmup - 1` more untimed runs and the timed runs, **interleaved** run by run
//!   (albert-jit, then each peer, repeat) until every runtime has `runs` samples and the
//!   loop has lasted `min_time`, so machine drift hits all alike.
//! - albert-jit is timed around [`Engine::run`] in this process; peers are timed inside
//!   their process around the inference call alone (IPC excluded).
//! - Time to first result = load/compile time + the first run. Peak RSS: this process's
//!   `VmHWM` for albert-jit, the helper's for each peer, reset before each thread count.
//! - GFLOP/s from [`ModelDims::forward_flops`] and mean latency; % of the FMA peak
//!   measured on this machine for the same thread count ([`machine`]).

mod error;
pub mod flops;
mod fma;
mod harness;
pub mod input;
pub mod machine;
pub mod peer;
mod plot;
pub mod report;
pub mod stats;

use std::time::Duration;

pub use error::BenchError;
pub use flops::ModelDims;
pub use harness::{max_abs_diff, run, AlbertFactory};
pub use input::BenchInput;
pub use machine::MachineInfo;
pub use peer::PeerConfig;
pub use report::{OutputFormat, Rejection, Report, Row, Skip};
pub use stats::LatencyStats;

/// A runtime under test. albert-jit implements it in the CLI; the harness times
/// [`Engine::run`] itself.
pub trait Engine {
    /// Runtime name as reported (`albert-jit`, `albert-jit (reference)`, ...).
    fn name(&self) -> String;
    /// Version string.
    fn version(&self) -> String;
    /// `fp32`, `bf16`, ...
    fn precision(&self) -> String;
    /// Called once per (batch, seq), untimed, before the runs of that shape (e.g. to pick
    /// a shape bucket or allocate buffers). Default: nothing.
    fn prepare(&mut self, _input: &BenchInput) -> Result<(), BenchError> {
        Ok(())
    }
    /// One forward pass; returns `last_hidden_state`, row-major `[batch, seq, hidden]` f32.
    fn run(&mut self, input: &BenchInput) -> Result<Vec<f32>, BenchError>;
}

/// What to benchmark and how.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Sequence lengths (tokens per sequence, `[CLS]` and `[SEP]` included).
    pub seqs: Vec<usize>,
    /// Batch sizes.
    pub batches: Vec<usize>,
    /// Thread counts.
    pub threads: Vec<usize>,
    /// Untimed runs per runtime and shape (at least 1: the first is the agreement check).
    pub warmup: usize,
    /// Minimum timed runs per runtime and shape.
    pub runs: usize,
    /// Minimum duration of the timed (interleaved) loop per shape.
    pub min_time: Duration,
    /// Idle time before each runtime's run when peers are compared, so that every run starts
    /// on a quiet machine: a peer's worker threads keep spinning after its run returns
    /// (ONNX Runtime's intra-op pool does by default) and would otherwise take the cores from
    /// the next runtime. On the Intel Xeon with AMX (2 vCPUs), interleaved with ONNX Runtime
    /// alone and no gap, albert-jit fp32 at seq 8 took 48.2 ms against 25.7 ms alone.
    pub settle: Duration,
    /// Peers to compare with: `onnxruntime`, `openvino`, `pytorch` (aliases `ort`, `ov`,
    /// `torch`). Unavailable ones are skipped with a message.
    pub compare: Vec<String>,
    /// Precision asked of the peers: `fp32` or `bf16`.
    pub precision: String,
    /// Max abs difference of `last_hidden_state` allowed between a peer and albert-jit;
    /// `None`: 1e-3 for fp32, 1e-1 for bf16.
    pub tolerance: Option<f32>,
    /// Seed of the token ids.
    pub seed: u64,
    /// Measure the machine's FMA peak (~0.3 s per thread count).
    pub measure_peak: bool,
    /// Print progress to stderr.
    pub progress: bool,
    /// How to find and run the Python peers.
    pub peers: PeerConfig,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            seqs: vec![8, 32, 128, 512],
            batches: vec![1, 8],
            threads: vec![1, 2],
            warmup: 2,
            runs: 10,
            min_time: Duration::from_secs(1),
            settle: Duration::from_millis(20),
            compare: Vec::new(),
            precision: "fp32".into(),
            tolerance: None,
            seed: 0x00A1_BE27,
            measure_peak: true,
            progress: false,
            peers: PeerConfig::default(),
        }
    }
}

impl BenchOptions {
    /// The agreement tolerance in effect.
    pub fn tolerance(&self) -> f32 {
        self.tolerance.unwrap_or(if self.precision == "fp32" { 1e-3 } else { 1e-1 })
    }

    /// Parses a comma-separated list of positive integers (`"8,32,128"`), for the CLI.
    pub fn parse_list(text: &str) -> Result<Vec<usize>, BenchError> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| match s.parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(BenchError::Options(format!("'{s}' in '{text}' is not a positive integer"))),
            })
            .collect()
    }
}
