//! `.albert` artifacts: one file holding a whole deployable model, and their loader.
//!
//! ```text
//! 0   8  magic "ALBRTJIT"
//! 8   4  format version (u32 LE)
//! 12  4  reserved (0)
//! 16  8  header length H (u64 LE)
//! 24  8  XXH3-64 of the header bytes
//! 32  H  header: JSON (see [`Header`])
//! …      sections: code (at a 64 KiB boundary), then weights, graph, config.json and
//!        spiece.model (each at a 64-byte boundary)
//! ```
//!
//! - **code**: the machine code of every bucket's program and kernels, position-independent
//!   and without relocations (the compiler refuses any), mapped read-execute straight from the
//!   file: never writable, no copy, no instruction-cache maintenance.
//! - **weights**: every weight the programs read, once (the shared layer's once for every
//!   bucket and trip), each 64-byte aligned; GEMM weights already packed in the frame's panel
//!   layout. Mapped read-only and used in place.
//! - **graph**: the optimised graph (IR text), planned again at load exactly as the compiler
//!   planned it, so the loader rebuilds every call descriptor without generating code.
//!
//! Loading checks, before any code from the file runs: the magic, the format version, the
//! header's hash and syntax, the compiler version, the architecture and every CPU feature the
//! code needs, every section's bounds and hash, and that each kernel is the one the plan asks
//! for. Each failure is one line naming what is wrong.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::{Arc, Mutex};

use albert_ir::{Graph, WeightId};
use albert_kernels::{ExternalTiles, PackedB, PackedBf16, Target, ThreadPool};
use serde::{Deserialize, Serialize};

use crate::error::DeployError;
use crate::floats::{Floats, MappedHalves};
use crate::kernels::{Kernel, KernelReq, KernelSource, Precision};
use crate::ops::{OpDesc, WeightSource};
use crate::{BucketPlan, Executable, ProgramEntry};

/// The first eight bytes of every artifact.
pub const MAGIC: &[u8; 8] = b"ALBRTJIT";
/// The layout version this build reads and writes.
pub const FORMAT_VERSION: u32 = 2;
/// Bytes before the header.
pub const PREAMBLE: usize = 32;
/// The code section starts on this boundary (the largest page size of the targets: 64 KiB
/// pages on some aarch64 kernels), so it can be mapped on its own.
pub const SECTION_ALIGN: u64 = 65536;
/// The compiler that wrote an artifact must be this one.
pub const COMPILER: &str = concat!("albert-jit ", env!("CARGO_PKG_VERSION"));

/// XXH3-64 of `bytes`, as 16 hex digits.
pub fn hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Where a section lies in the file, and its hash.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Section {
    /// Byte offset in the file.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
    /// [`hash`] of its bytes.
    pub xxh3: String,
}

/// The target an artifact's code was generated for.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct TargetInfo {
    /// `--target` name.
    pub name: String,
    /// Target triple.
    pub triple: String,
    /// CPU features the code requires.
    pub features: Vec<String>,
}

/// One kernel of a bucket, in the order planning requests it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct KernelEntry {
    /// [`KernelReq::key`] of the request it answers.
    pub key: String,
    /// Offsets of its functions in the code section (GEMM: one per tile, in the frame's
    /// order).
    pub offsets: Vec<u64>,
    /// Rows and columns of external (f32x4) GEMM tiles; `[0, 0]` otherwise.
    #[serde(default)]
    pub tile: [usize; 2],
}

/// One compiled `(batch, seq)` bucket.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BucketEntry {
    /// Sequences.
    pub batch: usize,
    /// Tokens per sequence.
    pub seq: usize,
    /// Arena bytes the program was planned for.
    pub arena_bytes: usize,
    /// Offset of the program's entry in the code section.
    pub program: u64,
    /// The kernels of every call, in program order.
    pub kernels: Vec<KernelEntry>,
}

/// Row-major or packed.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum WeightLayout {
    /// As declared in the graph.
    RowMajor,
    /// `[n, k]` packed into the GEMM frame's 32-column panels.
    Packed,
    /// `[n, k]` rounded to bf16 and packed pair-interleaved into 32-column panels
    /// (`PackedBf16`): the loop body's GEMM weights of a `--precision bf16` artifact.
    PackedBf16,
}

impl WeightLayout {
    /// Bytes per stored element.
    pub fn element_bytes(self) -> u64 {
        match self {
            WeightLayout::RowMajor | WeightLayout::Packed => 4,
            WeightLayout::PackedBf16 => 2,
        }
    }
}

/// One stored weight.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct WeightEntry {
    /// Index in the graph's weights.
    pub id: u32,
    /// Name in the graph.
    pub name: String,
    /// Layout.
    pub layout: WeightLayout,
    /// `[n, k]` for packed weights, the declared shape otherwise.
    pub shape: Vec<usize>,
    /// Byte offset in the weights section (64-byte aligned).
    pub offset: u64,
    /// Elements: floats, or bf16 values for [`WeightLayout::PackedBf16`].
    pub len: u64,
}

/// The artifact's header.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Header {
    /// [`FORMAT_VERSION`] again (checked against the preamble).
    pub format_version: u32,
    /// [`COMPILER`] of the writer.
    pub compiler: String,
    /// What the code is for.
    pub target: TargetInfo,
    /// Threads the attention scratch was planned for (the most the loader may use).
    pub threads: usize,
    /// `fp32` or `bf16`: the arithmetic of the loop body's GEMMs (`--precision`).
    #[serde(default = "fp32")]
    pub precision: String,
    /// A bf16 artifact's GEMMs are AMX tiles (`tdpbf16ps`; the target's features then list
    /// `amx_bf16`), not `vdpbf16ps` zmm tiles.
    #[serde(default)]
    pub bf16_amx: bool,
    /// The graph's outputs, in order.
    pub outputs: Vec<String>,
    /// The compiled buckets.
    pub buckets: Vec<BucketEntry>,
    /// The stored weights.
    pub weights: Vec<WeightEntry>,
    /// Machine code.
    pub code: Section,
    /// Weights.
    pub weights_section: Section,
    /// The optimised graph, IR text.
    pub graph: Section,
    /// `config.json`.
    pub config: Section,
    /// `spiece.model` (absent for a model without one).
    pub tokenizer: Option<Section>,
}

impl Header {
    /// The sections, named.
    pub fn sections(&self) -> Vec<(&'static str, &Section)> {
        let mut v = vec![
            ("code", &self.code),
            ("weights", &self.weights_section),
            ("graph", &self.graph),
            ("config", &self.config),
        ];
        if let Some(t) = &self.tokenizer {
            v.push(("tokenizer", t));
        }
        v
    }
}

fn fp32() -> String {
    "fp32".into()
}

/// Serialises the preamble and header; the sections follow at their offsets.
pub fn preamble_and_header(header: &Header) -> Result<Vec<u8>, DeployError> {
    let json = serde_json::to_vec(header).map_err(|e| DeployError::Artifact(e.to_string()))?;
    let mut out = Vec::with_capacity(PREAMBLE + json.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&json).to_le_bytes());
    out.extend_from_slice(&json);
    Ok(out)
}

/// `true` when `path` starts with the artifact magic (cheap; used to tell artifacts from
/// model directories).
pub fn looks_like_artifact(path: &Path) -> bool {
    use std::io::Read;
    let mut m = [0u8; 8];
    path.is_file() && File::open(path).and_then(|mut f| f.read_exact(&mut m)).is_ok() && &m == MAGIC
}

fn refuse<T>(path: &Path, msg: impl std::fmt::Display) -> Result<T, DeployError> {
    Err(DeployError::Artifact(format!("{}: {msg}", path.display())))
}

/// Reads and checks the preamble and header of the bytes of an artifact.
pub fn read_header(path: &Path, bytes: &[u8]) -> Result<Header, DeployError> {
    let n = bytes.len();
    if n < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        if n < MAGIC.len() && MAGIC.starts_with(bytes) && n > 0 {
            return refuse(path, format!("truncated artifact: {n} bytes, not even the preamble"));
        }
        return refuse(path, "not an albert-jit artifact (no ALBRTJIT magic)");
    }
    if n < PREAMBLE {
        return refuse(path, format!("truncated artifact: {n} bytes, the preamble alone is {PREAMBLE}"));
    }
    let word = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let dword = |at: usize| word(at) as u64 | (word(at + 4) as u64) << 32;
    let version = word(8);
    if version != FORMAT_VERSION {
        return refuse(
            path,
            format!("artifact format version {version}, this albert-jit ({COMPILER}) reads version {FORMAT_VERSION}: recompile the model"),
        );
    }
    if word(12) != 0 {
        return refuse(path, "garbled header: reserved preamble bytes are not zero");
    }
    let len = dword(16);
    let end = (PREAMBLE as u64).checked_add(len).filter(|&e| e <= n as u64);
    let Some(end) = end else {
        return refuse(
            path,
            format!("truncated or garbled header: {len} header bytes declared, the file has {n}"),
        );
    };
    let json = &bytes[PREAMBLE..end as usize];
    if xxhash_rust::xxh3::xxh3_64(json) != dword(24) {
        return refuse(path, "garbled header: its hash does not match");
    }
    let header: Header = match serde_json::from_slice(json) {
        Ok(h) => h,
        Err(e) => return refuse(path, format!("garbled header: {e}")),
    };
    if header.format_version != FORMAT_VERSION {
        return refuse(path, "garbled header: format versions of preamble and header differ");
    }
    if header.compiler != COMPILER {
        return refuse(
            path,
            format!(
                "built by {}, this is {COMPILER}: recompile the model with this version",
                header.compiler
            ),
        );
    }
    for (name, s) in header.sections() {
        if s.offset.checked_add(s.len).is_none_or(|e| e > n as u64) {
            return refuse(
                path,
                format!(
                    "truncated artifact: section `{name}` ends at byte {}, the file has {n}",
                    s.offset.saturating_add(s.len)
                ),
            );
        }
    }
    Ok(header)
}

/// The target of `header`, checked against this CPU.
fn target_of(path: &Path, header: &Header) -> Result<Target, DeployError> {
    let t = &header.target;
    let Ok(target) = Target::parse(&t.name) else {
        return refuse(path, format!("unknown target `{}`", t.name));
    };
    if t.name == "native" || target.triple() != t.triple {
        return refuse(path, format!("garbled header: target `{}` with triple `{}`", t.name, t.triple));
    }
    let host = albert_kernels::Arch::host();
    if target.arch != host {
        return refuse(
            path,
            format!(
                "built for {} (target {}), this machine is {}: compile it with --target for this machine",
                target.arch.name(),
                t.name,
                host.name()
            ),
        );
    }
    let cpu = albert_kernels::CpuFeatures::detect().names();
    for f in target.features.names().into_iter().chain(t.features.iter().map(String::as_str)) {
        if f != "neon" && !cpu.contains(&f) {
            return refuse(
                path,
                format!("needs the CPU feature {f}, which this CPU lacks (target {})", t.name),
            );
        }
    }
    Ok(target)
}

/// Read-only mapping of a whole artifact file.
struct Mapped {
    map: Arc<memmap2::Mmap>,
}

/// The code section, mapped read-execute from the file.
struct CodeMap(memmap2::Mmap);

/// How to load.
#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    /// Worker threads (at most the artifact's planned threads).
    pub threads: usize,
}

/// A loaded artifact: checked, mapped, its buckets instantiated on first use.
pub struct Artifact {
    header: Header,
    target: Target,
    file: Mapped,
    code: Arc<CodeMap>,
    graph: Graph,
    config: String,
    pool: Option<Arc<ThreadPool>>,
    buckets: Mutex<HashMap<(usize, usize), Arc<Executable>>>,
    packed: Mutex<HashMap<u32, Arc<PackedB>>>,
    packed_bf16: Mutex<HashMap<u32, Arc<PackedBf16>>>,
    precision: Precision,
}

impl Artifact {
    /// Opens, checks and maps the artifact at `path`.
    pub fn open(path: &Path, opts: LoadOptions) -> Result<Artifact, DeployError> {
        if path.is_dir() {
            return refuse(
                path,
                "is a directory, not an artifact (a model directory? compile it with `albert-jit compile -o model.albert`)",
            );
        }
        let file = File::open(path).map_err(|e| DeployError::Io(format!("{}: {e}", path.display())))?;
        let map = map_file(&file).map_err(|e| DeployError::Io(format!("{}: {e}", path.display())))?;
        let header = read_header(path, &map)?;
        let target = target_of(path, &header)?;
        for (name, s) in header.sections() {
            if name == "code" {
                continue; // hashed on the executable mapping itself, below
            }
            let bytes = &map[s.offset as usize..(s.offset + s.len) as usize];
            if hash(bytes) != s.xxh3 {
                return refuse(path, format!("{name} hash mismatch: the file was modified or corrupted"));
            }
        }
        if header.code.offset % SECTION_ALIGN != 0 || header.weights_section.offset % 64 != 0 {
            return refuse(path, "garbled header: sections are not aligned");
        }
        let code =
            map_code(&file, &header.code).map_err(|e| DeployError::Io(format!("{}: {e}", path.display())))?;
        if hash(&code.0) != header.code.xxh3 {
            return refuse(path, "code hash mismatch: the file was modified or corrupted");
        }
        let text = |s: &Section, what: &str| {
            std::str::from_utf8(&map[s.offset as usize..(s.offset + s.len) as usize])
                .map(str::to_owned)
                .map_err(|_| DeployError::Artifact(format!("{}: {what} is not UTF-8", path.display())))
        };
        let graph_text = text(&header.graph, "the graph")?;
        let graph = albert_ir::parse(&graph_text)
            .map_err(|e| DeployError::Artifact(format!("{}: garbled graph: {e}", path.display())))?;
        graph
            .verify()
            .map_err(|e| DeployError::Artifact(format!("{}: invalid graph: {e}", path.display())))?;
        let config = text(&header.config, "config.json")?;
        let precision = Precision::parse(&header.precision)
            .map_err(|e| DeployError::Artifact(format!("{}: garbled header: {e}", path.display())))?;
        let threads = opts.threads.clamp(1, header.threads.max(1));
        let pool = if threads > 1 { Some(Arc::new(ThreadPool::new(threads)?)) } else { None };
        Ok(Artifact {
            header,
            target,
            file: Mapped { map: Arc::new(map) },
            code: Arc::new(code),
            graph,
            config,
            pool,
            buckets: Mutex::new(HashMap::new()),
            packed: Mutex::new(HashMap::new()),
            packed_bf16: Mutex::new(HashMap::new()),
            precision,
        })
    }

    /// The arithmetic of the loop body's GEMMs.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The target the code is for (it runs on this CPU: checked at open).
    pub fn target(&self) -> Target {
        self.target
    }

    /// `config.json`.
    pub fn config_json(&self) -> &str {
        &self.config
    }

    /// `spiece.model`, when the artifact has one.
    pub fn tokenizer_bytes(&self) -> Option<&[u8]> {
        self.header.tokenizer.as_ref().map(|s| &self.file.map[s.offset as usize..(s.offset + s.len) as usize])
    }

    /// The optimised graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The compiled `(batch, seq)` buckets.
    pub fn buckets(&self) -> Vec<(usize, usize)> {
        self.header.buckets.iter().map(|b| (b.batch, b.seq)).collect()
    }

    /// Threads in use.
    pub fn threads(&self) -> usize {
        self.pool.as_ref().map_or(1, |p| p.threads())
    }

    /// The executable for a compiled bucket (its descriptors built on first use; no code is
    /// generated). Any other shape is an error that lists the buckets.
    pub fn executable(&self, batch: usize, seq: usize) -> Result<Arc<Executable>, DeployError> {
        let mut cache = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = cache.get(&(batch, seq)) {
            return Ok(e.clone());
        }
        let Some(entry) = self.header.buckets.iter().find(|b| (b.batch, b.seq) == (batch, seq)) else {
            let list: Vec<String> = self.buckets().iter().map(|(b, s)| format!("{b}×{s}")).collect();
            return Err(DeployError::Artifact(format!(
                "batch {batch} × seq {seq} is not compiled in this artifact; its buckets (batch×seq) are {}",
                list.join(", ")
            )));
        };
        let t0 = std::time::Instant::now();
        let plan = BucketPlan::new(&self.graph, batch, seq, self.target, self.header.threads)?
            .with_precision(self.precision);
        if plan.arena_bytes != entry.arena_bytes {
            return Err(DeployError::Artifact(format!(
                "bucket {batch}×{seq}: planned {} arena bytes, the artifact {}",
                plan.arena_bytes, entry.arena_bytes
            )));
        }
        let mut source = ArtifactKernels { art: self, entries: &entry.kernels, next: 0 };
        let descs = plan
            .calls()?
            .iter()
            .map(|spec| OpDesc::instantiate(spec, &self.graph, &mut source, self, self.pool.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        if source.next != entry.kernels.len() {
            return Err(DeployError::Artifact(format!(
                "bucket {batch}×{seq}: {} kernels stored, {} used",
                entry.kernels.len(),
                source.next
            )));
        }
        let code = self.code_fn(entry.program)?;
        let keep: Arc<dyn std::any::Any + Send + Sync> = self.code.clone();
        // SAFETY: `code` lies in the code section, mapped read-execute and hashed above; the
        // writer put the bucket's program there, generated from the same plan (same
        // compiler, same graph, same target: all checked), and `keep` holds the mapping.
        #[expect(unsafe_code, reason = "entering code loaded from a checked artifact")]
        let entry_fn = unsafe { ProgramEntry::new(code, keep) };
        let mut exe =
            Executable::new(entry_fn, descs, plan.arena_bytes, (batch, seq), plan.outputs()?, String::new())?;
        exe.compile_time = t0.elapsed();
        let exe = Arc::new(exe);
        cache.insert((batch, seq), exe.clone());
        Ok(exe)
    }

    fn code_fn(&self, offset: u64) -> Result<*const u8, DeployError> {
        self.code
            .0
            .get(offset as usize..)
            .filter(|r| !r.is_empty())
            .map(|r| r.as_ptr())
            .ok_or_else(|| DeployError::Artifact(format!("code offset {offset} outside the code section")))
    }

    fn weight_entry(&self, w: WeightId, layout: WeightLayout) -> Result<&WeightEntry, DeployError> {
        self.header
            .weights
            .iter()
            .find(|e| e.id == w.0 && e.layout == layout)
            .ok_or_else(|| DeployError::Artifact(format!("weight {w} ({layout:?}) is not stored")))
    }

    /// The stored bf16 panels of weight `w`, used in place (shared by every bucket).
    fn packed_bf16(&self, w: WeightId) -> Result<Arc<PackedBf16>, DeployError> {
        let mut cache = self.packed_bf16.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = cache.get(&w.0) {
            return Ok(p.clone());
        }
        let e = self.weight_entry(w, WeightLayout::PackedBf16)?;
        let [n, k] = e.shape[..] else {
            return Err(DeployError::Artifact(format!("packed weight `{}` is not [n, k]", e.name)));
        };
        let section = &self.header.weights_section;
        let off = section.offset.checked_add(e.offset);
        let end = off.zip(e.len.checked_mul(2)).and_then(|(o, l)| o.checked_add(l));
        let (Some(off), Some(end)) = (off, end) else {
            return Err(DeployError::Artifact(format!(
                "weight `{}` lies outside the weights section",
                e.name
            )));
        };
        if end > section.offset + section.len {
            return Err(DeployError::Artifact(format!(
                "weight `{}` lies outside the weights section",
                e.name
            )));
        }
        let data = MappedHalves::new(self.file.map.clone(), off as usize, e.len as usize)
            .ok_or_else(|| DeployError::Artifact(format!("weight `{}` is misaligned", e.name)))?;
        let p = Arc::new(PackedBf16::from_packed(n, k, Arc::new(data))?);
        cache.insert(w.0, p.clone());
        Ok(p)
    }

    fn floats_at(&self, e: &WeightEntry) -> Result<Floats, DeployError> {
        let off = self.header.weights_section.offset.checked_add(e.offset);
        let len = usize::try_from(e.len).ok();
        let end = off.zip(e.len.checked_mul(4)).and_then(|(o, l)| o.checked_add(l));
        match (off, len, end) {
            (Some(o), Some(len), Some(end))
                if end <= self.header.weights_section.offset + self.header.weights_section.len =>
            {
                Floats::mapped(self.file.map.clone(), o as usize, len)
                    .ok_or_else(|| DeployError::Artifact(format!("weight `{}` is misaligned", e.name)))
            }
            _ => Err(DeployError::Artifact(format!("weight `{}` lies outside the weights section", e.name))),
        }
    }
}

impl WeightSource for Artifact {
    fn floats(&self, _graph: &Graph, w: WeightId) -> Result<Floats, DeployError> {
        self.floats_at(self.weight_entry(w, WeightLayout::RowMajor)?)
    }

    fn packed(&self, _graph: &Graph, w: WeightId) -> Result<Arc<PackedB>, DeployError> {
        let mut cache = self.packed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = cache.get(&w.0) {
            return Ok(p.clone());
        }
        let e = self.weight_entry(w, WeightLayout::Packed)?;
        let [n, k] = e.shape[..] else {
            return Err(DeployError::Artifact(format!("packed weight `{}` is not [n, k]", e.name)));
        };
        let data = Arc::new(self.floats_at(e)?);
        let p = Arc::new(PackedB::from_packed(n, k, data)?);
        cache.insert(w.0, p.clone());
        Ok(p)
    }
}

/// Kernels from the code section, answered in request order.
struct ArtifactKernels<'a> {
    art: &'a Artifact,
    entries: &'a [KernelEntry],
    next: usize,
}

impl KernelSource for ArtifactKernels<'_> {
    #[expect(unsafe_code, reason = "typing kernels loaded from a checked artifact")]
    fn kernel(&mut self, req: &KernelReq) -> Result<Kernel, DeployError> {
        let Some(e) = self.entries.get(self.next) else {
            return Err(DeployError::Artifact("the plan needs more kernels than the artifact holds".into()));
        };
        self.next += 1;
        if e.key != req.key() {
            return Err(DeployError::Artifact(format!(
                "kernel mismatch: the plan asks for {}, the artifact holds {}",
                req.key(),
                e.key
            )));
        }
        let keep: Arc<dyn std::any::Any + Send + Sync> = self.art.code.clone();
        let code = &self.art.code.0[..];
        let first = || -> Result<*const u8, DeployError> {
            self.art.code_fn(
                *e.offsets.first().ok_or_else(|| DeployError::Artifact("kernel without code".into()))?,
            )
        };
        // SAFETY (every arm): the code section is mapped read-execute and its hash checked;
        // the writer stored at these offsets the functions generated for exactly this request
        // (the key matches, and compiler, target and graph are the ones checked at open), and
        // `keep` holds the mapping as long as the kernel lives.
        Ok(match req {
            KernelReq::Gemm(plan) if e.tile == [0, 0] => {
                let offsets: Vec<usize> = e.offsets.iter().map(|&o| o as usize).collect();
                Kernel::Gemm(unsafe { plan.build_from_code(code, &offsets, keep)? })
            }
            KernelReq::Gemm(plan) => {
                let [rows, cols] = e.tile;
                let shapes = plan.external_tile_shapes(rows, cols);
                if shapes.len() != e.offsets.len() {
                    return Err(DeployError::Artifact(format!("{}: tile count mismatch", e.key)));
                }
                let mut entries = Vec::with_capacity(shapes.len());
                for (shape, &off) in shapes.into_iter().zip(&e.offsets) {
                    entries.push((shape, unsafe { crate::exec::tile_fn(self.art.code_fn(off)?) }));
                }
                Kernel::Gemm(plan.build_external(ExternalTiles { rows, cols, entries, keepalive: keep })?)
            }
            KernelReq::LayerNorm { width, .. } => {
                Kernel::LayerNorm(unsafe { crate::exec::layer_norm_kernel(first()?, *width, keep) })
            }
            KernelReq::Attention(shape) => {
                Kernel::Attention(unsafe { crate::exec::attention_kernel(first()?, *shape, keep) })
            }
            KernelReq::Activation(_) => {
                Kernel::Activation(unsafe { crate::exec::activation_kernel(first()?, keep) })
            }
            KernelReq::GemmBf16 { plan, weight } => {
                let bf =
                    albert_kernels::Bf16GemmPlan::from_gemm_plan(plan).with_amx(self.art.header.bf16_amx);
                let offsets: Vec<usize> = e.offsets.iter().map(|&o| o as usize).collect();
                let mut kernel = unsafe { bf.build_from_code(code, &offsets, keep)? };
                if let Some(p) = &self.art.pool {
                    kernel.set_pool(p.clone());
                }
                let w = self.art.packed_bf16(WeightId(*weight))?;
                Kernel::Owned(Box::new(crate::kernels::Bf16Gemm { kernel, w }))
            }
        })
    }
}

#[expect(unsafe_code, reason = "mapping files")]
fn map_file(file: &File) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: a private read-only mapping; the loader hashes every byte it uses before use.
    // Another process truncating the file while it is mapped would fault on access: the
    // same hazard as every mmap-based loader (safetensors, ONNX Runtime), accepted.
    // Populated: the loader hashes every byte next, and faulting the pages in one call is
    // several times cheaper than one fault per page.
    unsafe { memmap2::MmapOptions::new().populate().map(file) }
}

#[expect(unsafe_code, reason = "mapping the code section executable")]
fn map_code(file: &File, s: &Section) -> std::io::Result<CodeMap> {
    // SAFETY: as `map_file`; read-execute, never writable.
    let m =
        unsafe { memmap2::MmapOptions::new().offset(s.offset).len(s.len.max(1) as usize).map_exec(file)? };
    Ok(CodeMap(m))
}

/// Outputs of [`Artifact::forward`], by name, cropped to the caller's batch and seq.
pub type NamedOutputs = Vec<(String, Vec<f32>)>;

/// Outputs with one row per token (the others have one per sequence).
fn per_token(name: &str) -> bool {
    matches!(name, "last_hidden_state" | "mlm_logits")
}

impl Artifact {
    /// The smallest compiled bucket that holds `batch` sequences of `seq` tokens.
    pub fn bucket_for(&self, batch: usize, seq: usize) -> Option<(usize, usize)> {
        self.buckets().into_iter().filter(|&(b, s)| b >= batch && s >= seq).min_by_key(|&(b, s)| (b * s, s))
    }

    /// Runs `batch` sequences of `seq` tokens (row-major `[batch, seq]` inputs), padded to the
    /// smallest compiled bucket that holds them (padding is masked, so results are those of
    /// the exact shape) and cropped back. A shape no bucket holds is an error listing them.
    pub fn forward(
        &self,
        input_ids: &[i64],
        token_type_ids: &[i64],
        attention_mask: &[i64],
        batch: usize,
        seq: usize,
    ) -> Result<NamedOutputs, DeployError> {
        let n = batch.checked_mul(seq).filter(|&n| n > 0);
        let Some(n) = n else {
            return Err(DeployError::Shape(format!("empty or oversized batch ({batch} × {seq})")));
        };
        for (name, v) in
            [("input_ids", input_ids), ("token_type_ids", token_type_ids), ("attention_mask", attention_mask)]
        {
            if v.len() != n {
                return Err(DeployError::Shape(format!(
                    "{name} has {} elements, expected {batch} × {seq}",
                    v.len()
                )));
            }
        }
        // A row with no real token attends uniformly over every key, padding included: it
        // needs a bucket of exactly its length.
        let all_masked = attention_mask.chunks(seq).any(|r| r.iter().all(|&m| m == 0));
        let bucket = if all_masked {
            self.buckets().into_iter().filter(|&(b, s)| b >= batch && s == seq).min()
        } else {
            self.bucket_for(batch, seq)
        };
        let Some((bb, bs)) = bucket else {
            let list: Vec<String> = self.buckets().iter().map(|(b, s)| format!("{b}×{s}")).collect();
            return Err(DeployError::Artifact(format!(
                "no compiled bucket holds batch {batch} × seq {seq}{}; the artifact's buckets (batch×seq) are {}",
                if all_masked { " (a row is fully masked, so its seq must match exactly)" } else { "" },
                list.join(", ")
            )));
        };
        let exe = self.executable(bb, bs)?;
        let pad = |v: &[i64], filler_first: i64| -> Vec<i64> {
            let mut out = Vec::with_capacity(bb * bs);
            for row in v.chunks(seq) {
                out.extend_from_slice(row);
                out.extend(std::iter::repeat_n(0, bs - seq));
            }
            // Filler rows: one real token each, so none is fully masked; their outputs are
            // dropped.
            for _ in batch..bb {
                out.push(filler_first);
                out.extend(std::iter::repeat_n(0, bs - 1));
            }
            out
        };
        let (ids, tt, mask) = if (bb, bs) == (batch, seq) {
            (input_ids.to_vec(), token_type_ids.to_vec(), attention_mask.to_vec())
        } else {
            (pad(input_ids, 0), pad(token_type_ids, 0), pad(attention_mask, 1))
        };
        let outs = exe.run(&ids, &tt, &mask)?;
        Ok(outs
            .into_iter()
            .map(|(name, v)| {
                let crop = if per_token(&name) {
                    let w = v.len() / (bb * bs);
                    let mut c = Vec::with_capacity(batch * seq * w);
                    for b in 0..batch {
                        c.extend_from_slice(&v[b * bs * w..(b * bs + seq) * w]);
                    }
                    c
                } else {
                    let w = v.len() / bb;
                    v[..batch * w].to_vec()
                };
                (name, crop)
            })
            .collect())
    }
}
