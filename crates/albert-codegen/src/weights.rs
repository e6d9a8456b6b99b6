//! Weights as the generated code wants them, computed once per model and
//! shared by every shape bucket: stored tensors as loaded, derived ones
//! (the packed QKV concatenation) built on first use, and GEMM operands
//! packed into the target's panel layout.
//!
//! [`WeightStore::pack_for`] packs every GEMM operand once for a target and
//! then lets go of the row-major copy of each weight nothing else reads (and
//! of the parts a derived weight was built from), so only the packed copy
//! stays resident.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use albert_ir::{Graph, WeightId, WeightRecipe};
use albert_kernels::PackedB;

use crate::error::CodegenError;

/// Reads a stored weight by checkpoint name and shape (the store loads lazily through it).
pub type WeightLoader = dyn Fn(&str, &[usize]) -> Result<Vec<f32>, String> + Send + Sync;

/// A stored weight's state.
#[derive(Clone)]
enum Slot {
    /// Not read yet: the loader reads it on first use.
    Lazy,
    /// Row-major, as loaded.
    Loaded(Arc<[f32]>),
    /// Held only packed.
    Released,
}

/// The weights of one optimised graph.
pub struct WeightStore {
    stored: Mutex<Vec<Slot>>,
    loader: Option<Box<WeightLoader>>,
    derived: Mutex<HashMap<WeightId, Arc<[f32]>>>,
    packed: Mutex<HashMap<WeightId, Arc<PackedB>>>,
    packed_bf16: Mutex<HashMap<WeightId, Arc<albert_kernels::PackedBf16>>>,
}

impl WeightStore {
    /// Wraps the stored weights of `graph` (in [`Graph::weights`] order).
    pub fn new(graph: &Graph, stored: Vec<Arc<[f32]>>) -> Result<WeightStore, CodegenError> {
        if stored.len() != graph.weights.len() {
            return Err(CodegenError::Shape(format!(
                "{} weights given for {} declared",
                stored.len(),
                graph.weights.len()
            )));
        }
        Ok(WeightStore {
            stored: Mutex::new(stored.into_iter().map(Slot::Loaded).collect()),
            loader: None,
            derived: Mutex::new(HashMap::new()),
            packed: Mutex::new(HashMap::new()),
            packed_bf16: Mutex::new(HashMap::new()),
        })
    }

    /// A store that reads each stored weight of `graph` through `loader` when first needed,
    /// so [`WeightStore::pack_for`] never holds more than one row-major GEMM weight at a
    /// time.
    pub fn lazy(graph: &Graph, loader: Box<WeightLoader>) -> WeightStore {
        WeightStore {
            stored: Mutex::new(vec![Slot::Lazy; graph.weights.len()]),
            loader: Some(loader),
            derived: Mutex::new(HashMap::new()),
            packed: Mutex::new(HashMap::new()),
            packed_bf16: Mutex::new(HashMap::new()),
        }
    }

    /// Bytes held: stored, derived and packed copies.
    pub fn bytes(&self) -> usize {
        let s: usize = self
            .stored
            .lock()
            .map(|v| {
                v.iter()
                    .map(|w| match w {
                        Slot::Loaded(w) => w.len() * 4,
                        _ => 0,
                    })
                    .sum()
            })
            .unwrap_or(0);
        let d: usize = self.derived.lock().map(|m| m.values().map(|w| w.len() * 4).sum()).unwrap_or(0);
        s + d + self.packed_bytes()
    }

    /// Bytes of the packed GEMM operands.
    pub fn packed_bytes(&self) -> usize {
        let p: usize = self.packed.lock().map(|m| m.values().map(|w| w.data().len() * 4).sum()).unwrap_or(0);
        let b: usize =
            self.packed_bf16.lock().map(|m| m.values().map(|w| w.data().len() * 2).sum()).unwrap_or(0);
        p + b
    }

    /// Packs every GEMM operand of `graph` into the frame's panels (every target's tiles
    /// read the same layout), then drops the row-major copies nothing else reads: a weight
    /// read only as a GEMM `B` operand, and the parts of a derived weight (the Q, K, V of the
    /// packed QKV).
    pub fn pack_for(&self, graph: &Graph, precision: albert_deploy::Precision) -> Result<(), CodegenError> {
        use albert_ir::{Op, Operand, WeightLayout};
        // What `pack_weights` recorded is what is packed (computed the same way for a graph
        // that did not go through the pass).
        let layouts = albert_opt::passes::effective_layouts(graph);
        let gemm_b: std::collections::BTreeSet<WeightId> =
            layouts.iter().filter(|(_, l)| **l == WeightLayout::BPanels32).map(|(w, _)| *w).collect();
        // Weights read any other way keep their row-major copy.
        let mut other = std::collections::BTreeSet::new();
        graph.visit_insts(&mut |inst: &albert_ir::Inst| {
            let b_ops = albert_opt::passes::gemm_b_operands(inst);
            for (i, a) in inst.args.iter().enumerate() {
                if let Operand::Weight(w) = a {
                    // The word table of the embeddings is gathered from the panels when the
                    // MLM decoder packs it (tied weights): no row-major copy is needed.
                    let gathered_packed =
                        matches!(inst.op, Op::Embeddings { .. }) && i == 2 && gemm_b.contains(w);
                    if !b_ops.contains(&i) && !gathered_packed {
                        other.insert(*w);
                    }
                }
            }
        });
        let mut release: Vec<WeightId> = gemm_b.iter().copied().filter(|w| !other.contains(w)).collect();
        for w in release.clone() {
            if let Some(d) = graph.derived_weight(w) {
                let WeightRecipe::Concat { parts, .. } = &d.recipe;
                release.extend(parts.iter().copied().filter(|p| !other.contains(p) && !gemm_b.contains(p)));
            }
        }
        // Pack one weight, then release what only it needed, so the row-major and packed
        // copies of all the weights are never resident together.
        // With bf16 the loop body's GEMM weights are packed in bf16 only.
        let mut layer = std::collections::BTreeSet::new();
        if precision == albert_deploy::Precision::Bf16 {
            graph.visit_insts(&mut |inst: &albert_ir::Inst| {
                // The loop body's fused ops: their GEMM weights.
                let idx = match inst.op {
                    Op::Attention { .. } | Op::FeedForward { .. } => {
                        albert_opt::passes::gemm_b_operands(inst)
                    }
                    _ => &[],
                };
                for &i in idx {
                    if let Some(Operand::Weight(w)) = inst.args.get(i) {
                        layer.insert(*w);
                    }
                }
            });
        }
        for &w in &gemm_b {
            if layer.contains(&w) {
                drop(self.packed_bf16(graph, w)?);
            } else {
                drop(self.packed(graph, w)?);
            }
            let mut mine = vec![w];
            if let Some(d) = graph.derived_weight(w) {
                let WeightRecipe::Concat { parts, .. } = &d.recipe;
                mine.extend(parts.iter().copied());
            }
            let mut stored = self.stored.lock().unwrap_or_else(|e| e.into_inner());
            let mut derived = self.derived.lock().unwrap_or_else(|e| e.into_inner());
            for x in mine.into_iter().filter(|x| release.contains(x)) {
                if let Some(slot) = stored.get_mut(x.0 as usize) {
                    *slot = Slot::Released;
                }
                derived.remove(&x);
            }
        }
        Ok(())
    }

    /// The elements of weight `w` (row-major, as declared).
    pub fn get(&self, graph: &Graph, w: WeightId) -> Result<Arc<[f32]>, CodegenError> {
        let slot = self.stored.lock().unwrap_or_else(|e| e.into_inner()).get(w.0 as usize).cloned();
        match slot {
            Some(Slot::Loaded(t)) => return Ok(t),
            Some(Slot::Released) => {
                return Err(CodegenError::Shape(format!(
                    "weight {w} is held only packed (its row-major copy was released)"
                )))
            }
            Some(Slot::Lazy) => {
                let decl = &graph.weights[w.0 as usize];
                let shape = decl.ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 });
                let loader = self
                    .loader
                    .as_ref()
                    .ok_or_else(|| CodegenError::Shape(format!("weight {w} was never loaded")))?;
                let t: Arc<[f32]> = Arc::from(loader(&decl.name, &shape).map_err(CodegenError::Shape)?);
                let mut stored = self.stored.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(s) = stored.get_mut(w.0 as usize) {
                    *s = Slot::Loaded(t.clone());
                }
                return Ok(t);
            }
            None => {}
        }
        if let Some(t) = self.derived.lock().unwrap_or_else(|e| e.into_inner()).get(&w) {
            return Ok(t.clone());
        }
        let d = graph
            .derived_weight(w)
            .ok_or_else(|| CodegenError::Shape(format!("weight {w} is not declared")))?;
        let WeightRecipe::Concat { axis, parts } = &d.recipe;
        let dims = d.ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 });
        let outer: usize = dims[..*axis].iter().product();
        let mut out = Vec::with_capacity(dims.iter().product());
        let pieces: Vec<(Arc<[f32]>, usize)> = parts
            .iter()
            .map(|p| {
                let t = self.get(graph, *p)?;
                let inner = t.len() / outer.max(1);
                Ok((t, inner))
            })
            .collect::<Result<_, CodegenError>>()?;
        for o in 0..outer {
            for (t, inner) in &pieces {
                out.extend_from_slice(&t[o * inner..(o + 1) * inner]);
            }
        }
        let t: Arc<[f32]> = Arc::from(out);
        self.derived.lock().unwrap_or_else(|e| e.into_inner()).insert(w, t.clone());
        Ok(t)
    }

    /// The `[n, k]` of a rank-2 weight and its elements.
    fn matrix(&self, graph: &Graph, w: WeightId) -> Result<(usize, usize, Arc<[f32]>), CodegenError> {
        let ty = graph.weight_type(w).ok_or_else(|| CodegenError::Shape(format!("weight {w} undeclared")))?;
        match ty.shape.resolve(albert_ir::Bindings { batch: 0, seq: 0 }).as_slice() {
            [n, k] => Ok((*n, *k, self.get(graph, w)?)),
            _ => Err(CodegenError::Shape(format!("GEMM weight {w} is {ty}, expected rank 2"))),
        }
    }

    /// Weight `w` (`[n, k]`) packed in bf16 for the bf16 GEMM (`B[k/2][n][2]` panels).
    pub fn packed_bf16(
        &self,
        graph: &Graph,
        w: WeightId,
    ) -> Result<Arc<albert_kernels::PackedBf16>, CodegenError> {
        if let Some(p) = self.packed_bf16.lock().unwrap_or_else(|e| e.into_inner()).get(&w) {
            return Ok(p.clone());
        }
        let (n, k, data) = self.matrix(graph, w)?;
        let p = Arc::new(
            albert_kernels::PackedBf16::from_nk(&data, n, k)
                .map_err(|e| CodegenError::Kernel(e.to_string()))?,
        );
        self.packed_bf16.lock().unwrap_or_else(|e| e.into_inner()).insert(w, p.clone());
        Ok(p)
    }

    /// Weight `w` (`[n, k]`, Hugging Face `Linear` layout) packed for the GEMM kernels.
    pub fn packed(&self, graph: &Graph, w: WeightId) -> Result<Arc<PackedB>, CodegenError> {
        if let Some(p) = self.packed.lock().unwrap_or_else(|e| e.into_inner()).get(&w) {
            return Ok(p.clone());
        }
        let (n, k, data) = self.matrix(graph, w)?;
        let p = Arc::new(PackedB::from_nk(&data, n, k).map_err(|e| CodegenError::Kernel(e.to_string()))?);
        self.packed.lock().unwrap_or_else(|e| e.into_inner()).insert(w, p.clone());
        Ok(p)
    }
}

impl albert_deploy::WeightSource for WeightStore {
    fn floats(
        &self,
        graph: &Graph,
        w: WeightId,
    ) -> Result<albert_deploy::Floats, albert_deploy::DeployError> {
        self.get(graph, w).map(Into::into).map_err(|e| albert_deploy::DeployError::Shape(e.to_string()))
    }

    fn packed(&self, graph: &Graph, w: WeightId) -> Result<Arc<PackedB>, albert_deploy::DeployError> {
        WeightStore::packed(self, graph, w).map_err(|e| albert_deploy::DeployError::Shape(e.to_string()))
    }
}
