//! Entering generated code: the crate's only `unsafe`.
//!
//! Every call checks slice lengths against the shape the code was generated
//! for *before* entering it, so generated code only touches memory the
//! checked slices own.
#![expect(unsafe_code, reason = "calling JIT-generated machine code and freeing its memory")]

use cranelift_jit::JITModule;

/// Releases a module's code and data memory.
pub(crate) fn free_module(m: JITModule) {
    // SAFETY: called only from `JitCode::drop`; every user of a function
    // pointer from this module holds an `Arc` to the `JitCode`, so no
    // pointer into the module outlives this call.
    unsafe { m.free_memory() }
}

/// The tile kernel ABI: `fn(a, b, c)`.
pub(crate) type TileFn = extern "C" fn(*const f32, *const f32, *mut f32);

/// Calls a tile kernel.
///
/// The caller guarantees (and checks with `debug_assert`s in
/// `gemm::PortableGemm::run`) that `a` holds `mr` rows of stride `lda`
/// covering `k` columns, `b` holds `k * nr` floats and `c` holds `mr` rows
/// of stride `ldc` covering `nr` columns.
pub(crate) fn call_tile(addr: usize, a: *const f32, b: *const f32, c: *mut f32) {
    // SAFETY: `addr` is the address of a finalised tile kernel with the
    // `TileFn` C signature, kept alive by the caller's `Arc<JitCode>`; the
    // pointers cover the memory the kernel reads and writes (see above).
    let f: TileFn = unsafe { std::mem::transmute::<usize, TileFn>(addr) };
    f(a, b, c)
}
