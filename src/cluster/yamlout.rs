//! A small YAML writer for JSON values (the `kubecours snapshot` file): block
//! style, keys in their order, strings quoted whenever a YAML 1.1 or 1.2
//! reader could take them for something else, multi-line text as literal
//! blocks when that is exact.

use serde_json::Value;
use std::fmt::Write;

/// The whole value as a YAML document (ends with a newline).
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => map(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => seq(&mut out, a, 0),
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn map(out: &mut String, m: &serde_json::Map<String, Value>, level: usize) {
    for (k, v) in m {
        indent(out, level);
        out.push_str(&key(k));
        out.push(':');
        value_after_key(out, v, level);
    }
}

fn seq(out: &mut String, a: &[Value], level: usize) {
    for v in a {
        indent(out, level);
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() => {
                // First entry on the dash line, the others aligned under it.
                let mut first = true;
                for (k, val) in m {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(out, level + 2);
                    }
                    out.push_str(&key(k));
                    out.push(':');
                    value_after_key(out, val, level + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                seq(out, inner, level + 2);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, level + 2));
                out.push('\n');
            }
        }
    }
}

fn value_after_key(out: &mut String, v: &Value, level: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            map(out, m, level + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            seq(out, a, level);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, level + 2));
            out.push('\n');
        }
    }
}

fn key(k: &str) -> String {
    if plain_ok(k) {
        k.to_string()
    } else {
        quoted(k)
    }
}

fn scalar(v: &Value, level: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if let Some(block) = literal_block(s, level) {
                block
            } else if plain_ok(s) {
                s.clone()
            } else {
                quoted(s)
            }
        }
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// JSON string syntax is valid YAML double-quoted syntax.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Words and numbers a YAML 1.1 or 1.2 reader would not read as text.
fn plain_ok(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf",
    ];
    let first = match s.chars().next() {
        Some(c) => c,
        None => return false,
    };
    if !(first.is_ascii_alphabetic() || first == '/' || first == '_') {
        return false;
    }
    if SPECIAL.contains(&s.to_ascii_lowercase().as_str())
        || s.to_ascii_lowercase()
            .trim_start_matches('.')
            .parse::<f64>()
            .is_ok()
    {
        return false;
    }
    if s.ends_with(':') || s.contains(": ") || s.contains(" #") || s.ends_with(' ') {
        return false;
    }
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./=+@ ,()".contains(c))
        && !s.contains(',')
}

/// `|` / `|-` when the text reads back exactly.
fn literal_block(s: &str, level: usize) -> Option<String> {
    if !s.contains('\n') {
        return None;
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    let chomp = if s.ends_with('\n') { "" } else { "-" };
    if body.ends_with('\n') || body.is_empty() || body.starts_with(' ') || body.starts_with('\n') {
        return None;
    }
    if body.chars().any(|c| c.is_control() && c != '\n')
        || body.lines().any(|l| l.ends_with(' '))
        || body.contains('\u{feff}')
    {
        return None;
    }
    let mut out = format!("|{chomp}\n");
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_empty() {
            let _ = write!(out, "{}{line}", " ".repeat(level));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, parse_stream};
    use serde_json::json;

    fn round_trip(v: Value) {
        let text = to_yaml(&v);
        let stream = parse_stream(&text, Limits::default());
        assert!(
            stream
                .issues
                .iter()
                .all(|i| !matches!(i, crate::yaml::YamlIssue::Syntax { .. })),
            "{text}\n{:?}",
            stream.issues
        );
        assert_eq!(stream.documents[0].root.to_json(), v, "\n{text}");
    }

    #[test]
    fn values_read_back_identical() {
        round_trip(json!({
            "apiVersion": "v1", "kind": "List",
            "items": [
                {"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "x", "on": "yes", "n": "0755"}},
                 "data": {"k": "", "multi": "ligne 1\nligne 2\n", "tricky": "a: b # c", "num": "8000", "t": "true", "e": "1e3"}},
                {"list": [[1, 2], [], {}], "nested": [{"a": [{"b": null}]}], "f": 1.5, "neg": -3, "u": "été", "ctl": "a\u{1}b\n"},
            ],
            "empty": {}, "emptylist": [], "logs": "Traceback (most recent call last):\n  File \"app.py\", line 3\nKeyError: 'DB'",
        }));
    }
}
