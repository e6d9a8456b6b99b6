//! The weight, stored once in bf16 and packed in the pair-interleaved layout that both
//! `vdpbf16ps` (AVX512_BF16) and `tdpbf16ps` (AMX) consume.
//!
//! Both instructions multiply *pairs* of bf16 along K: each 32-bit lane of B holds
//! `(B[2q][j], B[2q+1][j])` (even k in the low half). So the packed weight is `B[k/2][n][2]`,
//! cut into [`PANEL_WIDTH`]-column panels like the fp32 [`crate::PackedB`]:
//!
//! ```text
//! KP = ceil(K / 2)                       (k pairs; the last one zero-padded for odd K)
//! panel p covers output columns p·32 .. p·32+32 (zero-padded past N)
//! packed[p·KP·64 + q·64 + 2·j + t] = bf16(W[p·32 + j, 2q + t])     (W in HF [N, K] layout)
//! ```
//!
//! For each k pair a tile reads one contiguous, 64-byte aligned 128-byte row of its panel:
//! two zmm loads for `vdpbf16ps` (columns 0–15, then 16–31), or, for AMX, a B tile of 16
//! columns is `KP` rows of 64 bytes with a row stride of 128 bytes (`tileloadd` with stride
//! 128, one tile per half panel). Padding is +0.0 (not garbage: `0 · NaN` would be NaN), so
//! kernels never mask B loads. The data starts on a 64-byte boundary and every panel is
//! `KP · 128` bytes, so every row of every panel is aligned.
//!
//! The conversion from f32 is [`crate::generic::bf16::f32_to_bf16`]: round to nearest even,
//! NaN stays a (quiet) NaN, denormals become signed zero, exactly as `vcvtneps2bf16`, so the
//! weight and the activations (converted by the hardware instruction at run time) round the
//! same way.

use crate::error::{KernelError, Result};
use crate::generic::bf16::f32_to_bf16;

/// Columns per packed panel: the bf16 GEMM tile width (the same as the fp32 one).
pub const PANEL_WIDTH: usize = crate::frame::pack::PANEL_WIDTH;

/// bf16 elements in one packed k-pair row of a panel (32 columns × 2).
pub const PAIR_ROW: usize = 2 * PANEL_WIDTH;

/// A weight matrix in bf16, packed pair-interleaved into [`PANEL_WIDTH`]-column panels (see
/// the module docs). Built once at model load; half the bytes of [`crate::PackedB`].
#[derive(Debug, Clone)]
pub struct PackedBf16 {
    n: usize,
    k: usize,
    storage: Storage,
}

/// Where the packed bf16 lives.
#[derive(Clone)]
enum Storage {
    /// Packed here: the data starts at `offset` (the first 64-byte boundary).
    Owned { halves: Vec<u16>, offset: usize },
    /// Packed earlier and held elsewhere (an artifact's mapped weights section), never copied.
    Shared(std::sync::Arc<dyn AsRef<[u16]> + Send + Sync>),
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Storage::Owned { halves, .. } => write!(f, "Owned({} bf16)", halves.len()),
            Storage::Shared(d) => write!(f, "Shared({} bf16)", (**d).as_ref().len()),
        }
    }
}

impl PackedBf16 {
    /// Packs an HF `nn.Linear` weight `w` of shape `[N, K]` (row stride `k`), for `x · Wᵀ`.
    pub fn from_nk(w: &[f32], n: usize, k: usize) -> Result<Self> {
        check_len("w", w.len(), n * k)?;
        Self::from_fn(n, k, |j, p| w[j * k + p])
    }

    /// Packs a `B` of shape `[K, N]` (row stride `n`), for `x · B`.
    pub fn from_kn(b: &[f32], k: usize, n: usize) -> Result<Self> {
        check_len("b", b.len(), n * k)?;
        Self::from_fn(n, k, |j, p| b[p * n + j])
    }

    /// Packs `N × K` values given by `value(column j, reduction index k)`, each rounded to
    /// bf16 once.
    pub fn from_fn(n: usize, k: usize, value: impl Fn(usize, usize) -> f32) -> Result<Self> {
        if n == 0 || k == 0 {
            return Err(KernelError::Shape {
                op: "pack_bf16",
                reason: format!("N={n} and K={k} must be positive"),
            });
        }
        let panels = n.div_ceil(PANEL_WIDTH);
        let kp = k.div_ceil(2);
        let len = panels * kp * PAIR_ROW;
        // Over-allocate by one cache line (32 bf16) so the data can start 64-byte aligned.
        let mut storage = vec![0u16; len + 32];
        let offset = storage.as_ptr().align_offset(64).min(32);
        let data = &mut storage[offset..offset + len];
        for p in 0..panels {
            let panel = &mut data[p * kp * PAIR_ROW..(p + 1) * kp * PAIR_ROW];
            for j in 0..PANEL_WIDTH.min(n - p * PANEL_WIDTH) {
                let col = p * PANEL_WIDTH + j;
                for kk in 0..k {
                    panel[(kk / 2) * PAIR_ROW + 2 * j + kk % 2] = f32_to_bf16(value(col, kk));
                }
            }
        }
        Ok(Self { n, k, storage: Storage::Owned { halves: storage, offset } })
    }

    /// Data packed earlier in this layout (`data()` of a `PackedBf16` of the same N × K, e.g.
    /// an artifact's weights section), used in place: it must hold exactly `panels · KP · 64`
    /// bf16 and start on a 64-byte boundary.
    pub fn from_packed(
        n: usize,
        k: usize,
        data: std::sync::Arc<dyn AsRef<[u16]> + Send + Sync>,
    ) -> Result<Self> {
        let bad = |reason: String| Err(KernelError::Shape { op: "pack_bf16", reason });
        if n == 0 || k == 0 {
            return bad(format!("N={n} and K={k} must be positive"));
        }
        let want = n.div_ceil(PANEL_WIDTH) * k.div_ceil(2) * PAIR_ROW;
        let got = (*data).as_ref();
        if got.len() != want {
            return bad(format!("{} packed bf16 for N={n}, K={k} (expected {want})", got.len()));
        }
        if got.as_ptr().align_offset(64) != 0 {
            return bad("packed data is not 64-byte aligned".into());
        }
        Ok(Self { n, k, storage: Storage::Shared(data) })
    }

    /// Output columns N.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Reduction length K.
    pub fn k(&self) -> usize {
        self.k
    }

    /// K pairs, `ceil(K / 2)`: the rows of each panel.
    pub fn k_pairs(&self) -> usize {
        self.k.div_ceil(2)
    }

    /// Number of panels, `ceil(N / 32)`.
    pub fn panels(&self) -> usize {
        self.n.div_ceil(PANEL_WIDTH)
    }

    /// The packed bf16 bit patterns (64-byte aligned, `panels · KP · 64` elements).
    pub fn data(&self) -> &[u16] {
        let len = self.panels() * self.k_pairs() * PAIR_ROW;
        match &self.storage {
            Storage::Owned { halves, offset } => &halves[*offset..*offset + len],
            Storage::Shared(d) => &(**d).as_ref()[..len],
        }
    }

    /// Panel `p` (`KP · 64` bf16), or `None` past the last panel.
    pub fn panel(&self, p: usize) -> Option<&[u16]> {
        let step = self.k_pairs() * PAIR_ROW;
        self.data().get(p * step..(p + 1) * step)
    }

    /// The stored bf16 of `W[j, kk]` (what the kernels multiply), or `None` out of range.
    pub fn get(&self, j: usize, kk: usize) -> Option<u16> {
        if j >= self.n || kk >= self.k {
            return None;
        }
        let panel = self.panel(j / PANEL_WIDTH)?;
        panel.get((kk / 2) * PAIR_ROW + 2 * (j % PANEL_WIDTH) + kk % 2).copied()
    }

    /// Bytes of packed data (what one GEMM over this weight streams).
    pub fn bytes(&self) -> usize {
        2 * self.data().len()
    }
}

fn check_len(operand: &'static str, actual: usize, expected: usize) -> Result<()> {
    if actual < expected {
        return Err(KernelError::Length { operand, expected, actual });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generic::bf16::bf16_to_f32;

    /// Every element lands at `panel·KP·64 + (k/2)·64 + 2j + k%2`, padding is +0.0, the data
    /// is aligned, and `from_kn` packs the transpose identically.
    #[test]
    fn layout_is_pair_interleaved_panels() -> Result<()> {
        for (n, k) in [(37, 3), (32, 4), (1, 1), (65, 7), (64, 2)] {
            // Small integers are exact in bf16.
            let w: Vec<f32> = (0..n * k).map(|i| (i % 251) as f32 - 100.0).collect();
            let p = PackedBf16::from_nk(&w, n, k)?;
            let kp = k.div_ceil(2);
            assert_eq!(p.panels(), n.div_ceil(32));
            assert_eq!(p.k_pairs(), kp);
            assert_eq!(p.data().len(), p.panels() * kp * 64);
            assert_eq!(p.data().as_ptr().align_offset(64), 0);
            for panel in 0..p.panels() {
                for q in 0..kp {
                    for j in 0..32 {
                        for t in 0..2 {
                            let (col, kk) = (panel * 32 + j, 2 * q + t);
                            let got = p.data()[panel * kp * 64 + q * 64 + 2 * j + t];
                            let want = if col < n && kk < k { w[col * k + kk] } else { 0.0 };
                            assert_eq!(bf16_to_f32(got), want, "n={n} k={k} col={col} k={kk}");
                            if col >= n || kk >= k {
                                assert_eq!(got, 0, "padding must be +0.0");
                            }
                        }
                    }
                }
            }
            for j in 0..n {
                for kk in 0..k {
                    assert_eq!(p.get(j, kk).map(bf16_to_f32), Some(w[j * k + kk]));
                }
            }
            let t: Vec<f32> = (0..n * k).map(|i| w[(i % n) * k + i / n]).collect();
            assert_eq!(PackedBf16::from_kn(&t, k, n)?.data(), p.data());
        }
        Ok(())
    }

    /// One k pair of one panel is two zmm vectors: lane i of the first is column i (even k in
    /// the low half), lane i of the second is column 16 + i.
    #[test]
    fn a_pair_row_is_two_zmm_of_column_pairs() -> Result<()> {
        let (n, k) = (32, 2);
        let w: Vec<f32> = (0..n * k).map(|i| i as f32).collect();
        let p = PackedBf16::from_nk(&w, n, k)?;
        let row = p.panel(0).ok_or(KernelError::Shape { op: "test", reason: "no panel".into() })?;
        let lanes: Vec<u32> =
            row.chunks_exact(2).map(|c| u32::from(c[0]) | (u32::from(c[1]) << 16)).collect();
        for (i, lane) in lanes.iter().enumerate() {
            assert_eq!(bf16_to_f32(*lane as u16), w[i * k], "low half = even k, column {i}");
            assert_eq!(bf16_to_f32((*lane >> 16) as u16), w[i * k + 1], "high half = odd k");
        }
        Ok(())
    }

    #[test]
    fn rounds_once_to_nearest_even() -> Result<()> {
        // 1 + 2^-8 is a tie between 1 and 1 + 2^-7: even is 1. 1 + 3·2^-8 rounds up.
        let w = [1.0 + 2f32.powi(-8), 1.0 + 3.0 * 2f32.powi(-8), f32::NAN, -0.0];
        let p = PackedBf16::from_nk(&w, 1, 4)?;
        assert_eq!(p.get(0, 0), Some(0x3F80));
        assert_eq!(p.get(0, 1), Some(0x3F82));
        assert!(p.get(0, 2).is_some_and(|x| bf16_to_f32(x).is_nan()));
        assert_eq!(p.get(0, 3), Some(0x8000));
        assert!(PackedBf16::from_nk(&w, 2, 4).is_err(), "too short");
        assert!(PackedBf16::from_nk(&w, 0, 4).is_err(), "empty");
        Ok(())
    }
}
