//! Bad model directories give clear errors naming the file and tensor.

mod common;

use std::path::Path;

use albert_model::{AlbertConfig, AlbertDir, Heads, TraceOptions};
use common::fixture;

/// A scratch copy of a fixture model dir that a test may corrupt.
fn scratch(name: &str, tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("albert-jit-test-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for f in ["config.json", "model.safetensors", "spiece.model"] {
        std::fs::copy(fixture(name).join(f), dir.join(f)).expect("copy");
    }
    dir
}

fn open_and_load(dir: &Path) -> Result<(), String> {
    let m = AlbertDir::open(dir).map_err(|e| e.to_string())?;
    let g = m
        .trace(TraceOptions::all_heads(Heads { pooler: true, mlm: true, sop: true }))
        .map_err(|e| e.to_string())?;
    m.load_weights(&g).map_err(|e| e.to_string())?;
    Ok(())
}

/// Rewrites model.safetensors with `edit` applied to its (name → (dtype, shape, bytes)) table.
fn rewrite(dir: &Path, edit: impl FnOnce(&mut Vec<(String, safetensors::Dtype, Vec<usize>, Vec<u8>)>)) {
    let bytes = std::fs::read(dir.join("model.safetensors")).expect("read");
    let st = safetensors::SafeTensors::deserialize(&bytes).expect("parse");
    let mut items: Vec<_> = st
        .tensors()
        .into_iter()
        .map(|(n, v)| (n, v.dtype(), v.shape().to_vec(), v.data().to_vec()))
        .collect();
    edit(&mut items);
    let views: Vec<_> = items
        .iter()
        .map(|(n, d, s, b)| {
            (n.clone(), safetensors::tensor::TensorView::new(*d, s.clone(), b).expect("view"))
        })
        .collect();
    std::fs::write(dir.join("model.safetensors"), safetensors::serialize(views, None).expect("ser"))
        .expect("write");
}

#[test]
fn truncated_file_is_a_clear_error() {
    let dir = scratch("albert-tiny", "trunc");
    let p = dir.join("model.safetensors");
    let bytes = std::fs::read(&p).expect("read");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).expect("write");
    let err = open_and_load(&dir).expect_err("must fail");
    assert!(err.contains("model.safetensors") && err.contains("invalid safetensors"), "{err}");
}

#[test]
fn hostile_headers_are_clear_errors() {
    let dir = scratch("albert-tiny", "hostile");
    let p = dir.join("model.safetensors");
    let cases: Vec<Vec<u8>> = vec![
        vec![],
        vec![1, 2, 3],
        u64::MAX.to_le_bytes().to_vec(),
        {
            let mut v = 1_000_000u64.to_le_bytes().to_vec();
            v.extend_from_slice(b"{}");
            v
        },
        {
            let h = br#"{"a":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4000000000]}}"#;
            let mut v = (h.len() as u64).to_le_bytes().to_vec();
            v.extend_from_slice(h);
            v
        },
        {
            let h = b"not json at all";
            let mut v = (h.len() as u64).to_le_bytes().to_vec();
            v.extend_from_slice(h);
            v
        },
    ];
    for bytes in cases {
        std::fs::write(&p, &bytes).expect("write");
        let err = open_and_load(&dir).expect_err("must fail");
        assert!(err.contains("model.safetensors"), "{err}");
    }
}

#[test]
fn missing_tensor_is_named() {
    let dir = scratch("albert-tiny", "missing");
    rewrite(&dir, |items| items.retain(|(n, ..)| !n.ends_with("attention.query.weight")));
    let err = open_and_load(&dir).expect_err("must fail");
    assert!(
        err.contains(
            "missing tensor `albert.encoder.albert_layer_groups.0.albert_layers.0.attention.query.weight`"
        ),
        "{err}"
    );
}

#[test]
fn wrong_shape_is_named() {
    let dir = scratch("albert-tiny", "shape");
    rewrite(&dir, |items| {
        for (n, _, s, _) in items.iter_mut() {
            if n == "albert.pooler.weight" {
                *s = vec![16, 64]; // same byte count, wrong shape
            }
        }
    });
    let err = open_and_load(&dir).expect_err("must fail");
    assert!(
        err.contains("albert.pooler.weight") && err.contains("[16, 64]") && err.contains("[32, 32]"),
        "{err}"
    );
}

#[test]
fn unsupported_dtype_is_named() {
    let dir = scratch("albert-tiny", "dtype");
    rewrite(&dir, |items| {
        for (n, d, _, _) in items.iter_mut() {
            if n == "albert.pooler.bias" {
                *d = safetensors::Dtype::I32;
            }
        }
    });
    let err = open_and_load(&dir).expect_err("must fail");
    assert!(err.contains("albert.pooler.bias") && err.contains("unsupported dtype"), "{err}");
}

#[test]
fn only_pytorch_bin_is_explained() {
    let dir = scratch("albert-tiny", "bin");
    std::fs::rename(dir.join("model.safetensors"), dir.join("pytorch_model.bin")).expect("rename");
    let err = open_and_load(&dir).expect_err("must fail");
    assert!(err.contains("pytorch_model.bin") && err.contains("safetensors"), "{err}");
}

#[test]
fn legacy_names_missing_prefix_and_f16_bf16_load() {
    // Rename to legacy gamma/beta, drop the `albert.` prefix, store as bf16 and f16:
    // the model must still load and give the same graph weights (to storage precision).
    let dir = scratch("albert-tiny", "legacy");
    let reference = {
        let m = AlbertDir::open(&fixture("albert-tiny")).expect("open");
        let g = m.trace(TraceOptions::all_heads(m.heads())).expect("trace");
        (m.load_weights(&g).expect("w"), g)
    };
    rewrite(&dir, |items| {
        for (i, (n, d, _, b)) in items.iter_mut().enumerate() {
            if let Some(stem) = n.strip_suffix("LayerNorm.weight") {
                *n = format!("{stem}LayerNorm.gamma");
            } else if let Some(stem) = n.strip_suffix("LayerNorm.bias") {
                *n = format!("{stem}LayerNorm.beta");
            }
            if let Some(rest) = n.strip_prefix("albert.") {
                *n = rest.to_string();
            }
            let vals: Vec<f32> =
                b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
            if i % 2 == 0 {
                *d = safetensors::Dtype::BF16;
                *b = vals.iter().flat_map(|&x| half::bf16::from_f32(x).to_le_bytes()).collect();
            } else {
                *d = safetensors::Dtype::F16;
                *b = vals.iter().flat_map(|&x| half::f16::from_f32(x).to_le_bytes()).collect();
            }
        }
        items.push(("embeddings.position_ids".into(), safetensors::Dtype::I64, vec![1, 4], vec![0; 32]));
    });
    let m = AlbertDir::open(&dir).expect("open legacy");
    let g = m.trace(TraceOptions::all_heads(m.heads())).expect("trace");
    assert_eq!(g, reference.1, "same graph");
    let w = m.load_weights(&g).expect("weights");
    for (a, b) in w.iter().zip(&reference.0) {
        for (x, y) in a.iter().zip(b.iter()) {
            assert!((x - y).abs() <= 1e-2 * y.abs().max(1e-3), "{x} vs {y}");
        }
    }
}

#[test]
fn bad_configs_are_clear_errors() {
    let base: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("albert-tiny").join("config.json")).expect("read"),
    )
    .expect("json");
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "missing hidden_size",
            Box::new(|v| drop(v.as_object_mut().map(|o| o.remove("hidden_size")))),
            "hidden_size",
        ),
        (
            "heads don't divide",
            Box::new(|v| v["num_attention_heads"] = 5.into()),
            "multiple of num_attention_heads",
        ),
        ("zero layers", Box::new(|v| v["num_hidden_layers"] = 0.into()), "num_hidden_layers"),
        ("groups > layers", Box::new(|v| v["num_hidden_groups"] = 9.into()), "num_hidden_groups"),
        ("unknown act", Box::new(|v| v["hidden_act"] = "swiglu9".into()), "hidden_act"),
        ("wrong type", Box::new(|v| v["hidden_size"] = "big".into()), "not a valid config"),
        ("negative", Box::new(|v| v["hidden_size"] = (-32).into()), "not a valid config"),
        ("bert", Box::new(|v| v["model_type"] = "bert".into()), "model_type"),
        (
            "relative pos",
            Box::new(|v| v["position_embedding_type"] = "relative_key".into()),
            "position_embedding_type",
        ),
    ];
    for (what, edit, needle) in cases {
        let mut v = base.clone();
        edit(&mut v);
        let err = AlbertConfig::from_json(&v.to_string()).expect_err(what).to_string();
        assert!(err.contains(needle), "{what}: {err}");
    }
    assert!(AlbertConfig::from_json("{not json").is_err());
    assert!(AlbertConfig::from_json("").is_err());
    let dir = scratch("albert-tiny", "cfg");
    std::fs::write(dir.join("config.json"), "[1,2,3]").expect("write");
    let err = AlbertDir::open(&dir).err().expect("must fail").to_string();
    assert!(err.contains("config.json"), "{err}");
}
