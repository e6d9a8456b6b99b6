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
use crate::graph::{Graph, Operand, ValueId, WeightId};
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

impl fmt::Display for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "graph {{")?;
        for input in &self.inputs {
            let ty = self.value_type(input.value).ok_or(fmt::Error)?;
            writeln!(f, "  input {} : {ty} {}", input.value, quote(&input.name))?;
        }
        for (i, w) in self.weights.iter().enumerate() {
            writeln!(f, "  weight {} : {} {}", WeightId(i as u32), w.ty, quote(&w.name))?;
        }
        for inst in &self.insts {
            write!(f, "  {} = {}", inst.result, inst.op.name())?;
            let attrs = inst.op.attrs();
            if !attrs.is_empty() {
                let parts: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, " {{{}}}", parts.join(", "))?;
            }
            for (i, a) in inst.args.iter().enumerate() {
                write!(f, "{}{a}", if i == 0 { " " } else { ", " })?;
            }
            let ty = self.value_type(inst.result).ok_or(fmt::Error)?;
            writeln!(f, " : {ty}")?;
        }
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

struct Parser {
    graph: Graph,
    values: HashMap<u32, ValueId>,
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
            if n as usize >= self.graph.weights.len() {
                return Err(format!("weight @{n} is not declared"));
            }
            return Ok(Operand::Weight(WeightId(n)));
        }
        self.value(tok).map(Operand::Value)
    }

    /// `input %0 : TYPE "name"` / `weight @0 : TYPE "name"`.
    fn decl(rest: &str) -> Result<(&str, Type, String), String> {
        let (id, rest) = rest.split_once(':').ok_or("expected `:`")?;
        let q = rest.find('"').ok_or("expected a quoted name")?;
        let ty = Type::parse(rest[..q].trim()).ok_or_else(|| format!("bad type `{}`", rest[..q].trim()))?;
        let (name, tail) = unquote(&rest[q..]).ok_or("bad quoted name")?;
        if !tail.trim().is_empty() {
            return Err(format!("unexpected `{}`", tail.trim()));
        }
        Ok((id.trim(), ty, name))
    }

    fn line(&mut self, line: &str) -> Result<(), String> {
        if let Some(rest) = line.strip_prefix("input ") {
            let (id, ty, name) = Self::decl(rest)?;
            let v = self.graph.add_input(&name, ty).map_err(|e| e.to_string())?;
            return self.define(id, v);
        }
        if let Some(rest) = line.strip_prefix("weight ") {
            let (id, ty, name) = Self::decl(rest)?;
            let expect = format!("@{}", self.graph.weights.len());
            if id != expect {
                return Err(format!("weights must be numbered in order: expected {expect}, got {id}"));
            }
            if self.graph.weight_by_name(&name).is_some() {
                return Err(format!("weight `{name}` declared twice"));
            }
            self.graph.add_weight(&name, ty).map_err(|e| e.to_string())?;
            return Ok(());
        }
        if let Some(rest) = line.strip_prefix("output ") {
            let (name, rest) = unquote(rest.trim()).ok_or("expected a quoted output name")?;
            let v = rest.trim().strip_prefix('=').ok_or("expected `=`")?.trim();
            let v = self.value(v)?;
            return self.graph.add_output(&name, v).map_err(|e| e.to_string());
        }
        // %R = name [{attrs}] args : type
        let (lhs, rhs) = line.split_once('=').ok_or("expected `%N = op …`")?;
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
        let v = self.graph.push(op, &args).map_err(|e| e.to_string())?;
        let got = self.graph.value_type(v).cloned().ok_or("internal: no type")?;
        if got != want {
            return Err(format!("declared type {want} but the op gives {got}"));
        }
        self.define(lhs.trim(), v)
    }
}

/// Parses the text form written by `Display for Graph`.
pub fn parse(text: &str) -> Result<Graph, IrError> {
    let mut p = Parser { graph: Graph::new(), values: HashMap::new() };
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
            1 if line == "}" => state = 2,
            1 => p.line(line).map_err(perr)?,
            _ => return Err(perr(format!("text after the end of the graph: `{line}`"))),
        }
    }
    if state != 2 {
        return Err(IrError::Parse { line: text.lines().count(), msg: "missing `graph { … }`".into() });
    }
    Ok(p.graph)
}
