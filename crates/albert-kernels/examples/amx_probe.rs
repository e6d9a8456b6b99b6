//! Probe: which rounding model does `tdpbf16ps` follow on this CPU?
#![expect(unsafe_code, reason = "probe")]
use albert_kernels::generic::bf16::f32_to_bf16;
use albert_kernels::x86_64::amx::{self, gemm_bf16::AmxTileSpec};
use albert_kernels::{Bf16GemmTileFn, ExecBuffer};

fn bf(x: u16) -> f64 {
    f64::from(f32::from_bits(u32::from(x) << 16))
}

struct Lane {
    bufs: Vec<(usize, ExecBuffer)>,
}
impl Lane {
    fn run(&mut self, acc: f32, a: &[u16], b: &[u16]) -> f32 {
        let kp = a.len() / 2;
        if !self.bufs.iter().any(|(k, _)| *k == kp) {
            let spec = AmxTileSpec { mr: 1, nr: 1, kp, lda: 32, ldc: 1, load_c: true };
            self.bufs.push((kp, ExecBuffer::new(&amx::gemm_bf16::assemble(&spec).unwrap()).unwrap()));
        }
        let buf = &self.bufs.iter().find(|(k, _)| *k == kp).unwrap().1;
        let tile = unsafe { buf.entry::<Bf16GemmTileFn>(0) }.unwrap();
        let mut aa = vec![0u16; 32];
        aa[..a.len()].copy_from_slice(a);
        let mut bb = vec![0u16; kp * 64];
        for q in 0..kp {
            bb[q * 64] = b[2 * q];
            bb[q * 64 + 1] = b[2 * q + 1];
        }
        let mut c = [acc];
        unsafe { tile(aa.as_ptr(), bb.as_ptr(), c.as_mut_ptr(), std::ptr::null(), std::ptr::null()) };
        c[0]
    }
}

fn main() {
    amx::request_xtiledata().expect("amx");
    let mut lane = Lane { bufs: Vec::new() };
    let mut seed = 12345u64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut v = |r: &mut dyn FnMut() -> u64| {
        let m = (r() % 2000) as f32 / 1000.0 - 1.0;
        let e = (r() % 16) as i32 - 8;
        f32_to_bf16(m * 2f32.powi(e))
    };
    let args: Vec<String> = std::env::args().collect();
    let mask: Vec<bool> = args[1].chars().map(|c| c == '1').collect(); // which of the 2·kp elements are nonzero
    let kp = mask.len() / 2;
    let mut hits = std::collections::BTreeMap::<&str, usize>::new();
    let n = 20000;
    for _ in 0..n {
        let a: Vec<u16> = mask.iter().map(|&m| if m { v(&mut rnd) } else { 0 }).collect();
        let b: Vec<u16> = mask.iter().map(|&m| if m { v(&mut rnd) } else { 0 }).collect();
        let acc = {
            let m = (rnd() % 2000) as f32 / 1000.0 - 1.0;
            if std::env::var("ACC0").is_ok() {
                0.0
            } else {
                m * 2f32.powi((rnd() % 8) as i32 - 4)
            }
        };
        let got = lane.run(acc, &a, &b);
        let p: Vec<f64> = (0..2 * kp).map(|i| bf(a[i]) * bf(b[i])).collect();
        let s: Vec<f32> = (0..kp).map(|q| (p[2 * q] + p[2 * q + 1]) as f32).collect();
        let mut cands: Vec<(&str, f32)> = Vec::new();
        // sequential over elements in index order, each rounded
        let mut x = acc;
        for &pi in &p {
            x = (f64::from(x) + pi) as f32;
        }
        cands.push(("elem-seq", x));
        let mut x = acc;
        for &pi in p.iter().rev() {
            x = (f64::from(x) + pi) as f32;
        }
        cands.push(("elem-seq-rev", x));
        let mut x = acc;
        for &si in &s {
            x += si;
        }
        cands.push(("pair-seq", x));
        let mut x = acc;
        for &si in s.iter().rev() {
            x += si;
        }
        cands.push(("pair-seq-rev", x));
        let tot: f64 = p.iter().sum();
        cands.push(("exact", (f64::from(acc) + tot) as f32));
        cands.push(("acc+r(allprod)", acc + tot as f32));
        let ps: f64 = s.iter().map(|&x| f64::from(x)).sum();
        cands.push(("acc+r(sum r(pairs))", acc + ps as f32));
        cands.push(("exact(acc+sum r(pairs))", (f64::from(acc) + ps) as f32));
        // even elems sum and odd elems sum
        let ev: f64 = p.iter().step_by(2).sum();
        let od: f64 = p.iter().skip(1).step_by(2).sum();
        cands.push(("acc+r(ev)+r(od)", (acc + ev as f32) + od as f32));
        cands.push(("acc+r(r(ev)+r(od))", acc + ((ev as f32) + (od as f32))));
        let r = |x: f64| x as f32 as f64;
        // groups of g pairs: evens exact-summed, odds exact-summed, both rounded, summed rounded
        for (gname, g) in [("g2", 2usize), ("g4", 4)] {
            let mut parts: Vec<f64> = Vec::new();
            for c0 in (0..kp).step_by(g) {
                let qs = c0..(c0 + g).min(kp);
                let ev: f64 = qs.clone().map(|q| p[2 * q]).sum();
                let od: f64 = qs.map(|q| p[2 * q + 1]).sum();
                parts.push(r(r(ev) + r(od)));
            }
            let mut x = acc;
            for &q in &parts {
                x = (f64::from(x) + q) as f32;
            }
            cands.push((if g == 2 { "g2-seq" } else { "g4-seq" }, x));
            let mut v = parts.clone();
            while v.len() > 1 {
                v = v.chunks(2).map(|c| if c.len() == 2 { r(c[0] + c[1]) } else { c[0] }).collect();
            }
            cands.push((if g == 2 { "g2-tree" } else { "g4-tree" }, (f64::from(acc) + v[0]) as f32));
            let _ = gname;
        }
        // full tree over pairs in index order (each level rounded), evens/odds separately
        let tree = |xs: Vec<f64>| {
            let mut v = xs;
            while v.len() > 1 {
                v = v.chunks(2).map(|c| if c.len() == 2 { r(c[0] + c[1]) } else { c[0] }).collect();
            }
            v[0]
        };
        let evs: Vec<f64> = (0..kp).map(|q| p[2 * q]).collect();
        let ods: Vec<f64> = (0..kp).map(|q| p[2 * q + 1]).collect();
        cands.push(("eo-tree", (f64::from(acc) + r(tree(evs.clone()) + tree(ods.clone()))) as f32));
        // aligned-truncation models over the evens only / all
        let align = |xs: &[f64], w: i32| -> f64 {
            let mx = xs.iter().fold(0f64, |m, &x| m.max(x.abs()));
            if mx == 0.0 {
                return 0.0;
            }
            let e = mx.log2().floor() as i32;
            let q = 2f64.powi(e - w);
            xs.iter().map(|&x| (x / q).trunc() * q).sum()
        };
        for (w, name) in [
            (24, "al24"),
            (25, "al25"),
            (26, "al26"),
            (27, "al27"),
            (28, "al28"),
            (30, "al30"),
            (32, "al32"),
            (36, "al36"),
        ] {
            let mut terms = p.clone();
            terms.push(f64::from(acc));
            let with_acc = align(&terms, w) as f32;
            cands.push((name, with_acc));
            let prods = align(&p, w) as f32;
            cands.push((
                ["p24", "p25", "p26", "p27", "p28", "p30", "p32", "p36"]
                    [[24, 25, 26, 27, 28, 30, 32, 36].iter().position(|&x| x == w).unwrap()],
                acc + prods,
            ));
        }
        if kp == 4 {
            let e = [p[0], p[2], p[4], p[6]];
            let o = [p[1], p[3], p[5], p[7]];
            for (nm, (i, j, k, l)) in
                [("t0123", (0, 1, 2, 3)), ("t0213", (0, 2, 1, 3)), ("t0312", (0, 3, 1, 2))]
            {
                let te = r(r(e[i] + e[j]) + r(e[k] + e[l]));
                let to = r(r(o[i] + o[j]) + r(o[k] + o[l]));
                cands.push((nm, (f64::from(acc) + r(te + to)) as f32));
            }
            let rz = |x: f64| {
                let f = x as f32;
                let f = if f64::from(f).abs() > x.abs() { f32::from_bits(f.to_bits() - 1) } else { f };
                f64::from(f)
            };
            for (nm, (i, j, k, l)) in [("rz0123", (0, 1, 2, 3)), ("rz0213", (0, 2, 1, 3))] {
                let te = rz(rz(e[i] + e[j]) + rz(e[k] + e[l]));
                let to = rz(rz(o[i] + o[j]) + rz(o[k] + o[l]));
                cands.push((nm, (f64::from(acc) + rz(te + to)) as f32));
                let te = r(rz(e[i] + e[j]) + rz(e[k] + e[l]));
                let to = r(rz(o[i] + o[j]) + rz(o[k] + o[l]));
                cands.push((
                    if nm == "rz0123" { "rzr0123" } else { "rzr0213" },
                    (f64::from(acc) + r(te + to)) as f32,
                ));
            }
            // one tree over pair sums (pair sum exact-rounded)
            let sp: Vec<f64> = (0..4).map(|q| r(e[q] + o[q])).collect();
            cands.push(("pairtree", (f64::from(acc) + r(r(sp[0] + sp[1]) + r(sp[2] + sp[3]))) as f32));
            cands.push(("pairtree02", (f64::from(acc) + r(r(sp[0] + sp[2]) + r(sp[1] + sp[3]))) as f32));
            // 8-element tree, eo interleaved order
            let t8 = |v: [f64; 8]| r(r(r(v[0] + v[1]) + r(v[2] + v[3])) + r(r(v[4] + v[5]) + r(v[6] + v[7])));
            cands.push((
                "t8-e0e1e2e3o0..",
                (f64::from(acc) + t8([e[0], e[1], e[2], e[3], o[0], o[1], o[2], o[3]])) as f32,
            ));
            cands.push((
                "t8-e0e2e1e3..",
                (f64::from(acc) + t8([e[0], e[2], e[1], e[3], o[0], o[2], o[1], o[3]])) as f32,
            ));
            cands.push((
                "t8-e0o0e1o1..",
                (f64::from(acc) + t8([e[0], o[0], e[1], o[1], e[2], o[2], e[3], o[3]])) as f32,
            ));
            cands.push((
                "t8-e0e1o0o1..",
                (f64::from(acc) + t8([e[0], e[1], o[0], o[1], e[2], e[3], o[2], o[3]])) as f32,
            ));
        }
        for (name, c) in cands {
            if c.to_bits() == got.to_bits() {
                *hits.entry(name).or_default() += 1;
            } else {
                hits.entry(name).or_default();
            }
        }
    }
    println!("mask {}: {n} lanes", args[1]);
    for (k, h) in hits {
        println!("  {k:>26}: {h}");
    }
}
