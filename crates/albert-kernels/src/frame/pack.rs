//! The weight, packed once into column panels of the tile width.
//!
//! Layout (`NR` = [`PANEL_WIDTH`] = 32 columns = two zmm registers):
//!
//! ```text
//! panel p covers output columns p·NR .. p·NR+NR (the last one zero-padded past N)
//! packed[p·K·NR + k·NR + j] = W[p·NR + j, k]      (W in HF [N, K] layout)
//! ```
//!
//! so for each `k` a tile reads one contiguous, 64-byte aligned 128-byte row of its panel
//! (two aligned zmm loads) and the whole K loop walks one panel front to back. Padding columns
//! are zero, so the kernels never mask B loads; only C, bias and residual accesses are masked.
//! The data starts on a 64-byte boundary (each panel is `K·128` bytes, so every panel and
//! every `k` row stays aligned).

use crate::error::{KernelError, Result};

/// Columns per packed panel: the GEMM tile width.
pub const PANEL_WIDTH: usize = 32;

/// A weight matrix packed into [`PANEL_WIDTH`]-column panels (see the module docs for the
/// layout). Built once at model load; every GEMM over this weight reads it.
#[derive(Debug, Clone)]
pub struct PackedB {
    n: usize,
    k: usize,
    storage: Storage,
}

/// Where the packed floats live.
#[derive(Clone)]
enum Storage {
    /// Packed here: the data starts at `offset` (the first 64-byte boundary).
    Owned { floats: Vec<f32>, offset: usize },
    /// Packed earlier and held elsewhere (an artifact's mapped weights section), never copied.
    Shared(std::sync::Arc<dyn AsRef<[f32]> + Send + Sync>),
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Storage::Owned { floats, .. } => write!(f, "Owned({} floats)", floats.len()),
            Storage::Shared(d) => write!(f, "Shared({} floats)", (**d).as_ref().len()),
        }
    }
}

impl PackedB {
    /// Packs an HF `nn.Linear` weight `w` of shape `[N, K]` (row stride `k`), for `x · Wᵀ`.
    pub fn from_nk(w: &[f32], n: usize, k: usize) -> Result<Self> {
        check_len("w", w.len(), n * k)?;
        Self::from_fn(n, k, |j, p| w[j * k + p])
    }

    /// Packs a `B` of shape `[K, N]` (row stride `n`), for `x · B` (e.g. attention's `V`).
    pub fn from_kn(b: &[f32], k: usize, n: usize) -> Result<Self> {
        check_len("b", b.len(), n * k)?;
        Self::from_fn(n, k, |j, p| b[p * n + j])
    }

    /// Packs `N × K` values given by `value(column j, reduction index k)`.
    pub fn from_fn(n: usize, k: usize, value: impl Fn(usize, usize) -> f32) -> Result<Self> {
        if n == 0 || k == 0 {
            return Err(KernelError::Shape {
                op: "pack",
                reason: format!("N={n} and K={k} must be positive"),
            });
        }
        let panels = n.div_ceil(PANEL_WIDTH);
        let len = panels * k * PANEL_WIDTH;
        // Over-allocate by one cache line so the data can start 64-byte aligned.
        let mut storage = vec![0.0f32; len + 16];
        let offset = storage.as_ptr().align_offset(64).min(16);
        let data = &mut storage[offset..offset + len];
        for p in 0..panels {
            let panel = &mut data[p * k * PANEL_WIDTH..(p + 1) * k * PANEL_WIDTH];
            for kk in 0..k {
                for j in 0..PANEL_WIDTH {
                    let col = p * PANEL_WIDTH + j;
                    if col < n {
                        panel[kk * PANEL_WIDTH + j] = value(col, kk);
                    }
                }
            }
        }
        Ok(Self { n, k, storage: Storage::Owned { floats: storage, offset } })
    }

    /// A weight packed earlier in this layout (e.g. [`PackedB::data`] written to an artifact),
    /// used where it lies: `data` must hold exactly `ceil(N / 32) · K · 32` floats starting
    /// on a 64-byte boundary.
    pub fn from_packed(
        n: usize,
        k: usize,
        data: std::sync::Arc<dyn AsRef<[f32]> + Send + Sync>,
    ) -> Result<Self> {
        let bad = |reason: String| Err(KernelError::Shape { op: "pack", reason });
        if n == 0 || k == 0 {
            return bad(format!("N={n} and K={k} must be positive"));
        }
        let want = n.div_ceil(PANEL_WIDTH) * k * PANEL_WIDTH;
        let got = (*data).as_ref();
        if got.len() != want {
            return bad(format!("{} packed floats for N={n}, K={k} (expected {want})", got.len()));
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

    /// Number of panels, `ceil(N / 32)`.
    pub fn panels(&self) -> usize {
        self.n.div_ceil(PANEL_WIDTH)
    }

    /// The packed data (`panels · K · 32` floats, 64-byte aligned on the common allocators).
    pub fn data(&self) -> &[f32] {
        let len = self.panels() * self.k * PANEL_WIDTH;
        match &self.storage {
            Storage::Owned { floats, offset } => &floats[*offset..*offset + len],
            Storage::Shared(d) => &(**d).as_ref()[..len],
        }
    }

    /// Panel `p` (`K · 32` floats), or `None` past the last panel.
    pub fn panel(&self, p: usize) -> Option<&[f32]> {
        let step = self.k * PANEL_WIDTH;
        self.data().get(p * step..(p + 1) * step)
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

    #[test]
    fn layout_matches_the_docs() -> Result<()> {
        let (n, k) = (37, 3);
        let w: Vec<f32> = (0..n * k).map(|i| i as f32).collect();
        let p = PackedB::from_nk(&w, n, k)?;
        assert_eq!(p.panels(), 2);
        assert_eq!(p.data().as_ptr().align_offset(64), 0);
        for j in 0..64 {
            for kk in 0..k {
                let got = p.data()[(j / 32) * k * 32 + kk * 32 + j % 32];
                let want = if j < n { w[j * k + kk] } else { 0.0 };
                assert_eq!(got, want, "j={j} k={kk}");
            }
        }
        let t: Vec<f32> = (0..n * k).map(|i| w[(i % n) * k + i / n]).collect();
        assert_eq!(PackedB::from_kn(&t, k, n)?.data(), p.data());
        Ok(())
    }
}
