//! `cargo +nightly fuzz run parse_ir`: the parser must never panic, and
//! whatever it accepts must verify and round-trip through the printer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(g) = albert_ir::parse(text) {
        assert!(g.verify().is_ok(), "parse accepted a graph the verifier rejects");
        let printed = g.to_string();
        let back = albert_ir::parse(&printed).expect("printed graph reparses");
        assert_eq!(back, g, "parse(print(g)) != g");
    }
});
