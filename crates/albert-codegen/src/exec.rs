//! Entering generated code: the crate's only `unsafe`.
//!
//! Every pointer the generated program passes to the dispatcher was
//! computed from the activation arena's base and offsets the compiler
//! checked against the arena's size (and for overlap) before emitting them,
//! so the slices made here cover memory the arena owns.
#![expect(unsafe_code, reason = "calling JIT-generated machine code and freeing its memory")]

use std::sync::Mutex;

use cranelift_jit::JITModule;

use crate::ops::{In, OpDesc};

/// A JIT module that may move between threads.
pub(crate) struct SharedModule(pub(crate) JITModule);

// SAFETY: after `finalize_definitions` the module is never used again
// except to be freed on drop; the code it owns is immutable (read-execute)
// and the generated functions keep no state of their own.
unsafe impl Send for SharedModule {}
// SAFETY: as above: no method of the module is called through `&self`.
unsafe impl Sync for SharedModule {}

/// Releases a module's code and data memory.
pub(crate) fn free_module(m: SharedModule) {
    // SAFETY: called only from `JitCode::drop`; every user of a function
    // pointer from this module holds an `Arc` to the `JitCode` (or owns
    // it), so no pointer into the module outlives this call.
    unsafe { m.0.free_memory() }
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

/// The entry point the program calls for each op (see [`albert_jit_op`]).
pub(crate) type OpFn = extern "C" fn(*const OpDesc, *const RunCtx, *mut f32, *const u8, *const u8) -> i32;

/// What the generated program receives: everything it touches is reached from here, so the
/// code holds no host address and runs wherever it is loaded.
#[repr(C)]
pub(crate) struct RunCtx {
    pub arena: *mut u8,
    pub input_ids: *const i64,
    pub token_type_ids: *const i64,
    pub attention_mask: *const i64,
    pub error: *const Mutex<Option<String>>,
    /// One descriptor per call of the program, in program order.
    pub descs: *const *const OpDesc,
    /// The op entry point.
    pub op: OpFn,
}

/// Byte offset of [`RunCtx::arena`].
pub(crate) const CTX_ARENA: i32 = std::mem::offset_of!(RunCtx, arena) as i32;
/// Byte offset of [`RunCtx::descs`].
pub(crate) const CTX_DESCS: i32 = std::mem::offset_of!(RunCtx, descs) as i32;
/// Byte offset of [`RunCtx::op`].
pub(crate) const CTX_OP: i32 = std::mem::offset_of!(RunCtx, op) as i32;

/// Byte offsets of [`RunCtx`]'s input pointers, in field order.
pub(crate) const CTX_INPUT_OFFSETS: [(&str, i32); 3] = [
    ("input_ids", std::mem::offset_of!(RunCtx, input_ids) as i32),
    ("token_type_ids", std::mem::offset_of!(RunCtx, token_type_ids) as i32),
    ("attention_mask", std::mem::offset_of!(RunCtx, attention_mask) as i32),
];

/// The program's ABI: `fn(ctx) -> status` (0 = success).
type ProgramFn = extern "C" fn(*mut RunCtx) -> i32;

/// Runs a compiled program.
pub(crate) fn call_program(addr: usize, ctx: &mut RunCtx) -> i32 {
    // SAFETY: `addr` is the finalised program of an `Executable` that is
    // borrowed for this call (so its code is alive); `ctx` points at an
    // arena of the size the program was planned for, locked for this call,
    // and at input arrays whose lengths `Executable::run` checked.
    let f: ProgramFn = unsafe { std::mem::transmute::<usize, ProgramFn>(addr) };
    f(ctx)
}

/// The one function generated programs call: runs `desc` on the buffers at
/// `out`, `in0`, `in1`. Returns 0, or 1 with the error stored in the context.
pub(crate) extern "C" fn albert_jit_op(
    desc: *const OpDesc,
    ctx: *const RunCtx,
    out: *mut f32,
    in0: *const u8,
    in1: *const u8,
) -> i32 {
    // SAFETY: `desc` is an entry of the descriptor table of the executing
    // `Executable` (a `Box<OpDesc>` it owns, read by the program from
    // `ctx.descs`), and `ctx` is the live `RunCtx` of `call_program`.
    let (desc, ctx) = unsafe { (&*desc, &*ctx) };
    // SAFETY: the compiler checked that `out` and each input lie inside the
    // arena (or are the caller's input arrays) with at least these lengths,
    // and that `out` overlaps no input of this call.
    let out = unsafe { std::slice::from_raw_parts_mut(out, desc.out_len) };
    // No allocation on the hot path: at most two value operands, on the stack.
    let mut ins: [In; 2] = [In::F32(&[]), In::F32(&[])];
    for (slot, (&p, &(len, is_i64))) in ins.iter_mut().zip([in0, in1].iter().zip(&desc.ins)) {
        *slot = if is_i64 {
            // SAFETY: as above, for an i64 operand.
            In::I64(unsafe { std::slice::from_raw_parts(p as *const i64, len) })
        } else {
            // SAFETY: as above, for an f32 operand.
            In::F32(unsafe { std::slice::from_raw_parts(p as *const f32, len) })
        };
    }
    let n = desc.ins.len().min(2);
    let (off, len) = desc.scratch;
    // SAFETY: the memory plan placed this scratch inside the arena (the compiler checked
    // its bounds), live only during this call: it overlaps neither `out` nor an input.
    let scratch = unsafe { std::slice::from_raw_parts_mut(ctx.arena.add(off).cast::<f32>(), len) };
    // A panic must not unwind into generated frames: catch it here.
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| desc.run(out, &ins[..n], scratch)));
    let msg = match r {
        Ok(Ok(())) => return 0,
        Ok(Err(m)) => m,
        Err(_) => format!("{}: internal error (panic in kernel)", desc.name),
    };
    // SAFETY: `error` points at the slot `Executable::run` owns for this call.
    if let Some(slot) = unsafe { ctx.error.as_ref() } {
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(msg);
    }
    1
}
