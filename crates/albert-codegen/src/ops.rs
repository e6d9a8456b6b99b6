//! What each call in the generated program does: one [`OpDesc`] per
//! instruction, built at compile time for one shape bucket (every length,
//! packed weight and generated GEMM kernel resolved), and the safe Rust that
//! runs it on slices of the activation arena.
//!
//! Kernel = tile, frame = everything else (STYLE.md): the GEMMs are the
//! generated AVX-512 (or portable) kernels of `albert-kernels`; attention,
//! LayerNorm, activations and embeddings are its `ops`; any op without a
//! dedicated kernel runs through the reference interpreter on a one-op graph
//! (correct, slow, and never on albert-large-v2's hot path).

use std::sync::Arc;

use albert_ir::{Graph, Op};
use albert_kernels::frame::gemm::GemmKernel;
use albert_kernels::{Activation, PackedB, ThreadPool};
use albert_reference::{Interpreter, Tensor};

/// The kernel behind a GEMM call site: the one frame of `albert-kernels` over the target's
/// tiles (AVX-512 from iced-x86, or Cranelift f32x4: NEON / SSE), with the packed weight.
pub(crate) enum GemmImpl {
    /// A frame kernel and its packed `B`.
    Generated { kernel: GemmKernel, w: Arc<PackedB> },
}

/// A GEMM call site: kernel, packed weight, bias, and the activation the
/// kernel does not apply itself.
pub(crate) struct Gemm {
    pub imp: GemmImpl,
    pub bias: Option<Arc<[f32]>>,
    pub post: Option<ActKind>,
    /// The target its tiles were generated for.
    pub target: albert_kernels::Target,
    pub m: usize,
    pub n: usize,
    pub k: usize,
}

impl Gemm {
    /// `c = post(a · Wᵀ + bias (+ act in the kernel)) + residual`. With a
    /// post-activation the residual must be absent (callers never combine them).
    fn run(
        &self,
        isa: albert_kernels::Isa,
        a: &[f32],
        c: &mut [f32],
        residual: Option<&[f32]>,
    ) -> Result<(), String> {
        match &self.imp {
            GemmImpl::Generated { kernel, w } => {
                kernel.run(a, w, c, self.bias.as_deref(), residual).map_err(|e| e.to_string())?
            }
        }
        if let Some(p) = &self.post {
            p.apply(isa, c);
        }
        Ok(())
    }

    /// The assembly listing of the kernel.
    pub(crate) fn asm(&self) -> String {
        match &self.imp {
            GemmImpl::Generated { kernel, .. } if kernel.has_external_tiles() => {
                crate::jit::isa_for_target(&self.target, false)
                    .and_then(|isa| tile_listing(&self.target, &*isa, self.n, self.k))
                    .unwrap_or_else(|e| format!("; (no listing: {e})\n"))
            }
            GemmImpl::Generated { kernel, .. } => {
                kernel.dump_asm().unwrap_or_else(|e| format!("; (no listing: {e})\n"))
            }
        }
    }

    /// Which kernel family runs it.
    pub(crate) fn family(&self) -> &'static str {
        match &self.imp {
            GemmImpl::Generated { kernel, .. } if kernel.has_external_tiles() => "cranelift-f32x4",
            GemmImpl::Generated { kernel, .. } => match kernel.isa() {
                albert_kernels::Isa::Avx512 => "avx512",
                albert_kernels::Isa::Portable => "portable-rust",
            },
        }
    }
}

/// An activation the generated kernels may not have: applied by the frame.
#[derive(Clone)]
pub(crate) enum ActKind {
    /// Generated for the target (Cranelift f32x4: NEON / SSE).
    Generated(Arc<crate::vector_ops::ActivationKernel>),
    /// One the kernels implement.
    Kernel(Activation),
    /// Any other: the reference formula, element by element.
    Reference(albert_ir::Act),
}

impl ActKind {
    pub fn apply(&self, isa: albert_kernels::Isa, x: &mut [f32]) {
        match self {
            ActKind::Generated(k) => k.run(x),
            ActKind::Kernel(a) => albert_kernels::ops::activation_inplace_isa(isa, *a, x),
            ActKind::Reference(a) => {
                x.iter_mut().for_each(|v| *v = albert_reference::kernels::activation(*a, *v))
            }
        }
    }
}

/// Maps an IR activation to the kernels' enum, when they have it.
pub(crate) fn kernel_act(a: albert_ir::Act) -> ActKind {
    use albert_ir::Act as A;
    match a {
        A::Identity => ActKind::Kernel(Activation::Identity),
        A::Relu => ActKind::Kernel(Activation::Relu),
        A::Gelu => ActKind::Kernel(Activation::Gelu),
        A::GeluNew => ActKind::Kernel(Activation::GeluNew),
        A::Tanh => ActKind::Kernel(Activation::Tanh),
        other => ActKind::Reference(other),
    }
}

/// What one call does.
pub(crate) enum Kind {
    Embeddings {
        eps: f32,
        e: usize,
        tables: [Arc<[f32]>; 5], // word, position, token type, gamma, beta
        mapping: Option<Gemm>,
        ln: Option<Arc<crate::vector_ops::LayerNormKernel>>,
    },
    Attention {
        heads: usize,
        dh: usize,
        scale: f32,
        eps: f32,
        qkv: Gemm,
        out: Gemm,
        /// The generated per-head kernel (portable and NEON targets).
        attn: Option<Arc<albert_kernels::ops::ExternalAttention>>,
        ln: Option<Arc<crate::vector_ops::LayerNormKernel>>,
        gamma: Arc<[f32]>,
        beta: Arc<[f32]>,
    },
    FeedForward {
        up: Gemm,
        act: Option<ActKind>,
        down: Gemm,
        ln: Option<Arc<crate::vector_ops::LayerNormKernel>>,
        eps: f32,
        gamma: Arc<[f32]>,
        beta: Arc<[f32]>,
    },
    Gemm(Gemm),
    AddRows,
    AddWeight(Arc<[f32]>),
    LayerNorm {
        ln: Option<Arc<crate::vector_ops::LayerNormKernel>>,
        eps: f32,
        gamma: Arc<[f32]>,
        beta: Arc<[f32]>,
    },
    Activation(ActKind),
    Select {
        outer: usize,
        dim: usize,
        index: usize,
        inner: usize,
    },
    /// The reference interpreter on a one-instruction graph.
    Interp {
        graph: Graph,
        weights: Vec<Arc<[f32]>>,
        shapes: Vec<Vec<usize>>,
        i64_inputs: Vec<bool>,
    },
}

/// One call of the program, fully resolved for a bucket.
pub struct OpDesc {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    /// Elements of the result.
    pub(crate) out_len: usize,
    /// Elements (and whether i64) of each value operand, in order.
    pub(crate) ins: Vec<(usize, bool)>,
    /// The call's scratch in the arena, as the memory plan placed it: (byte offset, floats).
    pub(crate) scratch: (usize, usize),
    pub(crate) pool: Option<Arc<ThreadPool>>,
    /// The target's kernel family for the non-GEMM ops.
    pub(crate) isa: albert_kernels::Isa,
    pub(crate) batch: usize,
    pub(crate) seq: usize,
    /// Calls and nanoseconds spent, for `Executable::profile`.
    pub(crate) calls: std::sync::atomic::AtomicU64,
    pub(crate) nanos: std::sync::atomic::AtomicU64,
}

/// A value operand as the dispatcher hands it over.
pub(crate) enum In<'a> {
    F32(&'a [f32]),
    I64(&'a [i64]),
}

impl<'a> In<'a> {
    fn f32(&self) -> Result<&'a [f32], String> {
        match self {
            In::F32(x) => Ok(x),
            In::I64(_) => Err("expected an f32 operand".into()),
        }
    }
    fn i64(&self) -> Result<&'a [i64], String> {
        match self {
            In::I64(x) => Ok(x),
            In::F32(_) => Err("expected an i64 operand".into()),
        }
    }
}

impl OpDesc {
    /// The GEMM call sites inside this call, with their role.
    pub(crate) fn gemms(&self) -> Vec<(&'static str, &Gemm)> {
        match &self.kind {
            Kind::Embeddings { mapping: Some(m), .. } => vec![("embedding_hidden_mapping_in", m)],
            Kind::Attention { qkv, out, .. } => vec![("qkv", qkv), ("attention.dense", out)],
            Kind::FeedForward { up, down, .. } => vec![("ffn", up), ("ffn_output", down)],
            Kind::Gemm(g) => vec![("matmul", g)],
            _ => Vec::new(),
        }
    }

    /// Runs the call: `out` is the result's buffer, `ins` the value operands, `scratch` the
    /// call's planned scratch.
    pub(crate) fn run(&self, out: &mut [f32], ins: &[In], scratch: &mut [f32]) -> Result<(), String> {
        let t0 = std::time::Instant::now();
        let r = self.run_inner(out, ins, scratch);
        use std::sync::atomic::Ordering::Relaxed;
        self.calls.fetch_add(1, Relaxed);
        self.nanos.fetch_add(t0.elapsed().as_nanos() as u64, Relaxed);
        r
    }

    fn run_inner(&self, out: &mut [f32], ins: &[In], scratch: &mut [f32]) -> Result<(), String> {
        let arg = |i: usize| ins.get(i).ok_or_else(|| format!("{}: operand {i} missing", self.name));
        match &self.kind {
            Kind::Embeddings { eps, e, tables, mapping, ln } => {
                let (ids, tt) = (arg(0)?.i64()?, arg(1)?.i64()?);
                let [word, pos, typ, gamma, beta] = tables;
                let dst: &mut [f32] = if mapping.is_some() { &mut *scratch } else { &mut *out };
                let n = self.batch * self.seq * e;
                let t =
                    albert_kernels::ops::EmbeddingTables { word, pos, tok_type: typ, gamma, beta, eps: *eps };
                let (b, s) = (self.batch, self.seq);
                match ln {
                    Some(k) => {
                        let norm = |rows: &mut [f32]| k.run_in_place(rows, gamma, beta);
                        albert_kernels::ops::embeddings_with(ids, tt, &t, b, s, *e, &mut dst[..n], &norm)
                    }
                    None => {
                        albert_kernels::ops::embeddings_isa(self.isa, ids, tt, &t, b, s, *e, &mut dst[..n])
                    }
                }
                .map_err(|e| e.to_string())?;
                if let Some(m) = mapping {
                    m.run(self.isa, &scratch[..n], out, None)?;
                }
            }
            Kind::Attention { heads, dh, scale, eps, qkv, out: proj, attn, ln, gamma, beta } => {
                let (x, mask) = (arg(0)?.f32()?, arg(1)?.f32()?);
                let rows = self.batch * self.seq;
                let h = heads * dh;
                let (qkv_buf, rest) = scratch.split_at_mut(rows * 3 * h);
                let (ctx, rest) = rest.split_at_mut(rows * h);
                let (tmp, att) = rest.split_at_mut(rows * h);
                qkv.run(self.isa, x, qkv_buf, None)?;
                let shape = albert_kernels::ops::AttentionShape {
                    ld_qkv: 3 * h,
                    batch: self.batch,
                    seq: self.seq,
                    heads: *heads,
                    dh: *dh,
                    scale: *scale,
                    ld_ctx: h,
                };
                let pool = self.pool.as_deref();
                match attn {
                    Some(k) => {
                        albert_kernels::ops::attention_external(k, pool, qkv_buf, mask, &shape, ctx, att)
                    }
                    None => {
                        albert_kernels::ops::attention_isa(self.isa, pool, qkv_buf, mask, &shape, ctx, att)
                    }
                }
                .map_err(|e| e.to_string())?;
                proj.run(self.isa, ctx, tmp, Some(x))?;
                layer_norm(self.isa, ln.as_deref(), tmp, gamma, beta, *eps, out)?;
            }
            Kind::FeedForward { up, act, down, ln, eps, gamma, beta } => {
                let x = arg(0)?.f32()?;
                let inter_len = self.batch * self.seq * up.n;
                let (inter, tmp) = scratch.split_at_mut(inter_len);
                up.run(self.isa, x, inter, None)?;
                if let Some(a) = act {
                    a.apply(self.isa, inter);
                }
                down.run(self.isa, inter, &mut tmp[..x.len()], Some(x))?;
                layer_norm(self.isa, ln.as_deref(), &tmp[..x.len()], gamma, beta, *eps, out)?;
            }
            Kind::Gemm(g) => g.run(self.isa, arg(0)?.f32()?, out, None)?,
            Kind::AddRows => albert_kernels::ops::add_rows_isa(self.isa, arg(0)?.f32()?, arg(1)?.f32()?, out)
                .map_err(|e| e.to_string())?,
            Kind::AddWeight(w) => albert_kernels::ops::add_rows_isa(self.isa, arg(0)?.f32()?, w, out)
                .map_err(|e| e.to_string())?,
            Kind::LayerNorm { ln, eps, gamma, beta } => {
                layer_norm(self.isa, ln.as_deref(), arg(0)?.f32()?, gamma, beta, *eps, out)?
            }
            Kind::Activation(a) => {
                out.copy_from_slice(arg(0)?.f32()?);
                a.apply(self.isa, out);
            }
            Kind::Select { outer, dim, index, inner } => {
                let x = arg(0)?.f32()?;
                for o in 0..*outer {
                    let src = (o * dim + index) * inner;
                    out[o * inner..(o + 1) * inner].copy_from_slice(&x[src..src + inner]);
                }
            }
            Kind::Interp { graph, weights, shapes, i64_inputs } => {
                let mut tensors = Vec::with_capacity(ins.len());
                for (i, (inp, shape)) in ins.iter().zip(shapes).enumerate() {
                    let t = match (inp, i64_inputs[i]) {
                        (In::I64(x), true) => Tensor::i64(shape.clone(), x.to_vec()),
                        (In::F32(x), false) => Tensor::f32(shape.clone(), x.to_vec()),
                        _ => None,
                    }
                    .ok_or_else(|| format!("{}: operand {i} does not fit {shape:?}", self.name))?;
                    tensors.push((format!("arg{i}"), t));
                }
                let named: Vec<(&str, Tensor)> =
                    tensors.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
                let res =
                    Interpreter::with_threads(1).run(graph, weights, &named).map_err(|e| e.to_string())?;
                let r =
                    res.first().and_then(|(_, t)| t.as_f32()).ok_or("interpreter returned no f32 result")?;
                out.copy_from_slice(r);
            }
        }
        Ok(())
    }
}

/// `out = LayerNorm(x)`: the generated kernel when the target has one, else the kernel family's.
fn layer_norm(
    isa: albert_kernels::Isa,
    gen: Option<&crate::vector_ops::LayerNormKernel>,
    x: &[f32],
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
    out: &mut [f32],
) -> Result<(), String> {
    match gen {
        Some(k) => k.run(x, out, gamma, beta),
        None => albert_kernels::ops::layer_norm_isa(isa, x, None, gamma, beta, eps, out)
            .map_err(|e| e.to_string()),
    }
}

/// The one-instruction graph the interpreter fallback runs for `op`.
pub(crate) fn single_op_graph(
    op: &Op,
    value_types: &[albert_ir::Type],
    weight_types: &[albert_ir::Type],
    order: &[bool], // per operand: true = weight
) -> Result<Graph, albert_ir::IrError> {
    let mut g = Graph::new();
    let mut vals = Vec::new();
    for (i, t) in value_types.iter().enumerate() {
        vals.push(g.add_input(&format!("arg{i}"), t.clone())?);
    }
    let mut ws = Vec::new();
    for (i, t) in weight_types.iter().enumerate() {
        ws.push(g.add_weight(&format!("w{i}"), t.clone())?);
    }
    let (mut vi, mut wi) = (0, 0);
    let mut args = Vec::new();
    for &is_w in order {
        if is_w {
            args.push(albert_ir::Operand::Weight(ws[wi]));
            wi += 1;
        } else {
            args.push(albert_ir::Operand::Value(vals[vi]));
            vi += 1;
        }
    }
    let r = g.push(op.clone(), &args)?;
    g.add_output("result", r)?;
    Ok(g)
}

/// The disassembly of the GEMM tile `target` uses for an `[n, k]` weight (what
/// `compile --dump-asm` prints for a target that cannot run here): the AVX-512 full tile, or
/// the Cranelift f32x4 tile compiled for `isa` (NEON `fmla` on aarch64).
pub(crate) fn tile_listing(
    target: &albert_kernels::Target,
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    n: usize,
    k: usize,
) -> Result<String, crate::CodegenError> {
    match target.isa() {
        albert_kernels::Isa::Avx512 => {
            let spec = albert_kernels::TileSpec::full(k, k, n);
            albert_kernels::x86_64::avx512::gemm::dump(&spec)
                .map_err(|e| crate::CodegenError::Kernel(e.to_string()))
        }
        albert_kernels::Isa::Portable => {
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
