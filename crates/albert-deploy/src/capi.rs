//! The C API over artifacts (`include/albert.h`): open, forward, free. Every function
//! checks its arguments and returns an error instead of crashing; panics never cross into C.
#![expect(unsafe_code, reason = "the C ABI: raw pointers from the caller")]

use std::ffi::{c_char, c_int, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::artifact::{Artifact, LoadOptions};

/// An open artifact (opaque to C).
pub struct AlbertModel {
    artifact: Artifact,
    error: std::ffi::CString,
}

/// The names of the outputs in `albert_forward`'s order.
const OUTPUTS: [&str; 4] = ["last_hidden_state", "pooler_output", "mlm_logits", "sop_logits"];

fn write_err(err: *mut c_char, err_len: usize, msg: &str) {
    if err.is_null() || err_len == 0 {
        return;
    }
    let bytes = msg.as_bytes();
    let n = bytes.len().min(err_len - 1);
    // SAFETY: the caller gives `err_len` writable bytes at `err`; we write `n + 1 ≤ err_len`.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), err.cast::<u8>(), n);
        *err.add(n) = 0;
    }
}

fn set_error(m: &mut AlbertModel, msg: &str) {
    m.error = std::ffi::CString::new(msg.replace('\0', " ")).unwrap_or_default();
}

/// Opens the artifact at `path` (NUL-terminated) with `threads` workers (0: all cores). On
/// failure returns NULL and writes a NUL-terminated message into `err` (`err_len` bytes).
#[unsafe(no_mangle)]
/// # Safety
/// `path` is NULL or NUL-terminated; `err` is NULL or has `err_len` writable bytes.
pub unsafe extern "C" fn albert_open(
    path: *const c_char,
    threads: c_int,
    err: *mut c_char,
    err_len: usize,
) -> *mut AlbertModel {
    let r = catch_unwind(|| {
        if path.is_null() {
            return Err("path is NULL".to_string());
        }
        // SAFETY: the caller passes a NUL-terminated string.
        let p = unsafe { CStr::from_ptr(path) };
        let p = p.to_str().map_err(|_| "path is not UTF-8".to_string())?;
        let threads = if threads > 0 {
            threads as usize
        } else {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        };
        Artifact::open(Path::new(p), LoadOptions { threads }).map_err(|e| e.to_string())
    });
    match r {
        Ok(Ok(artifact)) => Box::into_raw(Box::new(AlbertModel { artifact, error: Default::default() })),
        Ok(Err(msg)) => {
            write_err(err, err_len, &msg);
            std::ptr::null_mut()
        }
        Err(_) => {
            write_err(err, err_len, "internal error while opening");
            std::ptr::null_mut()
        }
    }
}

/// Floats the output `index` (0 last_hidden_state, 1 pooler_output, 2 mlm_logits,
/// 3 sop_logits) takes for `batch` × `seq`, or 0 when the model has no such output.
#[unsafe(no_mangle)]
/// # Safety
/// `model` is NULL or a live model from [`albert_open`].
pub unsafe extern "C" fn albert_output_len(
    model: *const AlbertModel,
    index: c_int,
    batch: usize,
    seq: usize,
) -> usize {
    // SAFETY: NULL or a pointer `albert_open` returned and `albert_free` has not freed.
    let Some(m) = (unsafe { model.as_ref() }) else { return 0 };
    let Some(name) = usize::try_from(index).ok().and_then(|i| OUTPUTS.get(i)) else { return 0 };
    if !m.artifact.header().outputs.iter().any(|o| o == name) {
        return 0;
    }
    let cfg: serde_json::Value = serde_json::from_str(m.artifact.config_json()).unwrap_or_default();
    let get = |k: &str| cfg.get(k).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
    match *name {
        "last_hidden_state" => batch * seq * get("hidden_size"),
        "pooler_output" => batch * get("hidden_size"),
        "mlm_logits" => batch * seq * get("vocab_size"),
        _ => batch * 2,
    }
}

/// Runs a forward pass on `batch` × `seq` row-major i64 inputs. Each output pointer may be
/// NULL (not wanted) or point at `albert_output_len` floats. Returns 0, or -1 with the
/// message in `albert_last_error`.
#[unsafe(no_mangle)]
/// # Safety
/// `model` is NULL or a live model; each input points at `batch · seq` elements; each
/// non-NULL output at `albert_output_len` floats.
pub unsafe extern "C" fn albert_forward(
    model: *mut AlbertModel,
    input_ids: *const i64,
    token_type_ids: *const i64,
    attention_mask: *const i64,
    batch: usize,
    seq: usize,
    last_hidden_state: *mut f32,
    pooler_output: *mut f32,
    mlm_logits: *mut f32,
    sop_logits: *mut f32,
) -> c_int {
    // SAFETY: NULL or a pointer `albert_open` returned and `albert_free` has not freed.
    let Some(m) = (unsafe { model.as_mut() }) else { return -1 };
    let Some(n) = batch.checked_mul(seq).filter(|&n| n > 0 && n <= 1 << 24) else {
        set_error(m, &format!("bad shape {batch} × {seq}"));
        return -1;
    };
    if input_ids.is_null() || token_type_ids.is_null() || attention_mask.is_null() {
        set_error(m, "an input pointer is NULL");
        return -1;
    }
    // SAFETY: the caller gives `batch · seq` elements at each input pointer.
    let (ids, tt, mask) = unsafe {
        (
            std::slice::from_raw_parts(input_ids, n),
            std::slice::from_raw_parts(token_type_ids, n),
            std::slice::from_raw_parts(attention_mask, n),
        )
    };
    let art = &m.artifact;
    let r = catch_unwind(AssertUnwindSafe(|| art.forward(ids, tt, mask, batch, seq)));
    let outs = match r {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => {
            set_error(m, &e.to_string());
            return -1;
        }
        Err(_) => {
            set_error(m, "internal error (panic) in forward");
            return -1;
        }
    };
    for (name, ptr) in OUTPUTS.iter().zip([last_hidden_state, pooler_output, mlm_logits, sop_logits]) {
        if ptr.is_null() {
            continue;
        }
        let Some((_, v)) = outs.iter().find(|(n, _)| n == name) else {
            set_error(m, &format!("the model has no {name} output"));
            return -1;
        };
        // SAFETY: the caller gives `albert_output_len` floats at `ptr`, which is `v.len()`.
        unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), ptr, v.len()) };
    }
    0
}

/// The message of the last failed call on `model` (empty if none). Valid until the next call.
#[unsafe(no_mangle)]
/// # Safety
/// `model` is NULL or a live model.
pub unsafe extern "C" fn albert_last_error(model: *const AlbertModel) -> *const c_char {
    // SAFETY: NULL or a live model.
    match unsafe { model.as_ref() } {
        Some(m) => m.error.as_ptr(),
        None => c"model is NULL".as_ptr(),
    }
}

/// Frees a model from `albert_open` (NULL is ignored).
#[unsafe(no_mangle)]
/// # Safety
/// `model` is NULL or a model from [`albert_open`] not freed yet.
pub unsafe extern "C" fn albert_free(model: *mut AlbertModel) {
    if !model.is_null() {
        // SAFETY: `model` came from `Box::into_raw` in `albert_open` and is freed once.
        drop(unsafe { Box::from_raw(model) });
    }
}
