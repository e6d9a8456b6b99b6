//! Plain-Rust kernels of the interpreter.
//!
//! Clarity first, but fast enough to run albert-large-v2 at 512 tokens in a
//! test: matrix products use independent accumulators the compiler can
//! vectorise, split output columns across threads (never the contraction,
//! so results do not depend on the thread count), and reductions of
//! LayerNorm and softmax are carried out in f64.

/// Lanes of independent partial sums in a dot product.
const LANES: usize = 16;

/// `Σ a[i]·b[i]` with [`LANES`] partial sums, added pairwise at the end.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (ac, ar) = a.split_at(a.len() - a.len() % LANES);
    let (bc, br) = b.split_at(ac.len());
    for (x, y) in ac.chunks_exact(LANES).zip(bc.chunks_exact(LANES)) {
        for l in 0..LANES {
            acc[l] += x[l] * y[l];
        }
    }
    let mut tail = 0.0f32;
    for (x, y) in ar.iter().zip(br) {
        tail += x * y;
    }
    let mut w = LANES;
    while w > 1 {
        w /= 2;
        for l in 0..w {
            acc[l] += acc[l + w];
        }
    }
    acc[0] + tail
}

/// Shape of one 2-D product: `c[m,n] = a[m,k] · b` with `b` either `[k,n]`
/// or, when `transpose_b`, `[n,k]`.
#[derive(Clone, Copy, Debug)]
pub struct Gemm {
    /// Rows of `a` and `c`.
    pub m: usize,
    /// Columns of `c`.
    pub n: usize,
    /// Contraction length.
    pub k: usize,
    /// Whether `b` is stored `[n,k]`.
    pub transpose_b: bool,
}

impl Gemm {
    /// Computes columns `j0..j1` of `c` (`c` is the full `[m,n]` output).
    fn columns(&self, a: &[f32], b: &[f32], c: &mut [f32], j0: usize, j1: usize) {
        let Gemm { m, n, k, transpose_b } = *self;
        if transpose_b {
            // Blocks of `b` rows small enough to stay in L2 while every row
            // of `a` passes over them.
            let jb = (16384 / k.max(1)).clamp(1, 256);
            let mut jstart = j0;
            while jstart < j1 {
                let jend = (jstart + jb).min(j1);
                for i in 0..m {
                    let ar = &a[i * k..(i + 1) * k];
                    for j in jstart..jend {
                        c[i * n + j] = dot(ar, &b[j * k..(j + 1) * k]);
                    }
                }
                jstart = jend;
            }
        } else {
            for i in 0..m {
                let cr = &mut c[i * n + j0..i * n + j1];
                cr.fill(0.0);
                for p in 0..k {
                    let s = a[i * k + p];
                    let br = &b[p * n + j0..p * n + j1];
                    for (x, y) in cr.iter_mut().zip(br) {
                        *x += s * y;
                    }
                }
            }
        }
    }

    /// Computes `c`, splitting rows (or, for few rows, columns) over up to
    /// `threads` threads. Every element is summed in the same order whoever
    /// computes it, so the result does not depend on `threads`.
    pub fn run(&self, a: &[f32], b: &[f32], c: &mut [f32], threads: usize) {
        let Gemm { m, n, k, .. } = *self;
        if threads <= 1 || m * n * k < 1 << 20 || n == 0 {
            self.columns(a, b, c, 0, n);
            return;
        }
        if m >= 4 * threads {
            let rows = m.div_ceil(threads);
            std::thread::scope(|s| {
                for (t, cc) in c.chunks_mut(rows * n).enumerate() {
                    let aa = &a[t * rows * k..];
                    let part = Gemm { m: cc.len() / n, ..*self };
                    s.spawn(move || part.columns(aa, b, cc, 0, n));
                }
            });
            return;
        }
        // Few rows: split columns into private buffers, then copy back.
        let per = n.div_ceil(threads);
        let parts: Vec<(usize, usize, Vec<f32>)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (j0, j1) = ((t * per).min(n), ((t + 1) * per).min(n));
                    s.spawn(move || {
                        let mut part = vec![0.0f32; m * n];
                        self.columns(a, b, &mut part, j0, j1);
                        (j0, j1, part)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        });
        for (j0, j1, part) in parts {
            for i in 0..m {
                let r = i * n;
                c[r + j0..r + j1].copy_from_slice(&part[r + j0..r + j1]);
            }
        }
    }
}

/// LayerNorm of each row of width `gamma.len()`, statistics in f64.
pub fn layer_norm(x: &[f32], gamma: &[f32], beta: &[f32], eps: f64, out: &mut [f32]) {
    let d = gamma.len();
    for (row, o) in x.chunks_exact(d).zip(out.chunks_exact_mut(d)) {
        let mean = row.iter().map(|&v| v as f64).sum::<f64>() / d as f64;
        let var = row.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / d as f64;
        let inv = 1.0 / (var + eps).sqrt();
        for i in 0..d {
            o[i] = (((row[i] as f64 - mean) * inv) * gamma[i] as f64 + beta[i] as f64) as f32;
        }
    }
}

/// Softmax of each row of width `d`, in f64.
pub fn softmax(x: &[f32], d: usize, out: &mut [f32]) {
    for (row, o) in x.chunks_exact(d).zip(out.chunks_exact_mut(d)) {
        let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
        let mut sum = 0.0f64;
        let mut tmp = Vec::with_capacity(d);
        for &v in row {
            let e = (v as f64 - max).exp();
            sum += e;
            tmp.push(e);
        }
        for (o, e) in o.iter_mut().zip(tmp) {
            *o = (e / sum) as f32;
        }
    }
}

/// One activation function, evaluated in f64.
pub fn activation(kind: albert_ir::Act, x: f32) -> f32 {
    use albert_ir::Act;
    let x = x as f64;
    let sigmoid = |v: f64| 1.0 / (1.0 + (-v).exp());
    let y = match kind {
        Act::Gelu => 0.5 * x * (1.0 + libm::erf(x / std::f64::consts::SQRT_2)),
        Act::GeluNew => {
            let c = (2.0 / std::f64::consts::PI).sqrt();
            0.5 * x * (1.0 + (c * (x + 0.044715 * x * x * x)).tanh())
        }
        Act::GeluFast => 0.5 * x * (1.0 + (x * 0.797_884_560_8 * (1.0 + 0.044715 * x * x)).tanh()),
        Act::QuickGelu => x * sigmoid(1.702 * x),
        Act::Relu => x.max(0.0),
        Act::Silu => x * sigmoid(x),
        Act::Tanh => x.tanh(),
        Act::Sigmoid => sigmoid(x),
        Act::Identity => x,
    };
    y as f32
}

/// Row-major strides of a shape.
pub fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1];
    }
    s
}

/// Strides of `shape` seen through broadcasting to `out` (0 where stretched).
pub fn broadcast_strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    let own = strides(shape);
    let off = out.len() - shape.len();
    (0..out.len())
        .map(|i| if i < off || shape[i - off] == 1 && out[i] != 1 { 0 } else { own[i - off] })
        .collect()
}

/// Visits every index of `out` row by row (rows along the last axis), giving
/// the flat offsets of the row's start in each broadcast operand.
pub fn for_each_row(out: &[usize], sa: &[usize], sb: &[usize], mut f: impl FnMut(usize, usize, usize)) {
    let rank = out.len();
    if rank == 0 {
        f(0, 0, 0);
        return;
    }
    let rows: usize = out[..rank - 1].iter().product();
    let mut idx = vec![0usize; rank - 1];
    let width = out[rank - 1];
    for r in 0..rows {
        let (mut oa, mut ob) = (0, 0);
        for (d, &i) in idx.iter().enumerate() {
            oa += i * sa[d];
            ob += i * sb[d];
        }
        f(r * width, oa, ob);
        for d in (0..rank - 1).rev() {
            idx[d] += 1;
            if idx[d] < out[d] {
                break;
            }
            idx[d] = 0;
        }
    }
}
