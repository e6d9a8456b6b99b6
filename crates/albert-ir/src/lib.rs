//! albert-jit's graph IR.
//!
//! A [`Graph`] is a straight-line SSA program over tensors whose batch and
//! sequence dimensions stay symbolic. Ops are defined once in [`op`]; the text
//! form ([`text`]) prints and parses every graph; [`Graph::verify`] checks the
//! invariants every pass must keep. The model tracer builds graphs with the
//! builder methods on [`Graph`]; the reference interpreter runs them.

#![deny(missing_docs)]

pub mod error;
pub mod graph;
pub mod op;
pub mod text;
pub mod types;
mod verify;

pub use error::IrError;
pub use graph::{Graph, Input, Inst, Operand, Output, ValueId, WeightDecl, WeightId};
pub use op::{Act, Op};
pub use text::parse;
pub use types::{Bindings, DType, Dim, Shape, Type};
