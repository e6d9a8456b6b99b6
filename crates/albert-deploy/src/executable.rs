//! A forward program ready to run for one `(batch, seq)` bucket: its code, its call
//! descriptors and its activation arena. Built by the JIT (`albert-codegen`) or loaded from
//! an artifact ([`crate::artifact`]); running it is the same either way.

use std::sync::Mutex;
use std::time::Duration;

use crate::error::DeployError;
use crate::exec::{self, ProgramEntry, RunCtx};
use crate::ops::OpDesc;

#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([u8; 64]);

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
    outputs: Vec<(String, usize, usize)>,
    clif: String,
    /// Wall time to generate (or load) kernels and the program.
    pub compile_time: Duration,
}

impl Executable {
    /// Assembles an executable from a program and its descriptors, with an arena of
    /// `arena_bytes` and the graph's `outputs` (name, arena byte offset, elements).
    pub fn new(
        entry: ProgramEntry,
        descs: Vec<OpDesc>,
        arena_bytes: usize,
        (batch, seq): (usize, usize),
        outputs: Vec<(String, usize, usize)>,
        clif: String,
    ) -> Result<Executable, DeployError> {
        for (name, off, len) in &outputs {
            if off % 4 != 0 || off + 4 * len > arena_bytes {
                return Err(DeployError::Shape(format!("output `{name}` lies outside the arena")));
            }
        }
        let descs: Vec<Box<OpDesc>> = descs.into_iter().map(Box::new).collect();
        let table = descs.iter().map(|d| &**d as *const OpDesc as usize).collect();
        Ok(Executable {
            entry,
            table,
            descs,
            arena: Mutex::new(vec![Line([0; 64]); arena_bytes.div_ceil(64)]),
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
            self.outputs.iter().map(|(n, _, len)| (n.clone(), vec![0.0; *len])).collect();
        {
            let mut bufs: Vec<&mut [f32]> = outs.iter_mut().map(|(_, v)| v.as_mut_slice()).collect();
            self.run_into(input_ids, token_type_ids, attention_mask, &mut bufs)?;
        }
        Ok(outs)
    }

    /// The graph's outputs: (name, elements), in order.
    pub fn outputs(&self) -> impl Iterator<Item = (&str, usize)> {
        self.outputs.iter().map(|(n, _, len)| (n.as_str(), *len))
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
        if outputs.len() != self.outputs.len()
            || outputs.iter().zip(&self.outputs).any(|(b, (_, _, len))| b.len() != *len)
        {
            return Err(DeployError::Shape("output buffers do not match the outputs".into()));
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
        for ((_, off, len), dst) in self.outputs.iter().zip(outputs.iter_mut()) {
            read_f32(&arena, *off, &mut dst[..*len]);
        }
        Ok(())
    }
}

/// Reads `out.len()` f32 values at byte offset `off` (4-aligned) of the arena.
fn read_f32(lines: &[Line], off: usize, out: &mut [f32]) {
    for (j, o) in out.iter_mut().enumerate() {
        let byte = off + 4 * j;
        let (l, w) = (byte / 64, byte % 64);
        let b = &lines[l].0[w..w + 4];
        *o = f32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
    }
}
