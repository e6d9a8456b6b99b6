//! The pipeline on the fixture configs and on random configs: the optimised
//! graph computes what the traced one does (on the reference interpreter),
//! every intermediate graph verifies and round-trips through the text form,
//! and the loops and fused ops come out as designed.

use std::path::PathBuf;
use std::sync::Arc;

use albert_ir::{Graph, Op};
use albert_model::{trace, AlbertConfig, Heads, TraceOptions};
use albert_opt::{plan_memory, stats, Options, Pipeline};
use albert_reference::{Interpreter, Tensor};
use proptest::prelude::*;

/// Optimised vs traced on the interpreter. The fused ops expand to the
/// tracer's own op sequence, so differences are rounding-free in practice;
/// the tolerance leaves room for a future expansion that reassociates.
const TOL: f32 = 1e-5;

fn fixture_config(name: &str) -> AlbertConfig {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name).join("config.json");
    AlbertConfig::from_file(&p).expect("config")
}

fn all_heads() -> TraceOptions {
    TraceOptions::all_heads(Heads { pooler: true, mlm: true, sop: true })
}

/// A cheap deterministic generator (xorshift) for weights and ids.
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

fn random_weights(g: &Graph, seed: u64) -> Vec<Arc<[f32]>> {
    let mut rng = Rng(seed | 1);
    g.weights
        .iter()
        .map(|w| {
            let n: usize = w.ty.shape.resolve(albert_ir::Bindings { batch: 1, seq: 1 }).iter().product();
            let scale = if w.name.ends_with("LayerNorm.weight") || w.name.ends_with("layer_norm.weight") {
                1.0
            } else {
                0.2
            };
            Arc::from((0..n).map(|_| rng.f32() * scale).collect::<Vec<f32>>())
        })
        .collect()
}

fn inputs(batch: usize, seq: usize, vocab: usize, pad: &[usize], seed: u64) -> Vec<(&'static str, Tensor)> {
    let mut rng = Rng(seed | 1);
    let ids: Vec<i64> = (0..batch * seq).map(|_| (rng.next() % vocab as u64) as i64).collect();
    let tt: Vec<i64> = (0..batch * seq).map(|i| i64::from(i % seq >= seq / 2)).collect();
    let mask: Vec<i64> =
        (0..batch * seq).map(|i| i64::from(i % seq < seq - pad[i / seq].min(seq - 1))).collect();
    vec![
        ("input_ids", Tensor::i64(vec![batch, seq], ids).expect("ids")),
        ("token_type_ids", Tensor::i64(vec![batch, seq], tt).expect("tt")),
        ("attention_mask", Tensor::i64(vec![batch, seq], mask).expect("mask")),
    ]
}

/// Runs the default pipeline checking every intermediate graph.
fn optimise(g: &Graph, opts: &Options) -> (Graph, Vec<(String, Graph)>) {
    let mut seen = Vec::new();
    let out = Pipeline::default_for(opts)
        .verify_each(true)
        .run_with(g, |name, g| {
            g.verify().unwrap_or_else(|e| panic!("after {name}: {e}"));
            let text = g.to_string();
            let back =
                albert_ir::parse(&text).unwrap_or_else(|e| panic!("after {name}: reparse: {e}\n{text}"));
            assert_eq!(&back, g, "after {name}: parse(print(g)) != g");
            seen.push((name.to_string(), g.clone()));
        })
        .expect("pipeline");
    (out, seen)
}

fn max_diff(a: &[(String, Tensor)], b: &[(String, Tensor)]) -> f32 {
    let mut worst = 0.0f32;
    for (name, t) in b {
        let (_, r) = a.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no output {name}"));
        assert_eq!(r.shape, t.shape, "{name}");
        for (x, y) in r.as_f32().expect("f32").iter().zip(t.as_f32().expect("f32")) {
            assert!(!(x - y).is_nan(), "{name}: NaN");
            worst = worst.max((x - y).abs() / (1.0 + x.abs()));
        }
    }
    worst
}

fn loops(g: &Graph) -> Vec<(usize, Vec<&'static str>)> {
    g.insts
        .iter()
        .filter_map(|i| match (&i.op, g.body(i)) {
            (Op::Loop { trips }, Some(b)) => Some((*trips, b.insts.iter().map(|x| x.op.name()).collect())),
            _ => None,
        })
        .collect()
}

#[test]
fn tiny_grouped_becomes_two_loops_of_three() {
    let cfg = fixture_config("albert-tiny-grouped");
    let g = trace(&cfg, all_heads(), "predictions.bias").expect("trace");
    let (opt, _) = optimise(&g, &Options::default());
    let ff = ["attention", "feed_forward", "attention", "feed_forward"];
    assert_eq!(loops(&opt), vec![(3, ff.to_vec()), (3, ff.to_vec())], "{opt}");
    let w = random_weights(&opt, 7);
    let x = inputs(2, 5, cfg.vocab_size, &[0, 2], 3);
    let interp = Interpreter::with_threads(1);
    let a = interp.run(&g, &w, &x).expect("traced");
    let b = interp.run(&opt, &w, &x).expect("optimised");
    assert!(max_diff(&a, &b) <= TOL);
}

#[test]
fn large_v2_is_one_loop_of_24() {
    let cfg = fixture_config("albert-large-v2-synthetic");
    let g = trace(&cfg, all_heads(), "predictions.bias").expect("trace");
    let (opt, _) = optimise(&g, &Options::default());
    assert_eq!(loops(&opt), vec![(24, vec!["attention", "feed_forward"])]);
    let s = stats(&g, &opt, 1, 128).expect("stats");
    eprintln!("{}", serde_json::to_string_pretty(&s.to_json()).expect("json"));
}

#[test]
fn hidden_states_keep_layers_unrolled_and_attentions_unfused() {
    let cfg = fixture_config("albert-tiny");
    let opts = TraceOptions {
        heads: Heads { pooler: true, mlm: true, sop: true },
        hidden_states: true,
        attentions: true,
    };
    let g = trace(&cfg, opts, "predictions.bias").expect("trace");
    let (opt, _) = optimise(&g, &Options::default());
    assert!(loops(&opt).is_empty());
    assert_eq!(opt.op_counts().get("attention"), None);
    assert_eq!(opt.op_counts().get("feed_forward"), Some(&cfg.num_hidden_layers));
    let w = random_weights(&opt, 11);
    let x = inputs(1, 6, cfg.vocab_size, &[1], 5);
    let interp = Interpreter::with_threads(1);
    let a = interp.run(&g, &w, &x).expect("traced");
    let b = interp.run(&opt, &w, &x).expect("optimised");
    assert!(max_diff(&a, &b) <= TOL);
}

#[test]
fn embeddings_only_drops_heads_and_their_weights() {
    let cfg = fixture_config("albert-tiny");
    let g = trace(&cfg, all_heads(), "predictions.bias").expect("trace");
    let opts = Options { outputs: Some(vec!["last_hidden_state".into()]) };
    let (opt, _) = optimise(&g, &opts);
    assert_eq!(opt.outputs.len(), 1);
    assert!(opt.weights.iter().all(|w| !w.name.starts_with("predictions") && !w.name.contains("pooler")));
    let err = Pipeline::default_for(&Options { outputs: Some(vec!["nope".into()]) }).run(&g);
    assert!(err.is_err());
}

#[test]
fn memory_plan_never_overlaps_live_values() {
    let cfg = fixture_config("albert-tiny-grouped");
    let g = trace(&cfg, all_heads(), "predictions.bias").expect("trace");
    let (opt, _) = optimise(&g, &Options::default());
    for (b, s) in [(1, 8), (2, 128), (3, 17)] {
        for graph in [&g, &opt] {
            let plan = plan_memory(graph, b, s).expect("plan");
            assert!(plan.conflict().is_none(), "{:?}", plan.conflict());
            assert!(plan.peak_bytes <= plan.total_bytes);
            assert!(plan.buffers.iter().all(|b| b.offset % albert_opt::plan::ALIGN == 0));
        }
    }
}

#[test]
fn verifier_failure_names_the_pass() {
    fn breaks(g: &Graph, _: &Options) -> Result<Graph, albert_opt::OptError> {
        let mut g = g.clone();
        g.insts.swap(0, 1);
        Ok(g)
    }
    let cfg = fixture_config("albert-tiny");
    let g = trace(&cfg, all_heads(), "predictions.bias").expect("trace");
    let p = albert_opt::Pass { name: "breaks", doc: "swaps two instructions", run: breaks };
    let pipeline = Pipeline::from_names(&["fold", "dce"], &Options::default())
        .expect("pipeline")
        .then(p)
        .verify_each(true);
    let err = pipeline.run(&g).expect_err("the verifier must catch it").to_string();
    assert!(err.contains("after pass `breaks`"), "{err}");
    let unchecked =
        Pipeline::from_names(&["fold"], &Options::default()).expect("p").then(p).verify_each(false);
    assert!(unchecked.run(&g).is_ok());
}

fn config_json(hidden: usize, heads: usize, groups: usize, layers: usize, inner: usize, act: &str) -> String {
    format!(
        r#"{{"model_type":"albert","vocab_size":50,"embedding_size":8,"hidden_size":{hidden},
        "num_attention_heads":{heads},"num_hidden_layers":{layers},"num_hidden_groups":{groups},
        "inner_group_num":{inner},"intermediate_size":{},"hidden_act":"{act}","max_position_embeddings":16}}"#,
        hidden * 2
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn optimised_equals_traced(
        heads in 1usize..4,
        head_dim in 1usize..5,
        groups in 1usize..3,
        per_group in 1usize..4,
        inner in 1usize..3,
        act in prop::sample::select(vec!["gelu", "gelu_new", "relu", "silu", "tanh", "linear", "quick_gelu"]),
        batch in 1usize..3,
        seq in 1usize..7,
        pad in prop::collection::vec(0usize..4, 2),
        debug_outputs in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let layers = groups * per_group;
        let cfg = AlbertConfig::from_json(&config_json(heads * head_dim, heads, groups, layers, inner, act))
            .expect("config");
        let opts = TraceOptions {
            heads: Heads { pooler: true, mlm: true, sop: true },
            hidden_states: debug_outputs,
            attentions: debug_outputs && seed % 2 == 0,
        };
        let g = trace(&cfg, opts, "predictions.bias").expect("trace");
        let (opt, seen) = optimise(&g, &Options::default());
        prop_assert_eq!(seen.len(), albert_opt::pass_names().len());
        if !debug_outputs && per_group >= 2 {
            prop_assert!(!loops(&opt).is_empty(), "no loop:\n{}", opt);
        }
        let w = random_weights(&g, seed);
        let x = inputs(batch, seq, cfg.vocab_size, &pad, seed ^ 0x9e37);
        let interp = Interpreter::with_threads(1);
        let a = interp.run(&g, &w, &x).expect("traced");
        for (name, mid) in &seen {
            let b = interp.run(mid, &w, &x).unwrap_or_else(|e| panic!("after {name}: {e}"));
            let d = max_diff(&a, &b);
            prop_assert!(d <= TOL, "after {}: diff {}", name, d);
        }
        let plan = plan_memory(&opt, batch, seq).expect("plan");
        prop_assert!(plan.conflict().is_none());
    }
}
