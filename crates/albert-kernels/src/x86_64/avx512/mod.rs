//! AVX-512F kernel generators, assembled at run time with `iced-x86`'s `code_asm`.
//!
//! One generator per kernel family and tile shape (libxsmm's `generator_gemm_*`), one shared
//! encoder (iced), and every generated kernel can print itself as Intel-syntax text
//! ([`disassemble`]) for `--dump-asm`.

#[cfg(feature = "asm")]
pub mod gemm;
#[cfg(feature = "asm")]
pub mod gemm_bf16;
#[cfg(feature = "asm")]
pub mod peak;
#[cfg(feature = "asm")]
pub mod peak_bf16;
pub mod tile;
pub mod tile_bf16;

#[cfg(feature = "asm")]
use crate::error::{KernelError, Result};
#[cfg(feature = "asm")]
use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter};

#[cfg(feature = "asm")]
/// Decodes `code` (loaded at `ip`) and formats it as Intel syntax, one instruction per line
/// with its offset.
pub fn disassemble(code: &[u8], ip: u64) -> String {
    let mut decoder = Decoder::with_ip(64, code, ip, DecoderOptions::NONE);
    let mut formatter = IntelFormatter::new();
    formatter.options_mut().set_first_operand_char_index(10);
    let mut out = String::new();
    let mut text = String::new();
    let mut instr = Instruction::default();
    while decoder.can_decode() {
        decoder.decode_out(&mut instr);
        text.clear();
        formatter.format(&instr, &mut text);
        out.push_str(&format!("{:6x}:  {}\n", instr.ip(), text));
    }
    out
}

#[cfg(feature = "asm")]
pub(crate) fn asm_err(kernel: &str) -> impl Fn(iced_x86::IcedError) -> KernelError + '_ {
    move |e| KernelError::Assemble { kernel: kernel.to_owned(), message: e.to_string() }
}

#[cfg(feature = "asm")]
/// Convenience for generators: map an iced error to [`KernelError::Assemble`].
pub(crate) type AsmResult<T> = Result<T>;
