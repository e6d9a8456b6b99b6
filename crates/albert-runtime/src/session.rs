//! A `Session`: one model directory, opened once, serving forward passes and
//! the pipelines built on them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use albert_deploy::artifact::{Artifact, LoadOptions};
use albert_ir::Graph;
use albert_kernels::Target;
use albert_model::{AlbertConfig, AlbertDir, Heads, TraceOptions};
use albert_reference::{Interpreter, Tensor};
use albert_tokenizer::{EncodeOptions, Encoding, Tokenizer};

use crate::error::RuntimeError;

/// Token ids of a padded batch, row-major `[batch, seq]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// Number of sequences.
    pub batch: usize,
    /// Padded length.
    pub seq: usize,
    /// Token ids.
    pub input_ids: Vec<i64>,
    /// Segment ids (0 or 1).
    pub token_type_ids: Vec<i64>,
    /// 1 for real tokens, 0 for padding.
    pub attention_mask: Vec<i64>,
}

/// Which outputs a forward pass must produce besides `last_hidden_state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Wanted {
    /// `pooler_output`.
    pub pooler: bool,
    /// `mlm_logits`.
    pub mlm: bool,
    /// `sop_logits`.
    pub sop: bool,
}

impl Wanted {
    /// Every head.
    pub const ALL: Wanted = Wanted { pooler: true, mlm: true, sop: true };
}

/// The results of a forward pass (each `Vec` row-major).
#[derive(Clone, Debug, PartialEq)]
pub struct Outputs {
    /// `[batch, seq, hidden]`.
    pub last_hidden_state: Vec<f32>,
    /// `[batch, hidden]`, when asked for and present.
    pub pooler_output: Option<Vec<f32>>,
    /// `[batch, seq, vocab]`, when asked for and present.
    pub mlm_logits: Option<Vec<f32>>,
    /// `[batch, 2]`, when asked for and present.
    pub sop_logits: Option<Vec<f32>>,
}

/// How to execute graphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Backend {
    /// Generated code: the optimised graph compiled by Cranelift for the
    /// session's [`Target`] (AVX-512 kernels on `x86_64-avx512`, Cranelift's
    /// 128-bit kernels and portable ops on `x86_64-portable` and `aarch64-neon`).
    #[default]
    Jit,
    /// The plain-Rust reference interpreter over the traced graph.
    Reference,
}

/// Sequence lengths compiled for: a batch is padded up to the next one
/// (masking makes the padding exact), so a few executables serve every length.
pub const SEQ_BUCKETS: [usize; 9] = [8, 16, 32, 64, 128, 192, 256, 384, 512];

/// The bucket for `seq` tokens (at most `max`, the position table's size).
pub fn seq_bucket(seq: usize, max: usize) -> usize {
    SEQ_BUCKETS.iter().copied().find(|&b| b >= seq).unwrap_or(seq).min(max).max(seq)
}

/// One optimised graph with its weights and its compiled buckets.
struct JitModel {
    graph: Graph,
    store: albert_codegen::WeightStore,
    buckets: Mutex<HashMap<(usize, usize), Arc<albert_deploy::Executable>>>,
}

/// What a session runs: a model directory (traced, optimised and JIT-compiled here) or an
/// artifact (compiled ahead of time; nothing is generated).
enum Source {
    Dir(Arc<AlbertDir>),
    Artifact(Arc<Artifact>),
}

/// One output handed to [`Session::forward_with`]: its name, shape and values.
pub type NamedOutput<'a> = (&'a str, Vec<usize>, &'a [f32]);

/// Options for [`Session::open`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionOptions {
    /// Worker threads (results do not depend on it).
    pub threads: usize,
    /// Execution backend.
    pub backend: Backend,
    /// What the JIT generates code for (it must run on this CPU).
    pub target: Target,
    /// The loop body's GEMMs in fp32 or bf16.
    pub precision: albert_deploy::Precision,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            backend: Backend::default(),
            target: Target::native(),
            precision: Default::default(),
        }
    }
}

struct Prepared {
    graph: Graph,
    weights: Vec<Arc<[f32]>>,
}

/// An opened model: checkpoint, tokenizer, and the graphs traced from them.
pub struct Session {
    path: std::path::PathBuf,
    source: Source,
    config: AlbertConfig,
    /// Loaded on first use (`forward` never needs it): SentencePiece's model takes ~10 MB.
    tokenizer: std::sync::OnceLock<Tokenizer>,
    interp: Interpreter,
    backend: Backend,
    compile: albert_codegen::CompileOptions,
    jit: Mutex<HashMap<Wanted, Arc<JitModel>>>,
    /// Weights by checkpoint name, loaded once and shared by every graph.
    weights: Mutex<HashMap<String, Arc<[f32]>>>,
    graphs: Mutex<HashMap<Wanted, Arc<Prepared>>>,
}

impl Session {
    /// Opens a Hugging Face ALBERT directory (`config.json`, `model.safetensors`,
    /// `spiece.model`), or an artifact written by `albert-jit compile -o` (any path that is
    /// a file).
    pub fn open(dir: &Path, opts: SessionOptions) -> Result<Session, RuntimeError> {
        if dir.is_file() {
            return Session::open_artifact(dir, opts);
        }
        let model = Arc::new(AlbertDir::open(dir)?);
        let spm = dir.join("spiece.model");
        if !spm.is_file() {
            return Err(RuntimeError::NoTokenizer(dir.to_path_buf()));
        }
        let tokenizer = std::sync::OnceLock::new();
        if opts.backend == Backend::Jit {
            opts.target.check_runs_here().map_err(RuntimeError::Input)?;
        }
        if opts.precision == albert_deploy::Precision::Bf16 && opts.backend == Backend::Jit {
            let cpu = albert_kernels::CpuFeatures::detect();
            if opts.target.isa() != albert_kernels::Isa::Avx512 || !cpu.avx512_bf16 {
                return Err(RuntimeError::Input(format!(
                    "--precision bf16 needs AVX512_BF16 on the x86_64-avx512 target (target {}, this CPU {} it)",
                    opts.target,
                    if cpu.avx512_bf16 { "has" } else { "lacks" }
                )));
            }
        }
        let mut compile =
            albert_codegen::CompileOptions { target: opts.target, pool: None, precision: opts.precision };
        if opts.threads > 1 && opts.backend != Backend::Reference {
            let pool = albert_kernels::ThreadPool::new(opts.threads)
                .map_err(|e| RuntimeError::Input(format!("thread pool: {e}")))?;
            compile.pool = Some(Arc::new(pool));
        }
        Ok(Session {
            path: dir.to_path_buf(),
            config: model.config.clone(),
            source: Source::Dir(model),
            tokenizer,
            interp: Interpreter::with_threads(opts.threads),
            backend: opts.backend,
            compile,
            jit: Mutex::new(HashMap::new()),
            weights: Mutex::new(HashMap::new()),
            graphs: Mutex::new(HashMap::new()),
        })
    }

    /// Opens an artifact: checks it (CPU, versions, hashes) and maps it; no code is generated.
    fn open_artifact(path: &Path, opts: SessionOptions) -> Result<Session, RuntimeError> {
        if opts.backend == Backend::Reference {
            return Err(RuntimeError::Input(format!(
                "{}: the reference backend needs a model directory, not an artifact",
                path.display()
            )));
        }
        let art = Artifact::open(path, LoadOptions { threads: opts.threads })?;
        let config = AlbertConfig::from_json(art.config_json())?;
        art.tokenizer_bytes().ok_or_else(|| RuntimeError::NoTokenizer(path.to_path_buf()))?;
        let tokenizer = std::sync::OnceLock::new();
        let target = art.target();
        // An artifact's precision was fixed when it was compiled: asking for bf16 from an fp32
        // one is an error; without a request (fp32, the default) it runs as compiled.
        let precision = art.precision();
        if opts.precision == albert_deploy::Precision::Bf16 && precision != opts.precision {
            return Err(RuntimeError::Input(format!(
                "{}: compiled with --precision fp32; recompile it with --precision bf16",
                path.display()
            )));
        }
        Ok(Session {
            path: path.to_path_buf(),
            config,
            source: Source::Artifact(Arc::new(art)),
            tokenizer,
            interp: Interpreter::with_threads(1),
            backend: Backend::Jit,
            compile: albert_codegen::CompileOptions { target, pool: None, precision },
            jit: Mutex::new(HashMap::new()),
            weights: Mutex::new(HashMap::new()),
            graphs: Mutex::new(HashMap::new()),
        })
    }

    /// The directory or artifact opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The model's configuration.
    pub fn config(&self) -> &AlbertConfig {
        &self.config
    }

    /// The opened directory (`None` for an artifact).
    pub fn model(&self) -> Option<&AlbertDir> {
        match &self.source {
            Source::Dir(m) => Some(m),
            Source::Artifact(_) => None,
        }
    }

    /// The opened artifact (`None` for a model directory).
    pub fn artifact(&self) -> Option<&Artifact> {
        match &self.source {
            Source::Artifact(a) => Some(a),
            Source::Dir(_) => None,
        }
    }

    /// The model's `config.json` text.
    pub fn config_json(&self) -> Result<String, RuntimeError> {
        match &self.source {
            Source::Dir(m) => std::fs::read_to_string(m.dir.join("config.json"))
                .map_err(|e| RuntimeError::Input(format!("config.json: {e}"))),
            Source::Artifact(a) => Ok(a.config_json().to_string()),
        }
    }

    /// Where the model came from, for messages.
    pub fn source_name(&self) -> String {
        match &self.source {
            Source::Dir(m) => m.dir.display().to_string(),
            Source::Artifact(_) => "the artifact".to_string(),
        }
    }

    fn dir(&self) -> Result<&Arc<AlbertDir>, RuntimeError> {
        match &self.source {
            Source::Dir(m) => Ok(m),
            Source::Artifact(_) => Err(RuntimeError::Input(
                "this needs a model directory (tracing, the reference backend); an artifact holds only compiled code"
                    .into(),
            )),
        }
    }

    /// The tokenizer, loaded on first use (the model's `spiece.model`, or the artifact's).
    pub fn tokenizer(&self) -> Result<&Tokenizer, RuntimeError> {
        if let Some(t) = self.tokenizer.get() {
            return Ok(t);
        }
        let t = match &self.source {
            Source::Dir(m) => Tokenizer::from_file(&m.dir.join("spiece.model"))?,
            Source::Artifact(a) => {
                let bytes =
                    a.tokenizer_bytes().ok_or_else(|| RuntimeError::NoTokenizer(self.path.clone()))?;
                Tokenizer::from_bytes(bytes)?
            }
        };
        if t.vocab_size() > self.config.vocab_size {
            return Err(RuntimeError::Input(format!(
                "the tokenizer has {} pieces but the model's vocab_size is {}",
                t.vocab_size(),
                self.config.vocab_size
            )));
        }
        Ok(self.tokenizer.get_or_init(|| t))
    }

    /// The heads the checkpoint carries (for an artifact: the heads compiled into it).
    pub fn heads(&self) -> Heads {
        match &self.source {
            Source::Dir(m) => m.heads(),
            Source::Artifact(a) => {
                let has = |n: &str| a.header().outputs.iter().any(|o| o == n);
                Heads { pooler: has("pooler_output"), mlm: has("mlm_logits"), sop: has("sop_logits") }
            }
        }
    }

    fn missing(&self, head: &'static str, tensors: &'static str, hint: &'static str) -> RuntimeError {
        RuntimeError::MissingHead { model: self.source_name(), head, tensors, hint }
    }

    /// Fails unless the checkpoint has every head `want` asks for.
    pub fn check_heads(&self, want: Wanted) -> Result<(), RuntimeError> {
        let have = self.heads();
        if want.sop && !have.sop {
            return Err(self.missing(
                "sentence-order prediction",
                "sop_classifier.classifier.*",
                "SOP needs an AlbertForPreTraining checkpoint",
            ));
        }
        if want.pooler && !have.pooler {
            return Err(self.missing(
                "pooler",
                "albert.pooler.*",
                "use --pooling cls or mean for embeddings",
            ));
        }
        if want.mlm && !have.mlm {
            return Err(self.missing(
                "masked-LM",
                "predictions.*",
                "fill-mask needs an AlbertForMaskedLM or AlbertForPreTraining checkpoint",
            ));
        }
        Ok(())
    }

    fn prepared(&self, want: Wanted) -> Result<Arc<Prepared>, RuntimeError> {
        self.check_heads(want)?;
        let mut graphs = self.graphs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = graphs.get(&want) {
            return Ok(p.clone());
        }
        let heads = Heads { pooler: want.pooler, mlm: want.mlm, sop: want.sop };
        let model = self.dir()?;
        let graph = model.trace(TraceOptions::all_heads(heads))?;
        let mut cache = self.weights.lock().unwrap_or_else(|e| e.into_inner());
        let mut weights = Vec::with_capacity(graph.weights.len());
        for w in &graph.weights {
            if let Some(t) = cache.get(&w.name) {
                weights.push(t.clone());
                continue;
            }
            let shape = w.ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 });
            let t: Arc<[f32]> = Arc::from(model.checkpoint.load_f32(&w.name, &shape)?);
            cache.insert(w.name.clone(), t.clone());
            weights.push(t);
        }
        let p = Arc::new(Prepared { graph, weights });
        graphs.insert(want, p.clone());
        Ok(p)
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The arithmetic of the loop body's GEMMs.
    pub fn precision(&self) -> albert_deploy::Precision {
        self.compile.precision
    }

    /// The target the JIT generates code for.
    pub fn target(&self) -> Target {
        self.compile.target
    }

    fn jit_model(&self, want: Wanted) -> Result<Arc<JitModel>, RuntimeError> {
        let mut models = self.jit.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(m) = models.get(&want) {
            return Ok(m.clone());
        }
        self.check_heads(want)?;
        let heads = Heads { pooler: want.pooler, mlm: want.mlm, sop: want.sop };
        let dir = self.dir()?.clone();
        let traced = dir.trace(TraceOptions::all_heads(heads))?;
        let mut outputs = vec!["last_hidden_state".to_string()];
        for (on, name) in [(want.pooler, "pooler_output"), (want.mlm, "mlm_logits"), (want.sop, "sop_logits")]
        {
            if on {
                outputs.push(name.into());
            }
        }
        let pipeline = albert_opt::Pipeline::default_for(&albert_opt::Options { outputs: Some(outputs) });
        let graph = pipeline.run(&traced).map_err(|e| RuntimeError::Input(format!("optimiser: {e}")))?;
        // The optimised graph declares checkpoint tensors by name: the store reads each when
        // first needed and packing frees every row-major GEMM weight as it goes, so only the
        // packed copies stay and the peak stays near one copy of the weights.
        let model = dir.clone();
        let loader = move |name: &str, shape: &[usize]| {
            let w = model.checkpoint.load_f32(name, shape).map_err(|e| e.to_string());
            // The converted copy is what stays (until packed): drop the mapped pages read.
            model.checkpoint.release_pages();
            w
        };
        let store = albert_codegen::WeightStore::lazy(&graph, Box::new(loader));
        self.compile.pack_weights(&graph, &store)?;
        if self.backend == Backend::Jit {
            dir.checkpoint.release_pages();
        }
        let m = Arc::new(JitModel { graph, store, buckets: Mutex::new(HashMap::new()) });
        models.insert(want, m.clone());
        Ok(m)
    }

    /// The compiled executable for a bucket (compiled on first use, then cached).
    pub fn executable(
        &self,
        want: Wanted,
        batch: usize,
        seq: usize,
    ) -> Result<Arc<albert_deploy::Executable>, RuntimeError> {
        if let Source::Artifact(a) = &self.source {
            // The compiled bucket that runs this shape (inputs are padded into it).
            self.check_heads(want)?;
            let (b, s) = a.bucket_for(batch, seq).unwrap_or((batch, seq));
            return Ok(a.executable(b, s)?);
        }
        let m = self.jit_model(want)?;
        let mut buckets = m.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = buckets.get(&(batch, seq)) {
            return Ok(e.clone());
        }
        let exe =
            albert_codegen::Executable::compile(&m.graph, &m.store, batch, seq, &self.compile)?.shared();
        buckets.insert((batch, seq), exe.clone());
        Ok(exe)
    }

    /// The disassembly of every GEMM kernel of a bucket (`compile --dump-asm`).
    pub fn kernels_asm(&self, want: Wanted, batch: usize, seq: usize) -> Result<String, RuntimeError> {
        let exe = self.executable(want, batch, seq)?;
        Ok(albert_codegen::kernels_asm(&exe, &self.compile.target))
    }

    /// The optimised graph and its weight store for `want` (for writing an artifact).
    pub fn compiled_model(&self, want: Wanted) -> Result<(Graph, CompiledWeights), RuntimeError> {
        let m = self.jit_model(want)?;
        Ok((m.graph.clone(), CompiledWeights(m)))
    }

    /// The program and GEMM kernels generated for the session's target, as text, without
    /// running them: works for any target, including another architecture (model
    /// directories only).
    pub fn listing(
        &self,
        want: Wanted,
        batch: usize,
        seq: usize,
    ) -> Result<albert_codegen::Listing, RuntimeError> {
        let m = self.jit_model(want)?;
        Ok(albert_codegen::listing(&m.graph, &m.store, batch, seq, &self.compile)?)
    }

    /// The JIT's memory for `want` at one bucket: (packed weight bytes, row-major weight
    /// bytes still held, arena bytes). Compiles the bucket if needed.
    pub fn memory_figures(
        &self,
        want: Wanted,
        batch: usize,
        seq: usize,
    ) -> Result<(usize, usize, usize), RuntimeError> {
        if let Source::Artifact(a) = &self.source {
            let exe = self.executable(want, batch, seq)?;
            let bytes = |l: albert_deploy::artifact::WeightLayout| -> usize {
                a.header().weights.iter().filter(|w| w.layout == l).map(|w| 4 * w.len as usize).sum()
            };
            use albert_deploy::artifact::WeightLayout as L;
            return Ok((bytes(L::Packed), bytes(L::RowMajor), exe.arena_bytes()));
        }
        let m = self.jit_model(want)?;
        let exe = self.executable(want, batch, seq)?;
        let packed = m.store.packed_bytes();
        Ok((packed, m.store.bytes() - packed, exe.arena_bytes()))
    }

    /// The optimised graph the JIT compiles for `want` (an artifact's compiled graph).
    pub fn optimized_graph(&self, want: Wanted) -> Result<Graph, RuntimeError> {
        if let Source::Artifact(a) = &self.source {
            return Ok(a.graph().clone());
        }
        Ok(self.jit_model(want)?.graph.clone())
    }

    /// Loads weights, traces (and with the JIT, optimises and compiles the
    /// bucket for `batch` × `seq`) ahead of the first call.
    pub fn warm_up(&self, want: Wanted, batch: usize, seq: usize) -> Result<(), RuntimeError> {
        if let Source::Artifact(a) = &self.source {
            self.check_heads(want)?;
            let (b, s) = a.bucket_for(batch, seq).ok_or_else(|| {
                RuntimeError::Input(format!("no compiled bucket holds batch {batch} × seq {seq}"))
            })?;
            a.executable(b, s)?;
        } else if self.backend == Backend::Reference {
            self.prepared(want)?;
        } else {
            let s = seq_bucket(seq, self.config.max_position_embeddings);
            self.executable(want, batch, s)?;
        }
        Ok(())
    }

    fn forward_artifact(&self, a: &Artifact, b: &Batch, want: Wanted) -> Result<Outputs, RuntimeError> {
        let mut outs = a.forward(&b.input_ids, &b.token_type_ids, &b.attention_mask, b.batch, b.seq)?;
        let mut take =
            |name: &str| outs.iter().position(|(n, _)| n == name).map(|i| std::mem::take(&mut outs[i].1));
        let last =
            take("last_hidden_state").ok_or_else(|| RuntimeError::Input("no last_hidden_state".into()))?;
        Ok(Outputs {
            last_hidden_state: last,
            pooler_output: if want.pooler { take("pooler_output") } else { None },
            mlm_logits: if want.mlm { take("mlm_logits") } else { None },
            sop_logits: if want.sop { take("sop_logits") } else { None },
        })
    }

    fn forward_jit(&self, b: &Batch, want: Wanted) -> Result<Outputs, RuntimeError> {
        if let Source::Artifact(a) = &self.source {
            return self.forward_artifact(a, b, want);
        }
        let c = &self.config;
        // Padding to the bucket is exact only while a row has a real key to
        // attend to: in a row whose mask is all zero every key, padded ones
        // included, gets the same `finfo.min` score, so Hugging Face's
        // uniform attention over the row's `seq` keys would become uniform
        // over the bucket's. Such batches run at their own length (found
        // by the `forward_input` fuzz target).
        let all_masked = b.attention_mask.chunks(b.seq.max(1)).any(|row| row.iter().all(|&m| m == 0));
        let s = if all_masked { b.seq } else { seq_bucket(b.seq, c.max_position_embeddings) };
        let exe = self.executable(want, b.batch, s)?;
        // Already a bucket length: run on the caller's arrays, no copies.
        use std::borrow::Cow;
        fn fit(v: &[i64], seq: usize, s: usize, fill: i64) -> Cow<'_, [i64]> {
            if s == seq {
                return Cow::Borrowed(v);
            }
            let mut out = Vec::with_capacity(v.len() / seq.max(1) * s);
            for row in v.chunks(seq.max(1)) {
                out.extend_from_slice(row);
                out.extend(std::iter::repeat_n(fill, s - seq));
            }
            Cow::Owned(out)
        }
        // Padding is masked, so any id does; `<pad>` without loading the tokenizer for it.
        let pad = self.tokenizer.get().map_or(0, |t| t.pad_id() as i64);
        let ids = fit(&b.input_ids, b.seq, s, pad);
        let (tt, mask) = (fit(&b.token_type_ids, b.seq, s, 0), fit(&b.attention_mask, b.seq, s, 0));
        let mut outs = exe.run(&ids, &tt, &mask)?;
        // Crop [batch, s, w] back to [batch, seq, w].
        let crop = |v: Vec<f32>, w: usize| -> Vec<f32> {
            if s == b.seq {
                return v;
            }
            let mut out = Vec::with_capacity(b.batch * b.seq * w);
            for bi in 0..b.batch {
                out.extend_from_slice(&v[bi * s * w..(bi * s + b.seq) * w]);
            }
            out
        };
        // Moved out, not cloned: the logits can be tens of megabytes.
        let mut take =
            |name: &str| outs.iter().position(|(n, _)| n == name).map(|i| std::mem::take(&mut outs[i].1));
        let last =
            take("last_hidden_state").ok_or_else(|| RuntimeError::Input("no last_hidden_state".into()))?;
        Ok(Outputs {
            last_hidden_state: crop(last, c.hidden_size),
            pooler_output: if want.pooler { take("pooler_output") } else { None },
            mlm_logits: if want.mlm { take("mlm_logits").map(|l| crop(l, c.vocab_size)) } else { None },
            sop_logits: if want.sop { take("sop_logits") } else { None },
        })
    }

    /// The graph executed for `want` (for `inspect`).
    pub fn graph(&self, want: Wanted) -> Result<Graph, RuntimeError> {
        Ok(self.prepared(want)?.graph.clone())
    }

    /// Checks ids, shapes and lengths of a batch against the model.
    pub fn validate(&self, b: &Batch) -> Result<(), RuntimeError> {
        let c = &self.config;
        let bad = |m: String| Err(RuntimeError::Input(m));
        if b.batch == 0 || b.seq == 0 {
            return bad(format!("empty batch ({} × {})", b.batch, b.seq));
        }
        let n = b.batch.checked_mul(b.seq).ok_or_else(|| RuntimeError::Input("batch too large".into()))?;
        for (name, v) in [
            ("input_ids", &b.input_ids),
            ("token_type_ids", &b.token_type_ids),
            ("attention_mask", &b.attention_mask),
        ] {
            if v.len() != n {
                return bad(format!(
                    "{name} has {} elements, expected {} × {} = {n}",
                    v.len(),
                    b.batch,
                    b.seq
                ));
            }
        }
        if b.seq > c.max_position_embeddings {
            return Err(RuntimeError::TooLong { len: b.seq, max: c.max_position_embeddings });
        }
        if let Some((i, id)) =
            b.input_ids.iter().enumerate().find(|(_, &id)| id < 0 || id as usize >= c.vocab_size)
        {
            return bad(format!("input_ids[{i}] = {id} is outside the vocabulary (0..{})", c.vocab_size));
        }
        if let Some((i, t)) =
            b.token_type_ids.iter().enumerate().find(|(_, &t)| t < 0 || t as usize >= c.type_vocab_size)
        {
            return bad(format!("token_type_ids[{i}] = {t} is outside 0..{}", c.type_vocab_size));
        }
        if let Some((i, m)) = b.attention_mask.iter().enumerate().find(|(_, &m)| m != 0 && m != 1) {
            return bad(format!("attention_mask[{i}] = {m} must be 0 or 1"));
        }
        Ok(())
    }

    /// Runs the model on a batch and hands `f` each wanted output as `(name, shape,
    /// values)`, in the graph's order. When the batch fills a compiled bucket exactly, the
    /// values are read in place from the executable's arena: a caller that writes them to a
    /// file holds no second copy of outputs such as the MLM logits. Otherwise (padding and
    /// cropping, the reference backend) this is [`Session::forward`].
    pub fn forward_with<R>(
        &self,
        b: &Batch,
        want: Wanted,
        f: impl FnOnce(&[NamedOutput<'_>]) -> R,
    ) -> Result<R, RuntimeError> {
        self.validate(b)?;
        self.check_heads(want)?;
        let exact = match &self.source {
            _ if self.backend == Backend::Reference => None,
            Source::Artifact(a) => (a.bucket_for(b.batch, b.seq) == Some((b.batch, b.seq)))
                .then(|| a.executable(b.batch, b.seq))
                .transpose()?,
            _ => (seq_bucket(b.seq, self.config.max_position_embeddings) == b.seq)
                .then(|| self.executable(want, b.batch, b.seq))
                .transpose()?,
        };
        let Some(exe) = exact else {
            let o = self.forward(b, want)?;
            let (bs, n) = (b.batch, b.seq);
            let mut named: Vec<NamedOutput<'_>> = vec![(
                "last_hidden_state",
                vec![bs, n, o.last_hidden_state.len() / (bs * n)],
                &o.last_hidden_state,
            )];
            if let Some(p) = &o.pooler_output {
                named.push(("pooler_output", vec![bs, p.len() / bs], p));
            }
            if let Some(l) = &o.mlm_logits {
                named.push(("mlm_logits", vec![bs, n, l.len() / (bs * n)], l));
            }
            if let Some(l) = &o.sop_logits {
                named.push(("sop_logits", vec![bs, l.len() / bs], l));
            }
            return Ok(f(&named));
        };
        let wanted = |name: &str| match name {
            "pooler_output" => want.pooler,
            "mlm_logits" => want.mlm,
            "sop_logits" => want.sop,
            _ => true,
        };
        Ok(exe.run_with(&b.input_ids, &b.token_type_ids, &b.attention_mask, |views| {
            let held: Vec<_> = views
                .iter()
                .filter(|v| wanted(v.name))
                .map(|v| {
                    let per_token = matches!(v.name, "last_hidden_state" | "mlm_logits");
                    let shape = if per_token {
                        vec![b.batch, b.seq, v.len() / (b.batch * b.seq)]
                    } else {
                        vec![b.batch, v.len() / b.batch]
                    };
                    (v.name, shape, v.contiguous())
                })
                .collect();
            let named: Vec<NamedOutput<'_>> =
                held.iter().map(|(n, s, d)| (*n, s.clone(), d.as_ref())).collect();
            f(&named)
        })?)
    }

    /// Runs the model on a batch.
    pub fn forward(&self, b: &Batch, want: Wanted) -> Result<Outputs, RuntimeError> {
        self.validate(b)?;
        self.check_heads(want)?;
        if self.backend != Backend::Reference {
            return self.forward_jit(b, want);
        }
        let p = self.prepared(want)?;
        let shape = vec![b.batch, b.seq];
        let t = |v: &Vec<i64>| {
            Tensor::i64(shape.clone(), v.clone()).ok_or_else(|| RuntimeError::Input("shape".into()))
        };
        let inputs = [
            ("input_ids", t(&b.input_ids)?),
            ("token_type_ids", t(&b.token_type_ids)?),
            ("attention_mask", t(&b.attention_mask)?),
        ];
        let outs = self.interp.run(&p.graph, &p.weights, &inputs)?;
        let take = |name: &str| -> Option<Vec<f32>> {
            outs.iter().find(|(n, _)| n == name).and_then(|(_, t)| t.as_f32().map(<[f32]>::to_vec))
        };
        let last_hidden_state = take("last_hidden_state")
            .ok_or_else(|| RuntimeError::Input("graph returned no last_hidden_state".into()))?;
        Ok(Outputs {
            last_hidden_state,
            pooler_output: if want.pooler { take("pooler_output") } else { None },
            mlm_logits: if want.mlm { take("mlm_logits") } else { None },
            sop_logits: if want.sop { take("sop_logits") } else { None },
        })
    }

    /// Pads encodings into a `batch` × `seq` [`Batch`] (right padding with
    /// `<pad>`, attention mask 0). Rows past `encs.len()` are filler —
    /// `[CLS] [SEP]`, so no row is fully masked — whose outputs the caller
    /// ignores: this lets a server run any number of sequences on a batch size
    /// it compiled for.
    pub fn pad_batch(&self, encs: &[&Encoding], batch: usize, seq: usize) -> Result<Batch, RuntimeError> {
        if encs.len() > batch {
            return Err(RuntimeError::Input(format!(
                "{} sequences do not fit a batch of {batch}",
                encs.len()
            )));
        }
        if let Some(e) = encs.iter().find(|e| e.input_ids.len() > seq || e.token_type_ids.len() != e.len()) {
            return Err(RuntimeError::Input(format!(
                "a {}-token sequence does not fit length {seq}",
                e.len()
            )));
        }
        let tok = self.tokenizer()?;
        let filler = [tok.cls_id(), tok.sep_id()];
        let n = batch * seq;
        let pad = tok.pad_id() as i64;
        let mut b = Batch {
            batch,
            seq,
            input_ids: Vec::with_capacity(n),
            token_type_ids: Vec::with_capacity(n),
            attention_mask: Vec::with_capacity(n),
        };
        for r in 0..batch {
            let (ids, types): (&[u32], &[u32]) = match encs.get(r) {
                Some(e) => (&e.input_ids, &e.token_type_ids),
                None => (&filler[..filler.len().min(seq)], &[0, 0][..filler.len().min(seq)]),
            };
            let len = ids.len();
            b.input_ids.extend(ids.iter().map(|&i| i as i64));
            b.input_ids.extend(std::iter::repeat_n(pad, seq - len));
            b.token_type_ids.extend(types.iter().map(|&i| i as i64));
            b.token_type_ids.extend(std::iter::repeat_n(0, seq - len));
            b.attention_mask.extend(std::iter::repeat_n(1, len));
            b.attention_mask.extend(std::iter::repeat_n(0, seq - len));
        }
        Ok(b)
    }

    /// Tokenizes texts (optionally pairs) and pads them into one batch.
    /// Without `truncate`, a text longer than `max_length` (default: the
    /// model's `max_position_embeddings`) is an error.
    pub fn encode(
        &self,
        texts: &[(&str, Option<&str>)],
        max_length: Option<usize>,
        truncate: bool,
    ) -> Result<(Batch, Vec<Encoding>), RuntimeError> {
        if texts.is_empty() {
            return Err(RuntimeError::Input("no text given".into()));
        }
        let max = self.config.max_position_embeddings;
        let limit = max_length.unwrap_or(max);
        if limit > max {
            return Err(RuntimeError::Input(format!(
                "max length {limit} exceeds the model's max_position_embeddings {max}"
            )));
        }
        let opts = EncodeOptions { max_length: Some(limit), truncate };
        let mut encs = Vec::with_capacity(texts.len());
        for (a, b) in texts {
            let e = self.tokenizer()?.encode(a, *b, &opts).map_err(|e| match e {
                albert_tokenizer::TokenizerError::TooLong { length, .. } => {
                    RuntimeError::TooLong { len: length, max: limit }
                }
                e => e.into(),
            })?;
            encs.push(e);
        }
        let seq = encs.iter().map(|e| e.input_ids.len()).max().unwrap_or(0);
        let refs: Vec<&Encoding> = encs.iter().collect();
        let batch = self.pad_batch(&refs, encs.len(), seq)?;
        Ok((batch, encs))
    }
}

/// The weights of a compiled model, for [`Session::compiled_model`].
pub struct CompiledWeights(Arc<JitModel>);

impl CompiledWeights {
    /// The packed weight store.
    pub fn store(&self) -> &albert_codegen::WeightStore {
        &self.0.store
    }
}
