//! Golden filetests for the optimiser (Cranelift's `filetests` habit).
//!
//! Each `tests/filetests/*.ir` file starts with a header of `;` lines:
//!
//! ```text
//! ; test optimize
//! ; model: tiny | tiny-grouped | large | {inline config.json}
//! ; trace: hidden_states attentions          (optional debugging outputs)
//! ; outputs: last_hidden_state               (optional: keep only these)
//! ; passes: fold, dce, fuse_attention        (or `default`)
//! ```
//!
//! and the rest of the file is the expected IR after those passes. Run with
//! `ALBERT_TEST_BLESS=1` to rewrite the expectations; otherwise a mismatch
//! fails with a unified diff. The expected text is also parsed back and
//! compared with the graph, so every golden file is a round-trip test.
//!
//! `tests/filetests/*.asm` files test code generation (Cranelift's `test compile
//! precise-output`): the header
//!
//! ```text
//! ; test compile
//! ; model: tiny | {inline config.json}
//! ; target: aarch64-neon | x86_64-portable | x86_64-avx512
//! ; bucket: 1x8                               (batch × seq)
//! ```
//!
//! is followed by the lowered forward program (Cranelift IR and the target's machine
//! code) and every GEMM call site's kernel, for that target, generated on any host.

mod common;

use std::path::Path;

use albert_model::{trace, AlbertConfig, Heads, TraceOptions};
use albert_opt::{Options, Pipeline};

struct Header {
    compile: bool,
    target: Option<String>,
    bucket: (usize, usize),
    model: String,
    hidden_states: bool,
    attentions: bool,
    outputs: Option<Vec<String>>,
    passes: Vec<String>,
}

fn parse_header(text: &str) -> Result<(Header, String, String), String> {
    let mut h = Header {
        compile: false,
        target: None,
        bucket: (1, 8),
        model: String::new(),
        hidden_states: false,
        attentions: false,
        outputs: None,
        passes: vec![],
    };
    let mut header = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.peek() {
        let Some(rest) = line.strip_prefix(';') else { break };
        header.push_str(line);
        header.push('\n');
        let rest = rest.trim();
        if rest == "test compile" {
            h.compile = true;
        } else if let Some(v) = rest.strip_prefix("target:") {
            h.target = Some(v.trim().to_string());
        } else if let Some(v) = rest.strip_prefix("bucket:") {
            let (b, s) = v.trim().split_once('x').ok_or("bucket is BATCHxSEQ")?;
            h.bucket = (b.parse().map_err(|_| "bad batch")?, s.parse().map_err(|_| "bad seq")?);
        } else if let Some(v) = rest.strip_prefix("model:") {
            h.model = v.trim().to_string();
        } else if let Some(v) = rest.strip_prefix("trace:") {
            for w in v.split_whitespace() {
                match w {
                    "hidden_states" => h.hidden_states = true,
                    "attentions" => h.attentions = true,
                    other => return Err(format!("unknown trace option `{other}`")),
                }
            }
        } else if let Some(v) = rest.strip_prefix("outputs:") {
            h.outputs = Some(v.split(',').map(|s| s.trim().to_string()).collect());
        } else if let Some(v) = rest.strip_prefix("passes:") {
            h.passes = v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        }
        lines.next();
    }
    let body: Vec<&str> = lines.collect();
    let body = body.join("\n");
    if h.compile {
        if h.model.is_empty() || h.target.is_none() {
            return Err("a compile test needs `; model:` and `; target:`".into());
        }
        h.passes = vec!["default".into()];
    }
    if h.model.is_empty() || h.passes.is_empty() {
        return Err("header needs `; model:` and `; passes:`".into());
    }
    Ok((h, header, body.trim_start_matches('\n').to_string()))
}

fn config(model: &str) -> AlbertConfig {
    let dir = match model {
        "tiny" => "albert-tiny",
        "tiny-grouped" => "albert-tiny-grouped",
        "large" => "albert-large-v2-synthetic",
        inline if inline.starts_with('{') => return AlbertConfig::from_json(inline).expect("inline config"),
        other => panic!("unknown model `{other}`"),
    };
    AlbertConfig::from_file(&common::fixture(dir).join("config.json")).expect("config")
}

/// A line diff (LCS), printed in unified style with 3 lines of context.
fn unified_diff(want: &str, got: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut ops = Vec::new(); // (' ' | '-' | '+', line)
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', b[j]));
            j += 1;
        } else {
            ops.push(('-', a[i]));
            i += 1;
        }
    }
    let near = |k: usize| ops[k.saturating_sub(3)..(k + 4).min(ops.len())].iter().any(|(c, _)| *c != ' ');
    let mut out = String::from("--- expected\n+++ actual\n");
    let mut gap = false;
    for (k, (c, line)) in ops.iter().enumerate() {
        if near(k) {
            out.push_str(&format!("{c}{line}\n"));
            gap = false;
        } else if !gap {
            out.push_str("@@\n");
            gap = true;
        }
    }
    out
}

fn run_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (h, header, want) = parse_header(&text)?;
    let cfg = config(&h.model);
    let opts = TraceOptions {
        heads: Heads { pooler: true, mlm: true, sop: true },
        hidden_states: h.hidden_states,
        attentions: h.attentions,
    };
    let g = trace(&cfg, opts, "predictions.bias").map_err(|e| e.to_string())?;
    let options = Options { outputs: h.outputs.clone() };
    let pipeline = if h.passes == ["default"] {
        Pipeline::default_for(&options)
    } else {
        Pipeline::from_names(&h.passes, &options).map_err(|e| e.to_string())?
    };
    let got = pipeline.verify_each(true).run(&g).map_err(|e| e.to_string())?;
    let reparsed = albert_ir::parse(&got.to_string()).map_err(|e| format!("reparse: {e}"))?;
    if reparsed != got {
        return Err("parse(print(g)) != g".into());
    }
    let got_text = if let Some(t) = &h.target { lowered(&got, t, h.bucket)? } else { got.to_string() };
    if got_text.trim_end() == want.trim_end() {
        return Ok(());
    }
    if std::env::var("ALBERT_TEST_BLESS").as_deref() == Ok("1") {
        std::fs::write(path, format!("{header}\n{got_text}")).map_err(|e| e.to_string())?;
        eprintln!("blessed {}", path.display());
        return Ok(());
    }
    Err(format!(
        "output differs (rerun with ALBERT_TEST_BLESS=1 to accept):\n{}",
        unified_diff(&want, &got_text)
    ))
}

/// The program and kernels generated for `target` (weights are not read: zeros).
fn lowered(g: &albert_ir::Graph, target: &str, (batch, seq): (usize, usize)) -> Result<String, String> {
    let target = albert_runtime::Target::parse(target).map_err(|e| e.to_string())?;
    let zeros = |_: &str, shape: &[usize]| Ok(vec![0.0f32; shape.iter().product()]);
    let store = albert_codegen::WeightStore::lazy(g, Box::new(zeros));
    let opts = albert_codegen::CompileOptions { target, pool: None, precision: Default::default() };
    let l = albert_codegen::listing(g, &store, batch, seq, &opts).map_err(|e| e.to_string())?;
    Ok(format!(
        "; program (Cranelift IR)\n{}\n; program ({target})\n{}\n{}",
        l.clif.trim_end(),
        l.program_asm.trim_end(),
        l.kernels_asm.trim_end()
    ))
}

#[test]
fn filetests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/filetests")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ir" || e == "asm"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no filetests in {}", dir.display());
    let mut failures = Vec::new();
    for f in &files {
        if let Err(e) = run_file(f) {
            failures.push(format!("{}: {e}", f.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} filetests failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
