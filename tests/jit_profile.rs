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
    // The fused calls' phases: FLOPs from the GEMM plans (H = 1024, I = 4096), the loop
    // body's 24 trips per forward, and phase times inside their call's time.
    let rows = albert_runtime::seq_bucket(seq, 512) as u64;
    let calls = exe.profile_calls();
    let phases = |name: &str| {
        let c = calls.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no {name} call"));
        assert_eq!(c.calls, 24 * runs as u64, "{name} calls");
        let in_phases: f64 = c.phases.iter().map(|(_, s)| s).sum();
        assert!(
            in_phases <= c.seconds * 1.0001 && in_phases > 0.5 * c.seconds,
            "{name}: {in_phases} of {}",
            c.seconds
        );
        assert_eq!(c.flops, c.phases.iter().map(|(p, _)| p.flops).sum::<u64>());
        c.phases.iter().map(|(p, _)| (p.name, p.flops)).collect::<Vec<_>>()
    };
    let h = 1024u64;
    assert_eq!(
        phases("attention"),
        [
            ("qkv", 2 * rows * 3 * h * h),
            ("attention", 4 * rows * rows * h),
            ("out_proj", 2 * rows * h * h),
            ("layer_norm", 0)
        ]
    );
    assert_eq!(
        phases("feed_forward"),
        [
            ("ffn_up", 2 * rows * 4 * h * h),
            ("activation", 0),
            ("ffn_down", 2 * rows * 4 * h * h),
            ("layer_norm", 0)
        ]
    );
    if verbose {
        eprintln!("seq {seq}: {:.1} ms per forward", t0.elapsed().as_secs_f64() * 1e3 / runs as f64);
        for (name, calls, secs) in prof {
            eprintln!("{name:>14} {calls:>5} calls {:>9.2} ms/forward", secs * 1e3 / runs as f64);
        }
    }
}
