//! The planner's activation row strides: on albert-large-v2's shapes no GEMM reads an A whose
//! rows alias in L1 (so no frame copies A), the padded values are the layer's hidden states,
//! and the arena holds them.

use albert_deploy::{BucketPlan, KernelReq};
use albert_kernels::frame::gemm::preferred_lda;
use albert_kernels::Target;
use albert_model::{trace, AlbertConfig, Heads, TraceOptions};
use albert_opt::{Options, Pipeline};

fn large() -> albert_ir::Graph {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/albert-large-v2-synthetic");
    let json = std::fs::read_to_string(format!("{dir}/config.json")).expect("config.json");
    let cfg = AlbertConfig::from_json(&json).expect("config");
    let g = trace(
        &cfg,
        TraceOptions::all_heads(Heads { pooler: true, mlm: true, sop: true }),
        "predictions.bias",
    )
    .expect("trace");
    Pipeline::default_for(&Options::default()).run(&g).expect("optimise")
}

#[test]
fn no_gemm_reads_an_aliasing_a() {
    let g = large();
    for target in [Target::host_portable(), Target::parse("x86_64-avx512").expect("target")] {
        for (batch, seq) in [(1, 8), (1, 128), (8, 32)] {
            let plan = BucketPlan::new(&g, batch, seq, target, 2).expect("plan");
            let mut gemms = 0;
            for spec in plan.calls().expect("calls") {
                for req in &spec.kernels {
                    if let KernelReq::Gemm(p) | KernelReq::GemmBf16 { plan: p, .. } = req {
                        gemms += 1;
                        assert_eq!(
                            preferred_lda(p.lda),
                            p.lda,
                            "{target} {batch}×{seq}: `{}` GEMM M={} N={} K={} reads A with stride {}",
                            spec.name(),
                            p.m,
                            p.n,
                            p.k,
                            p.lda
                        );
                    }
                }
            }
            // Embeddings mapping, QKV, output, up, down, MLM dense and decoder, pooler, SOP.
            assert!(gemms >= 9, "{target}: only {gemms} GEMMs");
            // The hidden state (H = 1024: 4 KiB rows) is stored padded.
            let out = plan.outputs().expect("outputs");
            let last = out.iter().find(|o| o.name == "last_hidden_state").expect("last_hidden_state");
            assert_eq!(last.width, 1024);
            assert!(last.stride > 1024 && preferred_lda(last.stride) == last.stride, "{last:?}");
            assert!(last.offset + 4 * (batch * seq * last.stride) <= plan.arena_bytes);
        }
    }
}
