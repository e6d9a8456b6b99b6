//! albert-bench tests: statistics, FLOPs, formatting, the peer protocol with the
//! helper's built-in fake peer (plain python3, no torch), agreement refusal, skips, plot.

use std::path::{Path, PathBuf};
use std::time::Duration;

use albert_bench::peer::{canonical_peer, decode_f32, parse_reply, PeerEngine};
use albert_bench::report::OutputFormat;
use albert_bench::stats::percentile;
use albert_bench::{
    max_abs_diff, run, BenchError, BenchInput, BenchOptions, Engine, LatencyStats, ModelDims, PeerConfig,
    Report,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

fn python3() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("python3")).find(|p| p.is_file())
}

/// The same function as the helper's fake peer: exact in f32.
fn fake_value(id: i64, s: usize, h: usize) -> f32 {
    (((id as usize) * 31 + s * 7 + h) % 1000) as f32 / 1000.0
}

/// A mock albert-jit: the fake peer's formula, computed in Rust.
struct Formula {
    hidden: usize,
}

impl Engine for Formula {
    fn name(&self) -> String {
        "albert-jit".into()
    }
    fn version(&self) -> String {
        "test".into()
    }
    fn precision(&self) -> String {
        "fp32".into()
    }
    fn run(&mut self, input: &BenchInput) -> Result<Vec<f32>, BenchError> {
        let mut out = Vec::with_capacity(input.tokens() * self.hidden);
        for b in 0..input.batch {
            for s in 0..input.seq {
                let id = input.input_ids[b * input.seq + s];
                out.extend((0..self.hidden).map(|h| fake_value(id, s, h)));
            }
        }
        Ok(out)
    }
}

fn quick_options(compare: &[&str], peers: PeerConfig) -> BenchOptions {
    BenchOptions {
        seqs: vec![4, 8],
        batches: vec![1, 2],
        threads: vec![1],
        warmup: 1,
        runs: 3,
        min_time: Duration::ZERO,
        compare: compare.iter().map(|s| s.to_string()).collect(),
        measure_peak: false,
        peers,
        ..Default::default()
    }
}

fn fake_peers(cache: &Path, python: PathBuf, extra: &[(&str, &str)]) -> PeerConfig {
    let mut env = vec![("ALBERT_PEERS_FAKE".to_string(), "1".to_string())];
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    PeerConfig {
        python: Some(python),
        cache_dir: Some(cache.to_path_buf()),
        env,
        load_timeout: Duration::from_secs(60),
        run_timeout: Duration::from_secs(60),
    }
}

fn bench_tiny(opts: &BenchOptions) -> Result<Report, BenchError> {
    run(opts, &fixture("albert-tiny"), &mut |_threads| {
        Ok((Box::new(Formula { hidden: 32 }) as Box<dyn Engine>, Duration::from_millis(5)))
    })
}

#[test]
fn percentiles_interpolate_like_numpy() {
    let s: Vec<f64> = (1..=10).map(f64::from).collect();
    assert!((percentile(&s, 50.0) - 5.5).abs() < 1e-12);
    assert!((percentile(&s, 90.0) - 9.1).abs() < 1e-12);
    assert!((percentile(&s, 99.0) - 9.91).abs() < 1e-12);
    assert_eq!(percentile(&s, 0.0), 1.0);
    assert_eq!(percentile(&s, 100.0), 10.0);
    assert_eq!(percentile(&[7.0], 99.0), 7.0);
    assert!(percentile(&[], 50.0).is_nan());

    let st = LatencyStats::from_samples(&[3.0, 1.0, 2.0, 4.0]).expect("samples");
    assert_eq!((st.runs, st.min_ms, st.max_ms), (4, 1.0, 4.0));
    assert!((st.mean_ms - 2.5).abs() < 1e-12);
    assert!((st.p50_ms - 2.5).abs() < 1e-12);
    assert!((st.stddev_ms - (5.0_f64 / 3.0).sqrt()).abs() < 1e-12);
    assert!(LatencyStats::from_samples(&[]).is_none());
}

#[test]
fn flop_formula_gives_79_gflop_for_albert_large_v2_at_128() {
    let dims = ModelDims::albert_large_v2();
    let f = dims.forward_flops(1, 128);
    // batch·s·(L·(2·(4H² + 2HI) + 4sH) + 2EH)
    let expect = 128.0
        * (24.0 * (2.0 * (4.0 * 1024.0 * 1024.0 + 2.0 * 1024.0 * 4096.0) + 4.0 * 128.0 * 1024.0)
            + 2.0 * 128.0 * 1024.0);
    assert_eq!(f, expect);
    assert!((f / 1e9 - 79.0).abs() < 0.5, "{} GFLOP", f / 1e9);
    assert_eq!(dims.forward_flops(8, 128), 8.0 * f);
    let from_fixture = ModelDims::from_model_dir(&fixture("albert-large-v2-synthetic")).expect("config");
    assert_eq!(from_fixture, dims);
}

#[test]
fn synthetic_inputs_are_seeded_and_framed() {
    let a = BenchInput::synthetic(2, 16, 30000, 7);
    assert_eq!(a, BenchInput::synthetic(2, 16, 30000, 7));
    assert_ne!(a.input_ids, BenchInput::synthetic(2, 16, 30000, 8).input_ids);
    for row in a.input_ids.chunks(16) {
        assert_eq!((row[0], row[15]), (2, 3));
        assert!(row[1..15].iter().all(|&t| (5..30000).contains(&t)));
    }
    assert!(a.attention_mask.iter().all(|&m| m == 1));
    assert_eq!(BenchInput::synthetic(1, 1, 30000, 7).input_ids, vec![2]);
}

#[test]
fn list_parsing_and_peer_aliases() {
    assert_eq!(BenchOptions::parse_list("8, 32,128").expect("list"), vec![8, 32, 128]);
    assert!(BenchOptions::parse_list("8,x").is_err());
    assert!(BenchOptions::parse_list("0").is_err());
    assert_eq!(canonical_peer("ORT"), "onnxruntime");
    assert_eq!(canonical_peer("torch"), "pytorch");
    assert_eq!(canonical_peer("ov"), "openvino");
}

#[test]
fn agreement_ignores_padding_and_catches_nan() {
    let mask = [1, 1, 0];
    let a = [0.0, 0.0, 1.0, 1.0, 5.0, 5.0];
    let b = [0.0, 0.0005, 1.0, 0.999, -5.0, 9.0];
    let d = max_abs_diff(&a, &b, &mask).expect("same shape");
    assert!((d - 0.001).abs() < 1e-6, "{d}");
    assert_eq!(max_abs_diff(&a, &b[..4], &mask), None);
    let c = [0.0, f32::NAN, 1.0, 1.0, 5.0, 5.0];
    assert_eq!(max_abs_diff(&a, &c, &mask), Some(f64::INFINITY));
}

#[test]
fn protocol_replies_parse() {
    #[derive(Debug, serde::Deserialize)]
    struct R {
        ms: f64,
    }
    let r: R = parse_reply("p", r#"{"ok": true, "ms": 1.5}"#).expect("ok");
    assert_eq!(r.ms, 1.5);
    match parse_reply::<R>("p", r#"{"ok": false, "error": "no bf16", "unsupported": true}"#) {
        Err(BenchError::Peer { message, unsupported, .. }) => {
            assert_eq!(message, "no bf16");
            assert!(unsupported);
        }
        other => panic!("{other:?}"),
    }
    assert!(parse_reply::<R>("p", "Traceback (most recent call last):").is_err());
    assert!(parse_reply::<R>("p", r#"{"ms": 1}"#).is_err());
    // base64 of little-endian f32 [1.0, -2.5]
    let v = decode_f32("AACAPwAAIMA=").expect("b64");
    assert_eq!(v, vec![1.0, -2.5]);
    assert!(decode_f32("AACA").is_err());
}

#[test]
fn fake_peer_end_to_end_table_json_csv_plot() {
    let Some(py) = python3() else {
        eprintln!("skipped: no python3 on PATH");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = quick_options(&["fake"], fake_peers(dir.path(), py, &[]));
    let report = bench_tiny(&opts).expect("bench");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(report.all_agree());
    assert_eq!(report.rows.len(), 8, "2 runtimes x 2 batches x 2 seqs");
    for r in &report.rows {
        assert!(r.latency.runs >= 3);
        assert!(r.first_result_ms.is_some());
        if r.runtime == "fake" {
            assert_eq!(r.max_abs_diff, Some(0.0));
            assert!(r.baseline_speedup.is_some_and(|s| s > 0.0));
            assert_eq!(r.version, "0.0-test");
            assert!(r.peak_rss_bytes.is_some());
        } else {
            assert_eq!(r.runtime, "albert-jit");
        }
        let want = r.flop / (r.latency.mean_ms / 1e3) / 1e9;
        assert!((r.gflops - want).abs() <= 1e-9 * want.max(1.0));
    }

    let table = report.render(OutputFormat::Table);
    let lines: Vec<&str> = table.lines().collect();
    let header = lines.iter().position(|l| l.starts_with("runtime")).expect("header");
    assert!(lines[header].contains("p50 ms") && lines[header].contains("vs albert-jit"));
    // Every row line as wide as the header's rule (aligned columns).
    let rule = lines[header + 1].len();
    assert!(lines[header + 1].chars().all(|c| c == '-'));
    let data: Vec<&&str> = lines[header + 2..]
        .iter()
        .take_while(|l| {
            !l.starts_with("\n") && (l.starts_with("albert-jit") || l.starts_with("fake") || l.is_empty())
        })
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(data.len(), 8);
    for l in &data {
        assert_eq!(l.len(), rule, "{l}");
    }
    assert!(table.contains("fake 0.0-test"));

    let csv = report.render(OutputFormat::Csv);
    let mut csv_lines = csv.lines();
    let head = csv_lines.next().expect("header");
    assert!(head.starts_with("runtime,version,precision,threads,batch_size,sequence_length,"));
    assert!(head.contains("latency_p50_ms,latency_p90_ms,latency_p99_ms,QPS"));
    let n_cols = head.split(',').count();
    let body: Vec<&str> = csv_lines.collect();
    assert_eq!(body.len(), 8);
    assert!(body.iter().all(|l| l.split(',').count() == n_cols));
    assert!(body[0].starts_with("albert-jit,test,fp32,1,1,4,"));

    let json: serde_json::Value = serde_json::from_str(&report.render(OutputFormat::Json)).expect("json");
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(8));
    assert_eq!(json["baseline"], "albert-jit");
    assert_eq!(json["model"]["hidden_size"], 32);

    for name in ["bench.svg", "bench.png"] {
        let path = dir.path().join(name);
        match report.write_plot(&path) {
            Ok(()) => {
                let bytes = std::fs::read(&path).expect("plot written");
                if name.ends_with("svg") {
                    let text = String::from_utf8_lossy(&bytes);
                    assert!(text.contains("<svg") && text.contains("albert-jit") && text.contains("fake"));
                } else {
                    assert_eq!(&bytes[1..4], b"PNG");
                }
            }
            Err(BenchError::Plot { message, .. }) if message.contains("no TrueType font") => {
                eprintln!("plot skipped: {message}");
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert!(report.write_plot(&dir.path().join("bench.gif")).is_err());
}

#[test]
fn disagreeing_peer_is_refused_not_reported() {
    let Some(py) = python3() else {
        eprintln!("skipped: no python3 on PATH");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let peers = fake_peers(dir.path(), py, &[("ALBERT_PEERS_FAKE_OFFSET", "0.002")]);
    let report = bench_tiny(&quick_options(&["fake"], peers)).expect("bench");
    assert!(!report.all_agree());
    let r = &report.rejected[0];
    assert_eq!((r.runtime.as_str(), r.batch, r.seq), ("fake", 1, 4));
    assert!(r.max_abs_diff.is_some_and(|d| (d - 0.002).abs() < 1e-4));
    assert!(report.rows.iter().all(|r| r.runtime == "albert-jit"));
    assert_eq!(report.rows.len(), 4);
    assert!(report.render(OutputFormat::Table).contains("REFUSED fake disagrees with albert-jit"));
}

#[test]
fn missing_or_broken_peers_are_skipped_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    // No interpreter at all.
    let mut peers = PeerConfig {
        python: Some(dir.path().join("no-such-python")),
        cache_dir: Some(dir.path().join("cache")),
        ..Default::default()
    };
    let report = bench_tiny(&quick_options(&["onnxruntime", "openvino", "pytorch"], peers.clone()))
        .expect("bench runs without peers");
    assert_eq!(report.skipped.len(), 3);
    assert!(report.skipped[0].reason.contains("does not exist"));
    assert_eq!(report.rows.len(), 4);
    assert!(report.render(OutputFormat::Table).contains("SKIPPED onnxruntime"));

    // An "interpreter" that dies at once.
    let dead = dir.path().join("dead-python");
    std::fs::write(&dead, "#!/bin/sh\necho 'ImportError: broken' >&2\nexit 3\n").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dead, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        peers.python = Some(dead);
        let report = bench_tiny(&quick_options(&["pytorch"], peers)).expect("bench");
        assert_eq!(report.skipped.len(), 1);
        assert!(report.skipped[0].reason.contains("helper exited"), "{}", report.skipped[0].reason);
        assert!(report.skipped[0].reason.contains("ImportError: broken"));
    }

    let Some(py) = python3() else {
        return;
    };
    // Unknown peer name, and a peer whose load fails.
    let peers = fake_peers(&dir.path().join("c2"), py.clone(), &[]);
    let report = bench_tiny(&quick_options(&["tensorflow"], peers)).expect("bench");
    assert!(report.skipped[0].reason.contains("unknown peer"), "{:?}", report.skipped);
    let peers = fake_peers(&dir.path().join("c3"), py, &[("ALBERT_PEERS_FAKE_FAIL_LOAD", "1")]);
    let report = bench_tiny(&quick_options(&["fake"], peers)).expect("bench");
    assert!(report.skipped[0].reason.contains("load failure requested"), "{:?}", report.skipped);
    assert_eq!(report.rows.len(), 4);
}

#[test]
fn peer_engine_stands_in_for_an_engine() {
    let Some(py) = python3() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = fake_peers(dir.path(), py, &[]);
    let (mut engine, _load) =
        PeerEngine::start("fake", &fixture("albert-tiny"), 1, "fp32", &cfg).expect("start");
    let input = BenchInput::synthetic(2, 5, 30000, 1);
    let out = engine.run(&input).expect("run");
    let want = Formula { hidden: 32 }.run(&input).expect("formula");
    assert_eq!(out, want);
}

#[test]
fn fma_peak_is_measured() {
    let p = albert_bench::machine::measure_fma_peak(1);
    assert_eq!(p.threads, 1);
    assert!(p.gflops > 0.1, "{p:?}");
    assert!(albert_bench::machine::peak_rss_bytes().is_none_or(|b| b > 0));
}

#[test]
fn bad_options_are_errors() {
    let mut opts = quick_options(&[], PeerConfig::default());
    opts.seqs = vec![600];
    assert!(matches!(bench_tiny(&opts), Err(BenchError::Options(_))));
    opts.seqs = vec![];
    assert!(matches!(bench_tiny(&opts), Err(BenchError::Options(_))));
    let opts = BenchOptions { precision: "int4".into(), ..quick_options(&[], PeerConfig::default()) };
    assert!(matches!(bench_tiny(&opts), Err(BenchError::Options(_))));
}
