//! The operations of the IR, each defined once.
//!
//! `define_ops!` is the single table of ops: name in the text form, operand
//! count, attributes (with their types) and documentation. The printer, the
//! parser, the verifier and the interpreter all dispatch on the enum it
//! generates; type inference for every op lives in [`Op::infer`] just below.
//! This follows Cranelift's habit of deriving all op tables from one place.

use std::collections::BTreeMap;
use std::fmt;

use crate::types::{DType, Dim, Shape, Type};

/// The activation functions of Hugging Face's `ACT2FN` that ALBERT configs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Act {
    /// `gelu`: exact, `x/2 · (1 + erf(x/√2))`.
    Gelu,
    /// `gelu_new` / `gelu_pytorch_tanh`: the tanh approximation.
    GeluNew,
    /// `gelu_fast`: the tanh approximation written with `x·(1 + 0.044715x²)`.
    GeluFast,
    /// `quick_gelu`: `x · sigmoid(1.702x)`.
    QuickGelu,
    /// `relu`.
    Relu,
    /// `silu` / `swish`: `x · sigmoid(x)`.
    Silu,
    /// `tanh`.
    Tanh,
    /// `sigmoid`.
    Sigmoid,
    /// `linear`: the identity.
    Identity,
}

impl Act {
    /// Every activation, for tests and error messages.
    pub const ALL: [Act; 9] = [
        Act::Gelu,
        Act::GeluNew,
        Act::GeluFast,
        Act::QuickGelu,
        Act::Relu,
        Act::Silu,
        Act::Tanh,
        Act::Sigmoid,
        Act::Identity,
    ];

    /// The IR name (equal to Hugging Face's `hidden_act` key where one exists).
    pub fn name(self) -> &'static str {
        match self {
            Act::Gelu => "gelu",
            Act::GeluNew => "gelu_new",
            Act::GeluFast => "gelu_fast",
            Act::QuickGelu => "quick_gelu",
            Act::Relu => "relu",
            Act::Silu => "silu",
            Act::Tanh => "tanh",
            Act::Sigmoid => "sigmoid",
            Act::Identity => "linear",
        }
    }

    /// Maps a Hugging Face `hidden_act` string (including its aliases).
    pub fn from_hf_name(s: &str) -> Option<Act> {
        Some(match s {
            "gelu" => Act::Gelu,
            "gelu_new" | "gelu_pytorch_tanh" => Act::GeluNew,
            "gelu_fast" => Act::GeluFast,
            "quick_gelu" => Act::QuickGelu,
            "relu" => Act::Relu,
            "silu" | "swish" => Act::Silu,
            "tanh" => Act::Tanh,
            "sigmoid" => Act::Sigmoid,
            "linear" | "identity" => Act::Identity,
            _ => return None,
        })
    }
}

/// An attribute type: how it prints in and parses from the text form.
pub trait AttrValue: Sized {
    /// Text form of the value.
    fn print(&self) -> String;
    /// Parses the text form.
    fn parse(s: &str) -> Option<Self>;
}

impl AttrValue for f64 {
    fn print(&self) -> String {
        // `{:?}` prints the shortest string that round-trips exactly.
        format!("{self:?}")
    }
    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

impl AttrValue for usize {
    fn print(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

impl AttrValue for bool {
    fn print(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

impl AttrValue for Dim {
    fn print(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Option<Self> {
        Dim::parse(s)
    }
}

impl AttrValue for DType {
    fn print(&self) -> String {
        self.name().to_string()
    }
    fn parse(s: &str) -> Option<Self> {
        DType::from_name(s)
    }
}

impl AttrValue for Act {
    fn print(&self) -> String {
        self.name().to_string()
    }
    fn parse(s: &str) -> Option<Self> {
        Act::ALL.into_iter().find(|a| a.name() == s)
    }
}

impl AttrValue for Vec<usize> {
    fn print(&self) -> String {
        let items: Vec<String> = self.iter().map(|x| x.to_string()).collect();
        format!("[{}]", items.join(","))
    }
    fn parse(s: &str) -> Option<Self> {
        let inner = s.strip_prefix('[')?.strip_suffix(']')?;
        if inner.is_empty() {
            return Some(Vec::new());
        }
        inner.split(',').map(|x| x.trim().parse().ok()).collect()
    }
}

impl AttrValue for Vec<Dim> {
    fn print(&self) -> String {
        Shape(self.clone()).to_string()
    }
    fn parse(s: &str) -> Option<Self> {
        let inner = s.strip_prefix('[')?.strip_suffix(']')?;
        if inner.is_empty() {
            return Some(Vec::new());
        }
        inner.split(',').map(|x| Dim::parse(x.trim())).collect()
    }
}

/// How many operands an op takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    /// Exactly this many.
    Exact(usize),
    /// One of these counts (an op with optional trailing operands).
    OneOf(&'static [usize]),
    /// At least this many (a loop: its carried value, then any invariants).
    AtLeast(usize),
}

impl Arity {
    /// Whether `n` operands fit.
    pub fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Exact(k) => n == k,
            Arity::OneOf(ks) => ks.contains(&n),
            Arity::AtLeast(k) => n >= k,
        }
    }

    /// The fewest operands that fit.
    pub fn min(self) -> usize {
        match self {
            Arity::Exact(k) | Arity::AtLeast(k) => k,
            Arity::OneOf(ks) => ks.iter().copied().min().unwrap_or(0),
        }
    }
}

impl fmt::Display for Arity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arity::Exact(k) => write!(f, "{k}"),
            Arity::OneOf(ks) => {
                let parts: Vec<String> = ks.iter().map(|k| k.to_string()).collect();
                f.write_str(&parts.join(" or "))
            }
            Arity::AtLeast(k) => write!(f, "at least {k}"),
        }
    }
}

/// The operand-count column of the op table: `(2)`, `(7 | 9)` or `(1 ..)`.
macro_rules! arity {
    ($n:literal) => {
        Arity::Exact($n)
    };
    ($a:literal | $b:literal) => {
        Arity::OneOf(&[$a, $b])
    };
    ($n:literal ..) => {
        Arity::AtLeast($n)
    };
}

macro_rules! define_ops {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal ($($arity:tt)+) { $($field:ident : $fty:ty),* $(,)? }
    )*) => {
        /// An operation. Operands are positional; attributes are named fields.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Op {
            $(
                $(#[doc = $doc])*
                $variant {
                    $(
                        #[doc = concat!("Attribute `", stringify!($field), "`.")]
                        $field: $fty,
                    )*
                },
            )*
        }

        impl Op {
            /// Every op name in the text form.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// The op's name in the text form.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Op::$variant { .. } => $name,)*
                }
            }

            /// The fewest operands the op takes ([`Op::arity_spec`] says whether more fit).
            pub fn arity(&self) -> usize {
                self.arity_spec().min()
            }

            /// How many operands the op takes.
            pub fn arity_spec(&self) -> Arity {
                match self {
                    $(Op::$variant { .. } => arity!($($arity)+),)*
                }
            }

            /// The attributes as `(name, text)` pairs, in declaration order.
            pub fn attrs(&self) -> Vec<(&'static str, String)> {
                match self {
                    $(
                        #[allow(unused_variables)]
                        Op::$variant { $($field),* } => {
                            vec![$((stringify!($field), AttrValue::print($field))),*]
                        }
                    )*
                }
            }

            /// Builds an op from its name and attribute texts (the parser's half).
            pub fn from_parts(name: &str, attrs: &BTreeMap<String, String>) -> Result<Op, String> {
                match name {
                    $(
                        $name => {
                            let known: &[&str] = &[$(stringify!($field)),*];
                            if let Some(extra) = attrs.keys().find(|k| !known.contains(&k.as_str())) {
                                return Err(format!("op `{}` has no attribute `{extra}`", $name));
                            }
                            Ok(Op::$variant {
                                $(
                                    $field: {
                                        let key = stringify!($field);
                                        let text = attrs
                                            .get(key)
                                            .ok_or_else(|| format!("op `{}` needs attribute `{key}`", $name))?;
                                        <$fty as AttrValue>::parse(text).ok_or_else(|| {
                                            format!("op `{}`: bad value `{text}` for attribute `{key}`", $name)
                                        })?
                                    },
                                )*
                            })
                        }
                    )*
                    _ => Err(format!("unknown op `{name}`")),
                }
            }
        }
    };
}

define_ops! {
    /// A scalar `f32` constant.
    Const = "const" (0) { value: f64 }
    /// `i64[len]` holding `0, 1, …, len-1` (position ids).
    Iota = "iota" (0) { len: Dim }
    /// Rows of a table `f32[V,E]` picked by integer ids `i64[...]`: `f32[...,E]`.
    Gather = "gather" (2) {}
    /// Element type conversion.
    Cast = "cast" (1) { to: DType }
    /// Elementwise `a + b` with NumPy broadcasting.
    Add = "add" (2) {}
    /// Elementwise `a - b` with NumPy broadcasting.
    Sub = "sub" (2) {}
    /// Elementwise `a * b` with NumPy broadcasting.
    Mul = "mul" (2) {}
    /// Elementwise `a / b` with NumPy broadcasting.
    Div = "div" (2) {}
    /// Batched matrix product `a[...,M,K] · b[...,K,N]`, or `· b[...,N,K]ᵀ` with
    /// `transpose_b` (Hugging Face's `Linear` weight layout). Batch dims of `b`
    /// broadcast against those of `a`; a rank-2 `b` is shared by every batch.
    MatMul = "matmul" (2) { transpose_b: bool }
    /// LayerNorm over the last axis: `(x - mean) / sqrt(var + eps) * gamma + beta`.
    LayerNorm = "layer_norm" (3) { eps: f64 }
    /// Softmax over the last axis.
    Softmax = "softmax" (1) {}
    /// An elementwise activation function.
    Activation = "activation" (1) { kind: Act }
    /// Same elements, new shape (row-major order is kept).
    Reshape = "reshape" (1) { shape: Vec<Dim> }
    /// Permutes the axes: output axis `i` is input axis `perm[i]`.
    Transpose = "transpose" (1) { perm: Vec<usize> }
    /// Picks index `index` along `axis` and removes that axis.
    Select = "select" (1) { axis: usize, index: usize }
    /// `AlbertEmbeddings` (+ optionally the encoder's E→H mapping), fused:
    /// operands `input_ids, token_type_ids, @word[V,E], @position[P,E],
    /// @token_type[T,E], @gamma[E], @beta[E]` and optionally `@map_w[H,E],
    /// @map_b[H]`. Computes `LN(word[ids] + type[tt] + position[0..seq])`
    /// then, with the mapping, `· map_wᵀ + map_b`. Its meaning is
    /// [`crate::fused::expand`].
    Embeddings = "embeddings" (7 | 9) { eps: f64 }
    /// `AlbertAttention`, fused: operands `x[B,S,H], mask, @qkv_w[3H,H],
    /// @qkv_b[3H], @out_w[H,H], @out_b[H], @gamma[H], @beta[H]`. One packed
    /// QKV product, scores `q·kᵀ·scale + mask`, softmax, context, output
    /// projection, then `LN(x + out)`. `mask` is the additive mask
    /// (broadcast to `[B,heads,S,S]`). Its meaning is [`crate::fused::expand`].
    Attention = "attention" (8) { heads: usize, scale: f64, eps: f64 }
    /// `AlbertLayer`'s feed-forward half, fused: operands `x[...,H],
    /// @ffn_w[I,H], @ffn_b[I], @out_w[H,I], @out_b[H], @gamma[H], @beta[H]`;
    /// computes `LN(act(x·ffn_wᵀ + ffn_b)·out_wᵀ + out_b + x)`.
    FeedForward = "feed_forward" (7) { act: Act, eps: f64 }
    /// A counted loop: operands `carried, invariants…`; its body (a region
    /// of the graph, see [`crate::graph::Region`]) runs `trips` times with
    /// parameters `carried, invariants…` and yields the next carried value.
    /// The result is the carried value after the last trip.
    Loop = "loop" (1 ..) { trips: usize }
}

/// Why an op cannot take the operand types it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError(pub String);

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, TypeError> {
    Err(TypeError(msg.into()))
}

fn expect_dtype(t: &Type, d: DType, what: &str) -> Result<(), TypeError> {
    if t.dtype != d {
        return err(format!("{what} must be {d}, got {t}"));
    }
    Ok(())
}

/// NumPy broadcasting of two shapes (right-aligned; a fixed 1 stretches).
pub fn broadcast(a: &Shape, b: &Shape) -> Result<Shape, TypeError> {
    let rank = a.rank().max(b.rank());
    let mut out = Vec::with_capacity(rank);
    for i in 0..rank {
        let da = (i + a.rank()).checked_sub(rank).map(|j| a.0[j]);
        let db = (i + b.rank()).checked_sub(rank).map(|j| b.0[j]);
        out.push(match (da, db) {
            (Some(x), None) | (None, Some(x)) => x,
            (Some(x), Some(y)) if x == y => x,
            (Some(Dim::Fixed(1)), Some(y)) => y,
            (Some(x), Some(Dim::Fixed(1))) => x,
            (Some(_), Some(_)) | (None, None) => {
                return err(format!("shapes {a} and {b} do not broadcast"));
            }
        });
    }
    Ok(Shape(out))
}

impl Op {
    /// Whether this is a fused op (its meaning is [`crate::fused::expand`]).
    pub fn is_fused(&self) -> bool {
        matches!(self, Op::Embeddings { .. } | Op::Attention { .. } | Op::FeedForward { .. })
    }

    /// The result type for operands of types `args`, or why there is none.
    /// `weights` are the operand types as well: the caller resolves weights
    /// and values alike to their types.
    pub fn infer(&self, args: &[&Type]) -> Result<Type, TypeError> {
        if !self.arity_spec().accepts(args.len()) {
            return err(format!(
                "`{}` takes {} operands, got {}",
                self.name(),
                self.arity_spec(),
                args.len()
            ));
        }
        match self {
            Op::Const { .. } => Ok(Type::scalar_f32()),
            Op::Iota { len } => Ok(Type::new(DType::I64, vec![*len])),
            Op::Gather {} => {
                let (table, ids) = (args[0], args[1]);
                expect_dtype(table, DType::F32, "gather table")?;
                expect_dtype(ids, DType::I64, "gather ids")?;
                if table.shape.rank() != 2 {
                    return err(format!("gather table must be rank 2, got {table}"));
                }
                let mut dims = ids.shape.0.clone();
                dims.push(table.shape.0[1]);
                Ok(Type::new(DType::F32, dims))
            }
            Op::Cast { to } => Ok(Type { dtype: *to, shape: args[0].shape.clone() }),
            Op::Add {} | Op::Sub {} | Op::Mul {} | Op::Div {} => {
                expect_dtype(args[0], DType::F32, "lhs")?;
                expect_dtype(args[1], DType::F32, "rhs")?;
                Ok(Type { dtype: DType::F32, shape: broadcast(&args[0].shape, &args[1].shape)? })
            }
            Op::MatMul { transpose_b } => {
                let (a, b) = (args[0], args[1]);
                expect_dtype(a, DType::F32, "matmul lhs")?;
                expect_dtype(b, DType::F32, "matmul rhs")?;
                if a.shape.rank() < 2 || b.shape.rank() < 2 {
                    return err(format!("matmul operands must be rank ≥ 2, got {a} and {b}"));
                }
                let (ar, br) = (a.shape.rank(), b.shape.rank());
                let (m, k) = (a.shape.0[ar - 2], a.shape.0[ar - 1]);
                let (kb, n) = if *transpose_b {
                    (b.shape.0[br - 1], b.shape.0[br - 2])
                } else {
                    (b.shape.0[br - 2], b.shape.0[br - 1])
                };
                if k != kb {
                    return err(format!(
                        "matmul contraction mismatch: {a} · {b}{} ({k} vs {kb})",
                        if *transpose_b { "ᵀ" } else { "" }
                    ));
                }
                let batch =
                    broadcast(&Shape(a.shape.0[..ar - 2].to_vec()), &Shape(b.shape.0[..br - 2].to_vec()))?;
                let mut dims = batch.0;
                dims.push(m);
                dims.push(n);
                Ok(Type::new(DType::F32, dims))
            }
            Op::LayerNorm { eps } => {
                let (x, g, b) = (args[0], args[1], args[2]);
                expect_dtype(x, DType::F32, "layer_norm input")?;
                if !(eps.is_finite() && *eps >= 0.0) {
                    return err(format!("layer_norm eps must be finite and ≥ 0, got {eps}"));
                }
                let last = x.shape.last().ok_or_else(|| TypeError("layer_norm of a scalar".into()))?;
                for (t, what) in [(g, "gamma"), (b, "beta")] {
                    expect_dtype(t, DType::F32, what)?;
                    if t.shape.0 != [last] {
                        return err(format!("layer_norm {what} must be f32[{last}], got {t}"));
                    }
                }
                Ok(x.clone())
            }
            Op::Softmax {} | Op::Activation { .. } => {
                expect_dtype(args[0], DType::F32, self.name())?;
                if matches!(self, Op::Softmax {}) && args[0].shape.rank() == 0 {
                    return err("softmax of a scalar");
                }
                Ok(args[0].clone())
            }
            Op::Reshape { shape } => {
                let target = Shape(shape.clone());
                if !args[0].shape.same_numel(&target) {
                    return err(format!("cannot reshape {} to {target}", args[0]));
                }
                Ok(Type { dtype: args[0].dtype, shape: target })
            }
            Op::Transpose { perm } => {
                let x = args[0];
                let mut seen = vec![false; x.shape.rank()];
                if perm.len() != x.shape.rank() {
                    return err(format!("transpose perm {perm:?} does not fit {x}"));
                }
                for &p in perm {
                    if p >= seen.len() || seen[p] {
                        return err(format!("transpose perm {perm:?} is not a permutation"));
                    }
                    seen[p] = true;
                }
                Ok(Type::new(x.dtype, perm.iter().map(|&p| x.shape.0[p]).collect()))
            }
            Op::Select { axis, index } => {
                let x = args[0];
                let Some(&d) = x.shape.0.get(*axis) else {
                    return err(format!("select axis {axis} out of range for {x}"));
                };
                if let Dim::Fixed(n) = d {
                    if *index >= n {
                        return err(format!("select index {index} out of range for {x}"));
                    }
                }
                let mut dims = x.shape.0.clone();
                dims.remove(*axis);
                Ok(Type::new(x.dtype, dims))
            }
            Op::Embeddings { eps } => infer_embeddings(args, *eps),
            Op::Attention { heads, scale, eps } => infer_attention(args, *heads, *scale, *eps),
            Op::FeedForward { eps, .. } => infer_feed_forward(args, *eps),
            // The body's agreement with this type is the verifier's job: an
            // op sees only its operands.
            Op::Loop { .. } => Ok(args[0].clone()),
        }
    }
}

fn expect_vector(t: &Type, n: Dim, what: &str) -> Result<(), TypeError> {
    expect_dtype(t, DType::F32, what)?;
    if t.shape.0 != [n] {
        return err(format!("{what} must be f32[{n}], got {t}"));
    }
    Ok(())
}

fn expect_matrix(t: &Type, rows: Dim, cols: Dim, what: &str) -> Result<(), TypeError> {
    expect_dtype(t, DType::F32, what)?;
    if t.shape.0 != [rows, cols] {
        return err(format!("{what} must be f32[{rows},{cols}], got {t}"));
    }
    Ok(())
}

fn check_eps(eps: f64) -> Result<(), TypeError> {
    if !(eps.is_finite() && eps >= 0.0) {
        return err(format!("eps must be finite and ≥ 0, got {eps}"));
    }
    Ok(())
}

/// A fixed dimension's size, for checks that multiply sizes.
fn fixed(d: Dim, what: &str) -> Result<usize, TypeError> {
    match d {
        Dim::Fixed(n) => Ok(n),
        other => err(format!("{what} must be a fixed size, got `{other}`")),
    }
}

fn infer_embeddings(args: &[&Type], eps: f64) -> Result<Type, TypeError> {
    check_eps(eps)?;
    let (ids, tt) = (args[0], args[1]);
    expect_dtype(ids, DType::I64, "embeddings input_ids")?;
    expect_dtype(tt, DType::I64, "embeddings token_type_ids")?;
    if ids.shape.rank() != 2 || ids.shape != tt.shape {
        return err(format!("embeddings ids must be rank 2 and alike, got {ids} and {tt}"));
    }
    let word = args[2];
    if word.shape.rank() != 2 {
        return err(format!("embeddings word table must be rank 2, got {word}"));
    }
    let e = word.shape.0[1];
    expect_dtype(word, DType::F32, "embeddings word table")?;
    for (t, what) in [(args[3], "position table"), (args[4], "token type table")] {
        expect_dtype(t, DType::F32, what)?;
        if t.shape.rank() != 2 || t.shape.0[1] != e {
            return err(format!("embeddings {what} must be f32[_, {e}], got {t}"));
        }
    }
    expect_vector(args[5], e, "embeddings gamma")?;
    expect_vector(args[6], e, "embeddings beta")?;
    let mut dims = ids.shape.0.clone();
    if args.len() == 9 {
        let h = args[8].shape.0.first().copied().unwrap_or(Dim::Fixed(0));
        expect_matrix(args[7], h, e, "embeddings mapping weight")?;
        expect_vector(args[8], h, "embeddings mapping bias")?;
        dims.push(h);
    } else {
        dims.push(e);
    }
    Ok(Type::new(DType::F32, dims))
}

fn infer_attention(args: &[&Type], heads: usize, scale: f64, eps: f64) -> Result<Type, TypeError> {
    check_eps(eps)?;
    if !scale.is_finite() {
        return err(format!("attention scale must be finite, got {scale}"));
    }
    let x = args[0];
    expect_dtype(x, DType::F32, "attention input")?;
    if x.shape.rank() != 3 {
        return err(format!("attention input must be [batch,seq,hidden], got {x}"));
    }
    let (b, s, h) = (x.shape.0[0], x.shape.0[1], x.shape.0[2]);
    let hn = fixed(h, "attention hidden size")?;
    if heads == 0 || hn % heads != 0 {
        return err(format!("attention hidden size {hn} is not a multiple of heads {heads}"));
    }
    let mask = args[1];
    expect_dtype(mask, DType::F32, "attention mask")?;
    let scores = Shape(vec![b, Dim::Fixed(heads), s, s]);
    if broadcast(&mask.shape, &scores)? != scores {
        return err(format!("attention mask {mask} does not broadcast to scores {scores}"));
    }
    expect_matrix(args[2], Dim::Fixed(3 * hn), h, "attention qkv weight")?;
    expect_vector(args[3], Dim::Fixed(3 * hn), "attention qkv bias")?;
    expect_matrix(args[4], h, h, "attention output weight")?;
    for (t, what) in [(args[5], "output bias"), (args[6], "gamma"), (args[7], "beta")] {
        expect_vector(t, h, &format!("attention {what}"))?;
    }
    Ok(x.clone())
}

fn infer_feed_forward(args: &[&Type], eps: f64) -> Result<Type, TypeError> {
    check_eps(eps)?;
    let x = args[0];
    expect_dtype(x, DType::F32, "feed_forward input")?;
    let h = x.shape.last().ok_or_else(|| TypeError("feed_forward of a scalar".into()))?;
    let i = args[2].shape.0.first().copied().unwrap_or(Dim::Fixed(0));
    expect_matrix(args[1], i, h, "feed_forward ffn weight")?;
    expect_vector(args[2], i, "feed_forward ffn bias")?;
    expect_matrix(args[3], h, i, "feed_forward output weight")?;
    for (t, what) in [(args[4], "output bias"), (args[5], "gamma"), (args[6], "beta")] {
        expect_vector(t, h, &format!("feed_forward {what}"))?;
    }
    Ok(x.clone())
}
