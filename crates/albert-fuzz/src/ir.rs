//! The IR text form: whatever `parse` accepts must verify, print, parse back
//! to the same graph, and print to the same text again (the printer is a
//! fixed point). A graph that parses is also handed to the optimiser and
//! the memory planner, which must answer with a graph or an error, never a
//! panic: the text form is how graphs are dumped and golden-tested, so any
//! graph it can express is a graph the passes may meet.

use albert_opt::{plan_memory, Options, Pipeline};

/// The `parse_ir` check (non-UTF-8 input is skipped: the parser takes `&str`).
pub fn parse_ir(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(g) = albert_ir::parse(text) else { return };
    if let Err(e) = g.verify() {
        panic!("parse accepted a graph the verifier rejects: {e}\n{text}");
    }
    let printed = g.to_string();
    let back = match albert_ir::parse(&printed) {
        Ok(b) => b,
        Err(e) => panic!("the printed graph does not reparse: {e}\n{printed}"),
    };
    assert_eq!(back, g, "parse(print(g)) != g\n{printed}");
    assert_eq!(back.to_string(), printed, "print(parse(print(g))) != print(g)");

    // Small bindings keep the planner's arithmetic cheap; huge fixed
    // dimensions in the text must still give an error, not an overflow.
    let _ = plan_memory(&g, 2, 3);
    if let Ok(opt) = Pipeline::default_for(&Options::default()).verify_each(true).run(&g) {
        if let Err(e) = opt.verify() {
            panic!("the pipeline returned a graph the verifier rejects: {e}\n{opt}");
        }
        let text = opt.to_string();
        match albert_ir::parse(&text) {
            Ok(b) => assert_eq!(b, opt, "optimised graph: parse(print(g)) != g\n{text}"),
            Err(e) => panic!("the optimised graph does not reparse: {e}\n{text}"),
        }
        let _ = plan_memory(&opt, 2, 3);
    }
}
