//! Times the frame over the Cranelift f32x4 tiles (host and SSE2-only ISAs) against the
//! frame's portable Rust tile on an albert-large-v2 FFN shape (one thread).
//! `cargo run --release --example portable_speed`.

use albert_codegen::f32x4::frame_kernel;
use albert_kernels::{Epilogue, GemmPlan, Isa, PackedB, Target, TargetName};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (m, n, k) = (128, 4096, 1024);
    let a: Vec<f32> = (0..m * k).map(|i| (i % 7) as f32 * 0.01).collect();
    let w: Vec<f32> = (0..n * k).map(|i| (i % 5) as f32 * 0.01).collect();
    let mut c = vec![0.0f32; m * n];
    let flops = 2.0 * (m * n * k) as f64;
    let pk = PackedB::from_nk(&w, n, k)?;
    let plan = GemmPlan::new(m, n, k, Epilogue::NONE);
    let targets = if cfg!(target_arch = "aarch64") {
        vec![Target::named(TargetName::Aarch64Neon)]
    } else {
        vec![Target::named(TargetName::X86_64Portable)]
    };
    for t in targets {
        let g = frame_kernel(&t, &plan)?;
        g.run(&a, &pk, &mut c, None, None)?;
        let t0 = std::time::Instant::now();
        for _ in 0..3 {
            g.run(&a, &pk, &mut c, None, None)?;
        }
        println!(
            "frame + cranelift f32x4 ({t}): {:.1} GFLOP/s",
            3.0 * flops / t0.elapsed().as_secs_f64() / 1e9
        );
    }
    let g = plan.with_isa(Isa::Portable).build()?;
    g.run(&a, &pk, &mut c, None, None)?;
    let t0 = std::time::Instant::now();
    for _ in 0..3 {
        g.run(&a, &pk, &mut c, None, None)?;
    }
    println!("frame + portable Rust tile: {:.1} GFLOP/s", 3.0 * flops / t0.elapsed().as_secs_f64() / 1e9);
    Ok(())
}
