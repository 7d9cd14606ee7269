//! Helpers shared by the beginner-pitfall rules: how to name a container in a
//! message, where to point when a field is missing, Secret values (a strict
//! base64 decoder that behaves like the API server's, and the list of
//! placeholders that are obviously not real secrets).

use crate::diag::Msg;
use crate::manifest::Object;
use crate::msg;
use crate::yaml::{Node, Span};

/// "du Deployment" / "de l'Ingress" (French needs the article), "of Deployment" in English.
pub fn of_kind(kind: &str) -> Msg {
    if kind.starts_with(['A', 'E', 'I', 'O', 'U', 'H']) {
        msg!("de l'{kind}", "of {kind}", kind)
    } else {
        msg!("du {kind}", "of {kind}", kind)
    }
}

/// "un Service" / "une ConfigMap" / "a Service" (French needs the article's gender).
pub fn a_kind(kind: &str) -> Msg {
    const FEMININE: &[&str] = &[
        "ConfigMap",
        "PriorityClass",
        "RuntimeClass",
        "StorageClass",
        "IngressClass",
        "NetworkPolicy",
        "LimitRange",
        "ResourceQuota",
    ];
    if FEMININE.contains(&kind) {
        msg!("une {kind}", "a {kind}", kind)
    } else {
        msg!("un {kind}", "a {kind}", kind)
    }
}

/// The name of a container, or its position when it has none.
pub fn container_name(c: &Node, path: &str) -> String {
    match c.get("name").and_then(Node::as_str) {
        Some(n) => format!("`{n}`"),
        None => {
            let idx = path
                .rsplit('[')
                .next()
                .and_then(|s| s.strip_suffix(']'))
                .unwrap_or("?");
            format!("n°{idx}")
        }
    }
}

/// "le conteneur `web` du Deployment `site`" / "container `web` of Deployment `site`"
/// ("le conteneur d'initialisation …" for an init container).
pub fn container_label(c: &Node, path: &str, obj: &Object) -> Msg {
    let name = container_name(c, path);
    let of = of_kind(&obj.kind);
    let obj_name = &obj.name;
    if path.contains("initContainers") {
        msg!(
            "le conteneur d'initialisation {name} {of} `{obj_name}`",
            "init container {name} {of} `{obj_name}`",
            name,
            of,
            obj_name
        )
    } else {
        msg!(
            "le conteneur {name} {of} `{obj_name}`",
            "container {name} {of} `{obj_name}`",
            name,
            of,
            obj_name
        )
    }
}

/// Where to point for a field missing in a container: its `name` key, else the container itself.
pub fn container_anchor(c: &Node) -> Span {
    c.entry("name")
        .map(|e| e.key_span)
        .filter(|s| s.start.is_known())
        .unwrap_or(c.span)
}

/// Container ports that usually serve plain HTTP: web servers and the development servers of
/// the usual frameworks (Flask 5000, FastAPI/Django 8000, Node 3000, Vite 5173, Streamlit 8501,
/// Shiny 3838, Dash 8050, Jupyter 8888, Gradio 7860, Angular 4200, Tomcat/Spring 8080).
pub const PLAIN_HTTP_PORTS: &[i64] = &[
    80, 8080, 8000, 8081, 5000, 3000, 5173, 8501, 3838, 8050, 8888, 7860, 4200,
];

/// Does a container port (its name, or its number) look like plain HTTP?
pub fn looks_plain_http(name: Option<&str>, number: Option<i64>) -> bool {
    match name {
        Some(n) => {
            let n = n.to_ascii_lowercase();
            n == "http" || n.starts_with("http-") || n == "web"
        }
        None => number.is_some_and(|n| PLAIN_HTTP_PORTS.contains(&n)),
    }
}

/// Why a `data` value of a Secret is not base64. Never carries the value itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum B64Error {
    /// A space (or tab) at this 1-based character position: clear text, most likely.
    Space(usize),
    /// A non-ASCII character (an accent…) at this position.
    NonAscii(usize),
    /// `-` or `_`: the URL-safe alphabet, not the standard one.
    UrlSafe(usize),
    /// Any other character outside the alphabet.
    Invalid(usize),
    /// `=` where it cannot be (not at the end).
    Padding(usize),
    /// The length (without line breaks) is not a multiple of 4: missing `=` padding.
    Length(usize),
}

fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Decodes standard base64 the way the API server does (Go's `base64.StdEncoding`):
/// standard alphabet, `=` padding required, line breaks (`\r`, `\n`) ignored,
/// non-zero trailing bits tolerated.
pub fn decode_base64(s: &str) -> Result<Vec<u8>, B64Error> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut quantum = [0u32; 4];
    let mut n = 0usize; // characters in the current quantum
    let mut count = 0usize; // significant characters (no line breaks)
    let mut pad = 0usize; // `=` seen
    let mut pad_at = 0usize;
    for (i, ch) in s.chars().enumerate() {
        let pos = i + 1;
        if ch == '\n' || ch == '\r' {
            continue;
        }
        if pad > 0 && ch != '=' {
            return Err(B64Error::Padding(pad_at));
        }
        match ch {
            '=' => {
                // Padding only in the 3rd or 4th place of the last quantum.
                if n < 2 || pad >= 2 || (pad == 1 && n != 3) {
                    return Err(B64Error::Padding(pos));
                }
                if pad == 0 {
                    pad_at = pos;
                }
                pad += 1;
                n += 1;
                count += 1;
            }
            ' ' | '\t' => return Err(B64Error::Space(pos)),
            '-' | '_' => return Err(B64Error::UrlSafe(pos)),
            c if !c.is_ascii() => return Err(B64Error::NonAscii(pos)),
            c => {
                let Some(v) = sextet(c as u8) else {
                    return Err(B64Error::Invalid(pos));
                };
                quantum[n] = v;
                n += 1;
                count += 1;
            }
        }
        if n == 4 {
            let word = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
            let bytes = [(word >> 16) as u8, (word >> 8) as u8, word as u8];
            out.extend_from_slice(&bytes[..3 - pad]);
            n = 0;
            quantum = [0; 4];
        }
    }
    if n != 0 {
        return Err(if pad > 0 {
            B64Error::Padding(pad_at)
        } else {
            B64Error::Length(count)
        });
    }
    Ok(out)
}

/// Values that obviously are not real secrets (compared in lower case, trimmed).
pub const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changez-moi",
    "changezmoi",
    "changez_moi",
    "a-changer",
    "à-changer",
    "a_changer",
    "todo",
    "tbd",
    "fixme",
    "dummy",
    "example",
    "exemple",
    "password",
    "motdepasse",
    "mot-de-passe",
    "secret",
    "test",
    "placeholder",
    "redacted",
    "none",
    "null",
    "foo",
    "bar",
    "foobar",
];

/// Prefixes that mark a placeholder (`test123`, `your-password`, `votre-token`, `example-key`…).
pub const PLACEHOLDER_PREFIXES: &[&str] = &[
    "changeme",
    "changez",
    "example",
    "exemple",
    "dummy",
    "placeholder",
    "todo",
    "test",
    "your-",
    "your_",
    "votre-",
    "votre_",
    "fake",
];

/// Is this Secret value an obvious placeholder rather than a real secret?
/// Empty; one of [`PLACEHOLDERS`]; starting with one of [`PLACEHOLDER_PREFIXES`];
/// only `x`, `*`, `.` or `…` (`xxx`, `****`); or wrapped as `<…>`, `${…}`, `$(…)`, `{{…}}`.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    if v.is_empty() || PLACEHOLDERS.contains(&v.as_str()) {
        return true;
    }
    if PLACEHOLDER_PREFIXES.iter().any(|p| v.starts_with(p)) {
        return true;
    }
    if v.chars().all(|c| matches!(c, 'x' | '*' | '.' | '…')) {
        return true;
    }
    (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with("$(") && v.ends_with(')'))
        || (v.starts_with("{{") && v.ends_with("}}"))
}

/// Is this label value a placeholder left to fill in (`TODO`, `CHANGEME`,
/// `xxx`, `<nom>`, `...`), which no hint should ever suggest writing? Stricter
/// than [`is_placeholder`]: `test` or `example` are real label values.
pub fn is_label_placeholder(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return false;
    }
    const WORDS: &[&str] = &[
        "todo",
        "tbd",
        "fixme",
        "changeme",
        "change-me",
        "change_me",
        "changez-moi",
        "changezmoi",
        "a-changer",
        "à-changer",
        "a_changer",
        "a-completer",
        "à-compléter",
        "a-remplir",
        "à-remplir",
        "placeholder",
    ];
    WORDS.contains(&v.as_str())
        || v.starts_with("todo")
        || v.starts_with("fixme")
        || v.starts_with("changeme")
        || v.chars().all(|c| matches!(c, 'x' | '.' | '…' | '?' | '_'))
        || (v.starts_with('<') && v.ends_with('>'))
}

/// The values of a Secret: `data` entries then `stringData` entries, with the field they sit in.
pub fn secret_entries(obj: &Object) -> impl Iterator<Item = (&'static str, &crate::yaml::Entry)> {
    ["data", "stringData"].into_iter().flat_map(move |field| {
        obj.root
            .get(field)
            .map(Node::entries)
            .unwrap_or(&[])
            .iter()
            .map(move |e| (field, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn decodes_like_go_std_encoding() {
        assert_eq!(decode_base64("").unwrap(), b"");
        assert_eq!(decode_base64("YWRtaW4=").unwrap(), b"admin");
        assert_eq!(decode_base64("cGFzc3dvcmQ=").unwrap(), b"password");
        assert_eq!(decode_base64("YWI=").unwrap(), b"ab");
        assert_eq!(decode_base64("YQ==").unwrap(), b"a");
        assert_eq!(decode_base64("YWJj").unwrap(), b"abc");
        assert_eq!(decode_base64("YWRt\naW4=\n").unwrap(), b"admin");
        assert_eq!(decode_base64("c2VjcmV0Cg==").unwrap(), b"secret\n");
        // Non-zero trailing bits are tolerated, as in Go.
        assert_eq!(decode_base64("YR==").unwrap(), b"a");
    }

    #[test]
    fn rejects_what_go_rejects() {
        assert_eq!(decode_base64("mot de passe"), Err(B64Error::Space(4)));
        assert_eq!(decode_base64("YWRtaW4"), Err(B64Error::Length(7)));
        assert_eq!(decode_base64("café"), Err(B64Error::NonAscii(4)));
        assert_eq!(decode_base64("a-bc"), Err(B64Error::UrlSafe(2)));
        assert_eq!(decode_base64("ab!c"), Err(B64Error::Invalid(3)));
        assert_eq!(decode_base64("YQ==YQ=="), Err(B64Error::Padding(3)));
        assert_eq!(decode_base64("Y==="), Err(B64Error::Padding(2)));
        assert_eq!(decode_base64("=YWJ"), Err(B64Error::Padding(1)));
        assert_eq!(decode_base64("YWI"), Err(B64Error::Length(3)));
        assert_eq!(decode_base64("YQ="), Err(B64Error::Padding(3)));
    }

    #[test]
    fn label_placeholders() {
        for p in [
            "TODO",
            "todo-frontend",
            "CHANGEME",
            "xxx",
            "XX",
            "...",
            "<nom>",
            "à-compléter",
        ] {
            assert!(is_label_placeholder(p), "{p:?}");
        }
        for real in ["frontend", "test", "example", "web", "backend-v2", "x1"] {
            assert!(!is_label_placeholder(real), "{real:?}");
        }
    }

    #[test]
    fn placeholders() {
        for p in [
            "",
            "  ",
            "changeme",
            "CHANGEZ-MOI",
            "xxx",
            "XXXXX",
            "***",
            "<mot de passe>",
            "${DB_PASSWORD}",
            "test123",
            "TODO",
            "your-token",
            "…",
        ] {
            assert!(is_placeholder(p), "{p:?}");
        }
        for r in ["S3cr3t!2024", "hunter2", "ghp_abcdefghijklmnop", "postgres"] {
            assert!(!is_placeholder(r), "{r:?}");
        }
    }
}
