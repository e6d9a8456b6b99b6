//! albert-jit's graph IR.
//!
//! A [`Graph`] is a straight-line SSA program over tensors whose batch and
//! sequence dimensions stay symbolic. Ops are defined once in [`op`]; the text
//! form ([`text`]) prints and parses every graph; [`Graph::verify`] checks the
//! invariants every pass must keep. The model tracer builds graphs with the
//! builder methods on [`Graph`]; the reference interpreter runs them.
//! Loops ([`Region`]), fused ops ([`fused`]) and derived weights
//! ([`DerivedWeight`]) are what the optimiser (`albert-opt`) rewrites to.

#![deny(missing_docs)]

pub mod error;
pub mod fused;
pub mod graph;
pub mod op;
pub mod text;
pub mod types;
mod verify;

pub use error::IrError;
pub use graph::{
    DerivedWeight, Graph, Input, Inst, Operand, Output, Region, ValueId, WeightDecl, WeightId, WeightLayout,
    WeightRecipe,
};
pub use op::{Act, Arity, Op};
pub use text::parse;
pub use types::{Bindings, DType, Dim, Shape, Type};
