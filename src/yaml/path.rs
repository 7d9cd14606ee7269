//! Field paths of expectations: `spec.ports[0].port`, `containers[*].image`,
//! `containers[name=backend].ports`, `metadata.labels."app.kubernetes.io/name"`.

use crate::yaml::{Node, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Key(String),
    Index(usize),
    Any,
    Filter(String, String),
}

/// Parses a path; the error says what is wrong, in French and English.
pub fn parse(path: &str) -> Result<Vec<Segment>, (String, String)> {
    let err = |fr: &str, en: &str| {
        Err((
            format!("chemin `{path}` : {fr}"),
            format!("path `{path}`: {en}"),
        ))
    };
    let mut out = Vec::new();
    let chars: Vec<char> = path.chars().collect();
    let mut i = 0;
    if chars.is_empty() {
        return err("vide", "empty");
    }
    loop {
        // A key (quoted or bare), unless the segment starts with a bracket.
        if i < chars.len() && chars[i] == '"' {
            let start = i + 1;
            let Some(end) = chars[start..].iter().position(|&c| c == '"') else {
                return err("guillemet non refermé", "unclosed quote");
            };
            out.push(Segment::Key(chars[start..start + end].iter().collect()));
            i = start + end + 1;
        } else if i < chars.len() && chars[i] != '[' {
            let start = i;
            while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                if !(chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '/')) {
                    return err(
                        &format!("caractère `{}` inattendu", chars[i]),
                        &format!("unexpected character `{}`", chars[i]),
                    );
                }
                i += 1;
            }
            if i == start {
                return err("clé vide", "empty key");
            }
            out.push(Segment::Key(chars[start..i].iter().collect()));
        } else if out.is_empty() {
            return err("il doit commencer par une clé", "it must start with a key");
        }
        while i < chars.len() && chars[i] == '[' {
            let Some(end) = chars[i..].iter().position(|&c| c == ']') else {
                return err("`[` non refermé", "unclosed `[`");
            };
            let inner: String = chars[i + 1..i + end].iter().collect();
            i += end + 1;
            if inner == "*" {
                out.push(Segment::Any);
            } else if let Ok(n) = inner.parse::<usize>() {
                out.push(Segment::Index(n));
            } else if let Some((k, v)) = inner.split_once('=') {
                if k.is_empty() {
                    return err(
                        "filtre `[clé=valeur]` sans clé",
                        "`[key=value]` filter without key",
                    );
                }
                out.push(Segment::Filter(k.to_string(), v.to_string()));
            } else {
                return err(
                    &format!("`[{inner}]` : attendu `[N]`, `[*]` ou `[clé=valeur]`"),
                    &format!("`[{inner}]`: expected `[N]`, `[*]` or `[key=value]`"),
                );
            }
        }
        if i == chars.len() {
            return Ok(out);
        }
        if chars[i] != '.' || i + 1 == chars.len() {
            return err(
                "`.` attendu entre deux segments",
                "`.` expected between segments",
            );
        }
        i += 1;
    }
}

/// The text form of a scalar (a mapping or list has none).
pub fn text_form(n: &Node) -> Option<String> {
    match &n.value {
        Value::Seq(_) | Value::Map(_) | Value::Null => None,
        _ => Some(n.scalar_text()),
    }
}

/// Every node the path leads to.
pub fn select<'a>(root: &'a Node, path: &[Segment]) -> Vec<&'a Node> {
    let mut current = vec![root];
    for seg in path {
        let mut next = Vec::new();
        for n in current {
            match seg {
                Segment::Key(k) => next.extend(n.get(k)),
                Segment::Index(i) => next.extend(n.items().get(*i)),
                Segment::Any => next.extend(n.items()),
                Segment::Filter(k, v) => {
                    next.extend(n.items().iter().filter(|item| {
                        item.get(k).and_then(text_form).as_deref() == Some(v.as_str())
                    }))
                }
            }
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            parse("spec.template.spec.containers[name=web].ports[*].containerPort").unwrap(),
            vec![
                Segment::Key("spec".into()),
                Segment::Key("template".into()),
                Segment::Key("spec".into()),
                Segment::Key("containers".into()),
                Segment::Filter("name".into(), "web".into()),
                Segment::Key("ports".into()),
                Segment::Any,
                Segment::Key("containerPort".into()),
            ]
        );
        assert_eq!(
            parse("metadata.labels.\"app.kubernetes.io/name\"").unwrap()[2],
            Segment::Key("app.kubernetes.io/name".into())
        );
        assert_eq!(parse("spec.ports[0]").unwrap()[2], Segment::Index(0));
        for bad in ["", "spec.", "spec..a", "spec[x", "spec[x]", "[0]", "a b"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
