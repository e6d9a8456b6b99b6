//! AMX attention for one (batch, head) pair (`--precision bf16` on CPUs with AMX-BF16): the
//! bf16 attention of [`super::avx512_attention`] with QKᵀ and P·V on the AMX tiles of
//! [`crate::x86_64::amx::gemm_bf16`] instead of `vdpbf16ps`, which issues at half the fp32 FMA
//! rate on the Intel Xeons that have AMX.
//!
//! Per pair, in a thread-local buffer whose every part starts on a cache line (a tile row
//! that straddles lines costs 3×, see `examples/amx_probe.rs`):
//! - `Q` as bf16 pairs, rows of `dh/2` pairs (zero rows up to a multiple of 32): the A tile;
//! - `K` in panels of [`KEY_PANEL`] keys, pair rows of 32 keys (128 bytes): the B tile, as the
//!   `vdpbf16ps` kernel packs it;
//! - `V` in panels of 32 columns, pair rows of two keys (128 bytes), zero keys up to a
//!   multiple of 32.
//!
//! Then per block of 32 queries: the 32 × 32 score tiles over all key panels, the softmax
//! rows in fp32 (the same `softmax_row` as the other kernels), the probabilities rounded to
//! bf16 pairs, and the 32 × 32 `P·V` tiles over all keys, scaled by `1/Σ` on the way out.
//! The tiles are generated once per (seq, dh) and kept for the process.
#![expect(unsafe_code, reason = "calling generated AMX tiles on raw pointers into checked, aligned buffers")]

use super::avx512_attention::{pack_pairs, score_stride, softmax_row};
use super::{HeadView, KEY_PANEL};
use crate::error::Result;
use crate::exec_mem::ExecBuffer;
use crate::frame::bf16_exec::convert_row;
use crate::x86_64::amx::gemm_bf16::{self as amx_gen, AmxTileSpec};
use crate::x86_64::avx512::gemm_bf16::Bf16GemmTileFn;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Queries per block: one 32-row AMX block (two rows of C tiles).
const QB: usize = 32;
/// Columns of a V panel (one 32-column AMX block).
const V_PANEL: usize = 32;

/// Whether the AMX kernel takes heads of width `dh`: whole 32-column V panels, Q rows of
/// whole cache lines (`dh/2` pairs = `2·dh` bytes), and at most 512 (its row buffers).
pub(super) fn supports(dh: usize) -> bool {
    dh > 0 && dh.is_multiple_of(32) && dh <= 512
}

/// The two tiles of a (seq, dh) shape.
pub(super) struct HeadTiles {
    code: ExecBuffer,
    qk: Bf16GemmTileFn,
    pv: Bf16GemmTileFn,
    seq: usize,
    dh: usize,
}

/// The process's tiles by (seq, dh).
type TileCache = Mutex<HashMap<(usize, usize), Arc<HeadTiles>>>;

/// The tiles for `seq` keys of width `dh` (generated on first use, then shared).
pub(super) fn tiles(seq: usize, dh: usize) -> Result<Arc<HeadTiles>> {
    static CACHE: OnceLock<TileCache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(t) = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&(seq, dh)) {
        return Ok(t.clone());
    }
    let (dp, seq_k) = (dh / 2, seq.next_multiple_of(KEY_PANEL));
    let qk =
        AmxTileSpec { mr: QB, nr: KEY_PANEL, kp: dp, lda: 2 * dp, ldc: score_stride(seq), load_c: false };
    let pv = AmxTileSpec { mr: QB, nr: V_PANEL, kp: seq_k / 2, lda: seq_k, ldc: dh, load_c: false };
    let mut bytes = amx_gen::assemble(&qk)?;
    bytes.resize(bytes.len().next_multiple_of(64), 0xCC);
    let pv_at = bytes.len();
    bytes.extend(amx_gen::assemble(&pv)?);
    let code = ExecBuffer::new(&bytes)?;
    let missing = || crate::KernelError::Assemble {
        kernel: "amx attention".into(),
        message: "entry point outside the code buffer".into(),
    };
    // SAFETY: offsets 0 and `pv_at` start the two tiles assembled just above, which follow the
    // `Bf16GemmTileFn` ABI; the pointers are kept next to `code` in the `HeadTiles`.
    let (qk_fn, pv_fn) = unsafe { (code.entry::<Bf16GemmTileFn>(0), code.entry::<Bf16GemmTileFn>(pv_at)) };
    let tiles =
        Arc::new(HeadTiles { qk: qk_fn.ok_or_else(missing)?, pv: pv_fn.ok_or_else(missing)?, code, seq, dh });
    cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert((seq, dh), tiles.clone());
    Ok(tiles)
}

impl std::fmt::Debug for HeadTiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HeadTiles(seq {}, dh {}, {} bytes)", self.seq, self.dh, self.code.bytes().len())
    }
}

thread_local! {
    /// Packed Q, K, V and P (pairs), the score block and the output block (grow, never shrink).
    static STATE: RefCell<(Vec<u32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// `len` elements of `v` from its first 64-byte boundary (grown as needed).
fn aligned<T: Copy + Default>(v: &mut Vec<T>, len: usize) -> &mut [T] {
    let slack = 64 / std::mem::size_of::<T>();
    if v.len() < len + slack {
        v.resize(len + slack, T::default());
    }
    let off = v.as_ptr().align_offset(64).min(slack);
    &mut v[off..off + len]
}

/// One (batch, head) pair on AMX. The caller checked that the CPU has AVX-512F, AVX512_BF16
/// and AMX-BF16 with the tile state granted, that `tiles` were made for this head's seq and
/// dh, and that [`supports`] the dh.
pub(super) fn attention_head_amx(head: &HeadView<'_>, tiles: &HeadTiles, out: &mut dyn FnMut(usize, &[f32])) {
    debug_assert!(tiles.seq == head.s.seq && tiles.dh == head.s.dh && supports(head.s.dh));
    STATE.with_borrow_mut(|(pack, floats)| {
        // SAFETY: the caller checked the CPU features (see above).
        unsafe { head_amx(head, tiles, pack, floats, out) }
    });
}

#[target_feature(enable = "avx512f,avx512bf16")]
fn head_amx(
    head: &HeadView<'_>,
    tiles: &HeadTiles,
    pack: &mut Vec<u32>,
    floats: &mut Vec<f32>,
    out: &mut dyn FnMut(usize, &[f32]),
) {
    let s = head.s;
    let (seq, dh) = (s.seq, s.dh);
    let dp = dh / 2;
    let seq_q = seq.next_multiple_of(QB);
    let seq_k = seq.next_multiple_of(KEY_PANEL);
    let (kpad, kp_n) = (seq_k / 2, seq.div_ceil(2));
    let lds = score_stride(seq);
    // Every part a whole number of cache lines (16 pairs), so each starts on one.
    let line = |n: usize| n.next_multiple_of(16);
    let (q_len, k_len, v_len, p_len) = (line(seq_q * dp), line(seq_k * dp), line(dh * kpad), line(QB * kpad));
    let all = aligned(pack, q_len + k_len + v_len + p_len);
    let (qp, rest) = all.split_at_mut(q_len);
    let (kp, rest) = rest.split_at_mut(k_len);
    let (vp, pp) = rest.split_at_mut(v_len);
    let fl = aligned(floats, line(QB * lds) + QB * dh);
    let (scores, op) = fl.split_at_mut(line(QB * lds));

    qp[seq * dp..].fill(0);
    kp.fill(0);
    vp.fill(0);
    // One key's (or value row's) pairs, and one value row in bf16 (dh ≤ 512 on the stack).
    let mut krow = [0u32; 256];
    let (mut v_lo, mut v_hi) = ([0u16; 512], [0u16; 512]);
    for t in 0..seq {
        pack_pairs(head.row(0, t), &mut qp[t * dp..(t + 1) * dp]);
        let kr = &mut krow[..dp];
        pack_pairs(head.row(1, t), kr);
        let panel = &mut kp[(t / KEY_PANEL) * dp * KEY_PANEL..][..dp * KEY_PANEL];
        for (i, &w) in kr.iter().enumerate() {
            panel[i * KEY_PANEL + t % KEY_PANEL] = w;
        }
    }
    // V panel c, pair row j, column x: keys 2j (low half) and 2j + 1 of column 32c + x.
    for j in 0..kp_n {
        // SAFETY: the caller checked AVX-512F and AVX512_BF16 (see `attention_head_amx`).
        unsafe { convert_row(head.row(2, 2 * j), &mut v_lo[..dh]) };
        if 2 * j + 1 < seq {
            // SAFETY: as above.
            unsafe { convert_row(head.row(2, 2 * j + 1), &mut v_hi[..dh]) };
        } else {
            v_hi[..dh].fill(0);
        }
        for c in 0..dh / V_PANEL {
            let dst = &mut vp[c * kpad * V_PANEL + j * V_PANEL..][..V_PANEL];
            let (lo, hi) = (&v_lo[c * V_PANEL..(c + 1) * V_PANEL], &v_hi[c * V_PANEL..(c + 1) * V_PANEL]);
            for ((d, &l), &h) in dst.iter_mut().zip(lo).zip(hi) {
                *d = u32::from(l) | (u32::from(h) << 16);
            }
        }
    }

    let mut inv = [0.0f32; QB];
    for i0 in (0..seq).step_by(QB) {
        let rows = QB.min(seq - i0);
        for p in 0..seq_k / KEY_PANEL {
            // SAFETY: the QK tile reads 32 Q pair rows from row i0 (≤ seq_q, dp pairs = 2·dp
            // bf16 apart), dp pair rows of key panel p, and writes the 32 × 32 block at
            // column 32p of the scores (rows lds apart, 32p + 32 ≤ seq_k ≤ lds); every part
            // starts on a cache line; the caller checked AMX and the tile permission.
            unsafe {
                (tiles.qk)(
                    qp.as_ptr().add(i0 * dp).cast(),
                    kp.as_ptr().add(p * dp * KEY_PANEL).cast(),
                    scores.as_mut_ptr().add(p * KEY_PANEL),
                    std::ptr::null(),
                    std::ptr::null(),
                )
            };
        }
        pp.fill(0);
        for (r, inv_r) in inv.iter_mut().enumerate().take(rows) {
            // SAFETY: score row r has lds ≥ seq_k ≥ seq.next_multiple_of(16) floats; the
            // mask has seq floats.
            *inv_r =
                unsafe { softmax_row(scores.as_mut_ptr().add(r * lds), head.mask.as_ptr(), seq, s.scale) };
            pack_pairs(&scores[r * lds..r * lds + seq], &mut pp[r * kpad..r * kpad + kp_n]);
        }
        for c in 0..dh / V_PANEL {
            // SAFETY: the PV tile reads 32 probability pair rows (kpad pairs apart, zero past
            // `rows` and past the keys), kpad pair rows of V panel c, and writes the 32 × 32
            // block at column 32c of the output block (rows dh apart); all line-aligned.
            unsafe {
                (tiles.pv)(
                    pp.as_ptr().cast(),
                    vp.as_ptr().add(c * kpad * V_PANEL).cast(),
                    op.as_mut_ptr().add(c * V_PANEL),
                    std::ptr::null(),
                    std::ptr::null(),
                )
            };
        }
        for (r, &inv_r) in inv.iter().enumerate().take(rows) {
            let row = &mut op[r * dh..(r + 1) * dh];
            for x in row.iter_mut() {
                *x *= inv_r;
            }
            out(i0 + r, row);
        }
    }
}
