//! One function per subcommand.

use std::path::Path;

use anyhow::{bail, Context, Result};
use safetensors::{tensor::TensorView, Dtype};
use serde_json::json;

use albert_runtime::{Batch, Pooling, Session, Wanted};

use crate::{session, Cli, Command, PoolingArg, ServeArgs, TaskArg};

/// Dispatches a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let backend = cli.backend;
    let target = cli.target;
    let precision = cli.precision;
    let threads_arg = cli.threads.clone();
    // Every command but `bench` takes one thread count.
    let threads: Option<usize> = match (&cli.command, &cli.threads) {
        (Command::Bench { .. }, _) | (_, None) => None,
        (_, Some(t)) => Some(
            t.trim().parse().map_err(|_| anyhow::anyhow!("--threads takes one number here, got `{t}`"))?,
        ),
    };
    match cli.command {
        Command::Forward { model, input, output } => {
            let s = session(&model, threads, backend, target, precision)?;
            forward(&s, &input, &output)
        }
        Command::FillMask { model, top_k, targets, texts } => {
            if top_k == 0 {
                bail!("--top-k must be at least 1");
            }
            let s = session(&model, threads, backend, target, precision)?;
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let v = s.fill_mask(&texts, top_k, targets.as_deref())?;
            println!("{}", serde_json::to_string_pretty(&v)?);
            Ok(())
        }
        Command::Tokenize { model, text, pair, max_length, truncate } => {
            let dir = model.resolve()?;
            let (held, owned);
            let tok: &albert_tokenizer::Tokenizer = if dir.is_file() {
                held = session(&model, threads, backend, target, precision)?;
                held.tokenizer()?
            } else {
                owned = albert_tokenizer::Tokenizer::from_file(&dir.join("spiece.model"))?;
                &owned
            };
            let opts = albert_tokenizer::EncodeOptions { max_length, truncate };
            let e = tok.encode(&text, pair.as_deref(), &opts)?;
            let v = json!({
                "input_ids": e.input_ids,
                "token_type_ids": e.token_type_ids,
                "attention_mask": vec![1; e.input_ids.len()],
                "pieces": e.pieces,
            });
            println!("{}", serde_json::to_string(&v)?);
            Ok(())
        }
        Command::Embed { model, pooling, truncate, texts } => {
            let s = session(&model, threads, backend, target, precision)?;
            let pooling = pooling_of(pooling);
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let embs = s.embed(&refs, pooling, truncate)?;
            let v = json!({
                "pooling": format!("{pooling:?}").to_lowercase(),
                "dim": s.config().hidden_size,
                "embeddings": embs.iter().map(|e| e.iter().map(|&x| x as f64).collect::<Vec<_>>()).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string(&v)?);
            Ok(())
        }
        Command::Sop { model, text_a, text_b, truncate } => {
            let s = session(&model, threads, backend, target, precision)?;
            let v = s.sop(&text_a, &text_b, truncate)?;
            println!("{}", serde_json::to_string_pretty(&v)?);
            Ok(())
        }
        Command::Inspect { model, ir, json: as_json, stats, seq, batch } => {
            let s = session(&model, threads, backend, target, precision)?;
            if stats {
                return opt_stats(&s, batch, seq, as_json);
            }
            inspect(&s, ir, as_json)
        }
        Command::Bench {
            model,
            seqs,
            batch,
            threads_list,
            warmup,
            runs,
            min_time,
            settle_ms,
            compare,
            json,
            csv,
            plot,
            tolerance,
            profile,
        } => {
            let dir = model.resolve()?;
            if dir.is_file() && !compare.is_empty() {
                bail!("--compare needs a model directory: the other runtimes load the Hugging Face checkpoint, not an artifact");
            }
            let opts = albert_bench::BenchOptions {
                seqs: albert_bench::BenchOptions::parse_list(&seqs)?,
                batches: albert_bench::BenchOptions::parse_list(&batch)?,
                threads: albert_bench::BenchOptions::parse_list(
                    threads_arg.as_deref().unwrap_or(&threads_list),
                )?,
                warmup,
                runs,
                min_time: std::time::Duration::from_secs_f64(min_time.max(0.0)),
                settle: std::time::Duration::from_millis(settle_ms),
                compare,
                precision: match precision {
                    albert_runtime::Precision::Fp32 => "fp32".into(),
                    albert_runtime::Precision::Bf16 => "bf16".into(),
                },
                tolerance,
                progress: true,
                ..Default::default()
            };
            if profile {
                return bench_profile(&dir, backend, (target, precision), &opts);
            }
            bench(&dir, backend, (target, precision), &opts, json, csv, plot.as_deref())
        }
        Command::Serve(args) => {
            let s = session(&args.model, threads, backend, target, precision)?;
            serve(s, &args)
        }
        Command::Compile {
            model,
            dump_after,
            dump_all,
            outputs,
            seq,
            batch,
            seqs,
            output,
            max_threads,
            dump_asm,
            dump_clif,
        } => {
            // Code for a CPU other than this one is generated and listed, never run.
            let foreign = target.check_runs_here().is_err();
            let backend = if foreign { crate::BackendArg::Reference } else { backend };
            let batches = batch.unwrap_or_else(|| if output.is_some() { vec![1, 8] } else { vec![1] });
            let batch = batches.first().copied().unwrap_or(1);
            let s = session(&model, threads, backend, target, precision)?;
            if s.artifact().is_some() {
                bail!("compile takes a model directory (this is already an artifact)");
            }
            compile(&s, &dump_after, dump_all, outputs.clone(), batch, seq)?;
            if let Some(path) = &output {
                if outputs.is_some() {
                    bail!("--outputs cannot be combined with -o (an artifact holds every head)");
                }
                return write_artifact(&s, target, &batches, seqs, max_threads, path);
            }
            let heads = s.heads();
            let want = Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop };
            if foreign && (dump_asm || dump_clif) {
                let l = s.listing(want, batch, seq)?;
                eprintln!("generated code for target {target} (not runnable here), batch {batch}, seq {seq}");
                if dump_clif {
                    println!("; forward program (Cranelift IR)");
                    print!("{}", l.clif);
                }
                if dump_asm {
                    println!("; forward program ({target})");
                    print!("{}", l.program_asm);
                    print!("{}", l.kernels_asm);
                }
            } else if dump_asm || dump_clif {
                let t0 = std::time::Instant::now();
                let exe = s.executable(want, batch, seq)?;
                eprintln!(
                    "generated code for batch {batch}, seq {seq} in {:.1} ms (kernels + program; {} arena bytes)",
                    t0.elapsed().as_secs_f64() * 1e3,
                    exe.arena_bytes()
                );
                if dump_clif {
                    println!("; forward program (Cranelift IR)");
                    print!("{}", exe.clif());
                }
                if dump_asm {
                    print!("{}", s.kernels_asm(want, batch, seq)?);
                }
            }
            Ok(())
        }
    }
}

/// albert-jit as a benchmark engine: a session whose forward pass returns
/// `last_hidden_state`.
struct AlbertEngine {
    session: Session,
    name: String,
}

impl albert_bench::Engine for AlbertEngine {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
    fn precision(&self) -> String {
        match self.session.precision() {
            albert_runtime::Precision::Fp32 => "fp32".into(),
            albert_runtime::Precision::Bf16 => "bf16".into(),
        }
    }
    fn prepare(&mut self, input: &albert_bench::BenchInput) -> Result<(), albert_bench::BenchError> {
        self.session
            .warm_up(Wanted::default(), input.batch, input.seq)
            .map_err(|e| albert_bench::BenchError::engine("albert-jit", e))
    }
    fn run(&mut self, input: &albert_bench::BenchInput) -> Result<Vec<f32>, albert_bench::BenchError> {
        let b = Batch {
            batch: input.batch,
            seq: input.seq,
            input_ids: input.input_ids.clone(),
            token_type_ids: input.token_type_ids.clone(),
            attention_mask: input.attention_mask.clone(),
        };
        self.session
            .forward(&b, Wanted::default())
            .map(|o| o.last_hidden_state)
            .map_err(|e| albert_bench::BenchError::engine("albert-jit", e))
    }
}

fn bench(
    dir: &Path,
    backend: crate::BackendArg,
    (target, precision): (albert_runtime::Target, albert_runtime::Precision),
    opts: &albert_bench::BenchOptions,
    json: bool,
    csv: bool,
    plot: Option<&Path>,
) -> Result<()> {
    let name = match backend {
        crate::BackendArg::Jit if target == albert_runtime::Target::native() => "albert-jit".to_string(),
        crate::BackendArg::Jit => format!("albert-jit ({target})"),
        crate::BackendArg::Reference => "albert-jit (reference)".to_string(),
    };
    let mut factory = |threads: usize| -> Result<
        (Box<dyn albert_bench::Engine>, std::time::Duration),
        albert_bench::BenchError,
    > {
        let t0 = std::time::Instant::now();
        let model = crate::ModelArg { model: Some(dir.to_path_buf()) };
        let session = session(&model, Some(threads), backend, target, precision)
            .map_err(|e| albert_bench::BenchError::engine("albert-jit", e))?;
        Ok((Box::new(AlbertEngine { session, name: name.clone() }), t0.elapsed()))
    };
    let report = albert_bench::run(opts, dir, &mut factory)?;
    let format = if json {
        albert_bench::OutputFormat::Json
    } else if csv {
        albert_bench::OutputFormat::Csv
    } else {
        albert_bench::OutputFormat::Table
    };
    println!("{}", report.render(format));
    if let Some(p) = plot {
        report.write_plot(p)?;
        eprintln!("wrote {}", p.display());
    }
    if !report.all_agree() {
        bail!("some runtimes disagree with albert-jit (see REFUSED above): their timings are not reported");
    }
    Ok(())
}

/// `bench --profile`: for each thread count and shape, `warmup` untimed forwards, then at
/// least `runs` timed ones, and the time of each call site (the loop body's summed over its
/// trips) and of each phase of the fused calls, per forward.
fn bench_profile(
    dir: &Path,
    backend: crate::BackendArg,
    (target, precision): (albert_runtime::Target, albert_runtime::Precision),
    opts: &albert_bench::BenchOptions,
) -> Result<()> {
    if !matches!(backend, crate::BackendArg::Jit) {
        bail!("--profile times the generated code: it needs --backend jit");
    }
    let cpu = albert_bench::MachineInfo::detect(&[], false).cpu;
    for &threads in &opts.threads {
        let model = crate::ModelArg { model: Some(dir.to_path_buf()) };
        let s = session(&model, Some(threads), backend, target, precision)?;
        // An artifact runs in the precision it was compiled with.
        let prec = match s.precision() {
            albert_runtime::Precision::Fp32 => "fp32",
            albert_runtime::Precision::Bf16 => "bf16",
        };
        let peak = albert_bench::machine::measure_fma_peak(threads).gflops;
        for &batch in &opts.batches {
            for &seq in &opts.seqs {
                check_bucket(batch, seq, &s)?;
                let n = batch * seq;
                let mut ids = vec![7i64; n];
                for r in 0..batch {
                    ids[r * seq] = 2;
                    ids[r * seq + seq - 1] = 3;
                }
                let b = Batch {
                    batch,
                    seq,
                    input_ids: ids,
                    token_type_ids: vec![0; n],
                    attention_mask: vec![1; n],
                };
                for _ in 0..opts.warmup.max(1) {
                    s.forward(&b, Wanted::default())?;
                }
                let exe = s.executable(Wanted::default(), batch, seq)?;
                let before = exe.profile_calls();
                let t0 = std::time::Instant::now();
                let mut runs = 0usize;
                while runs < opts.runs.max(1) || t0.elapsed() < opts.min_time {
                    s.forward(&b, Wanted::default())?;
                    runs += 1;
                }
                let wall = t0.elapsed().as_secs_f64() / runs as f64;
                let after = exe.profile_calls();
                print_profile(&before, &after, runs, wall, peak);
                println!(
                    "albert-jit {prec}, target {target}, {threads} thread(s), batch {batch}, seq {seq}: \
                     {runs} forwards, {:.2} ms each (CPU: {cpu}; fp32 FMA peak of {threads} thread(s) {peak:.0} GFLOP/s)\n",
                    wall * 1e3
                );
            }
        }
    }
    Ok(())
}

/// The `bench --profile` table: calls of the same op are merged (one `attention` row for the
/// loop body's 24 trips), phases below their call.
fn print_profile(
    before: &[albert_deploy::CallProfile],
    after: &[albert_deploy::CallProfile],
    runs: usize,
    wall: f64,
    peak: f64,
) {
    let runs = runs as f64;
    let row = |label: &str, calls: f64, secs: f64, flops: f64| {
        let ms = secs * 1e3 / runs;
        let rate = if secs > 0.0 && flops > 0.0 { flops / secs / 1e9 } else { 0.0 };
        let (gf, pk) = if rate > 0.0 {
            (format!("{rate:.1}"), format!("{:.1}", 100.0 * rate / peak))
        } else {
            ("-".into(), "-".into())
        };
        let calls = if calls > 0.0 { format!("{:.0}", calls / runs) } else { String::new() };
        println!("{label:<22} {calls:>6} {ms:>10.3} {:>6.1}% {gf:>9} {pk:>7}", 100.0 * ms / (wall * 1e3));
    };
    println!(
        "{:<22} {:>6} {:>10} {:>7} {:>9} {:>7}",
        "call / phase", "calls", "ms/fwd", "share", "GFLOP/s", "%peak"
    );
    // Merge call sites by name, in first-seen order.
    let mut order: Vec<&'static str> = Vec::new();
    let mut total = 0.0;
    for name in after.iter().map(|c| c.name) {
        if !order.contains(&name) {
            order.push(name);
        }
    }
    let mut counted = 0.0;
    for name in order {
        let sites: Vec<(&albert_deploy::CallProfile, &albert_deploy::CallProfile)> =
            before.iter().zip(after).filter(|(_, a)| a.name == name).collect();
        let calls: f64 = sites.iter().map(|(b, a)| (a.calls - b.calls) as f64).sum();
        let secs: f64 = sites.iter().map(|(b, a)| a.seconds - b.seconds).sum();
        let flops: f64 = sites.iter().map(|(b, a)| (a.calls - b.calls) as f64 * a.flops as f64).sum();
        counted += secs;
        total += flops;
        row(name, calls, secs, flops);
        let phases = sites.first().map_or(0, |(_, a)| a.phases.len());
        let mut in_phases = 0.0;
        for i in 0..phases {
            let label = format!("  {}", sites[0].1.phases[i].0.name);
            let secs: f64 = sites.iter().map(|(b, a)| a.phases[i].1 - b.phases[i].1).sum();
            let flops: f64 =
                sites.iter().map(|(b, a)| (a.calls - b.calls) as f64 * a.phases[i].0.flops as f64).sum();
            in_phases += secs;
            row(&label, 0.0, secs, flops);
        }
        if phases > 0 {
            row("  (between phases)", 0.0, secs - in_phases, 0.0);
        }
    }
    row("program and runtime", 0.0, wall * runs - counted, 0.0);
    row("forward", 0.0, wall * runs, total);
}

/// The traced graph with every head the checkpoint has.
fn traced(s: &Session) -> Result<albert_ir::Graph> {
    let heads = s.heads();
    Ok(s.graph(Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop })?)
}

fn check_bucket(batch: usize, seq: usize, s: &Session) -> Result<()> {
    if batch == 0 || seq == 0 {
        bail!("--batch and --seq must be at least 1");
    }
    if seq > s.config().max_position_embeddings {
        bail!("--seq {seq} exceeds max_position_embeddings {}", s.config().max_position_embeddings);
    }
    Ok(())
}

fn opt_stats(s: &Session, batch: usize, seq: usize, as_json: bool) -> Result<()> {
    check_bucket(batch, seq, s)?;
    let before = traced(s)?;
    let after = albert_opt::Pipeline::default_for(&albert_opt::Options::default()).run(&before)?;
    let st = albert_opt::stats(&before, &after, batch, seq)?;
    let v = st.to_json();
    if as_json {
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let line = |k: &str| v.get(k).map(|x| x.to_string()).unwrap_or_default();
    println!("ops before   {}", line("ops_before"));
    println!("ops after    {}", line("ops_after"));
    println!("loops        {}", line("loops"));
    println!("weights      {}", line("weights"));
    println!("activations  {}", line("activations"));
    if s.backend() == albert_runtime::Backend::Jit {
        let heads = s.heads();
        let want = Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop };
        let (packed, row_major, arena) = s.memory_figures(want, batch, seq)?;
        println!(
            "jit          target {}: packed weights {packed} bytes, row-major weights {row_major} bytes, \
             arena {arena} bytes (batch {batch}, seq {seq}); total {}",
            s.target(),
            packed + row_major + arena
        );
        let exe = s.executable(want, batch, seq)?;
        for d in exe.descs() {
            for req in d.kernel_requests() {
                if let Some(choice) = gemm_choice(req, s.target()) {
                    println!("gemm         {:<13} {choice}", d.name());
                }
            }
        }
        let c = s.config();
        println!(
            "attention    QK^T and P·V: {}",
            attention_choice(s.target(), s.precision(), c.hidden_size / c.num_attention_heads.max(1))
        );
    }
    Ok(())
}

/// Which kernel runs attention's QKᵀ and P·V on `target` at `precision` for heads of width
/// `dh` (what `inspect --stats` records; the same decision as the bucket planner's).
fn attention_choice(
    target: albert_runtime::Target,
    precision: albert_deploy::Precision,
    dh: usize,
) -> String {
    use albert_runtime::{Arch, Isa};
    let cpu = albert_kernels::CpuFeatures::detect();
    match target.isa() {
        Isa::Avx512 if precision == albert_deploy::Precision::Bf16 => {
            if !albert_kernels::ops::bf16_attention_pays(&cpu, dh) {
                "fp32 avx512 12x32 zmm tiles (vdpbf16ps runs at half the FMA rate on this CPU)".into()
            } else if albert_kernels::ops::amx_attention_here(dh) {
                "bf16 AMX tdpbf16ps 32x32 tiles, softmax in fp32".into()
            } else {
                "bf16 vdpbf16ps 12x32 zmm tiles, softmax in fp32".into()
            }
        }
        Isa::Avx512 => "fp32 avx512 12x32 zmm tiles".into(),
        Isa::Portable if target.arch == Arch::Aarch64 => "fp32 Cranelift f32x4 NEON kernel".into(),
        Isa::Portable => "fp32 Cranelift f32x4 SSE kernel".into(),
    }
}

/// The variant the kernel generator chose for one GEMM call site on `target`: tile, A
/// broadcast, unroll, K blocking, B prefetch distance, small-M path and A's row stride
/// (what `inspect --stats` records; the same plan fields make the kernel's key).
fn gemm_choice(req: &albert_deploy::KernelReq, target: albert_runtime::Target) -> Option<String> {
    use albert_runtime::{Arch, Isa};
    let (p, bf16) = match req {
        albert_deploy::KernelReq::Gemm(p) => (*p, false),
        albert_deploy::KernelReq::GemmBf16 { plan, .. } => (*plan, true),
        _ => return None,
    };
    let shape = format!("M={} N={} K={} lda={}", p.m, p.n, p.k, p.lda);
    let knobs = |tile: &str, broadcast: String, unroll: usize, kb: Option<usize>, pf: usize, small: bool| {
        let kb = kb.filter(|&k| k < p.k).map_or("whole K".to_string(), |k| format!("K blocks of {k}"));
        let pf = if pf > 0 { format!("B prefetcht1 {pf} bytes ahead") } else { "no B prefetch".into() };
        let path = if small { "small-M path (equal M blocks)" } else { "14-row M blocks" };
        format!("{shape}: {tile}, {broadcast} broadcast, unroll {unroll}, {kb}, {pf}, {path}")
    };
    Some(match (bf16, target.isa()) {
        (true, _) => {
            let b = albert_codegen::bf16_plan_for(&p, &target);
            if b.amx {
                return Some(format!(
                    "{shape}: bf16 AMX tdpbf16ps 32x32 (2x2 C tiles), K chunks of 32, epilogue in the frame"
                ));
            }
            let bc = format!("{:?}", b.broadcast).to_lowercase();
            knobs("bf16 vdpbf16ps 14x32 zmm", bc, b.unroll, b.k_block, b.b_prefetch, b.small_m)
        }
        (false, Isa::Avx512) => {
            let bc = format!("{:?}", p.broadcast).to_lowercase();
            knobs("avx512 14x32 zmm", bc, p.unroll, p.k_block, p.b_prefetch, p.small_m)
        }
        (false, Isa::Portable) if target.avx2_tiles() => format!("{shape}: avx2 6x16 ymm tiles, whole K"),
        (false, Isa::Portable) if target.arch == Arch::Aarch64 => {
            format!("{shape}: Cranelift f32x4 6x16 NEON tiles (fmla by element), whole K")
        }
        (false, Isa::Portable) => format!("{shape}: Cranelift f32x4 2x16 SSE tiles, whole K"),
    })
}

fn compile(
    s: &Session,
    dump_after: &[String],
    dump_all: bool,
    outputs: Option<Vec<String>>,
    batch: usize,
    seq: usize,
) -> Result<()> {
    check_bucket(batch, seq, s)?;
    let known = albert_opt::pass_names();
    for p in dump_after {
        if !known.contains(&p.as_str()) {
            bail!("unknown pass `{p}` (passes: {})", known.join(", "));
        }
    }
    let before = traced(s)?;
    if dump_all {
        println!("; traced");
        print!("{before}");
    }
    let opts = albert_opt::Options { outputs };
    let pipeline = albert_opt::Pipeline::default_for(&opts).verify_each(true);
    let after = pipeline.run_with(&before, |pass, g| {
        if dump_all || dump_after.iter().any(|p| p == pass) {
            println!("; after {pass}");
            print!("{g}");
        }
    })?;
    let plan = albert_opt::plan_memory(&after, batch, seq)?;
    let st = albert_opt::stats(&before, &after, batch, seq)?;
    let v = st.to_json();
    eprintln!(
        "compiled: {} → {} instructions; loops {}; peak activations {} bytes at batch {batch}, seq {seq}",
        before.insts.len(),
        after.insts.len(),
        v.get("loops").map(|l| l.to_string()).unwrap_or_default(),
        plan.peak_bytes
    );
    Ok(())
}

/// `compile -o`: the artifact, with progress and a size breakdown.
fn write_artifact(
    s: &Session,
    target: albert_runtime::Target,
    batches: &[usize],
    seqs: Option<Vec<usize>>,
    max_threads: usize,
    path: &Path,
) -> Result<()> {
    let max = s.config().max_position_embeddings;
    let seqs = seqs.unwrap_or_else(|| {
        let mut v: Vec<usize> = [8, 32, 128, 512].iter().map(|&x: &usize| x.min(max)).collect();
        v.dedup();
        v
    });
    let mut buckets = Vec::new();
    for &b in batches {
        for &q in &seqs {
            check_bucket(b, q, s)?;
            if !buckets.contains(&(b, q)) {
                buckets.push((b, q));
            }
        }
    }
    if buckets.is_empty() {
        bail!("no buckets to compile (--batch and --seqs are empty)");
    }
    if max_threads == 0 || max_threads > 1024 {
        bail!("--max-threads must be in 1..=1024");
    }
    let heads = s.heads();
    let want = Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop };
    let (graph, weights) = s.compiled_model(want)?;
    let m = s.model().context("compile needs a model directory")?;
    let config = std::fs::read(m.dir.join("config.json")).context("reading config.json")?;
    let tokenizer = std::fs::read(m.dir.join("spiece.model")).context("reading spiece.model")?;
    let spec = albert_codegen::artifact::ArtifactSpec {
        graph: &graph,
        weights: weights.store(),
        target,
        buckets: buckets.clone(),
        threads: max_threads,
        precision: s.precision(),
        config_json: &config,
        tokenizer: Some(&tokenizer),
    };
    let bar = indicatif::ProgressBar::new(buckets.len() as u64 + 1);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let t0 = std::time::Instant::now();
    let sum = albert_codegen::artifact::write_artifact(&spec, path, &mut |step, done, _total| {
        bar.set_position(done as u64);
        bar.set_message(step.to_string());
    })?;
    bar.finish_and_clear();
    let mb = |b: u64| b as f64 / (1 << 20) as f64;
    let list: Vec<String> = buckets.iter().map(|(b, q)| format!("{b}×{q}")).collect();
    eprintln!(
        "wrote {} for {target} ({}): {} buckets (batch×seq {}), {} kernels, in {:.1} s",
        path.display(),
        match s.precision() {
            albert_runtime::Precision::Fp32 => "fp32",
            albert_runtime::Precision::Bf16 => "bf16",
        },
        sum.buckets,
        list.join(" "),
        sum.kernels,
        t0.elapsed().as_secs_f64()
    );
    println!("{:<18} {:>12} {:>9}", "part", "bytes", "MiB");
    for (name, b) in [
        ("packed weights", sum.packed_weights),
        ("row-major weights", sum.row_major_weights),
        ("code", sum.code),
        ("spiece.model", sum.tokenizer),
        ("graph (IR)", sum.graph),
        ("config.json", sum.config),
        ("header", sum.header),
        ("alignment", sum.padding),
        ("total", sum.total),
    ] {
        println!("{name:<18} {b:>12} {:>9.2}", mb(b));
    }
    Ok(())
}

/// `inspect` on an artifact: what it holds.
fn inspect_artifact(s: &Session, a: &albert_deploy::artifact::Artifact, as_json: bool) -> Result<()> {
    let h = a.header();
    let c = s.config();
    let bytes = |l: albert_deploy::artifact::WeightLayout| -> u64 {
        h.weights.iter().filter(|w| w.layout == l).map(|w| l.element_bytes() * w.len).sum()
    };
    use albert_deploy::artifact::WeightLayout as L;
    let tiles = match (h.precision.as_str(), h.bf16_amx) {
        ("bf16", true) => "AMX tdpbf16ps",
        ("bf16", false) => "vdpbf16ps zmm",
        _ => "fp32",
    };
    let v = json!({
        "artifact": true,
        "compiler": h.compiler,
        "format_version": h.format_version,
        "target": { "name": h.target.name, "triple": h.target.triple, "features": h.target.features },
        "buckets": h.buckets.iter().map(|b| json!({"batch": b.batch, "seq": b.seq, "arena_bytes": b.arena_bytes})).collect::<Vec<_>>(),
        "outputs": h.outputs,
        "max_threads": h.threads,
        "precision": h.precision,
        "gemm_tiles": tiles,
        "sections": h.sections().iter().map(|(n, sec)| json!({"name": n, "offset": sec.offset, "bytes": sec.len, "xxh3": sec.xxh3})).collect::<Vec<_>>(),
        "packed_weight_bytes": bytes(L::Packed) + bytes(L::PackedBf16),
        "packed_bf16_weight_bytes": bytes(L::PackedBf16),
        "row_major_weight_bytes": bytes(L::RowMajor),
        "config": { "hidden_size": c.hidden_size, "num_hidden_layers": c.num_hidden_layers, "vocab_size": c.vocab_size },
    });
    if as_json {
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    println!(
        "artifact     {} (format {}), target {} [{}]",
        h.compiler,
        h.format_version,
        h.target.name,
        h.target.features.join(",")
    );
    let list: Vec<String> = h.buckets.iter().map(|b| format!("{}×{}", b.batch, b.seq)).collect();
    println!("buckets      {} (batch×seq)", list.join(" "));
    println!("outputs      {}", h.outputs.join(", "));
    println!("precision    {} (loop-body GEMM tiles: {tiles})", h.precision);
    println!(
        "weights      packed {} bytes ({} of them bf16), row-major {} bytes (each stored once)",
        bytes(L::Packed) + bytes(L::PackedBf16),
        bytes(L::PackedBf16),
        bytes(L::RowMajor)
    );
    for (n, sec) in h.sections() {
        println!("section      {n:<9} {:>12} bytes at {:>10}  xxh3 {}", sec.len, sec.offset, sec.xxh3);
    }
    Ok(())
}

fn inspect(s: &Session, ir: bool, as_json: bool) -> Result<()> {
    if let Some(a) = s.artifact() {
        inspect_artifact(s, a, as_json)?;
        if ir {
            print!("{}", a.graph());
        }
        return Ok(());
    }
    let m = s.model().context("inspect needs a model directory or an artifact")?;
    let c = &m.config;
    let heads = m.heads();
    let graph = s.graph(Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop })?;
    let weight_bytes: usize = graph
        .weights
        .iter()
        .map(|w| 4 * w.ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 }).iter().product::<usize>())
        .sum();
    let ops = graph.op_counts();
    let v = json!({
        "model": m.dir.display().to_string(),
        "config": {
            "vocab_size": c.vocab_size, "embedding_size": c.embedding_size, "hidden_size": c.hidden_size,
            "num_hidden_layers": c.num_hidden_layers, "num_hidden_groups": c.num_hidden_groups,
            "inner_group_num": c.inner_group_num, "num_attention_heads": c.num_attention_heads,
            "intermediate_size": c.intermediate_size, "hidden_act": c.hidden_act_name,
            "max_position_embeddings": c.max_position_embeddings, "type_vocab_size": c.type_vocab_size,
            "layer_norm_eps": c.layer_norm_eps, "architectures": c.architectures,
        },
        "heads": { "pooler": heads.pooler, "mlm": heads.mlm, "sop": heads.sop },
        "parameters": m.parameter_count(),
        "stored_bytes": m.checkpoint.stored_bytes(),
        "stored_dtypes": m.checkpoint.dtype_counts(),
        "graph": {
            "instructions": graph.insts.len(),
            "weights": graph.weights.len(),
            "weight_bytes_f32": weight_bytes,
            "ops": ops,
        },
    });
    if as_json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("model        {}", m.dir.display());
        println!(
            "architecture E={} H={} heads={} I={} layers={} groups={}×{} act={} vocab={}",
            c.embedding_size,
            c.hidden_size,
            c.num_attention_heads,
            c.intermediate_size,
            c.num_hidden_layers,
            c.num_hidden_groups,
            c.inner_group_num,
            c.hidden_act_name,
            c.vocab_size
        );
        println!("heads        pooler={} mlm={} sop={}", heads.pooler, heads.mlm, heads.sop);
        println!("parameters   {} ({} bytes stored)", m.parameter_count(), m.checkpoint.stored_bytes());
        println!(
            "graph        {} instructions over {} weights ({} bytes as f32)",
            graph.insts.len(),
            graph.weights.len(),
            weight_bytes
        );
        let ops: Vec<String> = ops.iter().map(|(k, n)| format!("{k}×{n}")).collect();
        println!("ops          {}", ops.join(" "));
    }
    if ir {
        print!("{graph}");
    }
    Ok(())
}

fn forward(s: &Session, input: &Path, output: &Path) -> Result<()> {
    let bytes = std::fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    // The same reader the `forward_input` fuzz target drives.
    let batch = albert_runtime::read_batch(&bytes).with_context(|| format!("{}", input.display()))?;
    let (b, n) = (batch.batch, batch.seq);
    let heads = s.heads();
    let want = Wanted { pooler: heads.pooler, mlm: heads.mlm, sop: heads.sop };
    // Write beside the target and rename, so a failure never leaves a torn file.
    let tmp = output.with_extension("safetensors.partial");
    // The outputs are written from where the forward left them (no copy of the logits).
    let written = s.forward_with(&batch, want, |outs| -> Result<()> {
        // safetensors is little-endian: on such hosts the floats are written from their own
        // memory, elsewhere byte-swapped first.
        let swapped: Vec<Vec<f32>> = if cfg!(target_endian = "big") {
            outs.iter()
                .map(|(_, _, d)| d.iter().map(|x| f32::from_bits(x.to_bits().swap_bytes())).collect())
                .collect()
        } else {
            Vec::new()
        };
        let views = outs
            .iter()
            .enumerate()
            .map(|(i, (name, shape, data))| {
                let data: &[f32] = swapped.get(i).map_or(data, |v| v.as_slice());
                Ok((
                    name.to_string(),
                    TensorView::new(Dtype::F32, shape.clone(), bytemuck::cast_slice(data))?,
                ))
            })
            .collect::<Result<Vec<_>, safetensors::SafeTensorError>>()?;
        safetensors::serialize_to_file(views, None, &tmp)
            .with_context(|| format!("writing {}", tmp.display()))
    })?;
    written?;
    std::fs::rename(&tmp, output).with_context(|| format!("renaming to {}", output.display()))?;
    eprintln!("wrote {} ({} × {} tokens)", output.display(), b, n);
    Ok(())
}

fn pooling_of(p: PoolingArg) -> Pooling {
    match p {
        PoolingArg::Cls => Pooling::Cls,
        PoolingArg::Mean => Pooling::Mean,
        PoolingArg::Pooler => Pooling::Pooler,
    }
}

/// `serve`: compile the buckets, then serve until SIGTERM or Ctrl-C.
fn serve(session: Session, args: &ServeArgs) -> Result<()> {
    let dir = session.path().to_path_buf();
    let model_id = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    let config = albert_server::ServerConfig {
        model_id,
        task: match args.task {
            TaskArg::FillMask => albert_server::ServeTask::FillMask,
            TaskArg::Embed => albert_server::ServeTask::Embed,
            TaskArg::Sop => albert_server::ServeTask::Sop,
        },
        pooling: pooling_of(args.pooling),
        max_concurrent_requests: args.max_concurrent_requests,
        max_batch_tokens: args.max_batch_tokens,
        max_batch_requests: args.max_batch_requests,
        max_client_batch_size: args.max_client_batch_size,
        payload_limit: args.payload_limit,
        api_key: args.api_key.clone(),
        auto_truncate: args.auto_truncate,
        max_bucket_memory: args.max_bucket_memory_mb.saturating_mul(1 << 20),
        progress: true,
    };
    let t0 = std::time::Instant::now();
    let server = albert_server::Server::new(std::sync::Arc::new(session), config)?;
    let info = server.info();
    eprintln!(
        "compiled {} buckets (batch × seq, up to {} tokens) in {:.1} s",
        info.buckets.len(),
        info.max_batch_tokens,
        t0.elapsed().as_secs_f64()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        let addr = format!("{}:{}", args.hostname, args.port);
        let listener =
            tokio::net::TcpListener::bind(&addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        eprintln!("listening on http://{}", listener.local_addr()?);
        server.serve(listener, albert_server::shutdown_signal()).await?;
        eprintln!("shut down");
        Ok(())
    })
}
