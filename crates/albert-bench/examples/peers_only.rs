//! Runs the bench harness with a *peer* standing in for albert-jit (until the CLI wires
//! the real engine), e.g.
//!
//! ```text
//! cargo run --release -p albert-bench --example peers_only -- \
//!     tests/fixtures/albert-large-v2-synthetic pytorch onnxruntime,openvino 8,32 1 2 [out.svg]
//! ```
//! Arguments: model dir, stand-in peer, peers to compare, seqs, batches, threads, plot files (comma-separated).

use std::path::PathBuf;

use albert_bench::peer::PeerEngine;
use albert_bench::{BenchOptions, Engine, OutputFormat};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.to_string());
    let model = PathBuf::from(arg(0, "tests/fixtures/albert-large-v2-synthetic"));
    let stand_in = arg(1, "pytorch");
    let opts = BenchOptions {
        compare: arg(2, "onnxruntime,openvino").split(',').map(String::from).collect(),
        seqs: BenchOptions::parse_list(&arg(3, "8,32"))?,
        batches: BenchOptions::parse_list(&arg(4, "1"))?,
        threads: BenchOptions::parse_list(&arg(5, "2"))?,
        progress: true,
        ..Default::default()
    };
    let peers = opts.peers.clone();
    let model_for_engine = model.clone();
    let report = albert_bench::run(&opts, &model, &mut |threads| {
        let (engine, load) = PeerEngine::start(&stand_in, &model_for_engine, threads, "fp32", &peers)?;
        Ok((Box::new(engine) as Box<dyn Engine>, load))
    })?;
    print!("{}", report.render(OutputFormat::Table));
    for plot in args.get(6).map(|p| p.split(',')).into_iter().flatten() {
        report.write_plot(&PathBuf::from(plot))?;
    }
    Ok(())
}
