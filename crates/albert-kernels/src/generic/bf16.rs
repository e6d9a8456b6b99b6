//! bf16 scalar references: the conversion from f32, an exact emulation of `vdpbf16ps`, and
//! the bf16 GEMM oracle the generated kernels must match **bit for bit**.
//!
//! # `vdpbf16ps`, as measured
//! Intel's SDM gives, per fp32 lane `i` of `vdpbf16ps dst, src1, src2`:
//!
//! ```text
//! dst.fp32[i] += src1.bf16[2i+1] · src2.bf16[2i+1]
//! dst.fp32[i] += src1.bf16[2i+0] · src2.bf16[2i+0]
//! ```
//!
//! "with DAZ, FTZ, RNE, MXCSR ignored". What that means in detail was measured on an AMD
//! EPYC Zen 4 (the `_mm512_dpbf16_ps` intrinsic against candidate models, 2 million random
//! lanes with exponents over the whole range plus targeted cases; every lane matched the
//! model below; the other candidate models (one rounding of the three-term sum, even pair
//! first, products rounded or flushed on their own, no DAZ on the accumulator, no flush of
//! the intermediate sum) each failed on at least 1,500 lanes, and tininess before rounding,
//! which random lanes do not reach, is ruled out by the targeted cases below):
//! - **Two steps, odd element first.** The high (odd-k) product is added before the low
//!   (even-k) one, and the running sum is rounded after each step: `1 + 2^-24 (hi) +
//!   1.5·2^-24 (lo)` gives `1 + 2^-23`, the other order `1 + 2^-22`; one rounding of the
//!   three-term sum matches neither.
//! - **Each step is fused**: `acc + x·y` is rounded once, from the exact product. The
//!   product is not rounded (nor flushed) on its own: `2^-126 + 2^-63·2^-64` gives
//!   `1.5·2^-126` though the product alone is an fp32 denormal, and `+∞ + (-1e38·1e38)` is
//!   `+∞`, not the NaN a product rounded to `-∞` would give.
//! - **Inputs: denormals are zero** (DAZ), in both bf16 operands and in the fp32
//!   accumulator, keeping their sign (`-1e-40 + (-0·1)` is `-0`, `-1e-40 + (+0·1)` is `+0`).
//! - **Output: flush to zero after rounding**, as if the exponent range were unbounded (the
//!   IEEE "tininess after rounding"): `2^-126 - 2^-151` rounds (tie to even) to `2^-126`
//!   and stays, `2^-126 - 2^-150` is tiny and becomes `+0`. The flush applies after each of
//!   the two steps (the intermediate sum is flushed too).
//! - **NaNs**: a NaN in `src1` wins over one in `src2`, which wins over a NaN accumulator;
//!   the NaN is returned quieted (`bf16 7f81` → `7fc10000`); the step's NaN replaces the
//!   running one (a NaN in the low pair wins over a NaN in the high pair). An invalid
//!   operation (`∞·0` with a denormal counted as 0, `∞ - ∞`) gives the default NaN
//!   `ffc00000` unless an operand is already NaN.
//!
//! In the GEMM tile, `src1` is the B register (the weight) and `src2` the broadcast A pair,
//! so the reference is called as `dpbf16ps_lane(acc, w_pair, a_pair)`.
//!
//! # f32 → bf16
//! [`f32_to_bf16`] is `vcvtneps2bf16`, measured on the same CPU: round to nearest even
//! (integer add of `0x7fff + lsb`), overflow to ∞, NaN keeps its top bits and is quieted
//! (`7f800001` → `7fc0`), and **denormals become signed zero**. The last point differs from
//! a textbook RNE only for `|x|` in `[0x007f8000, 0x007fffff]` (which would round up to the
//! smallest normal bf16); every other denormal rounds to a bf16 denormal, which `vdpbf16ps`
//! reads as zero anyway. The packed weights use this function and the frame converts the
//! activations with the instruction, so both sides of every product round the same way.

use crate::frame::Activation;

/// The default NaN x86 returns for an invalid operation.
const DEFAULT_NAN: u32 = 0xFFC0_0000;
/// The fp32 quiet bit.
const QUIET: u32 = 0x0040_0000;

/// f32 → bf16 bits exactly as `vcvtneps2bf16` (see the module docs): RNE, NaN quieted,
/// denormals to signed zero.
pub fn f32_to_bf16(x: f32) -> u16 {
    let bits = x.to_bits();
    if x.is_nan() {
        return ((bits | QUIET) >> 16) as u16;
    }
    if bits & 0x7F80_0000 == 0 {
        return ((bits >> 16) & 0x8000) as u16;
    }
    let lsb = (bits >> 16) & 1;
    (bits.wrapping_add(0x7FFF + lsb) >> 16) as u16
}

/// bf16 bits → f32 (exact).
pub fn bf16_to_f32(x: u16) -> f32 {
    f32::from_bits(u32::from(x) << 16)
}

/// Rounds `x` to the nearest bf16 and back (what a GEMM input sees).
pub fn round_bf16(x: f32) -> f32 {
    bf16_to_f32(f32_to_bf16(x))
}

/// Denormal-as-zero, keeping the sign.
fn daz(x: f32) -> f32 {
    if x.is_subnormal() {
        f32::from_bits(x.to_bits() & 0x8000_0000)
    } else {
        x
    }
}

/// `(s, e)` with `s = fl(a + b)` and `a + b = s + e` exactly (Knuth's TwoSum).
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// Rounds the exact value `a + b` (finite f64s) to 24 significant bits, nearest even, with
/// an unbounded exponent; then overflows to ∞ or flushes a tiny result to signed zero.
fn round_f32_ftz(a: f64, b: f64) -> f32 {
    let (s, e) = two_sum(a, b);
    if s == 0.0 {
        // e is 0 too (TwoSum is exact); the sign of zero follows IEEE addition.
        return s as f32;
    }
    let exp = ((s.to_bits() >> 52) & 0x7FF) as i32 - 1023;
    // The f32 ulp at this binade as an exact power of two (s is far from f64's limits:
    // |s| ≥ 2^-300, so neither scaling below over- or underflows).
    let ulp = f64::from_bits(((exp - 23 + 1023) as u64) << 52);
    let q = s / ulp;
    let mut r = q.round_ties_even();
    if e != 0.0 && q - q.floor() == 0.5 {
        // A tie in s, but the exact value is off it by e.
        r = if e > 0.0 { q.ceil() } else { q.floor() };
    }
    let r = r * ulp;
    if r.abs() >= 2f64.powi(128) {
        return f32::INFINITY.copysign(s as f32);
    }
    if r.abs() < f64::from(f32::MIN_POSITIVE) {
        return 0.0f32.copysign(s as f32);
    }
    r as f32
}

fn quiet(x: f32) -> f32 {
    f32::from_bits(x.to_bits() | QUIET)
}

/// One step of `vdpbf16ps` on one lane: `acc + x·y` with `x` from `src1`, `y` from `src2`,
/// rounded once, with the DAZ / FTZ / NaN rules of the module docs.
pub fn dpbf16_step(acc: f32, x: u16, y: u16) -> f32 {
    let (fx, fy) = (bf16_to_f32(x), bf16_to_f32(y));
    if fx.is_nan() {
        return quiet(fx);
    }
    if fy.is_nan() {
        return quiet(fy);
    }
    if acc.is_nan() {
        return quiet(acc);
    }
    let (fx, fy, acc) = (daz(fx), daz(fy), daz(acc));
    // Products of bf16 (8-bit significands) are exact in f64.
    let p = f64::from(fx) * f64::from(fy);
    let s = f64::from(acc) + p;
    if s.is_nan() {
        return f32::from_bits(DEFAULT_NAN);
    }
    if s.is_infinite() {
        return s as f32;
    }
    round_f32_ftz(f64::from(acc), p)
}

/// One fp32 lane of `vdpbf16ps`: `src1` and `src2` are the 32-bit lanes of the two bf16
/// sources (element `2i` in the low half), the high pair is accumulated first.
pub fn dpbf16ps_lane(acc: f32, src1: u32, src2: u32) -> f32 {
    let hi = dpbf16_step(acc, (src1 >> 16) as u16, (src2 >> 16) as u16);
    dpbf16_step(hi, src1 as u16, src2 as u16)
}

/// One fp32 element of AMX `tdpbf16ps` over a chunk of one or two k pairs (`src1` = the A
/// tile's pairs, `src2` = the B tile's), as measured on an Intel Xeon with AMX (family 6,
/// model 167 as the KVM guest reports it; `examples/amx_probe.rs`, 20,000 random lanes of
/// normal values per case, every lane matched). `tdpbf16ps` is **not** the SDM pseudocode's
/// sequence of fused steps (even product, then odd, each rounded: 92% of lanes for one pair).
/// It reduces the products of a chunk first and adds the accumulator last:
/// - one pair: `acc + rn(p0 + p1)`;
/// - two pairs: `acc + rn(rn(p0 + p2) + rn(p1 + p3))`: the even products are summed among
///   themselves, the odd ones among themselves, then the two halves;
///
/// each `rn` a round to nearest even fp32 of the exact value (bf16 products are exact).
/// Longer chunks (the 16-pair chunks the tiles use) reduce in a tree none of the models tried
/// (pairwise trees in three orders, sequential, exact sums, aligned truncation at 24–36 bits)
/// matched on more than 92% of lanes, so [`gemm_bf16_ref_for`] checks the AMX tiles against
/// the exact sum with [`tdpbf16ps_bound`] instead of bit for bit.
///
/// # Panics
/// For chunks of other than one or two pairs, or `src1` and `src2` of different lengths.
pub fn tdpbf16ps_chunk(acc: f32, src1: &[u32], src2: &[u32]) -> f32 {
    assert!(src1.len() == src2.len() && (1..=2).contains(&src1.len()), "chunks of 1 or 2 pairs");
    let prod = |q: usize, half: u32| {
        f64::from(daz(bf16_to_f32((src1[q] >> half) as u16)))
            * f64::from(daz(bf16_to_f32((src2[q] >> half) as u16)))
    };
    let rn = |x: f64| f64::from(x as f32);
    let sum = if src1.len() == 1 {
        rn(prod(0, 0) + prod(0, 16))
    } else {
        rn(rn(prod(0, 0) + prod(1, 0)) + rn(prod(0, 16) + prod(1, 16)))
    };
    round_f32_ftz(f64::from(daz(acc)), sum)
}

/// The error bound the AMX GEMM is held to, per output element: `tdpbf16ps` rounds at most
/// `log2(32) + 1` times inside a 16-pair chunk and once per chunk when it adds the
/// accumulator, each time by at most 2^-24 of the running magnitude, which is at most
/// `sum_abs` (Σ|a·w| over K). With `chunks` = the number of `tdpbf16ps` per element:
/// `(6 + chunks) · 2^-24 · sum_abs`, plus a few fp32 denormals for flushed partial sums.
/// A wrong element, lane or pair is off by O(|a·w|), far above it.
pub fn tdpbf16ps_bound(chunks: usize, sum_abs: f64) -> f64 {
    (6 + chunks) as f64 * 2f64.powi(-24) * sum_abs + 2f64.powi(-120)
}

/// Σ over k pairs of both products (DAZ inputs), in f64: exact for the magnitudes of the
/// tests (bf16 products have 16 significant bits).
fn exact_dot(a: &[u32], w: &[u32]) -> f64 {
    let h = |x: u32, half: u32| f64::from(daz(bf16_to_f32((x >> half) as u16)));
    a.iter().zip(w).map(|(&x, &y)| h(x, 0) * h(y, 0) + h(x, 16) * h(y, 16)).sum()
}

/// Σ|a·w| over K per element of the bf16 GEMM `g` (`[M, N]` with row stride `ldc`), the
/// scale of [`tdpbf16ps_bound`].
///
/// # Panics
/// When a slice is too short for the shape.
pub fn gemm_bf16_abs_dot(g: &GemmBf16Ref<'_>, c: &mut [f64], ldc: usize) {
    let b = |x: f32| f64::from(daz(round_bf16(x))).abs();
    for i in 0..g.m {
        for j in 0..g.n {
            c[i * ldc + j] = (0..g.k).map(|p| b(g.a[i * g.lda + p]) * b(g.w[j * g.ldw + p])).sum();
        }
    }
}

/// Packs two bf16 into one 32-bit lane, `lo` (the even k) in the low half.
pub fn pair(lo: u16, hi: u16) -> u32 {
    u32::from(lo) | (u32::from(hi) << 16)
}

/// Operands of the reference bf16 GEMM `C = act(A·Wᵀ + bias) + residual`, with both A and W
/// given in f32 and rounded to bf16 by [`f32_to_bf16`] here (independently of packing).
#[derive(Debug, Clone, Copy)]
pub struct GemmBf16Ref<'a> {
    /// Rows of A and C.
    pub m: usize,
    /// Columns of C (rows of W).
    pub n: usize,
    /// Reduction length.
    pub k: usize,
    /// A, `[M, K]` f32 with row stride `lda`.
    pub a: &'a [f32],
    /// Row stride of A in elements.
    pub lda: usize,
    /// W, `[N, K]` f32 (HF layout) with row stride `ldw`.
    pub w: &'a [f32],
    /// Row stride of W in elements.
    pub ldw: usize,
    /// Bias of length N, when the epilogue has one.
    pub bias: Option<&'a [f32]>,
    /// Activation after the bias.
    pub activation: Activation,
    /// Residual `[M, N]` with row stride `ldr`, when the epilogue has one.
    pub residual: Option<(&'a [f32], usize)>,
}

/// The activation the bf16 frame applies, one value at a time: the functions of
/// [`crate::ops::math`], which give the same bits scalar or vectorised.
pub fn activation_exact(act: Activation, x: f32) -> f32 {
    let mut v = [x];
    crate::ops::portable::activation_inplace(act, &mut v);
    v[0]
}

/// Which bf16 dot-product instruction the reference emulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bf16Instr {
    /// AVX512_BF16 `vdpbf16ps` ([`dpbf16ps_lane`], B as `src1`): the zmm tiles.
    Vdpbf16ps,
    /// AMX `tdpbf16ps`: the accumulator is the **exact** sum over K rounded once to fp32
    /// (the hardware's reduction order is not known, see [`tdpbf16ps_chunk`]; compare with
    /// [`tdpbf16ps_bound`]); the frame adds the bias after the tile as the zmm tile does in
    /// registers (same f32 addition).
    Tdpbf16ps,
}

/// The bf16 GEMM exactly as the generated `vdpbf16ps` tiles compute it: per output element,
/// an fp32 accumulator starting at +0 takes one [`dpbf16ps_lane`] per k pair in increasing
/// order (odd K padded with +0), then f32 `+ bias`, [`activation_exact`], f32 `+ residual`.
///
/// # Panics
/// When a slice is too short for the shape (it is a test oracle, not a library path).
pub fn gemm_bf16_ref(g: &GemmBf16Ref<'_>, c: &mut [f32], ldc: usize) {
    gemm_bf16_ref_for(Bf16Instr::Vdpbf16ps, g, c, ldc);
}

/// [`gemm_bf16_ref`] for the given instruction's accumulation.
///
/// # Panics
/// When a slice is too short for the shape.
pub fn gemm_bf16_ref_for(instr: Bf16Instr, g: &GemmBf16Ref<'_>, c: &mut [f32], ldc: usize) {
    let kp = g.k.div_ceil(2);
    let a_row = |i: usize| -> Vec<u32> {
        let at = |p: usize| if p < g.k { f32_to_bf16(g.a[i * g.lda + p]) } else { 0 };
        (0..kp).map(|q| pair(at(2 * q), at(2 * q + 1))).collect()
    };
    let w_rows: Vec<Vec<u32>> = (0..g.n)
        .map(|j| {
            let at = |p: usize| if p < g.k { f32_to_bf16(g.w[j * g.ldw + p]) } else { 0 };
            (0..kp).map(|q| pair(at(2 * q), at(2 * q + 1))).collect()
        })
        .collect();
    for i in 0..g.m {
        let a = a_row(i);
        for (j, w) in w_rows.iter().enumerate() {
            let mut acc = match instr {
                Bf16Instr::Vdpbf16ps => (0..kp).fold(0.0f32, |acc, q| dpbf16ps_lane(acc, w[q], a[q])),
                Bf16Instr::Tdpbf16ps => exact_dot(&a, w) as f32,
            };
            if let Some(b) = g.bias {
                acc += b[j];
            }
            acc = activation_exact(g.activation, acc);
            if let Some((r, ldr)) = g.residual {
                acc += r[i * ldr + j];
            }
            c[i * ldc + j] = acc;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, accumulator, src1 [lo, hi], src2 [lo, hi], result measured on Zen 4).
    type LaneCase<T> = (&'static str, f32, [T; 2], [T; 2], u32);

    fn b(x: f32) -> u16 {
        f32_to_bf16(x)
    }

    fn dp(acc: f32, src1: [f32; 2], src2: [f32; 2]) -> f32 {
        dpbf16ps_lane(acc, pair(b(src1[0]), b(src1[1])), pair(b(src2[0]), b(src2[1])))
    }

    fn dp_bits(acc: f32, src1: [u16; 2], src2: [u16; 2]) -> u32 {
        dpbf16ps_lane(acc, pair(src1[0], src1[1]), pair(src2[0], src2[1])).to_bits()
    }

    #[test]
    fn conversion_is_vcvtneps2bf16() {
        // (input bits, what vcvtneps2bf16 returned on Zen 4)
        for (x, want) in [
            (0x007F_FFFFu32, 0x0000u16),
            (0x807F_8000, 0x8000),
            (0x0000_0001, 0x0000),
            (0x3F80_8000, 0x3F80),
            (0x3F81_8000, 0x3F82),
            (0x3F80_8001, 0x3F81),
            (0x7F80_0001, 0x7FC0),
            (0xFFC1_2345, 0xFFC1),
            (0x7F80_0000, 0x7F80),
            (0x7F7F_FFFF, 0x7F80),
            (0x7F7F_8000, 0x7F80),
            (0x8000_0000, 0x8000),
            (0x0080_0000, 0x0080),
            (0x7FFF_FFFF, 0x7FFF),
        ] {
            assert_eq!(f32_to_bf16(f32::from_bits(x)), want, "{x:08x}");
        }
    }

    /// The targeted cases of the module docs, with the results `vdpbf16ps` gave on Zen 4.
    #[test]
    fn matches_the_measured_instruction() {
        let p2 = |e: i32| 2f32.powi(e);
        let min = f32::MIN_POSITIVE;
        let cases: [LaneCase<f32>; 14] = [
            ("high pair first", 1.0, [1.5 * p2(-24), p2(-24)], [1.0, 1.0], 0x3F80_0001),
            ("then the low pair", 1.0, [p2(-24), 1.5 * p2(-24)], [1.0, 1.0], 0x3F80_0002),
            ("fused: denormal product counts", min, [0.0, p2(-63)], [0.0, p2(-64)], 0x00C0_0000),
            ("a denormal product alone flushes", 0.0, [0.0, p2(-63)], [0.0, p2(-64)], 0),
            ("tiny after rounding: rounds up to min", min, [-p2(-75), 0.0], [p2(-76), 0.0], 0x0080_0000),
            ("tiny after rounding: flushed", min, [-p2(-75), 0.0], [p2(-75), 0.0], 0),
            ("tiny: 1.5 ulp/2 below min", min, [-p2(-75), 0.0], [1.5 * p2(-76), 0.0], 0),
            ("min - 2^-160 stays min", min, [-p2(-80), 0.0], [p2(-80), 0.0], 0x0080_0000),
            ("exact cancellation is +0", 1.0, [0.0, -1.0], [0.0, 1.0], 0),
            ("-0 + (-0) + (-0)", -0.0, [-0.0, -0.0], [1.0, 1.0], 0x8000_0000),
            ("-0 + (+0) + (+0)", -0.0, [0.0, 0.0], [1.0, 1.0], 0),
            ("denormal acc is -0", -1e-40, [-0.0, -0.0], [1.0, 1.0], 0x8000_0000),
            ("denormal acc is zero", 1e-40, [0.0, 0.0], [0.0, 0.0], 0),
            ("overflow", 0.0, [0.0, 1e38], [0.0, 1e38], 0x7F80_0000),
        ];
        for (name, acc, s1, s2, want) in cases {
            let got = dp(acc, s1, s2).to_bits();
            assert_eq!(got, want, "{name}: got {got:08x}, want {want:08x}");
        }
    }

    #[test]
    fn nan_and_infinity_rules() {
        let one = b(1.0);
        let nan_acc = f32::from_bits(0x7FC0_0001);
        let cases: [LaneCase<u16>; 12] = [
            ("acc NaN kept", nan_acc, [one, one], [one, one], 0x7FC0_0001),
            ("acc sNaN quieted", f32::from_bits(0x7F80_0001), [one, one], [one, one], 0x7FC0_0001),
            ("src1 NaN", 1.0, [one, 0x7FC1], [one, one], 0x7FC1_0000),
            ("src1 NaN over src2 NaN", 1.0, [one, 0x7FC1], [one, 0xFFC2], 0x7FC1_0000),
            ("src2 NaN over acc NaN", nan_acc, [one, one], [one, 0xFFC2], 0xFFC2_0000),
            ("src1 sNaN quieted", 1.0, [0x7F81, one], [one, one], 0x7FC1_0000),
            ("src1 NaN over acc NaN", nan_acc, [one, 0x7FC1], [one, one], 0x7FC1_0000),
            ("low NaN replaces high NaN", 1.0, [0x7FC3, 0x7FC1], [one, one], 0x7FC3_0000),
            ("inf·0 is the default NaN", 1.0, [one, 0x7F80], [one, 0], DEFAULT_NAN),
            (
                "inf·0 with a NaN acc keeps it",
                f32::from_bits(0x7FC0_0007),
                [one, 0x7F80],
                [one, 0],
                0x7FC0_0007,
            ),
            ("inf - inf", f32::INFINITY, [one, 0xFF80], [one, one], DEFAULT_NAN),
            ("inf·denormal = inf·0", 1.0, [0, 0x0001], [0, 0x7F80], DEFAULT_NAN),
        ];
        for (name, acc, s1, s2, want) in cases {
            let got = dp_bits(acc, s1, s2);
            assert_eq!(got, want, "{name}: got {got:08x}, want {want:08x}");
        }
        // The exact product is finite, so +inf + (-1e76) is +inf (fused), not NaN.
        assert_eq!(dp(f32::INFINITY, [1.0, -1e38], [1.0, 1e38]), f32::INFINITY);
    }

    #[test]
    fn reference_gemm_of_small_integers_is_exact() {
        // Integers below 256 are exact in bf16 and their dot products exact in fp32.
        let (m, n, k) = (2, 3, 5);
        let a: Vec<f32> = (0..m * k).map(|i| i as f32).collect();
        let w: Vec<f32> = (0..n * k).map(|i| (i as f32) - 7.0).collect();
        let bias = [0.5f32, 1.5, -2.0];
        let g = GemmBf16Ref {
            m,
            n,
            k,
            a: &a,
            lda: k,
            w: &w,
            ldw: k,
            bias: Some(&bias),
            activation: Activation::Identity,
            residual: None,
        };
        let mut c = vec![0.0; m * n];
        gemm_bf16_ref(&g, &mut c, n);
        for i in 0..m {
            for j in 0..n {
                let dot: f32 = (0..k).map(|p| a[i * k + p] * w[j * k + p]).sum();
                assert_eq!(c[i * n + j], dot + bias[j]);
            }
        }
    }
}
