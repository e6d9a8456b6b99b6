//! Register-only FMA loops that measure the machine's floating-point peak.
//!
//! The only `unsafe` of the crate: calling `#[target_feature]` functions after
//! checking at run time that the CPU has the feature.
#![cfg_attr(
    target_arch = "x86_64",
    expect(
        unsafe_code,
        reason = "calling #[target_feature] FMA loops needs unsafe; each call is guarded by is_x86_feature_detected!"
    )
)]

/// Independent accumulators: enough to cover FMA latency (4 cycles) × 2 FMA ports.
pub(crate) const CHAINS: u64 = 12;

/// The widest FMA kernel this CPU runs: `(name, f32 lanes per FMA)`.
pub(crate) fn best_isa() -> (&'static str, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            return ("avx512f", 16);
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            return ("avx2+fma", 8);
        }
    }
    ("scalar", 1)
}

/// Runs `iters` iterations of [`CHAINS`] FMAs (of `best_isa().1` lanes) and returns a
/// value that depends on all of them (so nothing is optimised away).
pub(crate) fn fma_loop(iters: u64) -> f32 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            return unsafe { x86::fma_avx512(iters) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            return unsafe { x86::fma_avx2(iters) };
        }
    }
    scalar(iters)
}

fn scalar(iters: u64) -> f32 {
    let a = std::hint::black_box(0.999_999_f32);
    let b = std::hint::black_box(1e-7_f32);
    let mut acc = [0.0_f32; CHAINS as usize];
    for _ in 0..iters {
        for x in acc.iter_mut() {
            *x = *x * a + b;
        }
    }
    acc.iter().sum()
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    macro_rules! chains {
        ($set1:ident, $fmadd:ident, $add:ident, $iters:ident) => {{
            let a = $set1(std::hint::black_box(0.999_999_f32));
            let b = $set1(std::hint::black_box(1e-7_f32));
            let (mut c0, mut c1, mut c2, mut c3) = ($set1(0.0), $set1(0.1), $set1(0.2), $set1(0.3));
            let (mut c4, mut c5, mut c6, mut c7) = ($set1(0.4), $set1(0.5), $set1(0.6), $set1(0.7));
            let (mut c8, mut c9, mut c10, mut c11) = ($set1(0.8), $set1(0.9), $set1(1.0), $set1(1.1));
            for _ in 0..$iters {
                c0 = $fmadd(c0, a, b);
                c1 = $fmadd(c1, a, b);
                c2 = $fmadd(c2, a, b);
                c3 = $fmadd(c3, a, b);
                c4 = $fmadd(c4, a, b);
                c5 = $fmadd(c5, a, b);
                c6 = $fmadd(c6, a, b);
                c7 = $fmadd(c7, a, b);
                c8 = $fmadd(c8, a, b);
                c9 = $fmadd(c9, a, b);
                c10 = $fmadd(c10, a, b);
                c11 = $fmadd(c11, a, b);
            }
            let s = $add($add($add(c0, c1), $add(c2, c3)), $add($add(c4, c5), $add(c6, c7)));
            $add(s, $add($add(c8, c9), $add(c10, c11)))
        }};
    }

    #[target_feature(enable = "avx512f")]
    pub(super) fn fma_avx512(iters: u64) -> f32 {
        let s = chains!(_mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, iters);
        _mm512_reduce_add_ps(s)
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) fn fma_avx2(iters: u64) -> f32 {
        let s = chains!(_mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, iters);
        let x = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps::<1>(s));
        let x = _mm_hadd_ps(x, x);
        _mm_cvtss_f32(_mm_hadd_ps(x, x))
    }
}
