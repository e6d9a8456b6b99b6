//! AVX2 + FMA kernel generators (x86-64 CPUs without AVX-512, such as AMD Zen 2/3 and Intel
//! before Skylake-SP), assembled at run time with `iced-x86`'s `code_asm` like the AVX-512
//! family. The shapes the frame asks for and the ABI are in [`tile`] (no assembler), the
//! generator in [`gemm`].

#[cfg(feature = "asm")]
pub mod gemm;
pub mod tile;
