//! Generator for the AMX bf16 GEMM tile `amx_matmul_bf16_32x32`: `C (fp32) [+]= A (bf16) ·
//! B (bf16)` for an `mr × nr` block (`mr, nr ≤ 32`) with `tdpbf16ps`, 2×2 C tiles as in
//! oneDNN's brgemm AMX kernels (`jit_brgemm_amx_uker`): with 8 tile registers,
//!
//! ```text
//! tmm0 = C[0:16, 0:16]   tmm1 = C[0:16, 16:32]     tmm4 = A[0:16, k chunk]   tmm6 = B[k chunk, 0:16]
//! tmm2 = C[16:32, 0:16]  tmm3 = C[16:32, 16:32]    tmm5 = A[16:32, k chunk]  tmm7 = B[k chunk, 16:32]
//! ```
//!
//! each k chunk (up to 16 k pairs = 32 k) loads two A tiles and two B tiles and issues four
//! `tdpbf16ps`, so every loaded tile feeds two products.
//!
//! Operands are the `vdpbf16ps` tile's: A is bf16 row-major with adjacent pairs (a tile row is
//! `4·kc` bytes of one A row, `tileloadd` stride = A's row stride), B is one
//! [`crate::frame::pack_bf16`] panel (tile row `q` = 16 columns × one k pair = 64 bytes, stride
//! 128 bytes between k pairs; the second B tile starts 64 bytes in). Shapes are tile
//! configuration, so they are constants of the code: the 64-byte palette-1 configuration is
//! stored after the `ret` and loaded RIP-relative by `ldtilecfg`. Tails need no masks: an M or
//! N tail is a tile with fewer rows or fewer bytes per row, and a K tail is a separate call
//! with its own configuration (`kc` = the remaining pairs, `load_c`): `ldtilecfg` zeroes the
//! tiles, so one call cannot change `kc` midway.
//!
//! AMX only accumulates: the epilogue (bias, activation, residual) is the frame's, after the
//! C tiles are stored.
//!
//! # ABI
//! The [`crate::x86_64::avx512::gemm_bf16::Bf16GemmTileFn`] signature: `a` in `rdi`, `b` in
//! `rsi`, `c` in `rdx` (bias and residual unused). `rbx` is saved on the stack; the
//! tile state is released (`tilerelease`) before returning, so the caller's XSAVE area stays
//! small.
//!
//! The caller must have been granted XTILEDATA ([`super::request_xtiledata`]).

use crate::error::KernelError;
use crate::x86_64::avx512::{disassemble, AsmResult};
use iced_x86::code_asm::*;

pub use super::tile::*;

/// Assembles the tile described by `spec`.
pub fn assemble(spec: &AmxTileSpec) -> AsmResult<Vec<u8>> {
    assemble_panel(&AmxPanelSpec::single(*spec))
}

/// Assembles a run of tiles down one panel.
pub fn assemble_panel(spec: &AmxPanelSpec) -> AsmResult<Vec<u8>> {
    let name = spec.name();
    let err = |e: IcedError| KernelError::Assemble { kernel: name.clone(), message: e.to_string() };
    let mut a = build(spec).map_err(err)??;
    a.assemble(0).map_err(err)
}

/// The tile's code as Intel-syntax text, headed by its name, specialisation and tile
/// configuration.
pub fn dump(spec: &AmxTileSpec) -> AsmResult<String> {
    dump_panel(&AmxPanelSpec::single(*spec))
}

/// [`dump`] for a run of tiles.
pub fn dump_panel(p: &AmxPanelSpec) -> AsmResult<String> {
    let spec = &p.tile;
    let code = assemble_panel(p)?;
    let cfg = spec.tile_config();
    let shapes: Vec<String> = (0..8)
        .map(|t| {
            format!("tmm{t}={}x{}B", cfg[48 + t], u16::from_le_bytes([cfg[16 + 2 * t], cfg[17 + 2 * t]]))
        })
        .collect();
    let run = if p.m_blocks == 1 && p.k_block == 0 {
        String::new()
    } else {
        format!(" m_blocks={} k_block={}", p.m_blocks, p.k_block)
    };
    // The listing stops at the configuration bytes (data, not instructions).
    let code_len = code.len() - 64;
    Ok(format!(
        "; {} kp={} kc={} lda={} ldc={} load_c={}{run} ({} bytes + 64-byte tile config)\n; {}\n{}",
        p.name(),
        spec.kp,
        spec.kc(),
        spec.lda,
        spec.ldc,
        spec.load_c,
        code_len,
        shapes.join(" "),
        disassemble(&code[..code_len], 0)
    ))
}

const TMM: [AsmRegisterTmm; 8] = [tmm0, tmm1, tmm2, tmm3, tmm4, tmm5, tmm6, tmm7];

/// Emits the whole kernel. The outer `Result` carries iced errors, the inner one spec errors.
///
/// Registers: `rdi`/`rsi`/`rdx` keep the A, B and C bases; `r10`, `r11`, `rax` hold the A,
/// B and C strides; `r8`/`r9` walk the top and bottom A tiles, `rcx` the panel, `ebx`
/// counts chunks (saved on the stack).
fn build(p: &AmxPanelSpec) -> Result<AsmResult<CodeAssembler>, IcedError> {
    if let Err(e) = p.validate() {
        return Ok(Err(e));
    }
    let spec = &p.tile;
    let mut a = CodeAssembler::new(64)?;
    let (m0, m1, n0, n1) = spec.split();
    let kc = spec.kc();
    let lda_b = 2 * spec.lda as i32;
    let ldc_b = 4 * spec.ldc as i32;
    // (tile, present, row offset in C, column offset in C)
    let c_tiles =
        [(0, m0 > 0 && n0 > 0, 0, 0), (1, n1 > 0, 0, 16), (2, m1 > 0, 16, 0), (3, m1 > 0 && n1 > 0, 16, 16)];
    let mut cfg_label = a.create_label();

    a.push(rbx)?;
    a.ldtilecfg(ptr(cfg_label))?;
    a.mov(r10, lda_b as i64)?; // A stride
    a.mov(r11, PAIR_ROW_BYTES as i64)?; // B stride
    a.mov(rax, ldc_b as i64)?; // C stride
    for (q0, len) in p.k_blocks() {
        let load_c = spec.load_c || q0 > 0;
        for mb in 0..p.m_blocks {
            let a_off = (mb * spec.mr) as i32 * lda_b + 4 * q0 as i32;
            let c_off = (mb * spec.mr) as i32 * ldc_b;
            for &(t, present, row, col) in &c_tiles {
                if !present {
                    continue;
                }
                if load_c {
                    a.tileloadd(TMM[t], ptr(rdx + rax + (c_off + row * ldc_b + 4 * col)))?;
                } else {
                    a.tilezero(TMM[t])?;
                }
            }
            a.lea(r8, ptr(rdi + a_off))?;
            if m1 > 0 {
                a.lea(r9, ptr(rdi + (a_off + 16 * lda_b)))?;
            }
            a.lea(rcx, ptr(rsi + PAIR_ROW_BYTES * q0 as i32))?;
            a.mov(ebx, (len / kc) as u32)?;
            let mut top = a.create_label();
            a.set_label(&mut top)?;
            if p.a_prefetch > 0 {
                let ahead = (64 * kc * p.a_prefetch / 16) as i32;
                for r in 0..m0 {
                    a.prefetcht0(ptr(r8 + (r as i32 * lda_b + ahead)))?;
                }
                for r in 0..m1 {
                    a.prefetcht0(ptr(r9 + (r as i32 * lda_b + ahead)))?;
                }
            }
            a.tileloadd(tmm4, ptr(r8 + r10))?;
            a.tileloadd(tmm6, ptr(rcx + r11))?;
            if n1 > 0 {
                a.tileloadd(tmm7, ptr(rcx + r11 + 64))?;
            }
            a.tdpbf16ps(tmm0, tmm4, tmm6)?;
            if n1 > 0 {
                a.tdpbf16ps(tmm1, tmm4, tmm7)?;
            }
            if m1 > 0 {
                a.tileloadd(tmm5, ptr(r9 + r10))?;
                a.tdpbf16ps(tmm2, tmm5, tmm6)?;
                if n1 > 0 {
                    a.tdpbf16ps(tmm3, tmm5, tmm7)?;
                }
                a.add(r9, 4 * kc as i32)?;
            }
            a.add(r8, 4 * kc as i32)?;
            a.add(rcx, PAIR_ROW_BYTES * kc as i32)?;
            a.sub(ebx, 1)?;
            a.jnz(top)?;
            for &(t, present, row, col) in &c_tiles {
                if present {
                    a.tilestored(ptr(rdx + rax + (c_off + row * ldc_b + 4 * col)), TMM[t])?;
                }
            }
        }
    }
    a.tilerelease()?;
    a.pop(rbx)?;
    a.ret()?;
    a.set_label(&mut cfg_label)?;
    a.db(&spec.tile_config())?;
    Ok(Ok(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full 32×32 tile over two k chunks (its whole listing is the golden file
    /// `tests/listings/amx_matmul_bf16_32x32.asm`).
    #[test]
    fn full_tile_uses_four_c_tiles() -> crate::Result<()> {
        let text = dump(&AmxTileSpec::full(32, 1056, 3072))?;
        for line in [
            "; tmm0=16x64B tmm1=16x64B tmm2=16x64B tmm3=16x64B tmm4=16x64B tmm5=16x64B tmm6=16x64B tmm7=16x64B",
            "ldtilecfg [",
            "tileloadd tmm4,[r8+r10]",
            "tdpbf16ps tmm0,tmm4,tmm6",
            "tdpbf16ps tmm3,tmm5,tmm7",
            "tilestored [rdx+rax+30040h],tmm3",
            "tilerelease",
        ] {
            assert!(text.contains(line), "missing `{line}` in\n{text}");
        }
        Ok(())
    }

    #[test]
    fn tails_are_tile_shapes() -> crate::Result<()> {
        // 5 rows, 20 columns, K tail of 3 pairs on top of C.
        let spec = AmxTileSpec { mr: 5, nr: 20, kp: 3, lda: 64, ldc: 20, load_c: true };
        let cfg = spec.tile_config();
        let shape = |t: usize| (cfg[48 + t], u16::from_le_bytes([cfg[16 + 2 * t], cfg[17 + 2 * t]]));
        assert_eq!(shape(0), (5, 64));
        assert_eq!(shape(1), (5, 16));
        assert_eq!(shape(2), (0, 0));
        assert_eq!(shape(4), (5, 12));
        assert_eq!(shape(6), (3, 64));
        assert_eq!(shape(7), (3, 16));
        let text = dump(&spec)?;
        assert!(text.contains("tileloadd tmm1,[rdx+rax+40h]"), "{text}");
        assert!(!text.contains("tmm2,"), "no bottom tiles for 5 rows:\n{text}");
        assert!(assemble(&AmxTileSpec { kp: 20, ..spec }).is_err(), "kp 20 is neither ≤ 16 nor 16·j");
        Ok(())
    }

    /// A run of three M tiles over two K blocks: each (K block, M tile) pair loads its C
    /// (except the first block), walks its chunks and stores C; the A rows are prefetched.
    #[test]
    fn runs_walk_k_blocks_over_every_m_tile() -> crate::Result<()> {
        let tile = AmxTileSpec { mr: 32, nr: 32, kp: 64, lda: 1056, ldc: 1040, load_c: false };
        let spec = AmxPanelSpec { tile, m_blocks: 3, k_block: 32, a_prefetch: 1 };
        let text = dump_panel(&spec)?;
        let count = |needle: &str| text.matches(needle).count();
        assert!(text.starts_with("; amx_matmul_bf16_32x32_m3 kp=64"), "{text}");
        assert_eq!(count("tilezero"), 3 * 4, "first K block of each M tile starts at zero:\n{text}");
        assert_eq!(count("tilestored"), 2 * 3 * 4, "{text}");
        assert_eq!(count("prefetcht0"), 2 * 3 * 32, "{text}");
        // The second M tile of the second K block: A rows 32.. from pair 32 (byte 128).
        assert!(text.contains(&format!("lea       r8,[rdi+{:X}h]", 32 * 2 * 1056 + 128)), "{text}");
        assert!(assemble_panel(&AmxPanelSpec { k_block: 24, ..spec }).is_err(), "k_block not whole chunks");
        assert!(assemble_panel(&AmxPanelSpec { m_blocks: 0, ..spec }).is_err());
        Ok(())
    }
}
