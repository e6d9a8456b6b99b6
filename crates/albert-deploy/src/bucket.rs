//! Planning one shape bucket of an optimised graph: buffer offsets (the arena is the memory
//! plan's peak), which instructions become calls, and each call's [`CallSpec`] (its kernels
//! and weights as requests). Deterministic: the JIT, the artifact writer and the artifact
//! loader plan a bucket the same way, so a program generated from one plan runs with the
//! descriptors of another.

use std::collections::{HashMap, HashSet};

use albert_ir::{Bindings, DType, Graph, Inst, Op, Operand, ValueId, WeightId};
use albert_kernels::frame::gemm::GemmPlan;
use albert_kernels::{Activation, Epilogue, Isa, Target};
use albert_opt::MemoryPlan;

use crate::error::DeployError;
use crate::exec::CTX_INPUT_OFFSETS;
use crate::kernels::{KernelReq, Precision};
use crate::ops::{ActKind, CallSpec, Gemm, Kind, Word};

/// Where a value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    /// A graph input: a pointer in the context at this byte offset.
    Input(i32),
    /// The arena at this byte offset.
    Arena(usize),
}

/// Where the program reads one graph output in the arena.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSlot {
    /// The output's name.
    pub name: String,
    /// Byte offset in the arena.
    pub offset: usize,
    /// Elements (logical, without row padding).
    pub len: usize,
    /// Elements of one row (the last dimension).
    pub width: usize,
    /// Elements between the starts of two rows (`≥ width`).
    pub stride: usize,
}

/// A graph planned for one `(batch, seq)` bucket and one target.
pub struct BucketPlan<'a> {
    /// The optimised graph.
    pub g: &'a Graph,
    /// The bucket.
    pub bind: Bindings,
    plan: MemoryPlan,
    target: Target,
    /// Constants the program inlines.
    pub consts: HashMap<ValueId, f64>,
    /// Bytes of the activation arena (the plan's peak).
    pub arena_bytes: usize,
    /// The weight layouts `pack_weights` recorded (binding: a GEMM reads only a weight
    /// recorded as packed).
    layouts: std::collections::BTreeMap<WeightId, albert_ir::WeightLayout>,
    precision: Precision,
    /// Values stored with padded rows, and their row stride in elements.
    strides: HashMap<ValueId, usize>,
}

/// The row stride activations of `width` columns that a GEMM reads are stored with: one whose
/// consecutive rows do not share an L1 set. Rows 4 KiB apart, as at H = 1024 and I = 4096,
/// put every row of a tile in one set of a 32–64 KiB 8-way L1 (on AVX-512 the frame would
/// copy A before every GEMM). The same layout on every target, so the padded path is the one
/// tested everywhere; it costs ~1.6 % more arena at H = 1024.
pub fn row_stride_for(width: usize) -> usize {
    // Rows under a cache line share lines rather than sets: nothing to spread.
    if width < 16 {
        return width;
    }
    albert_kernels::frame::gemm::preferred_lda(width)
}

/// The values whose rows the target pads (see [`row_stride_for`]): f32 values of rank ≥ 2
/// whose producer writes rows through a GEMM or a row-wise kernel (attention, feed-forward,
/// embeddings with the hidden mapping, a GEMM, a row select) or a copy (loop results and
/// parameters), and
/// whose every use reads rows the same way (the A or residual operand of attention,
/// feed-forward or a GEMM, a row select, a loop copy, a graph output). Everything else
/// (glue, reshapes, the interpreter's ops) sees contiguous values.
fn padded_rows(g: &Graph, bind: Bindings) -> HashMap<ValueId, usize> {
    fn walk(
        g: &Graph,
        bind: Bindings,
        insts: &[Inst],
        def_ok: &mut HashSet<ValueId>,
        bad_use: &mut HashSet<ValueId>,
    ) {
        for inst in insts {
            if let Some(body) = g.body(inst) {
                // The program copies operands into parameters and the yield back: copies
                // convert between row strides.
                def_ok.insert(inst.result);
                def_ok.extend(body.params.iter().copied());
                walk(g, bind, &body.insts, def_ok, bad_use);
                continue;
            }
            let vals: Vec<(usize, ValueId)> = inst
                .args
                .iter()
                .enumerate()
                .filter_map(|(i, a)| match a {
                    Operand::Value(v) => Some((i, *v)),
                    Operand::Weight(_) => None,
                })
                .collect();
            let rank = |v: ValueId| g.value_type(v).map_or(0, |t| t.shape.0.len());
            let weight_gemm = matches!(inst.op, Op::MatMul { transpose_b: true })
                && vals.len() == 1
                && matches!(inst.args.get(1), Some(Operand::Weight(_)));
            let row_select = match (&inst.op, vals.as_slice()) {
                (Op::Select { axis, .. }, [(_, v)]) => axis + 2 == rank(*v),
                _ => false,
            };
            // `x + bias` over rows, and activations: row by row.
            let row_wise = match (&inst.op, vals.as_slice(), inst.args.get(1)) {
                (Op::Activation { .. }, [_], _) => true,
                (Op::Add {}, [(0, v)], Some(Operand::Weight(w))) => {
                    let width = g.value_type(*v).and_then(|t| t.shape.resolve(bind).last().copied());
                    let wlen = g.weight_type(*w).map(|t| t.shape.resolve(bind).iter().product::<usize>());
                    width.is_some() && width == wlen
                }
                _ => false,
            };
            let defines = match &inst.op {
                Op::Attention { .. } | Op::FeedForward { .. } => true,
                Op::Embeddings { .. } => inst.args.len() == 9,
                _ => weight_gemm || row_select || row_wise,
            };
            let reads_rows = |i: usize, _: ValueId| match &inst.op {
                Op::Attention { .. } | Op::FeedForward { .. } => i == 0,
                Op::Select { .. } => row_select,
                _ => (weight_gemm || row_wise) && i == 0,
            };
            if defines {
                def_ok.insert(inst.result);
            }
            for &(i, v) in &vals {
                if !reads_rows(i, v) {
                    bad_use.insert(v);
                }
            }
        }
    }
    let (mut def_ok, mut bad_use) = (HashSet::new(), HashSet::new());
    walk(g, bind, &g.insts, &mut def_ok, &mut bad_use);
    let mut out = HashMap::new();
    for v in def_ok.difference(&bad_use) {
        let Some(t) = g.value_type(*v) else { continue };
        if t.dtype != DType::F32 || t.shape.0.len() < 2 {
            continue;
        }
        let width = t.shape.resolve(bind).last().copied().unwrap_or(0);
        let ld = row_stride_for(width);
        if width > 0 && ld > width {
            out.insert(*v, ld);
        }
    }
    out
}

/// Activations the generated GEMM applies in its epilogue.
fn in_epilogue(a: Activation) -> bool {
    matches!(a, Activation::Identity | Activation::Relu | Activation::Gelu | Activation::GeluNew)
}

/// Maps an IR activation to the kernels' enum, when they have it.
fn kernel_act(a: albert_ir::Act) -> Option<Activation> {
    use albert_ir::Act as A;
    match a {
        A::Identity => Some(Activation::Identity),
        A::Relu => Some(Activation::Relu),
        A::Gelu => Some(Activation::Gelu),
        A::GeluNew => Some(Activation::GeluNew),
        A::Tanh => Some(Activation::Tanh),
        _ => None,
    }
}

/// Floats of arena scratch the op descriptor of `inst` works in (the QKV, context and
/// projection buffers and the attention score blocks; the FFN intermediate; the embeddings
/// before the hidden mapping; the rows gathered from a word table held only packed), for
/// `threads` workers. `packed(w)`: weight `w` is held in GEMM panels.
fn scratch_floats(
    g: &Graph,
    inst: &Inst,
    bind: Bindings,
    threads: usize,
    packed: &dyn Fn(WeightId) -> bool,
) -> usize {
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
        Op::Embeddings { .. } => {
            let mapping = if inst.args.len() == 9 { rows * wdim(2, 1) } else { 0 };
            let word_packed = matches!(inst.args.get(2), Some(Operand::Weight(w)) if packed(*w));
            mapping + if word_packed { rows * wdim(2, 1) } else { 0 }
        }
        Op::Attention { .. } => {
            let h = wdim(4, 0);
            rows * (row_stride_for(3 * h) + 2 * row_stride_for(h))
                + albert_kernels::ops::attention_scratch_len(bind.seq, threads)
        }
        Op::FeedForward { .. } => rows * (row_stride_for(wdim(1, 0)) + row_stride_for(wdim(1, 1))),
        _ => 0,
    }
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

/// Per-call requests while a [`CallSpec`] is built.
#[derive(Default)]
struct Slots {
    kernels: Vec<KernelReq>,
    weights: Vec<WeightId>,
    packed: Vec<WeightId>,
}

impl Slots {
    fn kernel(&mut self, r: KernelReq) -> usize {
        self.kernels.push(r);
        self.kernels.len() - 1
    }
    fn weight(&mut self, w: WeightId) -> usize {
        if let Some(i) = self.weights.iter().position(|x| *x == w) {
            return i;
        }
        self.weights.push(w);
        self.weights.len() - 1
    }
    fn packed(&mut self, w: WeightId) -> usize {
        self.packed.push(w);
        self.packed.len() - 1
    }
}

impl<'a> BucketPlan<'a> {
    /// Plans `graph` for `batch` sequences of `seq` tokens on `target`, with attention scratch
    /// for `threads` workers.
    pub fn new(
        graph: &'a Graph,
        batch: usize,
        seq: usize,
        target: Target,
        threads: usize,
    ) -> Result<BucketPlan<'a>, DeployError> {
        graph.verify()?;
        let threads = threads.max(1);
        let layouts = albert_opt::passes::effective_layouts(graph);
        let packed = |w: WeightId| layouts.get(&w) == Some(&albert_ir::WeightLayout::BPanels32);
        let scratch =
            |g: &Graph, inst: &Inst, bind: Bindings| 4 * scratch_floats(g, inst, bind, threads, &packed);
        let strides = padded_rows(graph, Bindings { batch, seq });
        let plan = albert_opt::plan_memory_with(graph, batch, seq, &scratch, &|v| strides.get(&v).copied())
            .map_err(|e| DeployError::Unsupported(e.to_string()))?;
        if let Some((x, y)) = plan.conflict() {
            return Err(DeployError::Shape(format!("memory plan overlaps {} and {}", x.value, y.value)));
        }
        let arena_bytes = plan.peak_bytes.max(64);
        let mut consts = HashMap::new();
        collect_consts(graph, &graph.insts, &mut consts);
        Ok(BucketPlan {
            precision: Precision::Fp32,
            g: graph,
            bind: Bindings { batch, seq },
            plan,
            target,
            consts,
            arena_bytes,
            layouts,
            strides,
        })
    }

    /// Plans the loop body's GEMMs in `precision`.
    pub fn with_precision(mut self, precision: Precision) -> Self {
        self.precision = precision;
        self
    }

    /// The target planned for.
    pub fn target(&self) -> Target {
        self.target
    }

    /// The type of `v`.
    pub fn ty(&self, v: ValueId) -> Result<&albert_ir::Type, DeployError> {
        self.g.value_type(v).ok_or_else(|| DeployError::Unsupported(format!("value {v} has no type")))
    }

    /// Elements of `v` in this bucket.
    pub fn numel(&self, v: ValueId) -> Result<usize, DeployError> {
        Ok(self.ty(v)?.shape.resolve(self.bind).iter().product())
    }

    /// `v` as rows: `(rows, width, row stride)`; the stride is `width` unless the planner
    /// padded `v`'s rows.
    pub fn rows(&self, v: ValueId) -> Result<(usize, usize, usize), DeployError> {
        let shape = self.ty(v)?.shape.resolve(self.bind);
        let width = shape.last().copied().unwrap_or(1).max(1);
        let rows = shape.iter().product::<usize>() / width;
        Ok((rows, width, self.strides.get(&v).copied().unwrap_or(width)))
    }

    /// Elements `v` takes in its buffer: `numel`, or `rows · stride` when its rows are padded.
    pub fn stored_len(&self, v: ValueId) -> Result<usize, DeployError> {
        match self.strides.get(&v) {
            Some(ld) => Ok(self.rows(v)?.0 * ld),
            None => self.numel(v),
        }
    }

    /// Bytes of `v`'s buffer in this bucket (with row padding).
    pub fn bytes(&self, v: ValueId) -> Result<usize, DeployError> {
        let t = self.ty(v)?;
        Ok(self.stored_len(v)? * if t.dtype == DType::I64 { 8 } else { 4 })
    }

    /// Where `v` lives.
    pub fn loc(&self, v: ValueId) -> Result<Loc, DeployError> {
        if let Some(i) = self.g.inputs.iter().find(|i| i.value == v) {
            let off = CTX_INPUT_OFFSETS
                .iter()
                .find(|(n, _)| *n == i.name)
                .map(|(_, o)| *o)
                .ok_or_else(|| DeployError::Unsupported(format!("graph input `{}`", i.name)))?;
            return Ok(Loc::Input(off));
        }
        let b = self
            .plan
            .buffer_of(v)
            .ok_or_else(|| DeployError::Unsupported(format!("value {v} has no planned buffer")))?;
        if b.offset + self.bytes(v)? > self.arena_bytes {
            return Err(DeployError::Shape(format!("buffer of {v} lies outside the arena")));
        }
        Ok(Loc::Arena(b.offset))
    }

    fn weight(&self, a: Operand) -> Result<WeightId, DeployError> {
        match a {
            Operand::Weight(w) => Ok(w),
            Operand::Value(v) => Err(DeployError::Unsupported(format!("expected a weight, got {v}"))),
        }
    }

    /// The dimensions of weight operand `a` in this bucket.
    pub fn wdims(&self, a: Operand) -> Result<Vec<usize>, DeployError> {
        let w = self.weight(a)?;
        Ok(self.g.weight_type(w).map(|t| t.shape.resolve(self.bind)).unwrap_or_default())
    }

    /// The value operands of `inst`, in order.
    pub fn value_args(&self, inst: &Inst) -> Vec<ValueId> {
        inst.args
            .iter()
            .filter_map(|a| match a {
                Operand::Value(v) => Some(*v),
                Operand::Weight(_) => None,
            })
            .collect()
    }

    /// `true` for `x op constant` (or `constant op x`) that the program computes inline.
    pub fn is_glue_binop(&self, inst: &Inst) -> bool {
        if !matches!(inst.op, Op::Add {} | Op::Sub {} | Op::Mul {} | Op::Div {}) {
            return false;
        }
        let (Some(Operand::Value(a)), Some(Operand::Value(b))) = (inst.args.first(), inst.args.get(1)) else {
            return false;
        };
        let same = |v: &ValueId| self.ty(*v).ok() == self.ty(inst.result).ok();
        matches!((self.consts.get(a), self.consts.get(b)), (None, Some(_)) if same(a))
            || matches!((self.consts.get(a), self.consts.get(b)), (Some(_), None) if same(b))
    }

    /// `true` for an i64 → f32 cast the program computes inline.
    pub fn is_inline_cast(&self, inst: &Inst) -> bool {
        matches!(inst.op, Op::Cast { to: DType::F32 })
            && matches!(inst.args.first(), Some(Operand::Value(v)) if self.ty(*v).ok().map(|t| t.dtype) == Some(DType::I64))
    }

    fn collect_calls(&self, insts: &'a [Inst], out: &mut Vec<&'a Inst>) {
        for inst in insts {
            match &inst.op {
                Op::Loop { .. } => {
                    if let Some(body) = self.g.body(inst) {
                        self.collect_calls(&body.insts, out);
                    }
                }
                Op::Const { .. } | Op::Reshape { .. } => {}
                _ if self.is_inline_cast(inst) || self.is_glue_binop(inst) => {}
                _ => out.push(inst),
            }
        }
    }

    /// The instructions that become calls (everything but loops and inline glue), in program
    /// order.
    pub fn call_insts(&self) -> Vec<&'a Inst> {
        let mut v = Vec::new();
        self.collect_calls(&self.g.insts, &mut v);
        v
    }

    /// Every call's spec, in program order, after checking that each result fits the arena
    /// and overlaps none of its operands (the dispatcher makes `&mut` and `&` slices of them).
    pub fn calls(&self) -> Result<Vec<CallSpec>, DeployError> {
        let mut specs = Vec::new();
        for inst in self.call_insts() {
            let out = (self.loc(inst.result)?, self.bytes(inst.result)?);
            for v in self.value_args(inst) {
                let (l, n) = (self.loc(v)?, self.bytes(v)?);
                if let (Loc::Arena(o), Loc::Arena(i)) = (out.0, l) {
                    if o < i + n && i < o + out.1 {
                        return Err(DeployError::Shape(format!("{} overlaps its operand {v}", inst.result)));
                    }
                }
            }
            specs.push(self.spec(inst)?);
        }
        Ok(specs)
    }

    /// Where the graph's outputs are read.
    pub fn outputs(&self) -> Result<Vec<OutputSlot>, DeployError> {
        let mut outputs = Vec::new();
        for o in &self.g.outputs {
            if self.ty(o.value)?.dtype != DType::F32 {
                return Err(DeployError::Unsupported(format!("output `{}` is not f32", o.name)));
            }
            match self.loc(o.value)? {
                Loc::Arena(offset) => {
                    let (rows, width, stride) = self.rows(o.value)?;
                    outputs.push(OutputSlot {
                        name: o.name.clone(),
                        offset,
                        len: rows * width,
                        width,
                        stride,
                    })
                }
                Loc::Input(_) => {
                    return Err(DeployError::Unsupported(format!("output `{}` is an input", o.name)))
                }
            }
        }
        Ok(outputs)
    }

    /// A GEMM call site; `layer`: one of the loop body's four (the ones `--precision bf16`
    /// runs in bf16); the row strides of A, C and the residual (`None`: contiguous).
    #[expect(
        clippy::too_many_arguments,
        reason = "the call site's operands, epilogue and the three row strides"
    )]
    fn gemm(
        &self,
        s: &mut Slots,
        m: usize,
        w: Operand,
        bias: Option<Operand>,
        ep: Epilogue,
        layer: bool,
        (lda, ldc, ldr): (Option<usize>, Option<usize>, Option<usize>),
    ) -> Result<Gemm, DeployError> {
        let wid = self.weight(w)?;
        if self.layouts.get(&wid) != Some(&albert_ir::WeightLayout::BPanels32) {
            return Err(DeployError::Unsupported(format!(
                "GEMM weight {wid} is not recorded as b_panels_32 by pack_weights (recorded: {:?})",
                self.layouts.get(&wid)
            )));
        }
        let (n, k) = match self.wdims(w)?.as_slice() {
            [n, k] => (*n, *k),
            d => return Err(DeployError::Shape(format!("GEMM weight {wid} has shape {d:?}"))),
        };
        let plan = GemmPlan::new(m, n, k, ep)
            .with_strides(lda.unwrap_or(k), ldc.unwrap_or(n), ldr.unwrap_or(n))
            .with_isa(self.target.isa());
        let bias = bias.map(|b| self.weight(b)).transpose()?.map(|b| s.weight(b));
        if layer && self.precision == Precision::Bf16 {
            let kernel = s.kernel(KernelReq::GemmBf16 { plan, weight: wid.0 });
            return Ok(Gemm { kernel, w: None, n, bias, post: None });
        }
        Ok(Gemm { kernel: s.kernel(KernelReq::Gemm(plan)), w: Some(s.packed(wid)), n, bias, post: None })
    }

    /// The generated LayerNorm on targets whose ops are generated with Cranelift (portable and
    /// NEON); `None` where the kernel family has its own.
    fn ln_kernel(&self, s: &mut Slots, width: usize, eps: f64) -> Option<usize> {
        (self.target.isa() == Isa::Portable)
            .then(|| s.kernel(KernelReq::LayerNorm { width, eps: eps as f32 }))
    }

    fn act_kind(&self, s: &mut Slots, a: albert_ir::Act) -> ActKind {
        match kernel_act(a) {
            Some(k) if self.target.isa() == Isa::Portable => {
                ActKind::Generated(s.kernel(KernelReq::Activation(k)))
            }
            Some(k) => ActKind::Kernel(k),
            None => ActKind::Reference(a),
        }
    }

    /// The call spec for `inst`.
    fn spec(&self, inst: &Inst) -> Result<CallSpec, DeployError> {
        let (b, s) = (self.bind.batch, self.bind.seq);
        let vals = self.value_args(inst);
        let ins = vals
            .iter()
            .map(|v| Ok((self.stored_len(*v)?, self.ty(*v)?.dtype == DType::I64)))
            .collect::<Result<Vec<_>, DeployError>>()?;
        let out_len = self.stored_len(inst.result)?;
        let a = &inst.args;
        let mut sl = Slots::default();
        let kind = match &inst.op {
            Op::Embeddings { eps } => {
                let e = self.wdims(a[2])?[1];
                let mapping = if a.len() == 9 {
                    let ldc = Some(self.rows(inst.result)?.2);
                    Some(self.gemm(
                        &mut sl,
                        b * s,
                        a[7],
                        Some(a[8]),
                        Epilogue::BIAS,
                        false,
                        (None, ldc, None),
                    )?)
                } else {
                    None
                };
                // A word table tied to the MLM decoder is held once, packed for the decoder's
                // GEMM: the batch's rows are gathered from its panels.
                let wid = self.weight(a[2])?;
                let word = if self.layouts.get(&wid) == Some(&albert_ir::WeightLayout::BPanels32) {
                    Word::Packed(sl.packed(wid))
                } else {
                    Word::Rows(sl.weight(wid))
                };
                let mut tables = [0; 4];
                for (t, op) in tables.iter_mut().zip(&a[3..7]) {
                    *t = sl.weight(self.weight(*op)?);
                }
                Kind::Embeddings {
                    eps: *eps as f32,
                    e,
                    word,
                    tables,
                    mapping,
                    ln: self.ln_kernel(&mut sl, e, *eps),
                }
            }
            Op::Attention { heads, scale, eps } => {
                let h = self.wdims(a[4])?[0];
                let rows = b * s;
                let dh = h / heads.max(&1);
                let ld_x = self.rows(vals[0])?.2;
                // Every scratch buffer a GEMM writes has rows that do not alias in L1 either:
                // the epilogue and the next phase read them back row by row.
                let (ld_qkv, ld_ctx, ld_tmp) = (row_stride_for(3 * h), row_stride_for(h), row_stride_for(h));
                let qkv = self.gemm(
                    &mut sl,
                    rows,
                    a[2],
                    Some(a[3]),
                    Epilogue::BIAS,
                    true,
                    (Some(ld_x), Some(ld_qkv), None),
                )?;
                let strides = (Some(ld_ctx), Some(ld_tmp), Some(ld_x));
                let out =
                    self.gemm(&mut sl, rows, a[4], Some(a[5]), Epilogue::BIAS_RESIDUAL, true, strides)?;
                let attn = (self.target.isa() == Isa::Portable && *heads > 0 && dh > 0).then(|| {
                    let shape = albert_kernels::ops::AttentionShape {
                        ld_qkv,
                        batch: b,
                        seq: s,
                        heads: *heads,
                        dh,
                        scale: *scale as f32,
                        ld_ctx,
                    };
                    sl.kernel(KernelReq::Attention(shape))
                });
                let ln = self.ln_kernel(&mut sl, h, *eps);
                Kind::Attention {
                    heads: *heads,
                    dh,
                    // `--precision bf16` (only on the AVX-512 target): QKᵀ and P·V on
                    // `vdpbf16ps` (or AMX) as well as the four GEMMs, where that pays on this
                    // CPU (not `vdpbf16ps` where it runs at half the FMA rate: Intel with AMX).
                    bf16: self.precision == Precision::Bf16
                        && self.target.isa() == Isa::Avx512
                        && albert_kernels::ops::bf16_attention_pays(
                            &albert_kernels::CpuFeatures::detect(),
                            dh,
                        ),
                    ld_qkv,
                    ld_ctx,
                    ld_tmp,
                    ld_out: self.rows(inst.result)?.2,
                    scale: *scale as f32,
                    eps: *eps as f32,
                    qkv,
                    out,
                    attn,
                    ln,
                    gamma: sl.weight(self.weight(a[6])?),
                    beta: sl.weight(self.weight(a[7])?),
                }
            }
            Op::FeedForward { act, eps } => {
                let rows = b * s;
                let (ep, post) = match self.act_kind(&mut sl, *act) {
                    ActKind::Kernel(k) if in_epilogue(k) => (Epilogue::bias_act(k), None),
                    other => (Epilogue::BIAS, Some(other)),
                };
                let ld_x = self.rows(vals[0])?.2;
                let ld_inter = row_stride_for(self.wdims(a[1])?[0]);
                let up =
                    self.gemm(&mut sl, rows, a[1], Some(a[2]), ep, true, (Some(ld_x), Some(ld_inter), None))?;
                let ld_tmp = row_stride_for(self.wdims(a[3])?[0]);
                let strides = (Some(ld_inter), Some(ld_tmp), Some(ld_x));
                let down =
                    self.gemm(&mut sl, rows, a[3], Some(a[4]), Epilogue::BIAS_RESIDUAL, true, strides)?;
                let ln = self.ln_kernel(&mut sl, self.wdims(a[5])?.first().copied().unwrap_or(0), *eps);
                Kind::FeedForward {
                    up,
                    ld_inter,
                    ld_tmp,
                    ld_out: self.rows(inst.result)?.2,
                    act: post,
                    down,
                    ln,
                    eps: *eps as f32,
                    gamma: sl.weight(self.weight(a[5])?),
                    beta: sl.weight(self.weight(a[6])?),
                }
            }
            Op::MatMul { transpose_b: true } if matches!(a[1], Operand::Weight(_)) && vals.len() == 1 => {
                let (m, _, lda) = self.rows(vals[0])?;
                let ldc = self.rows(inst.result)?.2;
                Kind::Gemm(self.gemm(
                    &mut sl,
                    m,
                    a[1],
                    None,
                    Epilogue::NONE,
                    false,
                    (Some(lda), Some(ldc), None),
                )?)
            }
            Op::Add {}
                if vals.len() == 1
                    && matches!(a[1], Operand::Weight(_))
                    && matches!(a[0], Operand::Value(_)) =>
            {
                let w = self.weight(a[1])?;
                let wlen: usize = self.wdims(a[1])?.iter().product();
                let width = self.ty(vals[0])?.shape.resolve(self.bind).last().copied().unwrap_or(1);
                if wlen == width {
                    Kind::AddWeight {
                        w: sl.weight(w),
                        width,
                        stride: self.rows(vals[0])?.2,
                        out_stride: self.rows(inst.result)?.2,
                    }
                } else {
                    self.interp(&mut sl, inst)?
                }
            }
            Op::Add {} if vals.len() == 2 && (ins[1].0 == ins[0].0) && !ins[0].1 && !ins[1].1 => {
                Kind::AddRows
            }
            Op::LayerNorm { eps } if vals.len() == 1 => {
                let width: usize = self.wdims(a[1])?.iter().product();
                Kind::LayerNorm {
                    ln: self.ln_kernel(&mut sl, width, *eps),
                    eps: *eps as f32,
                    gamma: sl.weight(self.weight(a[1])?),
                    beta: sl.weight(self.weight(a[2])?),
                }
            }
            Op::Activation { kind } if vals.len() == 1 => {
                let (_, width, stride) = self.rows(vals[0])?;
                Kind::Activation {
                    act: self.act_kind(&mut sl, *kind),
                    width,
                    stride,
                    out_stride: self.rows(inst.result)?.2,
                }
            }
            Op::Select { axis, index } if vals.len() == 1 => {
                let shape = self.ty(vals[0])?.shape.resolve(self.bind);
                if *index >= shape[*axis] {
                    return Err(DeployError::Shape(format!("select index {index} ≥ {}", shape[*axis])));
                }
                let inner: usize = shape[axis + 1..].iter().product();
                Kind::Select {
                    outer: shape[..*axis].iter().product(),
                    dim: shape[*axis],
                    index: *index,
                    inner,
                    // Padded values are selected by rows (`padded_rows`): `inner` is one row.
                    stride: if self.strides.contains_key(&vals[0]) { self.rows(vals[0])?.2 } else { inner },
                    out_stride: if self.strides.contains_key(&inst.result) {
                        self.rows(inst.result)?.2
                    } else {
                        inner
                    },
                }
            }
            _ => self.interp(&mut sl, inst)?,
        };
        if ins.len() > 2 {
            return Err(DeployError::Unsupported(format!(
                "`{}` with {} value operands",
                inst.op.name(),
                ins.len()
            )));
        }
        let scratch = match self.plan.scratch_of(inst.result) {
            Some(buf) if buf.offset + buf.bytes <= self.arena_bytes && buf.offset % 4 == 0 => {
                (buf.offset, buf.bytes / 4)
            }
            Some(_) => {
                return Err(DeployError::Shape(format!("scratch of {} lies outside the arena", inst.result)))
            }
            None => (0, 0),
        };
        Ok(CallSpec {
            name: inst.op.name(),
            kind,
            out_len,
            ins,
            scratch,
            kernels: sl.kernels,
            weights: sl.weights,
            packed: sl.packed,
            isa: self.target.isa(),
            batch: b,
            seq: s,
        })
    }

    /// The interpreter fallback for an op without a dedicated kernel.
    fn interp(&self, sl: &mut Slots, inst: &Inst) -> Result<Kind, DeployError> {
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
                    let t = self.g.weight_type(*w).ok_or_else(|| DeployError::Unsupported(format!("{w}")))?;
                    wtys.push(t.clone());
                    weights.push(sl.weight(*w));
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
            return Err(DeployError::Unsupported(format!("`{}` producing non-f32 values", inst.op.name())));
        }
        Ok(Kind::Interp { graph, weights, shapes, i64_inputs: i64s })
    }
}

/// The one-instruction graph the interpreter fallback runs for `op`.
pub fn single_op_graph(
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
