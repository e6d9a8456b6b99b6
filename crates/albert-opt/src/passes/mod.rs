//! The passes, one file each. Every pass is a function
//! `fn(&Graph, &Options) -> Result<Graph, OptError>`; the fusion passes
//! match first and then hand a [`crate::rewrite::Patch`] to the shared
//! rebuild, so no pass renumbers anything itself.

mod dce;
mod fold;
mod fuse_attention;
mod fuse_embeddings;
mod fuse_ffn;
mod pack_weights;
mod pattern;
mod share_layers;

pub use dce::dce;
pub use fold::fold;
pub use fuse_attention::fuse_attention;
pub use fuse_embeddings::fuse_embeddings;
pub use fuse_ffn::fuse_ffn;
pub use pack_weights::{effective_layouts, gemm_b_operands, pack_weights, weight_layouts};
pub use share_layers::share_layers;
