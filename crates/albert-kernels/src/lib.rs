//! Kernels for albert-jit: what the Cranelift forward-pass program calls for the heavy ops.
//!
//! Layout follows tract's `linalg` (STYLE.md habit 6): a generated **kernel** computes one
//! aligned register tile; the **frame** ([`frame`]) owns packing, tails, fused epilogues and
//! threading. Per-ISA generators live in [`x86_64`]; [`generic`] holds the scalar references
//! that every generated kernel is tested against (the oracle), plus the portable fallback used
//! when the CPU lacks AVX-512.
//!
//! Why run-time generation: Cranelift 0.135 lowers only 128-bit vectors on x86-64, so (like
//! libxsmm and oneDNN) the AVX-512 microkernels are assembled at run time with `iced-x86`,
//! shaped per call site (M, N, K and strides are constants of the generated code), and
//! called through the System V C ABI. See `/work/shared/DESIGN.md`, "Code generation".
//!
//! bf16 (`--precision bf16`): weights packed once by [`PackedBf16`] (pair-interleaved
//! `B[k/2][n][2]` panels), [`Bf16GemmPlan`] → [`Bf16GemmKernel`] (the frame in
//! [`frame::bf16`], `vdpbf16ps` tiles from [`x86_64::avx512::gemm_bf16`], opt-in AMX tiles
//! from [`x86_64::amx`]), the C entry point [`albert_kernels_gemm_bf16`], and the bit-exact
//! instruction emulation in [`generic::bf16`].

pub mod cpu;
pub mod error;
pub mod exec_mem;
pub mod frame;
pub mod generic;
pub mod ops;
pub mod pool;
pub mod x86_64;

pub use cpu::{Arch, CpuFeatures, Isa, Target, TargetName, UnknownTarget};
pub use error::{KernelError, Result};
pub use exec_mem::ExecBuffer;
pub use frame::ffi::{albert_kernels_gemm, GemmEntryFn};
pub use frame::gemm::{ExternalTiles, GemmKernel, GemmPlan};
pub use pool::ThreadPool;
pub use x86_64::avx512::tile::{GemmTileFn, TileSpec};

pub use frame::bf16::{Bf16GemmKernel, Bf16GemmPlan};
#[cfg(feature = "asm")]
pub use frame::ffi_bf16::{albert_kernels_gemm_bf16, Bf16GemmEntryFn};
pub use frame::pack::PackedB;
pub use frame::pack_bf16::PackedBf16;
pub use frame::{Activation, Epilogue};
pub use x86_64::avx512::tile_bf16::{Bf16GemmTileFn, Bf16TileSpec};
