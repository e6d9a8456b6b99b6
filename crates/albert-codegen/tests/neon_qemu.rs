//! The f32x4 tile kernels as ahead-of-time objects, run for real.
//!
//! For each target the test generates the kernels with
//! [`ObjectWriter`] (one object per batch of shapes), writes a C driver that
//! calls them the way `gemm::PortableGemm` does (every `MR`-row block × every
//! packed `NR`-column panel of a small `M × N` problem), links the two with
//! the target's gcc and runs the program:
//! - `aarch64-unknown-linux-gnu`: `aarch64-linux-gnu-gcc -static`, run under
//!   `qemu-aarch64` (the NEON path; `objdump` must show `fmla v.4s`);
//! - `x86_64-unknown-linux-gnu` with baseline flags (SSE2 only): the host gcc,
//!   run natively (the fallback; `objdump` must show `mulps`/`addps` and no
//!   VEX instruction, so it runs on any x86-64).
//!
//! Every output element is checked three ways:
//! 1. bit for bit against an f32 model of the kernel's arithmetic (`K`
//!    steps in order from zero; fused multiply-add on aarch64, multiply then
//!    add on baseline x86-64): Cranelift does not reassociate floats, so the
//!    hardware (or qemu) must agree exactly;
//! 2. against a scalar f64 reference: relative Frobenius error ≤ [`REL_TOL`]
//!    and every element within the rigorous dot-product error bound;
//! 3. guards: the padding between `k` and `lda` and after every input is a
//!    NaN (a stray read poisons the result), and everything in `C` the
//!    kernel must not write (columns `n_pad..ldc`, a tail after the buffer)
//!    holds a sentinel NaN that must come back unchanged.
//!
//! Tools: when `aarch64-linux-gnu-gcc`, `aarch64-linux-gnu-objdump` or
//! `qemu-aarch64` (or, for x86-64, `gcc`/`objdump`) is missing, the test
//! prints `SKIPPED …` and passes, unless `ALBERT_REQUIRE_QEMU` is set (to
//! anything), in which case it fails: CI sets it, so CI cannot skip silently.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use albert_codegen::aot::ObjectWriter;
use albert_codegen::f32x4::{build_tile, tile_asm, tile_signature, TileShape};
use albert_codegen::gemm::PackedB;
use albert_codegen::jit::isa_for;
use cranelift_codegen::isa::OwnedTargetIsa;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Set (to anything) to make a missing cross toolchain or qemu an error.
const REQUIRE_ENV: &str = "ALBERT_REQUIRE_QEMU";

/// Relative Frobenius error against the f64 reference. The kernels sum up to
/// 1,024 f32 products of values in [-0.5, 0.5); rounding noise grows like
/// √K·2⁻²⁴ ≈ 2e-6 at K = 1024, so 1e-5 leaves a 5× margin while any wrong
/// product (a misplaced stride, a lost K step) gives errors ≥ 1e-3.
const REL_TOL: f64 = 1e-5;

/// f32 unit roundoff, for the rigorous per-element bound
/// `|fl(x·y) − x·y| ≤ γ_K Σ|xᵢyᵢ|`, `γ_K = K·u / (1 − K·u)` (Higham,
/// *Accuracy and Stability*, eq. 3.5: any summation order, with or without
/// FMA).
const U32: f64 = 1.0 / (1u64 << 24) as f64;

/// Floats of guard after every buffer.
const GUARD: usize = 16;
/// Fills input padding: a NaN, so reading it poisons the result.
const IN_GUARD: u32 = 0x7fc0_0bad;
/// Fills `C` before the run; must survive wherever the kernel must not write.
const OUT_SENTINEL: u32 = 0x7fc0_dead;
/// First word of the driver's input file.
const MAGIC: u32 = 0x5442_4c41; // "ALBT"
/// A hung kernel (a broken loop exit) fails the test instead of hanging CI.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// How the kernel accumulates, which the f32 model must reproduce exactly.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rounding {
    /// `acc = fma(a, b, acc)`: one rounding per step (NEON `fmla`).
    Fused,
    /// `acc = acc + a * b`: two roundings per step (SSE2 `mulps` + `addps`).
    Separate,
}

/// One target: how to build, inspect and run its objects.
struct Target {
    /// Short name, for messages and temp dirs.
    name: &'static str,
    triple: &'static str,
    cc: &'static str,
    objdump: &'static str,
    /// Emulator to run the program under (`None`: native).
    runner: Option<&'static str>,
    /// Sysroot for the emulator when static linking fails.
    sysroot: Option<&'static str>,
    rounding: Rounding,
    /// Debian packages providing the tools (for the skip message).
    packages: &'static str,
}

const AARCH64: Target = Target {
    name: "aarch64",
    triple: "aarch64-unknown-linux-gnu",
    cc: "aarch64-linux-gnu-gcc",
    objdump: "aarch64-linux-gnu-objdump",
    runner: Some("qemu-aarch64"),
    sysroot: Some("/usr/aarch64-linux-gnu"),
    rounding: Rounding::Fused,
    packages: "qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
};

const X86_64: Target = Target {
    name: "x86_64",
    triple: "x86_64-unknown-linux-gnu",
    cc: "gcc",
    objdump: "objdump",
    runner: None,
    sysroot: None,
    rounding: Rounding::Separate,
    packages: "gcc libc6-dev binutils",
};

/// One GEMM problem run with one generated kernel.
#[derive(Clone, Debug)]
struct Case {
    shape: TileShape,
    /// Rows of `A` and `C`.
    m: usize,
    /// Columns of `C` (rows of `W`).
    n: usize,
    /// Every buffer starts `skew` floats after a 16-byte boundary.
    skew: usize,
    seed: u64,
}

impl Case {
    #[expect(clippy::too_many_arguments, reason = "one row of the named-case table")]
    fn new(mr: usize, nr: usize, k: usize, lda: usize, ldc: usize, m: usize, n: usize, skew: usize) -> Case {
        let seed = (mr * 31 + nr * 7 + k * 1009 + lda * 13 + ldc * 17 + m * 3 + n * 5 + skew) as u64;
        Case { shape: TileShape { mr, nr, k, lda, ldc }, m, n, skew, seed }
    }
    fn m_tiles(&self) -> usize {
        self.m.div_ceil(self.shape.mr)
    }
    fn panels(&self) -> usize {
        self.n.div_ceil(self.shape.nr)
    }
    fn m_pad(&self) -> usize {
        self.m_tiles() * self.shape.mr
    }
    fn n_pad(&self) -> usize {
        self.panels() * self.shape.nr
    }
}

/// A case's inputs, laid out as the driver hands them to the kernel.
struct Data {
    /// `A`, `m × k` dense (for the reference).
    a: Vec<f32>,
    /// `W`, `n × k` dense (for the reference).
    w: Vec<f32>,
    /// `A` with stride `lda`, zero rows up to `m_pad`, NaN in columns
    /// `k..lda`, then a NaN guard.
    a_buf: Vec<f32>,
    /// `W` packed by [`PackedB`], then a NaN guard.
    b_buf: Vec<f32>,
    /// `C`: `m_pad × ldc` sentinels, then a sentinel guard.
    c_buf: Vec<f32>,
}

fn data(case: &Case) -> Data {
    let TileShape { k, lda, nr, ldc, .. } = case.shape;
    let (m, n) = (case.m, case.n);
    let mut x = case.seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut rnd = || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((x >> 33) as f32 / (1u64 << 31) as f32) - 0.5
    };
    let a: Vec<f32> = (0..m * k).map(|_| rnd()).collect();
    let w: Vec<f32> = (0..n * k).map(|_| rnd()).collect();
    let nan = f32::from_bits(IN_GUARD);
    let mut a_buf = vec![nan; case.m_pad() * lda + GUARD];
    for i in 0..case.m_pad() {
        for p in 0..k {
            a_buf[i * lda + p] = if i < m { a[i * k + p] } else { 0.0 };
        }
    }
    let packed = PackedB::pack(&w, n, k, nr).expect("pack");
    let mut b_buf = packed.as_slice().to_vec();
    assert_eq!(b_buf.len(), case.panels() * k * nr);
    b_buf.extend(std::iter::repeat_n(nan, GUARD));
    let c_buf = vec![f32::from_bits(OUT_SENTINEL); case.m_pad() * ldc + GUARD];
    Data { a, w, a_buf, b_buf, c_buf }
}

/// The bits the kernel must leave in the whole `C` buffer: the f32 model of
/// its arithmetic inside the `m_pad × n_pad` tiles, sentinels elsewhere.
fn model(case: &Case, d: &Data, rounding: Rounding) -> Vec<u32> {
    let TileShape { nr, k, lda, ldc, .. } = case.shape;
    let mut out = vec![OUT_SENTINEL; d.c_buf.len()];
    for i in 0..case.m_pad() {
        for j in 0..case.n_pad() {
            let (panel, jj) = (j / nr, j % nr);
            let mut acc = 0.0f32;
            for p in 0..k {
                let a = d.a_buf[i * lda + p];
                let b = d.b_buf[(panel * k + p) * nr + jj];
                acc = match rounding {
                    Rounding::Fused => a.mul_add(b, acc),
                    Rounding::Separate => acc + a * b,
                };
            }
            out[i * ldc + j] = acc.to_bits();
        }
    }
    out
}

/// Checks one case's output `c` (the whole buffer, guard included).
fn check_case(t: &Target, idx: usize, case: &Case, d: &Data, c: &[f32]) {
    let TileShape { k, ldc, .. } = case.shape;
    let (m, n) = (case.m, case.n);
    let ctx = format!("{} case {idx} {case:?}", t.name);
    assert_eq!(c.len(), d.c_buf.len(), "{ctx}: output length");

    // 1. Bit-exact against the model; sentinels untouched.
    let want = model(case, d, t.rounding);
    let bad: Vec<String> = (0..c.len())
        .filter(|&e| c[e].to_bits() != want[e])
        .take(8)
        .map(|e| {
            let (i, j) = (e / ldc, e % ldc);
            let place = if e >= case.m_pad() * ldc {
                "guard after C".to_string()
            } else if j >= case.n_pad() {
                format!("C[{i}][{j}] outside the tiles (must stay sentinel)")
            } else {
                format!("C[{i}][{j}]")
            };
            format!(
                "{place}: got {} ({:#010x}), want {} ({:#010x})",
                c[e],
                c[e].to_bits(),
                f32::from_bits(want[e]),
                want[e]
            )
        })
        .collect();
    assert!(bad.is_empty(), "{ctx}: output differs from the f32 model:\n  {}", bad.join("\n  "));

    // 2. Against the f64 reference.
    let gamma = k as f64 * U32 / (1.0 - k as f64 * U32);
    let (mut num, mut den) = (0.0f64, 0.0f64);
    for i in 0..m {
        for j in 0..n {
            let (mut s, mut abs) = (0.0f64, 0.0f64);
            for p in 0..k {
                let prod = d.a[i * k + p] as f64 * d.w[j * k + p] as f64;
                s += prod;
                abs += prod.abs();
            }
            let got = c[i * ldc + j] as f64;
            let err = (got - s).abs();
            // + one f64 rounding per term of the reference itself.
            let bound = gamma * abs + 2.0 * k as f64 * f64::EPSILON * abs;
            assert!(
                err <= bound,
                "{ctx}: C[{i}][{j}] = {got}, reference {s}: error {err:e} > bound {bound:e}"
            );
            num += err * err;
            den += s * s;
        }
    }
    let rel = (num / den.max(1e-30)).sqrt();
    assert!(rel <= REL_TOL, "{ctx}: relative Frobenius error {rel:e} > {REL_TOL:e}");
}

/// Cranelift's ISA for `t` (baseline flags: SSE2 only on x86-64).
fn isa(t: &Target) -> OwnedTargetIsa {
    isa_for(t.triple).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (cranelift-codegen must be built with features [\"arm64\", \"x86\"]: \
             see crates/albert-codegen/Cargo.toml)",
            t.triple
        )
    })
}

/// Whether `tool --version` runs.
fn has_tool(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Prints `msg` past the test harness's output capture, so a skip shows in
/// a plain `cargo test` run.
fn announce(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Whether `t` can be built and run here; says why not, and panics instead
/// when [`REQUIRE_ENV`] is set.
fn available(t: &Target) -> bool {
    if t.runner.is_none() && !cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        announce(&format!("SKIPPED {} AOT kernel test: the native run needs an x86-64 Linux host", t.name));
        return false;
    }
    let missing: Vec<&str> = [Some(t.cc), Some(t.objdump), t.runner]
        .into_iter()
        .flatten()
        .filter(|tool| !has_tool(tool))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "SKIPPED {} AOT kernel test: {} not found (Debian: apt-get install {})",
        t.name,
        missing.join(", "),
        t.packages
    );
    if std::env::var_os(REQUIRE_ENV).is_some() {
        panic!("{msg}; {REQUIRE_ENV} is set, so a skip is an error");
    }
    announce(&format!("{msg}; set {REQUIRE_ENV}=1 to make this an error"));
    false
}

/// Runs `cmd`, failing the test on a timeout.
fn run(mut cmd: Command, what: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start {cmd:?}: {e}"));
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: {cmd:?} still running after {RUN_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().expect("output")
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The C driver: reads cases, calls kernel `KERNELS[i]` over every tile,
/// writes `C` back.
fn driver_source(symbols: &[String]) -> String {
    let decls: String = symbols
        .iter()
        .map(|s| format!("extern void {s}(const float *a, const float *b, float *c);\n"))
        .collect();
    let table: String = symbols.iter().map(|s| format!("    {s},\n")).collect();
    format!(
        r#"/* Generated by albert-codegen tests/neon_qemu.rs. Calls each tile kernel the
 * way gemm::PortableGemm does: every MR-row block of A times every packed
 * NR-column panel of W, into C of stride ldc. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*tile_fn)(const float *a, const float *b, float *c);
{decls}
static const tile_fn KERNELS[] = {{
{table}}};
#define NKERNELS (sizeof KERNELS / sizeof KERNELS[0])

static void die(const char *what) {{
    fprintf(stderr, "driver: %s\n", what);
    exit(2);
}}

static void read_all(void *p, size_t size, size_t n, FILE *f) {{
    if (fread(p, size, n, f) != n) die("short read");
}}

/* n floats from f, placed `skew` floats after malloc's (16-byte) boundary. */
static float *load(size_t n, uint32_t skew, FILE *f, float **base) {{
    *base = malloc((n + skew) * sizeof(float));
    if (!*base) die("out of memory");
    read_all(*base + skew, sizeof(float), n, f);
    return *base + skew;
}}

int main(int argc, char **argv) {{
    if (argc != 3) die("usage: driver INPUT OUTPUT");
    FILE *in = fopen(argv[1], "rb");
    if (!in) die("cannot open input");
    FILE *out = fopen(argv[2], "wb");
    if (!out) die("cannot open output");
    uint32_t head[2];
    read_all(head, sizeof head[0], 2, in);
    if (head[0] != {MAGIC}u) die("bad magic");
    for (uint32_t i = 0; i < head[1]; i++) {{
        uint32_t h[10];
        read_all(h, sizeof h[0], 10, in);
        uint32_t kern = h[0], mt = h[1], panels = h[2], mr = h[3], nr = h[4];
        uint32_t k = h[5], lda = h[6], ldc = h[7], skew = h[8], guard = h[9];
        if (kern >= NKERNELS) die("bad kernel index");
        size_t na = (size_t)mt * mr * lda + guard;
        size_t nb = (size_t)panels * k * nr + guard;
        size_t nc = (size_t)mt * mr * ldc + guard;
        float *a0, *b0, *c0;
        const float *a = load(na, skew, in, &a0);
        const float *b = load(nb, skew, in, &b0);
        float *c = load(nc, skew, in, &c0);
        for (uint32_t t = 0; t < mt; t++)
            for (uint32_t p = 0; p < panels; p++)
                KERNELS[kern](a + (size_t)t * mr * lda, b + (size_t)p * k * nr,
                              c + (size_t)t * mr * ldc + (size_t)p * nr);
        if (fwrite(c, sizeof(float), nc, out) != nc) die("short write");
        free(a0);
        free(b0);
        free(c0);
    }}
    if (fclose(out) != 0) die("cannot close output");
    fclose(in);
    printf("driver: %u cases\n", head[1]);
    return 0;
}}
"#
    )
}

fn push_u32(buf: &mut Vec<u8>, x: usize) {
    buf.extend_from_slice(&u32::try_from(x).expect("fits u32").to_le_bytes());
}

fn push_f32s(buf: &mut Vec<u8>, xs: &[f32]) {
    for x in xs {
        buf.extend_from_slice(&x.to_le_bytes());
    }
}

/// `objdump -d` of `obj`, per symbol: each instruction as `mnemonic operands`.
fn disassemble(t: &Target, obj: &Path) -> HashMap<String, Vec<String>> {
    let mut cmd = Command::new(t.objdump);
    cmd.args(["-d", "--no-show-raw-insn"]).arg(obj);
    let out = run(cmd, "objdump");
    ok(&out, "objdump");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut funcs: HashMap<String, Vec<String>> = HashMap::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_suffix(">:").and_then(|l| l.split_once(" <")).map(|(_, n)| n) {
            cur = Some(name.to_string());
            funcs.entry(name.to_string()).or_default();
        } else if let (Some(name), Some((_, insn))) = (&cur, line.split_once(":\t")) {
            let insn = insn.split_whitespace().collect::<Vec<_>>().join(" ");
            funcs.get_mut(name).expect("current function").push(insn);
        }
    }
    funcs
}

/// Asserts the kernel for `shape` uses the target's vector instructions: one
/// `fmla …4s` per accumulator on aarch64; one `mulps` and one `addps` per
/// accumulator and nothing VEX-encoded (SSE2 only) on baseline x86-64.
fn check_disasm(t: &Target, sym: &str, shape: TileShape, insns: &[String]) {
    let nacc = shape.mr * shape.nr / 4;
    let count = |pred: &dyn Fn(&str, &str) -> bool| {
        insns
            .iter()
            .filter(|i| {
                let (mn, ops) = i.split_once(' ').unwrap_or((i, ""));
                pred(mn, ops)
            })
            .count()
    };
    let listing = || insns.join("\n  ");
    match t.rounding {
        Rounding::Fused => {
            let fmla = count(&|mn, ops| mn == "fmla" && ops.starts_with('v') && ops.contains(".4s"));
            assert_eq!(fmla, nacc, "{sym}: want {nacc} NEON `fmla v.4s`, found {fmla}:\n  {}", listing());
        }
        Rounding::Separate => {
            let mulps = count(&|mn, _| mn == "mulps");
            let addps = count(&|mn, _| mn == "addps");
            let vex = count(&|mn, ops| mn.starts_with('v') || ops.contains("ymm") || ops.contains("zmm"));
            assert!(
                mulps == nacc && addps == nacc && vex == 0,
                "{sym}: want {nacc} mulps + {nacc} addps and no VEX, found {mulps} + {addps} and {vex} VEX:\n  {}",
                listing()
            );
        }
    }
}

static RUNS: AtomicUsize = AtomicUsize::new(0);

/// Generates, links, runs and checks one batch of cases on `t` (whose tools
/// are [`available`]): one object, one driver, one run.
fn run_batch(t: &Target, cases: &[Case]) {
    for c in cases {
        assert!(
            c.shape.lda >= c.shape.k && c.shape.ldc >= c.n_pad() && c.m > 0 && c.n > 0,
            "bad test case {c:?}"
        );
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "aot-{}-{}-{}",
        t.name,
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");

    // The object: one kernel per distinct shape.
    let mut w = ObjectWriter::new(isa(t), "albert_tiles").expect("object writer");
    let isa_name = w.isa().name().to_string();
    let mut symbols: Vec<(String, TileShape)> = Vec::new();
    let mut index: HashMap<TileShape, usize> = HashMap::new();
    for c in cases {
        if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(c.shape) {
            let sym = c.shape.symbol(&isa_name);
            let sig = tile_signature(w.isa());
            let shape = c.shape;
            w.define(&sym, sig, |f, isa| build_tile(f, isa, shape)).expect("define kernel");
            slot.insert(symbols.len());
            symbols.push((sym, c.shape));
        }
    }
    let obj = dir.join("tiles.o");
    std::fs::write(&obj, w.finish().expect("emit object")).expect("write object");

    // The kernels are the instructions we expect.
    let funcs = disassemble(t, &obj);
    for (sym, shape) in &symbols {
        let insns = funcs.get(sym).unwrap_or_else(|| panic!("{sym} not in the object: {:?}", funcs.keys()));
        check_disasm(t, sym, *shape, insns);
    }

    // The driver, linked statically if the toolchain allows.
    let src = dir.join("driver.c");
    let names: Vec<String> = symbols.iter().map(|(s, _)| s.clone()).collect();
    std::fs::write(&src, driver_source(&names)).expect("write driver");
    let exe = dir.join("driver");
    let link = |static_: bool| {
        let mut cmd = Command::new(t.cc);
        cmd.args(["-std=c99", "-O1", "-Wall", "-Wextra", "-Werror", "-Wl,-z,noexecstack", "-o"])
            .arg(&exe)
            .arg(&src)
            .arg(&obj);
        if static_ {
            cmd.arg("-static");
        }
        run(cmd, "link")
    };
    let mut runner_args: Vec<String> = Vec::new();
    let linked = link(true);
    if !linked.status.success() {
        eprintln!(
            "{}: static link failed, linking dynamically:\n{}",
            t.name,
            String::from_utf8_lossy(&linked.stderr)
        );
        ok(&link(false), &format!("{} link", t.cc));
        if let Some(root) = t.sysroot {
            runner_args = vec!["-L".into(), root.into()];
        }
    }

    // Inputs.
    let datas: Vec<Data> = cases.iter().map(data).collect();
    let mut input = Vec::new();
    push_u32(&mut input, MAGIC as usize);
    push_u32(&mut input, cases.len());
    for (c, d) in cases.iter().zip(&datas) {
        let s = c.shape;
        for x in [index[&s], c.m_tiles(), c.panels(), s.mr, s.nr, s.k, s.lda, s.ldc, c.skew, GUARD] {
            push_u32(&mut input, x);
        }
        push_f32s(&mut input, &d.a_buf);
        push_f32s(&mut input, &d.b_buf);
        push_f32s(&mut input, &d.c_buf);
    }
    let (inp, outp) = (dir.join("input.bin"), dir.join("output.bin"));
    std::fs::write(&inp, &input).expect("write input");

    // Run.
    let mut cmd = match t.runner {
        Some(r) => {
            let mut cmd = Command::new(r);
            cmd.args(&runner_args).arg(&exe);
            cmd
        }
        None => Command::new(&exe),
    };
    cmd.arg(&inp).arg(&outp);
    let out = run(cmd, "driver");
    ok(&out, &format!("{} driver", t.name));

    // Check.
    let bytes = std::fs::read(&outp).expect("read output");
    let floats: Vec<f32> =
        bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
    let total: usize = datas.iter().map(|d| d.c_buf.len()).sum();
    assert_eq!(floats.len(), total, "{}: output has {} floats, want {total}", t.name, floats.len());
    let mut at = 0;
    for (i, (c, d)) in cases.iter().zip(&datas).enumerate() {
        check_case(t, i, c, d, &floats[at..at + d.c_buf.len()]);
        at += d.c_buf.len();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Named edge cases: `Case::new(mr, nr, k, lda, ldc, m, n, skew)`.
fn named_cases(t: &Target) -> Vec<Case> {
    let isa = isa(t);
    // The production shape for this ISA (8×8 on aarch64, 4×8 on x86-64),
    // as `PortableGemm` generates it: lda = k, ldc = n_pad.
    let prod = TileShape::for_isa(&*isa, 96, 96, 40);
    vec![
        // One 8×8 tile, K = 1.
        Case::new(8, 8, 1, 1, 8, 8, 8, 0),
        // A tail-free 2×3-tile frame, odd K.
        Case::new(8, 8, 7, 7, 24, 16, 24, 0),
        // Row and column tails, lda > k, ldc > n_pad, misaligned buffers.
        Case::new(8, 8, 64, 67, 29, 13, 21, 1),
        Case::new(8, 8, 1, 4, 11, 3, 5, 3),
        // Long K (ALBERT-large's hidden size is 1024).
        Case::new(8, 8, 1024, 1024, 16, 8, 16, 0),
        // The x86-64 production tile, odd K, tails.
        Case::new(4, 8, 33, 40, 16, 9, 13, 2),
        // The smallest tile and problem.
        Case::new(1, 4, 3, 3, 4, 1, 1, 0),
        // 24 accumulators (spills on x86-64's 16 registers).
        Case::new(6, 16, 5, 9, 35, 11, 30, 1),
        Case::new(8, 12, 2, 2, 12, 8, 12, 0),
        // Odd K ≥ 255, many column panels.
        Case::new(2, 4, 255, 256, 13, 5, 9, 2),
        Case { shape: prod, m: 19, n: 37, skew: 0, seed: 99 },
    ]
}

fn named(t: &Target) {
    if available(t) {
        let start = Instant::now();
        run_batch(t, &named_cases(t));
        eprintln!("{} named cases: {:?}", t.name, start.elapsed());
    }
}

#[test]
fn neon_named_cases_under_qemu() {
    named(&AARCH64);
}

#[test]
fn x86_64_baseline_named_cases_native() {
    named(&X86_64);
}

/// Cranelift's own disassembly (`tile_asm`, for `--dump-asm`) shows the
/// same instructions; needs no external tool.
#[test]
fn tile_asm_shows_vector_code() {
    let shape = TileShape { mr: 8, nr: 8, k: 17, lda: 17, ldc: 8 };
    let neon = tile_asm(&*isa(&AARCH64), shape).expect("asm");
    let fmla = neon.lines().filter(|l| l.trim_start().starts_with("fmla") && l.contains(".4s")).count();
    assert_eq!(fmla, 16, "aarch64 tile asm:\n{neon}");
    let shape = TileShape { mr: 4, ..shape };
    let sse = tile_asm(&*isa(&X86_64), shape).expect("asm");
    let mulps = sse.lines().filter(|l| l.trim_start().starts_with("mulps")).count();
    assert_eq!(mulps, 8, "x86-64 baseline tile asm:\n{sse}");
    assert!(!sse.contains("vfmadd") && !sse.contains("ymm"), "x86-64 baseline tile asm:\n{sse}");
}

/// A random tile shape and problem: any MR ≤ 8, NR ≤ 16 within the
/// 24-accumulator limit, K ≤ 300, strides padded by up to a few elements.
fn case_strategy() -> impl Strategy<Value = Case> {
    (1usize..=8)
        .prop_flat_map(|mr| (Just(mr), 1usize..=(24 / mr).min(4)))
        .prop_flat_map(|(mr, vecs)| {
            let nr = vecs * 4;
            (
                Just(mr),
                Just(nr),
                1usize..=300,
                0usize..=3,
                1..=3 * mr,
                1..=3 * nr,
                0usize..=5,
                0usize..4,
                any::<u64>(),
            )
        })
        .prop_map(|(mr, nr, k, lda_pad, m, n, ldc_pad, skew, seed)| Case {
            shape: TileShape { mr, nr, k, lda: k + lda_pad, ldc: n.div_ceil(nr) * nr + ldc_pad },
            m,
            n,
            skew,
            seed,
        })
}

/// Random batches of cases on `t`: each proptest case links and runs one
/// program (~0.2 s), so few cases with several shapes each.
fn random_batches(t: &Target) {
    if !available(t) {
        return;
    }
    // A configuration error fails here, not after proptest shrinks over it.
    isa(t);
    let config = Config { cases: 8, max_shrink_iters: 64, failure_persistence: None, ..Config::default() };
    let start = Instant::now();
    let result = TestRunner::new(config).run(&prop::collection::vec(case_strategy(), 1..=6), |cases| {
        run_batch(t, &cases);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{} random shapes: {e}", t.name);
    }
    eprintln!("{} random shapes: {:?}", t.name, start.elapsed());
}

#[test]
fn neon_random_shapes_under_qemu() {
    random_batches(&AARCH64);
}

#[test]
fn x86_64_baseline_random_shapes_native() {
    random_batches(&X86_64);
}
