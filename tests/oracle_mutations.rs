//! The oracle's mutation data (`tests/fixtures/oracle/`), without a server:
//! every mutation of the sections 4 to 12 of `docs/api-validation.md` (and
//! META-13, POD-E08) is applied to its base exactly as the data file's
//! header describes, the result is linted, and the verdict must match the
//! expected one: a rejected mutation raises at least one error, an accepted
//! one raises none. The bases themselves lint without error.

use kubecours::diag::Severity;
use kubecours::engine::{Options, lint_sources};
use kubecours::i18n::Lang;
use kubecours::source::SourceFile;
use kubecours::yaml::{Limits, YamlIssue, parse_stream};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The rule-id prefixes of the sections this test covers.
const SECTIONS: &[&str] = &[
    "WL-", "DEP-", "STS-", "DS-", "RC-", "JOB-", "CJ-", "SVC-", "ING-", "ICL-", "CM-", "SEC-",
    "PVC-", "PV-", "SC-P", "NS-", "SA-", "LR-", "RQ-", "RBAC-", "HPA-", "PDB-", "NP-", "PC-",
    "LEASE-", "META-13", "POD-E08",
];

/// Accepted by `kubectl apply --dry-run=server` but rejected by a real
/// create, which kubecours follows: (mutation, the one rule that must flag it).
const REAL_CREATE_REJECTS: &[(&str, &str)] = &[
    // The node-port allocator checks the range only when it really allocates.
    (
        "svc-nodeport-out-of-range-dry-run-accepted",
        "nodeport-range",
    ),
];

fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oracle")
}

/// A YAML text as JSON, through kubecours's own reader (YAML 1.1 scalars, as kubectl).
fn read_yaml(text: &str) -> Value {
    let stream = parse_stream(text, Limits::default());
    let fatal: Vec<_> = stream
        .issues
        .iter()
        .filter(|i| !matches!(i, YamlIssue::Yaml11 { .. }))
        .collect();
    assert!(fatal.is_empty(), "unreadable YAML: {fatal:?}");
    let docs: Vec<Value> = stream.documents.iter().map(|d| d.root.to_json()).collect();
    match docs.len() {
        1 => docs.into_iter().next().unwrap(),
        _ => Value::Array(docs),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// `spec.rules[0].http.paths[1]`, `data["tls.key"]`, `metadata.labels["my label"]`.
fn parse_path(path: &str) -> Vec<Seg> {
    let b = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut key = String::new();
    while i < b.len() {
        match b[i] {
            b'.' => {
                if !key.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut key)));
                }
                i += 1;
            }
            b'[' => {
                if !key.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut key)));
                }
                let end = if b.get(i + 1) == Some(&b'"') {
                    let close = path[i + 2..].find("\"]").expect("closing \"]") + i + 2;
                    out.push(Seg::Key(path[i + 2..close].to_string()));
                    close + 2
                } else {
                    let close = path[i..].find(']').expect("closing ]") + i;
                    out.push(Seg::Index(path[i + 1..close].parse().expect("index")));
                    close + 1
                };
                i = end;
            }
            _ => {
                let c = path[i..].chars().next().unwrap();
                key.push(c);
                i += c.len_utf8();
            }
        }
    }
    if !key.is_empty() {
        out.push(Seg::Key(key));
    }
    out
}

fn child<'v>(v: &'v mut Value, seg: &Seg, id: &str) -> &'v mut Value {
    match (seg, v) {
        (Seg::Key(k), Value::Object(m)) => m
            .get_mut(k)
            .unwrap_or_else(|| panic!("{id}: no key `{k}` in the base")),
        (Seg::Index(i), Value::Array(a)) => {
            let n = a.len();
            a.get_mut(*i)
                .unwrap_or_else(|| panic!("{id}: index {i} out of {n}"))
        }
        (s, v) => panic!("{id}: cannot follow {s:?} in {v}"),
    }
}

/// Applies one mutation to a base document.
fn apply(doc: &mut Value, m: &serde_json::Map<String, Value>) {
    let id = m["id"].as_str().unwrap();
    let op = m["op"].as_str().unwrap();
    let segs = parse_path(m["path"].as_str().unwrap());
    let (last, parents) = segs.split_last().unwrap();
    let mut parent = &mut *doc;
    for s in parents {
        parent = child(parent, s, id);
    }
    let value = m.get("value").cloned().unwrap_or(Value::Null);
    match op {
        "set" => match (last, parent) {
            (Seg::Key(k), Value::Object(o)) => {
                o.insert(k.clone(), value);
            }
            (Seg::Index(i), Value::Array(a)) => a[*i] = value,
            (s, p) => panic!("{id}: cannot set {s:?} in {p}"),
        },
        "delete" => match (last, parent) {
            (Seg::Key(k), Value::Object(o)) => {
                assert!(o.remove(k).is_some(), "{id}: nothing to delete at `{k}`");
            }
            (Seg::Index(i), Value::Array(a)) => {
                a.remove(*i);
            }
            (s, p) => panic!("{id}: cannot delete {s:?} in {p}"),
        },
        "append" => match child(parent, last, id) {
            Value::Array(a) => a.push(value),
            v => panic!("{id}: append to a non-list {v}"),
        },
        "duplicate" => {
            let Seg::Index(i) = last else {
                panic!("{id}: duplicate needs a list item")
            };
            match parent {
                Value::Array(a) => {
                    let copy = a[*i].clone();
                    a.push(copy);
                }
                v => panic!("{id}: duplicate in a non-list {v}"),
            }
        }
        _ => panic!("{id}: unknown op {op}"),
    }
}

/// Block YAML with every string double-quoted (JSON escapes are YAML escapes).
fn emit(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                out.push_str(&pad);
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                scalar_or_block(x, indent, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for x in a {
                out.push_str(&pad);
                out.push('-');
                scalar_or_block(x, indent, out);
            }
        }
        _ => {
            out.push_str(&pad);
            out.push_str(&inline(v));
            out.push('\n');
        }
    }
}

fn scalar_or_block(x: &Value, indent: usize, out: &mut String) {
    match x {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            emit(x, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            emit(x, indent + 2, out);
        }
        _ => {
            out.push(' ');
            out.push_str(&inline(x));
            out.push('\n');
        }
    }
}

fn inline(v: &Value) -> String {
    match v {
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::Null => "null".into(),
        other => serde_json::to_string(other).unwrap(),
    }
}

fn to_yaml(v: &Value) -> String {
    let mut s = String::new();
    emit(v, 0, &mut s);
    s
}

/// The errors kubecours raises on a text: (rule id, path, message).
fn errors(name: &str, text: &str) -> Vec<(String, String, String)> {
    let run = lint_sources(vec![SourceFile::from_text(name, text)], &Options::default());
    run.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.id().to_string(), f.path.clone(), f.message(Lang::En)))
        .collect()
}

fn in_sections(reason: &str) -> bool {
    let id = reason.split(':').next().unwrap_or("");
    SECTIONS.iter().any(|p| id.starts_with(p))
}

fn mutations() -> Vec<serde_json::Map<String, Value>> {
    let text = std::fs::read_to_string(oracle_dir().join("mutations.yaml")).unwrap();
    match read_yaml(&text) {
        Value::Array(a) => a
            .into_iter()
            .map(|m| match m {
                Value::Object(o) => o,
                _ => panic!("a mutation is not a mapping"),
            })
            .collect(),
        _ => panic!("mutations.yaml is not a list"),
    }
}

#[test]
fn the_bases_lint_without_error() {
    let mut failures = Vec::new();
    for e in std::fs::read_dir(oracle_dir().join("bases")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&p).unwrap();
        for (id, path, msg) in errors(&name, &text) {
            failures.push(format!("{name}: {id} at {path}: {msg}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_mutations_of_sections_4_to_12_get_the_servers_verdict() {
    let mut failures = Vec::new();
    let (mut rejected, mut caught, mut accepted, mut clean) = (0, 0, 0, 0);
    for m in mutations() {
        let reason = m["reason"].as_str().unwrap();
        if !in_sections(reason) {
            continue;
        }
        let id = m["id"].as_str().unwrap();
        let base = m["base"].as_str().unwrap();
        let text = std::fs::read_to_string(oracle_dir().join("bases").join(base)).unwrap();
        let mut doc = read_yaml(&text);
        apply(&mut doc, &m);
        let yaml = to_yaml(&doc);
        let errs = errors(&format!("{id}.yaml"), &yaml);
        let expect_accepted = m.get("expect").and_then(Value::as_str) == Some("accepted");
        if let Some((_, rule)) = REAL_CREATE_REJECTS.iter().find(|(m, _)| *m == id) {
            accepted += 1;
            if !errs.is_empty() && errs.iter().all(|(r, _, _)| r == rule) {
                clean += 1;
            } else {
                failures.push(format!(
                    "| {id} | rejected by a real create | expected `{rule}` alone, got {errs:?} |"
                ));
            }
        } else if expect_accepted {
            accepted += 1;
            if errs.is_empty() {
                clean += 1;
            } else {
                let got: Vec<String> = errs
                    .iter()
                    .map(|(r, p, msg)| format!("{r} at {p}: {msg}"))
                    .collect();
                failures.push(format!(
                    "| {id} | accepted | flagged: {} |",
                    got.join(" / ")
                ));
            }
        } else {
            rejected += 1;
            if errs.is_empty() {
                failures.push(format!("| {id} | rejected | no error (server: {reason}) |"));
            } else {
                caught += 1;
            }
        }
    }
    println!("rejections caught: {caught}/{rejected}; acceptances left clean: {clean}/{accepted}");
    assert!(
        failures.is_empty(),
        "\n| mutation | server | kubecours |\n|---|---|---|\n{}\n\nrejections caught: {caught}/{rejected}; acceptances left clean: {clean}/{accepted}",
        failures.join("\n")
    );
}

#[test]
fn the_path_syntax_of_the_data_file() {
    assert_eq!(
        parse_path(r#"metadata.labels["app.kubernetes.io/name"]"#),
        [
            Seg::Key("metadata".into()),
            Seg::Key("labels".into()),
            Seg::Key("app.kubernetes.io/name".into())
        ]
    );
    assert_eq!(
        parse_path("spec.ports[1].name"),
        [
            Seg::Key("spec".into()),
            Seg::Key("ports".into()),
            Seg::Index(1),
            Seg::Key("name".into())
        ]
    );
    let mut doc = read_yaml("a:\n  b: [1, 2]\n  c: {x: 1}\n");
    let m = |op: &str, path: &str, value: Option<Value>| {
        let mut o = serde_json::Map::new();
        o.insert("id".into(), "t".into());
        o.insert("op".into(), op.into());
        o.insert("path".into(), path.into());
        if let Some(v) = value {
            o.insert("value".into(), v);
        }
        o
    };
    apply(&mut doc, &m("append", "a.b", Some(3.into())));
    apply(&mut doc, &m("duplicate", "a.b[0]", None));
    apply(&mut doc, &m("set", r#"a.c["y.z"]"#, Some("25".into())));
    apply(&mut doc, &m("delete", "a.c.x", None));
    assert_eq!(
        doc,
        serde_json::json!({"a": {"b": [1, 2, 3, 1], "c": {"y.z": "25"}}})
    );
    let back = read_yaml(&to_yaml(&doc));
    assert_eq!(back, doc);
}
