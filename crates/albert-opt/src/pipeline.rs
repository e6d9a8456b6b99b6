//! The pass manager: one list of named passes, read top to bottom.
//!
//! [`Pipeline::default_for`] is *the* optimisation pipeline (tinygrad's and
//! Cranelift's habit: the whole lowering as a short list of named
//! rewrites). The verifier runs after every pass when
//! [`Pipeline::verify_each`] is on — by default in debug builds, and always
//! in the tests — and its error names the pass that broke the graph
//! ([`albert_ir::IrError::AfterPass`]). An observer sees the graph after
//! each pass, which is how `albert-jit compile --dump-after PASS` and
//! `--dump-all` are built.

use albert_ir::{Graph, IrError};

use crate::passes;
use crate::OptError;

/// What the pipeline is asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Outputs to keep (`None`: all). `dce` drops the others and what only
    /// they needed — e.g. `["last_hidden_state"]` for an embedding service.
    pub outputs: Option<Vec<String>>,
}

/// A pass: a name (for `--dump-after`), what it does, and the function.
#[derive(Clone, Copy)]
pub struct Pass {
    /// Its name.
    pub name: &'static str,
    /// One line on what it does.
    pub doc: &'static str,
    /// The rewrite.
    pub run: fn(&Graph, &Options) -> Result<Graph, OptError>,
}

impl std::fmt::Debug for Pass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Every pass, in the order the default pipeline runs them.
pub const PASSES: &[Pass] = &[
    Pass { name: "fold", doc: "drop no-op reshapes/transposes/casts, merge chains", run: passes::fold },
    Pass {
        name: "dce",
        doc: "drop unrequested outputs, dead instructions and unused weights",
        run: passes::dce,
    },
    Pass {
        name: "fuse_embeddings",
        doc: "gathers + sum + LayerNorm (+ E→H linear) → embeddings",
        run: passes::fuse_embeddings,
    },
    Pass {
        name: "fuse_attention",
        doc: "AlbertAttention → attention with a packed QKV weight",
        run: passes::fuse_attention,
    },
    Pass {
        name: "fuse_ffn",
        doc: "ffn → act → ffn_output + residual + LayerNorm → feed_forward",
        run: passes::fuse_ffn,
    },
    Pass {
        name: "share_layers",
        doc: "repeated applications of one layer group → loop",
        run: passes::share_layers,
    },
    Pass {
        name: "pack_weights",
        doc: "record the kernels' layout (B panels) for each weight",
        run: passes::pack_weights,
    },
];

/// The pass named `name`.
pub fn pass(name: &str) -> Result<Pass, OptError> {
    PASSES
        .iter()
        .find(|p| p.name == name)
        .copied()
        .ok_or_else(|| OptError::UnknownPass { name: name.into(), known: pass_names().join(", ") })
}

/// The names of every pass, in default-pipeline order.
pub fn pass_names() -> Vec<&'static str> {
    PASSES.iter().map(|p| p.name).collect()
}

/// An ordered list of passes and the options they share.
#[derive(Clone, Debug)]
pub struct Pipeline {
    passes: Vec<Pass>,
    options: Options,
    verify: bool,
}

impl Pipeline {
    /// The optimisation pipeline:
    ///
    /// ```text
    /// fold → dce → fuse_embeddings → fuse_attention → fuse_ffn → share_layers → pack_weights
    /// ```
    ///
    /// Memory planning depends on a shape bucket, so it is not a pass:
    /// call [`crate::plan_memory`] on the result.
    pub fn default_for(options: &Options) -> Pipeline {
        Pipeline { passes: PASSES.to_vec(), options: options.clone(), verify: cfg!(debug_assertions) }
    }

    /// A pipeline of the named passes, in the order given (filetests, `--passes`).
    pub fn from_names<S: AsRef<str>>(names: &[S], options: &Options) -> Result<Pipeline, OptError> {
        let passes = names.iter().map(|n| pass(n.as_ref())).collect::<Result<_, _>>()?;
        Ok(Pipeline { passes, options: options.clone(), verify: cfg!(debug_assertions) })
    }

    /// Appends a pass (one outside the registry: an experiment, a test).
    pub fn then(mut self, pass: Pass) -> Pipeline {
        self.passes.push(pass);
        self
    }

    /// Turns the verifier after every pass on or off.
    pub fn verify_each(mut self, on: bool) -> Pipeline {
        self.verify = on;
        self
    }

    /// The pass names, in order.
    pub fn pass_names(&self) -> Vec<&'static str> {
        self.passes.iter().map(|p| p.name).collect()
    }

    /// Runs every pass.
    pub fn run(&self, graph: &Graph) -> Result<Graph, OptError> {
        self.run_with(graph, |_, _| {})
    }

    /// Runs every pass, calling `observe(pass_name, graph)` after each one
    /// (after the verifier, when it is on).
    pub fn run_with(&self, graph: &Graph, mut observe: impl FnMut(&str, &Graph)) -> Result<Graph, OptError> {
        let mut g = graph.clone();
        for p in &self.passes {
            g = (p.run)(&g, &self.options).map_err(|e| match e {
                OptError::Ir(source) => {
                    OptError::Ir(IrError::AfterPass { pass: p.name.into(), source: Box::new(source) })
                }
                other => other,
            })?;
            if self.verify {
                g.verify()
                    .map_err(|source| IrError::AfterPass { pass: p.name.into(), source: Box::new(source) })?;
            }
            observe(p.name, &g);
        }
        Ok(g)
    }
}
