//! Ahead-of-time objects: the same function builders, emitted as an ELF
//! object for any Cranelift target (used to test the NEON kernels: the
//! object is linked with the aarch64 cross gcc and run under qemu-aarch64).

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
