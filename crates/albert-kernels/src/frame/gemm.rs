//! GEMM plans and kernels: `C = act(A·Wᵀ + bias) + residual` for one call site.
//!
//! A [`GemmPlan`] fixes M, N, K, the strides and the epilogue; [`GemmPlan::build`] generates
//! every tile variant the call site needs (full 14×32 tile, M-tail rows, N-tail columns with an
//! opmask, first/middle/last K block) into one W^X buffer and returns a [`GemmKernel`]. The
//! kernel's `run*` methods are the safe wrappers: they check every length, then walk the
//! tiles (frame loop in `exec.rs`).
//!
//! Loop order per thread: N-panels outermost (each thread owns a contiguous range of panels,
//! which makes results independent of the thread count), then K blocks, then M blocks: the
//! `kc × 32` slice of the packed panel stays in L1 while every M block uses it, and the M × 32
//! strip of C stays in L2 between K blocks.
//!
//! Epilogues run in the tile while C is in registers (bias, relu, gelu_new, residual). Exact
//! GELU (erf) has no in-register implementation yet: the tile adds the bias and the frame
//! applies the activation and residual right after the tile, while it is hot in L1.

use crate::cpu::{CpuFeatures, Isa};
use crate::error::{KernelError, Result};
#[cfg(feature = "asm")]
use crate::exec_mem::ExecBuffer;
use crate::frame::{Activation, Epilogue};
use crate::pool::ThreadPool;
#[cfg(feature = "asm")]
use crate::x86_64::avx512::gemm as tile_gen;
use crate::x86_64::avx512::tile::{self as tile_types, Broadcast, GemmTileFn, TileActivation, TileSpec};
use std::sync::{Arc, Mutex};

/// Rows of the AVX-512 tile.
pub const MR: usize = tile_types::MR;
/// Columns of a tile (= packed panel width).
pub const NR: usize = tile_types::NR;

/// Default K block: none (the whole K in one tile call). Measured on this machine (Zen 4,
/// 32 KiB L1d, 1 MiB L2): with full K the ALBERT GEMMs run at 90–95% of the FMA peak, with
/// 256-blocks at 82–86%, with 64-blocks ~55% (per-call start-up on 14 new A streams). The
/// packed panel (`K·128` bytes ≤ 512 KiB) stays in L2 across the M blocks either way.
pub const DEFAULT_K_BLOCK: usize = usize::MAX;

/// Largest M that takes the small-M path (see [`GemmPlan::small_m`]).
pub const SMALL_M: usize = 16;

/// Default [`GemmPlan::b_prefetch`] distance on the small-M path: bytes of the packed panel
/// ahead of the current K step (64 K steps). Measured at M = 8 on the four ALBERT-large
/// shapes (`examples/small_m.rs`): `prefetcht1` 8 KiB ahead cuts the time of B streamed from
/// DRAM by 10–20% on one and two threads; 4–64 KiB are within noise of each other, 0.5–2 KiB
/// and `prefetcht0` / `prefetchnta` gain nothing or lose.
pub const DEFAULT_B_PREFETCH: usize = 8192;

/// Rows of one tile that may share an L1 set before the frame repacks A (L1d is 8-way; the
/// B stream and C need ways too).
const MAX_ROWS_PER_L1_SET: usize = 2;

/// How many of the 14 rows of a tile fall into the same 64-byte-line set of a 32 KiB, 8-way
/// L1 (64 sets, 4 KiB apart) for an A row stride of `lda` floats.
fn rows_per_l1_set(lda: usize) -> usize {
    let mut count = [0usize; 64];
    for r in 0..MR {
        count[(r * lda * 4 / 64) % 64] += 1;
    }
    count.into_iter().max().unwrap_or(0)
}

/// An A row stride `≥ k` whose tile rows spread over L1 sets. Row strides that are multiples
/// of 4 KiB (K = 1024, 4096: every ALBERT activation) put all 14 rows of a tile in one set and
/// cost ~25% of the throughput. A memory planner that gives activations this stride avoids
/// the frame's copy of A.
pub fn preferred_lda(k: usize) -> usize {
    let mut lda = k;
    while rows_per_l1_set(lda) > MAX_ROWS_PER_L1_SET {
        lda = (lda + 1).next_multiple_of(16);
    }
    lda
}

/// The description of one GEMM call site; everything here is a constant of the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GemmPlan {
    /// Rows of A and C.
    pub m: usize,
    /// Columns of C (rows of the HF weight).
    pub n: usize,
    /// Reduction length.
    pub k: usize,
    /// Row stride of A in elements (`≥ k`).
    pub lda: usize,
    /// Row stride of C in elements (`≥ n`).
    pub ldc: usize,
    /// Row stride of the residual in elements (`≥ n`).
    pub ldr: usize,
    /// Fused epilogue.
    pub epilogue: Epilogue,
    /// Kernel family; `None` picks the best the CPU supports.
    pub isa: Option<Isa>,
    /// K block length; `None` uses [`DEFAULT_K_BLOCK`].
    pub k_block: Option<usize>,
    /// How the AVX-512 tile broadcasts A.
    pub broadcast: Broadcast,
    /// K-loop unroll of the AVX-512 tile.
    pub unroll: usize,
    /// Small-M path (set by [`GemmPlan::new`] for `m ≤` [`SMALL_M`]): M is split into
    /// blocks of equal height (8 + 8 rather than 14 + 2 for M = 16; one tile of exactly M
    /// rows for M ≤ 14). A is still copied when its stride aliases in L1: skipping the copy
    /// measured 5–15% slower at M = 8, K = 1024 / 4096.
    pub small_m: bool,
    /// Software prefetch distance for B in bytes (0: none), see [`TileSpec::b_prefetch`].
    /// [`GemmPlan::new`] sets [`DEFAULT_B_PREFETCH`] on the small-M path, 0 otherwise.
    pub b_prefetch: usize,
}

impl GemmPlan {
    /// A plan with contiguous strides (`lda = k`, `ldc = ldr = n`).
    pub fn new(m: usize, n: usize, k: usize, epilogue: Epilogue) -> Self {
        Self {
            m,
            n,
            k,
            lda: k,
            ldc: n,
            ldr: n,
            epilogue,
            isa: None,
            k_block: None,
            broadcast: Broadcast::Register,
            unroll: 4,
            small_m: m <= SMALL_M,
            b_prefetch: if m <= SMALL_M { DEFAULT_B_PREFETCH } else { 0 },
        }
    }

    /// Sets the row strides of A, C and the residual.
    pub fn with_strides(mut self, lda: usize, ldc: usize, ldr: usize) -> Self {
        self.lda = lda;
        self.ldc = ldc;
        self.ldr = ldr;
        self
    }

    /// Forces a kernel family (e.g. [`Isa::Portable`] to test the fallback).
    pub fn with_isa(mut self, isa: Isa) -> Self {
        self.isa = Some(isa);
        self
    }

    /// Sets the K block length (results do not depend on it: K blocks are summed in order).
    pub fn with_k_block(mut self, kc: usize) -> Self {
        self.k_block = Some(kc);
        self
    }

    /// FLOPs of one run, `2·M·N·K` (epilogue not counted).
    pub fn flops(&self) -> u64 {
        2 * self.m as u64 * self.n as u64 * self.k as u64
    }

    fn validate(&self) -> Result<()> {
        let bad = |reason: String| Err(KernelError::Shape { op: "gemm", reason });
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
        if self.b_prefetch > tile_types::MAX_B_PREFETCH {
            return bad(format!("b_prefetch {} above {}", self.b_prefetch, tile_types::MAX_B_PREFETCH));
        }
        Ok(())
    }

    /// Generates the kernels for this plan (AVX-512 tiles assembled with iced-x86 into one
    /// W^X buffer; the portable family needs no code).
    /// An AVX-512 plan on a CPU without AVX-512 gets the portable family.
    pub fn build(&self) -> Result<GemmKernel> {
        let plan = match self.isa {
            Some(Isa::Avx512) if !CpuFeatures::detect().avx512f => self.with_isa(Isa::Portable),
            _ => *self,
        };
        let kernel = plan.layout()?;
        if kernel.specs.is_empty() {
            return Ok(kernel);
        }
        Self::generate(kernel)
    }

    #[cfg(not(feature = "asm"))]
    fn generate(_: GemmKernel) -> Result<GemmKernel> {
        Err(KernelError::Shape {
            op: "gemm",
            reason: "built without the `asm` feature: AVX-512 tiles can only be loaded".into(),
        })
    }

    #[cfg(feature = "asm")]
    fn generate(mut kernel: GemmKernel) -> Result<GemmKernel> {
        let (code, offsets) = assemble_tiles(&kernel.specs)?;
        let buffer = Arc::new(ExecBuffer::new(&code)?);
        let base = buffer.bytes();
        #[expect(unsafe_code, reason = "attaching the code just generated")]
        // SAFETY: `base` is the read-execute copy of `code`, whose tile `i` starts at
        // `offsets[i]` and was generated for `kernel.specs[i]`; the kernel keeps `buffer`.
        unsafe {
            kernel.attach(base, &offsets, buffer.clone())?
        };
        Ok(kernel)
    }

    /// The AVX-512 tiles this plan needs, in the order [`GemmPlan::build_from_code`] takes
    /// their offsets (empty for the portable family).
    pub fn tile_specs(&self) -> Result<Vec<TileSpec>> {
        Ok(self.layout()?.specs)
    }

    /// Assembles this plan's AVX-512 tiles into one position-independent blob (each entry on
    /// a cache line, `int3` between them): the code and each tile's offset, for an artifact.
    #[cfg(feature = "asm")]
    pub fn assemble(&self) -> Result<(Vec<u8>, Vec<usize>)> {
        assemble_tiles(&self.layout()?.specs)
    }

    /// The kernel for this plan over tiles generated earlier (loaded from an artifact):
    /// nothing is generated. `offsets[i]` is where tile `i` of [`GemmPlan::tile_specs`]
    /// starts in `code`.
    ///
    /// # Safety
    /// `code` must be executable memory holding, at each offset, the tile assembled for that
    /// spec by this version of the crate (as [`GemmPlan::assemble`] lays it out), and it must
    /// stay mapped as long as `keepalive` lives.
    #[expect(unsafe_code, reason = "the caller vouches for the code")]
    pub unsafe fn build_from_code(
        &self,
        code: &[u8],
        offsets: &[usize],
        keepalive: Arc<dyn std::any::Any + Send + Sync>,
    ) -> Result<GemmKernel> {
        let mut kernel = self.layout()?;
        if kernel.isa == Isa::Avx512 && !CpuFeatures::detect().avx512f {
            return Err(KernelError::Shape { op: "gemm", reason: "this CPU lacks AVX-512F".into() });
        }
        // SAFETY: the caller's contract.
        unsafe { kernel.attach(code, offsets, keepalive)? };
        Ok(kernel)
    }

    /// Everything of the kernel but its code: K blocks, tile variants, epilogue split.
    fn layout(&self) -> Result<GemmKernel> {
        self.validate()?;
        let isa = self.isa.unwrap_or_else(|| CpuFeatures::detect().best_isa());
        let kc = self.k_block.unwrap_or(DEFAULT_K_BLOCK).min(self.k);
        let nkb = self.k.div_ceil(kc);
        let tile_act = match self.epilogue.activation {
            Activation::Identity => Some(TileActivation::Identity),
            Activation::Relu => Some(TileActivation::Relu),
            Activation::GeluNew => Some(TileActivation::GeluNew),
            Activation::Gelu | Activation::Tanh | Activation::Silu => None,
        };
        let in_tile = isa == Isa::Avx512 && tile_act.is_some();
        let frame_epilogue = FrameEpilogue {
            bias: isa == Isa::Portable && self.epilogue.bias,
            activation: if in_tile { Activation::Identity } else { self.epilogue.activation },
            residual: !in_tile && self.epilogue.residual,
        };

        let mut variants: Vec<(bool, bool, usize)> = Vec::new();
        let mut k_blocks = Vec::with_capacity(nkb);
        for kb in 0..nkb {
            let k0 = kb * kc;
            let len = kc.min(self.k - k0);
            let key = (kb > 0, kb + 1 == nkb, len);
            let variant = match variants.iter().position(|v| *v == key) {
                Some(i) => i,
                None => {
                    variants.push(key);
                    variants.len() - 1
                }
            };
            k_blocks.push(KBlock { k0, len, variant });
        }

        // Copy A into a padded scratch when its stride makes the tile's rows collide in L1.
        let a_repack = (isa == Isa::Avx512 && rows_per_l1_set(self.lda) > MAX_ROWS_PER_L1_SET).then(|| {
            let lda = preferred_lda(self.k);
            ARepack { lda, scratch: Mutex::new(vec![0.0; (self.m - 1) * lda + self.k]) }
        });
        let m_block = if self.small_m {
            // Equal-height blocks: M ≤ 14 is one block, 15..=28 two.
            self.m.div_ceil(self.m.div_ceil(MR))
        } else {
            MR
        };
        let mut kernel = GemmKernel {
            plan: *self,
            isa,
            m_block,
            k_blocks,
            frame_epilogue,
            a_repack,
            keepalive: None,
            specs: Vec::new(),
            tiles: Vec::new(),
            lookup: Vec::new(),
            external: None,
            pool: None,
        };
        if isa == Isa::Avx512 {
            kernel.lay_out_tiles(&variants, tile_act.unwrap_or(TileActivation::Identity));
        }
        Ok(kernel)
    }
}

/// Assembles `specs` one after the other, each on a cache line.
#[cfg(feature = "asm")]
fn assemble_tiles(specs: &[TileSpec]) -> Result<(Vec<u8>, Vec<usize>)> {
    let mut code = Vec::new();
    let mut offsets = Vec::with_capacity(specs.len());
    for spec in specs {
        code.resize(code.len().next_multiple_of(64), 0xCC);
        offsets.push(code.len());
        code.extend(tile_gen::assemble(spec)?);
    }
    Ok((code, offsets))
}

/// Tiles generated outside this crate for this frame (the Cranelift `f32x4` tiles of
/// `albert-codegen`: NEON on aarch64, SSE on `x86_64-portable`). Each computes
/// `C[0..rows, 0..cols] = A[0..rows, 0..K] · B[0..K, 0..cols]` with B read from a packed
/// panel (row stride [`crate::frame::pack::PANEL_WIDTH`]) through the [`GemmTileFn`] ABI
/// (bias and residual pointers unused): the frame applies the whole epilogue after it.
pub struct ExternalTiles {
    /// Rows of a full tile.
    pub rows: usize,
    /// Columns of a full tile (a divisor of the panel width).
    pub cols: usize,
    /// The entry point for each `(rows, cols)` of [`GemmPlan::external_tile_shapes`].
    pub entries: Vec<((usize, usize), GemmTileFn)>,
    /// Keeps the tiles' code alive as long as the kernel.
    pub keepalive: Arc<dyn std::any::Any + Send + Sync>,
}

impl std::fmt::Debug for ExternalTiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalTiles")
            .field("rows", &self.rows)
            .field("cols", &self.cols)
            .finish_non_exhaustive()
    }
}

impl ExternalTiles {
    pub(crate) fn entry(&self, rows: usize, cols: usize) -> Option<GemmTileFn> {
        self.entries.iter().find(|(k, _)| *k == (rows, cols)).map(|(_, f)| *f)
    }
}

impl GemmPlan {
    /// The `(rows, cols)` tiles the frame calls for this plan with external tiles of
    /// `rows × cols` (full tiles, the M tail, the N tails of the last panel).
    pub fn external_tile_shapes(&self, rows: usize, cols: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let row_set =
            [(self.m >= rows).then_some(rows), (!self.m.is_multiple_of(rows)).then_some(self.m % rows)];
        let mut col_set = Vec::new();
        for panel in 0..self.n.div_ceil(NR) {
            let w = NR.min(self.n - panel * NR);
            for h in (0..w).step_by(cols) {
                let c = cols.min(w - h);
                if !col_set.contains(&c) {
                    col_set.push(c);
                }
            }
        }
        for r in row_set.into_iter().flatten() {
            for &c in &col_set {
                out.push((r, c));
            }
        }
        out
    }

    /// The frame over tiles generated elsewhere (see [`ExternalTiles`]): one K block (the
    /// tiles are generated for the whole K), no copy of A (the tiles are generated for its
    /// stride), the epilogue applied by the frame.
    pub fn build_external(&self, tiles: ExternalTiles) -> Result<GemmKernel> {
        self.validate()?;
        if tiles.rows == 0 || tiles.cols == 0 || !NR.is_multiple_of(tiles.cols) {
            return Err(KernelError::Shape {
                op: "gemm",
                reason: format!(
                    "external tiles of {}x{} do not divide {NR}-column panels",
                    tiles.rows, tiles.cols
                ),
            });
        }
        for (r, c) in self.external_tile_shapes(tiles.rows, tiles.cols) {
            if tiles.entry(r, c).is_none() {
                return Err(KernelError::Shape {
                    op: "gemm",
                    reason: format!("no external {r}x{c} tile given"),
                });
            }
        }
        Ok(GemmKernel {
            plan: *self,
            isa: Isa::Portable,
            keepalive: None,
            specs: Vec::new(),
            m_block: tiles.rows,
            k_blocks: vec![KBlock { k0: 0, len: self.k, variant: 0 }],
            frame_epilogue: FrameEpilogue {
                bias: self.epilogue.bias,
                activation: self.epilogue.activation,
                residual: self.epilogue.residual,
            },
            a_repack: None,
            tiles: Vec::new(),
            lookup: Vec::new(),
            external: Some(tiles),
            pool: None,
        })
    }
}

/// One K block of the frame loop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KBlock {
    pub(crate) k0: usize,
    pub(crate) len: usize,
    /// Index of the tile variant (load_c, epilogue, kc) used for this block.
    pub(crate) variant: usize,
}

/// The part of the epilogue the frame applies after the tile (what the tile cannot).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameEpilogue {
    pub(crate) bias: bool,
    pub(crate) activation: Activation,
    pub(crate) residual: bool,
}

impl FrameEpilogue {
    pub(crate) fn is_empty(&self) -> bool {
        !self.bias && self.activation == Activation::Identity && !self.residual
    }
}

/// Scratch for a copy of A with an L1-friendly row stride (allocated once, at build).
#[derive(Debug)]
pub(crate) struct ARepack {
    pub(crate) lda: usize,
    pub(crate) scratch: Mutex<Vec<f32>>,
}

/// A generated tile inside the kernel's code buffer.
#[derive(Debug, Clone)]
pub struct GeneratedTile {
    /// What the tile was specialised on (its name is `spec.name()`).
    pub spec: TileSpec,
    /// Byte offset of its entry point in the code buffer.
    pub offset: usize,
    /// Its entry point (valid while the owning [`GemmKernel`] is alive).
    pub entry: GemmTileFn,
}

/// A GEMM ready to run: generated tiles (AVX-512) or the portable path, plus the frame.
#[derive(Debug)]
pub struct GemmKernel {
    pub(crate) plan: GemmPlan,
    pub(crate) isa: Isa,
    /// Rows per M block of the AVX-512 path (the last block may be shorter).
    pub(crate) m_block: usize,
    pub(crate) k_blocks: Vec<KBlock>,
    pub(crate) frame_epilogue: FrameEpilogue,
    pub(crate) a_repack: Option<ARepack>,
    /// Keeps the tiles' code mapped (a generated buffer, or an artifact's code section).
    keepalive: Option<Arc<dyn std::any::Any + Send + Sync>>,
    /// The tiles to generate or load, in code order.
    specs: Vec<TileSpec>,
    tiles: Vec<GeneratedTile>,
    /// `lookup[variant][m_tail][n_tail]` = index into `tiles`.
    lookup: Vec<[[Option<usize>; 2]; 2]>,
    /// Tiles generated elsewhere, when the frame runs them (see [`ExternalTiles`]).
    pub(crate) external: Option<ExternalTiles>,
    pub(crate) pool: Option<Arc<ThreadPool>>,
}

impl GemmKernel {
    /// Lists the tile variants (`specs`, `lookup`) the frame calls for this plan.
    fn lay_out_tiles(&mut self, variants: &[(bool, bool, usize)], act: TileActivation) {
        let p = self.plan;
        let mb = self.m_block;
        let m_rows = [(p.m >= mb).then_some(mb), (!p.m.is_multiple_of(mb)).then_some(p.m % mb)];
        let n_cols = [(p.n >= NR).then_some(NR), (!p.n.is_multiple_of(NR)).then_some(p.n % NR)];
        for &(load_c, last, kc) in variants {
            let mut table = [[None; 2]; 2];
            for (mi, mr) in m_rows.iter().enumerate() {
                for (ni, nr) in n_cols.iter().enumerate() {
                    let (Some(mr), Some(nr)) = (*mr, *nr) else {
                        continue;
                    };
                    let spec = TileSpec {
                        mr,
                        nr,
                        kc,
                        lda: self.tile_lda(),
                        ldc: p.ldc,
                        ldr: p.ldr,
                        load_c,
                        bias: last && p.epilogue.bias,
                        activation: if last { act } else { TileActivation::Identity },
                        residual: last && p.epilogue.residual && !self.frame_epilogue.residual,
                        broadcast: p.broadcast,
                        unroll: p.unroll,
                        b_prefetch: p.b_prefetch,
                    };
                    table[mi][ni] = Some(self.specs.len());
                    self.specs.push(spec);
                }
            }
            self.lookup.push(table);
        }
    }

    /// Points the tiles at their code: tile `i` of `specs` starts at `code[offsets[i]]`.
    ///
    /// # Safety
    /// As [`GemmPlan::build_from_code`].
    #[expect(unsafe_code, reason = "typing the entry points of generated code")]
    unsafe fn attach(
        &mut self,
        code: &[u8],
        offsets: &[usize],
        keepalive: Arc<dyn std::any::Any + Send + Sync>,
    ) -> Result<()> {
        if offsets.len() != self.specs.len() {
            return Err(KernelError::Shape {
                op: "gemm",
                reason: format!("{} tile offsets for {} tiles", offsets.len(), self.specs.len()),
            });
        }
        for (spec, &offset) in self.specs.iter().zip(offsets) {
            if offset >= code.len() {
                return Err(KernelError::Assemble {
                    kernel: spec.name(),
                    message: "entry point outside the code".into(),
                });
            }
            let addr = code[offset..].as_ptr();
            // SAFETY: by the caller's contract `addr` is the start of the tile generated for
            // `spec`, which follows the `GemmTileFn` ABI, in executable memory that
            // `keepalive` (stored in `self`) keeps mapped while the pointer is used.
            let entry = unsafe { std::mem::transmute::<*const u8, GemmTileFn>(addr) };
            self.tiles.push(GeneratedTile { spec: *spec, offset, entry });
        }
        self.keepalive = Some(keepalive);
        Ok(())
    }

    /// Row stride of A as the tiles see it (the repacked stride when A is copied).
    pub(crate) fn tile_lda(&self) -> usize {
        self.a_repack.as_ref().map_or(self.plan.lda, |r| r.lda)
    }

    /// `true` when `run` first copies A into a scratch with an L1-friendly row stride
    /// (see [`preferred_lda`]).
    pub fn repacks_a(&self) -> bool {
        self.a_repack.is_some()
    }

    /// The plan this kernel was built for.
    pub fn plan(&self) -> &GemmPlan {
        &self.plan
    }

    /// The kernel family in use (AVX-512 or the portable fallback).
    pub fn isa(&self) -> Isa {
        self.isa
    }

    /// Whether the frame runs tiles generated elsewhere ([`GemmPlan::build_external`]).
    pub fn has_external_tiles(&self) -> bool {
        self.external.is_some()
    }

    /// Uses `pool` for every later `run` (the FFI entry point included).
    pub fn set_pool(&mut self, pool: Arc<ThreadPool>) {
        self.pool = Some(pool);
    }

    /// The generated tiles (empty on the portable path).
    pub fn tiles(&self) -> &[GeneratedTile] {
        &self.tiles
    }

    /// Intel-syntax listing of every generated tile (`--dump-asm`).
    #[cfg(feature = "asm")]
    pub fn dump_asm(&self) -> Result<String> {
        let mut out = String::new();
        for t in &self.tiles {
            out.push_str(&tile_gen::dump(&t.spec)?);
            out.push('\n');
        }
        Ok(out)
    }

    pub(crate) fn tile_for(&self, variant: usize, m_tail: bool, n_tail: bool) -> Option<GemmTileFn> {
        let i = self.lookup.get(variant)?[usize::from(m_tail)][usize::from(n_tail)]?;
        Some(self.tiles.get(i)?.entry)
    }

    /// Minimum lengths of (A, C, residual) in elements.
    pub fn required_lengths(&self) -> (usize, usize, usize) {
        let p = &self.plan;
        ((p.m - 1) * p.lda + p.k, (p.m - 1) * p.ldc + p.n, (p.m - 1) * p.ldr + p.n)
    }

    /// `C = act(A·Wᵀ + bias) + residual` on the calling thread, or on the pool given to
    /// [`GemmKernel::set_pool`].
    pub fn run(
        &self,
        a: &[f32],
        b: &crate::PackedB,
        c: &mut [f32],
        bias: Option<&[f32]>,
        residual: Option<&[f32]>,
    ) -> Result<()> {
        super::exec::run_checked(self, self.pool.as_deref(), a, b, c, bias, residual)
    }

    /// Like [`GemmKernel::run`], split over `pool`'s threads (N-panels per thread: the result
    /// is bit-identical to a single-threaded run).
    pub fn run_on(
        &self,
        pool: &ThreadPool,
        a: &[f32],
        b: &crate::PackedB,
        c: &mut [f32],
        bias: Option<&[f32]>,
        residual: Option<&[f32]>,
    ) -> Result<()> {
        super::exec::run_checked(self, Some(pool), a, b, c, bias, residual)
    }
}
