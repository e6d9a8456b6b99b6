//! Small-M GEMMs (albert-large-v2 at sequence length 8): how fast is the packed weight
//! streamed? For the four loop-body shapes, M rows (default 8), 1 and 2 threads, prints the
//! median time per GEMM and the bandwidth of B (`bytes of the packed B / time`).
//!
//! Variants run interleaved, round after round, so a noisy neighbour hurts them alike:
//! `base` (the 14-row path: A copied, no prefetch), `new` (the plan's defaults: the small-M
//! path with B prefetch) and `read` (a plain read of the same bytes on the same threads, the
//! bandwidth available at that moment). Two modes per shape: `hot` runs the same packed B
//! back to back (the 4 MiB attention-output weight then stays in L3), `cold` rotates over
//! enough copies of B (≥ 96 MiB in all) that every run streams B from DRAM, as the 50 MB
//! weight set of a whole forward pass does.
//!
//! `cargo run --release -p albert-kernels --example small_m -- [m] [rounds]`
//! (`V=0:0,1:0,1:1024` picks the variants, `small_m:b_prefetch` each, `new` = defaults).

use albert_kernels::{Activation, Epilogue, GemmKernel, GemmPlan, KernelError, PackedB, ThreadPool};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Reads every f32 of `data` (split over the pool's threads like the GEMM's panels).
fn read_all(pool: Option<&ThreadPool>, data: &[f32]) -> Result<(), KernelError> {
    let sum = |d: &[f32]| d.iter().fold(0u32, |s, x| s.wrapping_add(x.to_bits()));
    match pool {
        None => {
            black_box(sum(data));
        }
        Some(pool) => pool.run(&|t, nt| {
            let len = data.len();
            black_box(sum(&data[len * t / nt..len * (t + 1) / nt]));
        })?,
    }
    Ok(())
}

struct Shape {
    name: &'static str,
    n: usize,
    k: usize,
    epilogue: Epilogue,
}

fn main() -> Result<(), KernelError> {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let m = args.first().copied().unwrap_or(8);
    let rounds = args.get(1).copied().unwrap_or(15);
    // Variants `small_m:b_prefetch`, e.g. `V=0:0,1:0,1:1024`; `new` = the plan's defaults.
    let spec = std::env::var("V").unwrap_or_else(|_| "0:0,new".into());
    let variants: Vec<(String, Option<(bool, usize)>)> = spec
        .split(',')
        .map(|v| {
            let parsed = v.split_once(':').and_then(|(s, p)| Some((s == "1", p.parse().ok()?)));
            let name = if v == "0:0" { "base".to_string() } else { v.to_string() };
            (name, parsed)
        })
        .collect();
    let nv = variants.len() + 1;
    let shapes = [
        Shape { name: "qkv", n: 3072, k: 1024, epilogue: Epilogue::BIAS },
        Shape { name: "attn_out", n: 1024, k: 1024, epilogue: Epilogue::BIAS_RESIDUAL },
        Shape { name: "ffn_up", n: 4096, k: 1024, epilogue: Epilogue::bias_act(Activation::GeluNew) },
        Shape { name: "ffn_down", n: 1024, k: 4096, epilogue: Epilogue::BIAS_RESIDUAL },
    ];
    let pool = Arc::new(ThreadPool::new(2)?);
    let names: Vec<String> = variants.iter().map(|v| v.0.clone()).chain(["read".to_string()]).collect();
    // total[mode][threads][variant]
    let mut total = [[vec![0.0f64; nv], vec![0.0f64; nv]], [vec![0.0f64; nv], vec![0.0f64; nv]]];
    for s in &shapes {
        let (n, k, ep) = (s.n, s.k, s.epilogue);
        let w: Vec<f32> = (0..n * k).map(|i| ((i % 97) as f32 - 48.0) / 97.0).collect();
        let a: Vec<f32> = (0..m * k).map(|i| ((i % 89) as f32 - 44.0) / 89.0).collect();
        let bias = vec![0.01f32; n];
        let res = vec![0.5f32; m * n];
        let mut c = vec![0.0f32; m * n];
        let packed = PackedB::from_nk(&w, n, k)?;
        let bytes = (packed.data().len() * 4) as f64;
        let copies = (96.0 * 1048576.0 / bytes).ceil() as usize;
        let cold: Vec<PackedB> = (0..copies).map(|_| packed.clone()).collect();
        let plan = GemmPlan::new(m, n, k, ep);
        let plans: Vec<GemmPlan> = variants
            .iter()
            .map(|(_, v)| {
                let mut p = plan;
                if let Some((small_m, pf)) = *v {
                    (p.small_m, p.b_prefetch) = (small_m, pf);
                }
                p
            })
            .collect();
        let kernels: Vec<[GemmKernel; 2]> = plans
            .iter()
            .map(|p| -> Result<[GemmKernel; 2], KernelError> {
                let mut two = p.build()?;
                two.set_pool(Arc::clone(&pool));
                Ok([p.build()?, two])
            })
            .collect::<Result<_, _>>()?;
        let (bias, res) = (ep.bias.then_some(&bias[..]), ep.residual.then_some(&res[..]));
        for (mi, (mode, bs)) in
            [("hot", std::slice::from_ref(&packed)), ("cold", &cold[..])].into_iter().enumerate()
        {
            for ti in 0..2 {
                let pool_arg = (ti == 1).then_some(&*pool);
                let mut times: Vec<Vec<f64>> = vec![Vec::new(); nv];
                for round in 0..=rounds {
                    for (vi, t) in times.iter_mut().enumerate() {
                        for b in bs.iter().cycle().take(bs.len().max(8)) {
                            let start = Instant::now();
                            match kernels.get(vi) {
                                Some(kk) => kk[ti].run(&a, b, &mut c, bias, res)?,
                                None => read_all(pool_arg, b.data())?,
                            }
                            // Round 0 warms up (page faults, pool wake-up).
                            if round > 0 {
                                t.push(start.elapsed().as_secs_f64());
                            }
                        }
                    }
                }
                let line: Vec<String> = times
                    .into_iter()
                    .enumerate()
                    .map(|(vi, t)| {
                        let t = median(t);
                        total[mi][ti][vi] += t;
                        format!("{} {:7.1} us {:5.1} GB/s", names[vi], t * 1e6, bytes / t / 1e9)
                    })
                    .collect();
                println!("{:9} m={m:2} {:4} t{}: {}", s.name, mode, ti + 1, line.join(" | "));
            }
        }
    }
    for (mi, mode) in ["hot", "cold"].into_iter().enumerate() {
        for (ti, sums) in total[mi].iter().enumerate() {
            let line: Vec<String> =
                names.iter().zip(sums).map(|(name, t)| format!("{name} {:6.1} us", t * 1e6)).collect();
            println!("sum of medians {mode:4} t{}: {}", ti + 1, line.join(" | "));
        }
    }
    Ok(())
}
