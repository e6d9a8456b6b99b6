//! LayerNorm and activation kernels in Cranelift's portable 128-bit vectors: NEON on
//! aarch64, SSE on `x86_64-portable`. With the f32x4 GEMM tiles they make every heavy op of
//! the forward pass generated code on those targets (attention's softmax is next).
//!
//! They follow `albert_kernels::ops::portable` operation for operation, so they are
//! **bit-identical** to it (and so to the AVX-512 family, which shares that source):
//! - sums use 16 lanes (four `f32x4` accumulators), the tail into the first lanes, reduced
//!   pairwise (lanes `l` and `l + 8`, then `+ 4`, `+ 2`, `+ 1`);
//! - LayerNorm is the corrected two-pass scheme of `portable::normalize_body`;
//! - `exp`, `tanh`, `gelu_new`, `gelu` and `silu` evaluate the same polynomials in the same
//!   order as `ops::math` (no FMA contraction: Cranelift emits none unless asked).
//!
//! ABIs (C calling convention; widths, `eps` and the activation are constants of the code):
//! - `layer_norm(x, out, gamma, beta, rows)`: rows of `width` floats; `out` may be `x`;
//! - `activation(x, n)`: in place.

use std::sync::Arc;

use albert_kernels::{Activation, Target};
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{types, AbiParam, BlockArg, InstBuilder, MemFlagsData, Signature, Value};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::error::CodegenError;
use crate::jit::{isa_for_target, JitBuilder};

const LANES: usize = 16;

pub use albert_deploy::{ActivationKernel, LayerNormKernel};

/// Lane order for bitcasts between vector types (same lane count: only a formality).
fn le() -> MemFlagsData {
    MemFlagsData::new().with_endianness(cranelift_codegen::ir::Endianness::Little)
}

fn flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

/// Helpers over a function builder for the f32x4 code.
struct V<'a, 'b> {
    b: &'a mut FunctionBuilder<'b>,
    ptr: types::Type,
}

impl V<'_, '_> {
    fn splat(&mut self, x: f32) -> Value {
        let s = self.b.ins().f32const(x);
        self.b.ins().splat(types::F32X4, s)
    }
    fn load4(&mut self, p: Value, off: i32) -> Value {
        self.b.ins().load(types::F32X4, flags(), p, off)
    }
    fn load1(&mut self, p: Value, off: i32) -> Value {
        self.b.ins().load(types::F32, flags(), p, off)
    }
    /// An `f32x4` (when `vector`) or an `f32` at `p + off`.
    fn load_as(&mut self, vector: bool, p: Value, off: i32) -> Value {
        if vector {
            self.load4(p, off)
        } else {
            self.load1(p, off)
        }
    }
    /// `f(byte offset, vector)` over `n` floats: whole `f32x4`s, then the tail one float at a
    /// time (the element-wise passes; the operation is the same either way).
    fn columns(&mut self, n: usize, mut f: impl FnMut(&mut Self, i32, bool)) {
        for c in 0..n / 4 {
            f(self, (c * 16) as i32, true);
        }
        for j in n / 4 * 4..n {
            f(self, (j * 4) as i32, false);
        }
    }
    fn lane(&mut self, v: Value, l: u8) -> Value {
        self.b.ins().extractlane(v, l)
    }
    /// Pairwise reduction of 16 lanes held in four vectors, as `portable::reduce`.
    fn reduce(&mut self, acc: &[Value; 4]) -> Value {
        let w8a = self.b.ins().fadd(acc[0], acc[2]);
        let w8b = self.b.ins().fadd(acc[1], acc[3]);
        let w4 = self.b.ins().fadd(w8a, w8b);
        let (l0, l1, l2, l3) = (self.lane(w4, 0), self.lane(w4, 1), self.lane(w4, 2), self.lane(w4, 3));
        let w2a = self.b.ins().fadd(l0, l2);
        let w2b = self.b.ins().fadd(l1, l3);
        self.b.ins().fadd(w2a, w2b)
    }
    /// Adds `x` to lane `l` (0..16) of the accumulators.
    fn add_lane(&mut self, acc: &mut [Value; 4], l: usize, x: Value) {
        let v = acc[l / 4];
        let cur = self.lane(v, (l % 4) as u8);
        let s = self.b.ins().fadd(cur, x);
        acc[l / 4] = self.b.ins().insertlane(v, s, (l % 4) as u8);
    }
    /// Lanes of `a` where `mask` (an `fcmp` result) is set, else of `b`.
    fn sel(&mut self, mask: Value, a: Value, b: Value) -> Value {
        let m = self.b.ins().bitcast(types::F32X4, le(), mask);
        self.b.ins().bitselect(m, a, b)
    }
    fn clamp(&mut self, x: Value, lo: f32, hi: f32) -> Value {
        // f32::clamp: `if x < lo { lo } else if x > hi { hi } else { x }` (NaN passes).
        let (vlo, vhi) = (self.splat(lo), self.splat(hi));
        let below = self.b.ins().fcmp(FloatCC::LessThan, x, vlo);
        let y = self.sel(below, vlo, x);
        let above = self.b.ins().fcmp(FloatCC::GreaterThan, y, vhi);
        self.sel(above, vhi, y)
    }
    /// `ops::math::exp`, lane-wise.
    fn exp(&mut self, x: Value) -> Value {
        use albert_kernels::ops::math::{EXP_HI, EXP_LO, LN2_HI, LN2_LO, SHIFT};
        let xc = self.clamp(x, EXP_LO, EXP_HI);
        let log2e = self.splat(std::f32::consts::LOG2_E);
        let shift = self.splat(SHIFT);
        let m = self.b.ins().fmul(xc, log2e);
        let t = self.b.ins().fadd(m, shift);
        let n = self.b.ins().fsub(t, shift);
        let hi = self.splat(LN2_HI);
        let lo = self.splat(LN2_LO);
        let nh = self.b.ins().fmul(n, hi);
        let r0 = self.b.ins().fsub(xc, nh);
        let nl = self.b.ins().fmul(n, lo);
        let r = self.b.ins().fsub(r0, nl);
        let coeffs = [1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0];
        // 1 + r·(1 + r·(0.5 + … + r·(1/5040))), innermost first.
        let mut p = self.splat(coeffs[0]);
        for &c in &coeffs[1..] {
            let rp = self.b.ins().fmul(r, p);
            let cv = self.splat(c);
            p = self.b.ins().fadd(cv, rp);
        }
        let bits = self.b.ins().bitcast(types::I32X4, le(), t);
        let sh = self.b.ins().ishl_imm_u(bits, 23);
        let scale = self.b.ins().bitcast(types::F32X4, le(), sh);
        let y = self.b.ins().fmul(p, scale);
        let vlo = self.splat(EXP_LO);
        let under = self.b.ins().fcmp(FloatCC::LessThan, x, vlo);
        let zero = self.splat(0.0);
        self.sel(under, zero, y)
    }
    /// `x / (1 + exp(k·x'))` helper: `x / (1 + e)`.
    fn div_one_plus(&mut self, x: Value, e: Value) -> Value {
        let one = self.splat(1.0);
        let d = self.b.ins().fadd(one, e);
        self.b.ins().fdiv(x, d)
    }
    /// `ops::math::tanh`.
    fn tanh(&mut self, x: Value) -> Value {
        use albert_kernels::ops::math::tanh_coeffs::{A, B, CLAMP};
        let x = self.clamp(x, -CLAMP, CLAMP);
        let x2 = self.b.ins().fmul(x, x);
        let mut p = self.splat(A[6]);
        for &c in A[..6].iter().rev() {
            let t = self.b.ins().fmul(x2, p);
            let cv = self.splat(c);
            p = self.b.ins().fadd(cv, t);
        }
        let mut q = self.splat(B[3]);
        for &c in B[..3].iter().rev() {
            let t = self.b.ins().fmul(x2, q);
            let cv = self.splat(c);
            q = self.b.ins().fadd(cv, t);
        }
        let xp = self.b.ins().fmul(x, p);
        self.b.ins().fdiv(xp, q)
    }
    fn neg_exp_div(&mut self, x: Value, arg: Value) -> Value {
        let neg = self.b.ins().fneg(arg);
        let e = self.exp(neg);
        self.div_one_plus(x, e)
    }
    /// `act(x)` lane-wise, as `ops::math`.
    fn activation(&mut self, act: Activation, x: Value) -> Value {
        match act {
            Activation::Identity => x,
            Activation::Relu => {
                // f32::max(x, 0.0): 0 for NaN, x otherwise when larger.
                let zero = self.splat(0.0);
                let lt = self.b.ins().fcmp(FloatCC::LessThan, x, zero);
                let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                let use_zero = self.b.ins().bor(lt, nan);
                self.sel(use_zero, zero, x)
            }
            Activation::Tanh => self.tanh(x),
            Activation::Silu => self.neg_exp_div(x, x),
            Activation::GeluNew => {
                // u = C·(x + 0.044715·x·x·x); x / (1 + exp(−2u))
                let k = self.splat(0.044_715);
                let kx = self.b.ins().fmul(k, x);
                let kxx = self.b.ins().fmul(kx, x);
                let kxxx = self.b.ins().fmul(kxx, x);
                let s = self.b.ins().fadd(x, kxxx);
                let c = self.splat(0.797_884_6);
                let u = self.b.ins().fmul(c, s);
                let two = self.splat(-2.0);
                let m2u = self.b.ins().fmul(two, u);
                let e = self.exp(m2u);
                self.div_one_plus(x, e)
            }
            Activation::Gelu => {
                use albert_kernels::ops::math::gelu_coeffs::{A, P};
                let ax = self.b.ins().fabs(x);
                let r2 = self.splat(std::f32::consts::FRAC_1_SQRT_2);
                let z = self.b.ins().fmul(ax, r2);
                let pv = self.splat(P);
                let pz = self.b.ins().fmul(pv, z);
                let one = self.splat(1.0);
                let den = self.b.ins().fadd(one, pz);
                let t = self.b.ins().fdiv(one, den);
                let mut poly = self.splat(A[4]);
                for &c in A[..4].iter().rev() {
                    let tp = self.b.ins().fmul(t, poly);
                    let cv = self.splat(c);
                    poly = self.b.ins().fadd(cv, tp);
                }
                let poly = self.b.ins().fmul(t, poly);
                let nz = self.b.ins().fneg(z);
                let nzz = self.b.ins().fmul(nz, z);
                let e = self.exp(nzz);
                let half = self.splat(0.5);
                let hp = self.b.ins().fmul(half, poly);
                let tail = self.b.ins().fmul(hp, e);
                let one_minus = self.b.ins().fsub(one, tail);
                let zero = self.splat(0.0);
                let ge = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, zero);
                let phi = self.sel(ge, one_minus, tail);
                self.b.ins().fmul(x, phi)
            }
        }
    }

    /// `for i in 0..n { body(i) }`, `n` a value; `i` of pointer type.
    fn counted(&mut self, n: Value, mut body: impl FnMut(&mut Self, Value)) {
        let head = self.b.create_block();
        let work = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(head, self.ptr);
        let zero = self.b.ins().iconst(self.ptr, 0);
        self.b.ins().jump(head, &[BlockArg::from(zero)]);
        self.b.switch_to_block(head);
        let i = self.b.block_params(head)[0];
        let more = self.b.ins().icmp(cranelift_codegen::ir::condcodes::IntCC::UnsignedLessThan, i, n);
        self.b.ins().brif(more, work, &[], done, &[]);
        self.b.switch_to_block(work);
        body(self, i);
        let next = self.b.ins().iadd_imm_s(i, 1);
        self.b.ins().jump(head, &[BlockArg::from(next)]);
        self.b.switch_to_block(done);
    }

    /// 16-lane sum of `f(x[j])` over `width` floats at `p`, as `portable::lane_sum`.
    fn lane_sums(&mut self, p: Value, width: usize, mut f: impl FnMut(&mut Self, Value) -> Value) -> Value {
        let zero = self.splat(0.0);
        let mut acc = [zero; 4];
        for c in 0..width / LANES {
            for (v, a) in acc.iter_mut().enumerate() {
                let x = self.load4(p, ((c * LANES + v * 4) * 4) as i32);
                let y = f(self, x);
                *a = self.b.ins().fadd(*a, y);
            }
        }
        let base = width / LANES * LANES;
        for l in 0..width % LANES {
            let x = self.load1(p, ((base + l) * 4) as i32);
            let xv = self.b.ins().splat(types::F32X4, x);
            let yv = f(self, xv);
            let y = self.lane(yv, 0);
            self.add_lane(&mut acc, l, y);
        }
        self.reduce(&acc)
    }
}

impl V<'_, '_> {
    /// 16-lane dot product of `n` floats at `a` and `b`, as `portable::dot`.
    fn dot(&mut self, a: Value, b: Value, n: usize) -> Value {
        let zero = self.splat(0.0);
        let mut acc = [zero; 4];
        for c in 0..n / LANES {
            for (v, s) in acc.iter_mut().enumerate() {
                let off = ((c * LANES + v * 4) * 4) as i32;
                let (x, y) = (self.load4(a, off), self.load4(b, off));
                let p = self.b.ins().fmul(x, y);
                *s = self.b.ins().fadd(*s, p);
            }
        }
        let base = n / LANES * LANES;
        for l in 0..n % LANES {
            let off = ((base + l) * 4) as i32;
            let (x, y) = (self.load1(a, off), self.load1(b, off));
            let p = self.b.ins().fmul(x, y);
            self.add_lane(&mut acc, l, p);
        }
        self.reduce(&acc)
    }

    fn exp1(&mut self, x: Value) -> Value {
        let xv = self.b.ins().splat(types::F32X4, x);
        let e = self.exp(xv);
        self.lane(e, 0)
    }
}

/// Emits `head(q, mask, ctx, scratch)` for one (batch, head) pair of `s`, following
/// `portable::attention_head` (scores, max, `exp` and the sequential sum, the weighted sum
/// of V rows, the scale by `1/sum`). Scratch: scores `[0, seq)`, the output row
/// `[seq, seq + dh)`, the running max and sum after it.
pub fn build_attention_head(
    func: &mut cranelift_codegen::ir::Function,
    isa: &dyn TargetIsa,
    s: &albert_kernels::ops::AttentionShape,
) -> Result<(), CodegenError> {
    let (seq, dh) = (s.seq, s.dh);
    if seq == 0 || dh == 0 {
        return Err(CodegenError::Shape(format!("attention {s:?}")));
    }
    let h_bytes = (s.heads * dh * 4) as i64;
    let row_bytes = (s.ld_qkv * 4) as i64;
    let ptr = isa.pointer_type();
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    let (q0, mask, ctx0, scr) = (p[0], p[1], p[2], p[3]);
    let mut v = V { b: &mut b, ptr };
    let acc_off = (seq * 4) as i32;
    let max_off = ((seq + dh) * 4) as i32;
    let sum_off = max_off + 4;
    let seq_v = v.b.ins().iconst(ptr, seq as i64);
    v.counted(seq_v, |v, i| {
        let qo = v.b.ins().imul_imm_u(i, row_bytes);
        let qi = v.b.ins().iadd(q0, qo);
        let ninf = v.b.ins().f32const(f32::NEG_INFINITY);
        v.b.ins().store(flags(), ninf, scr, max_off);
        // Scores and their max.
        v.counted(seq_v, |v, j| {
            let ko = v.b.ins().imul_imm_u(j, row_bytes);
            let kj0 = v.b.ins().iadd(q0, ko);
            let kj = v.b.ins().iadd_imm_s(kj0, h_bytes);
            let d = v.dot(qi, kj, dh);
            let sc = v.b.ins().f32const(s.scale);
            let ds = v.b.ins().fmul(d, sc);
            let j4 = v.b.ins().ishl_imm_u(j, 2);
            let mj = v.b.ins().iadd(mask, j4);
            let m = v.load1(mj, 0);
            let score = v.b.ins().fadd(ds, m);
            let sj = v.b.ins().iadd(scr, j4);
            v.b.ins().store(flags(), score, sj, 0);
            // f32::max(max, score): the larger, the other when one is NaN.
            let cur = v.load1(scr, max_off);
            let gt = v.b.ins().fcmp(FloatCC::GreaterThan, score, cur);
            let nan = v.b.ins().fcmp(FloatCC::Unordered, cur, cur);
            let take = v.b.ins().bor(gt, nan);
            let mx = v.b.ins().select(take, score, cur);
            v.b.ins().store(flags(), mx, scr, max_off);
        });
        // exp(score − max) and their sum, in order.
        let zero = v.b.ins().f32const(0.0);
        v.b.ins().store(flags(), zero, scr, sum_off);
        v.counted(seq_v, |v, j| {
            let j4 = v.b.ins().ishl_imm_u(j, 2);
            let sj = v.b.ins().iadd(scr, j4);
            let x = v.load1(sj, 0);
            let mx = v.load1(scr, max_off);
            let d = v.b.ins().fsub(x, mx);
            let e = v.exp1(d);
            v.b.ins().store(flags(), e, sj, 0);
            let sum = v.load1(scr, sum_off);
            let sum = v.b.ins().fadd(sum, e);
            v.b.ins().store(flags(), sum, scr, sum_off);
        });
        // The weighted sum of V rows.
        for d in 0..dh {
            v.b.ins().store(flags(), zero, scr, acc_off + (d * 4) as i32);
        }
        v.counted(seq_v, |v, j| {
            let j4 = v.b.ins().ishl_imm_u(j, 2);
            let sj = v.b.ins().iadd(scr, j4);
            let pj = v.load1(sj, 0);
            let pv = v.b.ins().splat(types::F32X4, pj);
            let vo = v.b.ins().imul_imm_u(j, row_bytes);
            let vj0 = v.b.ins().iadd(q0, vo);
            let vj = v.b.ins().iadd_imm_s(vj0, 2 * h_bytes);
            v.columns(dh, |v, off, vector| {
                let a = v.load_as(vector, scr, acc_off + off);
                let x = v.load_as(vector, vj, off);
                let prod = v.b.ins().fmul(if vector { pv } else { pj }, x);
                let a = v.b.ins().fadd(a, prod);
                v.b.ins().store(flags(), a, scr, acc_off + off);
            });
        });
        let one = v.b.ins().f32const(1.0);
        let sum = v.load1(scr, sum_off);
        let inv = v.b.ins().fdiv(one, sum);
        let invv = v.b.ins().splat(types::F32X4, inv);
        let co = v.b.ins().imul_imm_u(i, (s.ld_ctx * 4) as i64);
        let ci = v.b.ins().iadd(ctx0, co);
        v.columns(dh, |v, off, vector| {
            let a = v.load_as(vector, scr, acc_off + off);
            let y = v.b.ins().fmul(a, if vector { invv } else { inv });
            v.b.ins().store(flags(), y, ci, off);
        });
    });
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Ok(())
}

/// Generates the per-head attention kernel for shape `s` on `target`, ready for
/// `albert_kernels::ops::attention_external`.
pub fn attention_kernel(
    target: &Target,
    s: &albert_kernels::ops::AttentionShape,
) -> Result<albert_kernels::ops::ExternalAttention, CodegenError> {
    let mut jb = JitBuilder::new(isa_for_target(target, false)?, &[]);
    let sig = signature(jb.isa(), 4);
    let name = format!("{}_attention_f32_s{}_dh{}", jb.isa().name(), s.seq, s.dh);
    let i = jb.define(&name, sig, |f, isa| build_attention_head(f, isa, s))?;
    let code = Arc::new(jb.finish()?);
    crate::exec::attention_kernel(code, i, *s).ok_or_else(|| CodegenError::Cranelift("no entry".into()))
}

fn signature(isa: &dyn TargetIsa, params: usize) -> Signature {
    let mut sig = Signature::new(CallConv::triple_default(isa.triple()));
    for _ in 0..params {
        sig.params.push(AbiParam::new(isa.pointer_type()));
    }
    sig
}

/// Emits `layer_norm(x, out, gamma, beta, rows)` for rows of `width`.
pub fn build_layer_norm(
    func: &mut cranelift_codegen::ir::Function,
    isa: &dyn TargetIsa,
    width: usize,
    eps: f32,
) -> Result<(), CodegenError> {
    if width == 0 || width > 1 << 20 {
        return Err(CodegenError::Shape(format!("LayerNorm width {width}")));
    }
    let ptr = isa.pointer_type();
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    let (x0, o0, gamma, beta, rows) = (p[0], p[1], p[2], p[3], p[4]);
    let mut v = V { b: &mut b, ptr };
    let n = width as f32;
    v.counted(rows, |v, r| {
        let off = v.b.ins().imul_imm_u(r, (width * 4) as i64);
        let x = v.b.ins().iadd(x0, off);
        let o = v.b.ins().iadd(o0, off);
        // Pass 1: the sum, and the f32 mean.
        let sum = v.lane_sums(x, width, |_, x| x);
        let nf = v.b.ins().f32const(n);
        let mean = v.b.ins().fdiv(sum, nf);
        let mean_v = v.b.ins().splat(types::F32X4, mean);
        // Pass 2: Σd and Σd² of d = x − mean.
        let s1 = v.lane_sums(x, width, |v, x| v.b.ins().fsub(x, mean_v));
        let s2 = v.lane_sums(x, width, |v, x| {
            let d = v.b.ins().fsub(x, mean_v);
            v.b.ins().fmul(d, d)
        });
        let lo = v.b.ins().fdiv(s1, nf);
        let q = v.b.ins().fdiv(s2, nf);
        let lolo = v.b.ins().fmul(lo, lo);
        let var0 = v.b.ins().fsub(q, lolo);
        let zero = v.b.ins().f32const(0.0);
        // f32::max(var, 0.0)
        let neg = v.b.ins().fcmp(FloatCC::LessThan, var0, zero);
        let var = v.b.ins().select(neg, zero, var0);
        let e = v.b.ins().f32const(eps);
        let ve = v.b.ins().fadd(var, e);
        let sd = v.b.ins().sqrt(ve);
        let one = v.b.ins().f32const(1.0);
        let rstd = v.b.ins().fdiv(one, sd);
        let (lo_v, rstd_v) = (v.b.ins().splat(types::F32X4, lo), v.b.ins().splat(types::F32X4, rstd));
        // Pass 3: ((x − mean) − lo)·rstd·γ + β.
        v.columns(width, |v, off, vector| {
            let (m, l, r) = if vector { (mean_v, lo_v, rstd_v) } else { (mean, lo, rstd) };
            let xs = v.load_as(vector, x, off);
            let g = v.load_as(vector, gamma, off);
            let bt = v.load_as(vector, beta, off);
            let d = v.b.ins().fsub(xs, m);
            let d = v.b.ins().fsub(d, l);
            let y = v.b.ins().fmul(d, r);
            let y = v.b.ins().fmul(y, g);
            let y = v.b.ins().fadd(y, bt);
            v.b.ins().store(flags(), y, o, off);
        });
    });
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Ok(())
}

/// Emits `activation(x, n)`, in place.
pub fn build_activation(
    func: &mut cranelift_codegen::ir::Function,
    isa: &dyn TargetIsa,
    act: Activation,
) -> Result<(), CodegenError> {
    let ptr = isa.pointer_type();
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    let (x0, n) = (p[0], p[1]);
    let mut v = V { b: &mut b, ptr };
    let vecs = v.b.ins().ushr_imm_u(n, 2);
    v.counted(vecs, |v, i| {
        let off = v.b.ins().ishl_imm_u(i, 4);
        let px = v.b.ins().iadd(x0, off);
        let x = v.load4(px, 0);
        let y = v.activation(act, x);
        v.b.ins().store(flags(), y, px, 0);
    });
    // The last n % 4 floats, one at a time through lane 0.
    let done = v.b.ins().ishl_imm_u(vecs, 2);
    let tail = v.b.ins().isub(n, done);
    v.counted(tail, |v, i| {
        let idx = v.b.ins().iadd(done, i);
        let off = v.b.ins().ishl_imm_u(idx, 2);
        let px = v.b.ins().iadd(x0, off);
        let x = v.load1(px, 0);
        let xv = v.b.ins().splat(types::F32X4, x);
        let yv = v.activation(act, xv);
        let y = v.lane(yv, 0);
        v.b.ins().store(flags(), y, px, 0);
    });
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Ok(())
}

/// Generates the LayerNorm for rows of `width` with `eps`, for `target`.
pub fn layer_norm_kernel(target: &Target, width: usize, eps: f32) -> Result<LayerNormKernel, CodegenError> {
    let mut jb = JitBuilder::new(isa_for_target(target, false)?, &[]);
    let sig = signature(jb.isa(), 5);
    let name = format!("{}_layer_norm_f32_w{width}", jb.isa().name());
    let i = jb.define(&name, sig, |f, isa| build_layer_norm(f, isa, width, eps))?;
    let code = Arc::new(jb.finish()?);
    crate::exec::layer_norm_kernel(code, i, width).ok_or_else(|| CodegenError::Cranelift("no entry".into()))
}

/// Generates `x = act(x)` for `target`.
pub fn activation_kernel(target: &Target, act: Activation) -> Result<ActivationKernel, CodegenError> {
    let mut jb = JitBuilder::new(isa_for_target(target, false)?, &[]);
    let sig = signature(jb.isa(), 2);
    let name = activation_name(jb.isa(), act);
    let i = jb.define(&name, sig, |f, isa| build_activation(f, isa, act))?;
    let code = Arc::new(jb.finish()?);
    crate::exec::activation_kernel(code, i).ok_or_else(|| CodegenError::Cranelift("no entry".into()))
}

/// The symbol name of the activation kernel.
pub(crate) fn activation_name(isa: &dyn TargetIsa, act: Activation) -> String {
    format!("{}_{act:?}_f32", isa.name()).to_lowercase()
}

/// The symbol name of the LayerNorm kernel.
pub(crate) fn layer_norm_name(isa: &dyn TargetIsa, width: usize) -> String {
    format!("{}_layer_norm_f32_w{width}", isa.name())
}

/// The symbol name of the attention kernel.
pub(crate) fn attention_name(isa: &dyn TargetIsa, s: &albert_kernels::ops::AttentionShape) -> String {
    format!("{}_attention_f32_s{}_dh{}", isa.name(), s.seq, s.dh)
}

/// The C signature of a vector kernel with `params` pointer-sized parameters.
pub(crate) fn kernel_signature(isa: &dyn TargetIsa, params: usize) -> Signature {
    signature(isa, params)
}
