//! What the AVX512_BF16 GEMM tile specialises on (the generator is
//! [`super::gemm_bf16`], behind the `asm` feature): the spec, the tile's C signature and its
//! shape constants. Compiled without the assembler too, so a runtime can type and lay out the
//! tiles of a stored artifact without being able to generate them.

use crate::error::{KernelError, Result};
use crate::frame::pack_bf16::PANEL_WIDTH;

pub use super::tile::Broadcast;

/// Rows of the full tile.
pub const MR: usize = 14;
/// Columns of the full tile (two zmm of fp32): the packed panel width.
pub const NR: usize = PANEL_WIDTH;
/// Bytes of one k-pair row of a packed panel (32 columns × 2 bf16).
pub const PAIR_ROW_BYTES: i32 = 128;
/// Largest [`Bf16TileSpec::b_prefetch`] distance, bytes.
pub const MAX_B_PREFETCH: usize = 1 << 20;

/// The C signature of every generated bf16 GEMM tile:
///
/// ```c
/// void avx512bf16_matmul_bf16_14x32(
///     const uint16_t *a,        // bf16 A[row0, 2·q0], row stride lda (bf16 elements)
///     const uint16_t *b,        // packed panel + q0 · 64
///     float *c,                 // C[row0, col0], row stride ldc
///     const float *bias,        // bias + col0 (unused without bias)
///     const float *residual);   // R[row0, col0], row stride ldr
/// ```
pub type Bf16GemmTileFn =
    unsafe extern "C" fn(a: *const u16, b: *const u16, c: *mut f32, bias: *const f32, residual: *const f32);

/// Everything the generated code specialises on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bf16TileSpec {
    /// Rows computed, `1..=14`.
    pub mr: usize,
    /// Columns computed, `1..=32` (columns past `nr` are neither read from C nor written).
    pub nr: usize,
    /// K pairs of this call (the K block in pairs), `≥ 1`.
    pub kp: usize,
    /// Row stride of A in bf16 elements (even: each row starts on a pair).
    pub lda: usize,
    /// Row stride of C, f32 elements.
    pub ldc: usize,
    /// Row stride of the residual, f32 elements.
    pub ldr: usize,
    /// Start from the values in C (a later K block) instead of zero.
    pub load_c: bool,
    /// Add `bias[0..nr]` to every row (`vaddps`, after the last k pair).
    pub bias: bool,
    /// Add the residual tile after the bias.
    pub residual: bool,
    /// A broadcast strategy.
    pub broadcast: Broadcast,
    /// K-loop unroll factor (k pairs per iteration), `1..=16`.
    pub unroll: usize,
    /// `prefetcht1` of the B row this many bytes ahead in every k-pair step (0: none).
    pub b_prefetch: usize,
}

impl Bf16TileSpec {
    /// A full-size tile with no epilogue for `kp` k pairs.
    pub fn full(kp: usize, lda: usize, ldc: usize) -> Self {
        Self {
            mr: MR,
            nr: NR,
            kp,
            lda,
            ldc,
            ldr: ldc,
            load_c: false,
            bias: false,
            residual: false,
            broadcast: Broadcast::Register,
            unroll: 4,
            b_prefetch: 0,
        }
    }

    /// The kernel's name, `avx512bf16_matmul_bf16_<mr>x<nr>` (STYLE.md habit 6).
    pub fn name(&self) -> String {
        format!("avx512bf16_matmul_bf16_{}x{}", self.mr, self.nr)
    }

    pub(crate) fn validate(&self) -> Result<()> {
        let bad = |reason: String| Err(KernelError::Shape { op: "avx512bf16 gemm tile", reason });
        if !(1..=MR).contains(&self.mr) || !(1..=NR).contains(&self.nr) {
            return bad(format!("tile {}x{} outside 1..=14 x 1..=32", self.mr, self.nr));
        }
        if self.kp == 0 || !(1..=16).contains(&self.unroll) {
            return bad(format!("kp={} unroll={}", self.kp, self.unroll));
        }
        if !self.lda.is_multiple_of(2) {
            return bad(format!("lda={} must be even (rows start on a k pair)", self.lda));
        }
        if self.b_prefetch > MAX_B_PREFETCH {
            return bad(format!("b_prefetch={} above {MAX_B_PREFETCH}", self.b_prefetch));
        }
        let max_stride_bytes = (2 * self.lda).max(4 * self.ldc).max(4 * self.ldr);
        if max_stride_bytes.saturating_mul(MR + 16) > i32::MAX as usize {
            return bad(format!("stride of {max_stride_bytes} bytes too large"));
        }
        Ok(())
    }

    #[cfg(feature = "asm")]
    pub(crate) fn vectors(&self) -> usize {
        self.nr.div_ceil(16)
    }

    #[cfg(feature = "asm")]
    /// Lane mask of vector `v`, or `None` when all 16 lanes are live.
    pub(crate) fn tail_mask(&self, v: usize) -> Option<u32> {
        let live = (self.nr - 16 * v).min(16);
        (live < 16).then(|| (1u32 << live) - 1)
    }
}
