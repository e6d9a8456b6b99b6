//! What the AMX bf16 tiles and runs specialise on (the generator is [`super::gemm_bf16`],
//! behind the `asm` feature): the specs, their tile configurations and shape constants.
//! Compiled without the assembler too, so a runtime can lay out the tiles of a stored
//! artifact without being able to generate them.

use crate::error::{KernelError, Result};

/// Rows of the full tile (two 16-row C tiles).
pub const MR: usize = 32;
/// Columns of the full tile (two 16-column C tiles = one packed panel).
pub const NR: usize = 32;
/// Largest k chunk: 16 pairs (a 64-byte A tile row).
pub const MAX_KC: usize = 16;
/// Bytes between k pairs of a packed panel.
pub(crate) const PAIR_ROW_BYTES: i32 = 128;

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

    pub(crate) fn validate(&self) -> Result<()> {
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
    pub(crate) fn split(&self) -> (usize, usize, usize, usize) {
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

    #[cfg(feature = "asm")]
    /// K blocks as (first pair, pairs).
    pub(crate) fn k_blocks(&self) -> Vec<(usize, usize)> {
        let kp = self.tile.kp;
        let kb = if self.k_block == 0 { kp } else { self.k_block.min(kp) };
        (0..kp).step_by(kb).map(|q0| (q0, kb.min(kp - q0))).collect()
    }

    pub(crate) fn validate(&self) -> Result<()> {
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
