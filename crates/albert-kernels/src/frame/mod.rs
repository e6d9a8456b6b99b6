//! The frame: everything around a generated tile (STYLE.md habit 6, after tract's
//! `linalg/src/frame`): packing the weight once ([`pack`]), splitting M and N into tiles and
//! tails, K blocking, fused epilogues, threading, and the safe wrappers that check buffer
//! lengths before entering generated code ([`gemm`]).

pub mod bf16;
pub(crate) mod bf16_exec;
mod exec;
/// C entry point for the whole frame (what Cranelift code calls).
pub mod ffi;
#[cfg(feature = "asm")]
pub mod ffi_bf16;
/// GEMM plans and kernels.
pub mod gemm;
pub mod pack;
pub mod pack_bf16;

/// Elementwise activation applied by a GEMM epilogue (HF `hidden_act` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Activation {
    /// No activation.
    #[default]
    Identity,
    /// `max(x, 0)`.
    Relu,
    /// Exact GELU, `x·Φ(x) = 0.5·x·(1 + erf(x/√2))` (HF `"gelu"`).
    Gelu,
    /// Tanh approximation `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` (HF `"gelu_new"`,
    /// ALBERT v2's activation).
    GeluNew,
    /// `tanh(x)` (the ALBERT pooler's activation).
    Tanh,
    /// `x · sigmoid(x)` (HF `"silu"` / `"swish"`).
    Silu,
}

impl Activation {
    /// Every activation, in declaration order (what the kernel tests sweep).
    pub const ALL: [Activation; 6] = [
        Activation::Identity,
        Activation::Relu,
        Activation::Gelu,
        Activation::GeluNew,
        Activation::Tanh,
        Activation::Silu,
    ];

    /// Parses an HF `hidden_act` string.
    pub fn from_hf(name: &str) -> Option<Self> {
        match name {
            "linear" | "identity" => Some(Self::Identity),
            "relu" => Some(Self::Relu),
            "gelu" => Some(Self::Gelu),
            "gelu_new" | "gelu_pytorch_tanh" => Some(Self::GeluNew),
            "tanh" => Some(Self::Tanh),
            "silu" | "swish" => Some(Self::Silu),
            _ => None,
        }
    }

    /// Applies the activation to one value (f32 arithmetic; the frame's fallback path).
    pub fn apply(self, x: f32) -> f32 {
        match self {
            Self::Identity => x,
            Self::Relu => x.max(0.0),
            Self::Gelu => 0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2)),
            Self::GeluNew => {
                const C: f32 = 0.797_884_6; // sqrt(2/pi)
                0.5 * x * (1.0 + (C * (x + 0.044_715 * x * x * x)).tanh())
            }
            Self::Tanh => x.tanh(),
            Self::Silu => x / (1.0 + (-x).exp()),
        }
    }
}

/// What a GEMM does to each output element after the dot product, in HF order:
/// `C = act(A·Wᵀ + bias) + residual`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Epilogue {
    /// Add a per-column bias vector of length N.
    pub bias: bool,
    /// Activation applied after the bias.
    pub activation: Activation,
    /// Add a residual matrix (same shape as C) after the activation.
    pub residual: bool,
}

impl Epilogue {
    /// No epilogue: `C = A·Wᵀ`.
    pub const NONE: Self = Self { bias: false, activation: Activation::Identity, residual: false };

    /// `C = A·Wᵀ + bias` (a plain HF `nn.Linear`).
    pub const BIAS: Self = Self { bias: true, activation: Activation::Identity, residual: false };

    /// `C = act(A·Wᵀ + bias)`.
    pub fn bias_act(activation: Activation) -> Self {
        Self { bias: true, activation, residual: false }
    }

    /// `C = A·Wᵀ + bias + residual` (attention output / FFN down before LayerNorm).
    pub const BIAS_RESIDUAL: Self = Self { bias: true, activation: Activation::Identity, residual: true };
}
