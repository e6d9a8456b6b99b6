//! The result of a benchmark and its renderings: aligned table, JSON, CSV.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::flops::FLOP_FORMULA;
use crate::{BenchOptions, LatencyStats, MachineInfo, ModelDims};

/// Output format of [`Report::render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned text table with notes (the default).
    Table,
    /// Pretty JSON of the whole [`Report`].
    Json,
    /// One CSV line per row, ONNX Runtime benchmark style columns.
    Csv,
}

/// One runtime on one (threads, batch, seq).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Runtime name.
    pub runtime: String,
    /// Runtime version.
    pub version: String,
    /// Precision.
    pub precision: String,
    /// Threads.
    pub threads: usize,
    /// Batch size.
    pub batch: usize,
    /// Sequence length.
    pub seq: usize,
    /// Latency statistics of the timed runs.
    pub latency: LatencyStats,
    /// `batch / mean latency`: sequences per second (ONNX Runtime's "QPS").
    pub sequences_per_s: f64,
    /// `batch · seq / mean latency`.
    pub tokens_per_s: f64,
    /// FLOPs of one forward pass ([`ModelDims::forward_flops`]).
    pub flop: f64,
    /// `flop / mean latency`, in GFLOP/s.
    pub gflops: f64,
    /// `gflops` as a percentage of the measured FMA peak at this thread count.
    pub peak_pct: Option<f64>,
    /// Load (+ export/compile) + first run, ms.
    pub first_result_ms: Option<f64>,
    /// Peak RSS of the process running this runtime, bytes.
    pub peak_rss_bytes: Option<u64>,
    /// Peers: max abs difference of `last_hidden_state` from the baseline (albert-jit).
    pub max_abs_diff: Option<f64>,
    /// Peers: this runtime's p50 / the baseline's p50 (> 1: albert-jit is faster).
    pub baseline_speedup: Option<f64>,
}

impl Row {
    /// A row from its timings; derived columns computed here.
    #[expect(clippy::too_many_arguments, reason = "one row has this many facts")]
    pub fn new(
        runtime: &str,
        version: &str,
        precision: &str,
        (threads, batch, seq): (usize, usize, usize),
        latency: LatencyStats,
        flop: f64,
        peak_gflops: Option<f64>,
        first_result_ms: Option<f64>,
        max_abs_diff: Option<f64>,
        baseline_speedup: Option<f64>,
    ) -> Self {
        let mean_s = latency.mean_ms / 1e3;
        let sequences_per_s = batch as f64 / mean_s;
        let gflops = flop / mean_s / 1e9;
        Row {
            runtime: runtime.to_string(),
            version: version.to_string(),
            precision: precision.to_string(),
            threads,
            batch,
            seq,
            latency,
            sequences_per_s,
            tokens_per_s: sequences_per_s * seq as f64,
            flop,
            gflops,
            peak_pct: peak_gflops.filter(|p| *p > 0.0).map(|p| 100.0 * gflops / p),
            first_result_ms,
            peak_rss_bytes: None,
            max_abs_diff,
            baseline_speedup,
        }
    }
}

/// A peer that was not (or no longer) run, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skip {
    /// Peer name.
    pub runtime: String,
    /// Why, for the user.
    pub reason: String,
}

/// A peer whose output disagreed with albert-jit's: not compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// Peer name.
    pub runtime: String,
    /// Threads.
    pub threads: usize,
    /// Batch size.
    pub batch: usize,
    /// Sequence length.
    pub seq: usize,
    /// Max abs difference over unpadded positions (`None`: shapes differ).
    pub max_abs_diff: Option<f64>,
    /// The tolerance it exceeded.
    pub tolerance: f64,
    /// More detail (shape mismatch).
    pub detail: String,
}

impl Rejection {
    /// One line for humans.
    pub fn describe(&self, baseline: &str) -> String {
        let what = match self.max_abs_diff {
            Some(d) => format!("max |diff| {d:.3e} > {:.0e}", self.tolerance),
            None => self.detail.clone(),
        };
        format!(
            "{} disagrees with {baseline} on last_hidden_state ({what}) at threads {} batch {} seq {}: not compared",
            self.runtime, self.threads, self.batch, self.seq
        )
    }
}

/// What a peer said when it loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerInfo {
    /// Runtime name.
    pub runtime: String,
    /// Runtime version.
    pub version: String,
    /// Precision it runs in.
    pub precision: String,
    /// Python version of the helper.
    pub python: String,
    /// Thread count of this load.
    pub threads: usize,
    /// Load time, ms.
    pub load_ms: f64,
    /// Whether the exported model came from the cache.
    pub cached_export: bool,
    /// Fused operators, attention implementation, ...
    pub note: String,
}

/// The settings the report was made with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSettings {
    /// Sequence lengths.
    pub seqs: Vec<usize>,
    /// Batch sizes.
    pub batches: Vec<usize>,
    /// Thread counts.
    pub threads: Vec<usize>,
    /// Warm-up runs.
    pub warmup: usize,
    /// Minimum timed runs.
    pub runs: usize,
    /// Minimum timed-loop duration, seconds.
    pub min_time_s: f64,
    /// Idle milliseconds before each runtime's run when peers are compared.
    pub settle_ms: f64,
    /// Precision asked of the peers.
    pub precision: String,
    /// Agreement tolerance.
    pub tolerance: f64,
    /// Token id seed.
    pub seed: u64,
}

/// Everything a benchmark found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The model directory.
    pub model_dir: PathBuf,
    /// Its dimensions.
    pub model: ModelDims,
    /// How FLOPs are counted.
    pub flop_formula: String,
    /// The runtime the others are compared with (albert-jit's engine name).
    pub baseline: String,
    /// The machine.
    pub machine: MachineInfo,
    /// The settings.
    pub settings: ReportSettings,
    /// One per (runtime, threads, batch, seq), in run order.
    pub rows: Vec<Row>,
    /// Peers that were skipped, and why.
    pub skipped: Vec<Skip>,
    /// Peers refused because their output disagreed.
    pub rejected: Vec<Rejection>,
    /// What each peer said when it loaded.
    pub peers: Vec<PeerInfo>,
}

impl Report {
    /// An empty report.
    pub fn new(model_dir: &Path, model: ModelDims, machine: MachineInfo, opts: &BenchOptions) -> Self {
        Report {
            model_dir: model_dir.to_path_buf(),
            model,
            flop_formula: FLOP_FORMULA.to_string(),
            baseline: "albert-jit".to_string(),
            machine,
            settings: ReportSettings {
                seqs: opts.seqs.clone(),
                batches: opts.batches.clone(),
                threads: opts.threads.clone(),
                warmup: opts.warmup.max(1),
                runs: opts.runs,
                min_time_s: opts.min_time.as_secs_f64(),
                settle_ms: opts.settle.as_secs_f64() * 1e3,
                precision: opts.precision.clone(),
                tolerance: f64::from(opts.tolerance()),
                seed: opts.seed,
            },
            rows: Vec::new(),
            skipped: Vec::new(),
            rejected: Vec::new(),
            peers: Vec::new(),
        }
    }

    /// Records a skipped peer.
    pub fn skip(&mut self, runtime: &str, reason: &str) {
        self.skipped.push(Skip { runtime: runtime.to_string(), reason: reason.to_string() });
    }

    /// Records what a peer said at load.
    pub fn add_peer_info(&mut self, info: PeerInfo) {
        self.peers.push(info);
    }

    /// True when no peer was refused for disagreeing (the CLI may exit non-zero otherwise).
    pub fn all_agree(&self) -> bool {
        self.rejected.is_empty()
    }

    /// The report in `format`.
    pub fn render(&self, format: OutputFormat) -> String {
        match format {
            OutputFormat::Table => self.table(),
            OutputFormat::Json => {
                let mut s =
                    serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
                s.push('\n');
                s
            }
            OutputFormat::Csv => self.csv(),
        }
    }

    /// Rows sorted for display: threads, batch, seq, then baseline first.
    fn sorted_rows(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by_key(|r| (r.threads, r.batch, r.seq, r.runtime != self.baseline));
        rows
    }

    /// CSV with a header line. Columns follow ONNX Runtime's benchmark CSV (runtime,
    /// version, precision, threads, batch_size, sequence_length, latency percentiles in
    /// ms, QPS) plus this harness's extra columns.
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "runtime,version,precision,threads,batch_size,sequence_length,runs,\
             latency_mean_ms,latency_p50_ms,latency_p90_ms,latency_p99_ms,QPS,tokens_per_s,\
             GFLOPS,peak_pct,first_result_ms,peak_rss_MB,speedup_of_baseline,max_abs_diff\n",
        );
        let opt = |v: Option<f64>, p: usize| v.map_or(String::new(), |x| format!("{x:.p$}"));
        for r in self.sorted_rows() {
            let fields = [
                csv_field(&r.runtime),
                csv_field(&r.version),
                csv_field(&r.precision),
                r.threads.to_string(),
                r.batch.to_string(),
                r.seq.to_string(),
                r.latency.runs.to_string(),
                format!("{:.3}", r.latency.mean_ms),
                format!("{:.3}", r.latency.p50_ms),
                format!("{:.3}", r.latency.p90_ms),
                format!("{:.3}", r.latency.p99_ms),
                format!("{:.3}", r.sequences_per_s),
                format!("{:.1}", r.tokens_per_s),
                format!("{:.2}", r.gflops),
                opt(r.peak_pct, 1),
                opt(r.first_result_ms, 1),
                opt(r.peak_rss_bytes.map(|b| b as f64 / 1e6), 1),
                opt(r.baseline_speedup, 3),
                r.max_abs_diff.map_or(String::new(), |d| format!("{d:.3e}")),
            ];
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }

    /// The aligned table with the machine, notes, skips and refusals.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let m = &self.model;
        let _ = writeln!(
            out,
            "model {}: E={} H={} I={} L={} heads={}; peers asked for {}",
            self.model_dir.display(),
            m.embedding_size,
            m.hidden_size,
            m.intermediate_size,
            m.num_layers,
            m.num_heads,
            self.settings.precision
        );
        let peaks: Vec<String> = self
            .machine
            .peaks
            .iter()
            .map(|p| format!("{} thread(s) {:.0} GFLOP/s", p.threads, p.gflops))
            .collect();
        let _ = writeln!(
            out,
            "machine: {}, {} logical CPUs, {}; fp32 FMA peak ({}): {}",
            self.machine.cpu,
            self.machine.logical_cpus,
            self.machine.os,
            self.machine.peak_isa,
            if peaks.is_empty() { "not measured".to_string() } else { peaks.join(", ") }
        );
        let _ = writeln!(
            out,
            "runs: warm-up {}, timed >= {} and >= {:.1} s per shape, runtimes interleaved run by run{}\n",
            self.settings.warmup,
            self.settings.runs,
            self.settings.min_time_s,
            if self.settings.settle_ms > 0.0 && self.rows.iter().any(|r| r.runtime != self.baseline) {
                format!(" with {:.0} ms idle before each", self.settings.settle_ms)
            } else {
                String::new()
            }
        );

        let vs = format!("vs {}", self.baseline);
        let headers = [
            "runtime",
            "version",
            "prec",
            "thr",
            "batch",
            "seq",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "seq/s",
            "tok/s",
            "GFLOP/s",
            "%peak",
            "first ms",
            "RSS MB",
            &vs,
            "max|diff|",
        ];
        let left = [
            true, true, true, false, false, false, false, false, false, false, false, false, false, false,
            false, false, false,
        ];
        let mut cells: Vec<Vec<String>> = Vec::new();
        let mut last_group = None;
        let mut separators = Vec::new();
        for r in self.sorted_rows() {
            let group = (r.threads, r.batch);
            if last_group.is_some() && last_group != Some(group) {
                separators.push(cells.len());
            }
            last_group = Some(group);
            cells.push(vec![
                r.runtime.clone(),
                r.version.clone(),
                r.precision.clone(),
                r.threads.to_string(),
                r.batch.to_string(),
                r.seq.to_string(),
                fmt_ms(r.latency.p50_ms),
                fmt_ms(r.latency.p90_ms),
                fmt_ms(r.latency.p99_ms),
                fmt_rate(r.sequences_per_s),
                fmt_rate(r.tokens_per_s),
                format!("{:.1}", r.gflops),
                r.peak_pct.map_or("-".into(), |p| format!("{p:.1}")),
                r.first_result_ms.map_or("-".into(), fmt_ms),
                r.peak_rss_bytes.map_or("-".into(), |b| format!("{:.0}", b as f64 / 1e6)),
                r.baseline_speedup.map_or("-".into(), |s| format!("{s:.2}x")),
                r.max_abs_diff.map_or("-".into(), |d| format!("{d:.1e}")),
            ]);
        }
        out.push_str(&align(&headers, &left, &cells, &separators));

        if cells.is_empty() {
            out.push_str("(no results)\n");
        }
        let _ = writeln!(
            out,
            "\n{vs}: the runtime's p50 / {}'s p50 (above 1x: {} is faster). \
             max|diff|: last_hidden_state vs {} (tolerance {:.0e}).",
            self.baseline, self.baseline, self.baseline, self.settings.tolerance
        );
        let _ = writeln!(out, "{}", self.flop_formula);
        let _ = writeln!(
            out,
            "first ms: load (+ export/convert, compile) + first run. RSS: peak of the runtime's process \
             (peers run in their own Python process)."
        );
        let mut seen = Vec::new();
        for p in &self.peers {
            let key = (p.runtime.clone(), p.note.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let _ = writeln!(
                out,
                "{} {} (Python {}): {}{}",
                p.runtime,
                p.version,
                p.python,
                p.note,
                if p.cached_export { "; export from cache" } else { "" }
            );
        }
        for s in &self.skipped {
            let _ = writeln!(out, "SKIPPED {}: {}", s.runtime, s.reason);
        }
        for r in &self.rejected {
            let _ = writeln!(out, "REFUSED {}", r.describe(&self.baseline));
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn fmt_ms(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 1000.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

fn fmt_rate(x: f64) -> String {
    if x < 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

/// Aligns `cells` under `headers` (left- or right-aligned per column), with a rule under
/// the header and a blank line before each row index in `separators`.
fn align(headers: &[&str], left: &[bool], cells: &[Vec<String>], separators: &[usize]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String]| -> String {
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(left)
            .map(|((c, &w), &l)| if l { format!("{c:<w$}") } else { format!("{c:>w$}") })
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let mut out = line(&header);
    let total = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    out.push_str(&"-".repeat(total));
    out.push('\n');
    for (i, row) in cells.iter().enumerate() {
        if separators.contains(&i) {
            out.push('\n');
        }
        out.push_str(&line(row));
    }
    out
}
