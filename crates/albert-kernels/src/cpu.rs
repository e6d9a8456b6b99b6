//! Run-time CPU detection: which kernel family the frame may use on this machine.

/// Instruction-set families the frame can dispatch to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Isa {
    /// Generated AVX-512F code (zmm registers, opmasks, embedded broadcast).
    Avx512,
    /// Portable Rust kernels (any CPU): the fallback.
    Portable,
}

/// The CPU features the kernels care about, detected once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuFeatures {
    /// AVX-512 Foundation: everything `x86_64::avx512` emits needs only this.
    pub avx512f: bool,
}

impl CpuFeatures {
    /// Detects the features of the running CPU (`is_x86_feature_detected!`); all `false` on
    /// other architectures.
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            Self { avx512f: std::is_x86_feature_detected!("avx512f") }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Self { avx512f: false }
        }
    }

    /// The best ISA family available, honouring `ALBERT_KERNELS_FORCE_PORTABLE=1`, which
    /// forces the fallback (for testing it on AVX-512 machines).
    pub fn best_isa(&self) -> Isa {
        let forced = std::env::var("ALBERT_KERNELS_FORCE_PORTABLE").is_ok_and(|v| v == "1");
        if self.avx512f && !forced {
            Isa::Avx512
        } else {
            Isa::Portable
        }
    }
}

/// `true` when generated AVX-512 kernels can run here.
pub fn has_avx512() -> bool {
    CpuFeatures::detect().avx512f
}
