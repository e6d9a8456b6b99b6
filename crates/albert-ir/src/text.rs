//! The text form of a graph: printer and parser.
//!
//! ```text
//! graph {
//!   input %0 : i64[batch,seq] "input_ids"
//!   weight @0 : f32[30000,128] "albert.embeddings.word_embeddings.weight"
//!   %1 = gather @0, %0 : f32[batch,seq,128]
//!   %2 = layer_norm {eps=1e-12} %1, @1, @2 : f32[batch,seq,128]
//!   output "embedding_output" = %2
//! }
//! ```
//!
//! Every instruction line states its result type; the parser re-infers it and
//! rejects a mismatch, so a text file is checked as it is read. Lines starting
//! with `;` are comments. `parse(print(g)) == g` for every graph whose values
//! are numbered in definition order (the builder guarantees that).

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};

use crate::error::IrError;
use crate::graph::{Graph, Inst, Operand, ValueId, WeightId, WeightLayout, WeightRecipe};
use crate::op::Op;
use crate::types::Type;

/// Quotes a name: `"`, `\` and control characters are escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads a quoted string at the start of `s`; returns it and the rest.
fn unquote(s: &str) -> Option<(String, &str)> {
    let mut chars = s.strip_prefix('"')?.char_indices();
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 2..])),
            '\\' => match chars.next()?.1 {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => {
                    if chars.next()?.1 != '{' {
                        return None;
                    }
                    let mut hex = String::new();
                    loop {
                        let (_, h) = chars.next()?;
                        if h == '}' {
                            break;
                        }
                        if hex.len() >= 6 {
                            return None;
                        }
                        hex.push(h);
                    }
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    None
}

impl Graph {
    fn fmt_block(&self, f: &mut fmt::Formatter<'_>, insts: &[Inst], depth: usize) -> fmt::Result {
        let pad = "  ".repeat(depth);
        for inst in insts {
            write!(f, "{pad}{} = {}", inst.result, inst.op.name())?;
            let attrs = inst.op.attrs();
            if !attrs.is_empty() {
                let parts: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, " {{{}}}", parts.join(", "))?;
            }
            for (i, a) in inst.args.iter().enumerate() {
                write!(f, "{}{a}", if i == 0 { " " } else { ", " })?;
            }
            let ty = self.value_type(inst.result).ok_or(fmt::Error)?;
            match self.body(inst) {
                None => writeln!(f, " : {ty}")?,
                Some(body) => {
                    writeln!(f, " : {ty} {{")?;
                    for p in &body.params {
                        let pty = self.value_type(*p).ok_or(fmt::Error)?;
                        writeln!(f, "{pad}  param {p} : {pty}")?;
                    }
                    self.fmt_block(f, &body.insts, depth + 1)?;
                    writeln!(f, "{pad}  yield {}", body.yields)?;
                    writeln!(f, "{pad}}}")?;
                }
            }
        }
        Ok(())
    }

    fn layout_suffix(&self, w: WeightId) -> String {
        self.layouts.get(&w).map(|l| format!(" layout={l}")).unwrap_or_default()
    }
}

impl fmt::Display for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "graph {{")?;
        for input in &self.inputs {
            let ty = self.value_type(input.value).ok_or(fmt::Error)?;
            writeln!(f, "  input {} : {ty} {}", input.value, quote(&input.name))?;
        }
        for (i, w) in self.weights.iter().enumerate() {
            let id = WeightId(i as u32);
            writeln!(f, "  weight {id} : {} {}{}", w.ty, quote(&w.name), self.layout_suffix(id))?;
        }
        for (i, d) in self.derived.iter().enumerate() {
            let id = WeightId((self.weights.len() + i) as u32);
            let WeightRecipe::Concat { axis, parts } = &d.recipe;
            let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            writeln!(
                f,
                "  derived {id} : {} {}{} = concat {{axis={axis}}} {}",
                d.ty,
                quote(&d.name),
                self.layout_suffix(id),
                parts.join(", ")
            )?;
        }
        self.fmt_block(f, &self.insts, 1)?;
        for o in &self.outputs {
            writeln!(f, "  output {} = {}", quote(&o.name), o.value)?;
        }
        writeln!(f, "}}")
    }
}

/// Splits `a=1, b=[1,2]` at top-level commas.
fn split_attrs(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0usize, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// A loop whose body is being read.
struct Frame {
    /// Parameters still to be declared by `param` lines, in order.
    params: std::vec::IntoIter<ValueId>,
    /// Set by the `yield` line.
    yields: Option<ValueId>,
}

struct Parser {
    graph: Graph,
    values: HashMap<u32, ValueId>,
    frames: Vec<Frame>,
}

impl Parser {
    fn value(&self, tok: &str) -> Result<ValueId, String> {
        let n: u32 = tok
            .strip_prefix('%')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("expected a value, got `{tok}`"))?;
        self.values.get(&n).copied().ok_or_else(|| format!("value %{n} is not defined"))
    }

    fn define(&mut self, tok: &str, id: ValueId) -> Result<(), String> {
        let n: u32 = tok
            .strip_prefix('%')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("expected a value, got `{tok}`"))?;
        if self.values.insert(n, id).is_some() {
            return Err(format!("value %{n} defined twice"));
        }
        Ok(())
    }

    fn operand(&self, tok: &str) -> Result<Operand, String> {
        if let Some(n) = tok.strip_prefix('@') {
            let n: u32 = n.parse().map_err(|_| format!("bad weight `{tok}`"))?;
            if n as usize >= self.graph.num_weights() {
                return Err(format!("weight @{n} is not declared"));
            }
            return Ok(Operand::Weight(WeightId(n)));
        }
        self.value(tok).map(Operand::Value)
    }

    /// `input %0 : TYPE "name"` / `weight @0 : TYPE "name"`.
    fn decl(rest: &str) -> Result<(&str, Type, String), String> {
        let (id, ty, name, tail) = Self::decl_with_tail(rest)?;
        if !tail.is_empty() {
            return Err(format!("unexpected `{tail}`"));
        }
        Ok((id, ty, name))
    }

    /// As [`Parser::decl`], returning what follows the name (trimmed).
    fn decl_with_tail(rest: &str) -> Result<(&str, Type, String, &str), String> {
        let (id, rest) = rest.split_once(':').ok_or("expected `:`")?;
        let q = rest.find('"').ok_or("expected a quoted name")?;
        let ty = Type::parse(rest[..q].trim()).ok_or_else(|| format!("bad type `{}`", rest[..q].trim()))?;
        let (name, tail) = unquote(&rest[q..]).ok_or("bad quoted name")?;
        Ok((id.trim(), ty, name, tail.trim()))
    }

    /// An optional `layout=NAME` at the start of `tail`; returns it and the rest.
    fn layout(tail: &str) -> Result<(Option<WeightLayout>, &str), String> {
        let Some(rest) = tail.strip_prefix("layout=") else { return Ok((None, tail)) };
        let (name, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let l = WeightLayout::from_name(name).ok_or_else(|| format!("unknown layout `{name}`"))?;
        Ok((Some(l), rest.trim()))
    }

    /// `derived @N : TYPE "name" [layout=L] = concat {axis=A} @a, @b, …`.
    fn derived(&mut self, rest: &str) -> Result<(), String> {
        let (id, ty, name, tail) = Self::decl_with_tail(rest)?;
        let expect = format!("@{}", self.graph.num_weights());
        if id != expect {
            return Err(format!("weights must be numbered in order: expected {expect}, got {id}"));
        }
        let (layout, tail) = Self::layout(tail)?;
        let recipe = tail.strip_prefix('=').ok_or("expected `= concat …`")?.trim();
        let recipe = recipe.strip_prefix("concat").ok_or("expected `concat`")?.trim();
        let inner = recipe.strip_prefix("{axis=").ok_or("expected `{axis=N}`")?;
        let (axis, parts) = inner.split_once('}').ok_or("unclosed `{`")?;
        let axis: usize = axis.trim().parse().map_err(|_| format!("bad axis `{axis}`"))?;
        let parts = parts
            .split(',')
            .map(|t| match self.operand(t.trim())? {
                Operand::Weight(w) => Ok(w),
                Operand::Value(v) => Err(format!("a recipe joins weights, got {v}")),
            })
            .collect::<Result<Vec<_>, String>>()?;
        let recipe = WeightRecipe::Concat { axis, parts };
        if self.graph.derived.iter().any(|d| d.recipe == recipe) {
            return Err("the same recipe is declared twice".into());
        }
        let w = self.graph.add_derived(&name, recipe).map_err(|e| e.to_string())?;
        let got = self.graph.weight_type(w).cloned().ok_or("internal: no weight type")?;
        if got != ty {
            return Err(format!("declared type {ty} but the recipe gives {got}"));
        }
        if let Some(l) = layout {
            self.graph.layouts.insert(w, l);
        }
        Ok(())
    }

    fn line(&mut self, line: &str) -> Result<(), String> {
        if let Some(frame) = self.frames.last_mut() {
            if let Some(rest) = line.strip_prefix("param ") {
                let (id, ty) = rest.split_once(':').ok_or("expected `param %N : type`")?;
                let p = frame.params.next().ok_or("more `param` lines than loop operands")?;
                let want = Type::parse(ty.trim()).ok_or_else(|| format!("bad type `{}`", ty.trim()))?;
                let got = self.graph.value_type(p).cloned().ok_or("internal: no type")?;
                if got != want {
                    return Err(format!("parameter declared {want} but its operand is {got}"));
                }
                return self.define(id.trim(), p);
            }
            if frame.params.len() > 0 {
                return Err(format!("loop body needs {} more `param` line(s) first", frame.params.len()));
            }
            if let Some(rest) = line.strip_prefix("yield ") {
                let v = self.value(rest.trim())?;
                let frame = self.frames.last_mut().ok_or("internal: no frame")?;
                if frame.yields.replace(v).is_some() {
                    return Err("two `yield` lines".into());
                }
                return Ok(());
            }
            if line == "}" {
                let frame = self.frames.pop().ok_or("internal: no frame")?;
                let v = frame.yields.ok_or("loop body without `yield`")?;
                self.graph.end_loop(v).map_err(|e| e.to_string())?;
                return Ok(());
            }
            if frame.yields.is_some() {
                return Err("instructions after `yield`".into());
            }
            return self.inst(line);
        }
        if let Some(rest) = line.strip_prefix("derived ") {
            return self.derived(rest);
        }
        if let Some(rest) = line.strip_prefix("input ") {
            let (id, ty, name) = Self::decl(rest)?;
            let v = self.graph.add_input(&name, ty).map_err(|e| e.to_string())?;
            return self.define(id, v);
        }
        if let Some(rest) = line.strip_prefix("weight ") {
            let (id, ty, name, tail) = Self::decl_with_tail(rest)?;
            let (layout, tail) = Self::layout(tail)?;
            if !tail.is_empty() {
                return Err(format!("unexpected `{tail}`"));
            }
            let expect = format!("@{}", self.graph.weights.len());
            if id != expect {
                return Err(format!("weights must be numbered in order: expected {expect}, got {id}"));
            }
            if self.graph.weight_by_name(&name).is_some() {
                return Err(format!("weight `{name}` declared twice"));
            }
            let w = self.graph.add_weight(&name, ty).map_err(|e| e.to_string())?;
            if let Some(l) = layout {
                self.graph.layouts.insert(w, l);
            }
            return Ok(());
        }
        if let Some(rest) = line.strip_prefix("output ") {
            let (name, rest) = unquote(rest.trim()).ok_or("expected a quoted output name")?;
            let v = rest.trim().strip_prefix('=').ok_or("expected `=`")?.trim();
            let v = self.value(v)?;
            return self.graph.add_output(&name, v).map_err(|e| e.to_string());
        }
        self.inst(line)
    }

    /// `%R = name [{attrs}] args : type`, or a loop header ending in `{`.
    fn inst(&mut self, line: &str) -> Result<(), String> {
        let (lhs, rhs) = line.split_once('=').ok_or("expected `%N = op …`")?;
        let (rhs, opens) = match rhs.strip_suffix('{') {
            Some(r) => (r.trim_end(), true),
            None => (rhs, false),
        };
        let (body, ty_text) = rhs.rsplit_once(" : ").ok_or("expected ` : type` at the end")?;
        let body = body.trim();
        let (name, mut rest) = body.split_once(' ').unwrap_or((body, ""));
        let mut attrs = BTreeMap::new();
        rest = rest.trim();
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner.find('}').ok_or("unclosed `{`")?;
            for part in split_attrs(&inner[..close]) {
                let (k, v) = part.split_once('=').ok_or_else(|| format!("bad attribute `{part}`"))?;
                if attrs.insert(k.trim().to_string(), v.trim().to_string()).is_some() {
                    return Err(format!("attribute `{}` given twice", k.trim()));
                }
            }
            rest = inner[close + 1..].trim();
        }
        let op = Op::from_parts(name, &attrs)?;
        let args = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split(',').map(|t| self.operand(t.trim())).collect::<Result<Vec<_>, _>>()?
        };
        let want = Type::parse(ty_text.trim()).ok_or_else(|| format!("bad type `{}`", ty_text.trim()))?;
        if opens != matches!(op, Op::Loop { .. }) {
            return Err(if opens {
                "only a `loop` opens a block"
            } else {
                "a `loop` needs a body `{ … }`"
            }
            .into());
        }
        let v = if let Op::Loop { trips } = op {
            let vals = args
                .iter()
                .map(|a| match a {
                    Operand::Value(v) => Ok(*v),
                    Operand::Weight(w) => Err(format!("loop operands are values, got {w}")),
                })
                .collect::<Result<Vec<_>, String>>()?;
            let (v, params) = self.graph.begin_loop(trips, &vals).map_err(|e| e.to_string())?;
            self.frames.push(Frame { params: params.into_iter(), yields: None });
            v
        } else {
            self.graph.push(op, &args).map_err(|e| e.to_string())?
        };
        let got = self.graph.value_type(v).cloned().ok_or("internal: no type")?;
        if got != want {
            return Err(format!("declared type {want} but the op gives {got}"));
        }
        self.define(lhs.trim(), v)
    }
}

/// Parses the text form written by `Display for Graph`.
pub fn parse(text: &str) -> Result<Graph, IrError> {
    let mut p = Parser { graph: Graph::new(), values: HashMap::new(), frames: Vec::new() };
    let mut state = 0; // 0: before `graph {`, 1: inside, 2: after `}`
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        let perr = |msg: String| IrError::Parse { line: i + 1, msg };
        match state {
            0 if line == "graph {" => state = 1,
            0 => return Err(perr(format!("expected `graph {{`, got `{line}`"))),
            1 if line == "}" && p.frames.is_empty() => state = 2,
            1 => p.line(line).map_err(perr)?,
            _ => return Err(perr(format!("text after the end of the graph: `{line}`"))),
        }
    }
    if state != 2 {
        return Err(IrError::Parse { line: text.lines().count(), msg: "missing `graph { … }`".into() });
    }
    // The line-by-line checks above cannot see scoping across loop bodies
    // (an outer value used inside a body); the verifier does.
    p.graph.verify().map_err(|e| IrError::Parse { line: text.lines().count(), msg: e.to_string() })?;
    Ok(p.graph)
}
