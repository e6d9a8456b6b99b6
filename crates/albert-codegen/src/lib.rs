//! albert-jit's Cranelift code generation.
//!
//! - [`f32x4`]: the portable GEMM tile, generated per call site in
//!   Cranelift's 128-bit vectors: NEON on aarch64, the fallback on x86-64
//!   CPUs without AVX-512.
//! - [`gemm`]: the frame around it (packing, tails, epilogues).
//! - [`jit`] / [`aot`]: executable memory for the host (W^X, via
//!   `cranelift-jit`) and relocatable objects for other targets (via
//!   `cranelift-object`), from the same function builders.

#![deny(missing_docs)]

pub mod aot;
pub mod error;
mod exec;
pub mod f32x4;
pub mod gemm;
pub mod jit;

pub use error::CodegenError;
