//! `fold` on hand-written IR: no-op reshapes, transposes and casts vanish,
//! chains merge, and `dce` then removes what they left behind.

use albert_opt::{Options, Pipeline};

#[test]
fn fold_then_dce_removes_trivial_data_movement() {
    let g = albert_ir::parse(
        r#"graph {
  input %0 : f32[batch,seq,8] "x"
  %1 = reshape {shape=[batch,seq,8]} %0 : f32[batch,seq,8]
  %2 = transpose {perm=[0,2,1]} %1 : f32[batch,8,seq]
  %3 = transpose {perm=[0,2,1]} %2 : f32[batch,seq,8]
  %4 = cast {to=f32} %3 : f32[batch,seq,8]
  %5 = reshape {shape=[batch,seq,2,4]} %4 : f32[batch,seq,2,4]
  %6 = reshape {shape=[batch,seq,4,2]} %5 : f32[batch,seq,4,2]
  %7 = transpose {perm=[0,1,2,3]} %6 : f32[batch,seq,4,2]
  output "y" = %7
}"#,
    )
    .expect("parse");
    let out = Pipeline::from_names(&["fold", "dce"], &Options::default())
        .expect("pipeline")
        .verify_each(true)
        .run(&g)
        .expect("run");
    let want = albert_ir::parse(
        r#"graph {
  input %0 : f32[batch,seq,8] "x"
  %1 = reshape {shape=[batch,seq,4,2]} %0 : f32[batch,seq,4,2]
  output "y" = %1
}"#,
    )
    .expect("parse");
    assert_eq!(out, want, "{out}");
}

#[test]
fn unknown_pass_is_an_error() {
    let err = Pipeline::from_names(&["fold", "nope"], &Options::default()).err().map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("unknown pass `nope`") && e.contains("share_layers")));
}
