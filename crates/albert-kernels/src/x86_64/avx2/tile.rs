//! What a generated AVX2 GEMM tile specialises on: plain data, so the deployment runtime
//! (which loads code and generates none) shares it with the generator in [`super::gemm`].
//!
//! The tile is an *external* tile of the one GEMM frame ([`crate::ExternalTiles`]): it
//! computes `C[0..rows, 0..cols] = A[0..rows, 0..K] · B[0..K, 0..cols]` with B read from a
//! packed 32-column panel, and the frame applies the epilogue (bias, activation, residual)
//! after it, as for the Cranelift `f32x4` tiles of the portable targets.

use crate::error::{KernelError, Result};

/// Rows of the full tile: 6 × 2 ymm accumulators, 2 B vectors and 2 broadcast registers use
/// the 16 ymm registers (the BLIS/OpenBLAS Haswell 6×16 block).
pub const AVX2_TILE_ROWS: usize = 6;
/// Columns of the full tile (two ymm vectors): half a packed panel.
pub const AVX2_TILE_COLS: usize = 16;

/// Everything one generated tile specialises on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Avx2TileShape {
    /// Rows computed, `1..=6`.
    pub rows: usize,
    /// Columns computed, `1..=16` (columns past `cols` are neither read from C nor written).
    pub cols: usize,
    /// Contraction length (the whole K: the frame does not block K for external tiles).
    pub k: usize,
    /// Row stride of A, elements.
    pub lda: usize,
    /// Row stride of C, elements.
    pub ldc: usize,
}

impl Avx2TileShape {
    /// The kernel's name, `avx2_matmul_f32_<rows>x<cols>_k<k>` (STYLE.md habit 6).
    pub fn name(&self) -> String {
        format!("avx2_matmul_f32_{}x{}_k{}", self.rows, self.cols, self.k)
    }

    /// Checks the shape against the register block and the encodable displacements.
    pub fn validate(&self) -> Result<()> {
        let bad = |reason: String| Err(KernelError::Shape { op: "avx2 gemm tile", reason });
        if !(1..=AVX2_TILE_ROWS).contains(&self.rows) || !(1..=AVX2_TILE_COLS).contains(&self.cols) {
            return bad(format!("tile {}x{} outside 1..=6 x 1..=16", self.rows, self.cols));
        }
        if self.k == 0 || self.lda < self.k || self.ldc < self.cols {
            return bad(format!("k={} lda={} ldc={} for {} columns", self.k, self.lda, self.ldc, self.cols));
        }
        // Every A and C displacement must fit in i32.
        let max_stride = self.lda.max(self.ldc);
        if max_stride.saturating_mul(4 * AVX2_TILE_ROWS + 64) > i32::MAX as usize {
            return bad(format!("stride {max_stride} too large"));
        }
        Ok(())
    }
}
