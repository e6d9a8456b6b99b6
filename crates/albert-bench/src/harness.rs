//! The benchmark loop: build, check agreement, warm up, time interleaved, report.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::machine::{self, MachineInfo};
use crate::peer::{self, Loaded, PeerProcess};
use crate::report::{PeerInfo, Rejection, Report, Row};
use crate::{BenchError, BenchInput, BenchOptions, Engine, LatencyStats, ModelDims};

/// Builds albert-jit for a thread count; returns the engine and its load + compile time.
pub type AlbertFactory<'a> = dyn FnMut(usize) -> Result<(Box<dyn Engine>, Duration), BenchError> + 'a;

/// Max abs difference of `a` and `b` (`[batch, seq, hidden]`) over the positions whose
/// `attention_mask` is 1. `None` when the lengths do not fit the mask.
pub fn max_abs_diff(a: &[f32], b: &[f32], attention_mask: &[i64]) -> Option<f64> {
    if a.len() != b.len() || attention_mask.is_empty() || !a.len().is_multiple_of(attention_mask.len()) {
        return None;
    }
    let hidden = a.len() / attention_mask.len();
    let mut worst = 0.0_f64;
    for (pos, &m) in attention_mask.iter().enumerate() {
        if m == 0 {
            continue;
        }
        let range = pos * hidden..(pos + 1) * hidden;
        for (x, y) in a[range.clone()].iter().zip(&b[range]) {
            let d = (f64::from(*x) - f64::from(*y)).abs();
            // NaN anywhere is a disagreement.
            if d.is_nan() {
                return Some(f64::INFINITY);
            }
            worst = worst.max(d);
        }
    }
    Some(worst)
}

struct Slot {
    name: String,
    process: PeerProcess,
    loaded: Option<Loaded>,
    first_pending: bool,
    first_ms: Option<f64>,
}

fn say(opts: &BenchOptions, msg: &str) {
    if opts.progress {
        eprintln!("bench: {msg}");
    }
}

fn validate(opts: &BenchOptions, dims: &ModelDims) -> Result<(), BenchError> {
    let bad = |m: String| Err(BenchError::Options(m));
    if opts.seqs.is_empty() || opts.batches.is_empty() || opts.threads.is_empty() {
        return bad("--seqs, --batch and --threads each need at least one value".into());
    }
    if opts.seqs.contains(&0) || opts.batches.contains(&0) || opts.threads.contains(&0) {
        return bad("sequence lengths, batch sizes and thread counts must be positive".into());
    }
    if let Some(s) = opts.seqs.iter().find(|&&s| s > dims.max_position_embeddings) {
        return bad(format!(
            "sequence length {s} exceeds the model's max_position_embeddings {}",
            dims.max_position_embeddings
        ));
    }
    if opts.runs == 0 {
        return bad("--runs must be at least 1".into());
    }
    if !matches!(opts.precision.as_str(), "fp32" | "bf16") {
        return bad(format!("precision '{}' (expected fp32 or bf16)", opts.precision));
    }
    Ok(())
}

/// Runs the benchmark described by `opts` on the model in `model_dir` (its
/// `config.json` gives the FLOP count and vocabulary). `make_albert(threads)` builds
/// the engine under test. Peers that cannot run are skipped and listed in
/// [`Report::skipped`]; peers whose output disagrees are refused and listed in
/// [`Report::rejected`]. An error is returned only when albert-jit itself fails or the
/// options are invalid.
pub fn run(
    opts: &BenchOptions,
    model_dir: &Path,
    make_albert: &mut AlbertFactory<'_>,
) -> Result<Report, BenchError> {
    let dims = ModelDims::from_model_dir(model_dir)?;
    validate(opts, &dims)?;
    let tolerance = opts.tolerance();
    let mut threads_list = opts.threads.clone();
    threads_list.dedup();

    if opts.measure_peak {
        say(opts, "measuring the machine's FMA peak");
    }
    let machine = MachineInfo::detect(&threads_list, opts.measure_peak);
    let mut report = Report::new(model_dir, dims, machine, opts);

    // Start the peers: one helper process each.
    let mut slots: Vec<Slot> = Vec::new();
    let mut wanted: Vec<String> = Vec::new();
    for name in &opts.compare {
        let name = peer::canonical_peer(name);
        if !name.is_empty() && !wanted.contains(&name) {
            wanted.push(name);
        }
    }
    if !wanted.is_empty() {
        match opts.peers.find_python() {
            Err(why) => {
                for name in &wanted {
                    report.skip(name, &why);
                    say(opts, &format!("skipping {name}: {why}"));
                }
            }
            Ok(python) => {
                for name in &wanted {
                    say(opts, &format!("starting {name} ({})", python.display()));
                    match PeerProcess::spawn(name, &python, &opts.peers) {
                        Ok(process) => slots.push(Slot {
                            name: name.clone(),
                            process,
                            loaded: None,
                            first_pending: true,
                            first_ms: None,
                        }),
                        Err(e) => {
                            say(opts, &format!("skipping {name}: {}", peer_reason(&e)));
                            report.skip(name, &peer_reason(&e));
                        }
                    }
                }
            }
        }
    }

    for &threads in &threads_list {
        machine::reset_peak_rss();
        say(opts, &format!("building albert-jit for {threads} thread(s)"));
        let (mut albert, albert_load) = make_albert(threads)?;
        let albert_name = albert.name();
        report.baseline = albert_name.clone();
        let mut albert_first = true;
        let mut albert_first_ms: Option<f64> = None;

        for slot in slots.iter_mut() {
            let _ = slot.process.reset_peak_rss();
            say(opts, &format!("loading {} for {threads} thread(s)", slot.name));
            match slot.process.load(model_dir, threads, &opts.precision) {
                Ok(loaded) => {
                    say(
                        opts,
                        &format!(
                            "{} {} loaded in {:.1} s{}",
                            slot.name,
                            loaded.version,
                            loaded.load_ms / 1e3,
                            if loaded.cached { " (cached export)" } else { "" }
                        ),
                    );
                    report.add_peer_info(PeerInfo {
                        runtime: loaded.runtime.clone(),
                        version: loaded.version.clone(),
                        precision: loaded.precision.clone(),
                        python: slot.process.python_version.clone(),
                        threads,
                        load_ms: loaded.load_ms,
                        cached_export: loaded.cached,
                        note: loaded.note.clone(),
                    });
                    slot.loaded = Some(loaded);
                    slot.first_pending = true;
                    slot.first_ms = None;
                }
                Err(e) => {
                    let why = peer_reason(&e);
                    say(opts, &format!("skipping {} at {threads} thread(s): {why}", slot.name));
                    report.skip(&slot.name, &format!("{threads} thread(s): {why}"));
                    slot.loaded = None;
                }
            }
        }

        let first_row = report.rows.len();
        for &batch in &opts.batches {
            for &seq in &opts.seqs {
                let input = BenchInput::synthetic(batch, seq, dims.vocab_size, opts.seed);
                let flops = dims.forward_flops(batch, seq);
                albert.prepare(&input)?;
                for slot in slots.iter_mut().filter(|s| s.loaded.is_some()) {
                    if let Err(e) = slot.process.set_input(&input) {
                        drop_slot(&mut report, opts, slot, &e);
                    }
                }

                // The check run: first run of everyone, outputs compared.
                let t = Instant::now();
                let reference = albert.run(&input)?;
                let ms = t.elapsed().as_secs_f64() * 1e3;
                let expect = batch * seq * dims.hidden_size;
                if reference.len() != expect {
                    return Err(BenchError::engine(
                        &albert_name,
                        format!(
                            "returned {} values for [{batch}, {seq}, {}] = {expect}",
                            reference.len(),
                            dims.hidden_size
                        ),
                    ));
                }
                if albert_first {
                    albert_first = false;
                    albert_first_ms = Some(albert_load.as_secs_f64() * 1e3 + ms);
                }
                let mut diffs: Vec<Option<f64>> = vec![None; slots.len()];
                for (i, slot) in slots.iter_mut().enumerate() {
                    let Some(handle) = slot.loaded.as_ref().map(|l| l.handle.clone()) else {
                        continue;
                    };
                    match slot.process.run(&handle, true) {
                        Err(e) => drop_slot(&mut report, opts, slot, &e),
                        Ok(r) => {
                            if slot.first_pending {
                                slot.first_pending = false;
                                slot.first_ms = slot.loaded.as_ref().map(|l| l.load_ms + r.ms);
                            }
                            let out = r.output.unwrap_or_default();
                            let diff = max_abs_diff(&reference, &out, &input.attention_mask);
                            match diff {
                                Some(d) if d <= f64::from(tolerance) => diffs[i] = Some(d),
                                _ => {
                                    let rejection = Rejection {
                                        runtime: slot.name.clone(),
                                        threads,
                                        batch,
                                        seq,
                                        max_abs_diff: diff,
                                        tolerance: f64::from(tolerance),
                                        detail: match diff {
                                            Some(_) => String::new(),
                                            None => format!(
                                                "output shape {:?}, expected [{batch}, {seq}, {}]",
                                                r.shape, dims.hidden_size
                                            ),
                                        },
                                    };
                                    say(opts, &format!("REFUSED: {}", rejection.describe(&albert_name)));
                                    report.rejected.push(rejection);
                                    if let Some(l) = slot.loaded.take() {
                                        let _ = slot.process.unload(&l.handle);
                                    }
                                }
                            }
                        }
                    }
                }

                // Warm-up, then the timed loop, interleaved run by run.
                for _ in 1..opts.warmup.max(1) {
                    albert.run(&input)?;
                    for slot in slots.iter_mut() {
                        let Some(handle) = slot.loaded.as_ref().map(|l| l.handle.clone()) else {
                            continue;
                        };
                        if let Err(e) = slot.process.run(&handle, false) {
                            drop_slot(&mut report, opts, slot, &e);
                        }
                    }
                }
                let slots_empty = slots.iter().all(|s| s.loaded.is_none());
                let mut albert_ms: Vec<f64> = Vec::with_capacity(opts.runs);
                let mut peer_ms: Vec<Vec<f64>> = vec![Vec::new(); slots.len()];
                // Only between runtimes: alone, albert-jit runs back to back as a server would.
                let settle = || {
                    if !slots_empty && !opts.settle.is_zero() {
                        std::thread::sleep(opts.settle);
                    }
                };
                let start = Instant::now();
                while albert_ms.len() < opts.runs || start.elapsed() < opts.min_time {
                    settle();
                    let t = Instant::now();
                    let out = albert.run(&input)?;
                    albert_ms.push(t.elapsed().as_secs_f64() * 1e3);
                    drop(out);
                    for (i, slot) in slots.iter_mut().enumerate() {
                        let Some(handle) = slot.loaded.as_ref().map(|l| l.handle.clone()) else {
                            continue;
                        };
                        settle();
                        match slot.process.run(&handle, false) {
                            Ok(r) => peer_ms[i].push(r.ms),
                            Err(e) => drop_slot(&mut report, opts, slot, &e),
                        }
                    }
                }

                let peak = report.machine.peak_gflops(threads);
                let albert_stats = LatencyStats::from_samples(&albert_ms);
                if let Some(stats) = &albert_stats {
                    report.rows.push(Row::new(
                        &albert_name,
                        &albert.version(),
                        &albert.precision(),
                        (threads, batch, seq),
                        stats.clone(),
                        flops,
                        peak,
                        albert_first_ms,
                        None,
                        None,
                    ));
                }
                let mut line = format!(
                    "threads {threads} batch {batch} seq {seq}: {albert_name} p50 {:.2} ms",
                    albert_stats.as_ref().map_or(f64::NAN, |s| s.p50_ms)
                );
                for (i, slot) in slots.iter().enumerate() {
                    let (Some(loaded), Some(stats)) =
                        (slot.loaded.as_ref(), LatencyStats::from_samples(&peer_ms[i]))
                    else {
                        continue;
                    };
                    line.push_str(&format!(", {} {:.2} ms", slot.name, stats.p50_ms));
                    let speedup = albert_stats.as_ref().map(|a| stats.p50_ms / a.p50_ms);
                    report.rows.push(Row::new(
                        &loaded.runtime,
                        &loaded.version,
                        &loaded.precision,
                        (threads, batch, seq),
                        stats,
                        flops,
                        peak,
                        slot.first_ms,
                        diffs[i],
                        speedup,
                    ));
                }
                say(opts, &line);
            }
        }

        // Peak RSS of everyone for this thread count.
        let albert_rss = machine::peak_rss_bytes();
        drop(albert);
        for row in report.rows[first_row..].iter_mut() {
            if row.runtime == albert_name {
                row.peak_rss_bytes = albert_rss;
            }
        }
        for slot in slots.iter_mut() {
            let Some(loaded) = slot.loaded.take() else {
                continue;
            };
            let rss = slot.process.peak_rss_bytes().ok().flatten();
            for row in report.rows[first_row..].iter_mut() {
                if row.runtime == loaded.runtime {
                    row.peak_rss_bytes = rss;
                }
            }
            let _ = slot.process.unload(&loaded.handle);
        }
    }
    Ok(report)
}

fn peer_reason(e: &BenchError) -> String {
    match e {
        BenchError::Peer { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

fn drop_slot(report: &mut Report, opts: &BenchOptions, slot: &mut Slot, e: &BenchError) {
    let why = peer_reason(e);
    say(opts, &format!("dropping {}: {why}", slot.name));
    report.skip(&slot.name, &format!("failed mid-run: {why}"));
    slot.loaded = None;
}
