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

use std::sync::{Arc, Mutex};

use albert_ir::{Graph, Op};
use albert_kernels::frame::gemm::GemmKernel;
use albert_kernels::{Activation, PackedB, ThreadPool};
use albert_reference::{Interpreter, Tensor};

/// A GEMM call site: the generated kernel and its packed weight.
pub(crate) struct Gemm {
    pub kernel: GemmKernel,
    pub w: Arc<PackedB>,
    pub bias: Option<Arc<[f32]>>,
}

impl Gemm {
    fn run(&self, a: &[f32], c: &mut [f32], residual: Option<&[f32]>) -> Result<(), String> {
        self.kernel.run(a, &self.w, c, self.bias.as_deref(), residual).map_err(|e| e.to_string())
    }
}

/// An activation the generated kernels may not have: applied by the frame.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ActKind {
    /// One the kernels implement.
    Kernel(Activation),
    /// Any other: the reference formula, element by element.
    Reference(albert_ir::Act),
}

impl ActKind {
    pub fn apply(self, x: &mut [f32]) {
        match self {
            ActKind::Kernel(a) => albert_kernels::ops::activation_inplace(a, x),
            ActKind::Reference(a) => {
                x.iter_mut().for_each(|v| *v = albert_reference::kernels::activation(a, *v))
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
    },
    Attention {
        heads: usize,
        dh: usize,
        scale: f32,
        eps: f32,
        qkv: Gemm,
        out: Gemm,
        gamma: Arc<[f32]>,
        beta: Arc<[f32]>,
    },
    FeedForward {
        up: Gemm,
        act: Option<ActKind>,
        down: Gemm,
        eps: f32,
        gamma: Arc<[f32]>,
        beta: Arc<[f32]>,
    },
    Gemm(Gemm),
    AddRows,
    AddWeight(Arc<[f32]>),
    LayerNorm {
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
    /// Per-call scratch, sized at compile time.
    pub(crate) scratch: Mutex<Vec<f32>>,
    pub(crate) pool: Option<Arc<ThreadPool>>,
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

    /// Runs the call: `out` is the result's buffer, `ins` the value operands.
    pub(crate) fn run(&self, out: &mut [f32], ins: &[In]) -> Result<(), String> {
        let t0 = std::time::Instant::now();
        let r = self.run_inner(out, ins);
        use std::sync::atomic::Ordering::Relaxed;
        self.calls.fetch_add(1, Relaxed);
        self.nanos.fetch_add(t0.elapsed().as_nanos() as u64, Relaxed);
        r
    }

    fn run_inner(&self, out: &mut [f32], ins: &[In]) -> Result<(), String> {
        let arg = |i: usize| ins.get(i).ok_or_else(|| format!("{}: operand {i} missing", self.name));
        let mut scratch = self.scratch.lock().unwrap_or_else(|e| e.into_inner());
        match &self.kind {
            Kind::Embeddings { eps, e, tables, mapping } => {
                let (ids, tt) = (arg(0)?.i64()?, arg(1)?.i64()?);
                let [word, pos, typ, gamma, beta] = tables;
                let dst: &mut [f32] = if mapping.is_some() { &mut scratch[..] } else { &mut *out };
                let n = self.batch * self.seq * e;
                albert_kernels::ops::embeddings(
                    ids,
                    tt,
                    word,
                    pos,
                    typ,
                    gamma,
                    beta,
                    *eps,
                    self.batch,
                    self.seq,
                    *e,
                    &mut dst[..n],
                )
                .map_err(|e| e.to_string())?;
                if let Some(m) = mapping {
                    m.run(&scratch[..n], out, None)?;
                }
            }
            Kind::Attention { heads, dh, scale, eps, qkv, out: proj, gamma, beta } => {
                let (x, mask) = (arg(0)?.f32()?, arg(1)?.f32()?);
                let rows = self.batch * self.seq;
                let h = heads * dh;
                let (qkv_buf, rest) = scratch.split_at_mut(rows * 3 * h);
                let (ctx, rest) = rest.split_at_mut(rows * h);
                let (tmp, att) = rest.split_at_mut(rows * h);
                qkv.run(x, qkv_buf, None)?;
                albert_kernels::ops::attention(
                    self.pool.as_deref(),
                    qkv_buf,
                    3 * h,
                    mask,
                    self.batch,
                    self.seq,
                    *heads,
                    *dh,
                    *scale,
                    ctx,
                    h,
                    att,
                )
                .map_err(|e| e.to_string())?;
                proj.run(ctx, tmp, Some(x))?;
                albert_kernels::ops::layer_norm(tmp, None, gamma, beta, *eps, out)
                    .map_err(|e| e.to_string())?;
            }
            Kind::FeedForward { up, act, down, eps, gamma, beta } => {
                let x = arg(0)?.f32()?;
                let inter_len = self.batch * self.seq * up.kernel.plan().n;
                let (inter, tmp) = scratch.split_at_mut(inter_len);
                up.run(x, inter, None)?;
                if let Some(a) = act {
                    a.apply(inter);
                }
                down.run(inter, &mut tmp[..x.len()], Some(x))?;
                albert_kernels::ops::layer_norm(&tmp[..x.len()], None, gamma, beta, *eps, out)
                    .map_err(|e| e.to_string())?;
            }
            Kind::Gemm(g) => g.run(arg(0)?.f32()?, out, None)?,
            Kind::AddRows => albert_kernels::ops::add_rows(arg(0)?.f32()?, arg(1)?.f32()?, out)
                .map_err(|e| e.to_string())?,
            Kind::AddWeight(w) => {
                albert_kernels::ops::add_rows(arg(0)?.f32()?, w, out).map_err(|e| e.to_string())?
            }
            Kind::LayerNorm { eps, gamma, beta } => {
                albert_kernels::ops::layer_norm(arg(0)?.f32()?, None, gamma, beta, *eps, out)
                    .map_err(|e| e.to_string())?
            }
            Kind::Activation(a) => {
                out.copy_from_slice(arg(0)?.f32()?);
                a.apply(out);
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
