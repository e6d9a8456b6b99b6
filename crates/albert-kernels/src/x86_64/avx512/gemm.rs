//! Generator for the AVX-512 GEMM tile `avx512_matmul_f32_14x32` and its tail variants.
//!
//! One call computes an `mr × nr` tile (`mr ≤ 14`, `nr ≤ 32`) of `C = A · B` where B is one
//! packed panel (see [`crate::frame::pack`]): 28 zmm accumulators (`zmm0..zmm27`, row `r`
//! vector `v` in `zmm(2r+v)`), the two B vectors of the current `k` in `zmm28/29`, and each A
//! element broadcast straight from memory by the FMA (`vfmadd231ps zmm, zmm, dword bcst
//! [mem]`), as in libxsmm's `generator_gemm_avx512_microkernel`. A is read in place (row
//! stride `lda` fixed at generation time): rows 0–4, 5–9 and 10–13 are addressed from three
//! base registers with `lda` and `3·lda` as index registers, so every A operand is a short
//! `[base + index·scale + disp8]`.
//!
//! Everything known at generation time is a constant of the code: K (the loop count, unrolled
//! by [`TileSpec::unroll`], with the remainder straight-line), all strides, the tail mask for
//! `nr % 16`, and the epilogue. The tile is the kernel; which tiles to call, K blocking and
//! threading are the frame's job (`crate::frame::gemm`).
//!
//! # ABI
//! System V, see [`GemmTileFn`]: `a` in `rdi`, `b` in `rsi`, `c` in `rdx`, `bias` in `rcx`,
//! `residual` in `r8`. Only caller-saved registers are clobbered except `rbx` (the loop
//! counter), which is pushed and popped; no stack memory is used beyond that and no call is
//! made, so the caller's stack alignment is irrelevant. The kernel ends with `vzeroupper` so
//! SSE code after it pays no transition penalty.

use super::{asm_err, disassemble, AsmResult};
use iced_x86::code_asm::*;

pub use super::tile::{Broadcast, GemmTileFn, TileActivation, TileSpec, MAX_B_PREFETCH, MR, NR};

const ZMM: [AsmRegisterZmm; 32] = [
    zmm0, zmm1, zmm2, zmm3, zmm4, zmm5, zmm6, zmm7, zmm8, zmm9, zmm10, zmm11, zmm12, zmm13, zmm14, zmm15,
    zmm16, zmm17, zmm18, zmm19, zmm20, zmm21, zmm22, zmm23, zmm24, zmm25, zmm26, zmm27, zmm28, zmm29, zmm30,
    zmm31,
];

fn acc(r: usize, v: usize) -> AsmRegisterZmm {
    ZMM[2 * r + v]
}

/// `[A row r + disp]` from the three row-group bases (`rdi`, `r9`, `r10`) and the index
/// registers `r11 = lda·4`, `rax = 3·lda·4`.
fn a_row(r: usize, disp: i32) -> AsmMemoryOperand {
    let base = [rdi, r9, r10][r / 5];
    match r % 5 {
        0 => base + disp,
        1 => base + r11 + disp,
        2 => base + r11 * 2 + disp,
        3 => base + rax + disp,
        _ => base + r11 * 4 + disp,
    }
}

/// Assembles the tile described by `spec` into position-independent machine code.
pub fn assemble(spec: &TileSpec) -> AsmResult<Vec<u8>> {
    let name = spec.name();
    let mut a = build(spec).map_err(asm_err(&name))??;
    a.assemble(0).map_err(asm_err(&name))
}

/// The tile's code as Intel-syntax text, headed by its name and specialisation.
pub fn dump(spec: &TileSpec) -> AsmResult<String> {
    let code = assemble(spec)?;
    Ok(format!(
        "; {} kc={} lda={} ldc={} ldr={} load_c={} bias={} act={:?} residual={} b_prefetch={} ({} bytes)\n{}",
        spec.name(),
        spec.kc,
        spec.lda,
        spec.ldc,
        spec.ldr,
        spec.load_c,
        spec.bias,
        spec.activation,
        spec.residual,
        spec.b_prefetch,
        code.len(),
        disassemble(&code, 0)
    ))
}

type Asm = Result<(), IcedError>;

/// Emits the whole kernel. The outer `Result` carries iced errors, the inner one spec errors.
fn build(spec: &TileSpec) -> Result<AsmResult<CodeAssembler>, IcedError> {
    if let Err(e) = spec.validate() {
        return Ok(Err(e));
    }
    let mut a = CodeAssembler::new(64)?;
    let nv = spec.vectors();
    let (lda_b, ldc_b, ldr_b) = (4 * spec.lda as i32, 4 * spec.ldc as i32, 4 * spec.ldr as i32);

    a.push(rbx)?;
    // Tail mask first: eax is free until it becomes 3·lda.
    if let Some(mask) = spec.tail_mask(nv - 1) {
        a.mov(eax, mask)?;
        a.kmovw(k1, eax)?;
    }
    a.mov(r11, lda_b as i64)?;
    a.mov(rax, 3 * lda_b as i64)?;
    if spec.mr > 5 {
        a.lea(r9, rdi + 5 * lda_b)?;
    }
    if spec.mr > 10 {
        a.lea(r10, rdi + 10 * lda_b)?;
    }

    // Accumulators: zero, or C from the previous K block.
    for r in 0..spec.mr {
        for v in 0..nv {
            let reg = acc(r, v);
            if spec.load_c {
                let mem = zmmword_ptr(rdx + (r as i32 * ldc_b + 64 * v as i32));
                match spec.tail_mask(v) {
                    Some(_) => a.vmovups(reg.k1().z(), mem)?,
                    None => a.vmovups(reg, mem)?,
                }
            } else {
                a.vpxord(reg, reg, reg)?;
            }
        }
    }

    // K loop: `unroll` steps per iteration, the remainder straight-line after it.
    let iters = spec.kc / spec.unroll;
    let rem = spec.kc % spec.unroll;
    if iters > 0 {
        a.mov(ebx, iters as u32)?;
        let mut top = a.create_label();
        a.set_label(&mut top)?;
        for u in 0..spec.unroll {
            k_step(&mut a, spec, u)?;
        }
        let a_step = 4 * spec.unroll as i32;
        a.add(rsi, 128 * spec.unroll as i32)?;
        a.add(rdi, a_step)?;
        if spec.mr > 5 {
            a.add(r9, a_step)?;
        }
        if spec.mr > 10 {
            a.add(r10, a_step)?;
        }
        a.sub(ebx, 1)?;
        a.jnz(top)?;
    }
    for u in 0..rem {
        k_step(&mut a, spec, u)?;
    }

    // Epilogue, in registers: bias, activation, residual, store.
    let consts = GeluConsts::new(&mut a);
    for r in 0..spec.mr {
        for v in 0..nv {
            let x = acc(r, v);
            let masked = spec.tail_mask(v).is_some();
            if spec.bias {
                let mem = zmmword_ptr(rcx + 64 * v as i32);
                // Merge-masking suppresses faults on the dead lanes past N.
                if masked {
                    a.vaddps(x.k1(), x, mem)?;
                } else {
                    a.vaddps(x, x, mem)?;
                }
            }
            match spec.activation {
                TileActivation::Identity => {}
                TileActivation::Relu => {
                    a.vpxord(zmm30, zmm30, zmm30)?;
                    a.vmaxps(x, x, zmm30)?;
                }
                TileActivation::GeluNew => gelu_new(&mut a, x, &consts)?,
            }
            if spec.residual {
                let mem = zmmword_ptr(r8 + (r as i32 * ldr_b + 64 * v as i32));
                if masked {
                    a.vaddps(x.k1(), x, mem)?;
                } else {
                    a.vaddps(x, x, mem)?;
                }
            }
            let dst = zmmword_ptr(rdx + (r as i32 * ldc_b + 64 * v as i32));
            if masked {
                a.vmovups(dst.k1(), x)?;
            } else {
                a.vmovups(dst, x)?;
            }
        }
    }
    a.vzeroupper()?;
    a.pop(rbx)?;
    a.ret()?;
    if spec.activation == TileActivation::GeluNew {
        consts.emit(&mut a)?;
    }
    Ok(Ok(a))
}

/// One K step `u` of the unrolled body: load the two B vectors, then 2·mr FMAs.
fn k_step(a: &mut CodeAssembler, spec: &TileSpec, u: usize) -> Asm {
    let nv = spec.vectors();
    let b_off = 128 * u as i32;
    for v in 0..nv {
        a.vmovups(ZMM[28 + v], zmmword_ptr(rsi + (b_off + 64 * v as i32)))?;
    }
    if spec.b_prefetch > 0 {
        // One prefetch per 64-byte line of this step's B row (the row is 128 bytes even for
        // N tails: panels are zero-padded to 32 columns).
        for line in 0..2 {
            a.prefetcht1(byte_ptr(rsi + (b_off + 64 * line + spec.b_prefetch as i32)))?;
        }
    }
    let a_off = 4 * u as i32;
    for r in 0..spec.mr {
        match spec.broadcast {
            Broadcast::Embedded => {
                for v in 0..nv {
                    a.vfmadd231ps(acc(r, v), ZMM[28 + v], dword_bcst(a_row(r, a_off)))?;
                }
            }
            Broadcast::Register => {
                let t = ZMM[30 + r % 2];
                a.vbroadcastss(t, dword_ptr(a_row(r, a_off)))?;
                for v in 0..nv {
                    a.vfmadd231ps(acc(r, v), ZMM[28 + v], t)?;
                }
            }
        }
    }
    Ok(())
}

/// Constants of the `gelu_new` epilogue, stored after the `ret` and read RIP-relative with
/// embedded broadcast (so the epilogue needs only three scratch registers).
struct GeluConsts {
    labels: Vec<CodeLabel>,
    values: Vec<f32>,
}

/// Index of each constant in [`GeluConsts`].
mod gc {
    pub const A: usize = 0; // -2·√(2/π)·log2(e)
    pub const B: usize = 1; // -2·√(2/π)·0.044715·log2(e)
    pub const HI: usize = 2;
    pub const LO: usize = 3;
    pub const ONE: usize = 4;
    pub const TWO: usize = 5;
    pub const POLY: usize = 6; // 7 coefficients of 2^f, c0..c6
}

impl GeluConsts {
    fn new(a: &mut CodeAssembler) -> Self {
        let s = (2.0f64 / std::f64::consts::PI).sqrt();
        let l2e = std::f64::consts::LOG2_E;
        let ln2 = std::f64::consts::LN_2;
        let mut values = vec![
            (-2.0 * s * l2e) as f32,
            (-2.0 * s * 0.044715 * l2e) as f32,
            // 2^±115 keeps 1 + e and its reciprocal normal floats; sigmoid is 0 or 1 there.
            115.0,
            -115.0,
            1.0,
            2.0,
        ];
        let mut fact = 1.0f64;
        for i in 0..7 {
            if i > 0 {
                fact *= i as f64;
            }
            values.push((ln2.powi(i) / fact) as f32);
        }
        let labels = values.iter().map(|_| a.create_label()).collect();
        Self { labels, values }
    }

    fn at(&self, i: usize) -> AsmMemoryOperand {
        dword_bcst(self.labels[i])
    }

    fn emit(mut self, a: &mut CodeAssembler) -> Asm {
        for (label, value) in self.labels.iter_mut().zip(&self.values) {
            a.set_label(label)?;
            a.dd_f32(&[*value])?;
        }
        Ok(())
    }
}

/// `x ← gelu_new(x) = x / (1 + 2^y)` with `y = x·(A + B·x²)` (log2(e) folded into A, B),
/// using `zmm28..30` as scratch.
fn gelu_new(a: &mut CodeAssembler, x: AsmRegisterZmm, c: &GeluConsts) -> Asm {
    let (t, n, p) = (zmm28, zmm29, zmm30);
    a.vmulps(t, x, x)?;
    a.vmulps(t, t, c.at(gc::B))?;
    a.vaddps(t, t, c.at(gc::A))?;
    a.vmulps(t, t, x)?; // y
    a.vminps(t, t, c.at(gc::HI))?;
    a.vmaxps(t, t, c.at(gc::LO))?;
    a.vrndscaleps(n, t, 0)?; // n = round(y)
    a.vsubps(t, t, n)?; // f = y - n ∈ [-0.5, 0.5]
    a.vbroadcastss(p, dword_ptr(c.labels[gc::POLY + 6]))?;
    for i in (0..6).rev() {
        a.vfmadd213ps(p, t, c.at(gc::POLY + i))?; // p = p·f + c_i
    }
    a.vscalefps(p, p, n)?; // e = 2^y
    a.vaddps(p, p, c.at(gc::ONE))?; // d = 1 + e
    a.vrcp14ps(n, p)?; // r0 ≈ 1/d
    a.vfnmadd213ps(p, n, c.at(gc::TWO))?; // 2 - d·r0
    a.vmulps(n, n, p)?; // r1 = r0·(2 - d·r0)
    a.vmulps(x, x, n)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_names_the_kernel_and_uses_embedded_broadcast() -> crate::Result<()> {
        let text = dump(&TileSpec::full(8, 64, 96))?;
        assert!(text.starts_with("; avx512_matmul_f32_14x32"), "{text}");
        assert!(text.contains("vfmadd231ps zmm0,zmm28,[rdi]{1to16}"), "{text}");
        assert!(text.contains("vzeroupper"), "{text}");
        Ok(())
    }

    #[test]
    fn rejects_bad_specs() {
        let mut s = TileSpec::full(8, 64, 96);
        s.mr = 15;
        assert!(assemble(&s).is_err());
    }
}
