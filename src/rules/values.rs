//! The API server's formats, with its exact limits (read in
//! `k8s.io/apimachinery/pkg/util/validation` and `pkg/apis/core/validation`;
//! see `docs/api-validation.md` §1.5): each check returns what is wrong, as
//! a message, or nothing. Shared by the value rules.

use crate::diag::Msg;
use crate::msg;
use crate::yaml::{Node, Value};

/// DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
pub fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// DNS-1123 subdomain: labels separated by dots, at most 253 characters.
pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// What is wrong with a DNS-1123 label (names of containers, volumes, namespaces, Services…).
pub fn dns1123_label(s: &str) -> Option<Msg> {
    if s.is_empty() {
        return Some(msg!("le nom est vide", "the name is empty"));
    }
    if s.len() > 63 {
        let n = s.len();
        return Some(msg!(
            "{n} caractères : 63 au plus",
            "{n} characters: at most 63",
            n
        ));
    }
    if is_dns1123_label(s) {
        return None;
    }
    if is_dns1123_subdomain(s) {
        return Some(msg!(
            "pas de point `.` dans ce nom",
            "no dot `.` in this name"
        ));
    }
    Some(msg!(
        "seulement des minuscules, des chiffres et `-`, avec une lettre ou un chiffre au début et à la fin",
        "only lower-case letters, digits and `-`, with a letter or a digit at both ends"
    ))
}

/// What is wrong with a DNS-1123 subdomain (most object names).
pub fn dns1123_subdomain(s: &str) -> Option<Msg> {
    if s.is_empty() {
        return Some(msg!("le nom est vide", "the name is empty"));
    }
    if s.len() > 253 {
        let n = s.len();
        return Some(msg!(
            "{n} caractères : 253 au plus",
            "{n} characters: at most 253",
            n
        ));
    }
    if is_dns1123_subdomain(s) {
        return None;
    }
    Some(msg!(
        "seulement des minuscules, des chiffres, `-` et `.`, avec une lettre ou un chiffre au début et à la fin",
        "only lower-case letters, digits, `-` and `.`, with a letter or a digit at both ends"
    ))
}

/// IANA service name (container port names, probe and targetPort names):
/// at most 15 characters, `[a-z0-9-]`, at least one letter, no `--`, no `-` at either end.
pub fn port_name(s: &str) -> Option<Msg> {
    let n = s.len();
    if n > 15 {
        return Some(msg!(
            "{n} caractères : un nom de port en a 15 au plus",
            "{n} characters: a port name has at most 15",
            n
        ));
    }
    if s.is_empty()
        || !s
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        return Some(msg!(
            "un nom de port n'a que des minuscules, des chiffres et `-`",
            "a port name has only lower-case letters, digits and `-`"
        ));
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        return Some(msg!(
            "un nom de port contient au moins une lettre",
            "a port name holds at least one letter"
        ));
    }
    if s.contains("--") {
        return Some(msg!(
            "pas de `--` dans un nom de port",
            "no `--` in a port name"
        ));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some(msg!(
            "un nom de port ne commence ni ne finit par `-`",
            "a port name neither starts nor ends with `-`"
        ));
    }
    None
}

/// The name part of a qualified name (label keys): `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63.
fn qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// A qualified name (label and annotation keys, finalizers, resource names):
/// an optional DNS subdomain prefix and `/`, then a name part.
pub fn qualified_name(s: &str) -> Option<Msg> {
    let parts: Vec<&str> = s.split('/').collect();
    let (prefix, name) = match parts[..] {
        [name] => (None, name),
        [prefix, name] => (Some(prefix), name),
        _ => {
            return Some(msg!(
                "au plus un `/`, entre un préfixe (un nom DNS comme `exemple.fr`) et le nom",
                "at most one `/`, between a prefix (a DNS name like `example.com`) and the name"
            ));
        }
    };
    if let Some(p) = prefix
        && (p.is_empty() || dns1123_subdomain(p).is_some())
    {
        return Some(msg!(
            "le préfixe avant `/` doit être un nom DNS en minuscules (`app.kubernetes.io`)",
            "the prefix before `/` must be a lower-case DNS name (`app.kubernetes.io`)"
        ));
    }
    if name.len() > 63 {
        let n = name.len();
        return Some(msg!(
            "la partie après le préfixe a {n} caractères : 63 au plus",
            "the part after the prefix has {n} characters: at most 63",
            n
        ));
    }
    if !qualified_part(name) {
        return Some(msg!(
            "seulement des lettres, des chiffres, `-`, `_` et `.`, avec une lettre ou un chiffre au début et à la fin",
            "only letters, digits, `-`, `_` and `.`, with a letter or a digit at both ends"
        ));
    }
    None
}

/// A label value: empty, or at most 63 characters of `[A-Za-z0-9-_.]` starting and ending alphanumeric.
pub fn label_value(s: &str) -> Option<Msg> {
    if s.len() > 63 {
        let n = s.len();
        return Some(msg!(
            "{n} caractères : une valeur de label en a 63 au plus",
            "{n} characters: a label value has at most 63",
            n
        ));
    }
    if s.is_empty() || qualified_part(s) {
        return None;
    }
    Some(msg!(
        "une valeur de label n'a que des lettres, des chiffres, `-`, `_` et `.`, sans espace, avec une lettre ou un chiffre au début et à la fin",
        "a label value has only letters, digits, `-`, `_` and `.`, no space, with a letter or a digit at both ends"
    ))
}

/// A ConfigMap or Secret key: `[-._a-zA-Z0-9]+`, at most 253, not `.`, `..` nor starting with `..`.
pub fn config_key(s: &str) -> Option<Msg> {
    if s.len() > 253 {
        let n = s.len();
        return Some(msg!(
            "{n} caractères : 253 au plus",
            "{n} characters: at most 253",
            n
        ));
    }
    if s.is_empty()
        || !s
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
    {
        return Some(msg!(
            "une clé n'a que des lettres, des chiffres, `-`, `_` et `.` (pas d'espace, pas de `/`)",
            "a key has only letters, digits, `-`, `_` and `.` (no space, no `/`)"
        ));
    }
    if s == "." || s == ".." || s.starts_with("..") {
        return Some(msg!(
            "une clé n'est ni `.` ni `..`, et ne commence pas par `..`",
            "a key is neither `.` nor `..`, and does not start with `..`"
        ));
    }
    None
}

/// An environment variable name (relaxed since 1.34): printable ASCII except `=`.
pub fn env_name(s: &str) -> Option<Msg> {
    if s.is_empty() || !s.bytes().all(|c| (0x20..=0x7e).contains(&c) && c != b'=') {
        return Some(msg!(
            "un nom de variable n'a que des caractères ASCII imprimables, sans `=`",
            "a variable name has only printable ASCII characters, without `=`"
        ));
    }
    None
}

/// A path segment name (RBAC kinds, PodDisruptionBudget): not `.` or `..`, no `/` nor `%`.
pub fn path_segment(s: &str) -> Option<Msg> {
    if s == "." || s == ".." {
        return Some(msg!(
            "le nom n'est ni `.` ni `..`",
            "the name is neither `.` nor `..`"
        ));
    }
    if s.contains(['/', '%']) {
        return Some(msg!(
            "pas de `/` ni de `%` dans ce nom",
            "no `/` nor `%` in this name"
        ));
    }
    None
}

/// `NN%`.
pub fn is_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
}

/// A valid name close to `s`, to suggest (lower-case, `-` for anything else, trimmed to `max`).
pub fn suggest_name(s: &str, max: usize, dots: bool) -> String {
    let mut out: String = s
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || (dots && c == '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let mut out = out.trim_matches(['-', '.']).to_string();
    out.truncate(max);
    let out = out.trim_end_matches(['-', '.']).to_string();
    if out.is_empty() {
        "mon-objet".into()
    } else {
        out
    }
}

/// The value of a quantity (`500m` → 0.5, `1Gi` → 1073741824), as the API server reads it.
pub fn quantity(n: &Node) -> Option<f64> {
    let s = match &n.value {
        Value::Int(i) => return Some(*i as f64),
        Value::Float(f) => return Some(*f),
        Value::Str(s) => s.trim(),
        _ => return None,
    };
    if !crate::rules::invalid_quantity::is_quantity(s) {
        return None;
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    let v: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        e => 10f64.powi(e.get(1..)?.parse().ok()?),
    };
    Some(v * mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_api_server() {
        assert!(dns1123_label("web-1").is_none());
        assert!(dns1123_label("1web").is_none());
        assert!(dns1123_label("Web").is_some());
        assert!(dns1123_label("web.v1").is_some());
        assert!(dns1123_label(&"a".repeat(64)).is_some());
        assert!(dns1123_subdomain("api.v1").is_none());
        assert!(port_name("http-metrics").is_none());
        assert!(port_name("http-web-server-1").is_some());
        assert!(port_name("8080").is_some());
        assert!(port_name("a--b").is_some());
        assert!(qualified_name("app.kubernetes.io/name").is_none());
        assert!(qualified_name("a/b/c").is_some());
        assert!(qualified_name("Example.com/x").is_some());
        assert!(label_value("").is_none());
        assert!(label_value("v1.2_a").is_none());
        assert!(label_value("a b").is_some());
        assert!(config_key("APP_TITLE").is_none());
        assert!(config_key("my key").is_some());
        assert!(config_key("..x").is_some());
        assert!(env_name("my.var").is_none());
        assert!(env_name("a b").is_none());
        assert!(env_name("A=B").is_some());
        assert!(path_segment("system:metrics-reader").is_none());
        assert!(path_segment("a/b").is_some());
        assert!(is_percent("25%") && !is_percent("25") && !is_percent("%"));
        assert_eq!(suggest_name("Mon_App", 63, false), "mon-app");
        for s in ["😀", "__", "", "---"] {
            assert!(dns1123_label(&suggest_name(s, 63, false)).is_none(), "{s}");
        }
    }
}
