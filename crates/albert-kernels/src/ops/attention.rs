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

/// Runs every (batch, head) pair of a validated attention call.
#[expect(clippy::too_many_arguments, reason = "operands of a validated call")]
pub(super) fn run(
    isa: Isa,
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
            let mut out = |t: usize, row: &[f32]| {
                let at = (b * s.seq + t) * s.ld_ctx + h * s.dh;
                // SAFETY: pair (b, h) writes only columns h·dh..(h+1)·dh of the rows of
                // sequence b; the threads' pair ranges are disjoint, and each slice lives
                // only for this copy.
                unsafe { ctx.slice(at, s.dh) }.copy_from_slice(row);
            };
            match isa {
                #[cfg(target_arch = "x86_64")]
                Isa::Avx512 => super::avx512_attention::attention_head(&head, scratch, &mut out),
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
