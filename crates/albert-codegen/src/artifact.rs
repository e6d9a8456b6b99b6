//! Writing `.albert` artifacts (the format and the loader are `albert_deploy::artifact`).
//!
//! Every bucket is planned exactly as the loader will plan it ([`albert_deploy::BucketPlan`]);
//! each kernel it requests is generated for the target — AVX-512 tiles with iced-x86, the
//! rest with Cranelift compiled to bytes on its own ([`crate::aot::compile_bytes`]: no
//! relocations, so the loader only maps the code) — and stored once even when several
//! buckets ask for it. Weights are stored once: the shared layer's tensors appear once
//! however many buckets and loop trips read them. Works for any target from any host.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use albert_deploy::artifact::{
    self, BucketEntry, Header, KernelEntry, Section, TargetInfo, WeightEntry, WeightLayout, SECTION_ALIGN,
};
use albert_deploy::{BucketPlan, KernelReq};
use albert_ir::{Bindings, Graph, WeightId};
use albert_kernels::{Isa, Target};

use crate::error::CodegenError;
use crate::jit::isa_for_target;
use crate::program::{emit_program, program_signature};
use crate::weights::WeightStore;

/// What to put in an artifact.
pub struct ArtifactSpec<'a> {
    /// The optimised graph.
    pub graph: &'a Graph,
    /// Its weights (packed for the GEMMs).
    pub weights: &'a WeightStore,
    /// What the code is for (any target, from any host).
    pub target: Target,
    /// The `(batch, seq)` buckets to compile.
    pub buckets: Vec<(usize, usize)>,
    /// Most threads the runtime may use (sizes the attention scratch).
    pub threads: usize,
    /// The loop body's GEMMs in fp32 or bf16 (the weights must be packed for it:
    /// [`crate::CompileOptions::pack_weights`]).
    pub precision: albert_deploy::Precision,
    /// `config.json`.
    pub config_json: &'a [u8],
    /// `spiece.model`, if the model has one.
    pub tokenizer: Option<&'a [u8]>,
}

/// Sizes of what was written, bytes.
#[derive(Clone, Debug, Default)]
pub struct ArtifactSummary {
    /// Path written.
    pub path: PathBuf,
    /// The whole file.
    pub total: u64,
    /// Machine code (programs and kernels).
    pub code: u64,
    /// Packed GEMM weights (fp32 and bf16 panels).
    pub packed_weights: u64,
    /// Row-major weights (embedding tables, LayerNorm parameters, biases).
    pub row_major_weights: u64,
    /// Preamble and header.
    pub header: u64,
    /// The graph's IR text.
    pub graph: u64,
    /// `config.json`.
    pub config: u64,
    /// `spiece.model`.
    pub tokenizer: u64,
    /// Section alignment padding.
    pub padding: u64,
    /// Distinct kernels stored.
    pub kernels: usize,
    /// Buckets compiled.
    pub buckets: usize,
}

struct CodeBlob {
    bytes: Vec<u8>,
}

impl CodeBlob {
    /// Appends a function on a 64-byte boundary; returns its offset.
    fn push(&mut self, f: &[u8]) -> u64 {
        self.bytes.resize(self.bytes.len().next_multiple_of(64), 0);
        let at = self.bytes.len() as u64;
        self.bytes.extend_from_slice(f);
        at
    }
}

/// Generates the functions answering `req` for `isa` into `code`.
fn kernel_code(
    target: &Target,
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    req: &KernelReq,
    code: &mut CodeBlob,
) -> Result<KernelEntry, CodegenError> {
    use crate::vector_ops as vo;
    let key = req.key();
    Ok(match req {
        KernelReq::Gemm(plan) if target.isa() == Isa::Avx512 => {
            let (bytes, offs) = plan.assemble().map_err(|e| CodegenError::Kernel(e.to_string()))?;
            let base = code.push(&bytes);
            KernelEntry { key, offsets: offs.iter().map(|&o| base + o as u64).collect(), tile: [0, 0] }
        }
        KernelReq::Gemm(plan) if target.avx2_tiles() => {
            use albert_kernels::x86_64::avx2::{gemm, tile};
            let (bytes, offs) = gemm::assemble_plan(plan).map_err(|e| CodegenError::Kernel(e.to_string()))?;
            let base = code.push(&bytes);
            KernelEntry {
                key,
                offsets: offs.iter().map(|&o| base + o as u64).collect(),
                tile: [tile::AVX2_TILE_ROWS, tile::AVX2_TILE_COLS],
            }
        }
        KernelReq::Gemm(plan) => {
            let rows = crate::f32x4::tile_rows(isa);
            let cols = crate::f32x4::TILE_COLS;
            let mut offsets = Vec::new();
            for (r, c) in plan.external_tile_shapes(rows, cols) {
                let shape =
                    crate::f32x4::TileShape { rows: r, cols: c, k: plan.k, lda: plan.lda, ldc: plan.ldc };
                let name = shape.name(isa.name());
                let f =
                    crate::aot::compile_bytes(isa, &name, crate::f32x4::tile_signature(isa), |f, isa| {
                        crate::f32x4::build_tile(f, isa, shape)
                    })?;
                offsets.push(code.push(&f));
            }
            KernelEntry { key, offsets, tile: [rows, cols] }
        }
        KernelReq::LayerNorm { width, eps } => {
            let f = crate::aot::compile_bytes(
                isa,
                &vo::layer_norm_name(isa, *width),
                vo::kernel_signature(isa, 5),
                |f, isa| vo::build_layer_norm(f, isa, *width, *eps),
            )?;
            KernelEntry { key, offsets: vec![code.push(&f)], tile: [0, 0] }
        }
        KernelReq::Attention(s) => {
            let f = crate::aot::compile_bytes(
                isa,
                &vo::attention_name(isa, s),
                vo::kernel_signature(isa, 4),
                |f, isa| vo::build_attention_head(f, isa, s),
            )?;
            KernelEntry { key, offsets: vec![code.push(&f)], tile: [0, 0] }
        }
        KernelReq::GemmBf16 { plan, .. } => {
            if target.isa() != Isa::Avx512 {
                return Err(CodegenError::Unsupported(format!(
                    "--precision bf16 needs an x86_64-avx512 target (target is {target})"
                )));
            }
            let bf = crate::program::bf16_plan_for(plan, target);
            let (bytes, offs) = bf.assemble().map_err(|e| CodegenError::Kernel(e.to_string()))?;
            let base = code.push(&bytes);
            KernelEntry { key, offsets: offs.iter().map(|&o| base + o as u64).collect(), tile: [0, 0] }
        }
        KernelReq::Activation(a) => {
            let f = crate::aot::compile_bytes(
                isa,
                &vo::activation_name(isa, *a),
                vo::kernel_signature(isa, 2),
                |f, isa| vo::build_activation(f, isa, *a),
            )?;
            KernelEntry { key, offsets: vec![code.push(&f)], tile: [0, 0] }
        }
    })
}

fn section(offset: u64, bytes: &[u8]) -> Section {
    Section { offset, len: bytes.len() as u64, xxh3: artifact::hash(bytes) }
}

/// Writes the artifact for `spec` to `path` (through a temporary file renamed into place, so
/// a failed compile never leaves a half-written artifact). `progress(step, done, total)` is
/// called as buckets are generated and sections written.
pub fn write_artifact(
    spec: &ArtifactSpec<'_>,
    path: &Path,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<ArtifactSummary, CodegenError> {
    let isa = isa_for_target(&spec.target, true)?;
    let isa = &*isa;
    let mut code = CodeBlob { bytes: Vec::new() };
    let mut cache: HashMap<String, KernelEntry> = HashMap::new();
    let mut buckets = Vec::new();
    let mut stored: BTreeSet<(u32, WeightLayout)> = BTreeSet::new();
    let total = spec.buckets.len() + 1;
    for (i, &(batch, seq)) in spec.buckets.iter().enumerate() {
        progress(&format!("bucket {batch}×{seq}"), i, total);
        let plan = BucketPlan::new(spec.graph, batch, seq, spec.target, spec.threads)?
            .with_precision(spec.precision);
        let calls = plan.calls()?;
        let mut kernels = Vec::new();
        for call in &calls {
            for req in &call.kernels {
                let key = req.key();
                let entry = match cache.get(&key) {
                    Some(e) => e.clone(),
                    None => {
                        let e = kernel_code(&spec.target, isa, req, &mut code)?;
                        cache.insert(key, e.clone());
                        e
                    }
                };
                kernels.push(entry);
                if let KernelReq::GemmBf16 { weight, .. } = req {
                    stored.insert((*weight, WeightLayout::PackedBf16));
                }
            }
            stored.extend(call.weights.iter().map(|w| (w.0, WeightLayout::RowMajor)));
            stored.extend(call.packed.iter().map(|w| (w.0, WeightLayout::Packed)));
        }
        let name = format!("albert_forward_b{batch}_s{seq}");
        let program = crate::aot::compile_bytes(isa, &name, program_signature(isa), |f, isa| {
            emit_program(&plan, f, isa, calls.len())
        })?;
        let program = code.push(&program);
        buckets.push(BucketEntry { batch, seq, arena_bytes: plan.arena_bytes, program, kernels });
    }
    progress("weights", spec.buckets.len(), total);

    // The weights section: every stored weight once, 64-byte aligned.
    let mut wbytes: Vec<u8> = Vec::new();
    let mut weights = Vec::new();
    let (mut packed_bytes, mut row_bytes) = (0u64, 0u64);
    for (id, layout) in stored {
        let w = WeightId(id);
        let decl_name = spec.graph.weight_name(w).unwrap_or_default().to_string();
        let (shape, data): (Vec<usize>, Vec<u8>) = match layout {
            WeightLayout::Packed => {
                let p = spec.weights.packed(spec.graph, w)?;
                (vec![p.n(), p.k()], p.data().iter().flat_map(|x| x.to_le_bytes()).collect())
            }
            WeightLayout::PackedBf16 => {
                let p = spec.weights.packed_bf16(spec.graph, w)?;
                (vec![p.n(), p.k()], p.data().iter().flat_map(|x| x.to_le_bytes()).collect())
            }
            WeightLayout::RowMajor => {
                let shape = spec
                    .graph
                    .weight_type(w)
                    .map(|t| t.shape.resolve(Bindings { batch: 0, seq: 0 }))
                    .unwrap_or_default();
                let t = spec.weights.get(spec.graph, w)?;
                (shape, t.iter().flat_map(|x| x.to_le_bytes()).collect())
            }
        };
        wbytes.resize(wbytes.len().next_multiple_of(64), 0);
        let offset = wbytes.len() as u64;
        match layout {
            WeightLayout::Packed | WeightLayout::PackedBf16 => packed_bytes += data.len() as u64,
            WeightLayout::RowMajor => row_bytes += data.len() as u64,
        }
        let len = data.len() as u64 / layout.element_bytes();
        weights.push(WeightEntry { id, name: decl_name, layout, shape, offset, len });
        wbytes.extend_from_slice(&data);
    }

    let graph_text = spec.graph.to_string();
    let blobs: Vec<&[u8]> =
        vec![&code.bytes, &wbytes, graph_text.as_bytes(), spec.config_json, spec.tokenizer.unwrap_or(&[])];
    // Lay out the sections after a header whose size depends on their offsets: reserve
    // room, then check it fits.
    let bf16 = spec.precision == albert_deploy::Precision::Bf16;
    let bf16_amx = bf16 && spec.target.isa() == Isa::Avx512 && crate::program::bf16_amx();
    let mut features: Vec<String> = spec.target.features.names().into_iter().map(str::to_string).collect();
    // What the bf16 kernels execute, whatever the target's own list says.
    for (need, name) in [(bf16, "avx512_bf16"), (bf16_amx, "amx_bf16")] {
        if need && !features.iter().any(|f| f == name) {
            features.push(name.to_string());
        }
    }
    let mut header = Header {
        format_version: artifact::FORMAT_VERSION,
        compiler: artifact::COMPILER.to_string(),
        target: TargetInfo {
            name: spec.target.to_string(),
            triple: spec.target.triple().to_string(),
            features,
        },
        threads: spec.threads,
        precision: if bf16 { "bf16" } else { "fp32" }.to_string(),
        bf16_amx,
        outputs: spec.graph.outputs.iter().map(|o| o.name.clone()).collect(),
        buckets,
        weights,
        code: Section { offset: 0, len: 0, xxh3: String::new() },
        weights_section: Section { offset: 0, len: 0, xxh3: String::new() },
        graph: Section { offset: 0, len: 0, xxh3: String::new() },
        config: Section { offset: 0, len: 0, xxh3: String::new() },
        tokenizer: None,
    };
    // The code section starts on a 64 KiB boundary (it is mapped on its own, executable);
    // the others follow on 64-byte boundaries.
    let estimate = artifact::preamble_and_header(&header)?.len() as u64 + 4096;
    let mut at = estimate.next_multiple_of(SECTION_ALIGN);
    let mut offsets = Vec::new();
    for b in &blobs {
        offsets.push(at);
        at = (at + b.len() as u64).next_multiple_of(64);
    }
    header.code = section(offsets[0], blobs[0]);
    header.weights_section = section(offsets[1], blobs[1]);
    header.graph = section(offsets[2], blobs[2]);
    header.config = section(offsets[3], blobs[3]);
    header.tokenizer = spec.tokenizer.map(|t| section(offsets[4], t));
    let head = artifact::preamble_and_header(&header)?;
    if head.len() as u64 > offsets[0] {
        return Err(CodegenError::Unsupported("internal: artifact header outgrew its room".into()));
    }

    progress("writing", spec.buckets.len(), total);
    let tmp = path.with_extension("albert.tmp");
    let io = |e: std::io::Error| CodegenError::Unsupported(format!("{}: {e}", path.display()));
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
        f.write_all(&head).map_err(io)?;
        let mut pos = head.len() as u64;
        let n_blobs = if spec.tokenizer.is_some() { 5 } else { 4 };
        for (b, &off) in blobs.iter().zip(&offsets).take(n_blobs) {
            f.write_all(&vec![0u8; (off - pos) as usize]).map_err(io)?;
            f.write_all(b).map_err(io)?;
            pos = off + b.len() as u64;
        }
        f.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)?;
    progress("done", total, total);
    let total_len = std::fs::metadata(path).map_err(io)?.len();
    let sum = |v: &[u64]| v.iter().sum::<u64>();
    let (code_len, graph_len, config_len, tok_len) =
        (blobs[0].len() as u64, blobs[2].len() as u64, blobs[3].len() as u64, blobs[4].len() as u64);
    Ok(ArtifactSummary {
        path: path.to_path_buf(),
        total: total_len,
        code: code_len,
        packed_weights: packed_bytes,
        row_major_weights: row_bytes,
        header: head.len() as u64,
        graph: graph_len,
        config: config_len,
        tokenizer: tok_len,
        padding: total_len
            - sum(&[head.len() as u64, code_len, packed_bytes + row_bytes, graph_len, config_len, tok_len]),
        kernels: cache.len(),
        buckets: header.buckets.len(),
    })
}
