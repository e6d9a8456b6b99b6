//! The bf16 GEMM frame: `C (fp32) = act(bf16(A) · Wᵀ + bias) + residual` with the weight
//! stored once in bf16 ([`PackedBf16`]) and the activations rounded to bf16 at the GEMM
//! input, accumulated in fp32 by `vdpbf16ps` tiles ([`crate::x86_64::avx512::gemm_bf16`]).
//!
//! It follows the fp32 frame ([`crate::frame::gemm`]) decision for decision, so both
//! precisions behave alike for the code generator:
//! - a [`Bf16GemmPlan`] fixes M, N, K, strides and the epilogue; [`Bf16GemmPlan::build`]
//!   generates every tile variant the call site needs (full 14×32, M tail, N tail with an
//!   opmask, first/middle/last K block) into one W^X buffer;
//! - loop order per thread: N panels outermost, then K blocks, then M blocks; each thread of
//!   a [`ThreadPool`] owns a contiguous range of panels, never a piece of K, so every output
//!   is summed in the same order and **results are bit-identical for any thread count**;
//! - small M (≤ 16) splits M into equal blocks and prefetches B, as measured for fp32.
//!
//! What differs: A is converted f32 → bf16 once per call (`vcvtneps2bf16`, round to nearest
//! even) into a scratch allocated at build, whose row stride is even (rows start on a k
//! pair), zero-padded for odd K, and chosen so the 14 rows of a tile do not share an L1 set.
//! The tile adds the bias and (without activation) the residual in fp32 registers; any
//! activation, and then the residual, are applied by the frame in f32 right after the tile,
//! vectorised, with the functions of [`crate::ops::math`], which are bit-identical scalar
//! or vectorised, so the scalar reference ([`crate::generic::bf16::gemm_bf16_ref`]) is
//! bit-exact for every epilogue. (The fp32 tile's in-register `gelu_new` uses `vrcp14ps`,
//! whose bits are the CPU's own, so it cannot have an exact scalar reference.)
//!
//! There is no fallback: without AVX512_BF16, [`Bf16GemmPlan::build`] returns
//! [`KernelError::MissingCpuFeature`] (never code that would raise SIGILL).
//!
//! **AMX ([`Bf16GemmPlan::amx`]).** The same frame can run the AMX tiles of
//! [`crate::x86_64::amx::gemm_bf16`] instead: 32×32 blocks of C (2×2 C tiles), K split into
//! whole 16-pair chunks plus one K-tail call, and the whole epilogue (bias too) in the frame.
//! The code generator turns it on where [`amx_tiles_here`] says so. On the Intel Xeon with
//! AMX (one core, `examples/gemm_bf16_sweep.rs`) the AMX tiles ran the ALBERT-large GEMMs at
//! 450–990 GFLOP/s for M ≥ 32 against 110–120 for `vdpbf16ps`, whose zmm form issues at half
//! the fp32 FMA rate there (121 vs 246 GFLOP/s peak): without AMX, bf16 would be slower than
//! fp32 on that CPU. `tests/gemm_bf16.rs` and `tests/amx_bf16.rs` check it where AMX exists.

use crate::cpu::CpuFeatures;
use crate::error::{KernelError, Result};
#[cfg(feature = "asm")]
use crate::exec_mem::ExecBuffer;
use crate::frame::gemm::{GemmPlan, DEFAULT_B_PREFETCH, SMALL_M};
use crate::frame::pack_bf16::PackedBf16;
use crate::frame::{Activation, Epilogue};
use crate::pool::ThreadPool;
use crate::x86_64::amx::tile::{self as amx_gen, AmxPanelSpec, AmxTileSpec};
use crate::x86_64::avx512::tile_bf16::{self as tile_gen, Bf16GemmTileFn, Bf16TileSpec, Broadcast};
use std::sync::{Arc, Mutex, OnceLock};

/// Rows of the bf16 tile.
pub const MR: usize = tile_gen::MR;
/// Columns of a tile (= packed panel width).
pub const NR: usize = tile_gen::NR;

/// Rows of one tile that may share an L1 set (as for fp32: L1d is 8-way, B and C need ways).
const MAX_ROWS_PER_L1_SET: usize = 2;

/// How many of the 14 rows of a tile fall into the same set of a 32 KiB, 8-way L1 (64 sets
/// of 64-byte lines, 4 KiB apart) for a row stride of `bytes`.
fn rows_per_l1_set(bytes: usize) -> usize {
    let mut count = [0usize; 64];
    for r in 0..MR {
        count[(r * bytes / 64) % 64] += 1;
    }
    count.into_iter().max().unwrap_or(0)
}

/// The row stride (bf16 elements) of the converted A: even, `≥ k`, and spreading a tile's
/// rows over L1 sets (K = 1024 would put 7 rows in one set: 2 KiB apart).
pub fn bf16_scratch_lda(k: usize) -> usize {
    let mut lda = k.next_multiple_of(2);
    while rows_per_l1_set(2 * lda) > MAX_ROWS_PER_L1_SET {
        lda = (lda + 1).next_multiple_of(32);
    }
    lda
}

/// Whether bf16 GEMMs built in this process should use the AMX tiles: `Ok(true)` where the
/// CPU has AMX-BF16 and Linux grants the tile state; `Ok(false)` on CPUs without AMX or when
/// `ALBERT_BF16_TILES=avx512` asks for the `vdpbf16ps` tiles (to compare the two); `Err` with
/// the reason when the CPU has AMX but the permission was refused, so the caller can say that
/// it falls back to `vdpbf16ps` (never a silent change of kernels, never SIGILL).
///
/// Decided once per process (the environment is read and the permission asked on the first
/// call): the attention op asks on every call.
pub fn amx_tiles_here() -> std::result::Result<bool, String> {
    static CHOICE: OnceLock<std::result::Result<bool, String>> = OnceLock::new();
    CHOICE
        .get_or_init(|| {
            if std::env::var("ALBERT_BF16_TILES").is_ok_and(|v| v == "avx512")
                || !CpuFeatures::detect().amx_bf16
            {
                return Ok(false);
            }
            crate::x86_64::amx::request_xtiledata().map(|()| true).map_err(|e| e.to_string())
        })
        .clone()
}

/// One bf16 GEMM call site; everything here is a constant of the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bf16GemmPlan {
    /// Rows of A and C.
    pub m: usize,
    /// Columns of C (rows of the HF weight).
    pub n: usize,
    /// Reduction length.
    pub k: usize,
    /// Row stride of the f32 A in elements (`≥ k`).
    pub lda: usize,
    /// Row stride of C in elements (`≥ n`).
    pub ldc: usize,
    /// Row stride of the residual in elements (`≥ n`).
    pub ldr: usize,
    /// Fused epilogue.
    pub epilogue: Epilogue,
    /// K block length in elements (rounded up to even); `None`: the whole K per tile call.
    pub k_block: Option<usize>,
    /// How the tile broadcasts the A pairs.
    pub broadcast: Broadcast,
    /// K-loop unroll (k pairs per iteration).
    pub unroll: usize,
    /// Small-M path: equal-height M blocks (see [`GemmPlan::small_m`]).
    pub small_m: bool,
    /// `prefetcht1` distance for B in bytes (0: none).
    pub b_prefetch: usize,
    /// Use the AMX `tdpbf16ps` tiles (needs AMX-BF16 and the XTILEDATA permission, which
    /// `build` requests). Off in [`Bf16GemmPlan::new`]; the code generator sets it from
    /// [`amx_tiles_here`]. `broadcast`, `unroll` and `b_prefetch` do not apply to AMX; its
    /// K blocks are whole 16-pair chunks, and splitting K costs there (the C tiles go
    /// through memory between blocks: the ALBERT-large GEMMs at M = 128 lost 15–30% with
    /// 512- or 256-blocks on the Intel Xeon, `examples/gemm_bf16_sweep.rs`).
    pub amx: bool,
    /// AMX: bytes of bf16 A per run of tiles down a panel ([`AMX_A_CHUNK_BYTES`] in
    /// [`Bf16GemmPlan::new`]; at least one M block); 0 sends every M block through the
    /// one-tile calls. Results are bit-identical either way: each C element sums the same
    /// 16-pair chunks in the same order.
    pub amx_run_chunk: usize,
}

impl Bf16GemmPlan {
    /// A plan with contiguous strides (`lda = k`, `ldc = ldr = n`) and the fp32 frame's
    /// defaults (register broadcast, unroll 4, small-M path for `m ≤ 16`), except that B is
    /// prefetched at every M: the bf16 tile consumes the packed panel at twice the fp32
    /// tile's bytes per cycle, so the first M block of each panel waits on B from DRAM. On
    /// the Zen 4 machine (AMD EPYC, family 25), interleaved, `prefetcht1` 8 KiB ahead at
    /// every M took the bf16 forward from 75.2 to 61.3 ms (median of 5) at seq 32 on two
    /// threads and from 119.0 to 111.7 ms on one, and from 467.6 to 457.7 ms at seq 128 on
    /// one; the fp32 frame gained nothing from it at seq 32 (215.0 vs 214.0 ms).
    pub fn new(m: usize, n: usize, k: usize, epilogue: Epilogue) -> Self {
        Self {
            m,
            n,
            k,
            lda: k,
            ldc: n,
            ldr: n,
            epilogue,
            k_block: None,
            broadcast: Broadcast::Register,
            unroll: 4,
            small_m: m <= SMALL_M,
            b_prefetch: DEFAULT_B_PREFETCH,
            amx: false,
            amx_run_chunk: AMX_A_CHUNK_BYTES,
        }
    }

    /// Chooses the AMX tiles (see [`Bf16GemmPlan::amx`]).
    pub fn with_amx(mut self, amx: bool) -> Self {
        self.amx = amx;
        self
    }

    /// The bf16 plan for the same call site as an fp32 [`GemmPlan`] (shape, strides,
    /// epilogue, K block; the tile tuning stays the bf16 defaults).
    pub fn from_gemm_plan(p: &GemmPlan) -> Self {
        let mut plan = Self::new(p.m, p.n, p.k, p.epilogue).with_strides(p.lda, p.ldc, p.ldr);
        plan.k_block = p.k_block;
        plan
    }

    /// Sets the row strides of A, C and the residual.
    pub fn with_strides(mut self, lda: usize, ldc: usize, ldr: usize) -> Self {
        self.lda = lda;
        self.ldc = ldc;
        self.ldr = ldr;
        self
    }

    /// Sets the K block length (results do not depend on it: blocks are summed in order).
    pub fn with_k_block(mut self, kc: usize) -> Self {
        self.k_block = Some(kc);
        self
    }

    /// FLOPs of one run, `2·M·N·K` (epilogue not counted).
    pub fn flops(&self) -> u64 {
        2 * self.m as u64 * self.n as u64 * self.k as u64
    }

    fn validate(&self) -> Result<()> {
        let bad = |reason: String| Err(KernelError::Shape { op: "bf16 gemm", reason });
        if self.m == 0 || self.n == 0 || self.k == 0 {
            return bad(format!("M={} N={} K={} must be positive", self.m, self.n, self.k));
        }
        if self.lda < self.k || self.ldc < self.n || self.ldr < self.n {
            return bad(format!(
                "strides lda={} ldc={} ldr={} smaller than K={} / N={}",
                self.lda, self.ldc, self.ldr, self.k, self.n
            ));
        }
        if self.k_block == Some(0) || !(1..=16).contains(&self.unroll) {
            return bad("k_block must be positive, unroll in 1..=16".into());
        }
        if self.b_prefetch > tile_gen::MAX_B_PREFETCH {
            return bad(format!("b_prefetch {} above {}", self.b_prefetch, tile_gen::MAX_B_PREFETCH));
        }
        Ok(())
    }

    /// Generates the tiles for this plan. Fails with [`KernelError::MissingCpuFeature`] when
    /// the CPU lacks AVX512_BF16 (checked here, so no generated code ever meets such a CPU).
    #[cfg(feature = "asm")]
    pub fn build(&self) -> Result<Bf16GemmKernel> {
        let cpu = CpuFeatures::detect();
        if !cpu.avx512f {
            return Err(KernelError::MissingCpuFeature { kernel: "bf16 gemm", feature: "avx512f" });
        }
        if !cpu.avx512_bf16 {
            return Err(KernelError::MissingCpuFeature { kernel: "bf16 gemm", feature: "avx512_bf16" });
        }
        if self.amx {
            crate::x86_64::amx::request_xtiledata()?;
        }
        self.build_unchecked()
    }

    /// [`Bf16GemmPlan::build`] without the CPU check: the code can be listed
    /// ([`Bf16GemmKernel::dump_asm`]) on any host but must not be run without AVX512_BF16.
    #[cfg(feature = "asm")]
    #[expect(unsafe_code, reason = "taking the entry points of the code just generated")]
    fn build_unchecked(&self) -> Result<Bf16GemmKernel> {
        let (mut kernel, specs) = self.layout()?;
        let (code, specs) = assemble_all(&specs)?;
        let buffer = ExecBuffer::new(&code)?;
        let offsets: Vec<usize> = specs.iter().map(|s| s.1).collect();
        // SAFETY: `buffer` holds exactly the code generated for `specs` at these offsets, and
        // it is kept in the kernel next to the entry points.
        unsafe { kernel.attach(buffer.bytes(), &specs, &offsets)? };
        kernel.code = Some(buffer);
        Ok(kernel)
    }

    /// The machine code of every tile and run of this plan, with their offsets in the order
    /// [`Bf16GemmPlan::build_from_code`] takes them (what an artifact stores). Nothing is run,
    /// so any host can generate it.
    #[cfg(feature = "asm")]
    pub fn assemble(&self) -> Result<(Vec<u8>, Vec<usize>)> {
        let (_, specs) = self.layout()?;
        let (code, specs) = assemble_all(&specs)?;
        Ok((code, specs.iter().map(|s| s.1).collect()))
    }

    /// The kernel over code generated earlier by [`Bf16GemmPlan::assemble`] (an artifact's
    /// mapped code section): the plan is laid out again and, where the assembler is built in
    /// (feature `asm`), each function of `code` at `offsets` must be byte for byte the one
    /// this plan generates, so a stale or mismatched artifact is an error, never wrong code.
    /// Checks the CPU as [`Bf16GemmPlan::build`] does (and asks for the AMX tile state when
    /// the plan uses AMX).
    ///
    /// # Safety
    /// `code` must be executable memory that `keepalive` keeps mapped for the kernel's life,
    /// holding at `offsets` the functions [`Bf16GemmPlan::assemble`] generated for this plan.
    #[expect(unsafe_code, reason = "taking the entry points of stored code")]
    pub unsafe fn build_from_code(
        &self,
        code: &[u8],
        offsets: &[usize],
        keepalive: Arc<dyn std::any::Any + Send + Sync>,
    ) -> Result<Bf16GemmKernel> {
        let cpu = CpuFeatures::detect();
        if !(cpu.avx512f && cpu.avx512_bf16) {
            return Err(KernelError::MissingCpuFeature { kernel: "bf16 gemm", feature: "avx512_bf16" });
        }
        if self.amx {
            crate::x86_64::amx::request_xtiledata()?;
        }
        let (mut kernel, specs) = self.layout()?;
        if offsets.len() != specs.len() {
            return Err(KernelError::Shape {
                op: "bf16 gemm",
                reason: format!("{} code offsets for {} tiles", offsets.len(), specs.len()),
            });
        }
        #[cfg(feature = "asm")]
        for (spec, &off) in specs.iter().zip(offsets) {
            let want = spec.assemble()?;
            if code.get(off..off + want.len()) != Some(&want[..]) {
                return Err(KernelError::Assemble {
                    kernel: spec.name(),
                    message: format!("the stored code at offset {off} is not this plan's"),
                });
            }
        }
        let specs: Vec<(Bf16Tile, usize)> = specs.into_iter().zip(offsets.iter().copied()).collect();
        // SAFETY: the caller's contract (with the assembler, each function was also checked
        // to be the one this plan generates); `keepalive`, stored in the kernel, keeps `code`
        // mapped executable.
        unsafe { kernel.attach(code, &specs, offsets)? };
        kernel.keepalive = Some(Keep(keepalive));
        Ok(kernel)
    }

    /// Everything of the kernel but its entry points, with the tiles and runs it calls (in
    /// the order of their code).
    fn layout(&self) -> Result<(Bf16GemmKernel, Vec<Bf16Tile>)> {
        self.validate()?;
        let kp = self.k.div_ceil(2);
        // K blocks as (first pair, pairs): AMX takes whole 16-pair chunks, then the tail.
        let blocks: Vec<(usize, usize)> = if self.amx {
            // Whole 16-pair chunks in blocks of `k_block` (rounded up to 16 pairs), then the tail.
            let main = kp - kp % amx_gen::MAX_KC;
            let kcp =
                self.k_block.map_or(main, |kc| kc.div_ceil(2).next_multiple_of(amx_gen::MAX_KC)).min(main);
            let mut v: Vec<(usize, usize)> =
                (0..main).step_by(kcp.max(1)).map(|q0| (q0, kcp.min(main - q0))).collect();
            if !kp.is_multiple_of(amx_gen::MAX_KC) {
                v.push((main, kp % amx_gen::MAX_KC));
            }
            v
        } else {
            let kcp = self.k_block.map_or(kp, |kc| kc.div_ceil(2)).min(kp);
            (0..kp.div_ceil(kcp)).map(|kb| (kb * kcp, kcp.min(kp - kb * kcp))).collect()
        };
        let nkb = blocks.len();
        let act = self.epilogue.activation;
        let frame_epilogue = FrameEpilogue {
            bias: self.amx && self.epilogue.bias,
            activation: act,
            residual: (self.amx || act != Activation::Identity) && self.epilogue.residual,
            fast: self.amx,
        };
        let mut variants: Vec<(bool, bool, usize)> = Vec::new();
        let mut k_blocks = Vec::with_capacity(nkb);
        for (kb, &(q0, len)) in blocks.iter().enumerate() {
            let key = (kb > 0, kb + 1 == nkb, len);
            let variant = match variants.iter().position(|v| *v == key) {
                Some(i) => i,
                None => {
                    variants.push(key);
                    variants.len() - 1
                }
            };
            k_blocks.push(PairBlock { q0, variant });
        }
        // AMX tile rows must not straddle cache lines: a split `tileloadd` row costs 3× (the
        // AMX loop of `examples/amx_probe.rs` ran at 1,240 GFLOP/s on operands 16 bytes off a
        // line and at the 3,850 GFLOP/s register-only peak on aligned ones). So the scratch
        // starts on a line (below) and an AMX row stride is whole lines.
        let a_lda =
            if self.amx { bf16_scratch_lda(self.k).next_multiple_of(32) } else { bf16_scratch_lda(self.k) };
        let mr = if self.amx { amx_gen::MR } else { MR };
        let m_block = if self.small_m || self.amx { self.m.div_ceil(self.m.div_ceil(mr)) } else { mr };
        let mut kernel = Bf16GemmKernel {
            plan: *self,
            m_block,
            k_blocks,
            frame_epilogue,
            a_lda,
            // Zero-filled once: the pad column of an odd K is never written afterwards.
            // One line (32 bf16) more, so the rows can start 64-byte aligned (`a_offset`).
            scratch: Mutex::new(vec![0u16; self.m * a_lda + 32]),
            #[cfg(feature = "asm")]
            code: None,
            keepalive: None,
            tiles: Vec::new(),
            lookup: Vec::new(),
            runs: [[None; 2]; 2],
            run_blocks: 0,
            run_pairs: 0,
            pool: None,
        };
        let specs = kernel.plan_tiles(&variants)?;
        Ok((kernel, specs))
    }
}

/// Bytes of bf16 A an AMX run works through per call: three quarters of the 2 MiB L2 of the
/// Xeons with AMX, so the chunk stays in L2 (beside one 256 KiB panel of B) while every panel
/// of the thread streams past it; each further chunk streams the thread's B from L3 again. At
/// seq 512 the FFN-down A (512 × 4096 bf16, 4 MiB) otherwise came from L3 once per panel (800
/// GFLOP/s on one core against 1,250 for the K = 1024 GEMMs; `examples/amx_panel.rs`).
/// Measured on the Intel Xeon with AMX, bf16 forward on 2 threads (FFN down / whole
/// forward, ms): 1 MiB 18.5 / 57.1 at seq 128 and 64.0 / 237.3 at seq 512; 1.5 MiB 15.7 /
/// 51.9 and 58.6 / 223.3; 2 MiB 15.3 / 52.8 and 65.2 / 235.6; one chunk 16.1 / 55.1 and
/// 84.6 / 256.4.
pub const AMX_A_CHUNK_BYTES: usize = 3 << 19;

/// Chunks ahead (of 16 k pairs: one line per A row) that an AMX run prefetches its A rows
/// into L1. One chunk ahead measured 4–14 % faster than none on the loop-body GEMMs at
/// M = 128 and 512 on the Intel Xeon with AMX; two and four ahead gained less
/// (`examples/amx_panel.rs`).
pub const AMX_A_PREFETCH: usize = 1;

/// One K block, in k pairs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairBlock {
    /// First k pair.
    pub(crate) q0: usize,
    /// Index of the tile variant (load_c, epilogue, length) used for this block.
    pub(crate) variant: usize,
}

/// The part of the epilogue the frame applies after the last K block's tile.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameEpilogue {
    pub(crate) bias: bool,
    pub(crate) activation: Activation,
    pub(crate) residual: bool,
    /// The AMX tiles' faster, not bit-exact epilogue (`bf16_exec::epilogue_row_fast`).
    pub(crate) fast: bool,
}

impl FrameEpilogue {
    pub(crate) fn is_empty(&self) -> bool {
        !self.bias && self.activation == Activation::Identity && !self.residual
    }
}

/// What a bf16 tile was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bf16Tile {
    /// A `vdpbf16ps` zmm tile.
    Avx512(Bf16TileSpec),
    /// An AMX `tdpbf16ps` tile.
    Amx(AmxTileSpec),
    /// A run of AMX tiles down one panel (`Bf16GemmKernel::runs`).
    AmxRun(AmxPanelSpec),
}

impl Bf16Tile {
    /// The kernel's name.
    pub fn name(&self) -> String {
        match self {
            Self::Avx512(s) => s.name(),
            Self::Amx(s) => s.name(),
            Self::AmxRun(s) => s.name(),
        }
    }

    fn validate(&self) -> Result<()> {
        match self {
            Self::Avx512(s) => s.validate(),
            Self::Amx(s) => s.validate(),
            Self::AmxRun(s) => s.validate(),
        }
    }

    #[cfg(feature = "asm")]
    fn assemble(&self) -> Result<Vec<u8>> {
        use crate::x86_64::{amx::gemm_bf16 as amx_gen, avx512::gemm_bf16 as tile_gen};
        match self {
            Self::Avx512(s) => tile_gen::assemble(s),
            Self::Amx(s) => amx_gen::assemble(s),
            Self::AmxRun(s) => amx_gen::assemble_panel(s),
        }
    }

    /// Its Intel-syntax listing.
    #[cfg(feature = "asm")]
    pub fn dump(&self) -> Result<String> {
        use crate::x86_64::{amx::gemm_bf16 as amx_gen, avx512::gemm_bf16 as tile_gen};
        match self {
            Self::Avx512(s) => tile_gen::dump(s),
            Self::Amx(s) => amx_gen::dump(s),
            Self::AmxRun(s) => amx_gen::dump_panel(s),
        }
    }
}

/// A generated bf16 tile inside the kernel's code buffer.
#[derive(Debug, Clone)]
pub struct GeneratedBf16Tile {
    /// What the tile was specialised on (its name is `spec.name()`).
    pub spec: Bf16Tile,
    /// Byte offset of its entry point in the code buffer.
    pub offset: usize,
    /// Its entry point (valid while the owning [`Bf16GemmKernel`] is alive).
    pub entry: Bf16GemmTileFn,
}

/// The code of `specs`, each function on a cache line, and where each starts.
#[cfg(feature = "asm")]
#[expect(clippy::type_complexity, reason = "the code and each tile's offset in it")]
fn assemble_all(specs: &[Bf16Tile]) -> Result<(Vec<u8>, Vec<(Bf16Tile, usize)>)> {
    let mut code = Vec::new();
    let mut placed = Vec::with_capacity(specs.len());
    for spec in specs {
        code.resize(code.len().next_multiple_of(64), 0xCC);
        placed.push((*spec, code.len()));
        code.extend(spec.assemble()?);
    }
    Ok((code, placed))
}

/// Whatever keeps a kernel's stored code mapped.
struct Keep(#[expect(dead_code, reason = "held for its drop")] Arc<dyn std::any::Any + Send + Sync>);

impl std::fmt::Debug for Keep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stored code")
    }
}

/// A bf16 GEMM ready to run: generated `vdpbf16ps` tiles plus the frame.
#[derive(Debug)]
pub struct Bf16GemmKernel {
    pub(crate) plan: Bf16GemmPlan,
    /// Rows per M block (the last block may be shorter).
    pub(crate) m_block: usize,
    pub(crate) k_blocks: Vec<PairBlock>,
    pub(crate) frame_epilogue: FrameEpilogue,
    /// Row stride of the bf16 A scratch, elements (even).
    pub(crate) a_lda: usize,
    /// A converted to bf16 (`m × a_lda` from the first 64-byte boundary), allocated at build.
    pub(crate) scratch: Mutex<Vec<u16>>,
    /// The generated code, or `None` for a kernel over stored code (`keepalive` holds it).
    #[cfg(feature = "asm")]
    code: Option<ExecBuffer>,
    keepalive: Option<Keep>,
    tiles: Vec<GeneratedBf16Tile>,
    /// `lookup[variant][m_tail][n_tail]` = index into `tiles`.
    lookup: Vec<[[Option<usize>; 2]; 2]>,
    /// AMX: the whole-M-block rows go through runs of tiles ([`AmxPanelSpec`]) over the
    /// K pairs of whole chunks, `run_blocks` M blocks per call (a chunk of A that stays in
    /// L2 while the thread's panels stream past it). `runs[last][n_tail]` = index into
    /// `tiles` for a full chunk (`last` = 0) or the shorter last one. Empty elsewhere.
    pub(crate) runs: [[Option<usize>; 2]; 2],
    /// M blocks per run call (0: no runs).
    pub(crate) run_blocks: usize,
    /// K pairs the runs cover (the whole chunks; a K tail goes through the tiles).
    pub(crate) run_pairs: usize,
    pub(crate) pool: Option<Arc<ThreadPool>>,
}

impl Bf16GemmKernel {
    /// Every tile variant and run the frame calls, in code order (fills `lookup` and `runs`
    /// with indices into the list; the entry points come with [`Bf16GemmKernel::attach`]).
    fn plan_tiles(&mut self, variants: &[(bool, bool, usize)]) -> Result<Vec<Bf16Tile>> {
        let p = self.plan;
        let mb = self.m_block;
        let m_rows = [(p.m >= mb).then_some(mb), (!p.m.is_multiple_of(mb)).then_some(p.m % mb)];
        let n_cols = [(p.n >= NR).then_some(NR), (!p.n.is_multiple_of(NR)).then_some(p.n % NR)];
        let mut specs = Vec::new();
        for &(load_c, last, kp) in variants {
            let mut table = [[None; 2]; 2];
            for (mi, mr) in m_rows.iter().enumerate() {
                for (ni, nr) in n_cols.iter().enumerate() {
                    let (Some(mr), Some(nr)) = (*mr, *nr) else {
                        continue;
                    };
                    let spec = if p.amx {
                        Bf16Tile::Amx(AmxTileSpec { mr, nr, kp, lda: self.a_lda, ldc: p.ldc, load_c })
                    } else {
                        Bf16Tile::Avx512(Bf16TileSpec {
                            mr,
                            nr,
                            kp,
                            lda: self.a_lda,
                            ldc: p.ldc,
                            ldr: p.ldr,
                            load_c,
                            bias: last && p.epilogue.bias,
                            residual: last && p.epilogue.residual && !self.frame_epilogue.residual,
                            broadcast: p.broadcast,
                            unroll: p.unroll,
                            b_prefetch: p.b_prefetch,
                        })
                    };
                    spec.validate()?;
                    table[mi][ni] = Some(specs.len());
                    specs.push(spec);
                }
            }
            self.lookup.push(table);
        }
        self.plan_runs(&mut specs, &n_cols)?;
        Ok(specs)
    }

    /// Takes the entry points of `specs` in `code` (at `offsets`, in `specs` order).
    ///
    /// # Safety
    /// Each offset must start the code generated for its spec, in executable memory that
    /// stays mapped while the kernel lives (the kernel keeps it: `code` or `keepalive`).
    #[expect(unsafe_code, reason = "typing the entry points of generated code")]
    unsafe fn attach(&mut self, code: &[u8], specs: &[(Bf16Tile, usize)], offsets: &[usize]) -> Result<()> {
        for ((spec, _), &offset) in specs.iter().zip(offsets) {
            let Some(start) = code.get(offset..).filter(|r| !r.is_empty()) else {
                return Err(KernelError::Assemble {
                    kernel: spec.name(),
                    message: "entry point outside the code".into(),
                });
            };
            // SAFETY: the caller's contract: `start` begins a function following the
            // `Bf16GemmTileFn` ABI, mapped executable while `self` lives.
            let entry = unsafe { std::mem::transmute::<*const u8, Bf16GemmTileFn>(start.as_ptr()) };
            self.tiles.push(GeneratedBf16Tile { spec: *spec, offset, entry });
        }
        Ok(())
    }

    /// The AMX runs (see [`Bf16GemmKernel::runs`]): M blocks of whole chunks of A, sized so a
    /// chunk of the bf16 A (`plan.amx_run_chunk` bytes) stays in L2.
    fn plan_runs(&mut self, specs: &mut Vec<Bf16Tile>, n_cols: &[Option<usize>; 2]) -> Result<()> {
        let p = self.plan;
        let (mb, kp) = (self.m_block, p.k.div_ceil(2));
        let (blocks, main) = (p.m / mb, kp - kp % amx_gen::MAX_KC);
        if !p.amx || p.amx_run_chunk == 0 || blocks == 0 || main == 0 {
            return Ok(());
        }
        let per_chunk = (p.amx_run_chunk / (2 * mb * self.a_lda)).clamp(1, blocks);
        let k_block = p.k_block.map_or(0, |kc| kc.div_ceil(2).next_multiple_of(amx_gen::MAX_KC).min(main));
        self.run_blocks = per_chunk;
        self.run_pairs = main;
        for (last, nb) in [(0, per_chunk), (1, blocks % per_chunk)] {
            for (ni, nr) in n_cols.iter().enumerate() {
                let Some(nr) = *nr else { continue };
                if nb == 0 {
                    continue;
                }
                let tile = AmxTileSpec { mr: mb, nr, kp: main, lda: self.a_lda, ldc: p.ldc, load_c: false };
                let spec = Bf16Tile::AmxRun(AmxPanelSpec {
                    tile,
                    m_blocks: nb,
                    k_block,
                    a_prefetch: AMX_A_PREFETCH,
                });
                spec.validate()?;
                self.runs[last][ni] = Some(specs.len());
                specs.push(spec);
            }
        }
        Ok(())
    }

    pub(crate) fn run_for(&self, last: bool, n_tail: bool) -> Option<Bf16GemmTileFn> {
        let i = self.runs[usize::from(last)][usize::from(n_tail)]?;
        Some(self.tiles.get(i)?.entry)
    }

    /// The plan this kernel was built for.
    pub fn plan(&self) -> &Bf16GemmPlan {
        &self.plan
    }

    /// Row stride (bf16 elements) of the converted A the tiles read.
    pub fn scratch_lda(&self) -> usize {
        self.a_lda
    }

    /// Uses `pool` for every later `run`.
    pub fn set_pool(&mut self, pool: Arc<ThreadPool>) {
        self.pool = Some(pool);
    }

    /// The generated tiles.
    pub fn tiles(&self) -> &[GeneratedBf16Tile] {
        &self.tiles
    }

    /// The generated machine code (empty for a kernel over stored code).
    pub fn code(&self) -> &[u8] {
        #[cfg(feature = "asm")]
        if let Some(c) = &self.code {
            return c.bytes();
        }
        &[]
    }

    /// Intel-syntax listing of every generated tile (`--dump-asm`).
    #[cfg(feature = "asm")]
    pub fn dump_asm(&self) -> Result<String> {
        let mut out = String::new();
        for t in &self.tiles {
            out.push_str(&t.spec.dump()?);
            out.push('\n');
        }
        Ok(out)
    }

    pub(crate) fn tile_for(&self, variant: usize, m_tail: bool, n_tail: bool) -> Option<Bf16GemmTileFn> {
        let i = self.lookup.get(variant)?[usize::from(m_tail)][usize::from(n_tail)]?;
        Some(self.tiles.get(i)?.entry)
    }

    /// Minimum lengths of (A, C, residual) in f32 elements.
    pub fn required_lengths(&self) -> (usize, usize, usize) {
        let p = &self.plan;
        ((p.m - 1) * p.lda + p.k, (p.m - 1) * p.ldc + p.n, (p.m - 1) * p.ldr + p.n)
    }

    /// `C = act(bf16(A)·Wᵀ + bias) + residual` on the calling thread, or on the pool given to
    /// [`Bf16GemmKernel::set_pool`]. `a` is f32 (rounded to bf16 here), `b` the bf16 weight.
    pub fn run(
        &self,
        a: &[f32],
        b: &PackedBf16,
        c: &mut [f32],
        bias: Option<&[f32]>,
        residual: Option<&[f32]>,
    ) -> Result<()> {
        super::bf16_exec::run_checked(self, self.pool.as_deref(), a, b, c, bias, residual)
    }

    /// Like [`Bf16GemmKernel::run`], split over `pool`'s threads (N panels per thread: the
    /// result is bit-identical to a single-threaded run).
    pub fn run_on(
        &self,
        pool: &ThreadPool,
        a: &[f32],
        b: &PackedBf16,
        c: &mut [f32],
        bias: Option<&[f32]>,
        residual: Option<&[f32]>,
    ) -> Result<()> {
        super::bf16_exec::run_checked(self, Some(pool), a, b, c, bias, residual)
    }
}

/// Lists the tiles a plan would generate without the CPU check (for `--dump-asm` and
/// golden tests on hosts without AVX512_BF16); the kernel cannot be run.
#[cfg(feature = "asm")]
pub fn dump_plan_asm(plan: &Bf16GemmPlan) -> Result<String> {
    plan.build_unchecked()?.dump_asm()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_and_weights_can_be_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Bf16GemmKernel>();
        shared::<PackedBf16>();
    }

    #[test]
    fn scratch_stride_is_even_and_spreads_rows() {
        for k in [1, 2, 3, 64, 1023, 1024, 4096, 4097] {
            let lda = bf16_scratch_lda(k);
            assert!(lda >= k && lda.is_multiple_of(2), "k={k} lda={lda}");
            assert!(rows_per_l1_set(2 * lda) <= MAX_ROWS_PER_L1_SET, "k={k} lda={lda}");
        }
        assert_eq!(bf16_scratch_lda(1024), 1056);
    }

    #[test]
    fn plans_generate_the_tiles_they_need() -> Result<()> {
        let plan = Bf16GemmPlan::new(30, 70, 101, Epilogue::BIAS_RESIDUAL).with_k_block(40);
        let text = dump_plan_asm(&plan)?;
        // K = 101 → 51 pairs in blocks of 20: first, middle, last(11) variants; M = 30 →
        // 14 + tail 2; N = 70 → 32 + tail 6.
        assert!(text.contains("; avx512bf16_matmul_bf16_14x32 kp=20"), "{text}");
        assert!(text.contains("; avx512bf16_matmul_bf16_2x6 kp=11"), "{text}");
        assert!(text.contains("vdpbf16ps"), "{text}");
        assert!(Bf16GemmPlan::new(0, 1, 1, Epilogue::NONE).build().is_err());
        Ok(())
    }

    #[test]
    fn amx_plans_list_amx_tiles_with_a_k_tail() -> Result<()> {
        // K = 101 → 51 pairs = 48 (three 16-pair chunks) + a 3-pair tail; M = 70 → 3 equal
        // blocks of 24, 24, 22; N = 40 → 32 + 8.
        let plan = Bf16GemmPlan::new(70, 40, 101, Epilogue::BIAS_RESIDUAL).with_amx(true);
        let text = dump_plan_asm(&plan)?;
        assert!(text.contains("; amx_matmul_bf16_24x32 kp=48 kc=16"), "{text}");
        // The AMX scratch row is whole cache lines: 102 bf16 rounded up to 128.
        assert!(text.contains("; amx_matmul_bf16_22x8 kp=3 kc=3 lda=128 ldc=40 load_c=true"), "{text}");
        assert!(text.contains("tdpbf16ps tmm0,tmm4,tmm6"), "{text}");
        if !CpuFeatures::detect().amx_bf16 {
            assert!(matches!(plan.build(), Err(KernelError::MissingCpuFeature { .. })));
        }
        Ok(())
    }
}
