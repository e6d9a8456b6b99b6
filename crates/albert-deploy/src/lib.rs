//! albert-jit's deployment runtime: runs forward programs without a compiler.
//!
//! - [`BucketPlan`]: an optimised graph planned for one `(batch, seq)` bucket and target:
//!   buffer offsets, the calls and the kernels and weights each needs ([`CallSpec`]).
//! - [`OpDesc`] / [`Executable`]: the calls with their kernels and weights in place, the
//!   program's code and its arena; what the JIT builds and what an artifact loads.
//! - [`artifact`]: the `.albert` file — header, code, packed weights once, config and
//!   tokenizer — written by `albert-codegen` and loaded here with every check (CPU features,
//!   architecture, versions, hashes, truncation) before any of its code runs.
//! - [`capi`]: the C API (`include/albert.h`).
//!
//! Nothing here generates code: this crate depends on neither Cranelift nor iced-x86
//! (`albert-kernels` without its `asm` feature).

#![deny(missing_docs)]

pub mod artifact;
pub mod bucket;
pub mod capi;
pub mod error;
pub mod exec;
pub mod executable;
pub mod floats;
pub mod kernels;
pub mod ops;

pub use bucket::{BucketPlan, Loc, OutputSlot};
pub use error::DeployError;
pub use exec::ProgramEntry;
pub use executable::{CallProfile, Executable, OutputView};
pub use floats::Floats;
pub use kernels::{
    ActivationKernel, Bf16Gemm, Kernel, KernelReq, KernelSource, LayerNormKernel, OwnedGemm, Precision,
};
pub use ops::{CallSpec, OpDesc, Phase, WeightSource, PHASES};
