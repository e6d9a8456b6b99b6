//! The AMX panel kernel (`gemm_bf16::AmxPanelSpec`: all M tiles of one packed panel in one
//! call, K in blocks kept in L1) against the frame's one-tile-per-call AMX GEMM, on the
//! ALBERT-large loop-body shapes, one thread. Only the tiles are timed (A already in bf16,
//! no epilogue), so the columns compare data movement.
//!
//! `cargo run --release -p albert-kernels --example amx_panel -- [m...]`

use albert_kernels::frame::bf16::bf16_scratch_lda;
use albert_kernels::x86_64::amx::{self, gemm_bf16::AmxPanelSpec, gemm_bf16::AmxTileSpec};
use albert_kernels::{Bf16GemmTileFn, CpuFeatures, ExecBuffer, KernelError, PackedBf16};

/// Median GFLOP/s of `run` (one pass over the GEMM) over 7 rounds of ~2 GFLOP.
fn gflops(flops: f64, mut run: impl FnMut()) -> f64 {
    let reps = (2e9 / flops).ceil() as usize;
    let mut g: Vec<f64> = (0..7)
        .map(|_| {
            let t = std::time::Instant::now();
            for _ in 0..reps {
                run();
            }
            flops * reps as f64 / t.elapsed().as_secs_f64() / 1e9
        })
        .collect();
    g.sort_by(f64::total_cmp);
    g[3]
}

#[expect(unsafe_code, reason = "calling the generated tiles on buffers sized for them")]
fn main() -> Result<(), KernelError> {
    if !CpuFeatures::detect().amx_bf16 {
        println!("skipped: this CPU lacks AMX-BF16");
        return Ok(());
    }
    amx::request_xtiledata()?;
    let mut ms: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if ms.is_empty() {
        ms = vec![128];
    }
    let shapes =
        [("qkv", 3072, 1024), ("attn_out", 1024, 1024), ("ffn_up", 4096, 1024), ("ffn_down", 1024, 4096)];
    for &m in &ms {
        for (name, n, k) in shapes {
            let kp = k / 2;
            let lda = bf16_scratch_lda(k).next_multiple_of(32);
            let a_buf = vec![0x3f80u16; m * lda + 32];
            let a = &a_buf[a_buf.as_ptr().align_offset(64).min(32)..];
            let w: Vec<f32> = (0..n * k).map(|i| ((i % 97) as f32 - 48.0) / 97.0).collect();
            let b = PackedBf16::from_nk(&w, n, k)?;
            let ldc = albert_kernels::frame::gemm::preferred_lda(n);
            let mut c_buf = vec![0f32; m * ldc + 16];
            let off = c_buf.as_ptr().align_offset(64).min(16);
            let c = &mut c_buf[off..];
            let flops = 2.0 * (m * n * k) as f64;
            let mr = m.div_ceil(m.div_ceil(32));
            let blocks = m / mr;
            let panels = n / 32;
            let mut line = format!("{name:9} m={m:4} mr={mr}:");
            let tile = AmxTileSpec { mr, nr: 32, kp, lda, ldc, load_c: false };
            let bias = vec![0.5f32; n];
            for (label, m_blocks, k_block, pf, ep) in [
                ("tile", 1, 0, 0, 0),
                ("tile+ep", 1, 0, 0, 1),
                ("run K", blocks, 0, 0, 0),
                ("run+ep", blocks, 0, 0, 1),
                ("run+ep late", blocks, 0, 0, 2),
                ("K pf1", blocks, 0, 1, 0),
                ("K pf1+ep", blocks, 0, 1, 1),
            ] {
                let spec = AmxPanelSpec { tile, m_blocks, k_block: k_block.min(kp), a_prefetch: pf };
                let code = ExecBuffer::new(&amx::gemm_bf16::assemble_panel(&spec)?)?;
                // SAFETY: the code follows the Bf16GemmTileFn ABI.
                let f = unsafe { code.entry::<Bf16GemmTileFn>(0) }.expect("entry");
                let (ap, bp) = (a.as_ptr(), b.data().as_ptr());
                let g = gflops(flops, || {
                    for p in 0..panels {
                        for r in (0..blocks).step_by(m_blocks) {
                            // SAFETY: rows r·mr.. of A (lda) and C (ldc n), panel p of B
                            // (kp pair rows of 64 bf16): inside the buffers.
                            unsafe {
                                f(
                                    ap.add(r * mr * lda),
                                    bp.add(p * kp * 64),
                                    c.as_mut_ptr().add(r * mr * ldc + p * 32),
                                    std::ptr::null(),
                                    std::ptr::null(),
                                )
                            };
                            if ep == 1 {
                                for rr in r * mr..(r + m_blocks) * mr {
                                    add_bias(
                                        &mut c[rr * ldc + p * 32..rr * ldc + p * 32 + 32],
                                        &bias[p * 32..p * 32 + 32],
                                    );
                                }
                            }
                        }
                        if ep == 2 && p > 0 {
                            let q = p - 1;
                            for rr in 0..m {
                                add_bias(
                                    &mut c[rr * ldc + q * 32..rr * ldc + q * 32 + 32],
                                    &bias[q * 32..q * 32 + 32],
                                );
                            }
                        }
                    }
                });
                line += &format!(" | {label} {g:6.0}");
            }
            println!("{line}");
        }
    }
    Ok(())
}

#[inline(never)]
fn add_bias(row: &mut [f32], bias: &[f32]) {
    for (x, b) in row.iter_mut().zip(bias) {
        *x += *b;
    }
}
