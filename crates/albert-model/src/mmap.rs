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
}
