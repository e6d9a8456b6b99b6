//! The non-GEMM kernels of an ALBERT layer: attention core, LayerNorm, activations,
//! embeddings and the row-broadcast add.
//!
//! Every op is a safe function that validates shapes and lengths (errors, never panics), then
//! dispatches to one of two kernel families (STYLE.md habit 6: the frame checks and splits,
//! the kernel computes):
//!
//! - [`portable`]: plain Rust, vectorised by LLVM for the baseline target; always available
//!   and always tested;
//! - `avx512` (x86-64 only): `std::arch` AVX-512F intrinsics behind
//!   `is_x86_feature_detected!("avx512f")`, with vectorised `exp`, `tanh` and `erf`
//!   ([`math`] documents their accuracy).
//!
//! The `*_isa` variants take the family from the compiler's [`crate::Target`] (chosen once
//! per program: a program for `x86_64-portable` runs portable code in every op); the plain
//! functions are conveniences for tools and tests that run on the host's best family.
//!
//! LayerNorm statistics are **two-pass in f32** (mean, then the deviations from it, with
//! the corrected two-pass scheme of Chan, Golub & LeVeque, see
//! `portable::normalize_body`): a row (≤ 4096 floats = 16 KiB) is still in L1 for the
//! second pass, so it costs no memory traffic, and unlike the one-pass `E[x²] − E[x]²` it
//! does not cancel catastrophically when `|mean| ≫ std` (residual streams drift). Welford
//! would be as accurate but needs a division per element and a serial dependency that does
//! not vectorise.

mod attention;
pub use attention::{ExternalAttention, HeadFn};
#[cfg(all(target_arch = "x86_64", feature = "asm"))]
mod amx_attention;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "x86_64")]
mod avx512_attention;
#[cfg(target_arch = "x86_64")]
pub(crate) use avx512_attention::exp16 as avx512_exp16;
pub mod math;
pub mod portable;

use crate::cpu::{CpuFeatures, Isa};
use crate::error::{KernelError, Result};
use crate::frame::Activation;
use crate::pool::ThreadPool;

/// Query rows per attention block: the AVX-512 path computes scores for this many queries at
/// a time (its tile height), so a thread holds at most `QUERY_BLOCK × seq` scores.
pub const QUERY_BLOCK: usize = 12;

/// Keys per packed K panel of the AVX-512 attention (two zmm registers); score rows are
/// padded to a multiple of it.
pub const KEY_PANEL: usize = 32;

/// The host's best kernel family (for the plain conveniences; compiled programs pass their
/// target's family to the `*_isa` functions).
fn host_isa() -> Isa {
    CpuFeatures::detect().best_isa()
}

/// Resolves a requested family to one that can run here: a last guard against SIGILL (the
/// compiler refuses to run a target the CPU lacks, see [`crate::Target::check_runs_here`]).
fn runnable(isa: Isa) -> Isa {
    if isa == Isa::Avx512 && cfg!(target_arch = "x86_64") && CpuFeatures::detect().avx512f {
        Isa::Avx512
    } else {
        Isa::Portable
    }
}

fn shape_err(op: &'static str, reason: String) -> KernelError {
    KernelError::Shape { op, reason }
}

fn need(operand: &'static str, actual: usize, expected: usize) -> Result<()> {
    if actual < expected {
        return Err(KernelError::Length { operand, expected, actual });
    }
    Ok(())
}

fn mul(op: &'static str, a: usize, b: usize) -> Result<usize> {
    a.checked_mul(b).ok_or_else(|| shape_err(op, format!("{a} x {b} overflows usize")))
}

/// Floats of `scratch` that [`attention`] needs for `seq` tokens on `threads` threads (pass
/// `1` without a pool): one block of `QUERY_BLOCK` score rows per thread.
pub fn attention_scratch_len(seq: usize, threads: usize) -> usize {
    // Rows padded to whole key panels plus one cache line (no L1 set aliasing between rows).
    let row = seq.saturating_add(KEY_PANEL).next_multiple_of(KEY_PANEL) - KEY_PANEL + 16;
    threads.max(1).saturating_mul(QUERY_BLOCK.saturating_mul(row))
}

/// Multi-head self-attention core for `batch` sequences of `seq` tokens.
///
/// - `qkv` is `[batch·seq, 3·H]` row-major with row stride `ld_qkv` (`H = heads·dh`): Q in
///   columns `0..H`, K in `H..2H`, V in `2H..3H`; head `h` uses columns `h·dh..(h+1)·dh` of
///   each block.
/// - `mask` is the additive key mask `[batch, seq]` (0, or a very negative number such as
///   `f32::MIN`), added to every query row's scores of that sequence.
/// - `ctx` (`[batch·seq, H]`, row stride `ld_ctx`) receives
///   `ctx[b,t,h·dh..] = softmax_j(q·k_j·scale + mask[b,j]) · v_j`.
/// - `scratch` must hold at least [`attention_scratch_len`]`(seq, pool threads)` floats.
///
/// (batch, head) pairs are split across the pool's threads in contiguous ranges; each pair is
/// computed start to finish by one thread with the same code, so the result is bit-identical
/// for any thread count.
#[expect(clippy::too_many_arguments, reason = "the signature the JIT runtime calls")]
pub fn attention(
    pool: Option<&ThreadPool>,
    qkv: &[f32],
    ld_qkv: usize,
    mask: &[f32],
    batch: usize,
    seq: usize,
    heads: usize,
    dh: usize,
    scale: f32,
    ctx: &mut [f32],
    ld_ctx: usize,
    scratch: &mut [f32],
) -> Result<()> {
    let shape = AttentionShape { ld_qkv, batch, seq, heads, dh, scale, ld_ctx };
    attention_isa(host_isa(), pool, qkv, mask, &shape, ctx, scratch)
}

/// Shape and strides of one [`attention`] call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttentionShape {
    /// Row stride of `qkv` (`≥ 3·heads·dh`).
    pub ld_qkv: usize,
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
    /// Row stride of `ctx` (`≥ heads·dh`).
    pub ld_ctx: usize,
}

/// [`attention`] on a forced kernel family (AVX-512 falls back to portable when the CPU lacks
/// it).
pub fn attention_isa(
    isa: Isa,
    pool: Option<&ThreadPool>,
    qkv: &[f32],
    mask: &[f32],
    s: &AttentionShape,
    ctx: &mut [f32],
    scratch: &mut [f32],
) -> Result<()> {
    let per_thread = validate_attention(pool, qkv, mask, s, ctx, scratch)?;
    attention::run(attention::HeadKernel::Family(runnable(isa)), pool, qkv, mask, s, ctx, scratch, per_thread)
}

/// Whether `--precision bf16` should run attention's QKᵀ and P·V on `vdpbf16ps`
/// ([`attention_bf16`]) on this CPU, rather than in fp32 ([`attention`]). It pays where
/// `vdpbf16ps` issues at the fp32 FMA's rate or faster, and not where it issues at half of
/// it, measured (one core, register-only peaks, `examples/gemm_bf16_sweep.rs`):
/// - AMD EPYC Zen 4: `vdpbf16ps` 223 GFLOP/s vs `vfmadd231ps` 115; bf16 attention took the
///   seq-512 bf16 forward from 1094 to 961 ms;
/// - Intel Xeon with AMX: `vdpbf16ps` 121 vs `vfmadd231ps` 246; fp32 attention is faster
///   (2 threads, seq 512: 94.7 ms per forward in fp32 against 143.7 ms in bf16).
///
/// The Intel server cores with AVX512_BF16 (Cooper Lake onwards) all issue `vdpbf16ps` on one
/// port; the ones with AMX-BF16 run their bf16 GEMMs on AMX, and so does [`attention_bf16`]
/// (for heads of a width it takes, see [`amx_attention_here`]). So: bf16 attention where the
/// CPU has AVX512_BF16 and no AMX, or AMX for this `dh`; fp32 attention otherwise.
pub fn bf16_attention_pays(cpu: &CpuFeatures, dh: usize) -> bool {
    if !(cpu.avx512f && cpu.avx512_bf16) {
        return false;
    }
    if !cpu.amx_bf16 {
        return true;
    }
    amx_attention_here(dh)
}

/// Whether [`attention_bf16`] runs heads of width `dh` on AMX here: the CPU has AMX-BF16 with
/// the tile state granted (and `ALBERT_BF16_TILES` does not ask for `vdpbf16ps`), and `dh` is
/// a multiple of 32.
pub fn amx_attention_here(dh: usize) -> bool {
    #[cfg(all(target_arch = "x86_64", feature = "asm"))]
    {
        amx_attention::supports(dh) && crate::frame::bf16::amx_tiles_here() == Ok(true)
    }
    #[cfg(not(all(target_arch = "x86_64", feature = "asm")))]
    {
        let _ = dh;
        false
    }
}

/// [`attention`] in bf16 (`--precision bf16`): Q, K, V and the probabilities rounded to bf16
/// (round to nearest even), QKᵀ and P·V summed in fp32 by `vdpbf16ps`, or by the AMX tiles
/// where [`amx_attention_here`], the softmax in fp32.
/// Needs AVX-512F and AVX512_BF16: without them it is [`KernelError::MissingCpuFeature`],
/// never an illegal instruction.
pub fn attention_bf16(
    pool: Option<&ThreadPool>,
    qkv: &[f32],
    mask: &[f32],
    s: &AttentionShape,
    ctx: &mut [f32],
    scratch: &mut [f32],
) -> Result<()> {
    let cpu = CpuFeatures::detect();
    if !(cfg!(target_arch = "x86_64") && cpu.avx512f && cpu.avx512_bf16) {
        return Err(KernelError::MissingCpuFeature { kernel: "bf16 attention", feature: "avx512_bf16" });
    }
    let per_thread = validate_attention(pool, qkv, mask, s, ctx, scratch)?;
    #[cfg(all(target_arch = "x86_64", feature = "asm"))]
    if amx_attention_here(s.dh) {
        let tiles = amx_attention::tiles(s.seq, s.dh)?;
        return attention::run(
            attention::HeadKernel::Amx(&tiles),
            pool,
            qkv,
            mask,
            s,
            ctx,
            scratch,
            per_thread,
        );
    }
    attention::run(attention::HeadKernel::Bf16, pool, qkv, mask, s, ctx, scratch, per_thread)
}

/// [`attention`] with a per-head kernel generated elsewhere (the frame — validation, the
/// (batch, head) split over threads, scratch blocks — stays here). `s` must be the shape the
/// kernel was generated for.
pub fn attention_external(
    ext: &ExternalAttention,
    pool: Option<&ThreadPool>,
    qkv: &[f32],
    mask: &[f32],
    s: &AttentionShape,
    ctx: &mut [f32],
    scratch: &mut [f32],
) -> Result<()> {
    let per_thread = validate_attention(pool, qkv, mask, s, ctx, scratch)?;
    if ext.shape != *s {
        return Err(shape_err(
            "attention",
            format!("kernel generated for {:?}, called with {s:?}", ext.shape),
        ));
    }
    need("scratch", per_thread, s.seq + s.dh + 2)?;
    attention::run(attention::HeadKernel::External(ext), pool, qkv, mask, s, ctx, scratch, per_thread)
}

/// Checks an attention call's shape and lengths; returns the scratch floats per thread.
fn validate_attention(
    pool: Option<&ThreadPool>,
    qkv: &[f32],
    mask: &[f32],
    s: &AttentionShape,
    ctx: &[f32],
    scratch: &[f32],
) -> Result<usize> {
    const OP: &str = "attention";
    if s.batch == 0 || s.seq == 0 || s.heads == 0 || s.dh == 0 {
        return Err(shape_err(
            OP,
            format!("batch={} seq={} heads={} dh={} must be positive", s.batch, s.seq, s.heads, s.dh),
        ));
    }
    let hd = mul(OP, s.heads, s.dh)?;
    let rows = mul(OP, s.batch, s.seq)?;
    if s.ld_qkv < mul(OP, 3, hd)? || s.ld_ctx < hd {
        return Err(shape_err(
            OP,
            format!("strides ld_qkv={} ld_ctx={} smaller than 3·H={} / H={hd}", s.ld_qkv, s.ld_ctx, 3 * hd),
        ));
    }
    need("qkv", qkv.len(), mul(OP, rows - 1, s.ld_qkv)? + 3 * hd)?;
    need("mask", mask.len(), rows)?;
    need("ctx", ctx.len(), mul(OP, rows - 1, s.ld_ctx)? + hd)?;
    let threads = pool.map_or(1, ThreadPool::threads);
    let per_thread = attention_scratch_len(s.seq, 1);
    need("scratch", scratch.len(), attention_scratch_len(s.seq, threads))?;
    Ok(per_thread)
}

/// One (batch, head) pair of an attention call, as the kernels see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadView<'a> {
    /// The whole `qkv` buffer.
    pub(crate) qkv: &'a [f32],
    /// This sequence's mask row (`seq` floats).
    pub(crate) mask: &'a [f32],
    /// Sequence index.
    pub(crate) b: usize,
    /// Head index.
    pub(crate) h: usize,
    /// Shapes and strides.
    pub(crate) s: &'a AttentionShape,
}

impl HeadView<'_> {
    /// Row `t` of this head's Q (`which = 0`), K (1) or V (2): `dh` floats.
    pub(crate) fn row(&self, which: usize, t: usize) -> &[f32] {
        let s = self.s;
        let at = (self.b * s.seq + t) * s.ld_qkv + which * s.heads * s.dh + self.h * s.dh;
        &self.qkv[at..at + s.dh]
    }
}

/// `out[r] = LayerNorm(x[r] (+ residual[r])) · gamma + beta` over rows of width
/// `gamma.len()` (row strides = width; `out` must not alias `x`). Two-pass f32 statistics
/// (see the module docs for why), biased variance as PyTorch.
pub fn layer_norm(
    x: &[f32],
    residual: Option<&[f32]>,
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
    out: &mut [f32],
) -> Result<()> {
    layer_norm_isa(host_isa(), x, residual, gamma, beta, eps, out)
}

/// [`layer_norm`] on a forced kernel family.
pub fn layer_norm_isa(
    isa: Isa,
    x: &[f32],
    residual: Option<&[f32]>,
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
    out: &mut [f32],
) -> Result<()> {
    const OP: &str = "layer_norm";
    let width = gamma.len();
    if width == 0 || beta.len() != width {
        return Err(shape_err(OP, format!("gamma has {width} and beta {} elements", beta.len())));
    }
    if !x.len().is_multiple_of(width) || out.len() != x.len() {
        return Err(shape_err(
            OP,
            format!(
                "x ({}) and out ({}) must be the same whole number of rows of {width}",
                x.len(),
                out.len()
            ),
        ));
    }
    if let Some(r) = residual {
        if r.len() != x.len() {
            return Err(shape_err(OP, format!("residual has {} elements, x {}", r.len(), x.len())));
        }
    }
    let ln = portable::LnParams { gamma, beta, eps };
    match runnable(isa) {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => avx512::layer_norm(x, residual, &ln, out),
        _ => portable::layer_norm(x, residual, &ln, out),
    }
    Ok(())
}

/// In place: `x = act(x)` elementwise.
pub fn activation_inplace(act: Activation, x: &mut [f32]) {
    activation_inplace_isa(host_isa(), act, x);
}

/// [`activation_inplace`] on a forced kernel family.
pub fn activation_inplace_isa(isa: Isa, act: Activation, x: &mut [f32]) {
    match runnable(isa) {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => avx512::activation_inplace(act, x),
        _ => portable::activation_inplace(act, x),
    }
}

/// ALBERT embeddings: `out[b,t,:] = LayerNorm(word[ids[b,t]] + pos[t] + tok_type[type_ids[b,t]])
/// · gamma + beta`, width `e`. Every id is checked before anything is written:
/// [`KernelError::IdOutOfRange`] names the table, the position and the id.
#[expect(clippy::too_many_arguments, reason = "the signature the JIT runtime calls")]
pub fn embeddings(
    ids: &[i64],
    type_ids: &[i64],
    word: &[f32],
    pos: &[f32],
    tok_type: &[f32],
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
    batch: usize,
    seq: usize,
    e: usize,
    out: &mut [f32],
) -> Result<()> {
    let tables = EmbeddingTables { word, pos, tok_type, gamma, beta, eps };
    embeddings_isa(host_isa(), ids, type_ids, &tables, batch, seq, e, out)
}

/// The weights of the ALBERT embeddings module (HF `albert.embeddings.*`).
#[derive(Debug, Clone, Copy)]
pub struct EmbeddingTables<'a> {
    /// `word_embeddings.weight`, `[vocab, e]`.
    pub word: &'a [f32],
    /// `position_embeddings.weight`, `[max_positions, e]`.
    pub pos: &'a [f32],
    /// `token_type_embeddings.weight`, `[types, e]`.
    pub tok_type: &'a [f32],
    /// `LayerNorm.weight`, `[e]`.
    pub gamma: &'a [f32],
    /// `LayerNorm.bias`, `[e]`.
    pub beta: &'a [f32],
    /// `layer_norm_eps`.
    pub eps: f32,
}

/// [`embeddings`] on a forced kernel family.
#[expect(clippy::too_many_arguments, reason = "ids, tables, shape and output")]
pub fn embeddings_isa(
    isa: Isa,
    ids: &[i64],
    type_ids: &[i64],
    t: &EmbeddingTables<'_>,
    batch: usize,
    seq: usize,
    e: usize,
    out: &mut [f32],
) -> Result<()> {
    validate_embeddings(ids, type_ids, t, batch, seq, e, out)?;
    let ln = portable::LnParams { gamma: t.gamma, beta: t.beta, eps: t.eps };
    let isa = runnable(isa);
    for (r, row) in out.chunks_exact_mut(e).enumerate() {
        let parts = embedding_parts(t, ids, type_ids, r, seq, e)?;
        match isa {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => avx512::sum3_layer_norm_row(parts, &ln, row),
            _ => portable::sum3_layer_norm_row(parts, &ln, row),
        }
    }
    Ok(())
}

/// Checks an embeddings call: shapes, and every id against its table.
fn validate_embeddings(
    ids: &[i64],
    type_ids: &[i64],
    t: &EmbeddingTables<'_>,
    batch: usize,
    seq: usize,
    e: usize,
    out: &[f32],
) -> Result<()> {
    const OP: &str = "embeddings";
    if e == 0 || t.gamma.len() != e || t.beta.len() != e {
        return Err(shape_err(
            OP,
            format!("e={e} must be positive and equal gamma ({}) / beta ({})", t.gamma.len(), t.beta.len()),
        ));
    }
    let rows = mul(OP, batch, seq)?;
    if ids.len() != rows || type_ids.len() != rows || out.len() != mul(OP, rows, e)? {
        return Err(shape_err(
            OP,
            format!(
                "ids ({}), type_ids ({}) must have batch·seq = {rows} elements and out ({}) {rows}·{e}",
                ids.len(),
                type_ids.len(),
                out.len()
            ),
        ));
    }
    for (name, table) in
        [("word_embeddings", t.word), ("position_embeddings", t.pos), ("token_type_embeddings", t.tok_type)]
    {
        if table.len() % e != 0 {
            return Err(shape_err(
                OP,
                format!("{name} has {} elements, not a multiple of e={e}", table.len()),
            ));
        }
    }
    let (vocab, positions, types) = (t.word.len() / e, t.pos.len() / e, t.tok_type.len() / e);
    let check = |table: &'static str, id: i64, r: usize, rows: usize| -> Result<usize> {
        usize::try_from(id).ok().filter(|&i| i < rows).ok_or(KernelError::IdOutOfRange {
            table,
            batch: r / seq,
            position: r % seq,
            id,
            rows,
        })
    };
    if seq > positions {
        return Err(KernelError::IdOutOfRange {
            table: "position_embeddings",
            batch: 0,
            position: positions,
            id: i64::try_from(positions).unwrap_or(i64::MAX),
            rows: positions,
        });
    }
    for r in 0..rows {
        check("word_embeddings", ids[r], r, vocab)?;
        check("token_type_embeddings", type_ids[r], r, types)?;
    }
    Ok(())
}

/// The word, position and token-type rows of output row `r` (ids checked by the caller).
fn embedding_parts<'t>(
    t: &EmbeddingTables<'t>,
    ids: &[i64],
    type_ids: &[i64],
    r: usize,
    seq: usize,
    e: usize,
) -> Result<[&'t [f32]; 3]> {
    let (vocab, types) = (t.word.len() / e, t.tok_type.len() / e);
    let at = |table: &'static str, id: i64, rows: usize| -> Result<usize> {
        usize::try_from(id).ok().filter(|&i| i < rows).ok_or(KernelError::IdOutOfRange {
            table,
            batch: r / seq,
            position: r % seq,
            id,
            rows,
        })
    };
    let w = at("word_embeddings", ids[r], vocab)? * e;
    let ty = at("token_type_embeddings", type_ids[r], types)? * e;
    let p = (r % seq) * e;
    Ok([&t.word[w..w + e], &t.pos[p..p + e], &t.tok_type[ty..ty + e]])
}

/// [`embeddings`] with the LayerNorm done by `layer_norm` (a generated kernel) over all the
/// rows at once: this frame checks every id, then writes `word + position + token type` into
/// each row (the same sum as the kernel families), and `layer_norm` normalises `out` in place.
#[expect(clippy::too_many_arguments, reason = "ids, tables, shape, output and the kernel")]
pub fn embeddings_with(
    ids: &[i64],
    type_ids: &[i64],
    t: &EmbeddingTables<'_>,
    batch: usize,
    seq: usize,
    e: usize,
    out: &mut [f32],
    layer_norm: &dyn Fn(&mut [f32]) -> std::result::Result<(), String>,
) -> Result<()> {
    validate_embeddings(ids, type_ids, t, batch, seq, e, out)?;
    for (r, row) in out.chunks_exact_mut(e).enumerate() {
        let [a, b, c] = embedding_parts(t, ids, type_ids, r, seq, e)?;
        for (((o, &x), &y), &z) in row.iter_mut().zip(a).zip(b).zip(c) {
            *o = x + y + z;
        }
    }
    layer_norm(out).map_err(|reason| shape_err("embeddings", reason))
}

/// `out[r, j] = a[r, j] + b[j]` when `a.len()` is a whole number of rows of `b.len()`
/// (row broadcast), which includes the elementwise case `b.len() == a.len()`.
/// `out.len()` must equal `a.len()`.
pub fn add_rows(a: &[f32], b: &[f32], out: &mut [f32]) -> Result<()> {
    add_rows_isa(host_isa(), a, b, out)
}

/// [`add_rows`] on a forced kernel family.
pub fn add_rows_isa(isa: Isa, a: &[f32], b: &[f32], out: &mut [f32]) -> Result<()> {
    if b.is_empty() || !a.len().is_multiple_of(b.len()) || out.len() != a.len() {
        return Err(shape_err(
            "add_rows",
            format!(
                "a ({}) must be a whole number of rows of b ({}) and out ({}) as long as a",
                a.len(),
                b.len(),
                out.len()
            ),
        ));
    }
    match runnable(isa) {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => avx512::add_rows(a, b, out),
        _ => portable::add_rows(a, b, out),
    }
    Ok(())
}
