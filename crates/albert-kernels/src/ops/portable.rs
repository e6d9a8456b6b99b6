//! The portable kernel family: plain safe Rust that LLVM vectorises for the baseline target.
//!
//! The row kernels (`*_body`) are `#[inline(always)]` and written over fixed 16-lane arrays,
//! so the AVX-512 family re-instantiates the very same code inside
//! `#[target_feature(enable = "avx512f")]` functions (one zmm per lane array) and produces
//! bit-identical results: the summation order is fixed by the source, not by the vector width.

use super::{math, HeadView};
use crate::frame::Activation;

/// Lanes of the fixed-width accumulators (one zmm of f32).
pub const LANES: usize = 16;

/// LayerNorm weights.
#[derive(Debug, Clone, Copy)]
pub struct LnParams<'a> {
    /// Scale, one per column.
    pub gamma: &'a [f32],
    /// Shift, one per column.
    pub beta: &'a [f32],
    /// Added to the variance.
    pub eps: f32,
}

/// Sums 16-lane partial sums in a fixed (pairwise) order.
#[inline(always)]
fn reduce(acc: [f32; LANES]) -> f32 {
    let mut v = acc;
    let mut width = LANES / 2;
    while width > 0 {
        for l in 0..width {
            v[l] += v[l + width];
        }
        width /= 2;
    }
    v[0]
}

/// Adds `src` into 16-lane partial sums (the tail goes to the first lanes).
#[inline(always)]
fn lane_sum(src: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let mut chunks = src.chunks_exact(LANES);
    for c in &mut chunks {
        for l in 0..LANES {
            acc[l] += c[l];
        }
    }
    for (a, &v) in acc.iter_mut().zip(chunks.remainder()) {
        *a += v;
    }
    reduce(acc)
}

/// Second and third pass of LayerNorm on a row that already holds `x (+ residual)`, given
/// its sum: the corrected two-pass scheme (Chan, Golub & LeVeque 1983). With the f32 mean
/// `m` of the first pass, `d = y − m` is exact for the values near the mean (Sterbenz), and
/// the second pass accumulates `Σd` and `Σd²`: `m_lo = Σd/n` corrects the rounding of `m`,
/// `var = Σd²/n − m_lo²`, and the output subtracts `m` then `m_lo`. This keeps the error of
/// the normalised output ~1e-7 even when `|mean| ≫ std`, where subtracting a single rounded
/// f32 mean would shift every output by up to `ulp(mean)/std`.
#[inline(always)]
pub(crate) fn normalize_body(row: &mut [f32], sum: f32, ln: &LnParams<'_>) {
    let n = row.len() as f32;
    let mean = sum / n;
    let (mut s1, mut s2) = ([0.0f32; LANES], [0.0f32; LANES]);
    let mut chunks = row.chunks_exact(LANES);
    for c in &mut chunks {
        for l in 0..LANES {
            let d = c[l] - mean;
            s1[l] += d;
            s2[l] += d * d;
        }
    }
    for (l, &v) in chunks.remainder().iter().enumerate() {
        let d = v - mean;
        s1[l] += d;
        s2[l] += d * d;
    }
    let lo = reduce(s1) / n;
    let var = (reduce(s2) / n - lo * lo).max(0.0);
    let rstd = 1.0 / (var + ln.eps).sqrt();
    for ((y, &g), &b) in row.iter_mut().zip(ln.gamma).zip(ln.beta) {
        *y = ((*y - mean) - lo) * rstd * g + b;
    }
}

/// LayerNorm of every row (width `ln.gamma.len()`), optionally of `x + residual`.
#[inline(always)]
pub(crate) fn layer_norm_body(x: &[f32], residual: Option<&[f32]>, ln: &LnParams<'_>, out: &mut [f32]) {
    let w = ln.gamma.len();
    for (r, (xr, or)) in x.chunks_exact(w).zip(out.chunks_exact_mut(w)).enumerate() {
        match residual {
            Some(res) => {
                for ((o, &a), &b) in or.iter_mut().zip(xr).zip(&res[r * w..(r + 1) * w]) {
                    *o = a + b;
                }
            }
            None => or.copy_from_slice(xr),
        }
        let sum = lane_sum(or);
        normalize_body(or, sum, ln);
    }
}

/// `row = LayerNorm(a + b + c)` (one embeddings row).
#[inline(always)]
pub(crate) fn sum3_layer_norm_body(parts: [&[f32]; 3], ln: &LnParams<'_>, row: &mut [f32]) {
    for (((o, &a), &b), &c) in row.iter_mut().zip(parts[0]).zip(parts[1]).zip(parts[2]) {
        *o = a + b + c;
    }
    let sum = lane_sum(row);
    normalize_body(row, sum, ln);
}

/// `x = act(x)` with the vectorisable functions of [`math`].
#[inline(always)]
pub(crate) fn activation_body(act: Activation, x: &mut [f32]) {
    // One loop per activation, so each loop body is a straight-line function LLVM vectorises.
    match act {
        Activation::Identity => {}
        Activation::Relu => x.iter_mut().for_each(|v| *v = v.max(0.0)),
        Activation::Gelu => x.iter_mut().for_each(|v| *v = math::gelu(*v)),
        Activation::GeluNew => x.iter_mut().for_each(|v| *v = math::gelu_new(*v)),
        Activation::Tanh => x.iter_mut().for_each(|v| *v = math::tanh(*v)),
        Activation::Silu => x.iter_mut().for_each(|v| *v = math::silu(*v)),
    }
}

/// `out = a + b` with `b` broadcast over rows of `b.len()`.
#[inline(always)]
pub(crate) fn add_rows_body(a: &[f32], b: &[f32], out: &mut [f32]) {
    for (ar, or) in a.chunks_exact(b.len()).zip(out.chunks_exact_mut(b.len())) {
        for ((o, &x), &y) in or.iter_mut().zip(ar).zip(b) {
            *o = x + y;
        }
    }
}

/// Portable LayerNorm (see [`super::layer_norm`]).
pub fn layer_norm(x: &[f32], residual: Option<&[f32]>, ln: &LnParams<'_>, out: &mut [f32]) {
    layer_norm_body(x, residual, ln, out);
}

/// Portable embeddings row.
pub fn sum3_layer_norm_row(parts: [&[f32]; 3], ln: &LnParams<'_>, row: &mut [f32]) {
    sum3_layer_norm_body(parts, ln, row);
}

/// Portable activation.
pub fn activation_inplace(act: Activation, x: &mut [f32]) {
    activation_body(act, x);
}

/// Portable row-broadcast add.
pub fn add_rows(a: &[f32], b: &[f32], out: &mut [f32]) {
    add_rows_body(a, b, out);
}

/// Dot product with 16 lane accumulators (vectorisable, fixed order).
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (ac, bc) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ar, br) = (ac.remainder(), bc.remainder());
    for (x, y) in ac.zip(bc) {
        for l in 0..LANES {
            acc[l] += x[l] * y[l];
        }
    }
    for (l, (&x, &y)) in ar.iter().zip(br).enumerate() {
        acc[l] += x * y;
    }
    reduce(acc)
}

/// One (batch, head) pair, one query row at a time: scores into `scratch[..seq]`, softmax,
/// then the weighted sum of V rows into a `dh`-float accumulator that `out(t, row)` stores.
/// `scratch` is the thread's block of [`super::attention_scratch_len`] (`≥ 12·seq` floats).
pub(crate) fn attention_head(head: &HeadView<'_>, scratch: &mut [f32], out: &mut dyn FnMut(usize, &[f32])) {
    let s = head.s;
    let (seq, dh) = (s.seq, s.dh);
    let (scores, rest) = scratch.split_at_mut(seq);
    // The output row accumulates in the rest of the scratch when it fits, else on the heap
    // (only for dh larger than the score block, never at ALBERT shapes).
    let mut heap = Vec::new();
    let acc: &mut [f32] = if rest.len() >= dh {
        &mut rest[..dh]
    } else {
        heap.resize(dh, 0.0);
        &mut heap
    };
    for i in 0..seq {
        let q = head.row(0, i);
        let mut max = f32::NEG_INFINITY;
        for (j, sc) in scores.iter_mut().enumerate() {
            *sc = dot(q, head.row(1, j)) * s.scale + head.mask[j];
            max = max.max(*sc);
        }
        let mut sum = 0.0f32;
        for sc in scores.iter_mut() {
            *sc = math::exp(*sc - max);
            sum += *sc;
        }
        acc.fill(0.0);
        for (j, &p) in scores.iter().enumerate() {
            for (a, &v) in acc.iter_mut().zip(head.row(2, j)) {
                *a += p * v;
            }
        }
        let inv = 1.0 / sum;
        acc.iter_mut().for_each(|a| *a *= inv);
        out(i, acc);
    }
}
