//! glibc allocator tuning for a process that loads a model once and then serves it.
//!
//! glibc raises its mmap threshold dynamically each time a large block is freed, so after
//! the first weight is converted and released, the next ones (up to 32 MiB each) come from
//! the brk heap, where freeing them rarely returns memory to the OS: the row-major copies
//! dropped after packing would stay resident. A fixed threshold keeps every block of
//! 1 MiB or more in its own mapping, returned on free. Nothing on the hot path allocates.
#![expect(unsafe_code, reason = "one libc call")]

/// Fixes glibc's mmap threshold at 1 MiB (no effect on other C libraries).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only changes allocator parameters; called at start-up before any
        // other thread exists. Its return value (0 on failure) only means the default stays.
        let _ = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
    }
}
