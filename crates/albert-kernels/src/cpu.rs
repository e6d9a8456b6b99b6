//! What the code is generated for: a [`Target`] (architecture plus the CPU features the
//! kernels use), chosen **once** when compiling and passed to every lowering decision (GEMM,
//! attention, LayerNorm, activations, embeddings). Nothing in the crate picks an ISA on its
//! own: a program compiled for `x86_64-portable` runs portable code in every op, and a
//! program can be generated for a CPU other than the host (`aarch64-neon` on an x86 host).
//!
//! [`CpuFeatures::detect`] reads the running CPU; [`Target::check_runs_here`] is the guard
//! that keeps generated code from meeting a CPU without its instructions (a clear error that
//! names the missing feature, never SIGILL).

use std::fmt;

/// Kernel families the frame can dispatch to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Isa {
    /// Generated AVX-512F code (zmm registers, opmasks, embedded broadcast).
    Avx512,
    /// Portable kernels (any CPU of the target's architecture): the fallback.
    Portable,
}

/// A CPU architecture the compiler emits code for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arch {
    /// x86-64 (System V ABI).
    X86_64,
    /// AArch64 (AAPCS64; Advanced SIMD is architectural).
    Aarch64,
}

impl Arch {
    /// The architecture this program was built for.
    pub const fn host() -> Arch {
        if cfg!(target_arch = "aarch64") {
            Arch::Aarch64
        } else {
            Arch::X86_64
        }
    }

    /// Its name in target triples.
    pub fn name(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Aarch64 => "aarch64",
        }
    }
}

/// The CPU features the kernels care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CpuFeatures {
    /// AVX-512 Foundation: everything `x86_64::avx512` emits needs only this.
    pub avx512f: bool,
    /// AVX512_BF16 (`vdpbf16ps`).
    pub avx512_bf16: bool,
    /// AMX with bf16 tiles (`tdpbf16ps`).
    pub amx_bf16: bool,
    /// AArch64 Advanced SIMD (always present on AArch64 Linux).
    pub neon: bool,
    /// AVX2 with FMA3 (Haswell and later, every AMD Zen): what `x86_64::avx2` emits needs.
    pub avx2_fma: bool,
}

impl CpuFeatures {
    /// Detects the features of the running CPU, once per process: the kernels' last guards
    /// against SIGILL ask on every call, and `cpuid` traps to the hypervisor in a VM (the
    /// uncached probe cost ~5 % of a seq-8 forward on the KVM Zen 4 machine).
    pub fn detect() -> Self {
        static DETECTED: std::sync::OnceLock<CpuFeatures> = std::sync::OnceLock::new();
        *DETECTED.get_or_init(Self::probe)
    }

    /// Asks the CPU (see [`CpuFeatures::detect`], which caches this).
    fn probe() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            Self {
                avx512f: std::is_x86_feature_detected!("avx512f"),
                avx512_bf16: std::is_x86_feature_detected!("avx512bf16"),
                amx_bf16: amx_bf16_cpuid(),
                neon: false,
                avx2_fma: std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma"),
            }
        }
        #[cfg(target_arch = "aarch64")]
        {
            Self { neon: std::arch::is_aarch64_feature_detected!("neon"), ..Self::default() }
        }
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        {
            Self::default()
        }
    }

    /// The best kernel family this CPU runs (what [`Target::native`] picks).
    pub fn best_isa(&self) -> Isa {
        if self.avx512f {
            Isa::Avx512
        } else {
            Isa::Portable
        }
    }

    /// The names of the features set, as `/proc/cpuinfo` spells them.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (on, name) in [
            (self.avx512f, "avx512f"),
            (self.avx512_bf16, "avx512_bf16"),
            (self.amx_bf16, "amx_bf16"),
            (self.neon, "neon"),
            (self.avx2_fma, "avx2"),
            (self.avx2_fma, "fma"),
        ] {
            if on {
                v.push(name);
            }
        }
        v
    }
}

/// AMX-BF16 from CPUID (leaf 7, EDX bit 22) with the OS enabling the tile state in XCR0
/// (bits 17 and 18): `is_x86_feature_detected!("amx-bf16")` is not stable yet.
#[cfg(target_arch = "x86_64")]
fn amx_bf16_cpuid() -> bool {
    use std::arch::x86_64::{__cpuid, __cpuid_count};
    let max = __cpuid(0).eax;
    if max < 7 {
        return false;
    }
    let leaf7 = __cpuid_count(7, 0);
    let osxsave = __cpuid(1).ecx & (1 << 27) != 0;
    if leaf7.edx & (1 << 22) == 0 || !osxsave {
        return false;
    }
    // XCR0 through the stable feature detection of its consumers is not possible for the
    // tile bits; the kernel still has to grant XTILEDATA per process (arch_prctl) before
    // AMX code runs, which is where a refusal is reported.
    true
}

/// `true` when generated AVX-512 kernels can run here.
pub fn has_avx512() -> bool {
    CpuFeatures::detect().avx512f
}

/// The named targets of `--target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetName {
    /// x86-64 with AVX-512F: generated zmm kernels.
    X86_64Avx512,
    /// x86-64 with AVX2 and FMA but no AVX-512 (AMD Zen 2/3, Intel client and pre-Skylake-SP
    /// servers): generated 6×16 ymm GEMM tiles, Cranelift's VEX-encoded 128-bit ops.
    X86_64Avx2,
    /// x86-64 with SSE2 only: Cranelift's 128-bit kernels and portable ops, any x86-64 CPU.
    X86_64Portable,
    /// AArch64 with NEON.
    Aarch64Neon,
}

impl TargetName {
    /// Every named target, in `--target` order.
    pub const ALL: [TargetName; 4] = [
        TargetName::X86_64Avx512,
        TargetName::X86_64Avx2,
        TargetName::X86_64Portable,
        TargetName::Aarch64Neon,
    ];

    /// The `--target` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetName::X86_64Avx512 => "x86_64-avx512",
            TargetName::X86_64Avx2 => "x86_64-avx2",
            TargetName::X86_64Portable => "x86_64-portable",
            TargetName::Aarch64Neon => "aarch64-neon",
        }
    }
}

/// What code is generated for: chosen once, passed to every lowering decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Target {
    /// Which named target.
    pub name: TargetName,
    /// Its architecture.
    pub arch: Arch,
    /// The features generated code may use (and a CPU must have to run it).
    pub features: CpuFeatures,
}

/// `--target` names that are not targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget(pub String);

impl fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown target `{}` (expected native, ", self.0)?;
        let names: Vec<&str> = TargetName::ALL.iter().map(|t| t.as_str()).collect();
        write!(f, "{})", names.join(", "))
    }
}

impl std::error::Error for UnknownTarget {}

impl Target {
    /// A named target with the features it requires.
    pub fn named(name: TargetName) -> Target {
        let (arch, features) = match name {
            TargetName::X86_64Avx512 => (Arch::X86_64, CpuFeatures { avx512f: true, ..Default::default() }),
            TargetName::X86_64Avx2 => (Arch::X86_64, CpuFeatures { avx2_fma: true, ..Default::default() }),
            TargetName::X86_64Portable => (Arch::X86_64, CpuFeatures::default()),
            TargetName::Aarch64Neon => (Arch::Aarch64, CpuFeatures { neon: true, ..Default::default() }),
        };
        Target { name, arch, features }
    }

    /// The best target for the running CPU.
    pub fn native() -> Target {
        let cpu = CpuFeatures::detect();
        match Arch::host() {
            Arch::Aarch64 => Target::named(TargetName::Aarch64Neon),
            Arch::X86_64 if cpu.avx512f => Target::named(TargetName::X86_64Avx512),
            Arch::X86_64 if cpu.avx2_fma => Target::named(TargetName::X86_64Avx2),
            Arch::X86_64 => Target::named(TargetName::X86_64Portable),
        }
    }

    /// The host architecture's portable target (`x86_64-portable`, or `aarch64-neon`).
    pub fn host_portable() -> Target {
        Target::named(match Arch::host() {
            Arch::X86_64 => TargetName::X86_64Portable,
            Arch::Aarch64 => TargetName::Aarch64Neon,
        })
    }

    /// Parses a `--target` value: `native` or a [`TargetName`].
    pub fn parse(s: &str) -> Result<Target, UnknownTarget> {
        if s == "native" {
            return Ok(Target::native());
        }
        TargetName::ALL
            .iter()
            .find(|t| t.as_str() == s)
            .map(|&t| Target::named(t))
            .ok_or_else(|| UnknownTarget(s.to_string()))
    }

    /// Whether the GEMM frame runs the generated AVX2 tiles (`x86_64::avx2`) rather than
    /// Cranelift's `f32x4` ones on this target (whose [`Target::isa`] is portable).
    pub fn avx2_tiles(&self) -> bool {
        self.arch == Arch::X86_64 && !self.features.avx512f && self.features.avx2_fma
    }

    /// The kernel family of the heavy ops on this target.
    pub fn isa(&self) -> Isa {
        if self.arch == Arch::X86_64 && self.features.avx512f {
            Isa::Avx512
        } else {
            Isa::Portable
        }
    }

    /// The target triple of the generated code.
    pub fn triple(&self) -> &'static str {
        match self.arch {
            Arch::X86_64 => "x86_64-unknown-linux-gnu",
            Arch::Aarch64 => "aarch64-unknown-linux-gnu",
        }
    }

    /// Whether code for this target can run on the calling CPU: the architecture must match
    /// and the CPU must have every required feature. The error names what is missing.
    pub fn check_runs_here(&self) -> Result<(), String> {
        if self.arch != Arch::host() {
            return Err(format!(
                "target {} is for {}, this machine is {}",
                self.name.as_str(),
                self.arch.name(),
                Arch::host().name()
            ));
        }
        let cpu = CpuFeatures::detect();
        let missing: Vec<&str> =
            self.features.names().into_iter().filter(|f| !cpu.names().contains(f) && *f != "neon").collect();
        if let Some(f) = missing.first() {
            return Err(format!(
                "target {} needs the CPU feature {f}, which this CPU lacks",
                self.name.as_str()
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in TargetName::ALL {
            assert_eq!(Target::parse(t.as_str()).map(|x| x.name), Ok(t));
        }
        assert!(Target::parse("x86_64-sse9").is_err());
        assert_eq!(Target::parse("native").map(|t| t.arch), Ok(Arch::host()));
    }

    #[test]
    fn native_runs_here_and_the_other_arch_does_not() {
        assert_eq!(Target::native().check_runs_here(), Ok(()));
        let other =
            if Arch::host() == Arch::X86_64 { TargetName::Aarch64Neon } else { TargetName::X86_64Portable };
        let e = Target::named(other).check_runs_here().expect_err("another architecture");
        assert!(e.contains(Arch::host().name()), "{e}");
    }

    #[test]
    fn portable_targets_use_portable_kernels() {
        assert_eq!(Target::named(TargetName::X86_64Portable).isa(), Isa::Portable);
        assert_eq!(Target::named(TargetName::X86_64Avx2).isa(), Isa::Portable);
        assert!(Target::named(TargetName::X86_64Avx2).avx2_tiles());
        assert!(!Target::named(TargetName::X86_64Portable).avx2_tiles());
        assert_eq!(Target::named(TargetName::Aarch64Neon).isa(), Isa::Portable);
        assert_eq!(Target::named(TargetName::X86_64Avx512).isa(), Isa::Avx512);
    }
}
