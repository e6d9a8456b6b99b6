//! Codegen stays honest: on random small ALBERT configurations (E, H, heads, I, groups ×
//! inner layers, activation, batch, seq, padding), the JIT executable equals the reference
//! interpreter on the traced graph, for every target this CPU runs (native and the
//! architecture's portable target) on one and two threads. `.ci/aarch64-tests` runs it on
//! aarch64 under qemu too.

use std::collections::HashMap;
use std::sync::Arc;

use albert_codegen::{CompileOptions, Executable, WeightStore};
use albert_ir::Graph;
use albert_kernels::{Target, ThreadPool};
use albert_model::{trace, AlbertConfig, Heads, TraceOptions};
use albert_opt::{Options, Pipeline};
use albert_reference::{Interpreter, Tensor};
use proptest::prelude::*;

/// Max |JIT − interpreter| relative to the output's magnitude: the JIT reassociates sums
/// (tiles, polynomial exp/tanh/erf), ~1e-6 relative in practice.
const REL_TOL: f32 = 1e-4;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn f32(&mut self) -> f32 {
        (self.next() % 20001) as f32 / 10000.0 - 1.0
    }
}

fn targets() -> Vec<Target> {
    let portable = Target::host_portable();
    let mut v = vec![portable];
    if Target::native() != portable {
        v.push(Target::native());
    } else {
        println!("note: native is the portable target here; testing it once");
    }
    v
}

#[expect(clippy::too_many_arguments, reason = "one random configuration")]
fn check(
    e: usize,
    heads: usize,
    head_dim: usize,
    groups: usize,
    per_group: usize,
    inner: usize,
    act: &str,
    batch: usize,
    seq: usize,
    pad: &[usize],
    seed: u64,
) -> Result<(), TestCaseError> {
    let hidden = heads * head_dim;
    let cfg = AlbertConfig::from_json(&format!(
        r#"{{"model_type":"albert","vocab_size":40,"embedding_size":{e},"hidden_size":{hidden},
        "num_attention_heads":{heads},"num_hidden_layers":{},"num_hidden_groups":{groups},
        "inner_group_num":{inner},"intermediate_size":{},"hidden_act":"{act}","max_position_embeddings":16}}"#,
        groups * per_group,
        hidden * 2 + 1,
    ))
    .expect("config");
    let g = trace(
        &cfg,
        TraceOptions::all_heads(Heads { pooler: true, mlm: true, sop: true }),
        "predictions.bias",
    )
    .expect("trace");
    let mut rng = Rng(seed | 1);
    let weights: Vec<Arc<[f32]>> = g
        .weights
        .iter()
        .map(|w| {
            let n: usize = w.ty.shape.resolve(albert_ir::Bindings { batch: 1, seq: 1 }).iter().product();
            let scale = if w.name.contains("LayerNorm.weight") { 1.0 } else { 0.3 };
            Arc::from((0..n).map(|_| rng.f32() * scale).collect::<Vec<f32>>())
        })
        .collect();
    let ids: Vec<i64> = (0..batch * seq).map(|_| (rng.next() % 40) as i64).collect();
    let tt: Vec<i64> = (0..batch * seq).map(|i| i64::from(i % seq >= seq / 2)).collect();
    let mask: Vec<i64> =
        (0..batch * seq).map(|i| i64::from(i % seq < seq - pad[i / seq].min(seq - 1))).collect();
    let inputs = vec![
        ("input_ids", Tensor::i64(vec![batch, seq], ids.clone()).expect("ids")),
        ("token_type_ids", Tensor::i64(vec![batch, seq], tt.clone()).expect("tt")),
        ("attention_mask", Tensor::i64(vec![batch, seq], mask.clone()).expect("mask")),
    ];
    let want = Interpreter::with_threads(1).run(&g, &weights, &inputs).expect("interpreter");
    let opt = Pipeline::default_for(&Options::default()).run(&g).expect("optimise");
    let by_name: HashMap<&str, &Arc<[f32]>> =
        g.weights.iter().map(|w| w.name.as_str()).zip(&weights).collect();
    let stored: Vec<Arc<[f32]>> = opt.weights.iter().map(|w| by_name[w.name.as_str()].clone()).collect();
    for target in targets() {
        for threads in [1, 2] {
            let store = WeightStore::new(&opt, stored.clone()).expect("store");
            store.pack_for(&opt, Default::default()).expect("pack");
            let pool = (threads > 1).then(|| Arc::new(ThreadPool::new(threads).expect("pool")));
            let opts = CompileOptions { target, pool, precision: Default::default() };
            let exe = Executable::compile(&opt, &store, batch, seq, &opts).expect("compile");
            let got = exe.run(&ids, &tt, &mask).expect("run");
            compare(&opt, &want, &got, &format!("{target}, {threads} threads, act {act}"))?;
        }
    }
    Ok(())
}

fn compare(
    opt: &Graph,
    want: &[(String, Tensor)],
    got: &[(String, Vec<f32>)],
    what: &str,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.len(), opt.outputs.len());
    for (name, g) in got {
        let w = want.iter().find(|(n, _)| n == name).and_then(|(_, t)| t.as_f32()).expect("reference output");
        prop_assert_eq!(w.len(), g.len(), "{}: {}", what, name);
        let scale = w.iter().fold(1.0f32, |m, x| m.max(x.abs()));
        let d = w.iter().zip(g).fold(0.0f32, |m, (a, b)| m.max((a - b).abs()));
        prop_assert!(d <= REL_TOL * scale, "{}: {} differs by {} (scale {})", what, name, d, scale);
    }
    Ok(())
}

/// `$PROPTEST_CASES` when set (the qemu run asks for fewer), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(24), .. ProptestConfig::default() })]

    #[test]
    fn jit_equals_interpreter(
        e in prop::sample::select(vec![3usize, 8, 12]),
        heads in 1usize..4,
        head_dim in 1usize..9,
        groups in 1usize..3,
        per_group in 1usize..3,
        inner in 1usize..3,
        act in prop::sample::select(vec!["gelu", "gelu_new", "relu", "silu", "tanh", "linear"]),
        batch in 1usize..3,
        seq in 1usize..9,
        pad in prop::collection::vec(0usize..4, 2),
        seed in any::<u64>(),
    ) {
        check(e, heads, head_dim, groups, per_group, inner, act, batch, seq, &pad, seed)?;
    }
}

#[test]
fn named_configs() -> Result<(), TestCaseError> {
    // One head of 64 (the large model's head size) with padding; many heads of 1; odd E;
    // H = 512, whose rows the planner pads (2 KiB rows alias in L1), with 20 rows (more than
    // one GEMM tile) and a two-group loop.
    check(8, 1, 64, 1, 2, 1, "gelu_new", 2, 7, &[3, 0], 1)?;
    check(16, 8, 64, 2, 1, 1, "gelu_new", 2, 10, &[2, 0], 4)?;
    check(3, 3, 1, 2, 1, 2, "gelu", 1, 8, &[0, 0], 2)?;
    check(12, 2, 5, 1, 1, 1, "relu", 2, 1, &[0, 0], 3)
}
