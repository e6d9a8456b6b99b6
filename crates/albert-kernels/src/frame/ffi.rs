//! The C entry point through which Cranelift code (or any C caller) runs a whole GEMM —
//! frame, tails, epilogue and threading included — without knowing Rust types.
//!
//! Register it with `JITBuilder::symbol("albert_kernels_gemm", albert_kernels_gemm as *const u8)`
//! and pass the [`GemmKernel`] and [`PackedB`] addresses as `i64` constants (they live as
//! long as the compiled model). Cranelift signature (System V):
//! `(i64 kernel, i64 a, i64 packed_b, i64 c, i64 bias, i64 residual) -> i32`.
#![expect(unsafe_code, reason = "a C ABI entry point receives raw pointers by definition")]

use super::exec::{check_packed, execute, RawOperands};
use super::gemm::GemmKernel;
use super::pack::PackedB;

/// Type of [`albert_kernels_gemm`], for callers that hold it as a function pointer.
pub type GemmEntryFn = unsafe extern "C" fn(
    kernel: *const GemmKernel,
    a: *const f32,
    packed_b: *const PackedB,
    c: *mut f32,
    bias: *const f32,
    residual: *const f32,
) -> i32;

/// `C = act(A·Wᵀ + bias) + residual` for `kernel`'s plan, on the kernel's pool if it has one.
/// Returns 0 on success, -1 for a null kernel/B or a B packed for another shape, -2 when the
/// run failed (a panicking worker).
///
/// # Safety
/// `kernel` and `packed_b` must point to live values; `a`, `c`, `bias` and `residual` must
/// cover [`GemmKernel::required_lengths`] (bias: N) and may be null only where the plan's
/// epilogue does not use them. `c` may alias `residual` (in-place residual add) but not `a`,
/// the weight or the bias.
pub unsafe extern "C" fn albert_kernels_gemm(
    kernel: *const GemmKernel,
    a: *const f32,
    packed_b: *const PackedB,
    c: *mut f32,
    bias: *const f32,
    residual: *const f32,
) -> i32 {
    // SAFETY: the caller promises these point to live values (or are null).
    let (Some(kernel), Some(b)) = (unsafe { kernel.as_ref() }, unsafe { packed_b.as_ref() }) else {
        return -1;
    };
    if check_packed(kernel, b).is_err() {
        return -1;
    }
    // The portable and external tiles write C before the frame adds the residual: an
    // in-place residual is copied first (see `exec::run_checked`).
    let (_, len_c, len_r) = kernel.required_lengths();
    let (c0, r0) = (c as usize, residual as usize);
    let aliased = !residual.is_null() && c0 < r0 + 4 * len_r && r0 < c0 + 4 * len_c;
    let copy: Option<Vec<f32>> = (kernel.frame_epilogue.residual && aliased)
        // SAFETY: the caller promises `residual` covers `len_r` elements.
        .then(|| unsafe { std::slice::from_raw_parts(residual, len_r) }.to_vec());
    let residual = copy.as_ref().map_or(residual, |v| v.as_ptr());
    let ops = RawOperands {
        a: a.expose_provenance(),
        b: b.data().as_ptr().expose_provenance(),
        c: c.expose_provenance(),
        bias: bias.expose_provenance(),
        residual: residual.expose_provenance(),
    };
    // SAFETY: forwarded from this function's contract.
    match unsafe { execute(kernel, kernel.pool.as_deref(), ops) } {
        Ok(()) => 0,
        Err(_) => -2,
    }
}
