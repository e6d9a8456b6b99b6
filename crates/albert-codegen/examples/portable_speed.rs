//! Times the Cranelift f32x4 GEMM against albert-kernels' portable GEMM on
//! an albert-large-v2 FFN shape (one thread). `cargo run --release --example portable_speed`.

use albert_codegen::gemm::{PackedB, PortableGemm};
use albert_codegen::jit::{baseline_isa, host_isa};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (m, n, k) = (128, 4096, 1024);
    let a: Vec<f32> = (0..m * k).map(|i| (i % 7) as f32 * 0.01).collect();
    let w: Vec<f32> = (0..n * k).map(|i| (i % 5) as f32 * 0.01).collect();
    let mut c = vec![0.0f32; m * n];
    let flops = 2.0 * (m * n * k) as f64;
    for (label, isa) in [("cranelift f32x4 (host)", host_isa()?), ("cranelift f32x4 (sse2)", baseline_isa()?)]
    {
        let g = PortableGemm::new(isa, n, k)?;
        let p = PackedB::pack(&w, n, k, g.tile().nr)?;
        g.run(&a, &p, None, None, &mut c)?;
        let t = std::time::Instant::now();
        for _ in 0..3 {
            g.run(&a, &p, None, None, &mut c)?;
        }
        println!("{label}: {:.1} GFLOP/s", 3.0 * flops / t.elapsed().as_secs_f64() / 1e9);
    }
    let pk = albert_kernels::PackedB::from_nk(&w, n, k)?;
    let g = albert_kernels::GemmPlan::new(m, n, k, albert_kernels::Epilogue::NONE)
        .with_isa(albert_kernels::Isa::Portable)
        .build()?;
    g.run(&a, &pk, &mut c, None, None)?;
    let t = std::time::Instant::now();
    for _ in 0..3 {
        g.run(&a, &pk, &mut c, None, None)?;
    }
    println!("albert-kernels portable: {:.1} GFLOP/s", 3.0 * flops / t.elapsed().as_secs_f64() / 1e9);
    Ok(())
}
