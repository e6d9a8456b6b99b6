//! Ahead-of-time objects: the same function builders, emitted as an ELF
//! object for any Cranelift target (used to test the NEON kernels: the
//! object is linked with the aarch64 cross gcc and run under qemu-aarch64),
//! and Cranelift's disassembly of one function ([`disassemble`], for
//! `--dump-asm`).

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{Function, Signature};
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_module::{default_libcall_names, Linkage, Module};
use cranelift_object::{ObjectBuilder, ObjectModule};

use crate::error::CodegenError;

/// Builds exported functions into one relocatable object.
pub struct ObjectWriter {
    module: ObjectModule,
}

impl ObjectWriter {
    /// A writer for `isa` producing an object named `name`.
    pub fn new(isa: OwnedTargetIsa, name: &str) -> Result<ObjectWriter, CodegenError> {
        let b = ObjectBuilder::new(isa, name, default_libcall_names())?;
        Ok(ObjectWriter { module: ObjectModule::new(b) })
    }

    /// The target ISA.
    pub fn isa(&self) -> &dyn TargetIsa {
        self.module.isa()
    }

    /// Defines exported function `name`.
    pub fn define(
        &mut self,
        name: &str,
        sig: Signature,
        body: impl FnOnce(&mut Function, &dyn TargetIsa) -> Result<(), CodegenError>,
    ) -> Result<(), CodegenError> {
        let id = self.module.declare_function(name, Linkage::Export, &sig)?;
        let mut ctx = self.module.make_context();
        ctx.func.signature = sig;
        body(&mut ctx.func, self.module.isa())?;
        self.module.define_function(id, &mut ctx)?;
        Ok(())
    }

    /// The object file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, CodegenError> {
        self.module.finish().emit().map_err(|e| CodegenError::Cranelift(e.to_string()))
    }
}

/// Cranelift's disassembly of the function `body` builds for `isa` (any
/// target, e.g. an [`crate::jit::isa_for`] aarch64 ISA on an x86 host): the
/// final machine instructions, as Cranelift prints them, after register
/// allocation, one per line, with block labels. Compiles the function on its
/// own, outside any module; nothing is executed.
pub fn disassemble(
    isa: &dyn TargetIsa,
    sig: Signature,
    body: impl FnOnce(&mut Function, &dyn TargetIsa) -> Result<(), CodegenError>,
) -> Result<String, CodegenError> {
    let mut ctx = cranelift_codegen::Context::new();
    ctx.func.signature = sig;
    body(&mut ctx.func, isa)?;
    ctx.set_disasm(true);
    let code = ctx
        .compile(isa, &mut ControlPlane::default())
        .map_err(|e| CodegenError::Cranelift(format!("{:?}", e.inner)))?;
    code.vcode.clone().ok_or_else(|| CodegenError::Cranelift("no disassembly produced".into()))
}

/// Compiles the function `body` builds for `isa` to machine code on its own (no module, any
/// target), for an artifact. The code must be position-independent and self-contained:
/// any relocation (a call or a symbol outside the function) is refused, so the loader maps
/// the bytes and runs them without relocating anything.
pub fn compile_bytes(
    isa: &dyn TargetIsa,
    name: &str,
    sig: Signature,
    body: impl FnOnce(&mut Function, &dyn TargetIsa) -> Result<(), CodegenError>,
) -> Result<Vec<u8>, CodegenError> {
    let mut ctx = cranelift_codegen::Context::new();
    ctx.func.signature = sig;
    body(&mut ctx.func, isa)?;
    let code = ctx
        .compile(isa, &mut ControlPlane::default())
        .map_err(|e| CodegenError::Cranelift(format!("{name}: {:?}", e.inner)))?;
    if !code.buffer.relocs().is_empty() {
        return Err(CodegenError::Cranelift(format!(
            "{name}: {} relocation(s) in code meant to be position-independent",
            code.buffer.relocs().len()
        )));
    }
    Ok(code.code_buffer().to_vec())
}
