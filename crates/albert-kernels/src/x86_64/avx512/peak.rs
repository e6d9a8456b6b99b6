//! The register-only FMA peak: a generated loop of independent `vfmadd231ps zmm` with no
//! memory operands, so benchmark results can be quoted as a fraction of what this core can
//! actually do (turbo, AVX-512 licence and the machine's noise included).
#![expect(unsafe_code, reason = "calling the generated peak loop")]

use super::{asm_err, AsmResult};
use crate::exec_mem::ExecBuffer;
use iced_x86::code_asm::*;
use std::time::Instant;

/// Independent accumulator chains: ≥ FMA latency (4) × ports (2), with margin.
const CHAINS: usize = 24;

/// `void peak(uint64_t iterations)`: `iterations × 24` zmm FMAs.
type PeakFn = unsafe extern "C" fn(iterations: u64);

fn assemble() -> AsmResult<Vec<u8>> {
    let name = "avx512_fma_peak_f32";
    let mut a = CodeAssembler::new(64).map_err(asm_err(name))?;
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
            a.vfmadd231ps(*r, zmm30, zmm31)?;
        }
        a.sub(rdi, 1)?;
        a.jnz(top)?;
        a.vzeroupper()?;
        a.ret()
    };
    body().map_err(asm_err(name))?;
    a.assemble(0).map_err(asm_err(name))
}

/// Runs `iterations × 24` zmm FMAs on the calling thread and returns GFLOP/s
/// (1 FMA = 2 FLOPs × 16 lanes) over wall-clock time. Errors without AVX-512F.
pub fn measure_gflops(iterations: u64) -> crate::Result<f64> {
    let start = Instant::now();
    measure_gflops_with(iterations, || start.elapsed().as_secs_f64())
}

/// Like [`measure_gflops`], timed with `clock` (seconds, e.g. the thread's CPU time so that
/// time spent descheduled on a shared machine does not count).
pub fn measure_gflops_with(iterations: u64, clock: impl Fn() -> f64) -> crate::Result<f64> {
    if !crate::cpu::has_avx512() {
        return Err(crate::KernelError::Shape { op: "fma peak", reason: "CPU lacks AVX-512F".into() });
    }
    let buf = ExecBuffer::new(&assemble()?)?;
    // SAFETY: the buffer holds the code assembled above, which follows `PeakFn`'s ABI (takes
    // rdi, clobbers only caller-saved registers); it is called while `buf` is alive.
    let f = unsafe { buf.entry::<PeakFn>(0) }.ok_or_else(|| crate::KernelError::Assemble {
        kernel: "avx512_fma_peak_f32".into(),
        message: "empty code".into(),
    })?;
    let iterations = iterations.max(1);
    // SAFETY: AVX-512F checked above; see the entry's safety note.
    unsafe { f(iterations / 10 + 1) }; // warm-up: reach the AVX-512 frequency licence
    let start = clock();
    // SAFETY: as above.
    unsafe { f(iterations) };
    let secs = clock() - start;
    Ok(iterations as f64 * (CHAINS * 32) as f64 / secs / 1e9)
}
