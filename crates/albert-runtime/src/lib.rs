//! albert-jit's runtime: a [`Session`] holds one opened model (checkpoint,
//! tokenizer, traced graphs, weights loaded once) and serves forward passes
//! and the pipelines built on them — fill-mask with Hugging Face's JSON,
//! embeddings, sentence-order prediction.

#![deny(missing_docs)]

pub mod error;
pub mod input;
pub mod pipelines;
pub mod session;

pub use albert_deploy::Precision;
pub use albert_kernels::{Arch, CpuFeatures, Isa, Target, TargetName};
pub use error::RuntimeError;
pub use input::read_batch;
pub use pipelines::{softmax_f32, Pooling, Proposition};
pub use session::{
    seq_bucket, Backend, Batch, NamedOutput, Outputs, Session, SessionOptions, Wanted, SEQ_BUCKETS,
};
