//! AVX-512 attention for one (batch, head) pair, hand-written with `std::arch` intrinsics.
//!
//! Per pair the frame packs (into a thread-local buffer reused across calls):
//! - `Q` rows contiguous (`seq_q × dh`, zero rows up to a multiple of [`QUERY_BLOCK`]);
//! - `K` transposed into panels of [`KEY_PANEL`] keys (`panel · dh · 32 + d · 32 + j`, zero
//!   keys past `seq`), so the score tile reads one 128-byte row per `d`;
//! - `V` rows contiguous with the width padded to a multiple of 32 (zero columns).
//!
//! Copying the `qkv` rows also removes the L1 set aliasing of their 12 KiB row stride (see
//! `frame::gemm::preferred_lda`). Then, per block of 12 queries: the 12 × 32 score tile
//! (`S = Q·Kᵀ`, 24 zmm accumulators) over all key panels into the caller's scratch, the
//! softmax rows (`s·scale + mask`, max, polynomial exp, sum), and the 12 × 32 `P·V` tile over
//! all keys, scaled by `1/sum` when stored. A thread never holds more than `12 × seq` scores.
//!
//! 12 rows (24 accumulators + 2 B vectors + 1 broadcast of the 32 zmm) measured 82 GFLOP/s
//! at s = 512 on one Zen 4 core against 77 for 8 rows.
#![expect(unsafe_code, reason = "AVX-512 intrinsics with raw-pointer loads and stores into checked buffers")]

use super::{HeadView, KEY_PANEL, QUERY_BLOCK};
use std::arch::x86_64::*;
use std::cell::RefCell;

/// Columns of the P·V tile (two zmm).
const V_TILE: usize = 32;

/// Row stride of the score block for `seq` keys: padded to whole key panels plus one cache
/// line, so the rows of a block do not share L1 sets.
pub(super) fn score_stride(seq: usize) -> usize {
    seq.next_multiple_of(KEY_PANEL) + 16
}

thread_local! {
    /// Packed Q, K, V and the output block of the current pair (grows, never shrinks).
    static PACK: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// One (batch, head) pair. `scores` is the thread's scratch block (≥ `QUERY_BLOCK · score_stride(seq)`).
pub(super) fn attention_head(head: &HeadView<'_>, scores: &mut [f32], out: &mut dyn FnMut(usize, &[f32])) {
    debug_assert!(std::is_x86_feature_detected!("avx512f"));
    PACK.with_borrow_mut(|pack| {
        // SAFETY: the ops dispatch here only after run-time detection of avx512f.
        unsafe { head_zmm(head, scores, pack, out) }
    });
}

/// `e^x` on 16 lanes: `x = n·ln2 + r`, degree-7 Taylor of `e^r` (|r| ≤ ln2/2, truncation
/// < 6e-9), `vscalefps` for `2^n` (so results underflow to exactly 0 below ≈ −103, and the
/// `f32::MIN`-masked logits give 0). ≤ 2 ulp.
#[inline]
#[target_feature(enable = "avx512f")]
pub(crate) fn exp16(x: __m512) -> __m512 {
    let x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-104.0)), _mm512_set1_ps(88.72));
    let n = _mm512_roundscale_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(_mm512_mul_ps(
        x,
        _mm512_set1_ps(std::f32::consts::LOG2_E),
    ));
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693_359_4), x);
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.121_944_4e-4), r);
    let mut p = _mm512_set1_ps(1.0 / 5040.0);
    for c in [1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0] {
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
    }
    _mm512_scalef_ps(p, n)
}

#[target_feature(enable = "avx512f")]
fn head_zmm(
    head: &HeadView<'_>,
    scores: &mut [f32],
    pack: &mut Vec<f32>,
    out: &mut dyn FnMut(usize, &[f32]),
) {
    let s = head.s;
    let (seq, dh) = (s.seq, s.dh);
    let seq_q = seq.next_multiple_of(QUERY_BLOCK);
    let seq_k = seq.next_multiple_of(KEY_PANEL);
    let dv = dh.next_multiple_of(V_TILE);
    let lds = score_stride(seq);
    assert!(scores.len() >= QUERY_BLOCK * lds, "attention scratch block too short");
    let (q_len, k_len, v_len, o_len) = (seq_q * dh, seq_k * dh, seq * dv, QUERY_BLOCK * dv);
    if pack.len() < q_len + k_len + v_len + o_len {
        pack.resize(q_len + k_len + v_len + o_len, 0.0);
    }
    let (qp, rest) = pack.split_at_mut(q_len);
    let (kp, rest) = rest.split_at_mut(k_len);
    let (vp, rest) = rest.split_at_mut(v_len);
    let op = &mut rest[..o_len];

    // Pack Q, K (transposed panels), V (padded width); padding is zeroed every call.
    qp[seq * dh..].fill(0.0);
    kp.fill(0.0);
    for t in 0..seq {
        qp[t * dh..(t + 1) * dh].copy_from_slice(head.row(0, t));
        let panel = &mut kp[(t / KEY_PANEL) * dh * KEY_PANEL..][..dh * KEY_PANEL];
        for (d, &kv) in head.row(1, t).iter().enumerate() {
            panel[d * KEY_PANEL + t % KEY_PANEL] = kv;
        }
        let vrow = &mut vp[t * dv..(t + 1) * dv];
        vrow[..dh].copy_from_slice(head.row(2, t));
        vrow[dh..].fill(0.0);
    }

    let mut inv = [0.0f32; QUERY_BLOCK];
    for i0 in (0..seq).step_by(QUERY_BLOCK) {
        let rows = QUERY_BLOCK.min(seq - i0);
        for p in 0..seq_k / KEY_PANEL {
            // SAFETY: Q rows i0..i0+QUERY_BLOCK (≤ seq_q) of dh floats, panel p (dh·32 floats) of kp,
            // and the QUERY_BLOCK × 32 block at column p·32 of the scores (rows of lds ≥ seq_k).
            unsafe {
                qk_tile(
                    qp.as_ptr().add(i0 * dh),
                    dh,
                    kp.as_ptr().add(p * dh * KEY_PANEL),
                    scores.as_mut_ptr().add(p * KEY_PANEL),
                    lds,
                )
            };
        }
        inv.fill(0.0);
        for (r, inv_r) in inv.iter_mut().enumerate().take(rows) {
            // SAFETY: score row r has lds ≥ seq_k floats; the mask has seq floats.
            *inv_r =
                unsafe { softmax_row(scores.as_mut_ptr().add(r * lds), head.mask.as_ptr(), seq, s.scale) };
        }
        for c0 in (0..dv).step_by(V_TILE) {
            // SAFETY: QUERY_BLOCK score rows (lds apart) of seq probabilities (rows past `rows` hold
            // finite scores of zero queries, scaled by inv = 0); V rows of dv floats at
            // column c0 (c0 + 32 ≤ dv); the QUERY_BLOCK × 32 block at column c0 of op (rows of dv).
            unsafe {
                pv_tile(scores.as_ptr(), lds, seq, vp.as_ptr().add(c0), dv, op.as_mut_ptr().add(c0), dv, &inv)
            };
        }
        for r in 0..rows {
            out(i0 + r, &op[r * dv..r * dv + dh]);
        }
    }
}

/// `S[0..QB, 0..32] = Q[0..QB, :] · K_panelᵀ` (QB = [`QUERY_BLOCK`]; 2 loads + QB broadcasts
/// for 2·QB FMAs per d).
///
/// # Safety
/// avx512f; `q` has QB rows of `dh` floats, `k` a panel of `dh · 32`, `s` QB rows of 32 at
/// stride `lds`.
#[target_feature(enable = "avx512f")]
unsafe fn qk_tile(q: *const f32, dh: usize, k: *const f32, s: *mut f32, lds: usize) {
    let mut acc = [[_mm512_setzero_ps(); 2]; QUERY_BLOCK];
    for d in 0..dh {
        // SAFETY: inside the panel and the Q rows by the contract.
        let (b0, b1) = unsafe { (_mm512_loadu_ps(k.add(d * 32)), _mm512_loadu_ps(k.add(d * 32 + 16))) };
        for (r, acc_r) in acc.iter_mut().enumerate() {
            // SAFETY: as above.
            let a = _mm512_set1_ps(unsafe { *q.add(r * dh + d) });
            acc_r[0] = _mm512_fmadd_ps(a, b0, acc_r[0]);
            acc_r[1] = _mm512_fmadd_ps(a, b1, acc_r[1]);
        }
    }
    for (r, acc_r) in acc.iter().enumerate() {
        // SAFETY: inside the score block by the contract.
        unsafe {
            _mm512_storeu_ps(s.add(r * lds), acc_r[0]);
            _mm512_storeu_ps(s.add(r * lds + 16), acc_r[1]);
        }
    }
}

/// In place over `n` logits: `x = s·scale + mask`, then `e^(x − max)`; returns `1/Σ`.
///
/// # Safety
/// avx512f; `row` has `n.next_multiple_of(16)` floats, `mask` has `n`.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn softmax_row(row: *mut f32, mask: *const f32, n: usize, scale: f32) -> f32 {
    let vscale = _mm512_set1_ps(scale);
    let mut vmax = _mm512_set1_ps(f32::NEG_INFINITY);
    let lanes = |j: usize| -> __mmask16 {
        let left = n - j;
        if left >= 16 {
            0xFFFF
        } else {
            (1u16 << left) - 1
        }
    };
    for j in (0..n).step_by(16) {
        let k = lanes(j);
        // SAFETY: `row` covers whole vectors up to n rounded up; the mask load is masked to
        // its n elements (masked-off lanes are not accessed).
        unsafe {
            let x =
                _mm512_fmadd_ps(_mm512_loadu_ps(row.add(j)), vscale, _mm512_maskz_loadu_ps(k, mask.add(j)));
            _mm512_storeu_ps(row.add(j), x);
            vmax = _mm512_mask_max_ps(vmax, k, vmax, x);
        }
    }
    let max = _mm512_set1_ps(_mm512_reduce_max_ps(vmax));
    let mut vsum = _mm512_setzero_ps();
    for j in (0..n).step_by(16) {
        let k = lanes(j);
        // SAFETY: as above.
        unsafe {
            let e = exp16(_mm512_sub_ps(_mm512_loadu_ps(row.add(j)), max));
            _mm512_storeu_ps(row.add(j), e);
            vsum = _mm512_mask_add_ps(vsum, k, vsum, e);
        }
    }
    1.0 / _mm512_reduce_add_ps(vsum)
}

/// `O[0..QB, 0..32] = (P[0..QB, 0..n] · V[0..n, 0..32]) · inv[r]`.
///
/// # Safety
/// avx512f; `p` has QB rows of `n` at stride `ldp`, `v` `n` rows of 32 at stride `ldv`, `o`
/// QB rows of 32 at stride `ldo`.
#[target_feature(enable = "avx512f")]
#[expect(clippy::too_many_arguments, reason = "one pointer and stride per operand")]
unsafe fn pv_tile(
    p: *const f32,
    ldp: usize,
    n: usize,
    v: *const f32,
    ldv: usize,
    o: *mut f32,
    ldo: usize,
    inv: &[f32; QUERY_BLOCK],
) {
    let mut acc = [[_mm512_setzero_ps(); 2]; QUERY_BLOCK];
    for j in 0..n {
        // SAFETY: inside V and P by the contract.
        let (b0, b1) = unsafe { (_mm512_loadu_ps(v.add(j * ldv)), _mm512_loadu_ps(v.add(j * ldv + 16))) };
        for (r, acc_r) in acc.iter_mut().enumerate() {
            // SAFETY: as above.
            let a = _mm512_set1_ps(unsafe { *p.add(r * ldp + j) });
            acc_r[0] = _mm512_fmadd_ps(a, b0, acc_r[0]);
            acc_r[1] = _mm512_fmadd_ps(a, b1, acc_r[1]);
        }
    }
    for (r, acc_r) in acc.iter().enumerate() {
        let scale = _mm512_set1_ps(inv[r]);
        // SAFETY: inside the output block by the contract.
        unsafe {
            _mm512_storeu_ps(o.add(r * ldo), _mm512_mul_ps(acc_r[0], scale));
            _mm512_storeu_ps(o.add(r * ldo + 16), _mm512_mul_ps(acc_r[1], scale));
        }
    }
}

// ---------------------------------------------------------------------------------------
// bf16 (`--precision bf16`): QKᵀ and P·V on `vdpbf16ps`, softmax in fp32.
//
// Q, K and V are rounded to bf16 (round to nearest even, `vcvtne2ps2bf16`) when packed, the
// probabilities when a block's softmax is done; products are summed in fp32 by the
// instruction, the softmax (scale, mask, max, exp, sum) and the 1/Σ scaling stay fp32 as in
// the fp32 kernel. Packed pairs are `u32`s holding two bf16 (the lower element in the low
// half), the operand layout of `vdpbf16ps`:
// - Q rows of `dh/2` pairs (pairs along d);
// - K panels of 32 keys, `[d pair][key]`;
// - V rows of key pairs, `[key pair][column]` (columns padded to a multiple of 32);
// - P rows of key pairs, zero past `seq`.

thread_local! {
    /// Packed bf16 Q, K, V and probabilities of the current pair, and its fp32 output block
    /// (grow, never shrink).
    static PACK_BF16: RefCell<(Vec<u32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// One (batch, head) pair in bf16. `scores` as for [`attention_head`].
pub(super) fn attention_head_bf16(
    head: &HeadView<'_>,
    scores: &mut [f32],
    out: &mut dyn FnMut(usize, &[f32]),
) {
    debug_assert!(std::is_x86_feature_detected!("avx512bf16"));
    PACK_BF16.with_borrow_mut(|(pack, block)| {
        // SAFETY: the ops dispatch here only after run-time detection of avx512f and
        // avx512bf16.
        unsafe { head_bf16(head, scores, pack, block, out) }
    });
}

/// `x` rounded to bf16 pairs: `out[i]` holds `x[2i]` (low half) and `x[2i + 1]` (0 past `x`).
#[target_feature(enable = "avx512f,avx512bf16")]
pub(super) fn pack_pairs(x: &[f32], out: &mut [u32]) {
    let mut i = 0;
    while i + 32 <= x.len() {
        // SAFETY: 32 floats from i are inside `x`; 16 pairs from i/2 inside `out` (it holds
        // x.len().div_ceil(2) pairs, checked by the callers' slicing).
        unsafe {
            let lo = _mm512_loadu_ps(x.as_ptr().add(i));
            let hi = _mm512_loadu_ps(x.as_ptr().add(i + 16));
            let bf: __m512i = std::mem::transmute(_mm512_cvtne2ps_pbh(hi, lo));
            _mm512_storeu_si512(out.as_mut_ptr().add(i / 2).cast(), bf);
        }
        i += 32;
    }
    while i < x.len() {
        let a = crate::generic::bf16::f32_to_bf16(x[i]) as u32;
        let b = x.get(i + 1).map_or(0, |&v| crate::generic::bf16::f32_to_bf16(v) as u32);
        out[i / 2] = a | (b << 16);
        i += 2;
    }
}

#[target_feature(enable = "avx512f,avx512bf16")]
fn head_bf16(
    head: &HeadView<'_>,
    scores: &mut [f32],
    pack: &mut Vec<u32>,
    block: &mut Vec<f32>,
    out: &mut dyn FnMut(usize, &[f32]),
) {
    let s = head.s;
    let (seq, dh) = (s.seq, s.dh);
    let dp = dh.div_ceil(2);
    let seq_q = seq.next_multiple_of(QUERY_BLOCK);
    let seq_k = seq.next_multiple_of(KEY_PANEL);
    let kp_n = seq.div_ceil(2);
    let dv = dh.next_multiple_of(V_TILE);
    let lds = score_stride(seq);
    assert!(scores.len() >= QUERY_BLOCK * lds, "attention scratch block too short");
    let ldp = seq_k / 2;
    let (q_len, k_len, v_len, p_len) = (seq_q * dp, seq_k * dp, kp_n * dv, QUERY_BLOCK * ldp);
    if pack.len() < q_len + k_len + v_len + p_len {
        pack.resize(q_len + k_len + v_len + p_len, 0);
    }
    if block.len() < QUERY_BLOCK * dv {
        block.resize(QUERY_BLOCK * dv, 0.0);
    }
    let (qp, rest) = pack.split_at_mut(q_len);
    let (kp, rest) = rest.split_at_mut(k_len);
    let (vp, rest) = rest.split_at_mut(v_len);
    let pp = &mut rest[..p_len];
    let op = &mut block[..QUERY_BLOCK * dv];

    qp[seq * dp..].fill(0);
    kp.fill(0);
    let mut krow = [0u32; 64];
    for t in 0..seq {
        pack_pairs(head.row(0, t), &mut qp[t * dp..(t + 1) * dp]);
        // K: the key's pairs, scattered into its panel column.
        let kr = &mut krow[..dp.min(64)];
        if dp <= 64 {
            pack_pairs(head.row(1, t), kr);
            let panel = &mut kp[(t / KEY_PANEL) * dp * KEY_PANEL..][..dp * KEY_PANEL];
            for (i, &w) in kr.iter().enumerate() {
                panel[i * KEY_PANEL + t % KEY_PANEL] = w;
            }
        } else {
            let panel = &mut kp[(t / KEY_PANEL) * dp * KEY_PANEL..][..dp * KEY_PANEL];
            for (i, pair) in head.row(1, t).chunks(2).enumerate() {
                let a = crate::generic::bf16::f32_to_bf16(pair[0]) as u32;
                let b = pair.get(1).map_or(0, |&v| crate::generic::bf16::f32_to_bf16(v) as u32);
                panel[i * KEY_PANEL + t % KEY_PANEL] = a | (b << 16);
            }
        }
    }
    // V: rows 2j and 2j+1 interleaved column by column (row 2j in the low halves).
    for j in 0..kp_n {
        let (r0, r1) =
            (head.row(2, 2 * j), if 2 * j + 1 < seq { Some(head.row(2, 2 * j + 1)) } else { None });
        let vrow = &mut vp[j * dv..(j + 1) * dv];
        for (c, w) in vrow.iter_mut().enumerate() {
            *w = match (r0.get(c), r1.and_then(|r| r.get(c))) {
                (Some(&a), b) => {
                    let lo = crate::generic::bf16::f32_to_bf16(a) as u32;
                    let hi = b.map_or(0, |&b| crate::generic::bf16::f32_to_bf16(b) as u32);
                    lo | (hi << 16)
                }
                (None, _) => 0,
            };
        }
    }

    let mut inv = [0.0f32; QUERY_BLOCK];
    for i0 in (0..seq).step_by(QUERY_BLOCK) {
        let rows = QUERY_BLOCK.min(seq - i0);
        for p in 0..seq_k / KEY_PANEL {
            // SAFETY: Q pair rows i0..i0+QUERY_BLOCK (≤ seq_q) of dp pairs, panel p (dp·32
            // pairs) of kp, and the QUERY_BLOCK × 32 block at column p·32 of the scores.
            unsafe {
                qk_tile_bf16(
                    qp.as_ptr().add(i0 * dp),
                    dp,
                    kp.as_ptr().add(p * dp * KEY_PANEL),
                    scores.as_mut_ptr().add(p * KEY_PANEL),
                    lds,
                )
            };
        }
        inv.fill(0.0);
        pp.fill(0);
        for (r, inv_r) in inv.iter_mut().enumerate().take(rows) {
            // SAFETY: score row r has lds ≥ seq_k floats; the mask has seq floats.
            *inv_r =
                unsafe { softmax_row(scores.as_mut_ptr().add(r * lds), head.mask.as_ptr(), seq, s.scale) };
            pack_pairs(&scores[r * lds..r * lds + seq], &mut pp[r * ldp..r * ldp + kp_n]);
        }
        for c0 in (0..dv).step_by(V_TILE) {
            // SAFETY: QUERY_BLOCK probability rows (ldp pairs apart, zero past `rows` and
            // past seq), kp_n V pair rows of dv pairs at column c0 (c0 + 32 ≤ dv), and the
            // QUERY_BLOCK × 32 block at column c0 of op (rows of dv).
            unsafe {
                pv_tile_bf16(
                    pp.as_ptr(),
                    ldp,
                    kp_n,
                    vp.as_ptr().add(c0),
                    dv,
                    op.as_mut_ptr().add(c0),
                    dv,
                    &inv,
                )
            };
        }
        for r in 0..rows {
            out(i0 + r, &op[r * dv..r * dv + dh]);
        }
    }
}

/// `x` as the bf16-pair vector operand of `vdpbf16ps`.
#[inline]
#[target_feature(enable = "avx512f,avx512bf16")]
fn as_bh(x: __m512i) -> __m512bh {
    // SAFETY: both are 512-bit vectors of plain bits (32 bf16 lanes).
    unsafe { std::mem::transmute::<__m512i, __m512bh>(x) }
}

/// `S[0..QB, 0..32] = Q[0..QB, :] · K_panelᵀ` over `dp` d pairs (QB = [`QUERY_BLOCK`]).
///
/// # Safety
/// avx512f + avx512bf16; `q` has QB rows of `dp` pairs, `k` a panel of `dp · 32` pairs, `s`
/// QB rows of 32 floats at stride `lds`.
#[target_feature(enable = "avx512f,avx512bf16")]
unsafe fn qk_tile_bf16(q: *const u32, dp: usize, k: *const u32, s: *mut f32, lds: usize) {
    let mut acc = [[_mm512_setzero_ps(); 2]; QUERY_BLOCK];
    for d in 0..dp {
        // SAFETY: inside the panel and the Q rows by the contract.
        let (b0, b1) = unsafe {
            (
                as_bh(_mm512_loadu_si512(k.add(d * 32).cast())),
                as_bh(_mm512_loadu_si512(k.add(d * 32 + 16).cast())),
            )
        };
        for (r, acc_r) in acc.iter_mut().enumerate() {
            // SAFETY: as above.
            let a = as_bh(_mm512_set1_epi32(unsafe { *q.add(r * dp + d) } as i32));
            acc_r[0] = _mm512_dpbf16_ps(acc_r[0], a, b0);
            acc_r[1] = _mm512_dpbf16_ps(acc_r[1], a, b1);
        }
    }
    for (r, acc_r) in acc.iter().enumerate() {
        // SAFETY: inside the score block by the contract.
        unsafe {
            _mm512_storeu_ps(s.add(r * lds), acc_r[0]);
            _mm512_storeu_ps(s.add(r * lds + 16), acc_r[1]);
        }
    }
}

/// `O[0..QB, 0..32] = (P[0..QB, :] · V[:, 0..32]) · inv[r]` over `n` key pairs.
///
/// # Safety
/// avx512f + avx512bf16; `p` has QB rows of `n` pairs at stride `ldp`, `v` `n` pair rows of
/// 32 at stride `ldv`, `o` QB rows of 32 floats at stride `ldo`.
#[target_feature(enable = "avx512f,avx512bf16")]
#[expect(clippy::too_many_arguments, reason = "one pointer and stride per operand")]
unsafe fn pv_tile_bf16(
    p: *const u32,
    ldp: usize,
    n: usize,
    v: *const u32,
    ldv: usize,
    o: *mut f32,
    ldo: usize,
    inv: &[f32; QUERY_BLOCK],
) {
    let mut acc = [[_mm512_setzero_ps(); 2]; QUERY_BLOCK];
    for j in 0..n {
        // SAFETY: inside V and P by the contract.
        let (b0, b1) = unsafe {
            (
                as_bh(_mm512_loadu_si512(v.add(j * ldv).cast())),
                as_bh(_mm512_loadu_si512(v.add(j * ldv + 16).cast())),
            )
        };
        for (r, acc_r) in acc.iter_mut().enumerate() {
            // SAFETY: as above.
            let a = as_bh(_mm512_set1_epi32(unsafe { *p.add(r * ldp + j) } as i32));
            acc_r[0] = _mm512_dpbf16_ps(acc_r[0], a, b0);
            acc_r[1] = _mm512_dpbf16_ps(acc_r[1], a, b1);
        }
    }
    for (r, acc_r) in acc.iter().enumerate() {
        let scale = _mm512_set1_ps(inv[r]);
        // SAFETY: inside the output block by the contract.
        unsafe {
            _mm512_storeu_ps(o.add(r * ldo), _mm512_mul_ps(acc_r[0], scale));
            _mm512_storeu_ps(o.add(r * ldo + 16), _mm512_mul_ps(acc_r[1], scale));
        }
    }
}
