//! Where the time to the first result goes when loading an artifact:
//! `cargo run --release -p albert-deploy --example load_time -- model.albert [threads]`.

use std::time::Instant;

use albert_deploy::artifact::{Artifact, LoadOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: load_time MODEL.albert [THREADS]")?;
    let threads = args.next().map(|t| t.parse()).transpose()?.unwrap_or(2);
    let t0 = Instant::now();
    let art = Artifact::open(path.as_ref(), LoadOptions { threads })?;
    let t1 = Instant::now();
    let exe = art.executable(1, 8)?;
    let t2 = Instant::now();
    let (ids, tt, mask) = ([2i64, 14, 1998, 16, 13, 10, 9, 3], [0i64; 8], [1i64; 8]);
    exe.run(&ids, &tt, &mask)?;
    let t3 = Instant::now();
    exe.run(&ids, &tt, &mask)?;
    let t4 = Instant::now();
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
    println!(
        "open+check {:.1} ms, bucket 1×8 {:.1} ms, first forward {:.1} ms, second {:.1} ms",
        ms(t0, t1),
        ms(t1, t2),
        ms(t2, t3),
        ms(t3, t4)
    );
    Ok(())
}
