//! Branch-free `exp`, `tanh`, `erf`-based GELU and friends, written so that LLVM vectorises
//! a loop over them (no libm calls, no `mul_add`, selects instead of branches).
//!
//! The same source is compiled twice: for the baseline target (the portable family) and inside
//! `#[target_feature(enable = "avx512f")]` functions (the AVX-512 family, 16 lanes). Rust
//! never contracts `a·b + c` into an FMA, so both compilations round identically and the two
//! families give **bit-identical** activations.
//!
//! Accuracy (measured by `tests/ops.rs::math_accuracy` against f64 over dense sweeps):
//!
//! | function | method | max error |
//! |---|---|---|
//! | [`exp`] | Cody–Waite range reduction `x = n·ln2 + r`, `|r| ≤ ln2/2`, degree-7 Taylor, `2^n` via exponent bits | ≤ 2 ulp (relative < 3e-7); exactly 0 below `-87.3` (no denormals) |
//! | [`tanh`] | Eigen's 13/6 rational minimax on `|x| ≤ 7.905`, ±1 beyond | absolute < 5e-7, relative < 1e-6 |
//! | [`gelu_new`] | `x·σ(2u)` = `x / (1 + exp(−2u))`, `u = √(2/π)(x + 0.044715x³)` (exact identity with `0.5x(1 + tanh u)`, no cancellation) | relative < 1e-6 for x ≥ −3; below, the f32 rounding of `2u` (exp's condition number is `|2u|`) limits any f32 formula: absolute < 1e-6·|x| |
//! | [`gelu`] | `x·Φ(x)`, `Φ` from Abramowitz–Stegun 7.1.26 for `erfc(|x|/√2)` (no cancellation for x < 0) | approximation `|Φ error| ≤ 7.5e-8`; with f32 evaluation of the alternating polynomial, measured absolute < 5e-7·|x| |
//! | [`silu`] | `x / (1 + exp(−x))` | relative < 1e-6 for x > −87 |

/// Largest input of [`exp`] whose result is a normal float with `2^n` representable.
pub const EXP_HI: f32 = 88.37;
/// Below this [`exp`] returns exactly 0 (`e^-87.33 ≈ 2^-126`, the smallest normal).
pub const EXP_LO: f32 = -87.33;
/// `2^23 + 127`: adding it to `v ∈ [-126, 127.5)` rounds `v` to an integer `n`
/// (round-to-nearest-even, the ulp is 1 in `[2^23, 2^24)`) and leaves the biased exponent
/// `n + 127` in the low mantissa bits. No SSE4.1 `roundps` and no float→int conversion
/// (whose saturating `as` semantics keep LLVM from vectorising).
pub const SHIFT: f32 = 8_388_735.0;
/// `ln 2` split so that `n·LN2_HI` is exact for |n| ≤ 2^15 (Cody–Waite; cephes' constants).
pub const LN2_HI: f32 = 0.693_359_4;
/// The low part of `ln 2` (see [`LN2_HI`]).
pub const LN2_LO: f32 = -2.121_944_4e-4;

/// `e^x` for f32, ≤ 2 ulp; 0 below `-87.33`, `e^88.37` above `88.37` (never inf).
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let xc = x.clamp(EXP_LO, EXP_HI);
    let t = xc * std::f32::consts::LOG2_E + SHIFT;
    let n = t - SHIFT;
    let r = (xc - n * LN2_HI) - n * LN2_LO;
    // Degree-7 Taylor of e^r on |r| ≤ 0.347: truncation error 0.347^8/8! < 6e-9.
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    // n ∈ [-126, 127] after the clamp, so `n + 127` (the low 8 mantissa bits of t) is a
    // normal biased exponent; the shift drops t's own exponent bits.
    let scale = f32::from_bits(t.to_bits() << 23);
    if x < EXP_LO {
        0.0
    } else {
        p * scale
    }
}

/// The constants of [`tanh`] (shared with the generated kernels).
pub mod tanh_coeffs {
    /// Beyond ±CLAMP, `tanh` rounds to ±1 in f32.
    pub const CLAMP: f32 = 7.905_311;
    /// Odd numerator coefficients (in x²).
    pub const A: [f32; 7] = [
        4.893_524_6e-3,
        6.372_619_3e-4,
        1.485_722_4e-5,
        5.122_297e-8,
        -8.604_672e-11,
        2.000_188e-13,
        -2.760_768_5e-16,
    ];
    /// Even denominator coefficients (in x²).
    pub const B: [f32; 4] = [4.893_525e-3, 2.268_434_6e-3, 1.185_347_1e-4, 1.198_258_4e-6];
}

/// `tanh(x)`: Eigen's `generic_fast_tanh_float` rational approximation (13/6 odd/even
/// minimax on `[-7.905, 7.905]`; `tanh` rounds to ±1 in f32 beyond).
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    use tanh_coeffs::{A, B, CLAMP};
    let x = x.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let p = A[0] + x2 * (A[1] + x2 * (A[2] + x2 * (A[3] + x2 * (A[4] + x2 * (A[5] + x2 * A[6])))));
    let q = B[0] + x2 * (B[1] + x2 * (B[2] + x2 * B[3]));
    x * p / q
}

/// `sigmoid(x) = 1 / (1 + e^-x)`.
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// HF `gelu_new`: `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715x³)))`, computed as `x·σ(2u)`.
#[inline(always)]
pub fn gelu_new(x: f32) -> f32 {
    const C: f32 = 0.797_884_6; // √(2/π)
    let u = C * (x + 0.044_715 * x * x * x);
    x / (1.0 + exp(-2.0 * u))
}

/// The constants of [`gelu`]: Abramowitz & Stegun 7.1.26.
pub mod gelu_coeffs {
    /// `t = 1/(1 + P·z)`.
    pub const P: f32 = 0.327_591_1;
    /// The polynomial in `t`.
    pub const A: [f32; 5] = [0.254_829_6, -0.284_496_74, 1.421_413_7, -1.453_152_1, 1.061_405_4];
}

/// Exact GELU `x·Φ(x)`, with `Φ(−|x|) = erfc(|x|/√2)/2` from Abramowitz & Stegun 7.1.26:
/// `erfc(z) ≈ t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·e^{−z²}`, `t = 1/(1 + p·z)`,
/// `|error| ≤ 1.5e-7`.
#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    use gelu_coeffs::{A, P};
    let z = x.abs() * std::f32::consts::FRAC_1_SQRT_2;
    let t = 1.0 / (1.0 + P * z);
    let poly = t * (A[0] + t * (A[1] + t * (A[2] + t * (A[3] + t * A[4]))));
    let tail = 0.5 * poly * exp(-z * z); // Φ(−|x|)
    let phi = if x >= 0.0 { 1.0 - tail } else { tail };
    x * phi
}

/// `x·σ(x)` (HF `silu`).
#[inline(always)]
pub fn silu(x: f32) -> f32 {
    x / (1.0 + exp(-x))
}
