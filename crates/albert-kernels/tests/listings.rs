//! Golden listings of the bf16 tile generators (STYLE.md habit 2): each
//! `tests/listings/<case>.asm` holds the Intel-syntax dump of one tile specialisation named
//! in [`cases`]. The generators only produce bytes, so this runs on any host, AMX tiles
//! included. Run with `ALBERT_TEST_BLESS=1` to rewrite the files; otherwise a mismatch fails
//! with the first differing lines.
#![cfg(feature = "asm")]

use albert_kernels::x86_64::amx::gemm_bf16::{self as amx, AmxTileSpec};
use albert_kernels::x86_64::avx512::gemm::Broadcast;
use albert_kernels::x86_64::avx512::gemm_bf16::{self as zmm, Bf16TileSpec};
use std::path::Path;

/// (file stem, listing) of every golden case.
fn cases() -> Vec<(&'static str, String)> {
    let full = Bf16TileSpec { unroll: 2, bias: true, residual: true, ..Bf16TileSpec::full(5, 1056, 1024) };
    let tail = Bf16TileSpec {
        mr: 3,
        nr: 20,
        broadcast: Broadcast::Embedded,
        load_c: true,
        bias: true,
        b_prefetch: 8192,
        ..Bf16TileSpec::full(3, 64, 20)
    };
    let amx_full = AmxTileSpec::full(32, 1056, 3072);
    let amx_tail = AmxTileSpec { mr: 5, nr: 20, kp: 3, lda: 64, ldc: 20, load_c: true };
    let dump = |r: albert_kernels::Result<String>| r.unwrap_or_else(|e| format!("error: {e}\n"));
    vec![
        ("avx512bf16_matmul_bf16_14x32_bias_residual", dump(zmm::dump(&full))),
        ("avx512bf16_matmul_bf16_3x20_embedded_load_c", dump(zmm::dump(&tail))),
        ("amx_matmul_bf16_32x32", dump(amx::dump(&amx_full))),
        ("amx_matmul_bf16_5x20_k_tail", dump(amx::dump(&amx_tail))),
    ]
}

fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let i = w.iter().zip(&g).position(|(a, b)| a != b).unwrap_or(w.len().min(g.len()));
    let show = |v: &[&str]| v.iter().skip(i).take(5).map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n");
    format!("line {}:\n- expected\n{}\n+ generated\n{}", i + 1, show(&w), show(&g))
}

#[test]
fn bf16_tile_listings_match_the_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/listings");
    let bless = std::env::var("ALBERT_TEST_BLESS").as_deref() == Ok("1");
    let mut failures = Vec::new();
    for (stem, got) in cases() {
        let path = dir.join(format!("{stem}.asm"));
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want == got {
            continue;
        }
        if bless {
            std::fs::write(&path, &got).expect("write golden listing");
            eprintln!("blessed {}", path.display());
        } else {
            failures.push(format!(
                "{} differs (rerun with ALBERT_TEST_BLESS=1 to accept):\n{}",
                path.display(),
                first_difference(&want, &got)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
