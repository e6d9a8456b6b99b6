//! The bf16 frame loop (the `unsafe` half of [`crate::frame::bf16`]): checks every length,
//! converts A to bf16 into the kernel's scratch, then walks panels, K blocks and M blocks
//! calling the generated tiles, split over the pool by N panels exactly as the fp32 frame
//! (`exec.rs`) does.
#![expect(
    unsafe_code,
    reason = "AVX512_BF16 intrinsics, calling generated code with raw pointers, and writing disjoint column ranges of C from several threads"
)]

use super::bf16::{Bf16GemmKernel, FrameEpilogue, NR};
use crate::error::{KernelError, Result};
use crate::frame::pack_bf16::{PackedBf16, PAIR_ROW};
use crate::frame::Activation;
use crate::generic::bf16::f32_to_bf16;
use crate::pool::ThreadPool;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Operand addresses (exposed provenance), so a job closure holding them is `Sync`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawOperands {
    /// f32 A on entry to [`execute`], the bf16 scratch after the conversion.
    pub(crate) a: usize,
    pub(crate) b: usize,
    pub(crate) c: usize,
    pub(crate) bias: usize,
    pub(crate) residual: usize,
}

/// Checks that `b` was packed for this kernel's N × K.
pub(crate) fn check_packed(kernel: &Bf16GemmKernel, b: &PackedBf16) -> Result<()> {
    let p = kernel.plan();
    if b.n() != p.n || b.k() != p.k {
        return Err(KernelError::PackedShape { got_n: b.n(), got_k: b.k(), want_n: p.n, want_k: p.k });
    }
    Ok(())
}

fn need(operand: &'static str, actual: usize, expected: usize) -> Result<()> {
    if actual < expected {
        return Err(KernelError::Length { operand, expected, actual });
    }
    Ok(())
}

fn check_operand(operand: &'static str, planned: bool, given: Option<usize>, len: usize) -> Result<()> {
    match (planned, given) {
        (true, Some(actual)) => need(operand, actual, len),
        (false, None) => Ok(()),
        (true, None) => {
            Err(KernelError::Epilogue { operand, reason: "the plan adds it but none was passed" })
        }
        (false, Some(_)) => Err(KernelError::Epilogue { operand, reason: "passed to a plan without it" }),
    }
}

/// The safe entry: checks lengths and epilogue operands, converts A, then runs.
pub(crate) fn run_checked(
    kernel: &Bf16GemmKernel,
    pool: Option<&ThreadPool>,
    a: &[f32],
    b: &PackedBf16,
    c: &mut [f32],
    bias: Option<&[f32]>,
    residual: Option<&[f32]>,
) -> Result<()> {
    let p = *kernel.plan();
    check_packed(kernel, b)?;
    let (need_a, need_c, need_r) = kernel.required_lengths();
    need("a", a.len(), need_a)?;
    need("c", c.len(), need_c)?;
    check_operand("bias", p.epilogue.bias, bias.map(<[f32]>::len), p.n)?;
    check_operand("residual", p.epilogue.residual, residual.map(<[f32]>::len), need_r)?;

    let ops = RawOperands {
        a: a.as_ptr().expose_provenance(),
        b: b.data().as_ptr().expose_provenance(),
        c: c.as_mut_ptr().expose_provenance(),
        bias: bias.map_or(0, |s| s.as_ptr().expose_provenance()),
        residual: residual.map_or(0, |s| s.as_ptr().expose_provenance()),
    };
    // SAFETY: every buffer was checked above to cover what the plan reads or writes; `c` is
    // borrowed mutably for the whole call and the others immutably, so nothing else touches
    // them meanwhile (and C overlaps nothing); `b` matches the plan's N × K.
    unsafe { execute(kernel, pool, ops) }
}

/// Converts A into the kernel's bf16 scratch, then runs the frame over all panels.
///
/// # Safety
/// `ops` must point to buffers covering [`Bf16GemmKernel::required_lengths`] (A and C and the
/// residual as f32, `n` floats of bias, B the data of an N × K [`PackedBf16`]); `bias` and
/// `residual` may be 0 only when the plan does not use them. C must not overlap A, B or the
/// bias, nor the residual when the frame applies it (`frame_epilogue.residual`): the tile
/// reads each residual element before writing it, the frame does not.
pub(crate) unsafe fn execute(
    kernel: &Bf16GemmKernel,
    pool: Option<&ThreadPool>,
    mut ops: RawOperands,
) -> Result<()> {
    let a = ops.a;
    let mut guard = kernel.scratch.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // Rows start on a cache line (the scratch has one line to spare, see `build`).
    let offset = guard.as_ptr().align_offset(64).min(32);
    let scratch = guard[offset..].as_mut_ptr().expose_provenance();
    ops.a = scratch;
    // SAFETY: A is converted (by the threads, each its rows, before any reads it) into the
    // scratch, locked until we return: m rows of `a_lda ≥ 2·kp` bf16, zero-padded; the rest
    // is the caller's contract.
    unsafe { execute_panels(kernel, pool, ops, Some(a)) }
}

/// Converts rows `rows` of the f32 A at `src` (row stride `lda`) into the bf16 scratch at
/// `dst` (row stride `kernel.a_lda`).
///
/// # Safety
/// `src` must hold the plan's M rows of A, `dst` the kernel's locked scratch; concurrent
/// calls must convert disjoint rows.
unsafe fn convert_rows(kernel: &Bf16GemmKernel, src: usize, dst: usize, rows: Range<usize>) {
    let p = kernel.plan();
    let (src, dst) =
        (std::ptr::with_exposed_provenance::<f32>(src), std::ptr::with_exposed_provenance_mut::<u16>(dst));
    for r in rows {
        // SAFETY: row r of A (k floats at r·lda) is inside A, and row r of the scratch
        // (k bf16 at r·a_lda) inside the scratch, by the caller's contract; a kernel exists
        // only if `build` found AVX-512F and AVX512_BF16 on this CPU.
        unsafe {
            convert_row(
                std::slice::from_raw_parts(src.add(r * p.lda), p.k),
                std::slice::from_raw_parts_mut(dst.add(r * kernel.a_lda), p.k),
            )
        };
    }
}

/// `dst[i] = f32_to_bf16(src[i])` with `vcvtneps2bf16`, 16 at a time (the scalar function
/// is the same rounding, see `generic::bf16`).
///
/// # Safety
/// The CPU must support AVX-512F and AVX512_BF16.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bf16")]
pub(crate) unsafe fn convert_row(src: &[f32], dst: &mut [u16]) {
    use std::arch::x86_64::{__m256i, _mm256_storeu_si256, _mm512_cvtneps_pbh, _mm512_loadu_ps};
    let n = src.len().min(dst.len());
    let chunks = n / 16;
    for i in 0..chunks {
        let s = &src[16 * i..16 * i + 16];
        let d = &mut dst[16 * i..16 * i + 16];
        // SAFETY: `s` holds 16 f32 and `d` 16 u16 (32 bytes); both intrinsics are unaligned
        // accesses, and the CPU features are the caller's contract.
        unsafe {
            let v = _mm512_loadu_ps(s.as_ptr());
            let h: __m256i = std::mem::transmute(_mm512_cvtneps_pbh(v));
            _mm256_storeu_si256(d.as_mut_ptr().cast(), h);
        }
    }
    for i in 16 * chunks..n {
        dst[i] = f32_to_bf16(src[i]);
    }
}

/// The same conversion in scalar code, for the architectures without `vcvtneps2bf16`
/// (where `build` refuses to make a kernel, so this only keeps the crate compiling).
///
/// # Safety
/// None; `unsafe` only to match the x86-64 signature.
#[cfg(not(target_arch = "x86_64"))]
unsafe fn convert_row(src: &[f32], dst: &mut [u16]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = f32_to_bf16(*s);
    }
}

/// Runs the frame over all panels, split across `pool` when given. With `convert` (the f32
/// A), each thread first converts its share of A's rows into the scratch `ops.a`, and no
/// thread reads A before every thread has converted its rows (a spin barrier inside the
/// job: the rows are split for the conversion, the panels for the GEMM, and every panel
/// needs every row). On the Intel Xeon with AMX the serial conversion was ~5 % of the bf16
/// forward at seq 512 on two threads.
///
/// # Safety
/// `ops` must point to buffers covering what the plan reads and writes (A as the bf16
/// scratch with row stride `kernel.a_lda`, B the data of an N × K [`PackedBf16`]);
/// `bias`/`residual` may be 0 only when the plan does not use them; C overlaps nothing.
/// `convert`, when given, is the f32 A of [`convert_rows`].
unsafe fn execute_panels(
    kernel: &Bf16GemmKernel,
    pool: Option<&ThreadPool>,
    ops: RawOperands,
    convert: Option<usize>,
) -> Result<()> {
    let panels = kernel.plan().n.div_ceil(NR);
    let m = kernel.plan().m;
    match pool {
        Some(pool) if pool.threads() > 1 && panels > 1 => {
            let first_error: Mutex<Option<KernelError>> = Mutex::new(None);
            let converted = AtomicUsize::new(0);
            /// Counts a thread's conversion as done even if it unwinds, so no thread waits
            /// forever on a panicked one (the pool reports the panic).
            struct Arrived<'a>(&'a AtomicUsize);
            impl Drop for Arrived<'_> {
                fn drop(&mut self) {
                    self.0.fetch_add(1, Ordering::Release);
                }
            }
            pool.run(&|t, nt| {
                if let Some(src) = convert {
                    let arrived = Arrived(&converted);
                    // SAFETY: the caller's contract; threads convert disjoint rows.
                    unsafe { convert_rows(kernel, src, ops.a, m * t / nt..m * (t + 1) / nt) };
                    drop(arrived);
                    while converted.load(Ordering::Acquire) < nt {
                        std::hint::spin_loop();
                    }
                }
                let range = panels * t / nt..panels * (t + 1) / nt;
                // SAFETY: the caller's contract covers the operands; A is converted (above);
                // threads get disjoint panel ranges, hence disjoint columns of C.
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
        _ => {
            if let Some(src) = convert {
                // SAFETY: the caller's contract.
                unsafe { convert_rows(kernel, src, ops.a, 0..m) };
            }
            // SAFETY: the caller's contract covers the operands.
            unsafe { run_panels(kernel, ops, 0..panels) }
        }
    }
}

/// The frame loop for one thread's panels: panel → K block → M block.
///
/// # Safety
/// As for [`execute_panels`]; the panel ranges of concurrent calls must be disjoint.
unsafe fn run_panels(kernel: &Bf16GemmKernel, ops: RawOperands, panels: Range<usize>) -> Result<()> {
    let p = *kernel.plan();
    let kp = p.k.div_ceil(2);
    let a = std::ptr::with_exposed_provenance::<u16>(ops.a);
    let b = std::ptr::with_exposed_provenance::<u16>(ops.b);
    let c = std::ptr::with_exposed_provenance_mut::<f32>(ops.c);
    let bias = std::ptr::with_exposed_provenance::<f32>(ops.bias);
    let residual = std::ptr::with_exposed_provenance::<f32>(ops.residual);
    let last_kb = kernel.k_blocks.len() - 1;
    let m_step = kernel.m_block;
    // AMX runs first: chunks of whole M blocks of A, each chunk over all of this thread's
    // panels (the chunk stays in L2), whole 16-pair chunks of K.
    let covered = if kernel.run_blocks > 0 { p.m / m_step * m_step } else { 0 };
    let k_tail = kernel.run_pairs < kp;
    let chunk_rows = kernel.run_blocks * m_step;
    // The frame's part of the epilogue on the `rows × nr` block of C at (row0, col0).
    let epilogue = |row0: usize, col0: usize, rows: usize, nr: usize| {
        // SAFETY: the block of C a tile or run just wrote; bias and residual blocks are
        // inside their buffers by the caller's contract.
        unsafe {
            frame_epilogue(
                &kernel.frame_epilogue,
                c.wrapping_add(row0 * p.ldc + col0),
                p.ldc,
                bias.wrapping_add(col0),
                residual.wrapping_add(row0 * p.ldr + col0),
                p.ldr,
                rows,
                nr,
            )
        };
    };
    for row0 in (0..covered).step_by(chunk_rows.max(1)) {
        let rows = chunk_rows.min(covered - row0);
        for panel in panels.clone() {
            let col0 = panel * NR;
            let nr = NR.min(p.n - col0);
            let run = kernel.run_for(rows != chunk_rows, nr != NR).ok_or(KernelError::Shape {
                op: "bf16 gemm",
                reason: format!("no AMX run generated for {rows}x{nr}"),
            })?;
            let c_blk = c.wrapping_add(row0 * p.ldc + col0);
            // SAFETY: the run reads `rows` rows of the bf16 scratch from row `row0` (stride
            // a_lda, `2·run_pairs` elements), `run_pairs · 64` bf16 of the panel, and writes
            // the rows × nr block of C at `c_blk`: inside the buffers by the caller's contract.
            unsafe {
                run(
                    a.wrapping_add(row0 * kernel.a_lda),
                    b.wrapping_add(panel * kp * PAIR_ROW),
                    c_blk,
                    bias.wrapping_add(col0),
                    residual.wrapping_add(row0 * p.ldr + col0),
                )
            };
            if !k_tail && !kernel.frame_epilogue.is_empty() {
                epilogue(row0, col0, rows, nr);
            }
        }
    }
    for panel in panels {
        let col0 = panel * NR;
        let nr = NR.min(p.n - col0);
        for (kbi, kb) in kernel.k_blocks.iter().enumerate() {
            let b_blk = b.wrapping_add(panel * kp * PAIR_ROW + kb.q0 * PAIR_ROW);
            for row0 in (0..p.m).step_by(m_step) {
                let mr = m_step.min(p.m - row0);
                let a_blk = a.wrapping_add(row0 * kernel.a_lda + 2 * kb.q0);
                let c_blk = c.wrapping_add(row0 * p.ldc + col0);
                let in_run = row0 < covered;
                if !(in_run && kb.q0 < kernel.run_pairs) {
                    let tile =
                        kernel.tile_for(kb.variant, mr != m_step, nr != NR).ok_or(KernelError::Shape {
                            op: "bf16 gemm",
                            reason: format!("no tile generated for {mr}x{nr}"),
                        })?;
                    // SAFETY: the tile reads `mr` rows of the bf16 scratch from `a_blk` (row
                    // stride a_lda, `2·kb.len` elements), `kb.len · 64` bf16 of the panel, `nr`
                    // columns of bias/residual, and writes the mr × nr block of C at `c_blk`: all
                    // inside the buffers by the caller's contract.
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
                // A run already applied the epilogue to its rows unless a K tail follows.
                if kbi == last_kb && !kernel.frame_epilogue.is_empty() && (!in_run || k_tail) {
                    epilogue(row0, col0, mr, nr);
                }
            }
        }
    }
    Ok(())
}

/// Applies the bias (AMX only), the activation, then the residual, to an `mr × nr` block of
/// C right after its
/// tile (hot in L1), in f32 with the vectorisable functions of [`crate::ops::math`] (the
/// same ones, compiled here for zmm, that the reference applies one value at a time: they
/// are bit-identical, see that module).
///
/// # Safety
/// The blocks must be inside their buffers and not overlap; `bias` (`nr` floats) and
/// `residual` are read only when enabled; the CPU must have AVX-512F (it has: the kernel was
/// built).
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
    let bias = if ep.bias {
        // SAFETY: `nr` bias values from `bias` are inside the bias by the caller's contract.
        Some(unsafe { std::slice::from_raw_parts(bias, nr) })
    } else {
        None
    };
    for r in 0..mr {
        // SAFETY: row r of the C block is inside C by the caller's contract, C overlaps
        // nothing, and this thread owns these columns.
        let row = unsafe { std::slice::from_raw_parts_mut(c.add(r * ldc), nr) };
        let res = if ep.residual {
            // SAFETY: row r of the residual block is inside the residual by the contract.
            Some(unsafe { std::slice::from_raw_parts(residual.add(r * ldr), nr) })
        } else {
            None
        };
        if ep.fast {
            // SAFETY: the kernel was built, so the CPU has AVX-512F.
            unsafe { epilogue_row_fast(bias, ep.activation, row, res) };
        } else {
            // SAFETY: the kernel was built, so the CPU has AVX-512F.
            unsafe { epilogue_row(bias, ep.activation, row, res) };
        }
    }
}

/// The AMX tiles' epilogue (`FrameEpilogue::fast`): `row = act(row + bias) + residual` in
/// zmm registers with FMA, 16 columns at a time (a masked tail), `gelu_new` as
/// `x / (1 + e^{-2u})` with the `vscalefps` exponential of the attention kernels (≤ 2 ulp).
/// The AMX sums are not bit-exact anyway (see `generic::bf16::tdpbf16ps_chunk`), so this
/// need not match [`crate::ops::math`] bit for bit; it is within 2^-16 relative of it (the
/// unit test below: the exponential's argument `-2u` carries its own rounding, `|2u|·2^-24`). On the
/// Intel Xeon with AMX the bit-exact epilogue took ~30 % of the FFN-up GEMM (GELU) and ~8 % of
/// the QKV GEMM (bias). Other activations take the bit-exact path.
///
/// # Safety
/// The CPU must support AVX-512F; the slices as for [`epilogue_row`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn epilogue_row_fast(
    bias: Option<&[f32]>,
    act: Activation,
    row: &mut [f32],
    residual: Option<&[f32]>,
) {
    use std::arch::x86_64::*;
    if !matches!(act, Activation::Identity | Activation::Relu | Activation::GeluNew) {
        epilogue_body(bias, act, row, residual);
        return;
    }
    let n = row.len();
    for c0 in (0..n).step_by(16) {
        let k: __mmask16 = if n - c0 >= 16 { 0xFFFF } else { (1u16 << (n - c0)) - 1 };
        // SAFETY: the masked lanes c0..min(c0 + 16, n) are inside `row`, `bias` (n values)
        // and `residual` (n values); masked-off lanes are not accessed.
        unsafe {
            let p = row.as_mut_ptr().add(c0);
            let mut x = _mm512_maskz_loadu_ps(k, p);
            if let Some(b) = bias {
                x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(k, b.as_ptr().add(c0)));
            }
            x = match act {
                Activation::Relu => _mm512_max_ps(x, _mm512_setzero_ps()),
                Activation::GeluNew => {
                    // -2u = -2·√(2/π)·(x + 0.044715·x³)
                    let x2 = _mm512_mul_ps(x, x);
                    let inner = _mm512_fmadd_ps(_mm512_mul_ps(x2, _mm512_set1_ps(0.044_715)), x, x);
                    let e = crate::ops::avx512_exp16(_mm512_mul_ps(inner, _mm512_set1_ps(-1.595_769_2)));
                    // x / d as x · (1/d): `vrcp14ps` and one Newton step (relative error
                    // ~2^-27) instead of `vdivps`, which issues once per 16 cycles on the Intel
                    // Xeon with AMX and made this epilogue ~9 % of the bf16 forward at seq 512.
                    let d = _mm512_add_ps(e, _mm512_set1_ps(1.0));
                    let r = _mm512_rcp14_ps(d);
                    let r = _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(2.0)));
                    _mm512_mul_ps(x, r)
                }
                _ => x,
            };
            if let Some(r) = residual {
                x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(k, r.as_ptr().add(c0)));
            }
            _mm512_mask_storeu_ps(p, k, x);
        }
    }
}

/// The same without zmm, for the architectures where no kernel is ever built.
///
/// # Safety
/// None; `unsafe` only to match the x86-64 signature.
#[cfg(not(target_arch = "x86_64"))]
unsafe fn epilogue_row_fast(
    bias: Option<&[f32]>,
    act: Activation,
    row: &mut [f32],
    residual: Option<&[f32]>,
) {
    epilogue_body(bias, act, row, residual);
}

/// `row = act(row (+ bias)) (+ residual)`, vectorised with zmm.
///
/// # Safety
/// The CPU must support AVX-512F.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn epilogue_row(bias: Option<&[f32]>, act: Activation, row: &mut [f32], residual: Option<&[f32]>) {
    epilogue_body(bias, act, row, residual);
}

/// The same without zmm, for the architectures where no kernel is ever built.
///
/// # Safety
/// None; `unsafe` only to match the x86-64 signature.
#[cfg(not(target_arch = "x86_64"))]
unsafe fn epilogue_row(bias: Option<&[f32]>, act: Activation, row: &mut [f32], residual: Option<&[f32]>) {
    epilogue_body(bias, act, row, residual);
}

#[inline(always)]
fn epilogue_body(bias: Option<&[f32]>, act: Activation, row: &mut [f32], residual: Option<&[f32]>) {
    if let Some(b) = bias {
        for (x, b) in row.iter_mut().zip(b) {
            *x += *b;
        }
    }
    crate::ops::portable::activation_body(act, row);
    if let Some(res) = residual {
        for (x, r) in row.iter_mut().zip(res) {
            *x += *r;
        }
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;

    /// The fast (AMX) epilogue against the bit-exact one over a dense sweep of inputs, for
    /// every activation, with and without bias and residual: within 2^-16 of the terms'
    /// magnitude (`|result| + |residual|`).
    #[test]
    fn fast_epilogue_tracks_the_exact_one() {
        if !crate::CpuFeatures::detect().avx512f {
            eprintln!("skipped: this CPU lacks AVX-512F, the bf16 epilogue cannot run");
            return;
        }
        for act in Activation::ALL {
            for n in [1usize, 15, 16, 17, 31, 32] {
                for step in 0..2000 {
                    let x0 = -30.0 + 60.0 * step as f32 / 2000.0;
                    let row0: Vec<f32> = (0..n).map(|j| x0 + 0.013 * j as f32).collect();
                    let bias: Vec<f32> = (0..n).map(|j| 0.1 * j as f32 - 1.0).collect();
                    let res: Vec<f32> = (0..n).map(|j| 0.5 - 0.03 * j as f32).collect();
                    for (b, r) in [(None, None), (Some(&bias[..]), Some(&res[..]))] {
                        let mut exact = row0.clone();
                        epilogue_body(b, act, &mut exact, r);
                        let mut fast = row0.clone();
                        // SAFETY: AVX-512F was detected above.
                        unsafe { epilogue_row_fast(b, act, &mut fast, r) };
                        for (j, (&e, &f)) in exact.iter().zip(&fast).enumerate() {
                            // Relative to the terms: a residual that cancels the activation
                            // leaves a small sum whose own relative error says nothing.
                            let res_j = r.map_or(0.0, |r| r[j].abs());
                            let tol = 2f32.powi(-16) * (e.abs() + res_j) + 1e-30;
                            assert!(
                                (e - f).abs() <= tol,
                                "{act:?} n={n} x={}: exact {e:e}, fast {f:e}",
                                row0[j]
                            );
                        }
                    }
                }
            }
        }
    }
}
