//! The IR's error type.

use crate::graph::{ValueId, WeightId};

/// Everything that can be wrong with a graph or its text form.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IrError {
    /// An instruction's operands do not fit its op.
    #[error("instruction {inst} (`{op}`): {msg}")]
    Type {
        /// Index of the instruction.
        inst: usize,
        /// Its op name.
        op: &'static str,
        /// What does not fit.
        msg: String,
    },
    /// A value used before (or without) being defined.
    #[error("{at}: value {value} is not defined")]
    UndefinedValue {
        /// The value.
        value: ValueId,
        /// Where it was used.
        at: String,
    },
    /// A weight id with no declaration.
    #[error("weight {weight} is not declared")]
    UndefinedWeight {
        /// The weight.
        weight: WeightId,
    },
    /// Two inputs, weights or outputs with one name.
    #[error("duplicate {kind} name `{name}`")]
    DuplicateName {
        /// `input`, `weight` or `output`.
        kind: &'static str,
        /// The name.
        name: String,
    },
    /// Any other structural problem.
    #[error("malformed graph: {0}")]
    Malformed(String),
    /// The text form could not be parsed.
    #[error("line {line}: {msg}")]
    Parse {
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        msg: String,
    },
    /// The verifier failed right after a pass ran.
    #[error("after pass `{pass}`: {source}")]
    AfterPass {
        /// The pass that ran last.
        pass: String,
        /// The verifier's error.
        source: Box<IrError>,
    },
}
