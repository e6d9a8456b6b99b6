//! albert-jit's Cranelift code generation.
//!
//! - [`program`]: the optimised graph → one Cranelift function per shape
//!   bucket (the shared layer a real counted loop, buffers at the memory
//!   plan's offsets, calls into the generated kernels), JIT-compiled into an
//!   [`Executable`].
//! - [`f32x4`]: the portable GEMM tiles, generated per call site in
//!   Cranelift's 128-bit vectors (NEON on aarch64, SSE on `x86_64-portable`)
//!   and run by the same frame as the AVX-512 tiles (`albert-kernels`).
//! - [`jit`] / [`aot`]: executable memory for the host (W^X, via
//!   `cranelift-jit`) and relocatable objects for other targets (via
//!   `cranelift-object`), from the same function builders.

#![deny(missing_docs)]

pub mod aot;
pub mod artifact;
pub mod error;
mod exec;
pub mod f32x4;
pub mod jit;
pub mod program;
pub mod vector_ops;
pub mod weights;

pub use error::CodegenError;
pub use program::{
    bf16_amx, bf16_plan_for, kernels_asm, listing, CompileOptions, Executable, JitKernels, Listing,
};
pub use weights::WeightStore;
