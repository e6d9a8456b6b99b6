//! The artifact loader (`albert_deploy::artifact::Artifact::open`, what every command and the
//! C API call on `--model model.albert`): any bytes as an artifact file. A refusal must be a
//! one-line error; the only accepted inputs are real artifacts (every section's hash
//! matches), whose every bucket must then load and run to finite outputs. Nothing of an
//! artifact whose checks failed is executed: `open` returns before any code runs.

use std::path::PathBuf;

use albert_deploy::artifact::{Artifact, LoadOptions};

/// A temporary file name no other thread or process uses.
pub(crate) fn unique_temp_path(what: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("albert-fuzz-{what}-{}-{n}.albert", std::process::id()))
}

/// The `artifact_loader` fuzz target.
pub fn artifact_loader(data: &[u8]) {
    let path = unique_temp_path("artifact");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let r = Artifact::open(&path, LoadOptions { threads: 1 });
    let _ = std::fs::remove_file(&path);
    let art = match r {
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty() && !msg.contains('\n'), "refusal is not one line: {msg:?}");
            return;
        }
        Ok(a) => a,
    };
    for (b, s) in art.buckets() {
        let n = b * s;
        let ids: Vec<i64> = (0..n as i64).map(|i| 2 + i % 5).collect();
        let out = art.forward(&ids, &vec![0; n], &vec![1; n], b, s).expect("a loaded artifact runs");
        for (name, v) in out {
            assert!(v.iter().all(|x| x.is_finite()), "{name}: non-finite output");
        }
    }
}
