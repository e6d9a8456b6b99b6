//! The reference interpreter: runs any [`albert_ir::Graph`] in plain Rust.
//!
//! It is the oracle of every differential test — traced graph vs Hugging
//! Face, optimised vs traced graph, generated code vs graph — so it favours
//! being obviously right: one straightforward kernel per op, reductions in
//! f64, no fusion. Weights are passed in by [`albert_ir::WeightId`] order.

#![deny(missing_docs)]

pub mod error;
mod interp;
pub mod kernels;
pub mod tensor;

pub use error::InterpError;
pub use interp::Interpreter;
pub use tensor::{Data, Tensor};
