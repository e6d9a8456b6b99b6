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
use crate::exec_mem::ExecBuffer;
use crate::frame::{Activation, Epilogue};
use crate::pool::ThreadPool;
use crate::x86_64::avx512::gemm::{self as tile_gen, Broadcast, GemmTileFn, TileActivation, TileSpec};
use std::sync::{Arc, Mutex};

/// Rows of the AVX-512 tile.
pub const MR: usize = tile_gen::MR;
/// Columns of a tile (= packed panel width).
pub const NR: usize = tile_gen::NR;

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
        if self.b_prefetch > tile_gen::MAX_B_PREFETCH {
            return bad(format!("b_prefetch {} above {}", self.b_prefetch, tile_gen::MAX_B_PREFETCH));
        }
        Ok(())
    }

    /// Generates the kernels for this plan.
    pub fn build(&self) -> Result<GemmKernel> {
        self.validate()?;
        let isa = self.isa.unwrap_or_else(|| CpuFeatures::detect().best_isa());
        let isa = if isa == Isa::Avx512 && !CpuFeatures::detect().avx512f { Isa::Portable } else { isa };
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
            code: None,
            tiles: Vec::new(),
            lookup: Vec::new(),
            external: None,
            pool: None,
        };
        if isa == Isa::Avx512 {
            kernel.generate(&variants, tile_act.unwrap_or(TileActivation::Identity))?;
        }
        Ok(kernel)
    }
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
            m_block: tiles.rows,
            k_blocks: vec![KBlock { k0: 0, len: self.k, variant: 0 }],
            frame_epilogue: FrameEpilogue {
                bias: self.epilogue.bias,
                activation: self.epilogue.activation,
                residual: self.epilogue.residual,
            },
            a_repack: None,
            code: None,
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
    code: Option<ExecBuffer>,
    tiles: Vec<GeneratedTile>,
    /// `lookup[variant][m_tail][n_tail]` = index into `tiles`.
    lookup: Vec<[[Option<usize>; 2]; 2]>,
    /// Tiles generated elsewhere, when the frame runs them (see [`ExternalTiles`]).
    pub(crate) external: Option<ExternalTiles>,
    pub(crate) pool: Option<Arc<ThreadPool>>,
}

impl GemmKernel {
    #[expect(unsafe_code, reason = "typing the entry points of the code this function just generated")]
    fn generate(&mut self, variants: &[(bool, bool, usize)], act: TileActivation) -> Result<()> {
        let p = self.plan;
        let mb = self.m_block;
        let m_rows = [(p.m >= mb).then_some(mb), (!p.m.is_multiple_of(mb)).then_some(p.m % mb)];
        let n_cols = [(p.n >= NR).then_some(NR), (!p.n.is_multiple_of(NR)).then_some(p.n % NR)];
        let mut code = Vec::new();
        let mut specs = Vec::new();
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
                    // Entry points start on a cache line.
                    code.resize(code.len().next_multiple_of(64), 0xCC);
                    let offset = code.len();
                    code.extend(tile_gen::assemble(&spec)?);
                    table[mi][ni] = Some(specs.len());
                    specs.push((spec, offset));
                }
            }
            self.lookup.push(table);
        }
        let buffer = ExecBuffer::new(&code)?;
        for (spec, offset) in specs {
            // SAFETY: `offset` is the start of code generated for `spec` by
            // `tile_gen::assemble`, which follows the `GemmTileFn` ABI; the pointer is kept
            // next to `buffer` in `self` and only called while `self` is alive.
            let entry = unsafe { crate::exec_mem::ExecBuffer::entry::<GemmTileFn>(&buffer, offset) };
            let entry = entry.ok_or_else(|| KernelError::Assemble {
                kernel: spec.name(),
                message: "entry point outside the code buffer".into(),
            })?;
            self.tiles.push(GeneratedTile { spec, offset, entry });
        }
        self.code = Some(buffer);
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

    /// The generated machine code (empty on the portable path).
    pub fn code(&self) -> &[u8] {
        self.code.as_ref().map_or(&[], ExecBuffer::bytes)
    }

    /// Intel-syntax listing of every generated tile (`--dump-asm`).
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
