//! `albert-jit`: the command line of the ALBERT compiler and runtime.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

mod alloc_tuning;
mod commands;

/// The synthetic albert-large-v2 checkpoint bundled with the repository.
pub const BUNDLED_MODEL: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/albert-large-v2-synthetic");

#[derive(Parser)]
#[command(name = "albert-jit", version, about = "A tensor compiler and JIT runtime for ALBERT transformers")]
struct Cli {
    /// Worker threads (results are bit-identical for any count). `bench` takes a
    /// list (`--threads 1,2`).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<String>,
    /// Execution backend.
    #[arg(long, global = true, value_enum, default_value_t = BackendArg::Jit)]
    backend: BackendArg,
    /// What the JIT generates code for: native (detect this CPU), x86_64-avx512,
    /// x86_64-portable (SSE2 only: every op portable) or aarch64-neon. `compile --dump-asm`
    /// takes any target; the other commands need one this CPU runs.
    #[arg(long, global = true, default_value = "native", value_parser = parse_target)]
    target: albert_runtime::Target,
    /// Arithmetic of the encoder layer's GEMMs: fp32, or bf16 (weights stored once in bf16,
    /// GEMM inputs rounded to bf16, fp32 accumulation; needs AVX512_BF16 on x86_64-avx512).
    /// `bench` also asks it of the peers.
    #[arg(long, global = true, default_value = "fp32", value_parser = parse_precision)]
    precision: albert_runtime::Precision,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum BackendArg {
    /// Generated code for --target (Cranelift program + AVX-512, NEON or portable kernels).
    Jit,
    /// The plain-Rust reference interpreter over the traced graph (the oracle).
    Reference,
}

/// Where the model comes from: `--model DIR`, else `$ALBERT_JIT_MODEL`, else the bundled synthetic checkpoint.
#[derive(clap::Args, Clone)]
struct ModelArg {
    /// A Hugging Face ALBERT directory (config.json, model.safetensors, spiece.model), or an
    /// artifact from `albert-jit compile -o` (model.albert).
    /// Default: $ALBERT_JIT_MODEL, else the bundled synthetic albert-large-v2.
    #[arg(long, value_name = "DIR|FILE")]
    model: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the model on token ids from a safetensors file; write the outputs to another.
    Forward {
        #[command(flatten)]
        model: ModelArg,
        /// int64 `input_ids` [batch, seq], optional `token_type_ids`, `attention_mask`.
        #[arg(long, value_name = "IN.safetensors")]
        input: PathBuf,
        /// float32 `last_hidden_state`, `pooler_output`, `mlm_logits`, `sop_logits` (as the model has them).
        #[arg(long, value_name = "OUT.safetensors")]
        output: PathBuf,
    },
    /// Predict the tokens at each [MASK] (the JSON of Hugging Face's fill-mask pipeline).
    FillMask {
        #[command(flatten)]
        model: ModelArg,
        /// How many predictions per mask.
        #[arg(long, default_value_t = 5)]
        top_k: usize,
        /// Restrict predictions to these words (comma-separated).
        #[arg(long, value_delimiter = ',')]
        targets: Option<Vec<String>>,
        /// Texts containing [MASK].
        #[arg(required = true)]
        texts: Vec<String>,
    },
    /// Tokenize a text (or pair) as the model sees it.
    Tokenize {
        #[command(flatten)]
        model: ModelArg,
        /// The text.
        text: String,
        /// A second segment.
        #[arg(long)]
        pair: Option<String>,
        /// Longest allowed output (default: max_position_embeddings).
        #[arg(long)]
        max_length: Option<usize>,
        /// Truncate instead of failing on over-long input.
        #[arg(long)]
        truncate: bool,
    },
    /// Sentence embeddings as JSON.
    Embed {
        #[command(flatten)]
        model: ModelArg,
        /// How to pool token vectors.
        #[arg(long, value_enum, default_value_t = PoolingArg::Mean)]
        pooling: PoolingArg,
        /// Truncate over-long texts instead of failing.
        #[arg(long)]
        truncate: bool,
        /// Texts.
        #[arg(required = true)]
        texts: Vec<String>,
    },
    /// Sentence-order prediction: is TEXT_B the continuation of TEXT_A?
    Sop {
        #[command(flatten)]
        model: ModelArg,
        /// First segment.
        text_a: String,
        /// Second segment.
        text_b: String,
        /// Truncate over-long input instead of failing.
        #[arg(long)]
        truncate: bool,
    },
    /// Describe a model: config, parameters, weight bytes, heads, and optionally its IR.
    Inspect {
        #[command(flatten)]
        model: ModelArg,
        /// Print the traced graph's text form.
        #[arg(long)]
        ir: bool,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// Optimiser statistics: op counts before/after, loops, weight and activation bytes.
        #[arg(long)]
        stats: bool,
        /// Sequence length for the planned activation bytes (with --stats).
        #[arg(long, default_value_t = 128)]
        seq: usize,
        /// Batch size for the planned activation bytes (with --stats).
        #[arg(long, default_value_t = 1)]
        batch: usize,
    },
    /// Benchmark albert-jit (and, with --compare, other runtimes) on the same inputs.
    Bench {
        #[command(flatten)]
        model: ModelArg,
        /// Sequence lengths.
        #[arg(long, default_value = "8,32,128,512")]
        seqs: String,
        /// Batch sizes.
        #[arg(long, default_value = "1,8")]
        batch: String,
        /// Thread counts when --threads is not given.
        #[arg(long = "threads-list", default_value = "1,2")]
        threads_list: String,
        /// Untimed runs before timing.
        #[arg(long, default_value_t = 2)]
        warmup: usize,
        /// Timed runs (at least).
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// Keep timing until this many seconds have passed.
        #[arg(long, default_value_t = 1.0)]
        min_time: f64,
        /// With --compare: idle milliseconds before each runtime's run, so a peer's
        /// still-spinning threads do not take the cores from the next runtime.
        #[arg(long, default_value_t = 20)]
        settle_ms: u64,
        /// Peers to compare with: onnxruntime, openvino, pytorch (set up with crates/albert-bench/peers/setup.sh).
        #[arg(long, value_delimiter = ',')]
        compare: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Print CSV (ONNX Runtime benchmark-style columns).
        #[arg(long)]
        csv: bool,
        /// Write a plot of latency vs sequence length (.svg or .png).
        #[arg(long, value_name = "FILE")]
        plot: Option<PathBuf>,
        /// Agreement tolerance (max abs over unpadded positions) for peers.
        #[arg(long)]
        tolerance: Option<f32>,
        /// Instead of the benchmark table: where albert-jit's time goes, per call and per
        /// phase of the fused attention and feed-forward (QKV, attention core, output
        /// projection, LayerNorm, up, activation, down), with GFLOP/s and % of the FMA peak.
        #[arg(long, conflicts_with_all = ["compare", "json", "csv", "plot"])]
        profile: bool,
    },
    /// Run the optimiser on a model and show the IR between passes.
    Compile {
        #[command(flatten)]
        model: ModelArg,
        /// Print the IR after this pass (repeatable). Passes: fold, dce,
        /// fuse_embeddings, fuse_attention, fuse_ffn, share_layers, pack_weights.
        #[arg(long, value_name = "PASS")]
        dump_after: Vec<String>,
        /// Print the IR after every pass (and the traced IR first).
        #[arg(long)]
        dump_all: bool,
        /// Keep only these outputs (comma-separated; default: every head the checkpoint has).
        #[arg(long, value_delimiter = ',')]
        outputs: Option<Vec<String>>,
        /// Sequence length for the memory plan and the listings.
        #[arg(long, default_value_t = 128)]
        seq: usize,
        /// Batch sizes: the first is used for the memory plan and the listings; with `-o`,
        /// every one is compiled (default with `-o`: 1,8).
        #[arg(long, value_delimiter = ',')]
        batch: Option<Vec<usize>>,
        /// With `-o`: the sequence lengths to compile (default 8,32,128,512, capped at
        /// max_position_embeddings).
        #[arg(long, value_delimiter = ',')]
        seqs: Option<Vec<usize>>,
        /// Write an ahead-of-time artifact: one file with the code of every (batch, seq)
        /// bucket for --target, the packed weights once, config.json and spiece.model.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// With `-o`: the most threads the artifact may run with (sizes its scratch).
        #[arg(long, default_value_t = 16)]
        max_threads: usize,
        /// Generate code for the (batch, seq) bucket and print every GEMM kernel's assembly.
        #[arg(long)]
        dump_asm: bool,
        /// Generate code for the (batch, seq) bucket and print the forward program's Cranelift IR.
        #[arg(long)]
        dump_clif: bool,
    },
    /// Serve the model over HTTP with Hugging Face text-embeddings-inference's API
    /// (plus /fill-mask and sentence order), with dynamic batching.
    Serve(Box<ServeArgs>),
}

/// `albert-jit serve`: TEI's flags (each also an environment variable) and ours.
#[derive(clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    model: ModelArg,
    /// What `POST /` and `POST /invocations` serve (every route is served).
    #[arg(long, value_enum, default_value_t = TaskArg::FillMask)]
    task: TaskArg,
    /// How `/embed` pools token vectors.
    #[arg(long, value_enum, default_value_t = PoolingArg::Mean)]
    pooling: PoolingArg,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 3000)]
    port: u16,
    /// Address to listen on.
    #[arg(long, env = "HOSTNAME", default_value = "0.0.0.0")]
    hostname: String,
    /// Requests in flight before the server answers 429.
    #[arg(long, env = "MAX_CONCURRENT_REQUESTS", default_value_t = 512)]
    max_concurrent_requests: usize,
    /// Padded tokens (batch × sequence bucket) in one forward pass.
    #[arg(long, env = "MAX_BATCH_TOKENS", default_value_t = 16384)]
    max_batch_tokens: usize,
    /// Sequences in one forward pass (default: the largest batch bucket, 64).
    #[arg(long, env = "MAX_BATCH_REQUESTS")]
    max_batch_requests: Option<usize>,
    /// Inputs in one request before the server answers 413.
    #[arg(long, env = "MAX_CLIENT_BATCH_SIZE", default_value_t = 32)]
    max_client_batch_size: usize,
    /// Request body bytes before the server answers 413.
    #[arg(long, env = "PAYLOAD_LIMIT", default_value_t = 2_000_000)]
    payload_limit: usize,
    /// Require `Authorization: Bearer KEY` (except on /health, /ping and /metrics).
    #[arg(long, env = "API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Truncate over-long inputs instead of refusing them (unless a request says otherwise).
    #[arg(long, env = "AUTO_TRUNCATE")]
    auto_truncate: bool,
    /// Memory for the compiled (batch, seq) buckets' activations, MiB: the batch
    /// token budget is halved until every bucket fits.
    #[arg(long, env = "MAX_BUCKET_MEMORY_MB", default_value_t = 2048)]
    max_bucket_memory_mb: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum TaskArg {
    /// `/fill-mask`.
    FillMask,
    /// `/embed`.
    Embed,
    /// `/predict` (sentence-order prediction).
    Sop,
}

#[derive(Clone, Copy, ValueEnum)]
enum PoolingArg {
    /// The [CLS] token's hidden state.
    Cls,
    /// Mean over real tokens.
    Mean,
    /// The pooler head (tanh(dense(h_cls))).
    Pooler,
}

impl ModelArg {
    fn resolve(&self) -> Result<PathBuf> {
        let dir = match (&self.model, std::env::var_os("ALBERT_JIT_MODEL")) {
            (Some(d), _) => d.clone(),
            (None, Some(d)) => PathBuf::from(d),
            (None, None) => {
                let d = PathBuf::from(BUNDLED_MODEL);
                if !d.is_dir() {
                    bail!(
                        "no --model given and the bundled model is not at {} (set ALBERT_JIT_MODEL)",
                        d.display()
                    );
                }
                d
            }
        };
        if is_bundled(&dir) {
            eprintln!(
                "note: using the bundled synthetic albert-large-v2 checkpoint: the real architecture with \
                 random weights, so predictions are meaningless (pass --model DIR for a real one)"
            );
        }
        Ok(dir)
    }
}

fn is_bundled(dir: &Path) -> bool {
    match (dir.canonicalize(), Path::new(BUNDLED_MODEL).canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn main() -> ExitCode {
    alloc_tuning::tune();
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse_precision(s: &str) -> Result<albert_runtime::Precision, String> {
    albert_runtime::Precision::parse(s)
}

fn parse_target(s: &str) -> Result<albert_runtime::Target, String> {
    albert_runtime::Target::parse(s).map_err(|e| e.to_string())
}

fn session(
    model: &ModelArg,
    cli_threads: Option<usize>,
    backend: BackendArg,
    target: albert_runtime::Target,
    precision: albert_runtime::Precision,
) -> Result<albert_runtime::Session> {
    let dir = model.resolve()?;
    let mut opts = albert_runtime::SessionOptions::default();
    if let Some(t) = cli_threads {
        if t == 0 {
            bail!("--threads must be at least 1");
        }
        opts.threads = t;
    }
    opts.backend = match backend {
        BackendArg::Jit => albert_runtime::Backend::Jit,
        BackendArg::Reference => albert_runtime::Backend::Reference,
    };
    opts.target = target;
    opts.precision = precision;
    albert_runtime::Session::open(&dir, opts).with_context(|| format!("opening model {}", dir.display()))
}
