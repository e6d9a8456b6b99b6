//! x86-64 kernel generators. The generators only produce bytes, so they compile on every host
//! (handy for AOT artifacts and for testing the generator's text output); running the code
//! needs the CPU feature each kernel is registered with.

pub mod amx;
pub mod avx2;
pub mod avx512;
