//! The generated f32x4 LayerNorm and activation kernels (NEON on aarch64, SSE on
//! `x86_64-portable`) are bit-identical to the portable kernels of `albert-kernels` (which
//! are tested against f64 references there), over random widths, row counts, lengths and
//! magnitudes. `.ci/aarch64-tests` runs this file on aarch64 under qemu.

use albert_codegen::vector_ops::{activation_kernel, layer_norm_kernel};
use albert_kernels::{ops, Activation, Isa, Target};
use proptest::prelude::*;

fn portable() -> Target {
    Target::host_portable()
}

fn values(n: usize, seed: u64, scale: f32, offset: f32) -> Vec<f32> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x % 20001) as f32 / 10000.0 - 1.0) * scale + offset
        })
        .collect()
}

fn same_bits(a: &[f32], b: &[f32]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

fn check_ln(width: usize, rows: usize, seed: u64, scale: f32, offset: f32) -> Result<(), TestCaseError> {
    let x = values(width * rows, seed, scale, offset);
    let gamma = values(width, seed ^ 1, 1.0, 1.0);
    let beta = values(width, seed ^ 2, 0.5, 0.0);
    let mut want = vec![0.0; x.len()];
    ops::layer_norm_isa(Isa::Portable, &x, None, &gamma, &beta, 1e-12, &mut want).expect("portable");
    let k = layer_norm_kernel(&portable(), width, 1e-12).expect("generate");
    let mut got = vec![0.0; x.len()];
    k.run(&x, &mut got, &gamma, &beta).expect("run");
    prop_assert!(
        same_bits(&got, &want),
        "width {} rows {}: {:?} vs {:?}",
        width,
        rows,
        &got[..4.min(width)],
        &want[..4.min(width)]
    );
    let mut inplace = x.clone();
    k.run_in_place(&mut inplace, &gamma, &beta).expect("in place");
    prop_assert!(same_bits(&inplace, &want));
    prop_assert!(k.run(&x, &mut got[1..], &gamma, &beta).is_err());
    Ok(())
}

fn check_act(act: Activation, n: usize, seed: u64, scale: f32) -> Result<(), TestCaseError> {
    let x = values(n, seed, scale, 0.0);
    let mut want = x.clone();
    ops::activation_inplace_isa(Isa::Portable, act, &mut want);
    let mut got = x.clone();
    activation_kernel(&portable(), act).expect("generate").run(&mut got);
    let bad = got.iter().zip(&want).zip(&x).find(|((g, w), _)| g.to_bits() != w.to_bits());
    prop_assert!(
        bad.is_none(),
        "{:?} at x = {:?}: got {:?}",
        act,
        bad.map(|(_, x)| x),
        bad.map(|((g, w), _)| (g, w))
    );
    Ok(())
}

fn check_attention(
    batch: usize,
    seq: usize,
    heads: usize,
    dh: usize,
    seed: u64,
    threads: usize,
) -> Result<(), TestCaseError> {
    let h = heads * dh;
    let (ld_qkv, ld_ctx) = (3 * h + 5, h + 3);
    let shape =
        ops::AttentionShape { ld_qkv, batch, seq, heads, dh, scale: 1.0 / (dh as f32).sqrt(), ld_ctx };
    let qkv = values(batch * seq * ld_qkv, seed, 2.0, 0.0);
    let mask: Vec<f32> = (0..batch * seq)
        .map(|i| if i % seq >= seq - (i / seq) % seq.max(1) / 2 { f32::MIN } else { 0.0 })
        .collect();
    let pool = albert_kernels::ThreadPool::new(threads).expect("pool");
    let pool = (threads > 1).then_some(&pool);
    let mut scratch = vec![0.0; ops::attention_scratch_len(seq, threads)];
    let mut want = values(batch * seq * ld_ctx, 9, 1.0, 0.0);
    let mut got = want.clone();
    ops::attention_isa(Isa::Portable, pool, &qkv, &mask, &shape, &mut want, &mut scratch).expect("portable");
    let k = albert_codegen::vector_ops::attention_kernel(&portable(), &shape).expect("generate");
    ops::attention_external(&k, pool, &qkv, &mask, &shape, &mut got, &mut scratch).expect("generated");
    prop_assert!(same_bits(&got, &want), "attention b{} s{} h{} dh{}", batch, seq, heads, dh);
    // Another shape than the generated one is refused.
    let other = ops::AttentionShape { scale: shape.scale * 2.0, ..shape };
    prop_assert!(ops::attention_external(&k, pool, &qkv, &mask, &other, &mut got, &mut scratch).is_err());
    Ok(())
}

#[test]
fn named_cases() -> Result<(), TestCaseError> {
    for (w, rows) in [(1, 1), (3, 2), (16, 1), (17, 3), (128, 2), (1024, 2), (33, 5)] {
        check_ln(w, rows, w as u64, 1.0, 0.0)?;
    }
    // |mean| ≫ std: the corrected two-pass scheme.
    check_ln(1024, 2, 7, 1e-3, 100.0)?;
    check_attention(1, 8, 2, 64, 1, 1)?;
    check_attention(2, 5, 3, 7, 2, 2)?;
    check_attention(1, 1, 1, 1, 3, 1)?;
    for act in Activation::ALL {
        // Sweeps the polynomial ranges and the exp clamp (|x| up to 100).
        check_act(act, 1003, 3, 100.0)?;
        check_act(act, 7, 4, 3.0)?;
    }
    Ok(())
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), .. ProptestConfig::default() })]
    #[test]
    fn layer_norm_matches_portable(width in 1usize..300, rows in 1usize..4, seed: u64, scale in 1e-3f32..1e3, offset in -10f32..10.0) {
        check_ln(width, rows, seed, scale, offset)?;
    }

    #[test]
    fn attention_matches_portable(batch in 1usize..3, seq in 1usize..20, heads in 1usize..4, dh in 1usize..40, seed: u64, threads in 1usize..3) {
        check_attention(batch, seq, heads, dh, seed, threads)?;
    }

    #[test]
    fn activations_match_portable(a in 0usize..6, n in 0usize..200, seed: u64, scale in 1e-2f32..50.0) {
        check_act(Activation::ALL[a], n, seed, scale)?;
    }
}
