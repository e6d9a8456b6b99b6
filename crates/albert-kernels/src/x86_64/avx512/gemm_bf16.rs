//! Generator for the AVX512_BF16 GEMM tile `avx512bf16_matmul_bf16_14x32` and its tails.
//!
//! One call computes an `mr × nr` tile (`mr ≤ 14`, `nr ≤ 32`) of `C (fp32) = A (bf16) · B
//! (bf16)` over `kp` k pairs with `vdpbf16ps`, which multiplies two bf16 per fp32 lane and
//! accumulates both products (twice the MACs of `vfmadd231ps` per instruction, and half the
//! B bytes per MAC). The register plan is the fp32 tile's ([`super::gemm`]): 28 zmm
//! accumulators (`zmm0..27`, row `r` vector `v` in `zmm(2r+v)`), the two B vectors of the
//! current k pair in `zmm28/29` (one 128-byte row of a [`crate::frame::pack_bf16`] panel:
//! columns 0–15 then 16–31, each lane a `(k even, k odd)` pair), and A as one 32-bit pair
//! per row and k pair, broadcast to all 16 lanes: embedded (`vdpbf16ps zmm, zmm28,
//! dword bcst [a]`, `{1to16}`) or through `vpbroadcastd zmm30/31` (the fp32 frame's
//! default on Zen 4). A is bf16 row-major with the pairs adjacent, so the pair of k pair `q`
//! of row `r` is the dword at `a + r·lda·2 + 4q`; the frame converts A into such a scratch
//! (zero-padded to an even K, since `0 · garbage` can be NaN).
//!
//! The tile is the kernel; tails of the M and N loops are tiles specialised on `mr`/`nr`
//! (C, bias and residual accesses past `nr` are masked with `k1`), and which tiles to call,
//! K blocks, the bf16 conversion of A and threading are the frame's job
//! ([`crate::frame::bf16`]).
//!
//! # ABI
//! System V, see [`Bf16GemmTileFn`]: `a` (bf16) in `rdi`, `b` (packed bf16) in `rsi`, `c`
//! in `rdx`, `bias` in `rcx`, `residual` in `r8`; the same registers and conventions as
//! the fp32 [`super::gemm::GemmTileFn`] (only `rbx` is saved, no stack use, `vzeroupper`
//! at the end).

use super::{asm_err, disassemble, AsmResult};
use iced_x86::code_asm::*;

pub use super::tile::Broadcast;
pub use super::tile_bf16::*;

const ZMM: [AsmRegisterZmm; 32] = [
    zmm0, zmm1, zmm2, zmm3, zmm4, zmm5, zmm6, zmm7, zmm8, zmm9, zmm10, zmm11, zmm12, zmm13, zmm14, zmm15,
    zmm16, zmm17, zmm18, zmm19, zmm20, zmm21, zmm22, zmm23, zmm24, zmm25, zmm26, zmm27, zmm28, zmm29, zmm30,
    zmm31,
];

fn acc(r: usize, v: usize) -> AsmRegisterZmm {
    ZMM[2 * r + v]
}

/// `[A row r + disp]` from the three row-group bases (`rdi`, `r9`, `r10`) and the index
/// registers `r11 = lda·2` bytes, `rax = 3·lda·2` bytes (as in the fp32 tile).
fn a_row(r: usize, disp: i32) -> AsmMemoryOperand {
    let base = [rdi, r9, r10][r / 5];
    match r % 5 {
        0 => base + disp,
        1 => base + r11 + disp,
        2 => base + r11 * 2 + disp,
        3 => base + rax + disp,
        _ => base + r11 * 4 + disp,
    }
}

/// Assembles the tile described by `spec` into position-independent machine code.
pub fn assemble(spec: &Bf16TileSpec) -> AsmResult<Vec<u8>> {
    let name = spec.name();
    let mut a = build(spec).map_err(asm_err(&name))??;
    a.assemble(0).map_err(asm_err(&name))
}

/// The tile's code as Intel-syntax text, headed by its name and specialisation.
pub fn dump(spec: &Bf16TileSpec) -> AsmResult<String> {
    let code = assemble(spec)?;
    Ok(format!(
        "; {} kp={} lda={} ldc={} ldr={} load_c={} bias={} residual={} broadcast={:?} unroll={} \
         b_prefetch={} ({} bytes)\n{}",
        spec.name(),
        spec.kp,
        spec.lda,
        spec.ldc,
        spec.ldr,
        spec.load_c,
        spec.bias,
        spec.residual,
        spec.broadcast,
        spec.unroll,
        spec.b_prefetch,
        code.len(),
        disassemble(&code, 0)
    ))
}

type Asm = Result<(), IcedError>;

/// Emits the whole kernel. The outer `Result` carries iced errors, the inner one spec errors.
fn build(spec: &Bf16TileSpec) -> Result<AsmResult<CodeAssembler>, IcedError> {
    if let Err(e) = spec.validate() {
        return Ok(Err(e));
    }
    let mut a = CodeAssembler::new(64)?;
    let nv = spec.vectors();
    let lda_b = 2 * spec.lda as i32;
    let (ldc_b, ldr_b) = (4 * spec.ldc as i32, 4 * spec.ldr as i32);

    a.push(rbx)?;
    if let Some(mask) = spec.tail_mask(nv - 1) {
        a.mov(eax, mask)?;
        a.kmovw(k1, eax)?;
    }
    a.mov(r11, lda_b as i64)?;
    a.mov(rax, 3 * lda_b as i64)?;
    if spec.mr > 5 {
        a.lea(r9, rdi + 5 * lda_b)?;
    }
    if spec.mr > 10 {
        a.lea(r10, rdi + 10 * lda_b)?;
    }

    for r in 0..spec.mr {
        for v in 0..nv {
            let reg = acc(r, v);
            if spec.load_c {
                let mem = zmmword_ptr(rdx + (r as i32 * ldc_b + 64 * v as i32));
                match spec.tail_mask(v) {
                    Some(_) => a.vmovups(reg.k1().z(), mem)?,
                    None => a.vmovups(reg, mem)?,
                }
            } else {
                a.vpxord(reg, reg, reg)?;
            }
        }
    }

    let iters = spec.kp / spec.unroll;
    let rem = spec.kp % spec.unroll;
    if iters > 0 {
        a.mov(ebx, iters as u32)?;
        let mut top = a.create_label();
        a.set_label(&mut top)?;
        for u in 0..spec.unroll {
            pair_step(&mut a, spec, u)?;
        }
        let a_step = 4 * spec.unroll as i32;
        a.add(rsi, PAIR_ROW_BYTES * spec.unroll as i32)?;
        a.add(rdi, a_step)?;
        if spec.mr > 5 {
            a.add(r9, a_step)?;
        }
        if spec.mr > 10 {
            a.add(r10, a_step)?;
        }
        a.sub(ebx, 1)?;
        a.jnz(top)?;
    }
    for u in 0..rem {
        pair_step(&mut a, spec, u)?;
    }

    // Epilogue in fp32 registers: bias, residual, store (the activation is the frame's).
    for r in 0..spec.mr {
        for v in 0..nv {
            let x = acc(r, v);
            let masked = spec.tail_mask(v).is_some();
            if spec.bias {
                let mem = zmmword_ptr(rcx + 64 * v as i32);
                // Merge-masking suppresses faults on the dead lanes past N.
                if masked {
                    a.vaddps(x.k1(), x, mem)?;
                } else {
                    a.vaddps(x, x, mem)?;
                }
            }
            if spec.residual {
                let mem = zmmword_ptr(r8 + (r as i32 * ldr_b + 64 * v as i32));
                if masked {
                    a.vaddps(x.k1(), x, mem)?;
                } else {
                    a.vaddps(x, x, mem)?;
                }
            }
            let dst = zmmword_ptr(rdx + (r as i32 * ldc_b + 64 * v as i32));
            if masked {
                a.vmovups(dst.k1(), x)?;
            } else {
                a.vmovups(dst, x)?;
            }
        }
    }
    a.vzeroupper()?;
    a.pop(rbx)?;
    a.ret()?;
    Ok(Ok(a))
}

/// One k-pair step `u` of the unrolled body: load the two B vectors (one 128-byte pair row
/// of the panel), then `2·mr` `vdpbf16ps`.
fn pair_step(a: &mut CodeAssembler, spec: &Bf16TileSpec, u: usize) -> Asm {
    let nv = spec.vectors();
    let b_off = PAIR_ROW_BYTES * u as i32;
    for v in 0..nv {
        a.vmovups(ZMM[28 + v], zmmword_ptr(rsi + (b_off + 64 * v as i32)))?;
    }
    if spec.b_prefetch > 0 {
        for line in 0..2 {
            a.prefetcht1(byte_ptr(rsi + (b_off + 64 * line + spec.b_prefetch as i32)))?;
        }
    }
    let a_off = 4 * u as i32;
    for r in 0..spec.mr {
        match spec.broadcast {
            Broadcast::Embedded => {
                for v in 0..nv {
                    a.vdpbf16ps(acc(r, v), ZMM[28 + v], dword_bcst(a_row(r, a_off)))?;
                }
            }
            Broadcast::Register => {
                let t = ZMM[30 + r % 2];
                a.vpbroadcastd(t, dword_ptr(a_row(r, a_off)))?;
                for v in 0..nv {
                    a.vdpbf16ps(acc(r, v), ZMM[28 + v], t)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_names_the_kernel_and_uses_vdpbf16ps() -> crate::Result<()> {
        let mut spec = Bf16TileSpec::full(8, 64, 96);
        spec.broadcast = Broadcast::Embedded;
        let text = dump(&spec)?;
        assert!(text.starts_with("; avx512bf16_matmul_bf16_14x32"), "{text}");
        assert!(text.contains("vdpbf16ps zmm0,zmm28,[rdi]{1to16}"), "{text}");
        assert!(text.contains("vzeroupper"), "{text}");
        spec.broadcast = Broadcast::Register;
        let text = dump(&spec)?;
        assert!(text.contains("vpbroadcastd zmm30,[rdi]"), "{text}");
        assert!(text.contains("vdpbf16ps zmm0,zmm28,zmm30"), "{text}");
        Ok(())
    }

    #[test]
    fn rejects_bad_specs() {
        let mut s = Bf16TileSpec::full(8, 64, 96);
        s.mr = 15;
        assert!(assemble(&s).is_err());
        let mut s = Bf16TileSpec::full(8, 63, 96);
        s.lda = 63;
        assert!(assemble(&s).is_err(), "odd lda");
    }
}
