//! The whole albert-large-v2 forward pass (bundled synthetic checkpoint, JIT
//! backend, batch 1) at the sequence lengths the issue names, reported in
//! FLOP throughput (multiply-add = 2 FLOP, matmuls only — the same formula
//! as `albert-jit bench`). `cargo bench --bench forward`.

use std::path::PathBuf;

use albert_runtime::{Backend, Batch, Session, SessionOptions, Wanted};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn forward(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/albert-large-v2-synthetic");
    let threads = std::env::var("ALBERT_BENCH_THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(2);
    let s = Session::open(
        &dir,
        SessionOptions {
            threads,
            backend: Backend::Jit,
            target: albert_runtime::Target::native(),
            precision: Default::default(),
        },
    )
    .expect("open model");
    let cfg = s.config().clone();
    let (h, i, e, l) = (
        cfg.hidden_size as f64,
        cfg.intermediate_size as f64,
        cfg.embedding_size as f64,
        cfg.num_hidden_layers as f64,
    );
    let mut g = c.benchmark_group(format!("albert_large_v2_forward_t{threads}"));
    g.sample_size(10);
    for seq in [8usize, 32, 128, 512] {
        let mut ids: Vec<i64> = (0..seq as i64).map(|t| 5 + (t * 7919) % 29_000).collect();
        ids[0] = 2;
        ids[seq - 1] = 3;
        let b = Batch {
            batch: 1,
            seq,
            input_ids: ids,
            token_type_ids: vec![0; seq],
            attention_mask: vec![1; seq],
        };
        s.warm_up(Wanted::default(), 1, seq).expect("compile");
        let sf = seq as f64;
        let flop = sf * (l * (2.0 * (4.0 * h * h + 2.0 * h * i) + 4.0 * sf * h) + 2.0 * e * h);
        g.throughput(Throughput::Elements(flop as u64));
        g.bench_with_input(BenchmarkId::new("seq", seq), &b, |bench, b| {
            bench.iter(|| s.forward(b, Wanted::default()).expect("forward"))
        });
    }
    g.finish();
}

criterion_group!(benches, forward);
criterion_main!(benches);
