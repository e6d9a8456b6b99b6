//! The kernels a program calls besides its own code, as requests (what to generate or load)
//! and as runnable objects.
//!
//! Planning a bucket ([`crate::BucketPlan`]) turns every call into requests; a
//! [`KernelSource`] turns each request into a [`Kernel`]: the JIT generates it
//! (`albert-codegen`), an artifact maps the code generated at compile time
//! ([`crate::artifact`]). The same requests, in the same order, either way.

use std::sync::Arc;

use albert_kernels::frame::gemm::{GemmKernel, GemmPlan};
use albert_kernels::ops::{AttentionShape, ExternalAttention};
use albert_kernels::Activation;

use crate::error::DeployError;
use crate::exec::{ActivationFn, LayerNormFn};

/// One kernel a call needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KernelReq {
    /// A GEMM over the target's tiles.
    Gemm(GemmPlan),
    /// A generated LayerNorm for rows of `width` (portable and NEON targets).
    LayerNorm {
        /// Row length.
        width: usize,
        /// Epsilon.
        eps: f32,
    },
    /// A generated per-head attention kernel (portable and NEON targets).
    Attention(AttentionShape),
    /// A generated in-place activation (portable and NEON targets).
    Activation(Activation),
    /// A GEMM in bf16 (`--precision bf16`): weight `weight` of the graph stored once in bf16,
    /// activations rounded to bf16 at the input, fp32 accumulation and epilogue. Generated
    /// per CPU (`vdpbf16ps` tiles, AMX where present); the kernel owns its packed weight.
    GemmBf16 {
        /// The call site.
        plan: GemmPlan,
        /// The weight (index in the graph's weights).
        weight: u32,
    },
}

/// The arithmetic of the encoder layer's GEMMs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Precision {
    /// fp32 everywhere.
    #[default]
    Fp32,
    /// bf16 weights and GEMM inputs with fp32 accumulation in the loop body's four GEMMs
    /// (QKV, attention output, FFN up and down); LayerNorm, softmax, residuals, GELU,
    /// embeddings and heads stay fp32.
    Bf16,
}

impl Precision {
    /// Parses `fp32` or `bf16`.
    pub fn parse(s: &str) -> Result<Precision, String> {
        match s {
            "fp32" | "f32" => Ok(Precision::Fp32),
            "bf16" => Ok(Precision::Bf16),
            other => Err(format!("unknown precision `{other}` (expected fp32 or bf16)")),
        }
    }
}

/// A GEMM that owns its weight (the bf16 path): `c = a · Wᵀ (+ bias, act, residual)`.
pub trait OwnedGemm: Send + Sync {
    /// Runs it; `a` is f32 `[m, k]`, `c` f32 `[m, n]`.
    fn run(
        &self,
        a: &[f32],
        c: &mut [f32],
        bias: Option<&[f32]>,
        residual: Option<&[f32]>,
    ) -> Result<(), String>;
}

impl KernelReq {
    /// A stable text key (an artifact checks that it loads the kernel it was asked for).
    pub fn key(&self) -> String {
        format!("{self:?}")
    }
}

/// A runnable kernel.
#[expect(clippy::large_enum_variant, reason = "a few per call, built once per bucket")]
pub enum Kernel {
    /// A GEMM frame with its tiles.
    Gemm(GemmKernel),
    /// A generated LayerNorm.
    LayerNorm(LayerNormKernel),
    /// A generated attention head.
    Attention(ExternalAttention),
    /// A generated activation.
    Activation(ActivationKernel),
    /// A GEMM owning its (bf16) weight.
    Owned(Box<dyn OwnedGemm>),
}

/// Makes runnable kernels for requests, in request order.
pub trait KernelSource {
    /// The kernel for `req`.
    fn kernel(&mut self, req: &KernelReq) -> Result<Kernel, DeployError>;
}

/// A generated LayerNorm over rows of one width (clones share the code).
#[derive(Clone)]
pub struct LayerNormKernel {
    pub(crate) entry: LayerNormFn,
    pub(crate) width: usize,
    pub(crate) _keepalive: Arc<dyn std::any::Any + Send + Sync>,
}

/// A generated in-place activation (clones share the code).
#[derive(Clone)]
pub struct ActivationKernel {
    pub(crate) entry: ActivationFn,
    pub(crate) _keepalive: Arc<dyn std::any::Any + Send + Sync>,
}

impl LayerNormKernel {
    fn check(&self, len: usize, gamma: &[f32], beta: &[f32]) -> Result<usize, String> {
        if gamma.len() != self.width || beta.len() != self.width || !len.is_multiple_of(self.width) {
            return Err(format!(
                "layer_norm: {len} floats, gamma {} and beta {} for width {}",
                gamma.len(),
                beta.len(),
                self.width
            ));
        }
        Ok(len / self.width)
    }

    /// `out = LayerNorm(x)` row by row.
    pub fn run(&self, x: &[f32], out: &mut [f32], gamma: &[f32], beta: &[f32]) -> Result<(), String> {
        let rows = self.check(x.len(), gamma, beta)?;
        if out.len() != x.len() {
            return Err(format!("layer_norm: out has {} floats, x {}", out.len(), x.len()));
        }
        crate::exec::call_layer_norm(self.entry, x.as_ptr(), out.as_mut_ptr(), gamma, beta, rows);
        Ok(())
    }

    /// `x = LayerNorm(x)` row by row.
    pub fn run_in_place(&self, x: &mut [f32], gamma: &[f32], beta: &[f32]) -> Result<(), String> {
        let rows = self.check(x.len(), gamma, beta)?;
        let p = x.as_mut_ptr();
        crate::exec::call_layer_norm(self.entry, p.cast_const(), p, gamma, beta, rows);
        Ok(())
    }
}

impl ActivationKernel {
    /// `x = act(x)`.
    pub fn run(&self, x: &mut [f32]) {
        crate::exec::call_activation(self.entry, x);
    }
}
