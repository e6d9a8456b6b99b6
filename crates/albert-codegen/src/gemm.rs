//! The GEMM frame around the portable tile kernel: packing, tails,
//! epilogues. The tile does `MR × NR × K`; everything else happens here.
//!
//! `C[m, n] = A[m, k] · Wᵀ (+ bias) (+ residual)` with `W` stored `[n, k]`
//! as Hugging Face's `Linear` does. `W` is packed once into panels of `NR`
//! columns (`K × NR` contiguous, the last panel zero-padded). The tile
//! writes into a padded `C` scratch of stride `n_pad`; the epilogue copies
//! the valid part out, adding bias and residual while it is hot in cache.

use std::sync::Arc;

use crate::error::CodegenError;
use crate::exec::call_tile;
use crate::f32x4::{build_tile, tile_signature, TileShape};
use crate::jit::{JitBuilder, JitCode};
use cranelift_codegen::isa::OwnedTargetIsa;

/// A weight `[n, k]` packed into `NR`-column panels.
#[derive(Clone, Debug, PartialEq)]
pub struct PackedB {
    /// Output columns (rows of `W`).
    pub n: usize,
    /// Contraction length.
    pub k: usize,
    /// Panel width.
    pub nr: usize,
    data: Vec<f32>,
}

impl PackedB {
    /// Packs `w` (`[n, k]` row-major).
    pub fn pack(w: &[f32], n: usize, k: usize, nr: usize) -> Result<PackedB, CodegenError> {
        if w.len() != n * k || nr == 0 {
            return Err(CodegenError::Shape(format!("weight of {} elements is not [{n}, {k}]", w.len())));
        }
        let panels = n.div_ceil(nr);
        let mut data = vec![0.0f32; panels * k * nr];
        for p in 0..panels {
            for j in 0..nr.min(n - p * nr) {
                let row = &w[(p * nr + j) * k..(p * nr + j + 1) * k];
                for (kk, &x) in row.iter().enumerate() {
                    data[(p * k + kk) * nr + j] = x;
                }
            }
        }
        Ok(PackedB { n, k, nr, data })
    }

    /// The packed panels, one after another: panel `p` is `k × nr`
    /// contiguous from `p * k * nr` (the layout the tile kernel reads, and
    /// what an ahead-of-time caller hands it).
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    fn panel(&self, p: usize) -> &[f32] {
        &self.data[p * self.k * self.nr..(p + 1) * self.k * self.nr]
    }
}

/// A GEMM for one call site (fixed `k` and `n`; any `m`).
pub struct PortableGemm {
    shape: TileShape,
    n: usize,
    n_pad: usize,
    addr: usize,
    _code: Arc<JitCode>,
}

impl PortableGemm {
    /// Generates the tile kernel for `k`, `n` on `isa`.
    pub fn new(isa: OwnedTargetIsa, n: usize, k: usize) -> Result<PortableGemm, CodegenError> {
        let probe = TileShape::for_isa(&*isa, k, k, 8);
        let n_pad = n.div_ceil(probe.nr) * probe.nr;
        let shape = TileShape { ldc: n_pad, ..probe };
        let mut jb = JitBuilder::new(isa, &[]);
        let sig = tile_signature(jb.isa());
        let name = shape.name(jb.isa().name());
        let idx = jb.define(&name, sig, |f, isa| build_tile(f, isa, shape))?;
        let code = Arc::new(jb.finish()?);
        let addr = code.addr(idx).ok_or_else(|| CodegenError::Cranelift("no address".into()))?;
        Ok(PortableGemm { shape, n, n_pad, addr, _code: code })
    }

    /// The tile shape generated.
    pub fn tile(&self) -> TileShape {
        self.shape
    }

    /// `c = a · Wᵀ + bias + residual` for `m = a.len() / k` rows.
    pub fn run(
        &self,
        a: &[f32],
        b: &PackedB,
        bias: Option<&[f32]>,
        residual: Option<&[f32]>,
        c: &mut [f32],
    ) -> Result<(), CodegenError> {
        let TileShape { mr, nr, k, .. } = self.shape;
        let n = self.n;
        if b.k != k || b.n != n || b.nr != nr {
            return Err(CodegenError::Shape(format!(
                "packed [{}, {}]/{} for a {n}×{k}/{nr} GEMM",
                b.n, b.k, b.nr
            )));
        }
        if !a.len().is_multiple_of(k) {
            return Err(CodegenError::Shape(format!(
                "A of {} elements is not a multiple of k = {k}",
                a.len()
            )));
        }
        let m = a.len() / k;
        if c.len() != m * n
            || bias.is_some_and(|x| x.len() != n)
            || residual.is_some_and(|x| x.len() != m * n)
        {
            return Err(CodegenError::Shape("C, bias or residual length does not match".into()));
        }
        let panels = n.div_ceil(nr);
        let mut a_tail = vec![0.0f32; mr * k];
        let mut c_tile = vec![0.0f32; mr * self.n_pad];
        for i0 in (0..m).step_by(mr) {
            let rows = mr.min(m - i0);
            let a_blk: &[f32] = if rows == mr {
                &a[i0 * k..(i0 + mr) * k]
            } else {
                a_tail[..rows * k].copy_from_slice(&a[i0 * k..(i0 + rows) * k]);
                a_tail[rows * k..].fill(0.0);
                &a_tail
            };
            for p in 0..panels {
                let panel = b.panel(p);
                debug_assert!(a_blk.len() >= (mr - 1) * k + k && panel.len() == k * nr);
                debug_assert!(c_tile.len() >= (mr - 1) * self.n_pad + p * nr + nr);
                call_tile(self.addr, a_blk.as_ptr(), panel.as_ptr(), c_tile[p * nr..].as_mut_ptr());
            }
            for r in 0..rows {
                let out = &mut c[(i0 + r) * n..(i0 + r + 1) * n];
                out.copy_from_slice(&c_tile[r * self.n_pad..r * self.n_pad + n]);
                if let Some(bias) = bias {
                    for (o, &x) in out.iter_mut().zip(bias) {
                        *o += x;
                    }
                }
                if let Some(res) = residual {
                    for (o, &x) in out.iter_mut().zip(&res[(i0 + r) * n..(i0 + r + 1) * n]) {
                        *o += x;
                    }
                }
            }
        }
        Ok(())
    }
}
