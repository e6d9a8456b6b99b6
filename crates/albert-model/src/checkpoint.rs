//! A Hugging Face ALBERT directory: `config.json`, `model.safetensors` (or a
//! sharded `model.safetensors.index.json`), `spiece.model`.
//!
//! The safetensors files are memory-mapped; each header is validated by the
//! `safetensors` crate once at open, after which only the tensor table (dtype,
//! shape, byte range) is kept. Stored keys are mapped to canonical
//! `AlbertForPreTraining` names: a missing `albert.` prefix (checkpoints of a
//! bare `AlbertModel`) is added, legacy `LayerNorm.gamma`/`.beta` become
//! `.weight`/`.bias`, and the `position_ids` buffer is ignored. Conversion to
//! f32 from F16/BF16 uses `half`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use albert_ir::Graph;
use safetensors::{Dtype, SafeTensors};

use crate::error::ModelError;
use crate::mmap::MappedFile;

/// Storage type of a checkpoint tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredDType {
    /// float32.
    F32,
    /// IEEE half.
    F16,
    /// bfloat16.
    BF16,
    /// Any other safetensors dtype (integer buffers, f64, …): listed, but
    /// an error if the model asks for it.
    Unsupported,
}

impl StoredDType {
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            StoredDType::F32 => 4,
            StoredDType::F16 | StoredDType::BF16 => 2,
            StoredDType::Unsupported => 0,
        }
    }
}

/// One tensor of the checkpoint.
#[derive(Clone, Debug)]
pub struct TensorEntry {
    /// The key as stored in the file.
    pub stored_name: String,
    /// Storage type.
    pub dtype: StoredDType,
    /// The dtype as safetensors names it.
    pub dtype_name: String,
    /// Shape.
    pub shape: Vec<usize>,
    file: usize,
    start: usize,
    end: usize,
}

/// The weights of a checkpoint, memory-mapped, by canonical name.
pub struct Checkpoint {
    files: Vec<(PathBuf, MappedFile)>,
    tensors: BTreeMap<String, TensorEntry>,
}

/// The canonical name of a stored key, or `None` for buffers we ignore.
pub fn canonical_name(key: &str) -> Option<String> {
    if key.ends_with("position_ids") {
        return None;
    }
    let mut k = key.to_string();
    for bare in ["embeddings.", "encoder.", "pooler."] {
        if k.starts_with(bare) {
            k = format!("albert.{k}");
            break;
        }
    }
    if let Some(stem) = k.strip_suffix(".gamma") {
        k = format!("{stem}.weight");
    } else if let Some(stem) = k.strip_suffix(".beta") {
        k = format!("{stem}.bias");
    }
    Some(k)
}

impl Checkpoint {
    /// Opens the safetensors weights of a model directory.
    pub fn open_dir(dir: &Path) -> Result<Checkpoint, ModelError> {
        let single = dir.join("model.safetensors");
        let index = dir.join("model.safetensors.index.json");
        if single.is_file() {
            return Checkpoint::open_files(&[single]);
        }
        if index.is_file() {
            let text = std::fs::read_to_string(&index).map_err(|e| ModelError::io(&index, e))?;
            let v: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| ModelError::Safetensors { path: index.clone(), msg: e.to_string() })?;
            let map = v.get("weight_map").and_then(|m| m.as_object()).ok_or_else(|| {
                ModelError::Safetensors { path: index.clone(), msg: "no `weight_map` object".into() }
            })?;
            let mut shards: Vec<PathBuf> = Vec::new();
            for file in map.values() {
                let name = file.as_str().ok_or_else(|| ModelError::Safetensors {
                    path: index.clone(),
                    msg: "`weight_map` values must be file names".into(),
                })?;
                if name.contains('/') || name.contains('\\') || name == ".." {
                    return Err(ModelError::Safetensors {
                        path: index.clone(),
                        msg: format!("shard name `{name}` must be a plain file name"),
                    });
                }
                let p = dir.join(name);
                if !shards.contains(&p) {
                    shards.push(p);
                }
            }
            return Checkpoint::open_files(&shards);
        }
        let msg = if dir.join("pytorch_model.bin").exists() {
            "has only `pytorch_model.bin`; albert-jit reads safetensors (convert it, e.g. with \
             `transformers` save_pretrained(safe_serialization=True))"
                .to_string()
        } else if !dir.is_dir() {
            "is not a directory".to_string()
        } else {
            "has no `model.safetensors`".to_string()
        };
        Err(ModelError::Dir { dir: dir.to_path_buf(), msg })
    }

    /// Opens one or more safetensors files as one checkpoint.
    pub fn open_files(paths: &[PathBuf]) -> Result<Checkpoint, ModelError> {
        let mut files = Vec::new();
        let mut tensors: BTreeMap<String, TensorEntry> = BTreeMap::new();
        for (fi, path) in paths.iter().enumerate() {
            let mapped = MappedFile::open(path)?;
            let bytes = mapped.bytes();
            let st = SafeTensors::deserialize(bytes)
                .map_err(|e| ModelError::Safetensors { path: path.clone(), msg: e.to_string() })?;
            for (key, view) in st.tensors() {
                let Some(name) = canonical_name(&key) else { continue };
                let dtype = match view.dtype() {
                    Dtype::F32 => StoredDType::F32,
                    Dtype::F16 => StoredDType::F16,
                    Dtype::BF16 => StoredDType::BF16,
                    _ => StoredDType::Unsupported,
                };
                let start = view.data().as_ptr() as usize - bytes.as_ptr() as usize;
                let entry = TensorEntry {
                    stored_name: key.clone(),
                    dtype,
                    dtype_name: format!("{:?}", view.dtype()),
                    shape: view.shape().to_vec(),
                    file: fi,
                    start,
                    end: start + view.data().len(),
                };
                if let Some(prev) = tensors.get(&name) {
                    return Err(ModelError::Ambiguous {
                        path: path.clone(),
                        name,
                        a: prev.stored_name.clone(),
                        b: key,
                    });
                }
                tensors.insert(name, entry);
            }
            files.push((path.clone(), mapped));
        }
        Ok(Checkpoint { files, tensors })
    }

    /// Lets the OS reclaim the mapped pages read so far (after the weights were converted:
    /// they fault back in from the file if read again).
    pub fn release_pages(&self) {
        for (_, f) in &self.files {
            f.release_pages();
        }
    }

    /// Whether the checkpoint holds `name` (canonical).
    pub fn has(&self, name: &str) -> bool {
        self.tensors.contains_key(name)
    }

    /// The entry of `name` (canonical).
    pub fn entry(&self, name: &str) -> Option<&TensorEntry> {
        self.tensors.get(name)
    }

    /// Every tensor, by canonical name.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &TensorEntry)> {
        self.tensors.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The file(s) behind the checkpoint.
    pub fn paths(&self) -> Vec<&Path> {
        self.files.iter().map(|(p, _)| p.as_path()).collect()
    }

    fn path_of(&self, name: &str) -> PathBuf {
        match self.tensors.get(name) {
            Some(t) => self.files[t.file].0.clone(),
            None => self.files.first().map(|f| f.0.clone()).unwrap_or_default(),
        }
    }

    /// Reads `name` as f32, checking its shape.
    pub fn load_f32(&self, name: &str, expected: &[usize]) -> Result<Vec<f32>, ModelError> {
        let t = self
            .tensors
            .get(name)
            .ok_or_else(|| ModelError::MissingTensor { path: self.path_of(name), name: name.into() })?;
        if t.dtype == StoredDType::Unsupported {
            return Err(ModelError::DType {
                path: self.path_of(name),
                name: t.stored_name.clone(),
                dtype: t.dtype_name.clone(),
            });
        }
        if t.shape != expected {
            return Err(ModelError::Shape {
                path: self.path_of(name),
                name: t.stored_name.clone(),
                got: t.shape.clone(),
                expected: expected.to_vec(),
            });
        }
        let bytes = &self.files[t.file].1.bytes()[t.start..t.end];
        let n: usize = t.shape.iter().product();
        if t.dtype != StoredDType::Unsupported && bytes.len() != n * t.dtype.size() {
            return Err(ModelError::Safetensors {
                path: self.path_of(name),
                msg: format!("tensor `{}` holds {} bytes for {n} elements", t.stored_name, bytes.len()),
            });
        }
        Ok(match t.dtype {
            StoredDType::F32 => {
                bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
            }
            StoredDType::F16 => {
                bytes.chunks_exact(2).map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32()).collect()
            }
            StoredDType::BF16 => {
                bytes.chunks_exact(2).map(|c| half::bf16::from_le_bytes([c[0], c[1]]).to_f32()).collect()
            }
            StoredDType::Unsupported => {
                return Err(ModelError::DType {
                    path: self.path_of(name),
                    name: t.stored_name.clone(),
                    dtype: t.dtype_name.clone(),
                })
            }
        })
    }

    /// Loads every weight a graph declares, in [`albert_ir::WeightId`] order.
    pub fn load_weights(&self, graph: &Graph) -> Result<Vec<Arc<[f32]>>, ModelError> {
        graph
            .weights
            .iter()
            .map(|w| {
                let shape: Vec<usize> =
                    w.ty.shape
                        .0
                        .iter()
                        .map(|d| match d {
                            albert_ir::Dim::Fixed(n) => Ok(*n),
                            _ => Err(ModelError::Trace(albert_ir::IrError::Malformed(format!(
                                "weight `{}` has a symbolic shape {}",
                                w.name, w.ty
                            )))),
                        })
                        .collect::<Result<_, _>>()?;
                Ok(Arc::from(self.load_f32(&w.name, &shape)?))
            })
            .collect()
    }

    /// Total bytes of the tensors as stored.
    pub fn stored_bytes(&self) -> usize {
        self.tensors.values().map(|t| t.end - t.start).sum()
    }

    /// Count of stored tensors by dtype, for `inspect`.
    pub fn dtype_counts(&self) -> HashMap<&'static str, usize> {
        let mut m = HashMap::new();
        for t in self.tensors.values() {
            let k = match t.dtype {
                StoredDType::F32 => "F32",
                StoredDType::F16 => "F16",
                StoredDType::BF16 => "BF16",
                StoredDType::Unsupported => "other",
            };
            *m.entry(k).or_insert(0) += 1;
        }
        m
    }
}
