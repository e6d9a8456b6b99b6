//! Helpers shared by the integration tests: fixture paths and reference tensors.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use albert_reference::Tensor;
use safetensors::{Dtype, SafeTensors};

/// The fixture models, smallest first.
pub const MODELS: [&str; 3] = ["albert-tiny", "albert-tiny-grouped", "albert-large-v2-synthetic"];

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Every tensor of a `reference.safetensors`, by name (f32 or i64).
pub fn read_reference(model: &str) -> BTreeMap<String, Tensor> {
    let bytes = std::fs::read(fixture(model).join("reference.safetensors")).expect("read reference");
    let st = SafeTensors::deserialize(&bytes).expect("parse reference");
    let mut out = BTreeMap::new();
    for (name, view) in st.tensors() {
        let shape = view.shape().to_vec();
        let t = match view.dtype() {
            Dtype::F32 => Tensor::f32(
                shape,
                view.data().chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
            ),
            Dtype::I64 => Tensor::i64(
                shape,
                view.data()
                    .chunks_exact(8)
                    .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                    .collect(),
            ),
            other => panic!("unexpected dtype {other:?} for {name}"),
        };
        out.insert(name, t.expect("consistent tensor"));
    }
    out
}

/// The case names in a reference file (`text0`, `batch`, …).
pub fn case_names(refs: &BTreeMap<String, Tensor>) -> Vec<String> {
    let mut names: Vec<String> = refs.keys().filter_map(|k| k.split('.').next().map(String::from)).collect();
    names.dedup();
    names
}

/// Max |a - b| over the rows `keep(row)` of two tensors viewed as
/// `[rows, width]`; panics with context if the shapes differ.
pub fn max_abs_rows(
    what: &str,
    got: &[f32],
    want: &[f32],
    width: usize,
    keep: impl Fn(usize) -> bool,
) -> f32 {
    assert_eq!(got.len(), want.len(), "{what}: {} elements vs {} expected", got.len(), want.len());
    let mut worst = 0.0f32;
    for (r, (g, w)) in got.chunks(width).zip(want.chunks(width)).enumerate() {
        if !keep(r) {
            continue;
        }
        for (a, b) in g.iter().zip(w) {
            let d = (a - b).abs();
            assert!(!d.is_nan(), "{what}: NaN at row {r}");
            worst = worst.max(d);
        }
    }
    worst
}

/// The tolerance every float32 engine must meet against the float64
/// reference (PyTorch's own float32 run is within 2.5e-6; see the fixture README).
pub const TOL: f32 = 1e-4;
