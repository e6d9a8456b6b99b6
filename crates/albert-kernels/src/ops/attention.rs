//! The attention frame: splits (batch, head) pairs over the pool's threads and hands each
//! kernel call its own scratch block and a writer for its columns of `ctx`.
//!
//! Threads write interleaved column ranges of the same `ctx` rows (head `h` owns columns
//! `h·dh..(h+1)·dh`), which safe slices cannot express, hence the one raw-pointer type here.
#![expect(unsafe_code, reason = "several threads write disjoint, interleaved column ranges of ctx")]

use super::{AttentionShape, HeadView};
use crate::cpu::Isa;
use crate::error::Result;
use crate::pool::ThreadPool;
use std::marker::PhantomData;

/// A `&mut [f32]` that several threads may carve disjoint sub-slices from.
struct SharedMut<'a> {
    ptr: *mut f32,
    len: usize,
    _borrow: PhantomData<&'a mut [f32]>,
}

// SAFETY: a `SharedMut` only hands out sub-slices through the `unsafe fn slice`, whose callers
// guarantee that concurrently used sub-slices are disjoint; f32 is Send.
unsafe impl Sync for SharedMut<'_> {}

impl<'a> SharedMut<'a> {
    fn new(s: &'a mut [f32]) -> Self {
        Self { ptr: s.as_mut_ptr(), len: s.len(), _borrow: PhantomData }
    }

    /// A raw pointer to `start`, after checking that `start..start + len` is inside the
    /// buffer; no reference is formed, so other threads' interleaved columns in that range
    /// are not aliased.
    fn ptr_at(&self, start: usize, len: usize) -> *mut f32 {
        assert!(start.checked_add(len).is_some_and(|end| end <= self.len), "SharedMut range");
        self.ptr.wrapping_add(start)
    }

    /// `len` floats from `start`.
    ///
    /// # Safety
    /// No other live slice obtained from `self` may overlap `start..start + len`.
    ///
    /// # Panics
    /// When the range is outside the buffer (the ops check lengths first, so never).
    #[expect(clippy::mut_from_ref, reason = "disjointness is the caller's contract")]
    unsafe fn slice(&self, start: usize, len: usize) -> &mut [f32] {
        assert!(start.checked_add(len).is_some_and(|end| end <= self.len), "SharedMut range");
        // SAFETY: in bounds (asserted), the buffer is mutably borrowed for 'a, and the caller
        // guarantees no overlapping slice is alive.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.add(start), len) }
    }
}

/// `head(q, mask, ctx, scratch)`: one (batch, head) pair of attention, generated elsewhere
/// (the Cranelift f32x4 kernels of `albert-codegen`: NEON, SSE) for fixed `seq`, `dh`,
/// `heads`, strides and scale. `q` is the pair's first Q row (K and V follow at `+H` and
/// `+2H` columns, rows `ld_qkv` apart), `mask` the sequence's `seq` mask values, `ctx` the
/// pair's first output row (rows `ld_ctx` apart, `dh` columns written), `scratch` at least
/// `seq + dh + 2` floats of the thread's own.
pub type HeadFn = unsafe extern "C" fn(q: *const f32, mask: *const f32, ctx: *mut f32, scratch: *mut f32);

/// A generated per-head attention kernel and the shape it was generated for.
pub struct ExternalAttention {
    /// The entry point.
    pub entry: HeadFn,
    /// The shape (scale and strides included) its code is specialised on.
    pub shape: AttentionShape,
    /// Keeps the code alive.
    pub keepalive: std::sync::Arc<dyn std::any::Any + Send + Sync>,
}

impl std::fmt::Debug for ExternalAttention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalAttention").field("shape", &self.shape).finish_non_exhaustive()
    }
}

/// Which kernel computes a head.
#[derive(Clone, Copy)]
pub(super) enum HeadKernel<'a> {
    /// A kernel family of this crate.
    Family(
        #[cfg_attr(
            not(target_arch = "x86_64"),
            expect(
                dead_code,
                reason = "read only by the x86-64 AVX-512 arm; aarch64 has the portable family"
            )
        )]
        Isa,
    ),
    /// A generated kernel.
    External(&'a ExternalAttention),
    /// The AVX-512 family with QKᵀ and P·V on `vdpbf16ps` (`--precision bf16`).
    Bf16,
    /// QKᵀ and P·V on the AMX tiles generated for this shape (`--precision bf16` on AMX).
    #[cfg(all(target_arch = "x86_64", feature = "asm"))]
    Amx(&'a super::amx_attention::HeadTiles),
}

/// Runs every (batch, head) pair of a validated attention call.
#[expect(clippy::too_many_arguments, reason = "operands of a validated call")]
pub(super) fn run(
    kernel: HeadKernel<'_>,
    pool: Option<&ThreadPool>,
    qkv: &[f32],
    mask: &[f32],
    s: &AttentionShape,
    ctx: &mut [f32],
    scratch: &mut [f32],
    per_thread: usize,
) -> Result<()> {
    let pairs = s.batch * s.heads;
    let ctx = SharedMut::new(ctx);
    let scratch = SharedMut::new(scratch);
    let job = |t: usize, nt: usize| {
        // SAFETY: thread t alone uses scratch block t (the caller checked that the scratch
        // has a block for each of the pool's threads).
        let scratch = unsafe { scratch.slice(t * per_thread, per_thread) };
        for pair in pairs * t / nt..pairs * (t + 1) / nt {
            let (b, h) = (pair / s.heads, pair % s.heads);
            let head = HeadView { qkv, mask: &mask[b * s.seq..(b + 1) * s.seq], b, h, s };
            if let HeadKernel::External(ext) = kernel {
                let q = head.row(0, 0).as_ptr();
                let at = (b * s.seq) * s.ld_ctx + h * s.dh;
                // SAFETY: the caller validated every length against `s`, which equals the
                // shape the kernel was generated for: it reads `seq` rows of Q, K and V of
                // this pair inside `qkv` and `seq` mask values, writes columns h·dh..(h+1)·dh
                // of the `seq` rows of sequence b (disjoint from every other pair's, and
                // the thread ranges are disjoint) and uses its own scratch block, which
                // holds at least `seq + dh + 2` floats (checked by the caller).
                let out = ctx.ptr_at(at, (s.seq - 1) * s.ld_ctx + s.dh);
                unsafe { (ext.entry)(q, head.mask.as_ptr(), out, scratch.as_mut_ptr()) };
                continue;
            }
            let mut out = |t: usize, row: &[f32]| {
                let at = (b * s.seq + t) * s.ld_ctx + h * s.dh;
                // SAFETY: pair (b, h) writes only columns h·dh..(h+1)·dh of the rows of
                // sequence b; the threads' pair ranges are disjoint, and each slice lives
                // only for this copy.
                unsafe { ctx.slice(at, s.dh) }.copy_from_slice(row);
            };
            match kernel {
                #[cfg(target_arch = "x86_64")]
                HeadKernel::Family(Isa::Avx512) => {
                    super::avx512_attention::attention_head(&head, scratch, &mut out)
                }
                #[cfg(target_arch = "x86_64")]
                HeadKernel::Bf16 => super::avx512_attention::attention_head_bf16(&head, scratch, &mut out),
                #[cfg(all(target_arch = "x86_64", feature = "asm"))]
                HeadKernel::Amx(tiles) => super::amx_attention::attention_head_amx(&head, tiles, &mut out),
                _ => super::portable::attention_head(&head, scratch, &mut out),
            }
        }
    };
    // Waking a parked worker costs 5–100 µs (more on a loaded machine): measured at s = 8
    // (16 heads, 0.5 M multiply-adds, 18 µs on one thread) two threads took 120 µs. Below
    // 1 M multiply-adds (s ≈ 32 at 16 heads × 64) one thread is faster.
    let work = s.seq * s.seq * s.dh * pairs;
    match pool {
        Some(pool) if pool.threads() > 1 && pairs > 1 && work >= 1 << 20 => pool.run(&job),
        _ => {
            job(0, 1);
            Ok(())
        }
    }
}
