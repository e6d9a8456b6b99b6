//! The `forward` command's input file: a safetensors file with int64 (or
//! int32) `input_ids` `[batch, seq]` and optional `token_type_ids` and
//! `attention_mask` of the same shape.
//!
//! Reading lives in the library, not the binary, so that the CLI and the
//! `forward_input` fuzz target run exactly the same code. Everything here
//! checks structure only (dtypes, ranks, shapes); whether the ids fit the
//! model is [`crate::Session::validate`]'s job.

use safetensors::{Dtype, SafeTensorError, SafeTensors};

use crate::error::RuntimeError;
use crate::session::Batch;

/// A `[batch, seq]` integer tensor: its shape and its elements as i64.
type Ids = (Vec<usize>, Vec<i64>);

/// A `[batch, seq]` integer tensor of the input file, widened to i64.
fn read_ids(st: &SafeTensors, name: &str) -> Result<Option<Ids>, RuntimeError> {
    let bad = |msg: String| RuntimeError::Input(format!("tensor `{name}` {msg}"));
    let view = match st.tensor(name) {
        Ok(v) => v,
        Err(SafeTensorError::TensorNotFound(_)) => return Ok(None),
        Err(e) => return Err(bad(format!("cannot be read: {e}"))),
    };
    if view.shape().len() != 2 {
        return Err(bad(format!("has shape {:?}, expected [batch, seq]", view.shape())));
    }
    // `chunks_exact` on a slice whose length safetensors checked against
    // the shape: the fixed-size conversions below cannot fail.
    let data: Vec<i64> = match view.dtype() {
        Dtype::I64 => view
            .data()
            .chunks_exact(8)
            .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect(),
        Dtype::I32 => view
            .data()
            .chunks_exact(4)
            .map(|c| i64::from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        d => return Err(bad(format!("is {d:?}, expected int64 (or int32)"))),
    };
    Ok(Some((view.shape().to_vec(), data)))
}

/// Reads a `forward` input file from its bytes. Missing `token_type_ids`
/// default to 0 and a missing `attention_mask` to 1 (no padding), as in
/// Hugging Face. Any malformed file is an error, never a panic.
pub fn read_batch(bytes: &[u8]) -> Result<Batch, RuntimeError> {
    let st = SafeTensors::deserialize(bytes)
        .map_err(|e| RuntimeError::Input(format!("invalid safetensors file: {e}")))?;
    let (shape, input_ids) =
        read_ids(&st, "input_ids")?.ok_or_else(|| RuntimeError::Input("no `input_ids` tensor".into()))?;
    let (b, n) = (shape[0], shape[1]);
    let fetch = |name: &str, default: i64| -> Result<Vec<i64>, RuntimeError> {
        match read_ids(&st, name)? {
            Some((sh, v)) if sh == shape => Ok(v),
            Some((sh, _)) => {
                Err(RuntimeError::Input(format!("`{name}` has shape {sh:?} but input_ids has {shape:?}")))
            }
            // The product is the element count of `input_ids`, which is in
            // the file: no overflow and no allocation larger than the input.
            None => Ok(vec![default; input_ids.len()]),
        }
    };
    Ok(Batch {
        batch: b,
        seq: n,
        token_type_ids: fetch("token_type_ids", 0)?,
        attention_mask: fetch("attention_mask", 1)?,
        input_ids,
    })
}
