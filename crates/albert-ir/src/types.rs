//! Element types, symbolic dimensions and tensor types.
//!
//! A graph is traced once for every batch size and sequence length: the two
//! dimensions that vary between calls stay symbolic (`batch`, `seq`) and are
//! bound only when a graph is run or planned for a shape bucket.

use std::fmt;

/// Element type of a tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    /// IEEE-754 binary32: every activation and (logically) every weight.
    F32,
    /// Signed 64-bit integers: token ids, type ids, attention masks.
    I64,
}

impl DType {
    /// The name used in the text form.
    pub fn name(self) -> &'static str {
        match self {
            DType::F32 => "f32",
            DType::I64 => "i64",
        }
    }

    /// Parses a name written by [`DType::name`].
    pub fn from_name(s: &str) -> Option<DType> {
        match s {
            "f32" => Some(DType::F32),
            "i64" => Some(DType::I64),
            _ => None,
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One dimension of a shape: fixed at trace time or one of the two symbols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dim {
    /// The batch size, bound per call.
    Batch,
    /// The (padded) sequence length, bound per call.
    Seq,
    /// A size known when the graph is traced.
    Fixed(usize),
}

impl Dim {
    /// The size once `batch` and `seq` are bound.
    pub fn resolve(self, bind: Bindings) -> usize {
        match self {
            Dim::Batch => bind.batch,
            Dim::Seq => bind.seq,
            Dim::Fixed(n) => n,
        }
    }

    /// Parses a dimension written by `Display`.
    pub fn parse(s: &str) -> Option<Dim> {
        match s {
            "batch" => Some(Dim::Batch),
            "seq" => Some(Dim::Seq),
            _ => s.parse().ok().map(Dim::Fixed),
        }
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dim::Batch => f.write_str("batch"),
            Dim::Seq => f.write_str("seq"),
            Dim::Fixed(n) => write!(f, "{n}"),
        }
    }
}

/// Values for the symbolic dimensions of one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bindings {
    /// Number of sequences.
    pub batch: usize,
    /// Tokens per sequence (after padding).
    pub seq: usize,
}

/// A shape: a list of dimensions, outermost first.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Shape(pub Vec<Dim>);

impl Shape {
    /// A shape of fixed sizes.
    pub fn fixed(dims: &[usize]) -> Shape {
        Shape(dims.iter().map(|&d| Dim::Fixed(d)).collect())
    }

    /// Number of dimensions.
    pub fn rank(&self) -> usize {
        self.0.len()
    }

    /// The sizes once `batch` and `seq` are bound.
    pub fn resolve(&self, bind: Bindings) -> Vec<usize> {
        self.0.iter().map(|d| d.resolve(bind)).collect()
    }

    /// The innermost dimension, if any.
    pub fn last(&self) -> Option<Dim> {
        self.0.last().copied()
    }

    /// Whether two shapes hold the same number of elements for every binding:
    /// the same symbols the same number of times and the same fixed product.
    pub fn same_numel(&self, other: &Shape) -> bool {
        let count = |s: &Shape| {
            let (mut b, mut q, mut p) = (0usize, 0usize, 1u128);
            for d in &s.0 {
                match d {
                    Dim::Batch => b += 1,
                    Dim::Seq => q += 1,
                    Dim::Fixed(n) => p = p.saturating_mul(*n as u128),
                }
            }
            (b, q, p)
        };
        count(self) == count(other)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{d}")?;
        }
        f.write_str("]")
    }
}

/// The type of a value: element type and shape, printed `f32[batch,seq,128]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Type {
    /// Element type.
    pub dtype: DType,
    /// Shape.
    pub shape: Shape,
}

impl Type {
    /// A type from its parts.
    pub fn new(dtype: DType, dims: Vec<Dim>) -> Type {
        Type { dtype, shape: Shape(dims) }
    }

    /// A rank-0 `f32`.
    pub fn scalar_f32() -> Type {
        Type::new(DType::F32, vec![])
    }

    /// Parses `f32[batch,seq,128]`.
    pub fn parse(s: &str) -> Option<Type> {
        let open = s.find('[')?;
        let dtype = DType::from_name(s[..open].trim())?;
        let inner = s[open + 1..].trim().strip_suffix(']')?;
        let dims = if inner.trim().is_empty() {
            Vec::new()
        } else {
            inner.split(',').map(|d| Dim::parse(d.trim())).collect::<Option<Vec<_>>>()?
        };
        Some(Type::new(dtype, dims))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.dtype, self.shape)
    }
}
