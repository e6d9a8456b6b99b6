//! The `albert-jit` binary end to end: forward through safetensors files,
//! tokenize, embed, sop, inspect, and clear errors on bad input.

mod common;

use std::process::Command;

use common::{fixture, read_reference, TOL};

fn albert_jit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_albert-jit"))
}

fn run_ok(args: &[&str]) -> String {
    let out = albert_jit().args(args).output().expect("spawn");
    assert!(out.status.success(), "albert-jit {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn run_err(args: &[&str]) -> String {
    let out = albert_jit().args(args).output().expect("spawn");
    assert!(!out.status.success(), "albert-jit {args:?} should fail");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "albert-jit {args:?} panicked: {err}");
    err
}

#[test]
fn forward_reproduces_the_reference() {
    let model = fixture("albert-tiny");
    let refs = read_reference("albert-tiny");
    let tmp = std::env::temp_dir().join(format!("albert-jit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("mkdir");
    // The `batch` case has padding; write its ids as the input file.
    let ids = |n: &'static str| {
        let t = &refs[&format!("batch.{n}")];
        (n, t.shape.clone(), t.as_i64().expect("i64").to_vec())
    };
    let input = tmp.join("in.safetensors");
    let output = tmp.join("out.safetensors");
    write_ids(&input, &[ids("input_ids"), ids("token_type_ids"), ids("attention_mask")]);
    run_ok(&[
        "forward",
        "--model",
        model.to_str().expect("path"),
        "--input",
        input.to_str().expect("path"),
        "--output",
        output.to_str().expect("path"),
    ]);
    let bytes = std::fs::read(&output).expect("read output");
    let st = safetensors::SafeTensors::deserialize(&bytes).expect("parse output");
    let names: Vec<String> = st.names().into_iter().map(|s| s.to_string()).collect();
    for n in ["last_hidden_state", "pooler_output", "mlm_logits", "sop_logits"] {
        assert!(names.iter().any(|x| x == n), "output lacks {n}: {names:?}");
    }
    let f32s = |n: &str| -> Vec<f32> {
        st.tensor(n)
            .expect("tensor")
            .data()
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    };
    let mask = refs["batch.attention_mask"].as_i64().expect("mask").to_vec();
    let err = common::max_abs_rows(
        "last_hidden_state",
        &f32s("last_hidden_state"),
        refs["batch.last_hidden_state"].as_f32().expect("f32"),
        32,
        |r| mask[r] != 0,
    );
    assert!(err <= TOL, "last_hidden_state error {err}");
    let err = common::max_abs_rows(
        "sop",
        &f32s("sop_logits"),
        refs["batch.sop_logits"].as_f32().expect("f32"),
        2,
        |_| true,
    );
    assert!(err <= TOL, "sop_logits error {err}");

    // Bad input files are clear errors, never panics.
    std::fs::write(&input, b"garbage").expect("write");
    let err = run_err(&[
        "forward",
        "--model",
        model.to_str().expect("p"),
        "--input",
        input.to_str().expect("p"),
        "--output",
        output.to_str().expect("p"),
    ]);
    assert!(err.contains("invalid safetensors"), "{err}");
}

#[test]
fn tokenize_matches_the_fixture() {
    let model = fixture("albert-tiny");
    let out = run_ok(&["tokenize", "--model", model.to_str().expect("p"), "Hello world"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["input_ids"], serde_json::json!([2, 10653, 127, 3]));
    assert_eq!(v["pieces"], serde_json::json!(["[CLS]", "▁hello", "▁world", "[SEP]"]));
    let out = run_ok(&[
        "tokenize",
        "--model",
        model.to_str().expect("p"),
        "He went to the store.",
        "--pair",
        "He bought a gallon of milk.",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["token_type_ids"], serde_json::json!([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]));
}

#[test]
fn embed_and_sop_and_inspect() {
    let tiny = fixture("albert-tiny");
    let tiny = tiny.to_str().expect("p");
    for pooling in ["cls", "mean", "pooler"] {
        let out =
            run_ok(&["embed", "--model", tiny, "--pooling", pooling, "one sentence", "and another one"]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["embeddings"].as_array().expect("list").len(), 2);
        assert_eq!(v["embeddings"][0].as_array().expect("vec").len(), 32);
    }
    let out = run_ok(&["sop", "--model", tiny, "He went to the store.", "He bought a gallon of milk."]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let refs = read_reference("albert-tiny");
    let want = refs["pair0.sop_logits"].as_f32().expect("f32");
    for i in 0..2 {
        let got = v["logits"][i].as_f64().expect("logit") as f32;
        assert!((got - want[i]).abs() <= TOL, "sop logit {i}: {got} vs {}", want[i]);
    }
    let p = v["in_order"].as_f64().expect("p") + v["swapped"].as_f64().expect("p");
    assert!((p - 1.0).abs() < 1e-6);

    let grouped = fixture("albert-tiny-grouped");
    let err = run_err(&["sop", "--model", grouped.to_str().expect("p"), "a", "b"]);
    assert!(err.contains("sentence-order"), "{err}");
    let err = run_err(&["embed", "--model", grouped.to_str().expect("p"), "--pooling", "pooler", "a"]);
    assert!(err.contains("pooler"), "{err}");

    let out = run_ok(&["inspect", "--model", tiny, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["config"]["hidden_size"], 32);
    assert_eq!(v["heads"]["sop"], true);
    let out = run_ok(&["inspect", "--model", tiny, "--ir"]);
    assert!(out.contains("graph {") && out.contains("\"albert.embeddings.word_embeddings.weight\""));
}

#[test]
fn bad_input_gives_clear_errors() {
    let tiny = fixture("albert-tiny");
    let tiny = tiny.to_str().expect("p");
    let long = "word ".repeat(700);
    let err = run_err(&["fill-mask", "--model", tiny, &format!("{long} [MASK]")]);
    assert!(err.contains("at most 512"), "{err}");
    let err = run_err(&["fill-mask", "--model", tiny, "no mask"]);
    assert!(err.contains("no mask token"), "{err}");
    let err = run_err(&["embed", "--model", "/nonexistent/dir", "x"]);
    assert!(err.contains("/nonexistent/dir"), "{err}");
    let out = run_ok(&["embed", "--model", tiny, "--truncate", &long]);
    assert!(out.contains("embeddings"));
}

#[test]
fn bundled_model_is_the_default_and_says_it_is_synthetic() {
    let out =
        albert_jit().args(["inspect", "--json"]).env_remove("ALBERT_JIT_MODEL").output().expect("spawn");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("synthetic"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["config"]["hidden_size"], 1024);
    assert_eq!(v["config"]["num_hidden_layers"], 24);
}

#[test]
fn compile_dumps_passes_and_stats_report_the_loop() {
    let grouped = fixture("albert-tiny-grouped");
    let grouped = grouped.to_str().expect("p");
    let out = run_ok(&["compile", "--model", grouped, "--dump-after", "share_layers"]);
    assert!(out.starts_with("; after share_layers"), "{out}");
    assert_eq!(out.matches("loop {trips=3}").count(), 2, "{out}");
    let all = run_ok(&["compile", "--model", grouped, "--dump-all"]);
    for p in albert_opt::pass_names() {
        assert!(all.contains(&format!("; after {p}\n")), "missing dump after {p}");
    }
    let err = run_err(&["compile", "--model", grouped, "--dump-after", "no_such_pass"]);
    assert!(err.contains("unknown pass"), "{err}");

    let out = run_ok(&["inspect", "--stats", "--json", "--seq", "128"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let loops = v["loops"].as_array().expect("loops");
    assert_eq!(loops.len(), 1, "{v}");
    assert_eq!(loops[0]["trips"], 24);
    assert_eq!(loops[0]["body_op_counts"], serde_json::json!({"attention": 1, "feed_forward": 1}));

    // The text form records the kernel generator's choice for every GEMM call site: the
    // loop body's four (QKV, attention output, FFN up, FFN down) with the padded A stride.
    let out = run_ok(&["inspect", "--stats", "--seq", "128", "--target", "x86_64-portable"]);
    let gemms: Vec<&str> = out.lines().filter(|l| l.starts_with("gemm ")).collect();
    for shape in
        ["M=128 N=3072 K=1024 lda=1040", "M=128 N=1024 K=1024 lda=1040", "M=128 N=4096 K=1024 lda=1040"]
    {
        assert!(gemms.iter().any(|l| l.contains(shape) && l.contains("f32x4")), "no `{shape}`: {out}");
    }
    assert!(gemms.iter().any(|l| l.contains("M=128 N=1024 K=4096 lda=4112")), "{out}");
    assert!(out.contains("attention    QK^T and P·V: fp32 Cranelift f32x4"), "{out}");
    let cpu = albert_runtime::CpuFeatures::detect();
    if cpu.avx512f {
        let out = run_ok(&["inspect", "--stats", "--seq", "8", "--target", "x86_64-avx512"]);
        let line =
            out.lines().find(|l| l.starts_with("gemm ") && l.contains("N=4096 K=1024")).expect("ffn up");
        assert!(line.contains("avx512 14x32 zmm") && line.contains("small-M path"), "{line}");
        assert!(out.contains("attention    QK^T and P·V: fp32 avx512"), "{out}");
    } else {
        eprintln!("skipped the x86_64-avx512 part: this CPU lacks AVX-512F");
    }
    // bf16: the GEMM and attention kernels follow the CPU (AMX, else vdpbf16ps).
    if cpu.avx512f && cpu.avx512_bf16 {
        let out = run_ok(&["--precision", "bf16", "inspect", "--stats", "--seq", "128"]);
        let line =
            out.lines().find(|l| l.starts_with("gemm ") && l.contains("N=4096 K=1024")).expect("ffn up");
        let attn = out.lines().find(|l| l.starts_with("attention ")).expect("attention line");
        if albert_kernels::frame::bf16::amx_tiles_here() == Ok(true) {
            assert!(line.contains("bf16 AMX tdpbf16ps"), "{line}");
            assert!(attn.contains("bf16 AMX tdpbf16ps"), "{attn}");
        } else {
            assert!(line.contains("bf16 vdpbf16ps"), "{line}");
            assert!(attn.contains(if cpu.amx_bf16 { "fp32 avx512" } else { "bf16 vdpbf16ps" }), "{attn}");
        }
    } else {
        eprintln!("skipped the bf16 part: this CPU lacks AVX512_BF16");
    }
}

#[test]
fn bench_smoke_tiny_model_json_csv_and_plot() {
    let tiny = fixture("albert-tiny");
    let tiny = tiny.to_str().expect("p");
    let tmp = std::env::temp_dir().join(format!("albert-jit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("mkdir");
    let plot = tmp.join("bench.svg");
    let common = [
        "--seqs",
        "8,16",
        "--batch",
        "1,2",
        "--threads",
        "1",
        "--warmup",
        "1",
        "--runs",
        "2",
        "--min-time",
        "0",
    ];
    let mut args = vec!["bench", "--model", tiny];
    args.extend(common);
    args.extend(["--json", "--plot", plot.to_str().expect("p")]);
    let out = run_ok(&args);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let text = v.to_string();
    assert!(text.contains("albert-jit"), "{text}");
    let svg = std::fs::read_to_string(&plot).expect("plot written");
    assert!(svg.contains("<svg"), "not an svg");
    let mut args = vec!["bench", "--model", tiny];
    args.extend(common);
    args.push("--csv");
    let csv = run_ok(&args);
    let header = csv.lines().next().expect("header");
    for col in ["runtime", "threads", "batch_size", "sequence_length"] {
        assert!(header.contains(col), "{header}");
    }
    assert_eq!(csv.lines().filter(|l| l.starts_with("albert-jit")).count(), 4, "{csv}");
    let err = run_err(&["bench", "--model", tiny, "--seqs", "0"]);
    assert!(err.contains("positive"), "{err}");
}

/// A named int64 tensor: name, shape, elements.
type IdTensor<'a> = (&'a str, Vec<usize>, Vec<i64>);

/// Writes a safetensors file of int64 tensors.
fn write_ids(path: &std::path::Path, tensors: &[IdTensor]) {
    let raw: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
        .iter()
        .map(|(n, s, v)| (n.to_string(), s.clone(), v.iter().flat_map(|x| x.to_le_bytes()).collect()))
        .collect();
    let views: Vec<_> = raw
        .iter()
        .map(|(n, s, b)| {
            (
                n.clone(),
                safetensors::tensor::TensorView::new(safetensors::Dtype::I64, s.clone(), b).expect("view"),
            )
        })
        .collect();
    std::fs::write(path, safetensors::serialize(views, None).expect("ser")).expect("write");
}

#[test]
fn forward_rejects_bad_ids_and_shapes_without_panicking() {
    let tiny = fixture("albert-tiny");
    let tiny = tiny.to_str().expect("p");
    let tmp = std::env::temp_dir().join(format!("albert-jit-badfwd-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("mkdir");
    let input = tmp.join("in.safetensors");
    let output = tmp.join("out.safetensors");
    let cases: Vec<(Vec<IdTensor>, &str)> = vec![
        (vec![("input_ids", vec![1, 3], vec![2, 40_000, 3])], "outside the vocabulary"),
        (vec![("input_ids", vec![1, 3], vec![2, -1, 3])], "outside the vocabulary"),
        (
            vec![("input_ids", vec![1, 3], vec![2, 5, 3]), ("token_type_ids", vec![1, 3], vec![0, 7, 0])],
            "token_type_ids",
        ),
        (
            vec![("input_ids", vec![1, 3], vec![2, 5, 3]), ("attention_mask", vec![1, 3], vec![1, 2, 1])],
            "0 or 1",
        ),
        (vec![("input_ids", vec![1, 3], vec![2, 5, 3]), ("attention_mask", vec![1, 2], vec![1, 1])], "shape"),
        (vec![("input_ids", vec![1, 600], vec![5; 600])], "at most 512"),
        (vec![("input_ids", vec![3], vec![2, 5, 3])], "[batch, seq]"),
        (vec![("token_type_ids", vec![1, 3], vec![0, 0, 0])], "no `input_ids`"),
        (vec![("input_ids", vec![1, 0], vec![])], "empty batch"),
    ];
    for (tensors, needle) in cases {
        write_ids(&input, &tensors);
        for backend in ["jit", "reference"] {
            let err = run_err(&[
                "--backend",
                backend,
                "forward",
                "--model",
                tiny,
                "--input",
                input.to_str().expect("p"),
                "--output",
                output.to_str().expect("p"),
            ]);
            assert!(err.contains(needle), "{backend}: expected `{needle}` in: {err}");
        }
        assert!(!output.exists(), "no output file may be left behind by a failed run");
    }
    let err = run_err(&["tokenize", "--model", tiny, "a b c", "--max-length", "2", "--truncate"]);
    assert!(err.contains("max"), "{err}");
}

#[test]
fn bench_profile_breaks_the_forward_into_calls_and_phases() {
    let tiny = fixture("albert-tiny");
    let tiny = tiny.to_str().expect("p");
    let out = run_ok(&[
        "bench",
        "--model",
        tiny,
        "--profile",
        "--seqs",
        "16",
        "--batch",
        "2",
        "--threads",
        "1",
        "--warmup",
        "1",
        "--runs",
        "2",
        "--min-time",
        "0",
    ]);
    let ms = |label: &str| -> f64 {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no `{label}`: {out}"));
        // The first number after the label and the call count: ms per forward.
        let rest = line.trim_start()[label.len()..].split_whitespace().collect::<Vec<_>>();
        let col = if rest.len() == 5 { 1 } else { 0 };
        rest[col].parse().unwrap_or_else(|_| panic!("`{line}`"))
    };
    for phase in ["qkv", "out_proj", "ffn_up", "ffn_down", "layer_norm", "program and runtime"] {
        assert!(out.lines().any(|l| l.trim_start().starts_with(phase)), "no `{phase}` row: {out}");
    }
    // The call rows and the glue add up to the forward (within print rounding).
    let parts: f64 =
        ["embeddings", "attention", "feed_forward", "program and runtime"].iter().map(|l| ms(l)).sum();
    let total = ms("forward");
    assert!(total > 0.0 && (parts - total).abs() <= 0.01 + 1e-3 * total, "{parts} vs {total}: {out}");
    assert!(out.contains("batch 2, seq 16: 2 forwards"), "{out}");
    let err = run_err(&["bench", "--model", tiny, "--profile", "--compare", "openvino"]);
    assert!(err.contains("--compare"), "{err}");
}
