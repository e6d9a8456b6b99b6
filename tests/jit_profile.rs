//! Not a correctness test: with `ALBERT_JIT_PROFILE=1`, prints where a forward
//! pass of the bundled albert-large-v2 spends its time per call site (for
//! kernel work). Without the variable it only checks the profile is recorded.

mod common;

use albert_runtime::{Backend, Batch, Session, SessionOptions, Wanted};

#[test]
fn profile_large_forward() {
    let verbose = std::env::var_os("ALBERT_JIT_PROFILE").is_some();
    let seq: usize = std::env::var("ALBERT_JIT_PROFILE_SEQ").ok().and_then(|s| s.parse().ok()).unwrap_or(8);
    let s = Session::open(
        &common::fixture("albert-large-v2-synthetic"),
        SessionOptions {
            threads: 2,
            backend: Backend::Jit,
            target: albert_runtime::Target::native(),
            precision: Default::default(),
        },
    )
    .expect("open");
    let mut ids = vec![7i64; seq];
    ids[0] = 2;
    ids[seq - 1] = 3;
    let b =
        Batch { batch: 1, seq, input_ids: ids, token_type_ids: vec![0; seq], attention_mask: vec![1; seq] };
    let runs = if verbose { 5 } else { 1 };
    let t0 = std::time::Instant::now();
    for _ in 0..runs {
        s.forward(&b, Wanted::default()).expect("forward");
    }
    let exe = s.executable(Wanted::default(), 1, albert_runtime::seq_bucket(seq, 512)).expect("exe");
    let prof = exe.profile();
    assert!(prof.iter().any(|(_, calls, _)| *calls > 0));
    if verbose {
        eprintln!("seq {seq}: {:.1} ms per forward", t0.elapsed().as_secs_f64() * 1e3 / runs as f64);
        for (name, calls, secs) in prof {
            eprintln!("{name:>14} {calls:>5} calls {:>9.2} ms/forward", secs * 1e3 / runs as f64);
        }
    }
}
