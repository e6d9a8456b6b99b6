//! The crate's one error enum (STYLE.md habit 9): every failure a caller can reach is a
//! structured value, never a panic.

/// Everything that can go wrong while generating, loading or running a kernel.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    /// A buffer handed to a safe wrapper is shorter than the plan requires.
    #[error("{operand}: need at least {expected} f32 elements, got {actual}")]
    Length {
        /// Which operand (`"a"`, `"c"`, `"bias"`, ...).
        operand: &'static str,
        /// Minimum number of elements the plan reads or writes.
        expected: usize,
        /// Number of elements provided.
        actual: usize,
    },
    /// A shape or stride is not usable (zero dimension, stride smaller than a row, ...).
    #[error("invalid {op} shape: {reason}")]
    Shape {
        /// The kernel family (`"gemm"`, `"layer_norm"`, ...).
        op: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The plan's epilogue needs an operand (bias, residual) that was not passed, or the other
    /// way round.
    #[error("epilogue operand {operand}: {reason}")]
    Epilogue {
        /// `"bias"` or `"residual"`.
        operand: &'static str,
        /// Why it does not match the plan.
        reason: &'static str,
    },
    /// A packed weight was packed for another shape than the plan's.
    #[error("packed B is {got_n}x{got_k} (N x K) but the plan needs {want_n}x{want_k}")]
    PackedShape {
        /// N of the packed weight.
        got_n: usize,
        /// K of the packed weight.
        got_k: usize,
        /// N of the plan.
        want_n: usize,
        /// K of the plan.
        want_k: usize,
    },
    /// The x86 assembler refused an instruction sequence (a generator bug).
    #[error("assembling {kernel}: {message}")]
    Assemble {
        /// Kernel name, e.g. `avx512_matmul_f32_14x32`.
        kernel: String,
        /// The assembler's message.
        message: String,
    },
    /// Mapping or protecting executable memory failed.
    #[error("executable memory: {0}")]
    ExecMem(#[from] std::io::Error),
    /// A token id (or token type id) indexes past the end of its embedding table.
    #[error("{table} id {id} at [batch {batch}, position {position}] is out of range 0..{rows}")]
    IdOutOfRange {
        /// Which table: `"word_embeddings"`, `"token_type_embeddings"` or
        /// `"position_embeddings"` (for a sequence longer than the position table).
        table: &'static str,
        /// Batch index of the offending id.
        batch: usize,
        /// Position (token index) of the offending id.
        position: usize,
        /// The id itself (may be negative).
        id: i64,
        /// Number of rows of the table.
        rows: usize,
    },
    /// The kernel needs an instruction set the running CPU lacks (e.g. `--precision bf16`
    /// without AVX512_BF16): reported when building, so no generated code meets the CPU.
    #[error("{kernel} needs the CPU feature {feature}, which this CPU lacks")]
    MissingCpuFeature {
        /// The kernel family, e.g. `"bf16 gemm"`.
        kernel: &'static str,
        /// The missing feature as `/proc/cpuinfo` spells it, e.g. `"avx512_bf16"`.
        feature: &'static str,
    },
    /// The OS refused the AMX tile-data state (`arch_prctl(ARCH_REQ_XCOMP_PERM, 18)`).
    #[error("AMX tiles unavailable: {reason}")]
    TilePermission {
        /// What the OS said.
        reason: String,
    },
    /// The thread pool could not start its workers.
    #[error("thread pool: {0}")]
    Pool(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, KernelError>;
