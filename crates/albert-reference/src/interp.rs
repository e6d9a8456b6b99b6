//! Runs a [`Graph`] instruction by instruction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use albert_ir::fused::{self, ExpandArg};
use albert_ir::{Bindings, DType, Dim, Graph, Inst, Op, Operand, Region, Type, ValueId, WeightRecipe};

use crate::error::InterpError;
use crate::kernels::{self, Gemm};
use crate::tensor::{Data, Tensor};

/// An operand seen by a kernel: shape plus elements, owned or borrowed.
enum Arg<'a> {
    F32(&'a [usize], &'a [f32]),
    I64(&'a [usize], &'a [i64]),
}

impl<'a> Arg<'a> {
    fn shape(&self) -> &'a [usize] {
        match self {
            Arg::F32(s, _) | Arg::I64(s, _) => s,
        }
    }
}

/// What every block of one run shares.
struct Env<'a> {
    graph: &'a Graph,
    /// Stored weights, then derived ones.
    weights: &'a [Arc<[f32]>],
    wshapes: &'a [Vec<usize>],
    bindings: Bindings,
}

/// Concatenates row-major tensors along `axis`.
fn concat(shapes: &[&[usize]], datas: &[&[f32]], axis: usize) -> Result<(Vec<usize>, Vec<f32>), String> {
    let first = shapes.first().ok_or("concat of nothing")?;
    if axis >= first.len() {
        return Err(format!("concat axis {axis} out of range for {first:?}"));
    }
    let outer: usize = first[..axis].iter().product();
    let mut shape = first.to_vec();
    shape[axis] = shapes.iter().map(|s| s[axis]).sum();
    let mut out = Vec::with_capacity(shape.iter().product());
    for o in 0..outer {
        for (s, d) in shapes.iter().zip(datas) {
            let chunk: usize = s[axis..].iter().product();
            out.extend_from_slice(&d[o * chunk..(o + 1) * chunk]);
        }
    }
    Ok((shape, out))
}

/// The reference interpreter.
#[derive(Clone, Debug)]
pub struct Interpreter {
    /// Threads for large matrix products (results do not depend on it).
    pub threads: usize,
}

impl Default for Interpreter {
    fn default() -> Self {
        Interpreter { threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) }
    }
}

fn bind(bindings: &mut HashMap<Dim, usize>, ty: &Type, shape: &[usize]) -> Result<(), String> {
    if ty.shape.rank() != shape.len() {
        return Err(format!("expected {ty}, got shape {shape:?}"));
    }
    for (d, &n) in ty.shape.0.iter().zip(shape) {
        match d {
            Dim::Fixed(f) if *f != n => return Err(format!("expected {ty}, got shape {shape:?}")),
            Dim::Fixed(_) => {}
            sym => {
                let b = *bindings.entry(*sym).or_insert(n);
                if b != n {
                    return Err(format!("`{sym}` is {b} elsewhere but {n} here (shape {shape:?})"));
                }
            }
        }
    }
    Ok(())
}

impl Interpreter {
    /// An interpreter using `threads` threads for large products.
    pub fn with_threads(threads: usize) -> Interpreter {
        Interpreter { threads: threads.max(1) }
    }

    /// Runs `graph` on `inputs` with `weights` (indexed by weight id) and
    /// returns its outputs in declaration order.
    pub fn run(
        &self,
        graph: &Graph,
        weights: &[Arc<[f32]>],
        inputs: &[(&str, Tensor)],
    ) -> Result<Vec<(String, Tensor)>, InterpError> {
        graph.verify()?;
        if weights.len() != graph.weights.len() {
            return Err(InterpError::BadWeight {
                index: weights.len().min(graph.weights.len()),
                name: String::new(),
                msg: format!("{} weights given, graph declares {}", weights.len(), graph.weights.len()),
            });
        }
        let mut wshapes = Vec::with_capacity(graph.num_weights());
        for (i, (w, decl)) in weights.iter().zip(&graph.weights).enumerate() {
            let shape = decl.ty.shape.resolve(Bindings { batch: 0, seq: 0 });
            let bad = |msg: String| InterpError::BadWeight { index: i, name: decl.name.clone(), msg };
            if decl.ty.shape.0.iter().any(|d| !matches!(d, Dim::Fixed(_))) {
                return Err(bad(format!("weights need a fixed shape, got {}", decl.ty)));
            }
            if shape.iter().product::<usize>() != w.len() {
                return Err(bad(format!("{} elements for shape {shape:?}", w.len())));
            }
            wshapes.push(shape);
        }

        // Bind the symbolic dimensions from the inputs.
        let mut dims: HashMap<Dim, usize> = HashMap::new();
        let mut values: Vec<Option<Arc<Tensor>>> = vec![None; graph.num_values()];
        for (name, _) in inputs {
            if !graph.inputs.iter().any(|i| i.name == *name) {
                return Err(InterpError::UnknownInput(name.to_string()));
            }
        }
        for input in &graph.inputs {
            let (_, t) = inputs
                .iter()
                .find(|(n, _)| *n == input.name)
                .ok_or_else(|| InterpError::MissingInput(input.name.clone()))?;
            let ty = graph.value_type(input.value).ok_or(InterpError::MissingInput(input.name.clone()))?;
            let bad = |msg: String| InterpError::BadInput { name: input.name.clone(), msg };
            if t.dtype() != ty.dtype {
                return Err(bad(format!("expected {}, got {}", ty.dtype, t.dtype())));
            }
            if t.numel() != t.data_len() {
                return Err(bad(format!("{} elements for shape {:?}", t.data_len(), t.shape)));
            }
            bind(&mut dims, ty, &t.shape).map_err(bad)?;
            values[input.value.0 as usize] = Some(Arc::new(t.clone()));
        }
        let bindings = Bindings {
            batch: dims.get(&Dim::Batch).copied().unwrap_or(1),
            seq: dims.get(&Dim::Seq).copied().unwrap_or(1),
        };

        // Derived weights (a packed QKV matrix…) are computed once per run,
        // as a runtime would at load time.
        let mut weights: Vec<Arc<[f32]>> = weights.to_vec();
        for (k, d) in graph.derived.iter().enumerate() {
            let index = graph.weights.len() + k;
            let bad = |msg: String| InterpError::BadWeight { index, name: d.name.clone(), msg };
            let WeightRecipe::Concat { axis, parts } = &d.recipe;
            let shapes: Vec<&[usize]> = parts.iter().map(|p| wshapes[p.0 as usize].as_slice()).collect();
            let datas: Vec<&[f32]> = parts.iter().map(|p| &weights[p.0 as usize][..]).collect();
            let (shape, data) = concat(&shapes, &datas, *axis).map_err(bad)?;
            weights.push(Arc::from(data));
            wshapes.push(shape);
        }
        let env = Env { graph, weights: &weights, wshapes: &wshapes, bindings };
        let keep: HashSet<ValueId> = graph.outputs.iter().map(|o| o.value).collect();
        self.run_block(&env, &graph.insts, &mut values, &keep)?;
        graph
            .outputs
            .iter()
            .map(|o| {
                let t = values[o.value.0 as usize].clone().ok_or_else(|| InterpError::Exec {
                    inst: graph.insts.len(),
                    op: "output",
                    msg: format!("output `{}` was not computed", o.name),
                })?;
                Ok((o.name.clone(), Arc::try_unwrap(t).unwrap_or_else(|t| (*t).clone())))
            })
            .collect()
    }

    /// Runs one block (the graph's or a loop body's), freeing every value
    /// after its last use in the block except those in `keep`.
    fn run_block(
        &self,
        env: &Env,
        insts: &[Inst],
        values: &mut [Option<Arc<Tensor>>],
        keep: &HashSet<ValueId>,
    ) -> Result<(), InterpError> {
        let graph = env.graph;
        let mut last_use: HashMap<ValueId, usize> = HashMap::new();
        for (i, inst) in insts.iter().enumerate() {
            for a in &inst.args {
                if let Operand::Value(v) = a {
                    last_use.insert(*v, i);
                }
            }
        }
        let missing = |i: usize, inst: &Inst, v: ValueId| InterpError::Exec {
            inst: i,
            op: inst.op.name(),
            msg: format!("value {v} was freed or never computed"),
        };
        for (i, inst) in insts.iter().enumerate() {
            let exec_err = |msg: String| InterpError::Exec { inst: i, op: inst.op.name(), msg };
            let out = if let Some(body) = graph.body(inst) {
                self.run_loop(env, inst, body, values).map_err(|e| match e {
                    InterpError::Exec { inst: j, op, msg } => {
                        exec_err(format!("in the body, instruction {j} (`{op}`): {msg}"))
                    }
                    other => other,
                })?
            } else if inst.op.is_fused() {
                self.run_fused(env, inst, values).map_err(|e| exec_err(e.to_string()))?
            } else {
                let args: Vec<Arg> = inst
                    .args
                    .iter()
                    .map(|a| match a {
                        Operand::Weight(w) => {
                            let k = w.0 as usize;
                            Ok(Arg::F32(&env.wshapes[k], &env.weights[k][..]))
                        }
                        Operand::Value(v) => match values[v.0 as usize].as_deref() {
                            Some(Tensor { shape, data: Data::F32(d) }) => Ok(Arg::F32(shape, d)),
                            Some(Tensor { shape, data: Data::I64(d) }) => Ok(Arg::I64(shape, d)),
                            None => Err(missing(i, inst, *v)),
                        },
                    })
                    .collect::<Result<_, _>>()?;
                self.exec(&inst.op, &args, env.bindings, graph, inst).map_err(exec_err)?
            };
            values[inst.result.0 as usize] = Some(Arc::new(out));
            for a in &inst.args {
                if let Operand::Value(v) = a {
                    if last_use.get(v) == Some(&i) && !keep.contains(v) {
                        values[v.0 as usize] = None;
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs a loop: binds the body's parameters to the operands, runs the
    /// body `trips` times feeding each trip's yield to the next, and returns
    /// the last carried value.
    fn run_loop(
        &self,
        env: &Env,
        inst: &Inst,
        body: &Region,
        values: &mut [Option<Arc<Tensor>>],
    ) -> Result<Tensor, InterpError> {
        let Op::Loop { trips } = inst.op else {
            return Err(InterpError::Exec { inst: 0, op: inst.op.name(), msg: "not a loop".into() });
        };
        let mut operands = Vec::with_capacity(inst.args.len());
        for a in &inst.args {
            let Operand::Value(v) = a else {
                return Err(InterpError::Exec { inst: 0, op: "loop", msg: format!("weight operand {a}") });
            };
            let t = values[v.0 as usize].clone().ok_or_else(|| InterpError::Exec {
                inst: 0,
                op: "loop",
                msg: format!("value {v} was freed or never computed"),
            })?;
            operands.push(t);
        }
        let keep: HashSet<ValueId> = [body.yields].into_iter().collect();
        let mut carried = operands[0].clone();
        for _ in 0..trips {
            values[body.params[0].0 as usize] = Some(carried);
            for (p, t) in body.params.iter().zip(&operands).skip(1) {
                values[p.0 as usize] = Some(t.clone());
            }
            self.run_block(env, &body.insts, values, &keep)?;
            carried = values[body.yields.0 as usize].take().ok_or_else(|| InterpError::Exec {
                inst: body.insts.len(),
                op: "yield",
                msg: format!("value {} was not computed", body.yields),
            })?;
        }
        for p in &body.params {
            values[p.0 as usize] = None;
        }
        Ok(Arc::try_unwrap(carried).unwrap_or_else(|t| (*t).clone()))
    }

    /// Runs a fused op as the primitive graph it stands for
    /// ([`albert_ir::fused::expand`]): one definition of its meaning.
    fn run_fused(
        &self,
        env: &Env,
        inst: &Inst,
        values: &[Option<Arc<Tensor>>],
    ) -> Result<Tensor, InterpError> {
        let graph = env.graph;
        let mut eargs = Vec::with_capacity(inst.args.len());
        for a in &inst.args {
            eargs.push(ExpandArg { is_weight: matches!(a, Operand::Weight(_)), ty: graph.operand_type(*a)? });
        }
        let sub = fused::expand(&inst.op, &eargs)?.ok_or_else(|| InterpError::Exec {
            inst: 0,
            op: inst.op.name(),
            msg: "no expansion".into(),
        })?;
        let names: Vec<String> = (0..inst.args.len()).map(|i| format!("arg{i}")).collect();
        let mut inputs = Vec::new();
        let mut sub_weights = Vec::new();
        for (a, name) in inst.args.iter().zip(&names) {
            match a {
                Operand::Weight(w) => sub_weights.push(env.weights[w.0 as usize].clone()),
                Operand::Value(v) => {
                    let t = values[v.0 as usize].as_deref().ok_or_else(|| InterpError::Exec {
                        inst: 0,
                        op: inst.op.name(),
                        msg: format!("value {v} was freed or never computed"),
                    })?;
                    inputs.push((name.as_str(), t.clone()));
                }
            }
        }
        let mut outs = self.run(&sub, &sub_weights, &inputs)?;
        outs.pop().map(|(_, t)| t).ok_or_else(|| InterpError::Exec {
            inst: 0,
            op: inst.op.name(),
            msg: "expansion returned nothing".into(),
        })
    }

    fn exec(
        &self,
        op: &Op,
        args: &[Arg],
        bind: Bindings,
        graph: &Graph,
        inst: &albert_ir::Inst,
    ) -> Result<Tensor, String> {
        let f32_arg = |i: usize| match &args[i] {
            Arg::F32(s, d) => Ok((*s, *d)),
            Arg::I64(..) => Err(format!("operand {i} must be f32")),
        };
        let tensor = |shape: Vec<usize>, data: Vec<f32>| Tensor { shape, data: Data::F32(data) };
        Ok(match op {
            Op::Const { value } => tensor(vec![], vec![*value as f32]),
            Op::Iota { len } => {
                let n = len.resolve(bind);
                Tensor { shape: vec![n], data: Data::I64((0..n as i64).collect()) }
            }
            Op::Gather {} => {
                let (ts, table) = f32_arg(0)?;
                let Arg::I64(is, ids) = &args[1] else { return Err("ids must be i64".into()) };
                let (rows, width) = (ts[0], ts[1]);
                let mut out = Vec::with_capacity(ids.len() * width);
                for &id in ids.iter() {
                    if id < 0 || id as usize >= rows {
                        let name = match inst.args[0] {
                            Operand::Weight(w) => graph.weights[w.0 as usize].name.clone(),
                            Operand::Value(v) => v.to_string(),
                        };
                        return Err(format!("id {id} is out of range for `{name}` ({rows} rows)"));
                    }
                    let r = id as usize * width;
                    out.extend_from_slice(&table[r..r + width]);
                }
                let mut shape = is.to_vec();
                shape.push(width);
                tensor(shape, out)
            }
            Op::Cast { to } => match (&args[0], to) {
                (Arg::F32(s, d), DType::F32) => tensor(s.to_vec(), d.to_vec()),
                (Arg::I64(s, d), DType::F32) => tensor(s.to_vec(), d.iter().map(|&x| x as f32).collect()),
                (Arg::F32(s, d), DType::I64) => {
                    Tensor { shape: s.to_vec(), data: Data::I64(d.iter().map(|&x| x as i64).collect()) }
                }
                (Arg::I64(s, d), DType::I64) => Tensor { shape: s.to_vec(), data: Data::I64(d.to_vec()) },
            },
            Op::Add {} | Op::Sub {} | Op::Mul {} | Op::Div {} => {
                let ((sa, a), (sb, b)) = (f32_arg(0)?, f32_arg(1)?);
                let out_ty = graph.value_type(inst.result).ok_or("no result type")?;
                let oshape = out_ty.shape.resolve(bind);
                let (ta, tb) =
                    (kernels::broadcast_strides(sa, &oshape), kernels::broadcast_strides(sb, &oshape));
                let width = oshape.last().copied().unwrap_or(1);
                let (la, lb) = (ta.last().copied().unwrap_or(0), tb.last().copied().unwrap_or(0));
                let f: fn(f32, f32) -> f32 = match op {
                    Op::Add {} => |x, y| x + y,
                    Op::Sub {} => |x, y| x - y,
                    Op::Mul {} => |x, y| x * y,
                    _ => |x, y| x / y,
                };
                let mut out = vec![0.0f32; oshape.iter().product()];
                kernels::for_each_row(&oshape, &ta, &tb, |o, oa, ob| {
                    for j in 0..width {
                        out[o + j] = f(a[oa + j * la], b[ob + j * lb]);
                    }
                });
                tensor(oshape, out)
            }
            Op::MatMul { transpose_b } => {
                let ((sa, a), (sb, b)) = (f32_arg(0)?, f32_arg(1)?);
                let (ra, rb) = (sa.len(), sb.len());
                let (m, k) = (sa[ra - 2], sa[ra - 1]);
                let n = if *transpose_b { sb[rb - 2] } else { sb[rb - 1] };
                let out_ty = graph.value_type(inst.result).ok_or("no result type")?;
                let oshape = out_ty.shape.resolve(bind);
                let batch = &oshape[..oshape.len() - 2];
                let nb: usize = batch.iter().product();
                let ba = kernels::broadcast_strides(&sa[..ra - 2], batch);
                let bb = kernels::broadcast_strides(&sb[..rb - 2], batch);
                let (asz, bsz) = (m * k, k * n);
                let g = Gemm { m, n, k, transpose_b: *transpose_b };
                let mut out = vec![0.0f32; nb * m * n];
                let bstr = kernels::strides(batch);
                for bi in 0..nb {
                    let (mut oa, mut ob) = (0, 0);
                    for d in 0..batch.len() {
                        let idx = (bi / bstr[d]) % batch[d];
                        oa += idx * ba[d];
                        ob += idx * bb[d];
                    }
                    g.run(
                        &a[oa * asz..(oa + 1) * asz],
                        &b[ob * bsz..(ob + 1) * bsz],
                        &mut out[bi * m * n..(bi + 1) * m * n],
                        self.threads,
                    );
                }
                tensor(oshape, out)
            }
            Op::LayerNorm { eps } => {
                let ((s, x), (_, g), (_, b)) = (f32_arg(0)?, f32_arg(1)?, f32_arg(2)?);
                let mut out = vec![0.0f32; x.len()];
                kernels::layer_norm(x, g, b, *eps, &mut out);
                tensor(s.to_vec(), out)
            }
            Op::Softmax {} => {
                let (s, x) = f32_arg(0)?;
                let d = s.last().copied().unwrap_or(1).max(1);
                let mut out = vec![0.0f32; x.len()];
                kernels::softmax(x, d, &mut out);
                tensor(s.to_vec(), out)
            }
            Op::Activation { kind } => {
                let (s, x) = f32_arg(0)?;
                tensor(s.to_vec(), x.iter().map(|&v| kernels::activation(*kind, v)).collect())
            }
            Op::Reshape { shape } => {
                let new: Vec<usize> = shape.iter().map(|d| d.resolve(bind)).collect();
                match &args[0] {
                    Arg::F32(_, d) => tensor(new, d.to_vec()),
                    Arg::I64(_, d) => Tensor { shape: new, data: Data::I64(d.to_vec()) },
                }
            }
            Op::Transpose { perm } => {
                let s = args[0].shape();
                let oshape: Vec<usize> = perm.iter().map(|&p| s[p]).collect();
                let st = kernels::strides(s);
                let pst: Vec<usize> = perm.iter().map(|&p| st[p]).collect();
                let index_map = permuted_offsets(&oshape, &pst);
                match &args[0] {
                    Arg::F32(_, d) => tensor(oshape, index_map.iter().map(|&o| d[o]).collect()),
                    Arg::I64(_, d) => {
                        Tensor { shape: oshape, data: Data::I64(index_map.iter().map(|&o| d[o]).collect()) }
                    }
                }
            }
            Op::Embeddings { .. } | Op::Attention { .. } | Op::FeedForward { .. } | Op::Loop { .. } => {
                return Err(format!("`{}` is run by its expansion or its body, not as a kernel", op.name()));
            }
            Op::Select { axis, index } => {
                let s = args[0].shape();
                if *index >= s[*axis] {
                    return Err(format!("index {index} out of range for axis {axis} of size {}", s[*axis]));
                }
                let outer: usize = s[..*axis].iter().product();
                let inner: usize = s[*axis + 1..].iter().product();
                let mut oshape = s.to_vec();
                oshape.remove(*axis);
                let pick = |o: usize| (o * s[*axis] + index) * inner;
                match &args[0] {
                    Arg::F32(_, d) => {
                        let mut out = Vec::with_capacity(outer * inner);
                        for o in 0..outer {
                            out.extend_from_slice(&d[pick(o)..pick(o) + inner]);
                        }
                        tensor(oshape, out)
                    }
                    Arg::I64(_, d) => {
                        let mut out = Vec::with_capacity(outer * inner);
                        for o in 0..outer {
                            out.extend_from_slice(&d[pick(o)..pick(o) + inner]);
                        }
                        Tensor { shape: oshape, data: Data::I64(out) }
                    }
                }
            }
        })
    }
}

/// Source offsets, in output order, of a transpose with permuted strides.
fn permuted_offsets(oshape: &[usize], pst: &[usize]) -> Vec<usize> {
    let n: usize = oshape.iter().product();
    let mut out = Vec::with_capacity(n);
    if oshape.is_empty() {
        out.push(0);
        return out;
    }
    kernels::for_each_row(oshape, pst, pst, |_, off, _| {
        let last = pst[pst.len() - 1];
        for j in 0..oshape[oshape.len() - 1] {
            out.push(off + j * last);
        }
    });
    out
}
