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

/// Rows of the full tile (two 16-row C tiles).
pub const MR: usize = 32;
/// Columns of the full tile (two 16-column C tiles = one packed panel).
pub const NR: usize = 32;
/// Largest k chunk: 16 pairs (a 64-byte A tile row).
pub const MAX_KC: usize = 16;
/// Bytes between k pairs of a packed panel.
const PAIR_ROW_BYTES: i32 = 128;

/// Everything the generated code specialises on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AmxTileSpec {
    /// Rows computed, `1..=32`.
    pub mr: usize,
    /// Columns computed, `1..=32`.
    pub nr: usize,
    /// k pairs of this call: `≤ 16`, or a multiple of 16 (the frame calls a K tail apart).
    pub kp: usize,
    /// Row stride of A in bf16 elements (even).
    pub lda: usize,
    /// Row stride of C, f32 elements.
    pub ldc: usize,
    /// Accumulate onto C (a later K block or the K tail) instead of starting from zero.
    pub load_c: bool,
}

impl AmxTileSpec {
    /// A full 32×32 tile over `kp` pairs, C overwritten.
    pub fn full(kp: usize, lda: usize, ldc: usize) -> Self {
        Self { mr: MR, nr: NR, kp, lda, ldc, load_c: false }
    }

    /// The kernel's name, `amx_matmul_bf16_<mr>x<nr>` (STYLE.md habit 6).
    pub fn name(&self) -> String {
        format!("amx_matmul_bf16_{}x{}", self.mr, self.nr)
    }

    /// k pairs per chunk (per `tdpbf16ps`).
    pub fn kc(&self) -> usize {
        self.kp.min(MAX_KC)
    }

    fn validate(&self) -> AsmResult<()> {
        let bad = |reason: String| Err(KernelError::Shape { op: "amx bf16 gemm tile", reason });
        if !(1..=MR).contains(&self.mr) || !(1..=NR).contains(&self.nr) {
            return bad(format!("tile {}x{} outside 1..=32 x 1..=32", self.mr, self.nr));
        }
        if self.kp == 0 || (self.kp > MAX_KC && !self.kp.is_multiple_of(MAX_KC)) {
            return bad(format!("kp={} must be 1..=16 or a multiple of 16", self.kp));
        }
        if !self.lda.is_multiple_of(2) {
            return bad(format!("lda={} must be even", self.lda));
        }
        if (2 * self.lda).max(4 * self.ldc).saturating_mul(MR + 1) > i32::MAX as usize {
            return bad("strides too large".into());
        }
        Ok(())
    }

    /// Rows of the top and bottom C tiles, columns of the left and right ones.
    fn split(&self) -> (usize, usize, usize, usize) {
        let (m0, n0) = (self.mr.min(16), self.nr.min(16));
        (m0, self.mr - m0, n0, self.nr - n0)
    }

    /// The 64-byte palette-1 tile configuration.
    pub fn tile_config(&self) -> [u8; 64] {
        let (m0, m1, n0, n1) = self.split();
        let kc = self.kc();
        let mut cfg = [0u8; 64];
        cfg[0] = 1; // palette 1
        let mut set = |t: usize, rows: usize, colsb: usize| {
            if rows > 0 && colsb > 0 {
                cfg[16 + 2 * t..18 + 2 * t].copy_from_slice(&(colsb as u16).to_le_bytes());
                cfg[48 + t] = rows as u8;
            }
        };
        set(0, m0, 4 * n0);
        set(1, m0, 4 * n1);
        set(2, m1, 4 * n0);
        set(3, m1, 4 * n1);
        set(4, m0, 4 * kc);
        set(5, m1, 4 * kc);
        set(6, kc, 4 * n0);
        set(7, kc, 4 * n1);
        cfg
    }
}

/// A run of `m_blocks` tiles stacked down one panel, in one call: rows
/// `b·mr .. (b+1)·mr` of A and C for `b < m_blocks`, all with the tile's shape. The K pairs
/// are walked in blocks of `k_block` pairs, each block over every M tile before the next:
/// the block's `k_block · 128` bytes of the panel stay in L1 while the M tiles stream their A
/// rows from L2, so B is read from L2 once per panel instead of once per M tile. The C tiles
/// go through memory between K blocks (4 KiB per M tile per block, from L1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AmxPanelSpec {
    /// The shape of each M tile (its `load_c` applies to the first K block).
    pub tile: AmxTileSpec,
    /// M tiles in the call, `≥ 1`.
    pub m_blocks: usize,
    /// K pairs per block: a multiple of the chunk (`tile.kc()`), or 0 for the whole K.
    pub k_block: usize,
    /// `prefetcht0` of each A row this many chunks ahead (0: none).
    pub a_prefetch: usize,
}

impl AmxPanelSpec {
    /// One tile, whole K: what [`assemble`] generates.
    pub fn single(tile: AmxTileSpec) -> Self {
        Self { tile, m_blocks: 1, k_block: 0, a_prefetch: 0 }
    }

    /// The kernel's name: the tile's, with `_m<blocks>` for a run of tiles.
    pub fn name(&self) -> String {
        if self.m_blocks == 1 {
            self.tile.name()
        } else {
            format!("{}_m{}", self.tile.name(), self.m_blocks)
        }
    }

    /// K blocks as (first pair, pairs).
    fn k_blocks(&self) -> Vec<(usize, usize)> {
        let kp = self.tile.kp;
        let kb = if self.k_block == 0 { kp } else { self.k_block.min(kp) };
        (0..kp).step_by(kb).map(|q0| (q0, kb.min(kp - q0))).collect()
    }

    fn validate(&self) -> AsmResult<()> {
        self.tile.validate()?;
        let bad = |reason: String| Err(KernelError::Shape { op: "amx bf16 gemm panel", reason });
        if self.m_blocks == 0 {
            return bad("a panel run needs at least one M tile".into());
        }
        if !self.k_block.is_multiple_of(self.tile.kc()) {
            return bad(format!(
                "k_block={} is not a multiple of the {}-pair chunk",
                self.k_block,
                self.tile.kc()
            ));
        }
        let rows = self.m_blocks.saturating_mul(self.tile.mr).saturating_add(MR);
        let (lda_b, ldc_b) = (2 * self.tile.lda, 4 * self.tile.ldc);
        if lda_b.max(ldc_b).saturating_mul(rows).saturating_add(PAIR_ROW_BYTES as usize * self.tile.kp)
            > i32::MAX as usize
        {
            return bad("strides too large".into());
        }
        Ok(())
    }
}

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
