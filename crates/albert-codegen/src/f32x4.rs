//! A GEMM tile in Cranelift's portable 128-bit vectors.
//!
//! Cranelift lowers `f32x4` to NEON on aarch64 (`fmla v.4s`) and to SSE/VEX
//! `xmm` code on x86-64 (it cannot emit 256- or 512-bit vectors: see
//! DESIGN.md), so one generator gives the aarch64 kernel and the x86-64
//! fallback for CPUs without AVX-512. Like every kernel here it computes only
//! the aligned tile (`MR` rows × `NR` columns, the whole `K`); the frame
//! ([`crate::gemm`]) owns packing, tails and epilogues.
//!
//! Tile ABI (C calling convention): `fn(a: *const f32, b: *const f32, c: *mut f32)`
//! - `a`: row `r`, column `k` at `a[r * lda + k]`;
//! - `b`: one packed panel, `K × NR` contiguous (`b[k * NR + j]`);
//! - `c`: row `r`, column `j` at `c[r * ldc + j]`, overwritten.
//!
//! `K`, `lda` and `ldc` are constants of the generated code (shaped per call
//! site, as libxsmm does).

use cranelift_codegen::ir::{types, AbiParam, BlockArg, InstBuilder, MemFlagsData, Signature, Value};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::error::CodegenError;

/// Shape of one generated tile kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TileShape {
    /// Rows of the tile.
    pub mr: usize,
    /// Columns of the tile (a multiple of 4).
    pub nr: usize,
    /// Contraction length.
    pub k: usize,
    /// Row stride of `a`, in elements.
    pub lda: usize,
    /// Row stride of `c`, in elements.
    pub ldc: usize,
}

impl TileShape {
    /// The tile the ISA's register file suits: 8×8 on aarch64 (32 vector
    /// registers: 16 accumulators), 4×8 elsewhere (16 registers: 8 accumulators).
    pub fn for_isa(isa: &dyn TargetIsa, k: usize, lda: usize, ldc: usize) -> TileShape {
        let mr =
            if matches!(isa.triple().architecture, target_lexicon::Architecture::Aarch64(_)) { 8 } else { 4 };
        TileShape { mr, nr: 8, k, lda, ldc }
    }

    /// The kernel's name (`<isa>_matmul_f32_<mr>x<nr>_k<k>`).
    pub fn name(&self, isa: &str) -> String {
        format!("{isa}_matmul_f32_{}x{}_k{}", self.mr, self.nr, self.k)
    }

    /// A symbol unique to the whole shape, strides included
    /// (`<isa>_matmul_f32_<mr>x<nr>_k<k>_lda<lda>_ldc<ldc>`): for objects
    /// exporting several kernels that differ only in their strides.
    pub fn symbol(&self, isa: &str) -> String {
        format!("{}_lda{}_ldc{}", self.name(isa), self.lda, self.ldc)
    }

    fn check(&self) -> Result<(), CodegenError> {
        if self.mr == 0 || self.nr == 0 || !self.nr.is_multiple_of(4) || self.k == 0 {
            return Err(CodegenError::Shape(format!("bad tile {self:?}")));
        }
        if self.lda < self.k || self.ldc < self.nr {
            return Err(CodegenError::Shape(format!("strides too small for tile {self:?}")));
        }
        if self.mr * self.nr / 4 > 24 {
            return Err(CodegenError::Shape(format!("tile {self:?} needs too many registers")));
        }
        Ok(())
    }
}

/// The tile kernel's signature for `isa`.
pub fn tile_signature(isa: &dyn TargetIsa) -> Signature {
    let ptr = isa.pointer_type();
    let mut sig = Signature::new(CallConv::triple_default(isa.triple()));
    for _ in 0..3 {
        sig.params.push(AbiParam::new(ptr));
    }
    sig
}

/// Emits the tile kernel's body into `func` (whose signature is [`tile_signature`]).
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
    let vecs = shape.nr / 4;
    let nacc = shape.mr * vecs;
    // Accumulators and the running pointers are loop-carried block params.
    let zero_s = b.ins().f32const(0.0);
    let zero = b.ins().splat(types::F32X4, zero_s);
    let lp = b.create_block();
    let exit = b.create_block();
    b.append_block_param(lp, types::I64); // k
    b.append_block_param(lp, ptr); // a + k
    b.append_block_param(lp, ptr); // b panel row k
    for _ in 0..nacc {
        b.append_block_param(lp, types::F32X4);
    }
    for _ in 0..nacc {
        b.append_block_param(exit, types::F32X4);
    }
    let k0 = b.ins().iconst(types::I64, 0);
    let mut init: Vec<BlockArg> = vec![k0.into(), a0.into(), b0.into()];
    init.extend(std::iter::repeat_n(BlockArg::from(zero), nacc));
    b.ins().jump(lp, &init);

    b.switch_to_block(lp);
    let lparams = b.block_params(lp).to_vec();
    let (k, ap, bp) = (lparams[0], lparams[1], lparams[2]);
    let acc: Vec<Value> = lparams[3..].to_vec();
    // Loads never trap here (the frame checks every length before calling)
    // and may be unaligned.
    let flags = MemFlagsData::new().with_notrap();
    let bv: Vec<Value> = (0..vecs).map(|v| b.ins().load(types::F32X4, flags, bp, (v * 16) as i32)).collect();
    let use_fma = isa.has_native_fma();
    let mut next = Vec::with_capacity(nacc);
    for r in 0..shape.mr {
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
    let bp1 = b.ins().iadd_imm_s(bp, (shape.nr * 4) as i64);
    let more =
        b.ins().icmp_imm_u(cranelift_codegen::ir::condcodes::IntCC::UnsignedLessThan, k1, shape.k as i64);
    let mut back: Vec<BlockArg> = vec![k1.into(), ap1.into(), bp1.into()];
    back.extend(next.iter().map(|&v| BlockArg::from(v)));
    let out: Vec<BlockArg> = next.iter().map(|&v| BlockArg::from(v)).collect();
    b.ins().brif(more, lp, &back, exit, &out);

    b.switch_to_block(exit);
    let results = b.block_params(exit).to_vec();
    for r in 0..shape.mr {
        for v in 0..vecs {
            let off = ((r * shape.ldc + v * 4) * 4) as i32;
            b.ins().store(flags, results[r * vecs + v], c0, off);
        }
    }
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Ok(())
}

/// Cranelift's disassembly of the tile kernel for `shape` on `isa` (NEON
/// `fmla v.4s` on aarch64, `mulps`/`addps` or `vfmadd…ps` on x86-64), for
/// `albert-jit compile --dump-asm`.
pub fn tile_asm(isa: &dyn TargetIsa, shape: TileShape) -> Result<String, CodegenError> {
    crate::aot::disassemble(isa, tile_signature(isa), |f, isa| build_tile(f, isa, shape))
}
