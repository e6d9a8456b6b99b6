//! Read-only f32 data that is either owned or a view of a mapped file (an artifact's weights
//! section), so weights are used where they lie and never copied at load.

use std::sync::Arc;

/// Shared, immutable floats.
#[derive(Clone)]
pub struct Floats(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Arc<[f32]>),
    Mapped { map: Arc<memmap2::Mmap>, offset: usize, len: usize },
}

impl Floats {
    /// A view of `len` floats at byte `offset` of `map`; `None` when it does not fit or is
    /// not 4-byte aligned.
    pub fn mapped(map: Arc<memmap2::Mmap>, offset: usize, len: usize) -> Option<Floats> {
        let end = offset.checked_add(len.checked_mul(4)?)?;
        let bytes = map.get(offset..end)?;
        bytemuck::try_cast_slice::<u8, f32>(bytes).ok()?;
        Some(Floats(Repr::Mapped { map, offset, len }))
    }

    /// The floats.
    pub fn as_slice(&self) -> &[f32] {
        match &self.0 {
            Repr::Owned(a) => a,
            // Checked in `mapped`: in range and aligned, and the map never changes.
            Repr::Mapped { map, offset, len } => {
                bytemuck::try_cast_slice(&map[*offset..*offset + 4 * *len]).unwrap_or(&[])
            }
        }
    }

    /// An owned copy as the interpreter takes it.
    pub fn to_arc(&self) -> Arc<[f32]> {
        match &self.0 {
            Repr::Owned(a) => a.clone(),
            Repr::Mapped { .. } => Arc::from(self.as_slice()),
        }
    }
}

impl From<Arc<[f32]>> for Floats {
    fn from(a: Arc<[f32]>) -> Self {
        Floats(Repr::Owned(a))
    }
}

impl std::ops::Deref for Floats {
    type Target = [f32];
    fn deref(&self) -> &[f32] {
        self.as_slice()
    }
}

impl AsRef<[f32]> for Floats {
    fn as_ref(&self) -> &[f32] {
        self.as_slice()
    }
}

impl std::fmt::Debug for Floats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Floats({})", self.as_slice().len())
    }
}

/// `len` bf16 bit patterns at byte `offset` of a mapped file (an artifact's packed bf16
/// weights), used in place.
pub struct MappedHalves {
    map: Arc<memmap2::Mmap>,
    offset: usize,
    len: usize,
}

impl MappedHalves {
    /// The view, or `None` when it does not fit or is not 2-byte aligned.
    pub fn new(map: Arc<memmap2::Mmap>, offset: usize, len: usize) -> Option<MappedHalves> {
        let end = offset.checked_add(len.checked_mul(2)?)?;
        bytemuck::try_cast_slice::<u8, u16>(map.get(offset..end)?).ok()?;
        Some(MappedHalves { map, offset, len })
    }
}

impl AsRef<[u16]> for MappedHalves {
    fn as_ref(&self) -> &[u16] {
        // Checked in `new`: in range and aligned, and the map never changes.
        bytemuck::try_cast_slice(&self.map[self.offset..self.offset + 2 * self.len]).unwrap_or(&[])
    }
}
