//! Generator for the AVX2 + FMA GEMM tile `avx2_matmul_f32_6x16` and its tails.
//!
//! One call computes a `rows × cols` block (`rows ≤ 6`, `cols ≤ 16`) of `C = A · B` over the
//! whole K, B being half of one packed 32-column panel: 12 ymm accumulators (`ymm0..ymm11`,
//! row `r` vector `v` in `ymm(2r+v)`), the two B vectors of the current `k` in `ymm12/13`,
//! and each A element broadcast (`vbroadcastss`) alternately into `ymm14/15` so consecutive
//! rows' FMAs do not wait on one register (the 6×16 block of BLIS's and OpenBLAS's Haswell
//! kernels). A is read in place with its row stride fixed at generation time.
//!
//! K is the loop count, unrolled by [`UNROLL`] with the remainder straight-line; strides are
//! displacements. The last vector of a tile whose `cols` is not a multiple of 8 is stored
//! lane by lane (`vmovss`/`vmovsd`/`vextractps`/`vmovups xmm`), never past column `cols`. B
//! vectors past `cols` read the panel's zero padding, inside the panel.
//!
//! # ABI
//! System V, [`crate::GemmTileFn`]: `a` in `rdi`, `b` in `rsi`, `c` in `rdx`; `bias` and
//! `residual` are not read (the frame applies the epilogue). Only caller-saved registers are
//! used (`rax`, `rdi`, `rsi`, ymm), no stack, no call; the code ends with `vzeroupper`.

use iced_x86::code_asm::*;

use super::tile::{Avx2TileShape, AVX2_TILE_ROWS};
use crate::error::Result;
use crate::frame::pack::PANEL_WIDTH;
use crate::x86_64::avx512::{asm_err, disassemble};

/// K steps per loop trip.
pub const UNROLL: usize = 4;

const YMM: [AsmRegisterYmm; 16] =
    [ymm0, ymm1, ymm2, ymm3, ymm4, ymm5, ymm6, ymm7, ymm8, ymm9, ymm10, ymm11, ymm12, ymm13, ymm14, ymm15];
const XMM: [AsmRegisterXmm; 16] =
    [xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15];

fn acc(r: usize, v: usize) -> usize {
    2 * r + v
}

/// Assembles the tile for `shape` into position-independent machine code.
pub fn assemble(shape: &Avx2TileShape) -> Result<Vec<u8>> {
    shape.validate()?;
    let name = shape.name();
    let mut a = build(shape).map_err(asm_err(&name))?;
    a.assemble(0).map_err(asm_err(&name))
}

/// The tile's code as Intel-syntax text, headed by its name and specialisation.
pub fn dump(shape: &Avx2TileShape) -> Result<String> {
    let code = assemble(shape)?;
    Ok(format!(
        "; {} lda={} ldc={} ({} bytes)\n{}",
        shape.name(),
        shape.lda,
        shape.ldc,
        code.len(),
        disassemble(&code, 0)
    ))
}

/// Every tile `plan`'s frame calls ([`crate::GemmPlan::external_tile_shapes`] with the 6 × 16
/// block), assembled into one blob, each entry on a cache line with `int3` between them: the
/// code and each tile's offset, in the order of the shapes.
pub fn assemble_plan(plan: &crate::GemmPlan) -> Result<(Vec<u8>, Vec<usize>)> {
    let mut code = Vec::new();
    let mut offsets = Vec::new();
    for (rows, cols) in plan.external_tile_shapes(AVX2_TILE_ROWS, super::tile::AVX2_TILE_COLS) {
        let shape = Avx2TileShape { rows, cols, k: plan.k, lda: plan.lda, ldc: plan.ldc };
        code.resize(code.len().next_multiple_of(64), 0xCC);
        offsets.push(code.len());
        code.extend(assemble(&shape)?);
    }
    Ok((code, offsets))
}

/// One K step at A column offset `u` (elements) and B row offset `u` (panel rows).
fn k_step(
    a: &mut CodeAssembler,
    shape: &Avx2TileShape,
    nv: usize,
    u: usize,
) -> std::result::Result<(), IcedError> {
    let b_off = (u * PANEL_WIDTH * 4) as i32;
    for v in 0..nv {
        a.vmovups(YMM[12 + v], ymmword_ptr(rsi + (b_off + 32 * v as i32)))?;
    }
    for r in 0..shape.rows {
        let bc = YMM[14 + r % 2];
        a.vbroadcastss(bc, dword_ptr(rdi + (4 * (r * shape.lda + u)) as i32))?;
        for v in 0..nv {
            a.vfmadd231ps(YMM[acc(r, v)], bc, YMM[12 + v])?;
        }
    }
    Ok(())
}

/// Stores `live` (1..=8) lanes of accumulator `reg` at `[rdx + off]`.
fn store_partial(
    a: &mut CodeAssembler,
    reg: usize,
    off: i32,
    live: usize,
) -> std::result::Result<(), IcedError> {
    // Lanes 0..4 from the low half, 4..8 from the high half (extracted into xmm15: the
    // broadcast registers are free after the K loop).
    let halves = [(XMM[reg], 0usize), (xmm15, 4usize)];
    for (i, &(x, first)) in halves.iter().enumerate() {
        if live <= first {
            break;
        }
        if i == 1 {
            a.vextractf128(xmm15, YMM[reg], 1)?;
        }
        let n = (live - first).min(4);
        let at = off + 4 * first as i32;
        match n {
            4 => a.vmovups(xmmword_ptr(rdx + at), x)?,
            _ => {
                if n >= 2 {
                    a.vmovsd(qword_ptr(rdx + at), x)?;
                } else {
                    a.vmovss(dword_ptr(rdx + at), x)?;
                }
                if n == 3 {
                    a.vextractps(dword_ptr(rdx + (at + 8)), x, 2)?;
                }
            }
        }
    }
    Ok(())
}

fn build(shape: &Avx2TileShape) -> std::result::Result<CodeAssembler, IcedError> {
    let mut a = CodeAssembler::new(64)?;
    let nv = shape.cols.div_ceil(8);
    for r in 0..shape.rows {
        for v in 0..nv {
            let x = YMM[acc(r, v)];
            a.vxorps(x, x, x)?;
        }
    }
    let trips = shape.k / UNROLL;
    if trips > 0 {
        let mut top = a.create_label();
        a.mov(eax, trips as u32)?;
        a.set_label(&mut top)?;
        for u in 0..UNROLL {
            k_step(&mut a, shape, nv, u)?;
        }
        a.add(rdi, (4 * UNROLL) as i32)?;
        a.add(rsi, (4 * UNROLL * PANEL_WIDTH) as i32)?;
        a.dec(eax)?;
        a.jnz(top)?;
    }
    for u in 0..shape.k % UNROLL {
        k_step(&mut a, shape, nv, u)?;
    }
    for r in 0..shape.rows {
        for v in 0..nv {
            let off = (4 * (r * shape.ldc + 8 * v)) as i32;
            let live = (shape.cols - 8 * v).min(8);
            if live == 8 {
                a.vmovups(ymmword_ptr(rdx + off), YMM[acc(r, v)])?;
            } else {
                store_partial(&mut a, acc(r, v), off, live)?;
            }
        }
    }
    a.vzeroupper()?;
    a.ret()?;
    Ok(a)
}

/// `plan`'s tiles generated into one read-execute buffer, for the frame
/// ([`crate::GemmPlan::build_external`]). Refused on a CPU without AVX2 and FMA.
#[expect(unsafe_code, reason = "typing the code just generated as tile entry points")]
pub fn external_tiles(plan: &crate::GemmPlan) -> Result<crate::ExternalTiles> {
    use crate::error::KernelError;
    if !crate::CpuFeatures::detect().avx2_fma {
        return Err(KernelError::Shape { op: "avx2 gemm", reason: "this CPU lacks AVX2 or FMA".into() });
    }
    let (code, offsets) = assemble_plan(plan)?;
    let buffer = std::sync::Arc::new(crate::ExecBuffer::new(&code)?);
    let shapes = plan.external_tile_shapes(AVX2_TILE_ROWS, super::tile::AVX2_TILE_COLS);
    let mut entries = Vec::with_capacity(shapes.len());
    for (shape, off) in shapes.into_iter().zip(offsets) {
        let addr =
            buffer.addr(off).ok_or(KernelError::Shape { op: "avx2 gemm", reason: "tile offset".into() })?;
        // SAFETY: `addr` is the start of the tile assembled for `shape` with the
        // `GemmTileFn` System V ABI, in read-execute memory the returned tiles keep alive;
        // the CPU has AVX2 and FMA (checked above).
        let f = unsafe { std::mem::transmute::<*const u8, crate::GemmTileFn>(addr) };
        entries.push((shape, f));
    }
    Ok(crate::ExternalTiles {
        rows: AVX2_TILE_ROWS,
        cols: super::tile::AVX2_TILE_COLS,
        entries,
        keepalive: buffer,
    })
}
