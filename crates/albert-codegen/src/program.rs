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

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use albert_ir::{Bindings, DType, Graph, Inst, Op, Operand, ValueId};
use albert_kernels::frame::gemm::{GemmKernel, GemmPlan};
use albert_kernels::{Epilogue, Isa, Target, ThreadPool};
use albert_opt::MemoryPlan;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, AbiParam, Block, InstBuilder, MemFlagsData, SigRef, Signature, Value};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::error::CodegenError;
use crate::exec::{self, RunCtx, CTX_ARENA, CTX_DESCS, CTX_INPUT_OFFSETS, CTX_OP};
use crate::jit::{isa_for_target, JitBuilder, JitCode};
use crate::ops::{kernel_act, single_op_graph, ActKind, Gemm, GemmImpl, Kind, OpDesc};
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
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions { target: Target::native(), pool: None }
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
        store.pack_for(graph)
    }
}

#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([u8; 64]);

/// Where a value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loc {
    /// A graph input: a pointer in the context at this byte offset.
    Input(i32),
    /// The arena at this byte offset.
    Arena(usize),
}

/// A compiled forward pass for one `(batch, seq)` bucket.
pub struct Executable {
    code: JitCode,
    entry: usize,
    /// The descriptor table the program reads through its context (`ctx.descs[i]`): the
    /// addresses of `_descs`' boxes.
    table: Vec<usize>,
    #[expect(clippy::vec_box, reason = "the table points into the boxes: they must not move")]
    _descs: Vec<Box<OpDesc>>,
    arena: Mutex<Vec<Line>>,
    batch: usize,
    seq: usize,
    outputs: Vec<(String, usize, usize)>,
    clif: String,
    /// Wall time to generate kernels and the program.
    pub compile_time: Duration,
}

/// Activations the generated GEMM applies in its epilogue.
fn in_epilogue(a: albert_kernels::Activation) -> bool {
    use albert_kernels::Activation as A;
    matches!(a, A::Identity | A::Relu | A::Gelu | A::GeluNew)
}

fn gemm_error(e: albert_kernels::KernelError) -> CodegenError {
    CodegenError::Kernel(e.to_string())
}

struct Compiler<'a> {
    g: &'a Graph,
    w: &'a WeightStore,
    bind: Bindings,
    plan: MemoryPlan,
    opts: &'a CompileOptions,
    consts: HashMap<ValueId, f64>,
    #[expect(clippy::vec_box, reason = "the descriptor table points into the boxes: they must not move")]
    descs: Vec<Box<OpDesc>>,
    arena_bytes: usize,
    /// The kernels generated so far, by what they are specialised on.
    kernels: RefCell<Kernels>,
}

/// Cranelift-generated kernels (portable and NEON targets) shared by the call sites that need
/// the same one: every layer application's LayerNorms have one width and its GEMMs the same
/// shapes, so each is generated once per compile, not once per call site.
#[derive(Default)]
struct Kernels {
    /// By width and epsilon (its bits).
    layer_norm: HashMap<(usize, u32), Arc<crate::vector_ops::LayerNormKernel>>,
    activation: HashMap<albert_kernels::Activation, Arc<crate::vector_ops::ActivationKernel>>,
    /// By batch, seq, heads, head size and scale (its bits).
    attention: HashMap<(usize, usize, usize, usize, u32), Arc<albert_kernels::ops::ExternalAttention>>,
    /// By the plan's m, n, k, lda and ldc.
    tiles: HashMap<(usize, usize, usize, usize, usize), crate::f32x4::Tiles>,
}

impl Compiler<'_> {
    fn ty(&self, v: ValueId) -> Result<&albert_ir::Type, CodegenError> {
        self.g.value_type(v).ok_or_else(|| CodegenError::Unsupported(format!("value {v} has no type")))
    }

    fn numel(&self, v: ValueId) -> Result<usize, CodegenError> {
        Ok(self.ty(v)?.shape.resolve(self.bind).iter().product())
    }

    fn bytes(&self, v: ValueId) -> Result<usize, CodegenError> {
        let t = self.ty(v)?;
        Ok(self.numel(v)? * if t.dtype == DType::I64 { 8 } else { 4 })
    }

    fn loc(&self, v: ValueId) -> Result<Loc, CodegenError> {
        if let Some(i) = self.g.inputs.iter().find(|i| i.value == v) {
            let off = CTX_INPUT_OFFSETS
                .iter()
                .find(|(n, _)| *n == i.name)
                .map(|(_, o)| *o)
                .ok_or_else(|| CodegenError::Unsupported(format!("graph input `{}`", i.name)))?;
            return Ok(Loc::Input(off));
        }
        let b = self
            .plan
            .buffer_of(v)
            .ok_or_else(|| CodegenError::Unsupported(format!("value {v} has no planned buffer")))?;
        if b.offset + self.bytes(v)? > self.arena_bytes {
            return Err(CodegenError::Shape(format!("buffer of {v} lies outside the arena")));
        }
        Ok(Loc::Arena(b.offset))
    }

    fn weight(&self, a: Operand) -> Result<albert_ir::WeightId, CodegenError> {
        match a {
            Operand::Weight(w) => Ok(w),
            Operand::Value(v) => Err(CodegenError::Unsupported(format!("expected a weight, got {v}"))),
        }
    }

    fn wdims(&self, a: Operand) -> Result<Vec<usize>, CodegenError> {
        let w = self.weight(a)?;
        Ok(self.g.weight_type(w).map(|t| t.shape.resolve(self.bind)).unwrap_or_default())
    }

    fn gemm(&self, m: usize, w: Operand, bias: Option<Operand>, ep: Epilogue) -> Result<Gemm, CodegenError> {
        let wid = self.weight(w)?;
        let bias = bias.map(|b| self.w.get(self.g, self.weight(b)?)).transpose()?;
        let (n, k) = match self.wdims(w)?.as_slice() {
            [n, k] => (*n, *k),
            d => return Err(CodegenError::Shape(format!("GEMM weight {wid} has shape {d:?}"))),
        };
        let plan = GemmPlan::new(m, n, k, ep).with_isa(self.opts.isa());
        let mut kernel: GemmKernel = match self.opts.isa() {
            Isa::Avx512 => plan.build().map_err(gemm_error)?,
            // The same frame over Cranelift f32x4 tiles (NEON on aarch64, SSE on x86-64).
            Isa::Portable => {
                let key = (plan.m, plan.n, plan.k, plan.lda, plan.ldc);
                let cached = self.kernels.borrow().tiles.get(&key).cloned();
                let tiles = match cached {
                    Some(t) => t,
                    None => {
                        let t = crate::f32x4::external_tiles(&self.opts.target, &plan)?;
                        self.kernels.borrow_mut().tiles.insert(key, t.clone());
                        t
                    }
                };
                tiles.build(&plan)?
            }
        };
        if let Some(p) = &self.opts.pool {
            kernel.set_pool(p.clone());
        }
        let packed = self.w.packed(self.g, wid)?;
        let target = self.opts.target;
        Ok(Gemm { imp: GemmImpl::Generated { kernel, w: packed }, bias, post: None, target, m, n, k })
    }

    /// The generated LayerNorm for rows of `width` on targets whose ops are generated with
    /// Cranelift (portable and NEON); `None` where the kernel family has its own.
    fn ln_kernel(
        &self,
        width: usize,
        eps: f64,
    ) -> Result<Option<Arc<crate::vector_ops::LayerNormKernel>>, CodegenError> {
        if self.opts.isa() != Isa::Portable {
            return Ok(None);
        }
        let key = (width, (eps as f32).to_bits());
        if let Some(k) = self.kernels.borrow().layer_norm.get(&key) {
            return Ok(Some(k.clone()));
        }
        let k = Arc::new(crate::vector_ops::LayerNormKernel::new(&self.opts.target, width, eps as f32)?);
        self.kernels.borrow_mut().layer_norm.insert(key, k.clone());
        Ok(Some(k))
    }

    /// The generated per-head attention kernel on the portable and NEON targets.
    fn attention_kernel(
        &self,
        batch: usize,
        seq: usize,
        heads: usize,
        dh: usize,
        scale: f32,
    ) -> Result<Option<Arc<albert_kernels::ops::ExternalAttention>>, CodegenError> {
        if self.opts.isa() != Isa::Portable || heads == 0 || dh == 0 {
            return Ok(None);
        }
        let h = heads * dh;
        let key = (batch, seq, heads, dh, scale.to_bits());
        if let Some(k) = self.kernels.borrow().attention.get(&key) {
            return Ok(Some(k.clone()));
        }
        let shape =
            albert_kernels::ops::AttentionShape { ld_qkv: 3 * h, batch, seq, heads, dh, scale, ld_ctx: h };
        let k = Arc::new(crate::vector_ops::attention_kernel(&self.opts.target, &shape)?);
        self.kernels.borrow_mut().attention.insert(key, k.clone());
        Ok(Some(k))
    }

    /// How activation `a` runs: generated for the portable and NEON targets, the kernel
    /// family's otherwise, the reference formula for activations without a kernel.
    fn act_kind(&self, a: albert_ir::Act) -> Result<ActKind, CodegenError> {
        Ok(match kernel_act(a) {
            ActKind::Kernel(k) if self.opts.isa() == Isa::Portable => {
                let cached = self.kernels.borrow().activation.get(&k).cloned();
                ActKind::Generated(match cached {
                    Some(g) => g,
                    None => {
                        let g = Arc::new(crate::vector_ops::ActivationKernel::new(&self.opts.target, k)?);
                        self.kernels.borrow_mut().activation.insert(k, g.clone());
                        g
                    }
                })
            }
            other => other,
        })
    }

    fn value_args(&self, inst: &Inst) -> Vec<ValueId> {
        inst.args
            .iter()
            .filter_map(|a| match a {
                Operand::Value(v) => Some(*v),
                Operand::Weight(_) => None,
            })
            .collect()
    }

    /// The call descriptor for `inst`.
    fn desc(&self, inst: &Inst) -> Result<Box<OpDesc>, CodegenError> {
        let (b, s) = (self.bind.batch, self.bind.seq);
        let vals = self.value_args(inst);
        let ins = vals
            .iter()
            .map(|v| Ok((self.numel(*v)?, self.ty(*v)?.dtype == DType::I64)))
            .collect::<Result<Vec<_>, CodegenError>>()?;
        let out_len = self.numel(inst.result)?;
        let a = &inst.args;
        let arc = |o: Operand| self.w.get(self.g, self.weight(o)?);
        let kind = match &inst.op {
            Op::Embeddings { eps } => {
                let e = self.wdims(a[2])?[1];
                let mapping = if a.len() == 9 {
                    Some(self.gemm(b * s, a[7], Some(a[8]), Epilogue::BIAS)?)
                } else {
                    None
                };
                Kind::Embeddings {
                    eps: *eps as f32,
                    e,
                    tables: [arc(a[2])?, arc(a[3])?, arc(a[4])?, arc(a[5])?, arc(a[6])?],
                    mapping,
                    ln: self.ln_kernel(e, *eps)?,
                }
            }
            Op::Attention { heads, scale, eps } => {
                let h = self.wdims(a[4])?[0];
                let rows = b * s;
                Kind::Attention {
                    heads: *heads,
                    dh: h / heads,
                    scale: *scale as f32,
                    eps: *eps as f32,
                    qkv: self.gemm(rows, a[2], Some(a[3]), Epilogue::BIAS)?,
                    out: self.gemm(rows, a[4], Some(a[5]), Epilogue::BIAS_RESIDUAL)?,
                    attn: self.attention_kernel(b, s, *heads, h / heads, *scale as f32)?,
                    ln: self.ln_kernel(h, *eps)?,
                    gamma: arc(a[6])?,
                    beta: arc(a[7])?,
                }
            }
            Op::FeedForward { act, eps } => {
                let rows = b * s;
                let (ep, post) = match self.act_kind(*act)? {
                    ActKind::Kernel(k) if in_epilogue(k) => (Epilogue::bias_act(k), None),
                    other => (Epilogue::BIAS, Some(other)),
                };
                Kind::FeedForward {
                    up: self.gemm(rows, a[1], Some(a[2]), ep)?,
                    act: post,
                    down: self.gemm(rows, a[3], Some(a[4]), Epilogue::BIAS_RESIDUAL)?,
                    ln: self.ln_kernel(self.wdims(a[5])?.first().copied().unwrap_or(0), *eps)?,
                    eps: *eps as f32,
                    gamma: arc(a[5])?,
                    beta: arc(a[6])?,
                }
            }
            Op::MatMul { transpose_b: true } if matches!(a[1], Operand::Weight(_)) && vals.len() == 1 => {
                let k = self.wdims(a[1])?[1];
                Kind::Gemm(self.gemm(ins[0].0 / k.max(1), a[1], None, Epilogue::NONE)?)
            }
            Op::Add {}
                if vals.len() == 1
                    && matches!(a[1], Operand::Weight(_))
                    && matches!(a[0], Operand::Value(_)) =>
            {
                let w = arc(a[1])?;
                let width = self.ty(vals[0])?.shape.resolve(self.bind).last().copied().unwrap_or(1);
                if w.len() == width {
                    Kind::AddWeight(w)
                } else {
                    self.interp(inst)?
                }
            }
            Op::Add {} if vals.len() == 2 && (ins[1].0 == ins[0].0) && !ins[0].1 && !ins[1].1 => {
                Kind::AddRows
            }
            Op::LayerNorm { eps } if vals.len() == 1 => {
                let gamma = arc(a[1])?;
                Kind::LayerNorm {
                    ln: self.ln_kernel(gamma.len(), *eps)?,
                    eps: *eps as f32,
                    gamma,
                    beta: arc(a[2])?,
                }
            }
            Op::Activation { kind } => Kind::Activation(self.act_kind(*kind)?),
            Op::Select { axis, index } if vals.len() == 1 => {
                let shape = self.ty(vals[0])?.shape.resolve(self.bind);
                if *index >= shape[*axis] {
                    return Err(CodegenError::Shape(format!("select index {index} ≥ {}", shape[*axis])));
                }
                Kind::Select {
                    outer: shape[..*axis].iter().product(),
                    dim: shape[*axis],
                    index: *index,
                    inner: shape[axis + 1..].iter().product(),
                }
            }
            _ => self.interp(inst)?,
        };
        if ins.len() > 2 {
            return Err(CodegenError::Unsupported(format!(
                "`{}` with {} value operands",
                inst.op.name(),
                ins.len()
            )));
        }
        Ok(Box::new(OpDesc {
            name: inst.op.name(),
            kind,
            out_len,
            ins,
            scratch: match self.plan.scratch_of(inst.result) {
                Some(buf) if buf.offset + buf.bytes <= self.arena_bytes && buf.offset % 4 == 0 => {
                    (buf.offset, buf.bytes / 4)
                }
                Some(_) => {
                    return Err(CodegenError::Shape(format!(
                        "scratch of {} lies outside the arena",
                        inst.result
                    )))
                }
                None => (0, 0),
            },
            pool: self.opts.pool.clone(),
            isa: self.opts.isa(),
            batch: b,
            seq: s,
            calls: Default::default(),
            nanos: Default::default(),
        }))
    }

    /// The interpreter fallback for an op without a dedicated kernel.
    fn interp(&self, inst: &Inst) -> Result<Kind, CodegenError> {
        let mut vtys = Vec::new();
        let mut wtys = Vec::new();
        let mut order = Vec::new();
        let mut weights = Vec::new();
        let mut shapes = Vec::new();
        let mut i64s = Vec::new();
        for a in &inst.args {
            match a {
                Operand::Value(v) => {
                    let t = self.ty(*v)?;
                    let dims = t.shape.resolve(self.bind);
                    vtys.push(albert_ir::Type::new(
                        t.dtype,
                        dims.iter().map(|&d| albert_ir::Dim::Fixed(d)).collect(),
                    ));
                    shapes.push(dims);
                    i64s.push(t.dtype == DType::I64);
                    order.push(false);
                }
                Operand::Weight(w) => {
                    let t =
                        self.g.weight_type(*w).ok_or_else(|| CodegenError::Unsupported(format!("{w}")))?;
                    wtys.push(t.clone());
                    weights.push(self.w.get(self.g, *w)?);
                    order.push(true);
                }
            }
        }
        let op = match &inst.op {
            // Symbolic lengths become the bucket's.
            Op::Iota { len } => Op::Iota { len: albert_ir::Dim::Fixed(len.resolve(self.bind)) },
            Op::Reshape { shape } => Op::Reshape {
                shape: shape.iter().map(|d| albert_ir::Dim::Fixed(d.resolve(self.bind))).collect(),
            },
            other => other.clone(),
        };
        let graph = single_op_graph(&op, &vtys, &wtys, &order)?;
        if graph.value_type(graph.outputs[0].value).map(|t| t.dtype) != Some(DType::F32) {
            return Err(CodegenError::Unsupported(format!("`{}` producing non-f32 values", inst.op.name())));
        }
        Ok(Kind::Interp { graph, weights, shapes, i64_inputs: i64s })
    }
}

/// State while emitting the Cranelift function.
struct Emit<'c, 'b> {
    c: &'c Compiler<'c>,
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
        // multiples: 16-byte vectors, then single floats.
        let n = self.c.bytes(src)?;
        let (d, s) = (self.addr(dst)?, self.addr(src)?);
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
        Ok(())
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

/// Which instructions become calls (everything but loops and inline glue),
/// in emission order.
fn calls<'g>(c: &Compiler<'g>, insts: &'g [Inst], out: &mut Vec<&'g Inst>) {
    for inst in insts {
        match &inst.op {
            Op::Loop { .. } => {
                if let Some(body) = c.g.body(inst) {
                    calls(c, &body.insts, out);
                }
            }
            Op::Const { .. } | Op::Reshape { .. } => {}
            Op::Cast { to: DType::F32 } if matches!(inst.args[0], Operand::Value(v) if c.ty(v).ok().map(|t| t.dtype) == Some(DType::I64)) =>
                {}
            Op::Add {} | Op::Sub {} | Op::Mul {} | Op::Div {} if is_glue_binop(c, inst) => {}
            _ => out.push(inst),
        }
    }
}

fn is_glue_binop(c: &Compiler<'_>, inst: &Inst) -> bool {
    let (Operand::Value(a), Operand::Value(b)) = (inst.args[0], inst.args[1]) else { return false };
    let same = |v: ValueId| c.ty(v).ok() == c.ty(inst.result).ok();
    matches!((c.consts.get(&a), c.consts.get(&b)), (None, Some(_)) if same(a))
        || matches!((c.consts.get(&a), c.consts.get(&b)), (Some(_), None) if same(b))
}

fn collect_consts(g: &Graph, insts: &[Inst], out: &mut HashMap<ValueId, f64>) {
    for inst in insts {
        if let Op::Const { value } = inst.op {
            out.insert(inst.result, value);
        }
        if let Some(body) = g.body(inst) {
            collect_consts(g, &body.insts, out);
        }
    }
}

/// The program's signature: `fn(ctx) -> i32`.
fn program_signature(isa: &dyn TargetIsa) -> Signature {
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
fn emit_program(
    c: &Compiler<'_>,
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

/// Floats of arena scratch the op descriptor of `inst` works in (the QKV, context and
/// projection buffers and the attention score blocks; the FFN intermediate; the embeddings
/// before the hidden mapping), for `threads` workers.
fn scratch_floats(g: &Graph, inst: &Inst, bind: Bindings, threads: usize) -> usize {
    let wdim = |i: usize, d: usize| {
        match inst.args.get(i) {
            Some(Operand::Weight(w)) => {
                g.weight_type(*w).map(|t| t.shape.resolve(bind)).and_then(|s| s.get(d).copied())
            }
            _ => None,
        }
        .unwrap_or(0)
    };
    let rows = bind.batch * bind.seq;
    match inst.op {
        Op::Embeddings { .. } if inst.args.len() == 9 => rows * wdim(2, 1),
        Op::Attention { .. } => {
            rows * 5 * wdim(4, 0) + albert_kernels::ops::attention_scratch_len(bind.seq, threads)
        }
        Op::FeedForward { .. } => rows * wdim(1, 0) + rows * wdim(1, 1),
        _ => 0,
    }
}

impl<'a> Compiler<'a> {
    /// Plans `graph` for one bucket: buffer offsets (the arena is the plan's peak) and the
    /// constants the program inlines.
    fn new(
        graph: &'a Graph,
        weights: &'a WeightStore,
        batch: usize,
        seq: usize,
        opts: &'a CompileOptions,
    ) -> Result<Compiler<'a>, CodegenError> {
        graph.verify()?;
        let threads = opts.pool.as_ref().map(|p| p.threads()).unwrap_or(1);
        let scratch = |g: &Graph, inst: &Inst, bind: Bindings| 4 * scratch_floats(g, inst, bind, threads);
        let plan = albert_opt::plan_memory_with(graph, batch, seq, &scratch)
            .map_err(|e| CodegenError::Unsupported(e.to_string()))?;
        if let Some((x, y)) = plan.conflict() {
            return Err(CodegenError::Shape(format!("memory plan overlaps {} and {}", x.value, y.value)));
        }
        let arena_bytes = plan.peak_bytes.max(64);
        let mut consts = HashMap::new();
        collect_consts(graph, &graph.insts, &mut consts);
        Ok(Compiler {
            g: graph,
            w: weights,
            bind: Bindings { batch, seq },
            plan,
            opts,
            consts,
            descs: Vec::new(),
            arena_bytes,
            kernels: RefCell::new(Kernels::default()),
        })
    }

    /// The instructions that become calls, in program order.
    fn call_insts(&self) -> Vec<&'a Inst> {
        let mut v = Vec::new();
        calls(self, &self.g.insts, &mut v);
        v
    }
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

/// Generates the program and the GEMM kernels of `graph` for `opts.target` and returns their
/// listings; nothing is executed, so the target may be another architecture.
pub fn listing(
    graph: &Graph,
    weights: &WeightStore,
    batch: usize,
    seq: usize,
    opts: &CompileOptions,
) -> Result<Listing, CodegenError> {
    let c = Compiler::new(graph, weights, batch, seq, opts)?;
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
            kernels_asm.push_str(&crate::ops::tile_listing(&opts.target, &*isa, n, k)?);
        }
    }
    Ok(Listing { clif, program_asm, kernels_asm })
}

/// The GEMM weights of a call (role, weight operand), as `OpDesc::gemms` names them.
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
        let mut c = Compiler::new(graph, weights, batch, seq, opts)?;
        let arena_bytes = c.arena_bytes;
        for inst in c.call_insts() {
            let d = c.desc(inst)?;
            // The dispatcher makes `&mut` and `&` slices of these: check they fit and don't overlap.
            let out = (c.loc(inst.result)?, c.bytes(inst.result)?);
            for v in c.value_args(inst) {
                let (l, n) = (c.loc(v)?, c.bytes(v)?);
                if let (Loc::Arena(o), Loc::Arena(i)) = (out.0, l) {
                    if o < i + n && i < o + out.1 {
                        return Err(CodegenError::Shape(format!("{} overlaps its operand {v}", inst.result)));
                    }
                }
            }
            c.descs.push(d);
        }
        let descs = std::mem::take(&mut c.descs);

        let isa = isa_for_target(&opts.target, false)?;
        let mut jb = JitBuilder::new(isa, &[]);
        let sig = program_signature(jb.isa());
        let (entry, clif) = jb.define_calling("albert_forward", sig, &[], |func, isa, _| {
            emit_program(&c, func, isa, descs.len())
        })?;
        let code = jb.finish()?;
        let entry_addr = code.addr(entry).ok_or_else(|| CodegenError::Cranelift("no entry".into()))?;
        let mut outputs = Vec::new();
        for o in &graph.outputs {
            if c.ty(o.value)?.dtype != DType::F32 {
                return Err(CodegenError::Unsupported(format!("output `{}` is not f32", o.name)));
            }
            match c.loc(o.value)? {
                Loc::Arena(off) => outputs.push((o.name.clone(), off, c.numel(o.value)?)),
                Loc::Input(_) => {
                    return Err(CodegenError::Unsupported(format!("output `{}` is an input", o.name)))
                }
            }
        }
        let table: Vec<usize> = descs.iter().map(|d| &**d as *const OpDesc as usize).collect();
        Ok(Executable {
            code,
            entry: entry_addr,
            table,
            _descs: descs,
            arena: Mutex::new(vec![Line([0; 64]); arena_bytes.div_ceil(64)]),
            batch,
            seq,
            outputs,
            clif,
            compile_time: t0.elapsed(),
        })
    }

    /// The bucket this executable was compiled for.
    pub fn bucket(&self) -> (usize, usize) {
        (self.batch, self.seq)
    }

    /// The program's Cranelift IR (what `--dump-clif` prints).
    pub fn clif(&self) -> &str {
        &self.clif
    }

    /// The disassembly of every generated GEMM kernel, per call site
    /// (what `albert-jit compile --dump-asm` prints).
    pub fn kernels_asm(&self) -> String {
        let mut out = String::new();
        for (i, d) in self._descs.iter().enumerate() {
            for (role, g) in d.gemms() {
                out.push_str(&format!(
                    "; call {i} `{}` {role}: m={} n={} k={} kernel={}\n",
                    d.name,
                    g.m,
                    g.n,
                    g.k,
                    g.family()
                ));
                out.push_str(&g.asm());
            }
        }
        out
    }

    /// Time spent per call site since compilation: `(op, calls, seconds)`,
    /// in program order (the loop body's calls count every trip).
    pub fn profile(&self) -> Vec<(&'static str, u64, f64)> {
        use std::sync::atomic::Ordering::Relaxed;
        self._descs
            .iter()
            .map(|d| (d.name, d.calls.load(Relaxed), d.nanos.load(Relaxed) as f64 * 1e-9))
            .collect()
    }

    /// Bytes of the activation arena.
    pub fn arena_bytes(&self) -> usize {
        self.arena.lock().map(|a| a.len() * 64).unwrap_or(0)
    }

    /// Runs the forward pass; returns the graph's outputs in order.
    pub fn run(
        &self,
        input_ids: &[i64],
        token_type_ids: &[i64],
        attention_mask: &[i64],
    ) -> Result<Vec<(String, Vec<f32>)>, CodegenError> {
        let n = self.batch * self.seq;
        for (name, x) in
            [("input_ids", input_ids), ("token_type_ids", token_type_ids), ("attention_mask", attention_mask)]
        {
            if x.len() != n {
                return Err(CodegenError::Shape(format!(
                    "{name} has {} elements, this executable takes {} × {}",
                    x.len(),
                    self.batch,
                    self.seq
                )));
            }
        }
        let _ = &self.code;
        let mut arena = self.arena.lock().unwrap_or_else(|e| e.into_inner());
        let error = Mutex::new(None);
        let mut ctx = RunCtx {
            arena: arena.as_mut_ptr() as *mut u8,
            input_ids: input_ids.as_ptr(),
            token_type_ids: token_type_ids.as_ptr(),
            attention_mask: attention_mask.as_ptr(),
            error: &error,
            descs: self.table.as_ptr().cast::<*const OpDesc>(),
            op: exec::albert_jit_op,
        };
        let status = exec::call_program(self.entry, &mut ctx);
        if status != 0 {
            let msg = error.lock().unwrap_or_else(|e| e.into_inner()).take();
            return Err(CodegenError::Exec(
                msg.unwrap_or_else(|| format!("program failed with status {status}")),
            ));
        }
        Ok(self.outputs.iter().map(|(name, off, len)| (name.clone(), read_f32(&arena, *off, *len))).collect())
    }
}

/// Reads `len` f32 values at byte offset `off` (4-aligned) of the arena.
fn read_f32(lines: &[Line], off: usize, len: usize) -> Vec<f32> {
    (0..len)
        .map(|j| {
            let byte = off + 4 * j;
            let (l, w) = (byte / 64, byte % 64);
            let b = &lines[l].0[w..w + 4];
            f32::from_ne_bytes([b[0], b[1], b[2], b[3]])
        })
        .collect()
}
