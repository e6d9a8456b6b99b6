//! Executable memory for generated code, W^X: pages are mapped read-write, the code is copied
//! in, then the mapping is flipped to read-execute (`mprotect` through `memmap2`). A page is
//! never writable and executable at once, and the mapping is unmapped when the
//! [`ExecBuffer`] is dropped.
//!
//! No instruction-cache flush is needed on x86-64: the architecture keeps instruction fetch
//! coherent with stores, and the `mprotect` system call that makes the pages executable is
//! serialising enough for cross-modifying code written before the call (Intel SDM vol. 3,
//! 8.1.3). On aarch64 a JIT would need `__clear_cache` (or `dc cvau`/`ic ivau`) after the copy;
//! this crate only emits x86 machine code, and the aarch64 kernels come from Cranelift, whose
//! `cranelift-jit` does its own flushing.
#![expect(unsafe_code, reason = "turning an address inside executable memory into a function pointer")]

use crate::error::Result;

/// A read-execute mapping holding generated machine code.
#[derive(Debug)]
pub struct ExecBuffer {
    map: memmap2::Mmap,
    len: usize,
}

impl ExecBuffer {
    /// Maps fresh read-write pages, copies `code` into them, then makes them read-execute.
    pub fn new(code: &[u8]) -> Result<Self> {
        // A zero-length mapping is an error for mmap; keep at least one byte.
        let mut map = memmap2::MmapMut::map_anon(code.len().max(1))?;
        map[..code.len()].copy_from_slice(code);
        let map = map.make_exec()?;
        Ok(Self { map, len: code.len() })
    }

    /// Number of code bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` when no code was copied in.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The code bytes (readable: the mapping is read-execute).
    pub fn bytes(&self) -> &[u8] {
        &self.map[..self.len]
    }

    /// Address of the byte at `offset`, e.g. a kernel's entry point, or `None` when out of range.
    /// The address stays valid as long as `self` is alive.
    pub fn addr(&self, offset: usize) -> Option<*const u8> {
        (offset < self.len).then(|| self.map[offset..].as_ptr())
    }

    /// Reinterprets the entry point at `offset` as a function pointer of type `F`.
    ///
    /// Returns `None` when `offset` is out of range or `F` is not pointer-sized.
    ///
    /// # Safety
    /// `F` must be an `extern "C"` (or `unsafe extern "C"`) function pointer type whose
    /// signature matches the code that was generated at `offset`, and the returned pointer
    /// must not be called after `self` is dropped.
    pub unsafe fn entry<F: Copy>(&self, offset: usize) -> Option<F> {
        let addr = self.addr(offset)?;
        if std::mem::size_of::<F>() != std::mem::size_of::<*const u8>() {
            return None;
        }
        // SAFETY: sizes are equal (checked above), and the caller promises F is a function
        // pointer type matching the code at `addr`; function pointers and data pointers have
        // the same representation on every target this crate runs generated code on.
        Some(unsafe { std::mem::transmute_copy::<*const u8, F>(&addr) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_copies_and_runs() -> Result<()> {
        // mov eax, 42; ret
        let code = [0xB8, 42, 0, 0, 0, 0xC3];
        let buf = ExecBuffer::new(&code)?;
        assert_eq!(buf.bytes(), &code);
        assert!(buf.addr(6).is_none());
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: the bytes above are `extern "C" fn() -> i32` on x86-64.
            let f: Option<extern "C" fn() -> i32> = unsafe { buf.entry(0) };
            assert_eq!(f.map(|f| f()), Some(42));
        }
        Ok(())
    }
}
