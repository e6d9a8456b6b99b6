//! The register-only `vdpbf16ps` peak: a generated loop of independent `vdpbf16ps zmm` with
//! no memory operands (the bf16 twin of [`super::peak`]), to quote bf16 GEMM throughput as
//! a fraction of what this core can do. One `vdpbf16ps zmm` is 16 lanes × 2 products × 2
//! FLOPs = 64 FLOPs, twice a `vfmadd231ps zmm`.
#![expect(unsafe_code, reason = "calling the generated peak loop")]

use super::{asm_err, AsmResult};
use crate::exec_mem::ExecBuffer;
use iced_x86::code_asm::*;
use std::time::Instant;

/// Independent accumulator chains (≥ latency × ports, with margin).
const CHAINS: usize = 24;

/// `void peak(uint64_t iterations)`: `iterations × 24` `vdpbf16ps zmm`.
type PeakFn = unsafe extern "C" fn(iterations: u64);

const NAME: &str = "avx512bf16_dpbf16_peak";

fn assemble() -> AsmResult<Vec<u8>> {
    let mut a = CodeAssembler::new(64).map_err(asm_err(NAME))?;
    let regs = [
        zmm0, zmm1, zmm2, zmm3, zmm4, zmm5, zmm6, zmm7, zmm8, zmm9, zmm10, zmm11, zmm12, zmm13, zmm14, zmm15,
        zmm16, zmm17, zmm18, zmm19, zmm20, zmm21, zmm22, zmm23,
    ];
    let mut body = || -> Result<(), IcedError> {
        for r in regs {
            a.vpxord(r, r, r)?;
        }
        a.vpxord(zmm30, zmm30, zmm30)?;
        a.vpxord(zmm31, zmm31, zmm31)?;
        let mut top = a.create_label();
        a.set_label(&mut top)?;
        for r in regs.iter().take(CHAINS) {
            a.vdpbf16ps(*r, zmm30, zmm31)?;
        }
        a.sub(rdi, 1)?;
        a.jnz(top)?;
        a.vzeroupper()?;
        a.ret()
    };
    body().map_err(asm_err(NAME))?;
    a.assemble(0).map_err(asm_err(NAME))
}

/// Runs `iterations × 24` `vdpbf16ps zmm` on the calling thread and returns GFLOP/s over
/// wall-clock time. Errors without AVX512_BF16.
pub fn measure_gflops(iterations: u64) -> crate::Result<f64> {
    let start = Instant::now();
    measure_gflops_with(iterations, || start.elapsed().as_secs_f64())
}

/// Like [`measure_gflops`], timed with `clock` (seconds, e.g. the thread's CPU time).
pub fn measure_gflops_with(iterations: u64, clock: impl Fn() -> f64) -> crate::Result<f64> {
    let cpu = crate::CpuFeatures::detect();
    if !(cpu.avx512f && cpu.avx512_bf16) {
        return Err(crate::KernelError::MissingCpuFeature {
            kernel: "vdpbf16ps peak",
            feature: "avx512_bf16",
        });
    }
    let buf = ExecBuffer::new(&assemble()?)?;
    // SAFETY: the buffer holds the code assembled above, which follows `PeakFn`'s ABI (takes
    // rdi, clobbers only caller-saved registers); it is called while `buf` is alive.
    let f = unsafe { buf.entry::<PeakFn>(0) }
        .ok_or_else(|| crate::KernelError::Assemble { kernel: NAME.into(), message: "empty code".into() })?;
    let iterations = iterations.max(1);
    // SAFETY: AVX512_BF16 checked above; see the entry's safety note.
    unsafe { f(iterations / 10 + 1) };
    let start = clock();
    // SAFETY: as above.
    unsafe { f(iterations) };
    let secs = clock() - start;
    Ok(iterations as f64 * (CHAINS * 64) as f64 / secs / 1e9)
}
