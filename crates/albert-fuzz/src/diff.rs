//! The differential fuzzer: a random small ALBERT built from the fuzzer's
//! bytes runs through the JIT on every target this host can execute and
//! through the reference interpreter on both the traced and the optimised
//! graph; all must agree.
//!
//! In the manner of Cranelift's `fuzzgen` (random programs, the interpreter
//! against native code), but the "programs" here are ALBERT configurations,
//! since that is the only family of graphs the engine compiles: E, H, heads,
//! I, groups × inner layers, the activation, LayerNorm epsilon, which heads
//! and debug outputs exist; weights drawn with magnitudes chosen by the
//! input; then batch, seq, ids, token types and padding masks (all-zero
//! masks and masks with holes included).
//!
//! Rules checked:
//! - the optimised graph equals the traced one on the interpreter (1e-5,
//!   as the pipeline's own tests);
//! - every JIT target (AVX-512 where the CPU has it, the portable kernels
//!   always, a 2-thread pool sometimes) equals the interpreter within a
//!   tolerance scaled by each output's magnitude, and 2 threads are
//!   bit-identical to 1;
//! - an input is rejected by the JIT exactly when the interpreter rejects
//!   it (ids and token types outside their tables, seq beyond the position
//!   table).
//!
//! Compiling is the slow part (milliseconds), so the compiled targets of
//! the last few models are cached by the model and shape the input decodes
//! to (not its raw bytes, many of which decode alike): the mutator's edits
//! to ids and masks, and to model bytes that change nothing, then run at
//! interpreter speed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use albert_codegen::{CompileOptions, Executable, WeightStore};
use albert_ir::Graph;
use albert_kernels::{Target, ThreadPool};
use albert_model::{trace, AlbertConfig, Heads, TraceOptions};
use albert_opt::{Options, Pipeline};
use albert_reference::{Interpreter, Tensor};

use crate::bytes::Bytes;

/// Optimised vs traced graph on the interpreter, max |a - b| / (1 + |b|):
/// the fused ops expand to the tracer's own op sequence (as in
/// `albert-opt/tests/pipeline.rs`).
const TOL_OPT: f32 = 1e-5;

/// JIT vs interpreter, max |a - b| / max(1, max |b|) per output. The JIT
/// sums in another order (GEMM tiles, K split over registers), uses a
/// polynomial `exp` in softmax and approximations in the activations; the
/// kernel suites bound each of those near 1e-6 relative. Over at most a
/// dozen layer applications, each ending in a LayerNorm that renormalises
/// the error, 1e-4 of the output's own magnitude leaves a wide margin in a
/// well-conditioned model while still catching any wrong index, mask or
/// bias (those give errors of the order of the output itself); for the
/// others see [`PERTURBATION`].
const TOL_JIT: f32 = 1e-4;

/// Relative size of the perturbation of every weight that measures how much
/// a model amplifies rounding errors (8 f32 ulps, more than the rounding of
/// any one JIT op). JIT vs interpreter may differ by as much as this
/// perturbation of the weights moves an output on the interpreter, when that
/// exceeds [`TOL_JIT`]: a deep stack of one shared layer with tiny widths and
/// `layer_norm_eps` 1e-12 can amplify rounding geometrically (found by this
/// fuzzer: ×2–7 per layer application, 1e-7 after the first, 1.8e-4 after
/// the tenth, on both JIT targets alike, against the interpreter's f64). The
/// perturbation moved that model's outputs 14× more than the JIT's rounding
/// did, layer after layer; a wrong index, mask or bias still gives errors of
/// the order of the output, far above the amplified rounding.
const PERTURBATION: f32 = 8.0 * f32::EPSILON;

/// Bytes of the input that define the model and the shape.
const MODEL_BYTES: usize = 24;

/// One random model and shape, as decoded from the input (printed with a
/// failure, so a crash report says what was built).
#[derive(Clone, Debug)]
pub struct DiffCase {
    /// `config.json` of the model.
    pub config: String,
    /// Heads traced.
    pub heads: Heads,
    /// `hidden_states` / `attentions` outputs traced too.
    pub debug_outputs: bool,
    /// Seed of the weights.
    pub seed: u64,
    /// Scale of the dense weights and biases.
    pub weight_scale: f32,
    /// Scale of the embedding tables.
    pub embedding_scale: f32,
    /// Also compile with a 2-thread pool.
    pub threads2: bool,
    /// Sequences.
    pub batch: usize,
    /// Tokens per sequence.
    pub seq: usize,
}

impl DiffCase {
    /// Decodes the model part of an input (its first bytes; missing bytes
    /// read as zeros).
    pub fn from_bytes(data: &[u8]) -> DiffCase {
        Self::decode(&mut Bytes::new(data))
    }

    fn decode(b: &mut Bytes<'_>) -> DiffCase {
        let heads = b.range(1, 4);
        let head_dim = b.range(1, 8);
        let hidden = heads * head_dim;
        let embedding = b.range(1, 16);
        let intermediate = b.range(1, 40);
        let groups = b.range(1, 2);
        let layers = b.range(groups, 5);
        let inner = b.range(1, 2);
        let act = b.pick(&[
            "gelu",
            "gelu_new",
            "gelu_fast",
            "quick_gelu",
            "relu",
            "silu",
            "tanh",
            "sigmoid",
            "linear",
        ]);
        let vocab = b.range(2, 40);
        let type_vocab = b.range(1, 3);
        let max_pos = b.range(1, 20);
        let eps = b.pick(&["1e-12", "1e-6", "0.001"]);
        let config = format!(
            r#"{{"model_type":"albert","vocab_size":{vocab},"embedding_size":{embedding},"hidden_size":{hidden},"num_attention_heads":{heads},"num_hidden_layers":{layers},"num_hidden_groups":{groups},"inner_group_num":{inner},"intermediate_size":{intermediate},"hidden_act":"{act}","max_position_embeddings":{max_pos},"type_vocab_size":{type_vocab},"layer_norm_eps":{eps}}}"#
        );
        let h = b.u8();
        let pooler = h & 1 != 0;
        let heads = Heads { pooler, mlm: h & 2 != 0, sop: pooler && h & 4 != 0 };
        let debug_outputs = h & 8 != 0;
        let threads2 = h & 16 != 0;
        let weight_scale = b.pick(&[0.02, 0.1, 0.3, 1.0]);
        let embedding_scale = b.pick(&[0.1, 1.0, 3.0]);
        let batch = b.range(1, 3);
        // Past the position table one time in eight: both sides must refuse.
        let seq = if b.u8().is_multiple_of(8) { max_pos + 1 } else { b.range(1, max_pos) };
        let seed = b.u64();
        DiffCase { config, heads, debug_outputs, seed, weight_scale, embedding_scale, threads2, batch, seq }
    }
}

/// A cheap deterministic generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in [-1, 1].
    fn unit(&mut self) -> f32 {
        (self.next() % 20001) as f32 / 10000.0 - 1.0
    }
}

/// FNV-1a, to give every weight its own stream from its name (the traced
/// and the optimised graph then agree on the values by name).
fn name_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

fn weights_for(g: &Graph, case: &DiffCase) -> Vec<Arc<[f32]>> {
    g.weights
        .iter()
        .map(|w| {
            let n: usize = w.ty.shape.resolve(albert_ir::Bindings { batch: 1, seq: 1 }).iter().product();
            let mut rng = Rng::new(case.seed ^ name_hash(&w.name));
            let name = w.name.as_str();
            let (scale, offset) = if name.contains("LayerNorm.weight") || name.contains("layer_norm.weight") {
                // Gains around 1, sometimes near 0 or negative.
                (1.0, 0.5)
            } else if name.contains("embeddings.") && !name.contains("LayerNorm") {
                (case.embedding_scale, 0.0)
            } else {
                (case.weight_scale, 0.0)
            };
            Arc::from((0..n).map(|_| rng.unit() * scale + offset).collect::<Vec<f32>>())
        })
        .collect()
}

/// One compiled JIT target of a model.
struct Compiled {
    name: &'static str,
    exe: Result<Executable, String>,
}

/// A model with its graphs, weights and compiled targets.
struct Model {
    case: DiffCase,
    cfg: AlbertConfig,
    traced: Graph,
    traced_weights: Vec<Arc<[f32]>>,
    /// `traced_weights`, each value moved by up to [`PERTURBATION`] of itself.
    perturbed_weights: Vec<Arc<[f32]>>,
    optimised: Graph,
    optimised_weights: Vec<Arc<[f32]>>,
    targets: Vec<Compiled>,
    /// Index into `targets` of the 2-thread compile and of its 1-thread twin.
    threads2: Option<(usize, usize)>,
}

fn pool() -> Arc<ThreadPool> {
    static POOL: OnceLock<Arc<ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| Arc::new(ThreadPool::new(2).expect("a 2-thread pool"))).clone()
}

/// The targets this host can run: its architecture's portable target always, and the
/// native one when it differs (x86_64-avx512 on an AVX-512 CPU).
fn host_targets() -> Vec<(&'static str, Target)> {
    let portable = Target::host_portable();
    let mut v = vec![(portable.name.as_str(), portable)];
    let native = Target::native();
    if native != portable {
        v.insert(0, (native.name.as_str(), native));
    }
    v
}

fn build(case: DiffCase) -> Model {
    let cfg = match AlbertConfig::from_json(&case.config) {
        Ok(c) => c,
        Err(e) => panic!("the generated config is rejected: {e}\n{}", case.config),
    };
    let opts =
        TraceOptions { heads: case.heads, hidden_states: case.debug_outputs, attentions: case.debug_outputs };
    let traced = trace(&cfg, opts, "predictions.bias").unwrap_or_else(|e| panic!("trace: {e}\n{case:?}"));
    let traced_weights = weights_for(&traced, &case);
    let mut rng = Rng::new(case.seed ^ 0x9e37_79b9_7f4a_7c15);
    let perturbed_weights = traced_weights
        .iter()
        .map(|w| w.iter().map(|&x| x * (1.0 + PERTURBATION * rng.unit())).collect::<Vec<f32>>().into())
        .collect();
    let optimised = Pipeline::default_for(&Options::default())
        .verify_each(true)
        .run(&traced)
        .unwrap_or_else(|e| panic!("the pipeline failed: {e}\n{case:?}"));
    let by_name: HashMap<&str, &Arc<[f32]>> =
        traced.weights.iter().map(|w| w.name.as_str()).zip(&traced_weights).collect();
    let optimised_weights: Vec<Arc<[f32]>> = optimised
        .weights
        .iter()
        .map(|w| {
            by_name
                .get(w.name.as_str())
                .map(|t| (*t).clone())
                .unwrap_or_else(|| panic!("the optimised graph declares unknown weight `{}`", w.name))
        })
        .collect();
    let mut targets = Vec::new();
    let mut threads2 = None;
    for (name, target) in host_targets() {
        let store = WeightStore::new(&optimised, optimised_weights.clone()).expect("weight store");
        let compile = |opts: &CompileOptions| {
            Executable::compile(&optimised, &store, case.batch, case.seq, opts).map_err(|e| e.to_string())
        };
        let one = CompileOptions { target, pool: None, precision: Default::default() };
        targets.push(Compiled { name, exe: compile(&one) });
        if case.threads2 && threads2.is_none() {
            let two = CompileOptions { target, pool: Some(pool()), precision: Default::default() };
            targets.push(Compiled { name, exe: compile(&two) });
            threads2 = Some((targets.len() - 1, targets.len() - 2));
        }
    }
    Model {
        case,
        cfg,
        traced,
        traced_weights,
        perturbed_weights,
        optimised,
        optimised_weights,
        targets,
        threads2,
    }
}

/// The last few models, by the case they were built from (its `Debug`
/// text names every field).
fn model_for(case: DiffCase) -> Arc<Model> {
    static CACHE: Mutex<Vec<(String, Arc<Model>)>> = Mutex::new(Vec::new());
    let key = format!("{case:?}");
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = cache.iter().position(|(k, _)| *k == key) {
        let hit = cache.remove(i);
        let m = hit.1.clone();
        cache.push(hit);
        return m;
    }
    let m = Arc::new(build(case));
    if cache.len() >= 8 {
        cache.remove(0);
    }
    cache.push((key, m.clone()));
    m
}

/// Ids, token types and mask for the case, from the rest of the input.
/// Mostly valid; sometimes one id or type is pushed out of its table.
fn inputs(b: &mut Bytes<'_>, m: &Model) -> [Vec<i64>; 3] {
    let (batch, seq) = (m.case.batch, m.case.seq);
    let n = batch * seq;
    let (vocab, types) = (m.cfg.vocab_size as i64, m.cfg.type_vocab_size as i64);
    let mut ids: Vec<i64> = (0..n).map(|_| i64::from(b.u8()) % vocab).collect();
    let mut tt: Vec<i64> = (0..n).map(|i| if i % seq >= seq / 2 { types - 1 } else { 0 }).collect();
    let mask_kind = b.u8();
    let mut mask = vec![1i64; n];
    for (r, row) in mask.chunks_mut(seq).enumerate() {
        let pad = b.range(0, seq);
        match (mask_kind >> (2 * r)) & 3 {
            // Trailing padding (possibly the whole row).
            0 | 1 => row[seq - pad..].iter_mut().for_each(|x| *x = 0),
            // Holes anywhere.
            2 => row.iter_mut().for_each(|x| *x = i64::from(b.u8() & 1)),
            // No padding.
            _ => {}
        }
    }
    let bad = b.u8();
    let at = usize::from(b.u8()) % n;
    match bad {
        1 => ids[at] = vocab,
        2 => ids[at] = -1,
        3 => tt[at] = types,
        4 => tt[at] = -1,
        5 => ids[at] = i64::MAX,
        _ => {}
    }
    [ids, tt, mask]
}

/// A JIT run's outputs, by name.
type Outputs = Vec<(String, Vec<f32>)>;

/// max |got - want| over `max(1, max |want|)`.
fn normwise(got: &[f32], want: &[f32]) -> f32 {
    let scale = want.iter().fold(1.0f32, |s, x| s.max(x.abs()));
    got.iter()
        .zip(want)
        .fold(0.0f32, |d, (g, w)| if (g - w).is_nan() { f32::INFINITY } else { d.max((g - w).abs()) })
        / scale
}

/// The `diff_jit` check.
pub fn diff_jit(data: &[u8]) {
    let mut head = data.get(..MODEL_BYTES).unwrap_or(data).to_vec();
    head.resize(MODEL_BYTES, 0);
    let m = model_for(DiffCase::from_bytes(&head));
    let mut b = Bytes::new(data.get(MODEL_BYTES..).unwrap_or(&[]));
    let [ids, tt, mask] = inputs(&mut b, &m);
    let (batch, seq) = (m.case.batch, m.case.seq);
    let t = |v: &Vec<i64>| Tensor::i64(vec![batch, seq], v.clone()).expect("input tensor");
    let feed = [("input_ids", t(&ids)), ("token_type_ids", t(&tt)), ("attention_mask", t(&mask))];
    let interp = Interpreter::with_threads(1);
    let want = interp.run(&m.traced, &m.traced_weights, &feed);
    let opt = interp.run(&m.optimised, &m.optimised_weights, &feed);
    let ctx = || format!("{:?}\nids {ids:?}\ntoken types {tt:?}\nmask {mask:?}", m.case);
    assert_eq!(
        want.is_ok(),
        opt.is_ok(),
        "the interpreter accepts one graph and rejects the other: {:?} / {:?}\n{}",
        want.as_ref().err(),
        opt.as_ref().err(),
        ctx()
    );
    let mut first_run: Vec<Option<Outputs>> = Vec::new();
    for target in &m.targets {
        let got = match &target.exe {
            Ok(exe) => exe.run(&ids, &tt, &mask).map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        };
        match (&want, &got) {
            (Ok(_), Err(e)) => {
                panic!("the JIT ({}) rejects what the interpreter runs: {e}\n{}", target.name, ctx())
            }
            (Err(e), Ok(_)) => {
                panic!("the JIT ({}) runs what the interpreter rejects ({e})\n{}", target.name, ctx())
            }
            _ => {}
        }
        first_run.push(got.ok());
    }
    let (Ok(want), Ok(opt)) = (want, opt) else { return };
    let perturbed = interp
        .run(&m.traced, &m.perturbed_weights, &feed)
        .unwrap_or_else(|e| panic!("the interpreter rejects the perturbed weights: {e}\n{}", ctx()));
    for (name, w) in &want {
        let w = w.as_f32().expect("f32 output");
        let o = opt.iter().find(|(n, _)| n == name).and_then(|(_, t)| t.as_f32());
        let o = o.unwrap_or_else(|| panic!("the optimised graph lacks output `{name}`"));
        let d = o.iter().zip(w).fold(0.0f32, |d, (a, b)| {
            let e = (a - b).abs() / (1.0 + b.abs());
            if e.is_nan() {
                f32::INFINITY
            } else {
                d.max(e)
            }
        });
        assert!(d <= TOL_OPT, "optimised vs traced `{name}`: {d:e} > {TOL_OPT:e}\n{}", ctx());
    }
    for (target, got) in m.targets.iter().zip(&first_run) {
        let got = got.as_ref().expect("checked above");
        for (name, w) in &want {
            let w = w.as_f32().expect("f32 output");
            let g = got.iter().find(|(n, _)| n == name).map(|(_, v)| v);
            let g = g.unwrap_or_else(|| panic!("the JIT ({}) lacks output `{name}`", target.name));
            assert_eq!(g.len(), w.len(), "JIT ({}) `{name}` length", target.name);
            let d = normwise(g, w);
            let p = perturbed.iter().find(|(n, _)| n == name).and_then(|(_, t)| t.as_f32());
            let p = p.unwrap_or_else(|| panic!("the perturbed run lacks output `{name}`"));
            let sensitivity = normwise(p, w);
            let tol = TOL_JIT.max(sensitivity);
            assert!(
                d <= tol,
                "JIT ({}) vs interpreter `{name}`: {d:e} > {tol:e} (sensitivity {sensitivity:e})\n{}",
                target.name,
                ctx()
            );
        }
    }
    if let Some((two, one)) = m.threads2 {
        assert_eq!(
            first_run[two],
            first_run[one],
            "2 threads differ from 1 ({})\n{}",
            m.targets[two].name,
            ctx()
        );
    }
}
