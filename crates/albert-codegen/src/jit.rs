//! Cranelift ISAs and the in-memory JIT.
//!
//! `cranelift-jit` maps code read-write while it is written and flips it to
//! read-execute in `finalize_definitions`: memory is never writable and
//! executable at once. The module (and so the code) lives as long as the
//! [`JitCode`] holding it.

use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};

use albert_kernels::{Arch, Target};

use crate::error::CodegenError;

fn flags(pic: bool) -> Result<settings::Flags, CodegenError> {
    let mut fb = settings::builder();
    fb.set("opt_level", "speed")?;
    fb.set("is_pic", if pic { "true" } else { "false" })?;
    fb.set("use_colocated_libcalls", "false")?;
    Ok(settings::Flags::new(fb))
}

/// The Cranelift ISA for `target`: its triple and exactly the features the target
/// requires (never the host's extra ones), so the same program is generated on any host and
/// runs on every CPU that has the target's features. `pic` for relocatable objects.
pub fn isa_for_target(target: &Target, pic: bool) -> Result<OwnedTargetIsa, CodegenError> {
    let t: target_lexicon::Triple =
        target.triple().parse().map_err(|e| CodegenError::Isa(format!("{}: {e}", target.triple())))?;
    let mut b = cranelift_codegen::isa::lookup(t).map_err(|e| CodegenError::Isa(e.to_string()))?;
    // Every AVX2 + FMA CPU (Haswell, every Zen) has the first eleven; every AVX-512F one
    // (Skylake-SP and later, Zen 4 and later) all of them.
    const AVX2: [&str; 11] = [
        "has_sse3",
        "has_ssse3",
        "has_sse41",
        "has_sse42",
        "has_popcnt",
        "has_avx",
        "has_avx2",
        "has_fma",
        "has_bmi1",
        "has_bmi2",
        "has_lzcnt",
    ];
    let avx512 = target.features.avx512f;
    if target.arch == Arch::X86_64 && (avx512 || target.features.avx2_fma) {
        let extra: &[&str] = if avx512 { &["has_avx512f", "has_avx512vl", "has_avx512dq"] } else { &[] };
        for f in AVX2.iter().chain(extra) {
            b.enable(f).map_err(|e| CodegenError::Isa(format!("{f}: {e}")))?;
        }
    }
    b.finish(flags(pic)?).map_err(|e| CodegenError::Isa(e.to_string()))
}

/// The ISA of [`Target::native`] (for the JIT on this machine).
pub fn host_isa() -> Result<OwnedTargetIsa, CodegenError> {
    isa_for_target(&Target::native(), false)
}

/// The host architecture's portable target ISA (SSE2 on x86-64, NEON on AArch64): the
/// fallback for CPUs without AVX-512, testable on any machine.
pub fn baseline_isa() -> Result<OwnedTargetIsa, CodegenError> {
    let name = match Arch::host() {
        Arch::X86_64 => albert_kernels::TargetName::X86_64Portable,
        Arch::Aarch64 => albert_kernels::TargetName::Aarch64Neon,
    };
    isa_for_target(&Target::named(name), false)
}

/// An ISA for another target triple, for ahead-of-time objects (`aarch64-unknown-linux-gnu`…).
pub fn isa_for(triple: &str) -> Result<OwnedTargetIsa, CodegenError> {
    let t: target_lexicon::Triple =
        triple.parse().map_err(|e| CodegenError::Isa(format!("{triple}: {e}")))?;
    let b = cranelift_codegen::isa::lookup(t).map_err(|e| CodegenError::Isa(e.to_string()))?;
    b.finish(flags(true)?).map_err(|e| CodegenError::Isa(e.to_string()))
}

/// Finalised JIT code: keeps the executable memory alive.
pub struct JitCode {
    module: Option<crate::exec::SharedModule>,
    addrs: Vec<usize>,
}

impl JitCode {
    /// Address of the `i`-th function defined.
    pub fn addr(&self, i: usize) -> Option<usize> {
        self.addrs.get(i).copied()
    }
}

impl Drop for JitCode {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            crate::exec::free_module(m);
        }
    }
}

/// Builds functions into one JIT module.
pub struct JitBuilder {
    module: JITModule,
    ids: Vec<FuncId>,
}

impl JitBuilder {
    /// A builder for `isa`, with `symbols` resolvable by name from the code.
    pub fn new(isa: OwnedTargetIsa, symbols: &[(&str, *const u8)]) -> JitBuilder {
        let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
        for (name, p) in symbols {
            jb.symbol(*name, *p);
        }
        JitBuilder { module: JITModule::new(jb), ids: Vec::new() }
    }

    /// The module's ISA.
    pub fn isa(&self) -> &dyn TargetIsa {
        self.module.isa()
    }

    /// Declares a function the generated code calls, resolved from the
    /// symbols given to [`JitBuilder::new`].
    pub fn import(
        &mut self,
        name: &str,
        sig: &cranelift_codegen::ir::Signature,
    ) -> Result<FuncId, CodegenError> {
        Ok(self.module.declare_function(name, Linkage::Import, sig)?)
    }

    /// Defines function `name` whose body calls the `imports`: `body` gets
    /// their references in the same order. Returns the function's index and
    /// its Cranelift IR as text (for `--dump-clif`).
    pub fn define_calling(
        &mut self,
        name: &str,
        sig: cranelift_codegen::ir::Signature,
        imports: &[FuncId],
        body: impl FnOnce(
            &mut cranelift_codegen::ir::Function,
            &dyn TargetIsa,
            &[cranelift_codegen::ir::FuncRef],
        ) -> Result<(), CodegenError>,
    ) -> Result<(usize, String), CodegenError> {
        let id = self.module.declare_function(name, Linkage::Local, &sig)?;
        let mut ctx = self.module.make_context();
        ctx.func.signature = sig;
        let refs: Vec<_> =
            imports.iter().map(|&i| self.module.declare_func_in_func(i, &mut ctx.func)).collect();
        body(&mut ctx.func, self.module.isa(), &refs)?;
        let text = ctx.func.display().to_string();
        self.module.define_function(id, &mut ctx).map_err(|e| match e {
            cranelift_module::ModuleError::Compilation(c) => {
                CodegenError::Cranelift(format!("{name}: {c:?}"))
            }
            e => e.into(),
        })?;
        self.module.clear_context(&mut ctx);
        self.ids.push(id);
        Ok((self.ids.len() - 1, text))
    }

    /// Defines function `name` with signature `sig`, its body built by `body`.
    pub fn define(
        &mut self,
        name: &str,
        sig: cranelift_codegen::ir::Signature,
        body: impl FnOnce(&mut cranelift_codegen::ir::Function, &dyn TargetIsa) -> Result<(), CodegenError>,
    ) -> Result<usize, CodegenError> {
        self.define_calling(name, sig, &[], |f, isa, _| body(f, isa)).map(|(i, _)| i)
    }

    /// Makes every defined function executable (RW → RX).
    pub fn finish(mut self) -> Result<JitCode, CodegenError> {
        self.module.finalize_definitions()?;
        let addrs = self.ids.iter().map(|&id| self.module.get_finalized_function(id) as usize).collect();
        Ok(JitCode { module: Some(crate::exec::SharedModule(self.module)), addrs })
    }
}
