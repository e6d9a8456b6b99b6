//! `plan_memory`: one arena for every activation of a shape bucket.
//!
//! For a bucket `(batch, seq)` every value gets a byte range of one arena,
//! and two values share bytes only if they are never live at once. The
//! program is laid out in text order; a loop occupies its header position,
//! its body once (every trip reuses the same buffers — that is the point of
//! the loop), and an end position where its result is defined. The loop's
//! parameters and operands live for the whole loop, the yield until the end
//! (it is copied to the carried parameter between trips). Fused ops also
//! get their scratch (attention: the packed QKV, scores and context;
//! feed_forward: the intermediate; embeddings with the mapping: the
//! E-wide LayerNorm output), live only while the op runs.
//!
//! Placement is greedy, largest first, at the lowest offset that clears
//! every placed buffer whose lifetime intersects (the usual first-fit
//! heuristic of TVM's and XLA's static planners). Inputs are the caller's
//! and weights are not activations: neither is planned.

use serde::Serialize;

use albert_ir::{Bindings, Dim, Graph, Inst, Op, Operand, ValueId};

use crate::OptError;

/// Byte alignment of every buffer (one cache line; AVX-512 loads).
pub const ALIGN: usize = 64;

/// What a buffer holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BufferKind {
    /// The value itself.
    Value,
    /// Scratch space of the fused op that defines the value.
    Scratch,
}

/// One planned buffer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Buffer {
    /// The value (for scratch: the fused op's result).
    #[serde(serialize_with = "ser_value")]
    pub value: ValueId,
    /// Value or scratch.
    pub kind: BufferKind,
    /// Offset in the arena.
    pub offset: usize,
    /// Size in bytes.
    pub bytes: usize,
    /// First program position at which it is live.
    pub start: usize,
    /// Last program position at which it is live (inclusive).
    pub end: usize,
    /// Row stride in elements when the value's rows are padded (see [`RowStrideFn`]);
    /// `None`: stored contiguously.
    pub row_stride: Option<usize>,
}

fn ser_value<S: serde::Serializer>(v: &ValueId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string())
}

impl Buffer {
    /// Whether two buffers are live at some common position.
    pub fn live_together(&self, other: &Buffer) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Whether two buffers share any byte.
    pub fn overlaps(&self, other: &Buffer) -> bool {
        self.offset < other.offset + other.bytes && other.offset < self.offset + self.bytes
    }
}

/// The plan for one shape bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemoryPlan {
    /// Batch size planned for.
    pub batch: usize,
    /// Sequence length planned for.
    pub seq: usize,
    /// Every buffer.
    pub buffers: Vec<Buffer>,
    /// Arena size: the peak of live activation bytes as placed.
    pub peak_bytes: usize,
    /// What the buffers would take without reuse.
    pub total_bytes: usize,
}

impl MemoryPlan {
    /// The first pair of buffers that are live together and share bytes.
    pub fn conflict(&self) -> Option<(&Buffer, &Buffer)> {
        for (i, a) in self.buffers.iter().enumerate() {
            for b in &self.buffers[i + 1..] {
                if a.bytes > 0 && b.bytes > 0 && a.live_together(b) && a.overlaps(b) {
                    return Some((a, b));
                }
            }
        }
        None
    }

    /// The scratch buffer of the instruction that defines `value`.
    pub fn scratch_of(&self, value: ValueId) -> Option<&Buffer> {
        self.buffers.iter().find(|b| b.value == value && b.kind == BufferKind::Scratch)
    }

    /// The buffer of `value` (not its scratch).
    pub fn buffer_of(&self, value: ValueId) -> Option<&Buffer> {
        self.buffers.iter().find(|b| b.value == value && b.kind == BufferKind::Value)
    }
}

/// Bytes of scratch an instruction needs besides its operands and result, as the target's
/// kernels define it (see [`plan_memory_with`]).
pub type ScratchFn<'a> = dyn Fn(&Graph, &Inst, Bindings) -> usize + 'a;

/// The row stride (in elements, larger than the last dimension) the target stores a value
/// with, or `None` for contiguous rows. The code generator pads the rows of activations that
/// feed GEMMs so that consecutive rows do not fall into the same L1 set (4 KiB aliasing).
pub type RowStrideFn<'a> = dyn Fn(ValueId) -> Option<usize> + 'a;

struct Walk<'g> {
    g: &'g Graph,
    bind: Bindings,
    scratch_fn: &'g ScratchFn<'g>,
    pos: usize,
    def: Vec<Option<usize>>,
    last: Vec<usize>,
    scratch: Vec<(ValueId, usize, usize)>,
}

impl Walk<'_> {
    fn use_at(&mut self, a: &Operand, at: usize) {
        if let Operand::Value(v) = a {
            let l = &mut self.last[v.0 as usize];
            *l = (*l).max(at);
        }
    }

    fn block(&mut self, insts: &[Inst]) {
        for inst in insts {
            match self.g.body(inst) {
                Some(body) => {
                    let start = self.pos;
                    self.pos += 1;
                    for p in &body.params {
                        self.def[p.0 as usize] = Some(start);
                    }
                    self.block(&body.insts);
                    let end = self.pos;
                    self.pos += 1;
                    for p in &body.params {
                        self.last[p.0 as usize] = self.last[p.0 as usize].max(end);
                    }
                    self.use_at(&Operand::Value(body.yields), end);
                    for a in &inst.args {
                        self.use_at(a, end);
                    }
                    self.def[inst.result.0 as usize] = Some(end);
                }
                None => {
                    let at = self.pos;
                    self.pos += 1;
                    for a in &inst.args {
                        self.use_at(a, at);
                    }
                    self.def[inst.result.0 as usize] = Some(at);
                    let s = (self.scratch_fn)(self.g, inst, self.bind);
                    if s > 0 {
                        self.scratch.push((inst.result, s, at));
                    }
                }
            }
        }
    }
}

fn numel(g: &Graph, a: Operand, bind: Bindings) -> usize {
    g.operand_type(a).map(|t| t.shape.resolve(bind).iter().product()).unwrap_or(0)
}

fn fixed(d: Option<Dim>, bind: Bindings) -> usize {
    d.map(|d| d.resolve(bind)).unwrap_or(0)
}

/// Scratch bytes a fused op needs besides its operands and result: a target-independent
/// estimate (what `inspect --stats` reports); code generation plans with its kernels' own
/// figures through [`plan_memory_with`].
pub fn scratch_bytes(g: &Graph, inst: &Inst, bind: Bindings) -> usize {
    let x = inst.args.first().map(|a| numel(g, *a, bind)).unwrap_or(0);
    let f = 4; // f32
    match inst.op {
        Op::Attention { heads, .. } => {
            let (b, s) = g
                .operand_type(inst.args[0])
                .map(|t| (fixed(t.shape.0.first().copied(), bind), fixed(t.shape.0.get(1).copied(), bind)))
                .unwrap_or((0, 0));
            // packed qkv (3x), scores (b·heads·s·s), context (1x)
            f * (4 * x + b * heads * s * s)
        }
        Op::FeedForward { .. } => {
            let i =
                g.operand_type(inst.args[2]).map(|t| fixed(t.shape.0.first().copied(), bind)).unwrap_or(0);
            let h = g.operand_type(inst.args[0]).map(|t| fixed(t.shape.last(), bind)).unwrap_or(1).max(1);
            f * (x / h) * i
        }
        Op::Embeddings { .. } if inst.args.len() == 9 => {
            let e =
                g.operand_type(inst.args[5]).map(|t| fixed(t.shape.0.first().copied(), bind)).unwrap_or(0);
            f * x * e
        }
        _ => 0,
    }
}

/// Plans the activations of `g` for `batch` sequences of `seq` tokens.
pub fn plan_memory(g: &Graph, batch: usize, seq: usize) -> Result<MemoryPlan, OptError> {
    plan_memory_with(g, batch, seq, &scratch_bytes, &|_| None)
}

/// [`plan_memory`] with the scratch each instruction needs given by `scratch` (the code
/// generator's kernels): scratch buffers are placed in the arena like values, live only at
/// their instruction, so the arena is the whole working set and nothing is allocated per call.
/// Values for which `row_stride` gives a stride take `rows · stride` elements.
pub fn plan_memory_with(
    g: &Graph,
    batch: usize,
    seq: usize,
    scratch: &ScratchFn<'_>,
    row_stride: &RowStrideFn<'_>,
) -> Result<MemoryPlan, OptError> {
    g.verify()?;
    let bind = Bindings { batch, seq };
    let n = g.num_values();
    let mut w = Walk {
        g,
        bind,
        scratch_fn: scratch,
        pos: 1,
        def: vec![None; n],
        last: vec![0; n],
        scratch: Vec::new(),
    };
    w.block(&g.insts);
    let end = w.pos;
    for o in &g.outputs {
        w.last[o.value.0 as usize] = end;
    }
    let inputs: Vec<ValueId> = g.inputs.iter().map(|i| i.value).collect();
    let mut buffers = Vec::new();
    for v in 0..n {
        let value = ValueId(v as u32);
        let Some(start) = w.def[v] else { continue };
        if inputs.contains(&value) {
            continue;
        }
        let ty =
            g.value_type(value).ok_or(albert_ir::IrError::UndefinedValue { value, at: "plan".into() })?;
        let elem = match ty.dtype {
            albert_ir::DType::F32 => 4,
            albert_ir::DType::I64 => 8,
        };
        let shape = ty.shape.resolve(bind);
        let numel = shape.iter().product::<usize>();
        let width = shape.last().copied().unwrap_or(1);
        let stride = row_stride(value).filter(|&ld| ld > width && width > 0);
        let bytes = elem * stride.map_or(numel, |ld| numel / width * ld);
        buffers.push(Buffer {
            value,
            kind: BufferKind::Value,
            offset: 0,
            bytes,
            start,
            end: w.last[v].max(start),
            row_stride: stride,
        });
    }
    for (value, bytes, at) in w.scratch {
        buffers.push(Buffer {
            value,
            kind: BufferKind::Scratch,
            offset: 0,
            bytes,
            start: at,
            end: at,
            row_stride: None,
        });
    }
    let total_bytes = buffers.iter().map(|b| b.bytes.next_multiple_of(ALIGN)).sum();
    // Largest first; ties by start so the plan is deterministic.
    let mut order: Vec<usize> = (0..buffers.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(buffers[i].bytes), buffers[i].start, i));
    let mut placed: Vec<usize> = Vec::new();
    let mut peak = 0;
    for i in order {
        let mut busy: Vec<(usize, usize)> = placed
            .iter()
            .filter(|&&j| buffers[j].live_together(&buffers[i]))
            .map(|&j| (buffers[j].offset, buffers[j].offset + buffers[j].bytes))
            .collect();
        busy.sort_unstable();
        let mut off = 0;
        for (s, e) in busy {
            if off + buffers[i].bytes <= s {
                break;
            }
            off = off.max(e.next_multiple_of(ALIGN));
        }
        buffers[i].offset = off;
        peak = peak.max(off + buffers[i].bytes);
        placed.push(i);
    }
    Ok(MemoryPlan { batch, seq, buffers, peak_bytes: peak, total_bytes })
}
