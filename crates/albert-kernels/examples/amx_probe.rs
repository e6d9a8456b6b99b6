//! How does `tdpbf16ps` round? Runs the AMX tile on one C element over chunks of 1, 2, 4 and
//! 16 k pairs (random normal bf16 values, random accumulator) and counts the lanes on which
//! each candidate model gives the instruction's exact bits. What it found on the Intel Xeon
//! with AMX is in the docs of `generic::bf16::tdpbf16ps_chunk`.
//!
//! It also times `tdpbf16ps` alone (registers only, the roof of the AMX GEMMs), the 2×2 loop
//! on aligned and split tile rows, and the 32×32 tile on operands in L1 and L2.
//!
//! `cargo run --release -p albert-kernels --example amx_probe`
#![expect(unsafe_code, reason = "calling the generated AMX tile directly")]

use albert_kernels::generic::bf16::{bf16_to_f32, dpbf16_step, f32_to_bf16, pair, tdpbf16ps_chunk};
use albert_kernels::x86_64::amx::{self, gemm_bf16::AmxTileSpec};
use albert_kernels::{Bf16GemmTileFn, CpuFeatures, ExecBuffer, KernelError};

const LANES: usize = 20_000;

/// `acc + A·B` for one element over `a.len()` k pairs, by the AMX tile itself.
fn amx_lane(code: &ExecBuffer, acc: f32, a: &[u32], b: &[u32]) -> f32 {
    let mut aa = [0u32; 16];
    aa[..a.len()].copy_from_slice(a);
    // One packed-panel pair row is 32 columns × 2 bf16 = 32 u32; this element is column 0.
    let mut bb = vec![0u32; 32 * b.len()];
    for (q, &x) in b.iter().enumerate() {
        bb[32 * q] = x;
    }
    let mut c = [acc];
    // SAFETY: `code` is a 1×1 tile over `a.len()` pairs (Bf16GemmTileFn ABI, lda 32 bf16 =
    // the 16 pairs of `aa`, B the panel rows of `bb`, ldc 1); XTILEDATA was granted.
    unsafe {
        let tile = code.entry::<Bf16GemmTileFn>(0).expect("entry");
        tile(aa.as_ptr().cast(), bb.as_ptr().cast(), c.as_mut_ptr(), std::ptr::null(), std::ptr::null());
    }
    c[0]
}

fn main() -> Result<(), KernelError> {
    if !CpuFeatures::detect().amx_bf16 {
        println!("skipped: this CPU lacks AMX-BF16");
        return Ok(());
    }
    amx::request_xtiledata()?;
    println!("tdpbf16ps register-only peak, one core: {:.0} GFLOP/s", amx_peak(2_000_000)?);
    // The loop of the 2×2 tile (load A0, B0, B1, then A1 between the products) with aligned
    // and split rows, and the other orders tried.
    for misalign in [0, 16] {
        for body in ["L4 L6 L7 D0 D1 L5 D2 D3", "D0 D1 L4 D2 L6 D3 L5 L7", "L4 L5 L6 L7 D0 D1 D2 D3"] {
            let g = amx_order(1_000_000, body, misalign)?;
            println!("loop {body}, rows {misalign} bytes past a line: {g:.0} GFLOP/s");
        }
    }
    for k in [64, 256, 1024, 4096] {
        println!("32x32 tile alone, K = {k}: {:.0} GFLOP/s", tile_alone(k)?);
    }
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut value = |spread: u64| {
        let m = (next() % 2000) as f32 / 1000.0 - 1.0;
        m * 2f32.powi((next() % spread) as i32 - (spread / 2) as i32)
    };
    for kp in [1usize, 2, 4, 16] {
        let spec = AmxTileSpec { mr: 1, nr: 1, kp, lda: 32, ldc: 1, load_c: true };
        let code = ExecBuffer::new(&amx::gemm_bf16::assemble(&spec)?)?;
        let mut hits = [0usize; 4];
        for _ in 0..LANES {
            let mut bf = || f32_to_bf16(value(16));
            let a: Vec<u32> = (0..kp).map(|_| pair(bf(), bf())).collect();
            let b: Vec<u32> = (0..kp).map(|_| pair(bf(), bf())).collect();
            let acc = value(8);
            let got = amx_lane(&code, acc, &a, &b).to_bits();
            let prod = |q: usize, h: u32| {
                f64::from(bf16_to_f32((a[q] >> h) as u16)) * f64::from(bf16_to_f32((b[q] >> h) as u16))
            };
            // The SDM pseudocode: per pair, even then odd product, each step fused and rounded.
            let sdm = (0..kp).fold(acc, |x, q| {
                dpbf16_step(
                    dpbf16_step(x, a[q] as u16, b[q] as u16),
                    (a[q] >> 16) as u16,
                    (b[q] >> 16) as u16,
                )
            });
            // The exact sum, rounded once.
            let exact = (f64::from(acc) + (0..kp).map(|q| prod(q, 0) + prod(q, 16)).sum::<f64>()) as f32;
            // Even and odd products summed apart (each rounded once), then together, then acc.
            let (ev, od): (f64, f64) =
                ((0..kp).map(|q| prod(q, 0)).sum(), (0..kp).map(|q| prod(q, 16)).sum());
            let halves = acc + ((ev as f32) + (od as f32));
            let model = if kp <= 2 { tdpbf16ps_chunk(acc, &a, &b).to_bits() } else { u32::MAX };
            for (h, m) in hits.iter_mut().zip([sdm.to_bits(), exact.to_bits(), halves.to_bits(), model]) {
                *h += usize::from(m == got);
            }
        }
        println!(
            "{kp:2} pairs, {LANES} lanes: SDM steps {}, exact sum {}, even/odd halves {}, tdpbf16ps_chunk {}",
            hits[0],
            hits[1],
            hits[2],
            if kp <= 2 { hits[3].to_string() } else { "n/a".into() }
        );
    }
    Ok(())
}

/// Register-only `tdpbf16ps` throughput on one core: 4 independent 16×16 C tiles, A and B
/// tiles fixed. GFLOP/s.
fn amx_peak(iters: u32) -> Result<f64, KernelError> {
    amx_order(iters, "D0 D1 D2 D3", 0)
}

/// A loop body given as text: `L4` loads tmm4 (16 rows of 64 bytes, 64 bytes apart, from an
/// L1-resident buffer `misalign` bytes past a cache line), `D0` is `tdpbf16ps` into C tile 0
/// with its operands of the 2×2 blocking (C0 = A4·B6, C1 = A4·B7, C2 = A5·B6, C3 = A5·B7).
fn amx_order(iters: u32, body: &str, misalign: usize) -> Result<f64, KernelError> {
    use iced_x86::code_asm::*;
    let spec = AmxTileSpec::full(16, 32, 32);
    let err = |e: IcedError| KernelError::Assemble { kernel: "amx_order".into(), message: e.to_string() };
    let t = [tmm0, tmm1, tmm2, tmm3, tmm4, tmm5, tmm6, tmm7];
    let build = || -> Result<Vec<u8>, IcedError> {
        let mut a = CodeAssembler::new(64)?;
        let mut cfg = a.create_label();
        let mut top = a.create_label();
        a.ldtilecfg(ptr(cfg))?;
        for r in t {
            a.tilezero(r)?;
        }
        a.mov(ecx, iters)?;
        a.mov(rax, 64i64)?;
        a.set_label(&mut top)?;
        for op in body.split_whitespace() {
            let n: usize = op[1..].parse().expect("tile number");
            if op.starts_with('L') {
                a.tileloadd(t[n], ptr(rdi + rax + 1024 * (n as i32 - 4)))?;
            } else {
                let (x, y) = [(4, 6), (4, 7), (5, 6), (5, 7)][n];
                a.tdpbf16ps(t[n], t[x], t[y])?;
            }
        }
        a.sub(ecx, 1)?;
        a.jnz(top)?;
        a.tilerelease()?;
        a.ret()?;
        a.set_label(&mut cfg)?;
        a.db(&spec.tile_config())?;
        a.assemble(0)
    };
    let code = ExecBuffer::new(&build().map_err(err)?)?;
    // SAFETY: the loop reads 8 KiB of `buf` and its configuration; XTILEDATA was granted.
    let run = unsafe { code.entry::<unsafe extern "sysv64" fn(*const u8)>(0) }.expect("entry");
    let buf = vec![0u8; 64 * 1024];
    let base = buf.as_ptr().wrapping_add(buf.as_ptr().align_offset(64) + misalign);
    let mut best = 0f64;
    for _ in 0..5 {
        let t0 = std::time::Instant::now();
        // SAFETY: as above.
        unsafe { run(base) };
        best = best.max(f64::from(iters) * 4.0 * 16.0 * 16.0 * 32.0 * 2.0 / t0.elapsed().as_secs_f64() / 1e9);
    }
    Ok(best)
}

/// GFLOP/s of the 32×32 AMX tile alone, called over and over on the same A (32 × K) and
/// B (K × 32) blocks: what the tile does with its operands in L1 (K ≤ 256) or L2.
fn tile_alone(k: usize) -> Result<f64, KernelError> {
    let kp = k / 2;
    let lda = k + 32;
    let spec = AmxTileSpec { mr: 32, nr: 32, kp, lda, ldc: 32, load_c: false };
    let code = ExecBuffer::new(&amx::gemm_bf16::assemble(&spec)?)?;
    // Every operand starts on a cache line, as in the frame.
    let a_buf = vec![0x3f80u16; 32 * lda + 32];
    let a = &a_buf[a_buf.as_ptr().align_offset(64).min(32)..];
    let b_buf = vec![0x3f80u16; kp * 64 + 32];
    let b = &b_buf[b_buf.as_ptr().align_offset(64).min(32)..];
    let mut c_buf = vec![0f32; 32 * 32 + 16];
    let off = c_buf.as_ptr().align_offset(64).min(16);
    let c = &mut c_buf[off..];
    // SAFETY: the tile follows the Bf16GemmTileFn ABI; A holds 32 rows of lda ≥ k bf16, B
    // kp pair rows of 32 columns, C 32 × 32 floats; XTILEDATA was granted.
    let tile = unsafe { code.entry::<Bf16GemmTileFn>(0) }.expect("entry");
    let reps = 200_000_000 / (32 * 32 * k);
    let mut best = 0f64;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        for _ in 0..reps {
            // SAFETY: as above.
            unsafe { tile(a.as_ptr(), b.as_ptr(), c.as_mut_ptr(), std::ptr::null(), std::ptr::null()) };
        }
        best = best.max((reps * 2 * 32 * 32 * k) as f64 / t.elapsed().as_secs_f64() / 1e9);
    }
    Ok(best)
}
