//! The `forward` command's input file through the code the CLI runs:
//! [`albert_runtime::read_batch`] (structure: dtypes, ranks, shapes), then
//! [`Session::validate`] (ids against the model), then — for batches small
//! enough to keep the fuzzer fast — the forward pass itself on the JIT and
//! on the reference interpreter, which must agree. Masks that are all zero,
//! padding anywhere and every bucket length are thereby run, not only
//! parsed.

use std::sync::OnceLock;

use albert_runtime::{Backend, Batch, Outputs, Session, SessionOptions, Wanted};

/// JIT vs interpreter on the fixture model, max |diff| / (1 + |reference|):
/// the fixture tests hold both within 1e-4 of a float64 reference, so they
/// are within 2e-4 of each other.
const TOL: f32 = 2e-4;

/// Largest `batch · seq` that is also run (validation runs on everything).
const MAX_RUN_TOKENS: usize = 64;

fn sessions() -> &'static (Session, Session) {
    static S: OnceLock<(Session, Session)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = crate::fixtures().join("albert-tiny");
        let open = |backend| {
            Session::open(&dir, SessionOptions { threads: 1, backend, ..SessionOptions::default() })
                .expect("the albert-tiny fixture opens")
        };
        (open(Backend::Jit), open(Backend::Reference))
    })
}

fn compare(what: &str, got: &[f32], want: &[f32]) {
    assert_eq!(got.len(), want.len(), "{what}: {} values, the interpreter gave {}", got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(g.is_finite(), "{what}[{i}] = {g} from the JIT");
        let d = (g - w).abs() / (1.0 + w.abs());
        assert!(d <= TOL, "{what}[{i}]: JIT {g}, interpreter {w} (relative diff {d:e} > {TOL:e})");
    }
}

fn compare_outputs(a: &Outputs, b: &Outputs) {
    compare("last_hidden_state", &a.last_hidden_state, &b.last_hidden_state);
    for (what, x, y) in [
        ("pooler_output", &a.pooler_output, &b.pooler_output),
        ("mlm_logits", &a.mlm_logits, &b.mlm_logits),
        ("sop_logits", &a.sop_logits, &b.sop_logits),
    ] {
        match (x, y) {
            (Some(x), Some(y)) => compare(what, x, y),
            (None, None) => {}
            _ => panic!("{what}: produced by one backend only"),
        }
    }
}

/// The `forward_input` check.
pub fn forward_input(data: &[u8]) {
    let Ok(batch) = albert_runtime::read_batch(data) else { return };
    let (jit, reference) = sessions();
    check_batch(jit, reference, &batch);
}

fn check_batch(jit: &Session, reference: &Session, batch: &Batch) {
    let valid = jit.validate(batch);
    assert_eq!(valid.is_ok(), reference.validate(batch).is_ok());
    if valid.is_err() || batch.batch * batch.seq > MAX_RUN_TOKENS || batch.batch > 4 {
        return;
    }
    // The MLM head is a [tokens, 30000] product: only on the smallest batches.
    let want = Wanted { pooler: true, sop: true, mlm: batch.batch * batch.seq <= 8 };
    let a = jit.forward(batch, want).expect("a validated batch runs on the JIT");
    let b = reference.forward(batch, want).expect("a validated batch runs on the interpreter");
    compare_outputs(&a, &b);
}
