//! YAML documents as trees whose every node keeps its position.
//!
//! Built directly from `saphyr-parser` events so that we control what
//! Kubernetes users need and generic loaders do not give: scalars resolved the
//! way `kubectl` resolves them (YAML 1.1: `yes` is a boolean, `0755` is octal),
//! duplicate keys reported with both positions, `<<` merge keys, and alias
//! expansion bounded so that an "alias bomb" is rejected at once.

pub mod path;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as PSpan};
use std::collections::HashMap;

/// A position in a source file: line and column both 1-based (columns count characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const UNKNOWN: Pos = Pos { line: 0, col: 0 };
    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// Start and end of a node (end exclusive, on the same line for scalars).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    /// Characters to underline: the span's width when it stays on one line,
    /// else 1 (at least 1).
    pub fn caret_len(self) -> u32 {
        if self.end.line == self.start.line && self.end.col > self.start.col {
            self.end.col - self.start.col
        } else {
            1
        }
    }

    /// A span of `len` characters on one line.
    pub fn at(start: Pos, len: u32) -> Span {
        Span {
            start,
            end: Pos {
                line: start.line,
                col: start.col + len,
            },
        }
    }

    pub const UNKNOWN: Span = Span {
        start: Pos::UNKNOWN,
        end: Pos::UNKNOWN,
    };
    fn from_parser(s: PSpan) -> Span {
        Span {
            start: Pos {
                line: s.start.line() as u32,
                col: s.start.col() as u32 + 1,
            },
            end: Pos {
                line: s.end.line() as u32,
                col: s.end.col() as u32 + 1,
            },
        }
    }
}

/// How a scalar was written, when that matters to a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Style {
    #[default]
    Plain,
    Quoted,
    Block,
    /// A plain scalar that YAML 1.1 (what Kubernetes uses) reads differently from
    /// YAML 1.2: `yes`/`no`/`on`/`off`/`y`/`n` as booleans, `0755` as octal.
    Yaml11,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Box<str>,
    pub key_span: Span,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
    pub style: Style,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node {
            value,
            span,
            style: Style::Plain,
        }
    }

    /// The value at `key` if this node is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The entry (key position + value) at `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| &*e.key == key),
            _ => None,
        }
    }

    /// Follows a dotted path of mapping keys: `node.at("spec.template.spec")`.
    pub fn at(&self, path: &str) -> Option<&Node> {
        path.split('.').try_fold(self, |n, k| n.get(k))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Items of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// Entries of a mapping (empty for anything else).
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// A short French/English-neutral rendering of a scalar, for messages.
    pub fn scalar_text(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Str(s) => s.to_string(),
            Value::Seq(_) => "[…]".into(),
            Value::Map(_) => "{…}".into(),
        }
    }

    /// Number of nodes in this subtree (itself included).
    pub fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|e| 1 + e.value.size()).sum(),
            _ => 0,
        }
    }

    /// Converts to JSON (positions are dropped).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.to_string(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Builds a position-less tree from JSON (objects read from a cluster).
    pub fn from_json(v: &serde_json::Value) -> Node {
        use serde_json::Value as J;
        let value = match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            J::String(s) => Value::Str(s.as_str().into()),
            J::Array(a) => Value::Seq(a.iter().map(Node::from_json).collect()),
            J::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| Entry {
                        key: k.as_str().into(),
                        key_span: Span::UNKNOWN,
                        value: Node::from_json(v),
                    })
                    .collect(),
            ),
        };
        Node::new(value, Span::UNKNOWN)
    }
}

/// A field path kept as a chain on the stack while a rule walks a tree,
/// written out only when it is needed (most walks find nothing: building
/// every path as a string costs more than the walk itself).
#[derive(Clone, Copy, Debug)]
pub enum Trail<'a> {
    /// Where the walk starts, already written (`items[2]`, or empty).
    Root(&'a str),
    Key(&'a Trail<'a>, &'a str),
    Index(&'a Trail<'a>, usize),
}

impl Trail<'_> {
    /// The path as findings show it (see [`push_key`]).
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    fn write(&self, out: &mut String) {
        match self {
            Trail::Root(p) => out.push_str(p),
            Trail::Key(parent, k) => {
                parent.write(out);
                push_key(out, k);
            }
            Trail::Index(parent, i) => {
                parent.write(out);
                use std::fmt::Write as _;
                let _ = write!(out, "[{i}]");
            }
        }
    }
}

/// Appends a mapping key to a field path: `spec` + `replicas` →
/// `spec.replicas`; a key with a dot or a bracket is written in brackets,
/// `metadata.labels["app.kubernetes.io/name"]`, so the path stays readable.
pub fn push_key(path: &mut String, key: &str) {
    if key.contains(['.', '[', ']', '"']) || key.is_empty() {
        path.push_str("[\"");
        path.push_str(&key.replace('"', "\\\""));
        path.push_str("\"]");
    } else {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    }
}

/// The last key of a field path (`containerPort` of
/// `spec.containers[0].ports[0].containerPort`, `app.kubernetes.io/name` of
/// `metadata.labels["app.kubernetes.io/name"]`), without list indexes.
pub fn last_key(path: &str) -> &str {
    let mut p = path;
    // Drop trailing `[N]` indexes.
    while p.ends_with(']') {
        match p.rfind('[') {
            Some(i) if p[i + 1..p.len() - 1].bytes().all(|b| b.is_ascii_digit()) => p = &p[..i],
            Some(i) if p[i + 1..].starts_with('"') => {
                return p[i + 2..p.len() - 2].trim_end_matches('\\');
            }
            _ => break,
        }
    }
    p.rsplit('.').next().unwrap_or(p)
}

/// Limits that keep hostile input cheap to reject.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum number of nodes in one document once aliases are expanded.
    pub max_nodes: usize,
    /// Maximum nesting depth.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_nodes: 200_000,
            max_depth: 200,
        }
    }
}

/// A problem found while reading YAML.
#[derive(Clone, Debug, PartialEq)]
pub enum YamlIssue {
    /// The parser stopped: message from the scanner, at a position.
    Syntax { pos: Pos, message: String },
    /// The same key twice in one mapping.
    DuplicateKey {
        key: String,
        first: Span,
        second: Span,
    },
    /// Expanding aliases (or nesting) went over the limits.
    Limit { pos: Pos, nodes: usize, depth: bool },
    /// A plain scalar read differently by YAML 1.1 and 1.2.
    Yaml11 {
        span: Span,
        text: String,
        read_as: String,
    },
}

/// One document of a stream.
#[derive(Debug)]
pub struct Document {
    pub root: Node,
    /// Position of the `---` or of the first node.
    pub start: Pos,
}

/// Result of loading a whole stream: the documents read before any fatal
/// syntax error, and every issue met.
#[derive(Debug, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub issues: Vec<YamlIssue>,
}

/// An open sequence or mapping. Their items wait on the builder's two
/// stacks (from `start` on) and move, once complete, into a list of exactly
/// their size: no list grows by doubling, none keeps spare room.
enum Frame {
    Seq {
        start: usize,
        span: Span,
        anchor: usize,
    },
    Map {
        start: usize,
        span: Span,
        anchor: usize,
        pending_key: Option<(Box<str>, Span)>,
        /// Keys that came from a `<<` merge: they may be overridden silently.
        merged: Vec<Box<str>>,
    },
}

struct Builder {
    limits: Limits,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    stack: Vec<Frame>,
    /// Items of the open sequences, innermost last.
    items: Vec<Node>,
    /// Entries of the open mappings, innermost last.
    entries: Vec<Entry>,
    issues: Vec<YamlIssue>,
    done: Option<Node>,
}

impl Builder {
    fn new(limits: Limits) -> Builder {
        Builder {
            limits,
            anchors: HashMap::new(),
            nodes: 0,
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            issues: Vec::new(),
            done: None,
        }
    }

    /// Opens a sequence or mapping: one node more, one level deeper.
    fn open(&mut self, pos: Pos) -> Result<(), ()> {
        if self.stack.len() >= self.limits.max_depth {
            self.issues.push(YamlIssue::Limit {
                pos,
                nodes: self.nodes,
                depth: true,
            });
            return Err(());
        }
        self.count(1, pos)
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), ()> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            self.issues.push(YamlIssue::Limit {
                pos,
                nodes: self.nodes,
                depth: false,
            });
            return Err(());
        }
        Ok(())
    }

    /// Adds a finished node to the current container (or as the document root).
    fn push(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            let size = node.size();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.done = Some(node),
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map {
                start,
                pending_key,
                merged,
                ..
            }) => match pending_key.take() {
                None => {
                    // This node is a key.
                    let span = node.span;
                    let key: Box<str> = match node.value {
                        Value::Str(s) => s,
                        Value::Null => "".into(),
                        _ => node.scalar_text().into(),
                    };
                    *pending_key = Some((key, span));
                }
                Some((key, key_span)) => {
                    let start = *start;
                    let entries = &mut self.entries;
                    if &*key == "<<" {
                        merge_into(entries, start, merged, node);
                        return;
                    }
                    if let Some(pos) = entries[start..]
                        .iter()
                        .position(|e| e.key == key)
                        .map(|p| start + p)
                    {
                        if let Some(m) = merged.iter().position(|k| *k == key) {
                            merged.swap_remove(m);
                            entries[pos] = Entry {
                                key,
                                key_span,
                                value: node,
                            };
                        } else {
                            self.issues.push(YamlIssue::DuplicateKey {
                                key: key.to_string(),
                                first: entries[pos].key_span,
                                second: key_span,
                            });
                            // Like kubectl, which rejects the file; keep the first for later checks.
                        }
                    } else {
                        entries.push(Entry {
                            key,
                            key_span,
                            value: node,
                        });
                    }
                }
            },
        }
    }
}

/// A `<<` merge into the open mapping whose entries start at `start`.
fn merge_into(entries: &mut Vec<Entry>, start: usize, merged: &mut Vec<Box<str>>, node: Node) {
    let sources: Vec<Node> = match node.value {
        Value::Map(_) => vec![node],
        Value::Seq(items) => items,
        _ => return,
    };
    for src in sources {
        if let Value::Map(src_entries) = src.value {
            for e in src_entries {
                if !entries[start..].iter().any(|x| x.key == e.key) {
                    merged.push(e.key.clone());
                    entries.push(e);
                }
            }
        }
    }
}

/// Parses a whole YAML stream (many documents) with positions.
pub fn parse_stream(text: &str, limits: Limits) -> Stream {
    let mut out = Stream::default();
    let mut b = Builder::new(limits);
    let mut doc_start = Pos::UNKNOWN;
    for item in Parser::new_from_str(text) {
        let (event, pspan) = match item {
            Ok(x) => x,
            Err(e) => {
                let m = e.marker();
                out.issues.push(YamlIssue::Syntax {
                    pos: Pos {
                        line: m.line() as u32,
                        col: m.col() as u32 + 1,
                    },
                    message: e.info().to_string(),
                });
                break;
            }
        };
        let span = Span::from_parser(pspan);
        match event {
            Event::DocumentStart(_) => {
                b.anchors.clear();
                b.nodes = 0;
                doc_start = span.start;
            }
            Event::DocumentEnd => {
                if let Some(root) = b.done.take() {
                    out.documents.push(Document {
                        root,
                        start: doc_start,
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if b.count(1, span.start).is_err() {
                    break;
                }
                let tag_suffix = tag.as_ref().map(|t| t.suffix.as_str());
                let node = resolve_scalar(&text, style, tag_suffix, span, &mut b.issues);
                b.push(node, anchor);
            }
            Event::Alias(id) => {
                let Some(size) = b.anchors.get(&id).map(|(_, s)| *s) else {
                    out.issues.push(YamlIssue::Syntax {
                        pos: span.start,
                        message: "unknown anchor".into(),
                    });
                    break;
                };
                // Count before copying: a bomb is rejected without expanding it.
                if b.count(size, span.start).is_err() {
                    break;
                }
                let node = b.anchors[&id].0.clone();
                b.push(node, 0);
            }
            Event::SequenceStart(anchor, _) => {
                if b.open(span.start).is_err() {
                    break;
                }
                b.stack.push(Frame::Seq {
                    start: b.items.len(),
                    span,
                    anchor,
                });
            }
            Event::MappingStart(anchor, _) => {
                if b.open(span.start).is_err() {
                    break;
                }
                b.stack.push(Frame::Map {
                    start: b.entries.len(),
                    span,
                    anchor,
                    pending_key: None,
                    merged: Vec::new(),
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    start,
                    span,
                    anchor,
                }) = b.stack.pop()
                {
                    let items = b.items.drain(start..).collect();
                    b.push(Node::new(Value::Seq(items), span), anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    span,
                    anchor,
                    ..
                }) = b.stack.pop()
                {
                    let entries = b.entries.drain(start..).collect();
                    b.push(Node::new(Value::Map(entries), span), anchor);
                }
            }
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing => {}
        }
    }
    // A document cut short by an error keeps nothing: its tree is incomplete.
    out.issues.append(&mut b.issues);
    out
}

fn resolve_scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&str>,
    span: Span,
    issues: &mut Vec<YamlIssue>,
) -> Node {
    let quoted = !matches!(style, ScalarStyle::Plain);
    let mut node = Node::new(Value::Str(text.into()), span);
    if quoted {
        node.style = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
            _ => Style::Quoted,
        };
        if tag.is_none() {
            return node;
        }
    }
    match tag {
        Some("str") => return node,
        Some("int") => {
            if let Some(i) = parse_int(text) {
                node.value = Value::Int(i);
            }
            return node;
        }
        Some("bool") => {
            if let Some(b) = parse_bool(text) {
                node.value = Value::Bool(b.0);
            }
            return node;
        }
        Some("float") => {
            if let Some(f) = parse_float(text) {
                node.value = Value::Float(f);
            }
            return node;
        }
        Some("null") => {
            node.value = Value::Null;
            return node;
        }
        _ => {}
    }
    if quoted {
        return node;
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        node.value = Value::Null;
        return node;
    }
    if let Some((b, yaml11)) = parse_bool(text) {
        node.value = Value::Bool(b);
        if yaml11 {
            node.style = Style::Yaml11;
            issues.push(YamlIssue::Yaml11 {
                span,
                text: text.into(),
                read_as: b.to_string(),
            });
        }
        return node;
    }
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        if let Some(i) = parse_int(text) {
            node.value = Value::Int(i);
            let digits = text.trim_start_matches(['-', '+']);
            if digits.len() > 1
                && digits.starts_with('0')
                && digits.bytes().all(|c| c.is_ascii_digit() || c == b'_')
            {
                node.style = Style::Yaml11;
                issues.push(YamlIssue::Yaml11 {
                    span,
                    text: text.into(),
                    read_as: i.to_string(),
                });
            }
            return node;
        }
        if let Some(f) = parse_float(text) {
            node.value = Value::Float(f);
        }
    }
    node
}

/// YAML 1.1 booleans; the flag says "only a boolean in YAML 1.1".
fn parse_bool(t: &str) -> Option<(bool, bool)> {
    Some(match t {
        "true" | "True" | "TRUE" => (true, false),
        "false" | "False" | "FALSE" => (false, false),
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => (true, true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => (false, true),
        _ => return None,
    })
}

fn parse_int(t: &str) -> Option<i64> {
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if body.is_empty() {
        return None;
    }
    let clean: String;
    let body = if body.contains('_') {
        clean = body.replace('_', "");
        clean.as_str()
    } else {
        body
    };
    let v = if let Some(h) = body.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(o) = body.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()?
    } else if let Some(bin) = body.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        // YAML 1.1 octal, as go-yaml (and so kubectl) reads it.
        i64::from_str_radix(body, 8).ok()?
    } else {
        if !body.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        body.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

fn parse_float(t: &str) -> Option<f64> {
    match t {
        ".inf" | ".Inf" | ".INF" | "+.inf" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let ok = t
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
        && t.bytes().any(|c| c.is_ascii_digit());
    if !ok {
        return None;
    }
    t.replace('_', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let s = parse_stream(text, Limits::default());
        assert!(
            s.issues
                .iter()
                .all(|i| matches!(i, YamlIssue::Yaml11 { .. })),
            "{:?}",
            s.issues
        );
        s.documents.into_iter().next().unwrap().root
    }

    #[test]
    fn positions_are_one_based() {
        let n = one("a:\n  b: 12\n");
        let b = n.get("a").unwrap().entry("b").unwrap();
        assert_eq!(b.key_span.start, Pos { line: 2, col: 3 });
        assert_eq!(b.value.span.start, Pos { line: 2, col: 6 });
        assert_eq!(b.value.as_i64(), Some(12));
    }

    #[test]
    fn yaml_1_1_scalars() {
        let n = one("a: yes\nb: 0755\nc: \"yes\"\nd: 8000\ne: 1.5\nf: ~\ng: 0x1F\nh: 1e3\n");
        assert_eq!(n.get("a").unwrap().as_bool(), Some(true));
        assert_eq!(n.get("a").unwrap().style, Style::Yaml11);
        assert_eq!(n.get("b").unwrap().as_i64(), Some(0o755));
        assert_eq!(n.get("c").unwrap().as_str(), Some("yes"));
        assert_eq!(n.get("d").unwrap().as_i64(), Some(8000));
        assert_eq!(n.get("e").unwrap().value, Value::Float(1.5));
        assert!(n.get("f").unwrap().is_null());
        assert_eq!(n.get("g").unwrap().as_i64(), Some(31));
        assert_eq!(n.get("h").unwrap().value, Value::Float(1000.0));
    }

    #[test]
    fn strings_that_look_like_numbers_stay_strings() {
        let n = one("a: 1.2.3\nb: 10Mi\nc: 500m\nd: -x\ne: 1_000\n");
        assert_eq!(n.get("a").unwrap().as_str(), Some("1.2.3"));
        assert_eq!(n.get("b").unwrap().as_str(), Some("10Mi"));
        assert_eq!(n.get("c").unwrap().as_str(), Some("500m"));
        assert_eq!(n.get("d").unwrap().as_str(), Some("-x"));
        assert_eq!(n.get("e").unwrap().as_i64(), Some(1000));
    }

    #[test]
    fn duplicate_keys_are_reported_with_both_positions() {
        let s = parse_stream("a: 1\nb: 2\na: 3\n", Limits::default());
        match &s.issues[..] {
            [YamlIssue::DuplicateKey { key, first, second }] => {
                assert_eq!(key, "a");
                assert_eq!(first.start.line, 1);
                assert_eq!(second.start.line, 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn merge_keys_and_overrides() {
        let n = one("base: &b {cpu: 1, memory: 2}\nc:\n  <<: *b\n  memory: 3\n");
        let c = n.get("c").unwrap();
        assert_eq!(c.get("cpu").unwrap().as_i64(), Some(1));
        assert_eq!(c.get("memory").unwrap().as_i64(), Some(3));
        // A bare `y` is `true` in YAML 1.1, keys included, as kubectl reads it.
        assert!(one("y: 1\n").get("true").is_some());
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut t = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            t.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        let s = parse_stream(&t, Limits::default());
        assert!(
            s.issues
                .iter()
                .any(|i| matches!(i, YamlIssue::Limit { .. }))
        );
        assert!(s.documents.is_empty());
    }

    #[test]
    fn several_documents() {
        let s = parse_stream("a: 1\n---\nb: 2\n---\n", Limits::default());
        // The trailing `---` opens an empty document (skipped by the loader).
        assert_eq!(s.documents.len(), 3);
        assert!(s.documents[2].root.is_null());
        assert_eq!(s.documents[1].root.get("b").unwrap().span.start.line, 3);
    }

    #[test]
    fn syntax_error_has_a_position() {
        let s = parse_stream("a: [1, 2\nb: 3\n", Limits::default());
        assert!(matches!(s.issues[0], YamlIssue::Syntax { .. }));
    }
}
