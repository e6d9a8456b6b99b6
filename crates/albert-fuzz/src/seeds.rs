//! The seed corpus of every fuzz target, made from the fixtures.
//!
//! The seeds are checked in under `fuzz/seeds/<target>/` and rewritten only
//! by `ALBERT_TEST_BLESS=1 cargo test -p albert-fuzz` (the `seeds` test
//! checks that the files equal what this module makes). They are small on
//! purpose: libFuzzer mutates an input as a whole, so a 2 MB checkpoint or
//! the 800 KB fixture `spiece.model` would run a few times a second; a
//! miniature of the same structure runs thousands of times.

use std::collections::BTreeMap;

use albert_model::{trace, AlbertConfig, Heads, TraceOptions};
use safetensors::tensor::TensorView;
use safetensors::Dtype;

use crate::checkpoint::DirInput;

/// Every seed: `(target, file name, bytes)`.
pub fn all() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut add = |target: &'static str, seeds: Vec<(String, Vec<u8>)>| {
        out.extend(seeds.into_iter().map(|(n, b)| (target, n, b)));
    };
    add("parse_ir", parse_ir());
    add("checkpoint_dir", checkpoint_dir());
    add("spiece_model", spiece_model());
    add("tokenize", tokenize());
    add("forward_input", forward_input());
    add("diff_jit", diff_jit());
    add("artifact_loader", artifact_loader());
    out
}

/// The miniature model of the checkpoint seeds: every head, 2 groups of 2
/// inner layers, so every weight name pattern occurs.
const SMALL_CONFIG: &str = r#"{
  "architectures": ["AlbertForPreTraining"],
  "model_type": "albert",
  "vocab_size": 12,
  "embedding_size": 4,
  "hidden_size": 6,
  "num_attention_heads": 2,
  "num_hidden_layers": 3,
  "num_hidden_groups": 2,
  "inner_group_num": 2,
  "intermediate_size": 5,
  "hidden_act": "gelu_new",
  "max_position_embeddings": 8,
  "type_vocab_size": 2,
  "layer_norm_eps": 1e-12,
  "tie_word_embeddings": true
}
"#;

fn all_heads() -> TraceOptions {
    TraceOptions::all_heads(Heads { pooler: true, mlm: true, sop: true })
}

fn config(text: &str) -> AlbertConfig {
    AlbertConfig::from_json(text).expect("seed config")
}

fn parse_ir() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (name, text) in
        [("small", SMALL_CONFIG.to_string()), ("tiny", fixture_text("albert-tiny/config.json"))]
    {
        let g = trace(&config(&text), all_heads(), "predictions.bias").expect("trace");
        let opt =
            albert_opt::Pipeline::default_for(&albert_opt::Options::default()).run(&g).expect("optimise");
        out.push((format!("{name}-traced.ir"), g.to_string().into_bytes()));
        out.push((format!("{name}-optimised.ir"), opt.to_string().into_bytes()));
    }
    out
}

fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(crate::fixtures().join(rel)).expect("fixture file")
}

/// Deterministic weights in [-0.5, 0.5].
fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % 1001) as f32 / 1000.0 - 0.5
        })
        .collect()
}

/// `(stored name, dtype, shape, bytes)` of every weight of the small model.
fn small_tensors(dtype: Dtype, legacy: bool) -> Vec<(String, Dtype, Vec<usize>, Vec<u8>)> {
    let g = trace(&config(SMALL_CONFIG), all_heads(), "predictions.bias").expect("trace");
    g.weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let shape = w.ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 });
            let v = values(shape.iter().product(), i as u64 + 1);
            let bytes: Vec<u8> = match dtype {
                Dtype::F16 => v.iter().flat_map(|&x| half::f16::from_f32(x).to_le_bytes()).collect(),
                Dtype::BF16 => v.iter().flat_map(|&x| half::bf16::from_f32(x).to_le_bytes()).collect(),
                _ => v.iter().flat_map(|&x| x.to_le_bytes()).collect(),
            };
            let mut name = w.name.clone();
            if legacy {
                // A bare `AlbertModel` with TF-era names.
                name = name.strip_prefix("albert.").unwrap_or(&name).to_string();
                if let Some(stem) = name.strip_suffix("LayerNorm.weight") {
                    name = format!("{stem}LayerNorm.gamma");
                } else if let Some(stem) = name.strip_suffix("LayerNorm.bias") {
                    name = format!("{stem}LayerNorm.beta");
                }
            }
            (name, dtype, shape, bytes)
        })
        .collect()
}

fn safetensors_file(tensors: &[(String, Dtype, Vec<usize>, Vec<u8>)]) -> Vec<u8> {
    let views: Vec<(String, TensorView<'_>)> = tensors
        .iter()
        .map(|(n, d, s, b)| (n.clone(), TensorView::new(*d, s.clone(), b).expect("view")))
        .collect();
    safetensors::serialize(views, None).expect("serialize")
}

fn checkpoint_dir() -> Vec<(String, Vec<u8>)> {
    let cfg = SMALL_CONFIG.as_bytes().to_vec();
    let single = |t: &[(String, Dtype, Vec<usize>, Vec<u8>)], debug: bool| DirInput {
        debug_outputs: debug,
        sharded: false,
        files: vec![cfg.clone(), safetensors_file(t)],
    };
    let f32s = small_tensors(Dtype::F32, false);
    let mut out = vec![
        ("small-f32".to_string(), single(&f32s, false).to_bytes()),
        ("small-f32-debug-outputs".to_string(), single(&f32s, true).to_bytes()),
        ("small-f16-legacy-names".to_string(), single(&small_tensors(Dtype::F16, true), false).to_bytes()),
        ("small-bf16".to_string(), single(&small_tensors(Dtype::BF16, false), false).to_bytes()),
    ];
    // Two shards and their index.
    let (a, b) = f32s.split_at(f32s.len() / 2);
    let mut map = BTreeMap::new();
    for (t, shard) in [(a, "s0.safetensors"), (b, "s1.safetensors")] {
        for (name, ..) in t {
            map.insert(name.clone(), serde_json::Value::String(shard.into()));
        }
    }
    let index = serde_json::json!({ "metadata": { "total_size": 0 }, "weight_map": map });
    let sharded = DirInput {
        debug_outputs: false,
        sharded: true,
        files: vec![
            cfg.clone(),
            serde_json::to_vec_pretty(&index).expect("json"),
            safetensors_file(a),
            safetensors_file(b),
        ],
    };
    out.push(("small-sharded".to_string(), sharded.to_bytes()));
    // The real fixture config against the small weights: every shape mismatches.
    let tiny = DirInput {
        debug_outputs: false,
        sharded: false,
        files: vec![fixture_text("albert-tiny-grouped/config.json").into_bytes(), safetensors_file(&f32s)],
    };
    out.push(("tiny-config-small-weights".to_string(), tiny.to_bytes()));
    // Absurd and contradictory configs next to valid weights: each must be
    // a clear error, quickly.
    for (name, from, to) in [
        ("zero-heads", "\"num_attention_heads\": 2", "\"num_attention_heads\": 0"),
        ("billion-heads", "\"num_attention_heads\": 2", "\"num_attention_heads\": 1000000000"),
        ("negative-hidden", "\"hidden_size\": 6", "\"hidden_size\": -6"),
        ("heads-not-dividing", "\"hidden_size\": 6", "\"hidden_size\": 7"),
        ("huge-vocab", "\"vocab_size\": 12", "\"vocab_size\": 1000000"),
        ("deep", "\"num_hidden_layers\": 3", "\"num_hidden_layers\": 4000"),
        ("more-groups-than-layers", "\"num_hidden_groups\": 2", "\"num_hidden_groups\": 9"),
        ("nan-eps", "\"layer_norm_eps\": 1e-12", "\"layer_norm_eps\": NaN"),
    ] {
        let bad = SMALL_CONFIG.replace(from, to);
        assert_ne!(bad, SMALL_CONFIG, "{name}");
        let d = DirInput {
            debug_outputs: false,
            sharded: false,
            files: vec![bad.into_bytes(), safetensors_file(&f32s)],
        };
        out.push((format!("config-{name}"), d.to_bytes()));
    }
    out
}

/// Reads a protobuf varint at `*p`.
fn varint(b: &[u8], p: &mut usize) -> u64 {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let x = b[*p];
        *p += 1;
        v |= u64::from(x & 0x7f) << shift;
        if x < 0x80 {
            break;
        }
    }
    v
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The top-level length-delimited fields of a `ModelProto`.
fn proto_fields(b: &[u8]) -> Vec<(u64, &[u8])> {
    let mut p = 0;
    let mut out = Vec::new();
    while p < b.len() {
        let key = varint(b, &mut p);
        assert_eq!(key & 7, 2, "ModelProto's top-level fields are all length-delimited");
        let len = varint(b, &mut p) as usize;
        out.push((key >> 3, &b[p..p + len]));
        p += len;
    }
    out
}

fn put_field(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    put_varint(out, field << 3 | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A miniature of the fixture `spiece.model`: its first `pieces` pieces
/// (the special tokens come first), its trainer spec, and a normaliser
/// spec without the 240 KB precompiled character map.
fn small_spiece(pieces: usize, drop: Option<&str>) -> Vec<u8> {
    let full = std::fs::read(crate::fixtures().join("tokenizer/spiece.model")).expect("fixture spiece.model");
    let mut out = Vec::new();
    let mut kept = 0;
    for (field, bytes) in proto_fields(&full) {
        match field {
            1 if kept < pieces => {
                kept += 1;
                if drop.is_some_and(|d| bytes.windows(d.len()).any(|w| w == d.as_bytes())) {
                    continue;
                }
                put_field(&mut out, 1, bytes);
            }
            1 => {}
            3 => {
                // NormalizerSpec: keep the name (field 1) and flags, drop
                // the character map (field 2).
                let mut spec = Vec::new();
                let mut p = 0;
                while p < bytes.len() {
                    let start = p;
                    let key = varint(bytes, &mut p);
                    match key & 7 {
                        0 => {
                            varint(bytes, &mut p);
                        }
                        2 => {
                            let len = varint(bytes, &mut p) as usize;
                            p += len;
                        }
                        w => panic!("unexpected wire type {w} in NormalizerSpec"),
                    }
                    if key >> 3 != 2 {
                        spec.extend_from_slice(&bytes[start..p]);
                    }
                }
                put_field(&mut out, 3, &spec);
            }
            f => put_field(&mut out, f, bytes),
        }
    }
    out
}

fn spiece_model() -> Vec<(String, Vec<u8>)> {
    vec![
        ("small-300".to_string(), small_spiece(300, None)),
        ("small-40".to_string(), small_spiece(40, None)),
        ("no-mask-token".to_string(), small_spiece(60, Some("[MASK]"))),
    ]
}

fn tokenize() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let cases = fixture_text("tokenizer/cases.jsonl");
    for (i, line) in cases.lines().enumerate().step_by(4) {
        let v: serde_json::Value = serde_json::from_str(line).expect("cases.jsonl line");
        let text = v["text"].as_str().unwrap_or_default();
        let mut bytes = vec![0u8, 0];
        bytes.extend_from_slice(text.as_bytes());
        if let Some(pair) = v["text_pair"].as_str() {
            bytes[0] |= 1;
            bytes.push(0xFF);
            bytes.extend_from_slice(pair.as_bytes());
        }
        out.push((format!("case-{i:03}"), bytes));
    }
    let special: [(&str, u8, u8, &[u8]); 6] = [
        ("mask-soup", 0x20, 0, b"[MASK][MASK] [MASK]x[MASK] [CLS][SEP]<pad><unk> [mask]"),
        ("combining-marks", 0x00, 0, "e\u{301}\u{302}\u{303} a\u{308}\u{308} \u{301}\u{301}".as_bytes()),
        ("nul-and-controls", 0x01, 0, b"a\0b\x01\x1f\x7f\r\n\t c\xFFpair\0"),
        ("pair-truncated", 0x13, 5, b"first text is longer than the second\xFFsecond"),
        ("long-run-16k", 0xc8, 0, b"aaaaaaaa "),
        ("long-run-truncated", 0x1c, 0, "\u{2581}\u{3000}ǅ".as_bytes()),
    ];
    for (name, flags, max, text) in special {
        let mut bytes = vec![flags, max];
        bytes.extend_from_slice(text);
        out.push((name.to_string(), bytes));
    }
    out
}

/// A `forward` input file.
fn ids_file(tensors: &[(&str, Dtype, Vec<usize>, Vec<i64>)]) -> Vec<u8> {
    let raw: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = tensors
        .iter()
        .map(|(n, d, s, v)| {
            let bytes = match d {
                Dtype::I32 => v.iter().flat_map(|&x| (x as i32).to_le_bytes()).collect(),
                _ => v.iter().flat_map(|&x| x.to_le_bytes()).collect(),
            };
            (n.to_string(), *d, s.clone(), bytes)
        })
        .collect();
    safetensors_file(&raw)
}

fn forward_input() -> Vec<(String, Vec<u8>)> {
    let ids = vec![2, 10653, 127, 3, 2, 45, 3, 0];
    let i64s = Dtype::I64;
    vec![
        ("ids-only".into(), ids_file(&[("input_ids", i64s, vec![1, 4], ids[..4].to_vec())])),
        (
            "padded-batch".into(),
            ids_file(&[
                ("input_ids", i64s, vec![2, 4], ids.clone()),
                ("token_type_ids", i64s, vec![2, 4], vec![0, 0, 1, 1, 0, 0, 0, 0]),
                ("attention_mask", i64s, vec![2, 4], vec![1, 1, 1, 1, 1, 1, 1, 0]),
            ]),
        ),
        (
            "all-zero-mask".into(),
            ids_file(&[
                ("input_ids", i64s, vec![1, 4], ids[..4].to_vec()),
                ("attention_mask", i64s, vec![1, 4], vec![0; 4]),
            ]),
        ),
        (
            "int32".into(),
            ids_file(&[
                ("input_ids", Dtype::I32, vec![2, 4], ids.clone()),
                ("attention_mask", Dtype::I32, vec![2, 4], vec![1, 1, 0, 0, 1, 0, 1, 0]),
            ]),
        ),
        ("id-out-of-range".into(), ids_file(&[("input_ids", i64s, vec![1, 3], vec![2, 30_000, 3])])),
        ("long-row".into(), ids_file(&[("input_ids", i64s, vec![1, 20], vec![7; 20])])),
    ]
}

fn diff_jit() -> Vec<(String, Vec<u8>)> {
    // Random bytes: each decodes to a different small model and input.
    (0..12u64)
        .map(|i| {
            let mut s = 0x9e37_79b9_7f4a_7c15u64 ^ i;
            let bytes: Vec<u8> = (0..96)
                .map(|_| {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    (s >> 24) as u8
                })
                .collect();
            (format!("random-{i:02}"), bytes)
        })
        .collect()
}

/// A real artifact of the miniature model: `x86_64-portable` (the same bytes on every
/// x86-64 host; refused for its architecture on aarch64), two small buckets, no tokenizer.
fn artifact_loader() -> Vec<(String, Vec<u8>)> {
    use albert_kernels::{Target, TargetName};
    let traced = trace(&config(SMALL_CONFIG), all_heads(), "predictions.bias").expect("trace");
    let weights: Vec<std::sync::Arc<[f32]>> = traced
        .weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let n = w.ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 }).iter().product();
            std::sync::Arc::from(values(n, i as u64 + 1))
        })
        .collect();
    let opt =
        albert_opt::Pipeline::default_for(&albert_opt::Options::default()).run(&traced).expect("optimise");
    // The optimised graph names the traced weights it keeps: look them up by name.
    let stored: Vec<std::sync::Arc<[f32]>> = opt
        .weights
        .iter()
        .map(|w| {
            let i = traced.weights.iter().position(|t| t.name == w.name).expect("a traced weight");
            weights[i].clone()
        })
        .collect();
    let store = albert_codegen::WeightStore::new(&opt, stored).expect("store");
    store.pack_for(&opt, Default::default()).expect("pack");
    let spec = albert_codegen::artifact::ArtifactSpec {
        graph: &opt,
        weights: &store,
        target: Target::named(TargetName::X86_64Portable),
        buckets: vec![(1, 4), (2, 8)],
        threads: 1,
        precision: Default::default(),
        config_json: SMALL_CONFIG.as_bytes(),
        tokenizer: None,
    };
    let path = crate::artifact::unique_temp_path("seed");
    albert_codegen::artifact::write_artifact(&spec, &path, &mut |_, _, _| {})
        .expect("write the seed artifact");
    let bytes = std::fs::read(&path).expect("read the seed artifact");
    let _ = std::fs::remove_file(&path);
    vec![("small-x86_64-portable".into(), bytes)]
}
