//! Weights as the generated code wants them, computed once per model and
//! shared by every shape bucket: stored tensors as loaded, derived ones
//! (the packed QKV concatenation) built on first use, and GEMM operands
//! packed into the kernels' panel layout on first use.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use albert_ir::{Graph, WeightId, WeightRecipe};
use albert_kernels::PackedB;

use crate::error::CodegenError;

/// The weights of one optimised graph.
pub struct WeightStore {
    stored: Vec<Arc<[f32]>>,
    derived: Mutex<HashMap<WeightId, Arc<[f32]>>>,
    packed: Mutex<HashMap<WeightId, Arc<PackedB>>>,
    packed_f32x4: Mutex<HashMap<(WeightId, usize), Arc<crate::gemm::PackedB>>>,
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
            stored,
            derived: Mutex::new(HashMap::new()),
            packed: Mutex::new(HashMap::new()),
            packed_f32x4: Mutex::new(HashMap::new()),
        })
    }

    /// Bytes held: stored, derived and packed copies.
    pub fn bytes(&self) -> usize {
        let s: usize = self.stored.iter().map(|w| w.len() * 4).sum();
        let d: usize = self.derived.lock().map(|m| m.values().map(|w| w.len() * 4).sum()).unwrap_or(0);
        let p: usize = self.packed.lock().map(|m| m.values().map(|w| w.data().len() * 4).sum()).unwrap_or(0);
        s + d + p
    }

    /// The elements of weight `w` (row-major, as declared).
    pub fn get(&self, graph: &Graph, w: WeightId) -> Result<Arc<[f32]>, CodegenError> {
        if let Some(t) = self.stored.get(w.0 as usize) {
            return Ok(t.clone());
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

    /// Weight `w` packed into `nr`-column panels for the Cranelift f32x4 tile.
    pub fn packed_f32x4(
        &self,
        graph: &Graph,
        w: WeightId,
        nr: usize,
    ) -> Result<Arc<crate::gemm::PackedB>, CodegenError> {
        if let Some(p) = self.packed_f32x4.lock().unwrap_or_else(|e| e.into_inner()).get(&(w, nr)) {
            return Ok(p.clone());
        }
        let (n, k, data) = self.matrix(graph, w)?;
        let p = Arc::new(crate::gemm::PackedB::pack(&data, n, k, nr)?);
        self.packed_f32x4.lock().unwrap_or_else(|e| e.into_inner()).insert((w, nr), p.clone());
        Ok(p)
    }
}
