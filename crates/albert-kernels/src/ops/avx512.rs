//! The AVX-512 kernel family. Row kernels are the portable family's `#[inline(always)]`
//! bodies instantiated inside `#[target_feature(enable = "avx512f")]` functions, so LLVM
//! vectorises them with zmm registers and the results are bit-identical to the portable
//! family. Attention has hand-written tiles in `avx512_attention.rs`.
#![expect(unsafe_code, reason = "calling avx512f functions after run-time detection")]

use super::portable::{self, LnParams};
use crate::frame::Activation;

#[target_feature(enable = "avx512f")]
fn layer_norm_zmm(x: &[f32], residual: Option<&[f32]>, ln: &LnParams<'_>, out: &mut [f32]) {
    portable::layer_norm_body(x, residual, ln, out);
}

#[target_feature(enable = "avx512f")]
fn sum3_layer_norm_zmm(parts: [&[f32]; 3], ln: &LnParams<'_>, row: &mut [f32]) {
    portable::sum3_layer_norm_body(parts, ln, row);
}

#[target_feature(enable = "avx512f")]
fn activation_zmm(act: Activation, x: &mut [f32]) {
    portable::activation_body(act, x);
}

#[target_feature(enable = "avx512f")]
fn add_rows_zmm(a: &[f32], b: &[f32], out: &mut [f32]) {
    portable::add_rows_body(a, b, out);
}

/// The ops dispatch here only after `runnable` saw AVX-512F on this CPU.
fn debug_check() {
    debug_assert!(std::is_x86_feature_detected!("avx512f"));
}

/// AVX-512 LayerNorm.
pub(super) fn layer_norm(x: &[f32], residual: Option<&[f32]>, ln: &LnParams<'_>, out: &mut [f32]) {
    debug_check();
    // SAFETY: only called after run-time detection of avx512f (`ops::runnable`).
    unsafe { layer_norm_zmm(x, residual, ln, out) }
}

/// AVX-512 embeddings row.
pub(super) fn sum3_layer_norm_row(parts: [&[f32]; 3], ln: &LnParams<'_>, row: &mut [f32]) {
    debug_check();
    // SAFETY: only called after run-time detection of avx512f (`ops::runnable`).
    unsafe { sum3_layer_norm_zmm(parts, ln, row) }
}

/// AVX-512 activation.
pub(super) fn activation_inplace(act: Activation, x: &mut [f32]) {
    debug_check();
    // SAFETY: only called after run-time detection of avx512f (`ops::runnable`).
    unsafe { activation_zmm(act, x) }
}

/// AVX-512 row-broadcast add.
pub(super) fn add_rows(a: &[f32], b: &[f32], out: &mut [f32]) {
    debug_check();
    // SAFETY: only called after run-time detection of avx512f (`ops::runnable`).
    unsafe { add_rows_zmm(a, b, out) }
}
