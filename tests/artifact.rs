//! Ahead-of-time artifacts (`albert-jit compile -o`): written here with the library (as the
//! CLI does), loaded through `Session::open` and the deployment runtime, and checked against
//! the Hugging Face fixtures (1e-4) and against the JIT on the same target and bucket, bit
//! for bit. Then every way an artifact can be wrong is refused with a one-line error naming
//! what is wrong, and nothing of a refused artifact runs.
//!
//! Also runs on aarch64 under qemu (`.ci/aarch64-tests`): there the artifact is NEON code.

mod common;

use std::path::{Path, PathBuf};

use albert_codegen::artifact::{write_artifact, ArtifactSpec, ArtifactSummary};
use albert_deploy::artifact::{self, Artifact, Header, LoadOptions};
use albert_runtime::{Backend, Batch, Precision, Session, SessionOptions, Target, TargetName, Wanted};
use common::*;

fn out_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("artifacts");
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

/// Compiles `model` for `target` with `buckets` into `path` (a reference-backend session:
/// tracing, optimising and packing need no code to run, so any target works).
fn compile(model: &str, target: Target, buckets: &[(usize, usize)], path: &Path) -> ArtifactSummary {
    compile_in(model, target, Precision::Fp32, buckets, path)
}

/// [`compile`] with the loop body's GEMMs in `precision`.
fn compile_in(
    model: &str,
    target: Target,
    precision: Precision,
    buckets: &[(usize, usize)],
    path: &Path,
) -> ArtifactSummary {
    let dir = fixture(model);
    let opts = SessionOptions { threads: 1, backend: Backend::Reference, target, precision };
    let s = Session::open(&dir, opts).expect("open");
    let h = s.heads();
    let (graph, w) = s.compiled_model(Wanted { pooler: h.pooler, mlm: h.mlm, sop: h.sop }).expect("optimise");
    let config = std::fs::read(dir.join("config.json")).expect("config");
    let tok = std::fs::read(dir.join("spiece.model")).expect("spiece");
    let spec = ArtifactSpec {
        graph: &graph,
        weights: w.store(),
        target,
        buckets: buckets.to_vec(),
        threads: 2,
        precision,
        config_json: &config,
        tokenizer: Some(&tok),
    };
    write_artifact(&spec, path, &mut |_, _, _| {}).expect("write artifact")
}

fn case_batch(refs: &std::collections::BTreeMap<String, albert_reference::Tensor>, case: &str) -> Batch {
    let ids = |what: &str| refs[&format!("{case}.{what}")].as_i64().expect("i64").to_vec();
    let shape = &refs[&format!("{case}.input_ids")].shape;
    Batch {
        batch: shape[0],
        seq: shape[1],
        input_ids: ids("input_ids"),
        token_type_ids: ids("token_type_ids"),
        attention_mask: ids("attention_mask"),
    }
}

/// The artifact of `model` for `target` answers every fixture case within 1e-4 of HF, and
/// each bucket's raw outputs equal the JIT's for the same target and bucket bit for bit.
fn check_model(model: &str, target: Target, only: Option<&[&str]>) {
    let refs = read_reference(model);
    let cases: Vec<String> =
        case_names(&refs).into_iter().filter(|c| only.is_none_or(|o| o.contains(&c.as_str()))).collect();
    let batches: Vec<Batch> = cases.iter().map(|c| case_batch(&refs, c)).collect();
    // Every case's exact shape, plus one larger bucket so padding into a bucket is covered.
    let mut buckets: Vec<(usize, usize)> = batches.iter().map(|b| (b.batch, b.seq)).collect();
    let (mb, ms) = buckets.iter().fold((1, 1), |(a, b), &(x, y)| (a.max(x), b.max(y)));
    buckets.push((mb + 1, ms + 5));
    buckets.sort();
    buckets.dedup();
    let path = out_dir().join(format!("{model}-{target}.albert"));
    let sum = compile(model, target, &buckets, &path);
    let art = Session::open(
        &path,
        SessionOptions { threads: 2, backend: Backend::Jit, target, precision: Default::default() },
    )
    .expect("open the artifact");
    assert!(art.artifact().is_some());
    let jit = Session::open(
        &fixture(model),
        SessionOptions { threads: 2, backend: Backend::Jit, target, precision: Default::default() },
    )
    .expect("open the model");
    let h = art.heads();
    let want = Wanted { pooler: h.pooler, mlm: h.mlm, sop: h.sop };
    for (case, b) in cases.iter().zip(&batches) {
        let o = art.forward(b, want).expect("artifact forward");
        let out = |name: &str| match name {
            "last_hidden_state" => Some(o.last_hidden_state.as_slice()),
            "pooler_output" => o.pooler_output.as_deref(),
            "mlm_logits" => o.mlm_logits.as_deref(),
            "sop_logits" => o.sop_logits.as_deref(),
            _ => None,
        };
        let r = check_case(
            &format!("{model} artifact ({target})"),
            &refs,
            case,
            Dims::of(art.config()),
            &out,
            false,
        );
        eprintln!("{model} artifact {target} {case}: {r}");
        // Bit for bit against the JIT, same target, same bucket, same inputs.
        let a = art.executable(want, b.batch, b.seq).expect("artifact bucket");
        let j = jit.executable(want, b.batch, b.seq).expect("jit bucket");
        let (ra, rj) = (
            a.run(&b.input_ids, &b.token_type_ids, &b.attention_mask).expect("run artifact"),
            j.run(&b.input_ids, &b.token_type_ids, &b.attention_mask).expect("run jit"),
        );
        assert_eq!(ra.len(), rj.len());
        for ((na, va), (nj, vj)) in ra.iter().zip(&rj) {
            assert_eq!(na, nj);
            let same = va.iter().zip(vj).all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{model} {target} {case}: `{na}` of the artifact differs from the JIT's");
        }
    }
    // A padded bucket: the first case run in the larger bucket gives the same answer.
    let b = &batches[0];
    let big = art.artifact().expect("artifact").executable(mb + 1, ms + 5).expect("larger bucket");
    assert_eq!(big.bucket(), (mb + 1, ms + 5));
    // Size: weights once, then code and tokenizer; alignment within 5 %.
    let weights = sum.packed_weights + sum.row_major_weights;
    assert!(
        (sum.total as f64)
            <= 1.05 * weights as f64
                + (sum.code + sum.tokenizer + sum.header + sum.graph + sum.config) as f64,
        "{model}: artifact of {} bytes for {weights} weight bytes ({sum:?})",
        sum.total
    );
    let _ = b;
}

#[test]
fn artifact_albert_tiny_native_and_portable() {
    check_model("albert-tiny", Target::native(), None);
    check_model("albert-tiny", Target::host_portable(), None);
}

#[test]
fn artifact_albert_tiny_grouped() {
    check_model("albert-tiny-grouped", Target::native(), None);
}

#[test]
fn artifact_albert_large_v2_synthetic_one_bucket() {
    let refs = read_reference("albert-large-v2-synthetic");
    let first = case_names(&refs).into_iter().find(|c| c == "text0").expect("case text0");
    check_model("albert-large-v2-synthetic", Target::native(), Some(&[first.as_str()]));
}

/// A `--precision bf16` artifact of `model` for `target`: every case's outputs equal the bf16
/// JIT's on the same target and bucket bit for bit (the same generated kernels, stored, and
/// the same bf16 panels, mapped), its per-token cosine to HF is ≥ 0.999, and the weights it
/// stores are the bf16 panels of the loop body (half the fp32 bytes).
fn check_bf16(model: &str, target: Target, only: Option<&[&str]>) {
    let cpu = albert_runtime::CpuFeatures::detect();
    if !(cpu.avx512f && cpu.avx512_bf16) {
        eprintln!("SKIPPED: this CPU lacks AVX512_BF16: a bf16 artifact cannot run here");
        return;
    }
    let refs = read_reference(model);
    let cases: Vec<String> =
        case_names(&refs).into_iter().filter(|c| only.is_none_or(|o| o.contains(&c.as_str()))).collect();
    let batches: Vec<Batch> = cases.iter().map(|c| case_batch(&refs, c)).collect();
    let mut buckets: Vec<(usize, usize)> = batches.iter().map(|b| (b.batch, b.seq)).collect();
    buckets.sort();
    buckets.dedup();
    let path = out_dir().join(format!("{model}-{target}-bf16.albert"));
    let sum16 = compile_in(model, target, Precision::Bf16, &buckets, &path);
    let sum32 = compile_in(
        model,
        target,
        Precision::Fp32,
        &buckets,
        &out_dir().join(format!("{model}-{target}-fp32.albert")),
    );
    assert!(
        sum16.packed_weights < sum32.packed_weights,
        "bf16 panels are not smaller: {sum16:?} vs {sum32:?}"
    );
    let opts = |precision| SessionOptions { threads: 2, backend: Backend::Jit, target, precision };
    // Opened without asking for a precision, the artifact runs as compiled: bf16.
    let art = Session::open(&path, opts(Precision::Fp32)).expect("open the bf16 artifact");
    assert_eq!(art.precision(), Precision::Bf16);
    let header = art.artifact().expect("artifact").header().clone();
    assert_eq!(header.precision, "bf16");
    assert!(header.target.features.iter().any(|f| f == "avx512_bf16"), "{:?}", header.target.features);
    assert_eq!(header.bf16_amx, albert_codegen::bf16_amx(), "the artifact's tiles are the JIT's");
    assert!(!header.bf16_amx || header.target.features.iter().any(|f| f == "amx_bf16"));
    let jit = Session::open(&fixture(model), opts(Precision::Bf16)).expect("open the model in bf16");
    let h = art.heads();
    let want = Wanted { pooler: h.pooler, mlm: h.mlm, sop: h.sop };
    let hidden = art.config().hidden_size;
    for (case, b) in cases.iter().zip(&batches) {
        let a = art.executable(want, b.batch, b.seq).expect("artifact bucket");
        let j = jit.executable(want, b.batch, b.seq).expect("jit bucket");
        let (ra, rj) = (
            a.run(&b.input_ids, &b.token_type_ids, &b.attention_mask).expect("run artifact"),
            j.run(&b.input_ids, &b.token_type_ids, &b.attention_mask).expect("run jit"),
        );
        for ((na, va), (nj, vj)) in ra.iter().zip(&rj) {
            assert_eq!(na, nj);
            let same = va.len() == vj.len() && va.iter().zip(vj).all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{model} {target} {case}: bf16 `{na}` of the artifact differs from the JIT's");
        }
        let o = art.forward(b, want).expect("artifact forward");
        let r = refs[&format!("{case}.last_hidden_state")].as_f32().expect("f32");
        let mut worst = 1f64;
        for (t, &m) in b.attention_mask.iter().enumerate() {
            if m == 0 {
                continue;
            }
            let (g, w) =
                (&o.last_hidden_state[t * hidden..(t + 1) * hidden], &r[t * hidden..(t + 1) * hidden]);
            let dot: f64 = g.iter().zip(w).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum();
            let norm = |v: &[f32]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
            worst = worst.min(dot / (norm(g) * norm(w)).max(1e-30));
        }
        eprintln!(
            "{model} bf16 artifact {target} {case}: worst token cosine {worst:.6} (AMX: {})",
            header.bf16_amx
        );
        assert!(worst >= 0.999, "{model} {case}: token cosine {worst} < 0.999");
    }
    // An fp32 artifact asked for bf16 is refused, naming the fix.
    let fp32 = out_dir().join(format!("{model}-{target}-fp32.albert"));
    let e =
        Session::open(&fp32, opts(Precision::Bf16)).err().expect("bf16 from an fp32 artifact").to_string();
    assert!(e.contains("recompile it with --precision bf16"), "{e}");
}

/// On a CPU with AMX the artifact holds AMX tiles (and lists `amx_bf16`), elsewhere the
/// `vdpbf16ps` tiles.
#[test]
fn bf16_artifact_albert_tiny() {
    check_bf16("albert-tiny", Target::native(), None);
}

#[test]
fn bf16_artifact_albert_large_v2_synthetic_one_bucket() {
    check_bf16("albert-large-v2-synthetic", Target::native(), Some(&["text0"]));
}

/// A small artifact to break in every way.
fn small() -> PathBuf {
    let path = out_dir().join("small-native.albert");
    compile("albert-tiny", Target::native(), &[(1, 8), (2, 16)], &path);
    path
}

/// Opens `path`; must fail with a one-line message containing `want`.
fn refused(path: &Path, want: &str) {
    let e = match Artifact::open(path, LoadOptions { threads: 1 }) {
        Ok(_) => panic!("{} was accepted (expected: {want})", path.display()),
        Err(e) => e.to_string(),
    };
    assert!(e.contains(want), "expected `{want}` in: {e}");
    assert!(!e.contains('\n'), "not one line: {e}");
    // The session (what every command opens) refuses it the same way.
    if path.is_file() {
        let s = Session::open(
            path,
            SessionOptions {
                threads: 1,
                backend: Backend::Jit,
                target: Target::native(),
                precision: Default::default(),
            },
        );
        assert!(s.is_err(), "session accepted {}", path.display());
    }
}

fn broken(name: &str, bytes: &[u8]) -> PathBuf {
    let p = out_dir().join(format!("broken-{name}.albert"));
    std::fs::write(&p, bytes).expect("write");
    p
}

/// Rewrites the header (with a valid hash) through `edit`.
fn with_header(src: &[u8], name: &str, edit: impl FnOnce(&mut Header)) -> PathBuf {
    let mut h = artifact::read_header(Path::new("x"), src).expect("header");
    edit(&mut h);
    let head = artifact::preamble_and_header(&h).expect("serialise");
    assert!(head.len() as u64 <= h.code.offset, "edited header does not fit");
    let mut bytes = src.to_vec();
    bytes[..head.len()].copy_from_slice(&head);
    broken(name, &bytes)
}

#[test]
fn broken_artifacts_are_refused_with_the_reason() {
    let good = std::fs::read(small()).expect("read");
    let h = artifact::read_header(Path::new("x"), &good).expect("header");
    // The good one loads and runs, and a shape outside its buckets lists them.
    let a = Artifact::open(&small(), LoadOptions { threads: 1 }).expect("open");
    let e = a.executable(1, 9).err().expect("bucket 1×9 is not compiled").to_string();
    assert!(e.contains("1×8") && e.contains("2×16"), "{e}");
    let e = a.forward(&[2; 40], &[0; 40], &[1; 40], 2, 20).expect_err("no bucket holds 2×20").to_string();
    assert!(e.contains("no compiled bucket") && e.contains("2×16"), "{e}");

    // CPU feature missing (a feature no CPU has: stands for AMX on a Zen 4, AVX-512 on an
    // older x86).
    let p = with_header(&good, "feature", |h| h.target.features.push("avx10_9000".into()));
    refused(&p, "needs the CPU feature avx10_9000");
    // Wrong architecture: a real artifact for the other one.
    let other = match albert_runtime::Arch::host() {
        albert_runtime::Arch::X86_64 => Target::named(TargetName::Aarch64Neon),
        albert_runtime::Arch::Aarch64 => Target::named(TargetName::X86_64Portable),
    };
    let p = out_dir().join("other-arch.albert");
    compile("albert-tiny", other, &[(1, 8)], &p);
    refused(&p, "built for");
    // Format version.
    let mut b = good.clone();
    b[8..12].copy_from_slice(&7u32.to_le_bytes());
    refused(&broken("format", &b), "format version 7, this albert-jit");
    // Compiler version (both named).
    let p = with_header(&good, "compiler", |h| h.compiler = "albert-jit 0.0.9".into());
    refused(&p, "built by albert-jit 0.0.9, this is albert-jit");
    // Tampered code and weights.
    let mut b = good.clone();
    b[h.code.offset as usize + 100] ^= 0x40;
    refused(&broken("code", &b), "code hash mismatch");
    let mut b = good.clone();
    b[(h.weights_section.offset + h.weights_section.len / 2) as usize] ^= 1;
    refused(&broken("weights", &b), "weights hash mismatch");
    // Truncated file, truncated header, garbled header.
    refused(&broken("truncated", &good[..good.len() / 2]), "truncated artifact");
    refused(&broken("short-header", &good[..100]), "truncated or garbled header");
    refused(&broken("preamble", &good[..12]), "truncated artifact");
    let mut b = good.clone();
    b[artifact::PREAMBLE + 10] ^= 0x20;
    refused(&broken("garbled", &b), "garbled header");
    // A model directory, a random file, an empty file.
    refused(&fixture("albert-tiny"), "is a directory");
    refused(&fixture("albert-tiny").join("model.safetensors"), "not an albert-jit artifact");
    refused(&broken("empty", &[]), "not an albert-jit artifact");
}
