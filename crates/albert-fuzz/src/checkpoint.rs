//! A model directory through the project's loader: `config.json`,
//! `model.safetensors` or a sharded `model.safetensors.index.json` with its
//! shards, exactly as `albert-jit --model DIR` reads them.
//!
//! The loader memory-maps real files, so the fuzzer's files are written to a
//! scratch directory (on tmpfs when there is one) rather than handed over
//! in memory: the code under test is byte for byte the code the CLI runs.

use std::path::PathBuf;
use std::sync::OnceLock;

use albert_model::{AlbertDir, Heads, TraceOptions};

/// Separates the files of one input (a line no JSON or safetensors header
/// the seeds contain has, short enough for the mutator to recreate).
pub const FILE_SEPARATOR: &[u8] = b"\n--8<--\n";

/// The files of one `checkpoint_dir` input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirInput {
    /// Trace with `hidden_states` and `attentions` outputs too.
    pub debug_outputs: bool,
    /// `files[1]` is `model.safetensors.index.json` (else `model.safetensors`).
    pub sharded: bool,
    /// `config.json`, then the weights file, then the shards (named
    /// `s0.safetensors`, `s1.safetensors`, … in order).
    pub files: Vec<Vec<u8>>,
}

impl DirInput {
    /// The fuzz input that encodes these files.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![u8::from(self.sharded) | u8::from(self.debug_outputs) << 1];
        for (i, f) in self.files.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(FILE_SEPARATOR);
            }
            out.extend_from_slice(f);
        }
        out
    }

    /// The file names, in the order of [`DirInput::files`].
    pub fn names(&self) -> Vec<String> {
        (0..self.files.len())
            .map(|i| match (i, self.sharded) {
                (0, _) => "config.json".to_string(),
                (1, false) => "model.safetensors".to_string(),
                (1, true) => "model.safetensors.index.json".to_string(),
                (i, _) => format!("s{}.safetensors", i - 2),
            })
            .collect()
    }
}

/// Splits a fuzz input into its files (the inverse of [`DirInput::to_bytes`]).
pub fn split_dir_input(data: &[u8]) -> DirInput {
    let flags = data.first().copied().unwrap_or(0);
    let mut files = Vec::new();
    let mut rest = data.get(1..).unwrap_or(&[]);
    // At most 8 files: more shards add nothing but time.
    while files.len() < 7 {
        match rest.windows(FILE_SEPARATOR.len()).position(|w| w == FILE_SEPARATOR) {
            Some(i) => {
                files.push(rest[..i].to_vec());
                rest = &rest[i + FILE_SEPARATOR.len()..];
            }
            None => break,
        }
    }
    files.push(rest.to_vec());
    DirInput { debug_outputs: flags & 2 != 0, sharded: flags & 1 != 0, files }
}

/// A scratch directory for this process, emptied before every input.
fn scratch() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let base = if shm.is_dir() { shm } else { std::env::temp_dir() };
        base.join(format!("albert-fuzz-checkpoint-{}", std::process::id()))
    })
    .clone()
}

/// The `checkpoint_dir` check: open, trace every head, load every weight.
/// Any error is fine; a panic, or weights that disagree with the shapes the
/// graph declares, is not.
pub fn checkpoint_dir(data: &[u8]) {
    let input = split_dir_input(data);
    let dir = scratch();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    for (name, bytes) in input.names().iter().zip(&input.files) {
        std::fs::write(dir.join(name), bytes).expect("write a scratch file");
    }
    let result = std::panic::catch_unwind(|| load(&dir, input.debug_outputs));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

fn load(dir: &std::path::Path, debug_outputs: bool) {
    let Ok(model) = AlbertDir::open(dir) else { return };
    let _ = model.parameter_count();
    let _ = model.checkpoint.stored_bytes();
    let _ = model.checkpoint.dtype_counts();
    let have = model.heads();
    let opts = TraceOptions {
        heads: Heads { pooler: true, mlm: true, sop: true },
        hidden_states: debug_outputs,
        attentions: debug_outputs,
    };
    let Ok(graph) = model.trace(opts) else { return };
    assert_eq!(graph.outputs.iter().any(|o| o.name == "sop_logits"), have.sop, "SOP head traced as present");
    if let Err(e) = graph.verify() {
        panic!("the tracer built a graph the verifier rejects: {e}");
    }
    let Ok(weights) = model.load_weights(&graph) else { return };
    assert_eq!(weights.len(), graph.weights.len());
    for (w, decl) in weights.iter().zip(&graph.weights) {
        let n: usize = decl.ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 }).iter().product();
        assert_eq!(w.len(), n, "weight `{}` loaded with {} elements for {}", decl.name, w.len(), decl.ty);
    }
}
