//! Read-only memory maps of checkpoint files: the crate's only `unsafe`.

use std::fs::File;
use std::path::Path;

use crate::error::ModelError;

/// A read-only map of a whole file.
pub(crate) struct MappedFile {
    map: memmap2::Mmap,
}

impl MappedFile {
    pub(crate) fn open(path: &Path) -> Result<MappedFile, ModelError> {
        let file = File::open(path).map_err(|e| ModelError::io(path, e))?;
        #[expect(unsafe_code, reason = "memory-mapping is the point: weights are not copied twice")]
        // SAFETY: the map is read-only and private to this process. The one
        // hazard is another process truncating or rewriting the file while it
        // is mapped (SIGBUS or changing bytes); model files are not written
        // while being served, and every byte read from the map is validated
        // (header by safetensors, sizes by us) before it is interpreted.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| ModelError::io(path, e))?;
        Ok(MappedFile { map })
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Gives the pages read so far back to the OS (they are re-read from the file if touched
    /// again): once the weights are converted and packed, the map need not stay resident.
    pub(crate) fn release_pages(&self) {
        #[expect(unsafe_code, reason = "MADV_DONTNEED on a mapping")]
        // SAFETY: the map is read-only and file-backed: MADV_DONTNEED only drops clean page
        // cache references of this process, and a later read faults the same bytes back in
        // from the file. No reference into the map is invalidated.
        let r = unsafe { self.map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        // Advice is best effort: a kernel that refuses it leaves the pages resident.
        let _ = r;
    }
}
