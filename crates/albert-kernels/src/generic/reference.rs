//! Naive reference kernels: GEMM with epilogues, LayerNorm rows, softmax rows.

use crate::frame::{Activation, Epilogue};

/// Operands of a reference GEMM `C = act(A·Wᵀ + bias) + residual`, with explicit row strides.
///
/// `w` is the HF weight in `[N, K]` layout (row stride `ldw`), so `C[i, j] = Σ_k A[i,k]·W[j,k]`.
#[derive(Debug, Clone, Copy)]
pub struct GemmRef<'a> {
    /// Rows of A and C.
    pub m: usize,
    /// Columns of C (rows of W).
    pub n: usize,
    /// Reduction length.
    pub k: usize,
    /// A, `[M, K]` with row stride `lda`.
    pub a: &'a [f32],
    /// Row stride of A in elements.
    pub lda: usize,
    /// W, `[N, K]` with row stride `ldw`.
    pub w: &'a [f32],
    /// Row stride of W in elements.
    pub ldw: usize,
    /// Bias of length N, when the epilogue has one.
    pub bias: Option<&'a [f32]>,
    /// Activation after the bias.
    pub activation: Activation,
    /// Residual `[M, N]` with row stride `ldr`, when the epilogue has one.
    pub residual: Option<(&'a [f32], usize)>,
}

impl GemmRef<'_> {
    /// The epilogue these operands describe.
    pub fn epilogue(&self) -> Epilogue {
        Epilogue { bias: self.bias.is_some(), activation: self.activation, residual: self.residual.is_some() }
    }
}

/// Activation in f64 (reference precision).
pub fn activation_f64(act: Activation, x: f64) -> f64 {
    match act {
        Activation::Identity => x,
        Activation::Relu => x.max(0.0),
        Activation::Gelu => 0.5 * x * (1.0 + libm::erf(x / std::f64::consts::SQRT_2)),
        Activation::GeluNew => {
            let c = (2.0 / std::f64::consts::PI).sqrt();
            0.5 * x * (1.0 + (c * (x + 0.044715 * x * x * x)).tanh())
        }
        Activation::Tanh => x.tanh(),
        Activation::Silu => x / (1.0 + (-x).exp()),
    }
}

/// Reference GEMM into `c` (`[M, N]`, row stride `ldc`), f64 accumulation.
///
/// # Panics
/// When a slice is too short for the shape (it is a test oracle, not a library path).
pub fn gemm_ref(g: &GemmRef<'_>, c: &mut [f32], ldc: usize) {
    for i in 0..g.m {
        for j in 0..g.n {
            let mut acc = 0.0f64;
            for p in 0..g.k {
                acc += f64::from(g.a[i * g.lda + p]) * f64::from(g.w[j * g.ldw + p]);
            }
            if let Some(b) = g.bias {
                acc += f64::from(b[j]);
            }
            acc = activation_f64(g.activation, acc);
            if let Some((r, ldr)) = g.residual {
                acc += f64::from(r[i * ldr + j]);
            }
            c[i * ldc + j] = acc as f32;
        }
    }
}

/// Reference LayerNorm over each of `rows` rows of length `cols` (row stride `cols`):
/// `y = (x - mean) / sqrt(var + eps) · gamma + beta`, biased variance (PyTorch semantics).
///
/// # Panics
/// When a slice is too short.
pub fn layer_norm_rows_ref(
    x: &[f32],
    rows: usize,
    cols: usize,
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
    out: &mut [f32],
) {
    for r in 0..rows {
        let row = &x[r * cols..(r + 1) * cols];
        let mean = row.iter().map(|&v| f64::from(v)).sum::<f64>() / cols as f64;
        let var = row.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / cols as f64;
        let inv = 1.0 / (var + f64::from(eps)).sqrt();
        for c in 0..cols {
            let y = (f64::from(row[c]) - mean) * inv * f64::from(gamma[c]) + f64::from(beta[c]);
            out[r * cols + c] = y as f32;
        }
    }
}

/// Reference softmax over each row of `x` (`rows × cols`, row stride `cols`), in place.
/// Subtracts the row maximum first. A row of all `-inf` gives NaN, as in PyTorch; HF masks
/// with a large finite negative instead.
///
/// # Panics
/// When the slice is too short.
pub fn softmax_rows_ref(x: &mut [f32], rows: usize, cols: usize) {
    for r in 0..rows {
        let row = &mut x[r * cols..(r + 1) * cols];
        let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let exps: Vec<f64> = row.iter().map(|&v| (f64::from(v) - f64::from(max)).exp()).collect();
        let sum: f64 = exps.iter().sum();
        for (o, e) in row.iter_mut().zip(exps) {
            *o = (e / sum) as f32;
        }
    }
}

/// Relative Frobenius-norm error `‖got − want‖_F / ‖want‖_F` (libxsmm's comparison), with the
/// denominator floored at `f64::MIN_POSITIVE` so an all-zero reference compares absolutely.
pub fn rel_frobenius_error(got: &[f32], want: &[f32]) -> f64 {
    let mut diff = 0.0f64;
    let mut norm = 0.0f64;
    for (&g, &w) in got.iter().zip(want) {
        diff += (f64::from(g) - f64::from(w)).powi(2);
        norm += f64::from(w).powi(2);
    }
    if got.len() != want.len() {
        return f64::INFINITY;
    }
    diff.sqrt() / norm.sqrt().max(f64::MIN_POSITIVE)
}

/// Applies `act` to every element in f64 and rounds once (reference for
/// `ops::activation_inplace`).
pub fn activation_ref(act: Activation, x: &[f32]) -> Vec<f32> {
    x.iter().map(|&v| activation_f64(act, f64::from(v)) as f32).collect()
}

/// Operands of the reference attention (see `ops::attention` for the layout).
#[derive(Debug, Clone, Copy)]
pub struct AttentionRef<'a> {
    /// `[batch·seq, 3·heads·dh]`, row stride `ld_qkv`: Q, K, V column blocks.
    pub qkv: &'a [f32],
    /// Row stride of `qkv`.
    pub ld_qkv: usize,
    /// Additive key mask `[batch, seq]`.
    pub mask: &'a [f32],
    /// Sequences.
    pub batch: usize,
    /// Tokens per sequence.
    pub seq: usize,
    /// Attention heads.
    pub heads: usize,
    /// Head dimension.
    pub dh: usize,
    /// Score scale (usually `1/√dh`).
    pub scale: f32,
}

/// Reference multi-head attention into `ctx` (`[batch·seq, heads·dh]`, row stride `ld_ctx`):
/// dot products, softmax and the weighted sum in f64.
///
/// The logits are `f32(q·k · scale) + mask` added **in f32**, as HF does: a key masked with
/// `f32::MIN` then gets exactly `f32::MIN`, so a fully masked row softmaxes to the uniform
/// distribution like PyTorch, instead of to whatever tiny differences f64 would keep.
///
/// # Panics
/// When a slice is too short (it is a test oracle, not a library path).
pub fn attention_ref(a: &AttentionRef<'_>, ctx: &mut [f32], ld_ctx: usize) {
    let hd = a.heads * a.dh;
    let mut logits = vec![0.0f64; a.seq];
    for b in 0..a.batch {
        for h in 0..a.heads {
            for i in 0..a.seq {
                let q = &a.qkv[(b * a.seq + i) * a.ld_qkv + h * a.dh..][..a.dh];
                for (j, l) in logits.iter_mut().enumerate() {
                    let k = &a.qkv[(b * a.seq + j) * a.ld_qkv + hd + h * a.dh..][..a.dh];
                    let dot: f64 = q.iter().zip(k).map(|(&x, &y)| f64::from(x) * f64::from(y)).sum();
                    *l = f64::from((dot * f64::from(a.scale)) as f32 + a.mask[b * a.seq + j]);
                }
                let max = logits.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                let weights: Vec<f64> = logits.iter().map(|&l| (l - max).exp()).collect();
                let sum: f64 = weights.iter().sum();
                for d in 0..a.dh {
                    let mut acc = 0.0f64;
                    for (j, w) in weights.iter().enumerate() {
                        acc += w * f64::from(a.qkv[(b * a.seq + j) * a.ld_qkv + 2 * hd + h * a.dh + d]);
                    }
                    ctx[(b * a.seq + i) * ld_ctx + h * a.dh + d] = (acc / sum) as f32;
                }
            }
        }
    }
}

/// Reference embeddings: the three rows summed and normalised in f64.
///
/// # Panics
/// When an id is out of range or a slice is too short (a test oracle).
/// Takes the same operands as [`crate::ops::embeddings_isa`].
pub fn embeddings_ref(
    ids: &[i64],
    type_ids: &[i64],
    a: &crate::ops::EmbeddingTables<'_>,
    batch: usize,
    seq: usize,
    e: usize,
    out: &mut [f32],
) {
    for r in 0..batch * seq {
        let t = r % seq;
        let w = &a.word[usize::try_from(ids[r]).expect("id") * e..][..e];
        let p = &a.pos[t * e..][..e];
        let ty = &a.tok_type[usize::try_from(type_ids[r]).expect("type id") * e..][..e];
        let x: Vec<f64> = (0..e).map(|c| f64::from(w[c]) + f64::from(p[c]) + f64::from(ty[c])).collect();
        let mean = x.iter().sum::<f64>() / e as f64;
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / e as f64;
        let inv = 1.0 / (var + f64::from(a.eps)).sqrt();
        for c in 0..e {
            out[r * e + c] = ((x[c] - mean) * inv * f64::from(a.gamma[c]) + f64::from(a.beta[c])) as f32;
        }
    }
}
