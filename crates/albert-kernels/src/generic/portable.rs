//! The portable GEMM tile: the same contract as the generated AVX-512 tile (one packed panel,
//! an `mr × nr` block of C, optionally continuing from C), written in plain Rust so it runs on
//! any CPU. Fixed-size accumulator arrays let LLVM vectorise it for the baseline target
//! (SSE2 on x86-64, NEON on aarch64). Used by the frame when AVX-512 is missing or forced off.

use crate::frame::pack::PANEL_WIDTH;

/// Largest row count of one portable tile.
pub const PORTABLE_MR: usize = 4;

/// Operands of one portable tile call.
#[derive(Debug)]
pub struct PortableTile<'a> {
    /// Rows computed, `1..=PORTABLE_MR`.
    pub mr: usize,
    /// Columns computed, `1..=32`.
    pub nr: usize,
    /// Reduction steps.
    pub kc: usize,
    /// A starting at `[row0, k0]`, row stride `lda`.
    pub a: &'a [f32],
    /// Row stride of A.
    pub lda: usize,
    /// The packed panel starting at `k0` (`kc · 32` floats).
    pub b: &'a [f32],
    /// Start from the values in C instead of zero.
    pub load_c: bool,
}

/// Computes the tile into `c` (starting at `[row0, col0]`, row stride `ldc`).
///
/// # Panics
/// When a slice is shorter than the tile (the frame checks lengths first).
pub fn tile(t: &PortableTile<'_>, c: &mut [f32], ldc: usize) {
    let mut acc = [[0.0f32; PANEL_WIDTH]; PORTABLE_MR];
    if t.load_c {
        for (r, row) in acc.iter_mut().enumerate().take(t.mr) {
            row[..t.nr].copy_from_slice(&c[r * ldc..r * ldc + t.nr]);
        }
    }
    for (p, bk) in t.b.chunks_exact(PANEL_WIDTH).take(t.kc).enumerate() {
        for (r, row) in acc.iter_mut().enumerate().take(t.mr) {
            let av = t.a[r * t.lda + p];
            for (x, &bv) in row.iter_mut().zip(bk) {
                *x += av * bv;
            }
        }
    }
    for (r, row) in acc.iter().enumerate().take(t.mr) {
        c[r * ldc..r * ldc + t.nr].copy_from_slice(&row[..t.nr]);
    }
}
