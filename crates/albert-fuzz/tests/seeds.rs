//! The checked-in seed corpus (`fuzz/seeds/`) is what `albert_fuzz::seeds`
//! makes from the fixtures, and every seed passes its target's check: a
//! quick pass over each fuzz target on stable Rust, in the normal suite.
//! `ALBERT_TEST_BLESS=1` rewrites the seed files.

use std::path::PathBuf;

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds")
}

#[test]
fn seed_files_are_current() {
    let bless = std::env::var_os("ALBERT_TEST_BLESS").is_some();
    let mut stale = Vec::new();
    for (target, name, bytes) in albert_fuzz::seeds::all() {
        let path = seeds_dir().join(target).join(&name);
        if bless {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &bytes).expect("write seed");
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(stale.is_empty(), "seed files differ (rewrite with ALBERT_TEST_BLESS=1): {stale:?}");
}

#[test]
fn every_seed_passes_its_check() {
    for (target, name, bytes) in albert_fuzz::seeds::all() {
        eprintln!("{target}/{name}");
        albert_fuzz::check(target, &bytes);
    }
}

#[test]
fn seeds_reach_the_code_past_the_parsers() {
    // Seeds that the loaders refuse would leave the fuzzer at the front door.
    let seed = |t: &str, n: &str| {
        albert_fuzz::seeds::all()
            .into_iter()
            .find(|(target, name, _)| *target == t && name == n)
            .map(|(_, _, b)| b)
            .expect("seed exists")
    };
    let dir = albert_fuzz::split_dir_input(&seed("checkpoint_dir", "small-sharded"));
    assert_eq!(dir.files.len(), 4);
    assert!(albert_tokenizer::Tokenizer::from_bytes(&seed("spiece_model", "small-300")).is_ok());
    assert!(albert_runtime::read_batch(&seed("forward_input", "padded-batch")).is_ok());
}
