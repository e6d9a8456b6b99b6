//! The fuzz target's property on stable Rust: `parse` never panics on
//! random or mutated text, and what it accepts verifies and round-trips.
//! (`fuzz/fuzz_targets/parse_ir.rs` explores further under cargo-fuzz.)

use proptest::prelude::*;

/// A graph using every construct: derived weights, layouts, fused ops and a loop.
const SEED: &str = r#"graph {
  input %0 : i64[batch,seq] "input_ids"
  input %1 : i64[batch,seq] "token_type_ids"
  input %2 : f32[batch,1,1,seq] "mask"
  weight @0 : f32[10,4] "word" layout=row_major
  weight @1 : f32[8,4] "pos"
  weight @2 : f32[2,4] "type"
  weight @3 : f32[4] "ln.g"
  weight @4 : f32[4] "ln.b"
  weight @5 : f32[4,4] "q" 
  weight @6 : f32[4] "qb"
  weight @7 : f32[4,4] "k"
  weight @8 : f32[4] "kb"
  weight @9 : f32[4,4] "v"
  weight @10 : f32[4] "vb"
  weight @11 : f32[8,4] "f1" layout=b_panels_16
  weight @12 : f32[8] "f1b"
  weight @13 : f32[4,8] "f2"
  derived @14 : f32[12,4] "qkv" layout=b_panels_32 = concat {axis=0} @5, @7, @9
  derived @15 : f32[12] "qkvb" = concat {axis=0} @6, @8, @10
  %3 = embeddings {eps=1e-12} %0, %1, @0, @1, @2, @3, @4 : f32[batch,seq,4]
  %4 = loop {trips=2} %3, %2 : f32[batch,seq,4] {
    param %5 : f32[batch,seq,4]
    param %6 : f32[batch,1,1,seq]
    %7 = attention {heads=2, scale=0.5, eps=1e-12} %5, %6, @14, @15, @5, @6, @3, @4 : f32[batch,seq,4]
    %8 = feed_forward {act=gelu, eps=1e-12} %7, @11, @12, @13, @4, @3, @4 : f32[batch,seq,4]
    yield %8
  }
  %9 = select {axis=1, index=0} %4 : f32[batch,4]
  %10 = transpose {perm=[1,0]} %9 : f32[4,batch]
  output "last_hidden_state" = %4
  output "t" = %10
}
"#;

fn check(text: &str) -> Result<(), TestCaseError> {
    if let Ok(g) = albert_ir::parse(text) {
        prop_assert!(g.verify().is_ok());
        let back = albert_ir::parse(&g.to_string());
        prop_assert!(back.as_ref() == Ok(&g), "round trip failed: {:?}", back.err());
    }
    Ok(())
}

#[test]
fn seed_parses_and_round_trips() {
    let g = albert_ir::parse(SEED).expect("seed parses");
    assert_eq!(albert_ir::parse(&g.to_string()).expect("reparse"), g);
    assert_eq!(g.op_counts().get("attention"), Some(&1));
}

/// Byte-level edits of the seed: delete, insert or replace a short span.
fn mutated() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "",
        " ",
        "\n",
        "{",
        "}",
        "%",
        "@",
        "=",
        ",",
        ":",
        "\"",
        "\\",
        "[",
        "]",
        "loop",
        "yield",
        "param ",
        "trips=",
        "99999999999999999999",
        "-1",
        "batch",
        "seq",
        "f32",
        "i64",
        "%4",
        "@14",
        "concat",
        "é",
        "\u{0}",
    ]);
    (0..SEED.len(), 0usize..12, tokens, 1usize..4).prop_map(|(at, len, tok, reps)| {
        let mut s = SEED.to_string();
        let at = (0..=at).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
        let end = (at + len..=s.len()).find(|i| s.is_char_boundary(*i)).unwrap_or(s.len());
        s.replace_range(at..end, &tok.repeat(reps));
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_mutations(text in mutated()) {
        check(&text)?;
    }

    #[test]
    fn parse_never_panics_on_random_text(text in "(graph \\{\n)?([ -~\n]{0,40}\n){0,8}\\}?") {
        check(&text)?;
    }

    #[test]
    fn parse_never_panics_on_line_soup(lines in prop::collection::vec(prop::sample::select(SEED.lines().collect::<Vec<_>>()), 0..30)) {
        check(&lines.join("\n"))?;
    }
}
