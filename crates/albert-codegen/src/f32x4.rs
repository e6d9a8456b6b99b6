//! GEMM tiles in Cranelift's portable 128-bit vectors, for the one GEMM frame of
//! `albert-kernels` (`frame::gemm`, the same frame the AVX-512 tiles run in).
//!
//! Cranelift lowers `f32x4` to NEON on aarch64 (`fmla v.4s`) and to SSE `xmm` code on
//! x86-64 (it cannot emit 256- or 512-bit vectors: see DESIGN.md), so one generator gives
//! the aarch64 kernels and the x86-64 portable ones. Like every tile it computes only a
//! register block; packing, tails, the epilogue (bias, activation, residual) and the thread
//! split belong to the frame.
//!
//! Tile ABI: the frame's [`albert_kernels::GemmTileFn`], `fn(a, b, c, bias, residual)`;
//! this tile reads `a`, `b` and writes `c` (the frame applies the epilogue):
//! - `a`: row `r`, column `k` at `a[r * lda + k]`;
//! - `b`: the packed panel at the tile's first column: `b[k * PANEL + j]` (the frame's
//!   32-column panels, zero-padded, so full-vector loads past `cols` stay in the panel);
//! - `c`: row `r`, column `j < cols` at `c[r * ldc + j]`, overwritten.
//!
//! `rows`, `cols`, `K` and the strides are constants of the generated code (shaped per
//! call site, as libxsmm does). The register block follows the register file: 6 × 16 on
//! aarch64 (24 accumulators of its 32 registers, as KleidiAI's 6×16 NEON kernels), 2 × 16
//! on x86-64 (8 of 16 `xmm`).

use albert_kernels::frame::pack::PANEL_WIDTH;
use cranelift_codegen::ir::{types, AbiParam, BlockArg, InstBuilder, MemFlagsData, Signature, Value};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::error::CodegenError;

/// Columns of a full tile (four `f32x4`): half a packed panel.
pub const TILE_COLS: usize = 16;

/// Shape of one generated tile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TileShape {
    /// Rows computed.
    pub rows: usize,
    /// Columns computed (`1..=16`).
    pub cols: usize,
    /// Contraction length.
    pub k: usize,
    /// Row stride of `a`, in elements.
    pub lda: usize,
    /// Row stride of `c`, in elements.
    pub ldc: usize,
}

/// Rows of a full tile on `isa`'s register file.
pub fn tile_rows(isa: &dyn TargetIsa) -> usize {
    if matches!(isa.triple().architecture, target_lexicon::Architecture::Aarch64(_)) {
        6
    } else {
        2
    }
}

impl TileShape {
    /// The kernel's name, `<isa>_matmul_f32_<rows>x<cols>_k<k>` (STYLE.md's kernel naming).
    pub fn name(&self, isa: &str) -> String {
        format!("{isa}_matmul_f32_{}x{}_k{}", self.rows, self.cols, self.k)
    }

    fn check(&self) -> Result<(), CodegenError> {
        if self.rows == 0 || self.cols == 0 || self.cols > TILE_COLS || self.k == 0 || self.rows > 8 {
            return Err(CodegenError::Shape(format!("bad tile {self:?}")));
        }
        if self.lda < self.k || self.ldc < self.cols {
            return Err(CodegenError::Shape(format!("strides too small for tile {self:?}")));
        }
        Ok(())
    }
}

/// The tile's signature for `isa`: the frame's five pointers.
pub fn tile_signature(isa: &dyn TargetIsa) -> Signature {
    let ptr = isa.pointer_type();
    let mut sig = Signature::new(CallConv::triple_default(isa.triple()));
    for _ in 0..5 {
        sig.params.push(AbiParam::new(ptr));
    }
    sig
}

/// Emits the tile's body into `func` (whose signature is [`tile_signature`]).
pub fn build_tile(
    func: &mut cranelift_codegen::ir::Function,
    isa: &dyn TargetIsa,
    shape: TileShape,
) -> Result<(), CodegenError> {
    shape.check()?;
    let ptr = isa.pointer_type();
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let (a0, b0, c0) = (params[0], params[1], params[2]);
    let vecs = shape.cols.div_ceil(4);
    let nacc = shape.rows * vecs;
    // Accumulators and the running pointers are loop-carried block params.
    let zero_s = b.ins().f32const(0.0);
    let zero = b.ins().splat(types::F32X4, zero_s);
    let lp = b.create_block();
    let exit = b.create_block();
    b.append_block_param(lp, ptr); // k
    b.append_block_param(lp, ptr); // a + k
    b.append_block_param(lp, ptr); // b panel row k
    for _ in 0..nacc {
        b.append_block_param(lp, types::F32X4);
    }
    for _ in 0..nacc {
        b.append_block_param(exit, types::F32X4);
    }
    let k0 = b.ins().iconst(ptr, 0);
    let mut init: Vec<BlockArg> = vec![k0.into(), a0.into(), b0.into()];
    init.extend(std::iter::repeat_n(BlockArg::from(zero), nacc));
    b.ins().jump(lp, &init);

    b.switch_to_block(lp);
    let lparams = b.block_params(lp).to_vec();
    let (k, ap, bp) = (lparams[0], lparams[1], lparams[2]);
    let acc: Vec<Value> = lparams[3..].to_vec();
    // Loads never trap here (the frame checks every length before calling) and may be
    // unaligned. B vectors past `cols` read the panel's zero padding, never past it.
    let flags = MemFlagsData::new().with_notrap();
    let bv: Vec<Value> = (0..vecs).map(|v| b.ins().load(types::F32X4, flags, bp, (v * 16) as i32)).collect();
    let use_fma = isa.has_native_fma();
    let mut next = Vec::with_capacity(nacc);
    for r in 0..shape.rows {
        let s = b.ins().load(types::F32, flags, ap, (r * shape.lda * 4) as i32);
        let av = b.ins().splat(types::F32X4, s);
        for (&bvec, &a_acc) in bv.iter().zip(&acc[r * vecs..(r + 1) * vecs]) {
            next.push(if use_fma {
                b.ins().fma(av, bvec, a_acc)
            } else {
                let p = b.ins().fmul(av, bvec);
                b.ins().fadd(a_acc, p)
            });
        }
    }
    let k1 = b.ins().iadd_imm_s(k, 1);
    let ap1 = b.ins().iadd_imm_s(ap, 4);
    let bp1 = b.ins().iadd_imm_s(bp, (PANEL_WIDTH * 4) as i64);
    let more =
        b.ins().icmp_imm_u(cranelift_codegen::ir::condcodes::IntCC::UnsignedLessThan, k1, shape.k as i64);
    let mut back: Vec<BlockArg> = vec![k1.into(), ap1.into(), bp1.into()];
    back.extend(next.iter().map(|&v| BlockArg::from(v)));
    let out: Vec<BlockArg> = next.iter().map(|&v| BlockArg::from(v)).collect();
    b.ins().brif(more, lp, &back, exit, &out);

    b.switch_to_block(exit);
    let results = b.block_params(exit).to_vec();
    for r in 0..shape.rows {
        for v in 0..vecs {
            let off = ((r * shape.ldc + v * 4) * 4) as i32;
            let x = results[r * vecs + v];
            let lanes = (shape.cols - v * 4).min(4);
            if lanes == 4 {
                b.ins().store(flags, x, c0, off);
            } else {
                // The last, partial vector: only the tile's columns are written.
                for l in 0..lanes {
                    let e = b.ins().extractlane(x, l as u8);
                    b.ins().store(flags, e, c0, off + 4 * l as i32);
                }
            }
        }
    }
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Ok(())
}

/// Cranelift's disassembly of the tile for `shape` on `isa` (NEON `fmla v.4s` on aarch64,
/// `mulps`/`addps` or `vfmadd…ps` on x86-64), for `albert-jit compile --dump-asm`.
pub fn tile_asm(isa: &dyn TargetIsa, shape: TileShape) -> Result<String, CodegenError> {
    crate::aot::disassemble(isa, tile_signature(isa), |f, isa| build_tile(f, isa, shape))
}

/// The frame kernel for `plan` over f32x4 tiles generated for `target`: every tile shape
/// the frame calls (full, M tail, N tails) in one JIT module kept alive by the kernel.
pub fn frame_kernel(
    target: &albert_kernels::Target,
    plan: &albert_kernels::GemmPlan,
) -> Result<albert_kernels::GemmKernel, CodegenError> {
    external_tiles(target, plan)?.build(plan)
}

/// The f32x4 tiles `plan`'s frame calls, generated for `target` in one JIT module. They
/// depend only on the plan's `m`, `n`, `k`, `lda` and `ldc` (the frame applies the
/// epilogue), so call sites with the same shape can share them ([`Tiles::build`] once per
/// site).
pub fn external_tiles(
    target: &albert_kernels::Target,
    plan: &albert_kernels::GemmPlan,
) -> Result<Tiles, CodegenError> {
    let isa = crate::jit::isa_for_target(target, false)?;
    let rows = tile_rows(&*isa);
    let mut jb = crate::jit::JitBuilder::new(isa, &[]);
    let mut defined = Vec::new();
    for (r, c) in plan.external_tile_shapes(rows, TILE_COLS) {
        let shape = TileShape { rows: r, cols: c, k: plan.k, lda: plan.lda, ldc: plan.ldc };
        let name = shape.name(jb.isa().name());
        let sig = tile_signature(jb.isa());
        let i = jb.define(&name, sig, |f, isa| build_tile(f, isa, shape))?;
        defined.push(((r, c), i));
    }
    let code = std::sync::Arc::new(jb.finish()?);
    let mut entries = Vec::with_capacity(defined.len());
    for (shape, i) in defined {
        let f = crate::exec::tile_entry(&code, i)
            .ok_or_else(|| CodegenError::Cranelift("no tile address".into()))?;
        entries.push((shape, f));
    }
    Ok(Tiles { rows, entries, keepalive: code })
}

/// Generated f32x4 tiles (see [`external_tiles`]); cheap to clone, the code is shared.
#[derive(Clone)]
pub struct Tiles {
    rows: usize,
    entries: Vec<((usize, usize), albert_kernels::GemmTileFn)>,
    keepalive: std::sync::Arc<crate::jit::JitCode>,
}

impl Tiles {
    /// The frame kernel for `plan` (whose `m`, `n`, `k`, `lda` and `ldc` must be the ones
    /// the tiles were generated for) over these tiles.
    pub fn build(&self, plan: &albert_kernels::GemmPlan) -> Result<albert_kernels::GemmKernel, CodegenError> {
        let tiles = albert_kernels::ExternalTiles {
            rows: self.rows,
            cols: TILE_COLS,
            entries: self.entries.clone(),
            keepalive: self.keepalive.clone(),
        };
        plan.build_external(tiles).map_err(|e| CodegenError::Kernel(e.to_string()))
    }
}
