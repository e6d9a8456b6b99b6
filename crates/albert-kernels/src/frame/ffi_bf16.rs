//! The C entry point of the bf16 GEMM, the twin of [`super::ffi::albert_kernels_gemm`]: what
//! Cranelift code calls for a `--precision bf16` GEMM, frame and threading included.
//!
//! Register it with `JITBuilder::symbol("albert_kernels_gemm_bf16", albert_kernels_gemm_bf16
//! as *const u8)` and pass the [`Bf16GemmKernel`] and [`PackedBf16`] addresses as `i64`
//! constants (they live as long as the compiled model). Cranelift signature (System V), the
//! same as the fp32 entry: `(i64 kernel, i64 a, i64 packed_b, i64 c, i64 bias, i64 residual)
//! -> i32`. A, C, bias and residual are f32; A is rounded to bf16 inside.
#![expect(unsafe_code, reason = "a C ABI entry point receives raw pointers by definition")]

use super::bf16::Bf16GemmKernel;
use super::bf16_exec::{check_packed, execute, RawOperands};
use super::pack_bf16::PackedBf16;

/// Type of [`albert_kernels_gemm_bf16`], for callers that hold it as a function pointer.
pub type Bf16GemmEntryFn = unsafe extern "C" fn(
    kernel: *const Bf16GemmKernel,
    a: *const f32,
    packed_b: *const PackedBf16,
    c: *mut f32,
    bias: *const f32,
    residual: *const f32,
) -> i32;

/// `C = act(bf16(A)·Wᵀ + bias) + residual` for `kernel`'s plan, on the kernel's pool if it
/// has one. Returns 0 on success, -1 for a null kernel/B or a B packed for another shape,
/// -2 when the run failed (a panicking worker).
///
/// # Safety
/// `kernel` and `packed_b` must point to live values; `a`, `c`, `bias` and `residual` must
/// cover [`Bf16GemmKernel::required_lengths`] (bias: N) and may be null only where the plan's
/// epilogue does not use them. `c` may alias `residual` (in-place residual add) but not `a`,
/// the weight or the bias.
pub unsafe extern "C" fn albert_kernels_gemm_bf16(
    kernel: *const Bf16GemmKernel,
    a: *const f32,
    packed_b: *const PackedBf16,
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
    // When the frame (not the tile) adds the residual, the tile has already overwritten C:
    // an in-place residual is copied first.
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
    // SAFETY: forwarded from this function's contract (an aliased residual was copied above
    // when the frame reads it after the tile).
    match unsafe { execute(kernel, kernel.pool.as_deref(), ops) } {
        Ok(()) => 0,
        Err(_) => -2,
    }
}
