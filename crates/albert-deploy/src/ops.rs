//! What each call in the generated program does: one [`OpDesc`] per call site, planned for
//! one shape bucket (every length, weight and kernel resolved), and the safe Rust that runs
//! it on slices of the activation arena.
//!
//! Kernel = tile, frame = everything else (STYLE.md): the GEMMs are the target's generated
//! tiles in `albert-kernels`' frame; attention, LayerNorm, activations and embeddings are
//! generated kernels or the kernel family's ops; any op without a dedicated kernel runs
//! through the reference interpreter on a one-op graph (correct, slow, and never on
//! albert-large-v2's hot path).
//!
//! A [`CallSpec`] names its kernels and weights by slot; [`OpDesc::instantiate`] fills the
//! slots from a [`KernelSource`] and a [`WeightSource`].

use std::sync::Arc;

use albert_ir::{Graph, WeightId};
use albert_kernels::{Activation, PackedB, ThreadPool};
use albert_reference::{Interpreter, Tensor};

use crate::error::DeployError;
use crate::floats::Floats;
use crate::kernels::{ActivationKernel, Kernel, KernelReq, KernelSource, LayerNormKernel};

/// Where a call's weights come from.
pub trait WeightSource {
    /// Weight `w` of `graph`, row-major as declared.
    fn floats(&self, graph: &Graph, w: WeightId) -> Result<Floats, DeployError>;
    /// Weight `w` (`[n, k]`) packed for the GEMM frame.
    fn packed(&self, graph: &Graph, w: WeightId) -> Result<Arc<PackedB>, DeployError>;
}

/// A GEMM call site: kernel slot, packed weight slot, bias slot, and the activation the
/// kernel does not apply itself.
#[derive(Clone, Debug)]
pub(crate) struct Gemm {
    pub kernel: usize,
    /// The packed fp32 weight (`None` for a kernel owning its weight).
    pub w: Option<usize>,
    /// Output columns.
    pub n: usize,
    pub bias: Option<usize>,
    pub post: Option<ActKind>,
}

/// How an activation runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ActKind {
    /// A generated kernel (slot).
    Generated(usize),
    /// One the kernel family implements.
    Kernel(Activation),
    /// Any other: the reference formula, element by element.
    Reference(albert_ir::Act),
}

/// Where the word embeddings are read from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Word {
    /// A row-major table (weight slot).
    Rows(usize),
    /// The GEMM panels of the tied MLM decoder (packed slot): rows are gathered from them.
    Packed(usize),
}

/// What one call does; kernels and weights by slot.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Embeddings {
        eps: f32,
        e: usize,
        word: Word,
        tables: [usize; 4], // position, token type, gamma, beta
        mapping: Option<Gemm>,
        ln: Option<usize>,
    },
    Attention {
        heads: usize,
        dh: usize,
        /// QKᵀ and P·V in bf16 (`ops::attention_bf16`).
        bf16: bool,
        /// Row stride of the QKV projection (the attention core's input) in the scratch.
        ld_qkv: usize,
        /// Row stride of the context (the output projection's A) in the scratch.
        ld_ctx: usize,
        /// Row stride of the output projection (the LayerNorm's input) in the scratch.
        ld_tmp: usize,
        /// Row stride of the result.
        ld_out: usize,
        scale: f32,
        eps: f32,
        qkv: Gemm,
        out: Gemm,
        attn: Option<usize>,
        ln: Option<usize>,
        gamma: usize,
        beta: usize,
    },
    FeedForward {
        up: Gemm,
        /// Row stride of the intermediate (the down projection's A) in the scratch.
        ld_inter: usize,
        /// Row stride of the down projection (the LayerNorm's input) in the scratch.
        ld_tmp: usize,
        /// Row stride of the result.
        ld_out: usize,
        act: Option<ActKind>,
        down: Gemm,
        ln: Option<usize>,
        eps: f32,
        gamma: usize,
        beta: usize,
    },
    Gemm(Gemm),
    AddRows,
    /// `x + w` for a weight of one row; row strides of `x` and the result.
    AddWeight {
        w: usize,
        width: usize,
        stride: usize,
        out_stride: usize,
    },
    LayerNorm {
        ln: Option<usize>,
        eps: f32,
        gamma: usize,
        beta: usize,
    },
    /// An activation; row strides of the operand and the result.
    Activation {
        act: ActKind,
        width: usize,
        stride: usize,
        out_stride: usize,
    },
    Select {
        outer: usize,
        dim: usize,
        index: usize,
        inner: usize,
        /// Elements between consecutive `index` positions of the input (`inner` unless the
        /// input's rows are padded).
        stride: usize,
        /// Elements between the result's rows (`inner` unless they are padded).
        out_stride: usize,
    },
    /// The reference interpreter on a one-instruction graph.
    Interp {
        graph: Graph,
        weights: Vec<usize>,
        shapes: Vec<Vec<usize>>,
        i64_inputs: Vec<bool>,
    },
}

/// One call of a bucket's program as planned: what it computes and which kernels and
/// weights it needs, before any of them exists.
#[derive(Clone, Debug)]
pub struct CallSpec {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    /// Elements of the result.
    pub(crate) out_len: usize,
    /// Elements (and whether i64) of each value operand, in order.
    pub(crate) ins: Vec<(usize, bool)>,
    /// The call's scratch in the arena: (byte offset, floats).
    pub(crate) scratch: (usize, usize),
    /// The kernels, by slot.
    pub kernels: Vec<KernelReq>,
    /// Row-major weights, by slot.
    pub weights: Vec<WeightId>,
    /// Packed weights, by slot.
    pub packed: Vec<WeightId>,
    pub(crate) isa: albert_kernels::Isa,
    pub(crate) batch: usize,
    pub(crate) seq: usize,
}

impl CallSpec {
    /// The op's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// One call of the program, every slot filled.
pub struct OpDesc {
    pub(crate) name: &'static str,
    kind: Kind,
    pub(crate) out_len: usize,
    pub(crate) ins: Vec<(usize, bool)>,
    pub(crate) scratch: (usize, usize),
    kernels: Vec<Kernel>,
    reqs: Vec<KernelReq>,
    weights: Vec<Floats>,
    packed: Vec<Arc<PackedB>>,
    pool: Option<Arc<ThreadPool>>,
    isa: albert_kernels::Isa,
    batch: usize,
    seq: usize,
    /// Calls and nanoseconds spent, for `Executable::profile`.
    pub(crate) calls: std::sync::atomic::AtomicU64,
    pub(crate) nanos: std::sync::atomic::AtomicU64,
    /// Nanoseconds per phase of a fused call ([`OpDesc::phases`]), for `Executable::profile`.
    pub(crate) phase_nanos: [std::sync::atomic::AtomicU64; PHASES],
}

/// Phases a fused call is timed in (attention: QKV, core, output projection, LayerNorm;
/// feed-forward: up, activation, down, LayerNorm).
pub const PHASES: usize = 4;

/// One phase of a call: its name and the FLOPs of one call (matmuls only, multiply-add = 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Phase {
    /// `qkv`, `attention`, `out_proj`, `layer_norm`, `ffn_up`, `activation` or `ffn_down`.
    pub name: &'static str,
    /// FLOPs of one call of this phase.
    pub flops: u64,
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
    /// Fills `spec`'s slots: kernels from `kernels` (in slot order), weights from `weights`.
    pub fn instantiate(
        spec: &CallSpec,
        graph: &Graph,
        kernels: &mut dyn KernelSource,
        weights: &dyn WeightSource,
        pool: Option<Arc<ThreadPool>>,
    ) -> Result<OpDesc, DeployError> {
        let mut ks = Vec::with_capacity(spec.kernels.len());
        for req in &spec.kernels {
            let mut k = kernels.kernel(req)?;
            if let (Kernel::Gemm(g), Some(p)) = (&mut k, &pool) {
                g.set_pool(p.clone());
            }
            ks.push(k);
        }
        Ok(OpDesc {
            name: spec.name,
            kind: spec.kind.clone(),
            out_len: spec.out_len,
            ins: spec.ins.clone(),
            scratch: spec.scratch,
            kernels: ks,
            reqs: spec.kernels.clone(),
            weights: spec.weights.iter().map(|&w| weights.floats(graph, w)).collect::<Result<_, _>>()?,
            packed: spec.packed.iter().map(|&w| weights.packed(graph, w)).collect::<Result<_, _>>()?,
            pool,
            isa: spec.isa,
            batch: spec.batch,
            seq: spec.seq,
            calls: Default::default(),
            nanos: Default::default(),
            phase_nanos: Default::default(),
        })
    }

    /// The op's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The kernels this call runs, as requested.
    pub fn kernel_requests(&self) -> &[KernelReq] {
        &self.reqs
    }

    /// FLOPs of one call of the GEMM `g` (0 if its slot holds no GEMM request).
    fn gemm_flops(&self, g: &Gemm) -> u64 {
        match self.reqs.get(g.kernel) {
            Some(KernelReq::Gemm(p) | KernelReq::GemmBf16 { plan: p, .. }) => p.flops(),
            _ => 0,
        }
    }

    /// The phases this call is timed in (empty for calls timed only as a whole): at most
    /// [`PHASES`], in execution order.
    pub fn phases(&self) -> Vec<Phase> {
        let ph = |name, flops| Phase { name, flops };
        match &self.kind {
            Kind::Attention { heads, dh, qkv, out, .. } => {
                let (rows, h) = ((self.batch * self.seq) as u64, (heads * dh) as u64);
                // QKᵀ and P·V: 2 · 2 · seq · H multiply-adds per token.
                let core = 4 * rows * self.seq as u64 * h;
                vec![
                    ph("qkv", self.gemm_flops(qkv)),
                    ph("attention", core),
                    ph("out_proj", self.gemm_flops(out)),
                    ph("layer_norm", 0),
                ]
            }
            Kind::FeedForward { up, down, .. } => vec![
                ph("ffn_up", self.gemm_flops(up)),
                ph("activation", 0),
                ph("ffn_down", self.gemm_flops(down)),
                ph("layer_norm", 0),
            ],
            _ => Vec::new(),
        }
    }

    /// FLOPs of one call (matmuls only).
    pub fn flops(&self) -> u64 {
        match &self.kind {
            Kind::Attention { .. } | Kind::FeedForward { .. } => self.phases().iter().map(|p| p.flops).sum(),
            Kind::Embeddings { mapping: Some(m), .. } => self.gemm_flops(m),
            Kind::Gemm(g) => self.gemm_flops(g),
            _ => 0,
        }
    }

    /// Runs `f` as phase `i` of this call (its time is added to the phase's total).
    fn timed<T>(&self, i: usize, f: impl FnOnce() -> T) -> T {
        let t0 = std::time::Instant::now();
        let r = f();
        self.phase_nanos[i].fetch_add(t0.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
        r
    }

    fn ln(&self, slot: Option<usize>) -> Result<Option<&LayerNormKernel>, String> {
        match slot.map(|s| self.kernels.get(s)) {
            None => Ok(None),
            Some(Some(Kernel::LayerNorm(k))) => Ok(Some(k)),
            Some(_) => Err(format!("{}: kernel slot is not a LayerNorm", self.name)),
        }
    }

    fn act_kernel(&self, slot: usize) -> Result<&ActivationKernel, String> {
        match self.kernels.get(slot) {
            Some(Kernel::Activation(k)) => Ok(k),
            _ => Err(format!("{}: kernel {slot} is not an activation", self.name)),
        }
    }

    fn w(&self, slot: usize) -> Result<&[f32], String> {
        self.weights.get(slot).map(|f| f.as_slice()).ok_or_else(|| format!("{}: no weight {slot}", self.name))
    }

    fn apply(&self, a: &ActKind, x: &mut [f32]) -> Result<(), String> {
        match a {
            ActKind::Generated(slot) => self.act_kernel(*slot)?.run(x),
            ActKind::Kernel(a) => albert_kernels::ops::activation_inplace_isa(self.isa, *a, x),
            ActKind::Reference(a) => {
                x.iter_mut().for_each(|v| *v = albert_reference::kernels::activation(*a, *v))
            }
        }
        Ok(())
    }

    /// `c = post(a · Wᵀ + bias (+ act in the kernel)) + residual`.
    fn gemm(&self, g: &Gemm, a: &[f32], c: &mut [f32], residual: Option<&[f32]>) -> Result<(), String> {
        let bias = g.bias.map(|b| self.w(b)).transpose()?;
        match (self.kernels.get(g.kernel), g.w) {
            (Some(Kernel::Gemm(kernel)), Some(w)) => {
                let w = self.packed.get(w).ok_or_else(|| format!("{}: no packed weight {w}", self.name))?;
                kernel.run(a, w, c, bias, residual).map_err(|e| e.to_string())?;
            }
            (Some(Kernel::Owned(kernel)), None) => kernel.run(a, c, bias, residual)?,
            _ => return Err(format!("{}: kernel {} is not a GEMM", self.name, g.kernel)),
        }
        if let Some(p) = &g.post {
            self.apply(p, c)?;
        }
        Ok(())
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
            Kind::Embeddings { eps, e, word, tables, mapping, ln } => {
                let (mut ids, tt) = (arg(0)?.i64()?, arg(1)?.i64()?);
                let [pos, typ, gamma, beta] =
                    [self.w(tables[0])?, self.w(tables[1])?, self.w(tables[2])?, self.w(tables[3])?];
                let rows = self.batch * self.seq;
                let n = rows * e;
                let (scratch, gathered) = scratch.split_at_mut(if mapping.is_some() { n } else { 0 });
                let local_ids: Vec<i64>;
                let word: &[f32] = match word {
                    Word::Rows(slot) => self.w(*slot)?,
                    Word::Packed(slot) => {
                        let p = self.packed.get(*slot).ok_or("missing packed word table")?;
                        let rows_out = gathered.get_mut(..n).ok_or("embedding scratch too small")?;
                        gather_packed_rows(p, ids, *e, rows_out)?;
                        // The batch's rows, in order: row r of the gathered table is token r.
                        local_ids = (0..rows as i64).collect();
                        ids = &local_ids;
                        &gathered[..n]
                    }
                };
                let dst: &mut [f32] = if mapping.is_some() { &mut *scratch } else { &mut *out };
                let t =
                    albert_kernels::ops::EmbeddingTables { word, pos, tok_type: typ, gamma, beta, eps: *eps };
                let (b, s) = (self.batch, self.seq);
                match self.ln(*ln)? {
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
                    self.gemm(m, &scratch[..n], out, None)?;
                }
            }
            Kind::Attention {
                heads,
                dh,
                bf16,
                ld_qkv,
                ld_ctx,
                ld_tmp,
                ld_out,
                scale,
                eps,
                qkv,
                out: proj,
                attn,
                ln,
                gamma,
                beta,
            } => {
                let (x, mask) = (arg(0)?.f32()?, arg(1)?.f32()?);
                let rows = self.batch * self.seq;
                let h = heads * dh;
                let (qkv_buf, rest) = split(scratch, rows * ld_qkv)?;
                let (ctx, rest) = split(rest, rows * ld_ctx)?;
                let (tmp, att) = split(rest, rows * ld_tmp)?;
                self.timed(0, || self.gemm(qkv, x, qkv_buf, None))?;
                let shape = albert_kernels::ops::AttentionShape {
                    ld_qkv: *ld_qkv,
                    batch: self.batch,
                    seq: self.seq,
                    heads: *heads,
                    dh: *dh,
                    scale: *scale,
                    ld_ctx: *ld_ctx,
                };
                let pool = self.pool.as_deref();
                self.timed(1, || match attn.map(|s| self.kernels.get(s)) {
                    None if *bf16 => {
                        albert_kernels::ops::attention_bf16(pool, qkv_buf, mask, &shape, ctx, att)
                            .map_err(|e| e.to_string())
                    }
                    Some(Some(Kernel::Attention(k))) => {
                        albert_kernels::ops::attention_external(k, pool, qkv_buf, mask, &shape, ctx, att)
                            .map_err(|e| e.to_string())
                    }
                    Some(_) => Err(format!("{}: kernel slot is not attention", self.name)),
                    None => {
                        albert_kernels::ops::attention_isa(self.isa, pool, qkv_buf, mask, &shape, ctx, att)
                            .map_err(|e| e.to_string())
                    }
                })?;
                self.timed(2, || self.gemm(proj, ctx, tmp, Some(x)))?;
                self.timed(3, || {
                    self.layer_norm_rows(*ln, (tmp, *ld_tmp), h, *gamma, *beta, *eps, out, *ld_out)
                })?;
            }
            Kind::FeedForward { up, ld_inter, ld_tmp, ld_out, act, down, ln, eps, gamma, beta } => {
                let x = arg(0)?.f32()?;
                let rows = self.batch * self.seq;
                let h = down.n;
                let (inter, tmp) = split(scratch, rows * ld_inter)?;
                self.timed(0, || self.gemm(up, x, inter, None))?;
                if let Some(a) = act {
                    self.timed(1, || self.apply(a, inter))?;
                }
                let tmp = tmp.get_mut(..rows * ld_tmp).ok_or("feed_forward: scratch too small")?;
                self.timed(2, || self.gemm(down, inter, tmp, Some(x)))?;
                self.timed(3, || {
                    self.layer_norm_rows(*ln, (tmp, *ld_tmp), h, *gamma, *beta, *eps, out, *ld_out)
                })?;
            }
            Kind::Gemm(g) => self.gemm(g, arg(0)?.f32()?, out, None)?,
            Kind::AddRows => albert_kernels::ops::add_rows_isa(self.isa, arg(0)?.f32()?, arg(1)?.f32()?, out)
                .map_err(|e| e.to_string())?,
            Kind::AddWeight { w, width, stride, out_stride } => {
                let (x, w) = (arg(0)?.f32()?, self.w(*w)?);
                if stride == width && out_stride == width {
                    albert_kernels::ops::add_rows_isa(self.isa, x, w, out).map_err(|e| e.to_string())?
                } else {
                    for (src, dst) in x.chunks(*stride).zip(out.chunks_mut(*out_stride)) {
                        let (src, dst) = (rows_prefix(src, *width)?, rows_prefix_mut(dst, *width)?);
                        albert_kernels::ops::add_rows_isa(self.isa, src, w, dst).map_err(|e| e.to_string())?
                    }
                }
            }
            Kind::LayerNorm { ln, eps, gamma, beta } => {
                self.layer_norm(*ln, arg(0)?.f32()?, *gamma, *beta, *eps, out)?
            }
            Kind::Activation { act, width, stride, out_stride } => {
                let x = arg(0)?.f32()?;
                if stride == width && out_stride == width {
                    out.copy_from_slice(x);
                    self.apply(act, out)?;
                } else {
                    for (src, dst) in x.chunks(*stride).zip(out.chunks_mut(*out_stride)) {
                        let dst = rows_prefix_mut(dst, *width)?;
                        dst.copy_from_slice(rows_prefix(src, *width)?);
                        self.apply(act, dst)?;
                    }
                }
            }
            Kind::Select { outer, dim, index, inner, stride, out_stride } => {
                let x = arg(0)?.f32()?;
                for o in 0..*outer {
                    let src = (o * dim + index) * stride;
                    out[o * out_stride..o * out_stride + inner].copy_from_slice(&x[src..src + inner]);
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
                let ws: Vec<Arc<[f32]>> = weights
                    .iter()
                    .map(|&w| self.weights.get(w).map(Floats::to_arc).ok_or("missing weight"))
                    .collect::<Result<_, _>>()?;
                let res = Interpreter::with_threads(1).run(graph, &ws, &named).map_err(|e| e.to_string())?;
                let r =
                    res.first().and_then(|(_, t)| t.as_f32()).ok_or("interpreter returned no f32 result")?;
                out.copy_from_slice(r);
            }
        }
        Ok(())
    }

    /// [`OpDesc::layer_norm`] of rows of `width` `x.1` apart into rows `ld_out` apart, the rows
    /// split over the pool's threads (each row is normalised alone, by the same code, so the
    /// result does not depend on the split). On the Intel Xeon with AMX the two LayerNorms were
    /// 4.5 % of the bf16 forward at seq 128 on one of two threads.
    #[expect(clippy::too_many_arguments, reason = "the LayerNorm's operands and both layouts")]
    fn layer_norm_rows(
        &self,
        ln: Option<usize>,
        (x, ld_x): (&[f32], usize),
        width: usize,
        gamma: usize,
        beta: usize,
        eps: f32,
        out: &mut [f32],
        ld_out: usize,
    ) -> Result<(), String> {
        // One block of rows on the calling thread.
        let block = |x: &[f32], out: &mut [f32]| -> Result<(), String> {
            if ld_out == width && ld_x == width {
                return self.layer_norm(ln, x, gamma, beta, eps, out);
            }
            for (row, dst) in x.chunks(ld_x).zip(out.chunks_mut(ld_out)) {
                let row = row.get(..width).ok_or_else(|| format!("{}: input too small", self.name))?;
                let dst = dst.get_mut(..width).ok_or_else(|| format!("{}: result too small", self.name))?;
                self.layer_norm(ln, row, gamma, beta, eps, dst)?;
            }
            Ok(())
        };
        let rows = self.batch * self.seq;
        let threads = self.pool.as_ref().map_or(1, |p| p.threads()).min(rows / MIN_LN_ROWS_PER_THREAD).max(1);
        let Some(pool) = self.pool.as_deref().filter(|_| threads > 1) else {
            return block(x, out);
        };
        // Disjoint row ranges of the result, one per thread.
        let mut parts = Vec::with_capacity(threads);
        let mut rest = out;
        for t in 0..threads {
            let (r0, r1) = (rows * t / threads, rows * (t + 1) / threads);
            let take = if t + 1 == threads { rest.len() } else { ((r1 - r0) * ld_out).min(rest.len()) };
            let (mine, tail) = std::mem::take(&mut rest).split_at_mut(take);
            rest = tail;
            let xs = x.get(r0 * ld_x..).unwrap_or(&[]);
            let xs = &xs[..((r1 - r0) * ld_x).min(xs.len())];
            parts.push(std::sync::Mutex::new((xs, mine)));
        }
        let first_error = std::sync::Mutex::new(None);
        pool.run(&|t, _| {
            let Some(part) = parts.get(t) else { return };
            let mut part = part.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let (xs, os) = &mut *part;
            if let Err(e) = block(xs, os) {
                first_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_or_insert(e);
            }
        })
        .map_err(|e| format!("{}: {e}", self.name))?;
        match first_error.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// `out = LayerNorm(x)`: the generated kernel when the target has one, else the kernel
    /// family's.
    fn layer_norm(
        &self,
        ln: Option<usize>,
        x: &[f32],
        gamma: usize,
        beta: usize,
        eps: f32,
        out: &mut [f32],
    ) -> Result<(), String> {
        let (gamma, beta) = (self.w(gamma)?, self.w(beta)?);
        match self.ln(ln)? {
            Some(k) => k.run(x, out, gamma, beta),
            None => albert_kernels::ops::layer_norm_isa(self.isa, x, None, gamma, beta, eps, out)
                .map_err(|e| e.to_string()),
        }
    }
}

/// The first `width` elements of a padded row.
fn rows_prefix(row: &[f32], width: usize) -> Result<&[f32], String> {
    row.get(..width).ok_or_else(|| format!("a row of {} elements is shorter than {width}", row.len()))
}

/// [`rows_prefix`], mutable.
fn rows_prefix_mut(row: &mut [f32], width: usize) -> Result<&mut [f32], String> {
    let n = row.len();
    row.get_mut(..width).ok_or_else(|| format!("a row of {n} elements is shorter than {width}"))
}

/// `out[r] = W[ids[r]]` for a `[vocab, e]` weight held in GEMM panels (`W[j, k]` at
/// `panel(j / 32)[k · 32 + j % 32]`). Ids outside the vocabulary are an error.
fn gather_packed_rows(p: &PackedB, ids: &[i64], e: usize, out: &mut [f32]) -> Result<(), String> {
    const W: usize = albert_kernels::frame::pack::PANEL_WIDTH;
    let (vocab, k) = (p.n(), p.k());
    if k != e || out.len() != ids.len() * e {
        return Err(format!("embeddings: packed word table [{vocab}, {k}] for width {e}"));
    }
    let data = p.data();
    for (row, &id) in out.chunks_exact_mut(e).zip(ids) {
        let j = usize::try_from(id)
            .ok()
            .filter(|&j| j < vocab)
            .ok_or_else(|| format!("embeddings: input id {id} is outside the vocabulary (0..{vocab})"))?;
        let panel = &data[(j / W) * k * W..];
        for (kk, o) in row.iter_mut().enumerate() {
            *o = panel[kk * W + j % W];
        }
    }
    Ok(())
}

/// Rows below which a LayerNorm stays on one thread (waking the pool costs more).
const MIN_LN_ROWS_PER_THREAD: usize = 16;

/// `buf.split_at_mut(n)`, an error (not a panic) when the planned scratch is shorter.
fn split(buf: &mut [f32], n: usize) -> Result<(&mut [f32], &mut [f32]), String> {
    if buf.len() < n {
        return Err(format!("scratch of {} floats, {n} needed", buf.len()));
    }
    Ok(buf.split_at_mut(n))
}
