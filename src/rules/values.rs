//! The API server's formats, with its exact limits (read in
//! `k8s.io/apimachinery/pkg/util/validation` and `pkg/apis/core/validation`;
//! see `docs/api-validation.md` §1.5): each check returns what is wrong, as
//! a message, or nothing. Shared by the value rules.

use crate::diag::Msg;
use crate::msg;
use crate::yaml::{Node, Span, Value};

/// DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
/// Where `key` is written in a mapping (its key), or the mapping itself when
/// the key is absent: where a finding about that field points.
pub fn key_span(parent: &Node, key: &str) -> Span {
    parent.entry(key).map_or(parent.span, |e| e.key_span)
}

/// A list field with no item, for the "at least one" checks: absent, null
/// or `[]`. A value of another type is not: that is `field-type`'s (one
/// mistake, one finding).
pub fn no_items(n: Option<&Node>) -> bool {
    n.is_none_or(|n| match &n.value {
        Value::Seq(items) => items.is_empty(),
        Value::Null => true,
        _ => false,
    })
}

/// A list field written `[]` (absent, null or another type: not this).
pub fn empty_list(n: Option<&Node>) -> bool {
    n.is_some_and(|n| matches!(&n.value, Value::Seq(items) if items.is_empty()))
}

/// The `kind` and `name` of a reference to another object (an HPA's
/// `scaleTargetRef`, an Ingress's resource backend): path segments, not
/// empty (`ValidateCrossVersionObjectReference`). A missing one is
/// `required-field`'s.
pub fn kind_and_name(e: &mut crate::rules::Emit, r: &Node, path: &str, help: Msg) {
    for key in ["kind", "name"] {
        let Some(n) = r.get(key) else { continue };
        let Some(v) = n.as_str() else { continue };
        let problem = if v.is_empty() {
            Some(msg!("la valeur est vide", "the value is empty"))
        } else {
            path_segment(v)
        };
        if let Some(problem) = problem {
            e.err(
                n.span,
                &format!("{path}.{key}"),
                msg!(
                    "`{key}: {v}` n'est pas accepté : {problem}",
                    "`{key}: {v}` is not accepted: {problem}",
                    key,
                    v = v.to_string(),
                    problem
                ),
                help.clone(),
            );
        }
    }
}

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

/// A wildcard host (`*.example.com`): `*.` then a DNS subdomain.
pub fn is_wildcard_subdomain(s: &str) -> bool {
    s.strip_prefix("*.")
        .is_some_and(|rest| is_dns1123_subdomain(rest) && s.len() <= 253)
}

/// An IP address as the API server reads it with strict validation (on in
/// 1.37): no leading zeros, no IPv4-mapped IPv6 address.
pub fn ip_problem(s: &str) -> Option<Msg> {
    match s.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some() => Some(msg!(
            "une adresse IPv6 qui enveloppe une IPv4 (`::ffff:…`) n'est pas acceptée : écrivez l'IPv4 seule",
            "an IPv6 address wrapping an IPv4 one (`::ffff:…`) is not accepted: write the IPv4 address alone"
        )),
        Ok(_) => None,
        Err(_) => Some(msg!(
            "ce n'est pas une adresse IP valide (comme `10.9.8.7` ou `2001:db8::1`, sans zéro en tête d'un nombre)",
            "it is not a valid IP address (like `10.9.8.7` or `2001:db8::1`, without leading zeros)"
        )),
    }
}

/// A CIDR block `address/length`, parsed.
pub fn parse_cidr(s: &str) -> Option<(std::net::IpAddr, u8)> {
    let (addr, len) = s.split_once('/')?;
    let ip: std::net::IpAddr = addr.parse().ok()?;
    if len.is_empty()
        || !len.bytes().all(|b| b.is_ascii_digit())
        || (len.len() > 1 && len.starts_with('0'))
    {
        return None;
    }
    let len: u8 = len.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((ip, len))
}

fn ip_bits(ip: std::net::IpAddr) -> (u128, u32) {
    match ip {
        std::net::IpAddr::V4(v4) => (u32::from(v4) as u128, 32),
        std::net::IpAddr::V6(v6) => (u128::from(v6), 128),
    }
}

/// The host bits of `ip` beyond `len` are all zero.
fn is_network(ip: std::net::IpAddr, len: u8) -> bool {
    let (bits, width) = ip_bits(ip);
    let host = width - len as u32;
    host == 0 || bits & ((1u128 << host) - 1) == 0
}

/// `inner` is a strict subset of `outer` (NetworkPolicy `except`).
pub fn cidr_strictly_inside(inner: (std::net::IpAddr, u8), outer: (std::net::IpAddr, u8)) -> bool {
    if inner.0.is_ipv4() != outer.0.is_ipv4() || inner.1 <= outer.1 {
        return false;
    }
    let (a, width) = ip_bits(inner.0);
    let (b, _) = ip_bits(outer.0);
    let host = width - outer.1 as u32;
    let mask = if host >= 128 {
        0
    } else {
        !((1u128 << host) - 1)
    };
    a & mask == b & mask
}

/// What is wrong with a CIDR block, with strict validation (on in 1.37).
pub fn cidr_problem(s: &str) -> Option<Msg> {
    let Some((ip, len)) = parse_cidr(s) else {
        return Some(msg!(
            "ce n'est pas un bloc CIDR valide : une adresse, `/` et une longueur de préfixe (`10.9.8.0/24`, `2001:db8::/64`)",
            "it is not a valid CIDR block: an address, `/` and a prefix length (`10.9.8.0/24`, `2001:db8::/64`)"
        ));
    };
    if let std::net::IpAddr::V6(v6) = ip
        && v6.to_ipv4_mapped().is_some()
    {
        return Some(msg!(
            "une adresse IPv6 qui enveloppe une IPv4 (`::ffff:…`) n'est pas acceptée",
            "an IPv6 address wrapping an IPv4 one (`::ffff:…`) is not accepted"
        ));
    }
    if !is_network(ip, len) {
        let net = network_of(ip, len);
        return Some(msg!(
            "l'adresse a des bits à 1 après les {len} premiers : le bloc s'écrit `{net}`",
            "the address has bits set after the first {len}: the block is written `{net}`",
            len,
            net
        ));
    }
    None
}

/// `10.0.0.1/16` → `10.0.0.0/16`.
pub fn network_of(ip: std::net::IpAddr, len: u8) -> String {
    let (bits, width) = ip_bits(ip);
    let host = width - len as u32;
    let mask = if host >= 128 {
        0
    } else {
        !((1u128 << host) - 1)
    };
    let net = bits & mask;
    match ip {
        std::net::IpAddr::V4(_) => format!("{}/{len}", std::net::Ipv4Addr::from(net as u32)),
        std::net::IpAddr::V6(_) => format!("{}/{len}", std::net::Ipv6Addr::from(net)),
    }
}

/// A domain-prefixed path (`example.com/controller`): Job `managedBy`,
/// IngressClass `controller`.
pub fn domain_prefixed_path(s: &str) -> Option<Msg> {
    let Some((host, path)) = s
        .split_once('/')
        .filter(|(h, p)| !h.is_empty() && !p.is_empty())
    else {
        return Some(msg!(
            "il faut un nom de domaine, `/` puis un chemin, comme `example.com/mon-controleur`",
            "it needs a domain name, `/` then a path, like `example.com/my-controller`"
        ));
    };
    if dns1123_subdomain(host).is_some() {
        return Some(msg!(
            "la partie avant `/` (`{host}`) doit être un nom DNS en minuscules",
            "the part before `/` (`{host}`) must be a lower-case DNS name",
            host
        ));
    }
    if !path
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"/-._~%!$&'()*+,;=:".contains(&c))
    {
        return Some(msg!(
            "la partie après `/` n'a que des lettres, des chiffres et `/-._~%!$&'()*+,;=:`",
            "the part after `/` has only letters, digits and `/-._~%!$&'()*+,;=:`"
        ));
    }
    None
}

/// An int-or-string field read as the apps validation does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IntOrPercent {
    Int(i64),
    /// `NN%`.
    Percent(i64),
    /// A string that is not `NN%` (its `strconv.Atoi` value, 0 if none).
    BadString(i64),
}

impl IntOrPercent {
    pub fn of(n: &Node) -> Option<IntOrPercent> {
        match &n.value {
            Value::Int(i) => Some(IntOrPercent::Int(*i)),
            Value::Str(s) if is_percent(s) => Some(IntOrPercent::Percent(
                s[..s.len() - 1].parse().unwrap_or(i64::MAX),
            )),
            Value::Str(s) => Some(IntOrPercent::BadString(s.parse().unwrap_or(0))),
            _ => None,
        }
    }

    /// `getIntOrPercentValue`: the number, percent or not.
    pub fn value(self) -> i64 {
        match self {
            IntOrPercent::Int(i) | IntOrPercent::Percent(i) | IntOrPercent::BadString(i) => i,
        }
    }
}

/// What is wrong with an "integer ≥ 0 or percent" value (`maxSurge`,
/// `maxUnavailable`, `minAvailable`), `max100` when a percent may not exceed 100%.
pub fn int_or_percent_problem(v: IntOrPercent, max100: bool) -> Option<Msg> {
    match v {
        IntOrPercent::BadString(_) => Some(msg!(
            "un pourcentage s'écrit avec `%` (`25%`), un nombre sans guillemets (`1`)",
            "a percentage is written with `%` (`25%`), a number without quotes (`1`)"
        )),
        IntOrPercent::Int(i) if i < 0 => Some(msg!(
            "un nombre négatif n'a pas de sens ici (0 ou plus)",
            "a negative number makes no sense here (0 or more)"
        )),
        IntOrPercent::Percent(p) if max100 && p > 100 => Some(msg!(
            "un pourcentage ne dépasse pas `100%`",
            "a percentage does not exceed `100%`"
        )),
        _ => None,
    }
}

/// The value to suggest for a bad int-or-percent (`25` → `25%`).
/// A written int-or-percent field (`maxUnavailable: 25%`) of `parent`,
/// checked as the API server does, reported as `rule`'s; its value (None when
/// absent or not an int-or-percent). `path`: the parent's, prefix included.
pub fn int_or_percent_field(
    rule: &'static crate::rules::Rule,
    cx: &crate::rules::ObjCx,
    obj: &crate::manifest::Object,
    (parent, key): (&Node, &str),
    path: &str,
    max100: bool,
    out: &mut Vec<crate::diag::Finding>,
) -> Option<IntOrPercent> {
    let node = parent.get(key).filter(|n| !n.is_null())?;
    let v = IntOrPercent::of(node)?;
    if let Some(problem) = int_or_percent_problem(v, max100) {
        let value = node.scalar_text();
        let good = int_or_percent_suggestion(node);
        let mut f = cx
            .finding(
                rule,
                obj,
                node.span,
                msg!(
                    "`{key}: {value}` n'est pas accepté : {problem}",
                    "`{key}: {value}` is not accepted: {problem}",
                    key,
                    value,
                    problem
                ),
                msg!(
                    "écrivez par exemple `{key}: {good}`",
                    "write for instance `{key}: {good}`",
                    key,
                    good
                ),
            )
            .with_path(format!("{path}.{key}"));
        if node.span.start.is_known() && node.span.end.line == node.span.start.line {
            f = f.with_fix(
                node.span.start,
                node.span.caret_len(),
                crate::diag::Edit::Replace(good.clone()),
                msg!("Remplacer par `{good}`", "Replace with `{good}`", good),
            );
        }
        out.push(f);
    }
    Some(v)
}

pub fn int_or_percent_suggestion(n: &Node) -> String {
    match &n.value {
        Value::Str(s) => {
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            if digits.is_empty() {
                "25%".into()
            } else {
                let v: i64 = digits.parse().unwrap_or(25).min(100);
                format!("{v}%")
            }
        }
        Value::Int(_) => "1".into(),
        _ => "25%".into(),
    }
}

/// What is wrong in a label selector (`matchLabels`, `matchExpressions`):
/// (span, path below the selector, message). Unknown operators are
/// `invalid-enum`'s.
pub fn label_selector(sel: &Node) -> Vec<(crate::yaml::Span, String, Msg)> {
    let mut out = Vec::new();
    for e in sel.get("matchLabels").map(Node::entries).unwrap_or(&[]) {
        let mut path = ".matchLabels".to_string();
        crate::yaml::push_key(&mut path, &e.key);
        if let Some(problem) = qualified_name(&e.key) {
            let key = e.key.to_string();
            out.push((
                e.key_span,
                path.clone(),
                msg!(
                    "`{key}` n'est pas une clé de label valide : {problem}",
                    "`{key}` is not a valid label key: {problem}",
                    key,
                    problem
                ),
            ));
        }
        if let Some(v) = e.value.as_str()
            && let Some(problem) = label_value(v)
        {
            let v = v.to_string();
            out.push((
                e.value.span,
                path,
                msg!(
                    "`{v}` n'est pas une valeur de label valide : {problem}",
                    "`{v}` is not a valid label value: {problem}",
                    v,
                    problem
                ),
            ));
        }
    }
    for (k, expr) in sel
        .get("matchExpressions")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let ep = format!(".matchExpressions[{k}]");
        if let Some(key) = expr.get("key")
            && let Some(s) = key.as_str()
            && let Some(problem) = qualified_name(s)
        {
            let s = s.to_string();
            out.push((
                key.span,
                format!("{ep}.key"),
                msg!(
                    "`{s}` n'est pas une clé de label valide : {problem}",
                    "`{s}` is not a valid label key: {problem}",
                    s,
                    problem
                ),
            ));
        }
        let values = expr.get("values").map(Node::items).unwrap_or(&[]);
        let at = expr.entry("operator").map_or(expr.span, |e| e.key_span);
        match expr.get("operator").and_then(Node::as_str) {
            Some(op @ ("In" | "NotIn")) if values.is_empty() => {
                let op = op.to_string();
                out.push((
                    at,
                    format!("{ep}.values"),
                    msg!(
                        "avec l'opérateur `{op}`, `values` donne au moins une valeur",
                        "with operator `{op}`, `values` gives at least one value",
                        op
                    ),
                ));
            }
            Some(op @ ("Exists" | "DoesNotExist")) if !values.is_empty() => {
                let op = op.to_string();
                out.push((
                    at,
                    format!("{ep}.values"),
                    msg!(
                        "avec l'opérateur `{op}`, il n'y a pas de `values`",
                        "with operator `{op}`, there are no `values`",
                        op
                    ),
                ));
            }
            _ => {}
        }
        for (j, v) in values.iter().enumerate() {
            if let Some(s) = v.as_str()
                && let Some(problem) = label_value(s)
            {
                let s = s.to_string();
                out.push((
                    v.span,
                    format!("{ep}.values[{j}]"),
                    msg!(
                        "`{s}` n'est pas une valeur de label valide : {problem}",
                        "`{s}` is not a valid label value: {problem}",
                        s,
                        problem
                    ),
                ));
            }
        }
    }
    out
}

/// A table of per-field facts (allowed values, numeric ranges) keyed by
/// (definition, field): the schema walk asks it about every scalar, so the
/// rows are indexed by field once instead of scanned.
pub struct FieldTable<T: 'static> {
    by_field: std::collections::HashMap<&'static str, Vec<(&'static str, T)>>,
}

impl<T: Copy> FieldTable<T> {
    pub fn new(rows: &'static [(&'static str, &'static str, T)]) -> Self {
        let mut by_field: std::collections::HashMap<_, Vec<_>> = Default::default();
        for (def, field, value) in rows {
            by_field.entry(*field).or_default().push((*def, *value));
        }
        FieldTable { by_field }
    }

    /// The row of `field` in definition `def` (written as in the table).
    pub fn get(&self, def: &str, field: &str) -> Option<T> {
        self.by_field
            .get(field)?
            .iter()
            .find(|(d, _)| *d == def)
            .map(|r| r.1)
    }
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

    #[test]
    fn a_list_of_the_wrong_type_is_one_finding_of_field_type() {
        use crate::rules::findings_of;
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: web\n";
        let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: get\n";
        let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: web\n  ports: 80\n";
        for (yaml, rule) in [
            (pod, "pod-spec"),
            (role, "rbac-spec"),
            (svc, "service-spec"),
        ] {
            assert_eq!(findings_of("field-type", yaml).len(), 1, "{rule}");
            assert!(
                findings_of(rule, yaml).is_empty(),
                "{rule} leaves it to field-type"
            );
        }
        // Written `[]`: the rule's own finding.
        assert_eq!(findings_of("pod-spec", &pod.replace("web", "[]")).len(), 1);
        assert_eq!(
            findings_of("rbac-spec", &role.replace("verbs: get", "verbs: []")).len(),
            1
        );
        assert!(
            no_items(None)
                && empty_list(Some(
                    &crate::yaml::parse_stream("[]", Default::default()).documents[0].root
                ))
        );
    }
}
