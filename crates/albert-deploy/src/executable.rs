//! A forward program ready to run for one `(batch, seq)` bucket: its code, its call
//! descriptors and its activation arena. Built by the JIT (`albert-codegen`) or loaded from
//! an artifact ([`crate::artifact`]); running it is the same either way.

use std::sync::Mutex;
use std::time::Duration;

use crate::bucket::OutputSlot;
use crate::error::DeployError;
use crate::exec::{self, Line, ProgramEntry, RunCtx};
use crate::ops::OpDesc;

/// One output of a run, read in place from the arena (see [`Executable::run_with`]).
pub struct OutputView<'a> {
    /// The output's name.
    pub name: &'a str,
    data: &'a [f32],
    width: usize,
    stride: usize,
}

impl<'a> OutputView<'a> {
    /// Elements (without row padding).
    pub fn len(&self) -> usize {
        self.rows() * self.width
    }

    /// Whether the output has no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn rows(&self) -> usize {
        (self.data.len() + self.stride - self.width) / self.stride
    }

    /// The values as one slice, borrowed from the arena when its rows are contiguous.
    pub fn contiguous(&self) -> std::borrow::Cow<'a, [f32]> {
        if self.stride == self.width {
            return std::borrow::Cow::Borrowed(self.data);
        }
        let mut v = Vec::with_capacity(self.len());
        for row in self.data.chunks(self.stride) {
            v.extend_from_slice(&row[..self.width]);
        }
        std::borrow::Cow::Owned(v)
    }

    /// Copies the values into `out` (exactly [`OutputView::len`] elements).
    fn copy_to(&self, out: &mut [f32]) {
        for (row, dst) in self.data.chunks(self.stride).zip(out.chunks_exact_mut(self.width)) {
            dst.copy_from_slice(&row[..self.width]);
        }
    }
}

/// Where one call site's time went since compilation (see [`Executable::profile_calls`]).
#[derive(Clone, Debug)]
pub struct CallProfile {
    /// The op.
    pub name: &'static str,
    /// Calls (the loop body's count every trip).
    pub calls: u64,
    /// Seconds over all calls.
    pub seconds: f64,
    /// FLOPs of one call (matmuls only).
    pub flops: u64,
    /// The fused call's phases with their seconds over all calls (empty for other calls).
    pub phases: Vec<(crate::ops::Phase, f64)>,
}

/// A compiled forward pass for one `(batch, seq)` bucket.
pub struct Executable {
    entry: ProgramEntry,
    /// The descriptor table the program reads through its context (`ctx.descs[i]`): the
    /// addresses of `descs`' boxes.
    table: Vec<usize>,
    #[expect(clippy::vec_box, reason = "the table points into the boxes: they must not move")]
    descs: Vec<Box<OpDesc>>,
    arena: Mutex<Vec<Line>>,
    batch: usize,
    seq: usize,
    outputs: Vec<OutputSlot>,
    clif: String,
    /// Wall time to generate (or load) kernels and the program.
    pub compile_time: Duration,
}

impl Executable {
    /// Assembles an executable from a program and its descriptors, with an arena of
    /// `arena_bytes` and the graph's `outputs`.
    pub fn new(
        entry: ProgramEntry,
        descs: Vec<OpDesc>,
        arena_bytes: usize,
        (batch, seq): (usize, usize),
        outputs: Vec<OutputSlot>,
        clif: String,
    ) -> Result<Executable, DeployError> {
        for o in &outputs {
            let rows = o.len / o.width.max(1);
            let end = rows.saturating_sub(1) * o.stride + o.width.min(o.len);
            if o.offset % 4 != 0
                || o.width == 0
                || o.len % o.width != 0
                || o.stride < o.width
                || o.offset + 4 * end > arena_bytes
            {
                return Err(DeployError::Shape(format!("output `{}` lies outside the arena", o.name)));
            }
        }
        let descs: Vec<Box<OpDesc>> = descs.into_iter().map(Box::new).collect();
        let table = descs.iter().map(|d| &**d as *const OpDesc as usize).collect();
        Ok(Executable {
            entry,
            table,
            descs,
            arena: Mutex::new(vec![Line([0.0; 16]); arena_bytes.div_ceil(64)]),
            batch,
            seq,
            outputs,
            clif,
            compile_time: Duration::ZERO,
        })
    }

    /// The bucket this executable was compiled for.
    pub fn bucket(&self) -> (usize, usize) {
        (self.batch, self.seq)
    }

    /// The program's Cranelift IR (what `--dump-clif` prints; empty when loaded).
    pub fn clif(&self) -> &str {
        &self.clif
    }

    /// The calls, in program order.
    pub fn descs(&self) -> impl Iterator<Item = &OpDesc> {
        self.descs.iter().map(|d| &**d)
    }

    /// Time spent per call site since compilation: `(op, calls, seconds)`,
    /// in program order (the loop body's calls count every trip).
    pub fn profile(&self) -> Vec<(&'static str, u64, f64)> {
        use std::sync::atomic::Ordering::Relaxed;
        self.descs
            .iter()
            .map(|d| (d.name, d.calls.load(Relaxed), d.nanos.load(Relaxed) as f64 * 1e-9))
            .collect()
    }

    /// [`Executable::profile`] with each fused call's phases and FLOPs, for a per-op
    /// breakdown of where the time goes (`albert-jit bench --profile`).
    pub fn profile_calls(&self) -> Vec<CallProfile> {
        use std::sync::atomic::Ordering::Relaxed;
        self.descs
            .iter()
            .map(|d| CallProfile {
                name: d.name,
                calls: d.calls.load(Relaxed),
                seconds: d.nanos.load(Relaxed) as f64 * 1e-9,
                flops: d.flops(),
                phases: d
                    .phases()
                    .into_iter()
                    .zip(&d.phase_nanos)
                    .map(|(p, ns)| (p, ns.load(Relaxed) as f64 * 1e-9))
                    .collect(),
            })
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
    ) -> Result<Vec<(String, Vec<f32>)>, DeployError> {
        let mut outs: Vec<(String, Vec<f32>)> =
            self.outputs.iter().map(|o| (o.name.clone(), vec![0.0; o.len])).collect();
        {
            let mut bufs: Vec<&mut [f32]> = outs.iter_mut().map(|(_, v)| v.as_mut_slice()).collect();
            self.run_into(input_ids, token_type_ids, attention_mask, &mut bufs)?;
        }
        Ok(outs)
    }

    /// The graph's outputs: (name, elements), in order.
    pub fn outputs(&self) -> impl Iterator<Item = (&str, usize)> {
        self.outputs.iter().map(|o| (o.name.as_str(), o.len))
    }

    /// Runs the forward pass and copies each output into the caller's buffer (in
    /// [`Executable::outputs`] order; each must have exactly the output's length).
    pub fn run_into(
        &self,
        input_ids: &[i64],
        token_type_ids: &[i64],
        attention_mask: &[i64],
        outputs: &mut [&mut [f32]],
    ) -> Result<(), DeployError> {
        if outputs.len() != self.outputs.len()
            || outputs.iter().zip(&self.outputs).any(|(b, o)| b.len() != o.len)
        {
            return Err(DeployError::Shape("output buffers do not match the outputs".into()));
        }
        self.run_with(input_ids, token_type_ids, attention_mask, |views| {
            for (v, dst) in views.iter().zip(outputs.iter_mut()) {
                v.copy_to(dst);
            }
        })
    }

    /// Runs the forward pass and hands `f` the outputs in place, in [`Executable::outputs`]
    /// order, while the arena is still locked: nothing is copied (a caller writing the
    /// outputs to a file needs no second copy of them).
    pub fn run_with<R>(
        &self,
        input_ids: &[i64],
        token_type_ids: &[i64],
        attention_mask: &[i64],
        f: impl FnOnce(&[OutputView<'_>]) -> R,
    ) -> Result<R, DeployError> {
        let n = self.batch * self.seq;
        for (name, x) in
            [("input_ids", input_ids), ("token_type_ids", token_type_ids), ("attention_mask", attention_mask)]
        {
            if x.len() != n {
                return Err(DeployError::Shape(format!(
                    "{name} has {} elements, this executable takes {} × {}",
                    x.len(),
                    self.batch,
                    self.seq
                )));
            }
        }
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
        let status = self.entry.call(&mut ctx);
        if status != 0 {
            let msg = error.lock().unwrap_or_else(|e| e.into_inner()).take();
            return Err(DeployError::Exec(
                msg.unwrap_or_else(|| format!("program failed with status {status}")),
            ));
        }
        let floats: &[f32] = bytemuck::cast_slice(arena.as_slice());
        let views: Vec<OutputView<'_>> = self
            .outputs
            .iter()
            .map(|o| {
                let rows = o.len / o.width;
                let start = o.offset / 4;
                let end = start + rows.saturating_sub(1) * o.stride + if rows > 0 { o.width } else { 0 };
                // `Executable::new` checked every output against the arena.
                OutputView { name: &o.name, data: &floats[start..end], width: o.width, stride: o.stride }
            })
            .collect();
        Ok(f(&views))
    }
}
