//! The forward pass as one Cranelift function per shape bucket.
//!
//! The optimised graph (see `albert-opt`) is walked once: every value gets
//! the arena offset `plan_memory` gave it; the shared layer's `loop` becomes
//! a real counted loop whose body is emitted once; elementwise glue (casts,
//! arithmetic with a constant, reshapes) is emitted inline; every other op
//! becomes a call `albert_jit_op(desc, ctx, out, in0, in1)` into the frame
//! that runs the generated kernels. Loop-carried values move between trips
//! with `memcpy` (the plan gives the loop parameter and the yielded value
//! separate buffers).

use std::sync::Arc;
use std::time::Instant;

use albert_deploy::exec::{CTX_ARENA, CTX_DESCS, CTX_OP};
use albert_deploy::{BucketPlan, Kernel, KernelReq, KernelSource, Loc, OpDesc};
use albert_ir::{DType, Graph, Inst, Op, Operand, ValueId};
use albert_kernels::{Isa, Target, ThreadPool};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, AbiParam, Block, InstBuilder, MemFlagsData, SigRef, Signature, Value};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::error::CodegenError;
use crate::jit::{isa_for_target, JitBuilder};
use crate::weights::WeightStore;

/// How to compile.
#[derive(Clone)]
pub struct CompileOptions {
    /// What to generate code for, chosen once: every lowering decision (GEMM tiles,
    /// attention, LayerNorm, activations, embeddings, the program's own instructions)
    /// follows it.
    pub target: Target,
    /// Threads for GEMMs and attention (`None`: the calling thread only).
    pub pool: Option<Arc<ThreadPool>>,
    /// The loop body's GEMMs in fp32 or bf16.
    pub precision: albert_deploy::Precision,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions { target: Target::native(), pool: None, precision: Default::default() }
    }
}

impl CompileOptions {
    /// The kernel family of the target.
    pub fn isa(&self) -> Isa {
        self.target.isa()
    }

    /// Packs every GEMM weight of `graph` once in the frame's panel layout (every target's
    /// tiles read the same panels) and releases the row-major copies only the GEMMs read
    /// (see [`WeightStore::pack_for`]).
    pub fn pack_weights(&self, graph: &Graph, store: &WeightStore) -> Result<(), CodegenError> {
        store.pack_for(graph, self.precision)
    }
}

/// State while emitting the Cranelift function.
struct Emit<'c, 'b> {
    c: &'c BucketPlan<'c>,
    b: FunctionBuilder<'b>,
    op_sig: SigRef,
    ctx: Value,
    arena: Value,
    fail: Block,
    ptr: types::Type,
    /// Index of the next call in the context's descriptor table.
    next_desc: usize,
}

impl Emit<'_, '_> {
    fn addr(&mut self, v: ValueId) -> Result<Value, CodegenError> {
        let flags = MemFlagsData::new().with_notrap();
        Ok(match self.c.loc(v)? {
            Loc::Input(off) => self.b.ins().load(self.ptr, flags, self.ctx, off),
            Loc::Arena(off) => {
                let o = self.b.ins().iconst(self.ptr, off as i64);
                self.b.ins().iadd(self.arena, o)
            }
        })
    }

    fn copy(&mut self, dst: ValueId, src: ValueId) -> Result<(), CodegenError> {
        if self.c.loc(dst)? == self.c.loc(src)? {
            return Ok(());
        }
        // Inline, not a call to libc's `memcpy`: the program imports nothing, so the same
        // code runs from the JIT or from an object loaded anywhere. Buffers are 4-byte
        // multiples: 16-byte vectors, then single floats. Values with the same row layout
        // are copied whole (row padding included); otherwise row by row.
        let (d, s) = (self.addr(dst)?, self.addr(src)?);
        let ((rows, width, ld_s), (rows_d, width_d, ld_d)) = (self.c.rows(src)?, self.c.rows(dst)?);
        let contiguous = ld_s == width && ld_d == width_d;
        if contiguous || (ld_s == ld_d && width == width_d) {
            let n = self.c.bytes(src)?;
            self.copy_bytes(d, s, n);
        } else if (rows, width) != (rows_d, width_d) {
            return Err(CodegenError::Unsupported(format!("copy of {src} into {dst}: row layouts differ")));
        } else {
            let ptr = self.ptr;
            self.counted(rows, |e, r| {
                let r = if ptr == types::I64 { r } else { e.b.ins().ireduce(ptr, r) };
                let os = e.b.ins().imul_imm_u(r, (ld_s * 4) as i64);
                let od = e.b.ins().imul_imm_u(r, (ld_d * 4) as i64);
                let (rs, rd) = (e.b.ins().iadd(s, os), e.b.ins().iadd(d, od));
                e.copy_bytes(rd, rs, width * 4);
            });
        }
        Ok(())
    }

    /// Copies `n` bytes (a multiple of 4) from `s` to `d`.
    fn copy_bytes(&mut self, d: Value, s: Value, n: usize) {
        let flags = MemFlagsData::new().with_notrap();
        let ptr = self.ptr;
        self.counted(n / 16, |e, i| {
            let o = e.b.ins().ishl_imm_u(i, 4);
            let o = if ptr == types::I64 { o } else { e.b.ins().ireduce(ptr, o) };
            let (ps, pd) = (e.b.ins().iadd(s, o), e.b.ins().iadd(d, o));
            let x = e.b.ins().load(types::F32X4, flags, ps, 0);
            e.b.ins().store(flags, x, pd, 0);
        });
        for t in (n / 16 * 16..n).step_by(4) {
            let x = self.b.ins().load(types::F32, flags, s, t as i32);
            self.b.ins().store(flags, x, d, t as i32);
        }
    }

    /// `for i in 0..n { body(i) }` with `i` an i64.
    fn counted(&mut self, n: usize, mut body: impl FnMut(&mut Self, Value)) {
        if n == 0 {
            return;
        }
        let head = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(head, types::I64);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().jump(head, &[zero.into()]);
        self.b.switch_to_block(head);
        let i = self.b.block_params(head)[0];
        body(self, i);
        let one = self.b.ins().iconst(types::I64, 1);
        let next = self.b.ins().iadd(i, one);
        let lim = self.b.ins().iconst(types::I64, n as i64);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, next, lim);
        self.b.ins().brif(more, head, &[next.into()], done, &[]);
        self.b.switch_to_block(done);
    }

    fn block(&mut self, insts: &[Inst]) -> Result<(), CodegenError> {
        for inst in insts {
            self.inst(inst)?;
        }
        Ok(())
    }

    fn glue_binop(&self, inst: &Inst) -> Option<(ValueId, f64, bool)> {
        // (x, constant, constant-is-lhs) for arithmetic with a constant operand.
        if !matches!(inst.op, Op::Add {} | Op::Sub {} | Op::Mul {} | Op::Div {}) {
            return None;
        }
        let (Operand::Value(a), Operand::Value(b)) = (inst.args[0], inst.args[1]) else { return None };
        let same = |v: ValueId| self.c.ty(v).ok() == self.c.ty(inst.result).ok();
        match (self.c.consts.get(&a), self.c.consts.get(&b)) {
            (None, Some(&k)) if same(a) => Some((a, k, false)),
            (Some(&k), None) if same(b) => Some((b, k, true)),
            _ => None,
        }
    }

    fn inst(&mut self, inst: &Inst) -> Result<(), CodegenError> {
        let flags = MemFlagsData::new().with_notrap();
        match &inst.op {
            Op::Loop { trips } => {
                let body = self
                    .c
                    .g
                    .body(inst)
                    .ok_or_else(|| CodegenError::Unsupported("loop without a body".into()))?;
                for (a, p) in inst.args.iter().zip(&body.params) {
                    let Operand::Value(v) = a else {
                        return Err(CodegenError::Unsupported("weight operand of a loop".into()));
                    };
                    self.copy(*p, *v)?;
                }
                let (carried, yields) = (body.params[0], body.yields);
                let insts = body.insts.clone();
                let trips = *trips;
                let mut err = None;
                self.counted(trips, |e, _| {
                    if let Err(x) = e.block(&insts).and_then(|_| e.copy(carried, yields)) {
                        err = Some(x);
                    }
                });
                if let Some(e) = err {
                    return Err(e);
                }
                self.copy(inst.result, carried)?;
            }
            Op::Const { value } => {
                let p = self.addr(inst.result)?;
                let k = self.b.ins().f32const(*value as f32);
                self.b.ins().store(flags, k, p, 0);
            }
            Op::Reshape { .. } => {
                let Operand::Value(src) = inst.args[0] else {
                    return Err(CodegenError::Unsupported("reshape of a weight".into()));
                };
                self.copy(inst.result, src)?;
            }
            Op::Cast { to: DType::F32 } if matches!(inst.args[0], Operand::Value(v) if self.c.ty(v).ok().map(|t| t.dtype) == Some(DType::I64)) =>
            {
                let Operand::Value(src) = inst.args[0] else { unreachable_value()? };
                let n = self.c.numel(src)?;
                let (s, d) = (self.addr(src)?, self.addr(inst.result)?);
                self.counted(n, |e, i| {
                    let o8 = e.b.ins().ishl_imm_u(i, 3);
                    let o4 = e.b.ins().ishl_imm_u(i, 2);
                    let ps = e.b.ins().iadd(s, o8);
                    let pd = e.b.ins().iadd(d, o4);
                    let x = e.b.ins().load(types::I64, flags, ps, 0);
                    let f = e.b.ins().fcvt_from_sint(types::F32, x);
                    e.b.ins().store(flags, f, pd, 0);
                });
            }
            _ if self.glue_binop(inst).is_some() => {
                let Some((x, k, k_first)) = self.glue_binop(inst) else { unreachable_value()? };
                let n = self.c.numel(x)?;
                let (s, d) = (self.addr(x)?, self.addr(inst.result)?);
                let op = inst.op.clone();
                self.counted(n, |e, i| {
                    let o4 = e.b.ins().ishl_imm_u(i, 2);
                    let ps = e.b.ins().iadd(s, o4);
                    let pd = e.b.ins().iadd(d, o4);
                    let v = e.b.ins().load(types::F32, flags, ps, 0);
                    let c = e.b.ins().f32const(k as f32);
                    let (l, r) = if k_first { (c, v) } else { (v, c) };
                    let y = match op {
                        Op::Add {} => e.b.ins().fadd(l, r),
                        Op::Sub {} => e.b.ins().fsub(l, r),
                        Op::Mul {} => e.b.ins().fmul(l, r),
                        _ => e.b.ins().fdiv(l, r),
                    };
                    e.b.ins().store(flags, y, pd, 0);
                });
            }
            _ => {
                // The descriptor and the entry point come from the context (no host address
                // in the code): `ctx.descs[i]` and `ctx.op`.
                let i = self.next_desc;
                self.next_desc += 1;
                let table = self.b.ins().load(self.ptr, flags, self.ctx, CTX_DESCS);
                let slot = i32::try_from(i * self.ptr.bytes() as usize)
                    .map_err(|_| CodegenError::Unsupported("too many calls".into()))?;
                let dp = self.b.ins().load(self.ptr, flags, table, slot);
                let entry = self.b.ins().load(self.ptr, flags, self.ctx, CTX_OP);
                let out = self.addr(inst.result)?;
                let vals = self.c.value_args(inst);
                let null = self.b.ins().iconst(self.ptr, 0);
                let mut ins = [null, null];
                for (i, v) in vals.iter().enumerate().take(2) {
                    ins[i] = self.addr(*v)?;
                }
                let call =
                    self.b.ins().call_indirect(self.op_sig, entry, &[dp, self.ctx, out, ins[0], ins[1]]);
                let status = self.b.inst_results(call)[0];
                let ok = self.b.create_block();
                self.b.ins().brif(status, self.fail, &[status.into()], ok, &[]);
                self.b.switch_to_block(ok);
            }
        }
        Ok(())
    }
}

fn unreachable_value<T>() -> Result<T, CodegenError> {
    Err(CodegenError::Unsupported("internal: pattern mismatch".into()))
}

/// The program's signature: `fn(ctx) -> i32`.
pub(crate) fn program_signature(isa: &dyn TargetIsa) -> Signature {
    let mut sig = Signature::new(CallConv::triple_default(isa.triple()));
    sig.params.push(AbiParam::new(isa.pointer_type()));
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

fn op_signature(isa: &dyn TargetIsa) -> Signature {
    let mut sig = Signature::new(CallConv::triple_default(isa.triple()));
    for _ in 0..5 {
        sig.params.push(AbiParam::new(isa.pointer_type()));
    }
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

/// Emits the forward program into `func` (signature [`program_signature`]): the graph walked
/// once, `n_calls` calls through the context's descriptor table.
pub(crate) fn emit_program(
    c: &BucketPlan<'_>,
    func: &mut cranelift_codegen::ir::Function,
    isa: &dyn TargetIsa,
    n_calls: usize,
) -> Result<(), CodegenError> {
    let op_sig = func.import_signature(op_signature(isa));
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(func, &mut fctx);
    let start = b.create_block();
    b.append_block_params_for_function_params(start);
    let fail = b.create_block();
    b.append_block_param(fail, types::I32);
    b.switch_to_block(start);
    let ctx = b.block_params(start)[0];
    let arena = b.ins().load(isa.pointer_type(), MemFlagsData::new().with_notrap(), ctx, CTX_ARENA);
    let mut e = Emit { c, b, op_sig, ctx, arena, fail, ptr: isa.pointer_type(), next_desc: 0 };
    e.block(&c.g.insts)?;
    let zero = e.b.ins().iconst(types::I32, 0);
    e.b.ins().return_(&[zero]);
    e.b.switch_to_block(fail);
    let st = e.b.block_params(fail)[0];
    e.b.ins().return_(&[st]);
    e.b.seal_all_blocks();
    if e.next_desc != n_calls {
        return Err(CodegenError::Unsupported("internal: call count mismatch".into()));
    }
    e.b.finalize(isa.frontend_config());
    Ok(())
}

/// What `albert-jit compile --dump-clif/--dump-asm` prints for a target, generated without
/// running anything (so for any target, on any host).
pub struct Listing {
    /// The forward program's Cranelift IR.
    pub clif: String,
    /// The forward program's machine code as Cranelift disassembles it.
    pub program_asm: String,
    /// Every GEMM call site's kernel, disassembled.
    pub kernels_asm: String,
}

/// Threads the plan's attention scratch is sized for.
fn threads_of(opts: &CompileOptions) -> usize {
    opts.pool.as_ref().map(|p| p.threads()).unwrap_or(1)
}

/// Generates the program and the GEMM kernels of `graph` for `opts.target` and returns their
/// listings; nothing is executed, so the target may be another architecture.
pub fn listing(
    graph: &Graph,
    _weights: &WeightStore,
    batch: usize,
    seq: usize,
    opts: &CompileOptions,
) -> Result<Listing, CodegenError> {
    let c = BucketPlan::new(graph, batch, seq, opts.target, threads_of(opts))?;
    let insts = c.call_insts();
    let isa = isa_for_target(&opts.target, true)?;
    let sig = program_signature(&*isa);
    let mut clif = String::new();
    let program_asm = crate::aot::disassemble(&*isa, sig, |f, isa| {
        emit_program(&c, f, isa, insts.len())?;
        clif = f.display().to_string();
        Ok(())
    })?;
    let mut kernels_asm = String::new();
    for (i, inst) in insts.iter().enumerate() {
        for (role, w) in gemm_weights(inst) {
            let d = c.wdims(w)?;
            let [n, k] = d[..] else { continue };
            let m = c.bind.batch * c.bind.seq;
            kernels_asm.push_str(&format!(
                "; call {i} `{}` {role}: m={m} n={n} k={k} target={}\n",
                inst.op.name(),
                opts.target
            ));
            kernels_asm.push_str(&tile_listing(&opts.target, &*isa, n, k)?);
        }
    }
    Ok(Listing { clif, program_asm, kernels_asm })
}

/// The GEMM weights of a call (role, weight operand).
fn gemm_weights(inst: &Inst) -> Vec<(&'static str, Operand)> {
    let a = &inst.args;
    match inst.op {
        Op::Embeddings { .. } if a.len() == 9 => vec![("embedding_hidden_mapping_in", a[7])],
        Op::Attention { .. } => vec![("qkv", a[2]), ("attention.dense", a[4])],
        Op::FeedForward { .. } => vec![("ffn", a[1]), ("ffn_output", a[3])],
        Op::MatMul { transpose_b: true } if matches!(a[1], Operand::Weight(_)) => vec![("matmul", a[1])],
        _ => Vec::new(),
    }
}

/// The disassembly of the GEMM tile `target` uses for an `[n, k]` weight (what
/// `compile --dump-asm` prints for a target that cannot run here): the AVX-512 full tile, the
/// AVX2 6×16 tile, or the Cranelift f32x4 tile compiled for `isa` (NEON `fmla` on aarch64).
pub(crate) fn tile_listing(
    target: &Target,
    isa: &dyn TargetIsa,
    n: usize,
    k: usize,
) -> Result<String, CodegenError> {
    match target.isa() {
        Isa::Avx512 => {
            let spec = albert_kernels::TileSpec::full(k, k, n);
            albert_kernels::x86_64::avx512::gemm::dump(&spec).map_err(|e| CodegenError::Kernel(e.to_string()))
        }
        Isa::Portable if target.avx2_tiles() => {
            use albert_kernels::x86_64::avx2::{gemm, tile};
            let shape = tile::Avx2TileShape {
                rows: tile::AVX2_TILE_ROWS,
                cols: tile::AVX2_TILE_COLS.min(n),
                k,
                lda: k,
                ldc: n,
            };
            gemm::dump(&shape).map_err(|e| CodegenError::Kernel(e.to_string()))
        }
        Isa::Portable => {
            let shape = crate::f32x4::TileShape {
                rows: crate::f32x4::tile_rows(isa),
                cols: crate::f32x4::TILE_COLS.min(n),
                k,
                lda: k,
                ldc: n,
            };
            crate::f32x4::tile_asm(isa, shape)
        }
    }
}

/// Generates runnable kernels for the JIT: AVX-512 tiles with iced-x86, everything else with
/// Cranelift into W^X memory through `cranelift-jit`; bf16 GEMMs with their bf16 weights.
pub struct JitKernels<'a> {
    target: Target,
    weights: Option<(&'a Graph, &'a WeightStore)>,
    pool: Option<Arc<ThreadPool>>,
    /// Kernels already generated, by what they are specialised on: call sites (and the loop
    /// body's trips) with the same shape share one copy of the code.
    tiles: std::collections::HashMap<(usize, usize, usize, usize, usize), crate::f32x4::Tiles>,
    /// AVX2 tiles by shape, shared the same way.
    avx2_tiles:
        std::collections::HashMap<(usize, usize, usize, usize, usize), Arc<albert_kernels::ExternalTiles>>,
    vector: std::collections::HashMap<String, Kernel>,
}

impl<'a> JitKernels<'a> {
    /// A source generating for `target` (which must run here).
    pub fn new(target: Target) -> JitKernels<'a> {
        JitKernels {
            target,
            weights: None,
            pool: None,
            tiles: Default::default(),
            avx2_tiles: Default::default(),
            vector: Default::default(),
        }
    }

    /// With the weights bf16 GEMMs pack (and the pool they run on).
    pub fn with_weights(
        mut self,
        graph: &'a Graph,
        store: &'a WeightStore,
        pool: Option<Arc<ThreadPool>>,
    ) -> Self {
        self.weights = Some((graph, store));
        self.pool = pool;
        self
    }
}

/// A bf16 GEMM and its weight, stored once in bf16.
impl KernelSource for JitKernels<'_> {
    fn kernel(&mut self, req: &KernelReq) -> Result<Kernel, albert_deploy::DeployError> {
        let de = |e: CodegenError| albert_deploy::DeployError::Kernel(e.to_string());
        Ok(match req {
            KernelReq::Gemm(plan) => Kernel::Gemm(match plan.isa.unwrap_or(self.target.isa()) {
                Isa::Avx512 => plan.build()?,
                // The same frame over Cranelift f32x4 tiles (NEON on aarch64, SSE on x86-64),
                // generated once per shape (the frame applies each site's epilogue).
                // AVX2 + FMA CPUs: the frame over generated 6×16 ymm tiles.
                Isa::Portable if self.target.avx2_tiles() => {
                    let key = (plan.m, plan.n, plan.k, plan.lda, plan.ldc);
                    let tiles = match self.avx2_tiles.get(&key) {
                        Some(t) => t.clone(),
                        None => {
                            let t = Arc::new(albert_kernels::x86_64::avx2::gemm::external_tiles(plan)?);
                            self.avx2_tiles.insert(key, t.clone());
                            t
                        }
                    };
                    plan.build_external(albert_kernels::ExternalTiles {
                        rows: tiles.rows,
                        cols: tiles.cols,
                        entries: tiles.entries.clone(),
                        keepalive: tiles.keepalive.clone(),
                    })?
                }
                Isa::Portable => {
                    let key = (plan.m, plan.n, plan.k, plan.lda, plan.ldc);
                    let tiles = match self.tiles.get(&key) {
                        Some(t) => t.clone(),
                        None => {
                            let t = crate::f32x4::external_tiles(&self.target, plan).map_err(de)?;
                            self.tiles.insert(key, t.clone());
                            t
                        }
                    };
                    tiles.build(plan).map_err(de)?
                }
            }),
            KernelReq::GemmBf16 { plan, weight } => {
                if self.target.isa() != Isa::Avx512 {
                    return Err(albert_deploy::DeployError::Kernel(format!(
                        "--precision bf16 needs the x86_64-avx512 target on a CPU with AVX512_BF16 (target is {})",
                        self.target
                    )));
                }
                let (graph, store) = self
                    .weights
                    .ok_or_else(|| albert_deploy::DeployError::Kernel("bf16 GEMM without weights".into()))?;
                let mut kernel = bf16_plan_for(plan, &self.target).build()?;
                if let Some(p) = &self.pool {
                    kernel.set_pool(p.clone());
                }
                let w = store.packed_bf16(graph, albert_ir::WeightId(*weight)).map_err(de)?;
                Kernel::Owned(Box::new(albert_deploy::Bf16Gemm { kernel, w }))
            }
            KernelReq::LayerNorm { .. } | KernelReq::Attention(_) | KernelReq::Activation(_) => {
                let key = req.key();
                if let Some(k) = self.vector.get(&key) {
                    return share(k);
                }
                let k = match req {
                    KernelReq::LayerNorm { width, eps } => Kernel::LayerNorm(
                        crate::vector_ops::layer_norm_kernel(&self.target, *width, *eps).map_err(de)?,
                    ),
                    KernelReq::Attention(shape) => Kernel::Attention(
                        crate::vector_ops::attention_kernel(&self.target, shape).map_err(de)?,
                    ),
                    KernelReq::Activation(act) => Kernel::Activation(
                        crate::vector_ops::activation_kernel(&self.target, *act).map_err(de)?,
                    ),
                    _ => return Err(albert_deploy::DeployError::Kernel("unreachable kernel request".into())),
                };
                let copy = share(&k)?;
                self.vector.insert(key, k);
                copy
            }
        })
    }
}

/// Another handle on a generated vector kernel (the code is shared).
fn share(k: &Kernel) -> Result<Kernel, albert_deploy::DeployError> {
    Ok(match k {
        Kernel::LayerNorm(k) => Kernel::LayerNorm(k.clone()),
        Kernel::Activation(k) => Kernel::Activation(k.clone()),
        Kernel::Attention(k) => Kernel::Attention(albert_kernels::ops::ExternalAttention {
            entry: k.entry,
            shape: k.shape,
            keepalive: k.keepalive.clone(),
        }),
        _ => return Err(albert_deploy::DeployError::Kernel("only vector kernels are shared".into())),
    })
}

/// A compiled forward pass for one `(batch, seq)` bucket: the deployment runtime's
/// [`albert_deploy::Executable`] (which it derefs to), generated by the JIT.
pub struct Executable {
    inner: Arc<albert_deploy::Executable>,
    target: Target,
}

impl std::ops::Deref for Executable {
    type Target = albert_deploy::Executable;
    fn deref(&self) -> &albert_deploy::Executable {
        &self.inner
    }
}

impl Executable {
    /// Compiles the optimised `graph` for `batch` sequences of `seq` tokens, for
    /// `opts.target`, which must run on this CPU.
    pub fn compile(
        graph: &Graph,
        weights: &WeightStore,
        batch: usize,
        seq: usize,
        opts: &CompileOptions,
    ) -> Result<Executable, CodegenError> {
        let t0 = Instant::now();
        opts.target.check_runs_here().map_err(CodegenError::Isa)?;
        let c =
            BucketPlan::new(graph, batch, seq, opts.target, threads_of(opts))?.with_precision(opts.precision);
        let mut source = JitKernels::new(opts.target).with_weights(graph, weights, opts.pool.clone());
        let descs = c
            .calls()?
            .iter()
            .map(|spec| OpDesc::instantiate(spec, graph, &mut source, weights, opts.pool.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let isa = isa_for_target(&opts.target, false)?;
        let mut jb = JitBuilder::new(isa, &[]);
        let sig = program_signature(jb.isa());
        let (entry, clif) = jb.define_calling("albert_forward", sig, &[], |func, isa, _| {
            emit_program(&c, func, isa, descs.len())
        })?;
        let code = Arc::new(jb.finish()?);
        let entry = crate::exec::program_entry(&code, entry)?;
        let mut inner =
            albert_deploy::Executable::new(entry, descs, c.arena_bytes, (batch, seq), c.outputs()?, clif)?;
        inner.compile_time = t0.elapsed();
        Ok(Executable { inner: Arc::new(inner), target: opts.target })
    }

    /// The deployment runtime's executable.
    pub fn shared(&self) -> Arc<albert_deploy::Executable> {
        self.inner.clone()
    }

    /// The disassembly of every generated GEMM kernel, per call site
    /// (what `albert-jit compile --dump-asm` prints).
    pub fn kernels_asm(&self) -> String {
        kernels_asm(&self.inner, &self.target)
    }
}

/// Whether this process's bf16 GEMMs use the AMX tiles
/// ([`albert_kernels::frame::bf16::amx_tiles_here`]); when the CPU has AMX but Linux refuses
/// the tile state, says once on stderr that the `vdpbf16ps` tiles are used instead.
pub fn bf16_amx() -> bool {
    static CHOICE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CHOICE.get_or_init(|| match albert_kernels::frame::bf16::amx_tiles_here() {
        Ok(amx) => amx,
        Err(reason) => {
            eprintln!("albert-jit: this CPU has AMX but its tiles are unavailable ({reason}); bf16 GEMMs use vdpbf16ps");
            false
        }
    })
}

/// The bf16 GEMM plan of a call site: AMX tiles where this CPU has AMX-BF16 and this process
/// may use them ([`bf16_amx`]), `vdpbf16ps` zmm tiles otherwise. The JIT, artifacts and
/// `inspect` all take the plan from here, so an artifact holds the kernels the JIT would run
/// (an AMX artifact lists `amx_bf16` among the features a loading CPU must have; with
/// `ALBERT_BF16_TILES=avx512` it holds `vdpbf16ps` tiles, for every CPU with AVX512_BF16).
pub fn bf16_plan_for(plan: &albert_kernels::GemmPlan, target: &Target) -> albert_kernels::Bf16GemmPlan {
    albert_kernels::Bf16GemmPlan::from_gemm_plan(plan).with_amx(target.isa() == Isa::Avx512 && bf16_amx())
}

/// The disassembly of every GEMM kernel of `exe` (generated for `target`), per call site.
pub fn kernels_asm(exe: &albert_deploy::Executable, target: &Target) -> String {
    let mut out = String::new();
    let isa = match isa_for_target(target, true) {
        Ok(i) => i,
        Err(e) => return format!("; (no listing: {e})\n"),
    };
    for (i, d) in exe.descs().enumerate() {
        for req in d.kernel_requests() {
            let p = match req {
                KernelReq::Gemm(p) => p,
                KernelReq::GemmBf16 { plan, .. } => {
                    let bf = bf16_plan_for(plan, target);
                    out.push_str(&format!(
                        "; call {i} `{}`: m={} n={} k={} kernel={}\n",
                        d.name(),
                        plan.m,
                        plan.n,
                        plan.k,
                        if bf.amx { "amx-bf16" } else { "avx512-bf16" }
                    ));
                    out.push_str(
                        &albert_kernels::frame::bf16::dump_plan_asm(&bf)
                            .unwrap_or_else(|e| format!("; (no listing: {e})\n")),
                    );
                    continue;
                }
                _ => continue,
            };
            let family = match target.isa() {
                Isa::Avx512 => "avx512",
                Isa::Portable if target.avx2_tiles() => "avx2",
                Isa::Portable => "cranelift-f32x4",
            };
            out.push_str(&format!(
                "; call {i} `{}`: m={} n={} k={} kernel={family}\n",
                d.name(),
                p.m,
                p.n,
                p.k
            ));
            let listing = match target.isa() {
                Isa::Avx512 => {
                    p.tile_specs().map_err(|e| CodegenError::Kernel(e.to_string())).and_then(|specs| {
                        specs.iter().try_fold(String::new(), |mut acc, s| {
                            acc.push_str(
                                &albert_kernels::x86_64::avx512::gemm::dump(s)
                                    .map_err(|e| CodegenError::Kernel(e.to_string()))?,
                            );
                            acc.push('\n');
                            Ok(acc)
                        })
                    })
                }
                Isa::Portable => tile_listing(target, &*isa, p.n, p.k),
            };
            out.push_str(&listing.unwrap_or_else(|e| format!("; (no listing: {e})\n")));
        }
    }
    out
}
