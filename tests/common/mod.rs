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

/// The model sizes a fixture comparison needs.
#[derive(Clone, Copy, Debug)]
pub struct Dims {
    /// Hidden width H.
    pub hidden: usize,
    /// Embedding width E.
    pub embedding: usize,
    /// Attention heads.
    pub heads: usize,
    /// Vocabulary size.
    pub vocab: usize,
}

impl Dims {
    /// The sizes of an opened model.
    pub fn of(c: &albert_model::AlbertConfig) -> Dims {
        Dims {
            hidden: c.hidden_size,
            embedding: c.embedding_size,
            heads: c.num_attention_heads,
            vocab: c.vocab_size,
        }
    }
}

/// Compares every float tensor the fixture records for `case` with what the
/// engine produced (`out(name)`: `last_hidden_state`, `pooler_output`,
/// `mlm_logits`, `sop_logits`, and the debugging outputs `hidden_states.<l>`,
/// `embedding_output`, `attentions.<k>` when the engine returns them), over
/// unpadded positions, within [`TOL`]. With `all`, a recorded tensor the
/// engine cannot provide fails the test. Returns a one-line report.
pub fn check_case<'a>(
    ctx: &str,
    refs: &BTreeMap<String, Tensor>,
    case: &str,
    d: Dims,
    out: &dyn Fn(&str) -> Option<&'a [f32]>,
    all: bool,
) -> String {
    let get = |what: &str| refs.get(&format!("{case}.{what}"));
    let ids = get("input_ids").expect("input_ids");
    let (b, s) = (ids.shape[0], ids.shape[1]);
    let mask = get("attention_mask").expect("mask").as_i64().expect("i64 mask").to_vec();
    let valid = |row: usize| mask[row] != 0; // row = b*s + t
    let v = d.vocab;
    let mut report = Vec::new();
    for (key, want) in refs.iter().filter(|(k, _)| k.starts_with(&format!("{case}."))) {
        let what = &key[case.len() + 1..];
        let Some(want_f) = want.as_f32() else { continue }; // ids and masks
        let source = match what {
            "first_token_logits" | "mask_logits" => "mlm_logits",
            w => w,
        };
        let Some(got) = out(source) else {
            assert!(!all, "{ctx}: the engine returned no `{source}` for {key}");
            continue;
        };
        let err = if what == "last_hidden_state" || what.starts_with("hidden_states.") {
            max_abs_rows(key, got, want_f, d.hidden, valid)
        } else if what == "embedding_output" {
            max_abs_rows(key, got, want_f, d.embedding, valid)
        } else if what.starts_with("attentions.") {
            // rows are (b, head, query); keep unpadded queries
            max_abs_rows(key, got, want_f, s, |r| valid((r / (d.heads * s)) * s + r % s))
        } else if what == "pooler_output" || what == "sop_logits" {
            max_abs_rows(key, got, want_f, want.shape[1], |_| true)
        } else if what == "first_token_logits" {
            let first: Vec<f32> = (0..b).flat_map(|bi| got[bi * s * v..bi * s * v + v].to_vec()).collect();
            max_abs_rows(key, &first, want_f, v, |_| true)
        } else if what == "mask_logits" {
            let pos = get("mask_positions").expect("positions").as_i64().expect("i64");
            let rows: Vec<f32> = pos
                .chunks(2)
                .flat_map(|p| {
                    let row = p[0] as usize * s + p[1] as usize;
                    got[row * v..(row + 1) * v].to_vec()
                })
                .collect();
            max_abs_rows(key, &rows, want_f, v, |_| true)
        } else {
            panic!("{ctx}: fixture output {key} is not checked");
        };
        assert!(err <= TOL, "{ctx}/{key}: max abs error {err:e} > {TOL:e}");
        report.push(format!("{what}={err:.2e}"));
    }
    assert!(report.len() >= 2, "{ctx}/{case}: only {} outputs checked", report.len());
    report.join(" ")
}

/// Runs `graph` on the interpreter with the inputs the fixture records for `case`.
pub fn run_case(
    graph: &albert_ir::Graph,
    weights: &[std::sync::Arc<[f32]>],
    refs: &BTreeMap<String, Tensor>,
    case: &str,
) -> Vec<(String, Tensor)> {
    let input = |what: &str| refs[&format!("{case}.{what}")].clone();
    let inputs = [
        ("input_ids", input("input_ids")),
        ("token_type_ids", input("token_type_ids")),
        ("attention_mask", input("attention_mask")),
    ];
    albert_reference::Interpreter::default().run(graph, weights, &inputs).expect("run")
}
