//! The frame loop: walks panels, K blocks and M blocks, calls the generated tiles (or the
//! portable tile) and applies the part of the epilogue the tile cannot. All of the frame's
//! `unsafe` lives here: [`run_checked`] checks every length against the plan before
//! [`execute`] turns the slices into raw pointers for the generated code and the threads.
#![expect(
    unsafe_code,
    reason = "calling generated code with raw pointers, and writing disjoint column ranges of C from several threads"
)]

use super::gemm::{FrameEpilogue, GemmKernel, NR};
use crate::cpu::Isa;
use crate::error::{KernelError, Result};
use crate::frame::pack::PackedB;
use crate::generic::portable::{self, PortableTile, PORTABLE_MR};
use crate::pool::ThreadPool;
use std::ops::Range;
use std::sync::Mutex;

/// Operand addresses (exposed provenance), so a job closure holding them is `Sync`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawOperands {
    pub(crate) a: usize,
    pub(crate) b: usize,
    pub(crate) c: usize,
    pub(crate) bias: usize,
    pub(crate) residual: usize,
}

fn need(operand: &'static str, actual: usize, expected: usize) -> Result<()> {
    if actual < expected {
        return Err(KernelError::Length { operand, expected, actual });
    }
    Ok(())
}

/// Checks that `b` was packed for this plan's N × K.
pub(crate) fn check_packed(kernel: &GemmKernel, b: &PackedB) -> Result<()> {
    let p = kernel.plan();
    if b.n() != p.n || b.k() != p.k {
        return Err(KernelError::PackedShape { got_n: b.n(), got_k: b.k(), want_n: p.n, want_k: p.k });
    }
    Ok(())
}

/// The safe entry: checks lengths and epilogue operands, then runs.
pub(crate) fn run_checked(
    kernel: &GemmKernel,
    pool: Option<&ThreadPool>,
    a: &[f32],
    b: &PackedB,
    c: &mut [f32],
    bias: Option<&[f32]>,
    residual: Option<&[f32]>,
) -> Result<()> {
    let p = kernel.plan();
    check_packed(kernel, b)?;
    let (need_a, need_c, need_r) = kernel.required_lengths();
    need("a", a.len(), need_a)?;
    need("c", c.len(), need_c)?;
    match (p.epilogue.bias, bias) {
        (true, Some(bias)) => need("bias", bias.len(), p.n)?,
        (false, None) => {}
        (true, None) => {
            return Err(KernelError::Epilogue {
                operand: "bias",
                reason: "the plan adds a bias but none was passed",
            })
        }
        (false, Some(_)) => {
            return Err(KernelError::Epilogue { operand: "bias", reason: "passed to a plan without bias" })
        }
    }
    match (p.epilogue.residual, residual) {
        (true, Some(r)) => need("residual", r.len(), need_r)?,
        (false, None) => {}
        (true, None) => {
            return Err(KernelError::Epilogue {
                operand: "residual",
                reason: "the plan adds a residual but none was passed",
            })
        }
        (false, Some(_)) => {
            return Err(KernelError::Epilogue {
                operand: "residual",
                reason: "passed to a plan without residual",
            })
        }
    }
    // The tile writes C before the frame's epilogue reads the residual: when they are the
    // same memory (allowed: the AVX-512 tiles read each residual element before writing
    // it), the frame adds a copy of the residual instead. Only the C entry point aliases
    // them; the JIT never does, so this copy is off its hot path.
    let residual_copy: Option<Vec<f32>> = match residual {
        Some(r) if kernel.frame_epilogue.residual && overlaps(r, c) => Some(r.to_vec()),
        _ => None,
    };
    let residual = residual_copy.as_deref().or(residual);
    let ops = RawOperands {
        a: a.as_ptr().expose_provenance(),
        b: b.data().as_ptr().expose_provenance(),
        c: c.as_mut_ptr().expose_provenance(),
        bias: bias.map_or(0, |s| s.as_ptr().expose_provenance()),
        residual: residual.map_or(0, |s| s.as_ptr().expose_provenance()),
    };
    // SAFETY: every buffer was checked above to cover what the plan reads or writes; `c` is
    // borrowed mutably for the whole call and the others immutably, so nothing else touches
    // them meanwhile; `b` matches the plan's N × K.
    unsafe { execute(kernel, pool, ops) }
}

/// Whether two slices share memory.
fn overlaps(a: &[f32], b: &[f32]) -> bool {
    let (a0, a1) = (a.as_ptr() as usize, a.as_ptr() as usize + std::mem::size_of_val(a));
    let (b0, b1) = (b.as_ptr() as usize, b.as_ptr() as usize + std::mem::size_of_val(b));
    a0 < b1 && b0 < a1
}

/// Runs the frame over all panels, split across `pool` when given.
///
/// # Safety
/// `ops` must point to buffers at least as long as [`GemmKernel::required_lengths`] (and `n`
/// for the bias, the packed data of an N × K [`PackedB`]); `bias`/`residual` may be 0 only
/// when the plan's epilogue does not use them. C must not overlap A, B or the bias; it may be
/// the residual itself (each element's residual is read before that element is written).
pub(crate) unsafe fn execute(
    kernel: &GemmKernel,
    pool: Option<&ThreadPool>,
    mut ops: RawOperands,
) -> Result<()> {
    let Some(repack) = &kernel.a_repack else {
        // SAFETY: forwarded.
        return unsafe { execute_panels(kernel, pool, ops) };
    };
    let p = kernel.plan();
    let mut scratch = repack.scratch.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let a = std::ptr::with_exposed_provenance::<f32>(ops.a);
    for r in 0..p.m {
        // SAFETY: row r of A (k elements at r·lda) is inside A by the caller's contract; the
        // scratch was sized (m-1)·repack.lda + k at build time.
        let row = unsafe { std::slice::from_raw_parts(a.add(r * p.lda), p.k) };
        scratch[r * repack.lda..r * repack.lda + p.k].copy_from_slice(row);
    }
    ops.a = scratch.as_ptr().expose_provenance();
    // SAFETY: A now points into the scratch (locked until we return), whose row stride is the
    // one the tiles were generated with.
    unsafe { execute_panels(kernel, pool, ops) }
}

/// [`execute`] after the optional copy of A.
///
/// # Safety
/// As for [`execute`], with A laid out with row stride `kernel.tile_lda()`.
unsafe fn execute_panels(kernel: &GemmKernel, pool: Option<&ThreadPool>, ops: RawOperands) -> Result<()> {
    let panels = kernel.plan().n.div_ceil(NR);
    match pool {
        Some(pool) if pool.threads() > 1 && panels > 1 => {
            let first_error: Mutex<Option<KernelError>> = Mutex::new(None);
            pool.run(&|t, nt| {
                let range = panels * t / nt..panels * (t + 1) / nt;
                // SAFETY: the caller's contract covers the operands; threads get disjoint
                // panel ranges, hence disjoint columns of C.
                if let Err(e) = unsafe { run_panels(kernel, ops, range) } {
                    if let Ok(mut slot) = first_error.lock() {
                        slot.get_or_insert(e);
                    }
                }
            })?;
            match first_error.into_inner() {
                Ok(Some(e)) => Err(e),
                _ => Ok(()),
            }
        }
        // SAFETY: the caller's contract covers the operands.
        _ => unsafe { run_panels(kernel, ops, 0..panels) },
    }
}

/// The frame loop for one thread's panels: panel → K block → M block.
///
/// # Safety
/// As for [`execute`]; the panel ranges of concurrent calls must be disjoint.
unsafe fn run_panels(kernel: &GemmKernel, ops: RawOperands, panels: Range<usize>) -> Result<()> {
    let p = *kernel.plan();
    let lda = kernel.tile_lda();
    let a = std::ptr::with_exposed_provenance::<f32>(ops.a);
    let b = std::ptr::with_exposed_provenance::<f32>(ops.b);
    let c = std::ptr::with_exposed_provenance_mut::<f32>(ops.c);
    let bias = std::ptr::with_exposed_provenance::<f32>(ops.bias);
    let residual = std::ptr::with_exposed_provenance::<f32>(ops.residual);
    let last_kb = kernel.k_blocks.len() - 1;
    let m_step = match (kernel.isa, &kernel.external) {
        (_, Some(_)) | (Isa::Avx512, None) => kernel.m_block,
        (Isa::Portable, None) => PORTABLE_MR,
    };
    for panel in panels {
        let col0 = panel * NR;
        let nr = NR.min(p.n - col0);
        for (kbi, kb) in kernel.k_blocks.iter().enumerate() {
            let b_blk = b.wrapping_add(panel * p.k * NR + kb.k0 * NR);
            for row0 in (0..p.m).step_by(m_step) {
                let mr = m_step.min(p.m - row0);
                let a_blk = a.wrapping_add(row0 * lda + kb.k0);
                let c_blk = c.wrapping_add(row0 * p.ldc + col0);
                match (kernel.isa, &kernel.external) {
                    (_, Some(ext)) => {
                        for h in (0..nr).step_by(ext.cols) {
                            let cols = ext.cols.min(nr - h);
                            let tile = ext.entry(mr, cols).ok_or(KernelError::Shape {
                                op: "gemm",
                                reason: format!("no external tile for {mr}x{cols}"),
                            })?;
                            // SAFETY: the tile reads `mr` rows of A from `a_blk` (row stride
                            // lda, K columns), K rows of the panel from column h (full
                            // vectors stay inside the zero-padded 32-column panel) and writes
                            // the mr × cols block of C at `c_blk + h`: inside the buffers by
                            // the caller's contract. Bias and residual are not read.
                            unsafe {
                                tile(a_blk, b_blk.wrapping_add(h), c_blk.wrapping_add(h), bias, residual)
                            };
                        }
                    }
                    (Isa::Avx512, None) => {
                        let tile = kernel.tile_for(kb.variant, mr != m_step, nr != NR).ok_or(
                            KernelError::Shape {
                                op: "gemm",
                                reason: format!("no tile generated for {mr}x{nr}"),
                            },
                        )?;
                        // SAFETY: the tile reads `mr` rows of A from `a_blk` (row stride
                        // lda, `kb.len` columns), `kb.len · 32` floats of the panel, `nr`
                        // columns of bias/residual, and writes the mr × nr block of C at
                        // `c_blk`: all inside the buffers by the caller's contract.
                        unsafe {
                            tile(
                                a_blk,
                                b_blk,
                                c_blk,
                                bias.wrapping_add(col0),
                                residual.wrapping_add(row0 * p.ldr + col0),
                            )
                        };
                    }
                    (Isa::Portable, None) => {
                        // SAFETY: these ranges are inside A, the packed panel and C by the
                        // caller's contract; C does not overlap A or B, and this thread owns
                        // columns col0..col0+nr of C.
                        let (a_s, b_s, c_s) = unsafe {
                            (
                                std::slice::from_raw_parts(a_blk, (mr - 1) * lda + kb.len),
                                std::slice::from_raw_parts(b_blk, kb.len * NR),
                                std::slice::from_raw_parts_mut(c_blk, (mr - 1) * p.ldc + nr),
                            )
                        };
                        let t = PortableTile { mr, nr, kc: kb.len, a: a_s, lda, b: b_s, load_c: kbi > 0 };
                        portable::tile(&t, c_s, p.ldc);
                    }
                }
                if kbi == last_kb && !kernel.frame_epilogue.is_empty() {
                    // SAFETY: same block of C the tile just wrote; bias/residual ranges are
                    // inside their buffers by the caller's contract.
                    unsafe {
                        frame_epilogue(
                            &kernel.frame_epilogue,
                            c_blk,
                            p.ldc,
                            bias.wrapping_add(col0),
                            residual.wrapping_add(row0 * p.ldr + col0),
                            p.ldr,
                            mr,
                            nr,
                        )
                    };
                }
            }
        }
    }
    Ok(())
}

/// Applies bias / activation / residual to an `mr × nr` block of C right after its tile (hot
/// in L1). Element-wise reads and writes through raw pointers, so C may be the residual.
///
/// # Safety
/// The blocks must be inside their buffers; `bias`/`residual` are read only when enabled.
#[expect(clippy::too_many_arguments, reason = "one pointer and stride per operand")]
unsafe fn frame_epilogue(
    ep: &FrameEpilogue,
    c: *mut f32,
    ldc: usize,
    bias: *const f32,
    residual: *const f32,
    ldr: usize,
    mr: usize,
    nr: usize,
) {
    for r in 0..mr {
        for j in 0..nr {
            // SAFETY: inside the blocks by the caller's contract.
            unsafe {
                let dst = c.add(r * ldc + j);
                let mut x = dst.read();
                if ep.bias {
                    x += bias.add(j).read();
                }
                x = ep.activation.apply(x);
                if ep.residual {
                    x += residual.add(r * ldr + j).read();
                }
                dst.write(x);
            }
        }
    }
}
