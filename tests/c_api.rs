//! The C API: `examples/c/albert_forward.c` is built with a C compiler against the
//! deployment runtime's static library and `albert.h`, loads an artifact, runs a forward pass
//! and matches the Hugging Face fixture within 1e-4 (albert-tiny, albert-tiny-grouped, one
//! bucket of albert-large-v2-synthetic). `albert.h` declares exactly the functions the
//! library exports.
//!
//! Under qemu (`.ci/aarch64-tests`) the same test runs the aarch64 build: `ALBERT_C_CC` is the
//! cross gcc, `ALBERT_C_RUNNER` runs its output (`qemu-aarch64 -L …`), and
//! `ALBERT_C_ARTIFACTS` holds the artifacts the x86-64 `albert-jit compile --target
//! aarch64-neon` wrote (`<model>.albert`).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use albert_runtime::{Backend, Session, SessionOptions, Target, Wanted};
use common::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c_api");
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

/// The static library next to this test's build (`target/<triple>/<profile>/`).
fn static_lib() -> PathBuf {
    let exe = std::env::current_exe().expect("exe");
    let dir = exe.parent().and_then(Path::parent).expect("profile dir");
    // Uplifted when albert-deploy itself is built, else where it was built as a dependency.
    let lib = [dir.join("libalbert_deploy.a"), dir.join("deps/libalbert_deploy.a")]
        .into_iter()
        .find(|p| p.is_file());
    lib.unwrap_or_else(|| panic!("no libalbert_deploy.a in {} (built with the workspace)", dir.display()))
}

/// Writes the first fixture case of `model` in the C example's text format; returns the
/// path and the case's (batch, seq).
fn write_case(model: &str) -> (PathBuf, (usize, usize)) {
    let refs = read_reference(model);
    // `text0`: one short sentence (1 × 10), cheap under qemu.
    let case = case_names(&refs).into_iter().find(|c| c == "text0").expect("case text0");
    let t = |what: &str| refs[&format!("{case}.{what}")].clone();
    let ids = t("input_ids");
    let (b, s) = (ids.shape[0], ids.shape[1]);
    let hs = t("last_hidden_state");
    let hidden = hs.shape[2];
    let path = tmp().join(format!("{model}.case.txt"));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    writeln!(f, "{b} {s} {hidden}").expect("write");
    for what in ["input_ids", "token_type_ids", "attention_mask"] {
        let v: Vec<String> = t(what).as_i64().expect("i64").iter().map(|x| x.to_string()).collect();
        writeln!(f, "{}", v.join(" ")).expect("write");
    }
    let v: Vec<String> = hs.as_f32().expect("f32").iter().map(|x| format!("{x:e}")).collect();
    writeln!(f, "{}", v.join(" ")).expect("write");
    (path, (b, s))
}

/// The artifact of `model` for this machine holding `bucket` (or the prebuilt one).
fn artifact(model: &str, bucket: (usize, usize)) -> PathBuf {
    if let Some(dir) = std::env::var_os("ALBERT_C_ARTIFACTS") {
        return PathBuf::from(dir).join(format!("{model}.albert"));
    }
    let dir = fixture(model);
    let target = Target::native();
    let s = Session::open(
        &dir,
        SessionOptions { threads: 1, backend: Backend::Reference, target, precision: Default::default() },
    )
    .expect("open");
    let h = s.heads();
    let (graph, w) = s.compiled_model(Wanted { pooler: h.pooler, mlm: h.mlm, sop: h.sop }).expect("optimise");
    let config = std::fs::read(dir.join("config.json")).expect("config");
    let tok = std::fs::read(dir.join("spiece.model")).expect("spiece");
    let spec = albert_codegen::artifact::ArtifactSpec {
        graph: &graph,
        weights: w.store(),
        target,
        buckets: vec![bucket, (bucket.0, bucket.1 + 8)],
        threads: 2,
        precision: Default::default(),
        config_json: &config,
        tokenizer: Some(&tok),
    };
    let path = tmp().join(format!("{model}.albert"));
    albert_codegen::artifact::write_artifact(&spec, &path, &mut |_, _, _| {}).expect("write");
    path
}

/// Builds the C example once.
fn example() -> PathBuf {
    let out = tmp().join("albert_forward");
    let cc = std::env::var("ALBERT_C_CC").unwrap_or_else(|_| "cc".into());
    let st = Command::new(&cc)
        .arg(root().join("examples/c/albert_forward.c"))
        .arg("-I")
        .arg(root().join("crates/albert-deploy/include"))
        .arg("-Wall")
        .arg("-Werror")
        .arg(static_lib())
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("running {cc}: {e} (install a C compiler: .ci/deps)"));
    assert!(st.success(), "{cc} failed");
    out
}

fn run(prog: &Path, model: &str) {
    let (case, bucket) = write_case(model);
    let art = artifact(model, bucket);
    let mut cmd = match std::env::var("ALBERT_C_RUNNER") {
        Ok(r) => {
            let mut parts = r.split_whitespace();
            let mut c = Command::new(parts.next().expect("runner"));
            c.args(parts).arg(prog);
            c
        }
        Err(_) => Command::new(prog),
    };
    let out = cmd.arg(&art).arg(&case).output().expect("run the C example");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{model}: {text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{model}: the C example failed");
    assert!(text.contains("max_abs_diff="), "{model}: {text}");
}

#[test]
fn c_program_runs_artifacts_and_matches_hf() {
    let prog = example();
    for model in MODELS {
        run(&prog, model);
    }
}

#[test]
fn header_declares_exactly_the_exported_functions() {
    let header =
        std::fs::read_to_string(root().join("crates/albert-deploy/include/albert.h")).expect("header");
    let src = std::fs::read_to_string(root().join("crates/albert-deploy/src/capi.rs")).expect("capi.rs");
    let exported: Vec<&str> =
        src.split("pub unsafe extern \"C\" fn ").skip(1).filter_map(|s| s.split('(').next()).collect();
    assert!(exported.len() >= 5, "{exported:?}");
    for f in &exported {
        assert!(
            header.contains(&format!(" {f}(")) || header.contains(&format!("*{f}(")),
            "albert.h lacks {f}"
        );
    }
    let declared = header.lines().filter(|l| !l.trim_start().starts_with("/*") && l.contains(");")).count();
    assert_eq!(
        declared,
        exported.len(),
        "albert.h declares {declared} functions, capi.rs exports {exported:?}"
    );
}
