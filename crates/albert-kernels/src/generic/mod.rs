//! Scalar reference kernels (the oracle every generated kernel is tested against) and the
//! portable fallback used when the CPU lacks AVX-512.
//!
//! The references favour obviously-right over fast: plain loops, f64 accumulation and f64
//! activations, so their own rounding error is far below the tolerances the tests use
//! (libxsmm's generator tests follow the same pattern: a naive reference, compared with a
//! relative Frobenius-norm error).

pub mod bf16;
pub mod portable;
pub mod reference;

pub use reference::{
    activation_ref, attention_ref, embeddings_ref, gemm_ref, layer_norm_rows_ref, rel_frobenius_error,
    softmax_rows_ref, AttentionRef, GemmRef,
};
