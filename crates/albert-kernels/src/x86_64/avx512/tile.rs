//! What a generated AVX-512 GEMM tile specialises on, and its C ABI: plain data, no
//! assembler, so the deployment runtime (which loads generated code and never generates
//! any) shares these types with the generator in [`super::gemm`].

use crate::error::{KernelError, Result};

/// Rows of the full tile.
pub const MR: usize = 14;
/// Columns of the full tile (two zmm vectors): the packed panel width.
pub const NR: usize = crate::frame::pack::PANEL_WIDTH;

/// Largest [`TileSpec::b_prefetch`] distance, bytes (keeps every displacement in i32).
pub const MAX_B_PREFETCH: usize = 1 << 20;

/// The C signature of every generated GEMM tile:
///
/// ```c
/// void avx512_matmul_f32_14x32(const float *a,        // A[row0, k0], row stride lda
///                              const float *b,        // packed panel + k0 * 32
///                              float *c,              // C[row0, col0], row stride ldc
///                              const float *bias,     // bias + col0 (unused without bias)
///                              const float *residual); // R[row0, col0], row stride ldr
/// ```
pub type GemmTileFn =
    unsafe extern "C" fn(a: *const f32, b: *const f32, c: *mut f32, bias: *const f32, residual: *const f32);

/// Activations the tile can apply in registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileActivation {
    /// None.
    Identity,
    /// `vmaxps` with zero.
    Relu,
    /// `x · sigmoid(2·√(2/π)·(x + 0.044715x³))` = HF `gelu_new`, with `exp` from
    /// `vrndscaleps` + a degree-6 polynomial + `vscalefps`, and the reciprocal from `vrcp14ps`
    /// plus one Newton step (relative error ~1e-7).
    GeluNew,
}

/// How A elements are broadcast in the K loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Broadcast {
    /// `vfmadd231ps zmm, zmm, dword bcst [a]`: no extra register, one load per FMA.
    Embedded,
    /// `vbroadcastss zmm30/31, [a]` once per row, then register FMAs: half the loads.
    Register,
}

/// Everything the generated code specialises on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileSpec {
    /// Rows computed, `1..=14`.
    pub mr: usize,
    /// Columns computed, `1..=32` (columns past `nr` are neither read from C nor written).
    pub nr: usize,
    /// Reduction steps of this call (the K block), `≥ 1`.
    pub kc: usize,
    /// Row stride of A, elements.
    pub lda: usize,
    /// Row stride of C, elements.
    pub ldc: usize,
    /// Row stride of the residual, elements.
    pub ldr: usize,
    /// Start from the values in C (a later K block) instead of zero.
    pub load_c: bool,
    /// Add `bias[0..nr]` to every row.
    pub bias: bool,
    /// Activation after the bias.
    pub activation: TileActivation,
    /// Add the residual tile after the activation.
    pub residual: bool,
    /// A broadcast strategy.
    pub broadcast: Broadcast,
    /// K-loop unroll factor, `1..=16`.
    pub unroll: usize,
    /// Software prefetch of B: every K step also issues `prefetcht1` (into L2) for the B row
    /// this many bytes ahead (0: none). The panels of one thread are contiguous, so near the
    /// end of a panel this fetches the start of the next one (prefetches never fault, past
    /// the end of B either). Pays when B streams from DRAM or L3 (small M).
    pub b_prefetch: usize,
}

impl TileSpec {
    /// A full-size tile with no epilogue and contiguous strides for the given K.
    pub fn full(kc: usize, lda: usize, ldc: usize) -> Self {
        Self {
            mr: MR,
            nr: NR,
            kc,
            lda,
            ldc,
            ldr: ldc,
            load_c: false,
            bias: false,
            activation: TileActivation::Identity,
            residual: false,
            broadcast: Broadcast::Embedded,
            unroll: 4,
            b_prefetch: 0,
        }
    }

    /// The kernel's name, `avx512_matmul_f32_<mr>x<nr>` (STYLE.md habit 6).
    pub fn name(&self) -> String {
        format!("avx512_matmul_f32_{}x{}", self.mr, self.nr)
    }

    #[cfg_attr(not(feature = "asm"), expect(dead_code, reason = "used by the generator"))]
    pub(crate) fn validate(&self) -> Result<()> {
        let bad = |reason: String| Err(KernelError::Shape { op: "avx512 gemm tile", reason });
        if !(1..=MR).contains(&self.mr) || !(1..=NR).contains(&self.nr) {
            return bad(format!("tile {}x{} outside 1..=14 x 1..=32", self.mr, self.nr));
        }
        if self.kc == 0 || !(1..=16).contains(&self.unroll) {
            return bad(format!("kc={} unroll={}", self.kc, self.unroll));
        }
        if self.b_prefetch > MAX_B_PREFETCH {
            return bad(format!("b_prefetch={} above {MAX_B_PREFETCH}", self.b_prefetch));
        }
        // Every displacement (C/residual rows) and the A index registers must fit in i32.
        let max_stride = self.lda.max(self.ldc).max(self.ldr);
        if max_stride.saturating_mul(4 * MR + 64) > i32::MAX as usize {
            return bad(format!("stride {max_stride} too large"));
        }
        Ok(())
    }

    #[cfg_attr(not(feature = "asm"), expect(dead_code, reason = "used by the generator"))]
    pub(crate) fn vectors(&self) -> usize {
        self.nr.div_ceil(16)
    }

    /// Lane mask of vector `v`, or `None` when all 16 lanes are live.
    #[cfg_attr(not(feature = "asm"), expect(dead_code, reason = "used by the generator"))]
    pub(crate) fn tail_mask(&self, v: usize) -> Option<u32> {
        let live = (self.nr - 16 * v).min(16);
        (live < 16).then(|| (1u32 << live) - 1)
    }
}
