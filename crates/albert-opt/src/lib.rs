//! albert-jit's optimiser: the pass pipeline and the memory planner.
//!
//! ```text
//! fold → dce → fuse_embeddings → fuse_attention → fuse_ffn → share_layers → pack_weights
//! ```
//!
//! [`Pipeline::default_for`] runs those passes in that order
//! ([`pass_names`] lists them; [`Pipeline::run_with`] shows the graph after
//! each one). Every pass maps a graph to a graph and is checked by the
//! verifier afterwards in tests and debug builds. The result runs on the
//! reference interpreter like any graph — fused ops by their expansion
//! ([`albert_ir::fused`]), loops by running their body — which is how the
//! property tests check that optimising never changes a number.
//! [`plan_memory`] then lays out activations for a `(batch, seq)` bucket and
//! [`stats`] summarises the result for `albert-jit inspect --stats --json`.

#![deny(missing_docs)]

pub mod error;
pub mod passes;
pub mod pipeline;
pub mod plan;
pub mod rewrite;
pub mod stats;

pub use error::OptError;
pub use pipeline::{pass, pass_names, Options, Pass, Pipeline, PASSES};
pub use plan::{
    plan_memory, plan_memory_with, scratch_bytes, Buffer, BufferKind, MemoryPlan, RowStrideFn, ScratchFn,
};
pub use stats::{stats, Stats};
